//! Reading OFD files (GB/T 33190, 版式文档): a zip of XML like .docx, but
//! laid out text: `OFD.xml` → `DocRoot` (Document.xml) → `Pages/Page@BaseLoc`
//! → each page's `TextObject`s with their `TextCode`s at X/Y.
//!
//! Owns the walk through the package and the rebuilding of paragraphs from
//! line geometry (`layout`): pages in order, lines by baseline, running
//! headers, footers and page numbers dropped, the lines of one paragraph
//! joined. Must not normalise text or decide paragraph kinds. Shares the
//! zip and XML limits of .docx (`docx::read_part`); all parts together may
//! not inflate past one part's limit.

use super::LoadError;
use super::docx::{self, MAX_PART_BYTES, MAX_XML_DEPTH};
use super::structure::Hint;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::io::Cursor;
use zip::ZipArchive;

mod layout;

/// Whether a zip is an OFD package (or is named like one).
pub(crate) fn is_ofd(bytes: &[u8], ext: &str) -> bool {
    ext == "ofd"
        || ZipArchive::new(Cursor::new(bytes)).is_ok_and(|z| {
            z.file_names_raw()
                .any(|n| n.eq_ignore_ascii_case(b"OFD.xml"))
        })
}

/// Paragraphs of the first document in the package, in page order.
pub(crate) fn read(bytes: &[u8]) -> Result<Vec<(String, Hint)>, LoadError> {
    read_with_limits(bytes, MAX_PART_BYTES, MAX_XML_DEPTH)
}

pub(crate) fn read_with_limits(
    bytes: &[u8],
    total_limit: u64,
    depth_limit: usize,
) -> Result<Vec<(String, Hint)>, LoadError> {
    let mut package = Package {
        zip: ZipArchive::new(Cursor::new(bytes)).map_err(|e| as_ofd(docx::zip_error(e)))?,
        left: total_limit,
        total_limit,
    };
    let entry = package
        .part("OFD.xml")?
        .ok_or_else(|| bad("缺少 OFD.xml / OFD.xml is missing"))?;
    let mut doc_root = None;
    scan(&entry, depth_limit, |node| {
        if let Node::Text(path, text) = node
            && path == "DocRoot"
            && doc_root.is_none()
        {
            doc_root = Some(text.trim().to_owned());
        }
    })?;
    let doc_path = resolve(
        "",
        &doc_root.ok_or_else(|| bad("缺少 DocRoot / no DocRoot"))?,
    );
    let document = package
        .part(&doc_path)?
        .ok_or_else(|| bad(format!("缺少 {doc_path} / {doc_path} is missing")))?;
    let base = doc_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut pages = Vec::new();
    scan(&document, depth_limit, |node| {
        if let Node::Open("Page", e) = node
            && let Some(loc) = docx::attr(e, "BaseLoc")
        {
            pages.push(resolve(base, &loc));
        }
    })?;
    let mut runs = Vec::new();
    for (index, loc) in pages.iter().enumerate() {
        let content = package
            .part(loc)?
            .ok_or_else(|| bad(format!("页面 {loc} 缺失 / page {loc} is missing")))?;
        page_runs(&content, index, depth_limit, &mut runs)?;
    }
    Ok(layout::paragraphs(runs)
        .into_iter()
        .map(|p| (p, Hint::None))
        .collect())
}

fn bad(reason: impl Into<String>) -> LoadError {
    LoadError::BadOfd {
        reason: reason.into(),
    }
}

/// The zip helpers speak of .docx; here the same faults are an OFD's.
fn as_ofd(e: LoadError) -> LoadError {
    match e {
        LoadError::BadDocx { reason } => LoadError::BadOfd { reason },
        other => other,
    }
}

struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes the parts read so far may still inflate to: many pages pointing
    /// at one big part must not multiply it.
    left: u64,
    total_limit: u64,
}

impl Package<'_> {
    /// A part as text, by exact name or else ignoring case.
    fn part(&mut self, name: &str) -> Result<Option<String>, LoadError> {
        let name = if self.zip.index_for_name(name).is_some() {
            name.to_owned()
        } else {
            let wanted = name.as_bytes();
            match self
                .zip
                .file_names_raw()
                .find(|n| n.eq_ignore_ascii_case(wanted))
            {
                Some(n) => String::from_utf8_lossy(n).into_owned(),
                None => return Ok(None),
            }
        };
        let bytes = docx::read_part(&mut self.zip, &name, self.left)
            .map_err(|e| match e {
                LoadError::DocxPartTooLarge { part, .. } => LoadError::DocxPartTooLarge {
                    part,
                    limit_mb: self.total_limit.div_ceil(1024 * 1024),
                },
                other => as_ofd(other),
            })?
            .unwrap_or_default();
        self.left -= bytes.len() as u64;
        docx::xml_text(&bytes).map(Some).map_err(as_ofd)
    }
}

/// A path inside the package: absolute (`/Doc_0/…`) or relative to `base`,
/// with `.` and `..` resolved (never above the root).
fn resolve(base: &str, loc: &str) -> String {
    let loc = loc.trim().replace('\\', "/");
    let mut parts: Vec<&str> = if loc.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in loc.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// What the walk over an XML part reports, by local name (the `ofd:`
/// prefix and its namespace vary between producers).
enum Node<'a> {
    Open(&'a str, &'a BytesStart<'a>),
    Close(&'a str),
    /// Text inside the innermost open element.
    Text(&'a str, String),
}

fn scan(xml: &str, depth_limit: usize, mut on: impl FnMut(Node<'_>)) -> Result<(), LoadError> {
    let mut reader = Reader::from_str(xml);
    let mut open: Vec<String> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| as_ofd(docx::xml_error(e)))?;
        match &event {
            Event::Start(e) => {
                if open.len() >= depth_limit {
                    return Err(LoadError::XmlTooDeep { limit: depth_limit });
                }
                let name = e.local_name();
                on(Node::Open(name.as_ref(), e));
                open.push(name.as_ref().to_owned());
            }
            Event::Empty(e) => {
                let name = e.local_name();
                on(Node::Open(name.as_ref(), e));
                on(Node::Close(name.as_ref()));
            }
            Event::End(_) => {
                if let Some(name) = open.pop() {
                    on(Node::Close(&name));
                }
            }
            Event::Text(t) => {
                if let Some(name) = open.last() {
                    on(Node::Text(name, t.xml10_content().into_owned()));
                }
            }
            Event::CData(t) => {
                if let Some(name) = open.last() {
                    on(Node::Text(name, t.xml10_content().into_owned()));
                }
            }
            Event::GeneralRef(r) => {
                let ch = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| as_ofd(docx::xml_error(e)))?
                } else {
                    docx::predefined_entity(&r.xml10_content())
                };
                if let (Some(name), Some(c)) = (open.last(), ch) {
                    on(Node::Text(name, c.to_string()));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Numbers in an attribute: `"10 20.5 30 4"`. OFD's `g N v` (v repeated N
/// times) is expanded, but never past `max` values.
fn numbers(s: &str, max: usize) -> Vec<f64> {
    let mut out = Vec::new();
    let mut words = s.split_ascii_whitespace();
    while let Some(w) = words.next() {
        if out.len() >= max {
            break;
        }
        if w == "g" {
            let n: usize = words.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let v: f64 = words.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
            let n = n.min(max - out.len());
            out.extend(std::iter::repeat_n(v, n));
        } else if let Ok(v) = w.parse::<f64>() {
            out.push(if v.is_finite() { v } else { 0.0 });
        }
    }
    out
}

/// The text object being read: where it sits and how its codes map.
#[derive(Debug, Clone, Copy)]
struct Frame {
    x: f64,
    y: f64,
    /// CTM `a b c d e f`: x' = a·x + c·y + e, y' = b·x + d·y + f.
    ctm: [f64; 6],
    size: f64,
}

impl Frame {
    fn of(e: &BytesStart<'_>) -> Frame {
        let boundary = docx::attr(e, "Boundary")
            .map(|b| numbers(&b, 4))
            .unwrap_or_default();
        let ctm = docx::attr(e, "CTM")
            .map(|c| numbers(&c, 6))
            .and_then(|c| <[f64; 6]>::try_from(c).ok())
            .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        let scale = (ctm[0] * ctm[3] - ctm[1] * ctm[2]).abs().sqrt();
        let size = docx::attr(e, "Size")
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .or_else(|| boundary.get(3).copied().filter(|h| *h > 0.0))
            .unwrap_or(3.5);
        Frame {
            x: boundary.first().copied().unwrap_or(0.0),
            y: boundary.get(1).copied().unwrap_or(0.0),
            ctm,
            size: if scale > 0.0 { size * scale } else { size },
        }
    }

    fn place(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.ctm;
        (self.x + a * x + c * y + e, self.y + b * x + d * y + f)
    }
}

/// The text of one page as positioned runs, one per `TextCode`.
fn page_runs(
    xml: &str,
    page: usize,
    depth_limit: usize,
    out: &mut Vec<layout::Run>,
) -> Result<(), LoadError> {
    let mut frame: Option<Frame> = None;
    // The current code: its start, its advances, and where the next code
    // without X/Y continues.
    let mut code: Option<(f64, f64, Vec<f64>)> = None;
    let mut pen = (0.0, 0.0);
    let mut text = String::new();
    scan(xml, depth_limit, |node| match node {
        Node::Open("TextObject", e) => {
            frame = Some(Frame::of(e));
            pen = (0.0, 0.0);
        }
        Node::Close("TextObject") => frame = None,
        Node::Open("TextCode", e) => {
            let coord = |name| {
                docx::attr(e, name)
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .filter(|v| v.is_finite())
            };
            let x = coord("X").unwrap_or(pen.0);
            let y = coord("Y").unwrap_or(pen.1);
            let deltas = docx::attr(e, "DeltaX")
                .map(|d| numbers(&d, 100_000))
                .unwrap_or_default();
            code = Some((x, y, deltas));
            text.clear();
        }
        Node::Text("TextCode", t) if code.is_some() => text.push_str(&t),
        Node::Close("TextCode") => {
            if let (Some(f), Some((x, y, deltas))) = (frame.as_ref(), code.take()) {
                // Where character `i` starts, from the code's X.
                let start = |i: usize| -> f64 {
                    (0..i)
                        .map(|k| deltas.get(k).or(deltas.last()).copied().unwrap_or(f.size))
                        .sum()
                };
                let chars: Vec<char> = text.chars().collect();
                pen = (x + start(chars.len().saturating_sub(1)) + f.size, y);
                // Spaces typed for an indent (　　) or left at a line's end
                // are no ink: the run spans its first to its last glyph.
                let first = chars.iter().position(|c| !c.is_whitespace());
                let last = chars.iter().rposition(|c| !c.is_whitespace());
                if let (Some(first), Some(last)) = (first, last) {
                    let (x0, y0) = f.place(x + start(first), y);
                    let (x1, _) = f.place(x + start(last) + f.size, y);
                    out.push(layout::Run {
                        page,
                        x0,
                        x1: x1.max(x0),
                        y: y0,
                        size: f.size,
                        text: std::mem::take(&mut text),
                    });
                }
            }
        }
        _ => {}
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests;
