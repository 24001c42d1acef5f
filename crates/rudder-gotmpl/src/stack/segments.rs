//! Stack segments mapped here rather than through `stacker`, which asks the OS for the
//! thread's own stack bounds on first use: for a main thread glibc parses `/proc/self/maps`
//! for that, a noticeable part of a small render. A thread's stack is only trusted here once
//! it runs on a segment of ours (the first check elsewhere moves onto one), so its bounds are
//! never needed.

use std::alloc::{handle_alloc_error, Layout};
use std::cell::Cell;

thread_local! {
    /// The lowest usable address of the segment the thread runs on; 0 outside our segments.
    static LIMIT: Cell<usize> = const { Cell::new(0) };
}

/// Whether at least `red_zone` bytes are left on the current segment.
#[inline]
pub(super) fn has_room(red_zone: usize) -> bool {
    let limit = LIMIT.with(Cell::get);
    limit != 0 && (psm::stack_pointer() as usize).saturating_sub(limit) >= red_zone
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
    /// Maps a segment; a failure to map it or to protect its guard page ends the process as
    /// running out of memory does (Go's runtime too dies when a stack cannot grow).
    fn map(size: usize) -> Segment {
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
        let len = size.div_ceil(page) * page + page;
        let layout = Layout::from_size_align(len, page).expect("page-aligned size");
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
            handle_alloc_error(layout);
        }
        let segment = Segment {
            start,
            len,
            page,
            base: start as usize + page,
        };
        // SAFETY: the first page lies inside the mapping just made; an overflow then faults
        // instead of running into other memory.
        if unsafe { libc::mprotect(start, page, libc::PROT_NONE) } != 0 {
            // Without its guard page the segment is not safe to run on.
            drop(segment);
            handle_alloc_error(layout);
        }
        segment
    }
}

impl Drop for Segment {
    fn drop(&mut self) {
        // SAFETY: the mapping was made by `map` and nothing runs on it any more.
        unsafe { libc::munmap(self.start, self.len) };
    }
}
