//! A global allocator that overwrites every block with zeros when it is freed (or moved by
//! a reallocation), so that freed buffers (HTTP requests with a bearer token, text a user
//! typed, answers of the server) do not stay readable in the process's memory, or in a
//! core dump of it, until the allocator happens to reuse them.

#![expect(
    unsafe_code,
    reason = "a global allocator is unsafe by its trait; each block says why it holds"
)]

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, zeroing on free. The app's binary installs it with
/// `#[global_allocator]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ZeroOnFree;

// SAFETY: every call is forwarded to the system allocator with the same arguments; `dealloc`
// first writes zeros over the block, which the caller still owns at that point.
unsafe impl GlobalAlloc for ZeroOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` are those `System` needs.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` points to a live block of `layout.size()` bytes allocated here.
        unsafe {
            std::ptr::write_bytes(ptr, 0, layout.size());
        }
        // The block is about to be freed: keep the compiler from dropping the writes.
        std::hint::black_box(ptr);
        // SAFETY: `ptr` and `layout` are those of a block `System` allocated.
        unsafe { System.dealloc(ptr, layout) }
    }

    // `realloc` keeps the default: a new block, a copy, and `dealloc` (zeroing) of the old
    // one, never a move that leaves the old bytes behind. `System.realloc` is not used even
    // to shrink: nothing promises that it resizes in place (C's `realloc` may move a
    // shrinking block; std's fallback for over-aligned blocks always moves), and a move
    // frees the old bytes unzeroed. What this costs a frame: docs/BENCHMARKS.md.
}
