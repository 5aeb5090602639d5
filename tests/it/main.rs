mod batch;
mod checklist;
mod cli;
mod document;
mod export;
mod extract;
mod hostile;
mod privacy;
mod recovery;
mod safety;
#[cfg(feature = "gui")]
mod ui;
#[cfg(feature = "gui")]
mod ui_harness;
#[cfg(feature = "gui")]
mod ui_safety;
