//! The `luoshi` binary end to end: exit codes, stderr messages, outputs.
#![allow(clippy::unwrap_used)] // tests may unwrap (COMMON.md)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn luoshi(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_luoshi"))
        .args(args)
        .output()
        .unwrap()
}

fn run(args: &[&str]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    luoshi(&args)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A bad-input failure: exit 1, one line on stderr in Chinese and English.
fn assert_bad_input(out: &Output, what: &str) {
    assert_eq!(out.status.code(), Some(1), "{what}: {}", stderr(out));
    let err = stderr(out);
    assert_eq!(err.trim_end().lines().count(), 1, "{what}: one line: {err}");
    assert!(err.contains(" / "), "{what}: bilingual: {err}");
    assert!(
        err.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{what}: {err}"
    );
    assert!(
        err.chars().any(|c| c.is_ascii_alphabetic()),
        "{what}: {err}"
    );
    assert!(!err.contains("panicked"), "{what}: {err}");
}

#[test]
fn extract_prints_the_scorer_json() {
    let path = fixture("anquan-shengchan.txt");
    let out = run(&["extract", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let departments = v["departments"]
        .as_array()
        .expect("departments is an array");
    for dept in departments {
        assert!(dept["name"].is_string());
        for item in dept["items"].as_array().unwrap() {
            assert!(item["text"].is_string() && item["quote"].is_string());
        }
    }
    let items: usize = departments
        .iter()
        .map(|d| d["items"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(items > 0, "the speech has action items");
    assert_eq!(v["version"], luoshi::checklist::CURRENT_VERSION);
    assert_eq!(v["source"]["sha256"].as_str().map(str::len), Some(64));
    assert!(v["diagnostics"].is_array());
    // JSON is the default format.
    let default = run(&["extract", path.to_str().unwrap()]);
    assert_eq!(default.stdout, out.stdout);
}

#[test]
fn extract_to_ron_then_export_markdown_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("清单.luoshi.ron");
    let speech = fixture("anquan-shengchan.txt");
    let out = run(&[
        "extract",
        speech.to_str().unwrap(),
        "-o",
        ron.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let list = luoshi::checklist::store::load(&ron).unwrap();
    assert_eq!(list.source.path.as_deref(), Some(speech.as_path()));

    let md = dir.path().join("清单.md");
    let out = run(&["export", ron.to_str().unwrap(), "-o", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("# "), "{text}");
    assert!(text.contains("完成 "), "{text}");

    let out = run(&["export", ron.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["departments"].is_array());

    let out = run(&["export", ron.to_str().unwrap(), "--format", "ron"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, std::fs::read(&ron).unwrap());
}

#[test]
fn export_markdown_of_a_hand_made_checklist() {
    use luoshi::checklist::{Checklist, Department, Item, Source, Status, store};
    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("a.luoshi.ron");
    let mut list = Checklist::new(Source {
        title: "测试会议讲话".into(),
        ..Source::default()
    });
    list.departments.push(Department {
        name: "公安".into(),
        items: vec![
            Item {
                id: 1,
                text: "加强巡逻".into(),
                status: Status::Done,
                ..Item::default()
            },
            Item {
                id: 2,
                text: "排查隐患".into(),
                ..Item::default()
            },
        ],
    });
    store::save(&list, &ron).unwrap();
    let out = run(&["export", ron.to_str().unwrap(), "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# 测试会议讲话\n"), "{md}");
    assert!(md.contains("## 公安（1/2）"), "{md}");
    assert!(md.contains("- [x] 加强巡逻\n- [ ] 排查隐患\n"), "{md}");
}

#[test]
fn missing_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("没有这个文件.txt");
    assert_bad_input(
        &run(&["extract", missing.to_str().unwrap()]),
        "extract missing",
    );
    let missing = dir.path().join("没有.luoshi.ron");
    assert_bad_input(
        &run(&["export", missing.to_str().unwrap()]),
        "export missing",
    );
}

#[test]
fn legacy_doc_and_binary_files_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    // The OLE2 signature of a legacy .doc, then junk.
    let doc = dir.path().join("讲话.doc");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
    std::fs::write(&doc, &bytes).unwrap();
    assert_bad_input(&run(&["extract", doc.to_str().unwrap()]), ".doc");
    let png = dir.path().join("照片.txt");
    std::fs::write(
        &png,
        [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0xff, 0xfe, 0x00,
        ],
    )
    .unwrap();
    assert_bad_input(&run(&["extract", png.to_str().unwrap()]), "binary .txt");
    // A speech is not a checklist.
    let speech = fixture("anquan-shengchan.txt");
    assert_bad_input(
        &run(&["export", speech.to_str().unwrap()]),
        "export a speech",
    );
}

#[test]
fn newer_checklist_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("新.luoshi.ron");
    let newer = "(version: 9, departments: [])\n";
    std::fs::write(&ron, newer).unwrap();
    let out_path = dir.path().join("导出.luoshi.ron");
    let out = run(&[
        "export",
        ron.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_bad_input(&out, "newer version");
    assert!(!out_path.exists());
    assert!(stderr(&out).contains("upgrade"));
    assert_eq!(std::fs::read_to_string(&ron).unwrap(), newer);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["extract"][..],
        &["extract", "a.txt", "--format", "pdf"],
        &["export", "a.ron", "--bogus"],
        &["frobnicate", "a", "b"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("luoshi --help"), "{args:?}");
    }
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("extract"));
}

#[test]
fn output_write_failure_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("no/such/dir/out.json");
    let speech = fixture("anquan-shengchan.txt");
    let out = run(&[
        "extract",
        speech.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_bad_input(&out, "unwritable output");
}

#[cfg(not(feature = "gui"))]
#[test]
fn headless_build_explains_itself() {
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("headless") && text.contains("extract"),
        "{text}"
    );
    let out = run(&["讲话.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("headless"));
}

/// `luoshi-cli` (the console program for Windows terminals) is the same
/// program: same output, same exit codes.
#[test]
fn luoshi_cli_binary_is_the_same_program() {
    let cli = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_luoshi-cli"))
            .args(args)
            .output()
            .unwrap()
    };
    let speech = fixture("anquan-shengchan.txt");
    let args = ["extract", "--format", "md", speech.to_str().unwrap()];
    let out = cli(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("- [ ]"), "{text}");
    assert_eq!(text.as_bytes(), run(&args).stdout.as_slice());

    let out = cli(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));

    let out = cli(&["extract", "--format", "pdf", "x.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid value 'pdf'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn output_never_replaces_the_input_or_a_file_we_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let speech = dir.path().join("讲话.txt");
    std::fs::copy(fixture("anquan-shengchan.txt"), &speech).unwrap();
    let original = std::fs::read(&speech).unwrap();
    let s = speech.to_str().unwrap();

    // Onto the input itself: refused, even with --force.
    for force in [false, true] {
        let mut args = vec!["extract", s, "--format", "ron", "-o", s];
        if force {
            args.push("--force");
        }
        let out = run(&args);
        assert_bad_input(&out, "onto the input");
        assert!(stderr(&out).contains("输入文件本身"), "{}", stderr(&out));
        assert_eq!(std::fs::read(&speech).unwrap(), original);
    }

    // Onto another speech (not ours): refused without --force.
    let other = dir.path().join("另一篇讲话.txt");
    std::fs::write(&other, "同志们：今天召开会议。").unwrap();
    let o = other.to_str().unwrap();
    let out = run(&["extract", s, "--format", "json", "-o", o]);
    assert_bad_input(&out, "onto a file we did not write");
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&other).unwrap(),
        "同志们：今天召开会议。"
    );

    // Our own outputs are replaced without --force, in every format.
    let checklist = dir.path().join("清单.luoshi.ron");
    let c = checklist.to_str().unwrap();
    for (format, name) in [
        ("ron", "清单.luoshi.ron"),
        ("json", "清单.json"),
        ("md", "清单.md"),
        ("csv", "清单.csv"),
        ("xlsx", "清单.xlsx"),
        ("docx", "清单.docx"),
    ] {
        let target = dir.path().join(name);
        let t = target.to_str().unwrap();
        let (first, again) = if format == "ron" {
            (
                run(&["extract", s, "--format", "ron", "-o", t]),
                run(&["extract", s, "--format", "ron", "-o", t]),
            )
        } else {
            (
                run(&["export", c, "--format", format, "-o", t]),
                run(&["export", c, "--format", format, "-o", t]),
            )
        };
        assert_eq!(first.status.code(), Some(0), "{format}: {}", stderr(&first));
        assert_eq!(
            again.status.code(),
            Some(0),
            "{format} again: {}",
            stderr(&again)
        );
        assert!(luoshi::export::is_ours(&target), "{format}");
    }

    // A user's own workbook of the same name: refused, then --force.
    let own = dir.path().join("任务分解表.xlsx");
    std::fs::write(&own, b"PK\x03\x04 not ours").unwrap();
    let w = own.to_str().unwrap();
    let out = run(&["export", c, "--format", "xlsx", "-o", w]);
    assert_bad_input(&out, "onto a user's workbook");
    let out = run(&["export", c, "--format", "xlsx", "-o", w, "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(luoshi::export::is_ours(&own));
}

#[test]
fn explain_says_per_sentence_which_rule_made_or_rejected_items() {
    let dir = tempfile::tempdir().unwrap();
    let speech = dir.path().join("讲话.txt");
    std::fs::write(
        &speech,
        "在全县工作会议上的讲话\n同志们：\n一、狠抓落实\n县公安局要加强巡逻。去年全县破获案件120起。\n",
    )
    .unwrap();
    let out = run(&["extract", speech.to_str().unwrap(), "--explain"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("县公安局要加强巡逻。"), "{text}");
    assert!(text.contains("+ 公安 [actors + marker"), "{text}");
    assert!(text.contains("- no item: past achievement"), "{text}");
}

#[test]
fn json_items_say_how_sure_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let speech = dir.path().join("讲话.txt");
    std::fs::write(
        &speech,
        "在全县工作会议上的讲话\n同志们：\n一、狠抓落实\n县公安局要加强巡逻。要加强值守。\n",
    )
    .unwrap();
    let out = run(&["extract", speech.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v["departments"][0]["items"].as_array().unwrap();
    assert_eq!(items[0]["confidence"], "sure");
    assert_eq!(items[1]["confidence"], "check");
    assert_eq!(
        items[1]["reason"],
        "actor carried over from an earlier sentence"
    );
}

/// `--units`: the departments get the directory's official names; a file
/// that is no directory is bad input.
#[test]
fn extract_with_a_department_directory() {
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("名录.ron");
    std::fs::write(
        &units,
        "(units: [(name: \"市应急管理局\", short: [\"应急管理局\", \"应急\"])])",
    )
    .unwrap();
    let speech = fixture("anquan-shengchan.txt");
    let plain = run(&["extract", speech.to_str().unwrap()]);
    let named = run(&[
        "extract",
        speech.to_str().unwrap(),
        "--units",
        units.to_str().unwrap(),
    ]);
    assert!(named.status.success(), "{}", stderr(&named));
    let names = |out: &Output| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["departments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (plain, named) = (names(&plain), names(&named));
    let short = luoshi::extract::canonical_department("应急管理局").unwrap();
    assert!(plain.contains(&short), "{plain:?}");
    assert!(named.contains(&"市应急管理局".to_string()), "{named:?}");
    assert!(!named.contains(&short), "{named:?}");
    assert_eq!(plain.len(), named.len());

    std::fs::write(&units, "not a directory").unwrap();
    let bad = run(&[
        "extract",
        speech.to_str().unwrap(),
        "--units",
        units.to_str().unwrap(),
    ]);
    assert_bad_input(&bad, "a file that is no directory");
}
