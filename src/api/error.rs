//! The one error type of the API client.

use redeem_core::api::{ErrorCode, Problem};

/// Why a call did not produce its answer.
///
/// The server's own refusals carry its problem details; the rest are failures of the
/// client: the server could not be reached, did not answer in time, or answered with
/// something that is not the API.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The server answered with a problem-details body.
    #[error("{0}")]
    Server(Box<Problem>),
    /// The server could not be reached (refused, reset, DNS, TLS…).
    #[error("could not reach the server: {0}")]
    Network(String),
    /// No answer within the call's time limit.
    #[error("the server did not answer within {seconds} s")]
    Timeout {
        /// The time limit that ran out.
        seconds: u64,
    },
    /// An answer that is not what the API promises.
    #[error("unexpected answer from the server: {0}")]
    Decode(String),
}

impl ApiError {
    /// The server's machine code, for a server problem.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Server(problem) => Some(problem.code),
            Self::Network(_) | Self::Timeout { .. } | Self::Decode(_) => None,
        }
    }

    /// The server's problem details, for a server problem.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Self::Server(problem) => Some(problem),
            Self::Network(_) | Self::Timeout { .. } | Self::Decode(_) => None,
        }
    }

    /// True when the session is no longer valid and the person has to sign in again.
    pub fn is_unauthorized(&self) -> bool {
        self.code() == Some(ErrorCode::Unauthorized)
    }

    /// True when the server could not be reached or did not answer: the data on screen
    /// may be stale, but nothing is known to be wrong with it.
    pub fn is_connectivity(&self) -> bool {
        matches!(self, Self::Network(_) | Self::Timeout { .. })
    }
}

impl From<Problem> for ApiError {
    fn from(problem: Problem) -> Self {
        Self::Server(Box::new(problem))
    }
}

impl From<reqwest::Error> for ApiError {
    fn from(error: reqwest::Error) -> Self {
        if error.is_decode() {
            Self::Decode(error_chain(&error))
        } else {
            Self::Network(error_chain(&error))
        }
    }
}

/// The error and its causes in one line. reqwest's own message names only the URL,
/// never a header or body, so no secret can reach it.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
