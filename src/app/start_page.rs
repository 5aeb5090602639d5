//! The start page: Open…, the sample speech and recent files; and what
//! shows while the file named on the command line opens.

use super::settings::Settings;
use super::{Command, i18n::Lang};
use eframe::egui;
use std::path::Path;

/// Shown while the file named on the command line opens in the background.
pub fn opening(ui: &mut egui::Ui, path: &Path, lang: Lang) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.3);
        ui.spinner();
        ui.add_space(8.0);
        ui.label(format!("{} {name}…", lang.pick("正在打开", "Opening")));
    });
}

pub fn show(ui: &mut egui::Ui, settings: &Settings, lang: Lang, out: &mut Vec<Command>) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.12);
        ui.heading(egui::RichText::new("落实 Luoshi").size(36.0).strong());
        ui.label(lang.pick(
            "打开一篇讲话，逐条列出各部门的任务，并跟踪完成情况。",
            "Open a speech to list each department's tasks and track them.",
        ));
        ui.add_space(24.0);
        let big = |text: &str| egui::Button::new(egui::RichText::new(text).size(18.0)).min_size(egui::vec2(240.0, 40.0));
        if ui.add(big(lang.pick("打开…", "Open…"))).clicked() {
            out.push(Command::OpenDialog);
        }
        ui.add_space(8.0);
        if ui.add(big(lang.pick("打开示例讲话", "Open the sample speech"))).clicked() {
            out.push(Command::OpenSample);
        }
        ui.add_space(8.0);
        ui.weak(lang.pick(
            "支持 .txt（任意中文编码）、.docx 讲话和已保存的 .ron 清单；也可以把文件拖入窗口。",
            "Opens .txt (any Chinese encoding) and .docx speeches and saved .ron checklists; you can also drop a file here.",
        ));
        ui.add_space(24.0);
        if !settings.recent.is_empty() {
            ui.strong(lang.pick("最近打开", "Recent files"));
            ui.add_space(4.0);
            for path in &settings.recent {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string());
                let r = ui.add(egui::Button::new(name).frame(false));
                if r.on_hover_text(path.display().to_string()).clicked() {
                    out.push(Command::Open(path.clone()));
                }
            }
        }
    });
}
