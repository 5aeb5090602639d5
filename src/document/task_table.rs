//! Task tables (序号 | 任务 | 牵头单位 | 配合单位 | 时限), shared by the .docx
//! and the .doc/.wps readers: each reader says where rows and cells begin
//! and end, in terms of the paragraphs it has pushed, and a task table's
//! rows come out as the same labelled paragraphs whatever the format.
//!
//! Owns which header cells name which column and how a row is written.
//! Must not read any file format.

use super::structure::Hint;

/// What a column of a task table (序号 | 任务 | 牵头单位 | 配合单位 | 时限)
/// holds, from its header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Task,
    Lead,
    Support,
    Deadline,
    Other,
}

impl Column {
    fn of(header: &str) -> Column {
        let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
        const NUMBER: &[&str] = &["序号", "编号"];
        const LEAD: &[&str] = &[
            "牵头单位",
            "责任单位",
            "牵头部门",
            "责任部门",
            "主责单位",
            "负责单位",
            "牵头领导",
        ];
        const SUPPORT: &[&str] = &["配合单位", "配合部门", "协办单位", "参与单位", "协同单位"];
        const DEADLINE: &[&str] = &[
            "完成时限",
            "完成时间",
            "时间节点",
            "时限要求",
            "时限",
            "完成期限",
        ];
        const TASK: &[&str] = &[
            "任务",
            "事项",
            "工作内容",
            "工作措施",
            "具体措施",
            "主要内容",
        ];
        let has = |list: &[&str]| list.iter().any(|w| h.contains(w));
        if NUMBER.contains(&h.as_str()) {
            Column::Number
        } else if has(LEAD) {
            Column::Lead
        } else if has(SUPPORT) {
            Column::Support
        } else if has(DEADLINE) {
            Column::Deadline
        } else if has(TASK) {
            Column::Task
        } else {
            Column::Other
        }
    }
}

/// A table being read. A task table, whose header row names a task column
/// and a lead column, is read row by row: each row becomes one paragraph
/// written the way task lists in a speech are (`1．任务。牵头单位：A；配合单位：
/// B；完成时限：C`), so the task's units label it; the header row itself is
/// dropped. Any other table keeps one paragraph per cell paragraph.
#[derive(Debug, Default)]
pub(super) struct TaskTable {
    /// `None` before the first row; then the columns of a task table, or
    /// an empty list for any other table.
    columns: Option<Vec<Column>>,
    row_start: usize,
    cell_start: usize,
    cells: Vec<String>,
}

impl TaskTable {
    /// A row begins; its paragraphs will be pushed from `at` on.
    pub(super) fn start_row(&mut self, at: usize) {
        self.row_start = at;
        self.cell_start = at;
        self.cells.clear();
    }

    /// A cell begins; its paragraphs will be pushed from `at` on.
    pub(super) fn start_cell(&mut self, at: usize) {
        self.cell_start = at;
    }

    /// The paragraphs pushed since the cell began are one cell.
    pub(super) fn end_cell(&mut self, out: &[(String, Hint)]) {
        let mut cell = String::new();
        for (text, _) in out.get(self.cell_start..).unwrap_or_default() {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            if !cell.is_empty() && !cell.ends_with(['。', '；', '，', '：']) {
                cell.push('；');
            }
            cell.push_str(text);
        }
        self.cells.push(cell);
    }

    /// The row is complete: the header row decides what the table is; a
    /// task table's row replaces its cells' paragraphs with one paragraph.
    pub(super) fn end_row(&mut self, out: &mut Vec<(String, Hint)>) {
        let cells = std::mem::take(&mut self.cells);
        let Some(columns) = &self.columns else {
            let columns: Vec<Column> = cells.iter().map(|c| Column::of(c)).collect();
            let is_task_table = columns.contains(&Column::Task) && columns.contains(&Column::Lead);
            if is_task_table {
                out.truncate(self.row_start);
            }
            self.columns = Some(if is_task_table { columns } else { Vec::new() });
            return;
        };
        if columns.is_empty() || cells.iter().all(|c| c.is_empty()) {
            return;
        }
        let cell = |kind: Column| {
            columns
                .iter()
                .zip(&cells)
                .filter(|(c, text)| **c == kind && !text.is_empty())
                .map(|(_, text)| text.trim_end_matches(['。', '；']).to_string())
                .collect::<Vec<_>>()
                .join("；")
        };
        let (number, task) = (cell(Column::Number), cell(Column::Task));
        if task.is_empty() {
            return;
        }
        let mut row = String::new();
        if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
            row.push_str(&number);
            row.push('．');
        }
        row.push_str(&task);
        row.push('。');
        for (kind, label) in [
            (Column::Lead, "牵头单位"),
            (Column::Support, "配合单位"),
            (Column::Deadline, "完成时限"),
        ] {
            let value = cell(kind);
            if !value.is_empty() {
                row.push_str(label);
                row.push('：');
                row.push_str(&value);
                row.push('；');
            }
        }
        out.truncate(self.row_start);
        out.push((row, Hint::None));
    }
}
