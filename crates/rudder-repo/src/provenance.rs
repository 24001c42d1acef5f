//! Provenance files as helm writes and checks them (`helm package --sign`, `helm verify`):
//! the chart's metadata as YAML, a `...` line, then `files: {NAME: sha256:DIGEST}`, clear-signed
//! with SHA-512 by the primary key of an OpenPGP secret key found in a GnuPG keyring
//! (`secring.gpg`, as `gpg --export-secret-keys` writes it).

use std::path::Path;

use pgp::composed::{
    ArmorOptions, CleartextSignedMessage, PublicOrSecret, SignedPublicKey, SignedSecretKey,
};
use pgp::crypto::hash::HashAlgorithm;
use pgp::packet::{SignatureConfig, SignatureType, Subpacket, SubpacketData};
use pgp::types::{KeyDetails, Password, SecretParams, Timestamp};
use sha2::{Digest, Sha256};

use crate::RepoError;

fn err<T>(message: impl Into<String>) -> Result<T, RepoError> {
    Err(RepoError::Message(message.into()))
}

/// The keys of a keyring file, secret and public, in file order.
pub struct Keyring {
    keys: Vec<PublicOrSecret>,
}

impl Keyring {
    /// Reads a keyring: binary OpenPGP keys as GnuPG exports them (helm's format), or the same
    /// ASCII-armored.
    pub fn read(path: &Path) -> Result<Keyring, RepoError> {
        let bytes = std::fs::read(path).map_err(|e| {
            RepoError::Message(format!(
                "open {}: {}",
                path.display(),
                rudder_chart::load::io_text(&e)
            ))
        })?;
        let armored = bytes.starts_with(b"-----BEGIN PGP");
        let parsed: Result<Vec<PublicOrSecret>, pgp::errors::Error> = if armored {
            PublicOrSecret::from_armor_many(&bytes[..]).and_then(|(keys, _)| keys.collect())
        } else {
            PublicOrSecret::from_bytes_many(&bytes[..]).and_then(|keys| keys.collect())
        };
        let keys = parsed.map_err(|e| RepoError::Message(format!("openpgp: {e}")))?;
        Ok(Keyring { keys })
    }

    /// The key `id` names, as helm picks it: a user id equal to `id`, else the one key with a
    /// user id containing it.
    fn find(&self, id: &str) -> Result<Option<&PublicOrSecret>, RepoError> {
        let mut candidate = None;
        let mut vague = false;
        for key in &self.keys {
            for user in user_ids(key) {
                if user == id {
                    return Ok(Some(key));
                }
                if user.contains(id) {
                    vague |= candidate.is_some();
                    candidate = Some(key);
                }
            }
        }
        if vague {
            return err(format!("more than one key contain the id {id:?}"));
        }
        Ok(candidate)
    }

    /// The secret key to sign with, and the user id helm names it by when asking for its
    /// passphrase (`None` when the key is not protected by one).
    pub fn signing_key(&self, id: &str) -> Result<Signer<'_>, RepoError> {
        match self.find(id)? {
            None => err("private key not found"),
            Some(PublicOrSecret::Public(_)) => {
                err("provided key is not a private key. Try providing a keyring with secret keys")
            }
            Some(key @ PublicOrSecret::Secret(secret)) => {
                let protected = matches!(
                    secret.primary_key.secret_params(),
                    SecretParams::Encrypted(_)
                );
                let name = user_ids(key).into_iter().find(|u| !u.is_empty());
                Ok(Signer {
                    key: secret,
                    passphrase_prompt: protected.then(|| name.unwrap_or_else(|| "Unknown".into())),
                })
            }
        }
    }

    fn public_keys(&self) -> impl Iterator<Item = SignedPublicKey> + '_ {
        self.keys.iter().map(|key| match key {
            PublicOrSecret::Public(public) => public.clone(),
            PublicOrSecret::Secret(secret) => secret.to_public_key(),
        })
    }
}

fn user_ids(key: &PublicOrSecret) -> Vec<String> {
    let users = match key {
        PublicOrSecret::Public(k) => &k.details.users,
        PublicOrSecret::Secret(k) => &k.details.users,
    };
    users
        .iter()
        .map(|u| String::from_utf8_lossy(u.id.id()).into_owned())
        .collect()
}

/// A secret key chosen to sign with.
pub struct Signer<'k> {
    key: &'k SignedSecretKey,
    /// Set when the key needs a passphrase: the name helm's prompt shows.
    pub passphrase_prompt: Option<String>,
}

/// `sha256:` and the hex digest of `data`.
pub fn digest(data: &[u8]) -> String {
    let sum = Sha256::digest(data);
    let hex: String = sum.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The metadata helm signs: the Chart.yaml fields of the chart loaded back from its archive,
/// as YAML.
pub fn archive_metadata_yaml(archive: &[u8]) -> Result<String, RepoError> {
    let chart = rudder_chart::load::load_archive(archive, crate::LOAD_AS)?;
    let fields = rudder_gotmpl::Value::map(chart.metadata.to_go_struct());
    rudder_yaml::to_yaml(&fields).map_err(RepoError::Message)
}

/// The signed text: the metadata YAML, `...`, and the archive's digest by file name.
pub fn message_block(archive: &[u8], filename: &str, metadata_yaml: &str) -> String {
    let name = rudder_yaml::to_yaml(&rudder_gotmpl::Value::str(filename)).unwrap_or_default();
    format!(
        "{metadata_yaml}\n...\nfiles:\n  {}: {}\n",
        name.trim_end(),
        digest(archive)
    )
}

impl Signer<'_> {
    /// The provenance file's text for `archive` saved as `filename`.
    pub fn sign(
        &self,
        archive: &[u8],
        filename: &str,
        metadata_yaml: &str,
        passphrase: &str,
    ) -> Result<String, RepoError> {
        let text = message_block(archive, filename, metadata_yaml);
        let key = &self.key.primary_key;
        let failed = |e: pgp::errors::Error| RepoError::Message(format!("openpgp: {e}"));
        let mut config = SignatureConfig::from_key(rand::thread_rng(), key, SignatureType::Text)
            .map_err(failed)?;
        config.hash_alg = HashAlgorithm::Sha512;
        config.hashed_subpackets = vec![
            Subpacket::regular(SubpacketData::SignatureCreationTime(Timestamp::now()))
                .map_err(failed)?,
            Subpacket::regular(SubpacketData::IssuerFingerprint(key.fingerprint()))
                .map_err(failed)?,
        ];
        config.unhashed_subpackets =
            vec![
                Subpacket::regular(SubpacketData::IssuerKeyId(key.legacy_key_id()))
                    .map_err(failed)?,
            ];
        let password = Password::from(passphrase);
        let message = CleartextSignedMessage::new(&text, config, key, &password).map_err(|e| {
            match self.passphrase_prompt.is_some() {
                true => {
                    RepoError::Message("openpgp: invalid data: private key checksum failure".into())
                }
                false => failed(e),
            }
        })?;
        let armored = message
            .to_armored_string(ArmorOptions::default())
            .map_err(failed)?;
        Ok(armored.trim_end().to_string())
    }
}

/// What `helm verify` reports of a good provenance file.
#[derive(Debug)]
pub struct Verification {
    /// The signing key's user ids.
    pub signed_by: Vec<String>,
    /// Its primary key's fingerprint, upper-case hex.
    pub fingerprint: String,
    /// `sha256:...` of the archive.
    pub file_hash: String,
}

/// Checks `prov` (the provenance file's text) against the archive's bytes and the keyring.
pub fn verify(
    archive: &[u8],
    prov: &str,
    filename: &str,
    keyring: &Keyring,
) -> Result<Verification, RepoError> {
    let Ok((message, _)) = CleartextSignedMessage::from_string(prov) else {
        return err("signature block not found");
    };
    let signer = keyring
        .public_keys()
        .find(|key| {
            message.verify(&key.primary_key).is_ok()
                || key
                    .public_subkeys
                    .iter()
                    .any(|sub| message.verify(&sub.key).is_ok())
        })
        .ok_or_else(|| RepoError::Message("openpgp: signature made by unknown entity".into()))?;
    let sum = digest(archive);
    let listed = listed_digest(&message.signed_text().replace("\r\n", "\n"), filename);
    match listed {
        None => err(format!(
            "provenance does not contain a SHA for a file named {filename:?}"
        )),
        Some(listed) if listed != sum => err(format!(
            "sha256 sum does not match for {filename}: {listed:?} != {sum:?}"
        )),
        Some(_) => Ok(Verification {
            signed_by: user_ids(&PublicOrSecret::Public(signer.clone())),
            fingerprint: format!("{:X}", signer.fingerprint()),
            file_hash: sum,
        }),
    }
}

/// The digest the signed text lists for `filename` (the YAML after the `...` line).
fn listed_digest(text: &str, filename: &str) -> Option<String> {
    let (_, sums) = text.split_once("\n...\n")?;
    let doc = rudder_yaml::parse_document(sums).ok()?;
    let files = doc.as_map()?.borrow().get("files")?.clone();
    let listed = files.as_map()?.borrow().get(filename)?.clone();
    listed.as_str().map(str::to_string)
}
