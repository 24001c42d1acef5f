//! What `package --sign` and `verify` share with helm: the default keyring
//! (`$GNUPGHOME/pubring.gpg`, else `~/.gnupg/pubring.gpg`) and the passphrase of a protected
//! key (`--passphrase-file FILE`, `-` for standard input, else asked on the terminal).

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};

/// helm's default `--keyring`.
pub fn default_keyring() -> String {
    let dir = match std::env::var_os("GNUPGHOME") {
        Some(home) => PathBuf::from(home),
        None => home_dir().join(".gnupg"),
    };
    dir.join("pubring.gpg").to_string_lossy().into_owned()
}

/// Go's `homedir.HomeDir`: `$HOME`, or `%USERPROFILE%` on Windows.
fn home_dir() -> PathBuf {
    let variable = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    PathBuf::from(std::env::var_os(variable).unwrap_or_default())
}

/// The passphrase for the key helm names `name`: the first line of `--passphrase-file`, or
/// typed at a prompt. Read once per run and reused for every chart.
pub fn passphrase(file: Option<&str>, name: &str) -> Result<String> {
    let line = match file {
        Some("-") => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                bail!("specified reading passphrase from stdin, without input on stdin");
            }
            first_line(&mut stdin.lock())?
        }
        Some(path) => {
            let file = std::fs::File::open(path)
                .map_err(|e| anyhow::anyhow!("open {path}: {}", rudder_chart::load::io_text(&e)))?;
            first_line(&mut std::io::BufReader::new(file))?
        }
        None => {
            print!("Password for key {name:?} >  ");
            std::io::stdout().flush()?;
            let typed = rpassword::read_password().context("reading the passphrase")?;
            println!();
            typed
        }
    };
    Ok(line)
}

/// Go's `bufio.Reader.ReadLine`: the first line without its end; an empty input is `EOF`.
fn first_line(reader: &mut impl BufRead) -> Result<String> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        bail!("EOF");
    }
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}
