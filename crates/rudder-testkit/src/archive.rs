//! Chart archives (`.tgz`) in cases: built from a case's inline files for the tool to read,
//! and, when a command writes one, described as text for the golden format.
//!
//! The description starts with the archive's sha256 and size, so two archives agree only when
//! their bytes do; the gzip header and one line per tar entry follow, so that a difference
//! reads as what differs (a name, a mode, a time, a size, a content digest).

use std::io::Read;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use flate2::read::GzDecoder;
use sha2::{Digest, Sha256};

use crate::pem_shape::hex;

/// The first bytes of every gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A gzipped tar archive of `members` (path inside the archive, content), in the given
/// order: regular files, mode 0644, owner 0/0, modification time `mtime` (whole seconds, as
/// tar keeps them).
pub fn build(members: &[(&str, &str)], mtime: SystemTime) -> Result<Vec<u8>> {
    let seconds = mtime
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    let mut tar = tar::Builder::new(Vec::new());
    for (path, content) in members {
        let mut header = tar::Header::new_ustar();
        header.set_size(content.len() as u64);
        header.set_mode(0o644);
        header.set_uid(0);
        header.set_gid(0);
        header.set_mtime(seconds);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, path, content.as_bytes())
            .with_context(|| format!("adding {path} to an archive"))?;
    }
    Ok(gzip_stored(&tar.into_inner()?))
}

/// `data` as a gzip stream of stored (uncompressed) deflate blocks. A compressor's output
/// depends on its backend, which cargo's feature unification picks per build (the goldens
/// are recorded by xtask, checked by the tests): stored blocks are the same bytes in every
/// build, and the digests helm and rudder print of these archives stay put.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    // Magic, deflate, no flags, no time, no extra flags, unknown OS.
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut blocks = data.chunks(usize::from(u16::MAX)).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let last = blocks.peek().is_none();
        let len = block.len() as u16;
        out.push(u8::from(last));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let mut crc = flate2::Crc::new();
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// The text standing for a gzip file in an outcome, or `None` for other content.
pub fn describe(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return None;
    }
    let mut out = format!(
        "gzip archive: sha256 {}, {} bytes\n",
        hex(&Sha256::digest(bytes)),
        bytes.len()
    );
    if let Err(e) = describe_contents(bytes, &mut out) {
        out.push_str(&format!("unreadable: {e:#}\n"));
    }
    Some(out)
}

/// The gzip header's fields and one line per tar entry:
/// `<type> <mode> <uid>/<gid> <user>/<group> <mtime> <size> <path> sha256 <content digest>`.
fn describe_contents(bytes: &[u8], out: &mut String) -> Result<()> {
    let mut gz = GzDecoder::new(bytes);
    let mut tar_bytes = Vec::new();
    gz.read_to_end(&mut tar_bytes).context("gunzip")?;
    let header = gz.header().context("no gzip header")?;
    out.push_str(&format!(
        "gzip header: mtime {}, os {}, name {:?}, comment {:?}, extra {}\n",
        header.mtime(),
        header.operating_system(),
        header.filename().map(String::from_utf8_lossy),
        header.comment().map(String::from_utf8_lossy),
        header.extra().map_or_else(|| "none".to_string(), hex),
    ));
    let mut archive = tar::Archive::new(tar_bytes.as_slice());
    for entry in archive.entries().context("reading the tar stream")? {
        let mut entry = entry.context("reading a tar entry")?;
        let h = entry.header().clone();
        let mut content = Vec::new();
        entry.read_to_end(&mut content)?;
        let text = |b: Option<&[u8]>| String::from_utf8_lossy(b.unwrap_or_default()).into_owned();
        out.push_str(&format!(
            "{:?} {:o} {}/{} {}/{} {} {} {} sha256 {}\n",
            h.entry_type(),
            h.mode()?,
            h.uid()?,
            h.gid()?,
            text(h.username_bytes()),
            text(h.groupname_bytes()),
            h.mtime()?,
            h.size()?,
            String::from_utf8_lossy(&entry.path_bytes()),
            hex(&Sha256::digest(&content)),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_archives_are_described_entry_by_entry() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_millis(1_600_000_000_700);
        let bytes = build(&[("c/Chart.yaml", "name: c\n"), ("c/x", "")], t).unwrap();
        let text = describe(&bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("gzip archive: sha256 "), "{text}");
        assert!(lines[1].starts_with("gzip header: mtime 0, os "), "{text}");
        assert_eq!(
            lines[2],
            format!(
                "Regular 644 0/0 / 1600000000 8 c/Chart.yaml sha256 {}",
                hex(&Sha256::digest(b"name: c\n"))
            )
        );
        assert_eq!(lines.len(), 4);
        // Same input, same bytes; a stream of several stored blocks reads back whole.
        let big = "x".repeat(70_000);
        let two_blocks = build(&[("c/big", &big)], t).unwrap();
        assert!(describe(&two_blocks)
            .unwrap()
            .contains(" 70000 c/big sha256 "));
        assert_eq!(gzip_stored(b"").len(), 10 + 5 + 8);
        assert_eq!(
            build(&[("c/Chart.yaml", "name: c\n"), ("c/x", "")], t).unwrap(),
            bytes
        );
    }

    #[test]
    fn other_content_is_not_an_archive_and_broken_gzip_says_so() {
        assert_eq!(describe(b"plain text"), None);
        let text = describe(&[0x1f, 0x8b, 0, 1, 2]).unwrap();
        assert!(
            text.lines()
                .nth(1)
                .unwrap()
                .starts_with("unreadable: gunzip"),
            "{text}"
        );
    }
}
