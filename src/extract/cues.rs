//! The cue words of the rules, in one home, grouped by grammatical role:
//!
//! - obligation markers (`STRONG`) and the words that only contain their
//!   characters (`TRAPS`: 重要, 应急, 无须), prohibitions that stay in an
//!   item's text (`PROHIBITIONS`: 不得, 严禁);
//! - words around an actor: markers that bind to it (`BOUND`: 负责, 牵头,
//!   将), adverbs between it and its marker (`ADVERBS`), verbs of
//!   supporting (`SUPPORT_VERBS`), of asking (`ASKING`), of a note
//!   (`NOTE_LEAD_VERBS`), prepositions after it (`PREPOSITIONS`);
//! - verbs that command without a marker (`DIRECTIVE_VERBS`,
//!   `TOPIC_COMMANDS`), clause openers and connectives (`OPENERS`,
//!   `CONNECTIVES`), enumerators (一是, 其一);
//! - reported speech: reporting verbs, titles and surnames of speakers;
//! - sentence cues: past achievements, thanks and agreement, problems,
//!   examples told, slogans, news of events, and the ordered table of
//!   sentence rules (`SENTENCE_RULES`) that turn whole sentences away.
//!
//! All lists are general Chinese usage in official speeches and documents,
//! never phrases of one speech. Names and their shapes (…局, level
//! prefixes) live in `actors.rs` and the lexicon.

use super::words::{self, Chars, Found, Lists, Words};
use crate::document::BOILERPLATE_CUES;
use std::cell::OnceCell;

// Reported speech and the sentence-level cues live in `sentences.rs`; the
// rules and the tests reach them through here as before.
pub(crate) use super::sentences::*;

/// A sentence and what one scan found in it: which of the sentence cue
/// lists (thanks, past, problems …) it holds. Its first obligation marker
/// is looked for once, when first asked. The cues below each ran their own
/// scan of every sentence before.
pub(crate) struct Sentence<'a> {
    pub(crate) text: &'a str,
    pub(crate) found: Found,
    marker: OnceCell<Option<(usize, usize)>>,
}

/// The lists the sentence cues ask about whole sentences.
static SENTENCE_CUES: Lists = Lists::new(&[
    &FEELINGS,
    &EXPRESSING,
    &AGREEING,
    &CASE,
    &SOFT,
    &PROBLEMS,
    &CONFIDENCE,
    &LIST_WORDS,
    &SPEAKING,
    &JUNK_CUES,
    &PERFECTIVE,
    &REQUEST,
    &AGENT,
]);

/// Single characters some rules look for in every clause: a sentence
/// without them spares each clause the search.
pub(crate) static PERFECTIVE: Words = Words::new(&["了"]);
static REQUEST: Words = Words::new(&["请"]);
static AGENT: Words = Words::new(&["由"]);

/// The words that can make a fragment junk around a downloaded speech.
static JUNK_CUES: Words = Words::new(&JUNK_CUE_WORDS);
static JUNK_CUE_WORDS: [&str; BOILERPLATE_CUES.len()] = words::firsts(BOILERPLATE_CUES);

impl<'a> Sentence<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Sentence {
            text,
            found: SENTENCE_CUES.scan(text),
            marker: OnceCell::new(),
        }
    }

    /// [`crate::document::is_boilerplate`] of the sentence.
    pub(crate) fn is_boilerplate(&self) -> bool {
        if self.found.has(&JUNK_CUES) {
            crate::document::is_boilerplate(self.text)
        } else {
            crate::document::is_boilerplate_without_cues(self.text)
        }
    }

    /// Can a clause of the sentence hold 请?
    pub(crate) fn may_request(&self) -> bool {
        self.found.has(&REQUEST)
    }

    /// Can a clause of the sentence hold 由?
    pub(crate) fn may_name_agent(&self) -> bool {
        self.found.has(&AGENT)
    }

    /// [`find_marker`] of the whole sentence.
    pub(crate) fn marker(&self) -> Option<(usize, usize)> {
        *self.marker.get_or_init(|| find_marker(self.text))
    }
}

/// Obligation markers that make a clause a directive wherever they stand,
/// longest first.
#[rustfmt::skip]
static STRONG: Words = Words::new(&[
    "一定要", "务必", "必须", "不要", "需要", "应当", "应该", "理应", "不得", "严禁", "要", "须", "应", "切实",
]);

/// Markers that forbid: they are part of what is asked (不得推诿 asks the
/// opposite of 推诿), so an action's text keeps them.
#[rustfmt::skip]
pub(crate) static PROHIBITIONS: Words = Words::new(&[
    "不得", "不要", "严禁", "禁止", "不准", "不能", "决不", "绝不", "切勿", "不许", "不可",
]);

/// Where the action's text starts after the marker at `m..m_end` of `s`:
/// right after it, unless the marker forbids, which stays in the text.
pub(crate) fn action_after_marker(s: &str, m: usize, m_end: usize) -> usize {
    if PROHIBITIONS.prefix(&s[m..]).is_some() {
        m
    } else {
        m_end
    }
}

/// For each one-character marker: the characters before and after it that
/// make it part of another word (重要 要求, 应急 相应, 无须 须知).
static TRAPS: [(char, Chars, Chars); 3] = [
    (
        '要',
        Chars::new("重主首必只纪摘提概扼政显紧将想简机险枢需"),
        Chars::new("求素点害件务闻地么领津塞义职员案犯旨诀"),
    ),
    (
        '应',
        Chars::new("相反响适供效对呼答感顺报回照接策内因"),
        Chars::new("急用对届聘变答征收运付酬验邀承允诺援约景声有"),
    ),
    ('须', Chars::new("无毋莫必"), Chars::new("知臾")),
];

/// After a marker, verbs of perception make a remark about the situation,
/// and verbs of praise a judgement of what was done; neither is a task
/// (要看到, 必须清醒认识到, 这个要肯定).
#[rustfmt::skip]
static PERCEPTION: Words = Words::new(&[
    "看到", "清醒看到", "清醒地看到", "认识到", "清醒认识到", "看清", "明白", "知道", "相信", "承认", "指出",
    // Praise: the speaker's judgement of what was done (这个要肯定).
    "肯定", "充分肯定", "表扬", "点赞",
]);

/// Markers that bind to an actor written right before them
/// (市禁毒委将…, 市大数据局负责…, A会同B…).
#[rustfmt::skip]
pub(crate) static BOUND: Words = Words::new(&[
    "负责", "牵头", "将", "会同", "联合", "协同", "带头", "主动", "抓紧", "尽快", "立即", "继续", "共同", "分别", "统筹", "积极", "认真", "全力",
]);

/// What a responsibility note names its units for, longest first: they
/// lead or share the task (（A、B按职责分工负责）, （A牵头，…）).
#[rustfmt::skip]
pub(crate) static NOTE_LEAD_VERBS: Words = Words::new(&[
    "按职责分工负责", "按职能分工负责", "按职责负责", "分工负责", "共同负责", "分别负责", "牵头负责", "负责", "牵头",
]);

/// Words a supporting department's clause consists of (B、C配合).
#[rustfmt::skip]
pub(crate) static SUPPORT_VERBS: Words = Words::new(&[
    "配合", "协助", "参与", "协办", "支持配合", "积极配合", "共同参与", "参加", "代办", "全程代办",
]);

/// Adverbs that may stand between an actor and its marker.
#[rustfmt::skip]
pub(crate) static ADVERBS: Words = Words::new(&[
    "也", "都", "均", "还", "更", "要", "一定", "务必", "必须", "切实", "进一步", "继续", "坚决", "同时", "首先", "今年", "全年", "年内",
    "分别", "定期", "不定期", "及时",
]);

/// Verbs that open a directive in the plan part of a speech even without a
/// marker (一是加强…；坚持…，加快…).
#[rustfmt::skip]
pub(crate) static DIRECTIVE_VERBS: Words = Words::new(&[
    "加强", "完善", "推进", "推动", "落实", "建立", "健全", "强化", "深化", "坚持", "加快", "抓好", "做好", "开展", "严格", "全面", "扎实", "持续",
    "着力", "大力", "深入", "坚决", "确保", "积极", "认真", "及时", "严厉", "加大", "提高", "提升", "优化", "规范", "压实", "压紧", "狠抓", "聚焦",
    "紧盯", "紧扣", "围绕", "突出", "统筹", "抓紧", "全力", "集中", "主动", "组织", "实施", "实行", "构建", "打造", "培育", "引导", "鼓励", "支持",
    "督促", "指导", "防止", "杜绝", "严禁", "禁止", "不得", "力争", "争取", "努力", "切实", "务必", "保持", "守牢", "筑牢", "兜牢", "织密", "织牢",
    "牢固树立", "树立", "增强", "建好", "用好", "管好", "办好", "稳定", "挖掘", "拓宽", "推行", "探索", "巩固", "加紧", "广泛", "不断", "进一步",
    "重点", "逐步", "坚定", "加速", "改善", "整治", "治理", "清理", "排查", "摸排", "落细", "细化", "明确", "制定", "出台", "修订", "开辟", "简化",
    "压减", "压缩", "减少", "降低", "扩大", "增加", "保障", "保护", "维护", "发挥", "健全完善", "建立健全", "完善落实", "推广", "普及", "宣传", "教育",
    "动员", "整合", "创新", "盯紧", "严把", "严控", "管控", "防范", "化解", "打击", "查处", "依法", "从严", "精准", "科学", "合理", "统一", "分类",
    "逐项", "逐一", "按时", "如期", "限期", "定期", "全年", "年内", "力促", "促进", "带动", "抓实",
    "落细落实", "营造", "形成", "实现", "完成", "做到", "打赢", "坚守", "守住", "牢牢", "毫不", "决不", "绝不", "始终", "真正", "更加", "抓",
    "密切", "监测", "跟踪", "调度", "会商", "研判", "谋划", "部署", "安排", "落地", "对接", "服务", "帮助", "协调", "配齐", "配强", "做实", "开通",
    "设立", "设置", "配备", "储备", "调配", "编制", "修编", "核查", "检查", "督查", "巡查", "走访", "联系", "牵头", "负责",
]);

/// What follows a 对-topic when the clause commands (对在谈项目实行…机制,
/// 对违规行为一律严肃处理).
#[rustfmt::skip]
pub(crate) static TOPIC_COMMANDS: Words = Words::new(&[
    "实行", "开展", "进行", "实施", "给予", "予以", "一律", "严肃", "依法", "坚决", "及时", "逐一", "逐项", "督促", "建立",
    "落实", "跟踪", "挂牌", "约谈", "通报", "问责", "追责", "整改", "销号",
]);

/// Verbs of asking: their object, not their subject, is the actor
/// (市委、市政府希望大家…, 要求各地…).
pub(crate) static ASKING: Words = Words::new(&["希望", "要求", "号召", "责成", "请"]);

/// Prepositions after which a subject's marker comes later in the clause
/// (公、检、法、司等部门在执法过程中要…).
pub(crate) static PREPOSITIONS: Words = Words::new(&[
    "在", "对", "按照", "根据", "从", "以", "围绕", "结合", "针对", "通过", "就", "于", "把", "向",
    "为",
]);

/// Clause openers that are not part of the subject (同时，尤其是…).
#[rustfmt::skip]
pub(crate) static OPENERS: Words = Words::new(&[
    "同时", "此外", "另外", "尤其是", "特别是", "其中", "其次", "最后", "首先", "为此", "对此", "因此", "并且", "并", "而且", "还", "一方面",
    "另一方面", "总之", "当前", "目前", "今年", "下一步", "下步", "近期", "全年",
]);

/// Connectives that join a sentence to the one before (因此，一方面，):
/// never the start of an item's text.
#[rustfmt::skip]
static CONNECTIVES: Words = Words::new(&[
    "因此", "所以", "为此", "对此", "一方面", "另一方面", "同时", "与此同时", "此外", "另外", "总之", "但是", "但", "然而",
    "而且", "并且", "当然", "总的来说", "具体来说", "具体而言", "也就是说", "换句话说", "其次", "再次", "最后", "首先",
]);

/// `text` without the connectives (followed by a comma) and enumerators
/// (一是, 其一) it opens with.
/// Labels of a document's record lines: who it goes to, who attended, who
/// took the minutes (分送：市委办公室…; 出席：…; 记录：…).
const RECORD_LABELS: &[&str] = &[
    "分送",
    "抄送",
    "主送",
    "报送",
    "印发",
    "发送",
    "出席",
    "列席",
    "参加",
    "参会",
    "请假",
    "缺席",
    "记录",
    "记录人",
    "主持",
    "签发",
];

/// Whether `line` is a record line ([`RECORD_LABELS`] and a colon).
pub(crate) fn is_record_line(line: &str) -> bool {
    opens_with_label(line, RECORD_LABELS)
}

/// Whether `line` opens with one of `labels` and its colon (`出席：`,
/// `责任单位：`).
pub(crate) fn opens_with_label(line: &str, labels: &[&str]) -> bool {
    let line = line.trim_start();
    labels.iter().any(|l| {
        line.strip_prefix(l)
            .is_some_and(|rest| rest.starts_with(['：', ':']))
    })
}

pub(crate) fn strip_connectives(text: &str) -> &str {
    let mut t = text;
    loop {
        let before = t.len();
        t = &t[enumerator_len(t)..];
        if let Some(n) = word_at(t, &CONNECTIVES)
            && (n == t.len() || t[n..].starts_with(['，', ',']))
        {
            t = &t[n..];
        }
        t = t.trim_start_matches(['，', ',', '、', '：', ' ']);
        if t.len() == before {
            return t;
        }
    }
}

/// Numerals of enumerators (一是, 十二是) and of numbered points.
static NUMERALS: Chars = Chars::new("一二三四五六七八九十");

/// Enumerators in words (其一, 一方面, 最后).
#[rustfmt::skip]
static ENUMERATORS: Words = Words::new(&[
    "其一", "其二", "其三", "其四", "其五", "一方面", "另一方面", "首先", "其次", "再次", "最后",
]);

/// Enumerators that open a point inside a paragraph (一是…；二是…).
pub(crate) fn enumerator_len(s: &str) -> usize {
    for (i, c) in s.char_indices() {
        if !NUMERALS.has(c) {
            if i > 0 && s[i..].starts_with('是') {
                return i + '是'.len_utf8();
            }
            break;
        }
    }
    ENUMERATORS.prefix_len(s).unwrap_or(0)
}

pub(crate) fn starts_with_any(s: &str, words: &Words) -> Option<&'static str> {
    words.prefix(s)
}

/// Length of a word from `words` at the start of `s`, longest first.
pub(crate) fn word_at(s: &str, words: &Words) -> Option<usize> {
    words.prefix_len(s)
}

/// The first obligation marker in `clause`, as a byte range, skipping the
/// words that only contain marker characters and what stands in quotes
/// (“等靠要”思想 names an attitude, it orders nothing).
pub(crate) fn find_marker(clause: &str) -> Option<(usize, usize)> {
    let may_start = STRONG.first_chars();
    let mut quoted = 0i32;
    for (i, c) in clause.char_indices() {
        match c {
            '“' | '「' | '『' => quoted += 1,
            '”' | '」' | '』' => quoted = (quoted - 1).max(0),
            _ => {}
        }
        if quoted == 0
            && may_start(c)
            && let Some(len) = marker_here(clause, i)
        {
            return Some((i, i + len));
        }
    }
    None
}

/// The length of the obligation marker starting at byte `at` of `s`, if one
/// does. Looks at one place only, so callers can test a position cheaply.
// Long: one decision per marker character (要, 应, 必须 …) with the words
// that only look like it; apart, a marker and its traps would drift.
pub(crate) fn marker_here(s: &str, at: usize) -> Option<usize> {
    let rest = &s[at..];
    let m = starts_with_any(rest, &STRONG)?;
    let prev = s[..at].chars().next_back();
    let after = &rest[m.len()..];
    let next = after.chars().next();
    // Each test below rules the marker out; the cheap ones come first and
    // the first that holds ends the look.
    let trapped = TRAPS.iter().any(|(mc, before, after_chars)| {
        m.len() == mc.len_utf8()
            && m.starts_with(*mc)
            && (prev.is_some_and(|p| before.has(p)) || next.is_some_and(|a| after_chars.has(a)))
    });
    if trapped {
        return None;
    }
    // 不要求 (does not require): 要求 is a word, 不 negates it.
    if m == "不要" && next.is_some_and(|a| TRAPS[0].2.has(a)) {
        return None;
    }
    // 还要做什么, 要怎么办: a question word follows, nothing is asked.
    if m.ends_with('要')
        && ["做什么", "干什么", "怎么", "如何做"]
            .iter()
            .any(|w| after.starts_with(w))
    {
        return None;
    }
    if m == "要" {
        // A marker is followed by what is to be done, never by a pause
        // (吃拿卡要、推诿扯皮).
        let ends_phrase =
            after.is_empty() || after.starts_with(['、', '，', '。', '；', '”', '等', '的']);
        // 要不得 (unacceptable), 都要被追责 (a consequence, not a task).
        let not_task = after.starts_with("不得") || after.starts_with('被');
        if ends_phrase || not_task {
            return None;
        }
    }
    // 应帮尽帮, 应转尽转: an idiom, not 应 "should".
    if m == "应" && after.chars().nth(1) == Some('尽') {
        return None;
    }
    // 容不得, 怪不得, 恨不得: 不得 inside a word.
    static BU_DE_WORDS: Chars = Chars::new("容怪恨巴免少舍顾记认见由要");
    // 马虎不得 (can't afford to be careless): 不得 ends the clause.
    if m == "不得"
        && (prev.is_some_and(|p| BU_DE_WORDS.has(p))
            || after.is_empty()
            || after.starts_with(['，', '。', '；', '！', '、']))
    {
        return None;
    }
    // 需要 after 的 / 据 is the noun "need" (根据需要, 发展的需要).
    #[rustfmt::skip]
    const NEED_AS_NOUN_AFTER: &[&str] = &["的", "据", "按", "工作", "发展", "实际", "形势", "现实", "群众", "生产", "生活"];
    if m == "需要" && NEED_AS_NOUN_AFTER.iter().any(|w| s[..at].ends_with(w)) {
        return None;
    }
    // 为满足群众观赏需要, 适应发展需要: the need is the object of a verb.
    if m == "需要" {
        let clause_start = s[..at]
            .rfind(['，', '。', '；', '：'])
            .map_or(0, |i| i + '，'.len_utf8());
        let before = &s[clause_start..at];
        if ["满足", "适应", "符合", "根据", "按照"]
            .iter()
            .any(|w| before.contains(w))
        {
            return None;
        }
    }
    // 要看到, 必须看到, 应当清醒认识到: a remark about the situation.
    let perceives = PROHIBITIONS.prefix(m).is_none() && {
        let a = after.trim_start_matches(['更', '也', '还']);
        starts_with_any(a, &PERCEPTION).is_some()
    };
    // 需要说明的是, 要强调的是: the speaker's aside.
    let aside = || {
        after
            .chars()
            .take(8)
            .scan('\0', |prev, c| {
                Some(std::mem::replace(prev, c) == '的' && c == '是')
            })
            .any(|pair| pair)
    };
    (!perceives && !aside()).then_some(m.len())
}

/// Does the clause open (after openers and enumerators) with a directive verb?
pub(crate) fn opens_with_directive_verb(clause: &str) -> bool {
    body_opens_with_directive_verb(skip_openers(clause))
}

/// [`opens_with_directive_verb`] of a clause whose openers are already
/// skipped.
pub(crate) fn body_opens_with_directive_verb(body: &str) -> bool {
    starts_with_any(body, &DIRECTIVE_VERBS).is_some() || marker_here(body, 0).is_some()
}

/// `s` without leading openers, enumerators and 要.
pub(crate) fn skip_openers(s: &str) -> &str {
    let mut s = s;
    loop {
        let before = s.len();
        let n = enumerator_len(s);
        s = &s[n..];
        if let Some(w) = starts_with_any(s, &OPENERS) {
            s = &s[w.len()..];
        }
        s = s.trim_start_matches(['，', '、', ' ']);
        if s.len() == before {
            return s;
        }
    }
}

/// A heading of a part that reviews or analyses rather than plans
/// (2023年工作回顾, 取得的成绩, 清醒认识当前面临的形势, 存在的问题).
pub(crate) fn is_review_heading(title: &str) -> bool {
    #[rustfmt::skip]
    static CUES: Words = Words::new(&[
        "回顾", "成绩", "成效", "取得", "形势", "基本情况", "工作情况", "主要做法", "进展情况", "存在的问题", "问题和不足",
        "总结", "亮点", "经验", "困难挑战", "困难和挑战", "面临的困难", "面临的挑战", "决定性进展",
    ]);
    CUES.any_in(title)
}

/// Does a paragraph open in the past: 今年以来, 去年, 过去一年, or a year
/// before the speech's own (2023年， in a speech of 2024)?
pub(crate) fn opens_in_past(sentence: &str, speech_year: Option<i32>) -> bool {
    #[rustfmt::skip]
    static OPENERS: Words = Words::new(&[
        "今年以来", "去年以来", "去年", "过去一年", "过去的一年", "一年来", "近年来", "近年", "多年来", "上半年", "1至", "一季度",
        "前一阶段", "前段时间", "前期",
        "五年来", "三年来", "两年来", "几年来", "十年来", "过去五年", "过去三年", "这几年", "近三年", "近五年",
    ]);
    if word_at(sentence, &OPENERS).is_some() {
        return true;
    }
    let digits: String = sentence.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 4
        && sentence[4..].starts_with('年')
        && !sentence[4 + '年'.len_utf8()..].starts_with(|c: char| c.is_ascii_digit())
        && let (Ok(y), Some(now)) = (digits.parse::<i32>(), speech_year)
    {
        return y < now;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    // The sentence cues take a scanned sentence; these take its text.
    fn is_past(s: &str) -> bool {
        super::is_past(&Sentence::new(s))
    }
    fn is_courtesy(s: &str) -> bool {
        super::is_courtesy(&Sentence::new(s))
    }
    fn reports_meeting(s: &str) -> bool {
        super::reports_meeting(&Sentence::new(s))
    }
    fn is_question(s: &str) -> bool {
        super::is_question(&Sentence::new(s))
    }
    fn announces_points(s: &str) -> bool {
        let scanned = super::announces_points(&Sentence::new(s));
        assert_eq!(scanned, text_announces_points(s), "{s}");
        scanned
    }

    proptest::proptest! {
        /// The scanned sentence's junk test is the document's.
        #[test]
        fn junk_from_the_scan_is_junk(
            s in "[（来源：图为记者摄免费下载会员VIP扫码二维码要加强工作。]{0,24}"
        ) {
            proptest::prop_assert_eq!(
                Sentence::new(&s).is_boilerplate(),
                crate::document::is_boilerplate(&s)
            );
        }
    }

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
            ("必须看到，基层基础仍然薄弱", None),
            ("这个要肯定", None),
            ("要充分肯定成绩", None),
            ("应当清醒认识到差距", None),
            ("根据工作需要调整", None),
            ("要素保障", None),
            ("县水利局要对全县水库开展排查", Some("要")),
            ("应对突发情况", None),
            ("坚持应帮尽帮", None),
            ("对吃拿卡要、推诿扯皮等问题严肃问责", None),
            ("这种想法要不得", None),
            ("村支书和包村干部都要被追责", None),
            ("需要说明的是，今年压减了三成", None),
            ("最需要的是持之以恒", None),
            ("安全生产一点都马虎不得", None),
            ("有的单位存在“等靠要”思想", None),
            ("防汛工作容不得半点松懈", None),
            ("严禁脱岗", Some("严禁")),
            ("为满足群众多样化的健身需要，建设场地", None),
            ("根据防控的实际工作需要调整", None),
            ("切实提高戒毒康复水平", Some("切实")),
        ];
        for &(s, want) in cases {
            let got = find_marker(s).map(|(a, b)| &s[a..b]);
            assert_eq!(got, want, "input {s:?}");
        }
    }

    #[test]
    fn no_problem_word_holds_a_clause_separator() {
        for w in PROBLEMS.list() {
            assert!(!w.contains(['，', '；', '。', '：']), "{w}");
        }
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
        assert!(!is_courtesy("工会要积极开展困难职工慰问活动。"));
        assert!(is_courtesy(
            "在此，我代表县委、县政府，向广大干部群众致以崇高的敬意！"
        ));
        assert!(announces_points("下面，我讲三点意见。"));
        assert!(reports_meeting("会议认为，全区防汛准备工作总体扎实。"));
        assert!(!reports_meeting("会议要求，各乡镇要在汛前完成隐患排查。"));
        assert!(!reports_meeting(
            "会议听取了县交通局的汇报，原则同意该方案，请县交通局抓紧组织实施。"
        ));
        assert!(!is_past(
            "会议听取了县交通局的汇报，原则同意该方案，请县交通局抓紧组织实施。"
        ));
        assert!(is_past("会议听取了县交通局的汇报，原则同意该方案。"));
        assert!(!is_past("一些地方出现了变相举债的问题，要坚决防止和纠正。"));
        assert!(!is_past("各乡镇都签了责任书，承诺了就要兑现。"));
    }

    #[test]
    fn speakers_are_reported_not_actors() {
        let cases: &[(&str, Option<(&str, bool)>)] = &[
            ("他强调", Some(("", false))),
            ("会议要求各乡镇加快进度", Some(("各乡镇加快进度", true))),
            ("副市长、市公安局局长李建国在会上强调", Some(("", false))),
            ("张伟最后还强调", Some(("", false))),
            ("王芳要求扩大宣传", Some(("扩大宣传", true))),
            ("同时指出", Some(("", false))),
            ("要求各部门严格落实", Some(("各部门严格落实", true))),
            ("各地要求", None),
            ("我还要强调", Some(("", false))),
            ("要提出整改意见", None),
            ("还要说到做到", None),
            ("工作要求", None),
            ("提出明确要求", None),
            ("县公安局要按照要求", None),
        ];
        for &(clause, want) in cases {
            let got = speaker(clause).map(|(at, asks)| (&clause[at..], asks));
            assert_eq!(got, want, "{clause}");
        }
    }

    #[test]
    fn news_of_an_event_is_no_task() {
        let r = |s: &str| reports_event(&Sentence::new(s));
        assert!(r("5月8日，全县防汛工作会议在县政府召开。"));
        assert!(r("县委常委李某出席会议。"));
        assert!(r("县水利局、县应急局汇报了近期工作情况。"));
        assert!(!r("要在5月底前召开专题会议。"));
        assert!(!r("各乡镇要召开村民大会，宣传防汛知识。"));
    }

    #[test]
    fn questions_assign_nothing() {
        for s in [
            "这样的隐患，能不管吗？",
            "出了事谁负责?",
            "大家想想，“谁来管？”",
        ] {
            assert!(is_question(s), "{s}");
        }
        for s in ["要加强巡查。", "谁主管谁负责，要压实责任。"] {
            assert!(!is_question(s), "{s}");
        }
    }

    #[test]
    fn items_never_open_with_a_connective() {
        assert_eq!(strip_connectives("因此，加强巡查"), "加强巡查");
        assert_eq!(strip_connectives("一方面，二是完善预案"), "完善预案");
        assert_eq!(strip_connectives("同时要加强督查"), "同时要加强督查");
        assert_eq!(strip_connectives("同时"), "");
        assert!(is_record_line("分送：市委办公室、市人大常委会办公室"));
        assert!(is_record_line("出席：张某、李某"));
        assert!(!is_record_line("出席会议的同志要抓好落实"));
        assert!(!is_record_line("参加单位要按时报送材料"));
        assert_eq!(
            strip_connectives("但凡涉及安全的，一律停工"),
            "但凡涉及安全的，一律停工"
        );
    }

    #[test]
    fn directive_verbs_after_openers() {
        assert!(opens_with_directive_verb("一是加强隐患排查"));
        assert!(opens_with_directive_verb("同时，坚持分类施策"));
        assert!(!opens_with_directive_verb("毒品问题直接危害群众"));
        assert_eq!(enumerator_len("二是完善预案"), "二是".len());
        assert!(ends_in_judgement("意义深远，"));
        assert!(ends_in_judgement("对稳定人心至关重要。"));
        assert!(is_slogan(&Sentence::new("民族要复兴，乡村必振兴。")));
        assert!(is_slogan(&Sentence::new("产业要兴旺，农民才增收！")));
        assert!(!is_slogan(&Sentence::new("领导要带头，干部要跟上。")));
        assert!(!is_slogan(&Sentence::new("县农业局要抓好春耕。")));
        assert!(tells_example(&Sentence::new(
            "有些地方还规定，表格必须手写。"
        )));
        assert!(tells_example(&Sentence::new(
            "同时，有篇报道说，干部被报表所累。"
        )));
        assert!(!tells_example(&Sentence::new("有条件的地方要先行先试。")));
        assert_eq!(find_marker("让群众知道政府还要做什么"), None);
        assert!(!ends_in_judgement("加快推进。"));
    }
}
