mod checklist;
mod cli;
mod document;
