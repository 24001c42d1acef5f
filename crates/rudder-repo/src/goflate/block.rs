//! DEFLATE blocks as Go's compress/flate writes them: for each block of tokens it prices the
//! fixed code, its own dynamic code and a stored block, and writes the cheapest (ties go to
//! fixed, then to Huffman over stored), with the code-length alphabet run-length encoded as Go
//! encodes it.

use super::huffman::Encoder;

/// Literal/length alphabet size: 256 literals, end of block, 29 length codes.
pub const MAX_NUM_LIT: usize = 286;
pub const OFFSET_CODE_COUNT: usize = 30;
const END_BLOCK: usize = 256;
const LENGTH_CODES_START: usize = 257;
const CODEGEN_CODE_COUNT: usize = 19;
/// Marks the end of the run-length encoded code lengths.
const BAD_CODE: u8 = 255;
pub const MAX_STORE_BLOCK_SIZE: usize = 65535;

// RFC 1951, 3.2.5: extra bits and base values of the length and distance codes (lengths and
// distances stored minus 3 and minus 1).
const LENGTH_EXTRA_BITS: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const LENGTH_BASE: [u32; 29] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128,
    160, 192, 224, 255,
];
const OFFSET_EXTRA_BITS: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
const OFFSET_BASE: [u32; 30] = [
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0006, 0x0008, 0x000c, 0x0010, 0x0018, 0x0020, 0x0030,
    0x0040, 0x0060, 0x0080, 0x00c0, 0x0100, 0x0180, 0x0200, 0x0300, 0x0400, 0x0600, 0x0800, 0x0c00,
    0x1000, 0x1800, 0x2000, 0x3000, 0x4000, 0x6000,
];
/// The order in which the code-length code's lengths are sent.
const CODEGEN_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// What the matcher emits: a literal byte (or the end-of-block marker), or a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Literal(u16),
    /// Length minus 3, distance minus 1.
    Match {
        xlength: u32,
        xoffset: u32,
    },
}

/// The length code (0-based, before adding 257) of a length minus 3.
fn length_code(xlength: u32) -> usize {
    LENGTH_BASE.iter().rposition(|&b| b <= xlength).unwrap_or(0)
}

/// The distance code of a distance minus 1.
fn offset_code(xoffset: u32) -> usize {
    OFFSET_BASE.iter().rposition(|&b| b <= xoffset).unwrap_or(0)
}

/// An LSB-first bit sink over a byte vector.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, bits: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += bits;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Pads to a byte boundary with zero bits.
    fn align(&mut self) {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.acc = 0;
        self.n = 0;
    }
}

/// Writes blocks; keeps the frequency tables and encoders between blocks as Go does.
pub struct BlockWriter {
    bits: Bits,
    literal_freq: Vec<i32>,
    offset_freq: Vec<i32>,
    codegen: Vec<u8>,
    codegen_freq: [i32; CODEGEN_CODE_COUNT],
    literal_encoding: Encoder,
    offset_encoding: Encoder,
    codegen_encoding: Encoder,
    fixed_literals: Encoder,
    fixed_offsets: Encoder,
}

impl BlockWriter {
    pub fn new() -> BlockWriter {
        BlockWriter {
            bits: Bits::default(),
            literal_freq: vec![0; MAX_NUM_LIT],
            offset_freq: vec![0; OFFSET_CODE_COUNT],
            codegen: vec![0; MAX_NUM_LIT + OFFSET_CODE_COUNT + 1],
            codegen_freq: [0; CODEGEN_CODE_COUNT],
            literal_encoding: Encoder::new(MAX_NUM_LIT),
            offset_encoding: Encoder::new(OFFSET_CODE_COUNT),
            codegen_encoding: Encoder::new(CODEGEN_CODE_COUNT),
            fixed_literals: Encoder::fixed_literals(),
            fixed_offsets: Encoder::fixed_offsets(),
        }
    }

    /// The bytes written so far, the last partial byte included.
    pub fn finish(mut self) -> Vec<u8> {
        self.bits.align();
        self.bits.out
    }

    /// A stored block's header (the bytes follow, byte-aligned).
    pub fn write_stored_header(&mut self, length: usize, eof: bool) {
        self.bits.put(u32::from(eof), 3);
        self.bits.align();
        self.bits.put(length as u32, 16);
        self.bits.put(u32::from(!(length as u16)), 16);
    }

    fn write_stored(&mut self, input: &[u8], eof: bool) {
        self.write_stored_header(input.len(), eof);
        self.bits.out.extend_from_slice(input);
    }

    /// Writes `tokens` (without the end marker) in the cheapest form; `input` is the text the
    /// tokens stand for, when still in the window (it allows a stored block).
    pub fn write_block(&mut self, tokens: &[Token], eof: bool, input: Option<&[u8]>) {
        let (num_literals, num_offsets) = self.index_tokens(tokens);
        let stored = input.filter(|i| i.len() <= MAX_STORE_BLOCK_SIZE);
        let mut extra_bits: i64 = 0;
        if stored.is_some() {
            // The extra bits cost the same in fixed and dynamic codes; they only matter
            // against a stored block. The first eight length and four distance codes have none.
            for code in LENGTH_CODES_START + 8..num_literals {
                extra_bits += i64::from(self.literal_freq[code])
                    * i64::from(LENGTH_EXTRA_BITS[code - LENGTH_CODES_START]);
            }
            extra_bits += self.offset_freq[..num_offsets]
                .iter()
                .zip(&OFFSET_EXTRA_BITS)
                .skip(4)
                .map(|(&f, &bits)| i64::from(f) * i64::from(bits))
                .sum::<i64>();
        }
        let fixed_size = 3
            + self.fixed_literals.bit_length(&self.literal_freq)
            + self.fixed_offsets.bit_length(&self.offset_freq)
            + extra_bits;
        self.generate_codegen(num_literals, num_offsets);
        self.codegen_encoding.generate(&self.codegen_freq, 7);
        let (dynamic_size, num_codegens) = self.dynamic_size(extra_bits);
        let dynamic = dynamic_size < fixed_size;
        let size = fixed_size.min(dynamic_size);
        if let Some(input) = stored {
            if ((input.len() as i64) + 5) * 8 < size {
                self.write_stored(input, eof);
                return;
            }
        }
        if dynamic {
            self.write_dynamic_header(num_literals, num_offsets, num_codegens, eof);
        } else {
            self.bits.put(if eof { 3 } else { 2 }, 3);
        }
        self.write_tokens(tokens, dynamic);
    }

    /// Counts symbol frequencies (end marker included) and builds both dynamic codes; returns
    /// how many literal/length and distance codes the header must list.
    fn index_tokens(&mut self, tokens: &[Token]) -> (usize, usize) {
        self.literal_freq.fill(0);
        self.offset_freq.fill(0);
        for t in tokens.iter().chain(&[Token::Literal(END_BLOCK as u16)]) {
            match *t {
                Token::Literal(l) => self.literal_freq[l as usize] += 1,
                Token::Match { xlength, xoffset } => {
                    self.literal_freq[LENGTH_CODES_START + length_code(xlength)] += 1;
                    self.offset_freq[offset_code(xoffset)] += 1;
                }
            }
        }
        let mut num_literals = MAX_NUM_LIT;
        while self.literal_freq[num_literals - 1] == 0 {
            num_literals -= 1;
        }
        let mut num_offsets = OFFSET_CODE_COUNT;
        while num_offsets > 0 && self.offset_freq[num_offsets - 1] == 0 {
            num_offsets -= 1;
        }
        if num_offsets == 0 {
            // No match: one distance code anyway, so a dynamic header can describe the tree.
            self.offset_freq[0] = 1;
            num_offsets = 1;
        }
        self.literal_encoding.generate(&self.literal_freq, 15);
        self.offset_encoding.generate(&self.offset_freq, 15);
        (num_literals, num_offsets)
    }

    /// Run-length encodes the code lengths (RFC 1951, 3.2.7) into `codegen` (codes 16-18
    /// followed by their repeat count), counting each code's use.
    fn generate_codegen(&mut self, num_literals: usize, num_offsets: usize) {
        self.codegen_freq = [0; CODEGEN_CODE_COUNT];
        let lengths: Vec<u8> = self.literal_encoding.len[..num_literals]
            .iter()
            .chain(&self.offset_encoding.len[..num_offsets])
            .map(|&l| l as u8)
            .collect();
        let out = &mut self.codegen;
        let freq = &mut self.codegen_freq;
        out.clear();
        let mut i = 0;
        while i < lengths.len() {
            let size = lengths[i];
            let mut count = lengths[i..].iter().take_while(|&&l| l == size).count();
            i += count;
            if size != 0 {
                out.push(size);
                freq[size as usize] += 1;
                count -= 1;
                while count >= 3 {
                    let n = count.min(6);
                    out.extend([16, (n - 3) as u8]);
                    freq[16] += 1;
                    count -= n;
                }
            } else {
                while count >= 11 {
                    let n = count.min(138);
                    out.extend([18, (n - 11) as u8]);
                    freq[18] += 1;
                    count -= n;
                }
                if count >= 3 {
                    out.extend([17, (count - 3) as u8]);
                    freq[17] += 1;
                    count = 0;
                }
            }
            for _ in 0..count {
                out.push(size);
                freq[size as usize] += 1;
            }
        }
        out.push(BAD_CODE);
    }

    fn dynamic_size(&self, extra_bits: i64) -> (i64, usize) {
        let mut num_codegens = CODEGEN_CODE_COUNT;
        while num_codegens > 4 && self.codegen_freq[CODEGEN_ORDER[num_codegens - 1]] == 0 {
            num_codegens -= 1;
        }
        let header = 3
            + 5
            + 5
            + 4
            + 3 * num_codegens as i64
            + self.codegen_encoding.bit_length(&self.codegen_freq)
            + i64::from(self.codegen_freq[16]) * 2
            + i64::from(self.codegen_freq[17]) * 3
            + i64::from(self.codegen_freq[18]) * 7;
        let size = header
            + self.literal_encoding.bit_length(&self.literal_freq)
            + self.offset_encoding.bit_length(&self.offset_freq)
            + extra_bits;
        (size, num_codegens)
    }

    fn write_dynamic_header(
        &mut self,
        num_literals: usize,
        num_offsets: usize,
        num_codegens: usize,
        eof: bool,
    ) {
        self.bits.put(if eof { 5 } else { 4 }, 3);
        self.bits.put((num_literals - 257) as u32, 5);
        self.bits.put((num_offsets - 1) as u32, 5);
        self.bits.put((num_codegens - 4) as u32, 4);
        for &code in &CODEGEN_ORDER[..num_codegens] {
            self.bits.put(u32::from(self.codegen_encoding.len[code]), 3);
        }
        let mut i = 0;
        loop {
            let word = self.codegen[i];
            i += 1;
            if word == BAD_CODE {
                break;
            }
            let w = word as usize;
            self.bits.put(
                u32::from(self.codegen_encoding.code[w]),
                u32::from(self.codegen_encoding.len[w]),
            );
            let extra = match word {
                16 => 2,
                17 => 3,
                18 => 7,
                _ => continue,
            };
            self.bits.put(u32::from(self.codegen[i]), extra);
            i += 1;
        }
    }

    fn write_tokens(&mut self, tokens: &[Token], dynamic: bool) {
        let (lit, off) = if dynamic {
            (&self.literal_encoding, &self.offset_encoding)
        } else {
            (&self.fixed_literals, &self.fixed_offsets)
        };
        let bits = &mut self.bits;
        let put_code = |bits: &mut Bits, e: &Encoder, sym: usize| {
            bits.put(u32::from(e.code[sym]), u32::from(e.len[sym]));
        };
        for t in tokens.iter().chain(&[Token::Literal(END_BLOCK as u16)]) {
            match *t {
                Token::Literal(l) => put_code(bits, lit, l as usize),
                Token::Match { xlength, xoffset } => {
                    let lc = length_code(xlength);
                    put_code(bits, lit, LENGTH_CODES_START + lc);
                    let extra = u32::from(LENGTH_EXTRA_BITS[lc]);
                    if extra > 0 {
                        bits.put(xlength - LENGTH_BASE[lc], extra);
                    }
                    let oc = offset_code(xoffset);
                    put_code(bits, off, oc);
                    let extra = u32::from(OFFSET_EXTRA_BITS[oc]);
                    if extra > 0 {
                        bits.put(xoffset - OFFSET_BASE[oc], extra);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_lengths_and_distances() {
        assert_eq!(length_code(0), 0);
        assert_eq!(length_code(8), 8);
        assert_eq!(length_code(9), 8);
        assert_eq!(length_code(254), 27);
        assert_eq!(length_code(255), 28);
        assert_eq!(offset_code(0), 0);
        assert_eq!(offset_code(4), 4);
        assert_eq!(offset_code(5), 4);
        assert_eq!(offset_code(32767), 29);
    }
}
