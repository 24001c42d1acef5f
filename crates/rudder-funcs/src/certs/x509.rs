//! Go's `x509.CreateCertificate` for the templates Sprig builds: the same fields, encodings and
//! extensions in the same order, so that a certificate differs from helm's only in its random
//! parts (keys, serial, signature) and its dates.

use std::net::IpAddr;

use sha2::Digest;

use super::der;
use super::keys::PrivateKey;

/// Sprig's `getBaseCertTemplate`, plus what `genCA` changes.
pub struct Template {
    pub cn: String,
    pub ips: Vec<IpAddr>,
    pub dns: Vec<String>,
    pub days: i64,
    pub is_ca: bool,
    pub key_id: KeyIdMethod,
}

/// How Go derives a CA's subject key identifier from its public key, which changed in Go 1.24
/// (helm 4 is built with a later Go, helm 3.17.2 with Go 1.23).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyIdMethod {
    /// Go 1.23 and earlier: RFC 5280 method 1, the key's SHA-1.
    Sha1,
    /// Go 1.24+: RFC 7093 method 1, the leftmost 160 bits of the key's SHA-256.
    Sha256Prefix,
}

impl KeyIdMethod {
    fn key_id(self, public_key: &[u8]) -> Vec<u8> {
        match self {
            KeyIdMethod::Sha1 => sha1::Sha1::digest(public_key).to_vec(),
            KeyIdMethod::Sha256Prefix => sha2::Sha256::digest(public_key)[..20].to_vec(),
        }
    }
}

/// What Go takes from a parsed issuer certificate.
pub struct Parent {
    pub raw_subject: Vec<u8>,
    pub key_id: Option<Vec<u8>>,
    pub spki: Vec<u8>,
}

impl Parent {
    /// An issuer certificate, or Go's `x509.ParseCertificate` error for it.
    pub fn parse(der: &[u8]) -> Result<Self, &'static str> {
        use x509_parser::extensions::ParsedExtension;
        let (_, cert) =
            x509_parser::parse_x509_certificate(der).map_err(|_| "x509: malformed certificate")?;
        let key_id = cert
            .extensions()
            .iter()
            .find_map(|e| match e.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.to_vec()),
                _ => None,
            });
        Ok(Parent {
            raw_subject: cert.tbs_certificate.subject.as_raw().to_vec(),
            key_id,
            spki: cert.public_key().raw.to_vec(),
        })
    }
}

const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
const EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];
const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
const SUBJECT_KEY_ID: &[u8] = &[0x55, 0x1d, 0x0e];
const AUTHORITY_KEY_ID: &[u8] = &[0x55, 0x1d, 0x23];
const SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
const SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
const CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];

/// The DER certificate for `subject_key`, signed by `signer` (self-signed without a parent).
pub fn create(
    t: &Template,
    subject_key: &PrivateKey,
    parent: Option<&Parent>,
    signer: &PrivateKey,
) -> Result<Vec<u8>, String> {
    let error = |m: &str| format!("error creating certificate: {m}");
    // Go's order of checks: the signer, the certified key, then the signer against the parent.
    let algorithm = signer.signature_algorithm().map_err(|e| error(&e))?;
    let spki = subject_key.spki().map_err(|e| error(&e))?;
    if parent.is_some_and(|p| signer.spki().is_ok_and(|s| s != p.spki)) {
        return Err(error(
            "x509: provided PrivateKey doesn't match parent's PublicKey",
        ));
    }
    let mut serial = [0u8; 16];
    aws_lc_rs::rand::fill(&mut serial).map_err(|e| error(&e.to_string()))?;
    let subject = name(&t.cn);
    let issuer = parent.map_or(subject.clone(), |p| p.raw_subject.clone());
    // Sprig reads the clock twice, as here.
    let not_before = now_nanos();
    let not_after = now_nanos() + i128::from(86_400_000_000_000i64.wrapping_mul(t.days));
    let validity = der::seq(&[&time(not_before)?, &time(not_after)?]);
    let mut extensions = vec![
        extension(
            KEY_USAGE,
            true,
            &der::trimmed_bits(&[if t.is_ca { 0xa4 } else { 0xa0 }]),
        ),
        extension(
            EXT_KEY_USAGE,
            false,
            &der::seq(&[&der::oid(SERVER_AUTH), &der::oid(CLIENT_AUTH)]),
        ),
        extension(
            BASIC_CONSTRAINTS,
            true,
            &der::seq(if t.is_ca { &[der::TRUE] } else { &[] }),
        ),
    ];
    if t.is_ca {
        let public_key = subject_key.public_key_bytes().map_err(|e| error(&e))?;
        let id = t.key_id.key_id(public_key);
        extensions.push(extension(SUBJECT_KEY_ID, false, &der::octets(&id)));
    }
    if let Some(id) = parent
        .and_then(|p| p.key_id.as_ref())
        .filter(|_| issuer != subject)
    {
        extensions.push(extension(
            AUTHORITY_KEY_ID,
            false,
            &der::seq(&[&der::tlv(0x80, id)]),
        ));
    }
    if !t.dns.is_empty() || !t.ips.is_empty() {
        let mut names = Vec::new();
        for dns in &t.dns {
            if !dns.is_ascii() {
                return Err(error(&format!(
                    "x509: {} cannot be encoded as an IA5String",
                    rudder_gocompat::quote::quote(dns)
                )));
            }
            names.extend(der::tlv(0x82, dns.as_bytes()));
        }
        for ip in &t.ips {
            names.extend(match ip {
                IpAddr::V4(v4) => der::tlv(0x87, &v4.octets()),
                IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                    Some(v4) => der::tlv(0x87, &v4.octets()),
                    None => der::tlv(0x87, &v6.octets()),
                },
            });
        }
        // Go marks the names critical when they are all the certificate names (RFC 5280 4.2.1.6).
        let critical = subject == der::seq(&[]);
        extensions.push(extension(
            SUBJECT_ALT_NAME,
            critical,
            &der::tlv(0x30, &names),
        ));
    }
    let tbs = der::seq(&[
        &der::tlv(0xa0, &der::uint(&[2])),
        &der::uint(&serial),
        &algorithm,
        &issuer,
        &validity,
        &subject,
        &spki,
        &der::tlv(0xa3, &der::tlv(0x30, &extensions.concat())),
    ]);
    let signature = signer.sign(&tbs).map_err(|e| error(&e))?;
    Ok(der::seq(&[&tbs, &algorithm, &der::bits(&signature)]))
}

/// `pkix.Name{CommonName: cn}`: no RDN for an empty name; a PrintableString when Go's
/// encoding/asn1 finds the text printable, else a UTF8String.
fn name(cn: &str) -> Vec<u8> {
    if cn.is_empty() {
        return der::seq(&[]);
    }
    let printable = cn
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&b));
    let value = der::tlv(if printable { 0x13 } else { 0x0c }, cn.as_bytes());
    let attribute = der::seq(&[&der::oid(COMMON_NAME), &value]);
    der::seq(&[&der::tlv(0x31, &attribute)])
}

fn extension(id: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    let flag: &[u8] = if critical { der::TRUE } else { &[] };
    der::seq(&[&der::oid(id), flag, &der::octets(value)])
}

fn now_nanos() -> i128 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// UTCTime for 1950-2049, GeneralizedTime otherwise, to the second (Go's encoding/asn1 rule).
/// A period wraps at Go's 292 years of nanoseconds, so the year always fits GeneralizedTime.
fn time(nanos: i128) -> Result<Vec<u8>, String> {
    use chrono::Datelike;
    let t = i64::try_from(nanos.div_euclid(1_000_000_000))
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .ok_or("error creating certificate: asn1: structure error: cannot represent time as GeneralizedTime")?;
    Ok(if (1950..2050).contains(&t.year()) {
        der::tlv(0x17, t.format("%y%m%d%H%M%SZ").to_string().as_bytes())
    } else {
        der::tlv(0x18, t.format("%Y%m%d%H%M%SZ").to_string().as_bytes())
    })
}
