//! `rudder package --sign` and `rudder verify` against helm 4.1.4, with OpenPGP keys made at
//! test time: each tool verifies what the other signed, and both fail the same way on a
//! tampered archive, a missing provenance file, a key that is not in the keyring, a public
//! keyring given for signing, and a wrong passphrase.

use std::path::{Path, PathBuf};

use pgp::composed::{KeyType, SecretKeyParamsBuilder, SignedPublicKey, SignedSecretKey};
use pgp::ser::Serialize;

/// Exit code, stdout and stderr.
type Outcome = (i32, String, String);

fn run(bin: &Path, args: &[&str], cwd: &Path) -> Outcome {
    rudder_testkit::run_isolated(bin, cwd, args)
}

fn rudder() -> PathBuf {
    rudder_testkit::rudder_binary(env!("CARGO_BIN_EXE_rudder"))
}

/// An Ed25519 signing key for `user`, protected by `passphrase` when given.
fn key(user: &str, passphrase: Option<&str>) -> SignedSecretKey {
    let mut params = SecretKeyParamsBuilder::default();
    params
        .key_type(KeyType::Ed25519Legacy)
        .can_certify(true)
        .can_sign(true)
        .primary_user_id(user.into())
        .passphrase(passphrase.map(str::to_string));
    params
        .build()
        .unwrap()
        .generate(rand::thread_rng())
        .unwrap()
}

/// Writes the secret keyring and the public keyring of `keys` into `dir`.
fn keyrings(dir: &Path, keys: &[SignedSecretKey]) {
    let mut secret = Vec::new();
    let mut public = Vec::new();
    for key in keys {
        key.to_writer(&mut secret).unwrap();
        SignedPublicKey::from(key.clone())
            .to_writer(&mut public)
            .unwrap();
    }
    std::fs::write(dir.join("secring.gpg"), secret).unwrap();
    std::fs::write(dir.join("pubring.gpg"), public).unwrap();
}

fn chart(dir: &Path) {
    std::fs::create_dir_all(dir.join("c/templates")).unwrap();
    std::fs::write(
        dir.join("c/Chart.yaml"),
        "apiVersion: v2\nname: c\nversion: 0.1.0\ndescription: signed\n",
    )
    .unwrap();
    std::fs::write(dir.join("c/templates/cm.yaml"), "kind: ConfigMap\n").unwrap();
}

#[test]
fn each_tool_verifies_what_the_other_signed() {
    let Some(helm) = rudder_testkit::reference_helm() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    chart(root);
    keyrings(root, &[key("Chart Signer <signer@example.com>", None)]);
    for (signer, checker) in [(&rudder(), &helm), (&helm, &rudder())] {
        let _ = std::fs::remove_dir_all(root.join("out"));
        let signed = run(
            signer,
            &[
                "package",
                "c",
                "-d",
                "out",
                "--sign",
                "--key",
                "Chart Signer",
                "--keyring",
                "secring.gpg",
            ],
            root,
        );
        assert_eq!(signed.0, 0, "{}", signed.2);
        let checked = run(
            checker,
            &["verify", "out/c-0.1.0.tgz", "--keyring", "pubring.gpg"],
            root,
        );
        assert_eq!(checked.0, 0, "{} {}", checked.1, checked.2);
        assert!(checked
            .1
            .starts_with("Signed by: Chart Signer <signer@example.com>\n"));
        // Both tools print the same report for the same files.
        let again = run(
            &helm,
            &["verify", "out/c-0.1.0.tgz", "--keyring", "pubring.gpg"],
            root,
        );
        let ours = run(
            &rudder(),
            &["verify", "out/c-0.1.0.tgz", "--keyring", "pubring.gpg"],
            root,
        );
        assert_eq!(again.1, ours.1);
    }
}

#[test]
fn a_protected_key_is_unlocked_with_the_passphrase_file() {
    let Some(helm) = rudder_testkit::reference_helm() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    chart(root);
    keyrings(root, &[key("Locked <locked@example.com>", Some("s3cret"))]);
    std::fs::write(root.join("pass"), "s3cret\n").unwrap();
    let signed = run(
        &rudder(),
        &[
            "package",
            "c",
            "-d",
            "out",
            "--sign",
            "--key",
            "Locked",
            "--keyring",
            "secring.gpg",
            "--passphrase-file",
            "pass",
        ],
        root,
    );
    assert_eq!(signed.0, 0, "{}", signed.2);
    let checked = run(
        &helm,
        &["verify", "out/c-0.1.0.tgz", "--keyring", "pubring.gpg"],
        root,
    );
    assert_eq!(checked.0, 0, "{}", checked.2);
}

/// The outcome of the same command under both tools, from fresh copies of the same files.
fn both(root: &Path, helm: &Path, args: &[&str]) -> (Outcome, Outcome) {
    (run(helm, args, root), run(&rudder(), args, root))
}

#[test]
fn failures_are_helms() {
    let Some(helm) = rudder_testkit::reference_helm() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    chart(root);
    let other = key("Someone Else <else@example.com>", None);
    let signer = key("Chart Signer <signer@example.com>", Some("right"));
    keyrings(root, &[signer.clone(), other.clone()]);
    let mut bytes = Vec::new();
    SignedPublicKey::from(signer).to_writer(&mut bytes).unwrap();
    std::fs::write(root.join("signer.gpg"), bytes).unwrap();
    std::fs::write(root.join("wrong-pass"), "wrong\n").unwrap();
    std::fs::write(root.join("other.gpg"), {
        let mut bytes = Vec::new();
        SignedPublicKey::from(other).to_writer(&mut bytes).unwrap();
        bytes
    })
    .unwrap();
    let sign = |key: &str, ring: &str, extra: &[&str]| {
        let mut args = vec![
            "package",
            "c",
            "-d",
            "out",
            "--sign",
            "--key",
            key,
            "--keyring",
            ring,
        ];
        args.extend(extra);
        both(root, &helm, &args)
    };
    let cases: Vec<(&str, (Outcome, Outcome))> = vec![
        (
            "no key name",
            both(root, &helm, &["package", "c", "-d", "out", "--sign"]),
        ),
        ("unknown key", sign("Nobody", "secring.gpg", &[])),
        ("two keys match", sign("example.com", "secring.gpg", &[])),
        ("public keyring", sign("Chart Signer", "pubring.gpg", &[])),
        ("missing keyring", sign("Chart Signer", "missing.gpg", &[])),
        (
            "wrong passphrase",
            sign(
                "Chart Signer",
                "secring.gpg",
                &["--passphrase-file", "wrong-pass"],
            ),
        ),
        (
            "missing passphrase file",
            sign(
                "Chart Signer",
                "secring.gpg",
                &["--passphrase-file", "nope"],
            ),
        ),
    ];
    // A signed archive to verify wrongly.
    let signed = run(
        &helm,
        &[
            "package",
            "c",
            "-d",
            "signed",
            "--sign",
            "--key",
            "Someone Else",
            "--keyring",
            "secring.gpg",
        ],
        root,
    );
    assert_eq!(signed.0, 0, "{}", signed.2);
    std::fs::copy(root.join("signed/c-0.1.0.tgz"), root.join("c-0.1.0.tgz")).unwrap();
    std::fs::write(
        root.join("renamed.tgz"),
        std::fs::read(root.join("signed/c-0.1.0.tgz")).unwrap(),
    )
    .unwrap();
    std::fs::copy(
        root.join("signed/c-0.1.0.tgz.prov"),
        root.join("renamed.tgz.prov"),
    )
    .unwrap();
    let verify = |path: &str, ring: &str| both(root, &helm, &["verify", path, "--keyring", ring]);
    std::fs::create_dir_all(root.join("changed")).unwrap();
    std::fs::write(root.join("changed/c-0.1.0.tgz"), b"other bytes").unwrap();
    std::fs::copy(
        root.join("signed/c-0.1.0.tgz.prov"),
        root.join("changed/c-0.1.0.tgz.prov"),
    )
    .unwrap();
    let more = vec![
        ("no provenance file", verify("c-0.1.0.tgz", "pubring.gpg")),
        ("not an archive name", verify("c", "pubring.gpg")),
        ("a folder", verify("signed", "pubring.gpg")),
        ("another file name", verify("renamed.tgz", "pubring.gpg")),
        (
            "changed archive",
            verify("changed/c-0.1.0.tgz", "pubring.gpg"),
        ),
        (
            "signer not in the keyring",
            verify("signed/c-0.1.0.tgz", "signer.gpg"),
        ),
        (
            "missing keyring",
            verify("signed/c-0.1.0.tgz", "missing.gpg"),
        ),
        ("good", verify("signed/c-0.1.0.tgz", "other.gpg")),
    ];
    let mut differ = Vec::new();
    for (name, (theirs, ours)) in cases.into_iter().chain(more) {
        if theirs != ours {
            differ.push(format!("{name}: helm {theirs:?}; rudder {ours:?}"));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
