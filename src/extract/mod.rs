//! Finding action items in a [`Document`](crate::Document).
//!
//! Implements `GUIDELINES.md` with general rules only. Extraction never
//! fails: it returns items plus diagnostics.

mod actors;
mod cues;
mod deadline;
mod lexicon;
mod rules;
mod segment;

use crate::document::{Document, Span};
use serde::{Deserialize, Serialize};

pub use lexicon::{ALL_UNITS, LexiconError};

/// Lead or supporting department for a clause shared by several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Role {
    #[default]
    Lead,
    Support,
}

/// A deadline as written, plus what it means when that is unambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// As written in the speech: "6月底前", "年内", "每季度".
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
}

/// The parsed meaning of a deadline. Years are absent when the speech does
/// not give one; nothing is invented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Due {
    /// By a day: year (if written), month, day.
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    /// By the end of a month.
    MonthEnd { year: Option<i32>, month: u32 },
    /// By the end of a quarter (1..=4).
    QuarterEnd { year: Option<i32>, quarter: u32 },
    /// Within the (current or named) year.
    YearEnd { year: Option<i32> },
    /// A recurring duty.
    Every(Period),
    /// Immediately / within a time limit set later (限期整改, 立即).
    Promptly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Day,
    Week,
    Month,
    Quarter,
    HalfYear,
    Year,
}

/// One obligation on one actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// The actor as written (level prefixes removed), or "全体单位".
    pub department: String,
    /// The action itself.
    pub text: String,
    /// The source sentence.
    pub quote: String,
    /// Where the source sentence is in the document's text.
    pub span: Span,
    /// The heading the item stands under, if any.
    pub section: Option<String>,
    pub role: Role,
    /// The other actors of the same clause.
    pub with: Vec<String>,
    pub deadline: Option<Deadline>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub span: Option<Span>,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    pub items: Vec<ActionItem>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Extracts the action items of a document. Never fails.
pub fn extract(doc: &Document) -> Extraction {
    let lex = lexicon::Lexicon::builtin();
    let text = doc.text.as_str();
    let blocks = segment::blocks(doc);
    let mut out = Extraction::default();
    // A speech without numbered points or an announcement of them is plan
    // from its first line; otherwise the plan starts at the first point.
    let structured = blocks.iter().any(|b| b.heading.is_some())
        || blocks
            .iter()
            .flat_map(|b| segment::sentences(text, b.body))
            .any(|s| cues::announces_points(&text[s.range()]));
    let mut ctx = rules::Context {
        in_plan: !structured,
        ..Default::default()
    };
    for block in &blocks {
        ctx.carried = None;
        if let Some(h) = &block.heading {
            ctx.in_plan = true;
            let title = &text[h.span.range()];
            let title = segment::heading_marker(title).map_or(title, |(n, _)| &title[n..]);
            ctx.section = Some(segment::strip_punct(title).to_string());
        }
        for span in segment::sentences(text, block.body) {
            let sentence = &text[span.range()];
            if crate::document::is_boilerplate(sentence) {
                out.diagnostics.push(Diagnostic {
                    span: Some(span),
                    message: "boilerplate skipped".into(),
                });
                continue;
            }
            if cues::announces_points(sentence) {
                ctx.in_plan = true;
                continue;
            }
            if cues::is_courtesy(sentence) || cues::is_past(sentence) || cues::is_rhetoric(sentence)
            {
                continue;
            }
            out.items
                .extend(rules::sentence_items(lex, text, span, &mut ctx));
        }
    }
    out
}
