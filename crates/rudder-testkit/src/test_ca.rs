//! A certificate authority made at test time, for servers on loopback: a server certificate
//! for `localhost` and `127.0.0.1`, and client certificates for mutual TLS. Everything is
//! written as PEM files, the form helm's and rudder's `--ca-file`, `--cert-file` and
//! `--key-file` take.

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose, SanType,
};

/// A certificate and its key, as PEM files.
#[derive(Debug, Clone)]
pub struct PemPair {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// The authority and what it signed, written under one folder.
pub struct TestCa {
    /// The authority's certificate (what `--ca-file` names).
    pub ca_file: PathBuf,
    /// The server's certificate and key.
    pub server: PemPair,
    /// A client certificate and key the authority signed.
    pub client: PemPair,
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

fn leaf(
    dir: &Path,
    name: &str,
    usage: ExtendedKeyUsagePurpose,
    ca: &rcgen::Certificate,
    ca_key: &KeyPair,
) -> PemPair {
    let mut params =
        CertificateParams::new(vec!["localhost".to_string()]).expect("certificate parameters");
    params
        .subject_alt_names
        .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    params.distinguished_name.push(DnType::CommonName, name);
    params.extended_key_usages = vec![usage];
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    let key = KeyPair::generate().expect("key generation");
    let cert = params.signed_by(&key, ca, ca_key).expect("signing");
    let pair = PemPair {
        cert: dir.join(format!("{name}.crt")),
        key: dir.join(format!("{name}.key")),
    };
    write(&pair.cert, &cert.pem());
    write(&pair.key, &key.serialize_pem());
    pair
}

impl TestCa {
    /// A new authority and its certificates, written into `dir`.
    pub fn create(dir: &Path) -> TestCa {
        std::fs::create_dir_all(dir).expect("CA folder");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "rudder test CA");
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_key = KeyPair::generate().expect("CA key");
        let ca = params.self_signed(&ca_key).expect("CA certificate");
        let ca_file = dir.join("ca.crt");
        write(&ca_file, &ca.pem());
        let server = leaf(
            dir,
            "server",
            ExtendedKeyUsagePurpose::ServerAuth,
            &ca,
            &ca_key,
        );
        let client = leaf(
            dir,
            "client",
            ExtendedKeyUsagePurpose::ClientAuth,
            &ca,
            &ca_key,
        );
        TestCa {
            ca_file,
            server,
            client,
        }
    }
}
