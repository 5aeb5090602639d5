//! The menu bar (文件 / 编辑 / 视图 / 帮助) and the keyboard shortcuts behind
//! it. Menu items only push [`Command`]s.

use super::settings::ThemeChoice;
use super::{Command, LuoshiApp, i18n::Lang};
use crate::export::Format;
use eframe::egui;
use egui::{Key, KeyboardShortcut, Modifiers};

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const CLOSE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::W);
const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);

/// Shortcuts handled before drawing, most specific first (Ctrl+Shift+S
/// before Ctrl+S). Zoom (Ctrl+= / Ctrl+- / Ctrl+0) is egui's own.
pub fn shortcuts() -> Vec<(KeyboardShortcut, Command)> {
    vec![
        (SAVE_AS, Command::SaveAsDialog),
        (REDO, Command::Redo),
        (OPEN, Command::OpenDialog),
        (SAVE, Command::Save),
        (CLOSE, Command::CloseDocument),
        (QUIT, Command::Quit),
        (UNDO, Command::Undo),
        (REDO_Y, Command::Redo),
    ]
}

fn item(
    ui: &mut egui::Ui,
    label: &str,
    shortcut: Option<&KeyboardShortcut>,
    enabled: bool,
) -> bool {
    let mut button = egui::Button::new(label);
    if let Some(s) = shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(s));
    }
    ui.add_enabled(enabled, button).clicked()
}

/// One entry per export format, each asking where to write it.
fn export_formats(ui: &mut egui::Ui, department: Option<String>, out: &mut Vec<Command>) {
    for format in Format::ALL {
        let label = format!("{} (.{})", format.label(), format.extension());
        if ui.button(label).clicked() {
            out.push(Command::ExportDialog {
                format,
                department: department.clone(),
            });
        }
    }
}

pub fn menu_bar(ui: &mut egui::Ui, app: &LuoshiApp, out: &mut Vec<Command>) {
    let lang = app.settings.lang;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(lang.pick("文件", "File"), |ui| file_menu(ui, app, out));
        ui.menu_button(lang.pick("编辑", "Edit"), |ui| edit_menu(ui, app, out));
        ui.menu_button(lang.pick("视图", "View"), |ui| view_menu(ui, app, out));
        ui.menu_button(lang.pick("帮助", "Help"), |ui| {
            if item(ui, lang.pick("关于落实", "About Luoshi"), None, true) {
                out.push(Command::ShowAbout);
            }
        });
    });
}

/// 文件 › 打开督办台账: a folder of checklists followed until done.
fn ledger_item(ui: &mut egui::Ui, lang: Lang, out: &mut Vec<Command>) {
    let label = lang.pick("打开督办台账（文件夹）…", "Open a 督办 ledger (folder)…");
    if item(ui, label, None, true) {
        out.push(Command::OpenLedgerDialog);
    }
}

fn file_menu(ui: &mut egui::Ui, app: &LuoshiApp, out: &mut Vec<Command>) {
    let lang = app.settings.lang;
    let open = app.session.is_some();
    if item(ui, lang.pick("打开…", "Open…"), Some(&OPEN), true) {
        out.push(Command::OpenDialog);
    }
    if item(
        ui,
        lang.pick("打开示例讲话", "Open the sample speech"),
        None,
        true,
    ) {
        out.push(Command::OpenSample);
    }
    ledger_item(ui, lang, out);
    ui.menu_button(lang.pick("最近打开", "Open recent"), |ui| {
        if app.settings.recent.is_empty() {
            ui.weak(lang.pick("（无）", "(none)"));
        }
        for path in &app.settings.recent {
            if ui.button(path.display().to_string()).clicked() {
                out.push(Command::Open(path.clone()));
            }
        }
    });
    ui.separator();
    if item(ui, lang.pick("保存", "Save"), Some(&SAVE), open) {
        out.push(Command::Save);
    }
    if item(ui, lang.pick("另存为…", "Save as…"), Some(&SAVE_AS), open) {
        out.push(Command::SaveAsDialog);
    }
    ui.add_enabled_ui(open, |ui| {
        ui.menu_button(lang.pick("导出…", "Export…"), |ui| {
            export_formats(ui, None, out);
        });
    });
    let department = app.view.selected_department.clone().filter(|_| open);
    ui.add_enabled_ui(department.is_some(), |ui| {
        ui.menu_button(
            lang.pick("导出本部门…", "Export this department…"),
            |ui| {
                if let Some(name) = &department {
                    ui.weak(name.as_str());
                }
                export_formats(ui, department.clone(), out);
            },
        );
    });
    let speech_elsewhere = app.session.as_ref().is_some_and(|s| !s.speech_from_file);
    if speech_elsewhere
        && ui
            .button(lang.pick("查找原文文件…", "Locate the speech file…"))
            .on_hover_text(lang.pick(
                "清单中保存了原文；如需原文件，请指出它的位置",
                "The checklist keeps the speech's text; point to the original file if you want it",
            ))
            .clicked()
    {
        out.push(Command::LocateSpeechDialog);
    }
    if item(
        ui,
        lang.pick("关闭文档", "Close document"),
        Some(&CLOSE),
        open,
    ) {
        out.push(Command::CloseDocument);
    }
    ui.separator();
    if item(ui, lang.pick("退出", "Quit"), Some(&QUIT), true) {
        out.push(Command::Quit);
    }
}

fn edit_menu(ui: &mut egui::Ui, app: &LuoshiApp, out: &mut Vec<Command>) {
    let lang = app.settings.lang;
    let open = app.session.is_some();
    let history = app.session.as_ref().map(|s| &s.history);
    if item(
        ui,
        lang.pick("撤销", "Undo"),
        Some(&UNDO),
        history.is_some_and(|h| h.can_undo()),
    ) {
        out.push(Command::Undo);
    }
    if item(
        ui,
        lang.pick("重做", "Redo"),
        Some(&REDO),
        history.is_some_and(|h| h.can_redo()),
    ) {
        out.push(Command::Redo);
    }
    ui.separator();
    if item(ui, lang.pick("添加部门…", "Add department…"), None, open) {
        out.push(Command::AskDepartmentName(None));
    }
    if item(
        ui,
        lang.pick("单位名录…", "Department directory…"),
        None,
        true,
    ) {
        out.push(Command::ShowDirectory);
    }
}

fn view_menu(ui: &mut egui::Ui, app: &LuoshiApp, out: &mut Vec<Command>) {
    let lang = app.settings.lang;
    if item(
        ui,
        lang.pick("放大", "Zoom in"),
        Some(&egui::gui_zoom::kb_shortcuts::ZOOM_IN),
        true,
    ) {
        out.push(Command::Zoom(0.1));
    }
    if item(
        ui,
        lang.pick("缩小", "Zoom out"),
        Some(&egui::gui_zoom::kb_shortcuts::ZOOM_OUT),
        true,
    ) {
        out.push(Command::Zoom(-0.1));
    }
    if item(
        ui,
        lang.pick("实际大小", "Actual size"),
        Some(&egui::gui_zoom::kb_shortcuts::ZOOM_RESET),
        true,
    ) {
        out.push(Command::ZoomReset);
    }
    ui.separator();
    for (t, zh, en) in [
        (ThemeChoice::System, "跟随系统", "System theme"),
        (ThemeChoice::Light, "浅色", "Light"),
        (ThemeChoice::Dark, "深色", "Dark"),
    ] {
        if ui
            .radio(app.settings.theme == t, lang.pick(zh, en))
            .clicked()
        {
            out.push(Command::SetTheme(t));
        }
    }
    ui.separator();
    for (l, name) in [(Lang::Zh, "中文"), (Lang::En, "English")] {
        if ui.radio(lang == l, name).clicked() {
            out.push(Command::SetLang(l));
        }
    }
    ui.separator();
    ui.menu_button(lang.pick("文档字体", "Document font"), |ui| {
        font_menu(ui, app, out)
    });
}

fn font_menu(ui: &mut egui::Ui, app: &LuoshiApp, out: &mut Vec<Command>) {
    let lang = app.settings.lang;
    let current = app.settings.document_font.as_deref();
    if ui
        .radio(
            current.is_none(),
            lang.pick("内置 思源黑体", "Bundled Noto Sans CJK SC"),
        )
        .clicked()
    {
        out.push(Command::SetDocumentFont(None));
    }
    match &app.fonts {
        Some(f) if !f.scanned => {
            ui.weak(lang.pick("正在查找系统字体…", "Looking for installed fonts…"));
        }
        Some(f) => {
            if f.faces.is_empty() {
                ui.weak(lang.pick("未找到已安装的中文字体", "No installed Chinese fonts found"));
            }
            for face in &f.faces {
                if ui
                    .radio(current == Some(face.family.as_str()), &face.family)
                    .clicked()
                {
                    out.push(Command::SetDocumentFont(Some(face.family.clone())));
                }
            }
            if let Some(e) = &f.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        }
        None => {}
    }
}
