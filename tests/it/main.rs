mod placeholder {}
#[cfg(feature = "gui")]
mod ui;
