//! An eframe hello-world for the desktop, with the same eframe features and renderer as the
//! app, built with the same release profile: the baseline that `scripts/bench.sh` sets the
//! app's start to first frame against. Like the app, it ends every frame with a trace event
//! under `redeem::frame` (shown with `RUST_LOG=warn,redeem::frame=trace`), which is how the
//! benchmark sees the first frame. On wasm there is nothing to run.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> eframe::Result {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("Hello")
            .with_app_id("redeem-native-hello")
            .with_inner_size([1200.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "redeem-native-hello",
        options,
        Box::new(|_| Ok(Box::new(Hello))),
    )
}

#[cfg(target_arch = "wasm32")]
fn main() {}

/// Says hello.
#[cfg(not(target_arch = "wasm32"))]
struct Hello;

#[cfg(not(target_arch = "wasm32"))]
impl eframe::App for Hello {
    fn ui(&mut self, ui: &mut eframe::egui::Ui, _frame: &mut eframe::Frame) {
        eframe::egui::CentralPanel::default_margins().show(ui, |ui| {
            ui.heading("Hello, world");
        });
        log::trace!(
            target: "redeem::frame",
            "frame {} laid out",
            ui.ctx().cumulative_frame_nr()
        );
    }
}
