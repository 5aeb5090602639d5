//! Opt-in timing log for the UI benchmark (`benches/ui/run.sh`): with
//! `LUOSHI_BENCH_LOG=/path/file` set, the app appends one line per frame
//! (wall-clock time, time spent in `show`, eframe's CPU time of the previous
//! frame, input events) and one line when the first frame showing a document
//! has been painted; it also repaints continuously, so the gap between two
//! frames is the whole frame (layout, tessellation, software rasterisation
//! and the buffer swap).
//!
//! Off (the variable unset) it costs one `Option` test per frame. Owns no
//! app state; must not change what is drawn.

use eframe::egui;
use std::fs::File;
use std::io::Write;
use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The environment variable naming the log file.
pub const ENV: &str = "LUOSHI_BENCH_LOG";

/// When `app::run` was entered: the first thing it does is call [`mark_start`].
static START: OnceLock<Instant> = OnceLock::new();

/// Remembers the process's start as early as the app can see it. The
/// benchmark script also notes the time it launched the process, which
/// adds what comes before `app::run` (exec, dynamic loading, clap).
pub fn mark_start() {
    START.get_or_init(Instant::now);
}

fn unix_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

pub struct BenchLog {
    file: File,
    start: Instant,
    /// Frame number of the first frame that drew a document.
    first_document_frame: Option<u64>,
    /// Whether the first painted frame (anything) and the first painted
    /// frame showing a document were logged.
    any_logged: bool,
    document_logged: bool,
}

/// What [`BenchLog::before`] measured, for [`BenchLog::after`].
pub struct FrameStart {
    at: Instant,
    unix_ns: u128,
    frame: u64,
    prev_cpu: Option<f32>,
    events: usize,
}

impl BenchLog {
    /// The log named by [`ENV`], or `None` when it is unset or cannot be
    /// opened (the benchmark notices the missing file; the app runs on).
    pub fn from_env() -> Option<BenchLog> {
        let path = std::env::var_os(ENV)?;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()?;
        let start = *START.get_or_init(Instant::now);
        let _ = writeln!(
            file,
            "start unix_ns={} since_run_us={}",
            unix_ns(),
            start.elapsed().as_micros()
        );
        Some(BenchLog {
            file,
            start,
            first_document_frame: None,
            any_logged: false,
            document_logged: false,
        })
    }

    /// Call at the start of a frame; `prev_cpu` is eframe's
    /// `frame.info().cpu_usage` (the previous frame, swap excluded).
    pub fn before(&mut self, ctx: &egui::Context, prev_cpu: Option<f32>) -> FrameStart {
        let at = Instant::now();
        let frame = ctx.cumulative_frame_nr();
        // A frame starts once the one before was painted and swapped
        // (frames follow each other at once while this log is on).
        if !self.any_logged && frame > 0 {
            self.any_logged = true;
            self.painted("any");
        }
        if !self.document_logged && self.first_document_frame.is_some_and(|f| f < frame) {
            self.document_logged = true;
            self.painted("document");
        }
        FrameStart {
            at,
            unix_ns: unix_ns(),
            frame,
            prev_cpu,
            events: ctx.input(|i| i.events.len()),
        }
    }

    fn painted(&mut self, what: &str) {
        let _ = writeln!(
            self.file,
            "first_painted what={what} unix_ns={} since_run_us={}",
            unix_ns(),
            self.start.elapsed().as_micros()
        );
    }

    /// Call at the end of a frame; `document` says whether it drew one.
    pub fn after(&mut self, ctx: &egui::Context, start: FrameStart, document: bool) {
        let _ = writeln!(
            self.file,
            "frame n={} unix_ns={} ui_us={} prev_cpu_us={} events={}",
            start.frame,
            start.unix_ns,
            start.at.elapsed().as_micros(),
            start.prev_cpu.map_or(-1, |s| (s * 1e6) as i64),
            start.events,
        );
        if document && self.first_document_frame.is_none() {
            self.first_document_frame = Some(start.frame);
        }
        ctx.request_repaint();
    }
}
