//! Private keys as Sprig handles them: generated and used for signing by aws-lc, parsed from
//! PEM with Sprig's rules (`parsePrivateKeyPEM`) and written back as its `pemBlockForKey` does
//! (PKCS #1 for RSA, SEC 1 for ECDSA, `DSAKeyFormat` for DSA, PKCS #8 otherwise).

use aws_lc_rs::encoding::{AsBigEndian, AsDer};
use aws_lc_rs::rsa::KeyPair as RsaKeyPair;
use aws_lc_rs::signature::{self, EcdsaKeyPair, EcdsaSigningAlgorithm, Ed25519KeyPair, KeyPair};

use super::layout::{self, Layout};
use super::{der, dsa, keygen, pem};

const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const SHA256_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const ED25519: &[u8] = &[0x2b, 0x65, 0x70];

/// The NIST curves Go and aws-lc both sign with.
#[derive(Clone, Copy)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    const ALL: [Curve; 3] = [Curve::P256, Curve::P384, Curve::P521];

    fn signing(self) -> &'static EcdsaSigningAlgorithm {
        match self {
            Curve::P256 => &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
            Curve::P384 => &signature::ECDSA_P384_SHA384_ASN1_SIGNING,
            Curve::P521 => &signature::ECDSA_P521_SHA512_ASN1_SIGNING,
        }
    }
    fn oid(self) -> &'static [u8] {
        match self {
            Curve::P256 => &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
            Curve::P384 => &[0x2b, 0x81, 0x04, 0x00, 0x22],
            Curve::P521 => &[0x2b, 0x81, 0x04, 0x00, 0x23],
        }
    }
    /// ecdsa-with-SHA256/384/512: the hash Go pairs with each curve.
    fn signature_oid(self) -> &'static [u8] {
        match self {
            Curve::P256 => &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02],
            Curve::P384 => &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03],
            Curve::P521 => &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04],
        }
    }
    /// Bytes of a private scalar (Go pads it to the order's size).
    fn scalar_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

pub enum PrivateKey {
    /// The key pair and its PKCS #1 `RSAPrivateKey` encoding.
    Rsa(RsaKeyPair, Vec<u8>),
    Ec(EcdsaKeyPair, Curve),
    Ed25519(Ed25519KeyPair),
    /// Go can write and read DSA keys but neither sign with them nor put them in a certificate;
    /// kept as the `DSAKeyFormat` DER Go writes.
    Dsa(Vec<u8>),
}

type R<T> = Result<T, String>;

/// Go's errors for a DSA key in a certificate: as the signer, as the certified key.
const NOT_A_SIGNER: &str = "x509: certificate private key does not implement crypto.Signer";
const DSA_PUBLIC_KEY: &str = "x509: unsupported public key type: *dsa.PublicKey";
/// A PKCS #1 structure whose numbers make no RSA key (Go's checks word this in several ways;
/// this is their gist).
const INVALID_RSA: &str = "crypto/rsa: invalid private key";

fn failed(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl PrivateKey {
    fn rsa(pair: RsaKeyPair) -> R<Self> {
        let pkcs8 = pair.as_der().map_err(failed)?;
        let pkcs1 = der::children(pkcs8.as_ref())
            .and_then(|c| {
                c.get(2)
                    .filter(|(tag, _)| *tag == 0x04)
                    .map(|(_, b)| b.to_vec())
            })
            .ok_or("unexpected PKCS #8 encoding of an RSA key")?;
        Ok(PrivateKey::Rsa(pair, pkcs1))
    }

    pub fn generate_rsa(pool: &'static keygen::Pool) -> R<Self> {
        let pkcs1 = pool.take()?;
        let pair = RsaKeyPair::from_der(&pkcs1).map_err(failed)?;
        Ok(PrivateKey::Rsa(pair, pkcs1))
    }

    pub fn generate_dsa() -> R<Self> {
        Ok(PrivateKey::Dsa(dsa::generate()?))
    }

    pub fn generate_ecdsa() -> R<Self> {
        let pair = EcdsaKeyPair::generate(Curve::P256.signing()).map_err(failed)?;
        Ok(PrivateKey::Ec(pair, Curve::P256))
    }

    pub fn generate_ed25519() -> R<Self> {
        Ok(PrivateKey::Ed25519(
            Ed25519KeyPair::generate().map_err(failed)?,
        ))
    }

    /// Sprig's `parsePrivateKeyPEM`, with its error texts.
    pub fn parse(text: &str) -> R<Self> {
        let (label, body) = pem::decode(text).ok_or("no PEM data in input")?;
        if label == "PRIVATE KEY" {
            return Self::from_pkcs8(&body).map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
        }
        let Some(kind) = label.strip_suffix(" PRIVATE KEY") else {
            return Err(format!("no private key data in PEM block of type {label}"));
        };
        match kind {
            "RSA" => Self::from_pkcs1(&body)
                .map_err(|e| format!("parsing RSA private key from PEM: {e}")),
            "EC" => {
                Self::from_sec1(&body).map_err(|e| format!("parsing EC private key from PEM: {e}"))
            }
            "DSA" => dsa_key_format(&body).map(PrivateKey::Dsa).ok_or_else(|| {
                let e = Layout::Dsa.asn1_error(&body);
                format!("parsing DSA private key from PEM: {e}")
            }),
            _ => Err(format!("invalid private key type {label}")),
        }
    }

    /// Go's `ParsePKCS1PrivateKey`.
    fn from_pkcs1(der: &[u8]) -> R<Self> {
        if !Layout::Pkcs1.fits(der) {
            let others = [
                (Layout::Ec, "ParseECPrivateKey"),
                (Layout::Pkcs8, "ParsePKCS8PrivateKey"),
            ];
            return Err(
                layout::other_format(der, &others).unwrap_or_else(|| Layout::Pkcs1.asn1_error(der))
            );
        }
        if der::element_len(der) != Some(der.len()) {
            return Err("asn1: syntax error: trailing data".into());
        }
        let pair = RsaKeyPair::from_der(der).map_err(|_| INVALID_RSA.to_string())?;
        Ok(PrivateKey::Rsa(pair, der.to_vec()))
    }

    /// Go's `ParseECPrivateKey`.
    fn from_sec1(der: &[u8]) -> R<Self> {
        if !Layout::Ec.fits(der) {
            let others = [
                (Layout::Pkcs8, "ParsePKCS8PrivateKey"),
                (Layout::Pkcs1, "ParsePKCS1PrivateKey"),
            ];
            return Err(layout::other_format(der, &others).unwrap_or_else(|| {
                let e = Layout::Ec.asn1_error(der);
                format!("x509: failed to parse EC private key: {e}")
            }));
        }
        Self::ec(der).ok_or_else(|| "x509: unknown elliptic curve".into())
    }

    /// Go's `ParsePKCS8PrivateKey`, for the algorithms Go signs with.
    fn from_pkcs8(der: &[u8]) -> R<Self> {
        if !Layout::Pkcs8.fits(der) {
            let others = [
                (Layout::Ec, "ParseECPrivateKey"),
                (Layout::Pkcs1, "ParsePKCS1PrivateKey"),
            ];
            return Err(
                layout::other_format(der, &others).unwrap_or_else(|| Layout::Pkcs8.asn1_error(der))
            );
        }
        if let Ok(pair) = RsaKeyPair::from_pkcs8(der) {
            return Self::rsa(pair);
        }
        if let Ok(pair) = Ed25519KeyPair::from_pkcs8_maybe_unchecked(der) {
            return Ok(PrivateKey::Ed25519(pair));
        }
        Self::ec(der).ok_or_else(|| "x509: failed to parse private key".into())
    }

    /// A SEC 1 or PKCS #8 EC key on any curve aws-lc signs with.
    fn ec(der: &[u8]) -> Option<Self> {
        Curve::ALL.into_iter().find_map(|curve| {
            EcdsaKeyPair::from_private_key_der(curve.signing(), der)
                .ok()
                .map(|pair| PrivateKey::Ec(pair, curve))
        })
    }

    /// Sprig's `pemBlockForKey`: the PEM text of the key as Go marshals it.
    pub fn pem(&self) -> R<String> {
        Ok(match self {
            PrivateKey::Rsa(_, pkcs1) => pem::encode("RSA PRIVATE KEY", pkcs1),
            PrivateKey::Ec(pair, curve) => {
                let scalar = pair.private_key().as_be_bytes().map_err(failed)?;
                let mut padded =
                    vec![0u8; curve.scalar_len().saturating_sub(scalar.as_ref().len())];
                padded.extend_from_slice(scalar.as_ref());
                let sec1 = der::seq(&[
                    &der::uint(&[1]),
                    &der::octets(&padded),
                    &der::tlv(0xa0, &der::oid(curve.oid())),
                    &der::tlv(0xa1, &der::bits(pair.public_key().as_ref())),
                ]);
                pem::encode("EC PRIVATE KEY", &sec1)
            }
            PrivateKey::Ed25519(pair) => {
                let seed = pair.seed().map_err(failed)?;
                let seed = seed.as_be_bytes().map_err(failed)?;
                let pkcs8 = der::seq(&[
                    &der::uint(&[0]),
                    &der::seq(&[&der::oid(ED25519)]),
                    &der::octets(&der::octets(seed.as_ref())),
                ]);
                pem::encode("PRIVATE KEY", &pkcs8)
            }
            PrivateKey::Dsa(der) => pem::encode("DSA PRIVATE KEY", der),
        })
    }

    /// The key's bytes Go hashes for a subject key id: PKCS #1 for RSA, the point for EC.
    pub fn public_key_bytes(&self) -> R<&[u8]> {
        Ok(match self {
            PrivateKey::Rsa(pair, _) => pair.public_key().as_ref(),
            PrivateKey::Ec(pair, _) => pair.public_key().as_ref(),
            PrivateKey::Ed25519(pair) => pair.public_key().as_ref(),
            PrivateKey::Dsa(_) => return Err(DSA_PUBLIC_KEY.into()),
        })
    }

    /// The SubjectPublicKeyInfo.
    pub fn spki(&self) -> R<Vec<u8>> {
        let algorithm = match self {
            PrivateKey::Rsa(..) => der::seq(&[&der::oid(RSA_ENCRYPTION), der::NULL]),
            PrivateKey::Ec(_, curve) => {
                der::seq(&[&der::oid(EC_PUBLIC_KEY), &der::oid(curve.oid())])
            }
            PrivateKey::Ed25519(_) => der::seq(&[&der::oid(ED25519)]),
            PrivateKey::Dsa(_) => return Err(DSA_PUBLIC_KEY.into()),
        };
        Ok(der::seq(&[
            &algorithm,
            &der::bits(self.public_key_bytes()?),
        ]))
    }

    /// The AlgorithmIdentifier Go signs with for this key.
    pub fn signature_algorithm(&self) -> R<Vec<u8>> {
        Ok(match self {
            PrivateKey::Rsa(..) => der::seq(&[&der::oid(SHA256_WITH_RSA), der::NULL]),
            PrivateKey::Ec(_, curve) => der::seq(&[&der::oid(curve.signature_oid())]),
            PrivateKey::Ed25519(_) => der::seq(&[&der::oid(ED25519)]),
            PrivateKey::Dsa(_) => return Err(NOT_A_SIGNER.into()),
        })
    }

    pub fn sign(&self, message: &[u8]) -> R<Vec<u8>> {
        let rng = aws_lc_rs::rand::SystemRandom::new();
        match self {
            PrivateKey::Rsa(pair, _) => {
                let mut sig = vec![0u8; pair.public_modulus_len()];
                pair.sign(&signature::RSA_PKCS1_SHA256, &rng, message, &mut sig)
                    .map_err(failed)?;
                Ok(sig)
            }
            PrivateKey::Ec(pair, _) => {
                Ok(pair.sign(&rng, message).map_err(failed)?.as_ref().to_vec())
            }
            PrivateKey::Ed25519(pair) => Ok(pair.sign(message).as_ref().to_vec()),
            PrivateKey::Dsa(_) => Err(NOT_A_SIGNER.into()),
        }
    }
}

/// Sprig's `DSAKeyFormat` read by Go's encoding/asn1 (later elements and bytes ignored) and
/// written back with version 0.
fn dsa_key_format(der: &[u8]) -> Option<Vec<u8>> {
    if !Layout::Dsa.fits(der) {
        return None;
    }
    let mut content = der::uint(&[0]);
    for (_, value) in der::children(der)?.into_iter().skip(1).take(5) {
        content.extend(der::tlv(0x02, value));
    }
    Some(der::tlv(0x30, &content))
}
