//! The `luoshi` binary: everything lives in the library's `cli` module.
//!
//! On Windows a release build is a GUI-subsystem program, so double-clicking
//! it opens no console window beside the app; the app logs to a file
//! instead (see `luoshi::logfile`). Being detached from the console, its
//! commands print nothing in a terminal there: `luoshi-cli.exe` is the same
//! program for the terminal. Debug builds keep the console for `eprintln!`.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    luoshi::cli::run(std::env::args_os())
}
