//! Deep recursion without stack overflow.
//!
//! Go's goroutine stacks grow on demand up to 1 GiB, so Go templates may nest control
//! structures and `{{template}}` calls very deeply (100000 calls). The parser, executor and tree
//! destructors recurse; they call [`grow`] at each level, which moves onto a fresh
//! heap-allocated stack segment when the current one runs low, whatever thread the caller runs
//! on. Like Go, the extra stack is capped at 1 GiB per thread; past it [`grow`] fails instead of
//! eating all memory (unbounded `tpl` recursion would otherwise never end).

use std::cell::Cell;

/// Stack that must remain before a recursive step runs on the current segment.
const RED_ZONE: usize = 128 * 1024;
/// Size of each additional stack segment.
const SEGMENT: usize = 4 * 1024 * 1024;
/// Most segments one thread may add (4 MiB × 256 = Go's 1 GiB maximum stack).
const MAX_SEGMENTS: usize = 256;

/// The message for exhausted stack; Go itself would crash here.
pub const EXHAUSTED: &str = "nesting too deep: template stack limit (1 GiB) reached";

thread_local! {
    static SEGMENTS: Cell<usize> = const { Cell::new(0) };
}

/// The stack limit was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Exhausted;

/// Runs `f`, first switching to a new stack segment if the current one is nearly exhausted;
/// fails if the thread already added its maximum of segments.
#[inline]
pub(crate) fn grow<R>(f: impl FnOnce() -> R) -> Result<R, Exhausted> {
    if stacker::remaining_stack().is_some_and(|left| left >= RED_ZONE) {
        return Ok(f());
    }
    let used = SEGMENTS.with(Cell::get);
    if used >= MAX_SEGMENTS {
        return Err(Exhausted);
    }
    SEGMENTS.with(|s| s.set(used + 1));
    let r = stacker::grow(SEGMENT, f);
    SEGMENTS.with(|s| s.set(used));
    Ok(r)
}

/// Like [`grow`] but never fails: for destructors and printing, whose depth the parser bounds.
#[inline]
pub(crate) fn grow_unbounded<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}
