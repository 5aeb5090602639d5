mod batch;
mod checklist;
mod cli;
mod document;
