//! What `package --sign` and `verify` share with helm: the default keyring
//! (`$GNUPGHOME/pubring.gpg`, else `~/.gnupg/pubring.gpg`) and the passphrase of a protected
//! key (`--passphrase-file FILE`, `-` for standard input, else asked on the terminal).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use clap::Args;
use rudder_repo::provenance::Keyring;

/// `helm package`'s signing flags, shared by the commands that package.
#[derive(Args, Debug, Clone)]
pub struct SignArgs {
    /// Use a PGP private key to sign this package
    #[arg(long)]
    pub sign: bool,
    /// Name of the key to use when signing. Used if --sign is true
    #[arg(long, default_value = "")]
    pub key: String,
    /// Location of a public keyring
    #[arg(long, default_value_t = default_keyring())]
    pub keyring: String,
    /// Location of a file which contains the passphrase for the signing key. Use "-" in order
    /// to read from stdin.
    #[arg(long = "passphrase-file")]
    pub passphrase_file: Option<String>,
}

impl SignArgs {
    /// helm's checks of the flags before anything is packaged.
    pub fn check(&self) -> Result<()> {
        if self.sign && self.key.is_empty() {
            bail!("--key is required for signing a package");
        }
        if self.sign && self.keyring.is_empty() {
            bail!("--keyring is required for signing a package");
        }
        Ok(())
    }

    /// The `.prov` of the archive `bytes` (saved as `archive`), as `helm package --sign`
    /// writes it; the passphrase is asked once per run.
    pub fn sign_archive(
        &self,
        bytes: &[u8],
        archive: &Path,
        passphrase: &mut Option<String>,
    ) -> Result<Vec<u8>> {
        let keyring = Keyring::read(Path::new(&self.keyring))?;
        let signer = keyring.signing_key(&self.key)?;
        let secret = match (&signer.passphrase_prompt, passphrase.as_ref()) {
            (None, _) => String::new(),
            (Some(_), Some(known)) => known.clone(),
            (Some(name), None) => {
                let read = self::passphrase(self.passphrase_file.as_deref(), name)?;
                passphrase.insert(read).clone()
            }
        };
        let metadata = rudder_repo::provenance::archive_metadata_yaml(bytes)
            .map_err(|e| anyhow::anyhow!("failed to load chart for signing: {e}"))?;
        let file_name = archive
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(signer.sign(bytes, &file_name, &metadata, &secret)?.into())
    }
}

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
