//! The `luoshi` binary: everything lives in the library's `cli` module.
//!
//! On Windows a release build is a GUI-subsystem program, so double-clicking
//! it opens no console window beside the app; the app logs to a file
//! instead (see `luoshi::logfile`). Being detached from the console, its
//! commands print nothing in a terminal there: `luoshi-cli.exe` is the same
//! program for the terminal. Debug builds keep the console for `eprintln!`.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

/// The allocator of the programs (and benchmarks, which declare the same):
/// extraction makes many small strings on every core, and with two threads
/// glibc's allocator took about a fifth of its time (perf); mimalloc keeps
/// per-thread heaps. Built as its version 2 without transparent huge pages
/// (Cargo.toml): as fast here, and it gives memory back sooner (peak RSS of
/// `luoshi extract` on 10 MB: 277 MB with the defaults, 224 MB so, 202 MB
/// with glibc). A library must not choose this for the programs using it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    luoshi::cli::run(std::env::args_os())
}
