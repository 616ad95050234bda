//! The history feature: loading the first page for a filter, the older pages as the person
//! scrolls, and the CSV export, which gathers every page before it writes the file.

use poll_promise::Promise;
use redeem_core::Locale;
use redeem_core::api::TransactionsPage;

use super::session::{Polled, Session};
use super::take_ready;
use crate::api::{ApiClient, Call};
use crate::command::Command;
use crate::csv_export::{self, ExportResult};
use crate::screens::View;
use crate::screens::history::{ExportStatus, HistoryPages};
use crate::{explain, format};

/// The history calls in flight.
#[derive(Default)]
pub(super) struct HistoryCalls {
    /// A page, and whether it extends the rows (or replaces them).
    page: Option<(Call<TransactionsPage>, bool)>,
    export: Option<Promise<ExportResult>>,
}

impl HistoryCalls {
    pub(super) fn any(&self) -> bool {
        self.page.is_some() || self.export.is_some()
    }
}

/// Carries out a history command.
pub(super) fn run(
    session: &mut Session,
    client: &ApiClient,
    ctx: &egui::Context,
    command: &Command,
    destination: &csv_export::Destination,
    locale: Locale,
    now: f64,
) {
    match command {
        Command::ReloadHistory => reload(session, client, ctx),
        Command::LoadMoreHistory => load_more(session, client, ctx),
        Command::ExportCsv => {
            session.history.export = ExportStatus::Gathering;
            continue_export(session, client, destination, ctx, locale, now);
        }
        _ => log::debug!("{command:?} is not a history command"),
    }
}

/// Loads the first page for the filter typed, replacing the rows shown when it arrives.
pub(super) fn reload(session: &mut Session, client: &ApiClient, ctx: &egui::Context) {
    let offset = format::local_offset();
    match session.history.filter.query(format::now_utc(), offset) {
        Err(message) => session.history.filter_error = Some(message),
        Ok(query) => {
            session.history.filter_error = None;
            session.history.applied = Some(session.history.filter.clone());
            session.history.pages.start();
            session.calls.history.page =
                Some((client.transactions(ctx, &session.token, &query), false));
        }
    }
}

/// Loads the next older page of the filter applied, if there is one and none is loading.
fn load_more(session: &mut Session, client: &ApiClient, ctx: &egui::Context) {
    if session.calls.history.page.is_some() {
        return;
    }
    let Some(cursor) = session
        .history
        .pages
        .value()
        .and_then(|pages| pages.next_cursor.clone())
    else {
        return;
    };
    let filter = session
        .history
        .applied
        .clone()
        .unwrap_or_else(|| session.history.filter.clone());
    let Ok(mut query) = filter.query(format::now_utc(), format::local_offset()) else {
        return;
    };
    query.cursor = Some(cursor);
    session.history.pages.start();
    session.calls.history.page = Some((client.transactions(ctx, &session.token, &query), true));
}

/// Applies the page and export answers that arrived.
pub(super) fn poll(session: &mut Session, now: f64, polled: &mut Polled) {
    if let Some((call, append)) = session.calls.history.page.take() {
        match call.try_take() {
            Ok(result) => {
                let result = match result {
                    Ok(page) => {
                        let mut pages = if append {
                            // A page is appended in place: copying what was loaded before
                            // would make a long history quadratic to scroll through.
                            session
                                .history
                                .pages
                                .value_mut()
                                .map(std::mem::take)
                                .unwrap_or_default()
                        } else {
                            // A reload counts on from the rows it replaces, so that what
                            // was made from those (search, plot) is not taken for its own.
                            HistoryPages {
                                generation: session
                                    .history
                                    .pages
                                    .value()
                                    .map_or(0, |pages| pages.generation),
                                ..HistoryPages::default()
                            }
                        };
                        pages.append(page.items, page.next_cursor, append);
                        Ok(pages)
                    }
                    Err(error) => {
                        polled.check(&error);
                        Err(error)
                    }
                };
                session.history.pages.finish(result, now);
            }
            Err(call) => session.calls.history.page = Some((call, append)),
        }
    }
    if let Some(result) = take_ready(&mut session.calls.history.export) {
        session.history.export = ExportStatus::Finished(result);
    }
}

/// Moves an export on: loads the next page while there is one, then writes the file.
pub(super) fn continue_export(
    session: &mut Session,
    client: &ApiClient,
    destination: &csv_export::Destination,
    ctx: &egui::Context,
    locale: Locale,
    now: f64,
) {
    if session.history.export != ExportStatus::Gathering || session.calls.history.page.is_some() {
        return;
    }
    if let Some(error) = session.history.pages.error() {
        let language = crate::i18n::Language::of(locale);
        let reason = explain::api_error(error, locale, language);
        session.history.export =
            ExportStatus::Finished(Err(explain::export_incomplete(&reason, language)));
    } else if session.history.has_more() {
        load_more(session, client, ctx);
    } else {
        let view = View {
            locale,
            language: crate::i18n::Language::of(locale),
            offset: format::local_offset(),
            now,
            demo: None,
            account: None,
            kiosk: false,
            scam_warning_understood: false,
            add_money: false,
        };
        let rows = session.history.matching(&view);
        let csv = csv_export::to_csv(&rows, view.offset, view.language);
        let name = csv_export::file_name(format::now_utc(), view.offset);
        session.calls.history.export = Some(csv_export::save(csv, name, destination, ctx));
        session.history.export = ExportStatus::Running;
    }
}
