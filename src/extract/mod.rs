//! Finding action items in a [`Document`](crate::Document).
//!
//! Implements `GUIDELINES.md` with general rules only. Extraction never
//! fails: it returns items plus diagnostics.

mod actors;
mod clause_rules;
mod confidence;
mod cues;
mod deadline;
mod explain;
mod lexicon;
mod notes;
mod rules;
mod segment;
mod sentences;
mod tasks;
mod words;

use crate::document::{Document, Span};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

pub use crate::model::{ALL_UNITS, Confidence, Deadline, Diagnostic, Due, Period, Role};
pub use explain::explain;

/// The department name extraction gives for a unit written `written`
/// (市公安局 → 公安), if the built-in lexicon knows it.
pub fn canonical_department(written: &str) -> Option<String> {
    actors::canonical(written)
}
pub use lexicon::LexiconError;

/// Where an item's actor came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ActorFrom {
    /// Written in the clause (公安机关要…, 由A牵头, 请A…).
    #[default]
    Written,
    /// Carried over from an earlier sentence of the same block.
    Carried,
    /// Nobody written: 全体单位.
    Nobody,
    /// Named by a responsibility note or label (（A、B负责）, 责任单位：A).
    Note,
}

/// One obligation on one actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// The actor as written (level prefixes removed), or "全体单位".
    pub department: String,
    /// The action itself.
    pub text: String,
    /// The source sentence, shared by the items made from it.
    pub quote: Arc<str>,
    /// Where the source sentence is in the document's text.
    pub span: Span,
    /// The heading the item stands under, if any, shared by the items
    /// under it.
    pub section: Option<Arc<str>>,
    pub role: Role,
    /// The other actors of the same clause.
    pub with: Vec<String>,
    pub deadline: Option<Deadline>,
    /// How sure the extractor is of the item.
    #[serde(default)]
    pub confidence: Confidence,
    /// Why the item is to be checked (empty when sure).
    #[serde(default, skip_serializing_if = "no_reason")]
    pub reason: Cow<'static, str>,
    /// The name of the rule that made the item (`--explain`).
    #[serde(skip)]
    pub rule: &'static str,
    #[serde(skip)]
    pub actor_from: ActorFrom,
}

fn no_reason(reason: &str) -> bool {
    reason.is_empty()
}

/// A sentence that gave no item, and the rule that turned it away
/// (`luoshi extract --explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub span: Span,
    pub rule: &'static str,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    pub items: Vec<ActionItem>,
    pub diagnostics: Vec<Diagnostic>,
    /// The sentences that gave no item, with the rule that said so.
    pub rejected: Vec<Decision>,
}

/// Extracts the action items of a document. Never fails.
///
/// Long documents are worked on by all cores: once the plan part of a
/// speech has begun (the first numbered point, or "下面我讲几点"), what a
/// block of text yields depends only on the headings before it, so the
/// blocks after that point are independent. Output is the same as one
/// thread's, in the same order.
// Long: the walk's setup, then its serial and parallel halves, read as one
// sequence that must give the same output either way.
pub fn extract(doc: &Document) -> Extraction {
    use rayon::prelude::*;
    let lex = lexicon::Lexicon::builtin();
    let text = doc.text.as_str();
    let parallel = text.len() >= crate::parallel::PARALLEL_FROM;
    // Paragraphs are cut into blocks each on its own, so on long texts this
    // runs on all cores too; rayon keeps the blocks in paragraph order.
    let blocks: Vec<segment::Block> = if parallel {
        doc.paragraphs
            .par_iter()
            .with_min_len(64)
            .flat_map_iter(|p| segment::paragraph_blocks(text, p))
            .collect()
    } else {
        segment::blocks(doc)
    };
    // Scanned text: a sentence broken across a page end is one again.
    let blocks = segment::join_broken(text, blocks);
    // 责任单位：… and 完成时限：… on lines of their own close the task above.
    let blocks = tasks::attach_label_lines(text, blocks);
    // A speech without numbered points or an announcement of them is plan
    // from its first line; otherwise the plan starts at the first point.
    let announces = |b: &segment::Block| {
        segment::sentences(text, b.body)
            .into_iter()
            .any(|s| cues::text_announces_points(&text[s.range()]))
    };
    let structured = blocks.iter().any(|b| b.heading.is_some())
        || if parallel {
            blocks.par_iter().with_min_len(32).any(announces)
        } else {
            blocks.iter().any(announces)
        };
    let year = speech_year(text);
    let mut walk = Walk {
        plan: !structured,
        review: [false; 2],
        section: None,
    };
    let mut out = Extraction::default();
    // Before the plan begins, a sentence can begin it: one block after
    // the other.
    let mut rest = &blocks[..];
    while let Some((block, tail)) = rest.split_first() {
        if walk.plan {
            break;
        }
        walk.enter(text, block);
        block_items(lex, text, block, year, &mut walk, &mut out);
        rest = tail;
    }
    // From here on each block's state follows from the headings alone:
    // the walk as it stands after each heading block, in order (a block's
    // walk is that of the last heading before it, or `walk` itself).
    let first = walk.clone();
    let headings: Vec<(usize, Walk)> = rest
        .iter()
        .enumerate()
        .filter(|(_, block)| block.heading.is_some())
        .map(|(i, block)| {
            walk.enter(text, block);
            (i, walk.clone())
        })
        .collect();
    let walk_at = |i: usize| match headings.partition_point(|(h, _)| *h <= i) {
        0 => first.clone(),
        k => headings[k - 1].1.clone(),
    };
    // Each run of blocks a thread takes goes into one part (not one per
    // block); the parts come back in order.
    let add = |mut part: Extraction, (i, block): (usize, &segment::Block)| {
        block_items(lex, text, block, year, &mut walk_at(i), &mut part);
        part
    };
    if parallel {
        let parts: Vec<Extraction> = rest
            .par_iter()
            .enumerate()
            .with_min_len(32)
            .fold(Extraction::default, add)
            .collect();
        // Room for all at once: growing by doubling would copy the items
        // of a long text several times, on one thread.
        out.items
            .reserve(parts.iter().map(|p| p.items.len()).sum::<usize>());
        out.diagnostics
            .reserve(parts.iter().map(|p| p.diagnostics.len()).sum::<usize>());
        for part in parts {
            out.items.extend(part.items);
            out.diagnostics.extend(part.diagnostics);
            out.rejected.extend(part.rejected);
        }
    } else {
        out = rest.iter().enumerate().fold(out, add);
    }
    out
}

/// Where the walk through a speech stands at the start of a block.
#[derive(Debug, Clone)]
struct Walk {
    /// The plan part has begun; it never ends.
    plan: bool,
    /// Inside a review section (一、2023年工作回顾, 一、清醒认识当前面临的
    /// 形势) at heading level 1 or 2: there only sentences with an
    /// obligation marker direct.
    review: [bool; 2],
    /// The current heading's title.
    section: Option<Arc<str>>,
}

impl Walk {
    /// Takes in the block's heading, if it has one.
    fn enter(&mut self, text: &str, block: &segment::Block) {
        let Some(h) = &block.heading else { return };
        self.plan = true;
        let title = &text[h.span.range()];
        let title = segment::heading_marker(title).map_or(title, |(n, _)| &title[n..]);
        let title = segment::strip_punct(title);
        let is_review = cues::is_review_heading(title);
        match h.level {
            1 => self.review = [is_review, false],
            _ => self.review[1] = is_review,
        }
        self.section = Some(Arc::from(title));
    }
}

/// The items of one block, whose heading `walk` has taken in.
// Long: the walk over one block's sentences, where the review/plan state,
// the carried actor and the notes closing a task change together.
fn block_items(
    lex: &lexicon::Lexicon,
    text: &str,
    block: &segment::Block,
    year: Option<i32>,
    walk: &mut Walk,
    out: &mut Extraction,
) {
    let sentences = segment::sentences_and_clauses(text, block.body);
    // A paragraph that opens in the past (今年以来，…; 2023年，…) reports.
    let past_block = sentences
        .first()
        .is_some_and(|(s, _)| cues::opens_in_past(&text[s.range()], year));
    let in_review = walk.review[0] || walk.review[1];
    let mut ctx = rules::Context {
        in_plan: walk.plan && !in_review && !past_block,
        in_review: in_review || past_block,
        carried: None,
        section: walk.section.clone(),
    };
    if let Some(items) = tasks::labelled_items(lex, text, block.body, ctx.section.as_ref()) {
        out.items.extend(items);
        return;
    }
    // 分送：…, 抄送：…, 出席：…: who receives or attended a document is no task.
    if block.heading.is_none() && cues::is_record_line(&text[block.body.range()]) {
        out.rejected.push(Decision {
            span: block.body,
            rule: "a distribution or attendance line (分送：, 出席：)",
        });
        return;
    }
    // 强化组织领导: a short line without punctuation or marker is a heading
    // written without a number; it titles what follows, it asks nothing.
    let body = &text[block.body.range()];
    if block.heading.is_none()
        && !body.is_empty()
        && segment::heading_marker(body).is_none()
        && cues::enumerator_len(body) == 0
        && body.chars().count() <= 15
        && !body.contains(['。', '！', '？', '；', '，', '：'])
        && cues::find_marker(body).is_none()
    {
        out.rejected.push(Decision {
            span: block.body,
            rule: "a heading without a number (a short line, no punctuation)",
        });
        return;
    }
    let notes = notes::find(lex, text, block.body);
    if notes.is_empty() {
        sentence_items(
            lex, text, sentences, in_review, past_block, walk, &mut ctx, out,
        );
        return;
    }
    // A block of tasks closed by responsibility notes: each note names
    // the actors of the sentences before it (back to the last note). Only
    // the actors those sentences write themselves are kept besides.
    let mut from = block.body.start;
    for note in &notes {
        let run = segment::trim_span(text, Span::new(from, note.span.start));
        from = note.span.end;
        if run.is_empty() {
            continue;
        }
        let mut part = Extraction::default();
        let run_sentences = segment::sentences_and_clauses(text, run);
        sentence_items(
            lex,
            text,
            run_sentences,
            in_review,
            past_block,
            walk,
            &mut ctx,
            &mut part,
        );
        out.diagnostics.extend(part.diagnostics);
        out.rejected.extend(part.rejected);
        out.items.extend(
            part.items
                .into_iter()
                .filter(|i| i.actor_from == ActorFrom::Written),
        );
        out.items
            .extend(notes::items(text, run, note, ctx.section.as_ref()));
        ctx.carried = None;
    }
    let tail = segment::trim_span(text, Span::new(from, block.body.end));
    if !tail.is_empty() {
        let tail_sentences = segment::sentences_and_clauses(text, tail);
        sentence_items(
            lex,
            text,
            tail_sentences,
            in_review,
            past_block,
            walk,
            &mut ctx,
            out,
        );
    }
}

/// The items of a block's sentences, in order.
#[allow(clippy::too_many_arguments)]
fn sentence_items(
    lex: &lexicon::Lexicon,
    text: &str,
    sentences: Vec<(Span, Vec<Span>)>,
    in_review: bool,
    past_block: bool,
    walk: &mut Walk,
    ctx: &mut rules::Context,
    out: &mut Extraction,
) {
    for (span, clauses) in sentences {
        let sentence = &text[span.range()];
        let scanned = cues::Sentence::new(sentence);
        if scanned.is_boilerplate() {
            out.diagnostics.push(Diagnostic {
                span: Some(span),
                message: "boilerplate skipped".into(),
            });
            out.rejected.push(Decision {
                span,
                rule: "boilerplate (site banner, ad, byline)",
            });
            continue;
        }
        if cues::introduces_list(&scanned) {
            out.rejected.push(Decision {
                span,
                rule: "introduces a list (以下几点：)",
            });
            continue;
        }
        if cues::announces_points(&scanned) {
            walk.plan = true;
            ctx.in_plan = !in_review && !past_block;
            out.rejected.push(Decision {
                span,
                rule: "announces the points: the plan part begins",
            });
            continue;
        }
        if let Some((rule, _)) = cues::SENTENCE_RULES
            .iter()
            .find(|(_, holds)| holds(&scanned))
        {
            out.rejected.push(Decision { span, rule });
            continue;
        }
        let before = out.items.len();
        out.items.extend(rules::sentence_items(
            lex, text, span, &clauses, &scanned, ctx,
        ));
        for item in &mut out.items[before..] {
            confidence::assess(lex, item, in_review || past_block);
        }
        if out.items.len() == before {
            out.rejected.push(Decision {
                span,
                rule: "no clause directs (no marker, named actor or command)",
            });
        }
    }
}

/// The year the speech was given, from a date line near its top
/// (（2024年2月27日）), if it has one.
fn speech_year(text: &str) -> Option<i32> {
    let head: String = text.chars().take(600).collect();
    let bytes = head.as_bytes();
    for (i, _) in head.match_indices('年') {
        if i < 4 || !bytes[i - 4..i].iter().all(u8::is_ascii_digit) {
            continue;
        }
        let after = &head[i + '年'.len_utf8()..];
        let month_day = after.chars().take_while(char::is_ascii_digit).count() > 0
            && after.contains('月')
            && after.contains('日');
        if month_day {
            return head[i - 4..i].parse().ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (department, text) of every item of a small speech.
    /// The speech is put under a title and a first point, so that its
    /// sentences stand in the plan part of a body paragraph.
    pub(crate) fn items_of(text: &str) -> Vec<(String, String)> {
        let speech = format!("在全县工作会议上的讲话\n同志们：\n一、狠抓落实\n{text}");
        extract(&crate::document::from_text(&speech, "UTF-8"))
            .items
            .into_iter()
            .map(|i| (i.department, i.text))
            .collect()
    }

    #[test]
    fn prohibitions_stay_in_the_text() {
        let cases = [
            (
                "各企业要落实责任，不得以任何理由推诿。",
                "不得以任何理由推诿",
            ),
            ("县财政局要按时兑现奖补资金，不得拖延。", "不得拖延"),
            ("原则上不得对企业开展专项检查。", "不得对企业开展专项检查"),
            ("各乡镇不要光想着招商，要把安全放在首位。", "不要光想着招商"),
            ("严禁在林区野外用火。", "严禁在林区野外用火"),
        ];
        for (speech, want) in cases {
            let got = items_of(speech);
            assert!(
                got.iter().any(|(_, t)| t.contains(want)),
                "{speech}: {got:?}"
            );
        }
    }

    #[test]
    fn scanned_text_a_sentence_across_a_page_end() {
        let got = items_of(
            "县公安局要加强对全县重点场所和重点时段的巡逻\n- 3 -\n防控，确保社会稳定。\n县应急局要开展隐患排查 12 工作。",
        );
        assert_eq!(
            got,
            [
                (
                    "公安".to_string(),
                    "加强对全县重点场所和重点时段的巡逻防控，确保社会稳定".to_string()
                ),
                ("应急管理".to_string(), "开展隐患排查工作".to_string()),
            ]
        );
    }

    #[test]
    fn numbered_points_of_a_review_report() {
        let doc = crate::document::from_text(
            "在全县工作会议上的讲话\n一、过去五年的主要成效\n一是坚持党的领导，强化组织保证。二是坚持精准施策。\n二、今年的重点工作\n一是加强隐患排查，确保安全。二是完善应急预案。",
            "UTF-8",
        );
        let got: Vec<String> = extract(&doc).items.into_iter().map(|i| i.text).collect();
        assert_eq!(got, ["加强隐患排查，确保安全", "完善应急预案"]);
    }

    #[test]
    fn headings_without_numbers_and_remarks_on_the_situation_are_no_items() {
        let got = items_of(
            "强化组织领导\n各乡镇要落实属地责任，加强巡查。\n必须看到，基层基础仍然薄弱，群众安全意识不强。",
        );
        assert_eq!(
            got,
            [("乡镇街道".to_string(), "落实属地责任，加强巡查".to_string())]
        );
    }

    #[test]
    fn slogans_order_nothing() {
        assert_eq!(
            items_of("民族要复兴，乡村必振兴。县农业局要抓好春耕。").len(),
            1
        );
    }

    #[test]
    fn not_requiring_is_no_marker() {
        assert_eq!(cues::find_marker("对不要求退税的货物实行便捷管理"), None);
        assert_eq!(
            cues::find_marker("不要求企业重复提交材料，要实行一网通办"),
            Some((
                "不要求企业重复提交材料，".len(),
                "不要求企业重复提交材料，要".len()
            ))
        );
    }
}
