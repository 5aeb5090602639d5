//! The desktop app (eframe/egui) on top of the library: a start page, the
//! speech beside its per-department checklist, menus and dialogs.
//!
//! Widgets never change the checklist themselves: they return [`Command`]s
//! that [`LuoshiApp::apply`] carries out after drawing, and every change to
//! the checklist is a library `Edit` through its `History`. This module owns
//! no domain logic (loading, extraction, edit semantics, saving format).

pub mod autosave;
pub mod bench_log;
mod checklist_panel;
mod closing;
mod command;
mod dialogs;
mod directory_ui;
mod document_view;
mod fields;
pub mod fonts;
pub mod i18n;
mod item_card;
mod item_list;
mod item_table;
mod journal;
mod ledger_commands;
mod ledger_parts;
pub mod ledger_view;
mod look;
mod menus;
mod modals;
mod opening;
mod review_keys;
mod saving;
pub mod settings;
mod start_page;
mod view;

pub use command::{Command, Pending};
pub use opening::Opening;
pub use view::ViewState;

pub use crate::session::{self, Session};
use autosave::Autosave;
use dialogs::Dialogs;
use eframe::egui;
use egui::ViewportCommand;
use fonts::FontState;
use i18n::Lang;
use settings::Settings;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(serde::Deserialize, serde::Serialize, Default)]
#[serde(default)]
pub struct LuoshiApp {
    pub settings: Settings,
    #[serde(skip)]
    pub session: Option<Session>,
    #[serde(skip)]
    pub view: ViewState,
    #[serde(skip)]
    pub dialogs: Dialogs,
    #[serde(skip)]
    fonts: Option<FontState>,
    #[serde(skip)]
    doc_cache: document_view::Cache,
    /// Set once the user agreed to close; the next close request goes through.
    #[serde(skip)]
    allow_close: bool,
    #[serde(skip)]
    last_title: String,
    /// Font generation the document cache was built with, and how many more
    /// frames to drop it (egui swaps fonts at the start of the next frame).
    #[serde(skip)]
    font_generation: (u64, u8),
    /// The recovery journal; `None` without a data folder.
    #[serde(skip)]
    pub autosave: Option<Autosave>,
    /// The UI benchmark's timing log; `None` unless `LUOSHI_BENCH_LOG` is set.
    #[serde(skip)]
    bench: Option<bench_log::BenchLog>,
    /// A file opening in the background (see [`Opening`]).
    #[serde(skip)]
    pub opening: Option<Opening>,
    /// eframe draws through a software rasteriser (see [`look`]).
    #[serde(skip)]
    software_renderer: bool,
    /// A save running on a worker thread (see [`saving`]).
    #[serde(skip)]
    saving: Option<saving::Saving>,
    /// The office's department directory (名录), see [`directory_ui`].
    #[serde(skip)]
    pub directory: crate::directory::Directory,
    /// Where the directory is kept; `None` without a data folder.
    #[serde(skip)]
    pub directory_path: Option<PathBuf>,
    /// An open 督办台账, shown in place of a checklist.
    #[serde(skip)]
    pub ledger: Option<ledger_view::LedgerUi>,
}

impl LuoshiApp {
    /// The app as eframe starts it: settings restored, fonts installed,
    /// system fonts scanned in the background, `path` opened if given
    /// (`run` passes `None` and an [`Opening`] instead).
    pub fn new(cc: &eframe::CreationContext<'_>, path: Option<PathBuf>) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, settings::STORAGE_KEY))
            .unwrap_or_default();
        let renderer = look::gl_renderer(cc);
        crate::logfile::write(&format!(
            "OpenGL renderer: {}",
            renderer.as_deref().unwrap_or("-")
        ));
        let mut app = LuoshiApp {
            settings,
            dialogs: Dialogs::new(true),
            bench: bench_log::BenchLog::from_env(),
            software_renderer: renderer.as_deref().is_some_and(look::is_software_renderer),
            ..Default::default()
        };
        app.init(&cc.egui_ctx, true);
        if let Some(dir) = eframe::storage_dir("luoshi") {
            app = app.with_data_dir(dir);
            if let Some(autosave) = &app.autosave {
                autosave.install_panic_hook();
            }
        }
        if let Some(path) = path {
            app.open_path(path);
        }
        app
    }

    /// The app without eframe (tests): no native dialogs, no system font
    /// scan; fonts, theme and zoom are set up on the first frame. Install
    /// the fonts before that frame with [`fonts::install_bundled`] if the
    /// first frame's text must already render.
    pub fn headless(settings: Settings) -> Self {
        LuoshiApp {
            settings,
            dialogs: Dialogs::new(false),
            ..Default::default()
        }
    }

    fn init(&mut self, ctx: &egui::Context, scan_fonts: bool) {
        let mut fonts = FontState::start(ctx, scan_fonts);
        if let Some(name) = self.settings.document_font.clone() {
            fonts.select_document_font(ctx, Some(&name));
        }
        self.fonts = Some(fonts);
        ctx.set_theme(self.settings.theme);
        ctx.set_zoom_factor(self.settings.zoom);
        look::install(ctx, self.software_renderer);
    }

    /// Draws one frame and applies what the user asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.fonts.is_none() {
            self.init(&ctx, false);
        }
        if let Some(fonts) = &mut self.fonts {
            fonts.poll(&ctx, self.settings.document_font.as_deref());
            if fonts.generation != self.font_generation.0 {
                self.font_generation = (fonts.generation, 2);
            }
        }
        if self.font_generation.1 > 0 {
            self.font_generation.1 -= 1;
            self.doc_cache = Default::default();
            ctx.request_repaint();
        }
        self.poll_opening(&ctx);
        self.poll_saving(&ctx);
        let mut commands = Vec::new();
        self.handle_close_request(&ctx, &mut commands);
        self.handle_shortcuts(&ctx, &mut commands);
        self.handle_review_keys(&ctx, &mut commands);
        self.handle_dropped_files(&ctx, &mut commands);
        if let Some(cmd) = self.dialogs.poll_file_dialog() {
            commands.push(cmd);
        }

        let lang = self.settings.lang;
        egui::Panel::top("menu_bar").show(ui, |ui| {
            menus::menu_bar(ui, self, &mut commands);
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            self.status_bar(ui, lang);
        });
        if self.ledger.is_none() {
            self.checklist_side(ui, &mut commands);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.dialogs.banner(ui, lang, &mut commands);
            if let Some(ledger) = &mut self.ledger {
                for request in ledger.show(ui, lang) {
                    commands.push(Command::Ledger(request));
                }
                return;
            }
            match &self.session {
                None => match &self.opening {
                    Some(opening) => start_page::opening(ui, &opening.path, lang),
                    None => start_page::show(ui, &self.settings, lang, &mut commands),
                },
                Some(session) => {
                    let font_size = self.settings.document_font_size;
                    document_view::show(
                        ui,
                        session,
                        &mut self.view,
                        &mut self.doc_cache,
                        font_size,
                        lang,
                        &mut commands,
                    );
                }
            }
        });
        self.dialogs
            .show_modals(&ctx, lang, self.session.as_ref(), &mut commands);

        for cmd in commands {
            self.apply(&ctx, cmd);
        }
        self.autosave_tick(&ctx);
        self.update_title(&ctx);
    }

    /// The checklist on the right, when a checklist is open.
    fn checklist_side(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(session) = &self.session else { return };
        egui::Panel::right("checklist")
            .resizable(true)
            .default_size(540.0)
            .min_size(320.0)
            .show(ui, |ui| {
                // While another file opens, this checklist is about to be
                // replaced (the unsaved-changes question was asked
                // already): no edits that the new one would drop.
                if self.opening.is_some() {
                    ui.disable();
                }
                let (list_view, lang) = (self.settings.list_view, self.settings.lang);
                checklist_panel::show(ui, session, &mut self.view, list_view, lang, commands);
            });
    }

    fn status_bar(&self, ui: &mut egui::Ui, lang: Lang) {
        ui.horizontal(|ui| {
            if let Some(opening) = &self.opening {
                ui.spinner();
                ui.weak(format!(
                    "{} {} ·",
                    lang.pick("正在打开", "Opening"),
                    opening.path.display()
                ));
            }
            if self.saving.is_some() {
                ui.spinner();
                ui.weak(lang.pick("正在保存… ·", "Saving… ·"));
            }
            self.session_status(ui, lang);
        });
    }

    fn session_status(&self, ui: &mut egui::Ui, lang: Lang) {
        if let Some(l) = &self.ledger {
            let tasks: usize = l
                .ledger
                .entries
                .iter()
                .map(|e| e.checklist.item_count())
                .sum();
            ui.label(format!(
                "{} {} · {} {}",
                l.ledger.entries.len(),
                lang.pick("份文件", "documents"),
                tasks,
                lang.pick("项任务（各单位）", "department tasks"),
            ));
            return;
        }
        match &self.session {
            None => {
                ui.weak(lang.pick("未打开文档", "No document open"));
            }
            Some(s) => {
                let (done, total) = s.checklist.progress();
                ui.label(format!(
                    "{} {}/{}  ·  {} {}",
                    lang.pick("已完成", "Done"),
                    done,
                    total,
                    s.checklist.departments.len(),
                    lang.pick("个部门", "departments"),
                ));
                if let Some(doc) = &s.document {
                    ui.weak(format!("· {}", doc.encoding));
                }
                if self.has_unsaved_changes() {
                    ui.weak(lang.pick("· 有未保存的修改", "· unsaved changes"));
                }
            }
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let typing = ctx.egui_wants_keyboard_input();
        let shortcuts = menus::shortcuts();
        ctx.input_mut(|i| {
            for (shortcut, cmd) in shortcuts {
                // While typing, Ctrl+Z belongs to the text field.
                if typing && matches!(cmd, Command::Undo | Command::Redo) {
                    continue;
                }
                if i.consume_shortcut(&shortcut) {
                    commands.push(cmd);
                }
            }
        });
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        // Returned 反馈表 dropped on an open ledger: read them all, then
        // show what they would change.
        if let Some(ledger) = &mut self.ledger {
            let paths: Vec<PathBuf> = dropped.iter().map(|f| f.path().to_path_buf()).collect();
            if paths.iter().any(|p| p.is_dir()) {
                if let Some(dir) = paths.first() {
                    commands.push(Command::OpenLedger(dir.clone()));
                }
            } else if !paths.is_empty() {
                ledger.preview_files(&paths);
            }
            return;
        }
        if let Some(file) = dropped.first() {
            let path = file.path().to_path_buf();
            if path.is_dir() {
                commands.push(Command::OpenLedger(path));
                return;
            }
            commands.push(Command::Open(path));
        }
    }

    /// The window title: file name, a mark when there are unsaved changes.
    pub fn title(&self) -> String {
        if let Some(ledger) = &self.ledger {
            return format!("{} — 落实 Luoshi", ledger.title());
        }
        match &self.session {
            None => "落实 Luoshi".to_owned(),
            Some(s) => {
                let mark = if self.has_unsaved_changes() {
                    "● "
                } else {
                    ""
                };
                format!("{mark}{} — 落实 Luoshi", s.display_name)
            }
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.title();
        if title != self.last_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
        // egui handles Ctrl+= / Ctrl+- / Ctrl+0 itself; remember its zoom.
        let zoom = ctx.zoom_factor();
        if (zoom - self.settings.zoom).abs() > f32::EPSILON {
            self.settings.set_zoom(zoom);
        }
    }
}

impl eframe::App for LuoshiApp {
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        look::clear_color(visuals).to_normalized_gamma_f32()
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let Some(mut bench) = self.bench.take() else {
            self.show(ui);
            return;
        };
        let start = bench.before(ui.ctx(), frame.info().cpu_usage);
        self.show(ui);
        let document = self.session.as_ref().is_some_and(|s| s.document.is_some());
        bench.after(ui.ctx(), start, document);
        self.bench = Some(bench);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, settings::STORAGE_KEY, &self.settings);
    }
}

/// Starts the desktop app; `path` is a speech or checklist to open.
pub fn run(path: Option<PathBuf>) -> ExitCode {
    // First, so that a panic anywhere below is in the log; the journal
    // and the crash log are added to the same hook once the window has
    // its data folder.
    crate::logfile::init_default();
    crate::panics::install(crate::panics::Stderr::Default);
    crate::logfile::write(&format!(
        "落实 Luoshi {} started",
        env!("CARGO_PKG_VERSION")
    ));
    bench_log::mark_start();
    // Load and extract on the second core while eframe opens the window.
    // A folder is a 督办台账, opened on the UI thread (reading checklists
    // is quick; there is nothing to extract).
    let opening = path.map(|p| {
        if p.is_dir() {
            Err(p)
        } else {
            Opening::start(p, directory_ui::stored_directory())
        }
    });
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/luoshi.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("落实 Luoshi")
        .with_app_id("luoshi")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([720.0, 480.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        // Dithering hides banding in gradients; the app draws none, and in
        // a software rasteriser it costs about a millisecond a frame.
        dithering: false,
        ..Default::default()
    };
    let result = eframe::run_native(
        "luoshi",
        options,
        Box::new(move |cc| {
            let mut app = LuoshiApp::new(cc, None);
            match opening {
                Some(Ok(opening)) => app.opening = Some(opening),
                Some(Err(path)) => app.open_path(path),
                None => {}
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let message = format!(
                "无法启动窗口: {e} / cannot open the window (is a desktop session running?)"
            );
            crate::logfile::report(&message);
            show_startup_error(&message);
            ExitCode::FAILURE
        }
    }
}

/// Windows: the release app has no console, so without a message box a
/// failed start would look like nothing happening at all.
#[cfg(windows)]
fn show_startup_error(message: &str) {
    let log = crate::logfile::path()
        .map(|p| format!("\n\n日志 / log: {}", p.display()))
        .unwrap_or_default();
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("落实 Luoshi")
        .set_description(format!("{message}{log}"))
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

/// Elsewhere the message is on stderr, where a terminal user sees it.
#[cfg(not(windows))]
fn show_startup_error(_message: &str) {}
