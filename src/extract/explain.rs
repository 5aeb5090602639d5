//! `luoshi extract FILE --explain`: per sentence, the rule that made each
//! item or turned the sentence away, in the order of the text.

use super::{ActorFrom, Confidence, Extraction, Role};
use crate::document::Document;
use std::fmt::Write as _;

/// The trace of an extraction as plain text, one block per sentence.
pub fn explain(doc: &Document, ex: &Extraction) -> String {
    // (sentence start, sentence end, order, line)
    let mut lines: Vec<(usize, usize, usize, String)> = Vec::new();
    for (k, item) in ex.items.iter().enumerate() {
        let role = match item.role {
            Role::Lead => "",
            Role::Support => "，配合",
        };
        let from = match item.actor_from {
            ActorFrom::Written => "written",
            ActorFrom::Carried => "carried over",
            ActorFrom::Nobody => "nobody named",
            ActorFrom::Note => "named by a note",
        };
        let sure = match item.confidence {
            Confidence::Sure => "sure".to_string(),
            Confidence::Check => format!("check: {}", item.reason),
        };
        lines.push((
            item.span.start,
            item.span.end,
            k,
            format!(
                "  + {}{role} [{}; actor {from}; {sure}] {}",
                item.department, item.rule, item.text
            ),
        ));
    }
    for (k, d) in ex.rejected.iter().enumerate() {
        lines.push((
            d.span.start,
            d.span.end,
            ex.items.len() + k,
            format!("  - no item: {}", d.rule),
        ));
    }
    lines.sort_by_key(|(start, end, order, _)| (*start, *end, *order));
    let mut out = String::new();
    let mut last = None;
    for (start, end, _, line) in lines {
        if last != Some((start, end)) {
            let sentence = doc.text.get(start..end).unwrap_or_default();
            let _ = writeln!(out, "[{start}] {sentence}");
            last = Some((start, end));
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sentence_says_why() {
        let doc = crate::document::from_text(
            "在全县工作会议上的讲话\n同志们：\n一、狠抓落实\n县公安局要加强巡逻。去年全县破获案件120起。",
            "UTF-8",
        );
        let ex = super::super::extract(&doc);
        let text = explain(&doc, &ex);
        assert!(text.contains("+ 公安 [actors + marker"), "{text}");
        assert!(text.contains("- no item: past achievement"), "{text}");
    }
}
