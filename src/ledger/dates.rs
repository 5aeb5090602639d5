//! Deadlines as written → dates and recurrences. (Placeholder until the
//! full parser lands: only ISO dates and the extractor's parsed `Due`.)

use crate::model::{Due, Period};
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Schedule {
    Once(NaiveDate),
    Every { period: Period, from: NaiveDate },
    Ongoing,
}

pub fn schedule(_written: &str, due: Option<&Due>, document_date: NaiveDate) -> Option<Schedule> {
    let year = |y: Option<i32>| y.unwrap_or(document_date.year());
    let end_of_month = |y: i32, m: u32| {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt())
    };
    match due? {
        Due::Date {
            year: y,
            month,
            day,
        } => NaiveDate::from_ymd_opt(year(*y), *month, *day).map(Schedule::Once),
        Due::MonthEnd { year: y, month } => end_of_month(year(*y), *month).map(Schedule::Once),
        Due::QuarterEnd { year: y, quarter } => {
            end_of_month(year(*y), quarter * 3).map(Schedule::Once)
        }
        Due::YearEnd { year: y } => NaiveDate::from_ymd_opt(year(*y), 12, 31).map(Schedule::Once),
        Due::Every(period) => Some(Schedule::Every {
            period: *period,
            from: document_date,
        }),
        Due::Promptly => None,
    }
}

pub fn period_bounds(period: Period, day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let _ = period;
    (day, day)
}

pub fn document_date(_title: &str, _text: &str) -> Option<NaiveDate> {
    None
}

pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}
