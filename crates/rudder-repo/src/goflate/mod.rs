//! Go's `compress/flate` at its default level (6), reproduced bit for bit.
//!
//! Why: helm writes chart archives with Go's gzip at the default level, and a chart archive's
//! bytes (hence its sha256 digest in `index.yaml` and in provenance files) depend on the
//! compressor's exact choices. zlib and miniz at level 6 decompress to the same tar but
//! compress differently (Go matches 4-byte minimums, uses its own hash, lazy-match rules,
//! block splitting every 16384 tokens and its own length-limited Huffman codes), so only this
//! port gives `rudder package` the same `.tgz` bytes as `helm package`.
//!
//! The output also depends on how the input arrives: the window slides when it is nearly
//! full, so callers feed it with the same `write` calls Go's tar writer makes.

mod block;
mod huffman;

use block::{BlockWriter, Token};

const WINDOW_SIZE: usize = 1 << 15;
const WINDOW_MASK: usize = WINDOW_SIZE - 1;
/// Go's matcher never emits matches shorter than 4 bytes (DEFLATE allows 3).
const MIN_MATCH: usize = 4;
const MAX_MATCH: usize = 258;
const MAX_BLOCK_TOKENS: usize = 1 << 14;
const HASH_BITS: u32 = 17;
const HASH_SIZE: usize = 1 << HASH_BITS;
const HASH_MUL: u32 = 0x1e35a7bd;
const MAX_HASH_OFFSET: i64 = 1 << 24;
/// `block_start` once the text of the pending block has slid out of the window.
const BLOCK_START_GONE: i64 = i32::MAX as i64;

// Level 6's parameters: no lazy search after a match of 16, accept 128 as long enough, follow
// 128 chain links. (Its "good" length, 8, never applies: Go's search always starts from 3.)
const LAZY: usize = 16;
const NICE: usize = 128;
const CHAIN: usize = 128;

fn hash4(b: &[u8]) -> usize {
    let v = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (v.wrapping_mul(HASH_MUL) >> (32 - HASH_BITS)) as usize
}

/// A raw DEFLATE stream writer; `finish` returns the stream.
pub struct Deflater {
    out: BlockWriter,
    /// Two window sizes: the sliding window and the lookahead.
    window: Vec<u8>,
    window_end: usize,
    index: usize,
    /// Where the tokens of the pending block start in the window.
    block_start: i64,
    /// Lazy matching: the byte before `index` still awaits a decision.
    byte_available: bool,
    tokens: Vec<Token>,
    length: usize,
    offset: usize,
    /// Most recent position (plus `hash_offset`) of each hash value; 0 is none.
    hash_head: Vec<u32>,
    /// Previous position with the same hash, per window slot.
    hash_prev: Vec<u32>,
    hash_offset: i64,
    chain_head: i64,
    max_insert_index: i64,
}

impl Default for Deflater {
    fn default() -> Self {
        Deflater::new()
    }
}

impl Deflater {
    pub fn new() -> Deflater {
        Deflater {
            out: BlockWriter::new(),
            window: vec![0; 2 * WINDOW_SIZE],
            window_end: 0,
            index: 0,
            block_start: 0,
            byte_available: false,
            tokens: Vec::with_capacity(MAX_BLOCK_TOKENS + 1),
            length: MIN_MATCH - 1,
            offset: 0,
            hash_head: vec![0; HASH_SIZE],
            hash_prev: vec![0; WINDOW_SIZE],
            hash_offset: 1,
            chain_head: -1,
            max_insert_index: 0,
        }
    }

    /// Compresses `data` (one `Write` call of Go's writer).
    pub fn write(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            self.step(false);
            let n = self.fill(data);
            data = &data[n..];
        }
    }

    /// Compresses what is left and closes the stream (Go's `Close`).
    pub fn finish(mut self) -> Vec<u8> {
        self.step(true);
        self.out.write_stored_header(0, true);
        self.out.finish()
    }

    /// Copies input into the window, sliding it first when the lookahead runs short.
    fn fill(&mut self, data: &[u8]) -> usize {
        if self.index >= 2 * WINDOW_SIZE - (MIN_MATCH + MAX_MATCH) {
            self.window.copy_within(WINDOW_SIZE..2 * WINDOW_SIZE, 0);
            self.index -= WINDOW_SIZE;
            self.window_end -= WINDOW_SIZE;
            self.block_start = if self.block_start >= WINDOW_SIZE as i64 {
                self.block_start - WINDOW_SIZE as i64
            } else {
                BLOCK_START_GONE
            };
            self.hash_offset += WINDOW_SIZE as i64;
            if self.hash_offset > MAX_HASH_OFFSET {
                let delta = self.hash_offset - 1;
                self.hash_offset -= delta;
                self.chain_head -= delta;
                for v in self.hash_prev.iter_mut().chain(self.hash_head.iter_mut()) {
                    *v = if i64::from(*v) > delta {
                        (i64::from(*v) - delta) as u32
                    } else {
                        0
                    };
                }
            }
        }
        let n = data.len().min(self.window.len() - self.window_end);
        self.window[self.window_end..self.window_end + n].copy_from_slice(&data[..n]);
        self.window_end += n;
        n
    }

    fn write_block(&mut self, index: usize) {
        if index > 0 {
            let input = (self.block_start <= index as i64)
                .then(|| &self.window[self.block_start as usize..index]);
            self.out.write_block(&self.tokens, false, input);
            self.block_start = index as i64;
        }
        self.tokens.clear();
    }

    /// Records `index` in the hash chains.
    fn insert(&mut self, index: usize) {
        let h = hash4(&self.window[index..index + MIN_MATCH]);
        self.hash_prev[index & WINDOW_MASK] = self.hash_head[h];
        self.hash_head[h] = (index as i64 + self.hash_offset) as u32;
    }

    /// Lazy matching over the window; stops when the lookahead is short unless `sync`.
    fn step(&mut self, sync: bool) {
        if self.window_end - self.index < MIN_MATCH + MAX_MATCH && !sync {
            return;
        }
        self.max_insert_index = self.window_end as i64 - (MIN_MATCH as i64 - 1);
        loop {
            let lookahead = self.window_end - self.index;
            if lookahead < MIN_MATCH + MAX_MATCH {
                if !sync {
                    return;
                }
                if lookahead == 0 {
                    if self.byte_available {
                        let b = self.window[self.index - 1];
                        self.tokens.push(Token::Literal(u16::from(b)));
                        self.byte_available = false;
                    }
                    if !self.tokens.is_empty() {
                        self.write_block(self.index);
                    }
                    return;
                }
            }
            if (self.index as i64) < self.max_insert_index {
                let h = hash4(&self.window[self.index..self.index + MIN_MATCH]);
                self.chain_head = i64::from(self.hash_head[h]);
                self.hash_prev[self.index & WINDOW_MASK] = self.chain_head as u32;
                self.hash_head[h] = (self.index as i64 + self.hash_offset) as u32;
            }
            let prev_length = self.length;
            let prev_offset = self.offset;
            self.length = MIN_MATCH - 1;
            self.offset = 0;
            let min_index = self.index.saturating_sub(WINDOW_SIZE) as i64;
            let head = self.chain_head - self.hash_offset;
            if head >= min_index && lookahead > prev_length && prev_length < LAZY {
                if let Some((length, offset)) = self.find_match(self.index, head, lookahead) {
                    self.length = length;
                    self.offset = offset;
                }
            }
            if prev_length >= MIN_MATCH && self.length <= prev_length {
                // The previous position's match is at least as good: emit it.
                self.tokens.push(Token::Match {
                    xlength: (prev_length - 3) as u32,
                    xoffset: (prev_offset - 1) as u32,
                });
                let end = self.index + prev_length - 1;
                self.index += 1;
                while self.index < end {
                    if (self.index as i64) < self.max_insert_index {
                        self.insert(self.index);
                    }
                    self.index += 1;
                }
                self.byte_available = false;
                self.length = MIN_MATCH - 1;
                if self.tokens.len() == MAX_BLOCK_TOKENS {
                    self.write_block(self.index);
                }
            } else {
                if self.byte_available {
                    let i = self.index - 1;
                    self.tokens.push(Token::Literal(u16::from(self.window[i])));
                    if self.tokens.len() == MAX_BLOCK_TOKENS {
                        self.write_block(i + 1);
                    }
                }
                self.index += 1;
                self.byte_available = true;
            }
        }
    }

    /// The longest match for `pos` along its hash chain, as (length, distance); a match of
    /// exactly 4 bytes counts only within 4096 bytes.
    fn find_match(&self, pos: usize, head: i64, lookahead: usize) -> Option<(usize, usize)> {
        let max_look = lookahead.min(MAX_MATCH);
        let nice = max_look.min(NICE);
        let mut tries = CHAIN;
        let mut length = MIN_MATCH - 1;
        let win = &self.window[..pos + max_look];
        let mut w_end = win[pos + length];
        let min_index = pos as i64 - WINDOW_SIZE as i64;
        let mut found = None;
        let mut i = head;
        while tries > 0 {
            let iu = i as usize;
            if w_end == win[iu + length] {
                let n = win[iu..iu + max_look]
                    .iter()
                    .zip(&win[pos..pos + max_look])
                    .take_while(|(a, b)| a == b)
                    .count();
                if n > length && (n > MIN_MATCH || pos - iu <= 4096) {
                    length = n;
                    found = Some((n, pos - iu));
                    if n >= nice {
                        break;
                    }
                    w_end = win[pos + n];
                }
            }
            if i == min_index {
                // The slot of this position was reused by a newer one.
                break;
            }
            i = i64::from(self.hash_prev[iu & WINDOW_MASK]) - self.hash_offset;
            if i < min_index || i < 0 {
                break;
            }
            tries -= 1;
        }
        found
    }
}

/// Compresses `data` as one `Write` and `Close` of Go's `flate.Writer` at level 6.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut d = Deflater::new();
    d.write(data);
    d.finish()
}
