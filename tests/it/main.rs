mod checklist;
mod cli;
mod document;
#[cfg(feature = "gui")]
mod ui;
