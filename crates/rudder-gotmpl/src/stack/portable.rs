//! Stack segments from `stacker`, on every platform it supports.

/// Whether at least `red_zone` bytes of stack are left. Unknown before the thread first runs
/// on a segment of stacker's (it could not find the stack's bounds): then the answer is no,
/// and the caller moves onto one, where the bounds are known.
#[inline]
pub(super) fn has_room(red_zone: usize) -> bool {
    stacker::remaining_stack().is_some_and(|left| left >= red_zone)
}

/// Runs `f` on a fresh stack of `size` bytes; panics cross back to the caller's stack.
pub fn on_new_stack<R>(size: usize, f: impl FnOnce() -> R) -> R {
    stacker::grow(size, f)
}
