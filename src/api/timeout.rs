//! A time limit on a whole call (request, answer and body), the same way natively and in
//! the browser: the call races a timer, and losing the race drops the call, which cancels
//! it (natively the connection is dropped; in the browser reqwest aborts the fetch).
//!
//! reqwest's own time limit is not used: in the browser it stops only the wait for the
//! answer's headers, not the reading of the body, and a call that never ends would leave
//! a redeem stuck instead of retried.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

/// `future`'s output, or `None` when `limit` ran out first.
pub(crate) async fn within<T>(limit: Duration, future: impl Future<Output = T>) -> Option<T> {
    let mut future = pin!(future);
    let mut timer = pin!(sleep(limit));
    poll_fn(|cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

#[cfg(not(target_arch = "wasm32"))]
fn sleep(limit: Duration) -> tokio::time::Sleep {
    tokio::time::sleep(limit)
}

#[cfg(target_arch = "wasm32")]
fn sleep(limit: Duration) -> web::Sleep {
    web::Sleep::new(limit)
}

#[cfg(target_arch = "wasm32")]
mod web {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Duration;

    use wasm_bindgen_futures::JsFuture;
    use web_sys::js_sys::Promise;

    /// A promise that the browser's `setTimeout` resolves; the timer is cleared when the
    /// call wins the race, so that finished calls leave no timers behind.
    pub(super) struct Sleep {
        resolved: JsFuture,
        handle: Option<i32>,
    }

    impl Sleep {
        pub(super) fn new(limit: Duration) -> Self {
            let millis = i32::try_from(limit.as_millis()).unwrap_or(i32::MAX);
            let mut handle = None;
            let promise = Promise::new(&mut |resolve, _reject| {
                handle = web_sys::window().and_then(|window| {
                    window
                        .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis)
                        .ok()
                });
            });
            if handle.is_none() {
                log::warn!("no browser timer: calls run without a time limit");
            }
            Self {
                resolved: JsFuture::from(promise),
                handle,
            }
        }
    }

    impl Future for Sleep {
        type Output = ();

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            Pin::new(&mut self.resolved).poll(cx).map(drop)
        }
    }

    impl Drop for Sleep {
        fn drop(&mut self) {
            if let (Some(handle), Some(window)) = (self.handle.take(), web_sys::window()) {
                window.clear_timeout_with_handle(handle);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::within;

    #[tokio::test]
    async fn a_call_that_answers_in_time_gives_its_answer() {
        let answer = within(Duration::from_secs(5), async {
            tokio::time::sleep(Duration::from_millis(10)).await;
            42
        })
        .await;
        assert_eq!(answer, Some(42));
    }

    #[tokio::test]
    async fn a_call_that_never_answers_times_out_at_its_limit() {
        let started = Instant::now();
        let answer = within(Duration::from_millis(50), std::future::pending::<u32>()).await;
        assert_eq!(answer, None);
        assert!(started.elapsed() >= Duration::from_millis(50));
    }
}
