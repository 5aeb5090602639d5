//! Word export (.docx): the 任务分解表 as a real Word table under its
//! heading (《标题》任务分解表) and 制表日期, A4 landscape, the header row
//! repeated on every page, the speech's parts as full-width section rows;
//! rows may break across pages (a row that may not split leaves the page
//! before it half empty), ready to print or paste into an official
//! document.
//!
//! Writes a minimal OOXML package by hand with the zip crate
//! ([Content_Types].xml, _rels/.rels, word/document.xml, word/styles.xml
//! and its relationship, PNG pictures under word/media/). Owns the markup
//! only; rows come from [`super::table`]. The ledger's 督办通报 is written
//! with the same package, cells and runs ([`package`], [`picture_run`]).

use super::ExportError;
use super::print::{self, Line};
use super::table::{self, HEADERS, TASK_CAPS, TASK_MINS, TaskTable};
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// A4 landscape in twentieths of a point.
const PAGE_WIDTH: u32 = 16838;
const PAGE_HEIGHT: u32 = 11906;
/// 2 cm margins.
const MARGIN: u32 = 1134;
/// What the table may use: the page between the margins.
const TABLE_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN;

/// A Han character at 10.5 pt, and a cell's side margins, in twips.
const HAN_TWIPS: u32 = 210;
const CELL_MARGINS: u32 = 2 * 108 + 40;

/// The root element's namespaces, pictures' (`wp`) included.
pub(crate) const NAMESPACES: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing""#;

/// The part types; `{png}` becomes the PNG default when there are pictures.
const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>{png}<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

/// Says which program wrote the file (`super::GENERATOR`), so that Luoshi
/// can tell its own exports from a user's documents before replacing one.
const CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>落实 Luoshi</dc:description></cp:coreProperties>"#;

/// The document's relationships; `{pictures}` becomes one per picture.
const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>{pictures}</Relationships>"#;

/// Body text 五号 (10.5 pt) 宋体 with Times New Roman for Latin text; the
/// title 小二 (18 pt) bold. Chinese Word installs have both fonts; others
/// substitute their Song/Serif CJK face.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman" w:hint="eastAsia"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

/// The task table as a .docx package.
pub fn to_bytes(table: &TaskTable) -> Result<Vec<u8>, ExportError> {
    package(&document_xml(table), &[])
}

/// A PNG picture of the document: its file name under word/media/ and
/// its bytes. The n-th (from 0) is shown by [`picture_run`] with index n.
pub(crate) struct Picture<'a> {
    pub name: &'a str,
    pub png: &'a [u8],
}

/// A .docx package around `document` (word/document.xml) and its
/// pictures, with the shared styles.
pub(crate) fn package(document: &str, pictures: &[Picture<'_>]) -> Result<Vec<u8>, ExportError> {
    let png = if pictures.is_empty() {
        ""
    } else {
        r#"<Default Extension="png" ContentType="image/png"/>"#
    };
    let content_types = CONTENT_TYPES.replacen("{png}", png, 1);
    let mut rels = String::new();
    for (i, picture) in pictures.iter().enumerate() {
        let _ = write!(
            rels,
            r#"<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{}"/>"#,
            picture_rel_id(i),
            escape(picture.name)
        );
    }
    let document_rels = DOCUMENT_RELS.replacen("{pictures}", &rels, 1);
    let media: Vec<(String, &[u8])> = pictures
        .iter()
        .map(|p| (format!("word/media/{}", p.name), p.png))
        .collect();
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/_rels/document.xml.rels", document_rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
        ("docProps/core.xml", CORE.as_bytes()),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let err = |e: zip::result::ZipError| ExportError::Docx(e.to_string());
    let all = parts
        .iter()
        .map(|(name, data)| (*name, *data))
        .chain(media.iter().map(|(name, data)| (name.as_str(), *data)));
    for (name, data) in all {
        // PNG is compressed already.
        let method = if name.starts_with("word/media/") {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        zip.start_file(
            name,
            SimpleFileOptions::default().compression_method(method),
        )
        .map_err(err)?;
        zip.write_all(data)
            .map_err(|e| ExportError::Docx(e.to_string()))?;
    }
    Ok(zip.finish().map_err(err)?.into_inner())
}

fn picture_rel_id(index: usize) -> String {
    format!("rIdPic{}", index + 1)
}

/// EMU (English Metric Units) per twip: pictures are sized in EMU.
pub(crate) const EMU_PER_TWIP: u64 = 635;

/// A run showing picture `index` of the package inline, `cx` × `cy` EMU.
/// The root element must declare [`NAMESPACES`].
pub(crate) fn picture_run(x: &mut String, index: usize, name: &str, cx: u64, cy: u64) {
    let id = index + 1;
    let rel = picture_rel_id(index);
    let name = escape(name);
    let _ = write!(
        x,
        r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{id}" name="{name}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{id}" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    );
}

/// word/document.xml: heading and date paragraphs, table, section
/// properties.
pub fn document_xml(table: &TaskTable) -> String {
    let lines = print::lines(&table.rows);
    let rows: Vec<[String; 8]> = lines
        .iter()
        .filter_map(|line| match line {
            Line::Task { number, row } => Some(row.cells(*number)),
            Line::Part(_) => None,
        })
        .collect();
    let mut minimums = [0u32; 8];
    for (m, header) in minimums.iter_mut().zip(HEADERS) {
        *m = header.chars().count() as u32 * HAN_TWIPS + CELL_MARGINS;
    }
    let widths = twips(
        &table::column_widths(&HEADERS, &rows, &TASK_CAPS, &TASK_MINS),
        &minimums,
    );
    let centered = [true, false, true, true, true, false, true, false];

    let mut x = String::with_capacity(4096 + rows.len() * 2048);
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    let _ = write!(x, "<w:document {NAMESPACES}><w:body>");
    x.push_str(r#"<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>"#);
    runs(&mut x, &table.heading(), "");
    x.push_str("</w:p>");
    if let Some(date) = table.date {
        x.push_str(r#"<w:p><w:pPr><w:spacing w:after="120"/><w:jc w:val="right"/></w:pPr>"#);
        runs(&mut x, &print::date_line(date), "");
        x.push_str("</w:p>");
    }

    table_start(&mut x, &widths);
    // The header row repeats on every printed page and stays whole.
    x.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (col, header) in HEADERS.iter().enumerate() {
        cell(&mut x, widths[col], header, true, true);
    }
    x.push_str("</w:tr>");
    let mut cells = rows.iter();
    for line in &lines {
        match line {
            Line::Part(part) => part_row(&mut x, widths.iter().sum(), part),
            Line::Task { .. } => {
                // Rows may break across pages: no cantSplit.
                x.push_str("<w:tr>");
                for (col, text) in cells.next().into_iter().flatten().enumerate() {
                    cell(&mut x, widths[col], text, centered[col], false);
                }
                x.push_str("</w:tr>");
            }
        }
    }
    x.push_str("</w:tbl>");

    // Word wants a paragraph between a table and the section end.
    let _ = write!(
        x,
        r#"<w:p/><w:sectPr><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}" w:orient="landscape"/><w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    x
}

/// The table's properties and grid.
fn table_start(x: &mut String, widths: &[u32; 8]) {
    let _ = write!(
        x,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{TABLE_WIDTH}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>"#
    );
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(
            x,
            r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#
        );
    }
    x.push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#);
    for w in widths {
        let _ = write!(x, r#"<w:gridCol w:w="{w}"/>"#);
    }
    x.push_str("</w:tblGrid>");
}

/// A part's heading as one cell across the table, bold, kept whole and
/// on the page of the row after it.
fn part_row(x: &mut String, width: u32, part: &str) {
    let _ = write!(
        x,
        r#"<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:gridSpan w:val="8"/><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:keepNext/></w:pPr>"#
    );
    runs(x, part, "<w:b/><w:bCs/>");
    x.push_str("</w:p></w:tc></w:tr>");
}

/// Spreadsheet widths scaled to the page, each at least its minimum (so
/// a header never wraps mid-word).
fn twips<const N: usize>(units: &[usize; N], minimums: &[u32; N]) -> [u32; N] {
    let total: usize = units.iter().sum::<usize>().max(1);
    let mut out = [0u32; N];
    for ((o, u), min) in out.iter_mut().zip(units).zip(minimums) {
        *o = ((*u as u64 * TABLE_WIDTH as u64 / total as u64) as u32).max(*min);
    }
    // Minimums may overshoot the page: take the excess from the widest.
    let sum: u32 = out.iter().sum();
    if sum > TABLE_WIDTH
        && let Some(widest) = out.iter_mut().max()
    {
        *widest = widest.saturating_sub(sum - TABLE_WIDTH);
    }
    out
}

pub(crate) fn cell(x: &mut String, width: u32, text: &str, centered: bool, header: bool) {
    let _ = write!(x, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
    if header {
        x.push_str(r#"<w:shd w:val="clear" w:color="auto" w:fill="D9E1F2"/>"#);
    }
    x.push_str(r#"<w:vAlign w:val="center"/></w:tcPr><w:p>"#);
    if centered {
        x.push_str(r#"<w:pPr><w:jc w:val="center"/></w:pPr>"#);
    }
    runs(x, text, if header { "<w:b/><w:bCs/>" } else { "" });
    x.push_str("</w:p></w:tc>");
}

/// One run per line of `text`, separated by line breaks.
pub(crate) fn runs(x: &mut String, text: &str, run_props: &str) {
    let props = format!(r#"<w:rPr><w:rFonts w:hint="eastAsia"/>{run_props}</w:rPr>"#);
    for (i, line) in text.lines().enumerate() {
        x.push_str("<w:r>");
        x.push_str(&props);
        if i > 0 {
            x.push_str("<w:br/>");
        }
        x.push_str(r#"<w:t xml:space="preserve">"#);
        x.push_str(&escape(line));
        x.push_str("</w:t></w:r>");
    }
}

/// Text as XML character data: markup characters escaped, characters
/// XML 1.0 forbids dropped (a note could hold any control character),
/// tabs as spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        let table = [
            ("a&b", "a&amp;b"),
            ("<w:t>", "&lt;w:t&gt;"),
            ("\"'", "&quot;&apos;"),
            ("a\u{1}b\u{FFFF}", "ab"),
            ("a\tb", "a b"),
            ("中文", "中文"),
        ];
        for (text, want) in table {
            assert_eq!(escape(text), want, "{text:?}");
        }
    }

    #[test]
    fn widths_fill_the_page() {
        let min = [1000; 8];
        let w = twips(&[6, 40, 14, 18, 14, 44, 12, 18], &min);
        let sum: u32 = w.iter().sum();
        assert!(sum <= TABLE_WIDTH && sum > TABLE_WIDTH - 16, "{sum}");
        assert!(w.iter().all(|&c| c >= 1000), "{w:?}");
        let w = twips(&[6, 6, 6, 6, 6, 6, 6, 6], &min);
        assert!(w.iter().sum::<u32>() <= TABLE_WIDTH);
    }
}
