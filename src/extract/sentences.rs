//! Sentence-level cues: reported speech (who speaks, and whether he asks)
//! and the ordered table of sentence rules (`SENTENCE_RULES`) that turn
//! whole sentences away: past achievements, thanks and agreement, problems,
//! examples told, slogans, news of events, questions, rhetoric. The
//! clause-level word lists they use are in `cues.rs`.

use super::cues::*;
use super::words::{Chars, Words};

/// Verbs that report what a speaker or a meeting said (他强调，…; 会议要求…).
#[rustfmt::skip]
pub(crate) static REPORTING_VERBS: Words = Words::new(&[
    "强调指出", "强调", "指出", "要求", "希望", "提出", "表示", "说",
]);

/// Of the reporting verbs, those that ask: their object, or everyone, is
/// to act on what follows.
pub(crate) static ASKING_VERBS: Words = Words::new(&["要求", "希望"]);

/// Words that may stand between a speaker and the verb (王昌荣在会上强调).
#[rustfmt::skip]
pub(crate) static SPEAKER_ADVERBIALS: Words = Words::new(&[
    "在会上", "在会议上", "在讲话中", "在听取汇报后", "在调研时", "在座谈时", "在总结时", "最后", "最后还", "还", "同时", "也", "又",
    "再次", "特别", "明确", "并", "进一步", "会上", "会议上", "要", "还要", "再", "想", "这里",
]);

/// Official titles: a title followed by a name is a person (政法委书记王某).
#[rustfmt::skip]
pub(crate) static TITLES: Words = Words::new(&[
    "书记", "副书记", "常委", "部长", "副部长", "局长", "副局长", "主任", "副主任", "市长", "副市长", "县长", "副县长", "区长",
    "副区长", "省长", "副省长", "镇长", "乡长", "主席", "副主席", "院长", "检察长", "处长", "科长", "组长", "队长", "秘书长",
    "委员", "总理", "副总理", "主任委员", "厅长", "副厅长", "署长", "董事长", "总经理",
]);

/// Common surnames: a clause opening with one of them and two or three
/// characters before a reporting verb names a person (李某强调). Surnames
/// that are also common words (高, 严, 方, 向 …) are left out.
pub(crate) static SURNAMES: Chars = Chars::new(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范廖贾夏韦邹孟熊秦邱尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱覃戴莫孔汤",
);

/// A speaker reported at the start of a clause: the person or meeting, the
/// adverbials, the reporting verb. Returns the offset just past the verb and
/// whether the verb asks (要求, 希望).
///
/// `他强调`, `会议要求`, `市委副书记、政法委书记王某在会上强调`, `李某某最后还强调`
/// and a bare `强调指出` continuing a report are speakers; `各地要求` (an
/// actor), `工作要求` (a noun) are not.
pub(crate) fn speaker(clause: &str) -> Option<(usize, bool)> {
    let (v, verb) = clause
        .char_indices()
        .find_map(|(i, _)| REPORTING_VERBS.prefix(&clause[i..]).map(|w| (i, w)))?;
    let mut person = &clause[..v];
    // Adverbials between the speaker and the verb, from the verb back.
    while let Some(w) = SPEAKER_ADVERBIALS.first_suffix(person) {
        person = &person[..person.len() - w.len()];
    }
    let person = person.trim_end_matches(['，', ' ']);
    let is_person = match person {
        // 同时指出，… / 要求各部门…: the subject is the speaker already named.
        // 要提出整改意见, 要说到做到: a marker, not a speaker.
        "" if find_marker(clause).is_some_and(|(m, _)| m < v) => false,
        "" => ASKING_VERBS.prefix(verb).is_some() || v > 0 || verb.starts_with("强调"),
        "他" | "她" | "我" | "会议" | "大会" | "会议还" | "座谈会" | "常务会议" => {
            true
        }
        _ => titled_name(person) || bare_name(person),
    };
    is_person.then(|| (v + verb.len(), ASKING_VERBS.prefix(verb).is_some()))
}

/// …书记王某某: a title, then a name of two or three characters.
pub(crate) fn titled_name(person: &str) -> bool {
    let chars: Vec<(usize, char)> = person.char_indices().collect();
    (2..=3).any(|n| {
        chars.len() > n
            && chars[chars.len() - n..].iter().all(|&(_, c)| is_han(c))
            && SURNAMES.has(chars[chars.len() - n].1)
            && TITLES
                .first_suffix(&person[..chars[chars.len() - n].0])
                .is_some()
    })
}

/// 王某某: a surname and one or two more characters, nothing else.
pub(crate) fn bare_name(person: &str) -> bool {
    let n = person.chars().count();
    (2..=3).contains(&n)
        && person.chars().all(is_han)
        && person.chars().next().is_some_and(|c| SURNAMES.has(c))
}

pub(crate) fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The sentence rules, in the order they are tried after a list's
/// introduction and the announcement of the points: the first that holds
/// turns the whole sentence away, whatever its clauses say. Each is a
/// function of this module with its own tests.
#[allow(clippy::type_complexity)]
pub(crate) static SENTENCE_RULES: &[(&str, fn(&Sentence) -> bool)] = &[
    ("courtesy (thanks, greetings, agreement)", is_courtesy),
    ("question", is_question),
    (
        "meeting minutes that report (会议认为, 听取了)",
        reports_meeting,
    ),
    ("news of an event (…在X召开, 出席会议)", reports_event),
    ("past achievement or figures", is_past),
    ("rhetoric (同志们，…; 我相信…)", is_rhetoric),
    (
        "problem description (…仍然突出, 有的单位…)",
        describes_problem,
    ),
    ("an example told (有的地方…, 有篇报道说…)", tells_example),
    ("slogan (民族要复兴，乡村必振兴)", is_slogan),
];

/// A slogan: two or more short parallel clauses, each a topic, a modal and
/// one word, one of them a consequence (民族要复兴，乡村必振兴; 产业要兴旺，
/// 农民才增收). `领导要带头，干部要跟上` asks, and is no slogan.
pub(crate) fn is_slogan(s: &Sentence) -> bool {
    static MODALS: Words = Words::new(&["要", "必", "必须", "才", "才能", "就", "先", "则", "须"]);
    static CONSEQUENCE: Words = Words::new(&["必", "才", "才能", "就", "则"]);
    let clauses: Vec<&str> = s
        .text
        .split(['，', '。', '！', '；'])
        .filter(|c| !c.is_empty())
        .collect();
    // The modal of each short clause, if every clause is one.
    let modals: Option<Vec<&str>> = clauses
        .iter()
        .map(|c| {
            let chars: Vec<(usize, char)> = c.char_indices().collect();
            if !(4..=6).contains(&chars.len()) || !chars.iter().all(|&(_, ch)| is_han(ch)) {
                return None;
            }
            (1..chars.len() - 1).find_map(|k| {
                let (i, _) = chars[k];
                MODALS
                    .prefix(&c[i..])
                    .filter(|m| (1..=2).contains(&c[i + m.len()..].chars().count()))
            })
        })
        .collect();
    clauses.len() >= 2
        && modals.is_some_and(|ms| ms.iter().any(|m| CONSEQUENCE.prefix(m) == Some(*m)))
}

/// A sentence that tells what some place or someone did, as an example
/// (有的地方规定…, 有篇报道说…, 有人…): whatever it holds, it orders nothing.
pub(crate) fn tells_example(s: &Sentence) -> bool {
    #[rustfmt::skip]
    static SOMEONE: Words = Words::new(&[
        "有的地方", "有些地方", "有个地方", "有一个地方", "有的地区", "有些地区", "一些地方", "个别地方", "有的同志", "有些同志",
        "有的干部", "有些干部", "有篇报道", "有报道", "有人", "有的人", "有些人",
    ]);
    word_at(skip_openers(s.text), &SOMEONE).is_some()
}

/// News of an event without a marker: a meeting held (…在市检察院召开),
/// who attended or reported (出席会议, 汇报了…工作情况).
pub(crate) fn reports_event(s: &Sentence) -> bool {
    #[rustfmt::skip]
    static HELD: Words = Words::new(&["召开", "举行", "开幕", "闭幕", "出席会议", "出席", "列席", "参加会议", "主持会议", "主持"]);
    #[rustfmt::skip]
    static REPORTED: Words = Words::new(&["汇报了", "汇报交流", "作了汇报", "作汇报", "作了发言", "交流发言", "通报了", "传达了"]);
    if s.marker().is_some() {
        return false;
    }
    let core = crate::extract::segment::strip_punct(s.text.trim_end_matches(['”', '）', ')']));
    HELD.first_suffix(core).is_some() || REPORTED.any_in(s.text)
}

/// Words that point to what follows.
pub(crate) static LIST_WORDS: Words = Words::new(&["以下", "如下", "下列"]);

/// 重点抓好以下八个方面工作： introduces the list that follows.
pub(crate) fn introduces_list(s: &Sentence) -> bool {
    s.found.has(&LIST_WORDS) && (s.text.ends_with(['：', ':']) || s.marker().is_none())
}

/// A case told as a warning: what someone was punished for.
#[rustfmt::skip]
pub(crate) static CASE: Words = Words::new(&[
    "被开除", "被移送", "被判处", "被立案", "被留置", "被给予", "被查处", "被免职", "被撤职", "被处以", "被依法", "据为己有",
    "受到党纪", "受到政务", "受到开除", "受到撤销",
]);

/// Figures and 已: the past, unless the sentence also orders.
pub(crate) static SOFT: Words = Words::new(&[
    "已经",
    "累计",
    "同比",
    "比上年",
    "比去年",
    "环比",
    "先后",
    "提高到",
    "下降到",
    "增长到",
    "调查显示",
    "数据显示",
    "统计显示",
]);

/// Does the sentence report what was done (past achievements, figures)?
pub(crate) fn is_past(s: &Sentence) -> bool {
    let sentence = s.text;
    static PAST_OPENERS: Words = Words::new(&[
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
    ]);
    if starts_with_any(sentence, &PAST_OPENERS).is_some() {
        return true;
    }
    // A case told as a warning: what someone was punished for.
    if s.found.has(&CASE) {
        return true;
    }
    // …听取了…的汇报，请市公安局…: what was done, then a request;
    // 一些地方出现了…的问题，要坚决防止和纠正 / 承诺了就要兑现: what
    // happened, then an order. Only a sentence without either reports.
    if s.found.has(&PERFECTIVE)
        && let Some(at) = perfective_le(sentence)
        && s.marker().is_none()
        && !asks(&sentence[at..])
    {
        return true;
    }
    // Figures and 已 report the past unless the sentence also orders
    // (确保9月底前累计完成…).
    s.found.has(&SOFT) && s.marker().is_none()
}

/// A 了 that marks a completed action (完成了, 破获了), not 了解 / 为了,
/// and not inside quotes (“打早、打小、打了”).
pub(crate) fn perfective_le(s: &str) -> Option<usize> {
    static WORD_BEFORE: Chars = Chars::new("为除罢不得明终受少免末");
    static WORD_AFTER: Chars = Chars::new("解如结断然却");
    let mut prev = '\0';
    let mut quoted = 0i32;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '“' | '「' | '『' => quoted += 1,
            '”' | '」' | '』' => quoted = (quoted - 1).max(0),
            _ => {}
        }
        if quoted > 0 {
            prev = c;
            continue;
        }
        if c == '了' {
            let next = chars.peek().map_or('\0', |&(_, n)| n);
            let word_before = WORD_BEFORE.has(prev);
            let word_after = WORD_AFTER.has(next);
            if !word_before && !word_after && prev != '\0' {
                return Some(i);
            }
        }
        prev = c;
    }
    None
}

/// Minutes that report the meeting's view or what it heard (会议认为，…进度
/// 总体符合预期; 会议听取了…的汇报): a report, unless the same sentence goes on
/// to ask someone (…，请市公安局修改完善后印发实施) or to order.
pub(crate) fn reports_meeting(s: &Sentence) -> bool {
    let sentence = s.text;
    static REPORTING: Words = Words::new(&[
        "会议认为",
        "会议听取",
        "会议审议",
        "会议研究了",
        "会议讨论了",
    ]);
    word_at(sentence, &REPORTING).is_some() && s.marker().is_none() && !asks(sentence)
}

/// Does a clause of `s` open by asking someone (请…, 要求…, 责成…)?
pub(crate) fn asks(s: &str) -> bool {
    static ASKING: Words = Words::new(&["请", "要求", "责成"]);
    s.split(['，', '；', '：'])
        .any(|clause| word_at(clause, &ASKING).is_some())
}

/// A question (来得及吗？ 谁来负这个责？) asks the audience to think about
/// something; it assigns nothing.
pub(crate) fn is_question(s: &Sentence) -> bool {
    s.text
        .trim_end_matches(['”', '’', '）', ')', ' '])
        .ends_with(['？', '?'])
}

/// The speaker's own thanks and greetings: a feeling expressed to
/// someone (向…表示衷心的感谢, 致以崇高的敬意), not a task that
/// happens to name one (开展困难职工慰问活动).
#[rustfmt::skip]
pub(crate) static FEELINGS: Words = Words::new(&["感谢", "谢意", "敬意", "慰问", "问候", "祝贺", "致敬", "祝愿"]);
/// Words of expressing a feeling to someone.
#[rustfmt::skip]
pub(crate) static EXPRESSING: Words = Words::new(&["表示", "致以", "道一声", "送去", "表达", "在此", "谨向", "代表"]);
/// Agreeing with the speakers before, or closing the speech.
#[rustfmt::skip]
pub(crate) static AGREEING: Words = Words::new(&[
    "我完全同意", "完全同意", "我同意", "我都赞同", "完全赞同", "完全赞成", "我赞同", "我赞成", "讲得很好", "讲得都很",
    "不再多说", "不再重复", "不多讲", "我讲", "根据录音整理",
]);

/// Thanks, greetings, agreement with others, and the speaker announcing
/// what comes next: never an item.
pub(crate) fn is_courtesy(s: &Sentence) -> bool {
    let sentence = s.text;
    static THANKING: Words = Words::new(&["感谢", "衷心感谢", "谢谢"]);
    let thanks = s.found.has(&FEELINGS)
        && (s.found.has(&EXPRESSING) || word_at(sentence, &THANKING).is_some());
    thanks || s.found.has(&AGREEING)
}

/// Words that describe a problem (…仍然突出, …基础薄弱, …时有发生).
#[rustfmt::skip]
pub(crate) static PROBLEMS: Words = Words::new(&[
    "仍然突出", "依然突出", "比较突出", "较为突出", "十分突出", "问题突出", "时有发生", "易发多发", "多发频发", "薄弱", "不高",
    "不足", "不强", "不够", "不平衡", "不充分", "不到位", "不及时", "不快", "滞后", "缺位", "缺失", "动摇", "扭曲", "作祟",
    "蔓延", "反弹", "发酵", "显现", "凸显", "上升", "加剧", "变异", "偏重", "偏煤", "偏少", "偏多", "乏力", "短板", "隐患较多",
    "有待", "亟待", "仍然存在", "依然存在", "还比较", "还存在", "没有根本", "尚未", "较大", "较重", "不容乐观", "不容忽视",
    "有的单位", "有的部门", "有的地方", "有的同志", "有的干部", "有的企业", "一些单位", "一些部门", "一些地方", "个别单位",
    "少数单位", "报喜不报忧", "不实", "虚高", "不力", "不严", "不细", "不深", "走过场", "重部署、轻落实", "办不下来",
    "还没有", "没有充分", "仍较", "较普遍", "不规范", "依然繁重", "依然严峻", "十分繁重", "十分严峻", "任务繁重", "形势严峻",
    "更加繁重", "更加严峻",
]);

/// Does a clause without a marker describe a problem (…任务依然繁重)?
pub(crate) fn describes_problem_clause(clause: &str) -> bool {
    PROBLEMS.any_in(clause) && find_marker(clause).is_none()
}

/// Does a sentence without a marker describe a problem (…仍然突出,
/// …基础薄弱, …时有发生)? Such sentences analyse the situation; even when
/// numbered (一是…) they ask nothing.
pub(crate) fn describes_problem(s: &Sentence) -> bool {
    let sentence = s.text;
    // No problem word holds a clause separator, so a sentence without one
    // anywhere (most sentences) needs no look at its clauses.
    // 对责任不落实、措施不到位的，一律通报批评: a condition of a
    // directive, not a description.
    let described = s.found.has(&PROBLEMS)
        && sentence
            .split(['，', '；', '。', '：'])
            .filter(|c| !((c.starts_with('对') || c.starts_with("凡")) && c.ends_with('的')))
            .any(|c| PROBLEMS.any_in(c));
    // 有的部门数据壁垒还没有打通，企业仍要重复提交材料: criticism of some
    // units describes even with a 要 in it.
    static SOME_OF: Words = Words::new(&["有的", "一些", "个别", "少数", "部分"]);
    let criticism = || word_at(skip_openers(sentence), &SOME_OF).is_some();
    described && (criticism() || s.marker().is_none())
}

/// 将 as 把 (县林业局将全县林区划分为…网格): the object is disposed of,
/// nothing is promised. True when `rest` opens with 将 and a disposing verb
/// follows in the clause.
pub(crate) fn disposes(rest: &str) -> bool {
    #[rustfmt::skip]
    static DISPOSING: Words = Words::new(&[
        "纳入", "列入", "划分", "落实到", "作为", "转化为", "列为", "转为", "交由", "移交", "压缩至", "压减至", "提高到",
        "提升至", "降至", "控制在", "调整为", "分解到", "下达到", "发放到",
    ]);
    rest.starts_with('将') && DISPOSING.any_in(rest)
}

/// A statement of what something is (督查工作是一项…的工作; 督查不是简单地
/// 挑毛病): without a marker it describes, whatever verb it opens with.
pub(crate) fn is_copula_statement(first_clause: &str) -> bool {
    static NOT_COPULA_BEFORE: Chars = Chars::new("一二三四五六七八九十其别凡于但可或若要而");
    let mut prev = None;
    for c in first_clause.chars() {
        if c == '是' && prev.is_some_and(|p: char| !NOT_COPULA_BEFORE.has(p)) {
            return find_marker(first_clause).is_none();
        }
        prev = Some(c);
    }
    false
}

/// Confidence and calls to the occasion (我相信…一定能够…; 今年是…关键之年).
#[rustfmt::skip]
pub(crate) static CONFIDENCE: Words = Words::new(&["我相信", "我们相信", "相信在", "一定能够", "就一定能", "必将", "定能"]);

/// An address to the audience that orders nothing (同志们，…永远在路上).
pub(crate) fn is_rhetoric(s: &Sentence) -> bool {
    let sentence = s.text;
    #[rustfmt::skip]
    static OCCASION: Words = Words::new(&["今年是", "明年是", "这是", "这次会议是", "今天的会议是", "本次会议是"]);
    // The marker is looked for last: this runs on every sentence.
    let no_marker = || s.marker().is_none();
    s.found.has(&CONFIDENCE)
        || ((sentence.starts_with("同志们") || word_at(sentence, &OCCASION).is_some())
            && no_marker())
}

/// Verbs of the speaker speaking.
pub(crate) static SPEAKING: Words = Words::new(&["讲", "提", "谈", "强调", "说"]);

/// Does the sentence announce the speaker's points, so that the plan part
/// of the speech starts after it? Every announcement speaks (讲, 提, 谈,
/// 强调, 说): the rest is looked at only then.
pub(crate) fn announces_points(s: &Sentence) -> bool {
    s.found.has(&SPEAKING) && announces(s.text)
}

/// [`announces_points`] of a sentence not scanned: the check, before the
/// walk, whether a speech without numbered points announces any. It needs
/// only the speaking words, not the whole sentence scan.
pub(crate) fn text_announces_points(sentence: &str) -> bool {
    SPEAKING.any_in(sentence) && announces(sentence)
}

/// The announcement itself, in a sentence that speaks.
pub(crate) fn announces(sentence: &str) -> bool {
    static COUNTED: Chars = Chars::new("一两二三四五六七八九十几");
    static KINDS: Words = Words::new(&["意见", "要求", "看法", "想法", "体会", "建议"]);
    let count_of_points = sentence.char_indices().any(|(i, c)| {
        COUNTED.has(c)
            && sentence[i + c.len_utf8()..].starts_with('点')
            && word_at(&sentence[i + c.len_utf8() + '点'.len_utf8()..], &KINDS).is_some()
    });
    // 最后，就抓好落实再强调一点。
    #[rustfmt::skip]
    static ONE_MORE: Words = Words::new(&[
        "强调一点", "强调一下", "说一下", "讲一下", "讲一点", "说一点", "提一点", "强调几点", "强调两点", "再讲一点",
    ]);
    let one_more = ONE_MORE
        .first_suffix(sentence.trim_end_matches(['。', '：', ':', '！']))
        .is_some();
    count_of_points || one_more
}

/// A sentence whose last clause only judges what came before (…，意义深远。
/// …，任务艰巨。) describes; it does not direct.
pub(crate) fn ends_in_judgement(last_clause: &str) -> bool {
    let core = crate::extract::segment::strip_punct(last_clause);
    // …，是稳就业的应有之义 / …，关键靠硬措施: a comment on what came before.
    static COMMENT: Words = Words::new(&[
        "是", "关键", "在于", "重在", "贵在", "难在", "这是", "也是", "才是", "就是",
    ]);
    if word_at(core, &COMMENT).is_some() {
        return true;
    }
    // …，对战胜困难至为关键: the whole sentence is judged.
    #[rustfmt::skip]
    static JUDGED: Words = Words::new(&["至为关键", "至关重要", "十分重要", "十分关键", "非常重要", "尤为重要", "尤为关键", "意义重大"]);
    if JUDGED.first_suffix(core).is_some() {
        return true;
    }
    let n = core.chars().count();
    (1..=5).contains(&n) && !opens_with_directive_verb(core) && find_marker(core).is_none()
}
