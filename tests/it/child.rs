//! A second process for the tests that need one (a window killed with
//! SIGKILL, another window saving the same file): this same test binary
//! re-run on one `#[ignore]`d test, told what to do through the
//! environment, so no extra binary is needed.
#![allow(clippy::unwrap_used)] // tests may unwrap (COMMON.md)

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MODE_ENV: &str = "LUOSHI_TEST_CHILD";
const PATH_ENV: &str = "LUOSHI_TEST_CHILD_PATH";

/// Runs the test `test` (`module::child`) in a child process, in `mode`,
/// on `path`. Its stderr is piped, for the tests that read it.
pub fn spawn(test: &str, mode: &str, path: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--ignored", "--nocapture"])
        .env(MODE_ENV, mode)
        .env(PATH_ENV, path)
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// In a child: its mode and path; `None` when the test was run as itself
/// (it then does nothing).
pub fn task() -> Option<(String, PathBuf)> {
    let mode = std::env::var(MODE_ENV).ok()?;
    Some((mode, PathBuf::from(std::env::var(PATH_ENV).unwrap())))
}

/// Waits until the child has made `path` (its "ready" mark).
pub fn wait_for(path: &Path, child: &mut Child) {
    let start = Instant::now();
    while !path.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the child ended early: {status}");
        }
        assert!(start.elapsed() < Duration::from_secs(60), "child hung");
        std::thread::sleep(Duration::from_millis(10));
    }
}
