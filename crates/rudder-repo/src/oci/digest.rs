//! Content digests (`sha256:<hex>`) as go-digest parses and checks them: every blob and
//! manifest pulled is checked against the digest that named it.

use sha2::{Digest as _, Sha256, Sha384, Sha512};

/// A parsed digest: algorithm and lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    algorithm: Algorithm,
    hex: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    Sha256,
    Sha384,
    Sha512,
}

impl Algorithm {
    fn name(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
        }
    }

    fn hex_len(self) -> usize {
        match self {
            Algorithm::Sha256 => 64,
            Algorithm::Sha384 => 96,
            Algorithm::Sha512 => 128,
        }
    }

    fn sum(self, data: &[u8]) -> String {
        let bytes: Vec<u8> = match self {
            Algorithm::Sha256 => Sha256::digest(data).to_vec(),
            Algorithm::Sha384 => Sha384::digest(data).to_vec(),
            Algorithm::Sha512 => Sha512::digest(data).to_vec(),
        };
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// go-digest's algorithm pattern `[a-z0-9]+(?:[.+_-][a-z0-9]+)*`.
fn algorithm_shaped(name: &str) -> bool {
    let parts = name.split(['.', '+', '_', '-']);
    !name.is_empty()
        && parts.into_iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

impl Digest {
    /// go-digest's `Parse`, its errors worded as go-digest's.
    pub fn parse(text: &str) -> Result<Digest, &'static str> {
        let format = "invalid checksum digest format";
        let Some((name, hex)) = text
            .split_once(':')
            .filter(|(n, h)| !n.is_empty() && !h.is_empty())
        else {
            return Err(format);
        };
        if !algorithm_shaped(name) {
            return Err(format);
        }
        let algorithm = match name {
            "sha256" => Algorithm::Sha256,
            "sha384" => Algorithm::Sha384,
            "sha512" => Algorithm::Sha512,
            _ => return Err("unsupported digest algorithm"),
        };
        if hex.len() != algorithm.hex_len() {
            return Err("invalid checksum digest length");
        }
        if !hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(format);
        }
        Ok(Digest {
            algorithm,
            hex: hex.to_string(),
        })
    }

    /// The sha256 digest of `data` (what helm and oras compute for what they push).
    pub fn sha256(data: &[u8]) -> Digest {
        Digest {
            algorithm: Algorithm::Sha256,
            hex: Algorithm::Sha256.sum(data),
        }
    }

    /// Whether `data` has this digest.
    pub fn matches(&self, data: &[u8]) -> bool {
        self.algorithm.sum(data) == self.hex
    }
}

impl std::fmt::Display for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.algorithm.name(), self.hex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_checks() {
        let d = Digest::sha256(b"abc");
        assert_eq!(
            d.to_string(),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(Digest::parse(&d.to_string()), Ok(d.clone()));
        assert!(d.matches(b"abc"));
        assert!(!d.matches(b"abd"));
    }

    #[test]
    fn errors_as_go_digest() {
        assert_eq!(
            Digest::parse("sha256"),
            Err("invalid checksum digest format")
        );
        assert_eq!(Digest::parse("md5:00"), Err("unsupported digest algorithm"));
        assert_eq!(
            Digest::parse("sha256:00"),
            Err("invalid checksum digest length")
        );
        assert_eq!(
            Digest::parse("Sha256:00"),
            Err("invalid checksum digest format")
        );
        let upper = format!("sha256:{}", "A".repeat(64));
        assert_eq!(Digest::parse(&upper), Err("invalid checksum digest format"));
    }
}
