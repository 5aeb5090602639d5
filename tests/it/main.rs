// The binaries exist only with the `cli` feature.
mod architecture;
#[cfg(feature = "cli")]
mod batch;
mod checklist;
mod child;
#[cfg(feature = "cli")]
mod cli;
mod document;
mod export;
mod extract;
mod hostile;
#[cfg(feature = "cli")]
mod install;
#[cfg(feature = "cli")]
mod ledger;
mod ledger_report;
mod portable;
mod print;
#[cfg(feature = "cli")]
mod privacy;
mod recovery;
mod safety;
mod task_table;
#[cfg(feature = "gui")]
mod ui;
#[cfg(feature = "gui")]
mod ui_directory;
#[cfg(feature = "gui")]
mod ui_harness;
#[cfg(feature = "gui")]
mod ui_ledger;
#[cfg(feature = "gui")]
mod ui_review;
#[cfg(feature = "gui")]
mod ui_safety;
