//! The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers, structured-field form)
//! on the answers of the calls the attempt limiter counts, and the attempts left in their
//! problem bodies.

use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use redeem_core::api::{RATELIMIT_HEADER, RATELIMIT_POLICY_HEADER};

use super::error::HttpError;
use crate::service::{Allowance, Counted};

/// The name of the one policy these headers describe.
const POLICY: &str = "attempts";

/// `"attempts";q=10;w=3600`
fn policy_value(allowance: &Allowance) -> String {
    format!(
        "\"{POLICY}\";q={};w={}",
        allowance.limit, allowance.window_s
    )
}

/// `"attempts";r=2;t=1740`
fn remaining_value(allowance: &Allowance) -> String {
    format!(
        "\"{POLICY}\";r={};t={}",
        allowance.remaining, allowance.reset_s
    )
}

/// Adds the two headers to `response`.
fn add_headers(response: &mut Response, allowance: &Allowance) {
    let headers = response.headers_mut();
    for (name, value) in [
        (RATELIMIT_POLICY_HEADER, policy_value(allowance)),
        (RATELIMIT_HEADER, remaining_value(allowance)),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
}

/// The response to a counted call: the answer, or its problem with `attempts_remaining`
/// (0 with `locked_until` when rate limited), and the RateLimit headers whenever the
/// limits were read.
pub(super) fn counted_response<T>(
    counted: Counted<T>,
    answer: impl FnOnce(T) -> Response,
) -> Response {
    let Counted { outcome, allowance } = counted;
    let mut response = match outcome {
        Ok(value) => answer(value),
        Err(error) => {
            let mut error = HttpError::from(error);
            if let Some(allowance) = &allowance
                && error.0.attempts_remaining.is_none()
            {
                error.0.attempts_remaining = Some(allowance.remaining);
            }
            if let Some(allowance) = &allowance
                && error.0.pause_s.is_none()
            {
                error.0.pause_s = Some(allowance.window_s);
            }
            error.into_response()
        }
    };
    if let Some(allowance) = &allowance {
        add_headers(&mut response, allowance);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headers_are_structured_fields_of_one_policy() {
        let allowance = Allowance {
            limit: 10,
            window_s: 3600,
            remaining: 2,
            reset_s: 1740,
        };
        assert_eq!(policy_value(&allowance), "\"attempts\";q=10;w=3600");
        assert_eq!(remaining_value(&allowance), "\"attempts\";r=2;t=1740");
    }
}
