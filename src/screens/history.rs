//! The history screen: every movement of money, filtered, searchable, paged as the person
//! scrolls, with a balance-over-time plot and CSV export.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone as _, Utc};
use egui::accesskit::Role;
use egui::{FontSelection, Galley, Id, RichText, TextWrapMode, WidgetText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{PlotPoint, PlotPoints};
use redeem_core::api::{Transaction, TransactionsQuery};
use redeem_core::{EntryKind, Locale, Money};

use super::balance::signed;
use super::{BannerKind, Command, View, explanation_banner, muted};
use crate::csv_export::ExportResult;
use crate::explain;
use crate::format;
use crate::i18n::Language;
use crate::loadable::Loadable;
use crate::theme::{self, Palette};
use crate::tr;

/// Entries per page asked of the server.
pub const PAGE_SIZE: u32 = 100;

/// Start loading the next page when the last visible row is this close to the end.
const PREFETCH_ROWS: usize = 20;

/// Most points the balance plot draws. A longer history is reduced to the lowest and the
/// highest balance of each of 200 stretches of entries (a few pixels wide each on a
/// desktop plot): the line keeps its shape, and a frame with a million entries costs about
/// what one with a hundred does. Tessellating the line is what costs, point by point.
const MAX_PLOT_POINTS: usize = 400;

/// Most rows whose formatted texts are kept; many times what a screen shows.
const MAX_CACHED_ROWS: usize = 1_000;

/// Widths of the table's columns: the date and the amounts are fixed; the description takes
/// what is left beside a source of [`SOURCE_WIDTH`], at least [`MIN_DESCRIPTION_WIDTH`].
/// Where a row is narrower than that (a narrow window, or the history beside other
/// screens), the description and the source shrink together, both cut short with an
/// ellipsis, rather than the row outgrowing its column.
const DATE_WIDTH: f32 = 170.0;
const SOURCE_WIDTH: f32 = 150.0;
const AMOUNT_WIDTH: f32 = 120.0;
const MIN_DESCRIPTION_WIDTH: f32 = 180.0;
/// The least either shrinking column keeps, however narrow the row.
const MIN_TEXT_WIDTH: f32 = 24.0;

/// Which dates to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    /// Everything.
    #[default]
    AllTime,
    /// The last 7 days.
    Last7Days,
    /// The last 30 days.
    Last30Days,
    /// The last 12 months.
    Last12Months,
    /// Between two typed dates.
    Custom,
}

impl Period {
    /// Every period, in menu order.
    pub const ALL: [Self; 5] = [
        Self::AllTime,
        Self::Last7Days,
        Self::Last30Days,
        Self::Last12Months,
        Self::Custom,
    ];

    /// For people, in `language`.
    pub fn label(self, language: Language) -> String {
        let id = match self {
            Self::AllTime => "history-period-all-time",
            Self::Last7Days => "history-period-last-7-days",
            Self::Last30Days => "history-period-last-30-days",
            Self::Last12Months => "history-period-last-12-months",
            Self::Custom => "history-period-custom",
        };
        tr!(language, id)
    }
}

/// A ledger entry kind for people, in `language`: the app's counterpart of
/// [`EntryKind::label`], which stays English for logs and the server.
pub fn kind_label(kind: EntryKind, language: Language) -> String {
    let id = match kind {
        EntryKind::GiftCardRedemption => "history-kind-gift-card",
        EntryKind::TradeInCredit => "history-kind-trade-in",
        EntryKind::AddedFunds => "history-kind-added-funds",
        EntryKind::Purchase => "history-kind-purchase",
        EntryKind::Refund => "history-kind-refund",
        EntryKind::Adjustment => "history-kind-adjustment",
    };
    tr!(language, id)
}

/// What the person filters by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    /// Only this kind, or all.
    pub kind: Option<EntryKind>,
    /// Which dates.
    pub period: Period,
    /// First day (inclusive) of a custom period, `YYYY-MM-DD`.
    pub from: String,
    /// Last day (inclusive) of a custom period, `YYYY-MM-DD`.
    pub to: String,
    /// Text to look for in the loaded entries.
    pub search: String,
}

impl HistoryFilter {
    /// The server query for the first page, or why the custom dates are not usable.
    pub fn query(
        &self,
        now: DateTime<Utc>,
        offset: FixedOffset,
    ) -> Result<TransactionsQuery, FilterError> {
        let (from, to) = match self.period {
            Period::AllTime => (None, None),
            Period::Last7Days => (Some(now - Duration::days(7)), None),
            Period::Last30Days => (Some(now - Duration::days(30)), None),
            Period::Last12Months => (Some(now - Duration::days(365)), None),
            Period::Custom => {
                let from = parse_day(&self.from, DateField::From, offset)?;
                let to =
                    parse_day(&self.to, DateField::To, offset)?.map(|day| day + Duration::days(1));
                if let (Some(from), Some(to)) = (from, to)
                    && from >= to
                {
                    return Err(FilterError::FromAfterTo);
                }
                (from, to)
            }
        };
        Ok(TransactionsQuery {
            limit: Some(PAGE_SIZE),
            cursor: None,
            kind: self.kind,
            from,
            to,
        })
    }

    fn matches_search(&self, row: &Transaction, view: &View<'_>) -> bool {
        let needle = self.search.trim().to_lowercase();
        if needle.is_empty() {
            return true;
        }
        [
            row.description.as_str(),
            row.source.as_str(),
            &kind_label(row.kind, view.language),
            &row.amount.format(view.locale),
            &format::date(row.created_at, view.locale, view.offset),
        ]
        .iter()
        .any(|field| field.to_lowercase().contains(&needle))
    }
}

/// Start of a day typed as `YYYY-MM-DD`, in local time; `None` when left empty.
/// One of the two dates of a custom period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateField {
    /// The first day.
    From,
    /// The last day.
    To,
}

/// Why the dates of a custom period are not usable (`explain::filter_error` says it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterError {
    /// The text of a date is not year-month-day.
    NotADate(DateField),
    /// The first day comes after the last.
    FromAfterTo,
}

fn parse_day(
    text: &str,
    field: DateField,
    offset: FixedOffset,
) -> Result<Option<DateTime<Utc>>, FilterError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let day =
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| FilterError::NotADate(field))?;
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Ok(offset
        .from_local_datetime(&midnight)
        .single()
        .map(|at| at.with_timezone(&Utc)))
}

/// The pages loaded so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryPages {
    /// Every entry loaded, newest first.
    pub rows: Vec<Transaction>,
    /// The cursor of the next page; `None` at the end of the history.
    pub next_cursor: Option<String>,
    /// Counts reloads from the first page, so that an index into `rows` made before a
    /// reload is never taken for one made after it.
    pub generation: u64,
}

impl HistoryPages {
    /// Adds a page: after the rows loaded so far, or in place of them (a new generation).
    pub fn append(&mut self, items: Vec<Transaction>, next_cursor: Option<String>, more: bool) {
        if !more {
            self.rows.clear();
            self.generation += 1;
        }
        self.rows.extend(items);
        self.next_cursor = next_cursor;
    }
}

/// The loaded rows that match the text search, kept up to date as pages arrive.
#[derive(Clone, Debug, Default, PartialEq)]
struct SearchIndex {
    /// The search the index was made for.
    search: String,
    /// The language it matched the entry kinds' names in.
    language: Language,
    /// The generation of the rows it indexes.
    generation: u64,
    /// How many of the loaded rows it has looked at.
    scanned: usize,
    /// Indices of the matching rows, in order.
    matches: Vec<usize>,
    /// The plot's points for the matches, oldest first, at most [`MAX_PLOT_POINTS`].
    plot: Vec<PlotPoint>,
    /// True once `plot` was made for the rows scanned.
    plotted: bool,
}

/// What a row of the table shows besides its description and source, formatted once.
#[derive(Clone, Debug, PartialEq, Eq)]
struct RowTexts {
    /// The entry these texts are for: an index may come to hold another entry.
    id: String,
    /// Date and time.
    when: String,
    /// The amount with its sign.
    amount: String,
    /// The balance after the entry.
    balance: String,
}

/// The formatted texts of the rows shown lately, by index into the loaded rows, so that a
/// frame formats only the rows that scroll into view rather than every visible one.
#[derive(Clone, Debug, Default, PartialEq)]
struct RowTextCache {
    /// The locale and time zone the texts are written in.
    written_for: Option<(Locale, FixedOffset)>,
    /// Texts by row index.
    rows: HashMap<usize, RowTexts>,
}

impl RowTextCache {
    /// The texts of `row`, the loaded row at `index`.
    fn get(&mut self, index: usize, row: &Transaction, view: &View<'_>) -> &RowTexts {
        let written_for = Some((view.locale, view.offset));
        if self.written_for != written_for {
            self.rows.clear();
            self.written_for = written_for;
        }
        if self
            .rows
            .get(&index)
            .is_some_and(|texts| texts.id != row.id)
        {
            self.rows.remove(&index);
        }
        if self.rows.len() >= MAX_CACHED_ROWS && !self.rows.contains_key(&index) {
            self.rows.clear();
        }
        self.rows.entry(index).or_insert_with(|| RowTexts {
            id: row.id.clone(),
            when: format::date_time(row.created_at, view.locale, view.offset),
            amount: signed(row.amount, view),
            balance: row.balance_after.format(view.locale),
        })
    }
}

/// The plot's axis labels by the value they label: egui_plot asks for a label for each grid
/// mark, most of them never shown, every frame.
#[derive(Clone, Debug, Default, PartialEq)]
struct AxisLabels {
    /// The locale and time zone the labels are written in.
    written_for: Option<(Locale, FixedOffset)>,
    /// Dates, by the second they label.
    days: HashMap<i64, String>,
    /// Amounts, by the amount they label.
    amounts: HashMap<Money, String>,
}

impl AxisLabels {
    /// Forgets labels written for another locale or time zone, and keeps a bounded number.
    fn for_view(&mut self, view: &View<'_>) -> &mut Self {
        let written_for = Some((view.locale, view.offset));
        if self.written_for != written_for || self.days.len() + self.amounts.len() > 512 {
            self.days.clear();
            self.amounts.clear();
            self.written_for = written_for;
        }
        self
    }
}

/// Where the CSV export is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ExportStatus {
    /// Nothing exported yet.
    #[default]
    Idle,
    /// Loading the pages not loaded yet: the export holds the whole history that matches
    /// the filters and the search, not only what was scrolled to.
    Gathering,
    /// Writing.
    Running,
    /// Done: where the file went, or why it failed.
    Finished(ExportResult),
}

/// The history screen's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryState {
    /// Filters and search.
    pub filter: HistoryFilter,
    /// The filter as last sent to the server, to notice changes.
    pub applied: Option<HistoryFilter>,
    /// A custom period that cannot be used, and why.
    pub filter_error: Option<FilterError>,
    /// The entries.
    pub pages: Loadable<HistoryPages>,
    /// The export.
    pub export: ExportStatus,
    /// Row indices matching the search, and the plot's points for them.
    search_index: SearchIndex,
    /// The table's formatted dates and amounts.
    row_texts: RowTextCache,
    /// The plot's axis labels, written while the plot is drawn.
    axis_labels: RefCell<AxisLabels>,
}

impl HistoryState {
    /// The rows matching the text search, as indices into the loaded rows.
    pub fn visible_rows(&mut self, view: &View<'_>) -> &[usize] {
        self.refresh_search(view);
        self.matched()
    }

    /// Brings the search index up to date: a new page costs only the matching of its own
    /// rows; a new search or a reload starts over. The plot follows the matches.
    fn refresh_search(&mut self, view: &View<'_>) {
        let (rows, generation) = self.pages.value().map_or((&[][..], 0), |pages| {
            (pages.rows.as_slice(), pages.generation)
        });
        let index = &mut self.search_index;
        if index.search != self.filter.search
            || index.language != view.language
            || index.generation != generation
            || index.scanned > rows.len()
        {
            *index = SearchIndex {
                search: self.filter.search.clone(),
                language: view.language,
                generation,
                ..SearchIndex::default()
            };
        }
        if index.scanned == rows.len() && index.plotted {
            return;
        }
        let start = index.scanned;
        index.matches.extend(
            rows.iter()
                .enumerate()
                .skip(start)
                .filter(|(_, row)| self.filter.matches_search(row, view))
                .map(|(i, _)| i),
        );
        index.scanned = rows.len();
        index.plot = plot_points(rows, &index.matches)
            .into_iter()
            .map(PlotPoint::from)
            .collect();
        index.plotted = true;
    }

    /// The rows the last [`Self::refresh_search`] matched.
    fn matched(&self) -> &[usize] {
        &self.search_index.matches
    }

    /// The plot's points for the rows the last [`Self::refresh_search`] matched.
    fn plot(&self) -> &[PlotPoint] {
        &self.search_index.plot
    }

    /// The loaded rows matching the search, newest first.
    pub fn matching(&mut self, view: &View<'_>) -> Vec<Transaction> {
        let indices = self.visible_rows(view).to_vec();
        let rows = self
            .pages
            .value()
            .map_or(&[][..], |pages| pages.rows.as_slice());
        indices
            .iter()
            .filter_map(|&i| rows.get(i).cloned())
            .collect()
    }

    /// True when more pages exist.
    pub fn has_more(&self) -> bool {
        self.pages
            .value()
            .is_some_and(|pages| pages.next_cursor.is_some())
    }
}

/// Shows the history screen.
pub fn ui(
    ui: &mut egui::Ui,
    state: &mut HistoryState,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        filters_ui(ui, state, view, commands);
    });
    ui.add_space(12.0);
    if let Some(error) = state.pages.error() {
        let mut explanation = explain::api_error(error, view.locale, view.language);
        if state.pages.value().is_some() {
            // Two sentences side by side, each whole in its language.
            explanation.next_step = format!(
                "{} {}",
                explanation.next_step,
                tr!(view.language, "history-loaded-earlier")
            );
        }
        explanation_banner(ui, &explanation, BannerKind::Warning);
        ui.add_space(12.0);
    }
    // Made once per search and page, not once per frame: with a million entries loaded a
    // frame must not touch each of them.
    state.refresh_search(view);
    let plot_height = (ui.available_height() * 0.28).clamp(120.0, 200.0);
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        plot_ui(ui, state, view, plot_height);
    });
    ui.add_space(12.0);
    let HistoryState {
        pages,
        search_index,
        row_texts,
        ..
    } = state;
    theme::card(ui)
        .inner_margin(egui::Margin::symmetric(12, 12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            table_ui(ui, pages, &search_index.matches, row_texts, view, commands);
        });
}

fn filters_ui(
    ui: &mut egui::Ui,
    state: &mut HistoryState,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let language = view.language;
    let before = state.filter.clone();
    ui.horizontal_wrapped(|ui| {
        let all_kinds = tr!(language, "history-all-kinds");
        let kind_title = ui.label(tr!(language, "history-kind"));
        egui::ComboBox::from_id_salt("history_kind")
            .selected_text(
                state
                    .filter
                    .kind
                    .map_or_else(|| all_kinds.clone(), |kind| kind_label(kind, language)),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.filter.kind, None, all_kinds.as_str());
                for kind in EntryKind::ALL {
                    ui.selectable_value(
                        &mut state.filter.kind,
                        Some(kind),
                        kind_label(kind, language),
                    );
                }
            })
            .response
            .labelled_by(kind_title.id);
        ui.add_space(8.0);
        let period_label = ui.label(tr!(language, "history-period"));
        egui::ComboBox::from_id_salt("history_period")
            .selected_text(state.filter.period.label(language))
            .show_ui(ui, |ui| {
                for period in Period::ALL {
                    ui.selectable_value(&mut state.filter.period, period, period.label(language));
                }
            })
            .response
            .labelled_by(period_label.id);
        if state.filter.period == Period::Custom {
            ui.add_space(8.0);
            let date_hint = tr!(language, "history-date-hint");
            let from = ui.label(tr!(language, "history-from"));
            ui.add(
                egui::TextEdit::singleline(&mut state.filter.from)
                    .hint_text(date_hint.as_str())
                    .desired_width(96.0),
            )
            .labelled_by(from.id);
            let to = ui.label(tr!(language, "history-to"));
            ui.add(
                egui::TextEdit::singleline(&mut state.filter.to)
                    .hint_text(date_hint)
                    .desired_width(96.0),
            )
            .labelled_by(to.id);
        }
        ui.add_space(8.0);
        let search = ui.label(tr!(language, "history-search"));
        ui.add(
            egui::TextEdit::singleline(&mut state.filter.search)
                .hint_text(tr!(language, "history-search-hint"))
                .desired_width(200.0),
        )
        .labelled_by(search.id);
        // A shared terminal must not keep a file of someone's history.
        if !view.kiosk {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let running = matches!(
                    state.export,
                    ExportStatus::Gathering | ExportStatus::Running
                );
                let has_rows = state
                    .pages
                    .value()
                    .is_some_and(|pages| !pages.rows.is_empty());
                if ui
                    .add_enabled(
                        !running && has_rows,
                        theme::secondary_button(ui, &tr!(language, "history-export")),
                    )
                    .on_hover_text(tr!(language, "history-export-tooltip"))
                    .clicked()
                {
                    commands.push(Command::ExportCsv);
                }
            });
        }
    });
    let server_side_changed = before.kind != state.filter.kind
        || before.period != state.filter.period
        || (state.filter.period == Period::Custom
            && (before.from != state.filter.from || before.to != state.filter.to));
    if server_side_changed {
        commands.push(Command::ReloadHistory);
    }
    if let Some(error) = state.filter_error {
        ui.label(
            RichText::new(explain::filter_error(error, view.language))
                .color(Palette::current(ui).error),
        );
    }
    match &state.export {
        ExportStatus::Idle => {}
        ExportStatus::Gathering => {
            let loaded = state.pages.value().map_or(0, |pages| pages.rows.len());
            ui.horizontal(|ui| {
                ui.spinner();
                muted(
                    ui,
                    tr!(language, "history-export-gathering", count = loaded),
                );
            });
        }
        ExportStatus::Running => {
            ui.horizontal(|ui| {
                ui.spinner();
                muted(ui, tr!(language, "history-exporting"));
            });
        }
        ExportStatus::Finished(Ok(path)) => {
            // Natively the export says the file's path; in the browser, the name of the
            // download.
            let done = if cfg!(target_arch = "wasm32") {
                tr!(language, "history-exported-download", file = path.as_str())
            } else {
                tr!(language, "history-exported-to", path = path.as_str())
            };
            ui.label(RichText::new(done).color(Palette::current(ui).success));
        }
        ExportStatus::Finished(Err(error)) => {
            ui.label(
                RichText::new(explain::export_failed(error, view.language))
                    .color(Palette::current(ui).error),
            );
        }
    }
}

/// The balance plot's points for the matching rows, oldest first: the balance holds
/// between entries, so the line steps at each entry. More than [`MAX_PLOT_POINTS`] are
/// reduced to the lowest and highest point of each stretch, in time order.
fn plot_points(rows: &[Transaction], visible: &[usize]) -> Vec<[f64; 2]> {
    // Plot coordinates are floats by nature; amounts stay integers everywhere else.
    let to_point = |row: &Transaction, balance: redeem_core::Money| {
        let per_major = balance.currency.minor_per_major() as f64;
        [
            row.created_at.timestamp() as f64 / 86_400.0,
            balance.amount_minor as f64 / per_major,
        ]
    };
    let mut points: Vec<[f64; 2]> = Vec::with_capacity(visible.len() * 2);
    for row in visible.iter().rev().filter_map(|&index| rows.get(index)) {
        if let Ok(before) = row.balance_after.checked_sub(row.amount) {
            points.push(to_point(row, before));
        }
        points.push(to_point(row, row.balance_after));
    }
    if points.len() <= MAX_PLOT_POINTS {
        return points;
    }
    let stretch = points.len().div_ceil(MAX_PLOT_POINTS / 2);
    let mut reduced = Vec::with_capacity(MAX_PLOT_POINTS);
    for chunk in points.chunks(stretch) {
        let lowest = chunk.iter().min_by(|a, b| a[1].total_cmp(&b[1]));
        let highest = chunk.iter().max_by(|a, b| a[1].total_cmp(&b[1]));
        if let (Some(&lowest), Some(&highest)) = (lowest, highest) {
            if lowest[0] <= highest[0] {
                reduced.extend([lowest, highest]);
            } else {
                reduced.extend([highest, lowest]);
            }
        }
    }
    reduced
}

fn plot_ui(ui: &mut egui::Ui, state: &HistoryState, view: &View<'_>, height: f32) {
    let palette = Palette::current(ui);
    ui.label(RichText::new(tr!(view.language, "history-plot-title")).strong());
    let Some(pages) = state.pages.value() else {
        ui.allocate_space(egui::vec2(ui.available_width(), height));
        return;
    };
    let points = state.plot();
    if points.len() < 2 {
        muted(ui, tr!(view.language, "history-plot-too-few"));
        return;
    }
    let locale = view.locale;
    let offset = view.offset;
    let currency = pages.rows.first().map(|row| row.balance_after.currency);
    let labels = &state.axis_labels;
    if let Ok(mut labels) = labels.try_borrow_mut() {
        labels.for_view(view);
    }
    let day_label = move |days: f64| {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a plot's day, back to whole seconds"
        )]
        let seconds = (days * 86_400.0) as i64;
        let write = || {
            DateTime::from_timestamp(seconds, 0)
                .map_or_else(String::new, |at| format::date(at, locale, offset))
        };
        match labels.try_borrow_mut() {
            Ok(mut labels) => labels.days.entry(seconds).or_insert_with(write).clone(),
            Err(_) => write(),
        }
    };
    let amount_label = move |value: f64| {
        let Some(currency) = currency else {
            return String::new();
        };
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a plot's axis label, rounded to whole minor units"
        )]
        let amount = Money::new(
            (value * currency.minor_per_major() as f64).round() as i64,
            currency,
        );
        match labels.try_borrow_mut() {
            Ok(mut labels) => labels
                .amounts
                .entry(amount)
                .or_insert_with(|| amount.format(locale))
                .clone(),
            Err(_) => amount.format(locale),
        }
    };
    let line = egui_plot::Line::new(
        tr!(view.language, "history-plot-line"),
        PlotPoints::Borrowed(points),
    )
    .color(palette.accent)
    .width(2.0)
    .allow_band(false);
    egui_plot::Plot::new("balance_over_time")
        .height(height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_background(false)
        .include_y(0.0)
        .x_axis_formatter(move |mark, _range| day_label(mark.value))
        .y_axis_formatter(move |mark, _range| amount_label(mark.value))
        .show(ui, |plot| plot.line(line));
}

/// Where the table's columns are: the left edges of the left-aligned ones, the right edges
/// of the amounts.
#[derive(Clone, Copy, Debug)]
struct ColumnEdges {
    date: f32,
    description: f32,
    description_width: f32,
    source: f32,
    source_width: f32,
    amount_right: f32,
    balance_right: f32,
}

impl ColumnEdges {
    /// The columns of a row spanning `row`, `spacing` apart.
    fn new(row: egui::Rect, spacing: f32) -> Self {
        // What the description and the source share.
        let shared = row.width() - DATE_WIDTH - 2.0 * AMOUNT_WIDTH - 4.0 * spacing;
        let (description_width, source_width) = if shared >= MIN_DESCRIPTION_WIDTH + SOURCE_WIDTH {
            (shared - SOURCE_WIDTH, SOURCE_WIDTH)
        } else {
            let share = shared / (MIN_DESCRIPTION_WIDTH + SOURCE_WIDTH);
            (
                (MIN_DESCRIPTION_WIDTH * share).max(MIN_TEXT_WIDTH),
                (SOURCE_WIDTH * share).max(MIN_TEXT_WIDTH),
            )
        };
        let date = row.left();
        let description = date + DATE_WIDTH + spacing;
        let source = description + description_width + spacing;
        let amount_right = source + source_width + spacing + AMOUNT_WIDTH;
        let balance_right = amount_right + spacing + AMOUNT_WIDTH;
        Self {
            date,
            description,
            description_width,
            source,
            source_width,
            amount_right,
            balance_right,
        }
    }
}

/// Moves a left-to-right `ui`'s cursor on to `x`, where the next cell starts.
fn skip_to(ui: &mut egui::Ui, x: f32) {
    let gap = x - ui.cursor().min.x;
    if gap > 0.0 {
        ui.add_space(gap);
    }
}

/// `text` laid out on one line, cut short with an ellipsis past `width`.
fn one_line(ui: &egui::Ui, text: impl Into<WidgetText>, width: f32) -> Arc<Galley> {
    let wrap = if width.is_finite() {
        TextWrapMode::Truncate
    } else {
        TextWrapMode::Extend
    };
    text.into()
        .into_galley(ui, Some(wrap), width, FontSelection::Default)
}

/// A label whose right edge is at `right`.
fn right_aligned_label(ui: &mut egui::Ui, text: impl Into<WidgetText>, right: f32) -> Id {
    let galley = one_line(ui, text, f32::INFINITY);
    skip_to(ui, right - galley.size().x);
    ui.add(egui::Label::new(galley)).id
}

/// A label cut short at the edge of its column.
fn clipped_label(ui: &mut egui::Ui, text: impl Into<WidgetText>, left: f32, width: f32) -> Id {
    skip_to(ui, left);
    let galley = one_line(ui, text, width);
    ui.add(egui::Label::new(galley)).id
}

/// Gives the widget or `Ui` `id` the table `role` in the accessibility tree, so that a
/// screen reader reads the history as a table: row by row, each amount with its column's
/// name. A no-op when no assistive technology is listening.
fn mark_table_role(ui: &egui::Ui, id: Id, role: Role) {
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_role(role);
        // A label's text is its value; a cell or a column header is named by it.
        if node.label().is_none()
            && let Some(text) = node.value()
        {
            let text = text.to_owned();
            node.set_label(text);
        }
    });
}

fn table_ui(
    ui: &mut egui::Ui,
    pages_state: &Loadable<HistoryPages>,
    visible: &[usize],
    row_texts: &mut RowTextCache,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::current(ui);
    let language = view.language;
    let Some(pages) = pages_state.value() else {
        ui.horizontal(|ui| {
            if pages_state.is_pending() {
                ui.spinner();
                muted(ui, tr!(language, "history-loading"));
            }
        });
        return;
    };
    let footer = if pages_state.is_pending() {
        tr!(language, "history-loading-more")
    } else if pages.next_cursor.is_some() {
        tr!(language, "history-loaded-scroll", count = visible.len())
    } else if visible.is_empty() {
        tr!(language, "history-no-match")
    } else {
        tr!(language, "history-all-loaded", count = visible.len())
    };
    let row_height = ui.spacing().interact_size.y.max(28.0);
    let spacing = ui.spacing().item_spacing.x;
    let mut wants_more = false;
    // Leave room for the footer line and the card's own margin.
    let available = ui.available_height() - row_height - 36.0;
    // One table column holds a whole row, its five cells placed by hand at the columns'
    // edges: a child layout per cell (and per right-aligned amount) was most of a frame.
    // One `Ui` around the table: the table node of the accessibility tree, which the
    // header and the rows are children of.
    ui.scope(|ui| {
        mark_table_role(ui, ui.unique_id(), Role::Table);
        TableBuilder::new(ui)
            .id_salt("history_table")
            .striped(true)
            .resizable(false)
            .max_scroll_height(available.max(row_height * 3.0))
            .min_scrolled_height(available.max(row_height * 3.0))
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::remainder())
            .header(row_height, |mut header| {
                header.col(|ui| {
                    mark_table_role(ui, ui.unique_id(), Role::Row);
                    let columns = ColumnEdges::new(ui.max_rect(), spacing);
                    let title = |id: &str| {
                        RichText::new(tr!(language, id))
                            .strong()
                            .color(palette.muted)
                    };
                    skip_to(ui, columns.date);
                    let date = ui.label(title("history-column-date")).id;
                    skip_to(ui, columns.description);
                    let description = ui.label(title("history-column-description")).id;
                    skip_to(ui, columns.source);
                    let source = ui.label(title("history-column-source")).id;
                    let amount = right_aligned_label(
                        ui,
                        title("history-column-amount"),
                        columns.amount_right,
                    );
                    let balance = right_aligned_label(
                        ui,
                        title("history-column-balance"),
                        columns.balance_right,
                    );
                    for id in [date, description, source, amount, balance] {
                        mark_table_role(ui, id, Role::ColumnHeader);
                    }
                });
            })
            .body(|body| {
                body.rows(row_height, visible.len(), |mut row| {
                    let index = row.index();
                    if index + PREFETCH_ROWS >= visible.len() {
                        wants_more = true;
                    }
                    let Some((entry_index, entry)) = visible
                        .get(index)
                        .and_then(|&i| pages.rows.get(i).map(|entry| (i, entry)))
                    else {
                        return;
                    };
                    let texts = row_texts.get(entry_index, entry, view);
                    row.col(|ui| {
                        mark_table_role(ui, ui.unique_id(), Role::Row);
                        let columns = ColumnEdges::new(ui.max_rect(), spacing);
                        skip_to(ui, columns.date);
                        let date = ui.label(texts.when.as_str()).id;
                        let description = clipped_label(
                            ui,
                            entry.description.as_str(),
                            columns.description,
                            columns.description_width,
                        );
                        let source = clipped_label(
                            ui,
                            RichText::new(&entry.source).color(palette.muted),
                            columns.source,
                            columns.source_width,
                        );
                        let color = if entry.amount.is_negative() {
                            palette.debit
                        } else {
                            palette.credit
                        };
                        let amount = right_aligned_label(
                            ui,
                            RichText::new(texts.amount.as_str()).color(color).strong(),
                            columns.amount_right,
                        );
                        let balance =
                            right_aligned_label(ui, texts.balance.as_str(), columns.balance_right);
                        for id in [date, description, source, amount, balance] {
                            mark_table_role(ui, id, Role::Cell);
                        }
                    });
                });
            });
    });
    muted(ui, footer);
    if (wants_more || visible.is_empty())
        && pages.next_cursor.is_some()
        && !pages_state.is_pending()
        && pages_state.error().is_none()
    {
        commands.push(Command::LoadMoreHistory);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Offset as _;
    use egui_kittest::kittest::Queryable as _;
    use redeem_core::{Currency, Money};

    fn rows(count: usize) -> Vec<Transaction> {
        let start = Utc::now();
        (0..count)
            .map(|index| {
                let index = i64::try_from(index).unwrap_or_default();
                Transaction {
                    id: format!("L-{index}"),
                    kind: EntryKind::AddedFunds,
                    description: "Funds added".to_owned(),
                    amount: Money::new(100, Currency::Usd),
                    balance_after: Money::new(100 * (index + 1), Currency::Usd),
                    created_at: start + Duration::minutes(index),
                    source: "bench".to_owned(),
                }
            })
            .rev()
            .collect()
    }

    fn us_view() -> View<'static> {
        View {
            locale: Locale::EnUs,
            language: crate::i18n::Language::of(Locale::EnUs),
            offset: Utc.fix(),
            now: 0.0,
            demo: None,
            account: None,
            kiosk: false,
            scam_warning_understood: false,
            add_money: false,
        }
    }

    #[test]
    fn cached_row_texts_follow_the_entry_at_their_index() {
        let view = us_view();
        let mut cache = RowTextCache::default();
        let older = rows(2);
        assert_eq!(cache.get(0, &older[0], &view).balance, "$2.00");
        // A reload puts another entry at index 0: its own texts, not the old ones.
        let newer = rows(3);
        assert_eq!(cache.get(0, &newer[0], &view).balance, "$3.00");
        assert_eq!(cache.get(0, &newer[0], &view).amount, "+$1.00");
        // Another locale writes them anew.
        let german = View {
            locale: Locale::DeDe,
            language: crate::i18n::Language::of(Locale::DeDe),
            ..view
        };
        assert_eq!(cache.get(0, &newer[0], &german).balance, "3,00\u{a0}$");
    }

    #[test]
    fn the_table_keeps_its_columns_from_frame_to_frame_at_any_width() {
        // A row's cells are placed by hand in one table column, which egui_extras widens
        // to what the last frame used: a row must never use more than it was given.
        for width in [700.0, 1001.37, 1280.0] {
            let state = HistoryState {
                pages: Loadable::Ready(crate::loadable::Fetched {
                    value: HistoryPages {
                        rows: rows(50),
                        next_cursor: None,
                        generation: 1,
                    },
                    at: 0.0,
                }),
                ..HistoryState::default()
            };
            let mut harness = egui_kittest::Harness::builder()
                .with_size(egui::vec2(width, 800.0))
                .build_ui_state(
                    |ui, state: &mut HistoryState| {
                        super::ui(ui, state, &us_view(), &mut Vec::new());
                    },
                    state,
                );
            let first_amount = |harness: &egui_kittest::Harness<'_, HistoryState>| {
                harness
                    .get_all_by_label("+$1.00")
                    .next()
                    .map(|node| node.rect())
            };
            harness.run_steps(5);
            let header = harness.get_by_label("Amount").rect();
            let row = first_amount(&harness);
            assert!(row.is_some(), "no row at {width}");
            harness.run_steps(30);
            assert_eq!(harness.get_by_label("Amount").rect(), header, "at {width}");
            assert_eq!(first_amount(&harness), row, "at {width}");
        }
    }

    #[test]
    fn a_narrow_history_fits_its_column() {
        // The narrowest desktop window, and the history beside other screens: the rows'
        // description and source are cut short; no cell passes the window's edge.
        for width in [560.0, 640.0, 720.0] {
            let state = HistoryState {
                pages: Loadable::Ready(crate::loadable::Fetched {
                    value: HistoryPages {
                        rows: rows(50),
                        next_cursor: None,
                        generation: 1,
                    },
                    at: 0.0,
                }),
                ..HistoryState::default()
            };
            let mut harness = egui_kittest::Harness::builder()
                .with_size(egui::vec2(width, 800.0))
                .build_ui_state(
                    |ui, state: &mut HistoryState| {
                        super::ui(ui, state, &us_view(), &mut Vec::new());
                    },
                    state,
                );
            harness.run_steps(5);
            let right_edge = |label: &str| {
                harness
                    .get_all_by_label(label)
                    .map(|node| node.rect().max.x)
                    .fold(f32::NEG_INFINITY, f32::max)
            };
            for label in ["Balance", "Amount", "+$1.00", "Source"] {
                let right = right_edge(label);
                assert!(right.is_finite(), "no {label:?} at {width}");
                assert!(
                    right <= width,
                    "{label:?} ends at {right}, past the window's {width}"
                );
            }
        }
    }

    #[test]
    fn a_short_history_plots_every_step() {
        let rows = rows(10);
        let visible: Vec<usize> = (0..rows.len()).collect();
        assert_eq!(plot_points(&rows, &visible).len(), 20);
    }

    #[test]
    fn a_long_history_plot_is_bounded_and_keeps_its_extremes_in_time_order() {
        let rows = rows(100_000);
        let visible: Vec<usize> = (0..rows.len()).collect();
        let points = plot_points(&rows, &visible);
        assert!(points.len() <= MAX_PLOT_POINTS, "{} points", points.len());
        let highest = points.iter().map(|point| point[1]).fold(f64::MIN, f64::max);
        let lowest = points.iter().map(|point| point[1]).fold(f64::MAX, f64::min);
        assert!((highest - 100_000.0).abs() < 1e-9, "highest {highest}");
        assert!(lowest.abs() < 1e-9, "lowest {lowest}");
        assert!(points.windows(2).all(|pair| pair[0][0] <= pair[1][0]));
    }
}
