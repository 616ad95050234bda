//! `Idempotency-Key` support: the first answer to a key is stored with its effect, in the
//! same transaction, and replayed byte for byte; a key in use by a request still running on
//! this node is refused with 409.

use std::collections::HashSet;

use parking_lot::Mutex;
use serde::Serialize;

use redeem_core::api::Problem;

use super::error::{LedgerError, encode_problem};
use crate::storage::{AccountId, StoredResponse};

/// An answer to a keyed write: the exact status and body bytes to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The body, byte for byte as first sent.
    pub body: Vec<u8>,
    /// True when this is the replay of an earlier answer.
    pub replayed: bool,
}

/// What a keyed write job found or did.
#[derive(Debug)]
pub(crate) enum Keyed<T> {
    /// The key was used before with the same request: the stored answer.
    Replay(StoredResponse),
    /// The key was used before with another request.
    Mismatch,
    /// The job ran; its own outcome.
    Ran(T),
}

impl Keyed<Reply> {
    /// The reply to send, given the fingerprint of the current request.
    pub(crate) fn into_reply(self) -> Result<Reply, LedgerError> {
        match self {
            Self::Replay(stored) => Ok(Reply {
                status: stored.status,
                body: stored.body,
                replayed: true,
            }),
            Self::Mismatch => Err(LedgerError::IdempotencyMismatch),
            Self::Ran(reply) => Ok(reply),
        }
    }
}

/// A stored answer from a success body.
pub(crate) fn stored_success<T: Serialize>(
    request_hash: &[u8],
    status: u16,
    body: &T,
) -> Result<StoredResponse, LedgerError> {
    let body = serde_json::to_vec(body)
        .map_err(|error| LedgerError::Validation(format!("response encoding failed: {error}")))?;
    Ok(StoredResponse {
        request_hash: request_hash.to_vec(),
        status,
        body,
    })
}

/// A stored answer from a refusal, as the problem body the HTTP edge would send.
pub(crate) fn stored_refusal(request_hash: &[u8], error: &LedgerError) -> StoredResponse {
    stored_problem(request_hash, &error.problem())
}

/// A stored answer from a problem body (a refusal completed with what the caller needs to
/// know beside it, such as the attempts left).
pub(crate) fn stored_problem(request_hash: &[u8], problem: &Problem) -> StoredResponse {
    StoredResponse {
        request_hash: request_hash.to_vec(),
        status: problem.status,
        body: encode_problem(problem),
    }
}

/// Keys being processed on this node right now.
#[derive(Debug, Default)]
pub(crate) struct InFlight(Mutex<HashSet<(AccountId, String)>>);

impl InFlight {
    /// Claims a key until the guard is dropped; 409 `idempotency_conflict` if taken.
    pub(crate) fn claim(
        &self,
        account: AccountId,
        key: &str,
    ) -> Result<InFlightGuard<'_>, LedgerError> {
        let entry = (account, key.to_owned());
        if !self.0.lock().insert(entry.clone()) {
            return Err(LedgerError::IdempotencyConflict);
        }
        Ok(InFlightGuard { set: self, entry })
    }
}

/// Releases a claimed key on drop.
pub(crate) struct InFlightGuard<'a> {
    set: &'a InFlight,
    entry: (AccountId, String),
}

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        self.set.0.lock().remove(&self.entry);
    }
}
