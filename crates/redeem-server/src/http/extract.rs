//! Extractors that turn every malformed input into a 4xx problem body.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Query, Request};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use redeem_core::SecretText;
use redeem_core::api::{ErrorCode, IDEMPOTENCY_KEY_HEADER, validate_idempotency_key};
use serde::de::DeserializeOwned;

use super::error::HttpError;
use super::{AppState, BODY_LIMIT};
use crate::service::Account;

/// Takes quoted values out of a parser message, so that nothing a client sent (a code
/// pasted into the wrong field, say, or a card number sent as a JSON number) is echoed back
/// or logged; and keeps it short. serde quotes strings with `"` and other values (numbers)
/// with backticks.
fn sanitise(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    for character in message.chars() {
        match open {
            Some(quote) if character == quote => {
                out.push('…');
                out.push(quote);
                open = None;
            }
            Some(_) => {}
            None if character == '"' || character == '`' => {
                out.push(character);
                open = Some(character);
            }
            None => out.push(character),
        }
    }
    out.chars().take(300).collect()
}

/// A JSON body: `application/json`, at most [`BODY_LIMIT`] bytes, no unknown fields.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = HttpError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> HttpError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => HttpError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the body as JSON, with the header Content-Type: application/json.",
        ),
        JsonRejection::JsonSyntaxError(error) => HttpError::new(
            ErrorCode::Validation,
            format!(
                "The body is not valid JSON: {}.",
                sanitise(
                    &std::error::Error::source(error)
                        .map(ToString::to_string)
                        .unwrap_or_default()
                )
            ),
        ),
        JsonRejection::JsonDataError(error) => HttpError::new(
            ErrorCode::Validation,
            format!(
                "The body is JSON but not the expected request: {}.",
                sanitise(
                    &std::error::Error::source(error)
                        .map(ToString::to_string)
                        .unwrap_or_default()
                )
            ),
        ),
        JsonRejection::BytesRejection(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            HttpError::new(
                ErrorCode::PayloadTooLarge,
                format!("The body is larger than the {BODY_LIMIT} bytes this endpoint accepts."),
            )
        }
        other => HttpError::new(
            ErrorCode::Validation,
            format!("The body could not be read ({}).", other.status()),
        ),
    }
}

/// A query string with no unknown parameters and values of the right types.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Self(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(error)) => Err(HttpError::new(
                ErrorCode::Validation,
                format!(
                    "The query string is not valid: {}. Times are RFC 3339 in UTC, e.g. \
                     2026-01-31T00:00:00Z.",
                    sanitise(
                        &std::error::Error::source(&error)
                            .map(ToString::to_string)
                            .unwrap_or_default()
                    )
                ),
            )),
            Err(other) => Err(HttpError::new(
                ErrorCode::Validation,
                format!("The query string is not valid ({}).", other.status()),
            )),
        }
    }
}

/// The token of `Authorization: Bearer <token>`, not yet checked against the sessions.
#[derive(Debug)]
pub struct Bearer(pub SecretText);

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(AUTHORIZATION) else {
            return Err(HttpError::new(
                ErrorCode::Unauthorized,
                "Sign in first: this request needs the header Authorization: Bearer <token>.",
            ));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|text| {
                let (scheme, token) = text.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                HttpError::new(
                    ErrorCode::Unauthorized,
                    "The Authorization header must be: Bearer <token>.",
                )
            })?;
        Ok(Self(SecretText::new(token)))
    }
}

/// The signed-in account, from `Authorization: Bearer <token>`.
#[derive(Debug)]
pub struct Authed {
    /// The account, as read with the session.
    pub account: Account,
    /// The token presented (needed to sign out).
    pub token: SecretText,
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Bearer(token) = Bearer::from_request_parts(parts, state).await?;
        let account = state.ledger.authenticate(token.expose()).await?;
        Ok(Self { account, token })
    }
}

/// The client's network address: the socket's peer, or with `--trust-forwarded-for` the
/// last address in `X-Forwarded-For` (the one the trusted proxy appended).
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.trust_forwarded_for
            && let Some(forwarded) = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .map(str::trim)
                .filter_map(|text| text.parse::<std::net::IpAddr>().ok())
                .next_back()
        {
            return Ok(Self(forwarded.to_string()));
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string());
        Ok(Self(peer))
    }
}

/// The `Idempotency-Key` header, required and checked.
#[derive(Clone, Debug)]
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let value = parts
            .headers
            .get(IDEMPOTENCY_KEY_HEADER)
            .map(|value| value.to_str().unwrap_or("\u{1}"))
            .unwrap_or_default();
        validate_idempotency_key(value).map_err(|error| {
            HttpError::new(
                ErrorCode::Validation,
                format!(
                    "{}. Send a fresh random key (e.g. a UUID) with each new request, and the \
                     same key when retrying it.",
                    capitalised(&error.to_string())
                ),
            )
        })?;
        Ok(Self(value.to_owned()))
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_messages_lose_quoted_values() {
        let message = r#"invalid type: string "ABCD-EFGH-JKMN-PQRS", expected u32 at line 1"#;
        let clean = sanitise(message);
        assert!(!clean.contains("ABCD"), "{clean}");
        assert!(clean.contains("expected u32"));
        let message = "invalid type: integer `4000120034000008`, expected a string at line 1";
        let clean = sanitise(message);
        assert!(!clean.contains("4000"), "{clean}");
        assert!(clean.contains("expected a string"));
    }
}
