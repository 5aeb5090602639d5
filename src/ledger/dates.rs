//! Calendar dates for the 督办台账: a deadline as written (6月底前, 三季度末,
//! 10个工作日内, 每季度, 长期) becomes a day or a recurrence, resolved
//! against the date of the document that set it; a document's own date is
//! read from its date line or title.
//!
//! Everything here is pure: no clock, no disk, no regex. Today and the
//! document date are arguments, so the ledger can ask for 10,000 tasks at
//! once (a scan over a few characters each).
//!
//! Public holidays are not known: a working day is Monday to Friday.

mod document;
mod written;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::model::{Due, Period};

pub use document::document_date;
use written::{Mark, Year};

/// When a task is due, resolved against its document's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Schedule {
    /// Due on this day.
    Once(NaiveDate),
    /// Recurring: each period (from the period containing `from`) is its
    /// own check, due at the period's end.
    Every { period: Period, from: NaiveDate },
    /// 长期 / 持续 / 常态化: no date, never overdue.
    Ongoing,
}

/// When the deadline written `written` (and parsed by the extractor as
/// `due`, if it was) falls, for a document dated `document_date`.
///
/// - `due` is used when the extractor gave one; a missing year is the
///   document's year, or the next one when the day would fall before the
///   document date (`1月底前` in a November speech is next January). A
///   year named in `written` (明年6月底前, 今年) wins over that rule.
/// - Otherwise `written` is read (see [`written`] for every form): the
///   first deadline in it counts.
/// - 立即 / 立刻 / 马上 / 即刻 / 第一时间 are due on the document date itself:
///   an immediate task is chased from the next day on.
/// - 限期 / 尽快 without a written limit have no date (`None`): the limit is
///   set later, and the clerk enters it.
/// - Parts of a month take the latest day they can mean, so a light never
///   turns red early: 上旬 / 月初 → the 10th, 中旬 / 月中 → the 20th,
///   下旬 / 月底 / 月末 → the last day; `6月前` is read like `6月底前`, as the
///   extractor reads it.
/// - `None` when nothing in the text can be placed on the calendar.
pub fn schedule(written: &str, due: Option<&Due>, document_date: NaiveDate) -> Option<Schedule> {
    let mark = match due {
        Some(due) => from_due(due, written),
        None => written::find(written)?,
    };
    resolve(mark, document_date)
}

/// The end (last day) of the period containing `day`, and the period's
/// first day: `(end, start)`, in that order. Weeks run Monday to Sunday;
/// half-years are January–June and July–December.
pub fn period_bounds(period: Period, day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (y, m) = (day.year(), day.month());
    let month_of = |first: u32, months: u32| {
        let start = ymd(y, first, 1).unwrap_or(day);
        let end = month_end(y, first + months - 1).unwrap_or(day);
        (end, start)
    };
    match period {
        Period::Day => (day, day),
        Period::Week => {
            let back = u64::from(day.weekday().num_days_from_monday());
            let start = day.checked_sub_days(Days::new(back)).unwrap_or(day);
            let end = start
                .checked_add_days(Days::new(6))
                .unwrap_or(NaiveDate::MAX);
            (end, start)
        }
        Period::Month => month_of(m, 1),
        Period::Quarter => month_of((m - 1) / 3 * 3 + 1, 3),
        Period::HalfYear => month_of(if m <= 6 { 1 } else { 7 }, 6),
        Period::Year => month_of(1, 12),
    }
}

/// The last day of the period containing `day`.
pub fn period_end(period: Period, day: NaiveDate) -> NaiveDate {
    period_bounds(period, day).0
}

/// The first day of the period containing `day`.
pub fn period_start(period: Period, day: NaiveDate) -> NaiveDate {
    period_bounds(period, day).1
}

/// The day `n` working days after `start`: the n-th Monday–Friday after
/// it (`start` itself is day 0, so 1 working day after a Friday is the
/// next Monday). For `n == 0`, `start` itself, or the Monday after it when
/// it falls on a weekend, so the answer is always a working day.
///
/// Public holidays (春节, 国庆 …) and the weekends worked in their place
/// (调休) are not known: the result can fall on a holiday, and is then
/// earlier than an office's own count.
///
/// Beyond chrono's last date the answer stays at the last working day it
/// can represent.
pub fn add_working_days(start: NaiveDate, n: u32) -> NaiveDate {
    let weekday = start.weekday().num_days_from_monday();
    let saturated = || last_working_day_until(NaiveDate::MAX);
    if n == 0 {
        let ahead = if weekday >= 5 { 7 - weekday } else { 0 };
        return start
            .checked_add_days(Days::new(u64::from(ahead)))
            .unwrap_or_else(saturated);
    }
    // Counting from a Saturday or Sunday is counting from the Friday before.
    let (base, weekday) = if weekday >= 5 {
        let back = u64::from(weekday - 4);
        match start.checked_sub_days(Days::new(back)) {
            Some(friday) => (friday, 4),
            None => (start, weekday),
        }
    } else {
        (start, weekday)
    };
    let weeks = u64::from((n - 1) / 5);
    let rest = (n - 1) % 5 + 1;
    let over_weekend = if weekday + rest > 4 { 2 } else { 0 };
    let days = weeks * 7 + u64::from(rest + over_weekend);
    base.checked_add_days(Days::new(days))
        .unwrap_or_else(saturated)
}

/// Parses `YYYY-MM-DD` (the CLI's `--date` / `--today`, saved files);
/// surrounding spaces are allowed, one-digit months and days too.
/// `None` for anything else or a day the calendar lacks (2023-02-29).
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || !(1..=2).contains(&m.len()) {
        return None;
    }
    if !(1..=2).contains(&d.len()) {
        return None;
    }
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The meaning the extractor gave, as a mark to resolve. A year missing
/// from `due` may still be written in the text (明年6月底前).
fn from_due(due: &Due, written: &str) -> Mark {
    let year = |y: &Option<i32>| match y {
        Some(y) => Year::Written(*y),
        None => written::year_word(written),
    };
    match due {
        Due::Date {
            year: y,
            month,
            day,
        } => Mark::Month {
            year: year(y),
            month: *month,
            day: Some(*day),
        },
        Due::MonthEnd { year: y, month } => Mark::Month {
            year: year(y),
            month: *month,
            day: None,
        },
        Due::QuarterEnd { year: y, quarter } => Mark::Quarter {
            year: year(y),
            quarter: *quarter,
        },
        Due::YearEnd { year: y } => Mark::YearEnd { year: year(y) },
        Due::Every(period) => Mark::Every(*period),
        Due::Promptly => written::promptly(written),
    }
}

/// Places a mark on the calendar.
fn resolve(mark: Mark, document: NaiveDate) -> Option<Schedule> {
    let once = Schedule::Once;
    let schedule = match mark {
        Mark::Month { year, month, day } => {
            let on = |y: i32| {
                let end = month_end(y, month)?;
                match day {
                    Some(d) => ymd(y, month, d.min(end.day())),
                    None => Some(end),
                }
            };
            once(in_year(year, document, on)?)
        }
        Mark::Quarter { year, quarter } => {
            let on = |y: i32| {
                (1..=4)
                    .contains(&quarter)
                    .then(|| month_end(y, quarter * 3))?
            };
            once(in_year(year, document, on)?)
        }
        Mark::HalfYear { year, half } => {
            let on = |y: i32| month_end(y, if half == 1 { 6 } else { 12 });
            once(in_year(year, document, on)?)
        }
        Mark::YearEnd { year } => once(in_year(year, document, |y| month_end(y, 12))?),
        Mark::Within(length) => once(length.after(document)?),
        Mark::ThisPeriod { period, ahead } => {
            let mut day = document;
            for _ in 0..ahead {
                day = period_end(period, day).checked_add_days(Days::new(1))?;
            }
            once(period_end(period, day))
        }
        Mark::Every(period) => Schedule::Every {
            period,
            from: document,
        },
        Mark::Now => once(document),
        Mark::Open => return None,
        Mark::Ongoing => Schedule::Ongoing,
    };
    Some(schedule)
}

/// The day `on` gives for the year a mark names; with no year written,
/// the document's year, or the next one if that day is already past.
fn in_year(
    year: Year,
    document: NaiveDate,
    on: impl Fn(i32) -> Option<NaiveDate>,
) -> Option<NaiveDate> {
    match year {
        Year::Written(y) => on(y),
        Year::Ahead(n) => on(document.year().checked_add(n)?),
        Year::Implied => {
            let day = on(document.year())?;
            if day < document {
                on(document.year().checked_add(1)?)
            } else {
                Some(day)
            }
        }
    }
}

/// A length of time from the document date (10个工作日内, 一个月内).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Length {
    Days(u32),
    WorkingDays(u32),
    Months(u32),
}

impl Length {
    /// The last day of this length counted from `start` (calendar months
    /// keep the day, or take the month's last day: 1月31日 + 1个月 → 2月底).
    fn after(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Length::Days(n) => start.checked_add_days(Days::new(u64::from(n))),
            Length::WorkingDays(n) => Some(add_working_days(start, n)),
            Length::Months(n) => start.checked_add_months(Months::new(n)),
        }
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The last day of a month (28, 29, 30 or 31).
fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    if month == 12 {
        return ymd(year, 12, 31);
    }
    ymd(year, month + 1, 1)?.pred_opt()
}

/// The last Monday–Friday on or before `day`.
fn last_working_day_until(day: NaiveDate) -> NaiveDate {
    let back = match day.weekday() {
        Weekday::Sat => 1,
        Weekday::Sun => 2,
        _ => 0,
    };
    day.checked_sub_days(Days::new(back)).unwrap_or(day)
}

/// A number at the start of a text: in digits (ASCII or full-width) or in
/// Chinese numerals (十五, 二十三, 两, 二〇二四).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Number {
    value: u32,
    /// Bytes it takes.
    len: usize,
    /// Digits written (二〇二四 has 4, 十五 has 1: 十 is not one).
    digits: u32,
}

/// The value of an ASCII or full-width digit.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of a Chinese digit; 〇, ○ and 零 are zero, and so is the
/// letter O inside a numeral (二O二四, as OCR reads it).
fn chinese_digit(c: char, first: bool) -> Option<u32> {
    let d = match c {
        '〇' | '○' | '零' => 0,
        'O' | 'Ｏ' | 'o' if !first => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    Some(d)
}

/// Whether `c` is part of a number (so a number cannot start after it).
fn is_numeral(c: char) -> bool {
    digit(c).is_some() || chinese_digit(c, true).is_some() || matches!(c, '十' | '廿' | '卅')
}

fn number(s: &str) -> Option<Number> {
    let mut n = Number {
        value: 0,
        len: 0,
        digits: 0,
    };
    for c in s.chars().take(9) {
        let Some(d) = digit(c) else { break };
        n.value = n.value * 10 + d;
        n.len += c.len_utf8();
        n.digits += 1;
    }
    if n.len > 0 {
        return Some(n);
    }
    let mut tens = false;
    for c in s.chars().take(8) {
        match (c, chinese_digit(c, n.len == 0)) {
            (_, Some(d)) => {
                n.value = if tens { n.value + d } else { n.value * 10 + d };
                n.digits += 1;
            }
            ('十', None) if !tens => {
                n.value = if n.value == 0 { 10 } else { n.value * 10 };
                tens = true;
            }
            ('廿' | '卅', None) if n.len == 0 => {
                n.value = if c == '廿' { 20 } else { 30 };
                tens = true;
            }
            _ => break,
        }
        n.len += c.len_utf8();
    }
    (n.len > 0).then_some(n)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        parse_iso(s).unwrap_or_else(|| panic!("bad test date {s}"))
    }

    /// The expected schedule, written short: a day `2024-06-30`, `every
    /// Month` (from the document date), `ongoing`, or `none`.
    fn expect(want: &str, document: NaiveDate) -> Option<Schedule> {
        let every = |period| {
            Some(Schedule::Every {
                period,
                from: document,
            })
        };
        match want {
            "none" => None,
            "ongoing" => Some(Schedule::Ongoing),
            "every Day" => every(Period::Day),
            "every Week" => every(Period::Week),
            "every Month" => every(Period::Month),
            "every Quarter" => every(Period::Quarter),
            "every HalfYear" => every(Period::HalfYear),
            "every Year" => every(Period::Year),
            d => Some(Schedule::Once(day(d))),
        }
    }

    /// Written deadline, document date, expected schedule: read from the
    /// text alone (the extractor gave no meaning).
    const WRITTEN: &[(&str, &str, &str)] = &[
        // Months, and the roll-over into the next year.
        ("6月底前", "2024-03-15", "2024-06-30"),
        ("6月底前", "2024-08-01", "2025-06-30"),
        ("6月前", "2024-03-15", "2024-06-30"),
        ("6月15日前", "2024-03-15", "2024-06-15"),
        ("6月15号前", "2024-03-15", "2024-06-15"),
        ("3月15日前", "2024-03-15", "2024-03-15"),
        ("3月14日前", "2024-03-15", "2025-03-14"),
        ("12月底前", "2024-11-20", "2024-12-31"),
        ("1月底前", "2024-11-20", "2025-01-31"),
        ("12月20日前", "2024-12-25", "2025-12-20"),
        // Month ends and leap years.
        ("2月底前", "2024-01-05", "2024-02-29"),
        ("2月底前", "2023-01-05", "2023-02-28"),
        ("2月29日前", "2023-01-05", "2023-02-28"),
        ("2月29日前", "2023-03-01", "2024-02-29"),
        ("4月31日前", "2024-03-15", "2024-04-30"),
        // Chinese and full-width numerals.
        ("十二月三十一日前", "2024-03-15", "2024-12-31"),
        ("九月二十日前", "2024-03-15", "2024-09-20"),
        ("二〇二五年底前", "2024-03-15", "2025-12-31"),
        ("２０２５年６月底前", "2024-03-15", "2025-06-30"),
        // Parts of a month: the latest day they can mean.
        ("6月上旬", "2024-03-15", "2024-06-10"),
        ("9月初", "2024-03-15", "2024-09-10"),
        ("6月中旬前", "2024-03-15", "2024-06-20"),
        ("4月中", "2024-03-15", "2024-04-20"),
        ("6月下旬", "2024-03-15", "2024-06-30"),
        // Years.
        ("年内", "2024-03-15", "2024-12-31"),
        ("年底前", "2024-12-31", "2024-12-31"),
        ("今年内", "2024-03-15", "2024-12-31"),
        ("本年度内", "2024-03-15", "2024-12-31"),
        ("明年6月底前", "2024-03-15", "2025-06-30"),
        ("明年底前", "2024-03-15", "2025-12-31"),
        ("2025年底前", "2024-03-15", "2025-12-31"),
        ("2024年6月底前", "2024-08-01", "2024-06-30"),
        ("今年6月底前", "2024-08-01", "2024-06-30"),
        ("明年完成", "2024-03-15", "2025-12-31"),
        // Quarters and halves.
        ("一季度末", "2024-01-10", "2024-03-31"),
        ("一季度末", "2024-05-10", "2025-03-31"),
        ("三季度末", "2024-03-15", "2024-09-30"),
        ("第三季度", "2024-03-15", "2024-09-30"),
        ("第四季度前", "2024-03-15", "2024-12-31"),
        ("上半年", "2024-03-15", "2024-06-30"),
        ("下半年", "2024-03-15", "2024-12-31"),
        ("上半年", "2024-08-01", "2025-06-30"),
        ("年中", "2024-03-15", "2024-06-30"),
        ("明年上半年", "2024-03-15", "2025-06-30"),
        // Working days, from a Friday, a Wednesday, a Saturday.
        ("10个工作日内", "2024-03-15", "2024-03-29"),
        ("十个工作日内", "2024-03-13", "2024-03-27"),
        ("5个工作日内", "2024-03-16", "2024-03-22"),
        ("二十个工作日内", "2024-03-15", "2024-04-12"),
        ("3个工作日", "2024-12-30", "2025-01-02"),
        // Calendar lengths.
        ("一个月内", "2024-01-31", "2024-02-29"),
        ("一个月内", "2023-01-31", "2023-02-28"),
        ("3个月内", "2024-11-30", "2025-02-28"),
        ("两周内", "2024-03-15", "2024-03-29"),
        ("15日内", "2024-12-20", "2025-01-04"),
        ("30天内", "2024-02-15", "2024-03-16"),
        ("半年内", "2024-08-31", "2025-02-28"),
        ("半个月内", "2024-03-15", "2024-03-30"),
        ("三年内", "2024-02-29", "2027-02-28"),
        // The current and the next period.
        ("本月底前", "2024-02-10", "2024-02-29"),
        ("下个月底前", "2024-12-10", "2025-01-31"),
        ("本季度末", "2024-05-10", "2024-06-30"),
        ("本周内", "2024-03-15", "2024-03-17"),
        ("下周", "2024-03-15", "2024-03-24"),
        // Recurrences.
        ("每月", "2024-03-15", "every Month"),
        ("每季度", "2024-03-15", "every Quarter"),
        ("每半年", "2024-03-15", "every HalfYear"),
        ("每年", "2024-03-15", "every Year"),
        ("每周", "2024-03-15", "every Week"),
        ("每天", "2024-03-15", "every Day"),
        ("按季度报送", "2024-03-15", "every Quarter"),
        ("每季度末前报送", "2024-03-15", "every Quarter"),
        ("每月10日前报送", "2024-03-15", "every Month"),
        // Without end, at once, without a date.
        ("长期坚持", "2024-03-15", "ongoing"),
        ("持续推进", "2024-03-15", "ongoing"),
        ("常态化开展", "2024-03-15", "ongoing"),
        ("建立长效机制", "2024-03-15", "ongoing"),
        ("立即整改", "2024-03-15", "2024-03-15"),
        ("第一时间上报", "2024-03-15", "2024-03-15"),
        ("限期整改", "2024-03-15", "none"),
        ("尽快完成", "2024-03-15", "none"),
        ("加强领导", "2024-03-15", "none"),
        ("", "2024-03-15", "none"),
        ("15日前", "2024-03-15", "none"),
        // A date wins over the words around it.
        ("立即部署，10个工作日内报送", "2024-03-15", "2024-03-29"),
        ("持续推进，6月底前完成", "2024-03-15", "2024-06-30"),
    ];

    #[test]
    fn written_deadlines_on_the_calendar() {
        assert!(WRITTEN.len() >= 45);
        for (written, document, want) in WRITTEN {
            let document = day(document);
            let got = schedule(written, None, document);
            assert_eq!(got, expect(want, document), "{written:?} on {document}");
        }
    }

    /// The ledger places every task of 10,000 on each status: far below
    /// its 200 ms budget even on a loaded machine.
    #[test]
    fn ten_thousand_deadlines_within_the_ledger_budget() {
        let document = day("2024-03-15");
        let started = std::time::Instant::now();
        let placed = (0..10_000)
            .filter(|i| schedule(WRITTEN[i % WRITTEN.len()].0, None, document).is_some())
            .count();
        let took = started.elapsed();
        assert!(placed > 8_000, "{placed}");
        assert!(took.as_millis() < 200, "{took:?}");
        eprintln!("10,000 schedules in {took:?}");
    }

    #[test]
    fn deadlines_the_extractor_parsed() {
        let month_end = |year, month| Due::MonthEnd { year, month };
        let cases: &[(&str, Due, &str, &str)] = &[
            ("6月底前", month_end(None, 6), "2024-03-15", "2024-06-30"),
            ("6月底前", month_end(None, 6), "2024-08-01", "2025-06-30"),
            (
                "明年6月底前",
                month_end(None, 6),
                "2024-03-15",
                "2025-06-30",
            ),
            (
                "今年6月底前",
                month_end(None, 6),
                "2024-08-01",
                "2024-06-30",
            ),
            (
                "2024年10月底前",
                month_end(Some(2024), 10),
                "2024-11-01",
                "2024-10-31",
            ),
            ("13月底前", month_end(None, 13), "2024-03-15", "none"),
            (
                "9月30日前",
                Due::Date {
                    year: None,
                    month: 9,
                    day: 30,
                },
                "2024-03-15",
                "2024-09-30",
            ),
            (
                "2月30日前",
                Due::Date {
                    year: None,
                    month: 2,
                    day: 30,
                },
                "2024-01-15",
                "2024-02-29",
            ),
            (
                "三季度末前",
                Due::QuarterEnd {
                    year: None,
                    quarter: 3,
                },
                "2024-10-08",
                "2025-09-30",
            ),
            (
                "年内",
                Due::YearEnd { year: None },
                "2024-03-15",
                "2024-12-31",
            ),
            (
                "每季度",
                Due::Every(Period::Quarter),
                "2024-03-15",
                "every Quarter",
            ),
            ("限期整改", Due::Promptly, "2024-03-15", "none"),
            ("立即", Due::Promptly, "2024-03-15", "2024-03-15"),
        ];
        for (written, due, document, want) in cases {
            let document = day(document);
            let got = schedule(written, Some(due), document);
            assert_eq!(
                got,
                expect(want, document),
                "{written:?} {due:?} on {document}"
            );
        }
    }

    #[test]
    fn periods_from_first_to_last_day() {
        let cases = [
            (Period::Day, "2024-02-29", "2024-02-29", "2024-02-29"),
            (Period::Week, "2024-03-15", "2024-03-11", "2024-03-17"),
            (Period::Week, "2024-03-17", "2024-03-11", "2024-03-17"),
            (Period::Week, "2024-12-31", "2024-12-30", "2025-01-05"),
            (Period::Month, "2024-02-10", "2024-02-01", "2024-02-29"),
            (Period::Month, "2023-02-10", "2023-02-01", "2023-02-28"),
            (Period::Month, "2024-12-31", "2024-12-01", "2024-12-31"),
            (Period::Quarter, "2024-05-10", "2024-04-01", "2024-06-30"),
            (Period::Quarter, "2024-10-01", "2024-10-01", "2024-12-31"),
            (Period::HalfYear, "2024-06-30", "2024-01-01", "2024-06-30"),
            (Period::HalfYear, "2024-07-01", "2024-07-01", "2024-12-31"),
            (Period::Year, "2024-03-15", "2024-01-01", "2024-12-31"),
        ];
        for (period, on, first, last) in cases {
            let (end, start) = period_bounds(period, day(on));
            assert_eq!((start, end), (day(first), day(last)), "{period:?} of {on}");
            assert_eq!(period_start(period, day(on)), day(first));
            assert_eq!(period_end(period, day(on)), day(last));
        }
    }

    #[test]
    fn iso_dates() {
        assert_eq!(
            parse_iso("2024-03-15"),
            NaiveDate::from_ymd_opt(2024, 3, 15)
        );
        assert_eq!(
            parse_iso(" 2024-3-5\n"),
            NaiveDate::from_ymd_opt(2024, 3, 5)
        );
        assert_eq!(
            parse_iso("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "24-03-15",
            "2024/03/15",
            "2024-03-15-01",
            "2024-03",
            "2024-+3-15",
            "２０２４-03-15",
            "",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn numbers_in_digits_and_numerals() {
        let value = |s: &str| number(s).map(|n| (n.value, n.digits));
        assert_eq!(value("15日"), Some((15, 2)));
        assert_eq!(value("１５日"), Some((15, 2)));
        assert_eq!(value("十日"), Some((10, 0)));
        assert_eq!(value("十五日"), Some((15, 1)));
        assert_eq!(value("二十三日"), Some((23, 2)));
        assert_eq!(value("三十一日"), Some((31, 2)));
        assert_eq!(value("两周"), Some((2, 1)));
        assert_eq!(value("廿五"), Some((25, 1)));
        assert_eq!(value("二〇二四年"), Some((2024, 4)));
        assert_eq!(value("二○二四年"), Some((2024, 4)));
        assert_eq!(value("二O二四年"), Some((2024, 4)));
        assert_eq!(value("O二"), None);
        assert_eq!(value("年"), None);
    }

    /// Mondays to Fridays in `(start, end]`, counted one by one.
    fn working_days_between(start: NaiveDate, end: NaiveDate) -> u32 {
        start
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= end)
            .filter(|d| d.weekday().num_days_from_monday() < 5)
            .count() as u32
    }

    #[test]
    fn working_days_across_weekends() {
        // 2024-03-15 is a Friday.
        let cases = [
            ("2024-03-15", 0, "2024-03-15"),
            ("2024-03-15", 1, "2024-03-18"),
            ("2024-03-15", 5, "2024-03-22"),
            ("2024-03-16", 0, "2024-03-18"),
            ("2024-03-16", 1, "2024-03-18"),
            ("2024-03-17", 1, "2024-03-18"),
            ("2024-03-11", 4, "2024-03-15"),
            ("2024-03-11", 5, "2024-03-18"),
            ("2024-02-26", 3, "2024-02-29"),
        ];
        for (start, n, want) in cases {
            assert_eq!(add_working_days(day(start), n), day(want), "{start} + {n}");
        }
        let last = add_working_days(NaiveDate::MAX, 10);
        assert!(last <= NaiveDate::MAX && last.weekday().num_days_from_monday() < 5);
    }

    proptest! {
        #[test]
        fn working_days_land_on_working_days_in_order(
            offset in 0u64..40_000,
            n in 0u32..400,
            later in 0u64..30,
        ) {
            let start = day("1990-01-01") + Days::new(offset);
            let got = add_working_days(start, n);
            prop_assert!(got.weekday().num_days_from_monday() < 5, "{start} + {n} = {got}");
            prop_assert!(got >= start);
            let next = add_working_days(start, n + 1);
            prop_assert!(next >= got && (n == 0 || next > got), "{start}: +{n} {got}, +{} {next}", n + 1);
            if n > 0 {
                prop_assert_eq!(working_days_between(start, got), n);
            }
            let from_later = add_working_days(start + Days::new(later), n);
            prop_assert!(from_later >= got);
        }
    }
}
