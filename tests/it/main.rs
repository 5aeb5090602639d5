mod checklist;
mod cli;
mod document;
mod extract;
