//! Reading .docx files: zip + streaming XML, paragraphs in order.
//!
//! Owns the zip and XML limits (part size, nesting depth), which text counts
//! (`w:t` only: tracked deletions, moved-from runs, fallback copies and
//! hidden runs (`w:vanish`) are skipped) and the cheap style hints (Title, Heading*, outline level, all
//! bold). Must not normalise text or decide paragraph kinds: it hands raw
//! paragraphs and hints to the shared builder.

use super::LoadError;
use super::sniff::Unsupported;
use super::structure::Hint;
use super::task_table::TaskTable;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use zip::ZipArchive;
use zip::result::ZipError;

/// A zip part that decompresses past this is refused (zip bombs). Real
/// document.xml files of long speeches are a few MB.
pub(crate) const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// XML nested deeper than this is refused; Word's own nesting stays under 30
/// even with tables in tables.
pub(crate) const MAX_XML_DEPTH: usize = 256;

const MAIN_PART: &str = "word/document.xml";
const STYLES_PART: &str = "word/styles.xml";

/// Paragraphs of the main document part, in order, with style hints.
pub(crate) fn read(bytes: &[u8]) -> Result<Vec<(String, Hint)>, LoadError> {
    read_with_limits(bytes, MAX_PART_BYTES, MAX_XML_DEPTH)
}

pub(crate) fn read_with_limits(
    bytes: &[u8],
    part_limit: u64,
    depth_limit: usize,
) -> Result<Vec<(String, Hint)>, LoadError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    let Some(xml) = read_part(&mut zip, MAIN_PART, part_limit)? else {
        let has_word_parts = zip.file_names_raw().any(|n| n.starts_with(b"word/"));
        return Err(if has_word_parts {
            LoadError::BadDocx {
                reason: "缺少 word/document.xml / word/document.xml is missing".into(),
            }
        } else {
            LoadError::Unsupported(Unsupported::OtherZip)
        });
    };
    // Styles only sharpen the hints: a broken styles part is ignored, but a
    // bomb in it is still refused by read_part.
    let styles = match read_part(&mut zip, STYLES_PART, part_limit)? {
        Some(s) => parse_styles(&xml_text(&s)?, depth_limit).unwrap_or_default(),
        None => HashMap::new(),
    };
    parse_document(&xml_text(&xml)?, &styles, depth_limit)
}

pub(super) fn zip_error(e: ZipError) -> LoadError {
    let reason = match e {
        ZipError::InvalidPassword | ZipError::UnsupportedArchive(_) => {
            "文件已加密或使用了不支持的压缩方式 / encrypted or unsupported compression".to_owned()
        }
        ZipError::CompressionMethodNotSupported(_) => {
            "使用了不支持的压缩方式 / unsupported compression".to_owned()
        }
        other => other.to_string(),
    };
    LoadError::BadDocx { reason }
}

/// Reads one part, never more than `limit` bytes whatever its header says
/// (shared with the OFD reader).
pub(super) fn read_part(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<Vec<u8>>, LoadError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(zip_error(e)),
    };
    let mut buf = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| LoadError::BadDocx {
            reason: format!("{name}: {e}"),
        })?;
    if buf.len() as u64 > limit {
        return Err(LoadError::DocxPartTooLarge {
            part: name.to_owned(),
            limit_mb: limit.div_ceil(1024 * 1024),
        });
    }
    Ok(Some(buf))
}

/// XML parts are UTF-8 in practice; UTF-16 with a BOM is allowed by the spec.
pub(super) fn xml_text(bytes: &[u8]) -> Result<String, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if !had_errors {
            return Ok(text.into_owned());
        }
    }
    Err(LoadError::BadDocx {
        reason: "XML 编码无效 / the XML is not valid UTF-8".into(),
    })
}

/// The WordprocessingML name of an element: `w:p` → `p`. Elements of other
/// namespaces (DrawingML `a:t`, …) give `None` so their text is not mixed in.
fn w_name(qname: &str) -> Option<&str> {
    qname.strip_prefix("w:")
}

pub(super) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.into_owned())
}

pub(super) fn xml_error(e: quick_xml::Error) -> LoadError {
    LoadError::BadDocx {
        reason: format!("XML: {e}"),
    }
}

/// The five entities XML predefines. Anything else (a DTD's own entities) is
/// never expanded.
pub(super) fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

fn style_kind(name: &str, outline: Option<u8>) -> Option<Hint> {
    let lower = name.to_lowercase();
    if lower == "title" || lower == "标题" {
        Some(Hint::Title)
    } else if lower.starts_with("heading")
        || lower.starts_with("标题")
        || outline.is_some_and(|l| l < 9)
    {
        Some(Hint::Heading)
    } else {
        None
    }
}

/// styleId → hint, from word/styles.xml. Chinese Word names its heading
/// styles by number ("1", "2"), so the id alone says little.
fn parse_styles(xml: &str, depth_limit: usize) -> Result<HashMap<String, Hint>, LoadError> {
    let mut reader = Reader::from_str(xml);
    let mut map = HashMap::new();
    let mut depth = 0usize;
    let mut current: Option<(String, String, Option<u8>)> = None;
    loop {
        let event = reader.read_event().map_err(xml_error)?;
        let (e, is_start) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if e.name().as_ref() == "w:style"
                    && let Some((id, name, outline)) = current.take()
                    && let Some(hint) = style_kind(&name, outline)
                {
                    map.insert(id, hint);
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if is_start {
            depth += 1;
            if depth > depth_limit {
                return Err(LoadError::XmlTooDeep { limit: depth_limit });
            }
        }
        let qname = e.name();
        match w_name(qname.as_ref()) {
            Some("style") if is_start => {
                current = attr(e, "styleId").map(|id| (id, String::new(), None));
            }
            Some("name") => {
                if let (Some(cur), Some(v)) = (current.as_mut(), attr(e, "val")) {
                    cur.1 = v;
                }
            }
            Some("outlineLvl") => {
                if let (Some(cur), Some(v)) = (current.as_mut(), attr(e, "val")) {
                    cur.2 = v.parse().ok();
                }
            }
            _ => {}
        }
    }
    Ok(map)
}

#[derive(Default)]
struct Para {
    text: String,
    hint: Option<Hint>,
    bold_chars: usize,
    plain_chars: usize,
}

/// Walks document.xml once. Nested paragraphs (text boxes) are emitted when
/// they close, before the paragraph that holds them.
// Long: one streaming pass over the XML events; the parser's states
// (paragraph, run, table cell, deleted text) must be read together.
fn parse_document(
    xml: &str,
    styles: &HashMap<String, Hint>,
    depth_limit: usize,
) -> Result<Vec<(String, Hint)>, LoadError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut stack: Vec<Para> = Vec::new();
    let mut depth = 0usize;
    // Depth at which a skipped subtree (deletion, moved-from text, fallback
    // copy) started; everything below it is ignored.
    let mut skip_from: Option<usize> = None;
    let mut in_ppr = false;
    let mut in_rpr = false;
    let mut run_depth = 0usize;
    let mut run_bold = false;
    let mut run_hidden = false;
    let mut in_t = false;
    // Tables being read, outermost first (task tables: see `TaskTable`).
    let mut tables: Vec<TaskTable> = Vec::new();

    loop {
        let event = reader.read_event().map_err(xml_error)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_start = matches!(event, Event::Start(_));
                if is_start {
                    depth += 1;
                    if depth > depth_limit {
                        return Err(LoadError::XmlTooDeep { limit: depth_limit });
                    }
                }
                if skip_from.is_some() {
                    continue;
                }
                let qname = e.name();
                let full = qname.as_ref();
                if is_start && matches!(full, "w:del" | "w:moveFrom" | "mc:Fallback") {
                    skip_from = Some(depth);
                    continue;
                }
                match w_name(full) {
                    Some("tbl") if is_start => tables.push(TaskTable::default()),
                    Some("tr") if is_start => {
                        if let Some(t) = tables.last_mut() {
                            t.start_row(out.len());
                        }
                    }
                    Some("tc") if is_start => {
                        if let Some(t) = tables.last_mut() {
                            t.start_cell(out.len());
                        }
                    }
                    Some("p") => {
                        stack.push(Para::default());
                        if !is_start {
                            flush(&mut stack, &mut out);
                        }
                    }
                    Some("pPr") if is_start => in_ppr = true,
                    Some("pStyle") if in_ppr => {
                        if let (Some(id), Some(p)) = (attr(e, "val"), stack.last_mut()) {
                            let lower = id.to_lowercase();
                            p.hint = styles.get(&id).copied().or_else(|| {
                                style_kind(&lower, None)
                                    .or(lower.starts_with("heading").then_some(Hint::Heading))
                            });
                        }
                    }
                    Some("outlineLvl") if in_ppr => {
                        let level: Option<u8> = attr(e, "val").and_then(|v| v.parse().ok());
                        if let (Some(l), Some(p)) = (level, stack.last_mut())
                            && l < 9
                            && p.hint.is_none()
                        {
                            p.hint = Some(Hint::Heading);
                        }
                    }
                    Some("r") if is_start => {
                        run_depth += 1;
                        run_bold = false;
                        run_hidden = false;
                    }
                    Some("rPr") if is_start && run_depth > 0 && !in_ppr => in_rpr = true,
                    Some("b") if in_rpr => run_bold = toggle_on(e),
                    Some("vanish") if in_rpr => run_hidden = toggle_on(e),
                    _ if run_hidden => {}
                    Some("t") if is_start && run_depth > 0 => in_t = true,
                    Some("tab") if run_depth > 0 && !in_ppr => push_text(&mut stack, " ", false),
                    Some("br" | "cr") if run_depth > 0 => push_text(&mut stack, "\n", false),
                    Some("noBreakHyphen") if run_depth > 0 => push_text(&mut stack, "-", run_bold),
                    _ => {}
                }
            }
            Event::End(ref e) => {
                if skip_from == Some(depth) {
                    skip_from = None;
                    depth = depth.saturating_sub(1);
                    continue;
                }
                depth = depth.saturating_sub(1);
                if skip_from.is_some() {
                    continue;
                }
                match w_name(e.name().as_ref()) {
                    Some("p") => flush(&mut stack, &mut out),
                    Some("tc") => {
                        if let Some(t) = tables.last_mut() {
                            t.end_cell(&out);
                        }
                    }
                    Some("tr") => {
                        if let Some(t) = tables.last_mut() {
                            t.end_row(&mut out);
                        }
                    }
                    Some("tbl") => {
                        tables.pop();
                    }
                    Some("pPr") => in_ppr = false,
                    Some("rPr") => in_rpr = false,
                    Some("r") => {
                        run_depth = run_depth.saturating_sub(1);
                        run_bold = false;
                        run_hidden = false;
                    }
                    Some("t") => in_t = false,
                    _ => {}
                }
            }
            Event::Text(ref t) if in_t && skip_from.is_none() => {
                push_text(&mut stack, &t.xml10_content(), run_bold);
            }
            Event::CData(ref t) if in_t && skip_from.is_none() => {
                push_text(&mut stack, &t.xml10_content(), run_bold);
            }
            Event::GeneralRef(ref r) if in_t && skip_from.is_none() => {
                let ch = if r.is_char_ref() {
                    r.resolve_char_ref().map_err(xml_error)?
                } else {
                    predefined_entity(&r.xml10_content())
                };
                // Unknown entities are dropped, never expanded.
                if let Some(c) = ch {
                    push_text(&mut stack, c.encode_utf8(&mut [0; 4]), run_bold);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A truncated document.xml that still parsed up to here: keep what was
    // read rather than losing it.
    while !stack.is_empty() {
        flush(&mut stack, &mut out);
    }
    Ok(out)
}

/// A run property such as `<w:b/>`: on unless its value says off.
fn toggle_on(e: &BytesStart<'_>) -> bool {
    !attr(e, "val").is_some_and(|v| matches!(v.as_str(), "0" | "false" | "off"))
}

fn push_text(stack: &mut [Para], s: &str, bold: bool) {
    let Some(p) = stack.last_mut() else { return };
    p.text.push_str(s);
    let visible = s.chars().filter(|c| !c.is_whitespace()).count();
    if bold {
        p.bold_chars += visible;
    } else {
        p.plain_chars += visible;
    }
}

fn flush(stack: &mut Vec<Para>, out: &mut Vec<(String, Hint)>) {
    let Some(p) = stack.pop() else { return };
    let hint = p.hint.unwrap_or(if p.bold_chars > 0 && p.plain_chars == 0 {
        Hint::Bold
    } else {
        Hint::None
    });
    out.push((p.text, hint));
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;
    use crate::document::{ParagraphKind, from_bytes};
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    /// A minimal .docx whose document.xml body is `body`.
    pub(crate) fn docx_with_body(body: &str) -> Vec<u8> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
        );
        zip_of(&[("word/document.xml", xml.as_bytes())])
    }

    pub(crate) fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_level(Some(1));
        for (name, data) in parts {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn texts(bytes: &[u8]) -> Vec<(String, Hint)> {
        read(bytes).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn paragraphs_in_order_with_deletions_hidden_runs_and_tables() {
        let body = [
            p("在全县工作会议上的讲话"),
            // A tracked deletion and a moved-from run are not text any more.
            r#"<w:p><w:r><w:t xml:space="preserve">县水利局要</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>尽快</w:delText></w:r></w:del><w:moveFrom w:id="2"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom><w:ins w:id="3"><w:r><w:t>在6月底前</w:t></w:r></w:ins><w:r><w:t>完成清淤。</w:t></w:r></w:p>"#.to_owned(),
            // Hidden runs are not text; a run whose vanish is off is.
            r#"<w:p><w:r><w:t>县应急管理局要</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>内部说明</w:t><w:tab/></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>在6月底前</w:t></w:r><w:r><w:t>完成排查。</w:t></w:r></w:p>"#.to_owned(),
            // A table: each cell's paragraph is a paragraph.
            format!("<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}{}</w:tc></w:tr></w:tbl>", p("单位"), p("县公安局"), p("县交通局")),
            // Tabs and breaks inside runs; tab stops in pPr are not text.
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p>"#.to_owned(),
            // A fallback copy of a text box is not read twice.
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>"#.to_owned(),
        ]
        .concat();
        let got: Vec<String> = texts(&docx_with_body(&body))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            got,
            [
                "在全县工作会议上的讲话",
                "县水利局要在6月底前完成清淤。",
                "县应急管理局要在6月底前完成排查。",
                "单位",
                "县公安局",
                "县交通局",
                "甲 乙\n丙",
                "框内文字",
                "",
            ]
        );
    }

    #[test]
    fn task_tables_are_read_row_by_row() {
        let row = |cells: &[&str]| {
            let tcs: String = cells
                .iter()
                .map(|c| format!("<w:tc>{}</w:tc>", p(c)))
                .collect();
            format!("<w:tr>{tcs}</w:tr>")
        };
        let body = format!(
            "{}<w:tbl>{}{}{}</w:tbl><w:tbl>{}</w:tbl>",
            p("重点任务分解表"),
            row(&["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]),
            row(&[
                "1",
                "开展隐患排查",
                "县应急管理局",
                "县公安局、各乡镇",
                "6月底前"
            ]),
            row(&["2", "完善应急预案", "县水利局", "", "年内"]),
            row(&["单位", "县公安局"]),
        );
        let got: Vec<String> = texts(&docx_with_body(&body))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            got,
            [
                "重点任务分解表",
                "1．开展隐患排查。牵头单位：县应急管理局；配合单位：县公安局、各乡镇；完成时限：6月底前；",
                "2．完善应急预案。牵头单位：县水利局；完成时限：年内；",
                "单位",
                "县公安局",
            ]
        );
    }

    #[test]
    fn task_table_rows_become_items_with_their_units() {
        let row = |cells: &[&str]| {
            let tcs: String = cells
                .iter()
                .map(|c| format!("<w:tc>{}</w:tc>", p(c)))
                .collect();
            format!("<w:tr>{tcs}</w:tr>")
        };
        let body = format!(
            "{}{}<w:tbl>{}{}</w:tbl>",
            p("全县安全生产工作要点"),
            p("一、重点任务"),
            row(&["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]),
            row(&["1", "开展隐患排查", "县应急管理局", "县公安局", "6月底前"]),
        );
        let doc = from_bytes(&docx_with_body(&body), "a.docx").unwrap();
        let ex = crate::extract::extract(&doc);
        let got: Vec<(&str, crate::extract::Role, &str)> = ex
            .items
            .iter()
            .map(|i| (i.department.as_str(), i.role, i.text.as_str()))
            .collect();
        use crate::extract::Role::{Lead, Support};
        assert_eq!(
            got,
            [
                ("应急管理", Lead, "开展隐患排查"),
                ("公安", Support, "开展隐患排查")
            ]
        );
    }

    #[test]
    fn style_and_bold_hints() {
        let styles = format!(
            r#"<?xml version="1.0"?><w:styles {NS}><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="x"><w:name w:val="My Outline"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>"#
        );
        let body = format!(
            r#"<w:document {NS}><w:body>
            <w:p><w:pPr><w:pStyle w:val="a3"/></w:pPr><w:r><w:t>二〇二四年工作要点</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>统一思想</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="x"/></w:pPr><w:r><w:t>压实责任</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>未定义样式</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>狠抓落实</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>不加粗</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>部分</w:t></w:r><w:r><w:t>加粗</w:t></w:r></w:p>
            </w:body></w:document>"#
        );
        let bytes = zip_of(&[
            ("word/document.xml", body.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
        ]);
        let hints: Vec<Hint> = texts(&bytes).into_iter().map(|(_, h)| h).collect();
        assert_eq!(
            hints,
            [
                Hint::Title,
                Hint::Heading,
                Hint::Heading,
                Hint::Heading,
                Hint::Bold,
                Hint::None,
                Hint::None
            ]
        );
        let doc = from_bytes(&bytes, "x.docx").unwrap();
        assert_eq!(doc.title, "二〇二四年工作要点");
        assert_eq!(doc.paragraphs[0].kind, ParagraphKind::Title);
        assert_eq!(doc.paragraphs[4].kind, ParagraphKind::Heading);
        assert_eq!(doc.encoding, "docx");
    }

    #[test]
    fn entities_are_never_expanded() {
        let xml = format!(
            r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY boom "EXPANDED"><!ENTITY lol "&boom;&boom;&boom;">]><w:document {NS}><w:body><w:p><w:r><w:t>a&lt;b&amp;c&#x4E00;&#19968;&lol;&boom;d</w:t></w:r></w:p></w:body></w:document>"#
        );
        let bytes = zip_of(&[("word/document.xml", xml.as_bytes())]);
        let got = texts(&bytes);
        assert_eq!(got[0].0, "a<b&c一一d");
    }

    #[test]
    fn nesting_bomb_is_refused() {
        let depth = 10_000;
        let body = format!(
            "<w:p>{}{}</w:p>",
            "<w:r>".repeat(depth),
            "</w:r>".repeat(depth)
        );
        let err = read(&docx_with_body(&body)).unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::XmlTooDeep {
                    limit: MAX_XML_DEPTH
                }
            ),
            "{err:?}"
        );
        // Just under the limit is fine.
        let ok = format!("<w:p>{}{}</w:p>", "<w:r>".repeat(200), "</w:r>".repeat(200));
        assert!(read(&docx_with_body(&ok)).is_ok());
    }

    #[test]
    fn part_limit_counts_bytes_read_not_headers() {
        let big = p(&"字".repeat(10_000));
        let bytes = docx_with_body(&big);
        let err = read_with_limits(&bytes, 1024, MAX_XML_DEPTH).unwrap_err();
        assert!(matches!(err, LoadError::DocxPartTooLarge { .. }), "{err:?}");
        assert!(read_with_limits(&bytes, 1 << 20, MAX_XML_DEPTH).is_ok());
    }

    #[test]
    fn zip_bomb_is_refused() {
        // 100 MB of zeros compresses to about 100 KB.
        let zeros = vec![0u8; 100 * 1024 * 1024];
        let bytes = zip_of(&[("word/document.xml", &zeros)]);
        assert!(bytes.len() < 1024 * 1024);
        let err = from_bytes(&bytes, "bomb.docx").unwrap_err();
        assert!(
            matches!(err, LoadError::DocxPartTooLarge { limit_mb: 64, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("64 MB"));
    }

    #[test]
    fn broken_containers_table() {
        let good = docx_with_body(&p("讲话"));
        let truncated = good[..good.len() / 2].to_vec();
        let no_body = zip_of(&[("word/styles.xml", b"<w:styles/>".as_slice())]);
        let xlsx = zip_of(&[("xl/workbook.xml", b"<workbook/>".as_slice())]);
        let bad_xml = zip_of(&[(
            "word/document.xml",
            b"<w:document><w:body><w:p></w:body>".as_slice(),
        )]);
        let latin1_xml = zip_of(&[(
            "word/document.xml",
            b"<w:document>\xE9\xFF</w:document>".as_slice(),
        )]);
        let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
            ("truncated zip", truncated, "x.docx", "BadDocx"),
            ("no document.xml", no_body, "x.docx", "BadDocx"),
            ("xlsx", xlsx, "x.xlsx", "Unsupported(OtherZip)"),
            (
                "xlsx renamed docx",
                zip_of(&[("xl/workbook.xml", b"<w/>".as_slice())]),
                "x.docx",
                "Unsupported(OtherZip)",
            ),
            (
                "not a zip",
                "在会上的讲话".as_bytes().to_vec(),
                "x.docx",
                "BadDocx",
            ),
            ("mismatched tags", bad_xml, "x.docx", "BadDocx"),
            ("not utf-8", latin1_xml, "x.docx", "BadDocx"),
            ("empty document", docx_with_body(""), "x.docx", "Empty"),
            ("empty file", vec![], "x.docx", "Empty"),
        ];
        for (name, bytes, file, want) in cases {
            let err = from_bytes(&bytes, file).expect_err(name);
            assert!(format!("{err:?}").starts_with(want), "case {name}: {err:?}");
            assert!(err.to_string().contains(" / "), "case {name}: {err}");
        }
    }
}
