//! The OpenAPI document served at `/v1/openapi.json`.
//!
//! utoipa generates it from the route annotations and the wire types of `redeem-core`;
//! this module then completes it with what the extractors and the ledger enforce on every
//! operation: the statuses (and their problem codes) that any route of a kind can answer,
//! the headers, and the limits on every input as schema constraints. A client generated
//! from the document needs nothing else, and the contract test (`scripts/contract.sh`)
//! holds the server to it.

use redeem_core::CURSOR_MAX_LEN;
use redeem_core::api::{
    IDEMPOTENCY_KEY_MAX_LEN, PASSWORD_MIN_LEN, PROBLEM_CONTENT_TYPE, RATELIMIT_HEADER,
    RATELIMIT_POLICY_HEADER, TRANSACTIONS_MAX_LIMIT,
};
use redeem_core::password::PASSWORD_MAX_LEN;
use serde_json::{Map, Value, json};
use utoipa::OpenApi as _;

use super::{
    BODY_LIMIT, account, balance, demo, funds, history, ops, purchases, redemptions, session,
};
use crate::service::{
    MAX_AMOUNT_MINOR, MAX_CONFIRMATION_CODE_LEN, MAX_DESCRIPTION_LEN, MAX_EMAIL_LEN,
    MAX_ORDER_ID_LEN, MAX_PASSWORD_LEN, PAYMENT_ID_PREFIX,
};

/// The document as utoipa generates it from the code.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Redeem balance API",
        description = "Sign in, read the balance and history, redeem gift cards, add money from a \
            payment card, pay for purchases. \
            Money is {\"amount_minor\": 2500, \"currency\": \"USD\"}; every error is an RFC 9457 \
            problem (application/problem+json) with a stable `code`, named in the description \
            of each status.",
    ),
    paths(
        session::sign_in, session::sign_out, balance::get, redemptions::preview,
        redemptions::redeem, history::transactions, history::trade_ins, purchases::create,
        ops::healthz, ops::metrics, ops::openapi, demo::get,
        account::policy, account::sign_up, account::change_password,
        session::sign_out_everywhere,
        funds::options, funds::add, funds::confirm,
    ),
    modifiers(&BearerAuth),
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "Authorization: Bearer <token>, the token of POST /v1/session (at most \
                         512 characters).",
                    ))
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document as JSON.
pub fn openapi_json() -> String {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    let rendered = serde_json::to_value(&doc).and_then(|mut doc| {
        complete(&mut doc);
        serde_json::to_string_pretty(&doc)
    });
    rendered.unwrap_or_else(|error| {
        tracing::error!(%error, "the OpenAPI document could not be rendered");
        "{}".to_owned()
    })
}

/// Adds what utoipa cannot see in the handlers' signatures: the answers of the extractors
/// and of the shared failure modes, response headers, and input constraints.
fn complete(doc: &mut Value) {
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, operation) in item.iter_mut() {
                complete_operation(path, method, operation);
            }
        }
    }
    if let Some(schemas) = doc.pointer_mut("/components/schemas") {
        constrain_schemas(schemas);
    }
}

/// A problem response: `codes` are the problem codes this status can carry, with what
/// they mean for this operation.
fn problem(codes: &str) -> Value {
    json!({
        "description": codes,
        "content": { PROBLEM_CONTENT_TYPE: { "schema": { "$ref": "#/components/schemas/Problem" } } },
    })
}

/// Sets the response for `status` unless the operation documents it itself, and returns
/// it for headers to be added.
fn response<'a>(responses: &'a mut Map<String, Value>, status: &str, codes: &str) -> &'a mut Value {
    responses
        .entry(status.to_owned())
        .or_insert_with(|| problem(codes))
}

/// Adds a response header; `required` only where every answer of that status carries it.
fn header(response: &mut Value, name: &str, description: &str, schema: &Value, required: bool) {
    if let Some(response) = response.as_object_mut() {
        let headers = response.entry("headers").or_insert_with(|| json!({}));
        if let Some(headers) = headers.as_object_mut() {
            headers.insert(
                name.to_owned(),
                json!({ "description": description, "required": required, "schema": schema }),
            );
        }
    }
}

fn complete_operation(path: &str, method: &str, operation: &mut Value) {
    let secured = operation
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|security| !security.is_empty());
    let has_body = operation.get("requestBody").is_some();
    let keyed = constrain_parameters(operation);
    // The calls the attempt limiter counts, which answer with the RateLimit headers.
    let counted = matches!(
        (path, method),
        (
            "/v1/session" | "/v1/redemptions/preview" | "/v1/redemptions",
            "post"
        ) | ("/v1/account/password", "put")
    );
    // The document and the metrics are served from memory; everything else reads the
    // database.
    let reads_database = !matches!(path, "/v1/openapi.json" | "/metrics");
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    if secured {
        let unauthorized = response(
            responses,
            "401",
            "`unauthorized`: no Authorization header, not of the form Bearer <token>, or the \
             session has expired or was signed out. Sign in again.",
        );
        header(
            unauthorized,
            "WWW-Authenticate",
            "The scheme to authenticate with.",
            &json!({ "type": "string", "enum": ["Bearer"] }),
            true,
        );
    }
    if has_body {
        response(
            responses,
            "400",
            "`validation`: the body is not JSON, or not the expected request (a missing, \
             unknown or mistyped field); `detail` says which.",
        );
        response(
            responses,
            "413",
            &format!("`payload_too_large`: the body is larger than {BODY_LIMIT} bytes."),
        );
        response(
            responses,
            "415",
            "`unsupported_media_type`: the body is not sent with Content-Type: application/json.",
        );
    }
    if path == "/v1/session" && method == "post" {
        response(
            responses,
            "500",
            "`internal`: hashing the password failed on the server. Try again.",
        );
    }
    if reads_database {
        let unavailable = response(
            responses,
            "503",
            "`unavailable`: the database cannot be reached or is busy, or the server is \
             shutting down. Retry later (with the same Idempotency-Key for a write).",
        );
        header(
            unavailable,
            "Retry-After",
            "Seconds to wait before retrying.",
            &json!({ "type": "integer", "minimum": 0 }),
            false,
        );
    }
    for (status, response) in responses.iter_mut() {
        if status == "429" || status == "409" {
            header(
                response,
                "Retry-After",
                "Seconds to wait before retrying (rate_limited, idempotency_conflict).",
                &json!({ "type": "integer", "minimum": 0 }),
                false,
            );
        }
        // A bearer call's 401 comes before the limits are read; sign-in's 401 is a
        // counted failure.
        let before_limits = matches!(status.as_str(), "400" | "413" | "415" | "500" | "503")
            || (secured && status == "401");
        if counted && !before_limits {
            header(
                response,
                RATELIMIT_POLICY_HEADER,
                "The failed-attempt limit the caller is nearest to \
                 (draft-ietf-httpapi-ratelimit-headers, structured field): `q` failed attempts \
                 in a sliding window of `w` seconds, e.g. \"attempts\";q=10;w=3600. The \
                 account's (or for sign-in the e-mail address's) limit, or the network \
                 address's when that one is tighter.",
                &json!({ "type": "string", "pattern": "^\"attempts\";q=[0-9]+;w=[0-9]+$" }),
                false,
            );
            header(
                response,
                RATELIMIT_HEADER,
                "What is left of that limit, as the database counted after this call: `r` \
                 failed attempts left before the pause, `t` seconds until the oldest failure \
                 counted leaves the window (0 when none is counted; with r=0, when the pause \
                 ends), e.g. \"attempts\";r=2;t=1740.",
                &json!({ "type": "string", "pattern": "^\"attempts\";r=[0-9]+;t=[0-9]+$" }),
                false,
            );
        }
        if keyed && !matches!(status.as_str(), "401" | "413" | "415" | "500" | "503") {
            header(
                response,
                "Idempotent-Replayed",
                "true when this is the stored answer to an earlier request with the same \
                 Idempotency-Key, byte for byte.",
                &json!({ "type": "string", "enum": ["true"] }),
                false,
            );
        }
    }
}

/// Gives the header and query parameters their limits; true when the operation takes an
/// `Idempotency-Key`.
fn constrain_parameters(operation: &mut Value) -> bool {
    let mut keyed = false;
    let Some(parameters) = operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
    else {
        return keyed;
    };
    for parameter in parameters {
        let name = parameter.get("name").and_then(Value::as_str).unwrap_or("");
        let constraints = match name {
            "Idempotency-Key" => {
                keyed = true;
                json!({ "minLength": 1, "maxLength": IDEMPOTENCY_KEY_MAX_LEN, "pattern": "^[!-~]+$" })
            }
            "limit" => json!({ "minimum": 1, "maximum": TRANSACTIONS_MAX_LIMIT }),
            "cursor" => {
                json!({ "minLength": 1, "maxLength": CURSOR_MAX_LEN, "pattern": "^[A-Za-z0-9_-]+$" })
            }
            // Any other text names no payment: 404.
            "payment_id" => json!({
                "minLength": PAYMENT_ID_PREFIX.len() + 32,
                "maxLength": PAYMENT_ID_PREFIX.len() + 32,
                "pattern": format!("^{PAYMENT_ID_PREFIX}[0-9a-f]{{32}}$"),
            }),
            _ => continue,
        };
        merge_schema(parameter.get_mut("schema"), &constraints);
    }
    keyed
}

/// Merges `constraints` into a schema object, or into the non-null member of an
/// optional's `oneOf`/`type` list, which is how utoipa writes an `Option`.
fn merge_schema(schema: Option<&mut Value>, constraints: &Value) {
    let (Some(Value::Object(schema)), Value::Object(constraints)) = (schema, constraints) else {
        return;
    };
    for (key, value) in constraints {
        schema.insert(key.clone(), value.clone());
    }
}

/// Sets the constraints of `property` of the component schema `name`.
fn constrain(schemas: &mut Value, name: &str, property: &str, constraints: &Value) {
    merge_schema(
        schemas.pointer_mut(&format!("/{name}/properties/{property}")),
        constraints,
    );
}

fn constrain_schemas(schemas: &mut Value) {
    // The code as typed: 16 symbols of the Crockford alphabet (case-insensitive; O, I and L
    // read as 0, 1 and 1; U is never a symbol), with spaces and dashes anywhere. Any other
    // text is refused with 422 invalid_code before any look-up.
    constrain(
        schemas,
        "RedeemRequest",
        "code",
        &json!({
            "minLength": 16,
            "pattern": "^[ -]*(?:[0-9A-TV-Za-tv-z][ -]*){16}$",
            "description": "The code as typed: 16 symbols of 0-9 and A-Z but U (case-insensitive; \
                O, I and L read as 0, 1 and 1), spaces and dashes anywhere, e.g. \
                XXXX-XXXX-XXXX-XXXX. The last symbol is a check symbol.",
        }),
    );
    // The server trims and lower-cases the address and counts bytes; printable ASCII
    // makes characters and bytes the same.
    constrain(
        schemas,
        "SessionRequest",
        "email",
        &json!({
            "minLength": 3,
            "maxLength": MAX_EMAIL_LEN,
            "pattern": "^[!-~]+@[!-~]+$",
        }),
    );
    // The limit is in bytes of UTF-8; a character takes at most four.
    constrain(
        schemas,
        "SessionRequest",
        "password",
        &json!({
            "minLength": 1,
            "maxLength": MAX_PASSWORD_LEN / 4,
            "description": format!("1 to {MAX_PASSWORD_LEN} bytes of UTF-8."),
        }),
    );
    // Sign-up: the address as at sign-in, but with one @ only (the server refuses a second
    // one); the password by the rules of redeem_core::password, in characters.
    constrain(
        schemas,
        "SignUpRequest",
        "email",
        &json!({
            "minLength": 3,
            "maxLength": MAX_EMAIL_LEN,
            "pattern": "^[!-?A-~]+@[!-?A-~]+$",
        }),
    );
    let new_password = json!({
        "minLength": PASSWORD_MIN_LEN,
        "maxLength": PASSWORD_MAX_LEN,
        "description": format!(
            "{PASSWORD_MIN_LEN} to {PASSWORD_MAX_LEN} characters (Unicode scalar values), not \
             one of the common passwords the server knows (422 weak_password), not the \
             e-mail address. No other rule: any character, spaces included."
        ),
    });
    constrain(schemas, "SignUpRequest", "password", &new_password);
    constrain(
        schemas,
        "ChangePasswordRequest",
        "new_password",
        &new_password,
    );
    constrain(
        schemas,
        "ChangePasswordRequest",
        "current_password",
        &json!({
            "minLength": 1,
            "maxLength": MAX_PASSWORD_LEN / 4,
            "description": format!("1 to {MAX_PASSWORD_LEN} bytes of UTF-8."),
        }),
    );
    // Both must have something but blanks left after trimming, and no control character.
    constrain(
        schemas,
        "PurchaseRequest",
        "order_id",
        &json!({
            "minLength": 1,
            "maxLength": MAX_ORDER_ID_LEN,
            "pattern": "^[ -~]*[!-~][ -~]*$",
        }),
    );
    constrain(
        schemas,
        "PurchaseRequest",
        "description",
        &json!({
            "minLength": 1,
            "maxLength": MAX_DESCRIPTION_LEN,
            "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$",
        }),
    );
    // A card as typed: digits with spaces or dashes anywhere; the check digit (Luhn) is
    // checked by the server (400 validation).
    constrain(
        schemas,
        "PaymentCard",
        "number",
        &json!({
            "minLength": 12,
            "maxLength": 40,
            "pattern": "^[ -]*(?:[0-9][ -]*){12,19}$",
            "description": "12 to 19 digits with a valid Luhn check digit; spaces and dashes \
                anywhere are ignored. Never stored: the server keeps the brand and the last \
                four digits.",
        }),
    );
    constrain(
        schemas,
        "PaymentCard",
        "exp_month",
        &json!({ "minimum": 1, "maximum": 12 }),
    );
    constrain(
        schemas,
        "PaymentCard",
        "exp_year",
        &json!({ "minimum": 2000, "maximum": 2099 }),
    );
    constrain(
        schemas,
        "PaymentCard",
        "cvc",
        &json!({ "pattern": "^[0-9]{3,4}$", "minLength": 3, "maxLength": 4 }),
    );
    constrain(
        schemas,
        "ConfirmFundsRequest",
        "code",
        &json!({
            "minLength": 1,
            "maxLength": MAX_CONFIRMATION_CODE_LEN,
            "pattern": "^\\s*\\S",
        }),
    );
    if let Some(amount) = schemas.pointer_mut("/AddFundsRequest/properties/amount") {
        *amount = json!({
            "type": "object",
            "description": "What to add, in the account's currency, between the `min` and the \
                `max_per_payment` of GET /v1/funds/options (400 validation below the minimum, \
                422 funds_limit_exceeded above a limit).",
            "required": ["amount_minor", "currency"],
            "additionalProperties": false,
            "properties": {
                "amount_minor": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "maximum": MAX_AMOUNT_MINOR,
                },
                "currency": { "$ref": "#/components/schemas/Currency" },
            },
        });
    }
    // The debit: positive, at most the largest amount, in the account's currency. Money
    // elsewhere may be negative (debits in the history), so the request gets its own
    // schema rather than a constraint on Money.
    if let Some(amount) = schemas.pointer_mut("/PurchaseRequest/properties/amount") {
        *amount = json!({
            "type": "object",
            "description": "What to debit, in the account's currency (400 validation otherwise).",
            "required": ["amount_minor", "currency"],
            "additionalProperties": false,
            "properties": {
                "amount_minor": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "maximum": MAX_AMOUNT_MINOR,
                },
                "currency": { "$ref": "#/components/schemas/Currency" },
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Value {
        serde_json::from_str(&openapi_json()).unwrap_or_default()
    }

    #[test]
    fn every_constrained_property_exists_in_the_document() {
        let doc = document();
        for (pointer, key) in [
            (
                "/components/schemas/RedeemRequest/properties/code",
                "pattern",
            ),
            (
                "/components/schemas/SessionRequest/properties/email",
                "maxLength",
            ),
            (
                "/components/schemas/SessionRequest/properties/password",
                "maxLength",
            ),
            (
                "/components/schemas/PurchaseRequest/properties/order_id",
                "pattern",
            ),
            (
                "/components/schemas/PurchaseRequest/properties/description",
                "pattern",
            ),
            (
                "/components/schemas/PurchaseRequest/properties/amount/properties/amount_minor",
                "minimum",
            ),
            (
                "/components/schemas/SignUpRequest/properties/email",
                "pattern",
            ),
            (
                "/components/schemas/SignUpRequest/properties/password",
                "minLength",
            ),
            (
                "/components/schemas/ChangePasswordRequest/properties/new_password",
                "maxLength",
            ),
            (
                "/components/schemas/ChangePasswordRequest/properties/current_password",
                "maxLength",
            ),
            (
                "/components/schemas/PaymentCard/properties/number",
                "pattern",
            ),
            (
                "/components/schemas/PaymentCard/properties/exp_month",
                "maximum",
            ),
            ("/components/schemas/PaymentCard/properties/cvc", "pattern"),
            (
                "/components/schemas/ConfirmFundsRequest/properties/code",
                "maxLength",
            ),
            (
                "/components/schemas/AddFundsRequest/properties/amount/properties/amount_minor",
                "minimum",
            ),
        ] {
            assert!(
                doc.pointer(pointer)
                    .and_then(|schema| schema.get(key))
                    .is_some(),
                "{pointer} has no {key}"
            );
        }
    }

    #[test]
    fn signed_in_operations_document_401_and_bodies_413_and_415() {
        let doc = document();
        let redeem = doc.pointer("/paths/~1v1~1redemptions/post/responses");
        for status in [
            "201", "400", "401", "409", "413", "415", "422", "429", "503",
        ] {
            assert!(
                redeem.and_then(|responses| responses.get(status)).is_some(),
                "POST /v1/redemptions does not document {status}"
            );
        }
    }

    #[test]
    fn counted_calls_document_the_ratelimit_headers_and_the_account_calls_their_statuses() {
        let doc = document();
        for (pointer, statuses) in [
            (
                "/paths/~1v1~1session/post/responses",
                &["200", "401", "429"][..],
            ),
            (
                "/paths/~1v1~1redemptions~1preview/post/responses",
                &["200", "409", "422", "429"][..],
            ),
            (
                "/paths/~1v1~1redemptions/post/responses",
                &["201", "409", "422", "429"][..],
            ),
            (
                "/paths/~1v1~1account~1password/put/responses",
                &["204", "403", "429"][..],
            ),
        ] {
            for status in statuses {
                for name in [RATELIMIT_POLICY_HEADER, RATELIMIT_HEADER] {
                    assert!(
                        doc.pointer(&format!("{pointer}/{status}/headers/{name}"))
                            .is_some(),
                        "{pointer} {status} has no {name}"
                    );
                }
            }
        }
        for (pointer, statuses) in [
            ("/paths/~1v1~1sign-up/get/responses", &["200"][..]),
            (
                "/paths/~1v1~1accounts/post/responses",
                &["201", "400", "403", "409", "422", "429", "503"][..],
            ),
            (
                "/paths/~1v1~1account~1password/put/responses",
                &["204", "400", "401", "403", "422", "429", "503"][..],
            ),
            (
                "/paths/~1v1~1sessions/delete/responses",
                &["204", "401", "503"][..],
            ),
        ] {
            for status in statuses {
                assert!(
                    doc.pointer(&format!("{pointer}/{status}")).is_some(),
                    "{pointer} does not document {status}"
                );
            }
        }
        for field in ["attempts_remaining", "locked_until", "pause_s"] {
            assert!(
                doc.pointer(&format!("/components/schemas/Problem/properties/{field}"))
                    .is_some(),
                "the problem body has no {field}"
            );
        }
    }

    #[test]
    fn the_funds_operations_document_every_answer_they_give() {
        let doc = document();
        for (pointer, statuses) in [
            (
                "/paths/~1v1~1funds/post/responses",
                &[
                    "201", "202", "400", "401", "402", "403", "409", "413", "415", "422", "503",
                ][..],
            ),
            (
                "/paths/~1v1~1funds~1{payment_id}~1confirm/post/responses",
                &[
                    "201", "400", "401", "402", "403", "404", "409", "422", "503",
                ][..],
            ),
            (
                "/paths/~1v1~1funds~1options/get/responses",
                &["200", "401", "403", "503"][..],
            ),
        ] {
            for status in statuses {
                assert!(
                    doc.pointer(pointer)
                        .and_then(|responses| responses.get(*status))
                        .is_some(),
                    "{pointer} does not document {status}"
                );
            }
        }
        let retry_after = doc.pointer("/paths/~1v1~1funds/post/responses/503/headers/Retry-After");
        assert!(
            retry_after.is_some(),
            "payment_unavailable says when to retry"
        );
    }

    #[test]
    fn query_parameters_carry_their_limits() {
        let doc = document();
        let parameters = doc
            .pointer("/paths/~1v1~1transactions/get/parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let limit = parameters
            .iter()
            .find(|parameter| parameter["name"] == "limit")
            .map(|parameter| parameter["schema"]["maximum"].clone());
        assert_eq!(limit, Some(json!(TRANSACTIONS_MAX_LIMIT)));
    }
}
