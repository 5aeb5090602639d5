//! Recognising the junk around downloaded speeches.
//!
//! Owns the general cues of site banners, membership ads, copyright and
//! "study only" notices, contact lines, source lines and photo captions.
//! Works on a line or on a sentence-sized fragment (the extractor calls it on
//! pieces of speeches that lost their line breaks). Must not hold phrases of
//! any particular speech or site, and must not flag a real directive because
//! it happens to contain one ad word ("会员单位", "举报渠道").

use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;

/// Cues of downloaded-document junk with their weight. Strong cues (2) are
/// rarely said in a speech; weak ones (1) only count together with others.
/// (A caller that looks for several word lists in one pass over a sentence
/// takes the words from here: a fragment that holds none of them is junk
/// only by its shape, [`is_boilerplate_without_cues`].)
pub(crate) const CUES: &[(&str, u32)] = &[
    // "for study only", "do not pass on"
    ("仅供学习", 2),
    ("仅供参考", 2),
    ("仅供交流", 2),
    ("仅供个人", 2),
    ("禁止外传", 2),
    ("请勿外传", 2),
    ("请勿传播", 2),
    // copyright, reposting, disclaimers
    ("转载须", 2),
    ("转载请", 2),
    ("转载必须", 2),
    ("注明出处", 2),
    ("版权归", 2),
    ("版权所有", 2),
    ("版权声明", 2),
    ("如有侵权", 2),
    ("侵权请", 2),
    ("联系删除", 2),
    ("免责声明", 2),
    ("商业用途", 2),
    ("违者必究", 2),
    ("原作者", 2),
    ("来源于网络", 2),
    ("本文来源", 2),
    ("文章来源", 2),
    ("责任编辑", 2),
    // membership, subscription and shop ads
    ("VIP", 2),
    ("vip", 2),
    ("开通会员", 2),
    ("会员群", 2),
    ("会员资料", 2),
    ("订阅", 2),
    ("立享", 2),
    ("免费下载", 2),
    ("下载后", 2),
    ("点击下载", 2),
    ("下载地址", 2),
    ("整理发布", 2),
    ("范文", 2),
    ("文库", 2),
    ("精品", 1),
    ("海量", 1),
    ("充值", 2),
    ("积分", 1),
    ("会员", 1),
    ("免费", 1),
    ("赠送", 1),
    ("倒卖", 1),
    ("举报", 1),
    ("下载", 1),
    ("资料", 1),
    ("权益", 1),
    ("本文档", 1),
    ("本资料", 1),
    ("购买", 1),
    ("优惠", 1),
    ("平台", 1),
    ("分享", 1),
    // contact lines
    ("QQ群", 2),
    ("qq群", 2),
    ("交流群", 2),
    ("微信群", 2),
    ("微信公众号", 2),
    ("公众号", 2),
    ("扫码", 2),
    ("二维码", 2),
    ("客服", 2),
    ("加群", 2),
    ("微信", 1),
    ("QQ", 1),
    ("关注", 1),
    ("已满", 1),
    ("如需转载", 2),
    ("本网站", 2),
    ("本站", 1),
    ("备案号", 2),
    ("ICP备", 2),
    ("联系电话", 1),
    // 联系人：…，电话：… closes a notice.
    ("联系人：", 2),
    ("电话：", 1),
    ("联系我们", 2),
    ("www.", 2),
    ("http", 2),
    (".com", 2),
    (".cn", 1),
];

/// Words of a speaker giving directions. Their presence makes a fragment far
/// less likely to be junk, so more cues are needed to call it that.
const DIRECTIVE: &[&str] = &[
    "要",
    "必须",
    "务必",
    "确保",
    "加强",
    "加快",
    "推进",
    "落实",
    "做好",
    "抓好",
    "严格",
    "严厉",
    "切实",
    "认真",
    "进一步",
    "健全",
    "完善",
    "提高",
    "各级",
    "各地",
    "各部门",
    "同志们",
    "牵头",
    "负责",
    "配合",
    "通过",
];

/// Lines that start like this name the source, author or editor of a web copy.
const SOURCE_PREFIXES: &[&str] = &[
    "来源：",
    "来源:",
    "稿件来源",
    "信息来源",
    "文章来源",
    "本文来源",
    "资料来源",
    "出处：",
    "原标题：",
    "原标题:",
    "责任编辑",
    "编辑：",
    "作者：",
    "审核：",
    "校对：",
    "发布时间：",
    "发布日期：",
];

static CUE_MATCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(CUES.iter().map(|(p, _)| p))
        .ok()
});

/// True when `s` (a line or a sentence-sized fragment) is junk around a
/// downloaded speech rather than part of the speech.
pub fn is_boilerplate(s: &str) -> bool {
    judge(s, true)
}

/// [`is_boilerplate`] of a fragment known to hold none of the [`CUES`] words:
/// the same answer, from its shape alone (a source line, a photo caption).
pub(crate) fn is_boilerplate_without_cues(s: &str) -> bool {
    judge(s, false)
}

fn judge(s: &str, may_hold_cues: bool) -> bool {
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if s.is_empty() {
        return false;
    }
    let chars = s.chars().count();
    if is_source_line(s, chars) || is_photo_caption(s, chars) {
        return true;
    }
    // Without a cue the score is nought.
    if !may_hold_cues || !may_score(s) {
        return false;
    }
    let (score, strong) = cue_score(s);
    if score == 0 {
        return false;
    }
    let directive = DIRECTIVE.iter().any(|w| s.contains(w));
    // A long fragment needs proportionally more cues: one ad word in a
    // paragraph of speech is not an ad.
    let length_allowance = (chars / 60) as u32;
    let needed = if directive { 5 } else { 2 } + length_allowance;
    if score < needed {
        return false;
    }
    // Weak cues alone ("为会员企业提供免费培训") need one more.
    strong || score > needed
}

/// What the cues start with, so that most fragments can be turned away
/// before the matcher runs ([`may_score`]).
struct CueStarts {
    /// The first two characters of each cue, or three when it has them
    /// (`'\0'` fills the third place), sorted, with the highest weight of
    /// the cues that start so.
    keys: Vec<([char; 3], u32)>,
    /// One bit per hash of a key's first two characters ([`pair_bit`]):
    /// almost every place of a speech is turned away by this alone.
    pairs: Box<[u64; PAIR_WORDS]>,
}

const PAIR_WORDS: usize = 1024;

/// The bit of two neighbouring characters in [`CueStarts::pairs`].
fn pair_bit(a: char, b: char) -> usize {
    let h = (u32::from(a).wrapping_mul(0x9E37_79B9) ^ u32::from(b)).wrapping_mul(0x85EB_CA6B);
    (h >> 16) as usize % (PAIR_WORDS * 64)
}

static CUE_STARTS: LazyLock<CueStarts> = LazyLock::new(|| {
    let mut keys: Vec<([char; 3], u32)> = CUES
        .iter()
        .map(|&(cue, weight)| {
            let mut key = ['\0'; 3];
            for (slot, c) in key.iter_mut().zip(cue.chars()) {
                *slot = c;
            }
            (key, weight)
        })
        .collect();
    keys.sort_unstable();
    // Of the cues that share a key, the heaviest counts.
    keys.reverse();
    keys.dedup_by_key(|(key, _)| *key);
    keys.reverse();
    let mut pairs = Box::new([0; PAIR_WORDS]);
    for &([a, b, _], _) in &keys {
        let bit = pair_bit(a, b);
        pairs[bit / 64] |= 1 << (bit % 64);
    }
    CueStarts { keys, pairs }
});

/// False when the cues in `s` cannot add up to junk, whatever else `s`
/// holds: no strong cue starts in it and fewer than three weak ones do
/// (with no strong cue, junk needs a score above two). Every sentence of a
/// speech comes through here, and this reads it for a fraction of what a
/// full match costs.
fn may_score(s: &str) -> bool {
    let starts = &*CUE_STARTS;
    let mut weak = 0;
    let mut prev = None;
    let mut chars = s.chars();
    while let Some(b) = chars.next() {
        let Some(a) = prev.replace(b) else { continue };
        let bit = pair_bit(a, b);
        if starts.pairs[bit / 64] & (1 << (bit % 64)) == 0 {
            continue;
        }
        let c = chars.clone().next().unwrap_or('\0');
        // A match of the cues starts here with one cue at most, whose key
        // is these two characters or these three.
        let weight = [[a, b, '\0'], [a, b, c]]
            .iter()
            .filter_map(|key| {
                let i = starts.keys.binary_search_by_key(key, |&(k, _)| k).ok()?;
                Some(starts.keys[i].1)
            })
            .max();
        match weight {
            Some(1) => weak += 1,
            Some(_) => return true,
            None => {}
        }
        if weak >= 3 {
            return true;
        }
    }
    false
}

fn cue_score(s: &str) -> (u32, bool) {
    let Some(matcher) = CUE_MATCHER.as_ref() else {
        return (0, false);
    };
    let mut seen = [false; CUES.len()];
    let mut score = 0;
    let mut strong = false;
    for m in matcher.find_iter(s) {
        let i = m.pattern().as_usize();
        if let Some(slot) = seen.get_mut(i)
            && !*slot
        {
            *slot = true;
            let weight = CUES[i].1;
            score += weight;
            strong |= weight >= 2;
        }
    }
    (score, strong)
}

fn strip_brackets(s: &str) -> &str {
    s.trim_start_matches(['（', '(', '【', '[', '〔'])
        .trim_end_matches(['）', ')', '】', ']', '〕', '。'])
}

fn is_source_line(s: &str, chars: usize) -> bool {
    let inner = strip_brackets(s);
    chars <= 60 && SOURCE_PREFIXES.iter().any(|p| inner.starts_with(p))
}

/// "图为……。XX记者 张三 摄", "（记者 张三 摄）", "（图片由XX提供）".
fn is_photo_caption(s: &str, chars: usize) -> bool {
    if chars > 200 {
        return false;
    }
    let inner = strip_brackets(s).trim_end();
    if inner.starts_with("图为") || inner.starts_with("图：") || inner.starts_with("图片：")
    {
        return true;
    }
    let credit_end =
        inner.ends_with("供图") || inner.ends_with("图片由") || inner.ends_with("提供图片");
    if let Some(before) = inner
        .strip_suffix('摄')
        .or_else(|| inner.strip_suffix("摄影"))
    {
        let before = before.trim_end();
        // "拍摄", "航摄" end real sentences; a credit has a name before 摄.
        let verb_before = before.ends_with(['拍', '航', '摄', '偷', '抓']);
        let has_credit =
            before.contains("记者") || before.contains("通讯员") || s.starts_with(['（', '(']);
        return !verb_before && (has_credit || chars <= 20);
    }
    credit_end && chars <= 60
}

#[cfg(test)]
mod tests {
    use super::{CUES, cue_score, is_boilerplate, may_score};

    #[test]
    fn the_first_test_lets_every_cue_through() {
        for &(cue, weight) in CUES {
            assert!(
                cue.chars().count() >= 2,
                "too short for the first test: {cue}"
            );
            let strong = format!("要加强{cue}管理");
            let weak = format!("要加强{cue}、{cue}和{cue}管理");
            assert!(
                may_score(if weight >= 2 { &strong } else { &weak }),
                "{cue}"
            );
        }
        // What the first test turns away could never be junk by its cues.
        for &(a, _) in CUES {
            for &(b, _) in CUES {
                let s = format!("要{a}加强{b}管理");
                let (score, strong) = cue_score(&s);
                assert!(may_score(&s) || (!strong && score <= 2), "{s}");
            }
        }
        let cases = [
            ("各地要加强安全生产管理，确保不发生重大事故。", false),
            ("要搭建惠企政策兑现平台，畅通举报渠道", false),
            ("要搭建平台，畅通举报渠道，做好资料归档", true),
            ("仅供学习", true),
            ("扫码", true),
            ("VIP", true),
        ];
        for (s, want) in cases {
            assert_eq!(may_score(s), want, "{s}");
        }
    }

    #[test]
    fn junk_is_flagged() {
        let junk = [
            "本资料由【某某范文网】整理发布，仅供学习参考",
            "开通VIP会员，海量范文免费下载；转载须注明出处",
            "下载后请勿将本文档用于商业用途，违者必究",
            "客服微信：abc2024",
            "资料交流群：（已满）",
            "会员群：    免费QQ群：",
            "仅供学习 禁止外传",
            "现在订阅立享前3年的所有权益和资料",
            "举报倒卖会员资料的人，举报成功免费赠送一年会员材料！",
            "本文来源于网络，版权归原作者所有，如有侵权请联系删除。",
            "更多精品范文，请关注微信公众号“某某文库”。",
            "扫码关注，获取更多资料",
            "来源：某某日报",
            "（来源：某某日报）",
            "【责任编辑：张三】",
            "原标题：在全市大会上的讲话",
            "图为4月17日，工作人员在招聘会现场为毕业生提供咨询。某某日报记者 王五 摄",
            "图为座谈会现场",
            "（记者 李四 摄）",
            "某某网记者 李四 摄",
            "免责声明：本站资料均来自网络",
            "更多资料请访问 www.example.com",
        ];
        for s in junk {
            assert!(is_boilerplate(s), "should be boilerplate: {s}");
        }
    }

    #[test]
    fn speech_is_not_flagged() {
        let speech = [
            "要严格落实会员单位责任",
            "请省政府办公厅认真梳理",
            "要加强宣传",
            "为会员企业提供免费培训",
            "市大数据局要搭建全市统一的惠企政策兑现平台",
            "各地要畅通举报渠道，对举报线索及时核查，对查实的给予奖励",
            "涉密材料一律禁止外传，要严格执行保密制度",
            "严厉打击倒卖车票等违法行为",
            "要用好政务微信公众号，及时发布预警信息",
            "市文广旅局要组织开展文明旅游宣传活动，县融媒体中心要做好新闻报道和分享转发",
            "在全市禁毒工作会议上的讲话",
            "同志们：",
            "（2024年2月27日）",
            "二、聚焦重点群体，全力稳住就业",
            "县住建局要加强对重点区域的拍摄",
            "县自然资源局负责组织无人机航摄",
            "今天，我们召开全市优化营商环境大会，主要任务是深入贯彻落实省委决策部署。",
            "",
        ];
        for s in speech {
            assert!(!is_boilerplate(s), "should not be boilerplate: {s}");
        }
    }
}
