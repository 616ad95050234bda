//! [`PreferencesFile`]: the desktop's `preferences.ron`, a plain RON file that a person can
//! read and edit (comments allowed), written whole and atomically.
//!
//! It offers itself as an [`eframe::Storage`] holding one value, the preferences under
//! [`STORAGE_KEY`], so that the app reads and saves preferences the same way on the desktop
//! (this file), on the web (local storage) and in tests (memory).
//!
//! A file that cannot be read is never overwritten: it is moved aside to
//! `preferences.ron.broken` (replacing an older one there) before anything new is saved,
//! and the app starts on the defaults with a notice that names the line.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::preferences::{Preferences, PreferencesNotice, STORAGE_KEY};

/// The first lines of every file written: what it is, for a person who opens it.
const HEADER: &str = "\
// Redeem's preferences. You may edit this file while Redeem is closed; lines starting
// with // are comments. A file Redeem cannot read is kept beside this one as
// preferences.ron.broken and the defaults are used. Nothing secret is ever stored here.
";

/// The desktop's preferences file.
#[derive(Debug)]
pub struct PreferencesFile {
    path: PathBuf,
    /// The text read at start, when it could be read.
    text: Option<String>,
    /// Text given to save, written by the next [`eframe::Storage::flush`].
    pending: Option<String>,
}

impl PreferencesFile {
    /// The file's usual place: `preferences.ron` in the platform's configuration folder.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("example", "Redeem", "Redeem")
            .map(|dirs| dirs.config_dir().join("preferences.ron"))
    }

    /// Opens the file at `path` (which need not exist yet). A file that is there but
    /// cannot be used is moved aside now, so that saving never overwrites it.
    pub fn open(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => {
                log::warn!("could not read {}: {error}", path.display());
                set_aside(&path);
                Some(String::new())
            }
        };
        if let Some(text) = &text
            && matches!(
                Preferences::from_ron(text).1,
                Some(PreferencesNotice::Unreadable { .. } | PreferencesNotice::TooNew(_))
            )
        {
            set_aside(&path);
        }
        Self {
            path,
            text,
            pending: None,
        }
    }

    /// Takes preferences kept elsewhere by an earlier version (inside eframe's own
    /// `app.ron`) when there is no file yet; they are written to the file at the next save.
    pub fn adopt(&mut self, text: Option<String>) {
        if self.text.is_none()
            && let Some(text) = text
        {
            self.pending = Some(text.clone());
            self.text = Some(text);
        }
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(&self, text: &str) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // Written beside the file and renamed over it, so that a crash or a full disk
        // leaves the old file or the new one, never half of one.
        let temporary = self.path.with_extension("ron.tmp");
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(HEADER.as_bytes())?;
        file.write_all(text.as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, &self.path)
    }
}

/// Moves an unusable file to `<name>.broken`, where a person can look at it.
fn set_aside(path: &Path) {
    let mut aside = path.as_os_str().to_owned();
    aside.push(".broken");
    match std::fs::rename(path, &aside) {
        Ok(()) => log::warn!(
            "the preferences file could not be used; it was kept as {}",
            Path::new(&aside).display()
        ),
        Err(error) => log::warn!("the preferences file could not be used nor kept aside: {error}"),
    }
}

impl eframe::Storage for PreferencesFile {
    fn get_string(&self, key: &str) -> Option<String> {
        (key == STORAGE_KEY).then(|| self.text.clone()).flatten()
    }

    fn set_string(&mut self, key: &str, value: String) {
        if key == STORAGE_KEY {
            self.pending = Some(value);
        }
    }

    fn remove_string(&mut self, key: &str) {
        if key == STORAGE_KEY {
            self.pending = None;
        }
    }

    fn flush(&mut self) {
        let Some(text) = self.pending.take() else {
            return;
        };
        match self.write(&text) {
            Ok(()) => self.text = Some(text),
            Err(error) => {
                log::error!(
                    "could not save the preferences to {}: {error}",
                    self.path.display()
                );
                // Kept for the next try.
                self.pending = Some(text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use eframe::Storage as _;

    use super::*;

    #[test]
    fn saved_preferences_read_back_with_a_header_comment() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("preferences.ron");
        let mut file = PreferencesFile::open(&path);
        assert_eq!(file.get_string(STORAGE_KEY), None);
        let preferences = Preferences {
            large_targets: true,
            ..Preferences::default()
        };
        preferences.save(&mut file).expect("serialises");
        file.flush();
        let text = std::fs::read_to_string(&path).expect("written");
        assert!(text.starts_with("// Redeem's preferences."), "{text}");
        let again = PreferencesFile::open(&path);
        let (back, notice) = Preferences::load(Some(&again));
        assert_eq!(notice, None);
        assert_eq!(back, preferences);
    }

    #[test]
    fn a_broken_file_is_kept_aside_and_never_overwritten() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("preferences.ron");
        let broken = "(\n  theme: Dark,\n  text_scale: oops,\n)\n";
        std::fs::write(&path, broken).expect("written");
        let mut file = PreferencesFile::open(&path);
        let (preferences, notice) = Preferences::load(Some(&file));
        assert_eq!(preferences, Preferences::default());
        let notice = notice.expect("a notice").to_string();
        assert!(notice.contains("Line 3"), "{notice}");
        Preferences::default().save(&mut file).expect("serialises");
        file.flush();
        let aside = dir.path().join("preferences.ron.broken");
        assert_eq!(std::fs::read_to_string(aside).expect("kept"), broken);
        assert!(
            std::fs::read_to_string(&path)
                .expect("new")
                .contains("version")
        );
    }
}
