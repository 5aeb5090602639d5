//! The invariants of ARCHITECTURE.md, checked on the source itself: the
//! library builds without the front ends, only the app knows egui, every
//! file is written through `fsio`, and source files stay readable.
#![allow(clippy::unwrap_used)] // tests may unwrap (COMMON.md)

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `src/`, with its code before the first
/// `#[cfg(test)]` (the tests are not held to these rules).
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let code = match text.find("\n#[cfg(test)]") {
                Some(at) => text[..at].to_owned(),
                None => text,
            };
            (path.strip_prefix(root()).unwrap().to_path_buf(), code)
        })
        .collect()
}

/// Code lines without comments (doc comments and `//` lines).
fn code_lines(code: &str) -> impl Iterator<Item = &str> {
    code.lines().filter(|l| {
        let t = l.trim_start();
        !t.starts_with("//")
    })
}

#[test]
fn the_library_builds_without_the_front_ends() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--no-default-features",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(root())
        .output();
    let Some(out) = out.ok().filter(|o| o.status.success()) else {
        eprintln!(
            "architecture: SKIPPED the dependency check: `cargo tree --offline` did not run here"
        );
        return;
    };
    let tree = String::from_utf8_lossy(&out.stdout);
    for front_end in [
        "eframe ",
        "egui ",
        "clap ",
        "indicatif ",
        "mimalloc ",
        "rfd ",
        "fontdb ",
    ] {
        assert!(
            !tree.lines().any(|l| l.starts_with(front_end)),
            "the library alone depends on {front_end}"
        );
    }
    assert!(tree.lines().any(|l| l.starts_with("serde ")), "{tree}");
}

#[test]
fn only_the_app_knows_egui() {
    for (path, code) in sources() {
        if path.starts_with("src/app") {
            continue;
        }
        for line in code_lines(&code) {
            assert!(
                !(line.contains("egui::") || line.contains("eframe::")),
                "{}: {line}",
                path.display()
            );
        }
    }
}

#[test]
fn the_process_has_one_panic_hook() {
    // Hooks are not chained: front ends register what a panic must do
    // with `panics`, which alone sets the hook.
    for (path, code) in sources() {
        if path == Path::new("src/panics.rs") {
            continue;
        }
        for line in code_lines(&code) {
            assert!(
                !line.contains("panic::set_hook("),
                "{} sets a panic hook of its own: {line}",
                path.display()
            );
        }
    }
}

#[test]
fn every_file_is_written_through_fsio() {
    // Writers of file contents. fsio writes every file; the logs append
    // (logfile, the UI benchmark's log) and recovery holds lock files.
    let writers = [
        "fs::write(",
        "File::create(",
        "OpenOptions::new()",
        "fs::rename(",
        "set_len(",
    ];
    let allowed = [
        "src/fsio.rs",
        "src/logfile.rs",
        "src/recovery.rs",
        "src/app/bench_log.rs",
    ];
    for (path, code) in sources() {
        if allowed.iter().any(|a| path == Path::new(a)) {
            continue;
        }
        for line in code_lines(&code) {
            for w in writers {
                assert!(
                    !line.contains(w),
                    "{} writes with {w}: {line}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn source_files_and_functions_stay_readable() {
    for (path, code) in sources() {
        let lines: Vec<&str> = code.lines().collect();
        assert!(
            lines.len() <= 600,
            "{} has {} lines of code (at most 600)",
            path.display(),
            lines.len()
        );
        // A function over 80 lines says why in a `// Long:` comment above it.
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn "]
                .iter()
                .any(|p| trimmed.starts_with(p));
            if !is_fn || line.trim_end().ends_with(';') {
                continue;
            }
            let indent = &line[..line.len() - trimmed.len()];
            let close = format!("{indent}}}");
            let Some(len) = lines[i..].iter().position(|l| *l == close) else {
                continue;
            };
            if len < 80 {
                continue;
            }
            let above = lines[..i]
                .iter()
                .rev()
                .take_while(|l| {
                    let t = l.trim_start();
                    t.starts_with("//") || t.starts_with("#[")
                })
                .any(|l| l.contains("Long:"));
            assert!(
                above,
                "{}:{} is a function of {} lines without a `// Long:` reason",
                path.display(),
                i + 1,
                len + 1
            );
        }
    }
}
