//! Go's `compress/gzip` writer: the header it writes (no name, no modification time, OS
//! "unknown", the extra field and comment the caller sets) around a [`Deflater`] stream.

use crate::goflate::Deflater;

/// The gzip header flags Go sets for an extra field and a comment.
const FLAG_EXTRA: u8 = 0x04;
const FLAG_COMMENT: u8 = 0x10;
/// "Unknown" operating system, which Go always writes.
const OS_UNKNOWN: u8 = 0xff;

/// A gzip stream being written, fed by the same `write` calls as Go's writer gets.
pub struct GzipWriter {
    out: Vec<u8>,
    deflater: Deflater,
    crc: crc32fast::Hasher,
    size: u32,
}

impl GzipWriter {
    pub fn new(extra: &[u8], comment: &str) -> GzipWriter {
        let mut out = vec![
            0x1f,
            0x8b,
            8,
            FLAG_EXTRA | FLAG_COMMENT,
            0,
            0,
            0,
            0,
            0,
            OS_UNKNOWN,
        ];
        out.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        out.extend_from_slice(extra);
        out.extend_from_slice(comment.as_bytes());
        out.push(0);
        GzipWriter {
            out,
            deflater: Deflater::new(),
            crc: crc32fast::Hasher::new(),
            size: 0,
        }
    }

    pub fn write(&mut self, data: &[u8]) {
        self.crc.update(data);
        self.size = self.size.wrapping_add(data.len() as u32);
        self.deflater.write(data);
    }

    /// The whole file: header, compressed stream, CRC-32 and size.
    pub fn finish(self) -> Vec<u8> {
        let mut out = self.out;
        out.extend(self.deflater.finish());
        out.extend_from_slice(&self.crc.finalize().to_le_bytes());
        out.extend_from_slice(&self.size.to_le_bytes());
        out
    }
}
