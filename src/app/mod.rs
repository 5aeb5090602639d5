//! The desktop app (eframe/egui) on top of the library. Emits commands to the
//! library; owns no domain logic.
