//! Deep recursion without stack overflow.
//!
//! Go's goroutine stacks grow on demand up to 1 GiB, so Go templates may nest control
//! structures and `{{template}}` calls very deeply (100000 calls). The parser, executor and tree
//! destructors recurse; they call [`grow`] at each level, which moves onto a fresh stack
//! segment when the current one runs low, whatever thread the caller runs on. Like Go, the
//! extra stack is capped at 1 GiB per thread; past it [`grow`] fails instead of eating all
//! memory (unbounded `tpl` recursion would otherwise never end).
//!
//! Where the segments come from: `stacker` everywhere by default; with the `own-stacks`
//! feature on Linux, segments mapped here (see `segments.rs`), which skips stacker's start-up
//! cost of asking the OS for the main thread's stack bounds.

use std::cell::Cell;

#[cfg(all(feature = "own-stacks", target_os = "linux"))]
mod segments;
#[cfg(all(feature = "own-stacks", target_os = "linux"))]
use segments as imp;

#[cfg(not(all(feature = "own-stacks", target_os = "linux")))]
mod portable;
#[cfg(not(all(feature = "own-stacks", target_os = "linux")))]
use portable as imp;

pub use imp::on_new_stack;

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
    if imp::has_room(RED_ZONE) {
        return Ok(f());
    }
    let used = SEGMENTS.with(Cell::get);
    if used >= MAX_SEGMENTS {
        return Err(Exhausted);
    }
    SEGMENTS.with(|s| s.set(used + 1));
    let r = on_new_stack(SEGMENT, f);
    SEGMENTS.with(|s| s.set(used));
    Ok(r)
}

/// Like [`grow`] but never fails: for destructors and printing, whose depth the parser bounds.
#[inline]
pub(crate) fn grow_unbounded<R>(f: impl FnOnce() -> R) -> R {
    if imp::has_room(RED_ZONE) {
        f()
    } else {
        on_new_stack(SEGMENT, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(n: u64) -> u64 {
        grow(|| if n == 0 { 0 } else { 1 + depth(n - 1) }).unwrap()
    }

    #[test]
    fn recursion_far_deeper_than_a_thread_stack() {
        let n = std::thread::spawn(|| depth(200_000)).join().unwrap();
        assert_eq!(n, 200_000);
    }

    #[test]
    fn panics_cross_back_and_room_is_known_on_a_new_stack() {
        let caught = std::panic::catch_unwind(|| on_new_stack(1 << 20, || panic!("inside")));
        assert!(caught.is_err());
        assert!(on_new_stack(1 << 20, || imp::has_room(RED_ZONE)));
    }
}
