//! Build script: embeds the icon and the version information (product name,
//! description, version) into the Windows executables. Does nothing for any
//! other target, so Linux and macOS builds need no resource compiler.
//!
//! The target is read from `CARGO_CFG_TARGET_OS`, not `cfg!(windows)`: a
//! build script runs on the host, and the .exe is often cross-compiled from
//! Linux (`cargo build --target x86_64-pc-windows-gnu` with MinGW's windres).

use std::process::ExitCode;

/// The binaries and how Windows describes each (Explorer's "Details" tab,
/// Task Manager).
const BINARIES: [(&str, &str); 2] = [
    ("luoshi", "落实 Luoshi"),
    ("luoshi-cli", "落实 Luoshi 命令行 / command line"),
];

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/luoshi.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return ExitCode::SUCCESS;
    }
    for (binary, description) in BINARIES {
        let mut res = winresource::WindowsResource::new();
        res.set_icon("assets/luoshi.ico")
            // Chinese (PRC); the strings are bilingual anyway.
            .set_language(0x0804)
            .set("ProductName", "落实 Luoshi")
            .set("FileDescription", description)
            .set("OriginalFilename", &format!("{binary}.exe"))
            .set("InternalName", binary)
            .set("CompanyName", "Luoshi")
            .set("LegalCopyright", "MIT OR Apache-2.0");
        if let Err(e) = res.compile_for(binary) {
            // Without the resource compiler the .exe would still work, but
            // silently shipping one without its icon is worse than stopping.
            println!(
                "cargo:warning=cannot embed the Windows icon for {binary} (is MinGW's windres installed? set WINDRES to its path): {e}"
            );
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
