//! Markdown export: a `#` title, one `##` section per department with its
//! progress, and a task list (`- [ ]` / `- [x]`) of items with deadline,
//! role and partner departments. For pasting into notes, mail or wikis.

use super::table::role_text;
use crate::checklist::{Checklist, Item, Status};
use crate::model::Confidence;
use std::fmt::Write as _;

/// The title used when the speech had none.
const UNTITLED: &str = "落实清单";

pub fn to_string(list: &Checklist) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail; results are ignored below.
    let title = list.source.title.trim();
    let title = if title.is_empty() { UNTITLED } else { title };
    let _ = writeln!(out, "# {}", escape(title));
    out.push('\n');
    if let Some(path) = &list.source.path
        && let Some(name) = path.file_name()
    {
        let _ = writeln!(out, "来源：{}", escape(&name.to_string_lossy()));
        out.push('\n');
    }
    let (done, total) = list.progress();
    let _ = writeln!(out, "完成 {done}/{total}");
    let units = list.units_by_task();
    for dept in &list.departments {
        let (done, total) = dept.progress();
        out.push('\n');
        let _ = writeln!(out, "## {}（{done}/{total}）", escape(&dept.name));
        out.push('\n');
        for item in &dept.items {
            let role = units
                .get(&item.task_key())
                .map(|u| role_text(u, &dept.name, item.role))
                .unwrap_or_default();
            item_line(&mut out, item, &role);
        }
    }
    out
}

fn item_line(out: &mut String, item: &Item, role: &str) {
    let mark = if item.status == Status::Done {
        'x'
    } else {
        ' '
    };
    let _ = write!(out, "- [{mark}] {}", escape(&item.text));
    let mut facts: Vec<String> = Vec::new();
    if item.status == Status::InProgress {
        facts.push(Status::InProgress.label_zh().to_string());
    }
    if let Some(deadline) = &item.deadline {
        facts.push(format!("期限：{}", escape(&deadline.text)));
    }
    if !role.is_empty() {
        facts.push(escape(role));
    }
    // An item the extractor was unsure of says so, and why.
    if item.confidence == Confidence::Check {
        let why = item.reason.trim();
        facts.push(if why.is_empty() {
            "待核实".to_string()
        } else {
            format!("待核实：{}", escape(why))
        });
    }
    if !facts.is_empty() {
        let _ = write!(out, "（{}）", facts.join("；"));
    }
    out.push('\n');
    let note = item.note.trim();
    if !note.is_empty() {
        let _ = writeln!(out, "  - 备注：{}", escape(note));
    }
}

/// Keeps speech text literal: joins lines and escapes the characters
/// Markdown would read as markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' => {}
            '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::{Department, Source};
    use crate::model::Deadline;

    #[test]
    fn renders_sections_and_task_list() {
        let mut list = Checklist::new(Source {
            title: "全县防汛工作会议讲话".into(),
            ..Source::default()
        });
        list.departments = vec![
            Department {
                name: "全体单位".into(),
                items: vec![Item {
                    id: 1,
                    text: "压实责任".into(),
                    status: Status::Done,
                    ..Item::default()
                }],
            },
            Department {
                name: "水利局".into(),
                items: vec![
                    Item {
                        id: 2,
                        text: "排查*险工*险段".into(),
                        deadline: Some(Deadline {
                            text: "6月底前".into(),
                            due: None,
                        }),
                        with: vec!["应急局".into(), "气象局".into()],
                        status: Status::InProgress,
                        note: "已派工作组".into(),
                        ..Item::default()
                    },
                    Item {
                        id: 3,
                        text: "配合转移群众".into(),
                        role: crate::model::Role::Support,
                        with: vec!["乡镇".into()],
                        ..Item::default()
                    },
                ],
            },
        ];
        let md = to_string(&list);
        let want = "# 全县防汛工作会议讲话

完成 1/3

## 全体单位（1/1）

- [x] 压实责任

## 水利局（0/2）

- [ ] 排查\\*险工\\*险段（进行中；期限：6月底前；牵头，配合单位：应急局、气象局）
  - 备注：已派工作组
- [ ] 配合转移群众（配合，其他配合单位：乡镇）
";
        assert_eq!(md, want);
    }

    #[test]
    fn items_to_check_say_why() {
        let list = Checklist {
            departments: vec![Department {
                name: "报纸".into(),
                items: vec![
                    Item {
                        id: 1,
                        text: "开设专栏".into(),
                        confidence: Confidence::Check,
                        reason: "name not in the lexicon".into(),
                        ..Item::default()
                    },
                    Item {
                        id: 2,
                        text: "加强宣传".into(),
                        ..Item::default()
                    },
                ],
            }],
            ..Checklist::default()
        };
        let md = to_string(&list);
        assert!(
            md.contains("- [ ] 开设专栏（待核实：name not in the lexicon）\n"),
            "{md}"
        );
        assert!(md.contains("- [ ] 加强宣传\n"), "{md}");
    }

    #[test]
    fn untitled_and_escaped() {
        let md = to_string(&Checklist::default());
        assert!(md.starts_with("# 落实清单\n"));
        assert_eq!(escape("a\nb#[c]"), "a b\\#\\[c\\]");
    }
}
