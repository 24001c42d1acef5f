//! RSA key generation on two cores.
//!
//! A key is two primes, and finding a prime is most of the work (a 2048-bit key: about 85 ms
//! under Go 1.25 on this project's machine, 95 ms under aws-lc's `RSA_generate_key_ex`, about
//! 23 ms with `prime_search.rs`, with a wide spread). Primes are searched for on two threads
//! (`rsa_primes.rs`), and each prime a key needs is the first found of two searches: on two
//! cores a key costs about one prime search instead of two, with no work lost except the one
//! search still running at exit.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Mutex;

use super::rsa_primes;

type Found = Option<Vec<u8>>;

struct Searches {
    found: Receiver<Found>,
    report: Sender<Found>,
    /// Searches started and not yet taken (running or finished).
    started: usize,
}

/// The prime searches of one key size.
pub struct Pool {
    prime_bits: u32,
    searches: Mutex<Option<Searches>>,
}

pub static RSA_2048: Pool = Pool::new(1024);
pub static RSA_4096: Pool = Pool::new(2048);

impl Pool {
    const fn new(prime_bits: u32) -> Self {
        Pool {
            prime_bits,
            searches: Mutex::new(None),
        }
    }

    /// A new key, as PKCS #1 `RSAPrivateKey` DER.
    pub fn take(&self) -> Result<Vec<u8>, String> {
        loop {
            let (a, b) = self.two_primes().ok_or("RSA key generation failed")?;
            if let Some(key) = rsa_primes::key_from_primes(&a, &b, self.prime_bits)? {
                return Ok(key);
            }
        }
    }

    fn two_primes(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        let bits = self.prime_bits;
        if rudder_gotmpl::workers::cores() < 2 {
            return Some((rsa_primes::prime(bits)?, rsa_primes::prime(bits)?));
        }
        let mut guard = self.searches.lock().unwrap_or_else(|e| e.into_inner());
        let searches = guard.get_or_insert_with(|| {
            let (report, found) = mpsc::channel();
            Searches {
                found,
                report,
                started: 0,
            }
        });
        // Each prime is the first of two running searches; the other one goes on, as the head
        // start of the next prime (at most one search is left unused at exit).
        let mut next = || {
            while searches.started < 2 {
                let report = searches.report.clone();
                let spawned = std::thread::Builder::new()
                    .name("rsa-prime".into())
                    .spawn(move || report.send(rsa_primes::prime(bits)));
                if spawned.is_err() {
                    break;
                }
                searches.started += 1;
            }
            if searches.started == 0 {
                return rsa_primes::prime(bits);
            }
            searches.started -= 1;
            searches.found.recv().ok().flatten()
        };
        Some((next()?, next()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::rsa::KeyPair;

    #[test]
    fn keys_have_the_size_asked_for_and_parse() {
        for _ in 0..3 {
            let der = RSA_2048.take().unwrap();
            assert_eq!(KeyPair::from_der(&der).unwrap().public_modulus_len(), 256);
        }
    }
}
