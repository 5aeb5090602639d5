//! When to journal unsaved edits: throttles writes of the library's
//! recovery journal (`crate::recovery`), keeps the snapshot the panic hook
//! writes, and holds the restore offer found at start.
//!
//! Owns only the timing and the bookkeeping. Must not draw anything nor
//! decide the journal's format (the library does).

use super::Session;
use crate::checklist::Checklist;
use crate::recovery::{self, Journal, Recovered};
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
}

impl Snapshot {
    fn of(session: &Session) -> Snapshot {
        Snapshot {
            checklist: session.checklist.clone(),
            source_path: session.checklist.source.path.clone(),
            checklist_path: session.save_path.clone(),
        }
    }

    fn write(&self, journal: &Journal) -> Result<(), recovery::RecoveryError> {
        journal.write(
            &self.checklist,
            self.source_path.as_deref(),
            self.checklist_path.as_deref(),
        )
    }
}

/// The journal of one data folder and when it was last written.
pub struct Autosave {
    journal: Journal,
    data_dir: PathBuf,
    /// Bumped for every new session, so revision 0 of one checklist is not
    /// taken for revision 0 of another.
    session_gen: u64,
    /// (session generation, revision) last seen; the snapshot holds it.
    seen: Option<(u64, u64)>,
    /// (session generation, revision) last written to the journal.
    written: Option<(u64, u64)>,
    last_write: Option<Instant>,
    snapshot: Arc<Mutex<Option<Snapshot>>>,
    /// Edits journalled by an earlier run, waiting for 恢复 / 丢弃.
    pub offer: Option<Recovered>,
}

impl Autosave {
    /// The journal in `data_dir`, with what an earlier run left there.
    pub fn new(data_dir: PathBuf) -> Autosave {
        let journal = Journal::new(data_dir.clone());
        let offer = journal.pending();
        Autosave {
            journal,
            data_dir,
            session_gen: 0,
            seen: None,
            written: None,
            last_write: None,
            snapshot: Arc::new(Mutex::new(None)),
            offer,
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn journal_path(&self) -> PathBuf {
        self.journal.path()
    }

    /// Another checklist is now open (or none).
    pub fn new_session(&mut self) {
        self.session_gen += 1;
    }

    /// Writes the snapshot's journal if a panic happens. Installed once, by
    /// the real app only (the hook is process-wide).
    pub fn install_panic_hook(&self) {
        let journal = self.journal.clone();
        let snapshot = Arc::clone(&self.snapshot);
        recovery::install_panic_hook(self.data_dir.clone(), move || {
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
        session: Option<&Session>,
        now: Instant,
    ) -> Result<Option<Duration>, String> {
        if self.offer.is_some() {
            // Never overwrite edits the user has not yet chosen to keep.
            return Ok(None);
        }
        let Some(session) = session.filter(|s| s.is_dirty()) else {
            if self.written.is_some() || self.seen.is_some() {
                self.clear()?;
            }
            return Ok(None);
        };
        let key = (self.session_gen, session.history.revision());
        if self.seen != Some(key) {
            self.seen = Some(key);
            // Once per change, not per frame: the panic hook's copy.
            if let Ok(mut guard) = self.snapshot.lock() {
                *guard = Some(Snapshot::of(session));
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
        self.write(session, now)?;
        Ok(None)
    }

    /// Journals the session now, throttle or not (tests, and before risky
    /// work). Does nothing when there is nothing unsaved.
    pub fn write_now(&mut self, session: Option<&Session>) -> Result<(), String> {
        match session.filter(|s| s.is_dirty()) {
            Some(s) if self.offer.is_none() => {
                self.seen = Some((self.session_gen, s.history.revision()));
                if let Ok(mut guard) = self.snapshot.lock() {
                    *guard = Some(Snapshot::of(s));
                }
                self.write(s, Instant::now())
            }
            _ => Ok(()),
        }
    }

    fn write(&mut self, session: &Session, now: Instant) -> Result<(), String> {
        self.last_write = Some(now);
        self.written = Some((self.session_gen, session.history.revision()));
        Snapshot::of(session)
            .write(&self.journal)
            .map_err(|e| e.to_string())
    }

    /// Forgets the journal (saved, or the user discarded the changes).
    pub fn clear(&mut self) -> Result<(), String> {
        self.seen = None;
        self.written = None;
        if let Ok(mut guard) = self.snapshot.lock() {
            *guard = None;
        }
        self.journal.clear().map_err(|e| e.to_string())
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

    #[test]
    fn writes_once_per_change_throttled_and_clears_when_clean() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Autosave::new(dir.path().to_path_buf());
        let path = a.journal_path();
        let mut s = Session::sample();
        a.new_session();
        let t0 = Instant::now();
        // Clean: nothing written.
        assert_eq!(a.tick(Some(&s), t0).unwrap(), None);
        assert!(!path.exists());
        // First change: written at once.
        tick_edit(&mut s);
        assert_eq!(a.tick(Some(&s), t0).unwrap(), None);
        assert!(path.exists());
        let first = std::fs::read(&path).unwrap();
        // Unchanged frames write nothing (the file is not even touched).
        std::fs::remove_file(&path).unwrap();
        assert_eq!(a.tick(Some(&s), t0 + THROTTLE * 3).unwrap(), None);
        assert!(!path.exists());
        std::fs::write(&path, &first).unwrap();
        // A second change within the throttle waits, then is written.
        tick_edit(&mut s);
        let t1 = t0 + Duration::from_millis(500);
        let wait = a.tick(Some(&s), t1).unwrap().unwrap();
        assert!(wait <= THROTTLE);
        assert_eq!(std::fs::read(&path).unwrap(), first);
        assert_eq!(a.tick(Some(&s), t1 + wait).unwrap(), None);
        assert_ne!(std::fs::read(&path).unwrap(), first);
        // Saved (clean again): the journal goes.
        s.history.mark_saved();
        a.tick(Some(&s), t1 + wait * 2).unwrap();
        assert!(!path.exists());
    }
}
