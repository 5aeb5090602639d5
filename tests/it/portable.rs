//! A checklist travels with its speech: moved, mailed, or with the speech
//! changed on disk, it opens with the text its items point into, never
//! with an empty left pane and a raw `os error 2`; the original file can
//! be pointed to again, and only the very speech is taken.
#![allow(clippy::unwrap_used)]

use luoshi::session::{LocateError, Session};
use std::path::{Path, PathBuf};

const SPEECH: &str = "在全市安全生产工作会议上的讲话\n\
    一、压实责任\n\
    应急管理局要牵头开展隐患排查整治。\n\
    交通运输局要加强道路运输安全监管，6月底前完成专项检查。\n";

/// A speech saved in `dir` and its checklist saved beside it.
fn speech_and_checklist(dir: &Path) -> (PathBuf, PathBuf) {
    let speech = dir.join("讲话.txt");
    std::fs::write(&speech, SPEECH).unwrap();
    let session = Session::open(&speech).unwrap();
    assert!(session.checklist.item_count() >= 2);
    let checklist = dir.join("讲话.luoshi.ron");
    luoshi::checklist::store::save(&session.checklist, &checklist).unwrap();
    (speech, checklist)
}

/// Every item's span selects its sentence in the speech shown.
fn items_point_into_the_speech(session: &Session) {
    let doc = session.document.as_ref().expect("the speech is shown");
    for (_, item) in session.checklist.items() {
        let span = item.span.unwrap();
        assert_eq!(&doc.text[span.start..span.end], &*item.quote, "{item:?}");
    }
}

#[test]
fn a_mailed_checklist_opens_with_its_speech() {
    let dir = tempfile::tempdir().unwrap();
    let (_, checklist) = speech_and_checklist(dir.path());
    // Mailed: only the checklist arrives, in another folder.
    let elsewhere = tempfile::tempdir().unwrap();
    let received = elsewhere.path().join("收到的清单.luoshi.ron");
    std::fs::copy(&checklist, &received).unwrap();
    drop(dir);

    let session = Session::open(&received).unwrap();
    items_point_into_the_speech(&session);
    assert!(!session.speech_from_file);
    let warning = session.warning.clone().unwrap();
    assert!(warning.contains("清单中保存的原文"), "{warning}");
    assert!(!warning.contains("os error"), "{warning}");
    assert!(!session.is_dirty());
}

#[test]
fn a_speech_changed_on_disk_does_not_shift_the_items() {
    let dir = tempfile::tempdir().unwrap();
    let (speech, checklist) = speech_and_checklist(dir.path());
    // Someone edits the speech: a line inserted at the top.
    std::fs::write(&speech, format!("（内部资料）\n{SPEECH}")).unwrap();
    let session = Session::open(&checklist).unwrap();
    items_point_into_the_speech(&session);
    assert!(!session.speech_from_file);
    assert!(session.warning.clone().unwrap().contains("已被修改"));
}

#[test]
fn the_original_file_can_be_located_and_only_it() {
    let dir = tempfile::tempdir().unwrap();
    let (speech, checklist) = speech_and_checklist(dir.path());
    let moved = dir.path().join("存档").join("讲话（定稿）.txt");
    std::fs::create_dir(moved.parent().unwrap()).unwrap();
    std::fs::rename(&speech, &moved).unwrap();
    let mut session = Session::open(&checklist).unwrap();
    let before = session.checklist.clone();

    // Another speech is refused, and nothing changes.
    let other = dir.path().join("别的讲话.txt");
    std::fs::write(&other, "教育局要加强校园安全。\n").unwrap();
    let err = session.locate_speech(&other).unwrap_err();
    assert!(matches!(err, LocateError::NotTheSpeech { .. }), "{err}");
    assert!(err.to_string().contains("不是制作此清单的原文"));
    assert_eq!(session.checklist, before);
    assert!(!session.is_dirty());
    // A missing file is a message too.
    let err = session
        .locate_speech(&dir.path().join("无.txt"))
        .unwrap_err();
    assert!(matches!(err, LocateError::Document(_)), "{err}");

    // The same speech in GBK is the same text: taken.
    let gbk = dir.path().join("讲话-gbk.txt");
    let (bytes, _, _) = encoding_rs::GBK.encode(SPEECH);
    std::fs::write(&gbk, &bytes).unwrap();
    session.locate_speech(&gbk).unwrap();
    assert!(session.speech_from_file && session.is_dirty());
    assert_eq!(
        session.checklist.source.path.as_deref(),
        Some(std::path::absolute(&gbk).unwrap().as_path())
    );
    items_point_into_the_speech(&session);

    // The moved file itself: taken, and found again after saving.
    session.locate_speech(&moved).unwrap();
    luoshi::checklist::store::save(&session.checklist, &checklist).unwrap();
    let again = Session::open(&checklist).unwrap();
    assert!(again.speech_from_file && again.warning.is_none());
    items_point_into_the_speech(&again);
}

#[test]
fn an_older_checklist_without_a_copy_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("旧.luoshi.ron");
    let missing = dir.path().join("不在了.txt");
    let text = format!(
        "(version: 1, source: (path: Some({:?}), sha256: \"00\"), departments: [(name: \"公安\", items: [(id: 1, text: \"巡逻\")])], next_id: 2)",
        missing.display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    let session = Session::open(&path).unwrap();
    assert!(session.document.is_none());
    assert!(session.warning.clone().unwrap().contains("找不到原文"));
    assert_eq!(session.checklist.item_count(), 1);
}

#[test]
fn the_json_export_leaves_the_speech_out() {
    let dir = tempfile::tempdir().unwrap();
    let (speech, checklist) = speech_and_checklist(dir.path());
    let saved = std::fs::read_to_string(&checklist).unwrap();
    assert!(
        saved.contains("speech:"),
        "the checklist file keeps the speech"
    );
    let session = Session::open(&speech).unwrap();
    let json = luoshi::export::to_bytes(&session.checklist, luoshi::export::Format::Json).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert!(v.get("speech").is_none());
    assert!(v.get("departments").is_some());
}
