//! The checklist file: versioned, pretty-printed RON, saved atomically.
//!
//! Owns the on-disk format (`*.luoshi.ron`), version checks and migration,
//! and the atomic writer that every file Luoshi writes goes through. Must
//! not decide what a checklist contains.

use super::Checklist;
use serde::Deserialize;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The format version this build writes and the newest it reads.
pub const CURRENT_VERSION: u32 = 1;

/// The file name ending used for checklists (plain `.ron` is read too).
pub const EXTENSION: &str = "luoshi.ron";

/// Checklists are small; anything bigger is not one of ours.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("无法读取 {path}：{source} / cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error(
        "无法写入 {path}：{source}（原文件未改动） / cannot write {path}: {source} (the old file is unchanged)"
    )]
    Write {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error(
        "{path} 不是落实清单文件（第 {line} 行第 {column} 列：{message}） / {path} is not a valid checklist file (line {line}, column {column}: {message})"
    )]
    Malformed {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path} 不是 UTF-8 文本，不是落实清单文件 / {path} is not UTF-8 text, so not a checklist file"
    )]
    NotUtf8 { path: String },
    #[error(
        "{path} 太大（超过 64 MB），不是落实清单文件 / {path} is too large (over 64 MB) for a checklist file"
    )]
    TooLarge { path: String },
    #[error(
        "{path} 由更新版本的落实保存（格式 {version}，本版本最高支持 {CURRENT_VERSION}），请升级落实；文件不会被改动 / {path} was saved by a newer Luoshi (format {version}, this one reads up to {CURRENT_VERSION}): please upgrade; the file is left as it is"
    )]
    TooNew { path: String, version: u32 },
    #[error("无法生成清单文件：{0} / cannot serialise the checklist: {0}")]
    Serialize(String),
}

/// Only the version, read before the rest so a newer file is refused
/// with a clear message instead of a parse error.
#[derive(Deserialize)]
#[serde(rename = "Checklist")]
struct VersionProbe {
    #[serde(default)]
    version: u32,
}

fn pretty() -> ron::ser::PrettyConfig {
    // One field per line and no struct names: small, readable diffs when a
    // checklist is kept under version control. Strings stay escaped so a
    // note with line breaks is still one line (Chinese is not escaped:
    // ron escapes with `char::escape_debug`).
    ron::ser::PrettyConfig::new()
        .indentor("  ")
        .struct_names(false)
        .escape_strings(true)
        .separate_tuple_members(true)
}

/// The checklist as the RON text [`save`] writes.
pub fn to_string(list: &Checklist) -> Result<String, StoreError> {
    let mut out = ron::ser::to_string_pretty(list, pretty())
        .map_err(|e| StoreError::Serialize(e.to_string()))?;
    out.push('\n');
    Ok(out)
}

/// Parses checklist RON; `path` only names the file in messages.
pub fn from_str(text: &str, path: &Path) -> Result<Checklist, StoreError> {
    let shown = path.display().to_string();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Ok(probe) = ron::from_str::<VersionProbe>(text)
        && probe.version > CURRENT_VERSION
    {
        return Err(StoreError::TooNew {
            path: shown,
            version: probe.version,
        });
    }
    let list: Checklist = ron::from_str(text).map_err(|e| StoreError::Malformed {
        path: shown,
        line: e.span.start.line,
        column: e.span.start.col,
        message: shorten(&e.code.to_string(), 120),
    })?;
    Ok(migrate(list))
}

/// Cuts a parser message that quotes a long stretch of the file.
fn shorten(message: &str, max_chars: usize) -> String {
    match message.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message.to_string(),
    }
}

/// Brings a checklist of an older format up to [`CURRENT_VERSION`].
fn migrate(mut list: Checklist) -> Checklist {
    // Version 0 means "no version field": a hand-written file in the v1
    // shape. Future format changes add steps here, oldest first.
    if list.version < 1 {
        list.version = 1;
    }
    list.version = CURRENT_VERSION;
    list.repair_next_id();
    list
}

/// Reads a checklist file. Refuses files of a newer format version.
pub fn load(path: &Path) -> Result<Checklist, StoreError> {
    let bytes = read_limited(path)?;
    let text = String::from_utf8(bytes).map_err(|_| StoreError::NotUtf8 {
        path: path.display().to_string(),
    })?;
    from_str(&text, path)
}

fn read_limited(path: &Path) -> Result<Vec<u8>, StoreError> {
    let read_err = |source| StoreError::Read {
        path: path.display().to_string(),
        source,
    };
    let file = File::open(path).map_err(read_err)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(StoreError::TooLarge {
            path: path.display().to_string(),
        });
    }
    Ok(bytes)
}

/// Saves a checklist atomically. Refuses to replace a checklist file of a
/// newer format version, so an older Luoshi never destroys newer data.
pub fn save(list: &Checklist, path: &Path) -> Result<(), StoreError> {
    refuse_newer(path)?;
    let mut to_save = list.clone();
    to_save.version = CURRENT_VERSION;
    let text = to_string(&to_save)?;
    write_atomic(path, |w| w.write_all(text.as_bytes()))
}

fn refuse_newer(path: &Path) -> Result<(), StoreError> {
    // Only a readable file whose version says "newer" blocks the save;
    // anything else at that path is the user's choice to replace.
    let Ok(bytes) = read_limited(path) else {
        return Ok(());
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Ok(());
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match ron::from_str::<VersionProbe>(text) {
        Ok(probe) if probe.version > CURRENT_VERSION => Err(StoreError::TooNew {
            path: path.display().to_string(),
            version: probe.version,
        }),
        _ => Ok(()),
    }
}

/// Writes a file so that it is either fully replaced or left untouched:
/// `write` fills a temporary file in the same folder, which is flushed,
/// synced and renamed over `path`; the folder is then synced (unix). On
/// any failure the temporary file is removed and the old file stays.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<(), StoreError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let write_err = |source| StoreError::Write {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tmp_path, file) = create_temp(&dir, path).map_err(write_err)?;
    let result = fill_and_replace(file, &tmp_path, path, write);
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp_path);
        return Err(write_err(e));
    }
    sync_dir(&dir);
    Ok(())
}

fn fill_and_replace<F>(file: File, tmp: &Path, path: &Path, write: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let mut out = io::BufWriter::new(file);
    write(&mut out)?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    // Keep the permissions of the file being replaced (best effort).
    if let Ok(meta) = fs::metadata(path) {
        let _ = file.set_permissions(meta.permissions());
    }
    file.sync_all()?;
    drop(file);
    fs::rename(tmp, path)
}

fn create_temp(dir: &Path, target: &Path) -> io::Result<(PathBuf, File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let stem = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "luoshi".into());
    let pid = std::process::id();
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{stem}.{pid}.{n}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1_000_000 => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Makes the rename itself durable. Some file systems cannot sync a
/// folder; the data is already safe then, so errors are ignored.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn missing_version_reads_as_v1() {
        let list = from_str(
            "(departments: [(name: \"公安\", items: [(id: 3, text: \"巡逻\")])])",
            Path::new("x.ron"),
        )
        .unwrap();
        assert_eq!(list.version, CURRENT_VERSION);
        assert_eq!(list.next_id, 4, "the counter is repaired past existing ids");
        assert_eq!(list.departments[0].items[0].text, "巡逻");
    }

    #[test]
    fn confidence_is_saved_and_old_items_load_as_sure() {
        use crate::extract::Confidence;
        // A file written before items had a confidence.
        let old = from_str(
            "(version: 1, departments: [(name: \"公安\", items: [(id: 1, text: \"巡逻\")])])",
            Path::new("x.ron"),
        )
        .unwrap();
        let item = &old.departments[0].items[0];
        assert_eq!(item.confidence, Confidence::Sure);
        assert!(item.reason.is_empty());
        // A check item keeps its reason through a save and a load.
        let mut list = old.clone();
        list.departments[0].items[0].confidence = Confidence::Check;
        list.departments[0].items[0].reason = "actor carried over".into();
        let text = to_string(&list).unwrap();
        assert!(text.contains("confidence: check"), "{text}");
        let back = from_str(&text, Path::new("x.ron")).unwrap();
        assert_eq!(back, list);
    }

    #[test]
    fn newer_version_is_refused_even_with_unknown_fields() {
        let text = "(version: 2, flavour: \"new\", departments: [])";
        match from_str(text, Path::new("x.ron")) {
            Err(StoreError::TooNew { version: 2, .. }) => {}
            other => panic!("expected TooNew, got {other:?}"),
        }
    }

    #[test]
    fn malformed_reports_line_and_column() {
        let text = "(\n  version: 1,\n  departments: [\n    (name: 公安)\n  ],\n)";
        match from_str(text, Path::new("x.ron")) {
            Err(StoreError::Malformed { line, column, .. }) => {
                assert_eq!(line, 4);
                assert!(column > 1);
            }
            other => panic!("expected Malformed, got {other:?}"),
        }
    }
}
