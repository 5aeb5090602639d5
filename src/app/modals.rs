//! The one modal shown at a time: the recovery offer at start, the
//! unsaved-changes question, a save's question (file changed on disk,
//! replace a file), the department name, About. One `enum`, so two can
//! never be open together; each returns a [`Command`] when answered.

use super::dialogs::Dialogs;
use super::{Command, Pending, Session, i18n::Lang, look};
use crate::checklist::Edit;
use eframe::egui;
use std::path::PathBuf;

/// What the window asks or shows on top of everything else.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// Edits journalled by a window that is gone (a name to show): 恢复 / 丢弃.
    RecoveryOffer(String),
    /// The action waiting for 保存 / 不保存 / 取消.
    Unsaved(Pending),
    /// A save or export waiting for an answer.
    Question(Question),
    /// The department-name prompt.
    Department(DepartmentPrompt),
    /// The department directory window, with the rows as typed.
    Directory(super::directory_ui::DirectoryDraft),
    About,
}

/// A question that stops a save or export until the user answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// The checklist file changed on disk since this window read or saved it.
    ChangedOnDisk { path: PathBuf },
    /// `command` would replace the existing file `path`.
    Replace {
        path: PathBuf,
        command: Box<Command>,
    },
}

/// The department-name prompt (add, or rename `from`).
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentPrompt {
    pub from: Option<String>,
    pub name: String,
}

impl Dialogs {
    /// Shows `modal`, unless a question about the user's data is open:
    /// that one is answered first (and `modal` is dropped).
    pub fn open(&mut self, modal: Modal) {
        let busy = matches!(
            self.modal,
            Some(Modal::RecoveryOffer(_) | Modal::Unsaved(_) | Modal::Question(_))
        );
        if !busy {
            self.modal = Some(modal);
        }
    }

    /// Closes the modal if it is of the kind `is`.
    pub fn close_if(&mut self, is: impl Fn(&Modal) -> bool) {
        if self.modal.as_ref().is_some_and(is) {
            self.modal = None;
        }
    }

    pub fn ask_department(&mut self, from: Option<String>) {
        let name = from.clone().unwrap_or_default();
        self.open(Modal::Department(DepartmentPrompt { from, name }));
    }

    /// The modal, drawn after the panels so it sits on top.
    pub fn show_modals(
        &mut self,
        ctx: &egui::Context,
        lang: Lang,
        session: Option<&Session>,
        out: &mut Vec<Command>,
    ) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        // Each returns the modal while it stays open.
        self.modal = match modal {
            Modal::RecoveryOffer(name) => recovery(ctx, lang, name, out),
            Modal::Unsaved(pending) => self.unsaved(ctx, lang, session, pending, out),
            Modal::Question(q) => question(ctx, lang, q, out),
            Modal::Department(prompt) => department(ctx, lang, prompt, out),
            Modal::Directory(draft) => {
                super::directory_ui::directory_window(ctx, lang, draft, session.is_some(), out)
            }
            Modal::About => about(ctx, lang),
        };
    }

    fn unsaved(
        &mut self,
        ctx: &egui::Context,
        lang: Lang,
        session: Option<&Session>,
        pending: Pending,
        out: &mut Vec<Command>,
    ) -> Option<Modal> {
        let name = session.map(|s| s.display_name.clone()).unwrap_or_default();
        #[derive(PartialEq)]
        enum Answer {
            Save,
            Discard,
            Cancel,
        }
        let r = egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.heading(lang.pick("保存修改吗？", "Save your changes?"));
            ui.label(format!(
                "{} “{}” {}",
                lang.pick("清单", "The checklist"),
                name,
                lang.pick(
                    "有未保存的修改。不保存，修改将丢失。",
                    "has unsaved changes. They are lost if you don't save.",
                ),
            ));
            ui.add_space(8.0);
            let mut answer = None;
            ui.horizontal(|ui| {
                if ui.button(lang.pick("保存", "Save")).clicked() {
                    answer = Some(Answer::Save);
                }
                if ui.button(lang.pick("不保存", "Don't save")).clicked() {
                    answer = Some(Answer::Discard);
                }
                if ui.button(lang.pick("取消", "Cancel")).clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
            answer
        });
        let answer = match r.inner {
            Some(a) => a,
            None if r.should_close() => Answer::Cancel,
            None => return Some(Modal::Unsaved(pending)),
        };
        match answer {
            Answer::Save => {
                self.after_save = Some(pending);
                out.push(Command::Save);
            }
            Answer::Discard => {
                self.after_save = None;
                out.push(Command::DiscardAndProceed(pending));
            }
            Answer::Cancel => {}
        }
        None
    }
}

fn recovery(
    ctx: &egui::Context,
    lang: Lang,
    name: String,
    out: &mut Vec<Command>,
) -> Option<Modal> {
    let r = egui::Modal::new(egui::Id::unique("recovery_offer")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(lang.pick(
            "发现未保存的修改，是否恢复？",
            "Unsaved changes were found. Restore them?",
        ));
        ui.label(name.as_str());
        ui.add_space(8.0);
        let mut answer = None;
        ui.horizontal(|ui| {
            if ui.button(lang.pick("恢复", "Restore")).clicked() {
                answer = Some(Command::RestoreRecovery);
            }
            if ui.button(lang.pick("丢弃", "Discard")).clicked() {
                answer = Some(Command::DiscardRecovery);
            }
        });
        answer
    });
    // Escape or a click outside does not answer: the edits are either
    // kept or dropped on purpose.
    match r.inner {
        Some(cmd) => {
            out.push(cmd);
            None
        }
        None => Some(Modal::RecoveryOffer(name)),
    }
}

fn question(ctx: &egui::Context, lang: Lang, q: Question, out: &mut Vec<Command>) -> Option<Modal> {
    let r = egui::Modal::new(egui::Id::unique("save_question")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        match &q {
            Question::ChangedOnDisk { path } => changed_on_disk(ui, lang, path),
            Question::Replace { path, command } => replace(ui, lang, path, command),
        }
    });
    let answer = match r.inner {
        Some(cmd) => cmd,
        None if r.should_close() => Command::DismissQuestion,
        None => return Some(Modal::Question(q)),
    };
    out.push(answer);
    None
}

fn changed_on_disk(ui: &mut egui::Ui, lang: Lang, path: &std::path::Path) -> Option<Command> {
    ui.heading(lang.pick(
        "文件已被其他窗口或程序修改",
        "The file was changed by another window or program",
    ));
    ui.label(path.display().to_string());
    ui.label(lang.pick(
        "在本窗口打开或保存之后，磁盘上的清单已被改动。直接保存会覆盖那些修改。",
        "Since this window opened or saved it, the checklist on disk was changed. Saving here would overwrite those changes.",
    ));
    ui.add_space(8.0);
    let mut answer = None;
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(lang.pick("另存为副本", "Save as a copy"))
            .clicked()
        {
            answer = Some(Command::SaveCopyDialog);
        }
        let reload = lang.pick(
            "重新载入（放弃本窗口的修改）",
            "Reload (drop this window's changes)",
        );
        if ui.button(reload).clicked() {
            answer = Some(Command::Reload);
        }
        if ui.button(lang.pick("覆盖", "Overwrite")).clicked() {
            answer = Some(Command::SaveOverChanged);
        }
        if ui.button(lang.pick("取消", "Cancel")).clicked() {
            answer = Some(Command::DismissQuestion);
        }
    });
    answer
}

fn replace(
    ui: &mut egui::Ui,
    lang: Lang,
    path: &std::path::Path,
    command: &Command,
) -> Option<Command> {
    ui.heading(lang.pick("替换已有的文件吗？", "Replace the existing file?"));
    ui.label(path.display().to_string());
    ui.label(lang.pick(
        "该文件已存在，替换后原内容将丢失。",
        "This file exists already; replacing it loses what it holds.",
    ));
    ui.add_space(8.0);
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui.button(lang.pick("替换", "Replace")).clicked() {
            answer = Some(command.clone().replacing());
        }
        if ui.button(lang.pick("取消", "Cancel")).clicked() {
            answer = Some(Command::DismissQuestion);
        }
    });
    answer
}

fn department(
    ctx: &egui::Context,
    lang: Lang,
    mut prompt: DepartmentPrompt,
    out: &mut Vec<Command>,
) -> Option<Modal> {
    let mut done = false;
    let r = egui::Modal::new(egui::Id::unique("department_name")).show(ctx, |ui| {
        ui.heading(match prompt.from {
            None => lang.pick("添加部门", "Add a department"),
            Some(_) => lang.pick("重命名部门", "Rename the department"),
        });
        let edit = ui.add(
            egui::TextEdit::singleline(&mut prompt.name)
                .hint_text(lang.pick("部门名称", "Department name")),
        );
        look::underline(ui, &edit);
        edit.request_focus();
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let name = prompt.name.trim().to_owned();
            let ok = ui
                .add_enabled(!name.is_empty(), egui::Button::new(lang.pick("确定", "OK")))
                .clicked();
            if (ok || enter) && !name.is_empty() {
                out.push(Command::Edit(match &prompt.from {
                    None => Edit::AddDepartment {
                        name: name.clone(),
                        index: None,
                    },
                    Some(from) => Edit::RenameDepartment {
                        from: from.clone(),
                        to: name.clone(),
                    },
                }));
                out.push(Command::SelectDepartment(Some(name)));
                done = true;
            }
            if ui.button(lang.pick("取消", "Cancel")).clicked() {
                done = true;
            }
        });
    });
    (!(done || r.should_close())).then_some(Modal::Department(prompt))
}

fn about(ctx: &egui::Context, lang: Lang) -> Option<Modal> {
    let r = egui::Modal::new(egui::Id::unique("about")).show(ctx, |ui| {
        ui.heading("落实 Luoshi");
        ui.label(format!(
            "{} {}",
            lang.pick("版本", "Version"),
            env!("CARGO_PKG_VERSION")
        ));
        ui.label(lang.pick(
            "把领导讲话变成各部门的任务清单，全部在本机完成。",
            "Turns a leader's speech into per-department checklists, on your own machine.",
        ));
        ui.label(lang.pick(
            "内置字体：思源黑体 Noto Sans CJK SC（SIL OFL 1.1）",
            "Bundled font: Noto Sans CJK SC (SIL OFL 1.1)",
        ));
        ui.button(lang.pick("关闭", "Close")).clicked()
    });
    (!(r.inner || r.should_close())).then_some(Modal::About)
}
