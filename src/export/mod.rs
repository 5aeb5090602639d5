//! Writing a checklist out for others: JSON, Markdown, RON (and later
//! spreadsheets). Exports never modify the checklist.
