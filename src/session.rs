//! The open work: one speech (if found), its checklist and the undo history.
//!
//! This is the only app module that calls the library's loading, extraction,
//! editing and saving functions; it decides nothing about them. Must not
//! draw anything.

use crate::checklist::{self, Checklist, Edit, EditError, History};
use crate::document::{self, Document};
use crate::extract;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The sample speech shown by "打开示例讲话" (our own text, see assets/).
pub const SAMPLE_SPEECH: &str = include_str!("../../assets/sample-speech.txt");
pub const SAMPLE_NAME: &str = "示例讲话.txt";

/// Why a file could not be opened. Nothing already open is affected.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0}")]
    Document(#[from] document::LoadError),
    #[error("{0}")]
    Checklist(#[from] checklist::StoreError),
    #[error(
        "无法读取 {path}: {source} / cannot read {path}; check that the file exists and is readable"
    )]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// A speech and its checklist, as the window shows them.
pub struct Session {
    /// The speech; `None` when a saved checklist's source could not be reopened.
    pub document: Option<Arc<Document>>,
    pub checklist: Checklist,
    pub history: History,
    /// Where the checklist is saved; `None` until the first Save As.
    pub save_path: Option<PathBuf>,
    /// The file name shown in the title bar.
    pub display_name: String,
    /// A problem worth telling the user about that did not stop the opening
    /// (source missing or changed since the checklist was saved).
    pub warning: Option<String>,
    /// Diagnostics of the extraction, for the status line.
    pub diagnostics: usize,
}

impl Session {
    /// Opens a speech (.txt, .docx, …) or a saved checklist (.ron).
    pub fn open(path: &Path) -> Result<Session, OpenError> {
        let is_ron = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
        if is_ron {
            Self::open_checklist(path)
        } else {
            let bytes = std::fs::read(path).map_err(|source| OpenError::Read {
                path: path.display().to_string(),
                source,
            })?;
            Self::from_speech(path, &bytes)
        }
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

    fn from_speech(path: &Path, bytes: &[u8]) -> Result<Session, OpenError> {
        let doc = document::from_bytes(bytes, &file_name(path))?;
        let source = checklist::Source::for_file(path, bytes, &doc);
        Ok(Self::from_document(doc, source, file_name(path)))
    }

    fn from_document(doc: Document, source: checklist::Source, name: String) -> Session {
        let ex = extract::extract(&doc);
        let list = Checklist::from_extraction(&doc, &ex, source);
        Session {
            document: Some(Arc::new(doc)),
            checklist: list,
            history: History::new(),
            save_path: None,
            display_name: name,
            warning: None,
            diagnostics: ex.diagnostics.len(),
        }
    }

    fn open_checklist(path: &Path) -> Result<Session, OpenError> {
        let list = checklist::store::load(path)?;
        Ok(Self::from_checklist(
            list,
            Some(path.to_path_buf()),
            file_name(path),
        ))
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
            (None, None) => "恢复的清单.ron".to_owned(),
        };
        let mut session = Self::from_checklist(list, recovered.checklist_path, name);
        session.history.mark_unsaved();
        session
    }

    fn from_checklist(list: Checklist, save_path: Option<PathBuf>, name: String) -> Session {
        let mut warning = None;
        let mut document = None;
        match &list.source.path {
            // The bundled sample has no path but is always at hand.
            None if list.source.sha256 == checklist::sha256_hex(SAMPLE_SPEECH.as_bytes()) => {
                document = Some(Arc::new(document::from_text(SAMPLE_SPEECH, "UTF-8")));
            }
            None => {
                warning = Some(
                    "此清单未记录原文位置，只显示清单 / the checklist does not say where its speech is"
                        .to_owned(),
                );
            }
            Some(src) => match std::fs::read(src) {
                Err(e) => {
                    warning = Some(format!(
                        "找不到原文 {} ({e})，只显示清单 / the speech is missing; the checklist is shown without it",
                        src.display()
                    ));
                }
                Ok(bytes) => {
                    if checklist::sha256_hex(&bytes) != list.source.sha256 {
                        warning = Some(format!(
                            "原文 {} 在保存清单后已被修改，原文标注可能错位 / the speech changed since the checklist was saved; highlights may be off",
                            src.display()
                        ));
                    }
                    match document::from_bytes(&bytes, &file_name(src)) {
                        Ok(doc) => document = Some(Arc::new(doc)),
                        Err(e) => warning = Some(e.to_string()),
                    }
                }
            },
        }
        Session {
            document,
            checklist: list,
            history: History::new(),
            save_path,
            display_name: name,
            warning,
            diagnostics: 0,
        }
    }

    /// Applies one edit as one undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
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

    /// Writes the checklist atomically to `path` and remembers it.
    pub fn save_to(&mut self, path: &Path) -> Result<(), checklist::StoreError> {
        checklist::store::save(&self.checklist, path)?;
        self.history.mark_saved();
        self.save_path = Some(path.to_path_buf());
        self.display_name = file_name(path);
        Ok(())
    }

    /// A default file name for Save As: the speech's name with `.ron`.
    pub fn suggested_file_name(&self) -> String {
        let stem = Path::new(&self.display_name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("清单");
        format!("{stem}.ron")
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
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
