//! Sprig's key and certificate generators (`genCA`, `genSignedCert`, `genPrivateKey`, ...):
//! the same algorithms, sizes, fields and PEM encodings as helm's, with fresh randomness.

use std::rc::Rc;

use base64::Engine;
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyIdMethod, KeyPair, KeyUsagePurpose, SanType, SerialNumber,
};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use rsa::RsaPrivateKey;
use rudder_gotmpl::{Func, FuncError, FuncMap, Object, Ty, Value};

/// Sprig's `certificate` struct: PEM certificate and key.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub cert: String,
    pub key: String,
}

impl Object for Certificate {
    fn type_name(&self) -> &str {
        "sprig.certificate"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::string(self.cert.clone())),
            "Key" => Some(Value::string(self.key.clone())),
            _ => None,
        }
    }
    fn format_v(&self) -> String {
        format!("{{{} {}}}", self.cert, self.key)
    }
}

type R<T> = Result<T, FuncError>;

fn err(e: impl std::fmt::Display) -> FuncError {
    FuncError::new(e.to_string())
}

fn rsa_key(bits: usize) -> R<RsaPrivateKey> {
    RsaPrivateKey::new(&mut rand::thread_rng(), bits).map_err(err)
}

fn key_pem(key: &RsaPrivateKey) -> R<String> {
    Ok(key.to_pkcs1_pem(LineEnding::LF).map_err(err)?.to_string())
}

/// A private key that signs certificates, with the PEM the certificate object returns.
struct SigningKey {
    pair: KeyPair,
    pem: String,
}

impl SigningKey {
    fn rsa(key: &RsaPrivateKey) -> R<Self> {
        let der = key.to_pkcs8_der().map_err(err)?;
        let pair =
            KeyPair::from_pkcs8_der_and_sign_algo(&der.as_bytes().into(), &rcgen::PKCS_RSA_SHA256)
                .map_err(err)?;
        Ok(SigningKey {
            pair,
            pem: key_pem(key)?,
        })
    }

    /// Sprig's `parsePrivateKeyPEM`: PKCS #1 RSA, SEC 1 EC (P-256) or PKCS #8 keys.
    fn parse(pem: &str) -> R<Self> {
        let invalid = || FuncError::new("error decoding private key: unsupported or invalid key");
        if pem.contains("-----BEGIN RSA PRIVATE KEY-----") {
            let key = RsaPrivateKey::from_pkcs1_pem(pem).map_err(|_| invalid())?;
            return Self::rsa(&key);
        }
        let pair = if pem.contains("-----BEGIN EC PRIVATE KEY-----") {
            let sec1 = pem_body(pem).ok_or_else(invalid)?;
            KeyPair::from_pkcs8_der_and_sign_algo(
                &pkcs8_of_p256(&sec1).into(),
                &rcgen::PKCS_ECDSA_P256_SHA256,
            )
        } else {
            KeyPair::from_pem(pem)
        }
        .map_err(|_| invalid())?;
        Ok(SigningKey {
            pair,
            pem: pem.to_string(),
        })
    }
}

/// The bytes of a PEM block's body.
fn pem_body(pem: &str) -> Option<Vec<u8>> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----") && !l.trim().is_empty())
        .collect();
    base64::engine::general_purpose::STANDARD.decode(body).ok()
}

/// A DER element: tag, length, content.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A SEC 1 P-256 key wrapped as PKCS #8 (what the signing library reads).
fn pkcs8_of_p256(sec1: &[u8]) -> Vec<u8> {
    const EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    const PRIME256V1: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    let algorithm = der(0x30, &[EC_PUBLIC_KEY, PRIME256V1].concat());
    der(
        0x30,
        &[&[0x02, 0x01, 0x00][..], &algorithm, &der(0x04, sec1)].concat(),
    )
}

/// Sprig's `getBaseCertTemplate`: CN, IP and DNS SANs, a random 128-bit serial, validity
/// from now, server and client auth.
fn base_params(cn: &str, ips: &Value, dns: &Value, days: i64) -> R<CertificateParams> {
    let mut p = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, cn);
    p.distinguished_name = name;
    for d in dns.as_list().map(|l| l.items.clone()).unwrap_or_default() {
        let name = crate::conv::to_string(&d);
        p.subject_alt_names
            .push(SanType::DnsName(name.try_into().map_err(err)?));
    }
    // Go writes DNS names before IP addresses.
    for ip in ips.as_list().map(|l| l.items.clone()).unwrap_or_default() {
        let text = crate::conv::to_string(&ip);
        let addr: std::net::IpAddr = text
            .parse()
            .map_err(|_| FuncError::new(format!("error parsing ip: {text}")))?;
        p.subject_alt_names.push(SanType::IpAddress(addr));
    }
    let mut serial = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut serial);
    serial[0] &= 0x7f;
    p.serial_number = Some(SerialNumber::from_slice(&serial));
    let now = time::OffsetDateTime::now_utc();
    p.not_before = now;
    p.not_after = now + time::Duration::days(days);
    p.key_usages = vec![
        KeyUsagePurpose::KeyEncipherment,
        KeyUsagePurpose::DigitalSignature,
    ];
    p.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ServerAuth,
        ExtendedKeyUsagePurpose::ClientAuth,
    ];
    // Go marks a leaf with an empty, critical basicConstraints and gives it no subject key
    // identifier (only CAs get one).
    p.is_ca = IsCa::NoCa;
    let mut leaf = CustomExtension::from_oid_content(&[2, 5, 29, 19], vec![0x30, 0x00]);
    leaf.set_criticality(true);
    p.custom_extensions.push(leaf);
    Ok(p)
}

/// Go's subject key identifier: the SHA-1 of the public key (PKCS #1 for RSA, the point for
/// EC, the raw key for Ed25519).
fn go_key_id(key: &KeyPair) -> Vec<u8> {
    use sha1::Digest;
    sha1::Sha1::digest(key.public_key_raw()).to_vec()
}

fn gen_ca(cn: &str, days: i64, key: SigningKey) -> R<Certificate> {
    let mut p = base_params(cn, &Value::Nil, &Value::Nil, days)?;
    p.key_usages = vec![
        KeyUsagePurpose::KeyEncipherment,
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
    ];
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.custom_extensions.clear();
    p.key_identifier_method = KeyIdMethod::PreSpecified(go_key_id(&key.pair));
    let cert = p.self_signed(&key.pair).map_err(err)?;
    Ok(Certificate {
        cert: cert.pem(),
        key: key.pem,
    })
}

fn self_signed(cn: &str, ips: &Value, dns: &Value, days: i64, key: SigningKey) -> R<Certificate> {
    let p = base_params(cn, ips, dns, days)?;
    let cert = p.self_signed(&key.pair).map_err(err)?;
    Ok(Certificate {
        cert: cert.pem(),
        key: key.pem,
    })
}

fn signed(
    cn: &str,
    ips: &Value,
    dns: &Value,
    days: i64,
    ca: &Value,
    key: SigningKey,
) -> R<Certificate> {
    let ca = as_certificate(ca)?;
    let ca_key = SigningKey::parse(&ca.key)?;
    let ca_params = CertificateParams::from_ca_cert_pem(&ca.cert)
        .map_err(|e| FuncError::new(format!("error parsing certificate: {e}")))?;
    let issuer = ca_params.self_signed(&ca_key.pair).map_err(err)?;
    let mut p = base_params(cn, ips, dns, days)?;
    p.use_authority_key_identifier_extension = true;
    let cert = p.signed_by(&key.pair, &issuer, &ca_key.pair).map_err(err)?;
    Ok(Certificate {
        cert: cert.pem(),
        key: key.pem,
    })
}

fn as_certificate(v: &Value) -> R<Certificate> {
    match v {
        Value::Object(o) => match (o.field("Cert"), o.field("Key")) {
            (Some(Value::String(c)), Some(Value::String(k))) => Ok(Certificate {
                cert: c.to_string(),
                key: k.to_string(),
            }),
            _ => Err(FuncError::new(format!(
                "wrong type for value; expected sprig.certificate; got {}",
                v.go_type()
            ))),
        },
        other => Err(FuncError::new(format!(
            "wrong type for value; expected sprig.certificate; got {}",
            other.go_type()
        ))),
    }
}

fn cert_value(c: Certificate) -> Value {
    Value::Object(Rc::new(c))
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn days(v: &Value) -> i64 {
    crate::conv::to_int64(v)
}

/// Sprig's `genPrivateKey`: rsa (4096 bits), ecdsa (P-256), ed25519; PEM as Go writes them.
fn gen_private_key(typ: &str) -> String {
    match typ {
        "rsa" => rsa_key(4096)
            .and_then(|k| key_pem(&k))
            .unwrap_or_else(|e| e.message),
        "ecdsa" => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)
            .map(|k| sec1_pem(&k))
            .unwrap_or_else(|e| e.to_string()),
        "ed25519" => KeyPair::generate_for(&rcgen::PKCS_ED25519)
            .map(|k| k.serialize_pem())
            .unwrap_or_else(|e| e.to_string()),
        _ => "Unknown type".to_string(),
    }
}

/// An EC key as Go's `x509.MarshalECPrivateKey` PEM (`EC PRIVATE KEY`, SEC1), taken from the
/// PKCS#8 wrapper rcgen produces.
fn sec1_pem(k: &KeyPair) -> String {
    let der = k.serialize_der();
    // PKCS#8 for EC wraps the SEC1 structure in an OCTET STRING after the algorithm identifier.
    let sec1 = find_octet_string_payload(&der).unwrap_or(&der);
    let b64 = base64::engine::general_purpose::STANDARD.encode(sec1);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    format!(
        "-----BEGIN EC PRIVATE KEY-----\n{}\n-----END EC PRIVATE KEY-----\n",
        lines.join("\n")
    )
}

/// The content of the PKCS#8 `privateKey` OCTET STRING (the third element of the sequence).
fn find_octet_string_payload(der: &[u8]) -> Option<&[u8]> {
    fn header(b: &[u8]) -> Option<(u8, usize, usize)> {
        let tag = *b.first()?;
        let first = *b.get(1)? as usize;
        if first < 0x80 {
            return Some((tag, 2, first));
        }
        let n = first & 0x7f;
        let len = b
            .get(2..2 + n)?
            .iter()
            .fold(0usize, |a, x| a << 8 | *x as usize);
        Some((tag, 2 + n, len))
    }
    let (_, hl, _) = header(der)?;
    let mut rest = der.get(hl..)?;
    for _ in 0..2 {
        let (_, h, l) = header(rest)?;
        rest = rest.get(h + l..)?;
    }
    let (tag, h, l) = header(rest)?;
    (tag == 0x04).then(|| rest.get(h..h + l)).flatten()
}

pub fn register(m: &mut FuncMap) {
    m.insert(
        "genPrivateKey",
        Func::new(&[Ty::String], |a| {
            Ok(Value::string(gen_private_key(s(&a[0]))))
        }),
    );
    m.insert(
        "genCA",
        Func::new(&[Ty::String, Ty::Int], |a| {
            Ok(cert_value(gen_ca(
                s(&a[0]),
                days(&a[1]),
                SigningKey::rsa(&rsa_key(2048)?)?,
            )?))
        }),
    );
    m.insert(
        "genCAWithKey",
        Func::new(&[Ty::String, Ty::Int, Ty::String], |a| {
            Ok(cert_value(gen_ca(
                s(&a[0]),
                days(&a[1]),
                SigningKey::parse(s(&a[2]))?,
            )?))
        }),
    );
    m.insert(
        "genSelfSignedCert",
        Func::new(&[Ty::String, Ty::List, Ty::List, Ty::Int], |a| {
            Ok(cert_value(self_signed(
                s(&a[0]),
                &a[1],
                &a[2],
                days(&a[3]),
                SigningKey::rsa(&rsa_key(2048)?)?,
            )?))
        }),
    );
    m.insert(
        "genSelfSignedCertWithKey",
        Func::new(
            &[Ty::String, Ty::List, Ty::List, Ty::Int, Ty::String],
            |a| {
                Ok(cert_value(self_signed(
                    s(&a[0]),
                    &a[1],
                    &a[2],
                    days(&a[3]),
                    SigningKey::parse(s(&a[4]))?,
                )?))
            },
        ),
    );
    m.insert(
        "genSignedCert",
        Func::new(&[Ty::String, Ty::List, Ty::List, Ty::Int, Ty::Any], |a| {
            Ok(cert_value(signed(
                s(&a[0]),
                &a[1],
                &a[2],
                days(&a[3]),
                &a[4],
                SigningKey::rsa(&rsa_key(2048)?)?,
            )?))
        }),
    );
    m.insert(
        "genSignedCertWithKey",
        Func::new(
            &[Ty::String, Ty::List, Ty::List, Ty::Int, Ty::Any, Ty::String],
            |a| {
                Ok(cert_value(signed(
                    s(&a[0]),
                    &a[1],
                    &a[2],
                    days(&a[3]),
                    &a[4],
                    SigningKey::parse(s(&a[5]))?,
                )?))
            },
        ),
    );
    m.insert(
        "buildCustomCert",
        Func::new(&[Ty::String, Ty::String], |a| {
            let dec = |v: &Value| -> R<String> {
                let b = base64::engine::general_purpose::STANDARD
                    .decode(s(v))
                    .map_err(err)?;
                Ok(String::from_utf8_lossy(&b).into_owned())
            };
            Ok(cert_value(Certificate {
                cert: dec(&a[0])?,
                key: dec(&a[1])?,
            }))
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_parser::prelude::*;

    fn parse(pem_text: &str) -> Vec<u8> {
        let (_, p) = x509_parser::pem::parse_x509_pem(pem_text.as_bytes()).unwrap();
        p.contents
    }

    /// A CA and a leaf signed by it: fields as Sprig sets them, and the signature chain holds.
    #[test]
    fn ca_and_signed_cert_verify() {
        let ca = gen_ca(
            "my-ca",
            10,
            SigningKey::rsa(&rsa_key(2048).unwrap()).unwrap(),
        )
        .unwrap();
        let dns = Value::list(vec![Value::str("svc.ns.svc"), Value::str("svc")]);
        let ips = Value::list(vec![Value::str("10.0.0.1")]);
        let leaf = signed(
            "svc.ns.svc",
            &ips,
            &dns,
            10,
            &cert_value(ca.clone()),
            SigningKey::rsa(&rsa_key(2048).unwrap()).unwrap(),
        )
        .unwrap();
        assert!(leaf.key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
        let ca_der = parse(&ca.cert);
        let leaf_der = parse(&leaf.cert);
        let (_, ca_x) = X509Certificate::from_der(&ca_der).unwrap();
        let (_, leaf_x) = X509Certificate::from_der(&leaf_der).unwrap();
        assert!(ca_x.is_ca());
        assert!(!leaf_x.is_ca());
        assert_eq!(leaf_x.subject().to_string(), "CN=svc.ns.svc");
        assert_eq!(leaf_x.issuer().to_string(), "CN=my-ca");
        leaf_x.verify_signature(Some(ca_x.public_key())).unwrap();
        let san = leaf_x.subject_alternative_name().unwrap().unwrap();
        let names: Vec<String> = san
            .value
            .general_names
            .iter()
            .map(|n| n.to_string())
            .collect();
        let joined = names.join(",");
        assert_eq!(
            joined,
            "DNSName(svc.ns.svc),DNSName(svc),IPAddress(0a:00:00:01)"
        );
        assert_eq!(names.len(), 3);
        let validity = leaf_x.validity();
        assert_eq!(
            (validity.not_after.timestamp() - validity.not_before.timestamp()) / 86400,
            10
        );
        // Go's extensions: the CA's key id is the SHA-1 of its PKCS #1 key and is the leaf's
        // authority key id; the leaf has a critical, empty basicConstraints and no key id.
        use x509_parser::extensions::ParsedExtension;
        let key_id = |c: &x509_parser::certificate::X509Certificate<'_>| {
            c.extensions()
                .iter()
                .find_map(|e| match e.parsed_extension() {
                    ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.to_vec()),
                    _ => None,
                })
        };
        let authority_id = leaf_x
            .extensions()
            .iter()
            .find_map(|e| match e.parsed_extension() {
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    a.key_identifier.as_ref().map(|k| k.0.to_vec())
                }
                _ => None,
            });
        assert!(key_id(&leaf_x).is_none());
        assert_eq!(key_id(&ca_x).map(|k| k.len()), Some(20));
        assert_eq!(authority_id, key_id(&ca_x));
        let bc = leaf_x.basic_constraints().unwrap().unwrap();
        assert!(bc.critical && !bc.value.ca);
    }
}
