//! RSA key generation on all cores, for as long as a key is waited for.
//!
//! A key is two primes, and finding a prime is most of the work (a 2048-bit key: about 85 ms
//! under Go 1.25 on this project's machine, 95 ms under aws-lc's `RSA_generate_key_ex`, about
//! 23 ms with `prime_search.rs`, with a wide spread). A caller asks its key size's pool for two
//! primes, and one search per core (at most `MAX_SEARCHES`) runs until the primes asked for are
//! found. A search is a random walk with no memory worth keeping (its chance of finding a prime
//! in the next step does not grow with the steps it took), so n searches find a prime n times
//! sooner for the same work, and the searches still running when the last prime asked for is
//! found stop at their next candidate instead of running on beside the rest of the render. A
//! prime found after that is kept for the next key.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

use super::prime_search::Found;
use super::rsa_primes;

/// Searches of one pool at once: a bound on the threads a key starts on a many-core machine
/// (measured only on this project's 2-core machine, where it is never reached).
const MAX_SEARCHES: usize = 8;

/// The prime searches of one key size.
pub struct Pool {
    prime_bits: u32,
    /// Primes waited for and not found yet: the searches go on while it is above zero.
    missing: AtomicUsize,
    state: Mutex<State>,
    found: Condvar,
}

struct State {
    /// Primes found and not taken yet.
    primes: Vec<Vec<u8>>,
    /// Primes the waiting callers asked for, found or not.
    asked: usize,
    /// Search threads running.
    searches: usize,
    /// A search failed (aws-lc could not compute): the callers stop waiting.
    failed: bool,
}

impl State {
    fn missing(&self) -> usize {
        self.asked.saturating_sub(self.primes.len())
    }
}

pub static RSA_2048: Pool = Pool::new(1024);
pub static RSA_4096: Pool = Pool::new(2048);

impl Pool {
    const fn new(prime_bits: u32) -> Self {
        Pool {
            prime_bits,
            missing: AtomicUsize::new(0),
            state: Mutex::new(State {
                primes: Vec::new(),
                asked: 0,
                searches: 0,
                failed: false,
            }),
            found: Condvar::new(),
        }
    }

    /// A new key, as PKCS #1 `RSAPrivateKey` DER.
    pub fn take(&'static self) -> Result<Vec<u8>, String> {
        loop {
            let (a, b) = self.two_primes().ok_or("RSA key generation failed")?;
            if let Some(key) = rsa_primes::key_from_primes(&a, &b, self.prime_bits)? {
                return Ok(key);
            }
        }
    }

    fn two_primes(&'static self) -> Option<(Vec<u8>, Vec<u8>)> {
        let searches = rudder_gotmpl::workers::cores().min(MAX_SEARCHES);
        if searches < 2 {
            let search = || match rsa_primes::prime(self.prime_bits, &|| true)? {
                Found::Prime(p) => Some(p),
                Found::Stopped => None,
            };
            return Some((search()?, search()?));
        }
        let mut state = self.lock();
        state.asked += 2;
        self.publish(&state);
        while state.searches < searches && state.missing() > 0 {
            let spawned = std::thread::Builder::new()
                .name("rsa-prime".into())
                .spawn(move || self.search());
            if spawned.is_err() {
                break;
            }
            state.searches += 1;
        }
        while state.primes.len() < 2 && !state.failed {
            state = if state.searches == 0 {
                // No search thread could be started: this caller searches itself.
                drop(state);
                self.search_until_found(false)
            } else {
                self.found.wait(state).unwrap_or_else(|e| e.into_inner())
            };
        }
        state.asked -= 2;
        let primes = (state.primes.len() >= 2).then(|| {
            let a = state.primes.pop().unwrap_or_default();
            let b = state.primes.pop().unwrap_or_default();
            (a, b)
        });
        self.publish(&state);
        primes
    }

    fn search(&'static self) {
        drop(self.search_until_found(true));
    }

    /// Searches until no prime is missing (or a search failed), and returns holding the lock:
    /// a search thread (`counted`) takes itself off the count under it, so a caller that asks
    /// for more primes after that starts another.
    fn search_until_found(&self, counted: bool) -> MutexGuard<'_, State> {
        let go_on = || self.missing.load(Ordering::Relaxed) > 0;
        loop {
            let found = match go_on() {
                true => rsa_primes::prime(self.prime_bits, &go_on),
                false => Some(Found::Stopped),
            };
            let mut state = self.lock();
            match found {
                Some(Found::Prime(p)) => {
                    state.primes.push(p);
                    self.publish(&state);
                    self.found.notify_all();
                }
                Some(Found::Stopped) => {}
                None => {
                    state.failed = true;
                    self.found.notify_all();
                }
            }
            if state.failed || state.missing() == 0 {
                if counted {
                    state.searches -= 1;
                }
                return state;
            }
        }
    }

    fn publish(&self, state: &State) {
        self.missing.store(state.missing(), Ordering::Relaxed);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
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

    fn new_pool() -> &'static Pool {
        Box::leak(Box::new(Pool::new(1024)))
    }

    #[test]
    fn callers_at_once_each_get_their_own_key() {
        let pool = new_pool();
        let keys: Vec<Vec<u8>> = std::thread::scope(|s| {
            let callers: Vec<_> = (0..4).map(|_| s.spawn(|| pool.take().unwrap())).collect();
            callers.into_iter().map(|c| c.join().unwrap()).collect()
        });
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(KeyPair::from_der(key).unwrap().public_modulus_len(), 256);
            assert!(!keys[..i].contains(key));
        }
        assert_eq!(pool.lock().asked, 0);
    }

    #[test]
    fn no_search_runs_on_once_the_primes_asked_for_are_found() {
        let pool = new_pool();
        pool.take().unwrap();
        // A search ends at its next candidate, within milliseconds.
        for _ in 0..1000 {
            if pool.lock().searches == 0 {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("{} searches still running", pool.lock().searches);
    }
}
