//! Luoshi (落实) turns a leader's speech into per-department checklists of
//! action items, on the user's own machine.
//!
//! The library is everything below the window: [`document`] loads speeches
//! (.txt in any Chinese encoding, .docx), [`extract`] finds the action items,
//! [`checklist`] holds the editable, saveable checklist and [`export`] writes
//! it out for others; [`desktop`] installs the Linux menu entry and
//! [`logfile`] keeps the app's log file (its only output on Windows) and
//! [`panics`] is the process's one panic hook;
//! [`session`] is the one way to open and save, and [`fsio`] how every file
//! is written. It knows nothing of egui or of command lines: the front ends
//! are modules behind features, `cli` (feature `cli`: clap, progress bars)
//! and `app` (feature `gui`: eframe), and only call into these modules.
//! The allocator is the binaries' choice (`src/main.rs`), not the library's.

pub mod checklist;
#[cfg(feature = "cli")]
pub mod cli;
pub mod desktop;
pub mod directory;
pub mod document;
pub mod export;
pub mod extract;
pub mod fsio;
pub mod ledger;
pub mod logfile;
pub mod model;
pub mod panics;
mod parallel;
pub mod recovery;
pub mod session;

#[cfg(feature = "gui")]
pub mod app;

pub use checklist::{Checklist, Department, Item, Status};
pub use document::{Document, LoadError, Paragraph, ParagraphKind, Span};
pub use extract::{Extraction, extract};
