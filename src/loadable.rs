//! [`Loadable`]: data that lives on the server, as the app last saw it.

use crate::api::ApiError;

/// A value fetched from the server, and when (egui time, seconds).
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched<T> {
    /// The value.
    pub value: T,
    /// When the server last confirmed it, in `egui::InputState::time` seconds.
    pub at: f64,
}

/// Data from the server in one of four states. A refresh keeps the previous value, and so does a
/// failure, so that nothing flashes empty and a dead server leaves the last known value on
/// screen, marked stale, with the reason.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Loadable<T> {
    /// Never asked for.
    #[default]
    NotRequested,
    /// A request is in flight; `previous` is what was shown before it.
    Pending {
        /// The last value, if any.
        previous: Option<Fetched<T>>,
    },
    /// The server's latest answer.
    Ready(Fetched<T>),
    /// The last request failed; `previous` is still the best value there is.
    Failed {
        /// The last value, if any.
        previous: Option<Fetched<T>>,
        /// Why the request failed.
        error: ApiError,
    },
}

impl<T> Loadable<T> {
    /// The best value known: the current one, or the previous one while pending or failed.
    pub fn latest(&self) -> Option<&Fetched<T>> {
        match self {
            Self::NotRequested => None,
            Self::Pending { previous } | Self::Failed { previous, .. } => previous.as_ref(),
            Self::Ready(fetched) => Some(fetched),
        }
    }

    /// The best value known, without its time.
    pub fn value(&self) -> Option<&T> {
        self.latest().map(|fetched| &fetched.value)
    }

    /// The best value known, to change in place (e.g. to move a long list out of it).
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::NotRequested => None,
            Self::Pending { previous } | Self::Failed { previous, .. } => {
                previous.as_mut().map(|fetched| &mut fetched.value)
            }
            Self::Ready(fetched) => Some(&mut fetched.value),
        }
    }

    /// True while a request is in flight.
    pub fn is_pending(&self) -> bool {
        matches!(self, Self::Pending { .. })
    }

    /// The error of the last request, if it failed.
    pub fn error(&self) -> Option<&ApiError> {
        match self {
            Self::Failed { error, .. } => Some(error),
            Self::NotRequested | Self::Pending { .. } | Self::Ready(_) => None,
        }
    }

    /// Marks a request as started, keeping the value shown so far.
    pub fn start(&mut self) {
        let previous = self.take_latest();
        *self = Self::Pending { previous };
    }

    /// Records the answer to a request.
    pub fn finish(&mut self, result: Result<T, ApiError>, now: f64) {
        *self = match result {
            Ok(value) => Self::Ready(Fetched { value, at: now }),
            Err(error) => Self::Failed {
                previous: self.take_latest(),
                error,
            },
        };
    }

    /// Records that the server confirmed the value shown is still current (HTTP 304).
    pub fn confirm(&mut self, now: f64) {
        *self = match self.take_latest() {
            Some(Fetched { value, .. }) => Self::Ready(Fetched { value, at: now }),
            None => Self::NotRequested,
        };
    }

    fn take_latest(&mut self) -> Option<Fetched<T>> {
        match std::mem::take(self) {
            Self::NotRequested => None,
            Self::Pending { previous } | Self::Failed { previous, .. } => previous,
            Self::Ready(fetched) => Some(fetched),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refresh_keeps_the_value_on_screen() {
        let mut balance = Loadable::NotRequested;
        balance.start();
        assert!(balance.is_pending());
        assert_eq!(balance.value(), None);
        balance.finish(Ok(25), 1.0);
        balance.start();
        assert_eq!(balance.value(), Some(&25));
        balance.finish(Ok(30), 2.0);
        assert_eq!(balance.latest().map(|f| f.at), Some(2.0));
    }

    #[test]
    fn a_failure_keeps_the_stale_value_and_the_reason() {
        let mut balance = Loadable::NotRequested;
        balance.finish(Ok(25), 1.0);
        balance.start();
        balance.finish(Err(ApiError::Network("refused".into())), 2.0);
        assert_eq!(balance.value(), Some(&25));
        assert_eq!(balance.latest().map(|f| f.at), Some(1.0));
        assert!(balance.error().is_some_and(ApiError::is_connectivity));
    }

    #[test]
    fn not_modified_refreshes_the_time_only() {
        let mut balance = Loadable::NotRequested;
        balance.finish(Ok(25), 1.0);
        balance.start();
        balance.confirm(5.0);
        assert_eq!(balance.latest(), Some(&Fetched { value: 25, at: 5.0 }));
    }
}
