//! Deep recursion without stack overflow.
//!
//! Go's goroutine stacks grow on demand up to 1 GiB, so Go templates may nest control
//! structures and `{{template}}` calls very deeply (100000 calls). The parser, executor and tree
//! destructors recurse; they call [`grow`] at each level, which moves onto a fresh stack
//! segment when the current one runs low, whatever thread the caller runs on. Like Go, the
//! extra stack is capped at 1 GiB per thread; past it [`grow`] fails instead of eating all
//! memory (unbounded `tpl` recursion would otherwise never end).
//!
//! Segments are mapped here rather than through `stacker`, which asks the OS for the thread's
//! own stack bounds on first use: for a main thread glibc parses `/proc/self/maps` for that,
//! a noticeable part of a small render. A thread's stack is only trusted here once it runs on
//! a segment of ours (the first check elsewhere moves onto one), so its bounds are never needed.

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
    /// The lowest usable address of the segment the thread runs on; 0 outside our segments.
    static LIMIT: Cell<usize> = const { Cell::new(0) };
}

/// The stack limit was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Exhausted;

/// Whether at least the red zone is left on the current segment.
#[inline]
fn has_room() -> bool {
    let limit = LIMIT.with(Cell::get);
    limit != 0 && (psm::stack_pointer() as usize).saturating_sub(limit) >= RED_ZONE
}

/// Runs `f`, first switching to a new stack segment if the current one is nearly exhausted;
/// fails if the thread already added its maximum of segments.
#[inline]
pub(crate) fn grow<R>(f: impl FnOnce() -> R) -> Result<R, Exhausted> {
    if has_room() {
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
    if has_room() {
        f()
    } else {
        on_new_stack(SEGMENT, f)
    }
}

/// Runs `f` on a fresh stack of `size` bytes, mapped for the call (memory is used only as the
/// stack reaches it) with a guard page below it. Panics cross back to the caller's stack.
pub fn on_new_stack<R>(size: usize, f: impl FnOnce() -> R) -> R {
    let segment = Segment::map(size);
    let outer = LIMIT.with(|l| l.replace(segment.base));
    let mut f = Some(f);
    let mut result = None;
    let run = || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Some(f) = f.take() {
                result = Some(f());
            }
        }))
    };
    // SAFETY: the segment is `size` writable bytes starting at `base`, it outlives the call,
    // and the callback cannot unwind out of it (panics are caught above).
    let caught = unsafe { psm::on_stack(segment.base as *mut u8, segment.len - segment.page, run) };
    LIMIT.with(|l| l.set(outer));
    drop(segment);
    match (caught, result) {
        (Err(panic), _) => std::panic::resume_unwind(panic),
        (Ok(()), Some(r)) => r,
        (Ok(()), None) => unreachable!("the callback ran to completion"),
    }
}

/// A mapped stack segment: a guard page, then the usable part from `base`.
struct Segment {
    start: *mut libc::c_void,
    len: usize,
    page: usize,
    base: usize,
}

impl Segment {
    fn map(size: usize) -> Segment {
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
        let len = size.div_ceil(page) * page + page;
        // SAFETY: an anonymous private mapping of fresh memory, not aliasing anything.
        let start = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if start == libc::MAP_FAILED {
            std::alloc::handle_alloc_error(
                std::alloc::Layout::from_size_align(len, page).expect("page-aligned size"),
            );
        }
        // SAFETY: the first page lies inside the mapping just made; an overflow then faults
        // instead of running into other memory.
        unsafe { libc::mprotect(start, page, libc::PROT_NONE) };
        Segment {
            start,
            len,
            page,
            base: start as usize + page,
        }
    }
}

impl Drop for Segment {
    fn drop(&mut self) {
        // SAFETY: the mapping was made by `map` and nothing runs on it any more.
        unsafe { libc::munmap(self.start, self.len) };
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
    fn panics_cross_back_and_limits_are_restored() {
        let caught = std::panic::catch_unwind(|| on_new_stack(1 << 20, || panic!("inside")));
        assert!(caught.is_err());
        assert_eq!(LIMIT.with(Cell::get), 0);
        assert!(on_new_stack(1 << 20, has_room));
    }
}
