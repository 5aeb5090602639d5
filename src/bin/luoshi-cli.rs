//! The `luoshi-cli` binary: the same program as `luoshi`, always attached to
//! the console. It exists for Windows, where the release `luoshi.exe` is a
//! GUI-subsystem program that a terminal does not wait for and whose output
//! goes nowhere: `luoshi-cli.exe extract …` prints and returns its exit code
//! like any console tool. Elsewhere the two binaries behave the same.

fn main() -> std::process::ExitCode {
    luoshi::cli::run(std::env::args_os())
}
