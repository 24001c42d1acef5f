//! Sprig's key and certificate generators (`genCA`, `genSignedCert`, `genPrivateKey`, ...):
//! the same algorithms, sizes, fields and PEM encodings as helm's, with fresh randomness.

// aws-lc-rs has no big-number arithmetic: aws-lc's own functions, behind a safe API.
#[allow(unsafe_code)]
mod bignum;
mod der;
// aws-lc-rs has no DSA: aws-lc's own functions, behind a safe `generate`.
#[allow(unsafe_code)]
mod dsa;
mod keygen;
mod keys;
mod layout;
mod pem;
mod prime_search;
// aws-lc-rs cannot make a key from given primes: aws-lc's own functions, behind a safe API.
#[allow(unsafe_code)]
mod rsa_primes;
mod x509;

use std::net::IpAddr;
use std::rc::Rc;

use keys::PrivateKey;
use rudder_gotmpl::{fmt, Builtin, FuncError, FuncResult, Object, Ty, Value};
use x509::{KeyIdMethod, Parent, Template};

/// The Go type of Sprig's certificates, which the `genSignedCert*` functions take.
const CERTIFICATE: Ty = Ty::Struct("sprig.certificate");

/// Sprig's `certificate` struct: PEM certificate and key.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub cert: String,
    pub key: String,
}

impl Object for Certificate {
    fn type_name(&self) -> &str {
        CERTIFICATE.go_name()
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
    fn exported_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        Some(vec![
            ("Cert", Value::str(&self.cert)),
            ("Key", Value::str(&self.key)),
        ])
    }
    fn go_syntax(&self) -> String {
        format!(
            "sprig.certificate{{Cert:{}, Key:{}}}",
            fmt::quote(&self.cert),
            fmt::quote(&self.key)
        )
    }
}

type R<T> = Result<T, FuncError>;

fn err(e: impl std::fmt::Display) -> FuncError {
    FuncError::new(e.to_string())
}

/// A key given as PEM text (the `*WithKey` functions).
fn given_key(pem: &str) -> R<PrivateKey> {
    PrivateKey::parse(pem).map_err(|e| FuncError::new(format!("parsing private key: {e}")))
}

fn new_rsa_key() -> R<PrivateKey> {
    PrivateKey::generate_rsa(&keygen::RSA_2048)
        .map_err(|e| FuncError::new(format!("error generating rsa key: {e}")))
}

/// Sprig's `getNetIPs` and `getAlternateDNSStrs`: lists of strings, with its error texts.
fn names(ips: &Value, dns: &Value) -> R<(Vec<IpAddr>, Vec<String>)> {
    let items = |v: &Value| crate::conv::list_items(v).unwrap_or_default();
    let mut addrs = Vec::new();
    for ip in items(ips) {
        let Value::String(text) = &ip else {
            return Err(FuncError::new(format!(
                "error parsing ip: {} is not a string",
                fmt::format_v(&ip)
            )));
        };
        let addr = text
            .parse()
            .map_err(|_| FuncError::new(format!("error parsing ip: {text}")))?;
        addrs.push(addr);
    }
    let mut names = Vec::new();
    for name in items(dns) {
        let Value::String(text) = &name else {
            return Err(FuncError::new(format!(
                "error processing alternate dns name: {} is not a string",
                fmt::format_v(&name)
            )));
        };
        names.push(text.to_string());
    }
    Ok((addrs, names))
}

/// Sprig's `getCertAndKey`: the certificate of `key`, signed by `issuer` (itself if none).
fn certificate(t: &Template, key: PrivateKey, issuer: Option<(&Parent, &PrivateKey)>) -> R<Value> {
    let der = match issuer {
        Some((parent, signer)) => x509::create(t, &key, Some(parent), signer),
        None => x509::create(t, &key, None, &key),
    }
    .map_err(err)?;
    Ok(cert_value(Certificate {
        cert: pem::encode("CERTIFICATE", &der),
        key: key.pem().map_err(err)?,
    }))
}

/// A template that is not a CA's (its key id method never applies).
fn template(cn: &Value, ips: &Value, dns: &Value, days_valid: &Value) -> R<Template> {
    let (ips, dns) = names(ips, dns)?;
    Ok(Template {
        cn: s(cn).to_string(),
        ips,
        dns,
        days: days(days_valid),
        is_ca: false,
        key_id: KeyIdMethod::Sha256Prefix,
    })
}

fn gen_ca(a: &[Value], key: PrivateKey, key_id: KeyIdMethod) -> R<Value> {
    let t = Template {
        is_ca: true,
        key_id,
        ..template(&a[0], &Value::Nil, &Value::Nil, &a[1])?
    };
    certificate(&t, key, None)
}

fn self_signed(a: &[Value], key: PrivateKey) -> R<Value> {
    certificate(&template(&a[0], &a[1], &a[2], &a[3])?, key, None)
}

/// Sprig's `generateSignedCertificateWithKeyInternal`: the CA is read before the template.
fn signed(a: &[Value], key: PrivateKey) -> R<Value> {
    let ca = as_certificate(&a[4])?;
    let (_, der) =
        pem::decode(&ca.cert).ok_or_else(|| FuncError::new("unable to decode certificate"))?;
    let parent = Parent::parse(&der).map_err(|e| {
        FuncError::new(format!(
            "error parsing certificate: decodedSignerCert.Bytes: {e}"
        ))
    })?;
    let signer = PrivateKey::parse(&ca.key)
        .map_err(|e| FuncError::new(format!("error parsing private key: {e}")))?;
    let t = template(&a[0], &a[1], &a[2], &a[3])?;
    certificate(&t, key, Some((&parent, &signer)))
}

/// Sprig's `buildCustomCertificate`: both texts must decode and parse.
fn custom(cert: &str, key: &str) -> R<Value> {
    let cert = pem::base64_decode(cert)
        .ok_or_else(|| FuncError::new("unable to decode base64 certificate"))?;
    let key = pem::base64_decode(key)
        .ok_or_else(|| FuncError::new("unable to decode base64 private key"))?;
    let cert = String::from_utf8_lossy(&cert).into_owned();
    let key = String::from_utf8_lossy(&key).into_owned();
    let (_, der) =
        pem::decode(&cert).ok_or_else(|| FuncError::new("unable to decode certificate"))?;
    Parent::parse(&der).map_err(|e| {
        FuncError::new(format!("error parsing certificate: decodedCert.Bytes: {e}"))
    })?;
    PrivateKey::parse(&key)
        .map_err(|e| FuncError::new(format!("error parsing private key: {e}")))?;
    Ok(cert_value(Certificate { cert, key }))
}

/// Sprig's `genPrivateKey`: rsa (4096 bits), dsa (L2048N256), ecdsa (P-256), ed25519; errors
/// as text.
fn gen_private_key(typ: &str) -> String {
    let key = match typ {
        "" | "rsa" => PrivateKey::generate_rsa(&keygen::RSA_4096),
        "dsa" => PrivateKey::generate_dsa(),
        "ecdsa" => PrivateKey::generate_ecdsa(),
        "ed25519" => PrivateKey::generate_ed25519(),
        _ => return format!("Unknown type {typ}"),
    };
    key.and_then(|k| k.pem())
        .unwrap_or_else(|e| format!("failed to generate private key: {e}"))
}

/// The certificate and key of a `sprig.certificate` argument (the executor checked its type).
fn as_certificate(v: &Value) -> R<Certificate> {
    let text = |name| match v {
        Value::Object(o) => o.field(name).and_then(|f| f.as_str().map(str::to_string)),
        _ => None,
    };
    match (text("Cert"), text("Key")) {
        (Some(cert), Some(key)) => Ok(Certificate { cert, key }),
        _ => Err(FuncError::new(format!(
            "wrong type for value; expected sprig.certificate; got {}",
            v.go_type()
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

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("genPrivateKey", &[Ty::String], gen_private_key_fn),
    Builtin::new("genCA", &[Ty::String, Ty::Int], gen_ca_fn),
    Builtin::new(
        "genCAWithKey",
        &[Ty::String, Ty::Int, Ty::String],
        gen_ca_with_key,
    ),
    Builtin::new(
        "genSelfSignedCert",
        &[Ty::String, Ty::List, Ty::List, Ty::Int],
        gen_self_signed_cert,
    ),
    Builtin::new(
        "genSelfSignedCertWithKey",
        &[Ty::String, Ty::List, Ty::List, Ty::Int, Ty::String],
        gen_self_signed_cert_with_key,
    ),
    Builtin::new(
        "genSignedCert",
        &[Ty::String, Ty::List, Ty::List, Ty::Int, CERTIFICATE],
        gen_signed_cert,
    ),
    Builtin::new(
        "genSignedCertWithKey",
        &[
            Ty::String,
            Ty::List,
            Ty::List,
            Ty::Int,
            CERTIFICATE,
            Ty::String,
        ],
        gen_signed_cert_with_key,
    ),
    Builtin::new(
        "buildCustomCert",
        &[Ty::String, Ty::String],
        build_custom_cert,
    ),
];

/// The CA generators of a binary built with Go 1.23, which derive key ids with SHA-1.
pub(crate) const GO123_FUNCS: &[Builtin] = &[
    Builtin::new("genCA", &[Ty::String, Ty::Int], gen_ca_go123),
    Builtin::new(
        "genCAWithKey",
        &[Ty::String, Ty::Int, Ty::String],
        gen_ca_with_key_go123,
    ),
];

/// `genPrivateKey TYPE`: a new PEM private key of that type.
fn gen_private_key_fn(a: &[Value]) -> FuncResult {
    Ok(Value::string(gen_private_key(s(&a[0]))))
}

/// `genCA CN DAYS`: a self-signed CA with a new RSA key.
fn gen_ca_fn(a: &[Value]) -> FuncResult {
    gen_ca(a, new_rsa_key()?, KeyIdMethod::Sha256Prefix)
}

/// `genCAWithKey CN DAYS KEY`: a self-signed CA with the given PEM key.
fn gen_ca_with_key(a: &[Value]) -> FuncResult {
    gen_ca(a, given_key(s(&a[2]))?, KeyIdMethod::Sha256Prefix)
}

/// `genCA` as built with Go 1.23 (helm 3.17.2).
fn gen_ca_go123(a: &[Value]) -> FuncResult {
    gen_ca(a, new_rsa_key()?, KeyIdMethod::Sha1)
}

/// `genCAWithKey` as built with Go 1.23 (helm 3.17.2).
fn gen_ca_with_key_go123(a: &[Value]) -> FuncResult {
    gen_ca(a, given_key(s(&a[2]))?, KeyIdMethod::Sha1)
}

/// `genSelfSignedCert CN IPS DNS DAYS`: a self-signed certificate with a new RSA key.
fn gen_self_signed_cert(a: &[Value]) -> FuncResult {
    self_signed(a, new_rsa_key()?)
}

/// `genSelfSignedCertWithKey CN IPS DNS DAYS KEY`: a self-signed certificate with the given key.
fn gen_self_signed_cert_with_key(a: &[Value]) -> FuncResult {
    self_signed(a, given_key(s(&a[4]))?)
}

/// `genSignedCert CN IPS DNS DAYS CA`: a certificate signed by `ca`, with a new RSA key.
fn gen_signed_cert(a: &[Value]) -> FuncResult {
    signed(a, new_rsa_key()?)
}

/// `genSignedCertWithKey CN IPS DNS DAYS CA KEY`: a certificate signed by `ca`, with the given key.
fn gen_signed_cert_with_key(a: &[Value]) -> FuncResult {
    signed(a, given_key(s(&a[5]))?)
}

/// `buildCustomCert CERT KEY`: a `sprig.certificate` of base64 PEM texts.
fn build_custom_cert(a: &[Value]) -> FuncResult {
    custom(s(&a[0]), s(&a[1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_parser::prelude::{FromDer, X509Certificate};

    fn parse(pem_text: &str) -> Vec<u8> {
        let (_, p) = x509_parser::pem::parse_x509_pem(pem_text.as_bytes()).unwrap();
        p.contents
    }

    fn field(v: &Value, name: &str) -> String {
        match v {
            Value::Object(o) => o.field(name).unwrap().as_str().unwrap().to_string(),
            _ => panic!("not a certificate"),
        }
    }

    /// A CA and a leaf signed by it: the signature chain holds and the key ids link them.
    #[test]
    fn ca_and_signed_cert_verify() {
        let ca = gen_ca(
            &[Value::str("my-ca"), Value::Int(10)],
            new_rsa_key().unwrap(),
            KeyIdMethod::Sha256Prefix,
        )
        .unwrap();
        let dns = Value::list(vec![Value::str("svc.ns.svc"), Value::str("svc")]);
        let ips = Value::list(vec![Value::str("10.0.0.1")]);
        let args = [
            Value::str("svc.ns.svc"),
            ips,
            dns,
            Value::Int(10),
            ca.clone(),
        ];
        let leaf = signed(&args, new_rsa_key().unwrap()).unwrap();
        assert!(field(&leaf, "Key").starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
        let ca_der = parse(&field(&ca, "Cert"));
        let leaf_der = parse(&field(&leaf, "Cert"));
        let (_, ca_x) = X509Certificate::from_der(&ca_der).unwrap();
        let (_, leaf_x) = X509Certificate::from_der(&leaf_der).unwrap();
        ca_x.verify_signature(None).unwrap();
        leaf_x.verify_signature(Some(ca_x.public_key())).unwrap();
        let parent = Parent::parse(&ca_der).unwrap();
        let authority = leaf_x
            .extensions()
            .iter()
            .find_map(|e| match e.parsed_extension() {
                x509_parser::extensions::ParsedExtension::AuthorityKeyIdentifier(a) => {
                    a.key_identifier.as_ref().map(|k| k.0.to_vec())
                }
                _ => None,
            });
        assert_eq!(authority, parent.key_id);
    }

    /// A key given as text comes back as Go marshals it: PKCS #8 RSA becomes PKCS #1.
    #[test]
    fn given_keys_are_reencoded_as_go_does() {
        let rsa = new_rsa_key().unwrap();
        let PrivateKey::Rsa(pair, pkcs1) = &rsa else {
            unreachable!()
        };
        let pkcs8 = pem::encode(
            "PRIVATE KEY",
            aws_lc_rs::encoding::AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(pair)
                .unwrap()
                .as_ref(),
        );
        assert_eq!(
            given_key(&pkcs8).unwrap().pem().unwrap(),
            pem::encode("RSA PRIVATE KEY", pkcs1)
        );
        for typ in ["ecdsa", "ed25519", "dsa"] {
            let text = gen_private_key(typ);
            assert_eq!(given_key(&text).unwrap().pem().unwrap(), text);
        }
    }

    /// DSA keys are written and read, but Go certifies and signs with none.
    #[test]
    fn dsa_keys_make_no_certificates() {
        let key = gen_private_key("dsa");
        assert!(key.starts_with("-----BEGIN DSA PRIVATE KEY-----\n"));
        let ca = gen_ca(
            &[Value::str("x"), Value::Int(1)],
            given_key(&key).unwrap(),
            KeyIdMethod::Sha1,
        );
        assert_eq!(
            ca.unwrap_err().message,
            "error creating certificate: x509: certificate private key does not implement crypto.Signer"
        );
    }

    /// Go 1.23 (helm 3) names a CA's key by the SHA-1 of its public key, Go 1.24+ by the first
    /// 20 bytes of its SHA-256.
    #[test]
    fn a_ca_key_id_follows_the_go_version() {
        use sha2::Digest;
        let key = gen_private_key("ecdsa");
        let parsed = given_key(&key).unwrap();
        let public = parsed.public_key_bytes().unwrap();
        for (method, expected) in [
            (KeyIdMethod::Sha1, sha1::Sha1::digest(public).to_vec()),
            (
                KeyIdMethod::Sha256Prefix,
                sha2::Sha256::digest(public)[..20].to_vec(),
            ),
        ] {
            let ca = gen_ca(
                &[Value::str("x"), Value::Int(1)],
                given_key(&key).unwrap(),
                method,
            )
            .unwrap();
            let der = parse(&field(&ca, "Cert"));
            let (_, cert) = X509Certificate::from_der(&der).unwrap();
            let id = cert
                .extensions()
                .iter()
                .find_map(|e| match e.parsed_extension() {
                    x509_parser::extensions::ParsedExtension::SubjectKeyIdentifier(k) => {
                        Some(k.0.to_vec())
                    }
                    _ => None,
                })
                .unwrap();
            assert_eq!(id, expected);
        }
    }
}
