//! The rules that turn sentences into action items: which clauses direct,
//! who they direct, and what they ask.
//!
//! A sentence is cut into clauses. A clause that names actors before an
//! obligation marker (公安机关要…), after 由 or 请, or before a directive verb
//! in the plan part of a speech, opens a *unit*; the clauses after it
//! belong to that unit until another actor appears. A unit with no actor
//! goes to the actor carried over from earlier in the same block, or to
//! 全体单位. Each actor of a unit gets its own item.

use super::actors::Chain;
use super::clause_rules::{Opening, adverbs_len, open_clause};
use super::cues;
use super::lexicon::{ALL_UNITS, LEADERS, Lexicon};
use super::segment::{self, strip_punct};
use super::{ActionItem, ActorFrom, Confidence, Role, deadline};
use crate::document::Span;
use std::borrow::Cow;
use std::sync::Arc;

/// Where in the speech a sentence stands, as far as the rules care.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    /// In the plan part (after the first numbered point or "下面我讲几点"),
    /// commands without a marker count too.
    pub in_plan: bool,
    /// In a review part or a paragraph that opens in the past: a numbered
    /// point there reports (一是坚持党的领导), it commands nothing.
    pub in_review: bool,
    /// The lead actor of the last unit of this block that named one.
    pub carried: Option<String>,
    pub section: Option<Arc<str>>,
}

/// A directive found in a sentence: its actors and the clauses it spans.
#[derive(Debug, Clone)]
struct Unit {
    actors: Vec<(String, Role)>,
    /// True when the actors were written; false when carried or 全体单位.
    explicit: bool,
    /// Supporting departments of a unit whose lead was not written.
    support: Vec<String>,
    /// The unit has a subject that is no actor: it goes to 全体单位, never
    /// to the carried actor.
    no_carry: bool,
    /// Byte ranges (in the document text) of the action's text.
    parts: Vec<Span>,
    /// The rule that opened the unit.
    rule: &'static str,
}

/// Items of one sentence (`span` in `text`, cut into `clauses`, scanned as
/// `scanned`).
// Long: a sentence's units become items in one place, where the carried
// actor, the confidence and the text of each item are decided together.
pub(crate) fn sentence_items(
    lex: &Lexicon,
    text: &str,
    span: Span,
    clauses: &[Span],
    scanned: &cues::Sentence,
    ctx: &mut Context,
) -> Vec<ActionItem> {
    let sentence = scanned.text;
    // An enumerator (一是, 另一方面) starts a new point: nothing carries into it.
    if cues::enumerator_len(sentence) > 0 {
        ctx.carried = None;
    }
    let has_marker = scanned.marker().is_some();
    if !has_marker
        && clauses
            .first()
            .is_some_and(|c| cues::is_copula_statement(&text[c.range()]))
    {
        return Vec::new();
    }
    if let Some(last) = clauses.last()
        && !has_marker
        && clauses.len() > 1
        && cues::ends_in_judgement(&text[last.range()])
    {
        return Vec::new();
    }
    let units = units_of(lex, text, clauses, scanned, ctx);
    // A、B两方各有分工 (A要督，B要战): after a sentence that names two leads,
    // no one of them is the subject of what follows.
    let mut leads = units
        .iter()
        .filter(|u| u.explicit)
        .filter_map(|u| u.actors.first().map(|(n, _)| n.as_str()));
    let contrast = leads
        .next()
        .is_some_and(|first| leads.any(|other| other != first));
    let mut items = Vec::new();
    // One copy of the sentence for all its items, made with the first.
    let mut quote: Option<Arc<str>> = None;
    for unit in units {
        let mut actor_from = ActorFrom::Written;
        let actors: Vec<(String, Role)> = if unit.explicit {
            unit.actors
        } else {
            let carried = ctx.carried.clone().filter(|_| !unit.no_carry);
            actor_from = if carried.is_some() {
                ActorFrom::Carried
            } else {
                ActorFrom::Nobody
            };
            let lead = carried.unwrap_or_else(|| ALL_UNITS.to_string());
            let mut a = vec![(lead, Role::Lead)];
            push_actors(&mut a, unit.support);
            a
        };
        if unit.explicit {
            // People (领导干部) are addressed, not carried: what follows
            // them without a subject is everyone's.
            ctx.carried = actors
                .first()
                .map(|(n, _)| n.clone())
                .filter(|n| n != ALL_UNITS && n != LEADERS);
        }
        if contrast {
            ctx.carried = None;
        }
        let mut action = without_page_marks(join_parts(text, &unit.parts));
        if action.is_empty() {
            continue;
        }
        let mut due = deadline::find(&action);
        for (k, (name, role)) in actors.iter().enumerate() {
            let with = actors
                .iter()
                .filter(|(n, _)| n != name)
                .map(|(n, _)| n.clone())
                .collect();
            // The last actor's item takes the action itself, the others a
            // copy (most units have one actor).
            let (text, deadline) = if k + 1 == actors.len() {
                (std::mem::take(&mut action), due.take())
            } else {
                (action.clone(), due.clone())
            };
            items.push(ActionItem {
                department: name.clone(),
                text,
                quote: Arc::clone(quote.get_or_insert_with(|| Arc::from(sentence))),
                span,
                section: ctx.section.clone(),
                role: *role,
                with,
                deadline,
                confidence: Confidence::Sure,
                reason: Cow::Borrowed(""),
                rule: unit.rule,
                actor_from,
            });
        }
    }
    items
}

/// An action's text without what a scan left in it: the line breaks and
/// page numbers of a sentence broken across a page end, and a page number
/// between spaces inside a line (开展排查 12 工作).
fn without_page_marks(action: String) -> String {
    if !action.contains(['\n', ' ']) {
        return action;
    }
    let joined: String = action
        .split('\n')
        .filter(|line| !segment::is_page_number(line))
        .map(str::trim)
        .collect();
    let words: Vec<&str> = joined.split(' ').collect();
    let mut out = String::with_capacity(joined.len());
    for (k, w) in words.iter().enumerate() {
        let inner = k > 0 && k + 1 < words.len();
        let between_words = |a: &str, b: &str| {
            a.chars().next_back().is_some_and(|c| !c.is_ascii())
                && b.chars().next().is_some_and(|c| !c.is_ascii())
        };
        if inner && segment::is_page_number(w) && between_words(words[k - 1], words[k + 1]) {
            continue;
        }
        if k > 0 && !out.is_empty() {
            let prev_ascii = out
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            let next_ascii = w.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
            if prev_ascii || next_ascii {
                out.push(' ');
            }
        }
        out.push_str(w);
    }
    out
}

fn join_parts(text: &str, parts: &[Span]) -> String {
    let mut out = String::new();
    for p in parts {
        let piece = strip_punct(text[p.range()].trim_start_matches(['，', '：', '、']));
        // The action's first words are never a connective (因此，一方面，),
        // even when the connective is a clause of its own (同时，…).
        let piece = if out.is_empty() {
            cues::strip_connectives(piece)
        } else {
            piece
        };
        if piece.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('，');
        }
        out.push_str(piece);
    }
    out
}

// Long: the clauses of a sentence are walked once; an opening found in one
// clause changes how the next is read (subjects, supports, notes), so the
// walk's state stays in one function. The clause rules themselves are a
// table in clause_rules.rs.
fn units_of(
    lex: &Lexicon,
    text: &str,
    clauses: &[Span],
    scanned: &cues::Sentence,
    ctx: &Context,
) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    // Clauses that set the scene for the next unit (对排查发现的隐患，).
    let mut pending: Vec<Span> = Vec::new();
    // A subject standing alone in its clause, waiting for its verb.
    let mut subject: Option<(Chain, Option<Span>)> = None;
    let start = |actors: Vec<(String, Role)>,
                 support: Vec<String>,
                 pending: &mut Vec<Span>,
                 part: Span,
                 rule: &'static str| {
        let mut parts = std::mem::take(pending);
        parts.push(part);
        Unit {
            explicit: !actors.is_empty(),
            actors,
            support,
            no_carry: false,
            parts,
            rule,
        }
    };
    for (k, c) in clauses.iter().enumerate() {
        let mut c = *c;
        let mut clause = strip_punct(&text[c.range()]);
        // A reported speaker (王某在会上强调，…; 会议要求…) is never an
        // actor: the clause goes on after the reporting verb, and a verb that
        // asks (要求) makes what follows a command.
        let mut asked = false;
        if let Some((verb_end, asks)) = cues::speaker(clause) {
            // What follows the verb, without the pause after it.
            let rest = text[c.start + verb_end..c.end].trim_start_matches(['，', '：', ',', ':']);
            c = segment::trim_span(text, Span::new(c.end - rest.len(), c.end));
            clause = strip_punct(&text[c.range()]);
            if clause.is_empty() {
                continue;
            }
            asked = asks;
        }
        let c = &c;
        // Inside a sentence that already directs, a new point (：一是…) or a
        // new topic (…，对确需协调的问题，要…) starts a new unit.
        let enumerated = cues::enumerator_len(clause) > 0;
        let topic = ["对", "针对", "对于"].iter().any(|w| clause.starts_with(w));
        let mut opening = if purpose(clause) && k + 1 < clauses.len() {
            Opening::Nothing
        } else {
            open_clause(
                lex,
                clause,
                scanned,
                ctx.in_plan,
                ctx.in_plan && units.is_empty(),
                k == 0,
            )
        };
        // A topic with more to come only sets the scene for what follows.
        if topic && matches!(opening, Opening::Command) && k + 1 < clauses.len() {
            opening = Opening::Nothing;
        }
        // 他要求“先礼后兵”: what the speaker asks is a command.
        if asked && matches!(opening, Opening::Nothing) {
            opening = Opening::Marker {
                action_at: 0,
                support: Vec::new(),
                topic: false,
            };
        }
        match opening {
            Opening::Actors {
                chain,
                rule,
                action_at,
                support,
            } => {
                subject = None;
                let mut actors: Vec<(String, Role)> = Vec::new();
                push_actors(&mut actors, chain.names);
                push_actors(&mut actors, support);
                units.push(start(
                    actors,
                    Vec::new(),
                    &mut pending,
                    Span::new(c.start + action_at, c.end),
                    rule,
                ));
            }
            Opening::Support(names) => {
                if let Some(u) = units.last_mut() {
                    push_actors(&mut u.actors, names);
                }
            }
            Opening::Subject(chain) => {
                // What follows the subject in its clause (市直各部门未经审核，
                // 与会人员进一步以各种形式扩大宣传，) is part of its action.
                let after = chain.end + adverbs_len(&clause[chain.end..]);
                let rest = &clause[after..];
                let keep = !rest.is_empty() && !rest.starts_with('是') && !rest.starts_with("作为");
                let rest_span = keep.then(|| Span::new(c.start + after, c.end));
                subject = Some((chain, rest_span));
            }
            Opening::Marker {
                action_at,
                support,
                topic: has_topic,
            } => {
                let action = Span::new(c.start + action_at, c.end);
                let fresh = enumerated || topic || !pending.is_empty();
                if let Some((chain, rest)) = subject.take() {
                    pending.extend(rest);
                    let mut actors = Vec::new();
                    push_actors(&mut actors, chain.names);
                    push_actors(&mut actors, support);
                    units.push(start(
                        actors,
                        Vec::new(),
                        &mut pending,
                        action,
                        "subject, marker in the next clause",
                    ));
                } else if let Some(u) = units.last_mut().filter(|_| !fresh) {
                    u.parts.push(*c);
                    if u.explicit {
                        push_actors(&mut u.actors, support);
                    } else {
                        u.support.extend(support);
                    }
                } else {
                    // 没有疫情的地区，要…; 从下半年开始，国家要…: a topic or a
                    // scene before the marker may name who acts.
                    let rule = if has_topic || !pending.is_empty() {
                        "marker after a topic"
                    } else {
                        "marker without actor"
                    };
                    let mut unit = start(Vec::new(), support, &mut pending, action, rule);
                    unit.no_carry = has_topic;
                    units.push(unit);
                }
            }
            Opening::Command => {
                if let Some((chain, rest)) = subject.take().filter(|_| ctx.in_plan) {
                    pending.extend(rest);
                    let mut actors = Vec::new();
                    push_actors(&mut actors, chain.names);
                    units.push(start(
                        actors,
                        Vec::new(),
                        &mut pending,
                        *c,
                        "subject, command in the next clause",
                    ));
                } else if let Some(u) = units.last_mut().filter(|_| !enumerated) {
                    u.parts.append(&mut pending);
                    u.parts.push(*c);
                } else if ctx.in_plan || (enumerated && !ctx.in_review) {
                    units.push(start(
                        Vec::new(),
                        Vec::new(),
                        &mut pending,
                        *c,
                        if enumerated {
                            "numbered point"
                        } else {
                            "command in the plan part"
                        },
                    ));
                } else {
                    pending.push(*c);
                }
            }
            Opening::Nothing => {
                if topic || units.is_empty() {
                    pending.push(*c);
                } else if let Some(u) = units.last_mut() {
                    u.parts.append(&mut pending);
                    u.parts.push(*c);
                }
            }
        }
    }
    // A scene set after the last unit and never followed belongs to it.
    if let Some(u) = units.last_mut() {
        u.parts.append(&mut pending);
    }
    units
}

/// A purpose clause (为切实加强…的领导，): it sets the scene, whatever
/// marker it holds.
fn purpose(clause: &str) -> bool {
    (clause.starts_with("为了") || clause.starts_with('为'))
        && !["为此", "为主", "为准", "为重", "为先", "为本"]
            .iter()
            .any(|w| clause.starts_with(w))
        && cues::find_marker(clause).is_some()
}

/// Adds `names` not there yet: the first actor of all leads, every other
/// supports. Takes the names, most of which are kept.
pub(crate) fn push_actors(actors: &mut Vec<(String, Role)>, names: Vec<String>) {
    for n in names {
        if !actors.iter().any(|(a, _)| *a == n) {
            let role = if actors.is_empty() {
                Role::Lead
            } else {
                Role::Support
            };
            actors.push((n, role));
        }
    }
}
