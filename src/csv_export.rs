//! CSV export of the history: building the file (pure) and saving it without blocking the
//! UI (a background thread natively, a download in the browser).

use chrono::FixedOffset;
use poll_promise::Promise;
use redeem_core::api::Transaction;

use crate::i18n::Language;
use crate::tr;

/// The messages naming the columns, in their order.
const HEADER: [&str; 7] = [
    "history-csv-date",
    "history-csv-kind",
    "history-csv-description",
    "history-csv-source",
    "history-csv-amount",
    "history-csv-currency",
    "history-csv-balance-after",
];

/// The history as CSV (RFC 4180, UTF-8), one row per entry, times in local time as
/// ISO 8601 with their offset, amounts as plain decimals. The header row names the columns
/// in `language`, for the person who opens the file; the cells stay machine-readable
/// (the kind is its stable wire name), so that a file reads the same into any program.
pub fn to_csv<'a>(
    rows: impl IntoIterator<Item = &'a Transaction>,
    offset: FixedOffset,
    language: Language,
) -> String {
    let mut csv = String::new();
    for (index, id) in HEADER.iter().enumerate() {
        if index > 0 {
            csv.push(',');
        }
        push_cell(&mut csv, &tr!(language, id), false);
    }
    csv.push_str("\r\n");
    for row in rows {
        let cells = [
            row.created_at.with_timezone(&offset).to_rfc3339(),
            row.kind.as_str().to_owned(),
            row.description.clone(),
            row.source.clone(),
            row.amount.to_plain_decimal(),
            row.amount.currency.code().to_owned(),
            row.balance_after.to_plain_decimal(),
        ];
        for (index, cell) in cells.iter().enumerate() {
            if index > 0 {
                csv.push(',');
            }
            push_cell(&mut csv, cell, index >= 4);
        }
        csv.push_str("\r\n");
    }
    csv
}

/// Appends one cell, quoted when needed. Text cells that a spreadsheet would run as a
/// formula get a leading apostrophe (OWASP CSV injection); numeric cells are left alone.
fn push_cell(csv: &mut String, cell: &str, numeric: bool) {
    let formula = !numeric && cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = formula || cell.contains([',', '"', '\n', '\r']);
    if quote {
        csv.push('"');
    }
    if formula {
        csv.push('\'');
    }
    for character in cell.chars() {
        if character == '"' {
            csv.push('"');
        }
        csv.push(character);
    }
    if quote {
        csv.push('"');
    }
}

/// A file name for an export made now: `redeem-history-2025-11-24-140501.csv`.
pub fn file_name(now: chrono::DateTime<chrono::Utc>, offset: FixedOffset) -> String {
    format!(
        "redeem-history-{}.csv",
        now.with_timezone(&offset).format("%Y-%m-%d-%H%M%S")
    )
}

/// Where the file went, for people.
pub type ExportResult = Result<String, String>;

/// Where exports go: the person's downloads folder, or (natively) a folder of one's choice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Destination {
    #[cfg(not(target_arch = "wasm32"))]
    folder: Option<std::path::PathBuf>,
}

impl Destination {
    /// The downloads folder (natively the home folder when there is none).
    pub fn downloads() -> Self {
        Self::default()
    }

    /// A folder of one's choice, created when missing.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn folder(folder: impl Into<std::path::PathBuf>) -> Self {
        Self {
            folder: Some(folder.into()),
        }
    }
}

/// Writes the CSV into its destination on a background thread.
#[cfg(not(target_arch = "wasm32"))]
pub fn save(
    csv: String,
    file_name: String,
    destination: &Destination,
    ctx: &egui::Context,
) -> Promise<ExportResult> {
    let ctx = ctx.clone();
    let folder = destination.folder.clone();
    Promise::spawn_thread("csv-export", move || {
        let result = write_file(&csv, &file_name, folder);
        ctx.request_repaint();
        result
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn write_file(csv: &str, file_name: &str, folder: Option<std::path::PathBuf>) -> ExportResult {
    let dir = match folder {
        Some(folder) => folder,
        None => {
            let dirs = directories::UserDirs::new();
            dirs.as_ref()
                .and_then(|dirs| dirs.download_dir().map(std::path::Path::to_path_buf))
                .or_else(|| dirs.as_ref().map(|dirs| dirs.home_dir().to_path_buf()))
                .ok_or_else(|| "no downloads or home folder was found".to_owned())?
        }
    };
    std::fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let path = dir.join(file_name);
    std::fs::write(&path, csv).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(path.display().to_string())
}

/// Hands the CSV to the browser as a download.
#[cfg(target_arch = "wasm32")]
#[expect(
    clippy::needless_pass_by_value,
    reason = "the same signature as the native one"
)]
pub fn save(
    csv: String,
    file_name: String,
    _destination: &Destination,
    _ctx: &egui::Context,
) -> Promise<ExportResult> {
    Promise::from_ready(
        // The screen says where the download went, with the name, in its language.
        download(&csv, &file_name).map(|()| file_name),
    )
}

#[cfg(target_arch = "wasm32")]
fn download(csv: &str, file_name: &str) -> Result<(), String> {
    use web_sys::wasm_bindgen::JsCast as _;
    let js = |error: web_sys::wasm_bindgen::JsValue| format!("{error:?}");
    let parts = web_sys::js_sys::Array::of1(&web_sys::wasm_bindgen::JsValue::from_str(csv));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| "no document".to_owned())?;
    let anchor = document
        .create_element("a")
        .map_err(js)?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "not an anchor".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Some browsers read the blob only after click() returns: free it a minute later.
    let revoke = web_sys::wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Err(error) = web_sys::Url::revoke_object_url(&url) {
            log::warn!("could not free the exported file: {error:?}");
        }
    });
    web_sys::window()
        .ok_or_else(|| "no window".to_owned())?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)
        .map_err(js)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use redeem_core::{Currency, EntryKind, Money};

    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let usd = |m| Money::new(m, Currency::Usd);
        let row = Transaction {
            id: "e1".into(),
            kind: EntryKind::Purchase,
            description: "=HYPERLINK(\"x\"), \"quoted\"".into(),
            amount: usd(-999),
            balance_after: usd(1501),
            created_at: chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap_or_default(),
            source: "order W1".into(),
        };
        let offset = FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
        let csv = to_csv([&row], offset, Language::En);
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("date,kind,description,source,amount,currency,balance_after")
        );
        assert_eq!(
            lines.next(),
            Some(
                "2025-11-24T16:00:00+00:00,purchase,\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\",order W1,-9.99,USD,15.01"
            )
        );
    }

    #[test]
    fn the_header_row_is_in_the_language_of_the_app() {
        let offset = FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
        let header = |language| {
            to_csv([], offset, language)
                .lines()
                .next()
                .map(str::to_owned)
        };
        assert_eq!(
            header(Language::De).as_deref(),
            Some("Datum,Art,Beschreibung,Quelle,Betrag,Währung,Saldo danach")
        );
        assert_eq!(
            header(Language::Ja).as_deref(),
            Some("日時,種類,内容,参照元,金額,通貨,取引後残高")
        );
    }
}
