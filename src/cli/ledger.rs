//! `luoshi ledger …`: the 督办台账 from the command line. Every command
//! prints JSON on standard output (or Markdown for `status --format md`).

use super::CliError;
use crate::ledger::status::Clock;
use crate::ledger::{Ledger, dates, feedback, report, summary};
use crate::model::Date;
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub(super) enum LedgerCommand {
    /// 把讲话稿、文件或清单加入台账文件夹 / add speeches, documents or checklists to the ledger folder
    Add {
        /// 台账文件夹（不存在则新建） / the ledger folder (made if missing)
        dir: PathBuf,
        /// 讲话稿、文件（提取）或清单（.luoshi.ron） / speeches, documents (extracted) or checklists
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 文件日期（YYYY-MM-DD），文中找不到日期时必填 / the document date, needed when the text gives none
        #[arg(long, value_parser = parse_day)]
        date: Option<Date>,
    },
    /// 各单位任务的红黄绿灯 / every department's tasks with their lights
    Status {
        dir: PathBuf,
        /// 按哪一天判断（默认今天，北京时间） / the day to judge by (default today, Beijing time)
        #[arg(long, value_parser = parse_day)]
        today: Option<Date>,
        /// 临期提醒天数 / days ahead a task turns yellow
        #[arg(long, default_value_t = Clock::DEFAULT_YELLOW_DAYS)]
        yellow_days: u32,
        #[arg(long, value_enum, default_value_t = StatusFormat::Json)]
        format: StatusFormat,
    },
    /// 导出一个单位的反馈表（.xlsx） / export a department's feedback table (.xlsx)
    FeedbackOut {
        dir: PathBuf,
        #[arg(long)]
        department: String,
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long, value_parser = parse_day)]
        today: Option<Date>,
        /// 允许替换不是落实生成的已有文件 / allow replacing a file Luoshi did not write
        #[arg(long)]
        force: bool,
    },
    /// 导入填好的反馈表 / import returned feedback tables
    FeedbackIn {
        dir: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 只显示会改动什么，不保存 / only show what would change
        #[arg(long)]
        dry_run: bool,
        /// 填报日期为空时记为哪一天（默认今天） / the day of rows without a 填报日期 (default today)
        #[arg(long, value_parser = parse_day)]
        today: Option<Date>,
    },
    /// 导出督办通报（.docx 或 .xlsx） / export the 督办通报 (.docx or .xlsx)
    Report {
        dir: PathBuf,
        #[arg(long, value_parser = parse_day)]
        today: Option<Date>,
        #[arg(long, default_value_t = Clock::DEFAULT_YELLOW_DAYS)]
        yellow_days: u32,
        #[arg(short, long)]
        output: PathBuf,
        /// 通报标题（默认“督办通报（截至某日）”） / the title
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum StatusFormat {
    Json,
    Md,
}

fn parse_day(text: &str) -> Result<Date, String> {
    dates::parse_iso(text).ok_or_else(|| {
        format!("不是有效日期（应为 YYYY-MM-DD） / not a valid date (expected YYYY-MM-DD): {text}")
    })
}

use crate::ledger::today;

#[derive(Debug, thiserror::Error)]
pub(super) enum LedgerCliError {
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
    #[error(transparent)]
    Feedback(#[from] feedback::FeedbackError),
    #[error("无法生成通报：{0} / cannot make the report: {0}")]
    Report(#[from] report::ReportError),
    #[error("无法读取 {path}：{source} / cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}：通报只能导出为 .docx 或 .xlsx / {path}: the report is written as .docx or .xlsx"
    )]
    ReportFormat { path: String },
    #[error(transparent)]
    Write(#[from] crate::fsio::WriteError),
}

pub(super) fn run(command: LedgerCommand) -> Result<(), CliError> {
    match command {
        LedgerCommand::Add { dir, files, date } => add(&dir, &files, date),
        LedgerCommand::Status {
            dir,
            today: day,
            yellow_days,
            format,
        } => {
            let ledger = Ledger::open(&dir).map_err(LedgerCliError::from)?;
            let clock = Clock {
                today: day.unwrap_or_else(today),
                yellow_days,
            };
            let status = summary::status(&ledger, clock);
            match format {
                StatusFormat::Json => print_json(&status),
                StatusFormat::Md => print(summary::markdown(&status).as_bytes()),
            }
        }
        LedgerCommand::FeedbackOut {
            dir,
            department,
            output,
            today: day,
            force,
        } => {
            super::check_output(&dir, &output, force)?;
            let ledger = Ledger::open(&dir).map_err(LedgerCliError::from)?;
            let bytes =
                feedback::export(&ledger, &department, Clock::new(day.unwrap_or_else(today)))
                    .map_err(LedgerCliError::from)?;
            write(&output, &bytes)?;
            print_json(&Written { written: &output })
        }
        LedgerCommand::FeedbackIn {
            dir,
            files,
            dry_run,
            today: day,
        } => feedback_in(&dir, &files, dry_run, day.unwrap_or_else(today)),
        LedgerCommand::Report {
            dir,
            today: day,
            yellow_days,
            output,
            title,
            force,
        } => {
            super::check_output(&dir, &output, force)?;
            let ledger = Ledger::open(&dir).map_err(LedgerCliError::from)?;
            let clock = Clock {
                today: day.unwrap_or_else(today),
                yellow_days,
            };
            let title = title.unwrap_or_else(|| format!("督办通报（截至{}）", clock.today));
            let numbers = summary::summary(&ledger, clock, title);
            let ext = output
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            let bytes = match ext.as_deref() {
                Some("docx") => report::report_docx(&numbers),
                Some("xlsx") => report::report_xlsx(&numbers),
                _ => {
                    return Err(LedgerCliError::ReportFormat {
                        path: output.display().to_string(),
                    }
                    .into());
                }
            }
            .map_err(LedgerCliError::from)?;
            write(&output, &bytes)?;
            print_json(&Written { written: &output })
        }
    }
}

#[derive(Serialize)]
struct Written<'a> {
    written: &'a Path,
}

#[derive(Serialize)]
struct Added {
    file: PathBuf,
    checklist: PathBuf,
    code: String,
    date: Option<Date>,
    tasks: usize,
}

fn add(dir: &Path, files: &[PathBuf], date: Option<Date>) -> Result<(), CliError> {
    if !dir.exists() {
        crate::fsio::create_dir(dir).map_err(LedgerCliError::from)?;
    }
    let mut ledger = Ledger::open(dir).map_err(LedgerCliError::from)?;
    let mut added = Vec::new();
    for file in files {
        let index = ledger.add(file, date).map_err(LedgerCliError::from)?;
        let entry = &ledger.entries[index];
        added.push(Added {
            file: file.clone(),
            checklist: entry.path.clone(),
            code: entry.checklist.code.clone(),
            date: entry.checklist.date,
            tasks: entry.checklist.item_count(),
        });
    }
    print_json(&serde_json::json!({ "added": added }))
}

fn feedback_in(dir: &Path, files: &[PathBuf], dry_run: bool, day: Date) -> Result<(), CliError> {
    let mut ledger = Ledger::open(dir).map_err(LedgerCliError::from)?;
    let mut read = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).map_err(|source| LedgerCliError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        read.push((name, bytes));
    }
    let plan = feedback::plan(&ledger, &read, day).map_err(LedgerCliError::from)?;
    if !dry_run && !plan.changes.is_empty() {
        feedback::apply(&mut ledger, &plan).map_err(LedgerCliError::from)?;
        ledger.save_all().map_err(LedgerCliError::from)?;
    }
    print_json(&serde_json::json!({
        "applied": !dry_run && !plan.changes.is_empty(),
        "changes": plan.changes,
        "unchanged": plan.unchanged,
    }))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    crate::fsio::write_atomic(path, |w| w.write_all(bytes)).map_err(LedgerCliError::from)?;
    Ok(())
}

fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    print(text.as_bytes())
}

fn print(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(CliError::Stdout)
}
