//! Huffman code lengths and codes built the way Go's compress/flate builds them: its own
//! length-limited construction (levels of "pairs" and "leaves"), ties broken by literal value,
//! codes handed out in literal order within each length. Any other optimal construction gives
//! codes of the same total size but different lengths per symbol, hence different bytes.

/// A symbol with its frequency.
#[derive(Debug, Clone, Copy)]
struct Node {
    literal: u16,
    freq: i32,
}

/// One depth of the tree under construction.
#[derive(Debug, Clone, Copy, Default)]
struct Level {
    last_freq: i32,
    next_char_freq: i32,
    next_pair_freq: i32,
    needed: i32,
}

/// A code table: for each symbol, its bit-reversed code (ready for LSB-first output) and length.
#[derive(Debug, Clone)]
pub struct Encoder {
    pub code: Vec<u16>,
    pub len: Vec<u16>,
}

/// The deepest code length the construction handles (lengths are below it).
const MAX_BITS_LIMIT: usize = 16;

impl Encoder {
    pub fn new(size: usize) -> Encoder {
        Encoder {
            code: vec![0; size],
            len: vec![0; size],
        }
    }

    /// DEFLATE's fixed literal/length code (RFC 1951, 3.2.6).
    pub fn fixed_literals() -> Encoder {
        let mut e = Encoder::new(super::block::MAX_NUM_LIT);
        for ch in 0..super::block::MAX_NUM_LIT as u16 {
            let (bits, size) = match ch {
                0..=143 => (ch + 48, 8),
                144..=255 => (ch + 400 - 144, 9),
                256..=279 => (ch - 256, 7),
                _ => (ch + 192 - 280, 8),
            };
            e.code[ch as usize] = reverse_bits(bits, size);
            e.len[ch as usize] = size as u16;
        }
        e
    }

    /// DEFLATE's fixed distance code: five bits each.
    pub fn fixed_offsets() -> Encoder {
        let mut e = Encoder::new(super::block::OFFSET_CODE_COUNT);
        for i in 0..super::block::OFFSET_CODE_COUNT {
            e.code[i] = reverse_bits(i as u16, 5);
            e.len[i] = 5;
        }
        e
    }

    /// Bits needed to write symbols with these frequencies.
    pub fn bit_length(&self, freq: &[i32]) -> i64 {
        freq.iter()
            .zip(&self.len)
            .map(|(&f, &l)| i64::from(f) * i64::from(l))
            .sum()
    }

    /// Rebuilds the table for `freq`, no code longer than `max_bits`.
    pub fn generate(&mut self, freq: &[i32], max_bits: i32) {
        let mut list: Vec<Node> = Vec::with_capacity(freq.len() + 1);
        for (i, &f) in freq.iter().enumerate() {
            if f != 0 {
                list.push(Node {
                    literal: i as u16,
                    freq: f,
                });
            } else {
                self.len[i] = 0;
            }
        }
        if list.len() <= 2 {
            // One or two symbols: one bit each, in literal order.
            for (i, node) in list.iter().enumerate() {
                self.code[node.literal as usize] = i as u16;
                self.len[node.literal as usize] = 1;
            }
            return;
        }
        list.sort_by_key(|n| (n.freq, n.literal));
        let counts = bit_counts(&list, max_bits);
        self.assign(&counts, &mut list);
    }

    /// Hands out codes: the least frequent symbols get the longest codes; within one length,
    /// codes go up with the literal value.
    fn assign(&mut self, bit_count: &[i32], list: &mut [Node]) {
        let mut code: u16 = 0;
        let mut rest = list.len();
        for (n, &bits) in bit_count.iter().enumerate() {
            code <<= 1;
            if n == 0 || bits == 0 {
                continue;
            }
            let chunk = &mut list[rest - bits as usize..rest];
            chunk.sort_by_key(|node| node.literal);
            for node in chunk.iter() {
                self.code[node.literal as usize] = reverse_bits(code, n as u8);
                self.len[node.literal as usize] = n as u16;
                code = code.wrapping_add(1);
            }
            rest -= bits as usize;
        }
    }
}

/// How many symbols get each code length (index = length), for a frequency-sorted list of at
/// least three symbols.
fn bit_counts(sorted: &[Node], max_bits: i32) -> Vec<i32> {
    let n = sorted.len() as i32;
    let freq_at = |i: i32| {
        sorted
            .get(i as usize)
            .map_or(i32::MAX, |node: &Node| node.freq)
    };
    let max_bits = max_bits.min(n - 1) as usize;
    let mut levels = [Level::default(); MAX_BITS_LIMIT + 1];
    // leaf_counts[i][j]: leaves left of the level-j ancestor of the rightmost node at level i.
    let mut leaf_counts = [[0i32; MAX_BITS_LIMIT + 1]; MAX_BITS_LIMIT + 1];
    for level in 1..=max_bits {
        levels[level] = Level {
            last_freq: freq_at(1),
            next_char_freq: freq_at(2),
            next_pair_freq: if level == 1 {
                i32::MAX
            } else {
                freq_at(0).wrapping_add(freq_at(1))
            },
            needed: 0,
        };
        leaf_counts[level][level] = 2;
    }
    levels[max_bits].needed = 2 * n - 4;
    let mut level = max_bits;
    loop {
        if levels[level].next_pair_freq == i32::MAX && levels[level].next_char_freq == i32::MAX {
            // Out of leaves and pairs: this level is done, and so is every level below.
            levels[level].needed = 0;
            levels[level + 1].next_pair_freq = i32::MAX;
            level += 1;
            continue;
        }
        let prev_freq = levels[level].last_freq;
        if levels[level].next_char_freq < levels[level].next_pair_freq {
            let count = leaf_counts[level][level] + 1;
            levels[level].last_freq = levels[level].next_char_freq;
            leaf_counts[level][level] = count;
            levels[level].next_char_freq = freq_at(count);
        } else {
            levels[level].last_freq = levels[level].next_pair_freq;
            let below = leaf_counts[level - 1];
            leaf_counts[level][..level].copy_from_slice(&below[..level]);
            levels[level - 1].needed = 2;
        }
        levels[level].needed -= 1;
        if levels[level].needed == 0 {
            if level == max_bits {
                break;
            }
            levels[level + 1].next_pair_freq = prev_freq.wrapping_add(levels[level].last_freq);
            level += 1;
        } else {
            while levels[level - 1].needed > 0 {
                level -= 1;
            }
        }
    }
    let counts = &leaf_counts[max_bits];
    let mut bit_count = vec![0; max_bits + 1];
    for (bits, level) in (1..=max_bits).rev().enumerate() {
        bit_count[bits + 1] = counts[level] - counts[level - 1];
    }
    bit_count
}

/// The low `len` bits of `code`, reversed (DEFLATE sends Huffman codes most significant bit
/// first into an LSB-first stream).
pub fn reverse_bits(code: u16, len: u8) -> u16 {
    (code << (16 - u32::from(len))).reverse_bits()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kraft's equality: a complete prefix code uses the whole code space.
    fn kraft_sum(e: &Encoder) -> f64 {
        e.len
            .iter()
            .filter(|&&l| l > 0)
            .map(|&l| 0.5f64.powi(i32::from(l)))
            .sum()
    }

    #[test]
    fn complete_codes_within_the_limit() {
        let freq: Vec<i32> = (0..286).map(|i| (i * 7919 % 1000) + 1).collect();
        let mut e = Encoder::new(286);
        e.generate(&freq, 15);
        assert!(e.len.iter().all(|&l| (1..=15).contains(&l)));
        assert!((kraft_sum(&e) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn skewed_frequencies_are_length_limited() {
        // Fibonacci frequencies want a code as deep as the alphabet; the limit caps it.
        let mut freq = vec![1i32, 1];
        while freq.len() < 30 {
            let n = freq.len();
            freq.push(freq[n - 1] + freq[n - 2]);
        }
        let mut e = Encoder::new(30);
        e.generate(&freq, 7);
        assert!(e.len.iter().all(|&l| (1..=7).contains(&l)));
        assert!((kraft_sum(&e) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn two_symbols_get_one_bit_each() {
        let mut e = Encoder::new(4);
        e.generate(&[0, 5, 0, 9], 15);
        assert_eq!(e.len, vec![0, 1, 0, 1]);
        assert_eq!((e.code[1], e.code[3]), (0, 1));
    }
}
