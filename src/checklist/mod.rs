//! The editable checklist: departments with their items, edits as undoable
//! commands, and the versioned RON store with atomic saves.

use crate::document::Span;
use crate::extract::{Deadline, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Status {
    #[default]
    NotStarted,
    InProgress,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Item {
    pub id: u64,
    pub text: String,
    pub quote: String,
    pub span: Option<Span>,
    pub section: Option<String>,
    pub role: Role,
    pub with: Vec<String>,
    pub deadline: Option<Deadline>,
    pub status: Status,
    pub note: String,
}

impl Default for Item {
    fn default() -> Self {
        Item {
            id: 0,
            text: String::new(),
            quote: String::new(),
            span: None,
            section: None,
            role: Role::Lead,
            with: Vec::new(),
            deadline: None,
            status: Status::NotStarted,
            note: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Department {
    pub name: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    pub path: Option<std::path::PathBuf>,
    pub sha256: String,
    pub title: String,
    pub encoding: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Checklist {
    pub version: u32,
    pub source: Source,
    pub departments: Vec<Department>,
}
