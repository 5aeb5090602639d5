//! What the printed 任务分解表 adds to its rows: the heading
//! (《标题》任务分解表), the 制表日期 line, the speech's top-level parts
//! (一、…) as section rows, and a short 原文出处. The xlsx and docx writers
//! lay these out; the CSV, being data for other programs, keeps to the
//! header and the rows.
//!
//! Owns these rules only; must not know any file format and reads no
//! clock: the date is an argument.

use super::table::{TaskRow, UNTITLED};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// The label of the part that holds tasks without a place in the speech
/// (written by hand), when the other tasks stand under parts.
pub const OTHER_PART: &str = "其他任务";

/// Characters of the source sentence 原文出处 shows before "…": enough to
/// find the sentence in the speech, short enough that a row stays a few
/// lines high.
pub const SOURCE_CHARS: usize = 30;

/// Characters of a sub-heading 原文出处 shows before "…".
pub const SECTION_CHARS: usize = 20;

/// The longest a part's heading is taken to be: a run-in heading
/// (一、加强领导。各部门要…) ends at its first 。, but some have none.
const PART_CHARS: usize = 40;

/// The date a table was made (制表日期), a day of the Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableDate {
    year: i32,
    month: u32,
    day: u32,
}

impl TableDate {
    /// The date, if it is a real day (1 ≤ month ≤ 12, the day in its month).
    pub fn new(year: i32, month: u32, day: u32) -> Option<TableDate> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(TableDate { year, month, day })
    }

    /// A date written YYYY-MM-DD (as on a command line).
    pub fn parse(text: &str) -> Option<TableDate> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        TableDate::new(year, month, day)
    }

    /// The same day as a calendar date.
    pub fn as_date(self) -> Option<crate::model::Date> {
        crate::model::Date::from_ymd_opt(self.year, self.month, self.day)
    }

    /// The day `now` falls on in China Standard Time (UTC+8, the one time
    /// zone of China, without daylight saving), so that no time-zone
    /// database is needed: the offices Luoshi is for keep Beijing time. A
    /// clock before 1970 gives 1970-01-01.
    pub fn in_china(now: SystemTime) -> TableDate {
        let secs = now
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
            .saturating_add(8 * 3600);
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        let (year, month, day) = crate::logfile::civil_from_days(days);
        TableDate {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month,
            day,
        }
    }
}

/// As written on a Chinese document: 2026年12月7日 (no leading zeros).
impl fmt::Display for TableDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// The line under the heading: 制表日期：2026年12月7日.
pub fn date_line(date: TableDate) -> String {
    format!("制表日期：{date}")
}

/// The table's heading: 《title》任务分解表, the title as it is when it
/// already names the table (or is the [`UNTITLED`] fallback), and the
/// department after it in brackets for a department's part.
pub fn heading(title: &str, department: Option<&str>) -> String {
    let title = title.trim();
    let mut out = if title.is_empty() || title == UNTITLED {
        UNTITLED.to_string()
    } else if title.ends_with(UNTITLED) {
        title.to_string()
    } else if title.starts_with('《') && title.ends_with('》') {
        format!("{title}{UNTITLED}")
    } else {
        format!("《{title}》{UNTITLED}")
    };
    if let Some(dept) = department {
        out.push_str(&format!("（{dept}）"));
    }
    out
}

/// One line of the printed table: a part's heading across the full
/// width, or a task with its 序号 (which counts tasks only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    Part(&'a str),
    Task { number: usize, row: &'a TaskRow },
}

/// The rows with a part's heading before the first row of each part.
/// Rows before the first part (no part) come first, without a heading.
pub fn lines(rows: &[TaskRow]) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(rows.len() + 8);
    let mut current: Option<&str> = None;
    for (i, row) in rows.iter().enumerate() {
        let part = row.part.as_deref();
        if part.is_some() && part != current {
            out.extend(part.map(Line::Part));
        }
        current = part;
        out.push(Line::Task { number: i + 1, row });
    }
    out
}

/// The top-level headings of a speech (一、… or 第一部分：…), each with
/// the byte offset where it starts, in order.
pub fn parts(speech: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in speech.split_inclusive('\n') {
        let text = line.trim();
        if is_part_heading(text) {
            let offset = start + (line.len() - line.trim_start().len());
            let end = text.find('。').unwrap_or(text.len());
            out.push((offset, shorten(text[..end].trim(), PART_CHARS)));
        }
        start += line.len();
    }
    out
}

/// The part a sentence starting at `offset` stands in: the last heading
/// of `parts` that starts at or before it.
pub fn part_at(parts: &[(usize, String)], offset: usize) -> Option<&str> {
    let after = parts.partition_point(|(start, _)| *start <= offset);
    after.checked_sub(1).map(|i| parts[i].1.as_str())
}

/// Whether a paragraph opens a top-level part: 一、 (Chinese numerals
/// and 、), or 第一部分 / 第一个问题 followed by punctuation.
fn is_part_heading(text: &str) -> bool {
    let numerals = |s: &str| {
        s.char_indices()
            .take_while(|(_, c)| "一二三四五六七八九十".contains(*c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8())
    };
    let n = numerals(text);
    if n > 0 && text[n..].starts_with('、') {
        return true;
    }
    let Some(rest) = text.strip_prefix('第') else {
        return false;
    };
    let n = numerals(rest);
    n > 0
        && ["部分", "个问题"].iter().any(|word| {
            rest[n..]
                .strip_prefix(word)
                .is_some_and(|r| r.starts_with(['：', '，', ':', ' ']) || r.is_empty())
        })
}

/// `text` cut after `chars` characters, with "…" when it was longer.
pub fn shorten(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn dates() {
        assert_eq!(
            TableDate::new(2026, 3, 5).unwrap().to_string(),
            "2026年3月5日"
        );
        assert_eq!(
            TableDate::new(2024, 2, 29).unwrap().to_string(),
            "2024年2月29日"
        );
        for (y, m, d) in [(2025, 2, 29), (2026, 13, 1), (2026, 4, 31), (2026, 1, 0)] {
            assert_eq!(TableDate::new(y, m, d), None, "{y}-{m}-{d}");
        }
        // 2026-12-06T16:00:00Z is already the 7th in Beijing.
        let at = |secs| UNIX_EPOCH + Duration::from_secs(secs);
        assert_eq!(
            TableDate::in_china(at(1_796_572_800)).to_string(),
            "2026年12月7日"
        );
        assert_eq!(
            TableDate::in_china(at(1_796_572_799)).to_string(),
            "2026年12月6日"
        );
        assert_eq!(
            date_line(TableDate::new(2026, 12, 7).unwrap()),
            "制表日期：2026年12月7日"
        );
        assert_eq!(TableDate::parse("2026-03-05"), TableDate::new(2026, 3, 5));
        for bad in ["2026-02-30", "2026/03/05", "2026-3", ""] {
            assert_eq!(TableDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn headings_name_the_table_once() {
        let table = [
            (
                "在全市安全生产工作会议上的讲话",
                None,
                "《在全市安全生产工作会议上的讲话》任务分解表",
            ),
            ("2024年重点工作任务分解表", None, "2024年重点工作任务分解表"),
            (UNTITLED, None, UNTITLED),
            ("", None, UNTITLED),
            ("《讲话》", None, "《讲话》任务分解表"),
            ("讲话", Some("公安"), "《讲话》任务分解表（公安）"),
            (UNTITLED, Some("公安"), "任务分解表（公安）"),
        ];
        for (title, dept, want) in table {
            assert_eq!(heading(title, dept), want, "{title:?}");
        }
    }

    #[test]
    fn parts_are_the_top_level_headings() {
        let speech = "讲话\n同志们：\n一、坚持党政同责，压实责任\n（一）压实领导责任。各县要…\n\
                      二、突出重点。市应急局要…\n第三部分：保障\n1、细则\n第一，不是部分\n";
        let parts = parts(speech);
        let texts: Vec<_> = parts.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "一、坚持党政同责，压实责任",
                "二、突出重点",
                "第三部分：保障"
            ]
        );
        assert_eq!(&speech[parts[0].0..parts[0].0 + 6], "一、");
        assert_eq!(part_at(&parts, 0), None);
        assert_eq!(
            part_at(&parts, parts[0].0),
            Some("一、坚持党政同责，压实责任")
        );
        assert_eq!(part_at(&parts, parts[1].0 + 1), Some("二、突出重点"));
        assert_eq!(part_at(&parts, speech.len()), Some("第三部分：保障"));
    }

    #[test]
    fn shortening_cuts_at_characters() {
        assert_eq!(shorten("一二三", 3), "一二三");
        assert_eq!(shorten("一二三四", 3), "一二三…");
        assert_eq!(shorten("", 3), "");
    }
}
