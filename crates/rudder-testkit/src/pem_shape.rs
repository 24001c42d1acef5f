//! The structure of a PEM block, for the `pem` filter: what two runs of a key or certificate
//! generator share when their random parts (key material, serial, signature, dates) differ.
//!
//! A certificate shows its version, serial size, signature algorithm, names with their string
//! types, validity period, public key type and size, and every extension in order with its
//! criticality and encoded value (key identifiers as what they are derived from). A private key
//! shows its format, algorithm and sizes.

use anyhow::{anyhow, bail, Result};
use sha2::{Digest, Sha256};
use x509_parser::der_parser::ber::{BerObject, BerObjectContent};
use x509_parser::der_parser::parse_der;
use x509_parser::extensions::ParsedExtension;
use x509_parser::oid_registry::Oid;
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};
use x509_parser::public_key::PublicKey;

/// Describes the blocks of one text; certificates are numbered in order so that a certificate
/// signed by an earlier one can name it.
#[derive(Default)]
pub struct Shapes {
    subject_key_ids: Vec<Vec<u8>>,
}

impl Shapes {
    pub fn describe(&mut self, label: &str, der: &[u8]) -> Result<String> {
        match label {
            "CERTIFICATE" => self.certificate(der),
            "RSA PRIVATE KEY" => rsa_key(der),
            "EC PRIVATE KEY" => ec_key(der),
            "PRIVATE KEY" => pkcs8_key(der),
            "DSA PRIVATE KEY" => dsa_key(der),
            _ => {
                sequence(der)?;
                Ok("DER sequence".into())
            }
        }
    }

    fn certificate(&mut self, der: &[u8]) -> Result<String> {
        let (rest, cert) = X509Certificate::from_der(der)
            .map_err(|e| anyhow!("CERTIFICATE does not parse as X.509: {e}"))?;
        if !rest.is_empty() {
            bail!("CERTIFICATE has trailing bytes");
        }
        let key = &cert.public_key().subject_public_key.data;
        let mut parts = vec![
            format!("v{}", cert.version().0 + 1),
            format!("serial {}", bits_bucket(cert.raw_serial())),
            format!(
                "signature {}",
                oid_name(&cert.signature_algorithm.algorithm)
            ),
            format!("issuer {}", name(cert.issuer())),
            format!("subject {}", name(cert.subject())),
            format!("valid {}", period(cert.validity())),
            format!("key {}", public_key(&cert)?),
        ];
        for ext in cert.extensions() {
            let value = match ext.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(id) => key_id(id.0, key),
                ParsedExtension::AuthorityKeyIdentifier(aki) => match &aki.key_identifier {
                    Some(id) => self.issuer_key_id(id.0),
                    None => format!("{:?}", aki),
                },
                parsed => format!("{parsed:?} {}", hex(ext.value)),
            };
            let critical = if ext.critical { " critical" } else { "" };
            parts.push(format!("{}{critical}: {value}", oid_name(&ext.oid)));
        }
        if let Some(ParsedExtension::SubjectKeyIdentifier(id)) = cert
            .extensions()
            .iter()
            .map(|e| e.parsed_extension())
            .find(|p| matches!(p, ParsedExtension::SubjectKeyIdentifier(_)))
        {
            self.subject_key_ids.push(id.0.to_vec());
        }
        Ok(parts.join("; "))
    }

    fn issuer_key_id(&self, id: &[u8]) -> String {
        match self.subject_key_ids.iter().position(|k| k == id) {
            Some(n) => format!("the subject key id of certificate {}", n + 1),
            None => format!("{} bytes", id.len()),
        }
    }
}

/// A subject key id as Go derives it (RFC 7093's SHA-256/160 since Go 1.25, SHA-1 before).
fn key_id(id: &[u8], key: &[u8]) -> String {
    if id == &Sha256::digest(key)[..20] {
        "SHA-256/160 of the key".into()
    } else if id.len() == 20 {
        "20 bytes, not SHA-256/160 of the key".into()
    } else {
        format!("{} bytes", id.len())
    }
}

/// A serial number's size to 64 bits, since random serials vary in their top bits.
fn bits_bucket(be: &[u8]) -> String {
    let bits = bit_len(be);
    let top = bits.div_ceil(64) * 64;
    format!("{}-{top} bits", top.saturating_sub(63))
}

fn bit_len(be: &[u8]) -> usize {
    let be = &be[be.iter().take_while(|&&b| b == 0).count()..];
    be.first()
        .map_or(0, |b| be.len() * 8 - b.leading_zeros() as usize)
}

/// A validity period to the minute (Sprig reads the clock once for each end).
fn period(v: &x509_parser::certificate::Validity) -> String {
    let seconds = v.not_after.timestamp() - v.not_before.timestamp();
    let minutes = (seconds + 30).div_euclid(60);
    if minutes % (24 * 60) == 0 {
        format!("{}d", minutes / (24 * 60))
    } else {
        format!("{minutes}min")
    }
}

/// Each attribute with its string type: Go writes PrintableString when it can.
fn name(n: &X509Name) -> String {
    let attributes: Vec<String> = n
        .iter_attributes()
        .map(|a| {
            let value = a.attr_value();
            let kind = match value.header.tag().0 {
                12 => "UTF8String".to_string(),
                19 => "PrintableString".to_string(),
                22 => "IA5String".to_string(),
                t => format!("tag {t}"),
            };
            let text = String::from_utf8_lossy(value.data);
            format!("{}={kind}:{text:?}", oid_name(a.attr_type()))
        })
        .collect();
    format!("[{}]", attributes.join(", "))
}

fn public_key(cert: &X509Certificate) -> Result<String> {
    let spki = cert.public_key();
    let algorithm = oid_name(&spki.algorithm.algorithm);
    let parameters = spki
        .algorithm
        .parameters
        .as_ref()
        .filter(|p| p.header.tag().0 == 6)
        .and_then(|p| p.as_oid().ok())
        .map(|o| format!(" {}", oid_name(&o)))
        .unwrap_or_default();
    let size = match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => {
            format!("{} bits, e={}", bit_len(rsa.modulus), hex(rsa.exponent))
        }
        Ok(PublicKey::Unknown(bytes)) => format!("{} bits", bytes.len() * 8),
        Ok(key) => format!("{} bits", key.key_size()),
        Err(e) => bail!("CERTIFICATE public key does not parse: {e}"),
    };
    Ok(format!("{algorithm}{parameters} {size}"))
}

/// PKCS #1: version and modulus size.
fn rsa_key(der: &[u8]) -> Result<String> {
    let ints = integers(&sequence(der)?, 9, "RSA PRIVATE KEY")?;
    Ok(format!(
        "PKCS #1 v{}, {} bits, e={}",
        hex(ints[0]),
        bit_len(ints[1]),
        hex(ints[2])
    ))
}

/// OpenSSL's (and Sprig's) DSA layout: version, p, q, g, y, x.
fn dsa_key(der: &[u8]) -> Result<String> {
    let ints = integers(&sequence(der)?, 6, "DSA PRIVATE KEY")?;
    Ok(format!(
        "v{}, p {} bits, q {} bits",
        hex(ints[0]),
        bit_len(ints[1]),
        bit_len(ints[2])
    ))
}

/// SEC 1: version, private scalar size, and which optional fields are there.
fn ec_key(der: &[u8]) -> Result<String> {
    let items = sequence(der)?;
    let (Some(version), Some(BerObjectContent::OctetString(scalar))) =
        (items.first(), items.get(1).map(|o| &o.content))
    else {
        bail!("EC PRIVATE KEY is not SEC 1");
    };
    let mut out = format!(
        "SEC 1 v{}, {}-byte scalar",
        version.as_u32().unwrap_or(u32::MAX),
        scalar.len()
    );
    for item in &items[2..] {
        // The optional fields are explicitly tagged [0] parameters and [1] public key.
        let tag = item.header.tag().0;
        let inner = match &item.content {
            BerObjectContent::Unknown(any) => parse_der(any.data).ok().map(|(_, o)| o.content),
            _ => None,
        };
        match (tag, inner) {
            (0, Some(BerObjectContent::OID(curve))) => {
                out.push_str(&format!(", {}", oid_name(&curve)))
            }
            (1, Some(BerObjectContent::BitString(_, bits))) => {
                out.push_str(&format!(", {}-byte public key", bits.data.len()))
            }
            _ => out.push_str(&format!(", field [{tag}]")),
        }
    }
    Ok(out)
}

/// PKCS #8: version, algorithm, size of the wrapped key.
fn pkcs8_key(der: &[u8]) -> Result<String> {
    let items = sequence(der)?;
    let algorithm = items
        .get(1)
        .and_then(|a| a.as_sequence().ok())
        .and_then(|a| a.first())
        .and_then(|o| o.as_oid().ok())
        .ok_or_else(|| anyhow!("PRIVATE KEY is not PKCS #8"))?;
    let Some(BerObjectContent::OctetString(key)) = items.get(2).map(|o| &o.content) else {
        bail!("PRIVATE KEY is not PKCS #8");
    };
    Ok(format!(
        "PKCS #8 v{}, {}, {}-byte key",
        items[0].as_u32().unwrap_or(u32::MAX),
        oid_name(algorithm),
        key.len()
    ))
}

/// The elements of a DER SEQUENCE that is the whole block.
fn sequence(der: &[u8]) -> Result<Vec<BerObject<'_>>> {
    let (rest, obj) = parse_der(der).map_err(|e| anyhow!("not DER: {e}"))?;
    if !rest.is_empty() {
        bail!("trailing bytes after the DER sequence");
    }
    obj.as_sequence()
        .map(|s| s.to_vec())
        .map_err(|_| anyhow!("not a DER sequence"))
}

/// The first `n` elements as INTEGER bytes.
fn integers<'a>(items: &[BerObject<'a>], n: usize, label: &str) -> Result<Vec<&'a [u8]>> {
    if items.len() != n {
        bail!("{label} has {} elements, not {n}", items.len());
    }
    items
        .iter()
        .map(|o| match o.content {
            BerObjectContent::Integer(b) => Ok(b),
            _ => Err(anyhow!("{label} has a field that is not an INTEGER")),
        })
        .collect()
}

fn oid_name(oid: &Oid) -> String {
    x509_parser::objects::oid2sn(oid, x509_parser::objects::oid_registry())
        .map_or_else(|_| oid.to_id_string(), str::to_string)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
