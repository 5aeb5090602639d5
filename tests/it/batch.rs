//! `luoshi extract DIR --out DIR`: one result per speech, per-file
//! messages, a summary line, exit 1 when any file failed.
#![allow(clippy::unwrap_used)] // tests may unwrap (COMMON.md)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_luoshi"))
        .args(args)
        .output()
        .unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A folder with every fixture speech (.txt in several encodings, .docx).
fn speech_folder() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut stems = Vec::new();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".txt") || name.ends_with(".docx") {
            std::fs::copy(&path, dir.path().join(&name)).unwrap();
            stems.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    stems.sort();
    (dir, stems)
}

#[test]
fn a_folder_gives_one_json_per_speech_and_a_summary() {
    let (input, stems) = speech_folder();
    assert!(stems.len() >= 7, "fixtures: {stems:?}");
    // Not a speech: left alone, no output, no failure.
    std::fs::write(input.path().join("photo.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "extract".as_ref(),
        input.path().as_os_str(),
        "--out".as_ref(),
        out_dir.path().as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "results go to files, not stdout");
    let mut written: Vec<String> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let want: Vec<String> = stems.iter().map(|s| format!("{s}.json")).collect();
    assert_eq!(written, want);
    for name in &written {
        let text = std::fs::read_to_string(out_dir.path().join(name)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let items: usize = v["departments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["items"].as_array().unwrap().len())
            .sum();
        assert!(items > 10, "{name}: only {items} items");
    }
    // Each file equals what `luoshi extract FILE` prints for it.
    let one = run(&[
        "extract".as_ref(),
        input.path().join("fangxun.txt").as_os_str(),
    ]);
    assert_eq!(
        std::fs::read(out_dir.path().join("fangxun.json")).unwrap(),
        one.stdout
    );
    let err = stderr(&out);
    assert_eq!(err.trim_end().lines().count(), 1, "one summary line: {err}");
    assert!(
        err.contains(&format!("{} speeches done", stems.len())),
        "{err}"
    );
}

#[test]
fn other_formats_use_their_extension() {
    let input = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("fangxun.txt"),
        input.path().join("fangxun.txt"),
    )
    .unwrap();
    for (format, ending) in [("md", "fangxun.md"), ("ron", "fangxun.luoshi.ron")] {
        let out_dir = tempfile::tempdir().unwrap();
        let out = run(&[
            "extract".as_ref(),
            input.path().as_os_str(),
            "--out".as_ref(),
            out_dir.path().as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let path = out_dir.path().join(ending);
        assert!(path.is_file(), "{format}: {path:?} missing");
        if format == "ron" {
            luoshi::checklist::store::load(&path).unwrap();
        }
    }
}

#[test]
fn failed_files_are_named_and_the_rest_still_done() {
    let input = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("fangxun.txt"),
        input.path().join("fangxun.txt"),
    )
    .unwrap();
    // A legacy Word file (OLE magic) and an empty text file.
    std::fs::write(
        input.path().join("old.doc"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
    )
    .unwrap();
    std::fs::write(input.path().join("empty.txt"), b"").unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "extract".as_ref(),
        input.path().as_os_str(),
        "--out".as_ref(),
        out_dir.path().as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.trim_end().lines().collect();
    assert_eq!(lines.len(), 3, "two files, one summary: {err}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("old.doc") && l.contains(".doc")),
        "{err}"
    );
    assert!(lines.iter().any(|l| l.contains("empty.txt")), "{err}");
    assert!(lines[2].contains("2 of 3 files failed"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out_dir.path().join("fangxun.json").is_file());
    assert!(!out_dir.path().join("old.json").exists());
}

#[test]
fn a_folder_needs_an_output_folder_and_speeches() {
    let input = tempfile::tempdir().unwrap();
    let out = run(&["extract".as_ref(), input.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--out"), "{}", stderr(&out));

    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "extract".as_ref(),
        input.path().as_os_str(),
        "--out".as_ref(),
        out_dir.path().as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no speeches"), "{}", stderr(&out));
}

#[test]
fn output_file_and_output_folder_exclude_each_other() {
    let out = run(&[
        "extract".as_ref(),
        fixtures().join("fangxun.txt").as_os_str(),
        "-o".as_ref(),
        "a.json".as_ref(),
        "--out".as_ref(),
        "dir".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}
