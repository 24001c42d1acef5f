//! Fuzz-style round trip of the Go deflate port: inputs of every compressibility, sizes across
//! the window slide and the 16384-token block limit, fed in random chunks, must decompress
//! (with an independent inflater) to themselves. Byte equality with Go's own output is checked
//! against the real helm by the `rudder` crate's package tests.

use std::io::Read;

use rudder_repo::goflate::Deflater;
use rudder_repo::gzip::GzipWriter;

/// xorshift64*: a small deterministic generator, so failures replay.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// An input of `len` bytes in one of several shapes.
fn input(rng: &mut Rng, len: usize, shape: usize) -> Vec<u8> {
    let words = [
        "name: ",
        "value",
        "{{ .Values.x }}",
        "\n  ",
        "kind: ConfigMap",
        "0123",
    ];
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        match shape {
            0 => out.push(rng.next() as u8),
            1 => out.extend_from_slice(words[rng.below(words.len())].as_bytes()),
            2 => out.extend(std::iter::repeat_n(
                b'a' + rng.below(3) as u8,
                rng.below(600),
            )),
            3 => out.push(0),
            _ => {
                // Copies of earlier text at random distances, with noise.
                if out.len() > 10 && rng.below(4) > 0 {
                    let start = rng.below(out.len());
                    let n = rng.below(300).min(out.len() - start);
                    let piece = out[start..start + n].to_vec();
                    out.extend(piece);
                } else {
                    out.push(rng.next() as u8);
                }
            }
        }
    }
    out.truncate(len);
    out
}

fn inflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(data)
        .read_to_end(&mut out)
        .expect("a valid deflate stream");
    out
}

#[test]
fn random_inputs_round_trip() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let sizes = [
        0, 1, 3, 4, 5, 100, 258, 262, 4096, 65535, 65536, 70_000, 200_000,
    ];
    for (i, &len) in sizes.iter().cycle().take(sizes.len() * 5).enumerate() {
        let data = input(&mut rng, len, i % 5);
        let mut d = Deflater::new();
        let mut rest = data.as_slice();
        while !rest.is_empty() {
            let n = (rng.below(20_000) + 1).min(rest.len());
            d.write(&rest[..n]);
            rest = &rest[n..];
        }
        let compressed = d.finish();
        assert_eq!(
            inflate(&compressed),
            data,
            "case {i}: {len} bytes, shape {}",
            i % 5
        );
    }
}

#[test]
fn gzip_header_and_trailer() {
    let mut g = GzipWriter::new(b"xy", "Helm");
    g.write(b"hello hello hello hello");
    let file = g.finish();
    assert_eq!(&file[..10], &[0x1f, 0x8b, 8, 0x14, 0, 0, 0, 0, 0, 0xff]);
    assert_eq!(&file[10..19], b"\x02\x00xyHelm\x00");
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(file.as_slice())
        .read_to_end(&mut out)
        .unwrap();
    assert_eq!(out, b"hello hello hello hello");
}
