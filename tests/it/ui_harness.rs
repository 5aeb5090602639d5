//! The headless app that the UI tests (`ui.rs`) and the UI benchmark
//! (`benches/ui.rs`, which includes this file by path: they are separate
//! crates) both drive.

use eframe::egui;
use egui_kittest::Harness;
use luoshi::app::settings::Settings;
use luoshi::app::{LuoshiApp, fonts};

/// The real app at a desktop window's size, with the bundled font.
pub fn harness() -> Harness<'static, LuoshiApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(fonts::install_bundled)
        .build_ui_state(
            |ui, app: &mut LuoshiApp| app.show(ui),
            LuoshiApp::headless(Settings::default()),
        )
}
