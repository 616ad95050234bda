//! Attempts left and an account's self-service, through the HTTP API on SQLite and
//! PostgreSQL: the RateLimit headers of preview, redeem and sign-in counted down to the
//! pause; sign-up; changing the password; signing out everywhere.

#![expect(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "the cases run on both backends as async functions called from generated tests; a failed step fails its test"
)]

mod common;

use chrono::{DateTime, Utc};
use common::{Answer, Backend, Client, TestDb, account, cards, unissued_code, usd};
use redeem_core::Region;
use redeem_core::api::ErrorCode;
use serde_json::{Value, json};

on_both_backends!(
    failed_codes_count_the_ratelimit_headers_down_to_the_pause,
    the_address_limit_is_reported_when_it_is_tighter,
    a_replayed_refusal_keeps_its_body_and_tells_the_standing_afresh,
    failed_sign_ins_count_the_ratelimit_headers_down_to_the_pause,
    sign_up_is_closed_unless_the_server_allows_it,
    sign_up_makes_an_account_that_is_signed_in_at_once,
    sign_up_refuses_weak_passwords_taken_and_invalid_addresses,
    sign_ups_are_limited_per_network_address,
    parallel_sign_ups_of_one_address_make_one_account,
    a_password_change_ends_every_other_session_and_keeps_the_callers,
    a_wrong_current_password_is_refused_and_counts_as_a_failed_sign_in,
    sign_out_everywhere_ends_every_session_of_the_account,
);

const PASSWORD: &str = "correct horse battery";

/// The `(q, w)` of `RateLimit-Policy: "attempts";q=Q;w=W`.
fn policy(answer: &Answer) -> (u32, u64) {
    let value = answer
        .header("ratelimit-policy")
        .unwrap_or_else(|| panic!("no RateLimit-Policy on {}", answer.status));
    let rest = value
        .strip_prefix("\"attempts\";q=")
        .unwrap_or_else(|| panic!("{value}"));
    let (q, w) = rest.split_once(";w=").unwrap_or_else(|| panic!("{value}"));
    (q.parse().unwrap(), w.parse().unwrap())
}

/// The `(r, t)` of `RateLimit: "attempts";r=R;t=T`.
fn left(answer: &Answer) -> (u32, u64) {
    let value = answer
        .header("ratelimit")
        .unwrap_or_else(|| panic!("no RateLimit on {}", answer.status));
    let rest = value
        .strip_prefix("\"attempts\";r=")
        .unwrap_or_else(|| panic!("{value}"));
    let (r, t) = rest.split_once(";t=").unwrap_or_else(|| panic!("{value}"));
    (r.parse().unwrap(), t.parse().unwrap())
}

/// Checks a `rate_limited` answer: `attempts_remaining` 0, `locked_until` in the future and
/// `retry_after_s`, `Retry-After` and the RateLimit header's `t` all saying the same wait.
fn assert_paused(answer: &Answer, asked_at: DateTime<Utc>) -> DateTime<Utc> {
    assert_eq!(
        answer.status,
        429,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let problem = answer.problem();
    assert_eq!(problem.code, ErrorCode::RateLimited);
    assert_eq!(problem.attempts_remaining, Some(0));
    let locked_until = problem.locked_until.expect("locked_until");
    let retry_after = problem.retry_after_s.expect("retry_after_s");
    assert_eq!(
        answer.header("retry-after"),
        Some(retry_after.to_string()),
        "Retry-After"
    );
    assert_eq!(left(answer), (0, retry_after));
    // The wait is the time to locked_until, rounded up to whole seconds.
    let wait = (locked_until - asked_at).num_milliseconds();
    let retry_after_ms = i64::try_from(retry_after).unwrap() * 1000;
    assert!(
        retry_after_ms >= wait - 2000 && retry_after_ms <= wait + 1000,
        "retry_after_s {retry_after} but locked_until is {wait} ms away"
    );
    locked_until
}

async fn post_json(client: &Client, token: Option<&str>, path: &str, body: &Value) -> Answer {
    let mut request = client
        .http
        .post(format!("{}{path}", client.base))
        .json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    client.send(request).await
}

async fn sign_up(client: &Client, email: &str, password: &str) -> Answer {
    post_json(
        client,
        None,
        "/v1/accounts",
        &json!({"email": email, "password": password, "region": "US"}),
    )
    .await
}

async fn change_password(client: &Client, token: &str, current: &str, new: &str) -> Answer {
    client
        .send(
            client
                .http
                .put(format!("{}/v1/account/password", client.base))
                .bearer_auth(token)
                .json(&json!({"current_password": current, "new_password": new})),
        )
        .await
}

async fn balance_status(client: &Client, token: &str) -> u16 {
    client.get(token, "/v1/balance").await.status
}

async fn failed_codes_count_the_ratelimit_headers_down_to_the_pause(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    // A second node on the same database: the counts are the database's, not a node's.
    let other_node = db.start().await;
    let client = Client::new(&server.base_url());
    let other = Client::new(&other_node.base_url());
    let token = account(&server, &client, "counted@example.com", Region::Us).await;
    let card = cards(&server, 1, usd(2500), Region::Us).await.remove(0);

    let fine = client.preview(&token, &card).await;
    assert_eq!(fine.status, 200);
    assert_eq!(policy(&fine), (10, 3600), "the account's limit, 10 an hour");
    assert_eq!(left(&fine), (10, 0), "nothing failed yet");

    for n in 1..=10_u32 {
        // Previews and redeems count together, on either node.
        let via = if n % 2 == 0 { &client } else { &other };
        let answer = if n % 3 == 0 {
            via.redeem(&token, &format!("wrong-{n}"), &unissued_code())
                .await
        } else {
            via.preview(&token, &unissued_code()).await
        };
        assert_eq!(
            answer.status,
            422,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        let problem = answer.problem();
        assert_eq!(problem.code, ErrorCode::InvalidCode);
        assert_eq!(policy(&answer), (10, 3600));
        let (remaining, reset) = left(&answer);
        assert_eq!(remaining, 10 - n, "after failure {n}");
        assert_eq!(
            problem.attempts_remaining,
            Some(10 - n),
            "after failure {n}"
        );
        assert_eq!(
            problem.pause_s,
            Some(3600),
            "the pause's length, as `w` says"
        );
        assert!(
            (3590..=3600).contains(&reset),
            "the first failure leaves the window in about an hour, not {reset} s"
        );
        if n == 5 {
            // A malformed code is not counted, but its answer still tells the standing.
            let malformed = client.preview(&token, "not a code").await;
            assert_eq!(malformed.status, 422);
            assert_eq!(left(&malformed).0, 5);
            assert_eq!(malformed.problem().attempts_remaining, Some(5));
        }
    }

    // The pause: the real card is refused too, on both nodes, by preview and redeem.
    let asked_at = Utc::now();
    let paused = client.redeem(&token, "real-card", &card).await;
    let locked_until = assert_paused(&paused, asked_at);
    assert_eq!(policy(&paused), (10, 3600));
    let again = other.preview(&token, &card).await;
    assert_eq!(assert_paused(&again, Utc::now()), locked_until);
    let hour = chrono::TimeDelta::seconds(3600);
    assert!(
        locked_until > asked_at + hour - chrono::TimeDelta::seconds(30)
            && locked_until <= asked_at + hour,
        "the pause ends when the first failure leaves the hour: {locked_until}"
    );
    other_node.shutdown().await.unwrap();
}

async fn the_address_limit_is_reported_when_it_is_tighter(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db
        .start_with(|config| config.ledger.limits.per_address = 3)
        .await;
    let client = Client::new(&server.base_url());
    let first = account(&server, &client, "first@example.com", Region::Us).await;
    let second = account(&server, &client, "second@example.com", Region::Us).await;
    let card = cards(&server, 1, usd(1000), Region::Us).await.remove(0);

    let fine = client.preview(&first, &card).await;
    assert_eq!(
        policy(&fine),
        (3, 3600),
        "the address's 3 are tighter than 10"
    );
    assert_eq!(left(&fine), (3, 0));
    for (n, token) in [&first, &second, &first].into_iter().enumerate() {
        let answer = client.preview(token, &unissued_code()).await;
        assert_eq!(answer.status, 422);
        assert_eq!(policy(&answer), (3, 3600));
        let expected = 2 - u32::try_from(n).unwrap();
        assert_eq!(left(&answer).0, expected);
        assert_eq!(answer.problem().attempts_remaining, Some(expected));
    }
    let paused = client.redeem(&second, "after", &card).await;
    assert_paused(&paused, Utc::now());
    assert!(paused.problem().detail.contains("network address"));
}

async fn failed_sign_ins_count_the_ratelimit_headers_down_to_the_pause(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    server
        .ledger()
        .create_account(
            "owner@example.com",
            Region::Us,
            redeem_core::SecretText::new(PASSWORD),
        )
        .await
        .unwrap();

    let fine = client.sign_in("owner@example.com", PASSWORD).await;
    assert_eq!(fine.status, 200);
    assert_eq!(policy(&fine), (10, 900), "10 failed sign-ins in 15 minutes");
    assert_eq!(left(&fine), (10, 0));
    for n in 1..=10_u32 {
        let answer = client
            .sign_in("owner@example.com", &format!("wrong guess {n}"))
            .await;
        assert_eq!(answer.status, 401);
        assert_eq!(policy(&answer), (10, 900));
        assert_eq!(left(&answer).0, 10 - n, "after failure {n}");
        assert_eq!(answer.problem().attempts_remaining, Some(10 - n));
    }
    let asked_at = Utc::now();
    let paused = client.sign_in("owner@example.com", PASSWORD).await;
    let locked_until = assert_paused(&paused, asked_at);
    assert!(locked_until <= asked_at + chrono::TimeDelta::seconds(900));
    // An address without an account counts the same way: the headers tell nobody which
    // addresses have accounts.
    let unknown = client.sign_in("nobody@example.com", "wrong guess").await;
    assert_eq!(unknown.status, 401);
    assert_eq!(left(&unknown).0, 9);
}

async fn sign_up_is_closed_unless_the_server_allows_it(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let policy = client
        .send(client.http.get(format!("{}/v1/sign-up", client.base)))
        .await;
    assert_eq!(policy.status, 200);
    assert_eq!(policy.json()["allowed"], false);
    let refused = sign_up(&client, "new@example.com", "lantern orchard rivet").await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.problem().code, ErrorCode::SignUpClosed);
    assert_eq!(
        client
            .sign_in("new@example.com", "lantern orchard rivet")
            .await
            .status,
        401,
        "no account was made"
    );
}

async fn sign_up_makes_an_account_that_is_signed_in_at_once(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db
        .start_with(|config| config.ledger.allow_sign_up = true)
        .await;
    let client = Client::new(&server.base_url());
    let policy = client
        .send(client.http.get(format!("{}/v1/sign-up", client.base)))
        .await;
    assert_eq!(
        policy.json(),
        json!({
            "allowed": true,
            "regions": ["US", "GB", "DE", "FR", "JP", "CA", "AU", "CH", "KW"],
            "min_password_length": 8,
            "max_password_length": 256,
        })
    );

    let made = post_json(
        &client,
        None,
        "/v1/accounts",
        &json!({"email": "  New.Person@Example.com ", "password": "lantern orchard rivet", "region": "GB"}),
    )
    .await;
    assert_eq!(made.status, 201, "{}", String::from_utf8_lossy(&made.body));
    let session = made.json();
    assert_eq!(session["account"]["email"], "new.person@example.com");
    assert_eq!(session["account"]["region"], "GB");
    assert_eq!(session["account"]["currency"], "GBP");
    let token = session["token"].as_str().unwrap();
    let balance = client.get(token, "/v1/balance").await;
    assert_eq!(balance.status, 200);
    assert_eq!(balance.json()["available"]["amount_minor"], 0);
    assert_eq!(balance.json()["available"]["currency"], "GBP");
    // The same password signs in again later.
    client
        .token("new.person@example.com", "lantern orchard rivet")
        .await;
    // The database keeps a hash of the password, never the password.
    if backend == Backend::Sqlite {
        server.shutdown().await.unwrap();
        for name in ["ledger.sqlite3", "ledger.sqlite3-wal"] {
            let Ok(bytes) = std::fs::read(db.dir.path().join(name)) else {
                continue;
            };
            assert!(
                !bytes
                    .windows("lantern orchard rivet".len())
                    .any(|window| window == b"lantern orchard rivet"),
                "{name} holds the password"
            );
        }
    }
}

async fn sign_up_refuses_weak_passwords_taken_and_invalid_addresses(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db
        .start_with(|config| config.ledger.allow_sign_up = true)
        .await;
    let client = Client::new(&server.base_url());
    for (password, says) in [
        ("tiny", "at least 8 characters"),
        ("seven77", "at least 8 characters"),
        ("Password123", "most common passwords"),
        ("iloveyou2", "most common passwords"),
        ("jane@example.com", "e-mail address"),
    ] {
        let refused = sign_up(&client, "jane@example.com", password).await;
        assert_eq!(refused.status, 422, "{password:?}");
        let problem = refused.problem();
        assert_eq!(problem.code, ErrorCode::WeakPassword);
        assert!(
            problem.detail.contains(says),
            "{password:?}: {}",
            problem.detail
        );
        assert!(
            !problem.detail.contains(password),
            "the password is not echoed"
        );
    }
    let too_long = sign_up(&client, "jane@example.com", &"x".repeat(257)).await;
    assert_eq!(too_long.problem().code, ErrorCode::WeakPassword);
    // Eight characters of three bytes each are eight characters.
    assert_eq!(
        sign_up(&client, "kana@example.com", "ひみつのあいことば")
            .await
            .status,
        201
    );

    assert_eq!(
        sign_up(&client, "jane@example.com", "lantern orchard rivet")
            .await
            .status,
        201
    );
    let taken = sign_up(&client, "JANE@example.com", "another long phrase").await;
    assert_eq!(taken.status, 409);
    assert_eq!(taken.problem().code, ErrorCode::EmailTaken);
    // The first password still signs in; the second made nothing.
    client
        .token("jane@example.com", "lantern orchard rivet")
        .await;
    assert_eq!(
        client
            .sign_in("jane@example.com", "another long phrase")
            .await
            .status,
        401
    );

    for email in [
        "no-at-sign",
        "two@at@example.com",
        "@example.com",
        "spa ce@example.com",
    ] {
        let refused = sign_up(&client, email, "lantern orchard rivet").await;
        assert_eq!(refused.status, 400, "{email:?}");
        assert_eq!(refused.problem().code, ErrorCode::Validation);
    }
    let unknown_region = post_json(
        &client,
        None,
        "/v1/accounts",
        &json!({"email": "x@example.com", "password": "lantern orchard rivet", "region": "ZZ"}),
    )
    .await;
    assert_eq!(unknown_region.status, 400);
}

async fn sign_ups_are_limited_per_network_address(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db
        .start_with(|config| {
            config.ledger.allow_sign_up = true;
            config.ledger.limits.sign_up_per_address = 3;
        })
        .await;
    let client = Client::new(&server.base_url());
    assert_eq!(
        sign_up(&client, "one@example.com", "lantern orchard rivet")
            .await
            .status,
        201
    );
    // A taken address counts too: asking is what is limited.
    assert_eq!(
        sign_up(&client, "one@example.com", "lantern orchard rivet")
            .await
            .status,
        409
    );
    assert_eq!(
        sign_up(&client, "two@example.com", "lantern orchard rivet")
            .await
            .status,
        201
    );
    let asked_at = Utc::now();
    let limited = sign_up(&client, "three@example.com", "lantern orchard rivet").await;
    assert_eq!(limited.status, 429);
    let problem = limited.problem();
    assert_eq!(problem.code, ErrorCode::RateLimited);
    assert_eq!(problem.attempts_remaining, Some(0));
    let locked_until = problem.locked_until.unwrap();
    assert!(locked_until > asked_at + chrono::TimeDelta::seconds(3500));
    assert!(limited.header("retry-after").is_some());
    // Weak passwords are refused before the limit is asked: they make nothing.
    assert_eq!(
        sign_up(&client, "four@example.com", "short").await.status,
        422
    );
    assert_eq!(
        client
            .sign_in("three@example.com", "lantern orchard rivet")
            .await
            .status,
        401,
        "no account was made"
    );
}

async fn a_password_change_ends_every_other_session_and_keeps_the_callers(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let caller = account(&server, &client, "mover@example.com", Region::Us).await;
    let laptop = client.token("mover@example.com", PASSWORD).await;
    let kiosk = client.token("mover@example.com", PASSWORD).await;
    let stranger = account(&server, &client, "stranger@example.com", Region::Us).await;

    let weak = change_password(&client, &caller, PASSWORD, "password1").await;
    assert_eq!(weak.status, 422);
    assert_eq!(weak.problem().code, ErrorCode::WeakPassword);
    assert_eq!(
        balance_status(&client, &laptop).await,
        200,
        "nothing changed"
    );

    let changed = change_password(&client, &caller, PASSWORD, "a brand new phrase").await;
    assert_eq!(
        changed.status,
        204,
        "{}",
        String::from_utf8_lossy(&changed.body)
    );
    assert_eq!(left(&changed).0, 10);
    assert_eq!(
        balance_status(&client, &caller).await,
        200,
        "the caller goes on"
    );
    assert_eq!(balance_status(&client, &laptop).await, 401);
    assert_eq!(balance_status(&client, &kiosk).await, 401);
    assert_eq!(
        balance_status(&client, &stranger).await,
        200,
        "another account's session is untouched"
    );
    assert_eq!(
        client.sign_in("mover@example.com", PASSWORD).await.status,
        401
    );
    client
        .token("mover@example.com", "a brand new phrase")
        .await;
}

async fn a_wrong_current_password_is_refused_and_counts_as_a_failed_sign_in(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db
        .start_with(|config| config.ledger.limits.sign_in_per_account = 3)
        .await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "careful@example.com", Region::Us).await;
    let other = client.token("careful@example.com", PASSWORD).await;

    let wrong = change_password(&client, &token, "not my password", "a brand new phrase").await;
    assert_eq!(wrong.status, 403);
    let problem = wrong.problem();
    assert_eq!(problem.code, ErrorCode::WrongPassword);
    assert_eq!(problem.attempts_remaining, Some(2));
    assert_eq!(policy(&wrong), (3, 900));
    assert_eq!(left(&wrong).0, 2);
    assert_eq!(
        balance_status(&client, &other).await,
        200,
        "no session ended"
    );

    // The same count as sign-in's.
    let failed_sign_in = client.sign_in("careful@example.com", "also wrong").await;
    assert_eq!(failed_sign_in.status, 401);
    assert_eq!(left(&failed_sign_in).0, 1);
    let last = change_password(&client, &token, "wrong again", "a brand new phrase").await;
    assert_eq!(last.status, 403);
    assert_eq!(last.problem().attempts_remaining, Some(0));
    let paused = change_password(&client, &token, PASSWORD, "a brand new phrase").await;
    assert_paused(&paused, Utc::now());
    // The password did not change.
    assert_eq!(
        client
            .sign_in("careful@example.com", "a brand new phrase")
            .await
            .status,
        429
    );
    assert_eq!(balance_status(&client, &token).await, 200);
}

async fn sign_out_everywhere_ends_every_session_of_the_account(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let caller = account(&server, &client, "leaving@example.com", Region::Us).await;
    let phone = client.token("leaving@example.com", PASSWORD).await;
    let stranger = account(&server, &client, "staying@example.com", Region::Us).await;

    let ended = client
        .send(
            client
                .http
                .delete(format!("{}/v1/sessions", client.base))
                .bearer_auth(&caller),
        )
        .await;
    assert_eq!(ended.status, 204);
    assert_eq!(balance_status(&client, &caller).await, 401);
    assert_eq!(balance_status(&client, &phone).await, 401);
    assert_eq!(balance_status(&client, &stranger).await, 200);
    let again = client
        .send(
            client
                .http
                .delete(format!("{}/v1/sessions", client.base))
                .bearer_auth(&caller),
        )
        .await;
    assert_eq!(again.status, 401, "the caller's token is dead too");
    // Signing in again works.
    let fresh = client.token("leaving@example.com", PASSWORD).await;
    assert_eq!(balance_status(&client, &fresh).await, 200);
}

async fn parallel_sign_ups_of_one_address_make_one_account(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db
        .start_with(|config| config.ledger.allow_sign_up = true)
        .await;
    let client = Client::new(&server.base_url());
    let mut racers = tokio::task::JoinSet::new();
    for n in 0..6 {
        let client = client.clone();
        racers.spawn(async move {
            sign_up(
                &client,
                "race@example.com",
                &format!("racing phrase number {n}"),
            )
            .await
            .status
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = racers.join_next().await {
        statuses.push(status.unwrap());
    }
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409, 409, 409, 409, 409]);
    common::assert_verified(&server).await;
}

async fn a_replayed_refusal_keeps_its_body_and_tells_the_standing_afresh(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "replay@example.com", Region::Us).await;
    let wrong = unissued_code();
    let first = client.redeem(&token, "key-1", &wrong).await;
    assert_eq!(first.status, 422);
    assert_eq!(first.problem().attempts_remaining, Some(9));
    assert_eq!(left(&first).0, 9);
    assert_eq!(client.preview(&token, &unissued_code()).await.status, 422);
    let replay = client.redeem(&token, "key-1", &wrong).await;
    assert_eq!(
        replay.header("idempotent-replayed").as_deref(),
        Some("true")
    );
    assert_eq!(replay.body, first.body, "the first answer, byte for byte");
    assert_eq!(left(&replay).0, 8, "the standing now, not then");
}
