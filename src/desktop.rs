//! Installing Luoshi into a freedesktop (Linux) desktop for double-click
//! use: the `.desktop` entry, the icon in the hicolor theme and the MIME
//! type of checklist files (`*.luoshi.ron`), all under the user's data
//! folder (`$XDG_DATA_HOME`, else `~/.local/share`); and removing them.
//!
//! Owns those three files and nothing else: it never asks for root, and
//! runs `update-desktop-database` / `update-mime-database` only when they
//! are installed. Windows and macOS install differently (see README).

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The application id: the `.desktop` file's name, the icon's name and
/// the window's app id / WM_CLASS (`StartupWMClass`).
pub const APP_ID: &str = "luoshi";

/// The MIME type of saved checklists.
pub const CHECKLIST_MIME: &str = "application/x-luoshi-checklist";

/// The MIME type of OFD documents (GB/T 33190). shared-mime-info has none,
/// so [`mime_package`] names it for `*.ofd`, as the OFD readers of UOS and
/// Kylin do.
pub const OFD_MIME: &str = "application/ofd";

/// The one list of the files Luoshi opens: extension (without the leading
/// dot) and the MIME types desktops give it. The `.desktop` entry, the MIME
/// package and the Windows installer's file types all follow it. WPS Office
/// (preinstalled on UOS and Kylin) names its own types `application/wps-office.*`
/// for the same extensions, so those are listed too.
pub const FILE_TYPES: [(&str, &[&str]); 7] = [
    ("txt", &["text/plain"]),
    (
        "docx",
        &[
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/wps-office.docx",
        ],
    ),
    ("doc", &["application/msword", "application/wps-office.doc"]),
    (
        "wps",
        &["application/vnd.ms-works", "application/wps-office.wps"],
    ),
    ("pdf", &["application/pdf"]),
    ("ofd", &[OFD_MIME]),
    (crate::checklist::store::EXTENSION, &[CHECKLIST_MIME]),
];

/// Every MIME type of [`FILE_TYPES`], in order: the `MimeType=` key.
pub fn mime_types() -> impl Iterator<Item = &'static str> {
    FILE_TYPES
        .iter()
        .flat_map(|(_, mimes)| mimes.iter().copied())
}

/// The 256×256 application icon.
pub const ICON_PNG: &[u8] = include_bytes!("../assets/luoshi.png");
const ICON_SIZE: &str = "256x256";

#[derive(Debug, thiserror::Error)]
pub enum DesktopError {
    #[error(
        "找不到用户数据文件夹：请设置 HOME 或 XDG_DATA_HOME / cannot find the user data folder: set HOME or XDG_DATA_HOME"
    )]
    NoDataHome,
    #[error("找不到落实程序本身：{0} / cannot locate the luoshi program itself: {0}")]
    NoExe(io::Error),
    #[error(
        "程序路径 {0} 含有无法写入 .desktop 文件的字符，请把程序移到普通路径 / the program path {0} cannot be written into a .desktop file: move the program to a plain path"
    )]
    UnusableExePath(String),
    #[error("无法创建文件夹 {path}：{source} / cannot create the folder {path}: {source}")]
    CreateDir {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Write(#[from] crate::fsio::WriteError),
    #[error("无法删除 {path}：{source} / cannot remove {path}: {source}")]
    Remove {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error(
        "桌面安装只适用于 Linux 等 freedesktop 桌面，其他系统请看 README / desktop install is for Linux (freedesktop) desktops; see the README for other systems"
    )]
    Unsupported,
}

/// What an install or uninstall did, one line per step, for the terminal.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub lines: Vec<String>,
}

impl Report {
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().map(String::as_str)
    }
}

/// Where the three files go under `data_home`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub applications: PathBuf,
    pub desktop_file: PathBuf,
    pub icon_file: PathBuf,
    pub mime_packages: PathBuf,
    pub mime_file: PathBuf,
}

impl Paths {
    pub fn new(data_home: &Path) -> Paths {
        let applications = data_home.join("applications");
        let mime_packages = data_home.join("mime").join("packages");
        Paths {
            desktop_file: applications.join(format!("{APP_ID}.desktop")),
            icon_file: data_home
                .join("icons/hicolor")
                .join(ICON_SIZE)
                .join("apps")
                .join(format!("{APP_ID}.png")),
            mime_file: mime_packages.join(format!("{APP_ID}.xml")),
            applications,
            mime_packages,
        }
    }

    fn mime_root(&self) -> Option<&Path> {
        self.mime_packages.parent()
    }
}

/// `$XDG_DATA_HOME` when set to an absolute path (the spec says to ignore
/// relative ones), else `$HOME/.local/share`.
pub fn data_home() -> Result<PathBuf, DesktopError> {
    data_home_from(
        std::env::var_os("XDG_DATA_HOME").map(PathBuf::from),
        std::env::var_os("HOME").map(PathBuf::from),
    )
}

fn data_home_from(xdg: Option<PathBuf>, home: Option<PathBuf>) -> Result<PathBuf, DesktopError> {
    match (xdg, home) {
        (Some(x), _) if x.is_absolute() => Ok(x),
        (_, Some(h)) if h.is_absolute() => Ok(h.join(".local/share")),
        _ => Err(DesktopError::NoDataHome),
    }
}

/// The `.desktop` entry that starts `exe` with the opened file.
pub fn desktop_entry(exe: &Path) -> Result<String, DesktopError> {
    let exec = exec_argument(exe)?;
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "[Desktop Entry]\n\
         Type=Application\n\
         Version=1.4\n\
         Name=Luoshi\n\
         Name[zh_CN]=落实\n\
         GenericName=Speech checklists\n\
         GenericName[zh_CN]=讲话落实清单\n\
         Comment=Turn a leader's speech into per-department checklists\n\
         Comment[zh_CN]=把讲话稿变成各部门的落实清单\n\
         Exec={exec} %f\n\
         Icon={APP_ID}\n\
         Terminal=false\n\
         Categories=Office;\n\
         MimeType={};\n\
         Keywords=checklist;speech;落实;清单;讲话;\n\
         StartupNotify=true\n\
         StartupWMClass={APP_ID}\n",
        mime_types().collect::<Vec<_>>().join(";")
    );
    Ok(out)
}

/// The shared-mime-info package that names `*.luoshi.ron` files (and
/// `*.ofd`, which shared-mime-info does not know).
pub fn mime_package() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{CHECKLIST_MIME}">
    <comment>Luoshi checklist</comment>
    <comment xml:lang="zh_CN">落实清单</comment>
    <sub-class-of type="text/plain"/>
    <generic-icon name="text-x-generic"/>
    <glob pattern="*.{ext}" weight="60"/>
  </mime-type>
  <mime-type type="{OFD_MIME}">
    <comment>OFD document</comment>
    <comment xml:lang="zh_CN">OFD 版式文档</comment>
    <sub-class-of type="application/zip"/>
    <generic-icon name="x-office-document"/>
    <glob pattern="*.ofd"/>
  </mime-type>
</mime-info>
"#,
        ext = crate::checklist::store::EXTENSION
    )
}

/// `exe` as the program of an `Exec=` line: quoted when it holds reserved
/// characters, `%` doubled, and backslashes escaped once more for the
/// key-file string rules.
fn exec_argument(exe: &Path) -> Result<String, DesktopError> {
    let shown = exe.display().to_string();
    let Some(path) = exe.to_str() else {
        return Err(DesktopError::UnusableExePath(shown));
    };
    if path.chars().any(char::is_control) {
        return Err(DesktopError::UnusableExePath(shown));
    }
    let path = path.replace('%', "%%");
    const RESERVED: &str = " \t\"'\\><~|&;$*?#()`";
    let quoted = if path.chars().any(|c| RESERVED.contains(c)) {
        let mut q = String::from("\"");
        for c in path.chars() {
            if matches!(c, '"' | '`' | '$' | '\\') {
                q.push('\\');
            }
            q.push(c);
        }
        q.push('"');
        q
    } else {
        path
    };
    Ok(quoted.replace('\\', "\\\\"))
}

/// Installs the entry for the running program into the user's data folder.
pub fn install_for_current_exe() -> Result<Report, DesktopError> {
    if cfg!(any(windows, target_os = "macos")) {
        return Err(DesktopError::Unsupported);
    }
    let exe = std::env::current_exe().map_err(DesktopError::NoExe)?;
    // A symlinked install (~/.cargo/bin, /usr/local/bin) still works when
    // its target moves; keep the path the user runs.
    install(&exe, &data_home()?)
}

/// Removes what [`install_for_current_exe`] wrote.
pub fn uninstall_from_env() -> Result<Report, DesktopError> {
    if cfg!(any(windows, target_os = "macos")) {
        return Err(DesktopError::Unsupported);
    }
    uninstall(&data_home()?)
}

/// Writes the entry (starting `exe`), the icon and the MIME package under
/// `data_home`, then refreshes the desktop's caches when the tools exist.
pub fn install(exe: &Path, data_home: &Path) -> Result<Report, DesktopError> {
    let paths = Paths::new(data_home);
    let mut report = write_files(&paths, exe)?;
    refresh(&paths, &mut report);
    Ok(report)
}

/// Writes the same three files for a system-wide package (the .deb) under
/// `root/usr/share`, the entry starting `luoshi` from the `PATH` (the
/// package puts it in /usr/bin). Runs no cache tool: on the target system
/// the package manager's triggers do that.
pub fn write_package_files(root: &Path) -> Result<Report, DesktopError> {
    write_files(&Paths::new(&root.join("usr/share")), Path::new(APP_ID))
}

fn write_files(paths: &Paths, exe: &Path) -> Result<Report, DesktopError> {
    let entry = desktop_entry(exe)?;
    let mime = mime_package();
    let files: [(&Path, &[u8]); 3] = [
        (&paths.desktop_file, entry.as_bytes()),
        (&paths.icon_file, ICON_PNG),
        (&paths.mime_file, mime.as_bytes()),
    ];
    let mut report = Report::default();
    for (path, bytes) in files {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| DesktopError::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        crate::fsio::write_atomic(path, |w| w.write_all(bytes))?;
        report
            .lines
            .push(format!("已写入 / written: {}", path.display()));
    }
    Ok(report)
}

/// Removes the entry, icon and MIME package (missing ones are fine).
pub fn uninstall(data_home: &Path) -> Result<Report, DesktopError> {
    let paths = Paths::new(data_home);
    let mut report = Report::default();
    for path in [&paths.desktop_file, &paths.icon_file, &paths.mime_file] {
        match std::fs::remove_file(path) {
            Ok(()) => report
                .lines
                .push(format!("已删除 / removed: {}", path.display())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => report
                .lines
                .push(format!("不存在 / not present: {}", path.display())),
            Err(source) => {
                return Err(DesktopError::Remove {
                    path: path.display().to_string(),
                    source,
                });
            }
        }
    }
    refresh(&paths, &mut report);
    Ok(report)
}

/// Runs the cache tools that exist; a missing or failing tool only costs
/// a delay until the desktop rescans, so it is reported, not an error.
fn refresh(paths: &Paths, report: &mut Report) {
    let mut jobs: Vec<(&str, &Path)> = vec![("update-desktop-database", &paths.applications)];
    if let Some(mime) = paths.mime_root() {
        jobs.push(("update-mime-database", mime));
    }
    for (tool, dir) in jobs {
        if !dir.is_dir() {
            continue;
        }
        let status = Command::new(tool)
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let line = match status {
            Ok(s) if s.success() => format!("已运行 / ran: {tool} {}", dir.display()),
            Ok(s) => format!("{tool} 失败 / failed ({s}), 可忽略 / harmless"),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                format!("未安装 {tool}，已跳过 / {tool} not installed, skipped")
            }
            Err(e) => format!("无法运行 {tool} / cannot run {tool}: {e}"),
        };
        report.lines.push(line);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn exec_quoting() {
        let table = [
            ("/usr/bin/luoshi", "/usr/bin/luoshi"),
            ("/opt/my apps/luoshi", "\"/opt/my apps/luoshi\""),
            ("/opt/100%/luoshi", "/opt/100%%/luoshi"),
            ("/opt/a$b/luoshi", "\"/opt/a\\\\$b/luoshi\""),
            ("/opt/a\\b/luoshi", "\"/opt/a\\\\\\\\b/luoshi\""),
            ("/opt/落实/luoshi", "/opt/落实/luoshi"),
        ];
        for (path, want) in table {
            assert_eq!(exec_argument(Path::new(path)).unwrap(), want, "{path}");
        }
        assert!(exec_argument(Path::new("/opt/a\nb")).is_err());
    }

    #[test]
    fn data_home_rules() {
        let abs = |p: &str| Some(PathBuf::from(p));
        let table = [
            (abs("/x/data"), abs("/home/u"), Some("/x/data")),
            (
                abs("relative"),
                abs("/home/u"),
                Some("/home/u/.local/share"),
            ),
            (None, abs("/home/u"), Some("/home/u/.local/share")),
            (None, None, None),
            (abs("rel"), abs("rel2"), None),
        ];
        for (xdg, home, want) in table {
            let got = data_home_from(xdg.clone(), home.clone()).ok();
            assert_eq!(got, want.map(PathBuf::from), "{xdg:?} {home:?}");
        }
    }

    #[test]
    fn file_types_are_one_list_without_repeats() {
        let mimes: Vec<&str> = mime_types().collect();
        let mut unique = mimes.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), mimes.len(), "{mimes:?}");
        let exts: Vec<&str> = FILE_TYPES.iter().map(|(e, _)| *e).collect();
        assert_eq!(
            exts,
            ["txt", "docx", "doc", "wps", "pdf", "ofd", "luoshi.ron"]
        );
        // Every type the package names that shared-mime-info lacks is defined.
        let package = mime_package();
        for own in [CHECKLIST_MIME, OFD_MIME] {
            assert!(package.contains(&format!("<mime-type type=\"{own}\">")));
        }
    }

    #[test]
    fn entry_has_the_required_keys() {
        let entry = desktop_entry(Path::new("/usr/bin/luoshi")).unwrap();
        for line in [
            "Exec=/usr/bin/luoshi %f",
            "StartupWMClass=luoshi",
            "Categories=Office;",
            "Icon=luoshi",
            "MimeType=text/plain;application/vnd.openxmlformats-officedocument.wordprocessingml.document;application/wps-office.docx;\
             application/msword;application/wps-office.doc;application/vnd.ms-works;application/wps-office.wps;\
             application/pdf;application/ofd;application/x-luoshi-checklist;",
        ] {
            assert!(entry.lines().any(|l| l == line), "missing {line}:\n{entry}");
        }
        let mime = mime_package();
        assert!(mime.contains("<glob pattern=\"*.luoshi.ron\""));
        assert!(mime.contains("<mime-type type=\"application/ofd\">\n"));
        assert!(mime.contains("<glob pattern=\"*.ofd\"/>"));
    }
}
