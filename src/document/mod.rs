//! Loading speeches: bytes on disk → [`Document`] with one normalised text.
//!
//! Owns encoding detection, .docx, .doc/.wps (`word97`) and OFD (`ofd`)
//! reading and the single normalisation function. Must not know about
//! action items.
//!
//! The pipeline: [`load`] reads at most [`MAX_FILE_BYTES`] from disk,
//! [`from_bytes`] recognises the format by its magic bytes (then the file
//! extension), decodes text (`text`) or reads a .docx (`docx`), and every
//! path ends in the same builder: [`normalize`], then paragraph kinds and the
//! title (`structure`), with [`is_boilerplate`] marking the junk around a
//! downloaded speech.

mod boilerplate;
mod docx;
mod normalize;
mod ofd;
mod pdf;
mod sniff;
mod structure;
mod task_table;
mod text;
mod word97;

pub use boilerplate::is_boilerplate;
pub(crate) use boilerplate::{CUES as BOILERPLATE_CUES, is_boilerplate_without_cues};
pub use normalize::normalize;
pub use sniff::Unsupported;

use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;
use structure::Hint;

/// Files larger than this are refused before being read whole: no speech is
/// anywhere near it, and reading a huge file would only freeze the app.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

pub use crate::model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParagraphKind {
    Title,
    Heading,
    Body,
    /// Site banners, ads, "仅供学习" and the like around a downloaded speech.
    Boilerplate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    pub span: Span,
}

/// A loaded speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    /// The normalised text: paragraphs joined by '\n'.
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    /// The encoding found ("UTF-8", "GBK", "UTF-16LE", …), or the format
    /// read: "docx", "doc" (also .wps), "ofd" or "pdf".
    pub encoding: String,
}

impl Document {
    pub fn paragraph_text(&self, p: &Paragraph) -> &str {
        &self.text[p.span.range()]
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("无法读取文件 {path}: {source} / cannot read {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("找不到文件 {path}，请检查路径 / file not found: {path}")]
    NotFound { path: String },
    #[error(
        "{path} 是文件夹，请选择一个 .docx 或 .txt 文件 / {path} is a folder, pick a .docx or .txt file"
    )]
    IsDirectory { path: String },
    #[error(
        "文件太大（{size_mb} MB，上限 {limit_mb} MB），这不像一篇讲话稿 / the file is too large ({size_mb} MB, limit {limit_mb} MB)"
    )]
    TooLarge { size_mb: u64, limit_mb: u64 },
    #[error("文件是空的，没有可读的文字 / the file is empty")]
    Empty,
    #[error("{}", .0.message())]
    Unsupported(Unsupported),
    #[error(
        "文件看起来不是文本（含有大量控制字符），请打开 .docx 或 .txt 讲话稿 / the file looks binary, not text"
    )]
    Binary,
    #[error(
        "无法识别文件的编码（按 {encoding} 读取后乱码过多），请另存为 UTF-8 的 .txt 或 .docx / cannot decode the text (tried {encoding}), save it as UTF-8 .txt or .docx"
    )]
    Undecodable { encoding: String },
    #[error(
        ".docx 文件已损坏或不完整（{reason}），请用 Word 或 WPS 重新另存 / the .docx is damaged ({reason}), re-save it in Word or WPS"
    )]
    BadDocx { reason: String },
    /// A part of a .docx or an OFD (both zips) that inflates too far.
    #[error(
        "文件中的 {part} 解压后超过 {limit_mb} MB，已拒绝读取 / {part} in the file expands past {limit_mb} MB and was refused"
    )]
    DocxPartTooLarge { part: String, limit_mb: u64 },
    /// In a .docx or an OFD.
    #[error(
        "文件的 XML 嵌套超过 {limit} 层，已拒绝读取 / the XML is nested deeper than {limit} levels and was refused"
    )]
    XmlTooDeep { limit: usize },
    #[error(
        ".doc 文件已损坏或不完整（{reason}），请用 Word 或 WPS 重新另存 / the .doc is damaged ({reason}), re-save it in Word or WPS"
    )]
    BadDoc { reason: String },
    #[error(
        "文件设有打开密码（已加密），无法读取，请在 Word 或 WPS 中取消密码后再打开 / the document is password-protected, remove the password in Word or WPS first"
    )]
    Encrypted,
    #[error(
        "OFD 文件已损坏或不完整（{reason}），请重新导出 / the OFD is damaged ({reason}), export it again"
    )]
    BadOfd { reason: String },
    #[error(
        "PDF 文件已损坏或无法解析（{reason}），请从原文件重新导出 PDF / the PDF is damaged or cannot be parsed ({reason}), export it again"
    )]
    BadPdf { reason: String },
    #[error(
        "PDF 已加密，需要密码才能打开，请先去掉密码 / the PDF is encrypted (needs a password), remove the password first"
    )]
    PdfEncrypted,
    #[error(
        "这个 PDF 只有图片、没有文字（可能是扫描件），无法读取，请使用带文字的 PDF、.docx 或 .txt / this PDF holds only images (a scan?), no text to read"
    )]
    PdfImageOnly,
    #[error(
        "PDF 的字体没有字符映射（ToUnicode），文字无法还原，请另存为 .docx 或 .txt / the PDF's fonts have no character map (ToUnicode), its text cannot be recovered"
    )]
    PdfNoUnicode,
    #[error(
        "PDF 超出读取上限（{what}），已拒绝读取 / the PDF exceeds a limit ({what}) and was refused"
    )]
    PdfTooComplex { what: String },
}

/// Reads a speech from disk.
///
/// Refuses folders, missing paths and files over [`MAX_FILE_BYTES`] before
/// reading them, then behaves like [`from_bytes`].
pub fn load(path: &Path) -> Result<Document, LoadError> {
    let bytes = read_bytes(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    from_bytes(&bytes, &name)
}

/// A speech file's bytes, read once with [`load`]'s guards (folders,
/// missing paths, files over [`MAX_FILE_BYTES`]), for a caller that also
/// hashes them.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let shown = path.display().to_string();
    let io_err = |source: std::io::Error| {
        if source.kind() == std::io::ErrorKind::NotFound {
            LoadError::NotFound {
                path: shown.clone(),
            }
        } else {
            LoadError::Io {
                path: shown.clone(),
                source,
            }
        }
    };
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() {
        return Err(LoadError::IsDirectory { path: shown });
    }
    check_size(meta.len())?;
    let file = std::fs::File::open(path).map_err(io_err)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may have grown since the metadata was read: never read more
    // than the limit allows.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    check_size(bytes.len() as u64)?;
    Ok(bytes)
}

/// Reads a speech from bytes; `file_name` gives the extension and the
/// fallback title.
///
/// The format is recognised by magic bytes first (zip → .docx; .doc, .pdf,
/// images and the like → a clear [`LoadError::Unsupported`]), then by the
/// extension; anything else is decoded as text.
pub fn from_bytes(bytes: &[u8], file_name: &str) -> Result<Document, LoadError> {
    check_size(bytes.len() as u64)?;
    let name_path = Path::new(file_name);
    let ext = name_path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let stem = name_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();

    let (paragraphs, encoding) = match sniff::sniff(bytes, &ext) {
        sniff::Sniffed::Unsupported(kind) => return Err(LoadError::Unsupported(kind)),
        sniff::Sniffed::Zip if ofd::is_ofd(bytes, &ext) => (ofd::read(bytes)?, "ofd".to_owned()),
        sniff::Sniffed::Zip => (docx::read(bytes)?, "docx".to_owned()),
        sniff::Sniffed::Ole => (word97::read(bytes, &ext)?, "doc".to_owned()),
        sniff::Sniffed::Pdf => (
            vec![(pdf::read(bytes)?.join("\n"), Hint::None)],
            "pdf".to_owned(),
        ),
        sniff::Sniffed::Unknown if ext == "docx" || ext == "docm" || ext == "dotx" => {
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Err(LoadError::Empty);
            }
            return Err(LoadError::BadDocx {
                reason: "不是 zip 格式 / not a zip file".into(),
            });
        }
        sniff::Sniffed::Unknown => {
            let decoded = text::decode(bytes)?;
            (
                vec![(decoded.text, Hint::None)],
                decoded.encoding.to_owned(),
            )
        }
    };
    let (doc, found_title) = build(&paragraphs, encoding);
    if doc.paragraphs.is_empty() {
        return Err(LoadError::Empty);
    }
    Ok(if found_title {
        doc
    } else {
        Document { title: stem, ..doc }
    })
}

/// Builds a document from text that is already decoded: normalises it,
/// splits it into paragraphs, labels them and finds the title (empty when
/// none is recognisable). Never fails; empty text gives an empty document.
pub fn from_text(text: &str, encoding: &str) -> Document {
    build(&[(text.to_owned(), Hint::None)], encoding.to_owned()).0
}

/// The one path every format ends in. Each raw block is normalised on its
/// own, so a .docx paragraph's hint stays with the lines it produces.
fn build(blocks: &[(String, Hint)], encoding: String) -> (Document, bool) {
    let mut text = String::new();
    let mut lines: Vec<(Span, Hint)> = Vec::new();
    for (raw, hint) in blocks {
        let normalized = normalize(raw);
        if normalized.is_empty() {
            continue;
        }
        if text.is_empty() && *hint == Hint::None {
            // A text file is one block: its normalised text is the
            // document's, lines and all, without another copy.
            text = normalized;
            let mut start = 0;
            for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
                lines.push((Span::new(start, end), Hint::None));
                start = end + 1;
            }
            continue;
        }
        let multi_line = normalized.contains('\n');
        for line in normalized.split('\n') {
            if !text.is_empty() {
                text.push('\n');
            }
            let start = text.len();
            text.push_str(line);
            // A style applies to a whole Word paragraph; once a line break
            // splits it, the pieces are plain text again.
            let hint = if multi_line { Hint::None } else { *hint };
            lines.push((Span::new(start, text.len()), hint));
        }
    }
    let views: Vec<(&str, Hint)> = lines
        .iter()
        .map(|(span, hint)| (&text[span.range()], *hint))
        .collect();
    let (kinds, title) = structure::classify(&views);
    let paragraphs = lines
        .iter()
        .zip(kinds)
        .map(|((span, _), kind)| Paragraph { kind, span: *span })
        .collect();
    let found = title.is_some();
    (
        Document {
            title: title.unwrap_or_default(),
            text,
            paragraphs,
            encoding,
        },
        found,
    )
}

fn check_size(len: u64) -> Result<(), LoadError> {
    if len > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size_mb: len.div_ceil(1024 * 1024),
            limit_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    Ok(())
}
