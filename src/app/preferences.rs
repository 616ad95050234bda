//! The preferences feature: a changed preference applied at once and saved.

use super::RedeemApp;

impl RedeemApp {
    /// A preference changed on the preferences screen: keep it in range and save it at
    /// the end of the frame.
    pub(super) fn preferences_changed(&mut self) {
        self.preferences_dirty = true;
        let preferences = std::mem::take(&mut self.preferences);
        self.preferences = preferences.sanitized();
    }

    /// Saves the preferences: to the desktop's `preferences.ron` when the app has one,
    /// otherwise to `storage` (eframe's: local storage on the web). A kiosk saves nothing.
    pub(super) fn save_preferences_to(&mut self, storage: Option<&mut (dyn eframe::Storage + '_)>) {
        if self.is_kiosk_mode() {
            return;
        }
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(mut file) = self.preferences_file.take() {
            self.save_preferences(&mut file);
            self.preferences_file = Some(file);
            return;
        }
        if let Some(storage) = storage {
            self.save_preferences(storage);
        }
    }

    /// Writes the preferences to `storage` and flushes it.
    fn save_preferences(&mut self, storage: &mut dyn eframe::Storage) {
        match self.preferences.save(storage) {
            Ok(()) => {
                storage.flush();
                self.preferences_dirty = false;
            }
            Err(error) => log::error!("could not save the preferences: {error}"),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl RedeemApp {
    /// Creates the desktop app with its preferences in `file` (`preferences.ron`), on
    /// `backend`, with the given call time limits.
    pub fn with_preferences_file(
        ctx: &egui::Context,
        file: crate::preferences_file::PreferencesFile,
        backend: crate::Backend,
        timeouts: crate::api::Timeouts,
    ) -> std::io::Result<Self> {
        let mut app = Self::with_storage(ctx, Some(&file), backend, timeouts)?;
        app.preferences_file = Some(file);
        Ok(app)
    }
}
