//! Responsibility notes: a task of an 意见 / 方案 / 工作要点 closed by a
//! bracket that names who does it — `（A、B负责）`, `（A、B按职责分工负责）`,
//! `（A牵头，B、C参与）`, `（A、B等和各省级人民政府负责）`,
//! `（牵头单位：A；配合单位：B、C）`. The note names the actors of the
//! sentences it closes (back to the previous note or the block's start);
//! it is never an item itself.

use super::actors::chain_at;
use super::cues::{NOTE_LEAD_VERBS, SUPPORT_VERBS};
use super::lexicon::Lexicon;
use super::rules::push_actors;
use super::segment;
use super::tasks;
use super::{ActionItem, ActorFrom, Confidence, Role, deadline};
use crate::document::Span;
use std::borrow::Cow;
use std::sync::Arc;

/// A responsibility note found in a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Note {
    /// The bracket, brackets included.
    pub span: Span,
    /// The units it names, the lead first.
    pub actors: Vec<(String, Role)>,
}

/// The responsibility notes of a block, in order; empty when it has none.
pub(crate) fn find(lex: &Lexicon, text: &str, body: Span) -> Vec<Note> {
    let s = &text[body.range()];
    if !s.contains(['（', '(']) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = 0usize;
    let mut open_len = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '（' | '(' => {
                if depth == 0 {
                    open = i;
                    open_len = c.len_utf8();
                }
                depth += 1;
            }
            '）' | ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let inner = &s[open + open_len..i];
                    if let Some(actors) = parse(lex, inner) {
                        out.push(Note {
                            span: Span::new(body.start + open, body.start + i + c.len_utf8()),
                            actors,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The units a note's inside names, or `None` when it is no note
/// (（简称县绿美办）, （2019年）).
pub(crate) fn parse(lex: &Lexicon, inner: &str) -> Option<Vec<(String, Role)>> {
    let inner = inner.trim();
    // 牵头单位：A；配合单位：B、C
    if let Some((lead, support)) = tasks::label_actors(lex, inner) {
        let mut actors = Vec::new();
        push_actors(&mut actors, lead);
        let mut support_actors = Vec::new();
        push_actors(&mut support_actors, support);
        for (n, _) in support_actors {
            if !actors.iter().any(|(a, _)| *a == n) {
                actors.push((n, Role::Support));
            }
        }
        return (!actors.is_empty()).then_some(actors);
    }
    // A、B负责 / A牵头，B、C参与 / A、B负责，排在第一位的为牵头部门，下同
    let mut actors: Vec<(String, Role)> = Vec::new();
    for (k, part) in inner.split(['，', '；', '。', ',', ';']).enumerate() {
        let part = part.trim();
        let (names, lead) = match part_units(lex, part) {
            Some(found) => found,
            // The first part must name the units; what follows may say
            // something else (排在第一位的部门为牵头部门).
            None if k == 0 => return None,
            None => break,
        };
        if k == 0 && !lead {
            return None;
        }
        if lead {
            push_actors(&mut actors, names);
        } else {
            for n in names {
                if !actors.iter().any(|(a, _)| *a == n) {
                    actors.push((n, Role::Support));
                }
            }
        }
    }
    (!actors.is_empty()).then_some(actors)
}

/// One part of a note: the units an enumeration names and whether they
/// lead (负责, 牵头) or support (参与, 配合). The enumeration must fill the
/// part up to its verb.
fn part_units(lex: &Lexicon, part: &str) -> Option<(Vec<String>, bool)> {
    let (head, lead) = if let Some(v) = NOTE_LEAD_VERBS.first_suffix(part) {
        (&part[..part.len() - v.len()], true)
    } else if let Some(v) = SUPPORT_VERBS.first_suffix(part) {
        (&part[..part.len() - v.len()], false)
    } else {
        return None;
    };
    let names = enumeration(lex, head)?;
    Some((names, lead))
}

/// The units of `head` when it is nothing but an enumeration of them
/// (A、B等和各省级人民政府 is two enumerations joined by 和).
fn enumeration(lex: &Lexicon, head: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut p = 0;
    while p < head.len() {
        let chain = chain_at(lex, head, p, true)?;
        if chain.end <= p {
            return None;
        }
        for n in chain.names {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        p = chain.end;
        if p >= head.len() {
            break;
        }
        let sep = ["和", "及", "以及", "、", "与", "会同"]
            .iter()
            .find(|w| head[p..].starts_with(**w));
        match sep {
            Some(sep) => p += sep.len(),
            // A、B等有关部门: the kind after 等 is an enumeration of its own.
            None if head[..p].ends_with('等') => {}
            None => return None,
        }
    }
    (!names.is_empty()).then_some(names)
}

/// The items a note gives: one per unit, for the sentences `run` it closes.
pub(crate) fn items(
    text: &str,
    run: Span,
    note: &Note,
    section: Option<&Arc<str>>,
) -> Vec<ActionItem> {
    let run_text = &text[run.range()];
    // 1.拓展两个市场。… : the number is not part of the task.
    let core = segment::heading_marker(run_text).map_or(run_text, |(n, _)| &run_text[n..]);
    let core = super::cues::strip_connectives(segment::strip_punct(core.trim()));
    if core.is_empty() {
        return Vec::new();
    }
    let due = deadline::find(core);
    let quote: Arc<str> = Arc::from(run_text);
    note.actors
        .iter()
        .map(|(name, role)| ActionItem {
            department: name.clone(),
            text: core.to_string(),
            quote: Arc::clone(&quote),
            span: run,
            section: section.cloned(),
            role: *role,
            with: note
                .actors
                .iter()
                .filter(|(n, _)| n != name)
                .map(|(n, _)| n.clone())
                .collect(),
            deadline: due.clone(),
            confidence: Confidence::Sure,
            reason: Cow::Borrowed(""),
            rule: "responsibility note (（A、B负责）)",
            actor_from: ActorFrom::Note,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(inner: &str) -> Option<Vec<(String, Role)>> {
        parse(Lexicon::builtin(), inner)
    }

    fn names(inner: &str) -> Option<Vec<String>> {
        units(inner).map(|a| a.into_iter().map(|(n, _)| n).collect())
    }

    fn v(xs: &[&str]) -> Option<Vec<String>> {
        Some(xs.iter().map(|x| x.to_string()).collect())
    }

    #[test]
    fn notes_name_their_units() {
        let cases: &[(&str, Option<Vec<String>>)] = &[
            ("县公安局、县民政局负责", v(&["公安", "民政"])),
            ("县教育局、县财政局按职责分工负责", v(&["教育", "财政"])),
            ("县卫健委负责", v(&["卫生"])),
            (
                "县应急管理局牵头，县公安局、县消防救援大队参与",
                v(&["应急管理", "公安", "消防"]),
            ),
            (
                "县住建局、县自然资源局等和各县级人民政府负责",
                v(&["住建", "自然资源", "政府"]),
            ),
            ("县商务局会同有关部门负责", v(&["商务", "全体单位"])),
            ("县商务局、县税务局等负责", v(&["商务", "税务"])),
            (
                "县商务局、县税务局等有关部门负责",
                v(&["商务", "税务", "全体单位"]),
            ),
            (
                "县税务局、县财政局负责，排在第一位的部门为牵头部门，下同",
                v(&["税务", "财政"]),
            ),
            (
                "牵头单位：县发展改革局；配合单位：县统计局、县财政局",
                v(&["发改", "统计", "财政"]),
            ),
            ("简称县绿美办", None),
            ("2019年", None),
            ("含县本级", None),
            ("责任到人", None),
        ];
        for (inner, want) in cases {
            assert_eq!(&names(inner), want, "note {inner:?}");
        }
    }

    #[test]
    fn the_first_unit_leads_and_supporters_support() {
        let got = units("县应急管理局牵头，县公安局参与").expect("note");
        assert_eq!(got[0].1, Role::Lead);
        assert_eq!(got[1].1, Role::Support);
        let got = units("牵头单位：县发展改革局；配合单位：县统计局").expect("note");
        assert_eq!(got[0].1, Role::Lead);
        assert_eq!(got[1].1, Role::Support);
    }

    #[test]
    fn notes_are_found_in_a_block() {
        let text = "1.开展排查。对隐患逐项整改。（县应急管理局、县公安局负责）2.加强宣传（简称“两加强”）。";
        let notes = find(Lexicon::builtin(), text, Span::new(0, text.len()));
        assert_eq!(notes.len(), 1);
        assert_eq!(
            &text[notes[0].span.range()],
            "（县应急管理局、县公安局负责）"
        );
    }
}
