//! A global allocator that overwrites freed blocks with zeros, so that freed buffers
//! (HTTP requests with a bearer token, text a user typed, answers of the server) do not
//! stay readable in the process's memory, or in a core dump of it, until the allocator
//! happens to reuse them.
//!
//! What it zeroes (docs/RELIABILITY.md, "Secrets in memory", argues each rule):
//!
//! - **Small blocks, always, on every thread.** A block of less than [`SMALL_BLOCK`] bytes
//!   is zeroed when it is freed, or when a reallocation moves or shrinks it. Every copy of
//!   a secret that the app makes is one of these: a secret field holds at most
//!   [`crate::secret_buffer::SECRET_CAPACITY`] bytes, and a code, a password or a token
//!   is copied as a string of its own (egui's undo history, a galley's text, a request
//!   body, an `Authorization` header).
//! - **Large blocks, on every thread but one that has said otherwise.** A thread zeroes
//!   large blocks too unless it has called [`zero_large_blocks_on_this_thread`] with
//!   `false`. Only the UI thread does, through [`UiThreadHygiene`], and only for frames in
//!   which no secret field holds text, none has for [`UiThreadHygiene::GRACE_FRAMES`]
//!   frames, and no session ended as long ago; never in kiosk mode. The large blocks such
//!   a frame frees are egui's meshes, shape lists and layout buffers, rebuilt every frame:
//!   they are what zeroing cost (docs/BENCHMARKS.md), and they hold no secret. The HTTP
//!   client's threads, which hold the token in large buffers, never stop zeroing.
//!
//! On Linux with glibc the allocator sits directly on C's `malloc` family, whose contract
//! lets a block be used up to its `malloc_usable_size`: a reallocation that fits there
//! keeps its block instead of copying it and zeroing the old one.

#![expect(
    unsafe_code,
    reason = "a global allocator is unsafe by its trait; each block says why it holds"
)]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

/// Blocks of fewer bytes than this are zeroed when freed, on every thread, always.
///
/// Eight times the largest secret a field holds: room for any copy of one the app makes
/// (a JSON body around a 256-byte password, a galley's glyphs for a code), while egui's
/// per-frame meshes and lists, which are larger, are not zeroed on the UI thread when no
/// secret is on the screen.
pub const SMALL_BLOCK: usize = 2048;

thread_local! {
    /// Whether this thread zeroes large blocks when it frees them: yes unless the thread
    /// said otherwise. Constant-initialised without a destructor, so reading it never
    /// allocates (which an allocator must not).
    static ZERO_LARGE_BLOCKS: Cell<bool> = const { Cell::new(true) };
}

/// Whether the calling thread zeroes freed blocks of [`SMALL_BLOCK`] bytes or more. Every
/// thread does until it says otherwise; small blocks are zeroed regardless.
pub fn zero_large_blocks_on_this_thread(zero: bool) {
    // Fails only while the thread's locals are torn down, when it no longer runs the UI.
    let _ = ZERO_LARGE_BLOCKS.try_with(|cell| cell.set(zero));
}

/// Whether the calling thread zeroes freed blocks of [`SMALL_BLOCK`] bytes or more.
pub fn zeroes_large_blocks_on_this_thread() -> bool {
    ZERO_LARGE_BLOCKS.try_with(Cell::get).unwrap_or(true)
}

/// Whether a block of `size` bytes freed (or moved) now must be zeroed first.
fn must_zero(size: usize) -> bool {
    size < SMALL_BLOCK || zeroes_large_blocks_on_this_thread()
}

/// When the UI thread may free large blocks without zeroing them: the rule of the module
/// documentation, applied once a frame. The app calls [`Self::logic_begins`] first thing in
/// its logic step and [`Self::logic_ends`] last; the frame's layout, tessellation and
/// painting then run under the decision, and the next logic step (which handles the API's
/// answers and the commands that build requests) starts strict again.
#[derive(Debug)]
pub struct UiThreadHygiene {
    /// Kiosk mode: account data, not only secrets, must leave memory at sign-out, so the
    /// UI thread always zeroes everything.
    always: bool,
    /// Frames still to run strict after a secret was in a field or a session ended.
    strict_frames_left: u32,
    /// Whether the last logic step ran signed in.
    was_signed_in: bool,
}

impl UiThreadHygiene {
    /// Frames that stay strict after the last frame a secret field held text, or after a
    /// session ended: egui drops a galley one frame after its last use and the frame's
    /// meshes at its end; four frames cover both with room to spare.
    pub const GRACE_FRAMES: u32 = 4;

    /// The rule for the desktop and the web app's native test runs.
    pub fn new() -> Self {
        Self {
            always: false,
            strict_frames_left: 0,
            was_signed_in: false,
        }
    }

    /// A kiosk's rule: every block zeroed, always.
    pub fn kiosk() -> Self {
        Self {
            always: true,
            ..Self::new()
        }
    }

    /// First thing in the logic step: the step frees the answers of calls and builds
    /// requests, so it runs strict.
    pub fn logic_begins(&mut self) {
        zero_large_blocks_on_this_thread(true);
    }

    /// Last thing in the logic step: decides for the rest of the frame.
    pub fn logic_ends(&mut self, signed_in: bool) {
        if crate::secret_buffer::fields_holding_text() > 0 || (self.was_signed_in && !signed_in) {
            self.strict_frames_left = Self::GRACE_FRAMES;
        } else {
            self.strict_frames_left = self.strict_frames_left.saturating_sub(1);
        }
        self.was_signed_in = signed_in;
        zero_large_blocks_on_this_thread(self.always || self.strict_frames_left > 0);
    }
}

impl Default for UiThreadHygiene {
    fn default() -> Self {
        Self::new()
    }
}

/// The system allocator, zeroing on free as the module documentation says. The app's
/// binary installs it with `#[global_allocator]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ZeroOnFree;

/// Writes zeros over `len` bytes at `ptr`, which the caller owns and is about to free.
///
/// # Safety
/// `ptr` must be valid for writes of `len` bytes.
unsafe fn zero(ptr: *mut u8, len: usize) {
    // SAFETY: the caller's guarantee.
    unsafe { std::ptr::write_bytes(ptr, 0, len) };
    // The block is about to be freed: keep the compiler from dropping the writes.
    std::hint::black_box(ptr);
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod raw {
    //! Blocks from glibc's `malloc` family.

    use std::alloc::Layout;

    /// The alignment `malloc` guarantees on the 64-bit targets glibc runs on.
    const MALLOC_ALIGN: usize = 16;

    /// A block for `layout` (null when out of memory).
    ///
    /// # Safety
    /// `layout.size()` is not zero.
    pub unsafe fn alloc(layout: Layout) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN && layout.align() <= layout.size() {
            // SAFETY: any size may be asked for.
            unsafe { libc::malloc(layout.size()).cast() }
        } else {
            let mut out = std::ptr::null_mut();
            let align = layout.align().max(std::mem::size_of::<usize>());
            // SAFETY: `align` is a power of two and a multiple of the pointer size.
            let failed = unsafe { libc::posix_memalign(&raw mut out, align, layout.size()) };
            if failed == 0 {
                out.cast()
            } else {
                std::ptr::null_mut()
            }
        }
    }

    /// A zeroed block for `layout`.
    ///
    /// # Safety
    /// As for [`alloc`].
    pub unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN && layout.align() <= layout.size() {
            // SAFETY: any size may be asked for.
            unsafe { libc::calloc(layout.size(), 1).cast() }
        } else {
            // SAFETY: the caller's guarantee.
            let ptr = unsafe { alloc(layout) };
            if !ptr.is_null() {
                // SAFETY: a fresh block of `layout.size()` bytes.
                unsafe { std::ptr::write_bytes(ptr, 0, layout.size()) };
            }
            ptr
        }
    }

    /// Frees a block of this module.
    ///
    /// # Safety
    /// `ptr` came from this module and is not used again.
    pub unsafe fn free(ptr: *mut u8) {
        // SAFETY: the caller's guarantee; `free` takes any block of the family.
        unsafe { libc::free(ptr.cast()) }
    }

    /// How many bytes the block can hold: at least what was asked for, often more.
    ///
    /// # Safety
    /// `ptr` is a live block of this module.
    pub unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: the caller's guarantee.
        unsafe { libc::malloc_usable_size(ptr.cast()) }
    }

    /// `realloc` itself, which may move the block and leave its old bytes behind.
    ///
    /// # Safety
    /// `ptr` is a live block of this module of alignment `align`, `new_size` not zero.
    pub unsafe fn realloc(ptr: *mut u8, align: usize, old_size: usize, new_size: usize) -> *mut u8 {
        if align <= MALLOC_ALIGN && align <= new_size {
            // SAFETY: the caller's guarantee.
            unsafe { libc::realloc(ptr.cast(), new_size).cast() }
        } else {
            // `realloc` keeps only `malloc`'s alignment: a new block and a copy.
            // SAFETY: `align` is that of the live block, so a valid layout.
            let layout = unsafe { Layout::from_size_align_unchecked(new_size, align) };
            // SAFETY: `new_size` is not zero.
            let new = unsafe { alloc(layout) };
            if !new.is_null() {
                // SAFETY: both blocks are live and hold the bytes copied.
                unsafe { std::ptr::copy_nonoverlapping(ptr, new, old_size.min(new_size)) };
                // SAFETY: the old block is not used again.
                unsafe { free(ptr) };
            }
            new
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod raw {
    //! Blocks from the standard library's system allocator, where the C library's own
    //! promises are not known: no block is used beyond what was asked for.

    use std::alloc::{GlobalAlloc as _, Layout, System};

    pub unsafe fn alloc(layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantee.
        unsafe { System.alloc(layout) }
    }

    pub unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantee.
        unsafe { System.alloc_zeroed(layout) }
    }
}

// SAFETY: every block comes from the system's allocator (glibc's `malloc` family, or
// `System`) with the layout's size and alignment; a block is zeroed only while the caller
// still owns it, and a reallocation hands back either the same block (when it holds the new
// size) or a new one holding a copy of the old bytes.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
unsafe impl GlobalAlloc for ZeroOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: `GlobalAlloc` callers never ask for zero bytes.
        unsafe { raw::alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe { raw::alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if must_zero(layout.size()) {
            // SAFETY: `ptr` is a live block of at least `layout.size()` bytes.
            unsafe { zero(ptr, layout.size()) };
        }
        // SAFETY: `ptr` came from `raw` and the caller gives it up.
        unsafe { raw::free(ptr) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old_size = layout.size();
        if !must_zero(old_size) {
            // A large block on a thread that need not zero it: `realloc` as it is.
            // SAFETY: `ptr` is a live block of `layout`, `new_size` is not zero.
            return unsafe { raw::realloc(ptr, layout.align(), old_size, new_size) };
        }
        if new_size <= old_size {
            // Shrinking keeps the block: the bytes past the new end are zeroed now, as
            // they will not be when the shorter block is freed. A large block that would
            // waste more than half of itself moves instead, below.
            if new_size >= old_size / 2 || old_size < SMALL_BLOCK {
                // SAFETY: the tail lies within the live block.
                unsafe { zero(ptr.add(new_size), old_size - new_size) };
                return ptr;
            }
        // SAFETY: `ptr` is a live block of this allocator.
        } else if new_size <= unsafe { raw::usable_size(ptr) } {
            // glibc says the block already holds `new_size` bytes: nothing moves.
            return ptr;
        }
        // SAFETY: the alignment is that of a valid layout, the size not zero.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: `new_size` is not zero.
        let new = unsafe { raw::alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are live; the copy is the shorter of the two sizes; the
            // old block is zeroed (it must be, see above) and given up.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, old_size.min(new_size));
                zero(ptr, old_size);
                raw::free(ptr);
            }
        }
        new
    }
}

// SAFETY: as above; `realloc` keeps the default (a new block, a copy, `dealloc` of the old
// one), since nothing promises here that the system's `realloc` resizes in place.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
unsafe impl GlobalAlloc for ZeroOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` are those `System` needs.
        unsafe { raw::alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe { raw::alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if must_zero(layout.size()) {
            // SAFETY: `ptr` points to a live block of `layout.size()` bytes.
            unsafe { zero(ptr, layout.size()) };
        }
        // SAFETY: `ptr` and `layout` are those of a block `System` allocated.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Only what holds whatever other tests of this process do: how many secret buffers
    // hold text is counted process-wide, and another test's buffer only makes a thread
    // stricter. When the UI thread relaxes is shown in its own process by
    // `tests/zero_on_free_core_dump.rs`.

    #[test]
    fn a_kiosk_zeroes_every_block_in_every_frame() {
        let mut hygiene = UiThreadHygiene::kiosk();
        for signed_in in [false, true, true, false, false] {
            hygiene.logic_begins();
            hygiene.logic_ends(signed_in);
            assert!(zeroes_large_blocks_on_this_thread());
        }
    }

    #[test]
    fn the_frames_after_sign_out_zero_every_block() {
        let mut hygiene = UiThreadHygiene::new();
        hygiene.logic_begins();
        hygiene.logic_ends(true);
        for _ in 0..UiThreadHygiene::GRACE_FRAMES {
            hygiene.logic_begins();
            hygiene.logic_ends(false);
            assert!(zeroes_large_blocks_on_this_thread());
        }
    }

    #[test]
    fn the_logic_step_and_other_threads_zero_every_block() {
        let mut hygiene = UiThreadHygiene::new();
        zero_large_blocks_on_this_thread(false);
        hygiene.logic_begins();
        assert!(zeroes_large_blocks_on_this_thread());
        zero_large_blocks_on_this_thread(false);
        let other = std::thread::spawn(zeroes_large_blocks_on_this_thread)
            .join()
            .unwrap_or(false);
        assert!(other, "a new thread zeroes every block");
        zero_large_blocks_on_this_thread(true);
    }

    #[test]
    fn typing_into_a_secret_field_zeroes_every_block_at_once() {
        zero_large_blocks_on_this_thread(false);
        let mut field = crate::secret_buffer::SecretBuffer::new();
        field.set("7K3M");
        assert!(zeroes_large_blocks_on_this_thread());
        assert!(crate::secret_buffer::fields_holding_text() >= 1);
    }
}
