//! aws-lc's big numbers behind a safe API: what RSA prime search and key assembly need.
//! aws-lc-rs exposes no arithmetic, so this calls aws-lc itself. Every method returns `None`
//! when aws-lc reports a failure (allocation, a zero divisor, a modulus it refuses).

use std::cmp::Ordering;
use std::ffi::c_int;
use std::ptr;

use aws_lc_sys::{
    BN_CTX_free, BN_CTX_new, BN_MONT_CTX_free, BN_MONT_CTX_new_for_modulus, BN_add_word, BN_bin2bn,
    BN_bn2bin, BN_clear_free, BN_cmp, BN_count_low_zero_bits, BN_div, BN_dup, BN_gcd, BN_is_one,
    BN_mod_exp_mont_consttime, BN_mod_inverse, BN_mod_sqr, BN_mod_word, BN_mul, BN_new,
    BN_num_bits, BN_num_bytes, BN_rand, BN_rand_range_ex, BN_rshift, BN_set_bit, BN_set_word,
    BN_sub, BN_sub_word, BIGNUM, BN_CTX, BN_MONT_CTX, BN_RAND_BOTTOM_ODD, BN_RAND_TOP_TWO,
};

/// A number owned by aws-lc, cleared and freed on drop.
pub struct Big(*mut BIGNUM);

/// Scratch space for aws-lc's temporaries.
pub struct Ctx(*mut BN_CTX);

/// Precomputed Montgomery form of an odd modulus, for exponentiations modulo it.
pub struct Mont<'m> {
    raw: *mut BN_MONT_CTX,
    modulus: &'m Big,
}

fn ok(status: c_int) -> Option<()> {
    (status == 1).then_some(())
}

fn owned(n: *mut BIGNUM) -> Option<Big> {
    (!n.is_null()).then_some(Big(n))
}

impl Big {
    pub fn new() -> Option<Big> {
        // SAFETY: BN_new takes no arguments; a null result is checked.
        owned(unsafe { BN_new() })
    }

    pub fn from_be_bytes(bytes: &[u8]) -> Option<Big> {
        // SAFETY: `bytes` is valid for its length; a null `ret` asks for a new number.
        owned(unsafe { BN_bin2bn(bytes.as_ptr(), bytes.len(), ptr::null_mut()) })
    }

    pub fn word(w: u64) -> Option<Big> {
        let n = Big::new()?;
        // SAFETY: `n.0` is a live number.
        ok(unsafe { BN_set_word(n.0, w) })?;
        Some(n)
    }

    /// 2^bit.
    pub fn power_of_two(bit: u32) -> Option<Big> {
        let n = Big::new()?;
        // SAFETY: `n.0` is a live number.
        ok(unsafe { BN_set_bit(n.0, c_int::try_from(bit).ok()?) })?;
        Some(n)
    }

    /// A random odd number of exactly `bits` bits whose top two bits are set (so that the
    /// product of two has twice the bits), from aws-lc's OS-seeded generator.
    pub fn random_odd_top_two(bits: u32) -> Option<Big> {
        let n = Big::new()?;
        let bits = c_int::try_from(bits).ok()?;
        // SAFETY: `n.0` is a live number.
        ok(unsafe { BN_rand(n.0, bits, BN_RAND_TOP_TWO, BN_RAND_BOTTOM_ODD) })?;
        Some(n)
    }

    /// A random number in [min, self).
    pub fn random_below(&self, min: u64) -> Option<Big> {
        let n = Big::new()?;
        // SAFETY: both numbers are live and distinct.
        ok(unsafe { BN_rand_range_ex(n.0, min, self.0) })?;
        Some(n)
    }

    pub fn to_be_bytes(&self) -> Vec<u8> {
        // SAFETY: `self.0` is a live number.
        let len = unsafe { BN_num_bytes(self.0) } as usize;
        let mut out = vec![0u8; len];
        // SAFETY: `out` has the BN_num_bytes bytes BN_bn2bin writes.
        unsafe { BN_bn2bin(self.0, out.as_mut_ptr()) };
        out
    }

    pub fn as_ptr(&self) -> *mut BIGNUM {
        self.0
    }

    pub fn bits(&self) -> u32 {
        // SAFETY: `self.0` is a live number.
        unsafe { BN_num_bits(self.0) }
    }

    pub fn is_one(&self) -> bool {
        // SAFETY: `self.0` is a live number.
        unsafe { BN_is_one(self.0) == 1 }
    }

    /// The number of zero bits below the lowest set bit (0 for zero).
    pub fn low_zero_bits(&self) -> u32 {
        // SAFETY: `self.0` is a live number.
        unsafe { BN_count_low_zero_bits(self.0) }.unsigned_abs()
    }

    /// self mod w, for a nonzero w.
    pub fn rem_word(&self, w: u64) -> Option<u64> {
        if w == 0 {
            return None;
        }
        // SAFETY: `self.0` is a live number and the divisor is not zero.
        Some(unsafe { BN_mod_word(self.0, w) })
    }

    pub fn plus_word(&self, w: u64) -> Option<Big> {
        let n = self.copy()?;
        // SAFETY: `n.0` is a live number.
        ok(unsafe { BN_add_word(n.0, w) })?;
        Some(n)
    }

    pub fn minus_word(&self, w: u64) -> Option<Big> {
        let n = self.copy()?;
        // SAFETY: `n.0` is a live number.
        ok(unsafe { BN_sub_word(n.0, w) })?;
        Some(n)
    }

    pub fn minus(&self, other: &Big) -> Option<Big> {
        let n = Big::new()?;
        // SAFETY: all three numbers are live.
        ok(unsafe { BN_sub(n.0, self.0, other.0) })?;
        Some(n)
    }

    pub fn times(&self, other: &Big, ctx: &Ctx) -> Option<Big> {
        let n = Big::new()?;
        // SAFETY: all numbers and the context are live; the result is a fresh number.
        ok(unsafe { BN_mul(n.0, self.0, other.0, ctx.0) })?;
        Some(n)
    }

    pub fn shifted_right(&self, bits: u32) -> Option<Big> {
        let n = Big::new()?;
        // SAFETY: both numbers are live.
        ok(unsafe { BN_rshift(n.0, self.0, c_int::try_from(bits).ok()?) })?;
        Some(n)
    }

    /// (quotient, remainder) of self / divisor.
    pub fn div_rem(&self, divisor: &Big, ctx: &Ctx) -> Option<(Big, Big)> {
        let (q, r) = (Big::new()?, Big::new()?);
        // SAFETY: all numbers are live and the results distinct from the operands.
        ok(unsafe { BN_div(q.0, r.0, self.0, divisor.0, ctx.0) })?;
        Some((q, r))
    }

    pub fn gcd(&self, other: &Big, ctx: &Ctx) -> Option<Big> {
        let n = Big::new()?;
        // SAFETY: all numbers and the context are live.
        ok(unsafe { BN_gcd(n.0, self.0, other.0, ctx.0) })?;
        Some(n)
    }

    /// self⁻¹ mod modulus, or `None` when there is none.
    pub fn inverse_mod(&self, modulus: &Big, ctx: &Ctx) -> Option<Big> {
        let n = Big::new()?;
        // SAFETY: all numbers and the context are live; a null result means no inverse.
        let done = unsafe { BN_mod_inverse(n.0, self.0, modulus.0, ctx.0) };
        (!done.is_null()).then_some(n)
    }

    /// self² mod modulus.
    pub fn square_mod(&self, modulus: &Big, ctx: &Ctx) -> Option<Big> {
        let n = Big::new()?;
        // SAFETY: all numbers and the context are live.
        ok(unsafe { BN_mod_sqr(n.0, self.0, modulus.0, ctx.0) })?;
        Some(n)
    }

    /// self^exponent mod the Montgomery modulus, in constant time.
    pub fn pow_mod(&self, exponent: &Big, mont: &Mont, ctx: &Ctx) -> Option<Big> {
        let n = Big::new()?;
        // SAFETY: all numbers, the context and the Montgomery context (made for `modulus`)
        // are live; the result is a fresh number.
        ok(unsafe {
            BN_mod_exp_mont_consttime(n.0, self.0, exponent.0, mont.modulus.0, ctx.0, mont.raw)
        })?;
        Some(n)
    }

    fn copy(&self) -> Option<Big> {
        // SAFETY: `self.0` is a live number; a null copy is checked.
        owned(unsafe { BN_dup(self.0) })
    }
}

impl PartialEq for Big {
    fn eq(&self, other: &Big) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Big {}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> Ordering {
        // SAFETY: both numbers are live.
        unsafe { BN_cmp(self.0, other.0) }.cmp(&0)
    }
}

impl Drop for Big {
    fn drop(&mut self) {
        // SAFETY: the pointer came from aws-lc's allocation and is freed only here.
        unsafe { BN_clear_free(self.0) }
    }
}

impl Ctx {
    pub fn new() -> Option<Ctx> {
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

impl<'m> Mont<'m> {
    /// The Montgomery context of an odd modulus.
    pub fn new(modulus: &'m Big, ctx: &Ctx) -> Option<Mont<'m>> {
        // SAFETY: the modulus and context are live; a null result (even modulus) is checked.
        let raw = unsafe { BN_MONT_CTX_new_for_modulus(modulus.0, ctx.0) };
        (!raw.is_null()).then_some(Mont { raw, modulus })
    }
}

impl Drop for Mont<'_> {
    fn drop(&mut self) {
        // SAFETY: the pointer came from BN_MONT_CTX_new_for_modulus and is freed only here.
        unsafe { BN_MONT_CTX_free(self.raw) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_matches_small_numbers() {
        let ctx = Ctx::new().unwrap();
        let a = Big::word(1000).unwrap();
        let b = Big::word(37).unwrap();
        assert_eq!(a.rem_word(37), Some(1000 % 37));
        assert_eq!(a.rem_word(0), None);
        let (q, r) = a.div_rem(&b, &ctx).unwrap();
        assert_eq!((q.to_be_bytes(), r.to_be_bytes()), (vec![27], vec![1]));
        assert_eq!(a.plus_word(24).unwrap().to_be_bytes(), vec![4, 0]);
        assert_eq!(a.shifted_right(3).unwrap().to_be_bytes(), vec![125]);
        assert_eq!(Big::word(40).unwrap().low_zero_bits(), 3);
        let m = Big::word(1009).unwrap();
        let mont = Mont::new(&m, &ctx).unwrap();
        // 3^1008 = 1 mod the prime 1009 (Fermat).
        assert!(Big::word(3)
            .unwrap()
            .pow_mod(&Big::word(1008).unwrap(), &mont, &ctx)
            .unwrap()
            .is_one());
        assert!(Mont::new(&Big::word(1000).unwrap(), &ctx).is_none());
    }

    #[test]
    fn random_numbers_have_their_bits() {
        let n = Big::random_odd_top_two(1024).unwrap();
        let bytes = n.to_be_bytes();
        assert_eq!((n.bits(), bytes.len()), (1024, 128));
        assert_eq!((bytes[0] >> 6, bytes[127] & 1), (3, 1));
        let below = n.random_below(2).unwrap();
        assert!(below < n && below >= Big::word(2).unwrap());
    }
}
