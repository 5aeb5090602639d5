//! The desktop app's log file: timestamped lines appended to `luoshi.log`
//! in the platform's place for logs, capped in size.
//!
//! Owns where the log lives ([`default_path`]), its line format, its size
//! cap (the file is rotated to `luoshi.log.old` when the next line would
//! pass [`MAX_BYTES`]), the process-wide log the app opens at start
//! ([`init`], [`write`], [`report`]) and a panic hook that records panics
//! there. On Windows the release app has no console, so this file is the
//! only place its errors and panics can be read afterwards; on the other
//! systems [`report`] still prints to stderr as well.
//!
//! Must not decide what is worth logging (its callers do), show anything in
//! the window, or fail the caller: a log that cannot be written is skipped.
//! It logs no document text; callers pass errors and events only.

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, TryLockError};
use std::time::{SystemTime, UNIX_EPOCH};

/// The log's file name.
pub const LOG_FILE: &str = "luoshi.log";
/// What the log is renamed to when it reaches the cap (one generation kept).
pub const OLD_LOG_FILE: &str = "luoshi.log.old";
/// The size cap of the log file: at most this plus the `.old` file stay on disk.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// The systems whose conventions for log folders differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Windows,
    MacOs,
    /// Linux and the other Unix-likes: the XDG base directories.
    Unix,
}

impl Platform {
    /// The system this build targets.
    pub fn current() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::MacOs
        } else {
            Platform::Unix
        }
    }
}

/// The folder for the log on `platform`, given how to read an environment
/// variable and the home folder; `None` when neither says where.
///
/// - Windows: `%LOCALAPPDATA%\Luoshi` (local, not roaming: a log belongs to
///   this machine), else `<home>\AppData\Local\Luoshi`;
/// - macOS: `~/Library/Logs/Luoshi` (where Console.app looks);
/// - Linux and others: `$XDG_STATE_HOME/luoshi`, else `~/.local/state/luoshi`
///   (the XDG spec's place for logs). A relative `XDG_STATE_HOME` is
///   ignored, as the spec asks.
pub fn dir_for(
    platform: Platform,
    var: impl Fn(&str) -> Option<OsString>,
    home: Option<PathBuf>,
) -> Option<PathBuf> {
    let absolute = |name: &str| var(name).map(PathBuf::from).filter(|p| p.is_absolute());
    match platform {
        Platform::Windows => absolute("LOCALAPPDATA")
            .or_else(|| home.map(|h| h.join("AppData").join("Local")))
            .map(|p| p.join("Luoshi")),
        Platform::MacOs => home.map(|h| h.join("Library").join("Logs").join("Luoshi")),
        Platform::Unix => absolute("XDG_STATE_HOME")
            .or_else(|| home.map(|h| h.join(".local").join("state")))
            .map(|p| p.join("luoshi")),
    }
}

/// Where this user's log file is on this system, if a home folder is known.
pub fn default_path() -> Option<PathBuf> {
    dir_for(
        Platform::current(),
        |name| std::env::var_os(name),
        std::env::home_dir(),
    )
    .map(|dir| dir.join(LOG_FILE))
}

/// One log file with its size cap.
#[derive(Debug)]
pub struct LogFile {
    path: PathBuf,
    max_bytes: u64,
    /// Keeps this process's lines and rotations from interleaving.
    lock: Mutex<()>,
}

impl LogFile {
    /// The log at `path`, capped at [`MAX_BYTES`]. Nothing is created
    /// until the first line is written.
    pub fn new(path: PathBuf) -> LogFile {
        LogFile {
            path,
            max_bytes: MAX_BYTES,
            lock: Mutex::new(()),
        }
    }

    /// The same log with another cap (tests use a small one).
    pub fn with_max_bytes(mut self, max_bytes: u64) -> LogFile {
        self.max_bytes = max_bytes;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the log goes when it reaches the cap: beside it, `.old` added.
    pub fn old_path(&self) -> PathBuf {
        let mut name = self
            .path
            .file_name()
            .map(OsString::from)
            .unwrap_or_else(|| OsString::from(LOG_FILE));
        name.push(".old");
        self.path.with_file_name(name)
    }

    /// Appends `message` as one entry stamped with the current time (UTC).
    /// Creates the folder and the file if needed; when the entry would take
    /// the file past the cap, the file first becomes the `.old` one
    /// (replacing the previous `.old`).
    pub fn append(&self, message: &str) -> io::Result<()> {
        let guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let result = self.append_unlocked(message, SystemTime::now());
        drop(guard);
        result
    }

    /// Like [`LogFile::append`], but never waits for the lock: for the panic
    /// hook, which may run on a thread that holds it.
    fn append_without_waiting(&self, message: &str) -> io::Result<()> {
        let _guard = match self.lock.try_lock() {
            Ok(guard) => Some(guard),
            Err(TryLockError::Poisoned(e)) => Some(e.into_inner()),
            // Appends are single writes in append mode: without the lock a
            // line may at worst land beside a rotation, never tear.
            Err(TryLockError::WouldBlock) => None,
        };
        self.append_unlocked(message, SystemTime::now())
    }

    fn append_unlocked(&self, message: &str, now: SystemTime) -> io::Result<()> {
        let entry = format_entry(now, message);
        if let Some(dir) = self.path.parent()
            && !dir.as_os_str().is_empty()
        {
            fs::create_dir_all(dir)?;
        }
        let size = match fs::metadata(&self.path) {
            Ok(meta) => meta.len(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => 0,
            Err(e) => return Err(e),
        };
        if size > 0 && size + entry.len() as u64 > self.max_bytes {
            // rename replaces an existing target on every system std supports.
            fs::rename(&self.path, self.old_path())?;
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        // One write per entry, so two running copies of the app (both
        // appending) do not interleave within a line.
        file.write_all(entry.as_bytes())
    }
}

/// `2026-11-28T22:13:31Z message`, continuation lines of a multi-line
/// message indented, ending with a newline (CRLF on Windows, for Notepad
/// before 2018).
fn format_entry(now: SystemTime, message: &str) -> String {
    let newline = if cfg!(windows) { "\r\n" } else { "\n" };
    let mut entry = timestamp(now);
    let mut lines = message.trim_end().lines();
    entry.push(' ');
    entry.push_str(lines.next().unwrap_or(""));
    for line in lines {
        entry.push_str(newline);
        entry.push_str("    ");
        entry.push_str(line);
    }
    entry.push_str(newline);
    entry
}

/// The time as ISO 8601 in UTC, to the second. UTC because the log must not
/// depend on a time-zone database; the `Z` says so.
fn timestamp(now: SystemTime) -> String {
    // A clock before 1970 is logged as 1970: the line still gets written.
    let secs = now
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rest = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The proleptic Gregorian date of `days` after 1970-01-01, by counting
/// 400-year eras of 146 097 days from 0000-03-01 (so that the leap day is
/// the last day of the counted year).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468; // days from 0000-03-01 to 1970-01-01
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097); // 0..=146096
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153; // 0 = March
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month as u32, day as u32)
}

static LOG: OnceLock<LogFile> = OnceLock::new();

/// Makes `log` the process's log (the first call wins) and returns the
/// path in use.
pub fn init(log: LogFile) -> &'static Path {
    LOG.get_or_init(|| log).path()
}

/// Opens the process's log at [`default_path`]; `None` when no home folder
/// is known (then [`write`] does nothing and [`report`] only prints).
pub fn init_default() -> Option<&'static Path> {
    default_path().map(|path| init(LogFile::new(path)))
}

/// The process's log file, if [`init`] was called.
pub fn path() -> Option<&'static Path> {
    LOG.get().map(LogFile::path)
}

/// Appends `message` to the process's log, if there is one. A failure to
/// write is ignored: the log is where failures would be reported.
pub fn write(message: &str) {
    if let Some(log) = LOG.get() {
        let _ = log.append(message);
    }
}

/// An error for the user who has no window to read it in: printed to
/// stderr (seen when started from a terminal) and written to the log (the
/// only trace on Windows, where the app has no console).
pub fn report(message: &str) {
    eprintln!("{message}");
    write(message);
}

/// Appends `message` to the process's log without waiting for another
/// writer (the panic hook: the panicking thread may be the one writing).
pub fn write_now(message: &str) {
    if let Some(log) = LOG.get() {
        let _ = log.append_without_waiting(message);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_iso_dates() {
        let table = [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_709_210_096, "2024-02-29T12:34:56Z"),
            (1_795_906_411, "2026-11-28T22:53:31Z"),
            (4_102_444_799, "2099-12-31T23:59:59Z"),
        ];
        for (secs, want) in table {
            let t = UNIX_EPOCH + Duration::from_secs(secs);
            assert_eq!(timestamp(t), want, "{secs}");
        }
    }

    #[test]
    fn every_day_follows_the_previous_one() {
        // Four centuries cover every leap-year rule once.
        let mut prev = civil_from_days(-1);
        assert_eq!(prev, (1969, 12, 31));
        for days in 0..146_097 {
            let (y, m, d) = civil_from_days(days);
            let (py, pm, pd) = prev;
            let next_day = y == py && m == pm && d == pd + 1;
            let next_month = y == py && m == pm + 1 && d == 1 && pd >= 28;
            let next_year = y == py + 1 && m == 1 && d == 1 && (pm, pd) == (12, 31);
            assert!(
                next_day || next_month || next_year,
                "{prev:?} → {y}-{m}-{d}"
            );
            if (m, d) == (2, 29) {
                assert!(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0), "{y}");
            }
            prev = (y, m, d);
        }
    }

    #[test]
    fn multi_line_messages_stay_one_entry() {
        let t = UNIX_EPOCH + Duration::from_secs(60);
        let nl = if cfg!(windows) { "\r\n" } else { "\n" };
        assert_eq!(
            format_entry(t, "无法启动窗口 / cannot open\ncaused by: x\n"),
            format!("1970-01-01T00:01:00Z 无法启动窗口 / cannot open{nl}    caused by: x{nl}")
        );
        assert_eq!(format_entry(t, ""), format!("1970-01-01T00:01:00Z {nl}"));
    }

    /// A fake environment holding `pairs`.
    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> + use<> {
        let pairs: Vec<(String, OsString)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn folder_per_platform() {
        let home = || Some(PathBuf::from("/home/clerk"));
        // Absolute on the host running the test, so it is not ignored.
        let local = if cfg!(windows) {
            r"C:\Users\clerk\AppData\Local"
        } else {
            "/c/Users/clerk/AppData/Local"
        };
        let local_luoshi = format!("{local}/Luoshi");
        let table = [
            (Platform::Unix, &[][..], "/home/clerk/.local/state/luoshi"),
            (
                Platform::Unix,
                &[("XDG_STATE_HOME", "/var/state")][..],
                "/var/state/luoshi",
            ),
            // A relative value is ignored, as the XDG spec asks.
            (
                Platform::Unix,
                &[("XDG_STATE_HOME", "state")][..],
                "/home/clerk/.local/state/luoshi",
            ),
            (
                Platform::Windows,
                &[("LOCALAPPDATA", local)][..],
                local_luoshi.as_str(),
            ),
            (
                Platform::Windows,
                &[][..],
                "/home/clerk/AppData/Local/Luoshi",
            ),
            (
                Platform::MacOs,
                &[("XDG_STATE_HOME", "/x")][..],
                "/home/clerk/Library/Logs/Luoshi",
            ),
        ];
        for (platform, vars, want) in table {
            let got = dir_for(platform, env(vars), home());
            // Joined with the host's separator: compare component by component.
            let want: Vec<_> = Path::new(want).components().collect();
            let got: Vec<_> = got.as_deref().unwrap().components().collect();
            assert_eq!(got, want, "{platform:?} {vars:?}");
        }
        for platform in [Platform::Unix, Platform::Windows, Platform::MacOs] {
            assert_eq!(dir_for(platform, env(&[]), None), None, "{platform:?}");
        }
    }

    #[test]
    fn default_path_ends_in_the_log_file() {
        if let Some(path) = default_path() {
            assert_eq!(path.file_name().unwrap(), LOG_FILE);
            assert!(path.is_absolute(), "{}", path.display());
        }
    }

    #[test]
    fn appends_create_the_folder_and_keep_order() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join("state/luoshi").join(LOG_FILE));
        log.append("started").unwrap();
        log.append("无法启动窗口 / cannot open the window").unwrap();
        let text = fs::read_to_string(log.path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].ends_with("Z started"), "{text}");
        assert!(lines[1].ends_with("Z 无法启动窗口 / cannot open the window"));
        assert!(!log.old_path().exists());
    }

    #[test]
    fn rotates_at_the_cap_keeping_one_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let cap = 1000;
        let log = LogFile::new(dir.path().join(LOG_FILE)).with_max_bytes(cap);
        // Entries of 52 bytes: 19 fit under the cap.
        let entry_len = format_entry(SystemTime::now(), &"x".repeat(30)).len() as u64;
        for i in 0..100 {
            log.append(&format!("{i:03}{}", "x".repeat(27))).unwrap();
            let size = fs::metadata(log.path()).unwrap().len();
            assert!(size <= cap, "after {i}: {size}");
        }
        let old = fs::read_to_string(log.old_path()).unwrap();
        let new = fs::read_to_string(log.path()).unwrap();
        assert!(old.len() as u64 <= cap && old.len() as u64 > cap - entry_len);
        // The newest entry is last in the log, the ones just before it in
        // the old file, with nothing lost between them.
        let numbers = |text: &str| -> Vec<u32> {
            text.lines()
                .map(|l| l.split(' ').nth(1).unwrap()[..3].parse().unwrap())
                .collect()
        };
        let mut both = numbers(&old);
        both.extend(numbers(&new));
        assert_eq!(*both.last().unwrap(), 99);
        assert!(both.windows(2).all(|w| w[1] == w[0] + 1), "{both:?}");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn one_entry_larger_than_the_cap_is_still_written() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::new(dir.path().join(LOG_FILE)).with_max_bytes(10);
        log.append("a long message that passes the cap").unwrap();
        log.append("the next one").unwrap();
        let text = fs::read_to_string(log.path()).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.trim_end().ends_with("Z the next one"), "{text}");
        assert!(
            fs::read_to_string(log.old_path())
                .unwrap()
                .contains("a long message")
        );
    }

    /// The only test that sets the process's log and panic hook (both are
    /// process-wide); it puts the previous hook back. The one hook
    /// (`panics`) runs the front end's action first, then logs, then
    /// writes the crash log.
    #[test]
    fn panics_and_reports_reach_the_process_log() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let path = init(LogFile::new(dir.path().join(LOG_FILE)));
        assert_eq!(path, dir.path().join(LOG_FILE));
        assert_eq!(super::path(), Some(path));
        report("无法启动窗口 / cannot open the window");
        let original = std::panic::take_hook();
        crate::panics::install(crate::panics::Stderr::Default);
        let crash_dir = dir.path().join("crash");
        crate::panics::crash_log_in(crash_dir.clone());
        static RAN: AtomicBool = AtomicBool::new(false);
        let log_path = path;
        let crash_path = crash_dir.join(crate::recovery::CRASH_LOG_FILE);
        let crash_seen = crash_path.clone();
        crate::panics::on_panic(move || {
            // First: nothing is logged yet when the journal is written.
            // (No assert here: a panic inside the hook aborts.)
            let log = fs::read_to_string(log_path).unwrap_or_default();
            let first = !log.contains("panic in thread") && !crash_seen.exists();
            RAN.store(first, Ordering::SeqCst);
        });
        let result = std::thread::Builder::new()
            .name("worker".into())
            .spawn(|| std::panic::catch_unwind(|| panic!("boom 崩溃")))
            .unwrap()
            .join()
            .unwrap();
        crate::panics::on_panic(|| {});
        drop(std::panic::take_hook());
        std::panic::set_hook(original);
        assert!(result.is_err());
        assert!(
            RAN.load(Ordering::SeqCst),
            "the front end's action ran, first"
        );
        let text = fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].ends_with("Z 无法启动窗口 / cannot open the window"));
        assert!(lines[1].contains(" panic in thread 'worker': "), "{text}");
        assert!(lines[1].contains("boom 崩溃"), "{text}");
        assert!(lines[1].contains("src/logfile.rs"), "the place: {text}");
        let crash = crate::recovery::last_crash(&crash_dir).unwrap();
        assert!(
            crash.contains("boom 崩溃") && crash.contains("src/logfile.rs"),
            "{crash}"
        );
    }

    #[test]
    fn an_unwritable_log_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        // The log's folder is a file: nothing can be created under it.
        let blocker = dir.path().join("blocker");
        fs::write(&blocker, "").unwrap();
        let log = LogFile::new(blocker.join(LOG_FILE));
        assert!(log.append("x").is_err());
        assert!(log.append_without_waiting("x").is_err());
    }
}
