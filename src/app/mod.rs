//! The desktop app (eframe/egui) on top of the library. Emits commands to the
//! library; owns no domain logic.

/// STUB so the `gui` build compiles until the app lands: the desktop-app
/// helper replaces this with the real window.
pub fn run(path: Option<std::path::PathBuf>) -> std::process::ExitCode {
    let _ = path;
    eprintln!("luoshi: 桌面界面尚未完成 / the desktop app is not built yet");
    std::process::ExitCode::from(1)
}
