//! Paragraphs from positioned text: the step every laid-out format (OFD;
//! PDF does the same on its own side for now) needs, since such files keep
//! lines, not paragraphs, and Chinese lines break mid-sentence.
//!
//! Owns the geometry rules: runs on one baseline are a line; the first and
//! last two lines of a page are a running header or footer when they are
//! page numbers or repeat (digits aside) on at least half the pages; a line
//! starts a paragraph when it is indented (首行缩进) or centred, when the
//! line before it stopped clearly short of the text's right edge, when its
//! font size changes (headings) or after a gap wider than the usual line
//! spacing — except that a centred title set larger than the text keeps
//! its wrapped lines together. Units are whatever the file uses
//! (millimetres in OFD).

use std::collections::HashMap;

/// Text placed on a page: left edge, right edge, baseline (y grows down).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub page: usize,
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    pub size: f64,
    pub text: String,
}

/// The paragraphs of the runs, pages in the order given.
pub(crate) fn paragraphs(runs: Vec<Run>) -> Vec<String> {
    let lines = drop_running_lines(lines(runs));
    if lines.is_empty() {
        return Vec::new();
    }
    let body_size = mode(lines.iter().map(|l| l.size), 0.1, false).unwrap_or(3.5);
    let left = mode(lines.iter().map(|l| l.x0), body_size / 2.0, false).unwrap_or(0.0);
    // Full lines of justified text all end at the right edge.
    let right = mode(
        lines
            .iter()
            .filter(|l| l.x0 < left + body_size)
            .map(|l| l.x1),
        body_size / 2.0,
        true,
    )
    .unwrap_or(f64::MAX);
    let mut gaps: Vec<f64> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .map(|w| w[1].y - w[0].y)
        .filter(|g| *g > 0.0)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let spacing = gaps.get(gaps.len() / 2).copied().unwrap_or(f64::MAX);

    // A title set larger than the text and centred may wrap: its lines
    // follow each other closely, all centred, all in its size.
    let centred = |l: &Line| {
        l.x0 > left + 0.8 * body_size && ((l.x0 + l.x1) - (left + right)).abs() < 2.0 * body_size
    };
    let wrapped_title = |p: &Line, l: &Line| {
        l.page == p.page
            && l.size > 1.15 * body_size
            && (l.size - p.size).abs() <= 0.15 * body_size
            && l.y - p.y < 2.0 * l.size
            && centred(p)
            && centred(l)
    };
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for line in &lines {
        let starts = match prev {
            None => true,
            Some(p) if wrapped_title(p, line) => false,
            Some(p) => {
                line.x0 > left + 0.8 * body_size
                    || p.x1 < right - 1.5 * body_size
                    || (line.size - p.size).abs() > 0.15 * body_size
                    || (line.page == p.page && line.y - p.y > 1.8 * spacing)
            }
        };
        match out.last_mut() {
            Some(last) if !starts => {
                // Chinese lines join as they are, numbers too ("12" + "86");
                // only Latin words broken at the line end get a space.
                let glue = last.chars().last().is_some_and(|c| c.is_ascii_alphabetic())
                    && line.text.starts_with(|c: char| c.is_ascii_alphabetic());
                if glue {
                    last.push(' ');
                }
                last.push_str(&line.text);
            }
            _ => out.push(line.text.clone()),
        }
        prev = Some(line);
    }
    out
}

#[derive(Debug, Clone)]
struct Line {
    page: usize,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
}

/// Runs grouped into lines: same page, baselines within 0.4 of a font size,
/// read left to right. Pages keep their order; lines go top to bottom.
fn lines(mut runs: Vec<Run>) -> Vec<Line> {
    runs.sort_by(|a, b| a.page.cmp(&b.page).then(a.y.total_cmp(&b.y)));
    let mut out: Vec<Line> = Vec::new();
    let mut group: Vec<Run> = Vec::new();
    let flush = |group: &mut Vec<Run>, out: &mut Vec<Line>| {
        if group.is_empty() {
            return;
        }
        group.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut text = String::new();
        let mut end: Option<f64> = None;
        for r in group.iter() {
            // Words set apart on one line (a signature, a date) keep a space.
            if end.is_some_and(|e| r.x0 - e > r.size) && !text.ends_with(' ') {
                text.push(' ');
            }
            text.push_str(r.text.trim_end());
            end = Some(r.x1);
        }
        let size = group.iter().map(|r| r.size).fold(0.0, f64::max);
        out.push(Line {
            page: group[0].page,
            x0: group[0].x0,
            x1: group.iter().map(|r| r.x1).fold(f64::MIN, f64::max),
            y: group[0].y,
            size,
            text: text.trim().to_owned(),
        });
        group.clear();
    };
    for run in runs {
        let same = group.first().is_some_and(|g| {
            g.page == run.page && (run.y - g.y).abs() <= 0.4 * g.size.max(run.size)
        });
        if !same {
            flush(&mut group, &mut out);
        }
        group.push(run);
    }
    flush(&mut group, &mut out);
    out.retain(|l| !l.text.is_empty());
    out
}

/// How many lines at each edge of a page may be a header or a footer.
const EDGE_LINES: usize = 2;

/// Drops page numbers and lines that repeat at the same edge of at least
/// half the pages (two at least): running heads, a footer's office name.
fn drop_running_lines(lines: Vec<Line>) -> Vec<Line> {
    let pages: Vec<usize> = {
        let mut p: Vec<usize> = lines.iter().map(|l| l.page).collect();
        p.dedup();
        p
    };
    // (edge, text with digits masked) → pages it appears on.
    let mut seen: HashMap<(bool, String), usize> = HashMap::new();
    let edges = |page: usize| -> Vec<(usize, bool)> {
        let on: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].page == page)
            .collect();
        let top = on.iter().take(EDGE_LINES).map(|&i| (i, true));
        let bottom = on.iter().rev().take(EDGE_LINES).map(|&i| (i, false));
        top.chain(bottom).collect()
    };
    let mut candidates = Vec::new();
    for &page in &pages {
        for (i, top) in edges(page) {
            *seen.entry((top, masked(&lines[i].text))).or_default() += 1;
            candidates.push((i, top));
        }
    }
    let needed = (pages.len() / 2).max(2);
    let mut dropped = vec![false; lines.len()];
    for (i, top) in candidates {
        let repeats = seen
            .get(&(top, masked(&lines[i].text)))
            .is_some_and(|n| *n >= needed);
        if repeats || is_page_number(&lines[i].text) {
            dropped[i] = true;
        }
    }
    lines
        .into_iter()
        .zip(dropped)
        .filter(|(_, d)| !d)
        .map(|(l, _)| l)
        .collect()
}

fn masked(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// "3", "- 3 -", "— 3 —", "第3页", "第 3 页 共 10 页", "3/10", "Page 3".
fn is_page_number(text: &str) -> bool {
    let mut rest = text.to_owned();
    for word in ["Page", "page", "of"] {
        rest = rest.replace(word, "");
    }
    rest.chars().any(|c| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "-—–－/第页共".contains(c))
}

/// The most common value, values within `step` of each other counted as
/// one; ties go to the smaller value, or the larger with `larger`.
fn mode(values: impl Iterator<Item = f64>, step: f64, larger: bool) -> Option<f64> {
    let step = if step > 0.0 { step } else { 1.0 };
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for v in values {
        *counts.entry((v / step).round() as i64).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| {
            let by_value = if larger { a.0.cmp(&b.0) } else { b.0.cmp(&a.0) };
            a.1.cmp(&b.1).then(by_value)
        })
        .map(|(k, _)| k as f64 * step)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn run(page: usize, x0: f64, y: f64, text: &str) -> Run {
        let n = text.chars().count() as f64;
        Run {
            page,
            x0,
            x1: x0 + n * 4.0,
            y,
            size: 4.0,
            text: text.to_owned(),
        }
    }

    #[test]
    fn lines_join_into_paragraphs() {
        let runs = vec![
            // A line in two runs, given out of order.
            run(0, 33.0, 40.0, "五六七八九十一二"),
            run(0, 25.0, 40.0, "一二"),
            run(0, 25.0, 47.0, "甲乙丙丁戊己庚辛壬癸"),
            run(0, 25.0, 54.0, "完。"),
            run(0, 33.0, 61.0, "新段落开始了这里"),
            run(0, 25.0, 68.0, "延续"),
        ];
        // 一二 ends at 33, where 五… starts: no gap, no space.
        assert_eq!(
            paragraphs(runs),
            [
                "一二五六七八九十一二甲乙丙丁戊己庚辛壬癸完。",
                "新段落开始了这里延续"
            ]
        );
    }

    #[test]
    fn page_numbers_and_masks() {
        for t in [
            "3",
            "- 3 -",
            "— 12 —",
            "第3页",
            "第 3 页 共 10 页",
            "3/10",
            "Page 3",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["三、总体要求", "2024年", "", "- -"] {
            assert!(!is_page_number(t), "{t}");
        }
        assert_eq!(masked("第 12 期"), "第##期");
    }
}
