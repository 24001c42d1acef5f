//! The process's memory allocator: small blocks come from per-size free lists in front of the
//! system allocator.
//!
//! A render makes tens of thousands of small allocations (YAML nodes, template tokens,
//! strings) and frees most of them in bursts. glibc's per-thread cache holds 7 blocks per
//! size, so most of those calls took its slow paths: a third of a small chart's instructions.
//! Here a freed small block goes onto its size's list and the next allocation of that size
//! takes it back, a few instructions each way. Small blocks are carved from 64 KiB chunks and
//! never returned to the system: memory stays at the high-water mark of each size, which suits
//! a short-lived command. Larger blocks go straight to the system allocator.
//!
//! Measured against mimalloc 0.1 as the global allocator of the same dist build (hyperfine,
//! 60 runs, `rudder template` of the example charts): the same time on `agent` (1.8 ms),
//! mimalloc 1.34x slower on `platform` (2.3 ms against 1.7 ms), and peak memory 11.9 MB
//! against 6.3 MB, mimalloc reserving its segments up front. So this one stays.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ptr;

/// Blocks are multiples of this size, which is also their alignment.
const GRANULE: usize = 16;
/// Largest block served from the free lists.
const MAX_SMALL: usize = 512;
const CLASSES: usize = MAX_SMALL / GRANULE;
/// Size of the chunks small blocks are carved from.
const CHUNK: usize = 64 * 1024;

/// Per-thread state: the free lists (a freed block holds the next pointer) and the chunk
/// being carved. Blocks freed on another thread simply join that thread's lists.
struct Cache {
    free: [Cell<*mut u8>; CLASSES],
    next: Cell<*mut u8>,
    end: Cell<*mut u8>,
}

thread_local! {
    static CACHE: Cache = const {
        Cache {
            free: [const { Cell::new(ptr::null_mut()) }; CLASSES],
            next: Cell::new(ptr::null_mut()),
            end: Cell::new(ptr::null_mut()),
        }
    };
}

pub struct SmallBlocks;

/// The size class of a layout served from the free lists.
fn class(layout: Layout) -> Option<usize> {
    (layout.size() <= MAX_SMALL && layout.align() <= GRANULE)
        .then(|| layout.size().max(1).div_ceil(GRANULE) - 1)
}

impl Cache {
    /// A block of class `c`: from its free list, else carved from the current chunk.
    unsafe fn take(&self, c: usize) -> *mut u8 {
        let head = self.free[c].get();
        if !head.is_null() {
            // SAFETY: a block on a free list holds the next block's address in its first word.
            self.free[c].set(unsafe { head.cast::<*mut u8>().read() });
            return head;
        }
        let size = (c + 1) * GRANULE;
        let mut next = self.next.get();
        if (self.end.get() as usize) - (next as usize) < size {
            // SAFETY: CHUNK is non-zero and GRANULE a power of two.
            next = unsafe { System.alloc(Layout::from_size_align_unchecked(CHUNK, GRANULE)) };
            if next.is_null() {
                return next;
            }
            // SAFETY: the chunk is CHUNK bytes long.
            self.end.set(unsafe { next.add(CHUNK) });
        }
        // SAFETY: at least `size` bytes remain before `end`.
        self.next.set(unsafe { next.add(size) });
        next
    }

    /// Puts a block of class `c` on its free list.
    unsafe fn give(&self, c: usize, block: *mut u8) {
        // SAFETY: every block is at least GRANULE bytes and pointer-aligned.
        unsafe { block.cast::<*mut u8>().write(self.free[c].get()) };
        self.free[c].set(block);
    }
}

// SAFETY: small blocks are GRANULE-aligned (chunks are, and sizes are multiples of it) and at
// least as large as requested; each is handed out once until it is freed; other layouts are
// the system allocator's.
unsafe impl GlobalAlloc for SmallBlocks {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class(layout) {
            // SAFETY: `c` is the class of `layout`, as `take` requires.
            Some(c) => CACHE.with(|cache| unsafe { cache.take(c) }),
            // SAFETY: forwarded with the caller's guarantees.
            None => unsafe { System.alloc(layout) },
        }
    }

    #[inline]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        match class(layout) {
            // SAFETY: `block` came from `take` for the same class (same layout).
            Some(c) => CACHE.with(|cache| unsafe { cache.give(c, block) }),
            // SAFETY: `block` came from the system allocator with this layout.
            None => unsafe { System.dealloc(block, layout) },
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match class(layout) {
            Some(_) => {
                // SAFETY: forwarded with the caller's guarantees.
                let block = unsafe { self.alloc(layout) };
                if !block.is_null() {
                    // SAFETY: the block holds at least `layout.size()` bytes.
                    unsafe { block.write_bytes(0, layout.size()) };
                }
                block
            }
            // The system hands out fresh pages already zeroed.
            // SAFETY: forwarded with the caller's guarantees.
            None => unsafe { System.alloc_zeroed(layout) },
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees new_size is valid for layout's alignment.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class(layout), class(new_layout)) {
            (Some(old), Some(new)) if old == new => block,
            // SAFETY: both sizes are the system's; forwarded with the caller's guarantees.
            (None, None) => unsafe { System.realloc(block, layout, new_size) },
            _ => {
                // SAFETY: `new_layout` is valid (see above).
                let moved = unsafe { self.alloc(new_layout) };
                if !moved.is_null() {
                    let keep = layout.size().min(new_size);
                    // SAFETY: both blocks hold at least `keep` bytes and are distinct; the old
                    // one is freed once, with its own layout.
                    unsafe {
                        ptr::copy_nonoverlapping(block, moved, keep);
                        self.dealloc(block, layout);
                    }
                }
                moved
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn classes_cover_small_aligned_layouts_only() {
        assert_eq!(class(layout(1, 1)), Some(0));
        assert_eq!(class(layout(16, 8)), Some(0));
        assert_eq!(class(layout(17, 8)), Some(1));
        assert_eq!(class(layout(512, 16)), Some(CLASSES - 1));
        assert_eq!(class(layout(513, 8)), None);
        assert_eq!(class(layout(64, 32)), None);
    }

    #[test]
    fn freed_blocks_are_reused_and_distinct_while_live() {
        let a = SmallBlocks;
        let l = layout(24, 8);
        // SAFETY: every block is used within its layout and freed once with it.
        unsafe {
            let x = a.alloc(l);
            let y = a.alloc(l);
            assert_ne!(x, y);
            assert_eq!(x as usize % GRANULE, 0);
            x.write_bytes(0xAB, 24);
            y.write_bytes(0xCD, 24);
            assert_eq!(*x.add(23), 0xAB);
            a.dealloc(x, l);
            assert_eq!(a.alloc(l), x);
            a.dealloc(x, l);
            a.dealloc(y, l);
        }
    }

    #[test]
    fn realloc_keeps_contents_across_classes_and_to_the_system() {
        let a = SmallBlocks;
        // SAFETY: every block is used within its layout and freed once with it.
        unsafe {
            let mut p = a.alloc(layout(8, 8));
            for i in 0..8 {
                *p.add(i) = i as u8;
            }
            let mut size = 8;
            for new_size in [12, 40, 500, 4096, 100_000, 300, 8] {
                p = a.realloc(p, layout(size, 8), new_size);
                assert!(!p.is_null());
                for i in 0..8 {
                    assert_eq!(*p.add(i), i as u8, "after realloc to {new_size}");
                }
                size = new_size;
            }
            a.dealloc(p, layout(size, 8));
        }
    }

    #[test]
    fn zeroed_blocks_are_zero_even_when_reused() {
        let a = SmallBlocks;
        let l = layout(100, 8);
        // SAFETY: every block is used within its layout and freed once with it.
        unsafe {
            let p = a.alloc(l);
            p.write_bytes(0xFF, 100);
            a.dealloc(p, l);
            let q = a.alloc_zeroed(l);
            assert!((0..100).all(|i| *q.add(i) == 0));
            a.dealloc(q, l);
            let big = layout(1 << 20, 8);
            let r = a.alloc_zeroed(big);
            assert!((0..(1 << 20)).step_by(4096).all(|i| *r.add(i) == 0));
            a.dealloc(r, big);
        }
    }

    #[test]
    fn chunks_are_refilled() {
        let a = SmallBlocks;
        let l = layout(MAX_SMALL, 16);
        let blocks: Vec<*mut u8> = (0..3 * CHUNK / MAX_SMALL)
            // SAFETY: a valid, non-zero layout.
            .map(|_| unsafe { a.alloc(l) })
            .collect();
        let mut sorted = blocks.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), blocks.len());
        for b in blocks {
            // SAFETY: each block came from `alloc(l)` and is freed once.
            unsafe { a.dealloc(b, l) };
        }
    }
}
