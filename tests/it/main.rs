mod document;
#[cfg(feature = "gui")]
mod ui;
