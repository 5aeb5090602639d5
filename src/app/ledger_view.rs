//! The 督办台账 window: every task of a ledger folder with its light, in
//! four views (by department, by document, by due day, by light), a bar
//! chart per department, and the selected task's progress log, due day
//! and 销号. Every change is one undo step and is saved at once, document
//! by document ([`Ledger::save_all`]: another clerk's saves are merged,
//! a conflict is shown and nothing is overwritten). Returned 反馈表 are
//! previewed before they are applied.

use super::i18n::Lang;
use super::ledger_parts::{chart, department_names, dot, grouped, task_line};
use crate::checklist::Edit;
use crate::ledger::feedback::{self, Plan};
use crate::ledger::status::{self, Clock};
use crate::ledger::{Ledger, dates};
use crate::model::{Closing, Date, Report, Status};
use eframe::egui;
use egui::{Color32, RichText};
use std::path::{Path, PathBuf};

/// How the tasks are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    #[default]
    Department,
    Document,
    Due,
    Light,
}

impl Grouping {
    const ALL: [Grouping; 4] = [
        Grouping::Department,
        Grouping::Document,
        Grouping::Due,
        Grouping::Light,
    ];

    fn label(self, lang: Lang) -> &'static str {
        match self {
            Grouping::Department => lang.pick("按单位", "By department"),
            Grouping::Document => lang.pick("按文件", "By document"),
            Grouping::Due => lang.pick("按期限", "By due day"),
            Grouping::Light => lang.pick("按灯色", "By light"),
        }
    }
}

/// What the ledger window asks of the app (file dialogs it cannot open).
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Close,
    FeedbackOut(String),
    ImportFeedback,
    Report(&'static str),
    ChartPng,
}

/// An open ledger and how it is shown.
pub struct LedgerUi {
    pub ledger: Ledger,
    pub grouping: Grouping,
    pub clock: Clock,
    /// The selected task: (document, item id).
    pub selected: Option<(usize, u64)>,
    /// The report being typed for the selected task.
    pub draft: ReportDraft,
    /// The 销号 basis being typed.
    pub basis: String,
    /// The due day being typed (YYYY-MM-DD).
    pub due_text: String,
    /// Dates being typed for documents that have none, by entry.
    pub doc_dates: std::collections::HashMap<usize, String>,
    /// Returned 反馈表 read and checked, waiting for 应用 / 取消.
    pub preview: Option<Plan>,
    /// The last problem or notice, shown above the table.
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportDraft {
    pub date: String,
    pub progress: String,
    pub by: String,
}

impl LedgerUi {
    pub fn open(dir: &Path, today: Date) -> Result<LedgerUi, crate::ledger::LedgerError> {
        let ledger = Ledger::open(dir)?;
        let message = (!ledger.unreadable.is_empty()).then(|| {
            let names: Vec<String> = ledger
                .unreadable
                .iter()
                .map(|(p, e)| format!("{}：{e}", p.display()))
                .collect();
            format!("未能读取 / could not read: {}", names.join("；"))
        });
        Ok(LedgerUi {
            ledger,
            grouping: Grouping::default(),
            clock: Clock::new(today),
            selected: None,
            draft: ReportDraft {
                date: today.to_string(),
                ..ReportDraft::default()
            },
            basis: String::new(),
            due_text: String::new(),
            doc_dates: std::collections::HashMap::new(),
            preview: None,
            message,
        })
    }

    pub fn title(&self) -> String {
        let name = self
            .ledger
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!("台账 {name}")
    }

    /// Applies edits as one step and saves the documents they changed.
    pub fn change(&mut self, edits: Vec<(usize, Edit)>) {
        match self.ledger.apply(edits) {
            Ok(()) => self.save(),
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    pub fn undo(&mut self) {
        match self.ledger.undo() {
            Ok(_) => self.save(),
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    pub fn redo(&mut self) {
        match self.ledger.redo() {
            Ok(_) => self.save(),
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    fn save(&mut self) {
        if let Err(e) = self.ledger.save_all() {
            self.message = Some(e.to_string());
        }
    }

    /// Reads returned 反馈表 and shows what they would change.
    pub fn preview_files(&mut self, paths: &[PathBuf]) {
        let mut files = Vec::new();
        for path in paths {
            match std::fs::read(path) {
                Ok(bytes) => files.push((
                    path.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    bytes,
                )),
                Err(e) => {
                    self.message =
                        Some(format!("无法读取 {}：{e} / cannot read it", path.display()));
                    return;
                }
            }
        }
        match feedback::plan(&self.ledger, &files, self.clock.today) {
            Ok(plan) => {
                self.message = None;
                self.preview = Some(plan);
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Applies the previewed import as one undo step.
    pub fn confirm_import(&mut self) {
        let Some(plan) = self.preview.take() else {
            return;
        };
        match feedback::apply(&mut self.ledger, &plan) {
            Ok(()) => {
                self.save();
                if self.message.is_none() {
                    self.message = Some(format!(
                        "已导入 {} 条反馈 / imported {} reports",
                        plan.changes.len(),
                        plan.changes.len()
                    ));
                }
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Draws the window; returns what needs the app.
    pub fn show(&mut self, ui: &mut egui::Ui, lang: Lang) -> Vec<Request> {
        let mut requests = Vec::new();
        self.toolbar(ui, lang, &mut requests);
        if let Some(message) = self.message.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(Color32::from_rgb(0xb0, 0x3a, 0x2e), message);
                if ui.small_button(lang.pick("关闭", "Dismiss")).clicked() {
                    self.message = None;
                }
            });
        }
        if self.preview.is_some() {
            self.show_preview(ui, lang);
            return requests;
        }
        self.ask_document_dates(ui, lang);
        let rows = status::rows(&self.ledger, self.clock);
        let groups = status::by_department(&rows);
        chart(ui, &groups, lang);
        ui.separator();
        let detail_height = if self.selected.is_some() { 230.0 } else { 0.0 };
        let table_height = (ui.available_height() - detail_height).max(120.0);
        let mut select = None;
        egui::ScrollArea::vertical()
            .id_salt("ledger_rows")
            .max_height(table_height)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (title, rows) in grouped(&self.ledger, &rows, self.grouping, self.clock) {
                    egui::CollapsingHeader::new(RichText::new(title).strong())
                        .default_open(true)
                        .show(ui, |ui| {
                            for row in rows {
                                if task_line(ui, &self.ledger, row, self.selected) {
                                    select = Some((row.entry, row.item.id));
                                }
                            }
                        });
                }
            });
        if let Some(sel) = select {
            self.select(sel);
        }
        if self.selected.is_some() {
            ui.separator();
            self.detail(ui, lang, &mut requests);
        }
        requests
    }

    /// A document without a date (a checklist saved into the folder by
    /// hand) has no due days: its date is asked here, once.
    fn ask_document_dates(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let undated: Vec<(usize, String)> = self
            .ledger
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.checklist.date.is_none())
            .map(|(i, e)| (i, e.title()))
            .collect();
        let mut set = None;
        for (index, title) in undated {
            ui.horizontal(|ui| {
                let label = ui.label(format!(
                    "《{title}》{}",
                    lang.pick(
                        "没有文件日期，期限无法换算成日期：",
                        " has no date, so its deadlines have no days:"
                    )
                ));
                let text = self.doc_dates.entry(index).or_default();
                ui.add(
                    egui::TextEdit::singleline(text)
                        .hint_text("2026-03-01")
                        .desired_width(90.0),
                )
                .labelled_by(label.id);
                let day = dates::parse_iso(text);
                if ui
                    .add_enabled(
                        day.is_some(),
                        egui::Button::new(lang.pick("设定日期", "Set date")),
                    )
                    .clicked()
                {
                    set = day.map(|d| (index, d));
                }
            });
        }
        if let Some((index, date)) = set {
            self.doc_dates.remove(&index);
            self.change(vec![(index, Edit::SetDocumentDate { date: Some(date) })]);
        }
    }

    fn select(&mut self, sel: (usize, u64)) {
        self.selected = Some(sel);
        self.basis.clear();
        self.due_text = self
            .ledger
            .entries
            .get(sel.0)
            .and_then(|e| {
                let item = e.checklist.item(sel.1)?;
                status::row(&self.ledger, sel.0, "", item, self.clock).due
            })
            .map(|d| d.to_string())
            .unwrap_or_default();
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, lang: Lang, requests: &mut Vec<Request>) {
        ui.horizontal_wrapped(|ui| {
            ui.heading(self.title());
            for g in Grouping::ALL {
                ui.selectable_value(&mut self.grouping, g, g.label(lang));
            }
            ui.separator();
            let label = ui.label(lang.pick("统计日期", "Today"));
            let mut today = self.clock.today.to_string();
            let field = ui
                .add(egui::TextEdit::singleline(&mut today).desired_width(90.0))
                .labelled_by(label.id);
            if field.changed()
                && let Some(day) = dates::parse_iso(&today)
            {
                self.clock.today = day;
            }
            let label = ui.label(lang.pick("临期天数", "Warn days"));
            ui.add(egui::DragValue::new(&mut self.clock.yellow_days).range(0..=60))
                .labelled_by(label.id);
            ui.separator();
            if ui
                .add_enabled(
                    self.ledger.can_undo(),
                    egui::Button::new(lang.pick("撤销", "Undo")),
                )
                .clicked()
            {
                self.undo();
            }
            if ui
                .add_enabled(
                    self.ledger.can_redo(),
                    egui::Button::new(lang.pick("重做", "Redo")),
                )
                .clicked()
            {
                self.redo();
            }
            if ui
                .button(lang.pick("导入反馈表…", "Import feedback…"))
                .clicked()
            {
                requests.push(Request::ImportFeedback);
            }
            ui.menu_button(lang.pick("导出", "Export"), |ui| {
                if ui
                    .button(lang.pick("督办通报（Word）…", "Report (Word)…"))
                    .clicked()
                {
                    requests.push(Request::Report("docx"));
                }
                if ui
                    .button(lang.pick("督办通报（Excel）…", "Report (Excel)…"))
                    .clicked()
                {
                    requests.push(Request::Report("xlsx"));
                }
                if ui
                    .button(lang.pick("图表（PNG）…", "Chart (PNG)…"))
                    .clicked()
                {
                    requests.push(Request::ChartPng);
                }
                ui.separator();
                ui.label(lang.pick("反馈表：", "Feedback table:"));
                let names = department_names(&self.ledger);
                for name in names {
                    if ui.button(format!("{name}…")).clicked() {
                        requests.push(Request::FeedbackOut(name));
                    }
                }
            });
            if ui.button(lang.pick("关闭台账", "Close ledger")).clicked() {
                requests.push(Request::Close);
            }
        });
    }

    fn show_preview(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let Some(plan) = &self.preview else { return };
        ui.heading(lang.pick("导入前请核对", "Check before importing"));
        ui.label(format!(
            "{} {}，{} {}",
            plan.changes.len(),
            lang.pick("条反馈将登记", "reports will be added"),
            plan.unchanged,
            lang.pick("条已登记过（不重复）", "were imported before (skipped)"),
        ));
        egui::ScrollArea::vertical()
            .id_salt("ledger_preview")
            .max_height((ui.available_height() - 40.0).max(100.0))
            .show(ui, |ui| {
                egui::Grid::new("preview_grid")
                    .striped(true)
                    .show(ui, |ui| {
                        for h in ["编号", "单位", "任务", "进展情况", "状态", "填报人", "日期"]
                        {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for c in &plan.changes {
                            ui.label(&c.id);
                            ui.label(&c.department);
                            ui.label(crate::checklist::shorten(&c.task, 24));
                            ui.label(crate::checklist::shorten(&c.report.progress, 30));
                            ui.label(match c.status {
                                Some((from, to)) => format!("{from} → {to}"),
                                None => "—".into(),
                            });
                            ui.label(&c.report.by);
                            ui.label(c.report.date.map(|d| d.to_string()).unwrap_or_default());
                            ui.end_row();
                        }
                    });
            });
        let any = !plan.changes.is_empty();
        let (mut apply, mut cancel) = (false, false);
        ui.horizontal(|ui| {
            apply = ui
                .add_enabled(any, egui::Button::new(lang.pick("应用", "Apply")))
                .clicked();
            cancel = ui.button(lang.pick("取消", "Cancel")).clicked();
        });
        if apply {
            self.confirm_import();
        } else if cancel {
            self.preview = None;
        }
    }

    // Long: the selected task's whole card — its reports, the form for a
    // new one, its due day, status and 销号 — each a row of small widgets.
    fn detail(&mut self, ui: &mut egui::Ui, lang: Lang, _requests: &mut [Request]) {
        let Some((entry, id)) = self.selected else {
            return;
        };
        let Some(item) = self
            .ledger
            .entries
            .get(entry)
            .and_then(|e| e.checklist.item(id))
        else {
            self.selected = None;
            return;
        };
        let item = item.clone();
        let row_due = status::row(&self.ledger, entry, "", &item, self.clock);
        let (light, id_text) = (row_due.light, row_due.id.clone());
        let mut edits: Vec<Edit> = Vec::new();
        egui::ScrollArea::vertical()
            .id_salt("ledger_detail")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    dot(ui, light);
                    ui.strong(&id_text);
                    ui.label(&item.text);
                });
                ui.horizontal(|ui| {
                    ui.label(lang.pick("状态", "Status"));
                    for s in Status::ALL {
                        if ui
                            .selectable_label(item.status == s, s.label_zh())
                            .clicked()
                            && item.status != s
                        {
                            edits.push(Edit::SetStatus { id, status: s });
                        }
                    }
                    ui.separator();
                    let label = ui.label(lang.pick("办结日期", "Due"));
                    ui.add(egui::TextEdit::singleline(&mut self.due_text).desired_width(90.0))
                        .labelled_by(label.id);
                    if ui.button(lang.pick("设定", "Set")).clicked() {
                        match dates::parse_iso(&self.due_text) {
                            Some(day) => edits.push(Edit::SetDueDate { id, due: Some(day) }),
                            None => {
                                self.message = Some(
                                    "日期应为 YYYY-MM-DD / the date should be YYYY-MM-DD".into(),
                                );
                            }
                        }
                    }
                    if let Some(d) = &item.deadline {
                        ui.weak(format!("（{}）", d.text));
                    }
                });
                for r in &item.reports {
                    ui.horizontal_wrapped(|ui| {
                        ui.weak(r.date.map(|d| d.to_string()).unwrap_or_default());
                        ui.label(&r.progress);
                        if !r.problems.is_empty() {
                            ui.weak(format!("问题：{}", r.problems));
                        }
                        if !r.by.is_empty() {
                            ui.weak(format!("— {}", r.by));
                        }
                    });
                }
                ui.horizontal(|ui| {
                    let label = ui.label(lang.pick("登记进展", "Add report"));
                    ui.add(egui::TextEdit::singleline(&mut self.draft.date).desired_width(90.0))
                        .labelled_by(label.id);
                    ui.add(
                        egui::TextEdit::singleline(&mut self.draft.progress)
                            .hint_text(lang.pick("进展情况", "progress"))
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                    ui.add(
                        egui::TextEdit::singleline(&mut self.draft.by)
                            .hint_text(lang.pick("填报人", "by"))
                            .desired_width(70.0),
                    )
                    .labelled_by(label.id);
                    let ready = !self.draft.progress.trim().is_empty();
                    if ui
                        .add_enabled(ready, egui::Button::new(lang.pick("登记", "Add")))
                        .clicked()
                    {
                        edits.push(Edit::AddReport {
                            id,
                            report: Report {
                                date: dates::parse_iso(&self.draft.date).or(Some(self.clock.today)),
                                progress: self.draft.progress.trim().to_string(),
                                by: self.draft.by.trim().to_string(),
                                ..Report::default()
                            },
                        });
                        self.draft.progress.clear();
                    }
                });
                ui.horizontal(|ui| match &item.closed {
                    Some(c) => {
                        ui.label(format!(
                            "已销号 {} {}",
                            c.date.map(|d| d.to_string()).unwrap_or_default(),
                            c.basis
                        ));
                        if ui.button(lang.pick("取消销号", "Reopen")).clicked() {
                            edits.push(Edit::SetClosed { id, closed: None });
                        }
                    }
                    None => {
                        let label = ui.label(lang.pick("销号依据", "Basis"));
                        ui.add(
                            egui::TextEdit::singleline(&mut self.basis)
                                .hint_text(lang.pick("如：现场核查、文件号", "e.g. an inspection"))
                                .desired_width(260.0),
                        )
                        .labelled_by(label.id);
                        let ready = !self.basis.trim().is_empty();
                        if ui
                            .add_enabled(ready, egui::Button::new(lang.pick("销号", "Close task")))
                            .clicked()
                        {
                            edits.push(Edit::SetClosed {
                                id,
                                closed: Some(Closing {
                                    date: Some(self.clock.today),
                                    basis: self.basis.trim().to_string(),
                                }),
                            });
                            self.basis.clear();
                        }
                    }
                });
            });
        if !edits.is_empty() {
            self.change(vec![(entry, Edit::Batch(edits))]);
        }
    }
}
