//! The clause rules: what one clause says about who acts. An ordered table
//! of named rules (`CLAUSE_RULES`), each a function with its own table
//! test; the first that finds an opening decides. `rules.rs` turns the
//! openings of a sentence's clauses into units and items.

use super::actors::{Chain, chain_at, loose_enumeration};
use super::cues::{self, ADVERBS, ASKING, BOUND, PREPOSITIONS, SUPPORT_VERBS, TOPIC_COMMANDS};
use super::lexicon::Lexicon;
use super::words::Chars;
use crate::model::ALL_UNITS;

/// What a clause says about who acts.
pub(super) enum Opening {
    /// Actors written, and the byte offset (in the clause) where their
    /// action starts.
    Actors {
        chain: Chain,
        /// The name of the rule that found them.
        rule: &'static str,
        action_at: usize,
        support: Vec<String>,
    },
    /// Only supporting actors (市公安局、市市场监管局配合).
    Support(Vec<String>),
    /// An obligation marker without an actor; the action starts after it.
    /// `support` are the departments it works with (要会同省人社厅…).
    Marker {
        action_at: usize,
        support: Vec<String>,
        /// Something other than an actor stands before the marker (中心城区
        /// 今年要…): the clause is not subject-less, so nothing carries in.
        topic: bool,
    },
    /// An actor list that fills the whole clause (省发展改革委会同省人社厅，).
    Subject(Chain),
    /// A command without marker (plan part only).
    Command,
    Nothing,
}

/// A clause as the clause rules see it: its text, its sentence, where it
/// stands, and what is found once for all rules (where its body starts after
/// openers, its first obligation marker).
struct Clause<'a> {
    lex: &'a Lexicon,
    text: &'a str,
    sentence: &'a cues::Sentence<'a>,
    in_plan: bool,
    /// A command without marker may open with the actors (plan part, first
    /// unit of the sentence).
    weak_ok: bool,
    /// The sentence's first clause.
    first: bool,
    body_at: usize,
    marker: Option<(usize, usize)>,
}

impl<'a> Clause<'a> {
    fn new(
        lex: &'a Lexicon,
        text: &'a str,
        sentence: &'a cues::Sentence<'a>,
        in_plan: bool,
        weak_ok: bool,
        first: bool,
    ) -> Self {
        Clause {
            lex,
            text,
            sentence,
            in_plan,
            weak_ok,
            first,
            body_at: text.len() - cues::skip_openers(text).len(),
            marker: cues::find_marker(text),
        }
    }
}

/// A clause rule: the opening it finds, or `None` to leave the clause to
/// the rules after it.
type ClauseRule = fn(&Clause) -> Option<Opening>;

/// The clause rules, in the order they are tried; the first that gives an
/// opening decides. Each is a function below with its own table test.
static CLAUSE_RULES: &[(&str, ClauseRule)] = &[
    ("request: 请 + actors", request),
    ("supporting units: B、C配合", supporting_units),
    ("actors written first", actors_first),
    ("agent: 由A…", agent),
    ("obligation marker", marked),
    ("agent that leads: 由A牵头", agent_that_leads),
    ("directive verb", directive_verb),
    ("numbered point of the plan", numbered_point),
    ("topic, then a command: 对…实行", topic_command),
];

/// What `clause`, a clause of `sentence`, says about who acts.
pub(super) fn open_clause(
    lex: &Lexicon,
    clause: &str,
    sentence: &cues::Sentence,
    in_plan: bool,
    weak_ok: bool,
    first: bool,
) -> Opening {
    let view = Clause::new(lex, clause, sentence, in_plan, weak_ok, first);
    CLAUSE_RULES
        .iter()
        .find_map(|(_, rule)| rule(&view))
        .unwrap_or(Opening::Nothing)
}

/// 请 + actors: a request to a named body (not 提请, 申请, 邀请: there the
/// speaker's subject acts).
fn request(c: &Clause) -> Option<Opening> {
    let (lex, clause, marker) = (c.lex, c.text, c.marker);
    if !c.sentence.may_request() {
        return None;
    }
    let i = clause.match_indices('请').map(|(i, _)| i).find(|&i| {
        !clause[..i].ends_with(['提', '申', '邀', '聘', '宴', '吁', '恳', '敬', '呈', '报'])
    })?;
    if !(i == c.body_at || marker.is_none_or(|(m, _)| i < m)) {
        return None;
    }
    let chain = chain_at(lex, clause, i + '请'.len_utf8(), true)?;
    chain
        .names
        .iter()
        .any(|n| n != ALL_UNITS)
        .then(|| actors_opening(lex, clause, chain, "request (请 + actors)"))
}

/// Supporting departments: a clause that names them and ends in 配合 /
/// 协助 (县财政局、县水利局和项目所在乡镇配合).
fn supporting_units(c: &Clause) -> Option<Opening> {
    let (lex, clause) = (c.lex, c.text);
    if c.first || c.marker.is_some() || SUPPORT_VERBS.first_suffix(clause).is_none() {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    let mut at = c.body_at;
    while at < clause.len() {
        if let Some(chain) = chain_at(lex, clause, at, at == c.body_at) {
            for n in chain.names {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            at = chain.end.max(at + 1);
        } else {
            at += clause[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    (!names.is_empty()).then_some(Opening::Support(names))
}

/// Actors written at the start of the clause, and what follows them: a
/// marker, a verb of asking, a supporting verb, a copula, or nothing yet.
fn actors_first(c: &Clause) -> Option<Opening> {
    let (lex, clause, marker) = (c.lex, c.text, c.marker);
    let chain = chain_at(lex, clause, c.body_at, true)?;
    let after = chain.end + adverbs_len(&clause[chain.end..]);
    let rest = &clause[after..];
    // 各级党政干部特别是一把手，要…: an apposition that singles some out.
    let apposition = ["特别是", "尤其是"].iter().any(|w| rest.starts_with(w));
    if rest.is_empty() || (apposition && marker.is_none()) {
        return Some(Opening::Subject(chain));
    }
    if cues::word_at(rest, &SUPPORT_VERBS).is_some() && !c.first {
        return Some(Opening::Support(chain.names));
    }
    // 市委、市政府希望大家…: the actors are those asked, after the verb.
    if let Some(n) = cues::word_at(rest, &ASKING) {
        return Some(match chain_at(lex, clause, after + n, true) {
            Some(asked) => actors_opening(lex, clause, asked, "asking verb (A希望/要求 B…)"),
            None => Opening::Nothing,
        });
    }
    // 县委、县政府确定的十件民生实事: the names only qualify a noun.
    let qualifies_noun = rest.chars().take(3).any(|c| c == '的');
    // 县住建局是…的责任单位，要…: the subject of the next clause's marker.
    if marker.is_none() && (rest.starts_with('是') || rest.starts_with("作为")) {
        return Some(Opening::Subject(chain));
    }
    // Outside the plan, 牵头 / 会同 report who did what (县信访局牵头开展了…);
    // only 将 and 负责 still promise.
    // 负责人, 负责同志: the unit's head, a noun, not 负责 "is in charge".
    let head_noun = ["负责人", "负责同志"].iter().any(|w| rest.starts_with(w));
    let bound = cues::word_at(rest, &BOUND).is_some_and(|_| {
        (c.in_plan || rest.starts_with('将') || rest.starts_with("负责"))
            && !cues::disposes(rest)
            && !head_noun
    });
    if marker.is_some_and(|(m, _)| m == after) || bound {
        return Some(actors_opening(lex, clause, chain, "actors + marker"));
    }
    if cues::word_at(rest, &PREPOSITIONS).is_some()
        && let Some((m, m_end)) = marker.filter(|(m, _)| *m > after)
    {
        let (_, support) = after_subject(lex, clause, chain.end);
        return Some(Opening::Actors {
            chain,
            rule: "actors, preposition, marker",
            action_at: cues::action_after_marker(clause, m, m_end),
            support,
        });
    }
    // 各中小学每周放学前都要讲一遍: a time or condition between the actor
    // and its marker, in the same clause.
    if let Some((m, m_end)) = marker.filter(|(m, _)| *m > after)
        && !clause[after..m].contains('的')
        && clause[after..m].chars().count() <= 12
        && lex.find_all(&clause[after..m]).next().is_none()
    {
        let (_, support) = after_subject(lex, clause, m);
        return Some(Opening::Actors {
            chain,
            rule: "actors, time or condition, marker",
            action_at: cues::action_after_marker(clause, m, m_end),
            support,
        });
    }
    if c.weak_ok && !qualifies_noun && !head_noun && opens_with_verb(rest) {
        return Some(actors_opening(
            lex,
            clause,
            chain,
            "actors + verb in the plan",
        ));
    }
    // 市直各部门未经市教育局审核，不得…: a subject whose marker comes in a
    // later clause.
    (marker.is_none() && !qualifies_noun).then_some(Opening::Subject(chain))
}

/// 由A牵头 / 由A负责 / 由县纪委监委对其…约谈: the agent after 由, before any
/// marker.
fn agent(c: &Clause) -> Option<Opening> {
    let (lex, clause) = (c.lex, c.text);
    if !c.sentence.may_name_agent() {
        return None;
    }
    let i = find_agent_you(clause)?;
    if c.marker.is_some_and(|(m, _)| i >= m) {
        return None;
    }
    let chain = chain_at(lex, clause, i + '由'.len_utf8(), true)?;
    if !chain.names.iter().any(|n| n != ALL_UNITS) {
        return None;
    }
    let (action_at, support) = after_subject(lex, clause, chain.end);
    // 烟花爆竹安全监管由市应急管理局牵头: the task is named before 由, so the
    // whole clause is the action's text.
    let action_at = if clause[..i].trim().is_empty() {
        action_at
    } else {
        0
    };
    Some(Opening::Actors {
        chain,
        rule: "由 actors",
        action_at,
        support,
    })
}

/// A clause with an obligation marker: its actors after the marker (要由A
/// 挂牌整治), or an enumeration or actors right before it, or none.
fn marked(c: &Clause) -> Option<Opening> {
    let (lex, clause) = (c.lex, c.text);
    let (m, m_end) = c.marker?;
    // 要由A、B挂牌整治: the actors come after the marker.
    let after = m_end + adverbs_len(&clause[m_end..]);
    if clause[after..].starts_with('由')
        && let Some(chain) = chain_at(lex, clause, after + '由'.len_utf8(), true)
    {
        return Some(actors_opening(lex, clause, chain, "marker + 由 actors"));
    }
    // 报纸、新闻网站、电视台要…: a clear enumeration up to the marker.
    if let Some(chain) = loose_enumeration(lex, clause, c.body_at, m) {
        return Some(actors_opening(
            lex,
            clause,
            chain,
            "clear enumeration before a marker",
        ));
    }
    // Actors right before a marker inside the clause (…，各有关部门必须…).
    if let Some(chain) = chain_ending_at(lex, clause, m) {
        return Some(actors_opening(
            lex,
            clause,
            chain,
            "actors right before a marker",
        ));
    }
    let (_, support) = after_subject(lex, clause, m);
    let before = &clause[c.body_at.min(m)..m];
    // A scene (对…的单位要…, 在…中要…) is no subject: the carried actor still
    // acts.
    let scene = ["对", "针对", "对于", "按照", "根据", "在", "凡"]
        .iter()
        .any(|w| before.starts_with(w));
    // 采取切实有效措施: 切实 inside a phrase qualifies it, the clause's verb
    // comes before it.
    if !before.is_empty() && clause[m..m_end] == *"切实" {
        return Some(Opening::Marker {
            action_at: c.body_at,
            support,
            topic: false,
        });
    }
    let topic = !before.is_empty() && adverbs_len(before) < before.len() && !scene;
    Some(Opening::Marker {
        action_at: cues::action_after_marker(clause, m, m_end),
        support,
        topic,
    })
}

/// 由A牵头 / 由A负责 without another marker.
fn agent_that_leads(c: &Clause) -> Option<Opening> {
    let (lex, clause) = (c.lex, c.text);
    if !c.sentence.may_name_agent() {
        return None;
    }
    let i = clause.find('由')?;
    let chain = chain_at(lex, clause, i + '由'.len_utf8(), true)?;
    cues::word_at(&clause[chain.end..], &BOUND)
        .is_some()
        .then(|| actors_opening(lex, clause, chain, "由 actors + 牵头/负责"))
}

/// A clause that opens with a directive verb (加强…, 严格落实…) commands,
/// unless it describes a problem (当前维护稳定的任务依然繁重).
fn directive_verb(c: &Clause) -> Option<Opening> {
    if !cues::body_opens_with_directive_verb(&c.text[c.body_at..]) {
        return None;
    }
    Some(if cues::describes_problem_clause(c.text) {
        Opening::Nothing
    } else {
        Opening::Command
    })
}

/// 二是开发就业见习岗位: a numbered point of the plan is a command, whatever
/// its verb.
fn numbered_point(c: &Clause) -> Option<Opening> {
    (c.in_plan && cues::enumerator_len(c.text) > 0).then_some(Opening::Command)
}

/// 对在谈项目实行…机制: in the plan, a topic, then the command's verb.
fn topic_command(c: &Clause) -> Option<Opening> {
    (c.in_plan
        && ["对", "对于"].iter().any(|w| c.text.starts_with(w))
        && TOPIC_COMMANDS.any_in(c.text))
    .then_some(Opening::Command)
}

/// The byte offset of a 由 that introduces an agent (not 由于, 由此, 由衷).
fn find_agent_you(clause: &str) -> Option<usize> {
    clause.match_indices('由').map(|(i, _)| i).find(|&i| {
        let after = &clause[i + '由'.len_utf8()..];
        !["于", "此", "衷", "来", "头", "浅", "表"]
            .iter()
            .any(|w| after.starts_with(w))
    })
}

/// Does `rest` (what follows an actor) open with a verb rather than a
/// copula, a particle or a preposition?
fn opens_with_verb(rest: &str) -> bool {
    // Single characters that open a command after an actor (省财政厅统筹…
    // is caught by the verb list; 市住建局抓…, 县林业局管… by these).
    static VERBS: Chars =
        Chars::new("抓建办管查做搞推落用定出开派设报修改清治帮送收配盯保防控严全加督牵负组审核");
    cues::word_at(rest, &cues::DIRECTIVE_VERBS).is_some() || rest.starts_with(|c| VERBS.has(c))
}

/// Actors written in the clause: their action starts after them and
/// their marker, with the departments they work with.
fn actors_opening(lex: &Lexicon, clause: &str, chain: Chain, rule: &'static str) -> Opening {
    let (action_at, support) = after_subject(lex, clause, chain.end);
    Opening::Actors {
        chain,
        rule,
        action_at,
        support,
    }
}

/// Where the action starts after a subject ending at `end`, and the
/// departments it works with (…要会同公安、消防部门，…).
fn after_subject(lex: &Lexicon, clause: &str, end: usize) -> (usize, Vec<String>) {
    let mut p = end + adverbs_len(&clause[end..]);
    if clause[p..].starts_with('将') {
        p += '将'.len_utf8();
    }
    if let Some(len) = cues::marker_here(clause, p) {
        p = cues::action_after_marker(clause, p, p + len);
    }
    p += adverbs_len(&clause[p..]);
    for w in ["会同", "联合", "协同", "配合", "协助"] {
        if clause[p..].starts_with(w)
            && let Some(chain) = chain_at(lex, clause, p + w.len(), true)
        {
            return (chain.end, chain.names);
        }
    }
    for w in ["牵头", "负责"] {
        if clause[p..].starts_with(w) {
            p += w.len();
            break;
        }
    }
    (p, Vec::new())
}

/// An actor chain that ends right before byte `m` of the clause (adverbs
/// allowed in between), found by trying each place a name can start.
fn chain_ending_at(lex: &Lexicon, clause: &str, m: usize) -> Option<Chain> {
    let mut starts: Vec<usize> = lex.find_all(&clause[..m]).map(|(s, _, _)| s).collect();
    for (i, c) in clause[..m].char_indices() {
        if matches!(c, '市' | '县' | '省' | '区' | '各' | '由') {
            starts.push(if c == '由' { i + c.len_utf8() } else { i });
        }
    }
    starts.sort_unstable();
    starts.dedup();
    for s in starts {
        let shape = s == 0 || clause[..s].ends_with('由');
        if let Some(chain) = chain_at(lex, clause, s, shape)
            && chain.end <= m
            && chain.end + adverbs_len(&clause[chain.end..]) >= m
        {
            return Some(chain);
        }
    }
    None
}

/// Length of the adverbs at the start of `s` (也, 都, 要切实 …).
pub(super) fn adverbs_len(s: &str) -> usize {
    let mut p = 0;
    while let Some(n) = cues::word_at(&s[p..], &ADVERBS) {
        // 要 is a marker, not an adverb, when nothing else follows.
        if s[p..].starts_with('要') {
            break;
        }
        p += n;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `rule` makes of `clause` (in the plan part, as its sentence's
    /// first clause or not), in words: `-` when it leaves the clause to the
    /// rules after it.
    fn run(rule: ClauseRule, clause: &str, in_plan: bool, first: bool) -> String {
        let sentence = cues::Sentence::new(clause);
        let view = Clause::new(
            Lexicon::builtin(),
            clause,
            &sentence,
            in_plan,
            in_plan,
            first,
        );
        match rule(&view) {
            None => "-".into(),
            Some(Opening::Actors {
                chain,
                action_at,
                support,
                ..
            }) => {
                let mut names = chain.names;
                names.extend(support);
                format!("actors {}: {}", names.join("、"), &clause[action_at..])
            }
            Some(Opening::Support(names)) => format!("support {}", names.join("、")),
            Some(Opening::Marker {
                action_at, topic, ..
            }) => format!(
                "marker{}: {}",
                if topic { " after a topic" } else { "" },
                &clause[action_at..]
            ),
            Some(Opening::Subject(chain)) => format!("subject {}", chain.names.join("、")),
            Some(Opening::Command) => "command".into(),
            Some(Opening::Nothing) => "nothing".into(),
        }
    }

    /// Runs a table of (clause, in plan, first clause, expected) for one rule.
    fn check(rule: ClauseRule, table: &[(&str, bool, bool, &str)]) {
        for &(clause, in_plan, first, want) in table {
            assert_eq!(run(rule, clause, in_plan, first), want, "clause {clause:?}");
        }
    }

    #[test]
    fn rule_request() {
        check(
            request,
            &[
                (
                    "请县交通局抓紧组织实施",
                    false,
                    true,
                    "actors 交通: 抓紧组织实施",
                ),
                ("提请县人大审议", false, true, "-"),
                ("申请专项资金", false, true, "-"),
            ],
        );
    }

    #[test]
    fn rule_supporting_units() {
        check(
            supporting_units,
            &[
                ("县财政局、县水利局配合", true, false, "support 财政、水利"),
                ("县财政局、县水利局配合", true, true, "-"),
                ("县财政局要配合", true, false, "-"),
            ],
        );
    }

    #[test]
    fn rule_actors_first() {
        check(
            actors_first,
            &[
                ("县公安局要加强巡逻", true, true, "actors 公安: 加强巡逻"),
                ("县公安局", true, true, "subject 公安"),
                ("各级党委特别是主要负责同志", true, true, "subject 党委"),
                (
                    "县公安局在节日期间要加强巡逻",
                    true,
                    true,
                    "actors 公安: 加强巡逻",
                ),
                (
                    "县委、县政府希望各乡镇加快进度",
                    true,
                    true,
                    "actors 乡镇街道: 加快进度",
                ),
                ("县住建局是安全监管的责任单位", true, true, "subject 住建"),
                ("县委、县政府确定的民生实事", true, true, "-"),
                ("县林业局抓好防火", true, true, "actors 林业: 抓好防火"),
                ("县林业局抓好防火", false, true, "subject 林业"),
                ("毒品问题直接危害群众", true, true, "-"),
            ],
        );
    }

    #[test]
    fn rule_agent() {
        check(
            agent,
            &[
                ("由县应急管理局牵头", true, true, "actors 应急管理: "),
                (
                    "烟花爆竹监管由县应急管理局负责",
                    true,
                    true,
                    "actors 应急管理: 烟花爆竹监管由县应急管理局负责",
                ),
                ("由于天气原因", true, true, "-"),
            ],
        );
    }

    #[test]
    fn rule_marked() {
        check(
            marked,
            &[
                (
                    "要由县公安局、县交通局挂牌整治",
                    true,
                    true,
                    "actors 公安、交通: 挂牌整治",
                ),
                (
                    "日报、广播电台、电视台要开设专栏",
                    true,
                    true,
                    "actors 日报、广播电台、电视台: 开设专栏",
                ),
                (
                    "同时各有关部门必须密切配合",
                    true,
                    false,
                    "actors 全体单位: 密切配合",
                ),
                ("要加强督查", true, false, "marker: 加强督查"),
                (
                    "中心城区今年要完成改造",
                    true,
                    false,
                    "marker after a topic: 完成改造",
                ),
                ("对发现的问题要立行立改", true, false, "marker: 立行立改"),
                (
                    "不得以任何理由推诿",
                    true,
                    false,
                    "marker: 不得以任何理由推诿",
                ),
                ("采取切实有效措施", true, false, "marker: 采取切实有效措施"),
                ("加强督查", true, false, "-"),
            ],
        );
    }

    #[test]
    fn rule_agent_that_leads() {
        check(
            agent_that_leads,
            &[
                ("具体工作由县民政局负责", true, true, "actors 民政: "),
                ("由此可见", true, true, "-"),
            ],
        );
    }

    #[test]
    fn rule_directive_verb() {
        check(
            directive_verb,
            &[
                ("加强隐患排查", true, true, "command"),
                ("同时，严格落实责任", true, true, "command"),
                ("当前维护稳定的任务依然繁重", true, true, "nothing"),
                ("毒品问题直接危害群众", true, true, "-"),
            ],
        );
    }

    #[test]
    fn rule_numbered_point() {
        check(
            numbered_point,
            &[
                ("二是开发就业见习岗位", true, true, "command"),
                ("二是开发就业见习岗位", false, true, "-"),
                ("开发就业见习岗位", true, true, "-"),
            ],
        );
    }

    #[test]
    fn rule_topic_command() {
        check(
            topic_command,
            &[
                ("对在谈项目实行专班推进机制", true, true, "command"),
                ("对在谈项目实行专班推进机制", false, true, "-"),
                ("对这个问题大家很关心", true, true, "-"),
            ],
        );
    }

    #[test]
    fn rules_are_tried_in_order() {
        let names: Vec<&str> = CLAUSE_RULES.iter().map(|(n, _)| *n).collect();
        assert_eq!(names.first(), Some(&"request: 请 + actors"));
        assert_eq!(names.len(), 9);
    }
}
