//! The history screen and its CSV export in German, French, Japanese and Spanish, read
//! through the accessibility tree of the real app against the embedded server: filters,
//! column headers, entry kinds, the footer's count, the balance's age, the export's status
//! and the header row of the file it writes.

#![cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]

mod common;

use common::{Fixture, MemoryStorage};
use egui_kittest::kittest::Queryable as _;
use redeem::api::Timeouts;

/// What one language must show.
struct Expected {
    /// The preference's locale tag, e.g. `de-DE`.
    locale: &'static str,
    /// The balance's age right after signing in.
    just_now: &'static str,
    /// The history screen's name in the navigation.
    history: &'static str,
    /// The kind filter's label, then its "every kind" choice.
    kind: &'static str,
    all_kinds: &'static str,
    /// The six entry kinds, in filter order; the purchase is chosen.
    kinds: [&'static str; 6],
    purchase: &'static str,
    /// The period filter's label and its first choice.
    period: &'static str,
    all_time: &'static str,
    /// The search field's label.
    search: &'static str,
    /// The table's five column headers.
    columns: [&'static str; 5],
    /// The end of the footer once the whole history is loaded.
    footer_end: &'static str,
    /// The export button and the start of its success message.
    export: &'static str,
    exported: &'static str,
    /// The header row of the exported file.
    csv_header: &'static str,
}

/// The app with the locale chosen in its preferences, as a returning customer has it.
fn app_in(locale: &str) -> Fixture {
    let mut storage = MemoryStorage::default();
    storage.0.insert(
        redeem::preferences::STORAGE_KEY.to_owned(),
        format!(
            "(version: {}, locale: Some(\"{locale}\"))",
            redeem::preferences::CURRENT_VERSION
        ),
    );
    Fixture::start_with(Some(storage), Timeouts::default())
}

fn history_and_export_speak(expected: &Expected) -> std::io::Result<()> {
    let mut app = app_in(expected.locale);
    let dir = tempfile::tempdir()?;
    app.harness
        .state_mut()
        .export_to(redeem::csv_export::Destination::folder(dir.path()));
    let language = redeem_core::Locale::ALL
        .into_iter()
        .find(|locale| locale.tag() == expected.locale)
        .map_or(redeem::i18n::Language::En, redeem::i18n::Language::of);
    app.sign_in_as_demo_in(language);
    app.assert_shows(expected.just_now);

    app.click(expected.history);
    for text in [expected.kind, expected.period, expected.search]
        .into_iter()
        .chain(expected.columns)
    {
        // Some headers ("Balance") also name a screen in the navigation.
        assert!(
            app.harness.get_all_by_label(text).next().is_some(),
            "no {text:?} on screen: {:#?}",
            app.texts()
        );
    }
    app.assert_shows(expected.footer_end);

    // The kind filter lists every kind by its translated name; choosing one filters.
    app.click(expected.kind);
    app.assert_shows(expected.all_kinds);
    for kind in expected.kinds {
        assert!(
            app.harness.get_all_by_label(kind).next().is_some(),
            "no kind {kind:?} in the filter: {:#?}",
            app.texts()
        );
    }
    app.click(expected.purchase);
    app.assert_shows(expected.footer_end);
    app.click(expected.period);
    app.assert_shows(expected.all_time);
    app.harness.key_press(egui::Key::Escape);
    app.settle();

    app.click(expected.export);
    app.assert_shows(expected.exported);
    let files = std::fs::read_dir(dir.path())?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    assert_eq!(files.len(), 1, "{files:?}");
    let csv = std::fs::read_to_string(&files[0])?;
    assert_eq!(csv.lines().next(), Some(expected.csv_header));
    assert!(
        csv.lines().skip(1).all(|line| line.contains(",purchase,")),
        "only purchases, with the kind's stable name: {csv}"
    );
    Ok(())
}

#[test]
fn the_history_and_its_export_speak_german() -> std::io::Result<()> {
    history_and_export_speak(&Expected {
        locale: "de-DE",
        just_now: "gerade eben",
        history: "Verlauf",
        kind: "Art",
        all_kinds: "Alle Arten",
        kinds: [
            "Geschenkkarte",
            "Inzahlungnahme",
            "Aufladung",
            "Kauf",
            "Erstattung",
            "Korrektur",
        ],
        purchase: "Kauf",
        period: "Zeitraum",
        all_time: "Gesamter Zeitraum",
        search: "Suche",
        columns: ["Datum", "Beschreibung", "Quelle", "Betrag", "Saldo"],
        footer_end: "\u{b7} der Anfang Ihres Verlaufs",
        export: "Als CSV exportieren",
        exported: "Exportiert nach",
        csv_header: "Datum,Art,Beschreibung,Quelle,Betrag,Währung,Saldo danach",
    })
}

#[test]
fn the_history_and_its_export_speak_french() -> std::io::Result<()> {
    history_and_export_speak(&Expected {
        locale: "fr-FR",
        just_now: "à l’instant",
        history: "Historique",
        kind: "Type",
        all_kinds: "Tous les types",
        kinds: [
            "Carte cadeau",
            "Reprise",
            "Ajout de fonds",
            "Achat",
            "Remboursement",
            "Ajustement",
        ],
        purchase: "Achat",
        period: "Période",
        all_time: "Toute la période",
        search: "Rechercher",
        columns: ["Date et heure", "Libellé", "Origine", "Montant", "Solde"],
        footer_end: "\u{b7} le début de votre historique",
        export: "Exporter en CSV",
        exported: "Exporté dans",
        csv_header: "horodatage,type,libellé,origine,montant,devise,solde_après",
    })
}

#[test]
fn the_history_and_its_export_speak_japanese() -> std::io::Result<()> {
    history_and_export_speak(&Expected {
        locale: "ja-JP",
        just_now: "たった今",
        history: "履歴",
        kind: "種類",
        all_kinds: "すべての種類",
        kinds: ["ギフトカード", "下取り", "入金", "購入", "返金", "調整"],
        purchase: "購入",
        period: "期間",
        all_time: "全期間",
        search: "検索",
        columns: ["日時", "内容", "参照元", "金額", "残高"],
        footer_end: "件 \u{b7} 履歴の始まりです",
        export: "CSVを書き出す",
        exported: "に書き出しました",
        csv_header: "日時,種類,内容,参照元,金額,通貨,取引後残高",
    })
}

#[test]
fn the_history_and_its_export_speak_spanish() -> std::io::Result<()> {
    history_and_export_speak(&Expected {
        locale: "es-ES",
        just_now: "ahora mismo",
        history: "Historial",
        kind: "Tipo",
        all_kinds: "Todos los tipos",
        kinds: [
            "Tarjeta regalo",
            "Entrega de dispositivo",
            "Fondos añadidos",
            "Compra",
            "Reembolso",
            "Ajuste",
        ],
        purchase: "Compra",
        period: "Periodo",
        all_time: "Todo el historial",
        search: "Buscar",
        columns: ["Fecha", "Descripción", "Origen", "Importe", "Saldo"],
        footer_end: "\u{b7} el principio de su historial",
        export: "Exportar CSV",
        exported: "Exportado a",
        csv_header: "fecha,tipo,descripción,origen,importe,moneda,saldo_posterior",
    })
}
