//! The checklist file: versioned, pretty-printed RON, saved atomically.
//!
//! Owns the on-disk format (`*.luoshi.ron`), version checks, migration
//! and the repairs made on load (duplicate ids). Files are written through
//! [`crate::fsio::write_atomic`]. Must not decide what a checklist contains.

use super::Checklist;
use crate::fsio::{self, FileStamp, WriteError};
use serde::Deserialize;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The format version this build writes and the newest it reads.
pub const CURRENT_VERSION: u32 = 3;

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
    #[error(transparent)]
    Write(#[from] WriteError),
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
        "{path} 不完整，可能在复制或保存时被截断，不是完整的落实清单文件 / {path} is incomplete (cut off while being copied or saved), so not a whole checklist file"
    )]
    Truncated { path: String },
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
    parse(text, path).map(|parsed| parsed.checklist)
}

/// A checklist as read from a file, with what was done to it on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub checklist: Checklist,
    /// Items that had a repeated (or zero) id and were given a fresh one.
    pub renumbered: usize,
    /// Fields this version does not know (from a newer Luoshi or a hand
    /// edit), as `departments.0.items.3.colour`. Saving would drop them.
    pub unknown_fields: Vec<String>,
    /// The file as read, for noticing later that someone changed it.
    pub stamp: Option<FileStamp>,
}

impl Loaded {
    /// What the user should know about this file before working on it, in
    /// Chinese and English; `None` when it loaded as it was.
    pub fn warning(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.renumbered > 0 {
            parts.push(format!(
                "清单中有 {0} 个事项编号重复，已重新编号 / {0} items had a repeated id and were renumbered",
                self.renumbered
            ));
        }
        if !self.unknown_fields.is_empty() {
            let shown: Vec<&str> = self
                .unknown_fields
                .iter()
                .take(3)
                .map(String::as_str)
                .collect();
            parts.push(format!(
                "清单含本版本不认识的内容（{0}），为免丢失，保存时请另存为新文件 / the checklist has fields this version does not know ({0}); to keep them, save to a new file",
                shown.join("，")
            ));
        }
        (!parts.is_empty()).then(|| parts.join("；"))
    }
}

fn parse(text: &str, path: &Path) -> Result<Loaded, StoreError> {
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
    let malformed = |e: ron::error::SpannedError| StoreError::Malformed {
        path: shown.clone(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: super::shorten(&e.code.to_string(), 120).into_owned(),
    };
    let mut unknown_fields = Vec::new();
    let mut de = ron::Deserializer::from_str(text).map_err(&malformed)?;
    let list: Checklist = serde_ignored::deserialize(&mut de, |field| {
        if unknown_fields.len() < 100 {
            unknown_fields.push(field.to_string());
        }
    })
    .map_err(|e| malformed(de.span_error(e)))?;
    de.end().map_err(|e| malformed(de.span_error(e)))?;
    // Ids first: migrating to tasks keys them by id.
    let mut list = list;
    let renumbered = list.repair_ids();
    let checklist = migrate(list);
    Ok(Loaded {
        checklist,
        renumbered,
        unknown_fields,
        stamp: None,
    })
}

/// Brings a checklist of an older format up to [`CURRENT_VERSION`].
fn migrate(mut list: Checklist) -> Checklist {
    // Version 0 means "no version field": a hand-written file in the v1
    // shape. Future format changes add steps here, oldest first.
    if list.version < 1 {
        list.version = 1;
    }
    // 1 → 2: items name their task (the copies of one clause), and `with`
    // keeps only units without a copy of their own.
    if list.version < 2 {
        list.assign_tasks();
        list.version = 2;
    }
    // 2 → 3: the 督办台账's fields (document date and code, due days,
    // reports, 销号) are new and optional: nothing to convert.
    if list.version < 3 {
        list.version = 3;
    }
    list.version = CURRENT_VERSION;
    list.repair_next_id();
    list
}

/// Reads a checklist file. Refuses files of a newer format version.
pub fn load(path: &Path) -> Result<Checklist, StoreError> {
    load_report(path).map(|loaded| loaded.checklist)
}

/// Reads a checklist file and says what was repaired or not understood
/// ([`Loaded`]); refuses files of a newer format version.
pub fn load_report(path: &Path) -> Result<Loaded, StoreError> {
    let bytes = read_limited(path)?;
    let stamp = FileStamp::of_bytes(path, &bytes);
    let text = decode(bytes, path)?;
    let mut loaded = parse(&text, path)?;
    loaded.stamp = Some(stamp);
    Ok(loaded)
}

/// The file's text; a file cut inside a character is called truncated,
/// not "not UTF-8".
fn decode(bytes: Vec<u8>, path: &Path) -> Result<String, StoreError> {
    String::from_utf8(bytes).map_err(|e| {
        let path = path.display().to_string();
        if e.utf8_error().error_len().is_none() {
            StoreError::Truncated { path }
        } else {
            StoreError::NotUtf8 { path }
        }
    })
}

/// A checklist file's bytes, refusing files too large to be one.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, StoreError> {
    read_limited(path)
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
    save_stamped(list, path).map(|_| ())
}

/// [`save`], returning the stamp of what was written (to notice later
/// that another program changed the file).
pub fn save_stamped(list: &Checklist, path: &Path) -> Result<FileStamp, StoreError> {
    refuse_newer(path)?;
    let text = if list.version == CURRENT_VERSION {
        to_string(list)?
    } else {
        let mut to_save = list.clone();
        to_save.version = CURRENT_VERSION;
        to_string(&to_save)?
    };
    fsio::write_atomic(path, |w| w.write_all(text.as_bytes()))?;
    Ok(FileStamp::of_bytes(path, text.as_bytes()))
}

/// How much of an existing file is read to find its version: ours writes
/// it on the second line.
const HEADER_BYTES: u64 = 4096;

fn refuse_newer(path: &Path) -> Result<(), StoreError> {
    // Only a readable file whose version says "newer" blocks the save;
    // anything else at that path is the user's choice to replace.
    let version = header_version(path).or_else(|| small_file_version(path));
    match version {
        Some(version) if version > CURRENT_VERSION => Err(StoreError::TooNew {
            path: path.display().to_string(),
            version,
        }),
        _ => Ok(()),
    }
}

/// The version of a small hand-written checklist whose `version` field is
/// not at its top: the whole file is parsed (up to 1 MB).
fn small_file_version(path: &Path) -> Option<u32> {
    if std::fs::metadata(path).ok()?.len() > 1024 * 1024 {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    ron::from_str::<VersionProbe>(text).ok().map(|p| p.version)
}

/// The `version:` of a checklist file, read from its first few KB only
/// (a 15 MB checklist is not re-read to save it). `None` when the header
/// has none (not a checklist, or one written by hand without it).
fn header_version(path: &Path) -> Option<u32> {
    let mut head = Vec::new();
    File::open(path)
        .ok()?
        .take(HEADER_BYTES)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let body = text.strip_prefix("Checklist").unwrap_or(text).trim_start();
    let body = body.strip_prefix('(')?;
    // Only top-level fields: stop at the first nested bracket.
    let top = &body[..body.find(['(', '[', '{']).unwrap_or(body.len())];
    let at = top.find("version")?;
    let rest = top[at + "version".len()..].trim_start().strip_prefix(':')?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
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
        use crate::model::Confidence;
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
    fn format_1_gets_tasks_from_its_clauses() {
        // Two copies of one clause (same span, same text) listing each
        // other in `with`, one partner typed by hand, a hand-written item.
        let text = r#"(version: 1, departments: [
            (name: "公安", items: [
                (id: 1, text: "开展治疗", span: Some((start: 0, end: 9)), with: ["卫生", "财政"]),
                (id: 2, text: "手写"),
            ]),
            (name: "卫生", items: [
                (id: 3, text: "开展治疗", span: Some((start: 0, end: 9)), role: Support, with: ["公安"]),
            ]),
        ], next_id: 4)"#;
        let list = from_str(text, Path::new("x.ron")).unwrap();
        assert_eq!(list.version, CURRENT_VERSION);
        let tasks: Vec<(u64, Vec<u64>)> = list
            .tasks()
            .iter()
            .map(|t| (t.key, t.copies.iter().map(|(_, i)| i.id).collect()))
            .collect();
        assert_eq!(tasks, [(1, vec![1, 3]), (2, vec![2])]);
        assert_eq!(list.item(1).unwrap().with, ["财政"]);
        let units = list.tasks()[0].units();
        assert_eq!(
            (units.lead, units.support),
            (
                vec!["公安".to_string()],
                vec!["卫生".to_string(), "财政".to_string()]
            )
        );
        // Saved again, it is format 2 and loads unchanged.
        let again = from_str(&to_string(&list).unwrap(), Path::new("x.ron")).unwrap();
        assert_eq!(again, list);
    }

    #[test]
    fn newer_version_is_refused_even_with_unknown_fields() {
        let text = "(version: 99, flavour: \"new\", departments: [])";
        match from_str(text, Path::new("x.ron")) {
            Err(StoreError::TooNew { version: 99, .. }) => {}
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
