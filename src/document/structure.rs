//! Paragraph kinds and the speech's title.
//!
//! Owns the rules that tell a title, a heading, body text and boilerplate
//! apart, given normalised paragraphs (and, for .docx, style hints). Must not
//! change any text: it only labels paragraphs.

use super::ParagraphKind;
use super::boilerplate::is_boilerplate;

/// What the source format says about a paragraph, before any rule runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Hint {
    #[default]
    None,
    /// Word's Title style.
    Title,
    /// A Heading style or an outline level.
    Heading,
    /// Every run of the paragraph is bold.
    Bold,
}

/// How far into the document a title may be: the junk above a downloaded
/// speech is rarely more than a dozen lines.
const TITLE_WINDOW: usize = 15;
const TITLE_MAX_CHARS: usize = 60;
const HEADING_MAX_CHARS: usize = 60;
const SENTENCE_END: &[char] = &['。', '！', '？', '；', '!', '?', ';'];

/// Labels each paragraph and finds the title. Returns the kinds (one per
/// paragraph) and the title when one is recognisable.
pub(crate) fn classify(paragraphs: &[(&str, Hint)]) -> (Vec<ParagraphKind>, Option<String>) {
    let kind = |&(text, hint): &(&str, Hint)| {
        if is_boilerplate(text) {
            ParagraphKind::Boilerplate
        } else if hint == Hint::Heading
            || is_heading(text)
            || (hint == Hint::Bold && is_bold_heading(text))
        {
            ParagraphKind::Heading
        } else {
            ParagraphKind::Body
        }
    };
    // Each paragraph is labelled on its own; a long text is labelled on all
    // cores (rayon keeps the order).
    let bytes: usize = paragraphs.iter().map(|(text, _)| text.len()).sum();
    let mut kinds: Vec<ParagraphKind> = if bytes >= crate::parallel::PARALLEL_FROM {
        use rayon::prelude::*;
        paragraphs.par_iter().with_min_len(64).map(kind).collect()
    } else {
        paragraphs.iter().map(kind).collect()
    };

    let title = match find_title(paragraphs, &kinds) {
        Some(i) => {
            // Everything above a recognised title is the site's, not the
            // speaker's: banners and slogans with no cue word of their own.
            for kind in &mut kinds[..i] {
                *kind = ParagraphKind::Boilerplate;
            }
            kinds[i] = ParagraphKind::Title;
            Some(paragraphs[i].0.to_owned())
        }
        None => title_prefix(paragraphs, &kinds),
    };
    (kinds, title)
}

/// The index of the title paragraph: Word's Title style first, then a line
/// shaped like a speech title (…讲话, 在…会议上的…), then the first short
/// plain line when it stands alone at the top.
fn find_title(paragraphs: &[(&str, Hint)], kinds: &[ParagraphKind]) -> Option<usize> {
    let window = paragraphs.len().min(TITLE_WINDOW);
    // The title sits above the speech: stop at the first long paragraph.
    let end = (0..window)
        .find(|&i| {
            let text = paragraphs[i].0;
            kinds[i] != ParagraphKind::Boilerplate
                && text.chars().count() > 40
                && text.contains(SENTENCE_END)
        })
        .unwrap_or(window);
    let candidates = || (0..end).filter(|&i| kinds[i] != ParagraphKind::Boilerplate);

    if let Some(i) = candidates().find(|&i| paragraphs[i].1 == Hint::Title) {
        return Some(i);
    }
    if let Some(i) = candidates().find(|&i| looks_like_speech_title(paragraphs[i].0)) {
        return Some(i);
    }
    let first = candidates().next()?;
    let text = paragraphs[first].0;
    let plain = is_short_phrase(text, TITLE_MAX_CHARS)
        && kinds[first] != ParagraphKind::Heading
        && !is_salutation_or_date(text);
    plain.then_some(first)
}

/// A speech that lost its line breaks starts with its title inside the first
/// paragraph ("在…会议上的讲话 同志们：今天…"): take the title from there.
fn title_prefix(paragraphs: &[(&str, Hint)], kinds: &[ParagraphKind]) -> Option<String> {
    let (text, _) = paragraphs
        .iter()
        .zip(kinds)
        .find(|(_, k)| **k != ParagraphKind::Boilerplate)
        .map(|(p, _)| *p)?;
    let head: String = text.chars().take(TITLE_MAX_CHARS + 10).collect();
    let end = TITLE_WORDS
        .iter()
        .filter_map(|w| head.find(w).map(|i| i + w.len()))
        .min()?;
    let candidate = head[..end].trim();
    (looks_like_speech_title(candidate) && !candidate.contains(SENTENCE_END))
        .then(|| candidate.to_owned())
}

const TITLE_WORDS: &[&str] = &[
    "讲话",
    "发言",
    "致辞",
    "报告",
    "讲话稿",
    "讲话提纲",
    "总结讲话",
    "动员讲话",
    "主持词",
    "講話",
];

fn looks_like_speech_title(text: &str) -> bool {
    if !is_short_phrase(text, TITLE_MAX_CHARS) || is_heading(text) {
        return false;
    }
    // A date or a name may follow the title on the same line.
    let core = text
        .split(['（', '('])
        .next()
        .unwrap_or(text)
        .trim_end_matches([' ', '：', ':']);
    let ends_with_title_word = TITLE_WORDS.iter().any(|w| core.ends_with(w));
    let meeting_shape = core.starts_with('在') && (core.contains("上的") || core.contains("会议"));
    ends_with_title_word || meeting_shape
}

/// Short, and no sentence inside (a trailing full stop is tolerated).
fn is_short_phrase(text: &str, max_chars: usize) -> bool {
    let n = text.chars().count();
    if n == 0 || n > max_chars {
        return false;
    }
    let inner = text.trim_end_matches(SENTENCE_END);
    !inner.contains(SENTENCE_END)
}

/// An all-bold paragraph is a heading only when it is a short phrase: Word
/// users also bold whole sentences for emphasis.
fn is_bold_heading(text: &str) -> bool {
    text.chars().count() <= 40 && !text.contains(SENTENCE_END) && !is_salutation_or_date(text)
}

fn is_salutation_or_date(text: &str) -> bool {
    text.ends_with('：')
        || text.ends_with(':')
        || (text.starts_with(['（', '(']) && text.contains('年'))
        || text.starts_with(|c: char| c.is_ascii_digit()) && text.contains('年')
}

const CN_DIGITS: &[char] = &[
    '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '〇', '零',
];

/// A whole short paragraph that is a numbered heading: 一、… （一）… 第一，…
/// 一是… 1. … (1) …, with no sentence inside.
pub(crate) fn is_heading(text: &str) -> bool {
    if !is_short_phrase(text, HEADING_MAX_CHARS) {
        return false;
    }
    let rest = match heading_marker_len(text) {
        Some(len) => &text[len..],
        None => return false,
    };
    // A bare number is not a heading: something must follow the marker.
    !rest.trim().is_empty()
}

/// Byte length of a heading marker at the start of `text`, if any.
fn heading_marker_len(text: &str) -> Option<usize> {
    let cn_run = |s: &str| -> usize {
        s.char_indices()
            .take_while(|(_, c)| CN_DIGITS.contains(c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8())
    };
    let ascii_run = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let fw_run = |s: &str| -> usize {
        s.char_indices()
            .take_while(|(_, c)| ('０'..='９').contains(c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8())
    };

    // 一、 / 一是 / 一要
    let n = cn_run(text);
    if n > 0 {
        let rest = &text[n..];
        for sep in ["、", "是", "要", "．", "."] {
            if rest.starts_with(sep) {
                return Some(n + sep.len());
            }
        }
    }
    // 第一， / 第一、 / 第一部分 / 第一章
    if let Some(rest) = text.strip_prefix('第') {
        let n = cn_run(rest);
        if n > 0 {
            let after = &rest[n..];
            for sep in ["，", "、", ",", "是", "部分", "章", "节", "条"] {
                if after.starts_with(sep) {
                    return Some('第'.len_utf8() + n + sep.len());
                }
            }
        }
    }
    // （一） (一) （1） (1)
    for (open, close) in [('（', '）'), ('(', ')'), ('（', ')'), ('(', '）')] {
        if let Some(rest) = text.strip_prefix(open) {
            let n = cn_run(rest).max(ascii_run(rest)).max(fw_run(rest));
            if n > 0 && rest[n..].starts_with(close) {
                return Some(open.len_utf8() + n + close.len_utf8());
            }
        }
    }
    // 1. 1、 1．  １．
    let n = ascii_run(text).max(fw_run(text));
    if n > 0 && n <= 6 {
        let rest = &text[n..];
        for sep in [".", "、", "．", "）", ")"] {
            // "1.5亿元" is a number, not a heading.
            if rest.starts_with(sep) && !rest[sep.len()..].starts_with(|c: char| c.is_ascii_digit())
            {
                return Some(n + sep.len());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use ParagraphKind::*;

    #[test]
    fn headings_table() {
        let yes = [
            "一、统一思想，提高认识",
            "十二、其他事项",
            "（一）强化组织领导",
            "(三)压实工作责任",
            "（1）加强巡查",
            "第一，要提高站位",
            "第二部分 工作安排",
            "一是加强组织领导",
            "1. 加强组织领导",
            "2、完善工作机制",
            "３．强化督查问责。",
        ];
        let no = [
            "一、统一思想。今天我们开会，要求大家认真落实。",
            "一",
            "（一）",
            "1.5亿元资金已下达",
            "2024年工作安排",
            "一方面要加强领导",
            "同志们：",
            "在全市禁毒工作会议上的讲话",
            "（一）强化组织领导。县应急局要牵头制定方案，各乡镇要压实属地责任，县公安局要配合做好交通管控，县卫健委要做好医疗保障准备。",
        ];
        for s in yes {
            assert!(is_heading(s), "should be a heading: {s}");
        }
        for s in no {
            assert!(!is_heading(s), "should not be a heading: {s}");
        }
    }

    fn kinds_of(lines: &[&str]) -> (Vec<ParagraphKind>, Option<String>) {
        let paras: Vec<(&str, Hint)> = lines.iter().map(|l| (*l, Hint::None)).collect();
        classify(&paras)
    }

    #[test]
    fn title_cases_table() {
        let body = "今天，我们召开全市工作会议，主要任务是贯彻落实上级精神，安排部署今年工作。刚才，几位同志作了发言，讲得很好，我完全同意。下面，我讲几点意见。";
        type Case<'a> = (&'a str, Vec<&'a str>, Option<&'a str>, Vec<ParagraphKind>);
        let cases: Vec<Case> = vec![
            (
                "plain speech",
                vec![
                    "在全市安全生产工作会议上的讲话",
                    "（2024年2月27日）",
                    "同志们：",
                    body,
                ],
                Some("在全市安全生产工作会议上的讲话"),
                vec![Title, Body, Body, Body],
            ),
            (
                "junk above title without cue words",
                vec![
                    "某某文行",
                    "自建平台、实时分享",
                    "根据需求不断迭代",
                    "在全市禁毒工作会议上的讲话",
                    "同志们：",
                    body,
                ],
                Some("在全市禁毒工作会议上的讲话"),
                vec![Boilerplate, Boilerplate, Boilerplate, Title, Body, Body],
            ),
            (
                "cue junk then title",
                vec![
                    "仅供学习 禁止外传",
                    "在全县防汛抗旱工作动员会上的讲话",
                    "一、统一思想",
                    body,
                ],
                Some("在全县防汛抗旱工作动员会上的讲话"),
                vec![Boilerplate, Title, Heading, Body],
            ),
            (
                "plain first line title",
                vec!["关于做好防汛工作的意见", body],
                Some("关于做好防汛工作的意见"),
                vec![Title, Body],
            ),
            (
                "no title at all",
                vec!["同志们：", body],
                None,
                vec![Body, Body],
            ),
            (
                "title after a long paragraph is not searched",
                vec![body, "在全市大会上的讲话"],
                None,
                vec![Body, Body],
            ),
            (
                "one-line speech keeps the prefix as title",
                vec![
                    "在全省稳就业工作座谈会上的讲话 同志们：今天，我们召开座谈会，主要是分析研判当前就业形势，研究部署下一步工作。下面我讲三点意见，请大家认真抓好落实。",
                ],
                Some("在全省稳就业工作座谈会上的讲话"),
                vec![Body],
            ),
            (
                "tail junk",
                vec![
                    "在全市大会上的讲话",
                    body,
                    "（来源：某某日报）",
                    "【责任编辑：张三】",
                ],
                Some("在全市大会上的讲话"),
                vec![Title, Body, Boilerplate, Boilerplate],
            ),
        ];
        for (name, lines, want_title, want_kinds) in cases {
            let (kinds, title) = kinds_of(&lines);
            assert_eq!(title.as_deref(), want_title, "case {name}");
            assert_eq!(kinds, want_kinds, "case {name}");
        }
    }

    #[test]
    fn hints_table() {
        let body = "今天，我们召开会议，安排部署今年工作。";
        type Case<'a> = (&'a str, Vec<(&'a str, Hint)>, Vec<ParagraphKind>);
        let cases: Vec<Case> = vec![
            (
                "title style wins over shape",
                vec![("二〇二四年工作要点", Hint::Title), (body, Hint::None)],
                vec![Title, Body],
            ),
            (
                "heading style",
                vec![
                    ("在会上的讲话", Hint::None),
                    ("统一思想提高认识", Hint::Heading),
                    (body, Hint::None),
                ],
                vec![Title, Heading, Body],
            ),
            (
                "bold short line is a heading",
                vec![
                    ("在会上的讲话", Hint::None),
                    (body, Hint::None),
                    ("狠抓工作落实", Hint::Bold),
                ],
                vec![Title, Body, Heading],
            ),
            (
                "bold sentence stays body",
                vec![("在会上的讲话", Hint::None), (body, Hint::Bold)],
                vec![Title, Body],
            ),
        ];
        for (name, paras, want) in cases {
            let (kinds, _) = classify(&paras);
            assert_eq!(kinds, want, "case {name}");
        }
    }
}
