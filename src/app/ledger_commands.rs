//! The app's side of the 督办台账: opening a ledger folder in place of a
//! checklist, the file dialogs its window asks for, and writing its files.

use super::LuoshiApp;
use super::command::Command;
use super::dialogs::{FilePurpose, LedgerFile};
use super::ledger_view::{LedgerUi, Request};
use crate::ledger::{self, feedback, report, summary};
use eframe::egui;
use std::path::Path;

impl LuoshiApp {
    pub(super) fn apply_ledger(&mut self, ctx: &egui::Context, cmd: Command) {
        let lang = self.settings.lang;
        match cmd {
            Command::OpenLedgerDialog => {
                self.dialogs
                    .start_file_dialog(ctx, FilePurpose::OpenLedger, None, None, lang);
            }
            Command::OpenLedger(dir) => self.open_ledger(&dir),
            Command::Undo => {
                if let Some(l) = &mut self.ledger {
                    l.undo();
                }
            }
            Command::Redo => {
                if let Some(l) = &mut self.ledger {
                    l.redo();
                }
            }
            Command::Ledger(request) => self.ledger_request(ctx, request),
            Command::ImportFeedback(path) => {
                if let Some(l) = &mut self.ledger {
                    l.preview_files(&[path]);
                }
            }
            Command::LedgerExport {
                what,
                path,
                replace,
            } => self.write_ledger_file(&what, &path, replace),
            _ => {}
        }
    }

    /// Opens a ledger folder; a checklist with unsaved changes stays open
    /// instead (it would be lost).
    pub fn open_ledger(&mut self, dir: &Path) {
        if self.has_unsaved_changes() {
            self.dialogs.error = Some(
                "请先保存或关闭当前清单，再打开台账 / save or close the open checklist before opening a ledger"
                    .into(),
            );
            return;
        }
        match LedgerUi::open(dir, ledger::today()) {
            Ok(ui) => {
                self.session = None;
                self.ledger = Some(ui);
                self.dialogs.error = None;
            }
            Err(e) => self.dialogs.error = Some(e.to_string()),
        }
    }

    fn ledger_request(&mut self, ctx: &egui::Context, request: Request) {
        let lang = self.settings.lang;
        let Some(l) = &self.ledger else { return };
        let dir = Some(l.ledger.dir.clone());
        let today = l.clock.today;
        let (purpose, name) = match request {
            Request::Close => {
                self.ledger = None;
                return;
            }
            Request::ImportFeedback => (FilePurpose::ImportFeedback, None),
            Request::FeedbackOut(dept) => (
                FilePurpose::LedgerExport(LedgerFile::Feedback(dept.clone())),
                Some(format!("{dept}反馈表-{today}.xlsx")),
            ),
            Request::Report(ext) => (
                FilePurpose::LedgerExport(LedgerFile::Report(ext)),
                Some(format!("督办通报-{today}.{ext}")),
            ),
            Request::ChartPng => (
                FilePurpose::LedgerExport(LedgerFile::Chart),
                Some(format!("督办图表-{today}.png")),
            ),
        };
        // The files go beside the ledger folder, not into it.
        let dir = dir.and_then(|d| d.parent().map(Path::to_path_buf));
        self.dialogs
            .start_file_dialog(ctx, purpose, dir, name, lang);
    }

    fn write_ledger_file(&mut self, what: &LedgerFile, path: &Path, replace: bool) {
        let Some(l) = &mut self.ledger else { return };
        if path.exists() && !replace {
            l.message = Some(format!(
                "{} 已存在，未替换 / {} exists and was not replaced",
                path.display(),
                path.display()
            ));
            return;
        }
        let title = format!("督办通报（截至{}）", l.clock.today);
        let bytes: Result<Vec<u8>, String> = match what {
            LedgerFile::Feedback(dept) => {
                feedback::export(&l.ledger, dept, l.clock).map_err(|e| e.to_string())
            }
            LedgerFile::Report(ext) => {
                let numbers = summary::summary(&l.ledger, l.clock, title);
                match *ext {
                    "xlsx" => report::report_xlsx(&numbers),
                    _ => report::report_docx(&numbers),
                }
                .map_err(|e| e.to_string())
            }
            LedgerFile::Chart => {
                let numbers = summary::summary(&l.ledger, l.clock, title);
                report::chart_png(&numbers, 1200, 600).map_err(|e| e.to_string())
            }
        };
        let written = bytes.and_then(|bytes| {
            crate::fsio::write_atomic(path, |w| std::io::Write::write_all(w, &bytes))
                .map_err(|e| e.to_string())
        });
        l.message = Some(match written {
            Ok(()) => format!("已导出到 {} / written", path.display()),
            Err(e) => e,
        });
    }
}
