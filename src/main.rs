//! Entry point. Reconciled at merge with the CLI's main.rs (owned by another
//! helper): with the `gui` feature, `luoshi [FILE]` opens the window.

#[cfg(feature = "gui")]
fn main() -> std::process::ExitCode {
    luoshi::app::run(std::env::args_os().nth(1).map(std::path::PathBuf::from))
}

#[cfg(not(feature = "gui"))]
fn main() {}
