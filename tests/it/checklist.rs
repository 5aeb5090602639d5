//! The checklist store on disk: round trips, version refusal, malformed
//! files and atomic saves under injected write failures.
#![allow(clippy::unwrap_used)] // tests may unwrap (COMMON.md)

use luoshi::checklist::{Checklist, Department, Item, Source, Status, StoreError, store};
use luoshi::document::Span;
use luoshi::model::{Confidence, Deadline, Due, Period, Role};
use std::io::{self, Write};
use std::path::Path;

fn full_checklist() -> Checklist {
    let mut list = Checklist::new(Source {
        path: Some("讲话/防汛会议.txt".into()),
        sha256: "ab".repeat(32),
        title: "在全县防汛工作会议上的讲话".into(),
        encoding: "GBK".into(),
    });
    list.departments = vec![
        Department {
            name: "全体单位".into(),
            items: vec![Item {
                id: 1,
                task: 1,
                text: "压实防汛责任".into(),
                quote: "各单位要压实防汛责任。".into(),
                span: Some(Span::new(10, 43)),
                section: Some("一、提高认识".into()),
                role: Role::Lead,
                with: Vec::new(),
                deadline: Some(Deadline {
                    text: "每季度".into(),
                    due: Some(Due::Every(Period::Quarter)),
                }),
                status: Status::Done,
                note: "已于“5月”部署\n第二行".into(),
                confidence: Confidence::Sure,
                reason: String::new(),
                due_date: luoshi::ledger::dates::parse_iso("2024-07-15"),
                reports: vec![luoshi::model::Report {
                    date: luoshi::ledger::dates::parse_iso("2024-06-30"),
                    progress: "已排查“12处”\n第二行".into(),
                    problems: "资金不足".into(),
                    by: "张三".into(),
                    status: Some(Status::Done),
                    from: "反馈表.xlsx".into(),
                }],
                closed: Some(luoshi::model::Closing {
                    date: luoshi::ledger::dates::parse_iso("2024-07-01"),
                    basis: "现场核查".into(),
                }),
            }],
        },
        Department {
            name: "水利局".into(),
            items: vec![Item {
                id: 2,
                task: 2,
                text: "排查险工险段".into(),
                quote: "由水利局牵头，应急局配合，排查险工险段。".into(),
                span: Some(Span::new(44, 100)),
                section: None,
                role: Role::Support,
                with: vec!["应急局".into()],
                deadline: Some(Deadline {
                    text: "6月底前".into(),
                    due: Some(Due::MonthEnd {
                        year: Some(2024),
                        month: 6,
                    }),
                }),
                status: Status::InProgress,
                note: String::new(),
                confidence: Confidence::Check,
                reason: "actor carried over from an earlier sentence".into(),
                ..Item::default()
            }],
        },
    ];
    list.next_id = 5;
    list.date = luoshi::ledger::dates::parse_iso("2024-05-10");
    list.code = "3FA2C1".into();
    list
}

#[test]
fn ron_round_trip_keeps_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("防汛.luoshi.ron");
    let list = full_checklist();
    store::save(&list, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.lines().count() > 20,
        "pretty-printed, one field per line:\n{text}"
    );
    assert!(
        text.contains("在全县防汛工作会议上的讲话"),
        "Chinese kept as UTF-8:\n{text}"
    );
    assert!(text.contains(&format!("version: {}", luoshi::checklist::CURRENT_VERSION)));
    assert!(
        text.contains(r#"note: "已于“5月”部署\n第二行","#),
        "one line per field:\n{text}"
    );
    assert_eq!(store::load(&path).unwrap(), list);
    // Saving the loaded checklist again gives the same bytes (stable diffs).
    store::save(&store::load(&path).unwrap(), &path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary files left behind");
}

#[test]
fn newer_version_is_refused_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("新.luoshi.ron");
    let newer = "(\n  version: 7,\n  departments: [],\n  future_field: Some(\"x\"),\n)\n";
    std::fs::write(&path, newer).unwrap();
    let err = store::load(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { version: 7, .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("升级") && message.contains("upgrade"),
        "{message}"
    );
    let err = store::save(&full_checklist(), &path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
}

#[test]
fn malformed_ron_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("坏.ron");
    std::fs::write(&path, "(\n  version: 1,\n  departments: [\n    (name: \"公安\", items: [(id: \"x\")]),\n  ],\n)\n")
        .unwrap();
    let err = store::load(&path).unwrap_err();
    match &err {
        StoreError::Malformed { line, .. } => assert_eq!(*line, 4),
        other => panic!("expected Malformed, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("第 4 行") && message.contains("line 4"),
        "{message}"
    );
}

#[test]
fn not_a_checklist_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("x.ron");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x81]).unwrap();
    assert!(matches!(
        store::load(&binary),
        Err(StoreError::NotUtf8 { .. })
    ));
    let missing = dir.path().join("missing.ron");
    assert!(matches!(
        store::load(&missing),
        Err(StoreError::Read { .. })
    ));
}

/// A writer that accepts `left` bytes, then fails.
struct FailAfter<'a> {
    inner: &'a mut dyn Write,
    left: usize,
}

impl Write for FailAfter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::other("disk full (injected)"));
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        self.inner.write(&buf[..n])
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn failed_write_leaves_old_file_and_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("清单.luoshi.ron");
    let old = full_checklist();
    store::save(&old, &path).unwrap();
    let old_bytes = std::fs::read(&path).unwrap();

    let mut changed = old.clone();
    changed.departments[0].items[0].text = "改过的内容".repeat(1000);
    let new_text = store::to_string(&changed).unwrap();
    for fail_after in [0, 1, 100, new_text.len() / 2, new_text.len() - 1] {
        let result = luoshi::fsio::write_atomic(&path, |w| {
            let mut failing = FailAfter {
                inner: w,
                left: fail_after,
            };
            failing.write_all(new_text.as_bytes())
        });
        let err = result.unwrap_err();
        assert!(err.to_string().contains("未改动"), "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            old_bytes,
            "after {fail_after} bytes"
        );
        assert_eq!(
            entries(dir.path()),
            ["清单.luoshi.ron"],
            "after {fail_after} bytes"
        );
    }
    // The same writer without a fault replaces the file.
    luoshi::fsio::write_atomic(&path, |w| w.write_all(new_text.as_bytes())).unwrap();
    assert_eq!(store::load(&path).unwrap(), changed);
}

#[test]
fn save_into_missing_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/folder/x.luoshi.ron");
    let err = store::save(&full_checklist(), &path).unwrap_err();
    assert!(matches!(err, StoreError::Write(_)), "{err:?}");
    assert!(entries(dir.path()).is_empty());
}
