//! The 督办台账: the tasks of many checklists in one folder, followed with
//! real dates until they are done.

pub mod dates;
pub mod report;
