//! The words that make a clause a directive or rule it out: obligation
//! markers and the words that contain the same characters without being
//! one (重要, 主要, 即将 …), directive verbs, and the cues of past
//! achievements, thanks and agreement.
//!
//! All lists are general Chinese usage in official speeches, never phrases
//! of one speech.

use aho_corasick::AhoCorasick;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Obligation markers that make a clause a directive wherever they stand,
/// longest first.
const STRONG: &[&str] = &[
    "一定要",
    "务必",
    "必须",
    "需要",
    "应当",
    "应该",
    "理应",
    "不得",
    "严禁",
    "要",
    "须",
    "应",
    "切实",
];

/// For each one-character marker: the characters before and after it that
/// make it part of another word (重要 要求, 应急 相应, 无须 须知).
const TRAPS: &[(char, &str, &str)] = &[
    (
        '要',
        "重主首必只纪摘提概扼政显紧将想简机险枢需",
        "求素点害件务闻地么领津塞义职员案犯旨诀",
    ),
    (
        '应',
        "相反响适供效对呼答感顺报回照接策内因",
        "急用对届聘变答征收运付酬验邀承允诺援约景声有",
    ),
    ('须', "无毋莫必", "知臾"),
];

/// After 要, verbs of perception make a remark about the situation, not a
/// task (要看到, 要清醒看到, 要认识到).
const PERCEPTION: &[&str] = &[
    "看到",
    "清醒看到",
    "清醒地看到",
    "认识到",
    "清醒认识到",
    "看清",
    "明白",
    "知道",
    "相信",
    "承认",
    "指出",
];

/// Markers that bind to an actor written right before them
/// (市禁毒委将…, 市大数据局负责…, A会同B…).
pub(crate) const BOUND: &[&str] = &[
    "负责", "牵头", "将", "会同", "联合", "协同", "带头", "主动", "抓紧", "尽快", "立即", "继续",
    "共同", "分别", "统筹", "积极", "认真", "全力",
];

/// Words a supporting department's clause consists of (B、C配合).
pub(crate) const SUPPORT_VERBS: &[&str] = &[
    "配合",
    "协助",
    "参与",
    "协办",
    "支持配合",
    "积极配合",
    "共同参与",
];

/// Adverbs that may stand between an actor and its marker.
pub(crate) const ADVERBS: &[&str] = &[
    "也",
    "都",
    "均",
    "还",
    "更",
    "要",
    "一定",
    "务必",
    "必须",
    "切实",
    "进一步",
    "继续",
    "坚决",
    "同时",
    "首先",
    "今年",
    "全年",
    "年内",
    "分别",
];

/// Verbs that open a directive in the plan part of a speech even without a
/// marker (一是加强…；坚持…，加快…).
pub(crate) static DIRECTIVE_VERBS: &[&str] = &[
    "加强",
    "完善",
    "推进",
    "推动",
    "落实",
    "建立",
    "健全",
    "强化",
    "深化",
    "坚持",
    "加快",
    "抓好",
    "做好",
    "开展",
    "严格",
    "全面",
    "扎实",
    "持续",
    "着力",
    "大力",
    "深入",
    "坚决",
    "确保",
    "积极",
    "认真",
    "及时",
    "严厉",
    "加大",
    "提高",
    "提升",
    "优化",
    "规范",
    "压实",
    "压紧",
    "狠抓",
    "聚焦",
    "紧盯",
    "紧扣",
    "围绕",
    "突出",
    "统筹",
    "抓紧",
    "全力",
    "集中",
    "主动",
    "组织",
    "实施",
    "实行",
    "构建",
    "打造",
    "培育",
    "引导",
    "鼓励",
    "支持",
    "督促",
    "指导",
    "防止",
    "杜绝",
    "严禁",
    "禁止",
    "不得",
    "力争",
    "争取",
    "努力",
    "切实",
    "务必",
    "保持",
    "守牢",
    "筑牢",
    "兜牢",
    "织密",
    "织牢",
    "牢固树立",
    "树立",
    "增强",
    "建好",
    "用好",
    "管好",
    "办好",
    "稳定",
    "挖掘",
    "拓宽",
    "推行",
    "探索",
    "巩固",
    "加紧",
    "广泛",
    "不断",
    "进一步",
    "重点",
    "逐步",
    "坚定",
    "加速",
    "改善",
    "整治",
    "治理",
    "清理",
    "排查",
    "摸排",
    "落细",
    "细化",
    "明确",
    "制定",
    "出台",
    "修订",
    "开辟",
    "简化",
    "压减",
    "压缩",
    "减少",
    "降低",
    "扩大",
    "增加",
    "保障",
    "保护",
    "维护",
    "发挥",
    "健全完善",
    "建立健全",
    "完善落实",
    "推广",
    "普及",
    "宣传",
    "教育",
    "动员",
    "整合",
    "创新",
    "盯紧",
    "严把",
    "严控",
    "管控",
    "防范",
    "化解",
    "打击",
    "查处",
    "依法",
    "从严",
    "精准",
    "科学",
    "合理",
    "统一",
    "分类",
    "逐项",
    "逐一",
    "按时",
    "如期",
    "限期",
    "定期",
    "每月",
    "每季度",
    "每周",
    "每年",
    "全年",
    "年内",
    "今年",
    "力促",
    "促进",
    "带动",
    "抓实",
    "落细落实",
    "营造",
    "形成",
    "实现",
    "完成",
    "做到",
    "打赢",
    "坚守",
    "守住",
    "牢牢",
    "毫不",
    "决不",
    "绝不",
    "始终",
    "真正",
    "更加",
    "抓",
    "以",
];

/// Clause openers that are not part of the subject (同时，尤其是…).
pub(crate) const OPENERS: &[&str] = &[
    "同时",
    "此外",
    "另外",
    "尤其是",
    "特别是",
    "其中",
    "其次",
    "最后",
    "首先",
    "为此",
    "对此",
    "因此",
    "并且",
    "并",
    "而且",
    "还",
    "一方面",
    "另一方面",
    "总之",
    "当前",
    "目前",
    "今年",
    "下一步",
    "下步",
    "近期",
    "全年",
];

/// Enumerators that open a point inside a paragraph (一是…；二是…).
pub(crate) fn enumerator_len(s: &str) -> usize {
    for (i, c) in s.char_indices() {
        if !"一二三四五六七八九十".contains(c) {
            if i > 0 && s[i..].starts_with('是') {
                return i + '是'.len_utf8();
            }
            break;
        }
    }
    for w in [
        "其一",
        "其二",
        "其三",
        "其四",
        "其五",
        "一方面",
        "另一方面",
        "首先",
        "其次",
        "再次",
        "最后",
    ] {
        if s.starts_with(w) {
            return w.len();
        }
    }
    0
}

fn starts_with_any<'a>(s: &str, words: &[&'a str]) -> Option<&'a str> {
    // The long list of directive verbs is looked up by first character.
    if std::ptr::eq(words, DIRECTIVE_VERBS) {
        return directive_verb_at(s);
    }
    let sb = s.as_bytes();
    words
        .iter()
        .copied()
        .filter(|w| first_char_may_match(sb, w.as_bytes()) && s.starts_with(w))
        .max_by_key(|w| w.len())
}

/// The longest of [`DIRECTIVE_VERBS`] at the start of `s`, looked up among
/// the verbs sharing its first character (what `starts_with_any` would
/// find, without trying all 190).
fn directive_verb_at(s: &str) -> Option<&'static str> {
    static BY_FIRST: OnceLock<HashMap<char, Vec<&'static str>>> = OnceLock::new();
    let index = BY_FIRST.get_or_init(|| {
        let mut map: HashMap<char, Vec<&'static str>> = HashMap::new();
        for &w in DIRECTIVE_VERBS {
            if let Some(c) = w.chars().next() {
                map.entry(c).or_default().push(w);
            }
        }
        map
    });
    let first = s.chars().next()?;
    index
        .get(&first)?
        .iter()
        .copied()
        .filter(|w| s.starts_with(w))
        .max_by_key(|w| w.len())
}

/// `s.starts_with(w)`, with the cheap first-character test before the
/// full comparison.
#[inline]
pub(crate) fn has_prefix(s: &str, w: &str) -> bool {
    first_char_may_match(s.as_bytes(), w.as_bytes()) && s.starts_with(w)
}

/// A cheap test on the first three bytes (one Han character) before the
/// full comparison: these word lists are scanned at every clause, and most
/// words differ from the text in their first character.
#[inline]
fn first_char_may_match(s: &[u8], w: &[u8]) -> bool {
    match (w.len(), s.len()) {
        (0, _) => true,
        (_, 0) => false,
        (1 | 2, _) => w[0] == s[0],
        (_, 1 | 2) => false,
        _ => w[0] == s[0] && w[1] == s[1] && w[2] == s[2],
    }
}

/// Can an obligation marker of [`STRONG`] start with `c`?
#[inline]
fn may_start_marker(c: char) -> bool {
    matches!(
        c,
        '一' | '务' | '必' | '需' | '应' | '理' | '不' | '严' | '要' | '须' | '切'
    )
}

/// Length of a word from `words` at the start of `s`, longest first.
pub(crate) fn word_at(s: &str, words: &[&str]) -> Option<usize> {
    starts_with_any(s, words).map(str::len)
}

/// The first obligation marker in `clause`, as a byte range, skipping the
/// words that only contain marker characters.
pub(crate) fn find_marker(clause: &str) -> Option<(usize, usize)> {
    let mut prev = "";
    let mut quoted = 0i32;
    for (i, c) in clause.char_indices() {
        // What stands in quotes is named, not ordered (“等靠要”思想).
        match c {
            '“' | '「' | '『' => quoted += 1,
            '”' | '」' | '』' => quoted = (quoted - 1).max(0),
            _ => {}
        }
        if quoted > 0 {
            prev = &clause[i..i + c.len_utf8()];
            continue;
        }
        let rest = &clause[i..];
        if may_start_marker(c)
            && let Some(m) = starts_with_any(rest, STRONG)
        {
            let after = &rest[m.len()..];
            let trapped = TRAPS.iter().any(|&(mc, before, after_chars)| {
                m.len() == mc.len_utf8()
                    && m.starts_with(mc)
                    && (prev.chars().next().is_some_and(|p| before.contains(p))
                        || after
                            .chars()
                            .next()
                            .is_some_and(|a| after_chars.contains(a)))
            });
            let perceives = m.ends_with('要') && {
                let a = after.trim_start_matches(['更', '也', '还']);
                starts_with_any(a, PERCEPTION).is_some()
            };
            // 需要 after 的 / 据 is the noun "need" (根据需要, 发展的需要).
            let noun_need = m == "需要"
                && [
                    "的", "据", "按", "工作", "发展", "实际", "形势", "现实", "群众", "生产",
                    "生活",
                ]
                .iter()
                .any(|w| clause[..i].ends_with(w));
            // 应帮尽帮, 应转尽转: an idiom, not 应 "should".
            let idiom = m == "应" && after.chars().nth(1) == Some('尽');
            // 容不得, 怪不得, 恨不得: 不得 inside a word.
            let bu_de = m == "不得"
                && prev
                    .chars()
                    .next()
                    .is_some_and(|p| "容怪恨巴免少舍顾记认见由".contains(p));
            if !trapped && !perceives && !noun_need && !idiom && !bu_de {
                return Some((i, i + m.len()));
            }
        }
        prev = &clause[i..i + c.len_utf8()];
    }
    None
}

/// Does the clause open (after openers and enumerators) with a directive verb?
pub(crate) fn opens_with_directive_verb(clause: &str) -> bool {
    let s = skip_openers(clause);
    starts_with_any(s, DIRECTIVE_VERBS).is_some()
        || find_marker(s).is_some_and(|(start, _)| start == 0)
}

/// `s` without leading openers, enumerators and 要.
pub(crate) fn skip_openers(s: &str) -> &str {
    let mut s = s;
    loop {
        let before = s.len();
        let n = enumerator_len(s);
        s = &s[n..];
        if let Some(w) = starts_with_any(s, OPENERS) {
            s = &s[w.len()..];
        }
        s = s.trim_start_matches(['，', '、', ' ']);
        if s.len() == before {
            return s;
        }
    }
}

/// Does the sentence report what was done (past achievements, figures)?
pub(crate) fn is_past(sentence: &str) -> bool {
    const PAST_OPENERS: &[&str] = &[
        "去年",
        "过去",
        "上年",
        "近年来",
        "近年",
        "多年来",
        "近几年",
        "这些年",
        "前期",
        "今年以来",
        "年初以来",
        "以来",
        "此前",
        "刚才",
        "前不久",
        "前段时间",
        "截至目前",
        "截至",
    ];
    if starts_with_any(sentence, PAST_OPENERS).is_some() {
        return true;
    }
    const PAST_WORDS: &[&str] = &[
        "已经",
        "累计",
        "同比",
        "比上年",
        "比去年",
        "环比",
        "取得了",
        "先后",
    ];
    static PAST: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    contains_any(sentence, &PAST, PAST_WORDS) || has_perfective_le(sentence)
}

/// A 了 that marks a completed action (完成了, 破获了), not 了解 / 为了.
fn has_perfective_le(s: &str) -> bool {
    let mut prev = '\0';
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '了' {
            let next = chars.peek().copied().unwrap_or('\0');
            let word_before = matches!(
                prev,
                '为' | '除' | '罢' | '不' | '得' | '明' | '终' | '受' | '少' | '免' | '末'
            );
            let word_after = matches!(next, '解' | '如' | '结' | '断' | '然' | '却');
            if !word_before && !word_after && prev != '\0' {
                return true;
            }
        }
        prev = c;
    }
    false
}

/// Thanks, greetings, agreement with others, and the speaker announcing
/// what comes next: never an item.
pub(crate) fn is_courtesy(sentence: &str) -> bool {
    const CUES: &[&str] = &[
        "感谢",
        "敬意",
        "慰问",
        "问候",
        "致敬",
        "我完全同意",
        "完全同意",
        "我同意",
        "我都赞同",
        "完全赞同",
        "完全赞成",
        "我赞同",
        "我赞成",
        "讲得很好",
        "讲得都很",
        "不再多说",
        "不再重复",
        "不多讲",
        "我讲",
        "根据录音整理",
    ];
    static COURTESY: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    contains_any(sentence, &COURTESY, CUES)
}

/// Does `hay` contain any of `words`? One pass of an automaton built once
/// per list instead of one search per word: these run on every sentence.
fn contains_any(hay: &str, cell: &OnceLock<Option<AhoCorasick>>, words: &[&str]) -> bool {
    match cell.get_or_init(|| AhoCorasick::new(words).ok()) {
        Some(ac) => ac.is_match(hay),
        // Cannot happen for these short lists; stay correct if it does.
        None => words.iter().any(|w| hay.contains(w)),
    }
}

/// An address to the audience that orders nothing (同志们，…永远在路上).
pub(crate) fn is_rhetoric(sentence: &str) -> bool {
    sentence.starts_with("同志们") && find_marker(sentence).is_none()
}

/// Does the sentence announce the speaker's points, so that the plan part
/// of the speech starts after it?
pub(crate) fn announces_points(sentence: &str) -> bool {
    // The rare count of points is looked for first: most sentences stop there.
    let count_of_points = sentence.char_indices().any(|(i, c)| {
        matches!(
            c,
            '一' | '两' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '几'
        ) && sentence[i + c.len_utf8()..].starts_with('点')
            && ["意见", "要求", "看法", "想法", "体会", "建议"]
                .iter()
                .any(|w| sentence[i + c.len_utf8() + '点'.len_utf8()..].starts_with(w))
    });
    count_of_points
        && ["讲", "提", "谈", "强调", "说"]
            .iter()
            .any(|w| sentence.contains(w))
}

/// A sentence whose last clause only judges what came before (…，意义深远。
/// …，任务艰巨。) describes; it does not direct.
pub(crate) fn ends_in_judgement(last_clause: &str) -> bool {
    let core = crate::extract::segment::strip_punct(last_clause);
    let n = core.chars().count();
    (1..=5).contains(&n) && !opens_with_directive_verb(core) && find_marker(core).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_their_traps() {
        let cases: &[(&str, Option<&str>)] = &[
            ("公安机关要加强", Some("要")),
            ("必须打造一支队伍", Some("必须")),
            ("一定要保持清醒", Some("一定要")),
            ("务必在汛期值守", Some("务必")),
            ("应当将经费列入预算", Some("应当")),
            ("遇有突发情况须第一时间报告", Some("须")),
            ("今天的会议非常重要", None),
            ("主要任务是贯彻精神", None),
            ("按照党政同责要求", None),
            ("是维护稳定的重要内容之一", None),
            ("应急管理部门", None),
            ("相应的措施", None),
            ("转载无须注明", None),
            ("同时也要清醒看到困难", None),
            ("根据工作需要调整", None),
            ("要素保障", None),
            ("县水利局要对全县水库开展排查", Some("要")),
            ("应对突发情况", None),
            ("坚持应帮尽帮", None),
            ("有的单位存在“等靠要”思想", None),
            ("防汛工作容不得半点松懈", None),
            ("严禁脱岗", Some("严禁")),
            ("切实提高戒毒康复水平", Some("切实")),
        ];
        for &(s, want) in cases {
            let got = find_marker(s).map(|(a, b)| &s[a..b]);
            assert_eq!(got, want, "input {s:?}");
        }
    }

    #[test]
    fn marker_prefilter_covers_every_marker() {
        for m in STRONG {
            let c = m.chars().next().unwrap_or_default();
            assert!(may_start_marker(c), "{m}");
        }
    }

    #[test]
    fn directive_verb_index_agrees_with_the_scan() {
        for &w in DIRECTIVE_VERBS {
            let s = format!("{w}工作");
            let scan = DIRECTIVE_VERBS
                .iter()
                .copied()
                .filter(|v| s.starts_with(v))
                .max_by_key(|v| v.len());
            assert_eq!(directive_verb_at(&s), scan, "{s}");
        }
        assert_eq!(directive_verb_at("毒品问题"), None);
    }

    #[test]
    fn past_and_courtesy() {
        let past = [
            "去年，市应急管理局将全市重点企业纳入平台",
            "集中破获了一批重大案件",
            "全年累计检查企业1.2万家次",
        ];
        for s in past {
            assert!(is_past(s), "{s}");
        }
        let not_past = [
            "要了解群众诉求",
            "为了群众安全，要加强巡查",
            "年内完成整治销号",
        ];
        for s in not_past {
            assert!(!is_past(s), "{s}");
        }
        assert!(is_courtesy("向奋战在一线的同志们表示衷心的感谢！"));
        assert!(is_courtesy("讲得很好，我完全同意。"));
        assert!(!is_courtesy("要加强宣传教育。"));
        assert!(announces_points("下面，我讲三点意见。"));
    }

    #[test]
    fn directive_verbs_after_openers() {
        assert!(opens_with_directive_verb("一是加强隐患排查"));
        assert!(opens_with_directive_verb("同时，坚持分类施策"));
        assert!(!opens_with_directive_verb("毒品问题直接危害群众"));
        assert_eq!(enumerator_len("二是完善预案"), "二是".len());
        assert!(ends_in_judgement("意义深远，"));
        assert!(!ends_in_judgement("加快推进。"));
    }
}
