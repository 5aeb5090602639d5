//! A PDF page's positioned text → the speech's paragraphs.
//!
//! Owns lines from text runs, dropping running headers, footers and page
//! numbers, and rebuilding paragraphs from line geometry (Chinese PDFs
//! break lines mid-sentence). Must not know PDF syntax: it is given runs
//! with their positions, page by page.

use std::collections::HashMap;

/// A piece of text shown by one operator, in page space (points, y up).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    pub text: String,
}

#[derive(Debug, Clone)]
struct Line {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    text: String,
    page: usize,
}

/// Paragraphs in reading order (top to bottom, one column).
pub(crate) fn paragraphs(pages: Vec<Vec<Run>>) -> Vec<String> {
    let mut per_page: Vec<Vec<Line>> = pages
        .into_iter()
        .enumerate()
        .map(|(page, runs)| lines_of(page, runs))
        .collect();
    drop_running_lines(&mut per_page);
    let lines: Vec<Line> = per_page.into_iter().flatten().collect();
    join_lines(&lines)
}

/// Groups a page's runs into lines by baseline, each line read left to right.
fn lines_of(page: usize, mut runs: Vec<Run>) -> Vec<Line> {
    runs.retain(|r| !r.text.trim().is_empty() && r.x0.is_finite() && r.y.is_finite());
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<Run>> = Vec::new();
    for run in runs {
        match groups.last_mut() {
            Some(g) if same_line(&g[0], &run) => g.push(run),
            _ => groups.push(vec![run]),
        }
    }
    groups
        .into_iter()
        .map(|mut g| {
            g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let size = g.iter().map(|r| r.size).fold(0.0, f32::max);
            let mut text = String::new();
            let mut end = f32::NEG_INFINITY;
            for r in &g {
                // A wide gap was a space the PDF drew as a move; between Latin
                // words any gap is one.
                let gap = r.x0 - end;
                let latin = text.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && r.text.starts_with(|c: char| c.is_ascii_alphanumeric());
                if !text.is_empty() && (gap > 0.8 * size || (latin && gap > 0.15 * size)) {
                    text.push(' ');
                }
                text.push_str(&r.text);
                end = end.max(r.x1);
            }
            Line {
                x0: g[0].x0,
                x1: end,
                y: g[0].y,
                size,
                text: text.trim().to_owned(),
                page,
            }
        })
        .collect()
}

fn same_line(first: &Run, run: &Run) -> bool {
    (first.y - run.y).abs() < 0.4 * first.size.max(run.size).max(1.0)
}

/// How many lines at each end of a page may be a header or footer.
const EDGE_LINES: usize = 2;

/// Drops page numbers at a page's top or bottom, and lines there that
/// repeat (digits aside) on at least half the pages.
fn drop_running_lines(pages: &mut [Vec<Line>]) {
    let key = |l: &Line| -> String {
        l.text
            .chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let edges = |lines: &[Line]| -> Vec<usize> {
        let n = lines.len();
        let mut idx: Vec<usize> = (0..n.min(EDGE_LINES)).collect();
        idx.extend(n.saturating_sub(EDGE_LINES).max(EDGE_LINES.min(n))..n);
        idx
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for lines in pages.iter() {
        let mut keys: Vec<String> = edges(lines).into_iter().map(|i| key(&lines[i])).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let count = pages.len();
    let repeats = |k: &str| {
        let n = seen.get(k).copied().unwrap_or(0);
        n >= 2 && n * 2 >= count
    };
    for lines in pages.iter_mut() {
        let drop: Vec<usize> = edges(lines)
            .into_iter()
            .filter(|&i| is_page_number(&lines[i].text) || repeats(&key(&lines[i])))
            .collect();
        let mut i = 0;
        lines.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
    }
}

/// `3`, `- 3 -`, `—3—`, `第3页`, `第 3 页 共 10 页`, `3/10`, `Page 3 of 10`.
pub(crate) fn is_page_number(text: &str) -> bool {
    let s: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if !s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let rest: String = s
        .trim_matches(|c| "-—－–~·".contains(c))
        .chars()
        .filter(|c| !c.is_ascii_digit() && *c != '/')
        .collect();
    matches!(
        rest.as_str(),
        "" | "第页" | "第页共页" | "共页第页" | "page" | "pageof"
    )
}

/// What the body text looks like: its size, left edge, right edge and line
/// spacing.
struct Body {
    size: f32,
    left: f32,
    right: f32,
    spacing: f32,
}

fn body_of(lines: &[Line]) -> Body {
    let mode = |values: Vec<f32>, unit: f32| -> f32 {
        let mut counts: HashMap<i64, usize> = HashMap::new();
        for v in &values {
            *counts.entry((v / unit).round() as i64).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by_key(|&(k, n)| (n, -k))
            .map_or(0.0, |(k, _)| k as f32 * unit)
    };
    let size = mode(lines.iter().map(|l| l.size).collect(), 0.5).max(1.0);
    let body: Vec<&Line> = lines
        .iter()
        .filter(|l| (l.size - size).abs() <= 0.15 * size)
        .collect();
    let left = mode(body.iter().map(|l| l.x0).collect(), 1.0);
    let mut ends: Vec<f32> = body.iter().map(|l| l.x1).collect();
    ends.sort_by(f32::total_cmp);
    let right = ends
        .get(ends.len().saturating_sub(1) * 19 / 20)
        .copied()
        .unwrap_or(left);
    let mut gaps: Vec<f32> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .map(|w| w[0].y - w[1].y)
        .filter(|g| *g > 0.0)
        .collect();
    gaps.sort_by(f32::total_cmp);
    let spacing = gaps.get(gaps.len() / 4).copied().unwrap_or(size * 1.5);
    Body {
        size,
        left,
        right,
        spacing,
    }
}

/// Joins lines into paragraphs. A paragraph ends at a short line, before an
/// indented (首行缩进) or centred line, at a wider gap, at a change of size,
/// and before a numbered heading (一、 （一） 第一条) after a full stop.
fn join_lines(lines: &[Line]) -> Vec<String> {
    let body = body_of(lines);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, line) in lines.iter().enumerate() {
        if current.ends_with(|c: char| c.is_ascii_alphanumeric())
            && line.text.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            current.push(' ');
        }
        current.push_str(&line.text);
        let ends = lines
            .get(i + 1)
            .is_none_or(|next| breaks(&body, line, next));
        if ends {
            out.push(std::mem::take(&mut current));
        }
    }
    out
}

fn breaks(body: &Body, line: &Line, next: &Line) -> bool {
    let s = body.size;
    let short = line.x1 < body.right - 2.0 * s;
    let indented = next.x0 > body.left + 0.9 * s;
    let gap = line.page == next.page && line.y - next.y > 1.4 * body.spacing;
    let resized = (line.size - next.size).abs() > 0.15 * s;
    let numbered =
        line.text.ends_with(['。', '；', '：', '！', '？']) && starts_numbered(&next.text);
    short || indented || gap || resized || numbered
}

const NUMERALS: &str = "一二三四五六七八九十百零〇";

/// A heading's numbering: `一、`, `（一）`, `(1)`, `1.`, `1、`, `第一条`.
fn starts_numbered(text: &str) -> bool {
    let t = text.trim_start();
    let inner = t
        .strip_prefix(['（', '('])
        .map(|rest| (rest, ['）', ')'].as_slice()));
    let (rest, closers): (&str, &[char]) = inner.unwrap_or((t, &['、', '.', '．']));
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let num_end = rest
        .char_indices()
        .find(|(_, c)| !(NUMERALS.contains(*c) || c.is_ascii_digit()))
        .map_or(rest.len(), |(i, _)| i);
    if num_end == 0 {
        return false;
    }
    let after = &rest[num_end..];
    after.starts_with(closers)
        || (t.starts_with('第') && after.starts_with(['条', '章', '部', '节']))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A run of `n` body characters (size 10) starting at `x`.
    fn run(x: f32, y: f32, text: &str) -> Run {
        let n = text.chars().count() as f32;
        Run {
            x0: x,
            x1: x + 10.0 * n,
            y,
            size: 10.0,
            text: text.to_owned(),
        }
    }

    #[test]
    fn page_numbers() {
        for (text, want) in [
            ("3", true),
            ("- 3 -", true),
            ("—12—", true),
            ("第3页", true),
            ("第 3 页 共 10 页", true),
            ("3/10", true),
            ("Page 3 of 10", true),
            ("三、工作要求", false),
            ("2024年", false),
            ("第三页", false),
            ("", false),
        ] {
            assert_eq!(is_page_number(text), want, "{text}");
        }
    }

    #[test]
    fn numbered_headings() {
        for (text, want) in [
            ("一、总体要求", true),
            ("（二）压实责任", true),
            ("(3)加强", true),
            ("1.落实", true),
            ("第三条 各部门", true),
            ("第一部分", true),
            ("一是要加强", false),
            ("各部门要", false),
            ("2024年", false),
        ] {
            assert_eq!(starts_numbered(text), want, "{text}");
        }
    }

    #[test]
    fn lines_join_into_paragraphs_and_headings_stay_apart() {
        // Margins 50..250 (20 characters of 10 pt), line spacing 15.
        let page = vec![
            run(110.0, 800.0, "关于某事的讲话"),
            run(50.0, 770.0, "一、总体要求"),
            run(70.0, 755.0, "各部门要高度重视安全生产工作，切实"),
            run(50.0, 740.0, "履行职责，确保各项措施落到实处，防止"),
            run(50.0, 725.0, "发生事故。"),
            run(70.0, 710.0, "市应急管理局要牵头开展检查。"),
        ];
        let got = paragraphs(vec![page]);
        assert_eq!(
            got,
            [
                "关于某事的讲话",
                "一、总体要求",
                "各部门要高度重视安全生产工作，切实履行职责，确保各项措施落到实处，防止发生事故。",
                "市应急管理局要牵头开展检查。"
            ]
        );
    }

    #[test]
    fn runs_on_one_baseline_are_one_line_read_left_to_right() {
        let page = vec![
            run(90.0, 700.3, "管理局"),
            run(50.0, 700.0, "市应急"),
            Run {
                x0: 120.0,
                x1: 140.0,
                y: 700.0,
                size: 10.0,
                text: "要".into(),
            },
        ];
        assert_eq!(paragraphs(vec![page]), ["市应急 管理局要"]);
    }

    #[test]
    fn headers_footers_and_page_numbers_are_dropped() {
        let page = |n: usize, first: &str, last: &str| {
            vec![
                run(50.0, 820.0, "某市人民政府办公室文件"),
                run(70.0, 780.0, first),
                run(50.0, 765.0, last),
                run(140.0, 40.0, &format!("- {n} -")),
            ]
        };
        let got = paragraphs(vec![
            page(1, "这是第一页的正文，写满一整行的文字。", "一。"),
            page(2, "这是第二页的正文，写满一整行的文字。", "二。"),
            page(3, "这是第三页的正文，写满一整行的文字。", "三。"),
        ]);
        assert_eq!(
            got,
            [
                "这是第一页的正文，写满一整行的文字。一。",
                "这是第二页的正文，写满一整行的文字。二。",
                "这是第三页的正文，写满一整行的文字。三。"
            ]
        );
    }

    #[test]
    fn a_sentence_broken_across_pages_is_joined() {
        let p1 = vec![
            run(70.0, 780.0, "各部门要高度重视安全生产工作，切实"),
            run(50.0, 765.0, "履行职责，确保各项措施落到实处，防止"),
        ];
        let p2 = vec![run(50.0, 780.0, "发生事故。"), run(70.0, 765.0, "下一段。")];
        let got = paragraphs(vec![p1, p2]);
        assert_eq!(
            got,
            [
                "各部门要高度重视安全生产工作，切实履行职责，确保各项措施落到实处，防止发生事故。",
                "下一段。"
            ]
        );
    }
}
