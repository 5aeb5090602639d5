//! The `luoshi-cli` binary: the same program as `luoshi`, always attached to
//! the console. It exists for Windows, where the release `luoshi.exe` is a
//! GUI-subsystem program that a terminal does not wait for and whose output
//! goes nowhere: `luoshi-cli.exe extract …` prints and returns its exit code
//! like any console tool. Elsewhere the two binaries behave the same.

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
