//! Crash recovery for real: a child process journals edits and is killed
//! with SIGKILL (or panics); the next "start" finds exactly what was
//! journalled.
//!
//! The child is this same test binary (see `child.rs`).
#![allow(clippy::unwrap_used)] // tests may unwrap (COMMON.md)

use crate::child;
use luoshi::checklist::{Checklist, Department, Item, Source, store};
use luoshi::panics;
use luoshi::recovery::{self, Journal};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The checklist after `edits` edits: deterministic, so parent and child
/// agree on what edit n looks like.
fn edited(edits: u32) -> Checklist {
    let mut list = Checklist::new(Source {
        path: Some("/speeches/防汛工作会议讲话.txt".into()),
        sha256: "0f".repeat(32),
        title: "防汛工作会议讲话".into(),
        encoding: "GBK".into(),
    });
    let mut dept = Department::new("市水利局");
    for n in 0..=edits.min(40) {
        let mut item = Item::new(format!("第{n}项：汛前完成堤防检查"));
        item.id = u64::from(n) + 1;
        item.note = format!("修改 {edits}\n\"引号\" \\ 与 tab\t");
        dept.items.push(item);
    }
    list.departments.push(dept);
    list.next_id = u64::from(edits.min(40)) + 2;
    list
}

/// Not a test on its own: the body of the child processes.
#[test]
#[ignore = "run by the recovery tests as a child process"]
fn child() {
    let Some((mode, dir)) = child::task() else {
        return;
    };
    let journal = Journal::claim(&dir.join("data")).unwrap();
    let speech = PathBuf::from("/speeches/防汛工作会议讲话.txt");
    match mode.as_str() {
        // Journal a few edits, say so, then wait to be killed.
        "edit-then-wait" => {
            for n in 0..5 {
                journal.write(&edited(n), Some(&speech), None).unwrap();
            }
            std::fs::write(dir.join("ready"), "5").unwrap();
            std::thread::sleep(Duration::from_secs(120));
        }
        // Journal as fast as possible until killed mid-write.
        "edit-forever" => {
            for n in 0..1_000_000 {
                // Stop should the parent be gone and its folder removed.
                if !dir.exists() {
                    return;
                }
                journal.write(&edited(n), Some(&speech), None).unwrap();
                if n == 3 {
                    std::fs::write(dir.join("ready"), "").unwrap();
                }
            }
        }
        // A bug: the panic hook journals first, then logs.
        "panic" => {
            let state = std::sync::Arc::new(std::sync::Mutex::new(edited(7)));
            let for_hook = std::sync::Arc::clone(&state);
            let journal_for_hook = journal.clone();
            let speech_for_hook = speech.clone();
            panics::install(panics::Stderr::Default);
            panics::crash_log_in(dir.join("logs"));
            panics::on_panic(move || {
                if let Ok(list) = for_hook.try_lock() {
                    let _ = journal_for_hook.write(&list, Some(&speech_for_hook), None);
                }
            });
            *state.lock().unwrap() = edited(8);
            panic!("测试用的崩溃 / deliberate test crash");
        }
        other => panic!("unknown child mode {other}"),
    }
}

#[cfg(unix)]
#[test]
fn sigkill_after_journalling_restores_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = child::spawn("recovery::child", "edit-then-wait", dir.path());
    child::wait_for(&dir.path().join("ready"), &mut child);
    child.kill().unwrap(); // SIGKILL on unix
    let status = child.wait().unwrap();
    assert!(!status.success());

    // The next start: the killed window's journal is offered.
    let found = recovery::orphans(&dir.path().join("data"));
    assert_eq!(found.len(), 1);
    let (orphan, got) = found.into_iter().next().unwrap();
    let got = got.expect("a recovery is offered");
    let want = edited(4);
    assert_eq!(got.checklist, want);
    assert_eq!(
        store::to_string(&got.checklist).unwrap(),
        store::to_string(&want).unwrap(),
        "byte-equal checklist"
    );
    assert_eq!(got.checklist_text, store::to_string(&want).unwrap());
    assert_eq!(
        got.source_path.as_deref(),
        Some(Path::new("/speeches/防汛工作会议讲话.txt"))
    );
    assert_eq!(got.checklist_path, None);
    orphan.discard().unwrap();
    assert!(recovery::orphans(&dir.path().join("data")).is_empty());
}

#[cfg(unix)]
#[test]
fn sigkill_mid_write_never_tears_the_journal() {
    for round in 0..5u64 {
        let dir = tempfile::tempdir().unwrap();
        let mut child = child::spawn("recovery::child", "edit-forever", dir.path());
        child::wait_for(&dir.path().join("ready"), &mut child);
        std::thread::sleep(Duration::from_millis(7 * round));
        child.kill().unwrap();
        child.wait().unwrap();
        let found = recovery::orphans(&dir.path().join("data"));
        assert_eq!(found.len(), 1, "round {round}");
        let (_, got) = found.into_iter().next().unwrap();
        let got = got.unwrap_or_else(|e| panic!("round {round}: journal damaged: {e}"));
        // Whatever edit it was killed at, the journal is one whole edit.
        let n: u32 = got.checklist.departments[0].items[0]
            .note
            .split_whitespace()
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        assert!(n >= 3, "round {round}: edit {n}");
        assert_eq!(got.checklist, edited(n), "round {round}");
    }
}

#[test]
fn panic_writes_the_journal_and_a_log_the_next_start_reports() {
    let dir = tempfile::tempdir().unwrap();
    let child = child::spawn("recovery::child", "panic", dir.path());
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("deliberate test crash"), "{stderr}");

    let logs = dir.path().join("logs");
    let said = recovery::last_crash(&logs).expect("the crash is reported");
    assert!(said.contains("测试用的崩溃"), "{said}");
    assert!(said.contains("recovery.rs"), "says where: {said}");
    let full = std::fs::read_to_string(logs.join(recovery::CRASH_LOG_FILE)).unwrap();
    assert!(full.lines().count() > 3, "with a backtrace: {full}");

    let (_, got) = recovery::orphans(&dir.path().join("data")).pop().unwrap();
    let got = got.unwrap();
    assert_eq!(
        got.checklist,
        edited(8),
        "the state at the moment of the panic"
    );

    recovery::acknowledge_crash(&logs).unwrap();
    assert_eq!(recovery::last_crash(&logs), None);
}
