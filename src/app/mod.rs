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
mod dialogs;
mod document_view;
pub mod fonts;
pub mod i18n;
mod look;
mod menus;
mod saving;
pub mod settings;
mod start_page;

use crate::checklist::Edit;
use crate::document::Span;
use crate::export::{self, Format};
pub use crate::session::{self, Session};
use autosave::Autosave;
use dialogs::{Dialogs, FilePurpose};
use eframe::egui;
use egui::ViewportCommand;
use fonts::FontState;
use i18n::Lang;
use settings::Settings;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, TryRecvError};

/// Something the user asked for, carried out after the frame is drawn.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
// A handful of commands per frame: boxing the edit would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Show the native open dialog (or the path field if there is none).
    OpenDialog,
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
    CloseDocument,
    Quit,
    Undo,
    Redo,
    Edit(Edit),
    SelectItem(Option<u64>),
    /// The user clicked this byte offset of the document text.
    SelectAt(usize),
    SelectDepartment(Option<String>),
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

/// The file named on the command line, being opened (loaded and extracted)
/// on a worker thread while eframe creates the window, so the first frame
/// does not wait for the extraction of a long speech.
pub struct Opening {
    /// The file as given (shown while it opens).
    pub path: PathBuf,
    result: Receiver<(PathBuf, Result<Session, session::OpenError>)>,
}

impl Opening {
    /// Starts opening `path`; `Err(path)` if no thread could be started.
    pub fn start(path: PathBuf) -> Result<Opening, PathBuf> {
        let (tx, result) = std::sync::mpsc::channel();
        let given = path.clone();
        let spawned = std::thread::Builder::new()
            .name("luoshi-open".into())
            .spawn(move || {
                // As in open_path: recent files need the absolute path.
                let path = std::fs::canonicalize(&path).unwrap_or(path);
                let session = Session::open(&path);
                // The app may have quit meanwhile: nobody to tell.
                let _ = tx.send((path, session));
            });
        match spawned {
            Ok(_) => Ok(Opening {
                path: given,
                result,
            }),
            Err(_) => Err(given),
        }
    }
}

/// Selection and view state of the open session; not persisted.
#[derive(Default)]
pub struct ViewState {
    pub selected_department: Option<String>,
    pub selected_item: Option<u64>,
    /// The source sentence to highlight strongly.
    pub highlight: Option<Span>,
    /// Set when the document should scroll to `highlight` next frame.
    pub scroll_pending: bool,
    /// Set when a new document opens: start at its top, not where the last
    /// one (or the last run) was scrolled to.
    pub scroll_to_top: bool,
    pub filter: String,
    /// Last drawn height of each item card and department heading of the
    /// item list (for the ones out of view).
    pub row_heights: checklist_panel::RowHeights,
    /// Text being typed into an item's field, committed when focus leaves.
    pub drafts: std::collections::HashMap<(u64, checklist_panel::Field), String>,
}

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

    /// Keeps this window's recovery journal and the crash log in `dir`:
    /// offers to restore what windows that are gone journalled, says which
    /// journals were damaged, and reports the last crash, once.
    pub fn with_data_dir(mut self, dir: PathBuf) -> Self {
        let autosave = Autosave::new(dir);
        let mut notices = Vec::new();
        for damaged in &autosave.damaged {
            notices.push(damaged.clone());
        }
        if let Some(why) = &autosave.unavailable {
            notices.push(format!(
                "无法保存恢复记录，意外退出时未保存的修改将无法找回：{why} / cannot keep a recovery journal; unsaved edits will not survive a crash: {why}"
            ));
        }
        if let Some(crash) = crate::recovery::last_crash(autosave.data_dir()) {
            notices.push(format!(
                "落实上次意外退出：{crash} / Luoshi closed unexpectedly last time: {crash}"
            ));
            // If this fails the crash is reported again next time: harmless.
            let _ = crate::recovery::acknowledge_crash(autosave.data_dir());
        }
        if !notices.is_empty() {
            self.dialogs.notice = Some(notices.join("\n"));
        }
        self.autosave = Some(autosave);
        self.show_next_offer();
        self
    }

    /// Shows the next journal of a gone window waiting for 恢复 / 丢弃.
    fn show_next_offer(&mut self) {
        self.dialogs.recovery_offer = self.autosave.as_ref().and_then(|a| a.offer()).map(|offer| {
            offer
                .checklist_path
                .as_deref()
                .or(offer.checklist.source.path.as_deref())
                .or(offer.source_path.as_deref())
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| offer.checklist.source.title.clone())
        });
    }

    /// Opens `path` on a worker thread; the session appears in a later
    /// frame (or the error, as with [`Self::open_path`]).
    pub fn open_in_background(&mut self, path: PathBuf) {
        match Opening::start(path) {
            Ok(opening) => self.opening = Some(opening),
            Err(path) => self.open_path(path),
        }
    }

    /// Takes the background opening's result when it is ready; until then
    /// asks for another frame soon. Call every frame (cheap).
    pub fn poll_opening(&mut self, ctx: &egui::Context) {
        let Some(opening) = &self.opening else { return };
        match opening.result.try_recv() {
            Ok((path, Ok(session))) => {
                self.opening = None;
                self.settings.remember(&path);
                self.set_session(session);
            }
            Ok((_, Err(e))) => {
                self.opening = None;
                self.dialogs.error = Some(e.to_string());
            }
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(10));
            }
            Err(TryRecvError::Disconnected) => {
                // The worker panicked (the panic hook has logged it): say
                // so rather than try again here and freeze the window.
                let path = opening.path.display().to_string();
                self.opening = None;
                self.dialogs.error = Some(format!(
                    "打开 {path} 时出现内部错误，请报告此问题 / an internal error occurred while opening {path}; please report it"
                ));
            }
        }
    }

    /// The drafts still being typed, as edits, and a key that changes with
    /// them.
    fn drafts(&self) -> (Vec<Edit>, u64) {
        let Some(session) = &self.session else {
            return (Vec::new(), 0);
        };
        let edits = checklist_panel::draft_edits(&self.view.drafts, &session.checklist);
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&format!("{edits:?}"), &mut hasher);
        (edits, std::hash::Hasher::finish(&hasher))
    }

    /// Unsaved changes, counting text still being typed into a field.
    pub fn has_unsaved_changes(&self) -> bool {
        self.session.as_ref().is_some_and(|s| {
            s.is_dirty()
                || !checklist_panel::draft_edits(&self.view.drafts, &s.checklist).is_empty()
        })
    }

    /// Turns what is typed in a field into edits of the checklist (each one
    /// undo step), as if the field had lost focus: before a save, an export
    /// or leaving the checklist, what the user typed counts.
    pub fn commit_drafts(&mut self) {
        let (edits, _) = self.drafts();
        self.view.drafts.clear();
        let Some(session) = &mut self.session else {
            return;
        };
        for edit in edits {
            if let Err(e) = session.apply(edit) {
                self.dialogs.error = Some(e.to_string());
            }
        }
    }

    /// Journals unsaved edits (and drafts) now instead of waiting for the
    /// throttle.
    pub fn journal_now(&mut self) {
        let (drafts, drafts_key) = self.drafts();
        if let Some(autosave) = &mut self.autosave {
            let state = self.session.as_ref().map(|session| autosave::Unsaved {
                session,
                drafts: &drafts,
                drafts_key,
            });
            if let Err(e) = autosave.write_now(state) {
                self.dialogs.error = Some(e);
            }
        }
    }

    /// Per frame: journal a changed checklist or draft, at most every few
    /// seconds.
    fn autosave_tick(&mut self, ctx: &egui::Context) {
        if self.autosave.is_none() {
            return;
        }
        let (drafts, drafts_key) = self.drafts();
        let Some(autosave) = &mut self.autosave else {
            return;
        };
        let state = self.session.as_ref().map(|session| autosave::Unsaved {
            session,
            drafts: &drafts,
            drafts_key,
        });
        match autosave.tick(state, std::time::Instant::now()) {
            Ok(Some(wait)) => ctx.request_repaint_after(wait),
            Ok(None) => {}
            Err(e) => self.dialogs.error = Some(e),
        }
    }

    /// Forgets this window's journalled edits (saved, or dropped).
    fn clear_journal(&mut self) {
        if let Some(autosave) = &mut self.autosave
            && let Err(e) = autosave.clear()
        {
            self.dialogs.error = Some(e);
        }
    }

    fn restore_recovery(&mut self) {
        self.dialogs.recovery_offer = None;
        let Some((orphan, offer)) = self.autosave.as_mut().and_then(Autosave::take_offer) else {
            return;
        };
        let notice = self.dialogs.notice.take();
        self.set_session(Session::from_recovered(offer));
        // The edits are this window's now: journal them as its own before
        // the gone window's journal goes.
        self.journal_now();
        if self.dialogs.error.is_none()
            && let Err(e) = orphan.discard()
        {
            self.dialogs.error = Some(e.to_string());
        }
        // A crash report shown at start outlives the restore.
        if self.dialogs.notice.is_none() {
            self.dialogs.notice = notice;
        }
        // One restored checklist per window: the others stay on disk for
        // the next window (their locks are let go here).
        let left = self.autosave.as_mut().map_or(0, |a| {
            let n = a.offers.len();
            a.offers.clear();
            n
        });
        if left > 0 {
            self.dialogs.notice = Some(format!(
                "另有 {left} 份未保存的修改，可再打开一个落实窗口恢复 / {left} more sets of unsaved changes: open another Luoshi window to restore them"
            ));
        }
    }

    fn discard_recovery(&mut self) {
        self.dialogs.recovery_offer = None;
        if let Some((orphan, _)) = self.autosave.as_mut().and_then(Autosave::take_offer)
            && let Err(e) = orphan.discard()
        {
            self.dialogs.error = Some(e.to_string());
        }
        self.show_next_offer();
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
        if self.session.is_some() {
            egui::Panel::right("checklist")
                .resizable(true)
                .default_size(540.0)
                .min_size(320.0)
                .show(ui, |ui| {
                    // While another file opens, this checklist is about to
                    // be replaced (the unsaved-changes question was asked
                    // already): no edits that the new one would drop.
                    if self.opening.is_some() {
                        ui.disable();
                    }
                    if let Some(session) = &self.session {
                        checklist_panel::show(ui, session, &mut self.view, lang, &mut commands);
                    }
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.dialogs.banner(ui, lang, &mut commands);
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

    /// Carries out one command. Public so tests can drive the app the way
    /// the menus do.
    pub fn apply(&mut self, ctx: &egui::Context, cmd: Command) {
        if cmd.needs_drafts_committed() {
            self.commit_drafts();
        }
        match cmd {
            Command::OpenDialog => self.guard(Pending::OpenDialog, ctx),
            Command::Open(path) => self.guard(Pending::Open(path), ctx),
            Command::OpenSample => self.guard(Pending::OpenSample, ctx),
            Command::CloseDocument => self.guard(Pending::CloseDocument, ctx),
            Command::Quit => self.guard(Pending::Quit, ctx),
            Command::Save => self.save(ctx),
            Command::SaveAsDialog => {
                let (dir, name) = match &self.session {
                    Some(s) => (s.source_dir(), s.suggested_file_name()),
                    None => return,
                };
                self.dialogs.start_file_dialog(
                    ctx,
                    FilePurpose::SaveAs,
                    dir,
                    Some(name),
                    self.settings.lang,
                );
            }
            Command::SaveAs { path, replace } => self.save_as(&path, replace),
            Command::SaveOverChanged => self.save_over_changed(),
            Command::Reload => self.reload(),
            Command::SaveCopyDialog => {
                let (dir, name) = match &self.session {
                    Some(s) => (
                        s.save_path
                            .as_deref()
                            .and_then(std::path::Path::parent)
                            .map(std::path::Path::to_path_buf)
                            .or_else(|| s.source_dir()),
                        s.suggested_copy_name(),
                    ),
                    None => return,
                };
                self.dialogs.start_file_dialog(
                    ctx,
                    FilePurpose::SaveAs,
                    dir,
                    Some(name),
                    self.settings.lang,
                );
            }
            Command::DismissQuestion => {
                self.dialogs.question = None;
                self.dialogs.after_save = None;
            }
            Command::ExportDialog { format, department } => {
                let Some(s) = &self.session else { return };
                let dir = s
                    .save_path
                    .as_deref()
                    .and_then(std::path::Path::parent)
                    .map(std::path::Path::to_path_buf)
                    .or_else(|| s.source_dir());
                let name = export::suggested_file_name(&s.checklist, department.as_deref(), format);
                self.dialogs.start_file_dialog(
                    ctx,
                    FilePurpose::Export { format, department },
                    dir,
                    Some(name),
                    self.settings.lang,
                );
            }
            Command::Export {
                format,
                department,
                path,
                replace,
            } => self.export(format, department, path, replace),
            Command::Undo | Command::Redo => {
                if let Some(s) = &mut self.session {
                    let r = if cmd == Command::Undo {
                        s.undo()
                    } else {
                        s.redo()
                    };
                    if let Err(e) = r {
                        self.dialogs.error = Some(e.to_string());
                    }
                    self.fix_selection();
                }
            }
            Command::Edit(edit) => {
                if let Some(s) = &mut self.session {
                    if let Err(e) = s.apply(edit) {
                        self.dialogs.error = Some(e.to_string());
                    }
                    self.fix_selection();
                }
            }
            Command::SelectItem(id) => self.select_item(id),
            Command::SelectAt(offset) => self.select_at(offset),
            Command::SelectDepartment(name) => {
                self.view.selected_department = name;
            }
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
            Command::ShowAbout => self.dialogs.about = true,
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

    /// Runs `action` now, or first asks 保存/不保存/取消 if it would drop
    /// unsaved changes.
    fn guard(&mut self, action: Pending, ctx: &egui::Context) {
        // A save still running finishes first; then the action is guarded
        // again (see saving::poll_saving).
        if let Some(saving) = &mut self.saving
            && action != Pending::OpenDialog
        {
            saving.then = Some(action);
            return;
        }
        let dirty = self.has_unsaved_changes();
        // Choosing a file comes before the question: cancelling the dialog
        // should not have asked anything.
        if dirty && action != Pending::OpenDialog {
            self.dialogs.unsaved = Some(action);
        } else {
            self.proceed(action, ctx);
        }
    }

    /// Carries out an action whose unsaved-changes question is settled.
    pub(crate) fn proceed(&mut self, action: Pending, ctx: &egui::Context) {
        match action {
            Pending::OpenDialog => {
                let dir = self
                    .settings
                    .recent
                    .first()
                    .and_then(|p| p.parent())
                    .map(|p| p.to_path_buf());
                self.dialogs.start_file_dialog(
                    ctx,
                    FilePurpose::Open,
                    dir,
                    None,
                    self.settings.lang,
                );
            }
            // Off the UI thread: a large file must not freeze the window.
            Pending::Open(path) => self.open_in_background(path),
            Pending::OpenSample => {
                self.set_session(Session::sample());
            }
            Pending::CloseDocument => {
                if let Some(autosave) = &mut self.autosave {
                    autosave.new_session();
                }
                self.session = None;
                self.view = ViewState::default();
            }
            Pending::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// Opens a file now (no unsaved-changes question). On failure the error
    /// is shown and whatever was open stays.
    pub fn open_path(&mut self, path: PathBuf) {
        // Recent files and the saved source path must survive a change of
        // working directory.
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        match Session::open(&path) {
            Ok(session) => {
                self.settings.remember(&path);
                self.set_session(session);
            }
            Err(e) => {
                self.dialogs.error = Some(e.to_string());
            }
        }
    }

    fn set_session(&mut self, session: Session) {
        // What the user opened meanwhile wins over the file still opening.
        self.opening = None;
        self.view = ViewState {
            selected_department: session
                .checklist
                .departments
                .first()
                .map(|d| d.name.clone()),
            scroll_to_top: true,
            ..Default::default()
        };
        self.doc_cache = Default::default();
        self.dialogs.warning = session.warning.clone();
        self.dialogs.error = None;
        self.dialogs.notice = None;
        if let Some(autosave) = &mut self.autosave {
            autosave.new_session();
        }
        self.session = Some(session);
    }

    fn select_item(&mut self, id: Option<u64>) {
        self.view.selected_item = id;
        let item = id.and_then(|id| self.session.as_ref()?.checklist.item(id));
        self.view.highlight = item.and_then(|i| i.span);
        self.view.scroll_pending = self.view.highlight.is_some();
    }

    /// A click in the document: select the items whose sentence is there.
    fn select_at(&mut self, offset: usize) {
        let Some(session) = &self.session else { return };
        let hit = session.checklist.departments.iter().find_map(|d| {
            d.items
                .iter()
                .find(|i| i.span.is_some_and(|s| s.start <= offset && offset < s.end))
                .map(|i| (d.name.clone(), i.id, i.span))
        });
        match hit {
            Some((dept, id, span)) => {
                // Keep "all departments" if that is what the user is looking at.
                if self.view.selected_department.is_some() {
                    self.view.selected_department = Some(dept);
                }
                self.view.selected_item = Some(id);
                self.view.highlight = span;
                self.view.scroll_pending = false;
            }
            None => {
                self.view.selected_item = None;
                self.view.highlight = None;
            }
        }
    }

    /// After an edit or undo the selected item or department may be gone.
    fn fix_selection(&mut self) {
        let Some(s) = &self.session else { return };
        if let Some(id) = self.view.selected_item
            && s.checklist.item(id).is_none()
        {
            self.view.selected_item = None;
            self.view.highlight = None;
        }
        if let Some(name) = &self.view.selected_department
            && s.checklist.department(name).is_none()
        {
            self.view.selected_department = self
                .view
                .selected_item
                .and_then(|id| s.checklist.department_of(id))
                .or_else(|| s.checklist.departments.first())
                .map(|d| d.name.clone());
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        if self.allow_close {
            return;
        }
        // What is typed in a field counts as a change to save.
        self.commit_drafts();
        let dirty = self.has_unsaved_changes();
        if dirty || self.saving.is_some() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            commands.push(Command::Quit);
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
        if let Some(file) = dropped.first() {
            commands.push(Command::Open(file.path().to_path_buf()));
        }
    }

    /// The window title: file name, a mark when there are unsaved changes.
    pub fn title(&self) -> String {
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
    // First, so that a panic anywhere below is in the log; the crash
    // recovery hook installed later chains to this one.
    crate::logfile::init_default();
    crate::logfile::install_panic_hook();
    crate::logfile::write(&format!(
        "落实 Luoshi {} started",
        env!("CARGO_PKG_VERSION")
    ));
    bench_log::mark_start();
    // Load and extract on the second core while eframe opens the window.
    let opening = path.map(Opening::start);
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

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn opening_in_background_ends_with_the_session_or_the_error() {
        let ctx = egui::Context::default();
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fangxun.txt");
        for (path, opens) in [
            (fixture, true),
            (PathBuf::from("/nonexistent/x.txt"), false),
        ] {
            let mut app = LuoshiApp::headless(Settings::default());
            app.open_in_background(path.clone());
            for _ in 0..500 {
                app.poll_opening(&ctx);
                if app.opening.is_none() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            assert!(app.opening.is_none(), "{} still opening", path.display());
            assert_eq!(app.session.is_some(), opens, "{}", path.display());
            assert_eq!(app.dialogs.error.is_some(), !opens, "{}", path.display());
            if opens {
                assert_eq!(
                    app.settings.recent.first(),
                    Some(&std::fs::canonicalize(&path).unwrap())
                );
            }
        }
    }
}
