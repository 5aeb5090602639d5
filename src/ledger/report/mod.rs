//! The 督办通报 and its chart (being written).
