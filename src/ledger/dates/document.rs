//! The date of a document, from its text or title. Reads only the first
//! and last lines of a text, so a long speech costs no more than a short
//! one.

use chrono::NaiveDate;

use super::{Number, digit, number, ymd};

/// How many non-empty lines at each end of a text can hold its date line.
const EDGE_LINES: usize = 8;

/// A document's date from its text: the date line, or failing that a date
/// or year in the title; `None` if neither has one.
///
/// In order:
/// 1. a line that is a date and nothing else, among the first or the last
///    lines (the date under a speech's title, the date under a 会议纪要's
///    signature): `2024年3月15日`, `（2024年3月15日）`, `二〇二四年三月十五日`,
///    `2024.3.15`, `2024-03-15`, `2024/3/15`, in ASCII or full-width digits;
/// 2. among the first lines, a date opening a bracket (`在…会议上的讲话
///    （2024年3月15日）`, `（2024年3月15日在…上的讲话）`), a line that opens
///    with a date (`2024年3月15日在…`), or a labelled one (`时间：2024年3月
///    15日上午`, `日期：`);
/// 3. in the title, a date; else a year and month (the month's first day);
///    else the latest year written (`2024年工作要点` → 2024-01-01, so that
///    the year's deadlines all fall in that year).
pub fn document_date(title: &str, text: &str) -> Option<NaiveDate> {
    let lines = || text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = || lines().take(EDGE_LINES);
    let last = || lines().rev().take(EDGE_LINES);
    first()
        .chain(last())
        .find_map(alone)
        .or_else(|| first().find_map(introduced))
        .or_else(|| in_title(title))
}

/// A line that is a date and nothing else (brackets and dashes aside).
fn alone(line: &str) -> Option<NaiveDate> {
    let inner = line
        .trim_start_matches(|c: char| "（(【〔[—－-―".contains(c) || c.is_whitespace())
        .trim_end_matches(|c: char| "）)】〕]".contains(c) || c.is_whitespace());
    let (date, len) = full_date(inner)?;
    inner[len..].trim().is_empty().then_some(date)
}

/// A date a first line introduces: after an opening bracket, at the
/// line's start before what happened that day, after a 时间 / 日期 label.
fn introduced(line: &str) -> Option<NaiveDate> {
    if let Some((date, _)) = full_date(line) {
        return Some(date);
    }
    for (i, c) in line.char_indices() {
        if matches!(c, '（' | '(' | '：' | ':')
            && (matches!(c, '（' | '(') || is_label(&line[..i]))
            && let Some((date, _)) = full_date(line[i + c.len_utf8()..].trim_start())
        {
            return Some(date);
        }
    }
    None
}

/// Whether a label before a colon names a date (时间, 会议时间, 日期, 印发日期).
fn is_label(before: &str) -> bool {
    let label = before.trim();
    label.chars().count() <= 6 && (label.ends_with("时间") || label.ends_with("日期"))
}

/// A date in the title, else its first day of a month, else 1 January of
/// the latest year written.
fn in_title(title: &str) -> Option<NaiveDate> {
    let starts = || {
        let mut after_digit = false;
        title.char_indices().filter_map(move |(i, c)| {
            let start = !after_digit;
            after_digit = digit(c).is_some() || super::chinese_digit(c, true).is_some();
            start.then_some(i)
        })
    };
    if let Some(date) = starts().find_map(|i| full_date(&title[i..]).map(|(d, _)| d)) {
        return Some(date);
    }
    if let Some(date) = starts().find_map(|i| year_month(&title[i..])) {
        return Some(date);
    }
    starts()
        .filter_map(|i| {
            let (y, len) = year(&title[i..])?;
            title[i + len..].trim_start().starts_with('年').then_some(y)
        })
        .max()
        .and_then(|y| ymd(y, 1, 1))
}

/// `2024年3月` at the start of `s`: the month's first day.
fn year_month(s: &str) -> Option<NaiveDate> {
    let (y, len) = year(s)?;
    let rest = s[len..].trim_start().strip_prefix('年')?.trim_start();
    let m = number(rest)?;
    rest[m.len..]
        .trim_start()
        .starts_with('月')
        .then(|| ymd(y, m.value, 1))?
}

/// A four-digit year in the range a document can have.
fn year(s: &str) -> Option<(i32, usize)> {
    let Number { value, len, digits } = number(s)?;
    (digits == 4 && (1900..=2200).contains(&value)).then_some((value as i32, len))
}

/// A whole date at the start of `s`, and its length: `2024年3月15日` (日 or
/// 号, spaces allowed between the parts, Chinese numerals too), or
/// `2024.3.15` / `2024-03-15` / `2024/3/15` (ASCII or full-width).
fn full_date(s: &str) -> Option<(NaiveDate, usize)> {
    let (y, mut p) = year(s)?;
    let sep = s[p..].trim_start().chars().next()?;
    let mut next = |parts: &[char]| -> Option<u32> {
        let skip = s[p..].len() - s[p..].trim_start().len();
        p += skip;
        let c = s[p..].chars().next()?;
        if !parts.contains(&c) {
            return None;
        }
        p += c.len_utf8();
        let skip = s[p..].len() - s[p..].trim_start().len();
        p += skip;
        let n = number(&s[p..])?;
        p += n.len;
        Some(n.value)
    };
    let (m, d) = if sep == '年' {
        let m = next(&['年'])?;
        let d = next(&['月'])?;
        let rest = s[p..].trim_start();
        let end = rest.chars().next().filter(|c| matches!(c, '日' | '号'))?;
        p = s.len() - rest.len() + end.len_utf8();
        (m, d)
    } else if matches!(sep, '.' | '-' | '/' | '．' | '－' | '／') {
        let m = next(&[sep])?;
        let d = next(&[sep])?;
        (m, d)
    } else {
        return None;
    };
    Some((ymd(y, m, d)?, p))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<NaiveDate> {
        super::super::parse_iso(s)
    }

    /// A body long enough that its middle is neither its start nor its end.
    fn body() -> String {
        (1..=20)
            .map(|i| format!("第{i}段。各单位要抓好落实，2023年5月6日前报送。\n"))
            .collect()
    }

    #[test]
    fn date_lines_titles_and_none() {
        let body = body();
        let cases: Vec<(&str, String, Option<&str>)> = vec![
            (
                "在全市安全生产工作会议上的讲话",
                format!("在全市安全生产工作会议上的讲话\n（2024年3月15日）\n{body}"),
                Some("2024-03-15"),
            ),
            (
                "会议纪要",
                format!("关于推进某项工作的会议纪要\n{body}市政府办公室\n2024年3月15日\n"),
                Some("2024-03-15"),
            ),
            (
                "讲话",
                format!("讲话\n二〇二四年三月十五日\n{body}"),
                Some("2024-03-15"),
            ),
            (
                "讲话",
                format!("讲话\n二○二四年十二月三十一日\n{body}"),
                Some("2024-12-31"),
            ),
            (
                "讲话",
                format!("讲话\n 2024.3.15 \n{body}"),
                Some("2024-03-15"),
            ),
            (
                "讲话",
                format!("讲话\n2024-03-15\n{body}"),
                Some("2024-03-15"),
            ),
            (
                "讲话",
                format!("讲话\n(2024/3/5)\n{body}"),
                Some("2024-03-05"),
            ),
            (
                "讲话",
                format!("讲话\n２０２４年３月１５日\n{body}"),
                Some("2024-03-15"),
            ),
            (
                "讲话",
                format!("讲话\n2024 年 3 月 15 日\n{body}"),
                Some("2024-03-15"),
            ),
            (
                "讲话",
                format!("——在全市经济工作会议上的讲话（2024年1月8日）\n{body}"),
                Some("2024-01-08"),
            ),
            (
                "讲话",
                format!("（2024年1月8日在全市经济工作会议上）\n{body}"),
                Some("2024-01-08"),
            ),
            (
                "纪要",
                format!("某某会议纪要\n时间：2024年3月15日上午\n地点：市政府第一会议室\n{body}"),
                Some("2024-03-15"),
            ),
            // The date line wins over the title's year.
            (
                "2023年工作要点",
                format!("2023年工作要点\n2023年2月1日\n{body}"),
                Some("2023-02-01"),
            ),
            // Only the title has one.
            (
                "2024年全市安全生产工作要点",
                body.clone(),
                Some("2024-01-01"),
            ),
            (
                "关于2023年工作总结和2024年工作安排的报告",
                body.clone(),
                Some("2024-01-01"),
            ),
            (
                "2024年3月全市重点工作调度会纪要",
                body.clone(),
                Some("2024-03-01"),
            ),
            ("二〇二四年十月调度会纪要", body.clone(), Some("2024-10-01")),
            (
                "在2024年5月20日调度会上的讲话",
                body.clone(),
                Some("2024-05-20"),
            ),
            // None: dates in the body's middle, days the calendar lacks,
            // numbers that are not years.
            ("讲话", body.clone(), None),
            ("讲话", format!("讲话\n2023年2月29日\n{body}"), None),
            ("讲话", format!("讲话\n{body}"), None),
            (
                "关于做好12345热线工作的通知",
                "同志们：\n今年以来……".into(),
                None,
            ),
            ("", String::new(), None),
        ];
        for (title, text, want) in &cases {
            let got = document_date(title, text);
            assert_eq!(
                got,
                want.and_then(date),
                "{title:?} / {:?}",
                text.lines().nth(1)
            );
        }
    }

    #[test]
    fn a_date_in_the_middle_of_a_long_text_is_not_the_date_line() {
        let mut text = body();
        text.insert_str(text.len() / 2, "2022年1月1日\n");
        assert_eq!(document_date("讲话", &text), None);
    }
}
