//! Crash recovery: a journal of unsaved edits per window, and a log of the
//! last crash.
//!
//! Owns the journal files (in the folder the caller gives, normally the
//! user's data folder), their format, and the panic hook that writes
//! `crash.log` beside them. Must not decide when to journal (the app
//! throttles and calls [`Journal::write`]) nor show anything: the app asks
//! [`orphans`] and [`last_crash`] at start and words the offer.
//!
//! Every running window [`Journal::claim`]s a journal of its own
//! (`journal-PID-TIME.ron`) and holds a lock on its `.lock` file for as long
//! as it runs. A journal whose lock nobody holds belongs to a window that is
//! gone (closed, killed, crashed): only those are offered at start, and
//! only those can be discarded, so one window never offers or deletes
//! another live window's edits.
//!
//! The journal holds the checklist as the exact text [`store::to_string`]
//! gives, so what comes back is byte for byte what was written, and it is
//! written through [`fsio::write_atomic`]: a kill at any moment leaves
//! either the previous journal or the new one, never a torn file.

use crate::checklist::Checklist;
use crate::checklist::store::{self, StoreError};
use crate::fsio;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The journal file of Luoshi versions that kept one for all windows; an
/// old one left behind is offered like any orphan.
pub const LEGACY_JOURNAL_FILE: &str = "recovery.ron";
/// The crash log's file name inside the log folder.
pub const CRASH_LOG_FILE: &str = "crash.log";
/// The format version of the journal file this build writes and reads.
pub const JOURNAL_VERSION: u32 = 1;

const JOURNAL_PREFIX: &str = "journal-";

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
    /// The SHA-256 (hex) of that file as the window last read or wrote it:
    /// if the file still has it, nobody changed it since.
    pub checklist_sha256: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Write(#[from] fsio::WriteError),
    #[error(
        "恢复文件 {path} 已损坏，无法恢复其中未保存的修改（文件已保留） / the recovery file {path} is damaged and its unsaved changes cannot be restored (the file is kept): {message}"
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
    #[error(
        "恢复文件 {path} 正被另一个落实窗口使用 / the recovery file {path} belongs to another open Luoshi window"
    )]
    InUse { path: String },
}

/// What the journal file holds. The checklist is kept as text so the
/// journal never re-serialises (and so never changes) what it restores.
#[derive(Debug, Serialize, Deserialize)]
struct JournalFile {
    version: u32,
    source_path: Option<PathBuf>,
    checklist_path: Option<PathBuf>,
    checklist: String,
    #[serde(default)]
    checklist_sha256: Option<String>,
}

/// A lock file held while its owner runs; removed when the owner ends
/// normally (a killed owner leaves it, unlocked).
#[derive(Debug)]
struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    /// Takes the lock at `path`; `Ok(None)` if someone holds it.
    fn try_take(path: &Path) -> io::Result<Option<Lock>> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Lock {
                path: path.to_path_buf(),
                _file: file,
            })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// This window's recovery journal.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
    /// Held for the journal's life; shared by its clones (the panic hook's).
    _lock: Option<Arc<Lock>>,
}

impl PartialEq for Journal {
    fn eq(&self, other: &Journal) -> bool {
        self.path == other.path
    }
}

impl Journal {
    /// A new journal of this window in `dir` (created if needed), locked
    /// for as long as it or a clone of it lives.
    pub fn claim(dir: &Path) -> Result<Journal, RecoveryError> {
        std::fs::create_dir_all(dir).map_err(|source| RecoveryError::CreateDir {
            path: dir.display().to_string(),
            source,
        })?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let pid = std::process::id();
        for n in 0..1000u32 {
            let stem = format!("{JOURNAL_PREFIX}{pid}-{nanos}-{n}");
            let lock_path = dir.join(format!("{stem}.lock"));
            let path = dir.join(format!("{stem}.ron"));
            if lock_path.exists() || path.exists() {
                continue;
            }
            let lock = Lock::try_take(&lock_path).map_err(|source| RecoveryError::CreateDir {
                path: lock_path.display().to_string(),
                source,
            })?;
            // A window scanning for orphans at this very moment may have
            // taken and removed the fresh lock file: then try another name.
            if let Some(lock) = lock.filter(|_| lock_path.exists()) {
                return Ok(Journal {
                    path,
                    _lock: Some(Arc::new(lock)),
                });
            }
        }
        Err(RecoveryError::InUse {
            path: dir.display().to_string(),
        })
    }

    /// The journal file's path.
    pub fn path(&self) -> &Path {
        &self.path
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
        self.write_saved(list, source_path, checklist_path, None)
    }

    /// [`Self::write`], also recording the hash of the checklist file as
    /// the window last saw it ([`Recovered::checklist_sha256`]).
    pub fn write_saved(
        &self,
        list: &Checklist,
        source_path: Option<&Path>,
        checklist_path: Option<&Path>,
        checklist_sha256: Option<&str>,
    ) -> Result<(), RecoveryError> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| RecoveryError::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let file = JournalFile {
            version: JOURNAL_VERSION,
            source_path: source_path.map(Path::to_path_buf),
            checklist_path: checklist_path.map(Path::to_path_buf),
            checklist: store::to_string(list)?,
            checklist_sha256: checklist_sha256.map(str::to_owned),
        };
        let text = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::new())
            .map_err(|e| StoreError::Serialize(e.to_string()))?;
        fsio::write_atomic(&self.path, |w| w.write_all(text.as_bytes()))?;
        Ok(())
    }

    /// What this journal holds (tests; the app offers [`orphans`]).
    pub fn read(&self) -> Result<Option<Recovered>, RecoveryError> {
        read_journal(&self.path)
    }

    /// Forgets the journal: after a save, or when the edits were dropped.
    /// A journal that is already gone is fine.
    pub fn clear(&self) -> Result<(), RecoveryError> {
        remove_if_there(&self.path)
    }
}

fn remove_if_there(path: &Path) -> Result<(), RecoveryError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(RecoveryError::Remove {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// A journal left by a window that is gone. While an `Orphan` lives its
/// lock is held, so no other window offers it at the same time.
#[derive(Debug)]
pub struct Orphan {
    pub path: PathBuf,
    _lock: Option<Lock>,
}

impl Orphan {
    /// Deletes the journal (restored into a new one, or the user chose 丢弃).
    pub fn discard(self) -> Result<(), RecoveryError> {
        remove_if_there(&self.path)
    }
}

/// One journal found at start: its edits, or why they cannot be read.
pub type Found = (Orphan, Result<Recovered, RecoveryError>);

/// The journals in `dir` whose window is gone, oldest first, each with
/// its edits or the reason it cannot be read. Journals of running windows
/// are not listed; lock files of gone windows without a journal are
/// removed.
pub fn orphans(dir: &Path) -> Vec<Found> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .collect();
    names.sort();
    let mut found = Vec::new();
    let offer = |path: PathBuf, lock: Option<Lock>| {
        let read = read_journal(&path).and_then(|r| r.ok_or_else(|| gone(&path)));
        (Orphan { path, _lock: lock }, read)
    };
    let lock_of = |stem: &str| dir.join(format!("{JOURNAL_PREFIX}{stem}.lock"));
    for name in &names {
        if name == LEGACY_JOURNAL_FILE {
            found.push(offer(dir.join(name), None));
        } else if let Some(stem) = journal_stem(name, ".ron") {
            // Its window holds the lock while it runs; a lock file removed
            // by hand is made again and taken.
            if let Ok(Some(lock)) = Lock::try_take(&lock_of(stem)) {
                found.push(offer(dir.join(name), Some(lock)));
            }
        } else if let Some(stem) = journal_stem(name, ".lock")
            && !names.contains(&format!("{JOURNAL_PREFIX}{stem}.ron"))
        {
            // A window that is gone without a journal left its lock file:
            // taking it and letting go removes it (a running window's stays).
            drop(Lock::try_take(&lock_of(stem)));
        }
    }
    found
}

/// The `PID-TIME-N` of a journal's file named `name` ending in `ending`.
fn journal_stem<'a>(name: &'a str, ending: &str) -> Option<&'a str> {
    name.strip_prefix(JOURNAL_PREFIX)?.strip_suffix(ending)
}

fn gone(path: &Path) -> RecoveryError {
    RecoveryError::Damaged {
        path: path.display().to_string(),
        message: "removed while being read".into(),
    }
}

/// Reads one journal file. A missing file is `Ok(None)`; a damaged one is
/// an error (and is left in place).
fn read_journal(path: &Path) -> Result<Option<Recovered>, RecoveryError> {
    let text = match std::fs::read(path) {
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
    let checklist = store::from_str(&file.checklist, path).map_err(|e| damaged(e.to_string()))?;
    Ok(Some(Recovered {
        checklist,
        checklist_text: file.checklist,
        source_path: file.source_path,
        checklist_path: file.checklist_path,
        checklist_sha256: file.checklist_sha256,
    }))
}

/// Moves a damaged journal aside (`….damaged`) so it is reported once and
/// kept for a bug report, not offered at every start.
pub fn set_aside(orphan: Orphan) -> Result<PathBuf, RecoveryError> {
    let mut aside = orphan.path.clone().into_os_string();
    aside.push(".damaged");
    let aside = PathBuf::from(aside);
    std::fs::rename(&orphan.path, &aside).map_err(|source| RecoveryError::Remove {
        path: orphan.path.display().to_string(),
        source,
    })?;
    Ok(aside)
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
        assert!(orphans(&dir.path().join("not-yet")).is_empty());
        let journal = Journal::claim(&dir.path().join("not-yet")).unwrap();
        assert_eq!(journal.read().unwrap(), None);
        assert!(journal.clear().is_ok());
    }

    #[test]
    fn round_trip_is_exact_and_only_gone_windows_are_offered() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let journal = Journal::claim(&data).unwrap();
        let list = sample();
        let speech = Path::new("/speeches/讲话.docx");
        journal.write(&list, Some(speech), None).unwrap();
        let got = journal.read().unwrap().unwrap();
        assert_eq!(got.checklist, list);
        assert_eq!(got.checklist_text, store::to_string(&list).unwrap());
        assert_eq!(got.source_path.as_deref(), Some(speech));
        assert_eq!(got.checklist_path, None);
        // A second window sees nothing while the first runs.
        let second = Journal::claim(&data).unwrap();
        assert_ne!(second.path(), journal.path());
        assert!(
            orphans(&data).is_empty(),
            "a live window's journal is not offered"
        );
        // The first window is gone: its journal is offered, once at a time.
        let path = journal.path().to_path_buf();
        drop(journal);
        let mut found = orphans(&data);
        assert_eq!(found.len(), 1);
        assert!(orphans(&data).is_empty(), "held while offered");
        let (orphan, read) = found.pop().unwrap();
        assert_eq!(orphan.path, path);
        assert_eq!(read.unwrap().checklist, list);
        orphan.discard().unwrap();
        assert!(!path.exists());
        drop(second);
        // No journals, locks or temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(&data)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(names.is_empty(), "{names:?}");
    }

    #[test]
    fn damaged_or_newer_journal_is_an_error_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        for text in [
            "not ron at all (",
            "(version: 9, source_path: None, checklist_path: None, checklist: \"\")",
            "(version: 1, source_path: None, checklist_path: None, checklist: \"(version: 7)\")",
        ] {
            let path = dir.path().join(LEGACY_JOURNAL_FILE);
            std::fs::write(&path, text).unwrap();
            let mut found = orphans(dir.path());
            assert_eq!(found.len(), 1, "{text}");
            let (orphan, read) = found.pop().unwrap();
            assert!(read.is_err(), "{text}");
            drop(orphan);
            assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        }
        let (orphan, _) = orphans(dir.path()).pop().unwrap();
        let aside = set_aside(orphan).unwrap();
        assert!(aside.exists());
        assert!(
            orphans(dir.path()).is_empty(),
            "set aside: not reported again"
        );
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
