//! Saving and exporting from the window: saves run on a worker thread (a
//! 15 MB checklist takes a second to write and sync), a file changed on
//! disk by another window or program is never replaced without asking,
//! nor is any existing file, and the speech itself is never written over.
//!
//! The checks themselves are the library's (`Session::begin_save`); this
//! module asks the questions and keeps the window responsive.

use super::dialogs::{Modal, Question};
use super::{LuoshiApp, Pending, Session};
use crate::export::{self, Format};
use crate::fsio;
use crate::session::{SaveError, Saved};
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

/// A save running on a worker thread.
pub struct Saving {
    result: Receiver<Saved>,
    /// What to do once it succeeded (a save asked for by the
    /// unsaved-changes prompt continues with what the user was doing).
    pub then: Option<Pending>,
    /// Saved again while this one ran: save once more when it is done.
    again: bool,
}

impl LuoshiApp {
    /// Ctrl+S: to the checklist's file, or Save As for a new checklist.
    pub(super) fn save(&mut self, ctx: &egui::Context) {
        let path = self.session.as_ref().and_then(|s| s.save_path.clone());
        match path {
            Some(path) => self.start_save(&path, false),
            None if self.session.is_some() => {
                self.apply(ctx, super::Command::SaveAsDialog);
            }
            None => {}
        }
    }

    /// Save As to `path`. An existing file other than the checklist's own
    /// is replaced only once the user agreed (`replace`).
    pub(super) fn save_as(&mut self, path: &Path, replace: bool) {
        // Typed as 讲话.txt or 清单: saved as a checklist file all the same.
        let path = &crate::session::checklist_file(path);
        let Some(session) = &self.session else { return };
        if let Err(e) = session.check_target(path) {
            self.dialogs.after_save = None;
            self.dialogs.error = Some(e.to_string());
            return;
        }
        let own_file = session.save_path.as_deref() == Some(path);
        if !replace && !own_file && path.exists() {
            self.dialogs.open(Modal::Question(Question::Replace {
                path: path.to_path_buf(),
                command: Box::new(super::Command::SaveAs {
                    path: path.to_path_buf(),
                    replace: false,
                }),
            }));
            return;
        }
        // Replacing a file chosen on purpose is agreed; the checklist's own
        // file changed on disk since this window saw it is its own question.
        self.start_save(path, false);
    }

    /// The user chose 覆盖 for a file changed on disk.
    pub(super) fn save_over_changed(&mut self) {
        if let Some(path) = self.session.as_ref().and_then(|s| s.save_path.clone()) {
            self.start_save(&path, true);
        }
    }

    /// The user chose 重新载入: the file on disk replaces this window's
    /// version (its edits are dropped on purpose).
    pub(super) fn reload(&mut self) {
        let Some(path) = self.session.as_ref().and_then(|s| s.save_path.clone()) else {
            return;
        };
        self.dialogs.after_save = None;
        self.view.drafts.clear();
        self.clear_journal();
        match Session::open(&path) {
            Ok(session) => self.set_session(session),
            Err(e) => self.dialogs.error = Some(e.to_string()),
        }
    }

    fn start_save(&mut self, path: &Path, replace_changed: bool) {
        if let Some(saving) = &mut self.saving {
            saving.again = true;
            return;
        }
        let Some(session) = &self.session else { return };
        let job = match session.begin_save(path, replace_changed) {
            Ok(job) => job,
            Err(SaveError::ChangedOnDisk { .. }) => {
                self.dialogs.open(Modal::Question(Question::ChangedOnDisk {
                    path: path.to_path_buf(),
                }));
                return;
            }
            Err(e) => {
                self.dialogs.after_save = None;
                self.dialogs.error = Some(e.to_string());
                return;
            }
        };
        let (tx, result) = std::sync::mpsc::channel();
        let then = self.dialogs.after_save.take();
        let spawned = std::thread::Builder::new()
            .name("luoshi-save".into())
            .spawn(move || {
                let _ = tx.send(job.run());
            });
        match spawned {
            Ok(_) => {
                self.saving = Some(Saving {
                    result,
                    then,
                    again: false,
                });
            }
            Err(e) => {
                self.dialogs.error = Some(format!("无法开始保存：{e} / cannot start saving: {e}"));
            }
        }
    }

    /// Whether a save is running.
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// Whether a file is being opened or saved in the background.
    pub fn is_busy(&self) -> bool {
        self.saving.is_some() || self.opening.is_some()
    }

    /// Takes a finished save's result. Call every frame (cheap).
    pub fn poll_saving(&mut self, ctx: &egui::Context) {
        let Some(saving) = &self.saving else { return };
        let saved = match saving.result.try_recv() {
            Ok(saved) => saved,
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(15));
                return;
            }
            Err(TryRecvError::Disconnected) => {
                self.saving = None;
                self.dialogs.error = Some(
                    "保存时出现内部错误，文件未改动，请重试 / an internal error occurred while saving; the file is unchanged: please try again"
                        .into(),
                );
                return;
            }
        };
        let Some(saving) = self.saving.take() else {
            return;
        };
        let path = saved.path.clone();
        let Some(session) = &mut self.session else {
            return;
        };
        match session.finish_save(saved) {
            Ok(()) => {
                self.settings.remember(&path);
                self.dialogs.error = None;
                if !session.is_dirty() {
                    self.clear_journal();
                }
                if saving.again {
                    self.start_save(&path, false);
                    if let Some(s) = &mut self.saving {
                        s.then = saving.then;
                    }
                } else if let Some(next) = saving.then {
                    // Edits made while saving are asked about again.
                    self.guard(next, ctx);
                }
            }
            Err(e) => {
                self.dialogs.error = Some(e.to_string());
            }
        }
    }

    /// Blocks until a running save is done and taken (tests, and the
    /// benchmark, which drive frames themselves).
    pub fn wait_for_save(&mut self, ctx: &egui::Context) {
        while self.saving.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(2));
            self.poll_saving(ctx);
        }
    }

    /// Writes an export of the open checklist and says where it went, or
    /// why it could not. Never onto the speech or the checklist file; an
    /// existing file only once the user agreed (`replace`).
    pub(super) fn export(
        &mut self,
        format: Format,
        department: Option<String>,
        path: PathBuf,
        replace: bool,
    ) {
        let Some(s) = &self.session else { return };
        if s.protected_paths()
            .iter()
            .any(|p| p == &path || fsio::same_file(p, &path))
        {
            self.dialogs.notice = None;
            self.dialogs.error = Some(format!(
                "{0} 是原文或清单本身，导出不会覆盖它，请另选文件名 / {0} is the speech or the checklist itself: an export never replaces it; choose another name",
                path.display()
            ));
            return;
        }
        if !replace && path.exists() {
            self.dialogs.open(Modal::Question(Question::Replace {
                path: path.clone(),
                command: Box::new(super::Command::Export {
                    format,
                    department,
                    path,
                    replace: false,
                }),
            }));
            return;
        }
        // Exports read the checklist; they never mark it saved or dirty.
        // The table's 制表日期 is the day of the export (Beijing time).
        let options =
            export::ExportOptions::dated(export::TableDate::in_china(std::time::SystemTime::now()));
        let written = match department.as_deref() {
            None => export::to_file_with(&s.checklist, format, &path, &options),
            Some(name) => {
                export::department_to_file_with(&s.checklist, name, format, &path, &options)
            }
        };
        match written {
            Ok(()) => {
                self.dialogs.error = None;
                self.dialogs.notice =
                    Some(format!("已导出到 {0} / exported to {0}", path.display()));
            }
            Err(e) => {
                self.dialogs.notice = None;
                self.dialogs.error = Some(e.to_string());
            }
        }
    }
}
