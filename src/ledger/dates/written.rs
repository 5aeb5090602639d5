//! Reading a deadline as written, when the extractor left its meaning
//! open (上半年, 10个工作日内, 明年6月底前) or the clerk typed it: the
//! forms, in the order they are tried at each place of the text.
//!
//! - a year: `2025年` / `二〇二五年`, `今年` / `本年` / `当年`, `明年` / `次年`,
//!   then what follows it; a year alone means by its end (明年完成);
//! - the year's end: `年底(前)`, `年末`, `年内`, `年度内`;
//! - a half: `上半年` / `年中` → 06-30, `下半年` → 12-31;
//! - a quarter: `(第)三季度(末|底|前|内)`;
//! - a month: `6月(底|末|前|内|份)`, `6月15日(前)` / `6月15号`, `6月上旬` /
//!   `6月初` (the 10th), `6月中旬` / `6月中` (the 20th), `6月下旬` (last day);
//! - the current or next period: `本月底`, `月底前`, `下个月底`, `本季度末`,
//!   `本周内`, `下周`;
//! - a length from the document date, with `内` / `以内` / `之内`:
//!   `15日内`, `30天内`, `两周内`, `一个月内`, `半年内`, `三年内`; working
//!   days and months may omit it (`10个工作日`, `3个月`);
//! - a recurrence: `每天`, `每周`, `每月`, `每季度`, `每半年`, `每年`, and
//!   `按月` / `按季度` …;
//!
//! and, only when none of these is in the text: `限期` / `尽快` (no date),
//! `立即` / `马上` … (the document date), `长期` / `持续` / `常态化` / `长效`
//! (ongoing). Numbers are digits (ASCII or full-width) or Chinese numerals.

use super::{Length, is_numeral, number};
use crate::model::Period;

/// Which year a deadline means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Year {
    /// None written: the document's, or the next if the day is past.
    Implied,
    /// The document's year plus this many (今年 0, 明年 1).
    Ahead(i32),
    /// Written out (2025年).
    Written(i32),
}

/// A deadline read, before the document date places it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// A day of a month, or the month's last day (`day` None). Days past
    /// the month's end are its last day (2月30日 → 2月底).
    Month {
        year: Year,
        month: u32,
        day: Option<u32>,
    },
    Quarter {
        year: Year,
        quarter: u32,
    },
    /// 1: January–June, 2: July–December.
    HalfYear {
        year: Year,
        half: u32,
    },
    YearEnd {
        year: Year,
    },
    /// The end of the period containing the document date, or of the one
    /// `ahead` periods later (本月底 0, 下个月底 1).
    ThisPeriod {
        period: Period,
        ahead: u32,
    },
    Within(Length),
    Every(Period),
    /// 立即: the document date.
    Now,
    /// 限期, 尽快: a limit set elsewhere, no date.
    Open,
    Ongoing,
}

/// The first deadline written in `s`.
pub(super) fn find(s: &str) -> Option<Mark> {
    let mut after_numeral = false;
    for (i, c) in s.char_indices() {
        // A number never starts inside another (the 5 of 15日内).
        let numeral = is_numeral(c);
        if !(numeral && after_numeral)
            && let Some(mark) = at(&s[i..])
        {
            return Some(mark);
        }
        after_numeral = numeral;
    }
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if has(OPEN) {
        Some(Mark::Open)
    } else if has(NOW) {
        Some(Mark::Now)
    } else if has(ONGOING) {
        Some(Mark::Ongoing)
    } else {
        None
    }
}

/// What the extractor's `Promptly` means for this text: a limit set
/// elsewhere (限期整改) or the document date (立即).
pub(super) fn promptly(s: &str) -> Mark {
    if OPEN.iter().any(|w| s.contains(w)) {
        Mark::Open
    } else {
        Mark::Now
    }
}

/// A relative year named anywhere in `s` (明年, 今年), for a deadline
/// whose year the extractor did not see.
pub(super) fn year_word(s: &str) -> Year {
    for (word, ahead) in YEAR_WORDS {
        if s.contains(word) {
            return Year::Ahead(*ahead);
        }
    }
    Year::Implied
}

/// Words for a limit that is set elsewhere: no date.
const OPEN: &[&str] = &["限期", "尽快", "另行"];
/// Words for at once: the document date.
const NOW: &[&str] = &["立即", "立刻", "马上", "即刻", "第一时间", "当即", "即时"];
/// Words for a duty without end.
const ONGOING: &[&str] = &["长期", "持续", "常态化", "长效", "常年"];

/// Years named by a word, and how far they are from the document's.
const YEAR_WORDS: &[(&str, i32)] = &[
    ("今年", 0),
    ("本年", 0),
    ("当年", 0),
    ("明年", 1),
    ("次年", 1),
];

/// Recurrences. A word that starts another comes after it.
const EVERY: &[(&str, Period)] = &[
    ("每个工作日", Period::Day),
    ("每天", Period::Day),
    ("每日", Period::Day),
    ("按日", Period::Day),
    ("每周", Period::Week),
    ("每个星期", Period::Week),
    ("每星期", Period::Week),
    ("按周", Period::Week),
    ("每个月", Period::Month),
    ("每月", Period::Month),
    ("按月", Period::Month),
    ("逐月", Period::Month),
    ("每个季度", Period::Quarter),
    ("每季度", Period::Quarter),
    ("每季", Period::Quarter),
    ("按季度", Period::Quarter),
    ("按季", Period::Quarter),
    ("逐季", Period::Quarter),
    ("每半年", Period::HalfYear),
    ("按半年", Period::HalfYear),
    ("每年", Period::Year),
    ("按年", Period::Year),
];

/// The current or a coming period, by its end. A word that starts another
/// comes after it.
const RELATIVE: &[(&str, Period, u32)] = &[
    ("本月底", Period::Month, 0),
    ("本月末", Period::Month, 0),
    ("本月内", Period::Month, 0),
    ("当月底", Period::Month, 0),
    ("当月内", Period::Month, 0),
    ("月底", Period::Month, 0),
    ("月末", Period::Month, 0),
    ("下个月底", Period::Month, 1),
    ("下个月末", Period::Month, 1),
    ("下个月内", Period::Month, 1),
    ("下月底", Period::Month, 1),
    ("下月末", Period::Month, 1),
    ("下月内", Period::Month, 1),
    ("本季度末", Period::Quarter, 0),
    ("本季度内", Period::Quarter, 0),
    ("本季度底", Period::Quarter, 0),
    ("本季末", Period::Quarter, 0),
    ("季度末", Period::Quarter, 0),
    ("季末", Period::Quarter, 0),
    ("下季度末", Period::Quarter, 1),
    ("下季度内", Period::Quarter, 1),
    ("本周内", Period::Week, 0),
    ("本周末", Period::Week, 0),
    ("本周", Period::Week, 0),
    ("下周内", Period::Week, 1),
    ("下周", Period::Week, 1),
];

/// The end of a year after its year (2025年底前, 今年内, 本年度内).
const YEAR_TAILS: &[&str] = &["年底", "年末", "底", "末", "内", "以内", "度内", "度末"];

/// Units of a length, the length of one, and whether `内` must follow
/// (15日 alone is a day of the month; 3个月 alone is a length).
const UNITS: &[(&str, Length, bool)] = &[
    ("个工作日", Length::WorkingDays(1), false),
    ("工作日", Length::WorkingDays(1), false),
    ("个自然日", Length::Days(1), false),
    ("自然日", Length::Days(1), false),
    ("天", Length::Days(1), true),
    ("日", Length::Days(1), true),
    ("个星期", Length::Days(7), false),
    ("星期", Length::Days(7), false),
    ("周", Length::Days(7), true),
    ("个月", Length::Months(1), false),
    ("年", Length::Months(12), true),
];

const WITHIN: &[&str] = &["内", "以内", "之内"];

/// The deadline starting exactly at the start of `s`.
fn at(s: &str) -> Option<Mark> {
    if let Some(period) = word(s, EVERY) {
        return Some(Mark::Every(period));
    }
    if let Some((_, period, ahead)) = RELATIVE.iter().find(|(w, _, _)| s.starts_with(w)) {
        return Some(Mark::ThisPeriod {
            period: *period,
            ahead: *ahead,
        });
    }
    match year(s) {
        Some((year, len)) => Some(in_year(&s[len..], year).unwrap_or(Mark::YearEnd { year })),
        None => in_year(s, Year::Implied).or_else(|| within(s)),
    }
}

fn word<T: Copy>(s: &str, table: &[(&str, T)]) -> Option<T> {
    table
        .iter()
        .find(|(w, _)| s.starts_with(w))
        .map(|(_, t)| *t)
}

/// A year at the start of `s`, with its `年`: its meaning and length.
fn year(s: &str) -> Option<(Year, usize)> {
    if let Some((w, ahead)) = YEAR_WORDS.iter().find(|(w, _)| s.starts_with(w)) {
        return Some((Year::Ahead(*ahead), w.len()));
    }
    let n = number(s)?;
    (n.digits == 4 && s[n.len..].starts_with('年'))
        .then(|| (Year::Written(n.value as i32), n.len + '年'.len_utf8()))
}

/// What a deadline within a year says, at the start of `s`: its end, a
/// half, a quarter, a month.
fn in_year(s: &str, year: Year) -> Option<Mark> {
    let year_end = if year == Year::Implied {
        ["年底", "年末", "年内"].iter().any(|w| s.starts_with(w))
    } else {
        YEAR_TAILS.iter().any(|w| s.starts_with(w))
    };
    if year_end {
        return Some(Mark::YearEnd { year });
    }
    for (w, half) in [("上半年", 1), ("年中", 1), ("下半年", 2)] {
        if s.starts_with(w) {
            return Some(Mark::HalfYear { year, half });
        }
    }
    let q = s.strip_prefix('第').unwrap_or(s);
    if let Some(n) = number(q)
        && (1..=4).contains(&n.value)
        && (q[n.len..].starts_with("季度") || q[n.len..].starts_with("季末"))
    {
        return Some(Mark::Quarter {
            year,
            quarter: n.value,
        });
    }
    month(s, year)
}

/// `6月…` at the start of `s`.
fn month(s: &str, year: Year) -> Option<Mark> {
    let n = number(s)?;
    if !(1..=12).contains(&n.value) || n.digits > 2 || !s[n.len..].starts_with('月') {
        return None;
    }
    let rest = &s[n.len + '月'.len_utf8()..];
    let day = match number(rest) {
        Some(d)
            if (1..=31).contains(&d.value)
                && (rest[d.len..].starts_with('日') || rest[d.len..].starts_with('号')) =>
        {
            Some(d.value)
        }
        _ => month_part(rest),
    };
    Some(Mark::Month {
        year,
        month: n.value,
        day,
    })
}

/// The latest day a part of a month can mean (上旬 the 10th), or None for
/// the month's end (底, 末, 下旬, or nothing said).
fn month_part(rest: &str) -> Option<u32> {
    if rest.starts_with("上旬") || rest.starts_with('初') {
        Some(10)
    } else if rest.starts_with("中旬") || rest.starts_with('中') {
        Some(20)
    } else {
        None
    }
}

/// A length from the document date at the start of `s` (15日内, 两周内).
fn within(s: &str) -> Option<Mark> {
    if let Some(rest) = s.strip_prefix('半') {
        return half(rest).map(Mark::Within);
    }
    let n = number(s)?;
    if n.value == 0 || n.value > 999 {
        return None;
    }
    let rest = &s[n.len..];
    let (unit, one, needs_within) = UNITS.iter().find(|(u, _, _)| rest.starts_with(u))?;
    if *needs_within && !followed_by_within(&rest[unit.len()..]) {
        return None;
    }
    let length = match *one {
        Length::Days(d) => Length::Days(d.checked_mul(n.value)?),
        Length::WorkingDays(_) => Length::WorkingDays(n.value),
        Length::Months(m) => Length::Months(m.checked_mul(n.value)?),
    };
    Some(Mark::Within(length))
}

/// 半个月 / 半月 (fifteen days), 半年 (six months), after the 半.
fn half(rest: &str) -> Option<Length> {
    for (unit, length) in [
        ("个月", Length::Days(15)),
        ("月", Length::Days(15)),
        ("年", Length::Months(6)),
    ] {
        if let Some(after) = rest.strip_prefix(unit) {
            return followed_by_within(after).then_some(length);
        }
    }
    None
}

fn followed_by_within(s: &str) -> bool {
    WITHIN.iter().any(|w| s.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tables are read in order, first match wins: a word must come
    /// before the longer words it starts.
    #[test]
    fn longer_words_come_before_the_words_they_start() {
        fn check(words: &[&str]) {
            for (i, a) in words.iter().enumerate() {
                for b in &words[i + 1..] {
                    assert!(!b.starts_with(a), "{b} after {a}");
                }
            }
        }
        check(&EVERY.iter().map(|(w, _)| *w).collect::<Vec<_>>());
        check(&RELATIVE.iter().map(|(w, _, _)| *w).collect::<Vec<_>>());
        check(&UNITS.iter().map(|(w, _, _)| *w).collect::<Vec<_>>());
        check(YEAR_TAILS);
        check(WITHIN);
    }

    #[test]
    fn the_first_deadline_in_a_sentence_counts() {
        let month = |month, day| Mark::Month {
            year: Year::Implied,
            month,
            day,
        };
        let cases = [
            ("各区要在6月底前完成，每季度报送进展", Some(month(6, None))),
            (
                "每季度报送进展，6月底前完成",
                Some(Mark::Every(Period::Quarter)),
            ),
            ("请于9月15日前报送", Some(month(9, Some(15)))),
            (
                "比2023年增长10%",
                Some(Mark::YearEnd {
                    year: Year::Written(2023),
                }),
            ),
            ("持续推进", Some(Mark::Ongoing)),
            ("限期整改，立即落实", Some(Mark::Open)),
            ("第二十条", None),
            ("上级", None),
        ];
        for (s, want) in cases {
            assert_eq!(find(s), want, "{s:?}");
        }
    }
}
