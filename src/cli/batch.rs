//! `luoshi extract DIR --out DIR`: every speech in a folder, one result
//! file per speech, on all cores.
//!
//! Owns the choice of input files and output names, the parallel run, the
//! progress bar (only on a terminal, only once the run takes more than a
//! moment) and the per-file messages and summary. Knows nothing of
//! extraction beyond calling `super::extract_and_emit`.

use super::CliError;
use crate::export::Format;
use crate::panics::one_line;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// File endings taken from the input folder: speeches, and the formats a
/// user may have mixed in that deserve a message (.doc, .wps, .pdf) rather
/// than silence. Anything else (images, earlier results) is left alone.
const INPUT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "docx", "docm", "dotx", "doc", "wps", "rtf", "pdf",
];

/// A run shorter than this shows no progress bar.
const QUIET_FOR: Duration = Duration::from_millis(400);

#[derive(Debug, thiserror::Error)]
pub(super) enum BatchError {
    #[error(
        "{path} 是文件夹，请用 --out 指定输出文件夹 / {path} is a folder: give an output folder with --out"
    )]
    NoOutDir { path: String },
    #[error("无法读取文件夹 {path}：{reason} / cannot read the folder {path}")]
    ReadDir { path: String, reason: String },
    #[error("无法创建输出文件夹 {path}：{reason} / cannot create the output folder {path}")]
    CreateOut { path: String, reason: String },
    #[error("{path} 中没有讲话稿（.txt、.docx、.md） / no speeches (.txt, .docx, .md) in {path}")]
    NoSpeeches { path: String },
    #[error(
        "{failed} 个文件失败（见上），{done} 个已完成 → {out} / {failed} of {total} files failed (see above), {done} done → {out}"
    )]
    SomeFailed {
        failed: usize,
        done: usize,
        total: usize,
        out: String,
    },
}

/// What became of one input file.
struct Outcome {
    input: PathBuf,
    result: Result<usize, String>,
}

/// Extracts every speech of `input` (a folder, or a single file) into
/// `out_dir`. Prints one line per failed file and a summary on stderr.
pub(super) fn run(
    input: &Path,
    out_dir: &Path,
    format: Format,
    force: bool,
) -> Result<(), BatchError> {
    let inputs = if input.is_dir() {
        speeches_in(input)?
    } else {
        vec![input.to_path_buf()]
    };
    if inputs.is_empty() {
        return Err(BatchError::NoSpeeches {
            path: input.display().to_string(),
        });
    }
    std::fs::create_dir_all(out_dir).map_err(|e| BatchError::CreateOut {
        path: out_dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let jobs = output_names(&inputs, out_dir, format);

    let bar = progress_bar(jobs.len());
    let shown = AtomicBool::new(false);
    let outcomes: Vec<Outcome> = jobs
        .par_iter()
        .map(|(input, output)| {
            let result = process(input, output, format, force);
            if let Some(bar) = &bar {
                if !shown.load(Ordering::Relaxed) && bar.elapsed() >= QUIET_FOR {
                    shown.store(true, Ordering::Relaxed);
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                }
                bar.inc(1);
            }
            Outcome {
                input: input.clone(),
                result,
            }
        })
        .collect();
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }

    let mut done = 0;
    let mut items = 0;
    let mut failed = 0;
    for o in &outcomes {
        match &o.result {
            Ok(n) => {
                done += 1;
                items += n;
            }
            Err(message) => {
                failed += 1;
                eprintln!("luoshi: {}: {message}", o.input.display());
            }
        }
    }
    let out = out_dir.display().to_string();
    if failed > 0 {
        return Err(BatchError::SomeFailed {
            failed,
            done,
            total: outcomes.len(),
            out,
        });
    }
    eprintln!(
        "luoshi: 已完成 {done} 篇讲话稿，共 {items} 条事项 → {out} / {done} speeches done, {items} items → {out}"
    );
    Ok(())
}

/// The speeches directly inside `dir` (not in subfolders), hidden files
/// skipped, in name order so that messages come in a stable order.
fn speeches_in(dir: &Path) -> Result<Vec<PathBuf>, BatchError> {
    let read_err = |e: std::io::Error| BatchError::ReadDir {
        path: dir.display().to_string(),
        reason: e.to_string(),
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if name.starts_with('.') || !INPUT_EXTENSIONS.contains(&ext.as_str()) || !path.is_file() {
            continue;
        }
        out.push(path);
    }
    out.sort();
    Ok(out)
}

/// An output path for each input: `<stem>.<ext>` in `out_dir`, or
/// `<file name>.<ext>` when the stem is shared by two inputs (a.txt and
/// a.docx) or the name would overwrite an input (a.md in its own folder).
fn output_names(inputs: &[PathBuf], out_dir: &Path, format: Format) -> Vec<(PathBuf, PathBuf)> {
    let ext = format.extension();
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut stems: HashSet<String> = HashSet::new();
    let mut shared: HashSet<String> = HashSet::new();
    for p in inputs {
        if !stems.insert(stem(p)) {
            shared.insert(stem(p));
        }
    }
    let input_set: HashSet<PathBuf> = inputs
        .iter()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    inputs
        .iter()
        .map(|p| {
            let short = out_dir.join(format!("{}.{ext}", stem(p)));
            let clashes = shared.contains(&stem(p))
                || input_set.contains(&std::path::absolute(&short).unwrap_or(short.clone()));
            let output = if clashes {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                out_dir.join(format!("{name}.{ext}"))
            } else {
                short
            };
            (p.clone(), output)
        })
        .collect()
}

/// One file: extract, render, write atomically. A panic (a bug) fails this
/// file only.
fn process(input: &Path, output: &Path, format: Format, force: bool) -> Result<usize, String> {
    let work = || -> Result<usize, CliError> {
        super::check_output(input, output, force)?;
        super::extract_and_emit(input, format, &Default::default(), Some(output))
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(Ok(items)) => Ok(items),
        Ok(Err(e)) => Err(one_line(&e.to_string())),
        Err(_) => Err("内部错误，请报告此问题 / internal error, please report it".to_owned()),
    }
}

/// A bar drawn on stderr once the run has taken [`QUIET_FOR`]; none when
/// stderr is not a terminal (pipes, logs, CI).
fn progress_bar(len: usize) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} 篇 / speeches  {elapsed}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_avoid_clashes() {
        let dir = Path::new("/speeches");
        let inputs = vec![
            dir.join("a.docx"),
            dir.join("a.txt"),
            dir.join("b.txt"),
            dir.join("c.md"),
        ];
        let names = |out: &Path, format| -> Vec<String> {
            output_names(&inputs, out, format)
                .into_iter()
                .map(|(_, o)| {
                    o.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect()
        };
        assert_eq!(
            names(dir, Format::Markdown),
            ["a.docx.md", "a.txt.md", "b.md", "c.md.md"]
        );
        assert_eq!(
            names(Path::new("/out"), Format::Json),
            ["a.docx.json", "a.txt.json", "b.json", "c.json"]
        );
    }
}
