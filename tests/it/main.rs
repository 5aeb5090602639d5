mod checklist;
mod cli;
mod document;
mod export;
mod extract;
#[cfg(feature = "gui")]
mod ui;
