//! Dialogs: the native file dialog on a worker thread (with a path field
//! when there is none), the error/warning/notice banner, and the one modal
//! at a time ([`Modal`], drawn by `modals.rs`).
//!
//! Dialogs only return [`Command`]s; they never touch the checklist.

pub use super::modals::{Modal, Question};
use super::{Command, Pending, i18n::Lang};
use crate::export::Format;
use eframe::egui;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilePurpose {
    Open,
    SaveAs,
    /// Point to the file of the checklist's speech.
    LocateSpeech,
    /// A department directory to import, or where to export ours.
    ImportDirectory,
    ExportDirectory,
    /// Export the whole checklist, or one department's part.
    Export {
        format: Format,
        department: Option<String>,
    },
    /// A 督办台账 folder to open.
    OpenLedger,
    /// A returned 反馈表 to import into the open ledger.
    ImportFeedback,
    /// Where to write one of the ledger's files.
    LedgerExport(LedgerFile),
}

/// The files a ledger writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerFile {
    Feedback(String),
    Report(&'static str),
    Chart,
}

impl FilePurpose {
    /// What to do with the chosen path. `replace`: the user already agreed
    /// to replace an existing file (native save dialogs ask that
    /// themselves; the path field does not).
    fn command(self, path: PathBuf, replace: bool) -> Command {
        match self {
            FilePurpose::Open => Command::Open(path),
            FilePurpose::SaveAs => Command::SaveAs { path, replace },
            FilePurpose::LocateSpeech => Command::LocateSpeech(path),
            FilePurpose::ImportDirectory => Command::ImportDirectory(path),
            FilePurpose::ExportDirectory => Command::ExportDirectory { path, replace },
            FilePurpose::OpenLedger => Command::OpenLedger(path),
            FilePurpose::ImportFeedback => Command::ImportFeedback(path),
            FilePurpose::LedgerExport(what) => Command::LedgerExport {
                what,
                path,
                replace,
            },
            FilePurpose::Export { format, department } => Command::Export {
                format,
                department,
                path,
                replace,
            },
        }
    }
}

/// A native dialog answering faster than this was most likely never shown.
const TOO_FAST: Duration = Duration::from_millis(250);

struct FileDialogJob {
    purpose: FilePurpose,
    started: Instant,
    rx: Receiver<Option<PathBuf>>,
}

#[derive(Default)]
pub struct Dialogs {
    job: Option<FileDialogJob>,
    /// Whether to try native dialogs at all (false in tests).
    native: bool,
    /// The in-app path field, shown when no native dialog is available.
    pub path_entry: Option<(FilePurpose, String)>,
    /// Why the path field is shown.
    pub path_entry_reason: Option<&'static str>,
    /// The path field takes the keyboard when it appears (a path can be
    /// typed or pasted at once).
    path_entry_focus: bool,
    pub error: Option<String>,
    pub warning: Option<String>,
    /// A neutral message, such as where an export was written.
    pub notice: Option<String>,
    /// The action to continue with once a Save As (asked by the prompt) succeeds.
    pub after_save: Option<Pending>,
    /// The one modal question or window shown, if any.
    pub modal: Option<Modal>,
    /// A rename the user made, offered to the directory: (short, official).
    pub learn_offer: Option<(String, String)>,
}

impl Dialogs {
    pub fn new(native: bool) -> Self {
        Dialogs {
            native,
            ..Default::default()
        }
    }

    /// Opens the native dialog off the UI thread (a portal that does not
    /// start would otherwise freeze the window), or the path field. For a
    /// save, `file_name` is suggested (and, in the path field, put in `dir`).
    // Long: one native dialog per purpose, configured in one place, with
    // the path field as the fallback for each.
    pub fn start_file_dialog(
        &mut self,
        ctx: &egui::Context,
        purpose: FilePurpose,
        dir: Option<PathBuf>,
        file_name: Option<String>,
        lang: Lang,
    ) {
        if self.job.is_some() {
            return;
        }
        let prefill = match (&purpose, &file_name) {
            (
                FilePurpose::Open
                | FilePurpose::LocateSpeech
                | FilePurpose::ImportDirectory
                | FilePurpose::OpenLedger
                | FilePurpose::ImportFeedback,
                _,
            )
            | (_, None) => String::new(),
            (_, Some(name)) => match &dir {
                Some(dir) => dir.join(name).display().to_string(),
                None => name.clone(),
            },
        };
        if !self.native || !native_dialog_likely() {
            self.show_path_entry(
                purpose,
                prefill,
                lang.pick(
                    "此桌面没有可用的文件对话框，请输入路径或把文件拖入窗口。",
                    "No file dialog is available on this desktop: type a path or drop a file on the window.",
                ),
            );
            return;
        }
        let mut dialog = rfd::AsyncFileDialog::new();
        if let Some(dir) = dir {
            dialog = dialog.set_directory(dir);
        }
        dialog = match &purpose {
            FilePurpose::Open => dialog
                .set_title(lang.pick("打开讲话或清单", "Open a speech or checklist"))
                .add_filter(
                    lang.pick("讲话或清单", "Speeches and checklists"),
                    &["txt", "docx", "ron"],
                )
                .add_filter(lang.pick("讲话", "Speeches"), &["txt", "docx"])
                .add_filter(lang.pick("清单", "Checklists"), &["ron"]),
            FilePurpose::OpenLedger => {
                dialog.set_title(lang.pick("打开台账文件夹", "Open a ledger folder"))
            }
            FilePurpose::ImportFeedback => dialog
                .set_title(lang.pick("导入反馈表", "Import a feedback table"))
                .add_filter("Excel", &["xlsx"]),
            FilePurpose::LedgerExport(what) => {
                let ext = match what {
                    LedgerFile::Feedback(_) => "xlsx",
                    LedgerFile::Report(ext) => ext,
                    LedgerFile::Chart => "png",
                };
                let d = dialog
                    .set_title(lang.pick("导出", "Export"))
                    .add_filter(ext, &[ext]);
                match file_name {
                    Some(n) => d.set_file_name(n),
                    None => d,
                }
            }
            FilePurpose::LocateSpeech => dialog
                .set_title(lang.pick("查找原文文件", "Locate the speech file"))
                .add_filter(lang.pick("讲话", "Speeches"), &["txt", "docx", "md"]),
            FilePurpose::ImportDirectory => dialog
                .set_title(lang.pick("导入单位名录", "Import a department directory"))
                .add_filter(lang.pick("单位名录", "Directories"), &["ron"]),
            FilePurpose::ExportDirectory => {
                let d = dialog
                    .set_title(lang.pick("导出单位名录", "Export the department directory"))
                    .add_filter(lang.pick("单位名录", "Directories"), &["ron"]);
                match file_name {
                    Some(n) => d.set_file_name(n),
                    None => d,
                }
            }
            FilePurpose::SaveAs => {
                let d = dialog
                    .set_title(lang.pick("保存清单", "Save the checklist"))
                    .add_filter(lang.pick("清单", "Checklists"), &["ron"]);
                match file_name {
                    Some(n) => d.set_file_name(n),
                    None => d,
                }
            }
            FilePurpose::Export { format, department } => {
                let title = match department {
                    None => lang.pick("导出清单", "Export the checklist"),
                    Some(_) => lang.pick("导出本部门", "Export this department"),
                };
                let d = dialog
                    .set_title(title)
                    .add_filter(format.label(), &[format.extension()]);
                match file_name {
                    Some(n) => d.set_file_name(n),
                    None => d,
                }
            }
        };
        let pick = matches!(
            purpose,
            FilePurpose::Open
                | FilePurpose::LocateSpeech
                | FilePurpose::ImportDirectory
                | FilePurpose::ImportFeedback
        );
        let folder = purpose == FilePurpose::OpenLedger;
        let (tx, rx) = channel();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("luoshi-file-dialog".into())
            .spawn(move || {
                let picked = if folder {
                    block_on(dialog.pick_folder())
                } else if pick {
                    block_on(dialog.pick_file())
                } else {
                    block_on(dialog.save_file())
                };
                let _ = tx.send(picked.map(|h| h.path().to_path_buf()));
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.job = Some(FileDialogJob {
                    purpose,
                    started: Instant::now(),
                    rx,
                })
            }
            Err(_) => self.show_path_entry(
                purpose,
                prefill,
                lang.pick(
                    "无法打开文件对话框，请输入路径。",
                    "Cannot start the file dialog: type a path.",
                ),
            ),
        }
    }

    fn show_path_entry(&mut self, purpose: FilePurpose, prefill: String, reason: &'static str) {
        self.path_entry = Some((purpose, prefill));
        self.path_entry_reason = Some(reason);
        self.path_entry_focus = true;
    }

    /// The dialog's answer, once there is one.
    pub fn poll_file_dialog(&mut self) -> Option<Command> {
        let job = self.job.as_ref()?;
        let answer = job.rx.try_recv().ok()?;
        let job = self.job.take()?;
        match answer {
            Some(path) => Some(job.purpose.command(path, true)),
            None => {
                if job.started.elapsed() < TOO_FAST {
                    self.show_path_entry(
                        job.purpose,
                        String::new(),
                        "文件对话框未能打开，请输入路径或把文件拖入窗口。 / The file dialog did not open: type a path or drop a file on the window.",
                    );
                } else if job.purpose == FilePurpose::SaveAs {
                    self.after_save = None;
                }
                None
            }
        }
    }

    /// Errors, warnings and the path field, above the main view.
    pub fn banner(&mut self, ui: &mut egui::Ui, lang: Lang, out: &mut Vec<Command>) {
        if let Some(e) = &self.error
            && message_bar(ui, Some(ui.visuals().error_fg_color), e, lang)
        {
            out.push(Command::DismissError);
        }
        if let Some(w) = &self.warning
            && message_bar(ui, Some(ui.visuals().warn_fg_color), w, lang)
        {
            self.warning = None;
        }
        if let Some(n) = &self.notice
            && message_bar(ui, None, n, lang)
        {
            self.notice = None;
        }
        if let Some(offer) = &self.learn_offer
            && let Some(answer) = super::directory_ui::learn_bar(ui, offer, lang)
        {
            out.push(answer);
        }
        let mut close = false;
        if let Some((purpose, text)) = &mut self.path_entry {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                if let Some(reason) = self.path_entry_reason {
                    ui.label(reason);
                }
                ui.horizontal(|ui| {
                    let label = match purpose {
                        FilePurpose::Open => lang.pick("打开路径：", "Open path:"),
                        FilePurpose::LocateSpeech => lang.pick("原文路径：", "Speech file:"),
                        FilePurpose::ImportDirectory => lang.pick("导入名录：", "Import from:"),
                        FilePurpose::ExportDirectory => lang.pick("导出名录到：", "Export to:"),
                        FilePurpose::SaveAs => lang.pick("保存到：", "Save to:"),
                        FilePurpose::Export { .. } | FilePurpose::LedgerExport(_) => {
                            lang.pick("导出到：", "Export to:")
                        }
                        FilePurpose::OpenLedger => lang.pick("台账文件夹：", "Ledger folder:"),
                        FilePurpose::ImportFeedback => lang.pick("反馈表：", "Feedback table:"),
                    };
                    ui.label(label);
                    let r = ui.add(
                        egui::TextEdit::singleline(text)
                            .hint_text("/home/…/讲话.txt")
                            .desired_width(420.0),
                    );
                    if std::mem::take(&mut self.path_entry_focus) {
                        r.request_focus();
                    }
                    super::look::underline(ui, &r);
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    let ok = ui.button(lang.pick("确定", "OK")).clicked();
                    if (enter || ok) && !text.trim().is_empty() {
                        let path = PathBuf::from(text.trim());
                        out.push(purpose.clone().command(path, false));
                        close = true;
                    }
                    if ui.button(lang.pick("取消", "Cancel")).clicked() {
                        close = true;
                    }
                });
            });
        }
        if close {
            self.path_entry = None;
            self.path_entry_reason = None;
        }
    }
}

/// Whether a native dialog can plausibly appear: on Linux rfd needs the
/// desktop portal (D-Bus session) or zenity.
fn native_dialog_likely() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return true;
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()))
}

struct ThreadWaker(std::thread::Thread);

impl Wake for ThreadWaker {
    fn wake(self: std::sync::Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs a future to completion on the current (worker) thread.
fn block_on<F: std::future::Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let waker = Waker::from(std::sync::Arc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready(v) => return v,
            Poll::Pending => std::thread::park(),
        }
    }
}

/// One message in a frame with a dismiss button, tinted and coloured with
/// `color` when given; true when dismissed.
fn message_bar(ui: &mut egui::Ui, color: Option<egui::Color32>, text: &str, lang: Lang) -> bool {
    let mut dismiss = false;
    let mut frame = egui::Frame::group(ui.style());
    if let Some(c) = color {
        frame = frame.fill(c.gamma_multiply(0.15));
    }
    frame.show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            match color {
                Some(c) => ui.colored_label(c, text),
                None => ui.label(text),
            };
            dismiss = ui.button(lang.pick("知道了", "Dismiss")).clicked();
        });
    });
    dismiss
}
