//! The office's department directory (名录): its own units' official
//! names with the short forms speeches use. Extraction names departments
//! as speeches write them (公安, 卫生); a printed table needs 市公安局 and
//! 市卫健委. The directory maps the one onto the other, as one undoable
//! step on a checklist ([`Directory::edits_for`]).
//!
//! Kept by the app in the user's data folder and shared between colleagues
//! as a RON file. Must not draw anything or know where the app keeps it.

use crate::checklist::{Checklist, Edit};
use crate::fsio;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

/// The file name the app keeps its directory under.
pub const FILE_NAME: &str = "名录.ron";

/// A directory file larger than this is no directory.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The directory: units in the order the office lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Directory {
    pub units: Vec<Unit>,
}

/// One unit: its official name and the short forms it goes by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Unit {
    /// 市公安局
    pub name: String,
    /// 公安, 公安局 …
    pub short: Vec<String>,
}

/// Why a directory file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("无法读取名录 {path}：{source} / cannot read the directory {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} 不是落实的单位名录（第 {line} 行第 {column} 列：{message}） / {path} is not a Luoshi department directory (line {line}, column {column}: {message})"
    )]
    Malformed {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path} 太大，不是单位名录 / {path} is too large to be a department directory")]
    TooLarge { path: String },
    #[error("{0}")]
    Write(#[from] fsio::WriteError),
    #[error("无法生成名录：{0} / cannot write the directory: {0}")]
    Serialize(String),
}

impl Directory {
    /// Reads a directory file.
    pub fn load(path: &Path) -> Result<Directory, DirectoryError> {
        let shown = path.display().to_string();
        let read_err = |source| DirectoryError::Read {
            path: shown.clone(),
            source,
        };
        let file = std::fs::File::open(path).map_err(read_err)?;
        let mut text = String::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(read_err)?;
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(DirectoryError::TooLarge { path: shown });
        }
        Self::parse(&text, &shown)
    }

    /// Parses directory RON; `path` only names it in messages.
    pub fn parse(text: &str, path: &str) -> Result<Directory, DirectoryError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut dir: Directory = ron::from_str(text).map_err(|e| DirectoryError::Malformed {
            path: path.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: crate::checklist::shorten(&e.code.to_string(), 120).into_owned(),
        })?;
        dir.tidy();
        Ok(dir)
    }

    /// Writes the directory, atomically.
    pub fn save(&self, path: &Path) -> Result<(), DirectoryError> {
        let config = ron::ser::PrettyConfig::new()
            .indentor("  ")
            .struct_names(false);
        let text = ron::ser::to_string_pretty(self, config)
            .map_err(|e| DirectoryError::Serialize(e.to_string()))?;
        fsio::write_atomic(path, |w| {
            w.write_all(text.as_bytes())?;
            w.write_all(b"\n")
        })?;
        Ok(())
    }

    /// Trims names, drops empty units and short forms, and short forms
    /// repeated or equal to their unit's name.
    pub fn tidy(&mut self) {
        for unit in &mut self.units {
            unit.name = unit.name.trim().to_string();
            let mut seen = HashSet::new();
            let name = unit.name.clone();
            unit.short = std::mem::take(&mut unit.short)
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && *s != name && seen.insert(s.clone()))
                .collect();
        }
        self.units.retain(|u| !u.name.is_empty());
    }

    /// Adds `other`'s units: a unit of the same name gains the short forms
    /// it lacked; new units are appended. Returns how many units changed.
    pub fn merge(&mut self, other: &Directory) -> usize {
        let mut changed = 0;
        for unit in &other.units {
            let mut grew = false;
            for short in std::iter::once(&unit.name).chain(&unit.short) {
                grew |= self.learn(short, &unit.name);
            }
            changed += usize::from(grew);
        }
        changed
    }

    /// Records that `short` means the unit `name` (a clerk renamed 公安 to
    /// 市公安局). Returns whether the directory changed.
    pub fn learn(&mut self, short: &str, name: &str) -> bool {
        let (short, name) = (short.trim(), name.trim());
        if name.is_empty() {
            return false;
        }
        let (at, created) = match self.units.iter().position(|u| u.name == name) {
            Some(at) => (at, false),
            None => {
                self.units.push(Unit {
                    name: name.to_string(),
                    short: Vec::new(),
                });
                (self.units.len() - 1, true)
            }
        };
        let unit = &mut self.units[at];
        if short.is_empty() || short == name || unit.short.iter().any(|s| s == short) {
            return created;
        }
        unit.short.push(short.to_string());
        true
    }

    /// Whether the directory already says `short` means `name`.
    pub fn knows(&self, short: &str, name: &str) -> bool {
        self.official(short).as_deref() == Some(name)
    }

    /// Every form a unit goes by → its official name: the name and the
    /// short forms as written, and the name extraction gives for each
    /// (so 卫健委 in the directory also catches the extractor's 卫生).
    /// The first unit to claim a form keeps it.
    fn index(&self) -> HashMap<String, String> {
        let mut index = HashMap::new();
        for unit in &self.units {
            for form in std::iter::once(&unit.name).chain(&unit.short) {
                index
                    .entry(form.clone())
                    .or_insert_with(|| unit.name.clone());
            }
        }
        // Canonical names second: a form written in the directory always
        // wins over one derived from the lexicon.
        for unit in &self.units {
            for form in std::iter::once(&unit.name).chain(&unit.short) {
                if let Some(canonical) = crate::extract::canonical_department(form) {
                    index.entry(canonical).or_insert_with(|| unit.name.clone());
                }
            }
        }
        index
    }

    /// The official name of the unit `written` stands for, if any.
    pub fn official(&self, written: &str) -> Option<String> {
        self.index().get(written.trim()).cloned()
    }

    /// The edits that give `list` the directory's names: each department
    /// known by a short form is renamed to its official name (or merged
    /// into it when both are there), and names in 协同 are replaced.
    /// Empty when there is nothing to change. Apply as one [`Edit::Batch`].
    pub fn edits_for(&self, list: &Checklist) -> Vec<Edit> {
        let index = self.index();
        let mut names: Vec<String> = list.departments.iter().map(|d| d.name.clone()).collect();
        let mut edits = Vec::new();
        for dept in &list.departments {
            let Some(official) = index.get(&dept.name) else {
                continue;
            };
            if *official == dept.name {
                continue;
            }
            if names.contains(official) {
                edits.push(Edit::MergeDepartments {
                    from: dept.name.clone(),
                    into: official.clone(),
                });
                names.retain(|n| *n != dept.name);
            } else {
                edits.push(Edit::RenameDepartment {
                    from: dept.name.clone(),
                    to: official.clone(),
                });
                for n in &mut names {
                    if *n == dept.name {
                        *n = official.clone();
                    }
                }
            }
        }
        // 协同 names that are no department: renames above already took
        // care of the others.
        let departments: HashSet<&str> = list.departments.iter().map(|d| d.name.as_str()).collect();
        for (_, item) in list.items() {
            let mapped: Vec<String> = item
                .with
                .iter()
                .map(|w| match index.get(w) {
                    Some(official) if !departments.contains(w.as_str()) => official.clone(),
                    _ => w.clone(),
                })
                .collect();
            if mapped != item.with {
                edits.push(Edit::SetWith {
                    id: item.id,
                    with: mapped,
                });
            }
        }
        edits
    }

    /// Gives a checklist the directory's names directly (a fresh
    /// extraction, before any undo history). Returns how many departments
    /// were renamed or merged.
    pub fn apply_fresh(&self, list: &mut Checklist) -> usize {
        let edits = self.edits_for(list);
        let renamed = edits
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    Edit::RenameDepartment { .. } | Edit::MergeDepartments { .. }
                )
            })
            .count();
        if !edits.is_empty() && Edit::Batch(edits).apply(list).is_err() {
            // All or nothing: a batch that fails changed nothing.
            return 0;
        }
        renamed
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::{Department, Item, Source};

    fn unit(name: &str, short: &[&str]) -> Unit {
        Unit {
            name: name.into(),
            short: short.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn directory() -> Directory {
        Directory {
            units: vec![
                unit("市公安局", &["公安"]),
                unit("市卫健委", &["卫健委"]),
                unit("市教育局", &[]),
            ],
        }
    }

    #[test]
    fn names_map_by_form_and_by_what_extraction_gives() {
        let dir = directory();
        // What the extractor names 卫健委 and 市教育局 (the lexicon's
        // canonical names) maps too.
        let health = crate::extract::canonical_department("卫健委").unwrap();
        let education = crate::extract::canonical_department("市教育局").unwrap();
        let table = [
            ("公安", Some("市公安局")),
            ("市公安局", Some("市公安局")),
            ("卫健委", Some("市卫健委")),
            (health.as_str(), Some("市卫健委")),
            (education.as_str(), Some("市教育局")),
            ("文旅", None),
        ];
        for (written, want) in table {
            assert_eq!(dir.official(written).as_deref(), want, "{written}");
        }
    }

    #[test]
    fn a_checklist_gets_the_official_names_in_one_undoable_step() {
        let mut list = Checklist::new(Source::default());
        let item = |id: u64, with: &[&str]| Item {
            id,
            task: id,
            text: format!("任务{id}"),
            with: with.iter().map(|s| s.to_string()).collect(),
            ..Item::default()
        };
        list.departments = vec![
            Department {
                name: "公安".into(),
                items: vec![item(1, &["卫健委"])],
            },
            Department {
                name: "市公安局".into(),
                items: vec![item(2, &[])],
            },
            Department {
                name: "文旅".into(),
                items: vec![item(3, &["公安"])],
            },
        ];
        list.repair_next_id();
        let before = list.clone();
        let edits = directory().edits_for(&list);
        let mut history = crate::checklist::History::new();
        history.apply(&mut list, Edit::Batch(edits)).unwrap();
        let names: Vec<&str> = list.departments.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["市公安局", "文旅"]);
        assert_eq!(list.item(1).unwrap().with, ["市卫健委"]);
        assert_eq!(list.item(3).unwrap().with, ["市公安局"]);
        history.undo(&mut list).unwrap();
        assert_eq!(list, before);
    }

    #[test]
    fn learning_merging_and_files() {
        let mut dir = Directory::default();
        assert!(dir.learn("公安", "市公安局"));
        assert!(!dir.learn("公安", "市公安局"), "known already");
        assert!(dir.knows("公安", "市公安局"));
        assert!(dir.learn("公安局", "市公安局"));
        assert_eq!(dir.units, [unit("市公安局", &["公安", "公安局"])]);
        let mut other = directory();
        assert_eq!(other.merge(&dir), 1);
        assert_eq!(other.units[0], unit("市公安局", &["公安", "公安局"]));

        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join(FILE_NAME);
        other.save(&path).unwrap();
        assert_eq!(Directory::load(&path).unwrap(), other);
        std::fs::write(&path, "(units: [(name: 3)])").unwrap();
        let err = Directory::load(&path).unwrap_err();
        assert!(err.to_string().contains("不是落实的单位名录"), "{err}");
        let err = Directory::load(&folder.path().join("无")).unwrap_err();
        assert!(matches!(err, DirectoryError::Read { .. }));
    }

    #[test]
    fn tidy_drops_blanks_and_repeats() {
        let mut dir = Directory {
            units: vec![
                unit(" 市公安局 ", &["公安", " 公安 ", "", "市公安局"]),
                unit("  ", &["x"]),
            ],
        };
        dir.tidy();
        assert_eq!(dir.units, [unit("市公安局", &["公安"])]);
    }
}
