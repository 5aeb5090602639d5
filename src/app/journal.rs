//! The app's side of crash recovery: drafts still being typed count as
//! edits, unsaved edits are journalled (throttled by [`super::autosave`]),
//! and journals of windows that are gone are offered back at start.

use super::autosave::{self, Autosave};
use super::dialogs::Modal;
use super::{LuoshiApp, Session, fields};
use crate::checklist::Edit;
use eframe::egui;
use std::path::PathBuf;

impl LuoshiApp {
    /// Keeps this window's recovery journal and the crash log in `dir`:
    /// offers to restore what windows that are gone journalled, says which
    /// journals were damaged, and reports the last crash, once.
    pub fn with_data_dir(mut self, dir: PathBuf) -> Self {
        let mut notices = Vec::new();
        if let Some(why) = self.load_directory(&dir) {
            notices.push(why);
        }
        let autosave = Autosave::new(dir);
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
    pub(super) fn show_next_offer(&mut self) {
        let offer = self.autosave.as_ref().and_then(|a| a.offer()).map(|offer| {
            offer
                .checklist_path
                .as_deref()
                .or(offer.checklist.source.path.as_deref())
                .or(offer.source_path.as_deref())
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| offer.checklist.source.title.clone())
        });
        if let Some(name) = offer {
            self.dialogs.open(Modal::RecoveryOffer(name));
        }
    }

    /// The drafts still being typed, as edits, and a key that changes with
    /// them.
    pub(super) fn drafts(&self) -> (Vec<Edit>, u64) {
        // Asked every frame: nothing to do while no field is being typed in.
        let Some(session) = self
            .session
            .as_ref()
            .filter(|_| !self.view.drafts.is_empty())
        else {
            return (Vec::new(), 0);
        };
        let edits = fields::draft_edits(&self.view.drafts, &session.checklist);
        // Summed per draft, so the map's order does not matter.
        let key = self.view.drafts.iter().fold(0u64, |key, entry| {
            let mut hasher = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(&entry, &mut hasher);
            key.wrapping_add(std::hash::Hasher::finish(&hasher))
        });
        (edits, key)
    }

    /// Unsaved changes, counting text still being typed into a field.
    pub fn has_unsaved_changes(&self) -> bool {
        self.session.as_ref().is_some_and(|s| {
            s.is_dirty()
                || (!self.view.drafts.is_empty()
                    && !fields::draft_edits(&self.view.drafts, &s.checklist).is_empty())
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
    pub(super) fn autosave_tick(&mut self, ctx: &egui::Context) {
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
    pub(super) fn clear_journal(&mut self) {
        if let Some(autosave) = &mut self.autosave
            && let Err(e) = autosave.clear()
        {
            self.dialogs.error = Some(e);
        }
    }

    pub(super) fn restore_recovery(&mut self) {
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

    pub(super) fn discard_recovery(&mut self) {
        if let Some((orphan, _)) = self.autosave.as_mut().and_then(Autosave::take_offer)
            && let Err(e) = orphan.discard()
        {
            self.dialogs.error = Some(e.to_string());
        }
        self.show_next_offer();
    }
}
