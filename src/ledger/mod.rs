//! The 督办台账: the tasks of many checklists in one folder, followed with
//! real dates until they are done.

pub mod dates;
pub mod feedback;
mod folder;
mod merge;
pub mod report;
pub mod status;
pub mod summary;

pub use folder::{Entry, Ledger, LedgerError};
pub use merge::Conflict;

/// Today in Beijing time (the offices Luoshi is for keep it), the day the
/// ledger's lights are judged by unless another is given.
pub fn today() -> crate::model::Date {
    crate::export::TableDate::in_china(std::time::SystemTime::now())
        .as_date()
        .unwrap_or_default()
}
