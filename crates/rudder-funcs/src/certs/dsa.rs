//! `genPrivateKey "dsa"`: Go's `dsa.GenerateParameters(L2048N256)` and `dsa.GenerateKey`, here
//! aws-lc's (a 2048-bit p and, for that size, a 256-bit q), in OpenSSL's `DSA PRIVATE KEY`
//! layout, which is Sprig's `DSAKeyFormat`: version 0, p, q, g, y, x. aws-lc-rs has no DSA, so
//! this calls aws-lc itself.

use aws_lc_sys::{
    i2d_DSAPrivateKey, DSA_free, DSA_generate_key, DSA_generate_parameters_ex, DSA_new, DSA,
};

/// An owned aws-lc DSA object.
struct Dsa(*mut DSA);

impl Drop for Dsa {
    fn drop(&mut self) {
        // SAFETY: the pointer came from DSA_new, is not null, and is freed only here.
        unsafe { DSA_free(self.0) }
    }
}

/// A new 2048-bit DSA key as DER.
pub fn generate() -> Result<Vec<u8>, String> {
    let failed = || "DSA key generation failed".to_string();
    // SAFETY: DSA_new takes no arguments; a null result is checked before use.
    let dsa = Dsa(unsafe { DSA_new() });
    if dsa.0.is_null() {
        return Err(failed());
    }
    // SAFETY: `dsa.0` is a live DSA; a null seed with length 0 and null out-parameters and
    // callback are documented as "not wanted".
    let params = unsafe {
        DSA_generate_parameters_ex(
            dsa.0,
            2048,
            std::ptr::null(),
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    // SAFETY: `dsa.0` is a live DSA whose parameters were just set.
    if params != 1 || unsafe { DSA_generate_key(dsa.0) } != 1 {
        return Err(failed());
    }
    // SAFETY: with a null output pointer i2d only measures the encoding.
    let len = unsafe { i2d_DSAPrivateKey(dsa.0, std::ptr::null_mut()) };
    let mut der = vec![0u8; usize::try_from(len).map_err(|_| failed())?];
    let mut out = der.as_mut_ptr();
    // SAFETY: `der` has the `len` bytes measured above, which i2d writes through `out`.
    let written = unsafe { i2d_DSAPrivateKey(dsa.0, &mut out) };
    if written != len {
        return Err(failed());
    }
    Ok(der)
}
