//! Frame cost: egui layout and tessellation of Redeem's real screens, and of the baseline,
//! egui_demo_lib's own `demo_with_tessellate__realistic` workload, in one binary.
//!
//! ```text
//! frame_cost WORKLOAD [FRAMES]
//! ```
//!
//! Workloads:
//!
//! - `demo`: egui_demo_lib's realistic benchmark (its `DemoWindows`, default input);
//! - `app`: a 1280×800 frame with the top bar, the balance and redeem screens and the
//!   history screen with 50 loaded entries, the account's data ready as after sign-in;
//! - `app:code`: `app` with a code typed into the redeem screen's field (a secret on the
//!   screen: the zero-on-free binary's UI thread then zeroes every block it frees);
//! - `app:a11y`: `app` with egui's accessibility tree on, and each frame's tree handed to
//!   a model of the web app's DOM mirror (`egui-web-a11y`): every node described as an
//!   element and compared with the one before, as the mirror does before it writes the
//!   changes to the page (the writes themselves, browser calls, are not counted);
//! - `history:N`: the history screen alone at 1280×800 with N loaded entries.
//!
//! Each workload runs a few warm-up frames (fonts, caches), then FRAMES measured frames
//! inside [`measured_frames`], which scripts/bench.sh has callgrind count alone
//! (`--toggle-collect`). Instruction counts repeat exactly, on a shared machine too. The
//! wall-clock time per frame printed at the end is for a look only.
//!
//! This binary allocates with the system allocator; `frame_cost_zero_on_free.rs` runs the
//! same code with the app's zeroing allocator, as the app ships, to price it. Both apply
//! the app's rule for when the UI thread zeroes large blocks
//! (`redeem::zero_on_free::UiThreadHygiene`), which only the second one's allocator reads.

// What this harness prints is its interface.
#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark prints what it measured"
)]

use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, Offset as _, TimeZone as _, Utc};
use redeem::loadable::{Fetched, Loadable};
use redeem::screens::balance::BalanceState;
use redeem::screens::history::{HistoryPages, HistoryState};
use redeem::screens::redeem::RedeemState;
use redeem::screens::{self, View};
use redeem_core::api::{
    AccountSummary, BalanceResponse, BalanceSource, TradeIn, TradeInsResponse, Transaction,
};
use redeem_core::{Currency, EntryKind, Locale, Money, Region, TradeInStatus};

const WARM_UP_FRAMES: usize = 5;
const SCREEN: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// Runs the workload the arguments name (also the entry of `frame_cost_zero_on_free`).
pub fn main() {
    let mut args = std::env::args().skip(1).filter(|arg| arg != "--bench");
    let workload = args.next().unwrap_or_else(|| "app".to_owned());
    let frames: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(50);
    let started;
    match workload.as_str() {
        "demo" => {
            let ctx = egui::Context::default();
            let mut demo = egui_demo_lib::DemoWindows::default();
            let mut frame = |_: f64| {
                demo_frame(&ctx, &mut demo);
            };
            warm_up(&mut frame);
            started = Instant::now();
            measured_frames(frames, &mut frame);
        }
        "app" | "app:de-DE" | "app:code" => {
            // The full UI in US English, or in German (longer words, other formats); or
            // with a gift card code typed into the redeem screen's field, so that the UI
            // thread zeroes every block it frees (what a secret on the screen costs).
            let locale = if workload == "app:de-DE" {
                Locale::DeDe
            } else {
                Locale::EnUs
            };
            let ctx = app_context();
            let mut state = AppState::new(50, locale);
            if workload == "app:code" {
                state.redeem.code.set("7K3M-Q9P2-XW4R-TB6D");
            }
            let mut frame = |time: f64| {
                run_frame(&ctx, time, |ui| state.ui(ui, time));
            };
            warm_up(&mut frame);
            started = Instant::now();
            measured_frames(frames, &mut frame);
        }
        "app:accesskit" => {
            // egui's own part: the accessibility tree built, nothing reading it.
            let ctx = app_context();
            ctx.enable_accesskit();
            let mut state = AppState::new(50, Locale::EnUs);
            let mut frame = |time: f64| {
                black_box(run_frame(&ctx, time, |ui| state.ui(ui, time)));
            };
            warm_up(&mut frame);
            started = Instant::now();
            measured_frames(frames, &mut frame);
        }
        "app:a11y" => {
            let ctx = app_context();
            ctx.enable_accesskit();
            let mut state = AppState::new(50, Locale::EnUs);
            let mirror = std::cell::RefCell::new(MirrorModel::default());
            let mut frame = |time: f64| {
                let update = run_frame(&ctx, time, |ui| state.ui(ui, time));
                if let Some(update) = update {
                    mirror.borrow_mut().apply(&update);
                }
            };
            warm_up(&mut frame);
            let changes_before = mirror.borrow().changes;
            started = Instant::now();
            measured_frames(frames, &mut frame);
            let mirror = mirror.borrow();
            println!(
                "app:a11y: {} elements mirrored, {} element changes in {frames} frames",
                mirror.specs.len(),
                mirror.changes - changes_before
            );
        }
        other => {
            let Some(rows) = other
                .strip_prefix("history:")
                .and_then(|n| n.parse::<usize>().ok())
            else {
                eprintln!(
                    "usage: frame_cost demo|app|app:de-DE|app:code|app:accesskit|app:a11y|history:N [FRAMES]"
                );
                std::process::exit(2);
            };
            let ctx = app_context();
            let mut state = AppState::new(rows, Locale::EnUs);
            let mut frame = |time: f64| {
                run_frame(&ctx, time, |ui| state.history_ui(ui, time));
            };
            warm_up(&mut frame);
            started = Instant::now();
            measured_frames(frames, &mut frame);
        }
    }
    let elapsed = started.elapsed();
    let frames_f = f64::from(u32::try_from(frames.max(1)).unwrap_or(u32::MAX));
    println!(
        "{workload}: {frames} frames, {:.1} µs a frame (wall clock)",
        elapsed.as_secs_f64() * 1e6 / frames_f
    );
}

fn warm_up(frame: &mut impl FnMut(f64)) {
    for index in 0..WARM_UP_FRAMES {
        frame(frame_time(index));
    }
}

/// The frames callgrind counts. Not inlined, so that `--toggle-collect` finds it.
#[inline(never)]
fn measured_frames(frames: usize, frame: &mut impl FnMut(f64)) {
    for index in 0..frames {
        frame(frame_time(WARM_UP_FRAMES + index));
    }
}

/// egui time of a frame at 60 frames a second.
fn frame_time(index: usize) -> f64 {
    f64::from(u32::try_from(index).unwrap_or(u32::MAX)) / 60.0
}

/// One frame of egui_demo_lib's `demo_with_tessellate__realistic`, as its benchmark runs it.
fn demo_frame(ctx: &egui::Context, demo: &mut egui_demo_lib::DemoWindows) {
    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| demo.ui(ui));
    black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    output.textures_delta.clear();
}

/// A context styled as the app styles it.
fn app_context() -> egui::Context {
    let ctx = egui::Context::default();
    ctx.set_theme(egui::ThemePreference::Dark);
    redeem::theme::apply(&ctx, false);
    ctx
}

/// One 1280×800 frame: layout, then tessellation; the accessibility tree's update when
/// the context builds one.
fn run_frame(
    ctx: &egui::Context,
    time: f64,
    content: impl FnMut(&mut egui::Ui),
) -> Option<egui::accesskit::TreeUpdate> {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SCREEN)),
        time: Some(time),
        ..Default::default()
    };
    let mut content = content;
    let mut output = ctx.run_ui(input, |ui| content(ui));
    black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    output.textures_delta.clear();
    output.platform_output.accesskit_update.take()
}

/// What the web app's mirror computes each frame, without the page: the element each node
/// stands for, compared with the element of the frame before.
#[derive(Default)]
struct MirrorModel {
    specs: std::collections::HashMap<egui::accesskit::NodeId, (u64, egui_web_a11y::spec::Spec)>,
    generation: u64,
    /// Elements created or changed (attributes, text or value), all frames together.
    changes: u64,
}

impl MirrorModel {
    fn apply(&mut self, update: &egui::accesskit::TreeUpdate) {
        let Some(tree) = &update.tree else {
            return;
        };
        let nodes: std::collections::HashMap<_, _> =
            update.nodes.iter().map(|(id, node)| (*id, node)).collect();
        self.generation += 1;
        self.sync(tree.root, &nodes);
        let generation = self.generation;
        self.specs.retain(|_, (seen, _)| *seen == generation);
    }

    fn sync(
        &mut self,
        id: egui::accesskit::NodeId,
        nodes: &std::collections::HashMap<egui::accesskit::NodeId, &egui::accesskit::Node>,
    ) -> Option<egui::accesskit::NodeId> {
        let node = *nodes.get(&id)?;
        if egui_web_a11y::spec::is_left_out(node) {
            return None;
        }
        let mut children = 0;
        for child in node.children() {
            if self.sync(*child, nodes).is_some() {
                children += 1;
            }
        }
        let spec = egui_web_a11y::spec::describe(node, "egui-a11y-", children > 0)?;
        if matches!(
            spec.kind,
            egui_web_a11y::spec::Kind::TextField | egui_web_a11y::spec::Kind::Password
        ) {
            black_box(egui_web_a11y::spec::selection_offsets(node, nodes));
        }
        let generation = self.generation;
        match self.specs.get_mut(&id) {
            Some((seen, previous)) => {
                *seen = generation;
                if *previous != spec {
                    self.changes += 1;
                    *previous = spec;
                }
            }
            None => {
                self.changes += 1;
                self.specs.insert(id, (generation, spec));
            }
        }
        Some(id)
    }
}

/// A signed-in account's screens with their data ready.
struct AppState {
    /// How amounts and dates are written, and the language of every sentence.
    locale: Locale,
    account: AccountSummary,
    balance: BalanceState,
    redeem: RedeemState,
    history: HistoryState,
    commands: Vec<screens::Command>,
    /// The app's rule for when the UI thread zeroes large blocks, applied as the app's
    /// logic step applies it (only the zero-on-free binary's allocator reads it).
    hygiene: redeem::zero_on_free::UiThreadHygiene,
}

impl AppState {
    fn new(history_rows: usize, locale: Locale) -> Self {
        let now = Utc
            .with_ymd_and_hms(2026, 11, 1, 12, 0, 0)
            .single()
            .unwrap_or_default();
        let usd = |minor| Money::new(minor, Currency::Usd);
        let balance = BalanceState {
            balance: Loadable::Ready(Fetched {
                value: BalanceResponse {
                    available: usd(123_450),
                    pending: usd(18_000),
                    by_source: vec![
                        BalanceSource {
                            kind: EntryKind::GiftCardRedemption,
                            amount: usd(100_000),
                        },
                        BalanceSource {
                            kind: EntryKind::TradeInCredit,
                            amount: usd(32_000),
                        },
                        BalanceSource {
                            kind: EntryKind::Purchase,
                            amount: usd(-8_550),
                        },
                    ],
                    last_activity_at: Some(now),
                    as_of: now,
                },
                at: 0.0,
            }),
            trade_ins: Loadable::Ready(Fetched {
                value: TradeInsResponse {
                    items: vec![TradeIn {
                        id: "TI-7K2M9Q".to_owned(),
                        device: "iPhone 13, 128 GB".to_owned(),
                        status: TradeInStatus::Inspecting,
                        amount: usd(18_000),
                        created_at: now,
                        updated_at: now,
                    }],
                },
                at: 0.0,
            }),
            etag: None,
            masked: false,
        };
        let mut history = HistoryState::default();
        history.pages = Loadable::Ready(Fetched {
            value: HistoryPages {
                rows: synthetic_rows(history_rows, now),
                next_cursor: None,
                generation: 1,
            },
            at: 0.0,
        });
        Self {
            locale,
            account: AccountSummary {
                email: "ada@example.com".to_owned(),
                region: Region::Us,
                currency: Currency::Usd,
            },
            balance,
            redeem: RedeemState::default(),
            history,
            commands: Vec::new(),
            hygiene: redeem::zero_on_free::UiThreadHygiene::new(),
        }
    }

    /// The app's logic step, as far as the frame's cost goes: signed in, nothing to do but
    /// decide how the rest of the frame frees memory.
    fn logic(&mut self) {
        self.hygiene.logic_begins();
        self.hygiene.logic_ends(true);
    }

    /// Top bar, then balance and redeem on the left and history on the right.
    fn ui(&mut self, ui: &mut egui::Ui, now: f64) {
        self.logic();
        egui::Panel::top("top_bar").exact_size(56.0).show(ui, |ui| {
            ui.horizontal_centered(|ui| {
                ui.label(egui::RichText::new("Redeem").size(20.0).strong());
                for screen in redeem::Screen::ALL {
                    let _ = ui.add(egui::Button::selectable(
                        false,
                        screen.label(redeem::i18n::Language::of(self.locale)),
                    ));
                }
            });
        });
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let view = view(&self.account, now, self.locale);
            ui.columns(2, |columns| {
                if let [left, right] = columns {
                    egui::ScrollArea::vertical()
                        .id_salt("left")
                        .show(left, |ui| {
                            screens::balance::ui(ui, &self.balance, &view, &mut self.commands);
                            ui.add_space(12.0);
                            screens::redeem::ui(ui, &mut self.redeem, &view, &mut self.commands);
                        });
                    screens::history::ui(right, &mut self.history, &view, &mut self.commands);
                }
            });
        });
        self.commands.clear();
    }

    fn history_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        self.logic();
        let view = view(&self.account, now, self.locale);
        egui::CentralPanel::default_margins().show(ui, |ui| {
            screens::history::ui(ui, &mut self.history, &view, &mut self.commands);
        });
        self.commands.clear();
    }
}

/// What the screens may read: the locale and its language, UTC, the account.
fn view(account: &AccountSummary, now: f64, locale: Locale) -> View<'_> {
    View {
        locale,
        language: redeem::i18n::Language::of(locale),
        offset: Utc.fix(),
        now,
        demo: None,
        account: Some(account),
        kiosk: false,
        // A returning customer, who has ticked "I understand" under the scam warning.
        scam_warning_understood: true,
        add_money: true,
    }
}

/// `count` entries, newest first, one an hour back from `now`, with running balances.
fn synthetic_rows(count: usize, now: DateTime<Utc>) -> Vec<Transaction> {
    let kinds = [
        (EntryKind::GiftCardRedemption, "Gift card redeemed", 2_500),
        (EntryKind::Purchase, "App Store purchase", -499),
        (EntryKind::AddedFunds, "Funds added", 1_000),
        (EntryKind::Refund, "Refund", 299),
    ];
    let mut balance = 0_i64;
    let mut rows: Vec<Transaction> = (0..count)
        .map(|index| {
            let (kind, description, amount) = kinds[index % kinds.len()];
            balance += amount;
            let hours = i64::try_from(count - index).unwrap_or(i64::MAX);
            Transaction {
                id: format!("L-{index:08}"),
                kind,
                description: description.to_owned(),
                amount: Money::new(amount, Currency::Usd),
                balance_after: Money::new(balance, Currency::Usd),
                created_at: now - chrono::Duration::hours(hours),
                source: format!("card ending {:04}", index % 10_000),
            }
        })
        .collect();
    rows.reverse();
    rows
}
