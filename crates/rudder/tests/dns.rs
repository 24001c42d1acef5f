//! `getHostByName` with `--enable-dns` finds names as helm does, in whichever build
//! `RUDDER_BINARY` names (CI runs this on the statically linked shipped binary, where the C
//! library's resolver would load NSS modules of another glibc): `localhost` resolves through
//! the hosts file to one of its loopback addresses, and a literal address is itself. (The
//! golden cases in `cases/funcs/get-host-by-name.cases` hold helm's answers for the rest.)

use std::net::IpAddr;
use std::process::Command;

fn render(template: &str) -> (bool, String, String) {
    let chart = tempfile::tempdir().unwrap();
    let dir = chart.path();
    std::fs::write(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: dns\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::create_dir(dir.join("templates")).unwrap();
    std::fs::write(dir.join("templates/cm.yaml"), template).unwrap();
    let rudder = rudder_testkit::rudder_binary(env!("CARGO_BIN_EXE_rudder"));
    let out = Command::new(rudder)
        .args(["template", "r", "--enable-dns"])
        .arg(dir)
        .output()
        .expect("rudder runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The value of `key: "..."` in rendered output.
fn value<'a>(out: &'a str, key: &str) -> &'a str {
    let prefix = format!("{key}: ");
    out.lines()
        .find_map(|l| l.trim().strip_prefix(prefix.as_str()))
        .unwrap_or_else(|| panic!("no {key} in\n{out}"))
        .trim_matches('"')
}

#[test]
fn names_resolve_through_the_hosts_file_and_literals() {
    let (ok, out, err) = render(concat!(
        "kind: ConfigMap\ndata:\n",
        "  local: {{ getHostByName \"localhost\" | quote }}\n",
        "  literal: {{ getHostByName \"192.0.2.7\" | quote }}\n",
    ));
    assert!(ok, "{err}");
    let local: IpAddr = value(&out, "local").parse().expect("an address");
    assert!(local.is_loopback(), "{local}");
    assert_eq!(value(&out, "literal"), "192.0.2.7");
}
