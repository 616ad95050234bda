//! An eframe hello-world for the browser, with the same eframe features as the web app and
//! built with the same `wasm-release` profile: the baseline that `scripts/bench.sh` sets the
//! app's `.wasm` size against. Natively there is nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    use eframe::wasm_bindgen::JsCast as _;

    wasm_bindgen_futures::spawn_local(async {
        let canvas = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id("the_canvas_id"))
            .and_then(|element| element.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        if let Some(canvas) = canvas {
            let _ = eframe::WebRunner::new()
                .start(
                    canvas,
                    eframe::WebOptions::default(),
                    Box::new(|_| Ok(Box::new(Hello))),
                )
                .await;
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

/// Says hello.
#[cfg(target_arch = "wasm32")]
struct Hello;

#[cfg(target_arch = "wasm32")]
impl eframe::App for Hello {
    fn ui(&mut self, ui: &mut eframe::egui::Ui, _frame: &mut eframe::Frame) {
        ui.heading("Hello, world");
    }
}
