//! Writing a checklist out for others: JSON, Markdown, RON (and later
//! spreadsheets). Exports never modify the checklist; files are written
//! through the store's atomic writer.

pub mod json;
pub mod markdown;

use crate::checklist::{Checklist, StoreError, store};
use std::path::Path;

/// An export format. Binary formats (xlsx, docx) fit too: every format
/// produces bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Markdown,
    /// The checklist file itself (`.luoshi.ron`).
    Ron,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Json, Format::Markdown, Format::Ron];

    /// The usual file name ending, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Ron => store::EXTENSION,
        }
    }

    /// The format a file name asks for, by its ending.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let ext = name.rsplit('.').next()?;
        match ext {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "ron" => Some(Format::Ron),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("无法生成 JSON：{0} / cannot produce JSON: {0}")]
    Json(String),
}

/// The checklist in `format`, as bytes.
pub fn to_bytes(list: &Checklist, format: Format) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Json => json::to_string(list)?.into_bytes(),
        Format::Markdown => markdown::to_string(list).into_bytes(),
        Format::Ron => store::to_string(list)?.into_bytes(),
    })
}

/// Writes the checklist in `format` to `path`, atomically.
pub fn to_file(list: &Checklist, format: Format, path: &Path) -> Result<(), ExportError> {
    let bytes = to_bytes(list, format)?;
    store::write_atomic(path, |w| w.write_all(&bytes))?;
    Ok(())
}
