//! Nothing the clerk saved is lost: a save never replaces what another
//! window or program saved meanwhile, never writes over the speech or a
//! file Luoshi did not write without asking, respects read-only files and
//! other users' files, repairs repeated ids, and keeps what it does not
//! understand. Two real processes where the issue is two processes.
#![allow(clippy::unwrap_used)] // tests may unwrap (COMMON.md)

use crate::child;
use luoshi::checklist::{Checklist, Department, Edit, Item, StoreError, store};
use luoshi::fsio::WriteError;
use luoshi::recovery::{self, Journal};
use luoshi::session::{SaveError, Session};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Not a test on its own: the second window, in a process of its own.
#[test]
#[ignore = "run by the safety tests as a child process"]
fn child() {
    let Some((mode, path)) = child::task() else {
        return;
    };
    match mode.as_str() {
        // Another window: opens the checklist, edits it, saves.
        "edit-and-save" => {
            let mut other = Session::open(&path).unwrap();
            let id = other.checklist.departments[0].items[0].id;
            other
                .apply(Edit::SetNote {
                    id,
                    note: "另一个窗口保存的备注".into(),
                })
                .unwrap();
            other.save_to(&path).unwrap();
        }
        // A running window with unsaved edits in its journal, until killed.
        "live-journal" => {
            let journal = Journal::claim(&path).unwrap();
            journal.write(&sample_list(), None, None).unwrap();
            std::fs::write(path.join("ready"), "").unwrap();
            std::thread::sleep(Duration::from_secs(120));
        }
        other => panic!("unknown child mode {other}"),
    }
}

fn sample_list() -> Checklist {
    let mut list = Checklist::new(Default::default());
    let mut dept = Department::new("市水利局");
    let mut item = Item::new("汛前完成堤防检查");
    item.id = 1;
    dept.items.push(item);
    list.departments.push(dept);
    list.next_id = 2;
    list
}

#[test]
fn a_second_process_saving_the_same_checklist_is_never_overwritten_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("清单.luoshi.ron");
    let mut mine = Session::sample();
    mine.save_to(&path).unwrap();
    let id = mine.checklist.departments[0].items[0].id;

    let child = child::spawn("safety::child", "edit-and-save", &path);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = std::fs::read_to_string(&path).unwrap();
    assert!(theirs.contains("另一个窗口保存的备注"));

    mine.apply(Edit::SetText {
        id,
        text: "本窗口的修改".into(),
    })
    .unwrap();
    let err = mine.save_to(&path).unwrap_err();
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err:?}");
    assert!(err.to_string().contains(" / "), "bilingual: {err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "theirs kept"
    );
    assert!(mine.is_dirty(), "ours still unsaved, not lost");

    // Saving a copy keeps both.
    let copy = dir.path().join(mine.suggested_copy_name());
    mine.save_to(&copy).unwrap();
    assert!(
        std::fs::read_to_string(&copy)
            .unwrap()
            .contains("本窗口的修改")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
}

#[cfg(unix)]
#[test]
fn a_live_windows_journal_is_neither_offered_nor_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut child = child::spawn("safety::child", "live-journal", &data);
    child::wait_for(&data.join("ready"), &mut child);
    std::fs::remove_file(data.join("ready")).unwrap();

    // A new window while the first runs: nothing to offer, its own journal.
    let mine = Journal::claim(&data).unwrap();
    assert!(
        recovery::orphans(&data).is_empty(),
        "live edits are not offered"
    );
    let journals = |d: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect()
    };
    let theirs = journals(&data);
    assert_eq!(theirs.len(), 1);
    mine.write(&sample_list(), None, None).unwrap();
    mine.clear().unwrap();
    assert_eq!(journals(&data), theirs, "clearing ours leaves theirs");

    // The first window is killed: now its edits are offered.
    child.kill().unwrap();
    child.wait().unwrap();
    let found = recovery::orphans(&data);
    assert_eq!(found.len(), 1);
    let (orphan, read) = found.into_iter().next().unwrap();
    assert_eq!(orphan.path, theirs[0]);
    assert_eq!(read.unwrap().checklist, sample_list());
}

#[test]
fn a_read_only_file_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("只读.luoshi.ron");
    store::save(&sample_list(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let mut changed = sample_list();
    changed.departments[0].items[0].text = "改过".into();
    let err = store::save(&changed, &path).unwrap_err();
    assert!(
        matches!(err, StoreError::Write(WriteError::ReadOnly { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("只读"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // An export onto it is refused the same way.
    let err = luoshi::export::to_file(&changed, luoshi::export::Format::Ron, &path).unwrap_err();
    assert!(err.to_string().contains("只读"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
}

#[cfg(unix)]
#[test]
fn another_users_file_keeps_its_owner() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("别人的.luoshi.ron");
    store::save(&sample_list(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    // Only root can give a file away: elsewhere there is nothing to test.
    let status = Command::new("chown")
        .args(["12345:12345", path.to_str().unwrap()])
        .stderr(Stdio::null())
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("safety: SKIPPED other-owner check: chown needs root");
        return;
    }
    let err = store::save(&sample_list(), &path).unwrap_err();
    assert!(
        matches!(err, StoreError::Write(WriteError::OtherOwner { .. })),
        "{err:?}"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().uid(), 12345);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn repeated_ids_are_renumbered_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("重复.luoshi.ron");
    std::fs::write(
        &path,
        "(version: 1, departments: [(name: \"公安\", items: [(id: 3, text: \"甲\"), (id: 3, text: \"乙\")]), (name: \"卫生\", items: [(id: 0, text: \"丙\")])], next_id: 4)",
    )
    .unwrap();
    let mut session = Session::open(&path).unwrap();
    let ids: Vec<u64> = session.checklist.items().map(|(_, i)| i.id).collect();
    assert_eq!(ids[0], 3, "the first keeps its id");
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 3, "{ids:?}");
    assert!(!ids.contains(&0));
    let warning = session.warning.clone().unwrap_or_default();
    assert!(warning.contains("重新编号"), "{warning}");
    assert!(session.is_dirty(), "the repair is a change to save");
    // An edit on the second twin lands on it, not on the first.
    let second = ids[1];
    session
        .apply(Edit::SetText {
            id: second,
            text: "乙改".into(),
        })
        .unwrap();
    let texts: Vec<&str> = session
        .checklist
        .items()
        .map(|(_, i)| i.text.as_str())
        .collect();
    assert_eq!(texts, ["甲", "乙改", "丙"]);
}

#[test]
fn unknown_fields_are_never_dropped_by_a_save_over_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("新字段.luoshi.ron");
    let text = "(version: 1, departments: [(name: \"公安\", items: [(id: 1, text: \"甲\", colour: \"红\")])], next_id: 2, ledger: (year: 2027))\n";
    std::fs::write(&path, text).unwrap();
    let loaded = store::load_report(&path).unwrap();
    assert_eq!(
        loaded.unknown_fields.len(),
        2,
        "{:?}",
        loaded.unknown_fields
    );
    let session = Session::open(&path).unwrap();
    assert_eq!(session.save_path, None, "Save asks for a new file");
    let warning = session.warning.clone().unwrap_or_default();
    assert!(warning.contains("不认识"), "{warning}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_truncated_checklist_is_called_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("截断.luoshi.ron");
    let mut list = sample_list();
    list.departments[0].items[0].text = "汛前完成堤防检查".repeat(10);
    store::save(&list, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    // Cut inside a character, as a copy that stopped short would.
    let cut = (1..bytes.len() / 2)
        .rev()
        .find(|&n| std::str::from_utf8(&bytes[..n]).is_err())
        .unwrap();
    std::fs::write(&path, &bytes[..cut]).unwrap();
    let err = store::load(&path).unwrap_err();
    assert!(matches!(err, StoreError::Truncated { .. }), "{err:?}");
    assert!(err.to_string().contains("不完整"), "{err}");
}

#[test]
fn a_newer_checklist_is_refused_from_its_header_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("新版本.luoshi.ron");
    // A big file whose end is not even valid: the version is on top.
    let mut text = String::from("(\n  version: 9,\n  departments: [\n");
    while text.len() < 2_000_000 {
        text.push_str("    (name: \"部门\", items: []),\n");
    }
    std::fs::write(&path, &text).unwrap();
    let err = store::save(&sample_list(), &path).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { version: 9, .. }),
        "{err:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn leftovers_of_killed_saves_are_removed_by_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("清单.luoshi.ron");
    store::save(&sample_list(), &path).unwrap();
    // What a save killed mid-write leaves: an unlocked temporary file.
    let leftover = dir.path().join(".清单.luoshi.ron.999999.3.tmp");
    std::fs::write(&leftover, vec![b'x'; 4096]).unwrap();
    store::save(&sample_list(), &path).unwrap();
    assert!(!leftover.exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["清单.luoshi.ron"]);
}
