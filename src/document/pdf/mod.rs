//! Text PDFs: lopdf parses the file; this module walks each page's content
//! stream for the text and where it sits, and `layout` rebuilds paragraphs.
//!
//! Owns the limits a hostile PDF meets (pages, content size, operators,
//! nesting of q/Q) and the messages for encrypted, image-only and
//! unmappable (no ToUnicode) PDFs. Must not normalise text: it returns raw
//! paragraphs for `document::build`.
//!
//! Read: fonts with a ToUnicode map (what Word, WPS and LibreOffice write),
//! simple fonts in the standard encodings, the UniGB-UCS2/UTF16 CMaps.
//! Not read: Type0 fonts without ToUnicode (Identity-H glyph ids carry no
//! characters), Type3 fonts, text in Form XObjects, vertical writing and
//! multi-column layouts (read as one column, top to bottom).

mod layout;

use super::LoadError;
use layout::Run;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};
use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Pages read at most; a speech has tens.
const MAX_PAGES: usize = 3_000;
/// Any one stream, decompressed (lopdf's own bound, lowered: a text page's
/// content is tens of KB).
const MAX_STREAM_BYTES: usize = 16 * 1024 * 1024;
/// All pages' content together, decompressed.
const MAX_CONTENT_BYTES: usize = 128 * 1024 * 1024;
/// Content-stream operators over all pages.
const MAX_OPERATORS: usize = 5_000_000;
/// Saved graphics states (q) kept; deeper ones are not tracked.
const MAX_SAVED_STATES: usize = 64;

/// Reads a PDF's text as paragraphs.
pub(crate) fn read(bytes: &[u8]) -> Result<Vec<String>, LoadError> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..Default::default()
    };
    let doc = guarded(|| Document::load_mem_with_options(bytes, options))?.map_err(load_error)?;
    if doc.is_encrypted() {
        return Err(LoadError::PdfEncrypted);
    }
    let pages: Vec<ObjectId> = guarded(|| doc.page_iter().take(MAX_PAGES + 1).collect())?;
    if pages.is_empty() {
        return Err(LoadError::BadPdf {
            reason: "没有页面 / no pages".into(),
        });
    }
    if pages.len() > MAX_PAGES {
        return Err(LoadError::PdfTooComplex {
            what: format!("超过 {MAX_PAGES} 页 / over {MAX_PAGES} pages"),
        });
    }
    let mut walk = Walk::default();
    let mut runs = Vec::with_capacity(pages.len());
    for page in pages {
        runs.push(walk.page(&doc, page)?);
    }
    let paragraphs = layout::paragraphs(runs);
    if paragraphs.is_empty() {
        return Err(if walk.unmapped > 0 {
            LoadError::PdfNoUnicode
        } else {
            LoadError::PdfImageOnly
        });
    }
    let text_chars: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
    let bad = paragraphs
        .iter()
        .flat_map(|p| p.chars())
        .filter(|c| *c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(c) || c.is_control())
        .count();
    // Mostly replacement characters: the codes had no map to characters.
    if bad * 2 > text_chars {
        return Err(LoadError::PdfNoUnicode);
    }
    Ok(paragraphs)
}

/// Runs a lopdf call, turning a panic inside it into an error. lopdf is a
/// third-party parser fed hostile bytes; it is fuzzed and mostly returns
/// errors, but a panic left in it must not take the app down.
fn guarded<T>(call: impl FnOnce() -> T) -> Result<T, LoadError> {
    catch_unwind(AssertUnwindSafe(call)).map_err(|_| LoadError::BadPdf {
        reason: "解析器内部错误 / parser failure".into(),
    })
}

fn load_error(e: lopdf::Error) -> LoadError {
    match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => LoadError::PdfEncrypted,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            LoadError::PdfTooComplex {
                what: format!(
                    "数据流解压后超过 {} MB / a stream expands past {} MB",
                    MAX_STREAM_BYTES >> 20,
                    MAX_STREAM_BYTES >> 20
                ),
            }
        }
        other => LoadError::BadPdf {
            reason: other.to_string(),
        },
    }
}

/// A font as the text walk needs it.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Codes are two bytes (Type0 fonts) rather than one.
    two_byte: bool,
    /// Advance widths in thousandths of the font size, by code.
    widths: HashMap<u32, f32>,
    default_width: f32,
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// The text state that q/Q save along with the matrix.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Vec<u8>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

impl Default for State {
    fn default() -> Self {
        State {
            ctm: IDENTITY,
            font: Vec::new(),
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// Counters across the pages of one document.
#[derive(Default)]
struct Walk {
    content_bytes: usize,
    operators: usize,
    /// Text shown in fonts without a usable character map.
    unmapped: usize,
}

impl Walk {
    fn page(&mut self, doc: &Document, page: ObjectId) -> Result<Vec<Run>, LoadError> {
        let budget = MAX_STREAM_BYTES.min(MAX_CONTENT_BYTES - self.content_bytes);
        let content =
            guarded(|| doc.get_page_content_with_limit(page, budget))?.map_err(load_error)?;
        self.content_bytes += content.len();
        if self.content_bytes >= MAX_CONTENT_BYTES {
            return Err(LoadError::PdfTooComplex {
                what: "页面内容过多 / too much page content".into(),
            });
        }
        let fonts = guarded(|| fonts_of(doc, page))??;
        let mut painter = Painter {
            fonts: &fonts,
            state: State::default(),
            saved: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            runs: Vec::new(),
            unmapped: 0,
        };
        // One operator at a time, so a huge stream is never held as a list.
        let mut ops = Content::decode_iter(&content);
        // A content stream that stops parsing keeps the text before the fault.
        while let Some(Ok(op)) = guarded(|| ops.next())? {
            self.operators += 1;
            if self.operators > MAX_OPERATORS {
                return Err(LoadError::PdfTooComplex {
                    what: "绘制指令过多 / too many drawing operators".into(),
                });
            }
            painter.operator(&op);
        }
        self.unmapped += painter.unmapped;
        Ok(merge_adjacent(painter.runs))
    }
}

/// The graphics and text state while one page's operators are read.
struct Painter<'f, 'a> {
    fonts: &'f BTreeMap<Vec<u8>, Font<'a>>,
    state: State,
    saved: Vec<State>,
    tm: Matrix,
    tlm: Matrix,
    runs: Vec<Run>,
    /// Text shown in fonts without a usable character map.
    unmapped: usize,
}

impl Painter<'_, '_> {
    fn operator(&mut self, op: &lopdf::content::Operation) {
        let n = |i: usize| {
            op.operands
                .get(i)
                .and_then(|o| o.as_float().ok())
                .unwrap_or(0.0)
        };
        let string = |i: usize| op.operands.get(i).and_then(|o| o.as_str().ok());
        let state = &mut self.state;
        match op.operator.as_str() {
            "q" if self.saved.len() < MAX_SAVED_STATES => self.saved.push(state.clone()),
            "Q" => *state = self.saved.pop().unwrap_or_default(),
            "cm" => state.ctm = mul(&[n(0), n(1), n(2), n(3), n(4), n(5)], &state.ctm),
            "BT" => (self.tm, self.tlm) = (IDENTITY, IDENTITY),
            "Tf" => {
                state.font = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .map(<[u8]>::to_vec)
                    .unwrap_or_default();
                state.size = n(1);
            }
            "Tc" => state.char_spacing = n(0),
            "Tw" => state.word_spacing = n(0),
            "Tz" => state.scale = n(0) / 100.0,
            "TL" => state.leading = n(0),
            "Ts" => state.rise = n(0),
            "Td" => self.next_line(n(0), n(1)),
            "TD" => {
                state.leading = -n(1);
                self.next_line(n(0), n(1));
            }
            "Tm" => {
                self.tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                self.tm = self.tlm;
            }
            "T*" => self.next_line(0.0, -self.state.leading),
            "'" => {
                self.next_line(0.0, -self.state.leading);
                self.show(string(0));
            }
            "\"" => {
                state.word_spacing = n(0);
                state.char_spacing = n(1);
                self.next_line(0.0, -self.state.leading);
                self.show(string(2));
            }
            "Tj" => self.show(string(0)),
            "TJ" => {
                let Some(Ok(items)) = op.operands.first().map(Object::as_array) else {
                    return;
                };
                for item in items {
                    match item {
                        Object::String(bytes, _) => self.show(Some(bytes)),
                        other => {
                            let adjust = other.as_float().unwrap_or(0.0);
                            let tx = -adjust / 1000.0 * self.state.size * self.state.scale;
                            self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    /// Shows `bytes` at the text matrix and advances it by their widths.
    fn show(&mut self, bytes: Option<&[u8]>) {
        let Some(bytes) = bytes else { return };
        let state = &self.state;
        let font = self.fonts.get(&state.font);
        let decoded = font.and_then(|f| f.encoding.as_ref()?.bytes_to_string(bytes).ok());
        let (Some(font), Some(text)) = (font, decoded) else {
            self.unmapped += 1;
            return;
        };
        let start = mul(
            &[1.0, 0.0, 0.0, 1.0, 0.0, state.rise],
            &mul(&self.tm, &state.ctm),
        );
        let step = if font.two_byte { 2 } else { 1 };
        let mut advance = 0.0;
        for code in bytes.chunks(step) {
            let code = code.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b));
            let width = font
                .widths
                .get(&code)
                .copied()
                .unwrap_or(font.default_width);
            let space = if step == 1 && code == 32 {
                state.word_spacing
            } else {
                0.0
            };
            advance += (width / 1000.0 * state.size + state.char_spacing + space) * state.scale;
        }
        self.tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &self.tm);
        let end = mul(
            &[1.0, 0.0, 0.0, 1.0, 0.0, state.rise],
            &mul(&self.tm, &state.ctm),
        );
        // The size on the page: the font size through the text and user
        // matrices' vertical scale.
        let scale_y = (start[2] * start[2] + start[3] * start[3]).sqrt();
        self.runs.push(Run {
            x0: start[4],
            x1: end[4].max(start[4]),
            y: start[5],
            size: (state.size * scale_y).abs(),
            text,
        });
    }
}

/// Runs that continue one another on a baseline are one run (a word drawn
/// glyph by glyph is read as one).
fn merge_adjacent(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        if let Some(last) = out.last_mut()
            && (last.y - run.y).abs() < 0.1 * last.size.max(1.0)
            && (run.x0 - last.x1).abs() < 0.15 * last.size.max(1.0)
        {
            last.x1 = run.x1;
            last.text.push_str(&run.text);
            continue;
        }
        out.push(run);
    }
    out
}

/// The page's fonts by resource name, with encodings and widths.
fn fonts_of(doc: &Document, page: ObjectId) -> Result<BTreeMap<Vec<u8>, Font<'_>>, LoadError> {
    let dicts = doc.get_page_fonts(page).map_err(load_error)?;
    let mut fonts = BTreeMap::new();
    for (name, dict) in dicts {
        let two_byte = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
        let encoding = encoding_of(doc, dict)?;
        let (widths, default_width) = if two_byte {
            cid_widths(doc, dict)
        } else {
            simple_widths(doc, dict)
        };
        fonts.insert(
            name,
            Font {
                encoding,
                two_byte,
                widths,
                default_width,
            },
        );
    }
    Ok(fonts)
}

/// A font's ToUnicode map when it has one (it names the characters even
/// when /Encoding names only glyphs), else its /Encoding.
fn encoding_of<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
) -> Result<Option<Encoding<'a>>, LoadError> {
    let limited = |d: &'a Dictionary| d.get_font_encoding_with_limit(doc, MAX_STREAM_BYTES);
    let subset = dict
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .is_ok_and(|n| n.get(6) == Some(&b'+'));
    let identity = matches!(
        dict.get(b"Encoding").and_then(Object::as_name),
        Ok(b"Identity-H" | b"Identity-V")
    );
    if !dict.has(b"ToUnicode") && (identity || (subset && !dict.has(b"Encoding"))) {
        // Glyph ids (Identity-H) and an embedded subset's own codes name
        // no characters without a map: any encoding would give junk.
        return Ok(None);
    }
    let result = if dict.has(b"ToUnicode") && dict.has(b"Encoding") {
        // lopdf prefers /Encoding; without it, it reads /ToUnicode.
        let mut only_map = dict.clone();
        only_map.remove(b"Encoding");
        only_map
            .get_font_encoding_with_limit(doc, MAX_STREAM_BYTES)
            .map(owned_encoding)
    } else {
        limited(dict)
    };
    match result {
        Ok(Encoding::SimpleEncoding(name))
            if !matches!(
                name,
                b"UniGB-UCS2-H" | b"UniGB-UTF16-H" | b"WinAnsiEncoding"
            ) =>
        {
            Ok(None)
        }
        Ok(encoding) => Ok(Some(encoding)),
        Err(lopdf::Error::Decompress(e)) => Err(load_error(lopdf::Error::Decompress(e))),
        Err(_) => Ok(None),
    }
}

/// An encoding read from a temporary dictionary, kept without borrowing it
/// (only a ToUnicode map is read that way, and it owns its data).
fn owned_encoding(encoding: Encoding<'_>) -> Encoding<'static> {
    match encoding {
        Encoding::UnicodeMapEncoding(map) => Encoding::UnicodeMapEncoding(map),
        _ => Encoding::SimpleEncoding(b"StandardEncoding"),
    }
}

fn number(o: &Object) -> Option<f32> {
    o.as_float().ok()
}

/// Widths of a simple font: /FirstChar and /Widths.
fn simple_widths(doc: &Document, dict: &Dictionary) -> (HashMap<u32, f32>, f32) {
    let first = dict
        .get(b"FirstChar")
        .ok()
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0)
        .clamp(0, 255) as u32;
    let mut widths = HashMap::new();
    if let Ok(Object::Array(list)) = dict.get_deref(b"Widths", doc) {
        for (i, w) in list.iter().take(256).enumerate() {
            if let Some(w) = number(w) {
                widths.insert(first + i as u32, w);
            }
        }
    }
    (widths, 500.0)
}

/// Widths of a Type0 font's descendant: /DW and /W
/// (`c [w1 w2 …]` or `c_first c_last w`).
fn cid_widths(doc: &Document, dict: &Dictionary) -> (HashMap<u32, f32>, f32) {
    let mut widths = HashMap::new();
    let descendant = match dict.get_deref(b"DescendantFonts", doc) {
        Ok(Object::Array(list)) => list.first().and_then(|o| match o {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        }),
        _ => None,
    };
    let Some(descendant) = descendant else {
        return (widths, 1000.0);
    };
    let default = descendant
        .get(b"DW")
        .ok()
        .and_then(number)
        .unwrap_or(1000.0);
    let Ok(Object::Array(w)) = descendant.get_deref(b"W", doc) else {
        return (widths, default);
    };
    let mut i = 0;
    while i + 1 < w.len() && widths.len() < 65_536 {
        let Some(first) = w[i].as_i64().ok().and_then(|c| u32::try_from(c).ok()) else {
            break;
        };
        match &w[i + 1] {
            Object::Array(list) => {
                for (k, v) in list.iter().take(65_536).enumerate() {
                    if let Some(v) = number(v) {
                        widths.insert(first.saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            last => {
                let (Some(last), Some(v)) = (
                    last.as_i64().ok().and_then(|c| u32::try_from(c).ok()),
                    w.get(i + 2).and_then(number),
                ) else {
                    break;
                };
                for c in first..=last.min(first.saturating_add(65_535)) {
                    widths.insert(c, v);
                }
                i += 3;
            }
        }
    }
    (widths, default)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::document::{LoadError, from_bytes};

    fn fixture(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/formats")
            .join(name);
        std::fs::read(path).unwrap()
    }

    /// A PDF of `objects` (numbered from 1; 1 is the catalog) with a
    /// correct cross-reference table.
    pub(crate) fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(object);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let size = objects.len() + 1;
        out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
        for offset in offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        out
    }

    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        s.extend_from_slice(data);
        s.extend_from_slice(b"\nendstream");
        s
    }

    /// One page of `lines` ((x, y, text) at 12 pt) in a Type0 font with
    /// two-byte codes, its ToUnicode map written here; `map` false leaves
    /// the map out.
    fn type0_page(lines: &[(f32, f32, &str)], map: bool) -> Vec<u8> {
        let mut chars: Vec<char> = lines.iter().flat_map(|l| l.2.chars()).collect();
        chars.sort_unstable();
        chars.dedup();
        let code = |c: char| chars.iter().position(|d| *d == c).unwrap() + 1;
        let mut content = String::from("BT /F1 12 Tf\n");
        for (x, y, text) in lines {
            let hex: String = text.chars().map(|c| format!("{:04X}", code(c))).collect();
            content.push_str(&format!("1 0 0 1 {x} {y} Tm <{hex}> Tj\n"));
        }
        content.push_str("ET");
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        cmap.push_str(&format!("{} beginbfchar\n", chars.len()));
        for c in &chars {
            cmap.push_str(&format!("<{:04X}> <{:04X}>\n", code(*c), *c as u32));
        }
        cmap.push_str(
            "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        );
        let to_unicode = if map { "/ToUnicode 6 0 R" } else { "" };
        pdf_of(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
            stream("", content.as_bytes()),
            format!("<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [7 0 R] {to_unicode} >>").into_bytes(),
            stream("", cmap.as_bytes()),
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>".to_vec(),
        ])
    }

    #[test]
    fn a_two_byte_font_with_a_map_reads_in_reading_order() {
        // Written bottom line first: the reading order comes from the page.
        let bytes = type0_page(
            &[
                (72.0, 676.0, "落到实处。"),
                (
                    96.0,
                    700.0,
                    "市应急管理局要牵头开展安全生产大检查，确保各项措施",
                ),
                (72.0, 730.0, "一、压实责任"),
            ],
            true,
        );
        let paragraphs = read(&bytes).unwrap();
        assert_eq!(
            paragraphs,
            [
                "一、压实责任",
                "市应急管理局要牵头开展安全生产大检查，确保各项措施落到实处。"
            ]
        );
    }

    #[test]
    fn a_two_byte_font_without_a_map_is_refused() {
        let bytes = type0_page(&[(72.0, 700.0, "市应急管理局要牵头。")], false);
        assert!(matches!(read(&bytes), Err(LoadError::PdfNoUnicode)));
    }

    #[test]
    fn a_page_of_images_is_a_scan() {
        let bytes = pdf_of(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>".to_vec(),
            stream("", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
            stream(
                "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
                &[0x80],
            ),
        ]);
        let err = read(&bytes).unwrap_err();
        assert!(matches!(err, LoadError::PdfImageOnly), "{err:?}");
        assert!(err.to_string().contains("扫描件"));
    }

    #[test]
    fn a_libreoffice_pdf_loses_its_header_footer_and_page_numbers() {
        let doc = from_bytes(&fixture("fangxun-beixun.pdf"), "fangxun-beixun.pdf").unwrap();
        assert_eq!(doc.encoding, "pdf");
        assert_eq!(doc.title, "在全县防汛备汛工作会议上的讲话");
        let texts: Vec<&str> = doc
            .paragraphs
            .iter()
            .map(|p| doc.paragraph_text(p))
            .collect();
        assert!(!doc.text.contains("某县人民政府办公室"), "{texts:#?}");
        assert!(!texts.iter().any(|t| t.contains("- 2 -")), "{texts:#?}");
        assert!(
            texts.contains(&"二、突出重点，扎实做好各项防汛准备"),
            "{texts:#?}"
        );
        // A paragraph that runs over a page break is one paragraph.
        let long = "县气象局要加强监测预报，及时发布暴雨预警信息，为防汛决策提供准确依据。县自然资源局要对地质灾害隐患点开展全面排查，落实监测责任人和避险转移路线。各乡镇要组建防汛抢险队伍，备足抢险物资，确保一旦有险情能够拉得出、用得上。";
        assert!(texts.contains(&long), "{texts:#?}");
        let items = crate::extract(&doc).items;
        assert!(
            items.iter().any(|i| i.department.contains("水利")),
            "{items:?}"
        );
    }

    #[test]
    fn encrypted_and_mapless_fixtures_are_refused_with_their_reason() {
        let err = from_bytes(&fixture("encrypted.pdf"), "x.pdf").unwrap_err();
        assert!(matches!(err, LoadError::PdfEncrypted), "{err:?}");
        // The same LibreOffice PDF with its ToUnicode maps renamed away.
        let mut stripped = fixture("fangxun-beixun.pdf");
        let needle = b"/ToUnicode";
        let mut i = 0;
        while let Some(at) = stripped[i..]
            .windows(needle.len())
            .position(|w| w == needle)
        {
            stripped[i + at..i + at + needle.len()].copy_from_slice(b"/NoUnicode");
            i += at + needle.len();
        }
        let err = from_bytes(&stripped, "x.pdf").unwrap_err();
        assert!(matches!(err, LoadError::PdfNoUnicode), "{err:?}");
    }

    #[test]
    fn broken_pdfs_are_errors() {
        let bytes = fixture("fangxun-beixun.pdf");
        for cut in [
            10,
            100,
            1000,
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len() - 10,
        ] {
            // Lenient parsing may still find pages; it must not panic.
            let _ = from_bytes(&bytes[..cut], "cut.pdf");
        }
        let err = from_bytes(b"%PDF-1.4\n", "empty.pdf").unwrap_err();
        assert!(matches!(err, LoadError::BadPdf { .. }), "{err:?}");
    }
}
