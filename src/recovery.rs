//! Crash recovery: a journal of unsaved edits and a log of the last crash.
//!
//! Owns the recovery file (`recovery.ron` in the folder the caller gives,
//! normally the user's data folder), its format, and the panic hook that
//! writes `crash.log` beside it. Must not decide when to journal (the app
//! throttles and calls [`Journal::write`]) nor show anything: the app asks
//! [`Journal::pending`] and [`last_crash`] at start and words the offer.
//!
//! The journal holds the checklist as the exact text [`store::to_string`]
//! gives, so what comes back is byte for byte what was written, and it is
//! written through [`store::write_atomic`]: a kill at any moment leaves
//! either the previous journal or the new one, never a torn file.

use crate::checklist::Checklist;
use crate::checklist::store::{self, StoreError};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

/// The journal's file name inside the data folder.
pub const JOURNAL_FILE: &str = "recovery.ron";
/// The crash log's file name inside the log folder.
pub const CRASH_LOG_FILE: &str = "crash.log";
/// The format version of the journal file this build writes and reads.
pub const JOURNAL_VERSION: u32 = 1;

/// Unsaved edits found at start, to offer restoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    pub checklist: Checklist,
    /// The checklist exactly as it was journalled (the store's RON text).
    pub checklist_text: String,
    /// The speech the checklist was made from, if it had been opened from a file.
    pub source_path: Option<PathBuf>,
    /// Where the checklist was last saved, if it ever was.
    pub checklist_path: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "恢复文件 {path} 已损坏，无法恢复未保存的修改 / the recovery file {path} is damaged: {message}"
    )]
    Damaged { path: String, message: String },
    #[error("无法创建文件夹 {path}：{source} / cannot create the folder {path}: {source}")]
    CreateDir {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("无法删除恢复文件 {path}：{source} / cannot remove the recovery file {path}: {source}")]
    Remove {
        path: String,
        #[source]
        source: io::Error,
    },
}

/// What the journal file holds. The checklist is kept as text so the
/// journal never re-serialises (and so never changes) what it restores.
#[derive(Debug, Serialize, Deserialize)]
struct JournalFile {
    version: u32,
    source_path: Option<PathBuf>,
    checklist_path: Option<PathBuf>,
    checklist: String,
}

/// The recovery journal in one folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    dir: PathBuf,
}

impl Journal {
    /// A journal kept in `dir` (created on first write).
    pub fn new(dir: PathBuf) -> Journal {
        Journal { dir }
    }

    /// The journal file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(JOURNAL_FILE)
    }

    /// Journals the current, unsaved state. Atomic: a crash during the
    /// write leaves the previous journal. The caller throttles (a few
    /// seconds after the last change).
    pub fn write(
        &self,
        list: &Checklist,
        source_path: Option<&Path>,
        checklist_path: Option<&Path>,
    ) -> Result<(), RecoveryError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| RecoveryError::CreateDir {
            path: self.dir.display().to_string(),
            source,
        })?;
        let file = JournalFile {
            version: JOURNAL_VERSION,
            source_path: source_path.map(Path::to_path_buf),
            checklist_path: checklist_path.map(Path::to_path_buf),
            checklist: store::to_string(list)?,
        };
        let text = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::new())
            .map_err(|e| StoreError::Serialize(e.to_string()))?;
        store::write_atomic(&self.path(), |w| w.write_all(text.as_bytes()))?;
        Ok(())
    }

    /// The journalled edits, if any are waiting. A missing journal is
    /// `Ok(None)`; a damaged one is an error (and is left in place).
    pub fn read(&self) -> Result<Option<Recovered>, RecoveryError> {
        let path = self.path();
        let text = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(StoreError::Read {
                    path: path.display().to_string(),
                    source,
                }
                .into());
            }
        };
        let damaged = |message: String| RecoveryError::Damaged {
            path: path.display().to_string(),
            message,
        };
        let text = String::from_utf8(text).map_err(|_| damaged("not UTF-8".into()))?;
        let file: JournalFile = ron::from_str(&text).map_err(|e| damaged(e.to_string()))?;
        if file.version > JOURNAL_VERSION {
            return Err(damaged(format!("newer journal format {}", file.version)));
        }
        let checklist = store::from_str(&file.checklist, &path)?;
        Ok(Some(Recovered {
            checklist,
            checklist_text: file.checklist,
            source_path: file.source_path,
            checklist_path: file.checklist_path,
        }))
    }

    /// The journalled edits to offer at start; `None` when there are none
    /// or the journal cannot be read (see [`Journal::read`] for why).
    pub fn pending(&self) -> Option<Recovered> {
        self.read().ok().flatten()
    }

    /// Forgets the journal: after a save, or when the user declines to
    /// restore. A journal that is already gone is fine.
    pub fn clear(&self) -> Result<(), RecoveryError> {
        let path = self.path();
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(RecoveryError::Remove {
                path: path.display().to_string(),
                source,
            }),
        }
    }
}

/// Installs a panic hook that first runs `before_log` (the app writes its
/// recovery file there), then writes [`CRASH_LOG_FILE`] in `log_dir` with
/// the message, the place and a backtrace, then runs the hook that was
/// installed before (which prints the usual message).
///
/// `before_log` runs while the program is panicking: it must not panic
/// itself (that aborts the process) and must not block on a lock the
/// panicking thread may hold: use `try_lock`.
pub fn install_panic_hook<F>(log_dir: PathBuf, before_log: F)
where
    F: Fn() + Send + Sync + 'static,
{
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        before_log();
        let summary = one_line(&info.to_string());
        let backtrace = std::backtrace::Backtrace::force_capture();
        let log = format!("{summary}\n\n{backtrace}\n");
        // Nothing can be reported if the log cannot be written: the
        // previous hook still prints to stderr.
        let _ = std::fs::create_dir_all(&log_dir);
        let _ = store::write_atomic(&log_dir.join(CRASH_LOG_FILE), |w| {
            w.write_all(log.as_bytes())
        });
        previous(info);
    }));
}

/// One line saying what happened in the last crash (the panic message and
/// where), if a crash log is in `log_dir`.
pub fn last_crash(log_dir: &Path) -> Option<String> {
    let text = std::fs::read(log_dir.join(CRASH_LOG_FILE)).ok()?;
    let text = String::from_utf8_lossy(&text);
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    Some(first.trim().to_owned())
}

/// Marks the last crash as reported so the next start does not mention it
/// again. The log is kept as `crash.log.old` for a bug report.
pub fn acknowledge_crash(log_dir: &Path) -> io::Result<()> {
    let log = log_dir.join(CRASH_LOG_FILE);
    match std::fs::rename(&log, log_dir.join(format!("{CRASH_LOG_FILE}.old"))) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::{Department, Item, Source};

    fn sample() -> Checklist {
        let mut list = Checklist::new(Source {
            path: Some("/speeches/讲话.docx".into()),
            sha256: "ab".repeat(32),
            title: "全市安全生产工作会议讲话".into(),
            encoding: "docx".into(),
        });
        let mut dept = Department::new("市应急管理局");
        let mut item = Item::new("6月底前完成隐患排查");
        item.id = 1;
        item.note = "第一行\n第二行 \"引号\" \\ 反斜杠".into();
        dept.items.push(item);
        list.departments.push(dept);
        list.next_id = 2;
        list
    }

    #[test]
    fn nothing_pending_in_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().join("not-yet"));
        assert_eq!(journal.read().unwrap(), None);
        assert!(journal.clear().is_ok());
    }

    #[test]
    fn round_trip_is_exact_and_clear_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().join("data"));
        let list = sample();
        let speech = Path::new("/speeches/讲话.docx");
        journal.write(&list, Some(speech), None).unwrap();
        let got = journal.pending().unwrap();
        assert_eq!(got.checklist, list);
        assert_eq!(got.checklist_text, store::to_string(&list).unwrap());
        assert_eq!(got.source_path.as_deref(), Some(speech));
        assert_eq!(got.checklist_path, None);
        journal.clear().unwrap();
        assert_eq!(journal.pending(), None);
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("data"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(names.is_empty(), "{names:?}");
    }

    #[test]
    fn damaged_or_newer_journal_is_an_error_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().to_path_buf());
        for text in [
            "not ron at all (",
            "(version: 9, source_path: None, checklist_path: None, checklist: \"\")",
            "(version: 1, source_path: None, checklist_path: None, checklist: \"(version: 7)\")",
        ] {
            std::fs::write(journal.path(), text).unwrap();
            assert!(journal.read().is_err(), "{text}");
            assert_eq!(journal.pending(), None);
            assert_eq!(std::fs::read_to_string(journal.path()).unwrap(), text);
        }
    }

    #[test]
    fn crash_log_summary_and_acknowledge() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(last_crash(dir.path()), None);
        std::fs::write(
            dir.path().join(CRASH_LOG_FILE),
            "\npanicked at src/x.rs:1:2: boom\n\nbacktrace…",
        )
        .unwrap();
        assert_eq!(
            last_crash(dir.path()).as_deref(),
            Some("panicked at src/x.rs:1:2: boom")
        );
        acknowledge_crash(dir.path()).unwrap();
        assert_eq!(last_crash(dir.path()), None);
        assert!(dir.path().join("crash.log.old").exists());
        acknowledge_crash(dir.path()).unwrap();
    }
}
