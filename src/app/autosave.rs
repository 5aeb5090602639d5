//! When to journal unsaved edits: throttles writes of this window's
//! recovery journal (`crate::recovery`), keeps the snapshot the panic hook
//! writes, and holds the restore offers found at start (journals of
//! windows that are gone). Text still being typed into a field is
//! journalled too: the caller passes it as edits on top of the checklist.
//!
//! Owns only the timing and the bookkeeping. Must not draw anything nor
//! decide the journal's format (the library does).

use super::Session;
use crate::checklist::{Checklist, Edit};
use crate::recovery::{self, Journal, Orphan, Recovered};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// At most one journal write this often while the user keeps editing.
pub const THROTTLE: Duration = Duration::from_secs(2);

/// What the panic hook writes: the latest checklist with its paths.
pub struct Snapshot {
    pub checklist: Checklist,
    pub source_path: Option<PathBuf>,
    pub checklist_path: Option<PathBuf>,
    /// The checklist file's hash as the session last read or wrote it.
    pub checklist_sha256: Option<String>,
}

impl Snapshot {
    /// The session's checklist with the drafts still being typed applied
    /// on a copy (the session's own history is untouched).
    fn of(session: &Session, drafts: &[Edit]) -> Snapshot {
        let mut checklist = session.checklist.clone();
        for edit in drafts {
            // A draft for an item deleted meanwhile has nowhere to go.
            let _ = edit.clone().apply(&mut checklist);
        }
        Snapshot {
            checklist,
            source_path: session.checklist.source.path.clone(),
            checklist_path: session.save_path.clone(),
            checklist_sha256: session.disk_sha256(),
        }
    }

    fn write(&self, journal: &Journal) -> Result<(), recovery::RecoveryError> {
        journal.write_saved(
            &self.checklist,
            self.source_path.as_deref(),
            self.checklist_path.as_deref(),
            self.checklist_sha256.as_deref(),
        )
    }
}

/// The unsaved state of the open session: its checklist plus what is
/// still being typed into fields, as edits (see `ViewState::draft_edits`).
#[derive(Clone, Copy)]
pub struct Unsaved<'a> {
    pub session: &'a Session,
    pub drafts: &'a [Edit],
    /// Changes whenever a draft's text does.
    pub drafts_key: u64,
}

impl Unsaved<'_> {
    fn is_dirty(&self) -> bool {
        self.session.is_dirty() || !self.drafts.is_empty()
    }
}

/// This window's journal and when it was last written.
pub struct Autosave {
    /// `None` when the data folder cannot hold one (read-only, full).
    journal: Option<Journal>,
    data_dir: PathBuf,
    /// Bumped for every new session, so revision 0 of one checklist is not
    /// taken for revision 0 of another.
    session_gen: u64,
    /// (session generation, revision, drafts) last seen; the snapshot holds it.
    seen: Option<(u64, u64, u64)>,
    /// (session generation, revision, drafts) last written to the journal.
    written: Option<(u64, u64, u64)>,
    last_write: Option<Instant>,
    snapshot: Arc<Mutex<Option<Snapshot>>>,
    /// Edits journalled by windows that are gone, waiting for 恢复 / 丢弃,
    /// first one first.
    pub offers: Vec<(Orphan, Recovered)>,
    /// Journals that could not be read, to tell the user about once.
    pub damaged: Vec<String>,
    /// Why this window has no journal, if it has none.
    pub unavailable: Option<String>,
}

impl Autosave {
    /// This window's journal in `data_dir`, with what windows that are gone
    /// left there. Damaged journals are set aside and reported.
    pub fn new(data_dir: PathBuf) -> Autosave {
        let mut offers = Vec::new();
        let mut damaged = Vec::new();
        for (orphan, read) in recovery::orphans(&data_dir) {
            match read {
                Ok(recovered) => offers.push((orphan, recovered)),
                Err(e) => {
                    let kept = recovery::set_aside(orphan)
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    damaged.push(format!("{e} {kept}"));
                }
            }
        }
        let (journal, unavailable) = match Journal::claim(&data_dir) {
            Ok(j) => (Some(j), None),
            Err(e) => (None, Some(e.to_string())),
        };
        Autosave {
            journal,
            data_dir,
            session_gen: 0,
            seen: None,
            written: None,
            last_write: None,
            snapshot: Arc::new(Mutex::new(None)),
            offers,
            damaged,
            unavailable,
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// This window's journal file (it exists only while there are
    /// unsaved edits).
    pub fn journal_path(&self) -> Option<PathBuf> {
        self.journal.as_ref().map(|j| j.path().to_path_buf())
    }

    /// The first offer waiting for an answer.
    pub fn offer(&self) -> Option<&Recovered> {
        self.offers.first().map(|(_, r)| r)
    }

    /// Takes the first offer; its journal is deleted once the caller has
    /// journalled the restored edits as its own ([`Self::write_now`]).
    pub fn take_offer(&mut self) -> Option<(Orphan, Recovered)> {
        (!self.offers.is_empty()).then(|| self.offers.remove(0))
    }

    /// Another checklist is now open (or none).
    pub fn new_session(&mut self) {
        self.session_gen += 1;
    }

    /// Writes the snapshot's journal if a panic happens. Installed once, by
    /// the real app only (the hook is process-wide).
    pub fn install_panic_hook(&self) {
        let Some(journal) = self.journal.clone() else {
            return;
        };
        let snapshot = Arc::clone(&self.snapshot);
        crate::panics::crash_log_in(self.data_dir.clone());
        crate::panics::on_panic(move || {
            // The panicking thread may hold the lock: then the journal on
            // disk (at most THROTTLE old) is what survives.
            if let Ok(guard) = snapshot.try_lock()
                && let Some(s) = guard.as_ref()
            {
                let _ = s.write(&journal);
            }
        });
    }

    /// Called once per frame. Returns how long until a throttled write is
    /// due, if one is waiting (the caller asks for a repaint then).
    pub fn tick(
        &mut self,
        state: Option<Unsaved<'_>>,
        now: Instant,
    ) -> Result<Option<Duration>, String> {
        let Some(state) = state.filter(Unsaved::is_dirty) else {
            if self.written.is_some() || self.seen.is_some() {
                self.clear()?;
            }
            return Ok(None);
        };
        let key = self.key(&state);
        if self.seen != Some(key) {
            self.seen = Some(key);
            // Once per change, not per frame: the panic hook's copy.
            if let Ok(mut guard) = self.snapshot.lock() {
                *guard = Some(Snapshot::of(state.session, state.drafts));
            }
        }
        if self.written == Some(key) {
            return Ok(None);
        }
        if let Some(last) = self.last_write {
            let since = now.saturating_duration_since(last);
            if since < THROTTLE {
                return Ok(Some(THROTTLE - since));
            }
        }
        self.write(&state, now)?;
        Ok(None)
    }

    fn key(&self, state: &Unsaved<'_>) -> (u64, u64, u64) {
        (
            self.session_gen,
            state.session.history.revision(),
            state.drafts_key,
        )
    }

    /// Journals the state now, throttle or not (tests, a restore, and
    /// before risky work). Does nothing when there is nothing unsaved.
    pub fn write_now(&mut self, state: Option<Unsaved<'_>>) -> Result<(), String> {
        match state.filter(Unsaved::is_dirty) {
            Some(state) => {
                self.seen = Some(self.key(&state));
                if let Ok(mut guard) = self.snapshot.lock() {
                    *guard = Some(Snapshot::of(state.session, state.drafts));
                }
                self.write(&state, Instant::now())
            }
            None => Ok(()),
        }
    }

    fn write(&mut self, state: &Unsaved<'_>, now: Instant) -> Result<(), String> {
        self.last_write = Some(now);
        self.written = Some(self.key(state));
        let Some(journal) = &self.journal else {
            return Ok(());
        };
        Snapshot::of(state.session, state.drafts)
            .write(journal)
            .map_err(|e| e.to_string())
    }

    /// Forgets this window's journal (saved, or the user discarded the
    /// changes). Never touches another window's.
    pub fn clear(&mut self) -> Result<(), String> {
        self.seen = None;
        self.written = None;
        if let Ok(mut guard) = self.snapshot.lock() {
            *guard = None;
        }
        match &self.journal {
            Some(j) => j.clear().map_err(|e| e.to_string()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::Edit;

    fn tick_edit(session: &mut Session) {
        let id = session.checklist.departments[0].items[0].id;
        let status = match session.checklist.item(id).unwrap().status {
            crate::checklist::Status::Done => crate::checklist::Status::NotStarted,
            _ => crate::checklist::Status::Done,
        };
        session.apply(Edit::SetStatus { id, status }).unwrap();
    }

    fn u(session: &Session) -> Unsaved<'_> {
        Unsaved {
            session,
            drafts: &[],
            drafts_key: 0,
        }
    }

    #[test]
    fn a_draft_alone_is_journalled_with_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Autosave::new(dir.path().to_path_buf());
        let path = a.journal_path().unwrap();
        let s = Session::sample();
        let id = s.checklist.departments[0].items[0].id;
        let drafts = [Edit::SetNote {
            id,
            note: "还在输入的备注".into(),
        }];
        let state = Unsaved {
            session: &s,
            drafts: &drafts,
            drafts_key: 1,
        };
        a.tick(Some(state), Instant::now()).unwrap();
        let got = crate::recovery::orphans(dir.path());
        assert!(got.is_empty(), "our own journal is not an orphan");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("还在输入的备注"), "{text}");
        assert!(!s.is_dirty(), "the session itself is untouched");
    }

    #[test]
    fn writes_once_per_change_throttled_and_clears_when_clean() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Autosave::new(dir.path().to_path_buf());
        let path = a.journal_path().unwrap();
        let mut s = Session::sample();
        a.new_session();
        let t0 = Instant::now();
        // Clean: nothing written.
        assert_eq!(a.tick(Some(u(&s)), t0).unwrap(), None);
        assert!(!path.exists());
        // First change: written at once.
        tick_edit(&mut s);
        assert_eq!(a.tick(Some(u(&s)), t0).unwrap(), None);
        assert!(path.exists());
        let first = std::fs::read(&path).unwrap();
        // Unchanged frames write nothing (the file is not even touched).
        std::fs::remove_file(&path).unwrap();
        assert_eq!(a.tick(Some(u(&s)), t0 + THROTTLE * 3).unwrap(), None);
        assert!(!path.exists());
        std::fs::write(&path, &first).unwrap();
        // A second change within the throttle waits, then is written.
        tick_edit(&mut s);
        let t1 = t0 + Duration::from_millis(500);
        let wait = a.tick(Some(u(&s)), t1).unwrap().unwrap();
        assert!(wait <= THROTTLE);
        assert_eq!(std::fs::read(&path).unwrap(), first);
        assert_eq!(a.tick(Some(u(&s)), t1 + wait).unwrap(), None);
        assert_ne!(std::fs::read(&path).unwrap(), first);
        // Saved (clean again): the journal goes.
        s.history.mark_saved();
        a.tick(Some(u(&s)), t1 + wait * 2).unwrap();
        assert!(!path.exists());
    }
}
