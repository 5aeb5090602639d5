//! Loading speeches: bytes on disk → [`Document`] with one normalised text.
//!
//! Owns encoding detection, .docx reading and the single normalisation
//! function. Must not know about action items.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A byte range in [`Document::text`], always on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }
}

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
    /// The encoding found ("UTF-8", "GBK", "UTF-16LE", …) or "docx".
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
}

/// Temporary stand-in until the document module lands.
pub fn is_boilerplate(s: &str) -> bool {
    ["仅供学习", "转载", "QQ群", "订阅", "会员", "公众号", "版权", "下载", "来源：", "摄"].iter().any(|w| s.contains(w))
}
