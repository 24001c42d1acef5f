//! RSA keys made from two primes searched for separately, so that the two searches of one key
//! can run on two cores (`keygen.rs`). The primes come from aws-lc's own generator
//! (`BN_generate_prime_ex`: fresh random candidates with the top two bits set, constant-time
//! trial division and Miller-Rabin with FIPS 186-4's rounds, as its RSA key generation uses);
//! the key is put together as aws-lc's `RSA_generate_key_ex` does (p > q, e = 65537,
//! d = e⁻¹ mod lcm(p-1, q-1), FIPS 186-4's checks on |p-q| and d) and checked with
//! `RSA_check_key`.

use std::ffi::c_int;
use std::ptr;

use aws_lc_sys::{
    BN_CTX_free, BN_CTX_new, BN_bin2bn, BN_bn2bin, BN_clear_free, BN_cmp, BN_div, BN_gcd,
    BN_generate_prime_ex, BN_mod_inverse, BN_mod_word, BN_mul, BN_new, BN_num_bytes, BN_set_bit,
    BN_set_word, BN_sub, OPENSSL_free, RSA_free, RSA_new_private_key, RSA_private_key_to_bytes,
    BIGNUM, BN_CTX,
};

/// Go's and aws-lc's public exponent.
const E: u64 = 65537;

/// A number owned by aws-lc, cleared and freed on drop.
struct Big(*mut BIGNUM);

impl Big {
    fn new() -> Option<Big> {
        // SAFETY: BN_new takes no arguments; a null result is checked.
        let n = unsafe { BN_new() };
        (!n.is_null()).then_some(Big(n))
    }

    fn from_be_bytes(bytes: &[u8]) -> Option<Big> {
        // SAFETY: `bytes` is valid for its length; a null `ret` asks for a new number.
        let n = unsafe { BN_bin2bn(bytes.as_ptr(), bytes.len(), ptr::null_mut()) };
        (!n.is_null()).then_some(Big(n))
    }

    fn many<const N: usize>() -> Option<[Big; N]> {
        let all: Vec<Big> = (0..N).map(|_| Big::new()).collect::<Option<_>>()?;
        all.try_into().ok()
    }

    fn word(w: u64) -> Option<Big> {
        let n = Big::new()?;
        // SAFETY: `n.0` is a live number.
        ok(unsafe { BN_set_word(n.0, w) })?;
        Some(n)
    }

    fn to_be_bytes(&self) -> Vec<u8> {
        // SAFETY: `self.0` is a live number.
        let len = unsafe { BN_num_bytes(self.0) } as usize;
        let mut out = vec![0u8; len];
        // SAFETY: `out` has the BN_num_bytes bytes BN_bn2bin writes.
        unsafe { BN_bn2bin(self.0, out.as_mut_ptr()) };
        out
    }
}

impl Drop for Big {
    fn drop(&mut self) {
        // SAFETY: the pointer came from BN_new or BN_bin2bn and is freed only here.
        unsafe { BN_clear_free(self.0) }
    }
}

/// A bignum context for temporaries.
struct Ctx(*mut BN_CTX);

impl Ctx {
    fn new() -> Option<Ctx> {
        // SAFETY: BN_CTX_new takes no arguments; a null result is checked.
        let c = unsafe { BN_CTX_new() };
        (!c.is_null()).then_some(Ctx(c))
    }
}

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: the pointer came from BN_CTX_new and is freed only here.
        unsafe { BN_CTX_free(self.0) }
    }
}

fn ok(status: c_int) -> Option<()> {
    (status == 1).then_some(())
}

/// A prime of `bits` bits (the top two set, so two of them make a modulus of twice the bits)
/// with p-1 prime to e, as big-endian bytes.
pub fn prime(bits: u32) -> Option<Vec<u8>> {
    let p = Big::new()?;
    let bits = c_int::try_from(bits).ok()?;
    loop {
        // SAFETY: `p.0` is a live number; null `add`, `rem` and callback mean "none".
        let found = unsafe {
            BN_generate_prime_ex(p.0, bits, 0, ptr::null(), ptr::null(), ptr::null_mut())
        };
        ok(found)?;
        // SAFETY: `p.0` is a live number.
        if unsafe { BN_mod_word(p.0, E) } != 1 {
            return Some(p.to_be_bytes());
        }
    }
}

/// The PKCS #1 `RSAPrivateKey` DER of the key made of primes `a` and `b` of `prime_bits` bits
/// each (from `prime`), or `None` when they make no FIPS 186-4 key (too close together, or d too
/// small: rare, and the caller then takes two other primes).
pub fn key_from_primes(a: &[u8], b: &[u8], prime_bits: u32) -> Result<Option<Vec<u8>>, String> {
    build(a, b, prime_bits).ok_or_else(|| "RSA key generation failed".to_string())
}

fn build(a: &[u8], b: &[u8], prime_bits: u32) -> Option<Option<Vec<u8>>> {
    let ctx = Ctx::new()?;
    let c = ctx.0;
    let (mut p, mut q) = (Big::from_be_bytes(a)?, Big::from_be_bytes(b)?);
    let (e, one) = (Big::word(E)?, Big::word(1)?);
    let (close, small) = (Big::word(0)?, Big::word(0)?);
    let [diff, pm1, qm1, phi, gcd, lcm, d, n, dmp1, dmq1, iqmp] = Big::many()?;
    let low = c_int::try_from(prime_bits.checked_sub(100)?).ok()?;
    // SAFETY: for each call in this block, every number is live and owned here, results are
    // distinct from operands where aws-lc asks it, and a null quotient means "not wanted".
    unsafe {
        if BN_cmp(p.0, q.0) < 0 {
            std::mem::swap(&mut p, &mut q);
        }
        // FIPS 186-4 B.3.3 step 5.4: |p - q| > 2^(prime_bits - 100).
        ok(BN_sub(diff.0, p.0, q.0))?;
        ok(BN_set_bit(close.0, low))?;
        if BN_cmp(diff.0, close.0) <= 0 {
            return Some(None);
        }
        // d = e⁻¹ mod lcm(p-1, q-1), and more than 2^prime_bits (B.3.1).
        ok(BN_sub(pm1.0, p.0, one.0))?;
        ok(BN_sub(qm1.0, q.0, one.0))?;
        ok(BN_mul(phi.0, pm1.0, qm1.0, c))?;
        ok(BN_gcd(gcd.0, pm1.0, qm1.0, c))?;
        ok(BN_div(lcm.0, ptr::null_mut(), phi.0, gcd.0, c))?;
        if BN_mod_inverse(d.0, e.0, lcm.0, c).is_null() {
            return Some(None);
        }
        ok(BN_set_bit(small.0, c_int::try_from(prime_bits).ok()?))?;
        if BN_cmp(d.0, small.0) <= 0 {
            return Some(None);
        }
        ok(BN_mul(n.0, p.0, q.0, c))?;
        ok(BN_div(ptr::null_mut(), dmp1.0, d.0, pm1.0, c))?;
        ok(BN_div(ptr::null_mut(), dmq1.0, d.0, qm1.0, c))?;
        if BN_mod_inverse(iqmp.0, q.0, p.0, c).is_null() {
            return None;
        }
        // Copies the numbers and runs RSA_check_key.
        let rsa = RSA_new_private_key(n.0, e.0, d.0, p.0, q.0, dmp1.0, dmq1.0, iqmp.0);
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
