//! Installing like a program: the files the .deb takes from
//! `luoshi --write-desktop-files`, and the Windows installer's file types,
//! which must follow the one list in `luoshi::desktop::FILE_TYPES`.
//! (.ci/deb.sh builds and installs the .deb itself; .ci/windows-installer.sh
//! the installer.)
#![allow(clippy::unwrap_used)]
// tests may unwrap (COMMON.md)
#![cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]

use luoshi::desktop::{self, FILE_TYPES};
use std::path::Path;
use std::process::Command;

fn repo(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// How Windows names a type: by the part after the last dot only.
fn windows_extension(ext: &str) -> String {
    format!(".{}", ext.rsplit('.').next().unwrap())
}

#[cfg(feature = "cli")]
#[test]
fn write_desktop_files_makes_the_package_tree() {
    let root = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_luoshi"))
        .arg("--write-desktop-files")
        .arg(root.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let share = root.path().join("usr/share");
    let entry = std::fs::read_to_string(share.join("applications/luoshi.desktop")).unwrap();
    // The package's entry is the per-user one, starting luoshi from the PATH.
    let per_user = desktop::desktop_entry(Path::new("/usr/bin/luoshi")).unwrap();
    assert_eq!(
        entry,
        per_user.replace("Exec=/usr/bin/luoshi %f", "Exec=luoshi %f")
    );
    for (ext, mimes) in FILE_TYPES {
        for mime in mimes {
            assert!(entry.contains(&format!("{mime};")), "{ext}: {mime} missing");
        }
    }
    let icon = std::fs::read(share.join("icons/hicolor/256x256/apps/luoshi.png")).unwrap();
    assert_eq!(icon, desktop::ICON_PNG);
    let xml = std::fs::read_to_string(share.join("mime/packages/luoshi.xml")).unwrap();
    assert_eq!(xml, desktop::mime_package());
    // Nothing else: the .deb takes the whole tree.
    let count = walk(root.path());
    assert_eq!(count, 3, "files besides the three");

    match Command::new("desktop-file-validate")
        .arg(share.join("applications/luoshi.desktop"))
        .output()
    {
        Ok(out) => {
            let said = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success() && said.trim().is_empty(), "{said}");
        }
        Err(_) => eprintln!(
            "SKIPPED: desktop-file-validate not installed (apt-get install desktop-file-utils)"
        ),
    }
}

fn walk(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            if path.is_dir() { walk(&path) } else { 1 }
        })
        .sum()
}

#[test]
fn windows_installer_offers_exactly_the_file_types() {
    let nsi = repo("packaging/windows/luoshi.nsi");
    let mut wanted: Vec<String> = Vec::new();
    for (ext, _) in FILE_TYPES {
        let win = windows_extension(ext);
        let progid = if ext == luoshi::checklist::store::EXTENSION {
            "${CHECKLIST}"
        } else {
            "${SPEECH}"
        };
        for verb in ["OpenWith", "UnOpenWith"] {
            let line = format!("!insertmacro {verb} \"{win}\" \"{progid}\"");
            assert!(nsi.lines().any(|l| l.trim() == line), "missing: {line}");
        }
        wanted.push(win);
    }
    // And no type the app does not open.
    for line in nsi.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("!insertmacro OpenWith \"") {
            let ext = rest.split('"').next().unwrap();
            assert!(
                wanted.iter().any(|w| w == ext),
                "{ext} is not in FILE_TYPES"
            );
        }
    }
}

#[test]
fn deb_metadata_names_the_generated_tree_and_both_programs() {
    let toml = repo("Cargo.toml");
    let deb = &toml[toml.find("[package.metadata.deb]").unwrap()..];
    for asset in [
        r#"["target/release/luoshi", "usr/bin/", "755"]"#,
        r#"{ dest = "usr/bin/luoshi-cli", link_name = "luoshi" }"#,
        r#"["target/deb-root/usr/share/**/*", "usr/share/", "644"]"#,
    ] {
        assert!(deb.contains(asset), "missing asset {asset}");
    }
    let script = repo(".ci/deb.sh");
    assert!(script.contains("\"$bin\" --write-desktop-files \"$root_files\""));
    assert!(script.contains("root_files=target/deb-root\n"));
    // Built for the oldest glibc the 信创 systems have (UOS V20), and
    // checked for it.
    assert!(script.contains("glibc=2.28\n"));
    assert!(script.contains("cargo zigbuild --release --bins --target \"$triple.$glibc\""));
    assert!(script.contains("cargo deb --no-build --target \"$triple\""));
}
