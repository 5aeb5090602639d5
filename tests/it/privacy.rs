//! Private by construction: no HTTP client in the dependency tree, and the
//! CLI opens no inet socket (strace) and works without any network
//! (a network namespace). The GUI check is `#[ignore]`d here and run by
//! `.ci/privacy-gui.sh` under Xvfb.
#![allow(clippy::unwrap_used)] // tests may unwrap (COMMON.md)

use std::path::{Path, PathBuf};
use std::process::Command;

/// Crates that speak HTTP (or open sockets for it).
const HTTP_CLIENTS: &[&str] = &[
    "reqwest",
    "hyper",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "attohttpc",
    "surf",
    "h2",
    "http-client",
    "awc",
    "minreq",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Package names in Cargo.lock (every feature, every target: a superset
/// of what is built).
fn locked_packages() -> Vec<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    lock.lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|l| l.trim_end_matches('"').to_owned())
        .collect()
}

#[test]
fn no_http_client_in_cargo_lock() {
    let packages = locked_packages();
    assert!(
        packages.iter().any(|p| p == "luoshi"),
        "read the right lock"
    );
    let found: Vec<_> = packages
        .iter()
        .filter(|p| HTTP_CLIENTS.contains(&p.as_str()))
        .collect();
    assert!(found.is_empty(), "HTTP clients in Cargo.lock: {found:?}");
}

#[test]
fn no_http_client_in_cargo_tree() {
    // What is actually built, default features (with the GUI) included.
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--prefix",
            "none",
            "-e",
            "normal",
            "--format",
            "{p}",
        ])
        .current_dir(root())
        .output();
    let out = match out {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            eprintln!(
                "privacy: cargo tree failed, checked Cargo.lock only: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            return;
        }
        Err(e) => {
            eprintln!("privacy: cargo not runnable ({e}), checked Cargo.lock only");
            return;
        }
    };
    let tree = String::from_utf8_lossy(&out.stdout);
    let names: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.contains(&"luoshi"), "{tree}");
    assert!(
        names.contains(&"eframe"),
        "default features are in the tree"
    );
    let found: Vec<_> = names.iter().filter(|n| HTTP_CLIENTS.contains(n)).collect();
    assert!(found.is_empty(), "HTTP clients built: {found:?}");
}

/// The socket families a traced run asked for, from strace's output.
fn inet_lines(trace: &str) -> Vec<&str> {
    trace
        .lines()
        .filter(|l| l.contains("AF_INET") || l.contains("AF_INET6") || l.contains("sin_port"))
        .collect()
}

#[test]
fn cli_opens_no_inet_socket_under_strace() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!(
            "privacy: SKIPPED strace check: strace is not installed (apt-get install strace)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace");
    let ron = dir.path().join("x.luoshi.ron");
    let speech = fixture("quxian-duban.docx");
    let bin = env!("CARGO_BIN_EXE_luoshi");
    let runs: [&[&std::ffi::OsStr]; 2] = [
        &[
            "extract".as_ref(),
            speech.as_os_str(),
            "-o".as_ref(),
            ron.as_os_str(),
        ],
        &["export".as_ref(), ron.as_os_str()],
    ];
    for args in runs {
        let out = Command::new("strace")
            .args(["-f", "-e", "trace=socket,connect,sendto,bind", "-o"])
            .arg(&trace)
            .arg(bin)
            .args(args)
            .output()
            .unwrap();
        let log = std::fs::read_to_string(&trace).unwrap_or_default();
        if log.is_empty() && !out.status.success() {
            // ptrace is forbidden in some containers.
            eprintln!(
                "privacy: SKIPPED strace check: strace could not trace: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            return;
        }
        assert!(out.status.success(), "{args:?}: {out:?}");
        let inet = inet_lines(&log);
        assert!(inet.is_empty(), "{args:?} opened inet sockets: {inet:?}");
    }
}

#[test]
fn cli_works_without_network() {
    // A fresh network namespace has no interface but a down loopback.
    let probe = Command::new("unshare").args(["-n", "true"]).output();
    match probe {
        Ok(o) if o.status.success() => {}
        _ => {
            eprintln!("privacy: SKIPPED network-namespace check: `unshare -n` is not available");
            return;
        }
    }
    let speech = fixture("anquan-shengchan.txt");
    let without = Command::new("unshare")
        .arg("-n")
        .arg(env!("CARGO_BIN_EXE_luoshi"))
        .arg("extract")
        .arg(&speech)
        .output()
        .unwrap();
    assert!(without.status.success(), "{without:?}");
    let with = Command::new(env!("CARGO_BIN_EXE_luoshi"))
        .arg("extract")
        .arg(&speech)
        .output()
        .unwrap();
    assert_eq!(without.stdout, with.stdout, "same result with no network");
}

/// The desktop app under Xvfb: run by `.ci/privacy-gui.sh`, which builds
/// the GUI binary and passes its path.
#[test]
#[ignore = "needs the GUI build, Xvfb and strace: run .ci/privacy-gui.sh"]
fn gui_opens_no_inet_socket_under_xvfb() {
    let Ok(trace) = std::env::var("LUOSHI_GUI_TRACE") else {
        eprintln!("privacy: SKIPPED: set LUOSHI_GUI_TRACE (see .ci/privacy-gui.sh)");
        return;
    };
    let log = std::fs::read_to_string(&trace).unwrap();
    assert!(
        log.lines().count() > 0,
        "the trace is empty: did the app run?"
    );
    let inet = inet_lines(&log);
    assert!(inet.is_empty(), "the app opened inet sockets: {inet:?}");
}

#[test]
fn inet_lines_are_recognised() {
    let trace = "123 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3\n\
                 123 connect(3, {sa_family=AF_UNIX, sun_path=\"/tmp/.X11-unix/X99\"}, 20) = 0\n\
                 124 socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = 4\n";
    assert_eq!(inet_lines(trace).len(), 1);
}
