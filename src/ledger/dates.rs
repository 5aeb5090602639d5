//! Deadlines as written → dates and recurrences (being written).
