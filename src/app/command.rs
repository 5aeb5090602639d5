//! What the user asks for ([`Command`]) and how the app carries it out
//! after the frame is drawn ([`LuoshiApp::apply`]); [`Pending`] is what
//! waits for the unsaved-changes question.

use super::dialogs::{FilePurpose, Modal};
use super::i18n::Lang;
use super::{LuoshiApp, settings};
use crate::checklist::Edit;
use crate::export::{self, Format};
use eframe::egui;
use std::path::PathBuf;

/// Something the user asked for, carried out after the frame is drawn.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
// A handful of commands per frame: boxing the edit would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Show the native open dialog (or the path field if there is none).
    OpenDialog,
    /// Ask for a 督办台账 folder.
    OpenLedgerDialog,
    /// Open the ledger in this folder (instead of a checklist).
    OpenLedger(PathBuf),
    /// What the open ledger's window asked for.
    Ledger(super::ledger_view::Request),
    /// Read a returned 反馈表 and show what it would change.
    ImportFeedback(PathBuf),
    /// Write one of the ledger's files to `path`.
    LedgerExport {
        what: super::dialogs::LedgerFile,
        path: PathBuf,
        replace: bool,
    },
    Open(PathBuf),
    OpenSample,
    Save,
    SaveAsDialog,
    /// Save to `path`; `replace`: the user agreed to replace a file there.
    SaveAs {
        path: PathBuf,
        replace: bool,
    },
    /// The checklist file changed on disk: save over it after all.
    SaveOverChanged,
    /// The checklist file changed on disk: reopen it, dropping this
    /// window's edits.
    Reload,
    /// The checklist file changed on disk: save this window's version as a
    /// copy beside it.
    SaveCopyDialog,
    /// The save or export question was answered 取消.
    DismissQuestion,
    /// Ask where to export the checklist (or one department's part).
    ExportDialog {
        format: Format,
        department: Option<String>,
    },
    /// Write the export; the open checklist is only read. `replace`: the
    /// user agreed to replace a file there.
    Export {
        format: Format,
        department: Option<String>,
        path: PathBuf,
        replace: bool,
    },
    /// The department directory window.
    ShowDirectory,
    /// Keep this directory (written to the data folder).
    SaveDirectory(crate::directory::Directory),
    /// Give the open checklist the directory's names (one undo step).
    ApplyDirectory,
    /// Remember that `short` means the unit `name`.
    LearnName {
        short: String,
        name: String,
    },
    /// The offer to remember a rename was declined.
    DismissLearn,
    ImportDirectoryDialog,
    ExportDirectoryDialog,
    /// Add the units of the directory file at this path.
    ImportDirectory(PathBuf),
    /// Write the directory to `path`; `replace`: the user agreed to replace
    /// a file there.
    ExportDirectory {
        path: PathBuf,
        replace: bool,
    },
    /// Ask for the file of the checklist's speech.
    LocateSpeechDialog,
    /// Take this file as the checklist's speech (if it is the same text).
    LocateSpeech(PathBuf),
    CloseDocument,
    Quit,
    Undo,
    Redo,
    Edit(Edit),
    SelectItem(Option<u64>),
    /// The user clicked this byte offset of the document text.
    SelectAt(usize),
    SelectDepartment(Option<String>),
    /// Show the checklist as cards or as a table (kept in the settings).
    SetListView(settings::ListView),
    SetLang(Lang),
    SetTheme(settings::ThemeChoice),
    Zoom(f32),
    ZoomReset,
    SetDocumentFont(Option<String>),
    ShowAbout,
    /// Ask for a department name (add, or rename `Some(old)`).
    AskDepartmentName(Option<String>),
    DismissError,
    /// The user chose 不保存: drop the changes and go on.
    DiscardAndProceed(Pending),
    /// 恢复: open the edits journalled by an earlier run.
    RestoreRecovery,
    /// 丢弃: forget the edits journalled by an earlier run.
    DiscardRecovery,
}

impl Command {
    /// The same save or export, with replacing an existing file agreed.
    pub fn replacing(self) -> Command {
        match self {
            Command::SaveAs { path, .. } => Command::SaveAs {
                path,
                replace: true,
            },
            Command::Export {
                format,
                department,
                path,
                ..
            } => Command::Export {
                format,
                department,
                path,
                replace: true,
            },
            other => other,
        }
    }

    /// Commands after which what is typed in a field must already count:
    /// they save, export, or leave the checklist.
    fn needs_drafts_committed(&self) -> bool {
        matches!(
            self,
            Command::OpenDialog
                | Command::Open(_)
                | Command::OpenSample
                | Command::Save
                | Command::SaveAsDialog
                | Command::SaveAs { .. }
                | Command::SaveOverChanged
                | Command::SaveCopyDialog
                | Command::Export { .. }
                | Command::ExportDialog { .. }
                | Command::CloseDocument
                | Command::Quit
        )
    }
}

/// What was going to happen when the unsaved-changes prompt appeared.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Open(PathBuf),
    OpenDialog,
    OpenSample,
    CloseDocument,
    Quit,
}

impl LuoshiApp {
    /// Carries out one command. Public so tests can drive the app the way
    /// the menus do.
    pub fn apply(&mut self, ctx: &egui::Context, cmd: Command) {
        if cmd.needs_drafts_committed() {
            self.commit_drafts();
        }
        match cmd {
            Command::OpenLedgerDialog
            | Command::OpenLedger(_)
            | Command::Ledger(_)
            | Command::ImportFeedback(_)
            | Command::LedgerExport { .. } => self.apply_ledger(ctx, cmd),
            Command::Undo | Command::Redo if self.ledger.is_some() => self.apply_ledger(ctx, cmd),
            Command::OpenDialog => self.guard(Pending::OpenDialog, ctx),
            Command::Open(path) => self.guard(Pending::Open(path), ctx),
            Command::OpenSample => self.guard(Pending::OpenSample, ctx),
            Command::CloseDocument => self.guard(Pending::CloseDocument, ctx),
            Command::Quit => self.guard(Pending::Quit, ctx),
            Command::Save => self.save(ctx),
            Command::SaveAsDialog | Command::SaveCopyDialog | Command::ExportDialog { .. } => {
                self.ask_where(ctx, cmd);
            }
            Command::SaveAs { path, replace } => self.save_as(&path, replace),
            Command::SaveOverChanged => self.save_over_changed(),
            Command::Reload => self.reload(),
            Command::LocateSpeechDialog => {
                let dir = self.session.as_ref().and_then(|s| s.source_dir());
                let lang = self.settings.lang;
                self.dialogs
                    .start_file_dialog(ctx, FilePurpose::LocateSpeech, dir, None, lang);
            }
            Command::LocateSpeech(path) => self.locate_speech(&path),
            Command::DismissLearn => self.dialogs.learn_offer = None,
            Command::ShowDirectory
            | Command::SaveDirectory(_)
            | Command::ApplyDirectory
            | Command::LearnName { .. }
            | Command::ImportDirectoryDialog
            | Command::ExportDirectoryDialog
            | Command::ImportDirectory(_)
            | Command::ExportDirectory { .. } => self.directory_command(ctx, cmd),
            Command::DismissQuestion => {
                self.dialogs.close_if(|m| matches!(m, Modal::Question(_)));
                self.dialogs.after_save = None;
            }
            Command::Export {
                format,
                department,
                path,
                replace,
            } => self.export(format, department, path, replace),
            Command::Undo | Command::Redo | Command::Edit(_) => self.change(cmd),
            Command::SelectItem(id) => self.select_item(id),
            Command::SelectAt(offset) => self.select_at(offset),
            Command::SelectDepartment(name) => self.select_department(name),
            Command::SetListView(v) => self.settings.list_view = v,
            Command::SetLang(_)
            | Command::SetTheme(_)
            | Command::Zoom(_)
            | Command::ZoomReset
            | Command::SetDocumentFont(_) => self.set_look(ctx, cmd),
            Command::ShowAbout => self.dialogs.open(Modal::About),
            Command::AskDepartmentName(old) => self.dialogs.ask_department(old),
            Command::DismissError => self.dialogs.error = None,
            Command::DiscardAndProceed(action) => {
                self.view.drafts.clear();
                self.clear_journal();
                self.proceed(action, ctx);
            }
            Command::RestoreRecovery => self.restore_recovery(),
            Command::DiscardRecovery => self.discard_recovery(),
        }
    }

    /// Save As, a copy, or an export: asks where, starting beside the
    /// checklist (or the speech) with a name that is never the speech's.
    fn ask_where(&mut self, ctx: &egui::Context, cmd: Command) {
        let Some(s) = &self.session else { return };
        let beside_checklist = s
            .save_path
            .as_deref()
            .and_then(std::path::Path::parent)
            .map(std::path::Path::to_path_buf)
            .or_else(|| s.source_dir());
        let (purpose, dir, name) = match cmd {
            Command::SaveAsDialog => (FilePurpose::SaveAs, s.source_dir(), s.suggested_file_name()),
            Command::SaveCopyDialog => (
                FilePurpose::SaveAs,
                beside_checklist,
                s.suggested_copy_name(),
            ),
            Command::ExportDialog { format, department } => {
                let name = export::suggested_file_name(&s.checklist, department.as_deref(), format);
                (
                    FilePurpose::Export { format, department },
                    beside_checklist,
                    name,
                )
            }
            _ => return,
        };
        let lang = self.settings.lang;
        self.dialogs
            .start_file_dialog(ctx, purpose, dir, Some(name), lang);
    }

    /// Takes `path` as the speech's file; says why not when it is not the
    /// same speech.
    fn locate_speech(&mut self, path: &std::path::Path) {
        let Some(s) = &mut self.session else { return };
        match s.locate_speech(path) {
            Ok(()) => {
                self.doc_cache = Default::default();
                self.dialogs.warning = None;
                self.dialogs.notice = Some(format!(
                    "已找到原文：{} / speech file found",
                    path.display()
                ));
            }
            Err(e) => self.dialogs.error = Some(e.to_string()),
        }
    }

    /// An edit, undo or redo of the checklist.
    fn change(&mut self, cmd: Command) {
        let renamed = match &cmd {
            Command::Edit(Edit::RenameDepartment { from, to }) => {
                Some((from.clone(), to.trim().to_owned()))
            }
            _ => None,
        };
        let Some(s) = &mut self.session else { return };
        let result = match cmd {
            Command::Undo => s.undo().map(|_| ()),
            Command::Redo => s.redo().map(|_| ()),
            Command::Edit(edit) => s.apply(edit),
            _ => return,
        };
        match result {
            Err(e) => self.dialogs.error = Some(e.to_string()),
            Ok(()) => {
                if let Some((from, to)) = renamed {
                    self.offer_to_learn(&from, &to);
                }
            }
        }
        self.fix_selection();
    }

    /// Language, theme, zoom and the document font (kept in the settings).
    fn set_look(&mut self, ctx: &egui::Context, cmd: Command) {
        match cmd {
            Command::SetLang(lang) => self.settings.lang = lang,
            Command::SetTheme(t) => {
                self.settings.theme = t;
                ctx.set_theme(t);
            }
            Command::Zoom(step) => {
                self.settings.set_zoom(self.settings.zoom + step);
                ctx.set_zoom_factor(self.settings.zoom);
            }
            Command::ZoomReset => {
                self.settings.set_zoom(1.0);
                ctx.set_zoom_factor(1.0);
            }
            Command::SetDocumentFont(name) => {
                self.settings.document_font = name.clone();
                if let Some(fonts) = &mut self.fonts {
                    fonts.select_document_font(ctx, name.as_deref());
                }
            }
            _ => {}
        }
    }
}
