//! Where every task of a ledger stands on a given day: its due day, its
//! light (红 overdue, 黄 due soon, 绿 done, grey no date) and the counts per
//! department. Pure: the day and the warning window are passed in.

use super::dates::{self, Schedule};
use super::{Entry, Ledger};
use crate::checklist::Item;
use crate::model::Date;
use serde::Serialize;

/// A task's light on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    /// Past its due day (or a recurring period's) and not done: 红灯.
    Red,
    /// Due within the warning window, today included: 黄灯.
    Yellow,
    /// Not done, due later than the window: no light (正常推进).
    #[serde(rename = "none")]
    Unlit,
    /// Done or closed (销号): 绿灯.
    Green,
    /// No date the calendar can place (长期, none written, no document date).
    Grey,
}

impl Light {
    /// The label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Light::Red => "红灯（逾期）",
            Light::Yellow => "黄灯（临期）",
            Light::Unlit => "正常推进",
            Light::Green => "绿灯（已完成）",
            Light::Grey => "无期限",
        }
    }

    pub const ALL: [Light; 5] = [
        Light::Red,
        Light::Yellow,
        Light::Unlit,
        Light::Green,
        Light::Grey,
    ];
}

/// The day to judge by and how many days ahead a due day turns a task
/// yellow (default 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub today: Date,
    pub yellow_days: u32,
}

impl Clock {
    pub const DEFAULT_YELLOW_DAYS: u32 = 7;

    pub fn new(today: Date) -> Clock {
        Clock {
            today,
            yellow_days: Self::DEFAULT_YELLOW_DAYS,
        }
    }
}

/// One department's copy of a task, as the ledger sees it on a day.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// Index of the document in `Ledger::entries`.
    pub entry: usize,
    pub department: &'a str,
    pub item: &'a Item,
    /// `CODE-ID`, stable across saves: the key of a 反馈表's row.
    pub id: String,
    pub schedule: Option<Schedule>,
    /// The day it is (next) due: the date, or the current period's end.
    pub due: Option<Date>,
    pub light: Light,
    /// Days past due (red rows), else 0.
    pub overdue_days: i64,
    pub done: bool,
    /// Done, and by its due day as far as the reports tell.
    pub on_time: bool,
}

/// The id a task has in a ledger's 反馈表 and status.
pub fn task_id(code: &str, item: &Item) -> String {
    format!("{code}-{}", item.id)
}

/// When an item is due: the clerk's date if set, else its deadline as
/// written, read against the document's date.
pub fn schedule_of(entry: &Entry, item: &Item) -> Option<Schedule> {
    if let Some(day) = item.due_date {
        return Some(Schedule::Once(day));
    }
    let deadline = item.deadline.as_ref()?;
    let date = entry.checklist.date?;
    dates::schedule(&deadline.text, deadline.due.as_ref(), date)
}

/// Whether the department finished (or the 督查室 closed) the task.
pub fn is_done(item: &Item) -> bool {
    item.closed.is_some() || item.status.is_done()
}

/// The day the task was reported done: the first report saying so, else
/// the day of 销号.
fn done_on(item: &Item) -> Option<Date> {
    item.reports
        .iter()
        .find(|r| r.status.is_some_and(|s| s.is_done()))
        .and_then(|r| r.date)
        .or_else(|| item.closed.as_ref().and_then(|c| c.date))
}

/// The row of one item on the clock's day.
pub fn row<'a>(
    ledger: &'a Ledger,
    index: usize,
    department: &'a str,
    item: &'a Item,
    clock: Clock,
) -> Row<'a> {
    let entry = &ledger.entries[index];
    let schedule = schedule_of(entry, item);
    let done = is_done(item);
    let (due, light, overdue_days) = match schedule {
        None | Some(Schedule::Ongoing) => (None, if done { Light::Green } else { Light::Grey }, 0),
        Some(Schedule::Once(day)) => {
            let (light, overdue) = judge(day, done, clock);
            (Some(day), light, overdue)
        }
        Some(Schedule::Every { period, from }) => recurring(item, period, from, done, clock),
    };
    let on_time = done
        && match (due, done_on(item)) {
            (Some(due), Some(on)) => on <= due,
            _ => true,
        };
    Row {
        entry: index,
        department,
        item,
        id: task_id(&entry.checklist.code, item),
        schedule,
        due,
        light,
        overdue_days,
        done,
        on_time,
    }
}

/// The light of a task due on `day`.
fn judge(day: Date, done: bool, clock: Clock) -> (Light, i64) {
    if done {
        return (Light::Green, 0);
    }
    let ahead = (day - clock.today).num_days();
    if ahead < 0 {
        (Light::Red, -ahead)
    } else if ahead <= i64::from(clock.yellow_days) {
        (Light::Yellow, 0)
    } else {
        (Light::Unlit, 0)
    }
}

/// A recurring task: each period since the document is its own check,
/// met by a report dated within it. A past period with none makes it red;
/// else the current period decides.
fn recurring(
    item: &Item,
    period: crate::model::Period,
    from: Date,
    done: bool,
    clock: Clock,
) -> (Option<Date>, Light, i64) {
    let current_end = dates::period_end(period, clock.today);
    if done {
        return (Some(current_end), Light::Green, 0);
    }
    let reported = |start: Date, end: Date| {
        item.reports
            .iter()
            .filter_map(|r| r.date)
            .any(|d| d >= start && d <= end)
    };
    let (mut end, mut start) = dates::period_bounds(period, from);
    // At most a few hundred periods (weekly over years): cheap.
    while end < clock.today {
        if !reported(start, end) {
            return (Some(end), Light::Red, (clock.today - end).num_days());
        }
        match end.succ_opt() {
            Some(next) => (end, start) = dates::period_bounds(period, next),
            None => break,
        }
    }
    if reported(start, end) {
        return (Some(end), Light::Green, 0);
    }
    let (light, overdue) = judge(end, false, clock);
    (Some(end), light, overdue)
}

/// Every department's copy of every task in the ledger, on the clock's day.
pub fn rows(ledger: &Ledger, clock: Clock) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    for (index, entry) in ledger.entries.iter().enumerate() {
        for dept in &entry.checklist.departments {
            for item in &dept.items {
                out.push(row(ledger, index, &dept.name, item, clock));
            }
        }
    }
    out
}

/// The counts of one department.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub done: usize,
    pub on_time: usize,
    pub overdue: usize,
    pub due_soon: usize,
}

impl Counts {
    pub fn add(&mut self, row: &Row<'_>) {
        self.total += 1;
        self.done += usize::from(row.done);
        self.on_time += usize::from(row.on_time);
        self.overdue += usize::from(row.light == Light::Red);
        self.due_soon += usize::from(row.light == Light::Yellow);
    }

    /// Done as a share of all, 0..=100.
    pub fn percent_done(&self) -> u32 {
        (self.done * 100)
            .checked_div(self.total)
            .map_or(0, |p| u32::try_from(p).unwrap_or(100))
    }
}

/// The rows grouped per department, departments in order of first
/// appearance across the documents, rows by due day (undated last).
pub fn by_department<'a>(rows: &[Row<'a>]) -> Vec<(&'a str, Counts, Vec<Row<'a>>)> {
    let mut groups: Vec<(&'a str, Counts, Vec<Row<'a>>)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for row in rows {
        let at = *index.entry(row.department).or_insert_with(|| {
            groups.push((row.department, Counts::default(), Vec::new()));
            groups.len() - 1
        });
        groups[at].1.add(row);
        groups[at].2.push(row.clone());
    }
    for (_, _, rows) in &mut groups {
        rows.sort_by_key(|r| (r.due.is_none(), r.due, r.entry, r.item.id));
    }
    groups
}
