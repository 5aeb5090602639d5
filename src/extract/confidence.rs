//! How sure the extractor is of an item: `sure`, or `check` with a short
//! reason a person can act on (the actor was carried over, the name is not
//! in the lexicon, the clause has no obligation marker …).
//!
//! The reasons are the weak points of the rules, each one general: the
//! item is still made, only flagged.

use super::cues;
use super::lexicon::{ALL_UNITS, Lexicon};
use super::words::Words;
use super::{ActionItem, ActorFrom, Confidence};
use std::borrow::Cow;

/// Rules that make an item without an obligation marker.
const UNMARKED_RULES: &[&str] = &[
    "numbered point",
    "command in the plan part",
    "subject, command in the next clause",
    "actors + verb in the plan",
];

/// The reasons to check an item, the first that holds. `review` is true when
/// the item stands in a review part or a paragraph that opens in the past.
pub(crate) fn reason(lex: &Lexicon, item: &ActionItem, review: bool) -> Option<&'static str> {
    if item.actor_from == ActorFrom::Note {
        return None;
    }
    if review {
        return Some("inside a review part");
    }
    if item.actor_from == ActorFrom::Carried {
        return Some("actor carried over from an earlier sentence");
    }
    if item.department != ALL_UNITS && !known(lex, &item.department) {
        return Some("name not in the lexicon");
    }
    if item.text.chars().count() < 4 {
        return Some("fragment: the text is very short");
    }
    if item.rule == "marker after a topic" {
        return Some("a topic before the marker may name the actor");
    }
    if UNMARKED_RULES.contains(&item.rule) && cues::find_marker(&item.quote).is_none() {
        return Some("no obligation marker");
    }
    None
}

/// Is `name` a lexicon name (canonical or alias), or one of an
/// institution's shape (…局, …委员会, …中心, …镇)? Names known only from
/// an enumeration (报纸、电视台) are not.
fn known(lex: &Lexicon, name: &str) -> bool {
    #[rustfmt::skip]
    static INSTITUTIONS: Words = Words::new(&[
        "局", "委", "办", "厅", "署", "部", "院", "中心", "公司", "集团", "银行", "委员会", "办公室", "领导小组", "指挥部", "管委会",
        "镇", "乡", "街道", "队", "站", "所", "协会", "联合会", "组委会", "台", "社",
    ]);
    lex.match_at(name, 0)
        .is_some_and(|(len, _)| len == name.len())
        || (name.chars().count() >= 3 && INSTITUTIONS.first_suffix(name).is_some())
}

/// Sets the item's confidence and reason.
pub(crate) fn assess(lex: &Lexicon, item: &mut ActionItem, review: bool) {
    match reason(lex, item, review) {
        Some(why) => {
            item.confidence = Confidence::Check;
            item.reason = Cow::Borrowed(why);
        }
        None => {
            item.confidence = Confidence::Sure;
            item.reason = Cow::Borrowed("");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Role, Span};
    use std::sync::Arc;

    fn item(dept: &str, text: &str, rule: &'static str, from: ActorFrom) -> ActionItem {
        ActionItem {
            department: dept.into(),
            text: text.into(),
            quote: Arc::from(format!("{text}。")),
            span: Span::new(0, 0),
            section: None,
            role: Role::Lead,
            with: Vec::new(),
            deadline: None,
            confidence: Confidence::Sure,
            reason: Cow::Borrowed(""),
            rule,
            actor_from: from,
        }
    }

    #[test]
    fn each_weak_point_has_its_reason() {
        let lex = Lexicon::builtin();
        let r = |i: &ActionItem, review: bool| reason(lex, i, review);
        let marked = "actors + marker";
        assert_eq!(
            r(
                &item("公安", "加强巡逻防控", marked, ActorFrom::Written),
                false
            ),
            None
        );
        assert_eq!(
            r(
                &item(
                    "县行政审批服务局",
                    "全程代办审批",
                    marked,
                    ActorFrom::Written
                ),
                false
            ),
            None
        );
        assert_eq!(
            r(
                &item("公安", "加强巡逻防控", marked, ActorFrom::Carried),
                false
            ),
            Some("actor carried over from an earlier sentence")
        );
        assert_eq!(
            r(
                &item("报纸", "开设专栏专题", marked, ActorFrom::Written),
                false
            ),
            Some("name not in the lexicon")
        );
        assert_eq!(
            r(&item("全体单位", "加强", marked, ActorFrom::Nobody), false),
            Some("fragment: the text is very short")
        );
        assert_eq!(
            r(
                &item(
                    "全体单位",
                    "加强隐患排查",
                    "numbered point",
                    ActorFrom::Nobody
                ),
                false
            ),
            Some("no obligation marker")
        );
        assert_eq!(
            r(
                &item(
                    "全体单位",
                    "加强隐患排查",
                    "marker after a topic",
                    ActorFrom::Nobody
                ),
                false
            ),
            Some("a topic before the marker may name the actor")
        );
        assert_eq!(
            r(
                &item("公安", "加强巡逻防控", marked, ActorFrom::Written),
                true
            ),
            Some("inside a review part")
        );
        // A responsibility note is sure even in a review part.
        assert_eq!(
            r(
                &item(
                    "公安",
                    "加强巡逻防控",
                    "responsibility note",
                    ActorFrom::Note
                ),
                true
            ),
            None
        );
    }
}
