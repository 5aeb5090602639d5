//! The unsaved-changes machine: an action that would drop unsaved edits
//! (open, close, quit) first asks 保存 / 不保存 / 取消, waits for a save
//! still running, and goes on once that is settled.

use super::dialogs::{FilePurpose, Modal};
use super::{Command, LuoshiApp, Pending, Session, ViewState};
use eframe::egui;
use egui::ViewportCommand;

impl LuoshiApp {
    /// Runs `action` now, or first asks 保存/不保存/取消 if it would drop
    /// unsaved changes.
    pub(super) fn guard(&mut self, action: Pending, ctx: &egui::Context) {
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
            self.dialogs.open(Modal::Unsaved(action));
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

    pub(super) fn handle_close_request(
        &mut self,
        ctx: &egui::Context,
        commands: &mut Vec<Command>,
    ) {
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
}
