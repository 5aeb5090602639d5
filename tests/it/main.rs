mod placeholder {}
mod checklist;
mod cli;
