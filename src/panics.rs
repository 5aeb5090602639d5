//! The process's one panic hook.
//!
//! A panic is a bug, and three things may have to happen when one occurs:
//! the app writes its recovery journal (nothing the clerk typed is lost),
//! the panic goes into the process's log and into a crash log that the next
//! start reports, and the person at the terminal reads one line about it.
//! They are done here, in that order, by one hook: the front ends say at
//! start-up which of them they want ([`install`], [`on_panic`],
//! [`crash_log_in`]) instead of each chaining a hook of its own.

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use crate::{fsio, logfile, recovery};

/// What a panic prints on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stderr {
    /// Rust's own message (the app, started from a terminal by a developer).
    Default,
    /// One bilingual line, `luoshi: 内部错误… / internal error…: what` (the CLI).
    OneLine,
}

type Action = Box<dyn Fn() + Send + Sync>;

/// What the hook does beyond logging, as the front end set it up.
struct Plan {
    stderr: Stderr,
    /// Run first: the app's journal write.
    before: Option<Action>,
    /// Where the crash log goes.
    crash_dir: Option<PathBuf>,
}

static PLAN: Mutex<Plan> = Mutex::new(Plan {
    stderr: Stderr::Default,
    before: None,
    crash_dir: None,
});

/// Rust's default hook, kept for [`Stderr::Default`].
type DefaultHook = Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync>;
static DEFAULT: OnceLock<DefaultHook> = OnceLock::new();

/// Makes the hook the process's panic hook, printing as `stderr` says.
/// Calling it again only changes what is printed.
pub fn install(stderr: Stderr) {
    with_plan(|plan| plan.stderr = stderr);
    // The first call keeps the hook that was there (Rust's default); a later
    // call takes back its own hook, which is dropped.
    let _ = DEFAULT.set(std::panic::take_hook());
    std::panic::set_hook(Box::new(hook));
}

/// Runs `action` first when a panic happens (the app writes its journal).
///
/// It runs while the program is panicking: it must not panic itself (that
/// aborts the process) and must not block on a lock the panicking thread
/// may hold: use `try_lock`.
pub fn on_panic(action: impl Fn() + Send + Sync + 'static) {
    with_plan(|plan| plan.before = Some(Box::new(action)));
}

/// Writes [`recovery::CRASH_LOG_FILE`] in `dir` when a panic happens: the
/// message, the place and a backtrace ([`recovery::last_crash`] reads it).
pub fn crash_log_in(dir: PathBuf) {
    with_plan(|plan| plan.crash_dir = Some(dir));
}

fn with_plan(change: impl FnOnce(&mut Plan)) {
    let mut plan = PLAN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    change(&mut plan);
}

fn hook(info: &std::panic::PanicHookInfo<'_>) {
    let what = one_line(&info.to_string());
    // The panicking thread may hold the plan (a panic inside `with_plan`
    // cannot happen, but nothing may block here): then only stderr.
    let plan = PLAN.try_lock().ok();
    if let Some(plan) = &plan
        && let Some(before) = &plan.before
    {
        before();
    }
    let thread = std::thread::current();
    let name = thread.name().unwrap_or("unnamed");
    logfile::write_now(&format!("panic in thread '{name}': {what}"));
    if let Some(dir) = plan.as_ref().and_then(|p| p.crash_dir.clone()) {
        let backtrace = std::backtrace::Backtrace::force_capture();
        let log = format!("{what}\n\n{backtrace}\n");
        // Nothing can be reported if the log cannot be written.
        let _ = std::fs::create_dir_all(&dir);
        let _ = fsio::write_atomic(&dir.join(recovery::CRASH_LOG_FILE), |w| {
            std::io::Write::write_all(w, log.as_bytes())
        });
    }
    match plan.map_or(Stderr::Default, |p| p.stderr) {
        Stderr::OneLine => {
            eprintln!("luoshi: 内部错误，请报告此问题 / internal error, please report it: {what}");
        }
        Stderr::Default => {
            if let Some(default) = DEFAULT.get() {
                default(info);
            }
        }
    }
}

/// The message and its place on one line (`panicked at src/…:1:2: message`).
pub fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn messages_fold_to_one_line() {
        assert_eq!(super::one_line("a\n  b\tc "), "a b c");
    }
}
