//! The sign-in screen, with the demo account and cards when running on the demo ledger.

use egui::{Id, RichText};

use redeem_core::Region;
use redeem_core::api::SignUpPolicy;

use super::new_password::{self, assess};
use super::{BannerKind, Command, View, explanation_banner, labelled_field, muted};
use crate::explain::Explanation;
use crate::i18n::Language;
use crate::secret_buffer::SecretBuffer;
use crate::theme::{self, Palette};
use crate::tr;

/// The password field's widget id, so that its text-edit state can be wiped.
pub fn password_field_id() -> Id {
    Id::unique("redeem.sign_in.password")
}

/// The e-mail field's widget id, so that kiosk mode can focus it and wipe its state.
pub fn email_field_id() -> Id {
    Id::unique("redeem.sign_in.email")
}

/// The sign-in form.
#[derive(Debug, Default)]
pub struct SignInForm {
    /// The e-mail address as typed (kept when a session expires).
    pub email: String,
    /// The password as typed; wiped on submit.
    pub password: SecretBuffer,
    /// A sign-in request is in flight.
    pub busy: bool,
    /// What to tell the person: why they are here again, or why sign-in failed.
    pub message: Option<(Explanation, BannerKind)>,
    /// Whether and how the server lets people make accounts, once it said.
    pub sign_up_policy: Option<SignUpPolicy>,
    /// The sign-up form, while it shows instead of the sign-in form.
    pub sign_up: Option<SignUpForm>,
}

/// The sign-up form.
#[derive(Debug, Default)]
pub struct SignUpForm {
    /// The e-mail address as typed.
    pub email: String,
    /// The password as typed; wiped on submit.
    pub password: SecretBuffer,
    /// Show the password as typed.
    pub show_password: bool,
    /// The storefront chosen.
    pub region: Option<Region>,
    /// A sign-up request is in flight.
    pub busy: bool,
    /// Why the last sign-up failed.
    pub message: Option<Explanation>,
}

/// The sign-up password field's widget id, so that its text-edit state can be wiped.
pub fn sign_up_password_field_id() -> Id {
    Id::unique("redeem.sign_up.password")
}

/// Shows the sign-in screen: the form, and beside it (or below it on a narrow window) the
/// demo account when running on the demo ledger.
pub fn ui(ui: &mut egui::Ui, form: &mut SignInForm, view: &View<'_>, commands: &mut Vec<Command>) {
    let language = view.language;
    // A kiosk names itself in its top bar and needs the room for its keypad.
    if !view.kiosk {
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() * 0.06).clamp(8.0, 48.0));
            ui.label(RichText::new(tr!(language, "app-name")).size(34.0).strong());
            muted(ui, tr!(language, "app-tagline"));
            ui.add_space(20.0);
        });
    }
    let side_by_side = view.demo.is_some() && ui.available_width() >= 840.0;
    if side_by_side {
        let width = ui.available_width().min(900.0);
        let margin = (ui.available_width() - width) / 2.0;
        ui.horizontal_top(|ui| {
            ui.add_space(margin);
            let column = (width - 16.0) / 2.0;
            ui.vertical(|ui| {
                ui.set_width(column);
                form_card(ui, form, view, commands);
            });
            ui.add_space(16.0);
            if let Some(demo) = view.demo {
                ui.vertical(|ui| {
                    ui.set_width(column);
                    theme::card(ui).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        demo_ui(ui, demo, view, commands);
                    });
                });
            }
        });
    } else {
        ui.vertical_centered(|ui| {
            ui.set_max_width(440.0_f32.min(ui.available_width()));
            form_card(ui, form, view, commands);
            if let Some(demo) = view.demo {
                ui.add_space(16.0);
                theme::card(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                        demo_ui(ui, demo, view, commands);
                    });
                });
            }
        });
    }
}

fn form_card(
    ui: &mut egui::Ui,
    form: &mut SignInForm,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let language = view.language;
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
            match (&mut form.sign_up, &form.sign_up_policy) {
                (Some(sign_up), Some(policy)) => {
                    sign_up_ui(ui, sign_up, policy, view, commands);
                }
                _ => {
                    form_ui(ui, form, language, commands);
                    // A shared terminal makes no accounts: a password chosen there is
                    // typed where others can watch.
                    if !view.kiosk && form.sign_up_policy.as_ref().is_some_and(|p| p.allowed) {
                        ui.add_space(10.0);
                        ui.separator();
                        ui.horizontal_wrapped(|ui| {
                            muted(ui, tr!(language, "account-new-here"));
                            if ui
                                .add(theme::secondary_button(
                                    ui,
                                    &tr!(language, "account-create"),
                                ))
                                .clicked()
                            {
                                commands.push(Command::OpenSignUp);
                            }
                        });
                    }
                }
            }
        });
    });
}

fn sign_up_ui(
    ui: &mut egui::Ui,
    form: &mut SignUpForm,
    policy: &SignUpPolicy,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let language = view.language;
    super::title(ui, &tr!(language, "account-sign-up-title"));
    muted(ui, tr!(language, "account-sign-up-intro"));
    ui.add_space(4.0);
    if let Some(message) = &form.message {
        explanation_banner(ui, message, BannerKind::Error);
        ui.add_space(4.0);
    }
    labelled_field(
        ui,
        &tr!(language, "app-sign-in-email"),
        egui::TextEdit::singleline(&mut form.email)
            .hint_text(tr!(language, "app-sign-in-email-hint"))
            .interactive(!form.busy),
    );
    new_password::field(
        ui,
        sign_up_password_field_id(),
        &tr!(language, "app-sign-in-password"),
        &mut form.password,
        &mut form.show_password,
        &form.email,
        language,
    );
    ui.add_space(6.0);
    let label = ui.label(RichText::new(tr!(language, "account-region")).strong());
    let chosen = form.region.map_or_else(
        || tr!(language, "account-region-choose"),
        |region| crate::screens::redeem::region_name(region, language),
    );
    egui::ComboBox::from_id_salt("sign_up_region")
        .selected_text(chosen)
        .width(ui.available_width().min(320.0))
        .show_ui(ui, |ui| {
            for region in &policy.regions {
                ui.selectable_value(
                    &mut form.region,
                    Some(*region),
                    crate::screens::redeem::region_name(*region, language),
                );
            }
        })
        .response
        .labelled_by(label.id);
    muted(ui, tr!(language, "account-region-hint"));
    ui.add_space(8.0);
    let ready = !form.busy
        && form.email.contains('@')
        && form.region.is_some()
        && assess(form.password.expose(), &form.email).acceptable();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                ready,
                theme::primary_button(ui, &tr!(language, "account-create-submit")),
            )
            .clicked()
        {
            commands.push(Command::SignUp);
        }
        if ui
            .add(theme::secondary_button(
                ui,
                &tr!(language, "account-back-to-sign-in"),
            ))
            .clicked()
        {
            commands.push(Command::CloseSignUp);
        }
        if form.busy {
            ui.spinner();
        }
    });
}

fn form_ui(
    ui: &mut egui::Ui,
    form: &mut SignInForm,
    language: Language,
    commands: &mut Vec<Command>,
) {
    super::title(ui, &tr!(language, "app-sign-in-title"));
    ui.add_space(4.0);
    if let Some((message, kind)) = &form.message {
        explanation_banner(ui, message, *kind);
        ui.add_space(4.0);
    }
    let email = labelled_field(
        ui,
        &tr!(language, "app-sign-in-email"),
        egui::TextEdit::singleline(&mut form.email)
            .id(email_field_id())
            .hint_text(tr!(language, "app-sign-in-email-hint"))
            .interactive(!form.busy),
    );
    let password = labelled_field(
        ui,
        &tr!(language, "app-sign-in-password"),
        egui::TextEdit::singleline(&mut form.password)
            .id(password_field_id())
            .password(true)
            .interactive(!form.busy),
    );
    let enter = (email.lost_focus() || password.lost_focus())
        && ui.input(|input| input.key_pressed(egui::Key::Enter));
    ui.add_space(8.0);
    let ready = !form.email.trim().is_empty() && !form.password.is_empty() && !form.busy;
    ui.horizontal(|ui| {
        let button = ui.add_enabled(
            ready,
            theme::primary_button(ui, &tr!(language, "app-sign-in-submit")),
        );
        if button.clicked() || (enter && ready) {
            commands.push(Command::SignIn);
        }
        if form.busy {
            ui.spinner();
            muted(ui, tr!(language, "app-sign-in-busy"));
        }
    });
}

fn demo_ui(
    ui: &mut egui::Ui,
    demo: &crate::backend::DemoInfo,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let language = view.language;
    let palette = Palette::current(ui);
    ui.horizontal(|ui| {
        demo_badge_in(ui, language, demo.on_this_device);
        ui.label(RichText::new(tr!(language, "app-demo-title")).strong());
    });
    muted(
        ui,
        if demo.on_this_device {
            tr!(language, "app-demo-on-this-device")
        } else {
            tr!(language, "app-demo-on-server")
        },
    );
    ui.add_space(4.0);
    egui::Grid::new("demo_account")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            muted(ui, tr!(language, "app-demo-email"));
            ui.label(RichText::new(&demo.email).monospace());
            ui.end_row();
            muted(ui, tr!(language, "app-demo-password"));
            ui.label(RichText::new(demo.password.expose()).monospace());
            ui.end_row();
        });
    if ui
        .add(theme::secondary_button(
            ui,
            &tr!(language, "app-demo-use-account"),
        ))
        .clicked()
    {
        commands.push(Command::UseDemoAccount);
    }
    if !demo.codes.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new(tr!(language, "app-demo-cards")).strong());
        muted(ui, tr!(language, "app-demo-cards-help"));
        for code in &demo.codes {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(code.expose())
                        .monospace()
                        .color(palette.accent),
                );
                // A shared terminal's clipboard is the next person's.
                if !view.kiosk
                    && ui
                        .small_button(tr!(language, "app-demo-copy"))
                        .on_hover_text(tr!(language, "app-demo-copy-tooltip"))
                        .clicked()
                {
                    ui.ctx().copy_text(code.expose().to_owned());
                }
            });
        }
    }
}

/// The "Demo — local ledger" marker (on the embedded server), or "Demo data" (on a server
/// elsewhere that runs on demo data), in `language`.
pub fn demo_badge_in(
    ui: &mut egui::Ui,
    language: Language,
    on_this_device: bool,
) -> egui::Response {
    let palette = Palette::current(ui);
    let text = if on_this_device {
        tr!(language, "app-demo-local")
    } else {
        tr!(language, "app-demo-data")
    };
    pill(ui, &text, palette.demo_fg, palette.demo_bg)
}

/// A small rounded label: text on a tinted background, as tall as its text in any row.
pub fn pill(ui: &mut egui::Ui, text: &str, fg: egui::Color32, bg: egui::Color32) -> egui::Response {
    let galley = egui::WidgetText::from(RichText::new(text).strong().size(12.0)).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Body,
    );
    let padding = egui::vec2(8.0, 3.0);
    let (rect, response) =
        ui.allocate_exact_size(galley.size() + 2.0 * padding, egui::Sense::hover());
    ui.painter()
        .rect_filled(rect, egui::CornerRadius::same(10), bg);
    ui.painter().galley(rect.min + padding, galley, fg);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    response
}
