//! Task lists written into a speech: a numbered task followed by labels
//! such as `责任单位：县自然资源局、各乡镇；完成时限：9月底前。` The labels name
//! the actors of the whole task, whatever its sentences say.

use super::actors::chain_at;
use super::lexicon::{ALL_UNITS, Lexicon};
use super::rules::push_actors;
use super::{ActionItem, ActorFrom, Confidence, Deadline, Role, deadline, segment};
use crate::document::Span;
use std::borrow::Cow;
use std::sync::Arc;

/// Labels that name the lead (or sole) actors of a task.
const LEAD_LABELS: &[&str] = &[
    "牵头单位",
    "责任单位",
    "责任部门",
    "主责单位",
    "牵头部门",
    "负责单位",
];
/// Labels that name the supporting actors.
const SUPPORT_LABELS: &[&str] = &["配合单位", "协办单位", "配合部门", "参与单位"];
/// Labels of the deadline.
const DEADLINE_LABELS: &[&str] = &["完成时限", "完成时间", "时限要求", "时间节点", "时限"];

/// The actors and deadline a block's labels give, if it has any.
struct Labels {
    lead: Vec<String>,
    support: Vec<String>,
    deadline: Option<Deadline>,
    /// Where the first label starts: the task is the text before it.
    start: usize,
}

/// Finds `LABEL：` or `LABEL:` in `body`, returning the offset of the label
/// and of the value after it.
fn find_label(body: &str, labels: &[&str]) -> Option<(usize, usize)> {
    labels.iter().find_map(|l| {
        let i = body.find(l)?;
        let after = &body[i + l.len()..];
        let colon = ['：', ':'].into_iter().find(|c| after.starts_with(*c))?;
        Some((i, i + l.len() + colon.len_utf8()))
    })
}

/// Whether some colon in `body` follows a word a lead label ends with: a
/// block without one has no lead label ([`find_label`] needs the colon
/// right after the label). Every block of a speech is asked, and most have
/// no colon at all, so this spares searching for each label in turn.
fn has_lead_label_colon(body: &str) -> bool {
    // memchr's searches skip along many bytes at a time; `str`'s own search
    // for a set of characters decodes every character.
    let bytes = body.as_bytes();
    let colons = memchr::memmem::find_iter(bytes, "：").chain(memchr::memchr_iter(b':', bytes));
    colons
        .into_iter()
        .any(|i| LEAD_LABELS.iter().any(|l| body[..i].ends_with(l)))
}

fn labels(lex: &Lexicon, body: &str) -> Option<Labels> {
    let names = |labels: &[&str]| -> Option<(usize, Vec<String>)> {
        let (at, value) = find_label(body, labels)?;
        let chain = chain_at(lex, body, value, true)?;
        Some((at, chain.names))
    };
    let lead = names(LEAD_LABELS)?;
    let support = names(SUPPORT_LABELS);
    let deadline = find_label(body, DEADLINE_LABELS).and_then(|(_, value)| {
        let rest = &body[value..];
        let end = rest.find(['；', '。', ';', '，']).unwrap_or(rest.len());
        let written = rest[..end].trim();
        (!written.is_empty()).then(|| Deadline {
            text: written.to_string(),
            due: deadline::find(written).and_then(|d| d.due),
        })
    });
    let start = support.as_ref().map_or(lead.0, |s| s.0.min(lead.0));
    Some(Labels {
        lead: lead.1,
        support: support.map(|s| s.1).unwrap_or_default(),
        deadline,
        start,
    })
}

/// The lead and supporting actors labels name (牵头单位：A；配合单位：B),
/// when `body` has a lead label.
pub(crate) fn label_actors(lex: &Lexicon, body: &str) -> Option<(Vec<String>, Vec<String>)> {
    if !has_lead_label_colon(body) {
        return None;
    }
    let found = labels(lex, body)?;
    Some((found.lead, found.support))
}

/// Whether `line` is a label line: it opens with an actor or deadline
/// label and its colon (`责任单位：市公安局`, `完成时限：6月底`).
fn is_label_line(line: &str) -> bool {
    [LEAD_LABELS, SUPPORT_LABELS, DEADLINE_LABELS]
        .iter()
        .any(|labels| super::cues::opens_with_label(line, labels))
}

/// Joins label lines written under a task (工作要点, 实施方案: the task's
/// paragraph, then `责任单位：…` and `完成时限：…` each on a line of its
/// own) to the task's block, so the labels name the task's actors as they
/// do when written on the same line. A label line with nothing above it
/// stays as it is.
pub(crate) fn attach_label_lines(text: &str, blocks: Vec<segment::Block>) -> Vec<segment::Block> {
    let mut out: Vec<segment::Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        let label_line = block.heading.is_none() && is_label_line(&text[block.body.range()]);
        match out.last_mut() {
            Some(task) if label_line && !task.body.is_empty() => {
                task.body = Span::new(task.body.start, block.body.end);
            }
            _ => out.push(block),
        }
    }
    out
}

/// Items of a labelled task block: one per named actor, the task's text
/// before the labels as their text and source. `None` when the block has no
/// actor label, so the ordinary rules apply.
pub(crate) fn labelled_items(
    lex: &Lexicon,
    text: &str,
    body: Span,
    section: Option<&Arc<str>>,
) -> Option<Vec<ActionItem>> {
    let block = &text[body.range()];
    if !has_lead_label_colon(block) {
        return None;
    }
    let found = labels(lex, block)?;
    let task = segment::trim_span(text, Span::new(body.start, body.start + found.start));
    let task_text = &text[task.range()];
    // 1．开展耕地摸底排查。… : the number is not part of the task.
    let core = segment::heading_marker(task_text).map_or(task_text, |(n, _)| &task_text[n..]);
    let core = segment::strip_punct(core.trim());
    if core.is_empty() {
        return None;
    }
    let deadline = found.deadline.or_else(|| deadline::find(core));
    // The first named leads; every other is a supporting actor.
    let mut actors: Vec<(String, Role)> = Vec::new();
    push_actors(&mut actors, found.lead);
    push_actors(&mut actors, found.support);
    if actors.is_empty() {
        actors.push((ALL_UNITS.to_string(), Role::Lead));
    }
    let quote: Arc<str> = Arc::from(task_text);
    Some(
        actors
            .iter()
            .map(|(name, role)| ActionItem {
                department: name.clone(),
                text: core.to_string(),
                quote: Arc::clone(&quote),
                span: task,
                section: section.cloned(),
                role: *role,
                with: actors
                    .iter()
                    .filter(|(n, _)| n != name)
                    .map(|(n, _)| n.clone())
                    .collect(),
                deadline: deadline.clone(),
                confidence: Confidence::Sure,
                reason: Cow::Borrowed(""),
                rule: "task label (责任单位：)",
                actor_from: ActorFrom::Note,
            })
            .collect(),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn label_lines_close_the_task_above() {
        let text = "（一）修缮校舍。年内完成危房改造20处。\n责任单位：县教育局、各乡镇\n完成时限：2026年10月底\n（二）配齐教师。\n说明：本表按月更新";
        let doc = crate::document::from_text(text, "UTF-8");
        let blocks = attach_label_lines(&doc.text, segment::blocks(&doc));
        let bodies: Vec<&str> = blocks.iter().map(|b| &doc.text[b.body.range()]).collect();
        assert_eq!(
            bodies,
            [
                "年内完成危房改造20处。\n责任单位：县教育局、各乡镇\n完成时限：2026年10月底",
                "",
                "说明：本表按月更新"
            ]
        );
        let items = labelled_items(Lexicon::builtin(), &doc.text, blocks[0].body, None).unwrap();
        let got: Vec<(&str, Role, &str)> = items
            .iter()
            .map(|i| (i.department.as_str(), i.role, i.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("教育", Role::Lead, "年内完成危房改造20处"),
                ("乡镇街道", Role::Support, "年内完成危房改造20处")
            ]
        );
        assert_eq!(items[0].deadline.as_ref().unwrap().text, "2026年10月底");
        assert!(is_label_line("配合单位：县公安局"));
        assert!(!is_label_line("责任单位要落实"));
    }

    #[test]
    fn labels_name_the_task_actors() {
        let text = "1．开展违法用地清零行动。对卫片图斑逐宗整改。牵头单位：县自然资源局；配合单位：县公安局、各乡镇；完成时限：9月底前。";
        let items = labelled_items(Lexicon::builtin(), text, Span::new(0, text.len()), None)
            .expect("labelled");
        let got: Vec<(&str, Role)> = items
            .iter()
            .map(|i| (i.department.as_str(), i.role))
            .collect();
        assert_eq!(
            got,
            vec![
                ("自然资源", Role::Lead),
                ("公安", Role::Support),
                ("乡镇街道", Role::Support)
            ]
        );
        assert_eq!(items[0].text, "开展违法用地清零行动。对卫片图斑逐宗整改");
        assert_eq!(
            items[0].deadline.as_ref().map(|d| d.text.as_str()),
            Some("9月底前")
        );
        assert_eq!(&text[items[0].span.range()], &*items[0].quote);
    }

    #[test]
    fn blocks_without_labels_are_left_to_the_rules() {
        for text in [
            "县自然资源局要开展排查，责任单位要明确。",
            "同志们：今天召开会议。责任单位要明确。",
            "责任单位要明确：县自然资源局牵头。",
        ] {
            assert!(
                labelled_items(Lexicon::builtin(), text, Span::new(0, text.len()), None).is_none(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_block_with_a_lead_label_passes_the_colon_test() {
        let cases = [
            ("牵头单位：县自然资源局", true),
            ("1．开展排查。责任部门:县公安局；完成时限：年内", true),
            ("责任单位要明确。责任单位：县公安局", true),
            ("同志们：要落实。", false),
            ("责任单位要明确：县自然资源局牵头。", false),
            ("配合单位：县公安局", false),
            ("要加强管理", false),
        ];
        for (text, want) in cases {
            assert_eq!(has_lead_label_colon(text), want, "{text}");
            if find_label(text, LEAD_LABELS).is_some() {
                assert!(has_lead_label_colon(text), "{text}");
            }
        }
    }
}
