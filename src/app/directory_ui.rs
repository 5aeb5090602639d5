//! The department directory (名录) in the window: kept in the data folder,
//! edited in its own window (official name and short forms per unit),
//! imported from and exported to a file for colleagues, applied to the
//! open checklist as one undo step, and learned from renames (公安 →
//! 市公安局 once offers to remember it).

use super::dialogs::{FilePurpose, Modal};
use super::{Command, LuoshiApp, i18n::Lang, look};
use crate::checklist::Edit;
use crate::directory::{self, Directory, Unit};
use eframe::egui;
use std::path::{Path, PathBuf};

/// The directory window's rows as typed: (official name, short forms
/// separated by 、).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DirectoryDraft {
    pub rows: Vec<(String, String)>,
}

impl DirectoryDraft {
    pub fn of(dir: &Directory) -> Self {
        DirectoryDraft {
            rows: dir
                .units
                .iter()
                .map(|u| (u.name.clone(), u.short.join("、")))
                .collect(),
        }
    }

    /// The directory the rows describe (blank rows dropped).
    pub fn directory(&self) -> Directory {
        let mut dir = Directory {
            units: self
                .rows
                .iter()
                .map(|(name, short)| Unit {
                    name: name.clone(),
                    short: short
                        .split(['、', ',', '，', ';', '；'])
                        .map(str::to_string)
                        .collect(),
                })
                .collect(),
        };
        dir.tidy();
        dir
    }
}

/// The directory kept in eframe's data folder (empty when there is none
/// or it cannot be read: the window reports that once it is up).
pub(super) fn stored_directory() -> Directory {
    eframe::storage_dir("luoshi")
        .and_then(|dir| Directory::load(&dir.join(directory::FILE_NAME)).ok())
        .unwrap_or_default()
}

impl LuoshiApp {
    /// Reads the directory kept in `data_dir`; a damaged file is reported
    /// and left as it is (the app then starts with an empty directory and
    /// never writes over the file unless the user saves a new one).
    pub(super) fn load_directory(&mut self, data_dir: &Path) -> Option<String> {
        let path = data_dir.join(directory::FILE_NAME);
        self.directory_path = Some(path.clone());
        if !path.exists() {
            return None;
        }
        match Directory::load(&path) {
            Ok(dir) => {
                self.directory = dir;
                None
            }
            Err(e) => Some(e.to_string()),
        }
    }

    /// Carries out a directory command.
    pub(super) fn directory_command(&mut self, ctx: &egui::Context, cmd: Command) {
        let lang = self.settings.lang;
        match cmd {
            Command::ShowDirectory => self
                .dialogs
                .open(Modal::Directory(DirectoryDraft::of(&self.directory))),
            Command::SaveDirectory(dir) => {
                self.directory = dir;
                self.save_directory();
            }
            Command::ApplyDirectory => self.apply_directory(),
            Command::LearnName { short, name } => {
                self.dialogs.learn_offer = None;
                if self.directory.learn(&short, &name) {
                    self.save_directory();
                }
            }
            Command::ImportDirectoryDialog | Command::ExportDirectoryDialog => {
                let purpose = if cmd == Command::ImportDirectoryDialog {
                    FilePurpose::ImportDirectory
                } else {
                    FilePurpose::ExportDirectory
                };
                let name = (purpose == FilePurpose::ExportDirectory)
                    .then(|| directory::FILE_NAME.to_string());
                self.dialogs
                    .start_file_dialog(ctx, purpose, None, name, lang);
            }
            Command::ImportDirectory(path) => match Directory::load(&path) {
                Ok(other) => {
                    let changed = self.directory.merge(&other);
                    self.save_directory();
                    self.dialogs.notice = Some(format!(
                        "已导入名录，{changed} 个单位有更新 / directory imported: {changed} units added or extended"
                    ));
                }
                Err(e) => self.dialogs.error = Some(e.to_string()),
            },
            Command::ExportDirectory { path, replace } => self.export_directory(path, replace),
            _ => {}
        }
    }

    fn save_directory(&mut self) {
        let Some(path) = &self.directory_path else {
            self.dialogs.error = Some(
                "没有数据文件夹，名录无法保存 / no data folder: the directory cannot be kept"
                    .to_owned(),
            );
            return;
        };
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            self.dialogs.error = Some(format!(
                "无法创建 {}：{e} / cannot create {}: {e}",
                parent.display(),
                parent.display()
            ));
            return;
        }
        if let Err(e) = self.directory.save(path) {
            self.dialogs.error = Some(e.to_string());
        }
    }

    fn export_directory(&mut self, path: PathBuf, replace: bool) {
        if path.exists() && !replace {
            self.dialogs
                .open(Modal::Question(super::dialogs::Question::Replace {
                    path: path.clone(),
                    command: Box::new(Command::ExportDirectory {
                        path,
                        replace: true,
                    }),
                }));
            return;
        }
        match self.directory.save(&path) {
            Ok(()) => {
                self.dialogs.notice = Some(format!(
                    "名录已导出到 {} / directory exported",
                    path.display()
                ))
            }
            Err(e) => self.dialogs.error = Some(e.to_string()),
        }
    }

    /// Gives the open checklist the directory's names, as one undo step.
    fn apply_directory(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        let edits = self.directory.edits_for(&session.checklist);
        if edits.is_empty() {
            self.dialogs.notice = Some(
                "清单中的单位名称已与名录一致 / the checklist already uses the directory's names"
                    .to_owned(),
            );
            return;
        }
        if let Err(e) = session.apply(Edit::Batch(edits)) {
            self.dialogs.error = Some(e.to_string());
        }
    }

    /// After a rename by the user: offer to remember it, unless the
    /// directory already says so.
    pub(super) fn offer_to_learn(&mut self, from: &str, to: &str) {
        if self.directory_path.is_some() && !self.directory.knows(from, to) {
            self.dialogs.learn_offer = Some((from.to_owned(), to.to_owned()));
        }
    }
}

/// The "remember this name?" bar; returns the command of its answer.
pub(super) fn learn_bar(
    ui: &mut egui::Ui,
    offer: &(String, String),
    lang: Lang,
) -> Option<Command> {
    let (short, name) = offer;
    let mut answer = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{}“{short}”{}“{name}”{}",
                lang.pick("把", "Remember that "),
                lang.pick("记入名录，作为", " means "),
                lang.pick("的简称？", "in the directory?"),
            ));
            if ui.button(lang.pick("记住", "Remember")).clicked() {
                answer = Some(Command::LearnName {
                    short: short.clone(),
                    name: name.clone(),
                });
            }
            if ui.button(lang.pick("不用", "No")).clicked() {
                answer = Some(Command::DismissLearn);
            }
        });
    });
    answer
}

/// The directory window; returns the draft while it stays open.
// Long: one grid of editable rows with its buttons; split, the rows and
// the buttons that change them would be apart.
pub(super) fn directory_window(
    ctx: &egui::Context,
    lang: Lang,
    mut draft: DirectoryDraft,
    has_checklist: bool,
    out: &mut Vec<Command>,
) -> Option<Modal> {
    let mut open = true;
    let mut close = false;
    egui::Window::new(lang.pick("单位名录", "Department directory"))
        .open(&mut open)
        .default_width(560.0)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.label(lang.pick(
                "每行一个单位：正式名称，以及讲话中常用的简称（用、分隔）。提取和导出时使用正式名称。",
                "One unit per row: its official name and the short forms speeches use (separated by 、). Extraction and exports use the official name.",
            ));
            egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                let mut remove = None;
                egui::Grid::new("directory_rows").num_columns(3).show(ui, |ui| {
                    ui.strong(lang.pick("正式名称", "Official name"));
                    ui.strong(lang.pick("简称", "Short forms"));
                    ui.end_row();
                    for (i, (name, short)) in draft.rows.iter_mut().enumerate() {
                        // Sized, not desired: a grid's cell would shrink the field.
                        let r = ui.add_sized(
                            [160.0, 22.0],
                            egui::TextEdit::singleline(name).hint_text("市公安局"),
                        );
                        look::underline(ui, &r);
                        let r = ui.add_sized(
                            [260.0, 22.0],
                            egui::TextEdit::singleline(short).hint_text("公安、公安局"),
                        );
                        look::underline(ui, &r);
                        if ui.button(lang.pick("删除", "Delete")).clicked() {
                            remove = Some(i);
                        }
                        ui.end_row();
                    }
                });
                if let Some(i) = remove {
                    draft.rows.remove(i);
                }
            });
            if ui.button(lang.pick("＋ 添加单位", "+ Add unit")).clicked() {
                draft.rows.push(Default::default());
            }
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button(lang.pick("保存", "Save")).clicked() {
                    out.push(Command::SaveDirectory(draft.directory()));
                    close = true;
                }
                let apply = ui.add_enabled(
                    has_checklist,
                    egui::Button::new(lang.pick("保存并用于当前清单", "Save and apply to the checklist")),
                );
                if apply.clicked() {
                    out.push(Command::SaveDirectory(draft.directory()));
                    out.push(Command::ApplyDirectory);
                    close = true;
                }
                if ui.button(lang.pick("导入…", "Import…")).clicked() {
                    out.push(Command::ImportDirectoryDialog);
                    close = true;
                }
                if ui.button(lang.pick("导出…", "Export…")).clicked() {
                    out.push(Command::SaveDirectory(draft.directory()));
                    out.push(Command::ExportDirectoryDialog);
                    close = true;
                }
                if ui.button(lang.pick("取消", "Cancel")).clicked() {
                    close = true;
                }
            });
        });
    (open && !close).then_some(Modal::Directory(draft))
}
