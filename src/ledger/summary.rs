//! What the ledger's status says, shaped for its readers: the JSON of
//! `luoshi ledger status`, its Markdown, and the numbers of the 通报.

use super::Ledger;
use super::report::{DepartmentSummary, OverdueTask, Summary};
use super::status::{self, Clock, Counts, Light, Row};
use serde::Serialize;

/// `{"today", "yellow_days", "departments": [{"name", "total", "done",
/// "overdue", "due_soon", "tasks": [{"id", "text", "due", "light",
/// "document", …}]}]}`.
#[derive(Debug, Serialize)]
pub struct Status<'a> {
    pub today: String,
    pub yellow_days: u32,
    pub departments: Vec<DepartmentStatus<'a>>,
    /// Checklists in the folder that could not be read, with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Unreadable>,
}

#[derive(Debug, Serialize)]
pub struct Unreadable {
    pub file: String,
    pub error: String,
}

#[derive(Debug, Serialize)]
pub struct DepartmentStatus<'a> {
    pub name: &'a str,
    #[serde(flatten)]
    pub counts: Counts,
    pub tasks: Vec<TaskStatus<'a>>,
}

#[derive(Debug, Serialize)]
pub struct TaskStatus<'a> {
    pub id: String,
    pub text: &'a str,
    /// `YYYY-MM-DD`, or null without a date.
    pub due: Option<String>,
    pub light: Light,
    pub document: String,
    /// The deadline as written in the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<&'a str>,
    pub status: &'static str,
    #[serde(skip_serializing_if = "is_zero")]
    pub overdue_days: i64,
    pub role: &'static str,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// The status of every task on the clock's day.
pub fn status(ledger: &Ledger, clock: Clock) -> Status<'_> {
    let rows = status::rows(ledger, clock);
    let departments = status::by_department(&rows)
        .into_iter()
        .map(|(name, counts, rows)| DepartmentStatus {
            name,
            counts,
            tasks: rows.iter().map(|row| task(ledger, row)).collect(),
        })
        .collect();
    Status {
        today: clock.today.to_string(),
        yellow_days: clock.yellow_days,
        departments,
        unreadable: ledger
            .unreadable
            .iter()
            .map(|(path, error)| Unreadable {
                file: path.display().to_string(),
                error: error.clone(),
            })
            .collect(),
    }
}

fn task<'a>(ledger: &Ledger, row: &Row<'a>) -> TaskStatus<'a> {
    TaskStatus {
        id: row.id.clone(),
        text: &row.item.text,
        due: row.due.map(|d| d.to_string()),
        light: row.light,
        document: ledger.entries[row.entry].title(),
        written: row.item.deadline.as_ref().map(|d| d.text.as_str()),
        status: status_label(row.item),
        overdue_days: row.overdue_days,
        role: match row.item.role {
            crate::model::Role::Lead => "牵头",
            crate::model::Role::Support => "配合",
        },
    }
}

/// 未开始 / 进行中 (推进中) / 已完成, or 已销号 once closed.
pub fn status_label(item: &crate::checklist::Item) -> &'static str {
    if item.closed.is_some() {
        "已销号"
    } else {
        item.status.label_zh()
    }
}

/// The status as Markdown: a table of counts, then per department its
/// red and yellow tasks.
pub fn markdown(status: &Status<'_>) -> String {
    let mut out = format!(
        "# 督办台账状态\n\n统计日期：{}（临期：{} 天内）\n\n| 单位 | 任务 | 已完成 | 逾期 | 临期 |\n| --- | ---: | ---: | ---: | ---: |\n",
        status.today, status.yellow_days
    );
    for d in &status.departments {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            d.name, d.counts.total, d.counts.done, d.counts.overdue, d.counts.due_soon
        ));
    }
    for d in &status.departments {
        let flagged: Vec<&TaskStatus<'_>> = d
            .tasks
            .iter()
            .filter(|t| matches!(t.light, Light::Red | Light::Yellow))
            .collect();
        if flagged.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n", d.name));
        for t in flagged {
            let light = match t.light {
                Light::Red => format!("🔴 逾期 {} 天", t.overdue_days),
                _ => "🟡 临期".to_string(),
            };
            out.push_str(&format!(
                "- [{}] {}（{}，{}，{}）\n",
                t.id,
                t.text,
                t.due.as_deref().unwrap_or("无期限"),
                light,
                t.document
            ));
        }
    }
    for u in &status.unreadable {
        out.push_str(&format!("\n> 未能读取 {}：{}\n", u.file, u.error));
    }
    out
}

/// The numbers of a 督办通报.
pub fn summary(ledger: &Ledger, clock: Clock, title: String) -> Summary {
    let rows = status::rows(ledger, clock);
    let departments = status::by_department(&rows)
        .into_iter()
        .map(|(name, counts, rows)| DepartmentSummary {
            name: name.to_string(),
            total: counts.total,
            done: counts.done,
            on_time: counts.on_time,
            overdue: counts.overdue,
            due_soon: counts.due_soon,
            overdue_tasks: rows
                .iter()
                .filter(|r| r.light == Light::Red)
                .filter_map(|r| {
                    Some(OverdueTask {
                        id: r.id.clone(),
                        text: r.item.text.clone(),
                        document: ledger.entries[r.entry].title(),
                        due: r.due?,
                        days_overdue: r.overdue_days,
                    })
                })
                .collect(),
        })
        .collect();
    Summary {
        title,
        today: clock.today,
        yellow_days: clock.yellow_days,
        departments,
    }
}
