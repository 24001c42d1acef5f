//! Random primes for RSA keys, about three times faster than aws-lc's `BN_generate_prime_ex`
//! (1024 bits, on this project's machine: 11-12.5 ms on average in runs of 200 primes, against
//! aws-lc's 33 and 45 ms averages in two runs of 20; 2048 bits: 126-154 ms on average in runs
//! of 40). The prime search is nearly all of a key-generating chart's render, see `keygen.rs`.
//!
//! aws-lc draws a fresh random number for each candidate and trial-divides it by 512 small
//! primes, so about 50 candidates of 1024 bits reach Miller-Rabin. This search draws one random
//! start and sieves the window of odd numbers after it by every prime below 2^18 (the residues
//! of the start are 7,063 word divisions, less than two Miller-Rabin rounds), as OpenSSL's
//! generator and Go's `crypto/rand.Prime` do: about 32 candidates reach Miller-Rabin (36 with
//! the primes below 2^16, which made 2048-bit primes 10-25% slower). Then Miller-Rabin with random bases and FIPS
//! 186-4's rounds (table C.2, as aws-lc counts them); composites almost always fail the first.

use std::sync::OnceLock;

use super::bignum::{Big, Ctx, Mont};

/// Odd offsets after the random start sieved at once. The chance that a window of 2 x 4096
/// numbers holds no prime is about e^-11.5 at 1024 bits; the search then starts afresh.
const WINDOW: usize = 4096;

/// Sieving primes are below this.
const SIEVE_LIMIT: usize = 1 << 18;

/// The odd primes below `SIEVE_LIMIT`, grouped so that each group's product fits a word: one
/// division of the random start by the product gives the residues of the whole group.
struct SievePrimes {
    primes: Vec<u32>,
    /// (product, end of the group in `primes`).
    groups: Vec<(u64, usize)>,
}

fn sieve_primes() -> &'static SievePrimes {
    static PRIMES: OnceLock<SievePrimes> = OnceLock::new();
    PRIMES.get_or_init(|| {
        // Odd numbers only: index i stands for 2i + 1.
        let mut composite = vec![false; SIEVE_LIMIT / 2];
        let mut primes = Vec::new();
        for i in 1..SIEVE_LIMIT / 2 {
            if composite[i] {
                continue;
            }
            let p = 2 * i + 1;
            primes.push(p as u32);
            (p * p / 2..SIEVE_LIMIT / 2)
                .step_by(p)
                .for_each(|m| composite[m] = true);
        }
        let mut groups: Vec<(u64, usize)> = Vec::new();
        for (i, &p) in primes.iter().enumerate() {
            match groups
                .last_mut()
                .and_then(|g| g.0.checked_mul(u64::from(p)).map(|m| (g, m)))
            {
                Some((group, product)) => *group = (product, i + 1),
                None => groups.push((u64::from(p), i + 1)),
            }
        }
        SievePrimes { primes, groups }
    })
}

/// Which of the odd numbers `start + 2k`, k < WINDOW, have a factor below `SIEVE_LIMIT`.
fn sieve(start: &Big) -> Option<Vec<bool>> {
    let table = sieve_primes();
    let mut composite = vec![false; WINDOW];
    let mut begin = 0;
    for &(product, end) in &table.groups {
        let residue = start.rem_word(product)?;
        for &p in &table.primes[begin..end] {
            let p = u64::from(p);
            // start + 2k = 0 (mod p)  <=>  k = -start / 2 = (p - start mod p) * (p + 1) / 2.
            let first = (p - residue % p) % p * p.div_ceil(2) % p;
            (first as usize..WINDOW)
                .step_by(p as usize)
                .for_each(|k| composite[k] = true);
        }
        begin = end;
    }
    Some(composite)
}

/// Miller-Rabin rounds for a random candidate of `bits` bits (at least 476) with error below
/// 2^-100, FIPS 186-4 table C.2 as aws-lc's `BN_prime_checks_for_size` has it.
fn rounds(bits: u32) -> u32 {
    match bits {
        3747.. => 3,
        1345.. => 4,
        _ => 5,
    }
}

/// Miller-Rabin with `rounds` random bases (FIPS 186-4 C.3.1) on an odd `w` > 3.
fn probably_prime(w: &Big, rounds: u32, ctx: &Ctx) -> Option<bool> {
    let w1 = w.minus_word(1)?;
    let a = w1.low_zero_bits();
    let m = w1.shifted_right(a)?;
    let mont = Mont::new(w, ctx)?;
    'rounds: for _ in 0..rounds {
        let b = w1.random_below(2)?;
        let mut z = b.pow_mod(&m, &mont, ctx)?;
        if z.is_one() || z == w1 {
            continue;
        }
        for _ in 1..a {
            z = z.square_mod(w, ctx)?;
            if z == w1 {
                continue 'rounds;
            }
            if z.is_one() {
                return Some(false);
            }
        }
        return Some(false);
    }
    Some(true)
}

/// How a search ended.
pub enum Found {
    /// A prime, as big-endian bytes.
    Prime(Vec<u8>),
    /// The caller's `go_on` said to stop.
    Stopped,
}

/// A random prime of `bits` bits (at least 512) with its top two bits set, and p - 1 prime to
/// `e`, unless `go_on`, asked before each Miller-Rabin test, says to stop first. `None`: aws-lc
/// failed.
pub fn random_prime(bits: u32, e: u64, go_on: &dyn Fn() -> bool) -> Option<Found> {
    let ctx = Ctx::new()?;
    let rounds = rounds(bits);
    loop {
        let start = Big::random_odd_top_two(bits)?;
        for (k, _) in sieve(&start)?.iter().enumerate().filter(|(_, c)| !**c) {
            let candidate = start.plus_word(2 * k as u64)?;
            if candidate.bits() != bits {
                break;
            }
            if !go_on() {
                return Some(Found::Stopped);
            }
            if candidate.rem_word(e)? != 1 && probably_prime(&candidate, rounds, &ctx)? {
                return Some(Found::Prime(candidate.to_be_bytes()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(n: u64) -> Big {
        Big::word(n).unwrap()
    }

    #[test]
    fn the_sieve_table_holds_the_odd_primes_below_its_limit() {
        let table = sieve_primes();
        assert_eq!(table.primes.len(), 22_999);
        assert_eq!(&table.primes[..5], &[3, 5, 7, 11, 13]);
        assert_eq!(table.primes.last(), Some(&262_139));
        assert_eq!(table.groups.len(), 7063);
        let mut begin = 0;
        for &(product, end) in &table.groups {
            let expected = table.primes[begin..end]
                .iter()
                .map(|&p| u64::from(p))
                .product();
            assert_eq!(product, expected);
            begin = end;
        }
        assert_eq!(begin, table.primes.len());
    }

    #[test]
    fn the_sieve_marks_exactly_the_multiples_of_small_primes() {
        let start = Big::random_odd_top_two(256).unwrap();
        let composite = sieve(&start).unwrap();
        let table = sieve_primes();
        for k in 0..200 {
            let n = start.plus_word(2 * k).unwrap();
            let has_small_factor = table
                .primes
                .iter()
                .any(|&p| n.rem_word(p.into()) == Some(0));
            assert_eq!(composite[k as usize], has_small_factor, "offset {k}");
        }
    }

    #[test]
    fn miller_rabin_tells_primes_from_composites() {
        let ctx = Ctx::new().unwrap();
        // Primes, among them 2^61 - 1 and 2^64 - 59.
        for p in [
            5u64,
            7,
            65537,
            2_305_843_009_213_693_951,
            18_446_744_073_709_551_557,
        ] {
            assert_eq!(probably_prime(&big(p), 20, &ctx), Some(true), "{p}");
        }
        // Carmichael numbers and strong pseudoprimes to base 2 (2047 = 23 x 89,
        // 3215031751 = 151 x 751 x 28351, a strong pseudoprime to bases 2, 3, 5 and 7).
        for c in [561u64, 41041, 2047, 3_215_031_751, 9, 15, 65535] {
            assert_eq!(probably_prime(&big(c), 20, &ctx), Some(false), "{c}");
        }
    }

    #[test]
    fn primes_have_the_bits_and_residue_asked_for() {
        for bits in [512, 1024] {
            let Some(Found::Prime(p)) = random_prime(bits, 65537, &|| true) else {
                panic!("no {bits}-bit prime");
            };
            let p = Big::from_be_bytes(&p).unwrap();
            assert_eq!(p.bits(), bits);
            assert_eq!(p.to_be_bytes()[0] >> 6, 3);
            assert_ne!(p.rem_word(65537), Some(1));
            assert_eq!(probably_prime(&p, 40, &Ctx::new().unwrap()), Some(true));
        }
    }

    #[test]
    fn the_rounds_follow_fips_186_4() {
        assert_eq!([rounds(1024), rounds(2048), rounds(4096)], [5, 4, 3]);
    }
}
