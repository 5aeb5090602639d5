//! A ledger on disk: one folder, one `.luoshi.ron` checklist per document.
//!
//! Each checklist is read and saved on its own, atomically. There is no
//! index: the files are the ledger. A save first looks whether another
//! program (a second clerk on a shared folder) changed the file since we
//! read it; if so the two versions are merged ([`super::merge`]) or, when
//! both changed the same thing, the save is refused and nothing is written.

use super::merge::{self, Conflict};
use crate::checklist::{self, Checklist, Edit, EditError, History, StoreError};
use crate::fsio::FileStamp;
use crate::model::Date;
use crate::session::{OpenError, Session};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Why a ledger could not be read, added to or saved.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("{path} 不是文件夹：台账是一个文件夹 / {path} is not a folder: a ledger is a folder")]
    NotAFolder { path: String },
    #[error("无法读取台账文件夹 {path}：{source} / cannot read the ledger folder {path}: {source}")]
    ReadDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(
        "{file} 没有日期（文中找不到成文日期），请用 --date YYYY-MM-DD 指定 / {file} has no date (none found in the text): give one with --date YYYY-MM-DD"
    )]
    NoDate { file: String },
    #[error("{file} 已在台账中（{existing}） / {file} is already in the ledger ({existing})")]
    AlreadyIn { file: String, existing: String },
    #[error(
        "{file} 已被另一位同事修改，且与本次修改冲突（“{what}”的 {field}），未保存；请重新打开台账后再改 / {file} was changed by someone else in a way that conflicts with this change (“{what}”, {field}); nothing was saved: reopen the ledger and make the change again"
    )]
    Conflict {
        file: String,
        what: String,
        field: String,
    },
    #[error("{0}")]
    Edit(#[from] EditError),
}

/// One document of a ledger.
pub struct Entry {
    pub path: PathBuf,
    pub checklist: Checklist,
    pub history: History,
    /// The checklist as last read from or written to `path`: the common
    /// ancestor when someone else saved in between.
    base: Checklist,
    stamp: Option<FileStamp>,
}

impl Entry {
    pub fn file_name(&self) -> String {
        file_name(&self.path)
    }

    /// The document's title, or its file name.
    pub fn title(&self) -> String {
        let title = self.checklist.source.title.trim();
        if title.is_empty() {
            self.file_name()
        } else {
            title.to_string()
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// Applies one edit as one undo step of this document (a task's due
    /// day is set on all its copies).
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let edit = self.checklist.widen(edit);
        self.history.apply(&mut self.checklist, edit)
    }
}

/// The documents of one ledger folder, and the files that could not be
/// read (shown to the user, never skipped silently).
pub struct Ledger {
    pub dir: PathBuf,
    pub entries: Vec<Entry>,
    pub unreadable: Vec<(PathBuf, String)>,
    /// Undo steps over documents: each names the entries it changed.
    undo: Vec<Vec<usize>>,
    redo: Vec<Vec<usize>>,
}

impl Ledger {
    /// Reads every checklist in `dir` (on all cores), in file-name order.
    pub fn open(dir: &Path) -> Result<Ledger, LedgerError> {
        let shown = dir.display().to_string();
        if !dir.is_dir() {
            return Err(LedgerError::NotAFolder { path: shown });
        }
        let read_err = |source| LedgerError::ReadDir {
            path: shown.clone(),
            source,
        };
        let mut paths: Vec<PathBuf> = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(read_err)? {
            let path = entry.map_err(read_err)?.path();
            if is_ledger_file(&path) {
                paths.push(path);
            }
        }
        paths.sort();
        let loaded: Vec<(PathBuf, Result<checklist::store::Loaded, StoreError>)> = paths
            .into_par_iter()
            .map(|path| {
                let loaded = checklist::store::load_report(&path);
                (path, loaded)
            })
            .collect();
        let mut ledger = Ledger {
            dir: dir.to_path_buf(),
            entries: Vec::new(),
            unreadable: Vec::new(),
            undo: Vec::new(),
            redo: Vec::new(),
        };
        for (path, loaded) in loaded {
            match loaded {
                Ok(loaded) => ledger.entries.push(Entry {
                    path,
                    base: loaded.checklist.clone(),
                    checklist: loaded.checklist,
                    history: History::new(),
                    stamp: loaded.stamp,
                }),
                Err(e) => ledger.unreadable.push((path, e.to_string())),
            }
        }
        ledger.fill_codes();
        Ok(ledger)
    }

    /// Gives documents without a code (added by hand, or copied in from
    /// elsewhere) one, unique in this ledger; that is a change to save.
    fn fill_codes(&mut self) {
        for i in 0..self.entries.len() {
            let taken = |code: &str, entries: &[Entry]| {
                entries
                    .iter()
                    .enumerate()
                    .any(|(j, e)| j != i && e.checklist.code == code)
            };
            let code = self.entries[i].checklist.code.clone();
            if !code.is_empty() && !taken(&code, &self.entries) {
                continue;
            }
            // The clock makes the code this ledger's own: the same speech in
            // another ledger gets another code, so that a 反馈表 of one is
            // never taken for the other's.
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            let seed = {
                let list = &self.entries[i].checklist;
                format!("{}{}{now}", list.source.sha256, self.entries[i].file_name())
            };
            let mut n = 0u32;
            let code = loop {
                let candidate = code_of(&format!("{seed}{n}"));
                if !taken(&candidate, &self.entries) {
                    break candidate;
                }
                n += 1;
            };
            let entry = &mut self.entries[i];
            entry.checklist.code = code;
            entry.history.mark_unsaved();
        }
    }

    /// Adds a speech or document (extracted now) or a saved checklist to
    /// the ledger: written into the folder as a new `.luoshi.ron`, with the
    /// document's date (`date`, else the one its text gives). Returns the
    /// new entry's index.
    pub fn add(&mut self, file: &Path, date: Option<Date>) -> Result<usize, LedgerError> {
        let session = Session::open(file)?;
        let mut list = session.checklist;
        let text = session
            .document
            .as_ref()
            .map(|d| d.text.as_str())
            .unwrap_or("");
        let date = date
            .or(list.date)
            .or_else(|| super::dates::document_date(&list.source.title, text));
        let Some(date) = date else {
            return Err(LedgerError::NoDate {
                file: file.display().to_string(),
            });
        };
        list.date = Some(date);
        if let Some(existing) = self.entries.iter().find(|e| {
            !list.source.sha256.is_empty() && e.checklist.source.sha256 == list.source.sha256
        }) {
            return Err(LedgerError::AlreadyIn {
                file: file.display().to_string(),
                existing: existing.file_name(),
            });
        }
        let path = self.free_path(file);
        list.code = String::new();
        self.entries.push(Entry {
            path: path.clone(),
            base: list.clone(),
            checklist: list,
            history: History::new(),
            stamp: None,
        });
        self.fill_codes();
        let index = self.entries.len() - 1;
        self.save(index)?;
        Ok(index)
    }

    /// A checklist file name in the folder for `file` not taken yet.
    fn free_path(&self, file: &Path) -> PathBuf {
        let stem = file_name(&crate::session::checklist_file(file))
            .trim_end_matches(checklist::store::EXTENSION)
            .trim_end_matches('.')
            .to_string();
        let mut n = 1;
        loop {
            let name = if n == 1 {
                format!("{stem}.{}", checklist::store::EXTENSION)
            } else {
                format!("{stem}-{n}.{}", checklist::store::EXTENSION)
            };
            let path = self.dir.join(name);
            if !path.exists() && !self.entries.iter().any(|e| e.path == path) {
                return path;
            }
            n += 1;
        }
    }

    /// Saves one document. If another program changed its file since we
    /// read it, the two are merged first; a conflict writes nothing.
    pub fn save(&mut self, index: usize) -> Result<(), LedgerError> {
        let entry = &mut self.entries[index];
        let changed = match &entry.stamp {
            Some(stamp) => !stamp.still_matches(&entry.path).unwrap_or(false),
            None => entry.path.exists(),
        };
        if changed {
            let theirs = checklist::store::load(&entry.path)?;
            let merged = merge::merge(&entry.base, &entry.checklist, &theirs).map_err(
                |Conflict { what, field }| LedgerError::Conflict {
                    file: entry.file_name(),
                    what,
                    field,
                },
            )?;
            entry.checklist = merged;
        }
        let stamp = checklist::store::save_stamped(&entry.checklist, &entry.path)?;
        entry.stamp = Some(stamp);
        entry.base = entry.checklist.clone();
        entry.history.mark_saved();
        Ok(())
    }

    /// Saves every document with unsaved changes; stops at the first
    /// failure (the documents before it are saved).
    pub fn save_all(&mut self) -> Result<usize, LedgerError> {
        let mut saved = 0;
        for i in 0..self.entries.len() {
            if self.entries[i].is_dirty() {
                self.save(i)?;
                saved += 1;
            }
        }
        Ok(saved)
    }

    /// Applies edits to several documents as one undo step: all or none.
    pub fn apply(&mut self, edits: Vec<(usize, Edit)>) -> Result<(), LedgerError> {
        let mut done: Vec<usize> = Vec::new();
        for (index, edit) in edits {
            let before = self.entries.get(index).map(|e| e.history.revision());
            let result = match self.entries.get_mut(index) {
                Some(entry) => entry.apply(edit),
                None => Err(EditError::UnknownItem(0)),
            };
            if let Err(e) = result {
                for &i in done.iter().rev() {
                    // Undoing what was just applied cannot fail.
                    let entry = &mut self.entries[i];
                    let _ = entry.history.undo(&mut entry.checklist);
                    entry.history.drop_redo();
                }
                return Err(e.into());
            }
            // An edit that changed nothing is no step of its document.
            if before != Some(self.entries[index].history.revision()) {
                done.push(index);
            }
        }
        if !done.is_empty() {
            self.undo.push(done);
            self.redo.clear();
        }
        Ok(())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Takes back the last step, in every document it changed.
    pub fn undo(&mut self) -> Result<bool, LedgerError> {
        let Some(step) = self.undo.pop() else {
            return Ok(false);
        };
        for &i in step.iter().rev() {
            let entry = &mut self.entries[i];
            entry.history.undo(&mut entry.checklist)?;
        }
        self.redo.push(step);
        Ok(true)
    }

    pub fn redo(&mut self) -> Result<bool, LedgerError> {
        let Some(step) = self.redo.pop() else {
            return Ok(false);
        };
        for &i in &step {
            let entry = &mut self.entries[i];
            entry.history.redo(&mut entry.checklist)?;
        }
        self.undo.push(step);
        Ok(true)
    }

    pub fn is_dirty(&self) -> bool {
        self.entries.iter().any(Entry::is_dirty)
    }

    /// The entry whose code is `code`.
    pub fn entry_by_code(&self, code: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| e.checklist.code.eq_ignore_ascii_case(code))
    }
}

/// Whether a file in a ledger folder is one of its checklists (temporary
/// files of an interrupted save are not).
fn is_ledger_file(path: &Path) -> bool {
    let name = file_name(path);
    path.is_file()
        && !name.starts_with('.')
        && name.ends_with(&format!(".{}", checklist::store::EXTENSION))
}

/// Six upper-case hex digits from a seed.
fn code_of(seed: &str) -> String {
    let hex = checklist::sha256_hex(seed.as_bytes());
    hex[..6].to_ascii_uppercase()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
