//! RSA keys made from two primes searched for separately, so that the searches can run on
//! every core (`keygen.rs`). The primes come from `prime_search.rs`; the key is put
//! together as aws-lc's `RSA_generate_key_ex` does (p > q, e = 65537,
//! d = e⁻¹ mod lcm(p-1, q-1), FIPS 186-4's checks on |p-q| and d) and checked with
//! `RSA_check_key`.

use std::ptr;

use aws_lc_sys::{OPENSSL_free, RSA_free, RSA_new_private_key, RSA_private_key_to_bytes};

use super::bignum::{Big, Ctx};
use super::prime_search::{self, Found};

/// Go's and aws-lc's public exponent.
const E: u64 = 65537;

/// A prime of `bits` bits (the top two set, so two of them make a modulus of twice the bits)
/// with p-1 prime to e, as big-endian bytes, unless `go_on` says to stop first.
pub fn prime(bits: u32, go_on: &dyn Fn() -> bool) -> Option<Found> {
    prime_search::random_prime(bits, E, go_on)
}

/// The PKCS #1 `RSAPrivateKey` DER of the key made of primes `a` and `b` of `prime_bits` bits
/// each (from `prime`), or `None` when they make no FIPS 186-4 key (too close together, or d too
/// small: rare, and the caller then takes two other primes).
pub fn key_from_primes(a: &[u8], b: &[u8], prime_bits: u32) -> Result<Option<Vec<u8>>, String> {
    build(a, b, prime_bits).ok_or_else(|| "RSA key generation failed".to_string())
}

fn build(a: &[u8], b: &[u8], prime_bits: u32) -> Option<Option<Vec<u8>>> {
    let ctx = Ctx::new()?;
    let (a, b) = (Big::from_be_bytes(a)?, Big::from_be_bytes(b)?);
    let (p, q) = if a < b { (b, a) } else { (a, b) };
    // FIPS 186-4 B.3.3 step 5.4: |p - q| > 2^(prime_bits - 100).
    if p.minus(&q)? <= Big::power_of_two(prime_bits.checked_sub(100)?)? {
        return Some(None);
    }
    // d = e⁻¹ mod lcm(p-1, q-1), and more than 2^prime_bits (B.3.1).
    let (pm1, qm1, e) = (p.minus_word(1)?, q.minus_word(1)?, Big::word(E)?);
    let (lcm, _) = pm1
        .times(&qm1, &ctx)?
        .div_rem(&pm1.gcd(&qm1, &ctx)?, &ctx)?;
    let Some(d) = e.inverse_mod(&lcm, &ctx) else {
        return Some(None);
    };
    if d <= Big::power_of_two(prime_bits)? {
        return Some(None);
    }
    let n = p.times(&q, &ctx)?;
    let (_, dmp1) = d.div_rem(&pm1, &ctx)?;
    let (_, dmq1) = d.div_rem(&qm1, &ctx)?;
    let iqmp = q.inverse_mod(&p, &ctx)?;
    // SAFETY: every number is live for the block; RSA_new_private_key copies them and runs
    // RSA_check_key, and the encoding it allocates is copied out and freed once.
    unsafe {
        let rsa = RSA_new_private_key(
            n.as_ptr(),
            e.as_ptr(),
            d.as_ptr(),
            p.as_ptr(),
            q.as_ptr(),
            dmp1.as_ptr(),
            dmq1.as_ptr(),
            iqmp.as_ptr(),
        );
        if rsa.is_null() {
            return None;
        }
        let (mut out, mut len) = (ptr::null_mut(), 0usize);
        let written = RSA_private_key_to_bytes(&mut out, &mut len, rsa) == 1;
        RSA_free(rsa);
        if !written {
            return None;
        }
        let der = std::slice::from_raw_parts(out, len).to_vec();
        OPENSSL_free(out.cast());
        Some(Some(der))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn randomness_is_seeded_by_the_os_not_by_cpu_jitter() {
        // Jitter sampling cost 40 ms of CPU per thread; `.cargo/config.toml` turns it off.
        // SAFETY: a query without arguments.
        assert_eq!(unsafe { aws_lc_sys::FIPS_is_entropy_cpu_jitter() }, 0);
    }
}
