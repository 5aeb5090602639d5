//! The open work: one speech (if found), its checklist, the undo history,
//! and where the checklist lives on disk.
//!
//! This is the one way to open, reopen and save: the app and the command
//! line both go through it. It remembers the checklist file as it last
//! read or wrote it ([`FileStamp`]), so a save never silently replaces
//! what another window or program saved there meanwhile, and it never
//! writes a checklist onto the speech it was made from. Must not draw
//! anything.

use crate::checklist::{self, Checklist, Edit, EditError, History};
use crate::document::{self, Document};
use crate::extract;
use crate::fsio::{self, FileStamp};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The sample speech shown by "打开示例讲话" (our own text, see assets/).
pub const SAMPLE_SPEECH: &str = include_str!("../assets/sample-speech.txt");
pub const SAMPLE_NAME: &str = "示例讲话.txt";

/// Why a file could not be opened. Nothing already open is affected.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0}")]
    Document(#[from] document::LoadError),
    #[error("{0}")]
    Checklist(#[from] checklist::StoreError),
}

/// Why a checklist was not saved. The file on disk is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Store(#[from] checklist::StoreError),
    #[error(
        "{path} 在打开后已被其他窗口或程序修改；为免覆盖别人的修改，未保存 / {path} was changed by another window or program since it was opened; not saved, so as not to overwrite those changes"
    )]
    ChangedOnDisk { path: String },
    #[error(
        "{path} 是原文讲话稿，不能把清单保存到它上面，请另选文件名 / {path} is the speech itself: a checklist cannot be saved over it; choose another name"
    )]
    OntoSource { path: String },
    #[error("无法检查 {path}：{source} / cannot check {path}: {source}")]
    Check {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Why a file was not taken as the checklist's speech. Nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum LocateError {
    #[error("{0}")]
    Document(#[from] document::LoadError),
    #[error(
        "{path} 不是制作此清单的原文（内容不同） / {path} is not the speech this checklist was made from (its text differs)"
    )]
    NotTheSpeech { path: String },
}

/// A speech and its checklist.
pub struct Session {
    /// The speech; `None` when a saved checklist's source could not be reopened.
    pub document: Option<Arc<Document>>,
    pub checklist: Checklist,
    pub history: History,
    /// Where the checklist is saved; `None` until the first Save As (or
    /// when the file it came from must not be overwritten, see `warning`).
    pub save_path: Option<PathBuf>,
    /// The file name shown in the title bar.
    pub display_name: String,
    /// A problem worth telling the user about that did not stop the opening
    /// (source missing or changed, ids repaired, fields not understood).
    pub warning: Option<String>,
    /// What the extractor skipped or was unsure of (empty for a reopened
    /// checklist).
    pub diagnostics: Vec<crate::model::Diagnostic>,
    /// Whether the speech shown is read from its file (false when it is
    /// the copy kept in the checklist, or missing): then the user may
    /// point to the file ([`Session::locate_speech`]).
    pub speech_from_file: bool,
    /// `save_path` as last read or written by this session.
    disk: Disk,
}

/// What this session knows of the checklist file at `save_path`.
enum Disk {
    /// Not read or written by this session (none yet, or a new file).
    NotSeen,
    /// As this session last read or wrote it.
    Seen(FileStamp),
    /// Written before by a window that is gone (a restored journal): what
    /// is there now may be another window's later save, so replacing it
    /// asks first.
    Unknown,
}

/// A save taken off the caller's thread: what to write, where, and the
/// revision it holds ([`Session::begin_save`], [`SaveJob::run`],
/// [`Session::finish_save`]).
pub struct SaveJob {
    checklist: Checklist,
    pub path: PathBuf,
    revision: u64,
}

/// A finished [`SaveJob`].
pub struct Saved {
    pub path: PathBuf,
    revision: u64,
    result: Result<FileStamp, checklist::StoreError>,
}

impl SaveJob {
    /// Writes the checklist (atomically). Runs on any thread.
    pub fn run(self) -> Saved {
        let result = checklist::store::save_stamped(&self.checklist, &self.path);
        Saved {
            path: self.path,
            revision: self.revision,
            result,
        }
    }
}

impl Session {
    /// Opens a speech (.txt, .docx, …) or a saved checklist (.ron).
    pub fn open(path: &Path) -> Result<Session, OpenError> {
        if is_checklist_path(path) {
            Self::open_checklist(path)
        } else {
            Self::open_speech(path)
        }
    }

    /// Opens `path` as a speech, whatever its name, and extracts its items.
    /// The source record holds the absolute path, so the checklist still
    /// finds its speech when opened from elsewhere.
    pub fn open_speech(path: &Path) -> Result<Session, OpenError> {
        // Read once: the hash in the source record is of the very bytes
        // decoded.
        let bytes = document::read_bytes(path)?;
        let shown = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        Self::from_speech(&shown, &bytes)
    }

    /// A session on the bundled sample speech, never saved to disk yet.
    pub fn sample() -> Session {
        let doc = document::from_text(SAMPLE_SPEECH, "UTF-8");
        let source = checklist::Source {
            path: None,
            sha256: checklist::sha256_hex(SAMPLE_SPEECH.as_bytes()),
            title: doc.title.clone(),
            encoding: doc.encoding.clone(),
        };
        Self::from_document(doc, source, SAMPLE_NAME.to_owned())
    }

    /// A session on a speech already read into `bytes` (from `path`).
    pub fn from_speech(path: &Path, bytes: &[u8]) -> Result<Session, OpenError> {
        let doc = document::from_bytes(bytes, &file_name(path))?;
        let source = checklist::Source::for_file(path, bytes, &doc);
        Ok(Self::from_document(doc, source, file_name(path)))
    }

    fn from_document(doc: Document, source: checklist::Source, name: String) -> Session {
        let ex = extract::extract(&doc);
        let mut list = Checklist::from_extraction(&ex, source);
        list.speech = doc.text.clone();
        Session {
            document: Some(Arc::new(doc)),
            checklist: list,
            history: History::new(),
            save_path: None,
            display_name: name,
            warning: None,
            diagnostics: ex.diagnostics,
            speech_from_file: true,
            disk: Disk::NotSeen,
        }
    }

    fn open_checklist(path: &Path) -> Result<Session, OpenError> {
        let loaded = checklist::store::load_report(path)?;
        let load_warning = loaded.warning();
        // A file with fields this version would drop is never saved over:
        // Save asks for a new file instead.
        let keep_path = loaded.unknown_fields.is_empty();
        let mut session = Self::from_checklist(
            loaded.checklist,
            keep_path.then(|| path.to_path_buf()),
            file_name(path),
        );
        if let Some(stamp) = loaded.stamp.filter(|_| keep_path) {
            session.disk = Disk::Seen(stamp);
        }
        if loaded.renumbered > 0 {
            // The repaired ids are a change the file does not have yet.
            session.history.mark_unsaved();
        }
        session.warning = match (load_warning, session.warning.take()) {
            (Some(a), Some(b)) => Some(format!("{a}；{b}")),
            (a, b) => a.or(b),
        };
        Ok(session)
    }

    /// A checklist from the recovery journal with its speech reopened as a
    /// saved one would be; unsaved until the user saves it.
    pub fn from_recovered(recovered: crate::recovery::Recovered) -> Session {
        let mut list = recovered.checklist;
        if list.source.path.is_none() {
            list.source.path = recovered.source_path;
        }
        let name = match (&recovered.checklist_path, &list.source.path) {
            (Some(p), _) | (None, Some(p)) => file_name(p),
            (None, None)
                if list.source.sha256 == checklist::sha256_hex(SAMPLE_SPEECH.as_bytes()) =>
            {
                SAMPLE_NAME.to_owned()
            }
            (None, None) => "恢复的清单.luoshi.ron".to_owned(),
        };
        let mut session = Self::from_checklist(list, recovered.checklist_path, name);
        // The file the journal's window saved: if it still holds what that
        // window saw, nobody changed it since; else (or if nothing was
        // recorded) saving over it asks first.
        session.disk = Disk::Unknown;
        if let (Some(path), Some(hex)) = (&session.save_path, &recovered.checklist_sha256)
            && let Ok(bytes) = checklist::store::read_bytes(path)
        {
            let stamp = FileStamp::of_bytes(path, &bytes);
            if stamp.sha256_hex() == *hex {
                session.disk = Disk::Seen(stamp);
            }
        }
        session.history.mark_unsaved();
        session
    }

    fn from_checklist(list: Checklist, save_path: Option<PathBuf>, name: String) -> Session {
        let (document, warning, speech_from_file) = speech_of(&list);
        Session {
            document,
            checklist: list,
            history: History::new(),
            save_path,
            display_name: name,
            warning,
            diagnostics: Vec::new(),
            speech_from_file,
            disk: Disk::NotSeen,
        }
    }

    /// Takes `path` as the file of the checklist's speech, when it is the
    /// same speech (same bytes, or the same text in another encoding or
    /// format): the checklist then records where it is, which is a change
    /// to save.
    pub fn locate_speech(&mut self, path: &Path) -> Result<(), LocateError> {
        let bytes = document::read_bytes(path)?;
        let doc = document::from_bytes(&bytes, &file_name(path))?;
        let same_bytes = checklist::sha256_hex(&bytes) == self.checklist.source.sha256;
        let same_text = !self.checklist.speech.is_empty() && doc.text == self.checklist.speech;
        if !same_bytes && !same_text {
            return Err(LocateError::NotTheSpeech {
                path: path.display().to_string(),
            });
        }
        let shown = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.checklist.source = checklist::Source::for_file(&shown, &bytes, &doc);
        if self.checklist.speech.is_empty() {
            self.checklist.speech = doc.text.clone();
        }
        self.document = Some(Arc::new(doc));
        self.speech_from_file = true;
        self.warning = None;
        self.history.mark_unsaved();
        Ok(())
    }

    /// Applies one edit as one undo step. A task's text and deadline are
    /// set on all its copies ([`Checklist::widen`]).
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let edit = self.checklist.widen(edit);
        self.history.apply(&mut self.checklist, edit)
    }

    pub fn undo(&mut self) -> Result<bool, EditError> {
        self.history.undo(&mut self.checklist)
    }

    pub fn redo(&mut self) -> Result<bool, EditError> {
        self.history.redo(&mut self.checklist)
    }

    /// Edits not saved yet.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// The hash (hex) of the checklist file as this session last read or
    /// wrote it, for the journal.
    pub fn disk_sha256(&self) -> Option<String> {
        match &self.disk {
            Disk::Seen(stamp) => Some(stamp.sha256_hex()),
            Disk::NotSeen | Disk::Unknown => None,
        }
    }

    /// Whether another window or program changed the checklist file since
    /// this session last read or wrote it. A file this session never saw
    /// (a new Save As target) or that is gone has not "changed".
    pub fn changed_on_disk(&self) -> Result<bool, SaveError> {
        let Some(path) = &self.save_path else {
            return Ok(false);
        };
        if !path.exists() {
            return Ok(false);
        }
        match &self.disk {
            Disk::NotSeen => Ok(false),
            Disk::Unknown => Ok(true),
            Disk::Seen(stamp) => stamp
                .still_matches(path)
                .map(|same| !same)
                .map_err(|source| SaveError::Check {
                    path: path.display().to_string(),
                    source,
                }),
        }
    }

    /// Checks that the checklist may be written to `path` and takes what
    /// to write. `replace_changed`: the user agreed to overwrite a file
    /// that changed on disk. Replacing some other existing file (Save As)
    /// is the caller's question to ask first.
    pub fn begin_save(&self, path: &Path, replace_changed: bool) -> Result<SaveJob, SaveError> {
        self.check_target(path)?;
        let same_file = self.save_path.as_deref().is_some_and(|p| p == path);
        if same_file && !replace_changed && self.changed_on_disk()? {
            return Err(SaveError::ChangedOnDisk {
                path: path.display().to_string(),
            });
        }
        Ok(SaveJob {
            checklist: self.checklist.clone(),
            path: path.to_path_buf(),
            revision: self.history.revision(),
        })
    }

    /// Refuses a save target that is the speech itself.
    pub fn check_target(&self, path: &Path) -> Result<(), SaveError> {
        if let Some(src) = &self.checklist.source.path
            && (path == src || fsio::same_file(path, src))
        {
            return Err(SaveError::OntoSource {
                path: path.display().to_string(),
            });
        }
        Ok(())
    }

    /// Records a finished save: the revision it wrote is the saved one
    /// (edits made while it ran stay unsaved) and the file is remembered.
    pub fn finish_save(&mut self, saved: Saved) -> Result<(), SaveError> {
        let stamp = saved.result?;
        self.history.mark_saved_at(saved.revision);
        self.display_name = file_name(&saved.path);
        self.save_path = Some(saved.path);
        self.disk = Disk::Seen(stamp);
        Ok(())
    }

    /// Saves on this thread: [`Self::begin_save`], run, [`Self::finish_save`].
    pub fn save_to(&mut self, path: &Path) -> Result<(), SaveError> {
        self.save_checked(path, false)
    }

    /// [`Self::save_to`], overwriting a file changed on disk if `replace_changed`.
    pub fn save_checked(&mut self, path: &Path, replace_changed: bool) -> Result<(), SaveError> {
        let job = self.begin_save(path, replace_changed)?;
        self.finish_save(job.run())
    }

    /// A default file name for Save As: the speech's name with the
    /// checklist ending (`讲话.docx` → `讲话.luoshi.ron`).
    pub fn suggested_file_name(&self) -> String {
        let name = self.display_name.as_str();
        let stem = name
            .strip_suffix(".luoshi.ron")
            .or_else(|| Path::new(name).file_stem().and_then(|s| s.to_str()))
            .filter(|s| !s.is_empty())
            .unwrap_or("清单");
        format!("{stem}.{}", checklist::store::EXTENSION)
    }

    /// A name for saving a copy beside the checklist file: `X（副本）.luoshi.ron`.
    pub fn suggested_copy_name(&self) -> String {
        let name = self.suggested_file_name();
        let stem = name
            .strip_suffix(".luoshi.ron")
            .unwrap_or(name.as_str())
            .to_owned();
        format!("{stem}（副本）.{}", checklist::store::EXTENSION)
    }

    /// Where the speech came from (for Save As's starting folder).
    pub fn source_dir(&self) -> Option<PathBuf> {
        self.checklist
            .source
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
    }

    /// The files a save or export must never replace: the speech, and
    /// (for exports) the checklist file itself.
    pub fn protected_paths(&self) -> Vec<PathBuf> {
        self.checklist
            .source
            .path
            .iter()
            .chain(self.save_path.iter())
            .cloned()
            .collect()
    }
}

/// The file a checklist saved as `path` goes to: `path` if it names a
/// checklist, else the same name ending in `.luoshi.ron` (a speech's
/// ending is replaced: a checklist is never written as `讲话.txt`).
pub fn checklist_file(path: &Path) -> PathBuf {
    if is_checklist_path(path) {
        return path.to_path_buf();
    }
    let speech_like = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        [
            "txt", "docx", "doc", "md", "wps", "pdf", "xlsx", "csv", "json",
        ]
        .iter()
        .any(|s| e.eq_ignore_ascii_case(s))
    });
    let base = if speech_like {
        path.with_extension("")
    } else {
        path.to_path_buf()
    };
    let mut name = base.into_os_string();
    name.push(".");
    name.push(checklist::store::EXTENSION);
    PathBuf::from(name)
}

/// The speech of a saved checklist, and what the user should know about
/// it: the file it was made from while that still holds the same bytes,
/// else the copy the checklist keeps (files of format 2 on), else the
/// changed file or nothing, as older formats had it.
fn speech_of(list: &Checklist) -> (Option<Arc<Document>>, Option<String>, bool) {
    let kept = || {
        (!list.speech.is_empty())
            .then(|| Arc::new(document::from_text(&list.speech, &list.source.encoding)))
    };
    let Some(src) = &list.source.path else {
        // The bundled sample has no path but is always at hand.
        if list.source.sha256 == checklist::sha256_hex(SAMPLE_SPEECH.as_bytes()) {
            return (
                Some(Arc::new(document::from_text(SAMPLE_SPEECH, "UTF-8"))),
                None,
                true,
            );
        }
        return match kept() {
            Some(doc) => (Some(doc), None, false),
            None => (None, Some(NO_SOURCE.to_owned()), false),
        };
    };
    let read = document::read_bytes(src);
    if let Ok(bytes) = &read
        && checklist::sha256_hex(bytes) == list.source.sha256
    {
        return match document::from_bytes(bytes, &file_name(src)) {
            Ok(doc) => (Some(Arc::new(doc)), None, true),
            Err(e) => (kept(), Some(e.to_string()), false),
        };
    }
    let shown = src.display();
    if let Some(doc) = kept() {
        // The copy is the very text the items point into: nothing is lost,
        // the user only learns where the file went.
        let why = match &read {
            Err(_) => format!(
                "原文文件 {shown} 不在原处，显示的是清单中保存的原文 / the speech file is not where it was; showing the copy kept in the checklist"
            ),
            Ok(_) => format!(
                "原文文件 {shown} 在制作清单后已被修改，显示的是制作清单时的原文 / the speech file changed since the checklist was made; showing the text it was made from"
            ),
        };
        return (Some(doc), Some(why), false);
    }
    match read {
        Err(e) => (
            None,
            Some(format!(
                "找不到原文 {shown} ({e})，只显示清单 / the speech is missing; the checklist is shown without it"
            )),
            false,
        ),
        Ok(bytes) => {
            let changed = format!(
                "原文 {shown} 在保存清单后已被修改，原文标注可能错位 / the speech changed since the checklist was saved; highlights may be off"
            );
            match document::from_bytes(&bytes, &file_name(src)) {
                Ok(doc) => (Some(Arc::new(doc)), Some(changed), false),
                Err(e) => (None, Some(e.to_string()), false),
            }
        }
    }
}

const NO_SOURCE: &str =
    "此清单未记录原文位置，只显示清单 / the checklist does not say where its speech is";

/// Whether `path` names a checklist file (`.ron`, so `.luoshi.ron` too).
pub fn is_checklist_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::Status;

    fn tick(s: &mut Session) {
        let id = s.checklist.departments[0].items[0].id;
        let status = match s.checklist.item(id).unwrap().status {
            Status::Done => Status::NotStarted,
            _ => Status::Done,
        };
        s.apply(Edit::SetStatus { id, status }).unwrap();
    }

    #[test]
    fn a_save_over_a_file_changed_elsewhere_is_refused_until_agreed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.luoshi.ron");
        let mut mine = Session::sample();
        mine.save_to(&path).unwrap();
        let mut theirs = Session::open(&path).unwrap();
        tick(&mut theirs);
        theirs.save_to(&path).unwrap();
        let their_bytes = std::fs::read(&path).unwrap();
        tick(&mut mine);
        tick(&mut mine);
        match mine.save_to(&path) {
            Err(SaveError::ChangedOnDisk { .. }) => {}
            other => panic!("expected ChangedOnDisk, got {other:?}"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), their_bytes, "theirs kept");
        assert!(mine.is_dirty());
        mine.save_checked(&path, true).unwrap();
        assert!(!mine.is_dirty());
        // Saved by us again: our next save goes through without a question.
        tick(&mut mine);
        mine.save_to(&path).unwrap();
    }

    #[test]
    fn edits_made_while_a_save_runs_stay_unsaved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.luoshi.ron");
        let mut s = Session::sample();
        tick(&mut s);
        let job = s.begin_save(&path, false).unwrap();
        tick(&mut s);
        s.finish_save(job.run()).unwrap();
        assert!(s.is_dirty(), "the second tick is not in the file");
        assert_eq!(s.save_path.as_deref(), Some(path.as_path()));
    }

    #[test]
    fn never_saved_onto_the_speech() {
        let dir = tempfile::tempdir().unwrap();
        let speech = dir.path().join("讲话.txt");
        std::fs::write(&speech, SAMPLE_SPEECH).unwrap();
        let mut s = Session::open(&speech).unwrap();
        let err = s.save_to(&speech).unwrap_err();
        assert!(matches!(err, SaveError::OntoSource { .. }), "{err:?}");
        assert_eq!(std::fs::read_to_string(&speech).unwrap(), SAMPLE_SPEECH);
        assert_eq!(s.suggested_file_name(), "讲话.luoshi.ron");
    }

    #[test]
    fn a_checklist_is_saved_under_a_checklist_name() {
        for (asked, got) in [
            ("/d/清单.luoshi.ron", "/d/清单.luoshi.ron"),
            ("/d/清单.ron", "/d/清单.ron"),
            ("/d/讲话.txt", "/d/讲话.luoshi.ron"),
            ("/d/讲话.DOCX", "/d/讲话.luoshi.ron"),
            ("/d/清单", "/d/清单.luoshi.ron"),
            ("/d/2024.06.会议", "/d/2024.06.会议.luoshi.ron"),
        ] {
            assert_eq!(checklist_file(Path::new(asked)), Path::new(got), "{asked}");
        }
    }
}
