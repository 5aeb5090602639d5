//! Writing a checklist out for others: JSON, Markdown, RON, and the
//! 任务分解表 as Excel, Word and CSV; the whole checklist or one
//! department's part. Exports take the checklist by reference and never
//! modify it; files are written through the store's atomic writer, so a
//! failed export leaves any existing file as it was.

pub mod csv;
pub mod docx;
pub mod json;
pub mod markdown;
pub mod print;
pub mod table;
pub mod xlsx;

use crate::checklist::{Checklist, Department, StoreError, store};
use crate::fsio::{self, WriteError};
pub use print::TableDate;
use std::path::Path;
pub use table::TaskTable;

/// How the 任务分解表 exports are made; the other formats ignore it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// 制表日期 under the heading (xlsx, docx); none leaves the line out.
    /// The caller passes the day ([`TableDate::in_china`]): the library
    /// reads no clock.
    pub date: Option<TableDate>,
    /// Whether the workbook has a sheet per department after the table.
    /// Each prints on pages of its own when a whole workbook is printed,
    /// so a table meant only for printing can leave them out.
    pub department_sheets: bool,
}

impl Default for ExportOptions {
    /// No date, department sheets (the workbook as it always was).
    fn default() -> Self {
        ExportOptions {
            date: None,
            department_sheets: true,
        }
    }
}

impl ExportOptions {
    /// The default options dated `date`.
    pub fn dated(date: TableDate) -> ExportOptions {
        ExportOptions {
            date: Some(date),
            ..ExportOptions::default()
        }
    }
}

/// An export format. Binary formats (xlsx, docx) fit too: every format
/// produces bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Markdown,
    /// The checklist file itself (`.luoshi.ron`).
    Ron,
    /// The 任务分解表 and one sheet per department.
    Xlsx,
    /// The 任务分解表 as a Word table.
    Docx,
    /// The 任务分解表 as UTF-8 CSV with a BOM.
    Csv,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Xlsx,
        Format::Docx,
        Format::Csv,
        Format::Markdown,
        Format::Json,
        Format::Ron,
    ];

    /// The usual file name ending, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Ron => store::EXTENSION,
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
            Format::Csv => "csv",
        }
    }

    /// The name shown in menus and file dialogs.
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Markdown => "Markdown",
            Format::Ron => "落实清单 / Luoshi checklist",
            Format::Xlsx => "Excel 任务分解表",
            Format::Docx => "Word 任务分解表",
            Format::Csv => "CSV 任务分解表",
        }
    }

    /// Whether the output is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Docx)
    }

    /// The format a file name asks for, by its ending.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let ext = name.rsplit('.').next()?;
        match ext {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "ron" => Some(Format::Ron),
            "xlsx" => Some(Format::Xlsx),
            "docx" => Some(Format::Docx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("无法生成 JSON：{0} / cannot produce JSON: {0}")]
    Json(String),
    #[error("无法生成 Excel 文件：{0} / cannot produce the Excel file: {0}")]
    Xlsx(String),
    #[error("无法生成 Word 文件：{0} / cannot produce the Word file: {0}")]
    Docx(String),
    #[error("无法生成 CSV：{0} / cannot produce the CSV: {0}")]
    Csv(String),
    #[error(
        "清单中没有部门“{name}”（现有：{known}） / the checklist has no department “{name}” (it has: {known})"
    )]
    NoSuchDepartment { name: String, known: String },
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ExportError::Xlsx(e.to_string())
    }
}

/// The checklist in `format`, as bytes, with the default options.
pub fn to_bytes(list: &Checklist, format: Format) -> Result<Vec<u8>, ExportError> {
    to_bytes_with(list, format, &ExportOptions::default())
}

/// The checklist in `format`, as bytes.
pub fn to_bytes_with(
    list: &Checklist,
    format: Format,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let table = || TaskTable::new(list).dated(options.date);
    Ok(match format {
        Format::Json => json::to_string(list)?.into_bytes(),
        Format::Markdown => markdown::to_string(list).into_bytes(),
        Format::Ron => store::to_string(list)?.into_bytes(),
        Format::Xlsx => xlsx::to_bytes(list, options)?,
        Format::Docx => docx::to_bytes(&table())?,
        Format::Csv => csv::to_bytes(&table())?,
    })
}

/// Writes the checklist in `format` to `path`, atomically.
pub fn to_file(list: &Checklist, format: Format, path: &Path) -> Result<(), ExportError> {
    to_file_with(list, format, path, &ExportOptions::default())
}

/// Writes the checklist in `format` to `path` with `options`, atomically.
pub fn to_file_with(
    list: &Checklist,
    format: Format,
    path: &Path,
    options: &ExportOptions,
) -> Result<(), ExportError> {
    let bytes = to_bytes_with(list, format, options)?;
    write_file(path, &bytes)
}

/// A checklist holding only `name`'s department (with the speech's source
/// record), for sending a department only its part. Items keep their
/// ids, roles and partner names.
pub fn department(list: &Checklist, name: &str) -> Result<Checklist, ExportError> {
    let dept = find_department(list, name)?;
    let mut part = Checklist::new(list.source.clone());
    part.version = list.version.max(part.version);
    part.departments.push(dept.clone());
    part.next_id = list.next_id;
    part.repair_next_id();
    Ok(part)
}

/// One department's part in `format`. The table formats (xlsx, docx, csv)
/// keep the task-table rows it leads or supports with every partner
/// named, as computed from the whole checklist; the others hold only
/// its own items ([`department`]).
pub fn department_to_bytes(
    list: &Checklist,
    name: &str,
    format: Format,
) -> Result<Vec<u8>, ExportError> {
    department_to_bytes_with(list, name, format, &ExportOptions::default())
}

/// [`department_to_bytes`] with `options`.
pub fn department_to_bytes_with(
    list: &Checklist,
    name: &str,
    format: Format,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let dept = find_department(list, name)?;
    let table = || {
        TaskTable::new(list)
            .dated(options.date)
            .for_department(&dept.name)
    };
    match format {
        Format::Xlsx => xlsx::department_to_bytes(list, dept, options),
        Format::Docx => docx::to_bytes(&table()),
        Format::Csv => csv::to_bytes(&table()),
        Format::Json | Format::Markdown | Format::Ron => to_bytes(&department(list, name)?, format),
    }
}

/// Writes one department's part in `format` to `path`, atomically.
pub fn department_to_file(
    list: &Checklist,
    name: &str,
    format: Format,
    path: &Path,
) -> Result<(), ExportError> {
    department_to_file_with(list, name, format, path, &ExportOptions::default())
}

/// [`department_to_file`] with `options`.
pub fn department_to_file_with(
    list: &Checklist,
    name: &str,
    format: Format,
    path: &Path,
    options: &ExportOptions,
) -> Result<(), ExportError> {
    let bytes = department_to_bytes_with(list, name, format, options)?;
    write_file(path, &bytes)
}

/// A file name for an export: the speech's title, the department if any,
/// what the file is (任务分解表 or 清单) and the format's ending. Offices
/// name speeches by their title, so the kind is always added: the name is
/// never the speech's own. Characters file systems refuse are replaced.
pub fn suggested_file_name(list: &Checklist, department: Option<&str>, format: Format) -> String {
    let title = table::title_of(list);
    let mut stem = title.trim().to_owned();
    if let Some(dept) = department {
        stem.push('-');
        stem.push_str(dept);
    }
    let kind = match format {
        Format::Xlsx | Format::Docx | Format::Csv => "任务分解表",
        Format::Markdown | Format::Json | Format::Ron => "清单",
    };
    if !stem.ends_with(kind) {
        stem.push_str(kind);
    }
    let stem: String = stem
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    format!("{}.{}", stem.trim(), format.extension())
}

fn find_department<'a>(list: &'a Checklist, name: &str) -> Result<&'a Department, ExportError> {
    let wanted = name.trim();
    list.department(wanted)
        .ok_or_else(|| ExportError::NoSuchDepartment {
            name: wanted.to_string(),
            known: list
                .departments
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join("、"),
        })
}

/// The mark Luoshi leaves in the document properties of its .xlsx and
/// .docx exports.
pub const GENERATOR: &str = "落实 Luoshi";

/// Whether the file at `path` is one Luoshi wrote (a checklist or an
/// export), judged from its start: the command line replaces such files
/// but refuses others (a speech, a user's own table) without `--force`.
pub fn is_ours(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file.take(64 * 1024).read_to_end(&mut head).is_err() {
        return false;
    }
    if head.starts_with(b"PK") {
        return zip_is_ours(path);
    }
    let text = String::from_utf8_lossy(&head);
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or("").trim_end();
    let trimmed = text.trim_start();
    (trimmed.starts_with('{') && trimmed.contains("\"departments\""))
        || (trimmed.starts_with('(') && trimmed.contains("departments:"))
        || first_line == table::HEADERS.join(",")
        || (first_line.starts_with("# ") && text.lines().take(8).any(|l| l.starts_with("完成 ")))
}

/// An .xlsx or .docx with [`GENERATOR`] in its core properties.
fn zip_is_ours(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut archive) = zip::ZipArchive::new(file) else {
        return false;
    };
    let Ok(core) = archive.by_name("docProps/core.xml") else {
        return false;
    };
    let mut xml = String::new();
    if core.take(64 * 1024).read_to_string(&mut xml).is_err() {
        return false;
    }
    xml.contains(GENERATOR)
}

/// Writes `bytes` to `path` through the store's atomic writer; a failure
/// carries the OS error, the path and what the user can do.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    Ok(fsio::write_atomic(path, |w| w.write_all(bytes))?)
}
