//! Deep recursion without stack overflow.
//!
//! Go's goroutine stacks grow on demand, so Go templates may nest control structures and
//! `{{template}}` calls very deeply (100000 calls). The parser, executor and tree destructors
//! recurse; they call [`grow`] at each level, which moves onto a fresh heap-allocated stack
//! segment when the current one runs low, whatever thread the caller runs on.

/// Stack that must remain before a recursive step runs on the current segment.
const RED_ZONE: usize = 128 * 1024;
/// Size of each additional stack segment.
const SEGMENT: usize = 4 * 1024 * 1024;

/// Runs `f`, first switching to a new stack segment if the current one is nearly exhausted.
#[inline]
pub(crate) fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}
