mod checklist;
mod cli;
mod document;
mod hostile;
mod privacy;
mod recovery;
