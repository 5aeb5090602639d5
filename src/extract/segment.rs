//! Cutting a document into blocks (paragraphs, or numbered points of a text
//! that lost its line breaks), sentences and clauses.
//!
//! Everything here works on byte offsets into the document's normalised text
//! and cuts only at character boundaries. Quotes and brackets are respected:
//! nothing inside `“…”`, `《…》` or `（…）` ends a sentence or a clause.

use crate::document::{Document, Paragraph, ParagraphKind, Span};

/// A run of text that subject carry-over stays inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// The heading that opens the block, if any (its span, without the body).
    pub heading: Option<Heading>,
    /// The body after the heading.
    pub body: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub span: Span,
    /// 1 for 一、 and the like; 2 for （一） and 第一，; 3 for 1. and 1、.
    pub level: u8,
}

/// One of the Chinese numerals a numbered point is written with (一 … 十).
fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Length in bytes of a numbered-point marker at the start of `s`, with its
/// heading level: `一、` (1), `（一）` / `(一)` / `第一，` (2), `1.` / `1、` / `（1）` (3).
pub(crate) fn heading_marker(s: &str) -> Option<(usize, u8)> {
    // Most places a caller asks about start with none of the characters a
    // marker can open with; turning those away first keeps the caller's scan
    // cheap.
    let first = s.chars().next()?;
    if !(is_cn_digit(first) || first.is_ascii_digit() || matches!(first, '第' | '（' | '(')) {
        return None;
    }
    let cn_run = |t: &str| -> usize {
        t.char_indices()
            .take_while(|&(_, c)| is_cn_digit(c))
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0)
    };
    let digit_run = |t: &str| -> usize {
        t.char_indices()
            .take_while(|&(i, c)| c.is_ascii_digit() && i < 2)
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0)
    };
    // 一、
    let n = cn_run(s);
    if n > 0 && s[n..].starts_with('、') {
        return Some((n + '、'.len_utf8(), 1));
    }
    // 第一， 第一、 第一是
    if let Some(rest) = s.strip_prefix('第') {
        let n = cn_run(rest);
        if n > 0 {
            let after = &rest[n..];
            for sep in ['，', '、', ','] {
                if after.starts_with(sep) {
                    return Some(('第'.len_utf8() + n + sep.len_utf8(), 2));
                }
            }
            // 第一个问题： 第二部分， : the parts of a speech.
            for part in ["个问题", "部分"] {
                if let Some(rest) = after.strip_prefix(part)
                    && let Some(sep) = ['：', '，', ':'].into_iter().find(|c| rest.starts_with(*c))
                {
                    return Some(('第'.len_utf8() + n + part.len() + sep.len_utf8(), 1));
                }
            }
        }
    }
    // （一） (一) （1）
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = s.strip_prefix(open) {
            let n = cn_run(rest);
            if n > 0 && rest[n..].starts_with(close) {
                return Some((open.len_utf8() + n + close.len_utf8(), 2));
            }
            let n = digit_run(rest);
            if n > 0 && rest[n..].starts_with(close) {
                return Some((open.len_utf8() + n + close.len_utf8(), 3));
            }
        }
    }
    // 1. 1、 1．
    let n = digit_run(s);
    if n > 0 {
        for sep in ['.', '、', '．'] {
            if s[n..].starts_with(sep)
                && !s[n + sep.len_utf8()..].starts_with(|c: char| c.is_ascii_digit())
            {
                return Some((n + sep.len_utf8(), 3));
            }
        }
    }
    None
}

/// Is `c` a character that ends a sentence?
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

/// Where a sentence ends at the character `c` at byte `i` of `s`, if it
/// does: after a sentence mark, or after the `/摄` that closes a photo
/// credit glued to the next sentence (新华社记者 某某/摄一是…).
fn sentence_end(s: &str, i: usize, c: char) -> Option<usize> {
    // A line break inside a block is a page end that broke a sentence
    // (see `join_broken`): it ends nothing after a word or a page number.
    if c == '\n'
        && s[..i]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|p| is_han(p) || p.is_ascii_digit() || matches!(p, '-' | '－' | '—'))
    {
        return None;
    }
    if ends_sentence(c) {
        return Some(i + c.len_utf8());
    }
    (c == '/' && s[i + 1..].starts_with('摄')).then(|| i + 1 + '摄'.len_utf8())
}

/// Opening and closing brackets and quotes whose inside is never cut.
fn bracket_delta(c: char) -> i32 {
    match c {
        '“' | '‘' | '《' | '（' | '(' | '「' | '『' | '【' | '〔' | '[' => 1,
        '”' | '’' | '》' | '）' | ')' | '」' | '』' | '】' | '〕' | ']' => -1,
        _ => 0,
    }
}

/// The blocks of a document: each body or heading paragraph, cut again
/// before every numbered point that starts after a sentence end (text that
/// lost its line breaks keeps its points apart this way).
pub(crate) fn blocks(doc: &Document) -> Vec<Block> {
    doc.paragraphs
        .iter()
        .flat_map(|p| paragraph_blocks(&doc.text, p))
        .collect()
}

/// The blocks of one paragraph of `text`: each paragraph is cut on its own,
/// so callers may cut many paragraphs at once and join the blocks in order.
pub(crate) fn paragraph_blocks(text: &str, p: &Paragraph) -> impl Iterator<Item = Block> {
    let pieces = match p.kind {
        ParagraphKind::Title | ParagraphKind::Boilerplate => Vec::new(),
        ParagraphKind::Heading | ParagraphKind::Body => split_points(text, p.span),
    };
    let is_heading = p.kind == ParagraphKind::Heading;
    pieces
        .into_iter()
        .map(move |piece| block_of(text, piece, is_heading))
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Is `line` only a page number (12, - 12 -, 第12页, 12/30)?
pub(crate) fn is_page_number(line: &str) -> bool {
    let core = line
        .trim()
        .trim_matches(|c: char| matches!(c, '-' | '－' | '—' | '·' | ' '))
        .trim_start_matches('第')
        .trim_end_matches('页');
    let digits = core.split('/').collect::<Vec<_>>();
    !core.is_empty()
        && digits.len() <= 2
        && digits
            .iter()
            .all(|d| (1..=4).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()))
}

/// Scanned (OCR) text: drops page-number blocks, and joins a block whose
/// text stops without punctuation to the body block after it, over the page
/// number between them, so that a sentence broken across a page end is one
/// sentence again. Headings and short lines (titles) are never joined.
pub(crate) fn join_broken(text: &str, blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        let body = &text[block.body.range()];
        if block.heading.is_none() && is_page_number(body) {
            continue;
        }
        if block.heading.is_none()
            && let Some(last) = out.last_mut()
            && !last.body.is_empty()
            && broken_off(&text[last.body.range()])
            && !body.is_empty()
            && heading_marker(body).is_none()
        {
            last.body = Span::new(last.body.start, block.body.end);
            continue;
        }
        out.push(block);
    }
    out
}

/// Does a block's text stop in the middle of a sentence: a long line that
/// ends in a word, not in punctuation?
fn broken_off(body: &str) -> bool {
    body.chars().count() >= 20 && body.chars().next_back().is_some_and(is_han)
}

/// Cuts a paragraph before each numbered point (一、 （一） 第一，) that
/// follows a sentence end or a run of spaces.
fn split_points(text: &str, span: Span) -> Vec<Span> {
    let s = &text[span.range()];
    let mut cuts = vec![0];
    let mut depth = 0i32;
    for (i, c) in marks(s) {
        depth = (depth + bracket_delta(c)).max(0);
        let credit = sentence_end(s, i, c).filter(|_| c == '/');
        let next = credit.unwrap_or(i + c.len_utf8());
        let boundary = depth == 0
            && (matches!(c, '。' | '！' | '？' | '；') || c.is_whitespace() || credit.is_some());
        if boundary
            && next < s.len()
            && let Some((_, level)) = heading_marker(&s[next..])
            && level <= 2
        {
            cuts.push(next);
        }
    }
    cuts.push(s.len());
    cuts.dedup();
    cuts.windows(2)
        .map(|w| trim_span(text, Span::new(span.start + w[0], span.start + w[1])))
        .filter(|sp| !sp.is_empty())
        .collect()
}

/// The characters of `s` that cutting looks at, with their byte offsets:
/// every bracket, quote, punctuation mark and whitespace character, plus
/// some others (all of ASCII, U+0080–U+00BF, U+1000–U+3FFF, U+F000–U+FFFF).
/// Chinese characters, most of a speech, are passed over by their first
/// byte without being decoded; none of them cuts anything.
fn marks(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(&b) = bytes.get(i) {
            match SKIP[usize::from(b)] {
                0 => {
                    let c = s.get(i..)?.chars().next()?;
                    let at = i;
                    i += c.len_utf8();
                    return Some((at, c));
                }
                n => i += usize::from(n),
            }
        }
        None
    })
}

/// For each first byte of a UTF-8 character: 0 when [`marks`] decodes the
/// character, otherwise the character's length, to step over it.
static SKIP: [u8; 256] = {
    let mut t = [1u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b {
            // ASCII; U+0080–U+00BF (U+0085, U+00A0 are spaces); U+1000–U+3FFF
            // (general punctuation, CJK punctuation, U+3000); U+F000–U+FFFF
            // (full-width forms).
            0x00..=0x7F | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => 0,
            0xC3..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            // Continuation bytes are never first bytes.
            _ => 1,
        };
        b += 1;
    }
    t
};

/// Narrows a span so it neither starts nor ends with whitespace.
pub(crate) fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.range()];
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    Span::new(start, end.max(start))
}

/// Splits a block into its heading (if it opens with a numbered point whose
/// first sentence is short and reads as a title) and its body.
fn block_of(text: &str, span: Span, is_heading_paragraph: bool) -> Block {
    let s = &text[span.range()];
    if is_heading_paragraph {
        return Block {
            heading: Some(Heading {
                span,
                level: heading_marker(s).map_or(1, |(_, l)| l),
            }),
            body: Span::new(span.end, span.end),
        };
    }
    let Some((_, level)) = heading_marker(s) else {
        return Block {
            heading: None,
            body: span,
        };
    };
    // The heading runs to the first sentence end. When that sentence is long
    // it is no title: the point's first sentence is already the body.
    let mut first_end = first_sentence_end(s);
    // In a text that lost its line breaks, a space often stands where the
    // heading's line ended (一、2023年工作回顾 2023年，…).
    if let Some(space) = s[..first_end].find(|c: char| c.is_whitespace())
        && s[..space].chars().count() <= 40
    {
        first_end = space;
    }
    let first = &s[..first_end];
    let chars = first.chars().count();
    if level <= 2 && chars <= 40 && !first.contains('要') {
        let h = trim_span(text, Span::new(span.start, span.start + first_end));
        let body = trim_span(text, Span::new(span.start + first_end, span.end));
        return Block {
            heading: Some(Heading { span: h, level }),
            body,
        };
    }
    Block {
        heading: None,
        body: span,
    }
}

/// Byte offset just past the first sentence end of `s` (or `s.len()`).
fn first_sentence_end(s: &str) -> usize {
    let mut depth = 0i32;
    for (i, c) in marks(s) {
        if depth == 0
            && let Some(end) = sentence_end(s, i, c)
        {
            return end;
        }
        depth = (depth + bracket_delta(c)).max(0);
    }
    s.len()
}

/// Splits `span` of `text` at the characters `cut` accepts, outside
/// brackets and quotes. The cutting character stays with the piece before.
/// `cut` must accept only characters [`marks`] yields.
fn split_by(text: &str, span: Span, cut: impl Fn(&str, usize, char) -> Option<usize>) -> Vec<Span> {
    let s = &text[span.range()];
    let mut out = Vec::new();
    let mut push = |start: usize, end: usize| {
        let piece = trim_span(text, Span::new(span.start + start, span.start + end));
        if !piece.is_empty() {
            out.push(piece);
        }
    };
    let mut start = 0;
    let mut depth = 0i32;
    for (i, c) in marks(s) {
        let d = bracket_delta(c);
        if depth == 0
            && d == 0
            && let Some(end) = cut(s, i, c)
        {
            push(start, end);
            start = end;
        }
        // A closing quote that ends a sentence inside it ("……。”) ends it here.
        depth = (depth + d).max(0);
    }
    if start < s.len() {
        push(start, s.len());
    }
    out
}

/// The sentences of a span (ending at 。！？；).
pub(crate) fn sentences(text: &str, span: Span) -> Vec<Span> {
    split_by(text, span, sentence_end)
}

/// The clauses of a sentence (cut at ， ： and the like). The extractor
/// gets them from [`sentences_and_clauses`]; this is the plain definition
/// the tests hold that one to.
#[cfg(test)]
fn clauses(text: &str, span: Span) -> Vec<Span> {
    split_by(text, span, |_, i, c| {
        cuts_clause(c).then(|| i + c.len_utf8())
    })
}

fn cuts_clause(c: char) -> bool {
    matches!(c, '，' | '：' | ',' | ':')
}

/// [`sentences`] of a span, each with its [`clauses`], in one pass: a
/// sentence is cut outside brackets, so the brackets are closed where it
/// starts and its clauses are the cuts made on the way.
pub(crate) fn sentences_and_clauses(text: &str, span: Span) -> Vec<(Span, Vec<Span>)> {
    let s = &text[span.range()];
    let piece =
        |start: usize, end: usize| trim_span(text, Span::new(span.start + start, span.start + end));
    let mut out = Vec::new();
    let mut clauses = Vec::new();
    let push_clause = |clauses: &mut Vec<Span>, start: usize, end: usize| {
        let p = piece(start, end);
        if !p.is_empty() {
            clauses.push(p);
        }
    };
    let (mut sentence_start, mut clause_start) = (0, 0);
    let mut depth = 0i32;
    for (i, c) in marks(s) {
        let d = bracket_delta(c);
        if depth == 0 && d == 0 {
            let end = sentence_end(s, i, c).unwrap_or(i + c.len_utf8());
            if sentence_end(s, i, c).is_some() {
                push_clause(&mut clauses, clause_start, end);
                let sentence = piece(sentence_start, end);
                if sentence.is_empty() {
                    clauses.clear();
                } else {
                    out.push((sentence, std::mem::take(&mut clauses)));
                }
                (sentence_start, clause_start) = (end, end);
            } else if cuts_clause(c) {
                push_clause(&mut clauses, clause_start, end);
                clause_start = end;
            }
        }
        depth = (depth + d).max(0);
    }
    if sentence_start < s.len() {
        push_clause(&mut clauses, clause_start, s.len());
        let sentence = piece(sentence_start, s.len());
        if !sentence.is_empty() {
            out.push((sentence, clauses));
        }
    }
    out
}

/// A clause without its trailing punctuation.
pub(crate) fn strip_punct(s: &str) -> &str {
    s.trim_end_matches(|c: char| {
        matches!(
            c,
            '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';' | ':' | '!' | '?' | '、'
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any text of cutting characters, brackets and words.
        #[test]
        fn one_pass_is_the_two_passes(text in "[要抓好，：。；！？“”（）《》 \n,:;a]{0,40}") {
            let span = Span::new(0, text.len());
            let two_passes: Vec<(Span, Vec<Span>)> = sentences(&text, span)
                .into_iter()
                .map(|s| (s, clauses(&text, s)))
                .collect();
            proptest::prop_assert_eq!(sentences_and_clauses(&text, span), two_passes);
        }
    }

    #[test]
    fn page_numbers_and_sentences_broken_at_a_page_end() {
        for p in ["12", "- 12 -", "－3－", "第12页", "3/20", "—  7  —"] {
            assert!(is_page_number(p), "{p}");
        }
        for p in ["2024年", "12个乡镇", "一、", ""] {
            assert!(!is_page_number(p), "{p}");
        }
        let text =
            "县公安局要加强对全县重点场所和重点时段的巡逻\n- 3 -\n防控，确保稳定。\n二、强化保障";
        let lines: Vec<Block> = [(0, 66), (67, 72), (73, 97), (98, text.len())]
            .into_iter()
            .map(|(a, b)| Block {
                heading: None,
                body: Span::new(a, b),
            })
            .collect();
        let joined = join_broken(text, lines);
        assert_eq!(joined.len(), 2);
        let first = &text[joined[0].body.range()];
        assert_eq!(
            pieces(first, sentences),
            ["县公安局要加强对全县重点场所和重点时段的巡逻\n- 3 -\n防控，确保稳定。"]
        );
    }

    #[test]
    fn parts_of_a_speech_and_photo_credits() {
        assert_eq!(
            heading_marker("第二个问题：清醒认识面临的挑战。"),
            Some(("第二个问题：".len(), 1))
        );
        assert_eq!(
            heading_marker("第二部分，工作安排"),
            Some(("第二部分，".len(), 1))
        );
        assert_eq!(heading_marker("第二个问题是什么"), None);
        let text = "这是县长在某村调研。 记者 张某/摄一是加强领导。";
        assert_eq!(
            pieces(text, sentences),
            ["这是县长在某村调研。", "记者 张某/摄", "一是加强领导。"]
        );
    }

    #[test]
    fn one_pass_gives_the_sentences_and_their_clauses() {
        for text in [
            "要加强监管，确保安全。各地要落实责任；县公安局负责，县司法局配合！",
            "  他说：“要抓好，要落实。”然后，要汇报。\n第二行，没有句号",
            "（一）加强领导，压实责任。（二）强化督导：每月通报，年底考核",
            "，，。；  \n  。要做",
            "",
        ] {
            let span = Span::new(0, text.len());
            let two_passes: Vec<(Span, Vec<Span>)> = sentences(text, span)
                .into_iter()
                .map(|s| (s, clauses(text, s)))
                .collect();
            assert_eq!(sentences_and_clauses(text, span), two_passes, "{text:?}");
        }
    }

    fn pieces(text: &str, f: fn(&str, Span) -> Vec<Span>) -> Vec<&str> {
        f(text, Span::new(0, text.len()))
            .into_iter()
            .map(|s| &text[s.range()])
            .collect()
    }

    #[test]
    fn marks_yield_every_character_that_cuts() {
        let cuts = |c: char| {
            bracket_delta(c) != 0
                || ends_sentence(c)
                || c.is_whitespace()
                || matches!(c, '，' | '：' | ',' | ':')
        };
        let mut buf = [0u8; 4];
        for c in (char::MIN..=char::MAX).filter(|&c| cuts(c)) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(marks(s).collect::<Vec<_>>(), vec![(0, c)], "{c:?}");
        }
        let text = "a（一）、𠀀。é\u{3000}加强 “管理”；\n";
        let all: Vec<(usize, char)> = text.char_indices().filter(|&(_, c)| cuts(c)).collect();
        let marked: Vec<(usize, char)> = marks(text).filter(|&(_, c)| cuts(c)).collect();
        assert_eq!(marked, all);
    }

    #[test]
    fn heading_markers() {
        let cases: &[(&str, Option<u8>)] = &[
            ("一、加强领导", Some(1)),
            ("十二、其他", Some(1)),
            ("（三）压实责任", Some(2)),
            ("(一)压实责任", Some(2)),
            ("第一，强化导向", Some(2)),
            ("（1）细则", Some(3)),
            ("1.细则", Some(3)),
            ("2、细则", Some(3)),
            ("1.5万人", None),
            ("一是加强", None),
            ("一些企业", None),
            ("第一时间报告", None),
        ];
        for &(s, want) in cases {
            assert_eq!(heading_marker(s).map(|(_, l)| l), want, "input {s:?}");
        }
    }

    #[test]
    fn sentences_respect_quotes_and_brackets() {
        let text = "要坚决行使“一票否决权。”对县（市）区要挂牌整治；限期整改！好吗？";
        assert_eq!(
            pieces(text, sentences),
            vec![
                "要坚决行使“一票否决权。”对县（市）区要挂牌整治；",
                "限期整改！",
                "好吗？"
            ]
        );
    }

    #[test]
    fn clauses_cut_at_commas_outside_brackets() {
        let text = "公安、文化等部门要加强管理，遏制蔓延：做到《条例（试行，修订）》所说";
        assert_eq!(
            pieces(text, clauses),
            vec![
                "公安、文化等部门要加强管理，",
                "遏制蔓延：",
                "做到《条例（试行，修订）》所说"
            ]
        );
    }

    #[test]
    fn points_split_when_text_lost_its_line_breaks() {
        let text = "下面讲两点。一、抓好落实。各部门要落实。（一）细化任务。要细化。二、强化保障。要保障。";
        let spans = split_points(text, Span::new(0, text.len()));
        let got: Vec<&str> = spans.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(
            got,
            vec![
                "下面讲两点。",
                "一、抓好落实。各部门要落实。",
                "（一）细化任务。要细化。",
                "二、强化保障。要保障。"
            ]
        );
        let b = block_of(text, spans[1], false);
        assert_eq!(
            &text[b
                .heading
                .as_ref()
                .map(|h| h.span)
                .unwrap_or_default()
                .range()],
            "一、抓好落实。"
        );
        assert_eq!(&text[b.body.range()], "各部门要落实。");
    }

    #[test]
    fn heading_ends_at_a_space_when_line_breaks_were_lost() {
        let text = "一、2023年工作回顾 2023年，全市较好完成了年度目标任务。";
        let b = block_of(text, Span::new(0, text.len()), false);
        let h = b.heading.expect("heading");
        assert_eq!(&text[h.span.range()], "一、2023年工作回顾");
        assert_eq!(
            &text[b.body.range()],
            "2023年，全市较好完成了年度目标任务。"
        );
    }

    #[test]
    fn long_first_sentence_is_body_not_heading() {
        let text = "（三）市场监管部门要加强电梯、锅炉、压力容器等特种设备安全监管，年内完成排查。";
        let b = block_of(text, Span::new(0, text.len()), false);
        assert!(b.heading.is_none());
    }
}
