//! [`SecretBuffer`]: a text field buffer for passwords and gift card codes.

use std::sync::atomic::{AtomicUsize, Ordering};

use egui::TextBuffer;
use egui::text::CharIndex;
use redeem_core::SecretText;
use zeroize::Zeroize as _;

/// Most characters a secret field holds. The buffer never grows beyond this, so it never
/// reallocates and never leaves a copy of its secret behind in freed memory.
pub const SECRET_CAPACITY: usize = 256;

/// How many secret buffers hold text now, in the whole process.
static HOLDING_TEXT: AtomicUsize = AtomicUsize::new(0);

/// How many secret fields (buffers of this type) hold text now, in the whole process. While
/// any does, the UI thread zeroes every block it frees (`zero_on_free::UiThreadHygiene`).
pub fn fields_holding_text() -> usize {
    HOLDING_TEXT.load(Ordering::Relaxed)
}

/// A fixed-capacity text buffer whose memory is wiped when it is cleared or dropped.
/// Its `Debug` is redacted.
pub struct SecretBuffer {
    text: String,
    /// Whether this buffer is counted in [`HOLDING_TEXT`].
    counted: bool,
}

impl SecretBuffer {
    /// An empty buffer with room for [`SECRET_CAPACITY`] bytes.
    pub fn new() -> Self {
        Self {
            text: String::with_capacity(SECRET_CAPACITY),
            counted: false,
        }
    }

    /// Keeps [`HOLDING_TEXT`] in step with this buffer; call after every change.
    fn recount(&mut self) {
        let holds = !self.text.is_empty();
        if holds != self.counted {
            if holds {
                HOLDING_TEXT.fetch_add(1, Ordering::Relaxed);
            } else {
                HOLDING_TEXT.fetch_sub(1, Ordering::Relaxed);
            }
            self.counted = holds;
        }
    }

    /// The secret itself; call it only where it is needed.
    pub fn expose(&self) -> &str {
        &self.text
    }

    /// True when nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// A copy for the wire, itself wiped on drop.
    pub fn to_secret(&self) -> SecretText {
        SecretText::new(self.text.as_str())
    }

    /// Replaces the contents (e.g. a normalised code), as far as the capacity allows.
    pub fn set(&mut self, text: &str) {
        self.wipe();
        self.push_within_capacity(text, 0);
    }

    /// Overwrites the contents with zeros and empties the buffer.
    pub fn wipe(&mut self) {
        // Zeroize writes over the whole capacity, not only the visible length.
        self.text.zeroize();
        if self.text.capacity() < SECRET_CAPACITY {
            self.text.reserve_exact(SECRET_CAPACITY);
        }
        self.recount();
    }

    /// Inserts `text` at byte `at`, dropping whatever does not fit; returns the number of
    /// characters inserted.
    fn push_within_capacity(&mut self, text: &str, at: usize) -> usize {
        // Text typed or pasted into a secret field: from this moment the thread frees
        // nothing unzeroed (the paste event itself, the frame's meshes that show the code)
        // until the app's next frame decides again, which finds this buffer holding text.
        #[cfg(not(target_arch = "wasm32"))]
        crate::zero_on_free::zero_large_blocks_on_this_thread(true);
        let room = SECRET_CAPACITY.saturating_sub(self.text.len());
        let mut end = 0;
        let mut count = 0;
        for (index, character) in text.char_indices() {
            let next = index + character.len_utf8();
            if next > room {
                break;
            }
            end = next;
            count += 1;
        }
        if let Some(fitting) = text.get(..end) {
            self.text.insert_str(at, fitting);
        }
        self.recount();
        count
    }
}

impl Default for SecretBuffer {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for SecretBuffer {
    fn drop(&mut self) {
        self.text.zeroize();
        self.recount();
    }
}

impl std::fmt::Debug for SecretBuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SecretBuffer(<{} characters>)",
            self.text.chars().count()
        )
    }
}

impl TextBuffer for SecretBuffer {
    fn is_mutable(&self) -> bool {
        true
    }

    fn as_str(&self) -> &str {
        &self.text
    }

    fn insert_text(&mut self, text: &str, char_index: CharIndex) -> usize {
        let at = self.byte_index_from_char_index(char_index).0;
        self.push_within_capacity(text, at)
    }

    fn delete_char_range(&mut self, char_range: std::ops::Range<CharIndex>) {
        let start = self.byte_index_from_char_index(char_range.start).0;
        let end = self.byte_index_from_char_index(char_range.end).0;
        if start < end && end <= self.text.len() {
            // `drain` moves the tail down in place: no reallocation, and the bytes left
            // past the new end are overwritten by the next insert or wipe.
            self.text.drain(start..end);
        }
        self.recount();
    }

    fn take(&mut self) -> String {
        // egui calls this only for plain `String`s; a secret never leaves as one.
        self.wipe();
        String::new()
    }

    fn type_id(&self) -> std::any::TypeId {
        std::any::TypeId::of::<Self>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_buffer_never_reallocates() {
        let mut buffer = SecretBuffer::new();
        let capacity = buffer.text.capacity();
        let long = "x".repeat(SECRET_CAPACITY * 2);
        let inserted = buffer.insert_text(&long, CharIndex(0));
        assert_eq!(inserted, SECRET_CAPACITY);
        assert_eq!(buffer.text.capacity(), capacity);
        buffer.delete_char_range(CharIndex(0)..CharIndex(10));
        assert_eq!(buffer.expose().len(), SECRET_CAPACITY - 10);
        buffer.wipe();
        assert!(buffer.is_empty());
        assert!(buffer.text.capacity() >= SECRET_CAPACITY);
    }

    #[test]
    fn a_buffer_is_counted_while_it_holds_text() {
        let mut buffer = SecretBuffer::new();
        assert!(!buffer.counted);
        buffer.insert_text("ab", CharIndex(0));
        assert!(buffer.counted);
        buffer.delete_char_range(CharIndex(0)..CharIndex(2));
        assert!(!buffer.counted, "emptied by deleting");
        buffer.set("x");
        assert!(buffer.counted);
        buffer.wipe();
        assert!(!buffer.counted, "wiped");
    }

    #[test]
    fn debug_does_not_show_the_secret() {
        let mut buffer = SecretBuffer::new();
        buffer.set("hunter2");
        assert!(!format!("{buffer:?}").contains("hunter2"));
        assert_eq!(buffer.to_secret().expose(), "hunter2");
    }

    #[test]
    fn multibyte_text_is_cut_on_a_character_boundary() {
        let mut buffer = SecretBuffer::new();
        buffer.set(&"é".repeat(200));
        assert_eq!(buffer.expose().chars().count(), SECRET_CAPACITY / 2);
    }
}
