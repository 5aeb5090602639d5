//! Luoshi (落实) turns a leader's speech into per-department checklists of
//! action items, on the user's own machine.
//!
//! The library is everything below the window: [`document`] loads speeches
//! (.txt in any Chinese encoding, .docx), [`extract`] finds the action items,
//! [`checklist`] holds the editable, saveable checklist and [`export`] writes
//! it out for others; [`desktop`] installs the Linux menu entry and
//! [`logfile`] keeps the app's log file (its only output on Windows). It
//! knows nothing of egui; the desktop app lives in `app` (feature `gui`) and
//! only calls into these modules.

pub mod checklist;
pub mod cli;
pub mod desktop;
pub mod document;
pub mod export;
pub mod extract;
pub mod fsio;
pub mod logfile;
pub mod recovery;
pub mod session;

#[cfg(feature = "gui")]
pub mod app;

pub use checklist::{Checklist, Department, Item, Status};
pub use document::{Document, LoadError, Paragraph, ParagraphKind, Span};
pub use extract::{Extraction, extract};

/// Below this many bytes of text (a long speech is 50 KB) loading and
/// extraction stay on the calling thread: starting worker threads would
/// cost more than they save. Above it they use all cores, with the same
/// output.
pub(crate) const PARALLEL_FROM: usize = 512 * 1024;

/// The allocator of every program built on this crate (the app, the CLI,
/// tests and benchmarks alike, so that they measure what ships).
/// Extraction makes many small strings on every core, and with two
/// threads glibc's allocator took about a fifth of its time (perf);
/// mimalloc keeps per-thread heaps. Built as its version 2 without
/// transparent huge pages (Cargo.toml): as fast here, and it gives memory
/// back sooner (peak RSS of `luoshi extract` on 10 MB: 277 MB with the
/// defaults, 224 MB so, 202 MB with glibc).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
