//! Every flag `helm <command> --help` of the real helm 4.1.4 lists is accepted by `rudder
//! <command>` for the commands rudder implements: given with a value of its type, rudder may
//! fail for other reasons (no chart, a bad value), never because it does not know the flag.

use std::path::Path;
use std::process::Command;

use rudder_testkit::reference_helm;

/// A flag as helm's help lists it: long name and the type word after it (none for booleans).
struct Flag {
    name: String,
    kind: Option<String>,
}

/// The flags of helm's help text (`  -n, --namespace string   ...`).
fn flags(help: &str) -> Vec<Flag> {
    help.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let line = line
                .strip_prefix('-')
                .filter(|rest| !rest.starts_with('-'))
                .map_or(line, |rest| rest.get(3..).unwrap_or_default());
            let rest = line.strip_prefix("--")?;
            let mut words = rest.split_whitespace();
            let name = words.next()?.to_string();
            let second = rest[name.len()..].strip_prefix(' ')?;
            // A type follows after one space; the description after several.
            let kind = (!second.starts_with(' '))
                .then(|| second.split_whitespace().next().map(str::to_string))
                .flatten();
            Some(Flag { name, kind })
        })
        .collect()
}

/// The flag as an argument: bare for booleans and optional values, else with a value of its type.
fn argument(flag: &Flag) -> String {
    let value = match flag.kind.as_deref() {
        None => return format!("--{}", flag.name),
        Some(kind) if kind.contains("[=") => return format!("--{}", flag.name),
        Some("int") | Some("float32") => "1",
        Some("duration") => "1s",
        Some("stringToString") => "a=b",
        Some(_) => "x",
    };
    format!("--{}={value}", flag.name)
}

fn help(helm: &Path, command: &[&str]) -> String {
    let out = Command::new(helm)
        .args(command)
        .arg("--help")
        .output()
        .expect("helm runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn rudder_accepts_every_flag_helm_lists() {
    let Some(helm) = reference_helm() else {
        return;
    };
    let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
    let dir = tempfile::tempdir().unwrap();
    let mut refused = Vec::new();
    let mut checked = 0;
    for command in [
        &["template"][..],
        &["lint"],
        &["package"],
        &["pull"],
        &["repo", "index"],
        &["repo", "add"],
        &["repo", "list"],
        &["repo", "remove"],
        &["repo", "update"],
        &["dependency", "list"],
        &["dependency", "update"],
        &["dependency", "build"],
        &["version"],
        &["env"],
        &["verify"],
        &["push"],
        &["registry", "login"],
        &["registry", "logout"],
    ] {
        for flag in flags(&help(&helm, command)) {
            if flag.name == "help" {
                continue;
            }
            let arg = argument(&flag);
            let out = Command::new(rudder)
                .args(command)
                .arg(&arg)
                .current_dir(dir.path())
                .env("HOME", dir.path())
                .output()
                .expect("rudder runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            checked += 1;
            let is_refused = stderr.contains("unknown flag")
                || stderr.contains("unknown shorthand flag")
                || stderr.contains("unexpected argument");
            if is_refused {
                refused.push(format!("{} {arg}: {}", command.join(" "), stderr.trim()));
            }
        }
    }
    assert!(checked > 100, "only {checked} flags read from helm's help");
    assert!(refused.is_empty(), "refused:\n{}", refused.join("\n"));
}
