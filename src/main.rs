//! The `luoshi` binary: everything lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    luoshi::cli::run(std::env::args_os())
}
