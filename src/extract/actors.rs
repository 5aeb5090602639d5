//! Recognising actors: a department name from the lexicon or by its shape
//! (…局 …委 …办 …中心 …公司 …镇), level prefixes (市 县 各级), enumerations
//! (、 和 及 以及 与 会同) with their tails (等部门, 各成员单位), and the
//! short forms that stand for several bodies (工青妇, 公、检、法、司).

use super::cues::{self, ADVERBS, BOUND, DIRECTIVE_VERBS, SUPPORT_VERBS};
use super::lexicon::{ALL_UNITS, LEADERS, Lexicon, Meaning};
use super::words::{Chars, Lists, Words};
use std::borrow::Cow;

/// An enumeration of actors found in a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chain {
    /// Display names in the order written, deduplicated; `全体单位` when the
    /// chain names only the audience.
    pub names: Vec<String>,
    /// Byte range of the chain in the clause, tails (等部门) included.
    pub start: usize,
    pub end: usize,
}

#[rustfmt::skip]
static LEVEL_PREFIXES: Words = Words::new(&[
    "每位", "每名", "所在", "全市", "全县", "全省", "全区", "我市", "我县", "我省", "我区", "各级", "本级", "市级", "县级", "省级", "区级", "各类",
    "各", "市", "县", "省", "区", "州", "每个", "每所", "本局", "我局", "局",
]);
#[rustfmt::skip]
static GENERIC_TAILS: Words = Words::new(&["等部门", "等单位", "等机关", "等", "部门", "单位", "机关", "系统", "方面", "工作人员", "干部"]);
static MEMBER_TAILS: Words = Words::new(&["各成员单位", "成员单位"]);
const BRANCH_TAILS: &[&str] = &[
    "分行",
    "支行",
    "分局",
    "分公司",
    "分院",
    "分中心",
    "中队",
    "支队",
    "大队",
];
static SEPARATORS: Words =
    Words::new(&["、", "和", "及", "以及", "与", "同", "会同", "暨", "联合"]);
#[rustfmt::skip]
static SHAPE_SUFFIXES: Words = Words::new(&[
    "支行", "分行", "干部",     "领导小组", "工作小组", "工作组", "农商行", "信用社", "党工委", "管委会", "委员会", "办公室", "办公厅", "指挥部", "联合会", "分公司", "小组", "专班",
    "银行", "工委", "联社", "协会", "商会", "中心", "公司", "集团", "支队", "大队", "中队", "林场", "园区", "街道", "医院", "学校", "部门", "单位",
    "分局", "局", "委", "办", "厅", "院", "部", "处", "站", "所", "社", "室", "署", "会", "团", "镇", "乡", "队", "员", "科", "机构",
]);
/// The last characters of [`SHAPE_SUFFIXES`]: a word ending otherwise is
/// no name by shape, and the suffixes need not be tried.
static SHAPE_ENDINGS: Chars =
    Chars::new("行部组社会室厅班委心司团队场区道院校门位局办处站所署镇乡员科构");
/// The first characters of [`LEVEL_PREFIXES`].
static LEVEL_STARTS: Chars = Chars::new("每所全我各本市县省区州局");
/// Characters that never occur inside a department name written in a speech.
static SHAPE_STOPS: Chars = Chars::new(
    "的了是在对把将要须和及与、由请也都均还就从向为按并而或等各，。；：！？“”《》（）()",
);

/// A department named in a chain, borrowed from the lexicon or the text:
/// names are tried at many places and most tries are dropped, so nothing
/// is copied until the chain is complete.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dept<'a> {
    canonical: Cow<'a, str>,
    /// As written, level prefix aside.
    written: Cow<'a, str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Name<'a> {
    Dept(Dept<'a>),
    Audience,
}

fn dept<'a>(canonical: &'a str, written: &'a str) -> Name<'a> {
    Name::Dept(Dept {
        canonical: Cow::Borrowed(canonical),
        written: Cow::Borrowed(written),
    })
}

/// Parses an enumeration of actors starting exactly at `pos` of `s`.
/// `shape` allows names outside the lexicon, recognised by their suffix.
pub(crate) fn chain_at(lex: &Lexicon, s: &str, pos: usize, shape: bool) -> Option<Chain> {
    let mut names: Vec<Name> = Vec::new();
    let mut p = pos;
    let mut end = pos;
    // The element after a separator is parsed once: to see that the chain
    // goes on, then kept for the next round.
    let mut next = element(lex, s, p, shape);
    while let Some((e, elem)) = next.take() {
        names.extend(elem);
        p = e;
        // 禁毒委各成员单位 → 禁毒委成员单位
        if let Some(n) = cues::word_at(&s[p..], &MEMBER_TAILS) {
            if let Some(Name::Dept(last)) = names.last_mut() {
                last.canonical.to_mut().push_str("成员单位");
                last.written.to_mut().push_str("成员单位");
            }
            p += n;
        }
        let mut closed = false;
        if let Some(n) = cues::word_at(&s[p..], &GENERIC_TAILS) {
            closed = s[p..].starts_with('等');
            p += n;
            if closed {
                p += collective_noun(&s[p..]);
            }
        }
        end = p;
        if closed {
            break;
        }
        let Some(n) = cues::word_at(&s[p..], &SEPARATORS) else {
            break;
        };
        next = element(lex, s, p + n, shape);
    }
    if names.is_empty() {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let canon_count = |c: &str| {
        names
            .iter()
            .filter(|n| matches!(n, Name::Dept(d) if d.canonical == c))
            .count()
    };
    for n in &names {
        // Written beside named departments (各乡镇、各部门), the audience is
        // an actor of its own. Two bodies of one kind named apart (移动、
        // 联通、电信) stay apart under the names written.
        let name = match n {
            Name::Dept(d)
                if canon_count(&d.canonical) > 1
                    && d.written != d.canonical
                    && d.canonical != LEADERS =>
            {
                d.written.to_string()
            }
            Name::Dept(d) => d.canonical.to_string(),
            Name::Audience => ALL_UNITS.to_string(),
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    Some(Chain {
        names: out,
        start: pos,
        end,
    })
}

/// 报纸、新闻网站、电视台要…; 绿化、清洁、拆违等职能部门要…: a clear
/// enumeration of short nouns, not all of them names, that fills `s` from
/// `from` to `to` (where its marker stands). It names actors when one of its
/// elements is a name or when `等…部门` / `等…单位` closes it. The elements
/// are kept as written.
pub(crate) fn loose_enumeration(lex: &Lexicon, s: &str, from: usize, to: usize) -> Option<Chain> {
    static LOOSE_ADVERBS: Words = Words::new(&["也", "都", "均", "还", "一定", "必须"]);
    static COLLECTIVE_ENDS: Words = Words::new(&["部门", "单位", "机构", "机关"]);
    let mut seg = s.get(from..to)?;
    while let Some(w) = LOOSE_ADVERBS.first_suffix(seg) {
        seg = &seg[..seg.len() - w.len()];
    }
    let end = from + seg.len();
    // 等职能部门, 等单位: the kind of all the elements.
    let mut closed = false;
    if let Some(i) = seg.rfind('等') {
        let kind = &seg[i + '等'.len_utf8()..];
        if kind.chars().count() <= 6 && COLLECTIVE_ENDS.first_suffix(kind).is_some() {
            closed = true;
            seg = &seg[..i];
        }
    }
    let elements: Vec<&str> = seg.split('、').collect();
    if elements.len() < 2 {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    let mut named = closed;
    for e in elements {
        let n = e.chars().count();
        if !(2..=6).contains(&n)
            || !e.chars().all(|c| is_cjk_letter(c) && !SHAPE_STOPS.has(c))
            || cues::word_at(e, &DIRECTIVE_VERBS).is_some()
            || super::deadline::find(e).is_some()
        {
            return None;
        }
        match chain_at(lex, e, 0, true).filter(|c| c.end == e.len()) {
            Some(chain) => {
                named = true;
                names.extend(chain.names);
            }
            None => names.push(e.to_string()),
        }
    }
    names.dedup();
    named.then_some(Chain {
        names,
        start: from,
        end,
    })
}

/// 工青妇等群团组织要…: the collective noun after 等, when an actor's
/// marker follows it.
fn collective_noun(rest: &str) -> usize {
    static NOT_IN_NOUN: Chars = Chars::new("的了是在对把和及与");
    for (i, c) in rest.char_indices().take(8) {
        if !is_cjk_letter(c) || NOT_IN_NOUN.has(c) {
            return 0;
        }
        let upto = i + c.len_utf8();
        let after = &rest[upto..];
        if upto >= 6
            && (cues::marker_here(after, 0).is_some()
                || cues::word_at(after, &ADVERBS).is_some()
                || (cues::word_at(after, &BOUND).is_some() && !after.starts_with("负责人")))
        {
            return upto;
        }
    }
    0
}

/// One element of an enumeration: a name, or several written together
/// where all but the last qualify it (县（市、区）党委 → 党委;
/// 市委编办 → 编办), or a run of one-character short forms (公、检、法、司).
fn element<'a>(
    lex: &'a Lexicon,
    s: &'a str,
    pos: usize,
    shape: bool,
) -> Option<(usize, Vec<Name<'a>>)> {
    if let Some(found) = single_char_run(lex, s, pos) {
        return Some(found);
    }
    // A name in quotes (“一把手”和领导班子成员) is still a name.
    if let Some(inner) = s[pos..].strip_prefix('“')
        && let Some(close) = inner.find('”')
        && let Some((end, names)) = name_at(lex, s, pos + '“'.len_utf8(), shape, 0)
        && end == pos + '“'.len_utf8() + close
    {
        return Some((end + '”'.len_utf8(), names));
    }
    let (mut p, mut names) = name_at(lex, s, pos, shape, 0)?;
    // 党委（党组）: another name of the same body in brackets.
    if let Some(inner) = s[p..].strip_prefix('（')
        && let Some(close) = inner.find('）')
        && lex.match_at(inner, 0).is_some_and(|(len, _)| len == close)
    {
        p += '（'.len_utf8() + close + '）'.len_utf8();
    }
    // Names written together: only lexicon names qualify one another, so a
    // verb that happens to end in 办 or 会 is never read as a name here.
    while cues::word_at(&s[p..], &MEMBER_TAILS).is_none()
        && cues::word_at(&s[p..], &GENERIC_TAILS).is_none()
        && let Some((e, next)) = name_at(lex, s, p, false, 0)
    {
        // The audience before a name only qualifies it (全县各级领导干部).
        let next_is_leader = next
            .iter()
            .all(|n| matches!(n, Name::Dept(d) if d.canonical == LEADERS));
        let before_is_audience = names.iter().all(|n| *n == Name::Audience);
        // A department's leaders (乡镇（街道）党政主要负责同志) act for it:
        // the department stays the actor.
        if next_is_leader && !before_is_audience {
            p = e;
            continue;
        }
        names.clear();
        names.extend(next);
        p = e;
    }
    Some((p, names))
}

/// 公、检、法、司: two or more one-character short forms joined by 、.
fn single_char_run<'a>(lex: &'a Lexicon, s: &'a str, pos: usize) -> Option<(usize, Vec<Name<'a>>)> {
    let mut names = Vec::new();
    let mut p = pos;
    let mut end = pos;
    loop {
        let c = s[p..].chars().next()?;
        let Some(d) = lex.single_char(c) else { break };
        // The character must stand alone, not begin a longer word.
        let after = &s[p + c.len_utf8()..];
        let alone = after.starts_with('、')
            || (!names.is_empty() && (!after.starts_with(is_cjk_letter) || follows_name(after)));
        if !alone {
            break;
        }
        names.push(dept(d, d));
        p += c.len_utf8();
        end = p;
        if let Some(rest) = s[p..].strip_prefix('、') {
            let _ = rest;
            p += '、'.len_utf8();
        } else {
            break;
        }
    }
    (names.len() >= 2).then_some((end, names))
}

fn is_cjk_letter(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The department the extractor names for `written`, a unit's name or
/// short form as an office writes it (市公安局, 公安局, 卫健委), when the
/// lexicon knows the whole of it, a level prefix aside.
pub(crate) fn canonical(written: &str) -> Option<String> {
    let lex = Lexicon::builtin();
    let written = written.trim();
    let whole = |s: &str| match lex.match_at(s, 0) {
        Some((len, Meaning::Dept(name))) if len == s.len() => Some(name.clone()),
        _ => None,
    };
    whole(written).or_else(|| {
        LEVEL_PREFIXES.all_prefixes(written).find_map(|prefix| {
            whole(&written[prefix.len()..]).filter(|_| prefix.len() < written.len())
        })
    })
}

/// One name at `pos`: a lexicon form, a level prefix and then a name, or a
/// name recognised by its shape.
fn name_at<'a>(
    lex: &'a Lexicon,
    s: &'a str,
    pos: usize,
    shape: bool,
    depth: u8,
) -> Option<(usize, Vec<Name<'a>>)> {
    if pos >= s.len() {
        return None;
    }
    // A short lexicon form at the start of a longer name of its own
    // (县金融服务中心 is not 金融): the name by shape wins.
    let lexicon_form = lex.match_at(s, pos);
    if shape
        && let Some((len, _)) = lexicon_form
        && s[pos..pos + len].chars().count() <= 2
        && let Some((end, name)) = shape_at(s, pos)
        && end > pos + len
        && lex.match_at(s, pos + len).is_none()
        && branch_tail(s, pos + len) == 0
    {
        return Some((end, vec![dept(name, name)]));
    }
    if let Some((len, meaning)) = lexicon_form
        // A short form of two characters (应急, 移动) is a name only where
        // names stand: before a separator, a marker or a verb.
        && (s[pos..pos + len].chars().count() > 2
            || follows_name(&s[pos + len..])
            || branch_tail(s, pos + len) > 0
            || office_tail(s, pos + len) > 0
            || qualifies_next(lex, s, pos + len))
    {
        let mut end = pos + len;
        let names = match meaning {
            Meaning::Dept(d) => {
                end += branch_tail(s, end);
                end += office_tail(s, end);
                let written = &s[pos..pos + len];
                // 委编办 is 编办 behind the tail of 市委: not a name as written.
                if lex.shown_as_written(d) && !written.starts_with('委') {
                    vec![dept(written, written)]
                } else {
                    vec![dept(d, written)]
                }
            }
            Meaning::Audience => vec![Name::Audience],
            Meaning::Several(ds) => ds.iter().map(|d| dept(d, d)).collect(),
        };
        return Some((end, names));
    }
    if depth < 2 && s[pos..].starts_with(|c| LEVEL_STARTS.has(c)) {
        // 市民, 市场, 县城, 区域: words, not a level and a name.
        let word = ["市民", "市场", "市容", "县城", "区域"]
            .iter()
            .any(|w| s[pos..].starts_with(w));
        if !word {
            for prefix in LEVEL_PREFIXES.all_prefixes(&s[pos..]) {
                if let Some(found) = name_at(lex, s, pos + prefix.len(), shape, depth + 1) {
                    return Some(found);
                }
            }
        }
    }
    if shape {
        return shape_at(s, pos).map(|(end, name)| (end, vec![dept(name, name)]));
    }
    None
}

/// Does a lexicon name (after an optional level prefix) start at `at`, so
/// that the name before it qualifies it (县委县政府督查室)?
fn qualifies_next(lex: &Lexicon, s: &str, at: usize) -> bool {
    let direct = |p: usize| {
        lex.match_at(s, p)
            .is_some_and(|(len, _)| s[p..p + len].chars().count() > 2)
    };
    direct(at)
        || LEVEL_PREFIXES
            .all_prefixes(&s[at..])
            .any(|pre| direct(at + pre.len()))
}

/// 市场监管总局, 教育部, 人力资源社会保障部: the office word after a
/// lexicon name (the name stays the lexicon's), when a name may end there.
fn office_tail(s: &str, at: usize) -> usize {
    static OFFICE_WORDS: Words = Words::new(&["总局", "总署", "部", "局", "委", "厅", "署"]);
    cues::word_at(&s[at..], &OFFICE_WORDS)
        .filter(|&n| follows_name(&s[at + n..]))
        .unwrap_or(0)
}

/// 人民银行云川省分行: a place name and a branch word after a lexicon name;
/// 纪委监委驻厅纪检监察组: the body's office stationed elsewhere.
fn branch_tail(s: &str, at: usize) -> usize {
    let rest = &s[at..];
    if rest.starts_with('驻') {
        for (i, c) in rest.char_indices().take(12) {
            let upto = i + c.len_utf8();
            if ['组', '室', '处'].contains(&c) && follows_name(&rest[upto..]) {
                return upto;
            }
        }
        return 0;
    }
    for (i, c) in rest.char_indices().take(10) {
        if !is_cjk_letter(c) || SHAPE_STOPS.has(c) {
            return 0;
        }
        let upto = i + c.len_utf8();
        // The words before the branch name a place (云川省分行, 县支行), not
        // more of the body's name (金融监管分局).
        let place = |t: &str| {
            let before = &rest[..upto - t.len()];
            before.is_empty() || before.ends_with(['省', '市', '县', '区', '州', '镇', '乡'])
        };
        if BRANCH_TAILS
            .iter()
            .any(|t| rest[..upto].ends_with(t) && place(t))
            && follows_name(&rest[upto..])
        {
            return upto;
        }
    }
    0
}

/// Words that end like an office but are verbs or common nouns (督办,
/// 代办, 社会, 座谈会).
#[rustfmt::skip]
static NOT_NAME_ENDINGS: Words = Words::new(&[
    "督办", "代办", "承办", "主办", "协办", "查办", "交办", "转办", "包办", "开办", "举办", "创办", "帮办", "领办", "催办", "快办",
    "好办", "难办", "必办", "马上办", "部署会", "座谈会", "推进会", "动员会", "调度会", "工作会", "大会", "社会", "机会", "体会",
    "都会", "不会", "就会", "才会", "将会", "也会", "学会", "开会", "理会",
    "人员", "成员", "党员", "委员",
    "大局", "格局", "布局", "结局", "骗局", "开局", "时局", "全局", "变局", "新局", "僵局", "定局", "当局",
]);

/// Can `word`, which ends with an office suffix, be a department's name?
/// Not when it ends like a verb or common noun, opens with a verb (营造全社会)
/// or holds a deadline (年内建成区域医疗中心).
fn could_be_name(word: &str) -> bool {
    // 报镇党政办: a verb before the name.
    static VERB_STARTS: Chars = Chars::new("报送交向给让叫找到去来把被经以");
    // 秋季开学前完成全县中小学校: a task that ends in a name.
    #[rustfmt::skip]
    static TASK_VERBS: Words = Words::new(&[
        "完成", "实现", "开展", "推进", "加强", "落实", "确保", "做好", "抓好", "召开", "举办", "组织开展", "至少", "配备", "接着",
    ]);
    // 可以发动老人协会, 插手外单位: a verb phrase ending in a name.
    #[rustfmt::skip]
    static VERB_PHRASE_STARTS: Words = Words::new(&[
        "可以", "还可以", "可", "能够", "发动", "动员", "依靠", "插手", "干预", "干涉", "成立", "组建", "联系", "邀请",
        "联合", "带领", "率领", "前往", "深入", "走进", "筹办", "召开", "出席",
    ]);
    NOT_NAME_ENDINGS.first_suffix(word).is_none()
        && cues::word_at(word, &VERB_PHRASE_STARTS).is_none()
        && !word.starts_with(|c: char| VERB_STARTS.has(c) || c == '一')
        && !TASK_VERBS.any_in(word)
        && cues::word_at(word, &DIRECTIVE_VERBS).is_none()
        && cues::word_at(word, &cues::OPENERS).is_none()
        && super::deadline::find(word).is_none()
}

/// A name outside the lexicon, recognised by its suffix (…局 …中心 …镇),
/// with a body of at least two characters, followed by what follows actors.
fn shape_at(s: &str, pos: usize) -> Option<(usize, &str)> {
    let rest = &s[pos..];
    if cues::word_at(rest, &SEPARATORS).is_some() || cues::word_at(rest, &BOUND).is_some() {
        return None;
    }
    // Words that end like a name, shortest first; the longest that is a
    // name wins, so the costlier checks run from the longest down.
    let mut ends = [0usize; 16];
    let mut n_ends = 0;
    let mut count = 0;
    let (stops, endings) = (SHAPE_STOPS.tester(), SHAPE_ENDINGS.tester());
    for (i, c) in rest.char_indices() {
        if !is_cjk_letter(c) || stops(c) {
            break;
        }
        count += 1;
        if count > 16 {
            break;
        }
        let upto = i + c.len_utf8();
        let word = &rest[..upto];
        if !endings(c) {
            continue;
        }
        if let Some(suffix) = SHAPE_SUFFIXES.first_suffix(word) {
            let body = word.len() - suffix.len();
            let body_chars = word[..body].chars().count();
            // A long suffix can be the whole name (农商行, 指挥部, 各专班).
            let enough = if suffix.chars().count() >= 2 && body_chars == 0 {
                true
            } else if suffix.chars().count() > 1 {
                body_chars >= 1
            } else {
                body_chars >= 2
            };
            if enough {
                ends[n_ends] = upto;
                n_ends += 1;
            }
        }
    }
    let best = ends[..n_ends]
        .iter()
        .rev()
        .find(|&&upto| follows_name(&rest[upto..]) && could_be_name(&rest[..upto]))
        .map(|&upto| (pos + upto, &rest[..upto]));
    // 邮储银行县支行: the bank is the actor; its local branch is where.
    best.map(|(end, word)| {
        let name = word
            .char_indices()
            .map(|(i, _)| i)
            .filter(|&i| i > 0)
            .find(|&i| {
                SHAPE_SUFFIXES.first_suffix(&word[..i]).is_some()
                    && BRANCH_TAILS.iter().any(|t| word.ends_with(t))
                    && word[i..].chars().count() <= 6
                    && !BRANCH_TAILS.iter().any(|t| word[..i].ends_with(t))
            })
            .map_or(word, |i| &word[..i]);
        (end, name)
    })
}

/// Leaders of a body written after its name (县公安局主要领导).
static LEADER_WORDS: Words = Words::new(&[
    "主要领导",
    "分管领导",
    "主要负责",
    "负责同志",
    "领导干部",
    "领导班子",
]);

/// An apposition after a name (各级干部特别是一把手).
static APPOSITIONS: Words = Words::new(&["特别是", "尤其是"]);

/// The word lists that may follow an actor's name: asked together, one
/// lookup.
static FOLLOWERS: Lists = Lists::new(&[
    &APPOSITIONS,
    &SEPARATORS,
    &LEADER_WORDS,
    &GENERIC_TAILS,
    &MEMBER_TAILS,
    &ADVERBS,
    &BOUND,
    &SUPPORT_VERBS,
    &DIRECTIVE_VERBS,
]);

/// What may come right after an actor's name: the end of the clause,
/// punctuation, a separator, a tail, an adverb, a marker or a verb.
fn follows_name(rest: &str) -> bool {
    if rest.is_empty() || rest.starts_with(['，', '。', '；', '：', '、', '（', ',']) {
        return true;
    }
    FOLLOWERS.starts(rest) || cues::marker_here(rest, 0).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Option<Vec<String>> {
        chain_at(Lexicon::builtin(), s, 0, true).map(|c| c.names)
    }

    fn v(xs: &[&str]) -> Option<Vec<String>> {
        Some(xs.iter().map(|x| x.to_string()).collect())
    }

    #[test]
    fn enumerations() {
        let cases: &[(&str, Option<Vec<String>>)] = &[
            ("公安、文化、工商等部门要加强", v(&["公安", "文化", "工商"])),
            ("邮政、铁路、交通等部门要", v(&["邮政", "铁路", "交通"])),
            (
                "民政、工青妇等部门要",
                v(&["民政", "工会", "共青团", "妇联"]),
            ),
            (
                "公、检、法、司等部门在",
                v(&["公安", "检察院", "法院", "司法"]),
            ),
            ("市委、市政府", v(&["党委", "政府"])),
            ("各县（市、区）党委、政府要", v(&["党委", "政府"])),
            (
                "各级党委、政府主要领导和分管领导要",
                v(&["党委", "政府", "领导干部"]),
            ),
            ("全市各级政府和禁毒部门一定要", v(&["政府", "禁毒办"])),
            ("各禁毒委成员单位要", v(&["禁毒委成员单位"])),
            ("市安委会各成员单位要", v(&["安委会成员单位"])),
            ("省发展改革委会同省人力资源社会保障厅", v(&["发改", "人社"])),
            ("人民银行云川省分行引导", v(&["人民银行"])),
            ("市委编办", v(&["编办"])),
            ("我们要", v(&["全体单位"])),
            ("各有关部门必须", v(&["全体单位"])),
            ("城关镇要", v(&["城关镇"])),
            ("市行业主管部门要", v(&["行业主管部门"])),
            ("毒品问题直接危害", None),
            ("社会各界要", v(&["全体单位"])),
            ("各乡镇、各部门一定要", v(&["乡镇街道", "全体单位"])),
            (
                "移动、联通、电信等通信运营商要",
                v(&["移动", "联通", "电信"]),
            ),
            ("林业、应急、公安等部门要", v(&["林业", "应急管理", "公安"])),
            ("全县各级领导干部要", v(&["领导干部"])),
            ("县人武部、武警县中队要", v(&["人武部", "武警"])),
            ("工青妇等群团组织要", v(&["工会", "共青团", "妇联"])),
            ("县行政审批服务局全程代办", v(&["行政审批服务局"])),
            ("汛期各级各部门要", None),
            ("县委县政府督查室挂牌督办", v(&["督查室"])),
            ("县金融服务中心要会同", v(&["金融服务中心"])),
            ("县农商行、邮储银行县支行要", v(&["农商行", "邮储银行"])),
            ("全区党员干部必须", v(&["党员干部"])),
            ("省纪委监委驻厅纪检监察组要", v(&["纪委监委"])),
            ("市金融监管分局指导", v(&["金融监管分局"])),
            ("各类生产经营单位要", v(&["企业"])),
            ("“一把手”和领导班子成员是", v(&["领导干部"])),
            ("组织开展宣传活动，营造全社会", None),
            ("省税务局会同省人力资源社会保障厅加强", v(&["税务", "人社"])),
            ("省发展改革委会同省人力资源社会保障厅", v(&["发改", "人社"])),
            (
                "体育总局、教育部、人力资源社会保障部负责",
                v(&["体育总局", "教育", "人社"]),
            ),
            ("市场监管总局要", v(&["市场监管"])),
            ("各级党委（党组）一定要", v(&["党委"])),
        ];
        for (s, want) in cases {
            assert_eq!(&names(s), want, "input {s:?}");
        }
    }

    #[test]
    fn first_and_last_character_filters_cover_the_lists() {
        for sfx in SHAPE_SUFFIXES.list() {
            let last = sfx.chars().next_back().expect("suffixes are not empty");
            assert!(SHAPE_ENDINGS.has(last), "{sfx}");
        }
        for pre in LEVEL_PREFIXES.list() {
            let first = pre.chars().next().expect("prefixes are not empty");
            assert!(LEVEL_STARTS.has(first), "{pre}");
        }
        // Level prefixes are tried longest first, which is also the order
        // they are written in: a prefix of another prefix comes after it.
        let list = LEVEL_PREFIXES.list();
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                assert!(!b.starts_with(a) || b == a, "{b} after {a}");
            }
        }
    }

    #[test]
    fn clear_enumerations_before_a_marker() {
        let loose = |s: &str| {
            let m = s.find('要').expect("marker");
            loose_enumeration(Lexicon::builtin(), s, 0, m).map(|c| c.names)
        };
        assert_eq!(
            loose("日报、广播电台、电视台要开设专栏"),
            v(&["日报", "广播电台", "电视台"])
        );
        assert_eq!(
            loose("园林、环卫、拆迁等职能部门要按月报送"),
            v(&["园林", "环卫", "拆迁"])
        );
        // Nothing names an actor: a list of tasks, not of bodies.
        assert_eq!(loose("春耕、夏种也要抓好"), None);
        assert_eq!(loose("加强巡查、严格执法要同步推进"), None);
    }

    #[test]
    fn verb_phrases_are_no_names() {
        for s in [
            "顾全大局，杜绝扯皮",
            "可以发动老人协会开展监督",
            "插手外单位，干预执法",
        ] {
            assert_eq!(names(s), None, "{s}");
        }
    }

    #[test]
    fn chain_end_includes_tails() {
        let s = "公安、卫生等部门要积极";
        let c = chain_at(Lexicon::builtin(), s, 0, true).expect("chain");
        assert_eq!(&s[c.end..], "要积极");
    }
}
