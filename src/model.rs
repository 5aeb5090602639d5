//! The words of the saved formats: the types that the extractor produces,
//! the checklist keeps and the exports print. Their serde names are part of
//! the `.luoshi.ron` and JSON formats and are frozen (a test lists them);
//! a change of shape is a new format version with a migration in
//! `checklist::store`. Must not depend on any other module of the crate.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A byte range in the document's text (`Document::text`), always on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }
}

/// The department that receives items with no named actor, or whose actor
/// is the whole audience (GUIDELINES.md).
pub const ALL_UNITS: &str = "全体单位";

/// Lead or supporting department for a clause shared by several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Role {
    #[default]
    Lead,
    Support,
}

/// A deadline as written, plus what it means when that is unambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// As written in the speech: "6月底前", "年内", "每季度".
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
}

/// The parsed meaning of a deadline. Years are absent when the speech does
/// not give one; nothing is invented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Due {
    /// By a day: year (if written), month, day.
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    /// By the end of a month.
    MonthEnd { year: Option<i32>, month: u32 },
    /// By the end of a quarter (1..=4).
    QuarterEnd { year: Option<i32>, quarter: u32 },
    /// Within the (current or named) year.
    YearEnd { year: Option<i32> },
    /// A recurring duty.
    Every(Period),
    /// Immediately / within a time limit set later (限期整改, 立即).
    Promptly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Day,
    Week,
    Month,
    Quarter,
    HalfYear,
    Year,
}

/// How sure the extractor is of an item. The serde names are part of the
/// JSON and RON formats: `"sure"`, `"check"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// The rules found a marker and a written (or clearly absent) actor.
    #[default]
    Sure,
    /// A person should look at it; the item's `reason` says why.
    Check,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub span: Option<Span>,
    pub message: String,
}

/// Progress of one item. The serde names are part of the saved format and
/// must not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Status {
    #[default]
    NotStarted,
    InProgress,
    Done,
}

impl Status {
    /// How far along: not started < in progress < done.
    pub fn rank(self) -> u8 {
        match self {
            Status::NotStarted => 0,
            Status::InProgress => 1,
            Status::Done => 2,
        }
    }

    /// Every status, in the order a user steps through them.
    pub const ALL: [Status; 3] = [Status::NotStarted, Status::InProgress, Status::Done];

    /// The label shown to users: 未开始 / 进行中 / 已完成.
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::NotStarted => "未开始",
            Status::InProgress => "进行中",
            Status::Done => "已完成",
        }
    }

    /// The English label, as the app's English UI shows it.
    pub fn label_en(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Done => "Done",
        }
    }

    /// The status after this one when a user clicks through them.
    pub fn next(self) -> Status {
        match self {
            Status::NotStarted => Status::InProgress,
            Status::InProgress => Status::Done,
            Status::Done => Status::NotStarted,
        }
    }

    pub fn is_done(self) -> bool {
        self == Status::Done
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label_zh())
    }
}

/// A calendar day (`2026-06-30` in the saved formats).
pub type Date = chrono::NaiveDate;

/// One progress report on a department's task in the 督办台账: from a
/// returned 反馈表 or typed by the clerk. Reports are only ever added, so
/// every earlier word a department sent stays on record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    /// The day of the report (填报日期).
    pub date: Option<Date>,
    /// 进展情况.
    pub progress: String,
    /// 存在问题.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub problems: String,
    /// 填报人.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// The status the department reported (完成情况), if it said one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Where it came from: a 反馈表's file name, or empty when typed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub from: String,
}

/// 销号: the 督查室 closed a task, on a day, on a basis (a report, a
/// document number, an inspection).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Closing {
    pub date: Option<Date>,
    pub basis: String,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The names files already hold. Changing one breaks every saved
    /// checklist and every script reading the JSON: make a new format
    /// version with a migration instead.
    #[test]
    fn serde_names_are_frozen() {
        let json = |v: &dyn erased::Json| v.json();
        assert_eq!(json(&Role::Lead), r#""Lead""#);
        assert_eq!(json(&Role::Support), r#""Support""#);
        assert_eq!(json(&Confidence::Sure), r#""sure""#);
        assert_eq!(json(&Confidence::Check), r#""check""#);
        assert_eq!(json(&Status::NotStarted), r#""NotStarted""#);
        assert_eq!(json(&Status::InProgress), r#""InProgress""#);
        assert_eq!(json(&Status::Done), r#""Done""#);
        assert_eq!(json(&Period::HalfYear), r#""HalfYear""#);
        assert_eq!(json(&Span::new(3, 9)), r#"{"start":3,"end":9}"#);
        let deadline = Deadline {
            text: "6月底前".into(),
            due: Some(Due::MonthEnd {
                year: Some(2027),
                month: 6,
            }),
        };
        assert_eq!(
            json(&deadline),
            r#"{"text":"6月底前","due":{"MonthEnd":{"year":2027,"month":6}}}"#
        );
        assert_eq!(json(&Due::Every(Period::Quarter)), r#"{"Every":"Quarter"}"#);
        assert_eq!(json(&Due::Promptly), r#""Promptly""#);
        assert_eq!(
            ron::to_string(&deadline).unwrap(),
            r#"(text:"6月底前",due:Some(MonthEnd(year:Some(2027),month:6)))"#
        );
        assert_eq!(ALL_UNITS, "全体单位");
    }

    mod erased {
        pub trait Json {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Json for T {
            fn json(&self) -> String {
                serde_json::to_string(self).unwrap()
            }
        }
    }
}
