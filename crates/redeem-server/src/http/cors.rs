//! CORS: which other origins may call the API from a browser. Only exact origins, listed
//! by the operator; never `*`, and never credentials (the API's bearer token travels in a
//! header that the page sets itself, so browsers need no cookies for it).

use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, ETAG, IF_NONE_MATCH, RETRY_AFTER};
use axum::http::{HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Why an origin given to `--cors-origin` was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid CORS origin {origin:?}: {reason}")]
pub struct BadOrigin {
    /// The origin as given.
    pub origin: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Parses an origin as browsers send it in `Origin`: `http` or `https`, a host, an optional
/// port, nothing else (one trailing `/` is forgiven). Scheme and host are lower-cased, as
/// browsers write them, so that the comparison with `Origin` is exact.
pub fn parse_origin(text: &str) -> Result<HeaderValue, BadOrigin> {
    let bad = |reason| BadOrigin {
        origin: text.to_owned(),
        reason,
    };
    let trimmed = text.trim();
    if trimmed == "*" || trimmed.eq_ignore_ascii_case("null") {
        return Err(bad("only exact origins are allowed, not * or null"));
    }
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    let Some((scheme, authority)) = trimmed.split_once("://") else {
        return Err(bad("write it as https://host or https://host:port"));
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(bad("the scheme must be http or https"));
    }
    if authority.is_empty() {
        return Err(bad("the host is missing"));
    }
    if authority.contains(['/', '?', '#']) {
        return Err(bad("an origin has no path, query or fragment"));
    }
    if authority.contains(['@', '*', ',']) || authority.chars().any(char::is_whitespace) {
        return Err(bad(
            "an origin is a scheme, a host and a port, nothing else",
        ));
    }
    let (host, port) = match authority.rsplit_once(':') {
        // An IPv6 literal without a port: the colons are inside the brackets.
        Some((host, port)) if !port.ends_with(']') => (host, Some(port)),
        _ => (authority, None),
    };
    if host.is_empty() {
        return Err(bad("the host is missing"));
    }
    if let Some(port) = port
        && !port.parse::<u16>().is_ok_and(|port| port > 0)
    {
        return Err(bad("the port must be a number from 1 to 65535"));
    }
    let origin = format!("{scheme}://{}", authority.to_ascii_lowercase());
    HeaderValue::from_str(&origin).map_err(|_| bad("it is not a valid header value"))
}

/// The CORS layer for exactly these origins: the API's methods and headers, and the
/// response headers the app reads.
pub fn layer(origins: Vec<HeaderValue>) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([
            AUTHORIZATION,
            CONTENT_TYPE,
            IF_NONE_MATCH,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            ETAG,
            RETRY_AFTER,
            HeaderName::from_static("idempotent-replayed"),
            HeaderName::from_static("ratelimit-policy"),
            HeaderName::from_static("ratelimit"),
        ])
}

#[cfg(test)]
mod tests {
    use super::parse_origin;

    #[test]
    fn exact_origins_are_accepted_and_written_as_browsers_send_them() {
        for (given, sent) in [
            ("https://app.example", "https://app.example"),
            ("HTTPS://App.Example/", "https://app.example"),
            ("http://127.0.0.1:8081", "http://127.0.0.1:8081"),
            ("http://[::1]:8081", "http://[::1]:8081"),
            ("http://[::1]", "http://[::1]"),
        ] {
            assert_eq!(parse_origin(given).unwrap(), sent, "{given}");
        }
    }

    #[test]
    fn wildcards_paths_and_other_schemes_are_refused() {
        for given in [
            "*",
            "null",
            "app.example",
            "ftp://app.example",
            "https://",
            "https://app.example/app",
            "https://app.example?x=1",
            "https://*.example",
            "https://user@app.example",
            "https://app.example:0",
            "https://app.example:99999",
            "https://app.example:port",
            "https://a.example, https://b.example",
        ] {
            assert!(parse_origin(given).is_err(), "{given} must be refused");
        }
    }
}
