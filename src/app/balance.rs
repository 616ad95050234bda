//! The balance feature: polling the balance (with its ETag) and the trade-ins at the
//! interval in the preferences, and the answers to those calls.

use redeem_core::api::TradeInsResponse;

use super::session::{Polled, Session};
use super::take_ready;
use crate::api::{ApiClient, BalanceFetch, Call};
use crate::command::Command;

/// The balance calls in flight.
#[derive(Default)]
pub(super) struct BalanceCalls {
    balance: Option<Call<BalanceFetch>>,
    trade_ins: Option<Call<TradeInsResponse>>,
}

impl BalanceCalls {
    pub(super) fn any(&self) -> bool {
        self.balance.is_some() || self.trade_ins.is_some()
    }
}

/// Carries out a balance command.
pub(super) fn run(session: &mut Session, command: &Command, now: f64) {
    match command {
        Command::RefreshBalance => session.next_poll_at = now,
        Command::RevealBalance => session.balance.masked = false,
        _ => log::debug!("{command:?} is not a balance command"),
    }
}

/// Asks for the balance and the trade-ins when the next poll is due, and asks egui for
/// exactly one repaint: the one of the poll after.
pub(super) fn schedule_poll(
    session: &mut Session,
    client: &ApiClient,
    ctx: &egui::Context,
    interval_s: u32,
    now: f64,
) {
    if now >= session.next_poll_at && session.calls.balance.balance.is_none() {
        let etag = session.balance.etag.clone();
        session.balance.balance.start();
        session.calls.balance.balance = Some(client.balance(ctx, &session.token, etag));
        if session.calls.balance.trade_ins.is_none() {
            session.balance.trade_ins.start();
            session.calls.balance.trade_ins = Some(client.trade_ins(ctx, &session.token));
        }
        session.next_poll_at = now + f64::from(interval_s);
    }
    // Idle means idle: the only repaint asked for is the one of the next poll.
    let wait = (session.next_poll_at - now).max(0.0);
    ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
}

/// Applies the balance and trade-in answers that arrived.
pub(super) fn poll(session: &mut Session, now: f64, polled: &mut Polled) {
    if let Some(result) = take_ready(&mut session.calls.balance.balance) {
        match result {
            Ok(BalanceFetch::NotModified) => session.balance.balance.confirm(now),
            Ok(BalanceFetch::Fresh { balance, etag }) => {
                session.balance.etag = etag;
                session.balance.balance.finish(Ok(balance), now);
            }
            Err(error) => {
                polled.check(&error);
                session.balance.balance.finish(Err(error), now);
            }
        }
    }
    if let Some(result) = take_ready(&mut session.calls.balance.trade_ins) {
        if let Err(error) = &result {
            polled.check(error);
        }
        session.balance.trade_ins.finish(result, now);
    }
}
