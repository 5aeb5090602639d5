//! The command line: `luoshi extract`, `luoshi export`,
//! `luoshi --install-desktop` / `--uninstall-desktop`, and opening the
//! desktop app. Parses arguments, calls the library, maps failures to exit
//! codes (1 bad input, 2 usage) with a one-line bilingual message.
//!
//! Owns no domain logic and must never panic on user input.

use crate::checklist::store;
use crate::directory::Directory;
use crate::document::LoadError;
use crate::export::{self, ExportError, Format};
use crate::session::Session;
use clap::{Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod batch;
mod ledger;

/// Exit code for bad input (unreadable file, unsupported format, …).
pub const EXIT_FAILURE: u8 = 1;
/// Exit code for a command line that does not parse.
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "luoshi",
    version,
    about = "落实 Luoshi：把讲话稿变成各部门的落实清单 / turn a speech into per-department checklists",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// 在桌面程序中打开的讲话稿或清单 / a speech or checklist to open in the desktop app
    file: Option<PathBuf>,
    /// 安装到应用菜单（Linux：.desktop、图标、文件类型） / add Luoshi to the application menu (Linux: .desktop entry, icon, file type)
    #[arg(long, conflicts_with_all = ["file", "uninstall_desktop"])]
    install_desktop: bool,
    /// 从应用菜单移除 / remove Luoshi from the application menu
    #[arg(long, conflicts_with = "file")]
    uninstall_desktop: bool,
    /// 打包用：把桌面文件、图标和文件类型写到 DIR/usr/share 下 / for packagers: write the desktop entry, icon and file types under DIR/usr/share
    #[arg(long, value_name = "DIR", conflicts_with_all = ["file", "install_desktop", "uninstall_desktop"])]
    write_desktop_files: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 从讲话稿（.txt、.docx）提取落实清单 / extract the checklist of a speech (.txt, .docx)
    Extract {
        /// 讲话稿，或一个放讲话稿的文件夹 / the speech, or a folder of speeches
        file: PathBuf,
        /// 输出格式（默认 json，或按 -o 的扩展名） / output format (default json, or from -o's extension)
        #[arg(short, long, value_enum)]
        format: Option<OutputFormat>,
        /// 输出文件（默认标准输出） / output file (default: standard output)
        #[arg(short, long, conflicts_with = "out")]
        output: Option<PathBuf>,
        /// 输出文件夹：每篇讲话稿一个结果文件 / output folder: one result file per speech
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// 允许替换不是落实生成的已有文件 / allow replacing an existing file that Luoshi did not write
        #[arg(long)]
        force: bool,
        /// 逐句说明产生或拒绝事项的规则 / print, per sentence, the rule that made or rejected each item
        #[arg(long, conflicts_with_all = ["out", "format"])]
        explain: bool,
        /// 单位名录（.ron）：部门改用名录中的正式名称 / department directory (.ron): departments get its official names
        #[arg(long, value_name = "FILE", conflicts_with_all = ["out", "explain"])]
        units: Option<PathBuf>,
    },
    /// 导出已保存的清单（.luoshi.ron） / export a saved checklist (.luoshi.ron)
    Export {
        /// 清单文件 / the checklist file
        checklist: PathBuf,
        /// 输出格式（默认 md，或按 -o 的扩展名） / output format (default md, or from -o's extension)
        #[arg(short, long, value_enum)]
        format: Option<OutputFormat>,
        /// 只导出这个部门的部分 / export only this department's part
        #[arg(short, long)]
        department: Option<String>,
        /// 输出文件（默认标准输出） / output file (default: standard output)
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 允许替换不是落实生成的已有文件 / allow replacing an existing file that Luoshi did not write
        #[arg(long)]
        force: bool,
        /// 制表日期（YYYY-MM-DD，默认今天，北京时间） / the table's date (YYYY-MM-DD; default today, Beijing time)
        #[arg(long, value_parser = parse_date)]
        date: Option<export::TableDate>,
        /// Excel 只含任务分解表，不含各部门工作表 / Excel: only the task table, no sheet per department
        #[arg(long)]
        table_only: bool,
    },
    /// 督办台账：一个文件夹里的各份清单 / the 督办台账: the checklists in one folder, followed until done
    Ledger {
        #[command(subcommand)]
        command: ledger::LedgerCommand,
    },
}

/// A date on the command line, as YYYY-MM-DD.
fn parse_date(text: &str) -> Result<export::TableDate, String> {
    export::TableDate::parse(text).ok_or_else(|| {
        format!("不是有效日期（应为 YYYY-MM-DD） / not a valid date (expected YYYY-MM-DD): {text}")
    })
}

/// Today in Beijing time, for the 制表日期 of an export.
fn today() -> export::TableDate {
    export::TableDate::in_china(std::time::SystemTime::now())
}

/// What a run asks for besides opening the app.
#[derive(Debug)]
enum Headless {
    Command(Command),
    InstallDesktop,
    UninstallDesktop,
    WriteDesktopFiles(PathBuf),
}

/// Formats offered on the command line; each maps to an [`export::Format`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Json,
    Ron,
    #[value(alias = "markdown")]
    Md,
    /// Excel 任务分解表
    Xlsx,
    /// Word 任务分解表
    Docx,
    /// CSV 任务分解表 (UTF-8 with BOM)
    Csv,
}

impl From<OutputFormat> for Format {
    fn from(f: OutputFormat) -> Format {
        match f {
            OutputFormat::Json => Format::Json,
            OutputFormat::Ron => Format::Ron,
            OutputFormat::Md => Format::Markdown,
            OutputFormat::Xlsx => Format::Xlsx,
            OutputFormat::Docx => Format::Docx,
            OutputFormat::Csv => Format::Csv,
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Open(#[from] crate::session::OpenError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Directory(#[from] crate::directory::DirectoryError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error("无法输出结果：{0} / cannot write the output: {0}")]
    Stdout(io::Error),
    #[error(
        "{0} 是二进制格式，不能输出到终端，请用 -o 指定文件 / {0} is a binary format: give an output file with -o"
    )]
    BinaryToTerminal(&'static str),
    #[error(transparent)]
    Desktop(#[from] crate::desktop::DesktopError),
    #[error(transparent)]
    Batch(#[from] batch::BatchError),
    #[error(transparent)]
    Ledger(#[from] ledger::LedgerCliError),
    #[error(
        "{path} 是输入文件本身，不能把结果写到它上面 / {path} is the input file itself: the output cannot be written over it"
    )]
    OntoInput { path: String },
    #[error(
        "{path} 已存在且不是落实生成的文件，未替换；确需替换请加 --force / {path} exists and was not written by Luoshi, so it was not replaced; add --force to replace it"
    )]
    WouldReplace { path: String },
}

/// Refuses to write `output` over `input`, and (without `force`) over an
/// existing file Luoshi did not write.
fn check_output(input: &Path, output: &Path, force: bool) -> Result<(), CliError> {
    if output == input || crate::fsio::same_file(input, output) {
        return Err(CliError::OntoInput {
            path: output.display().to_string(),
        });
    }
    if !force && output.exists() && !export::is_ours(output) {
        return Err(CliError::WouldReplace {
            path: output.display().to_string(),
        });
    }
    Ok(())
}

/// Runs the program with `args` (including the program name) and returns
/// its exit status.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            if code != 0 {
                eprintln!(
                    "luoshi: 命令行参数有误，请看 luoshi --help / invalid arguments, see luoshi --help"
                );
            }
            let _ = e.print();
            return ExitCode::from(u8::try_from(code).unwrap_or(EXIT_USAGE));
        }
    };
    if cli.install_desktop {
        return run_headless(Headless::InstallDesktop);
    }
    if cli.uninstall_desktop {
        return run_headless(Headless::UninstallDesktop);
    }
    if let Some(dir) = cli.write_desktop_files {
        return run_headless(Headless::WriteDesktopFiles(dir));
    }
    match cli.command {
        Some(command) => run_headless(Headless::Command(command)),
        None => open_app(cli.file),
    }
}

#[cfg(feature = "gui")]
fn open_app(file: Option<PathBuf>) -> ExitCode {
    crate::app::run(file)
}

#[cfg(not(feature = "gui"))]
fn open_app(file: Option<PathBuf>) -> ExitCode {
    use clap::CommandFactory;
    let note = "此版本不含桌面界面，仅支持命令行 / this build is headless (no desktop app): use the commands below";
    let help = Cli::command().render_help();
    if file.is_some() {
        eprintln!("luoshi: {note}\n\n{help}");
        ExitCode::from(EXIT_USAGE)
    } else {
        println!("{note}\n\n{help}");
        ExitCode::SUCCESS
    }
}

/// Runs a subcommand. A panic (a bug) still ends with exit 1 and one
/// bilingual line instead of Rust's exit 101 and a backtrace hint.
fn run_headless(command: Headless) -> ExitCode {
    crate::panics::install(crate::panics::Stderr::OneLine);
    let result = std::panic::catch_unwind(|| match command {
        Headless::Command(command) => execute(command),
        Headless::InstallDesktop => install_desktop(),
        Headless::UninstallDesktop => uninstall_desktop(),
        Headless::WriteDesktopFiles(dir) => {
            print_report(crate::desktop::write_package_files(&dir)?)
        }
    });
    match result {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(CliError::Stdout(e))) if e.kind() == io::ErrorKind::BrokenPipe => {
            // The reader went away (`luoshi extract … | head`): nothing to report.
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("luoshi: {}", crate::panics::one_line(&e.to_string()));
            ExitCode::from(EXIT_FAILURE)
        }
        Err(_) => ExitCode::from(EXIT_FAILURE),
    }
}

fn execute(command: Command) -> Result<(), CliError> {
    match command {
        Command::Ledger { command } => ledger::run(command),
        Command::Extract {
            file,
            format,
            output,
            out,
            force,
            explain,
            units,
        } => {
            if explain {
                if let Some(output) = file_output(output.as_deref()) {
                    check_output(&file, output, force)?;
                }
                let doc = crate::document::load(&file)?;
                let extraction = crate::extract::extract(&doc);
                let trace = crate::extract::explain(&doc, &extraction);
                return emit(trace.as_bytes(), Format::Markdown, output.as_deref());
            }
            let format = pick_format(format, output.as_deref(), Format::Json);
            if file.is_dir() || out.is_some() {
                let Some(out_dir) = out else {
                    return Err(batch::BatchError::NoOutDir {
                        path: file.display().to_string(),
                    }
                    .into());
                };
                return batch::run(&file, &out_dir, format, force).map_err(CliError::from);
            }
            if let Some(output) = file_output(output.as_deref()) {
                check_output(&file, output, force)?;
            }
            let directory = match &units {
                Some(path) => Directory::load(path)?,
                None => Directory::default(),
            };
            extract_and_emit(&file, format, &directory, output.as_deref()).map(|_| ())
        }
        Command::Export {
            checklist,
            format,
            department,
            output,
            force,
            date,
            table_only,
        } => {
            let format = pick_format(format, output.as_deref(), Format::Markdown);
            let options = export::ExportOptions {
                date: Some(date.unwrap_or_else(today)),
                department_sheets: !table_only,
            };
            if let Some(output) = file_output(output.as_deref()) {
                check_output(&checklist, output, force)?;
            }
            let list = store::load(&checklist)?;
            let out = match &department {
                Some(name) => export::department_to_bytes_with(&list, name, format, &options)?,
                None => export::to_bytes_with(&list, format, &options)?,
            };
            emit(&out, format, output.as_deref())
        }
    }
}

fn install_desktop() -> Result<(), CliError> {
    print_report(crate::desktop::install_for_current_exe()?)
}

fn uninstall_desktop() -> Result<(), CliError> {
    print_report(crate::desktop::uninstall_from_env()?)
}

fn print_report(report: crate::desktop::Report) -> Result<(), CliError> {
    for line in report.lines() {
        println!("{line}");
    }
    Ok(())
}

/// Opens and extracts one speech (whatever its file name) and writes it in
/// `format` to `out`, streamed (a 20 MB speech gives about 90 MB of JSON);
/// returns the number of items found.
fn extract_to(
    file: &Path,
    format: Format,
    directory: &Directory,
    out: &mut dyn Write,
) -> Result<usize, CliError> {
    let mut session = Session::open_speech(file)?;
    directory.apply_fresh(&mut session.checklist);
    let list = &session.checklist;
    match format {
        // A fresh extraction also carries the extractor's notes.
        Format::Json => export::json::write_extraction(out, list, &session.diagnostics)
            .map_err(CliError::Stdout)?,
        other => out
            .write_all(&export::to_bytes_with(
                list,
                other,
                &export::ExportOptions::dated(today()),
            )?)
            .map_err(CliError::Stdout)?,
    }
    Ok(list.item_count())
}

/// [`extract_to`] into a file (written atomically) or standard output.
fn extract_and_emit(
    file: &Path,
    format: Format,
    directory: &Directory,
    output: Option<&Path>,
) -> Result<usize, CliError> {
    match file_output(output) {
        Some(path) => {
            // The writer's own errors are io errors; ours travel beside them.
            let mut failed = None;
            let mut items = 0;
            let written =
                crate::fsio::write_atomic(path, |w| match extract_to(file, format, directory, w) {
                    Ok(n) => {
                        items = n;
                        Ok(())
                    }
                    Err(e) => {
                        failed = Some(e);
                        Err(io::Error::other("not written"))
                    }
                });
            match (failed, written) {
                (Some(e), _) => Err(e),
                (None, Err(e)) => Err(ExportError::from(e).into()),
                (None, Ok(())) => Ok(items),
            }
        }
        None => {
            if format.is_binary() && io::stdout().is_terminal() {
                return Err(CliError::BinaryToTerminal(format.extension()));
            }
            let mut stdout = io::BufWriter::with_capacity(1 << 20, io::stdout().lock());
            let items = extract_to(file, format, directory, &mut stdout)?;
            stdout.flush().map_err(CliError::Stdout)?;
            Ok(items)
        }
    }
}

/// The format asked for, else the one `-o`'s file name implies, else the default.
fn pick_format(asked: Option<OutputFormat>, output: Option<&Path>, default: Format) -> Format {
    asked
        .map(Format::from)
        .or_else(|| output.and_then(Format::from_path))
        .unwrap_or(default)
}

/// The output file, unless the output is standard output (none, or `-`).
fn file_output(output: Option<&Path>) -> Option<&Path> {
    output.filter(|p| p.as_os_str() != "-")
}

/// Writes to the output file atomically, or to standard output (binary
/// formats only into a pipe or file, never onto a terminal).
fn emit(bytes: &[u8], format: Format, output: Option<&Path>) -> Result<(), CliError> {
    match output {
        Some(path) if path.as_os_str() != "-" => {
            export::write_file(path, bytes)?;
            Ok(())
        }
        _ => {
            if format.is_binary() && io::stdout().is_terminal() {
                return Err(CliError::BinaryToTerminal(format.extension()));
            }
            let mut stdout = io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(CliError::Stdout)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn format_choice() {
        let table = [
            (
                Some(OutputFormat::Md),
                Some("x.json"),
                Format::Json,
                Format::Markdown,
            ),
            (None, Some("out/x.JSON"), Format::Markdown, Format::Json),
            (None, Some("x.luoshi.ron"), Format::Json, Format::Ron),
            (None, Some("x.txt"), Format::Json, Format::Json),
            (None, None, Format::Markdown, Format::Markdown),
        ];
        for (asked, out, default, want) in table {
            let got = pick_format(asked, out.map(Path::new), default);
            assert_eq!(got, want, "{asked:?} {out:?}");
        }
    }

    #[test]
    fn parses_commands() {
        let cli =
            Cli::try_parse_from(["luoshi", "extract", "a.txt", "--format", "md", "-o", "b.md"])
                .unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Extract {
                format: Some(OutputFormat::Md),
                ..
            })
        ));
        let cli = Cli::try_parse_from(["luoshi", "speech.docx"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.file, Some(PathBuf::from("speech.docx")));
        assert!(Cli::try_parse_from(["luoshi", "export", "a.ron", "--format", "pdf"]).is_err());
    }
}
