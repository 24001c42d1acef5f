//! Go's `archive/tar` writer for regular files as helm writes them (mode 0644, owner 0/0, no
//! user or group names): USTAR headers, names over 100 bytes split into USTAR's prefix, and a
//! PAX `path` record when a name cannot be split or is not ASCII. Each header, body and
//! padding is one `write` of the gzip stream, as in Go (the compressor's output depends on it).

use crate::gzip::GzipWriter;

const BLOCK: usize = 512;
const NAME_SIZE: usize = 100;
const PREFIX_SIZE: usize = 155;

/// A tar stream written into a gzip stream.
pub struct TarWriter {
    out: GzipWriter,
    /// Padding owed after the last body.
    pad: usize,
}

impl TarWriter {
    pub fn new(out: GzipWriter) -> TarWriter {
        TarWriter { out, pad: 0 }
    }

    /// A regular file; `mtime` in whole seconds since the epoch.
    pub fn append(&mut self, name: &str, body: &[u8], mtime: i64) {
        self.flush();
        if let Some((prefix, rest)) = ustar_split(name) {
            self.write_header(&header(rest, prefix, 0o644, body.len(), mtime, b'0', true));
        } else {
            // A PAX extended header carries the real name; the main header a best-effort one.
            let record = pax_record("path", name);
            let (dir, file) = name.rsplit_once('/').map_or(("", name), |(d, f)| (d, f));
            let pax_name = clean_join(dir, file);
            let pax_name = truncate(&ascii(&pax_name), NAME_SIZE)
                .trim_end_matches('/')
                .to_string();
            self.write_header(&header(&pax_name, "", 0, record.len(), 0, b'x', false));
            self.out.write(record.as_bytes());
            self.pad = padding(record.len());
            self.flush();
            let main_name = ascii(name);
            self.write_header(&header(
                truncate(&main_name, NAME_SIZE),
                "",
                0o644,
                body.len(),
                mtime,
                b'0',
                true,
            ));
        }
        self.out.write(body);
        self.pad = padding(body.len());
    }

    /// Ends the archive (two zero blocks, no padding to a record size, as Go) and returns the
    /// gzip writer.
    pub fn finish(mut self) -> GzipWriter {
        self.flush();
        self.out.write(&[0; BLOCK]);
        self.out.write(&[0; BLOCK]);
        self.out
    }

    fn flush(&mut self) {
        if self.pad > 0 {
            self.out.write(&vec![0; self.pad]);
            self.pad = 0;
        }
    }

    fn write_header(&mut self, block: &[u8; BLOCK]) {
        self.out.write(block);
    }
}

fn padding(size: usize) -> usize {
    (BLOCK - size % BLOCK) % BLOCK
}

/// `path.Join(dir, "PaxHeaders.0", file)`: the name Go gives a PAX header entry.
fn clean_join(dir: &str, file: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    parts.push("PaxHeaders.0");
    parts.extend(file.split('/').filter(|p| !p.is_empty()));
    let joined = parts.join("/");
    if dir.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The name without its non-ASCII characters (Go's best effort for old readers).
fn ascii(s: &str) -> String {
    s.chars().filter(char::is_ascii).collect()
}

fn truncate(s: &str, n: usize) -> &str {
    &s[..s.len().min(n)]
}

/// Splits a long ASCII name into USTAR's prefix and name fields, as Go does; `("", name)` when
/// it fits the name field.
fn ustar_split(name: &str) -> Option<(&str, &str)> {
    if !name.is_ascii() || name.contains('\0') {
        return None;
    }
    if name.len() <= NAME_SIZE {
        return Some(("", name));
    }
    let mut length = name.len();
    if length > PREFIX_SIZE + 1 {
        length = PREFIX_SIZE + 1;
    } else if name.as_bytes()[length - 1] == b'/' {
        length -= 1;
    }
    let i = name[..length].rfind('/')?;
    let (prefix, suffix) = (&name[..i], &name[i + 1..]);
    if i == 0 || suffix.len() > NAME_SIZE || suffix.is_empty() || prefix.len() > PREFIX_SIZE {
        return None;
    }
    Some((prefix, suffix))
}

/// A PAX record: its own length, key and value.
fn pax_record(key: &str, value: &str) -> String {
    let base = key.len() + value.len() + 3;
    let mut size = base + base.to_string().len();
    let mut record = format!("{size} {key}={value}\n");
    if record.len() != size {
        size = record.len();
        record = format!("{size} {key}={value}\n");
    }
    record
}

/// An octal field as Go fills it: zero-padded, NUL-terminated.
fn octal(field: &mut [u8], value: u64) {
    let digits = format!("{value:o}");
    let width = field.len() - 1;
    let text = format!("{digits:0>width$}");
    put_str(field, &text);
}

fn put_str(field: &mut [u8], s: &str) {
    let n = s.len().min(field.len());
    field[..n].copy_from_slice(&s.as_bytes()[..n]);
}

/// One header block. `numbered` is Go's full template (device numbers written as octal
/// zeros); PAX extension headers leave them empty.
fn header(
    name: &str,
    prefix: &str,
    mode: u64,
    size: usize,
    mtime: i64,
    typeflag: u8,
    numbered: bool,
) -> [u8; BLOCK] {
    let mut b = [0u8; BLOCK];
    put_str(&mut b[0..100], name);
    octal(&mut b[100..108], mode);
    octal(&mut b[108..116], 0);
    octal(&mut b[116..124], 0);
    octal(&mut b[124..136], size as u64);
    octal(&mut b[136..148], mtime.max(0) as u64);
    b[156] = typeflag;
    put_str(&mut b[257..263], "ustar\0");
    put_str(&mut b[263..265], "00");
    if numbered {
        octal(&mut b[329..337], 0);
        octal(&mut b[337..345], 0);
    }
    put_str(&mut b[345..500], prefix);
    // The checksum counts its own field as spaces; it is six digits, a NUL and a space.
    let sum: u64 = b
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(c)
            }
        })
        .sum();
    octal(&mut b[148..155], sum);
    b[155] = b' ';
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_split_at_a_slash() {
        let long = format!("{}/{}", "d".repeat(120), "f".repeat(20));
        assert_eq!(ustar_split(&long), Some((&long[..120], &long[121..])));
        assert_eq!(ustar_split(&"x".repeat(101)), None);
        assert_eq!(ustar_split("é"), None);
    }

    #[test]
    fn pax_records_count_their_own_length() {
        assert_eq!(pax_record("path", "a"), "9 path=a\n");
        // 98 bytes before the length, whose two digits would make 100: three are needed.
        let r = pax_record("path", &"a".repeat(91));
        assert_eq!(r.len(), 101);
        assert!(r.starts_with("101 "));
    }
}
