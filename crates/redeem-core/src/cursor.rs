//! The history cursor: an opaque token for "the page after this entry".

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};

/// Marks a cursor of this format, so that a future format can tell them apart.
const PREFIX: &str = "c1";

/// The longest cursor [`HistoryCursor::decode`] reads; a real one is about 40 characters.
pub const CURSOR_MAX_LEN: usize = 128;

/// Where a history page ends: the entry at `(created_at, id)`, newest first. Clients pass
/// its encoded form back unchanged as `cursor`; only the server reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryCursor {
    /// When the last entry of the page was made.
    pub created_at: DateTime<Utc>,
    /// The last entry's row id, which orders entries of the same instant.
    pub id: i64,
}

impl HistoryCursor {
    /// The opaque form sent as `next_cursor`.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!(
            "{PREFIX}.{}.{}",
            self.created_at.timestamp_micros(),
            self.id
        ))
    }

    /// Reads a cursor back; `None` for anything [`encode`](Self::encode) cannot have made.
    pub fn decode(cursor: &str) -> Option<Self> {
        if cursor.len() > CURSOR_MAX_LEN {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let mut parts = text.split('.');
        if parts.next()? != PREFIX {
            return None;
        }
        let micros = parse_canonical(parts.next()?)?;
        let id = parse_canonical(parts.next()?)?;
        if parts.next().is_some() || id < 0 {
            return None;
        }
        Some(Self {
            created_at: DateTime::from_timestamp_micros(micros)?,
            id,
        })
    }
}

/// A decimal integer exactly as `i64`'s `Display` writes it: no sign "+", no leading
/// zeros, so that every cursor has one spelling.
fn parse_canonical(text: &str) -> Option<i64> {
    let value: i64 = text.parse().ok()?;
    (value.to_string() == text).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = HistoryCursor {
            created_at: DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap_or_default(),
            id: 42,
        };
        assert_eq!(HistoryCursor::decode(&cursor.encode()), Some(cursor));
        for bad in [
            "",
            "x",
            "!!!",
            &URL_SAFE_NO_PAD.encode("c2.1.2"),
            &URL_SAFE_NO_PAD.encode("c1.1.2.3"),
            &URL_SAFE_NO_PAD.encode("c1.a.2"),
            &URL_SAFE_NO_PAD.encode("c1.1.-2"),
            &URL_SAFE_NO_PAD.encode("c1.01.2"),
            &URL_SAFE_NO_PAD.encode("c1.+1.2"),
            &"A".repeat(CURSOR_MAX_LEN + 4),
        ] {
            assert_eq!(HistoryCursor::decode(bad), None, "{bad}");
        }
    }
}
