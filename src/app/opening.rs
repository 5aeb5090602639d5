//! Opening files: every speech or checklist opens on a worker thread
//! ([`Opening`]), so a large file never freezes the window; the result
//! replaces the open session, or its error is shown and what was open stays.

use super::{LuoshiApp, Session, ViewState, session};
use crate::directory::Directory;
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

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
    /// A speech's departments get the names `directory` gives them.
    pub fn start(path: PathBuf, directory: Directory) -> Result<Opening, PathBuf> {
        let (tx, result) = std::sync::mpsc::channel();
        let given = path.clone();
        let spawned = std::thread::Builder::new()
            .name("luoshi-open".into())
            .spawn(move || {
                // As in open_path: recent files need the absolute path.
                let path = std::fs::canonicalize(&path).unwrap_or(path);
                let session = open_with(&path, &directory);
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

/// Opens `path`; a speech's departments get the directory's official names
/// (a fresh extraction: no undo step; a saved checklist keeps its own).
fn open_with(path: &Path, directory: &Directory) -> Result<Session, session::OpenError> {
    let mut session = Session::open(path)?;
    if !session::is_checklist_path(path) {
        directory.apply_fresh(&mut session.checklist);
    }
    Ok(session)
}

impl LuoshiApp {
    /// Opens `path` on a worker thread; the session appears in a later
    /// frame (or the error, as with [`Self::open_path`]).
    pub fn open_in_background(&mut self, path: PathBuf) {
        match Opening::start(path, self.directory.clone()) {
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

    /// Opens a file now (no unsaved-changes question). On failure the error
    /// is shown and whatever was open stays.
    pub fn open_path(&mut self, path: PathBuf) {
        // Recent files and the saved source path must survive a change of
        // working directory.
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        if path.is_dir() {
            self.open_ledger(&path);
            return;
        }
        match open_with(&path, &self.directory) {
            Ok(session) => {
                self.settings.remember(&path);
                self.set_session(session);
            }
            Err(e) => {
                self.dialogs.error = Some(e.to_string());
            }
        }
    }

    pub(super) fn set_session(&mut self, session: Session) {
        // What the user opened meanwhile wins over the file still opening.
        self.opening = None;
        self.view = ViewState {
            selected_department: session
                .checklist
                .departments
                .first()
                .map(|d| d.name.clone()),
            scroll_to_top: true,
            list_to_top: true,
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
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::super::settings::Settings;
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
