//! The item list's rows of varying height, drawn only near the view: a
//! row out of view is a gap of its last measured (or guessed) height, and
//! a run of such rows is one gap, so a list of thousands of cards costs
//! about as much as the few in view.

use super::ViewState;
use eframe::egui;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// Height assumed for a card never drawn yet.
pub(super) const CARD_HEIGHT_GUESS: f32 = 170.0;

/// Height assumed for a department's heading never drawn yet.
pub(super) const HEADING_HEIGHT_GUESS: f32 = 28.0;

/// How far outside the view a row never measured is laid out anyway, so
/// its real height is known before it scrolls in and nothing jumps.
pub(super) const MEASURE_MARGIN: f32 = 200.0;

/// A run of rows out of view not yet allocated: one `allocate_space` for
/// the run moves the cursor exactly as one per row would.
#[derive(Default)]
pub(super) struct Gap {
    /// Sum of the rows' heights.
    pub(super) height: f32,
    pub(super) rows: usize,
}

impl Gap {
    /// How far the cursor moves once the run is allocated (egui adds the
    /// item spacing after each allocation).
    pub(super) fn advance(&self, spacing: f32) -> f32 {
        self.height + self.rows as f32 * spacing
    }

    /// Allocates the run's space, if any.
    pub(super) fn close(&mut self, ui: &mut egui::Ui) {
        if self.rows > 0 {
            let spacing = ui.spacing().item_spacing.y;
            let height = self.advance(spacing) - spacing;
            let _ = ui.allocate_space(egui::vec2(ui.available_width(), height));
            *self = Gap::default();
        }
    }
}

/// Last drawn heights of the rows of the item list, by [`Row::key`].
pub type RowHeights = HashMap<u64, RowHeight, BuildHasherDefault<KeyHasher>>;

/// Hashes the keys of [`RowHeights`] in a few instructions (std's default
/// hasher is several times slower, and "all departments" looks up
/// thousands of keys a frame). Item ids are small sequential numbers: a
/// multiply spreads them over all bits as the table needs.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// The key of a department's heading: its name's hash with the top bit
/// set, apart from the item ids.
pub(super) fn heading_key(name: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut h);
    h.finish() | 1 << 63
}

/// The last drawn height of a row of the item list (a card or a
/// department's heading) and a fingerprint of what it was drawn from.
pub struct RowHeight {
    pub(super) height: f32,
    pub(super) drawn_from: u64,
}

/// One row of the item list, as `row_or_gap` needs to know it.
pub(super) struct Row {
    /// Where its height is kept in `ViewState::row_heights`: a card's item
    /// id, or a heading's [`heading_key`].
    pub(super) key: u64,
    /// Height assumed while it was never drawn.
    pub(super) guess: f32,
    /// Drawn wherever it is (it is being scrolled to).
    pub(super) forced: bool,
    /// Kept laid out near the view so a field being typed into keeps focus.
    pub(super) editing: bool,
}

/// Draws the row if it can be seen, or if it is near the view and its
/// height is not known for what it shows now (or it is being edited);
/// otherwise only adds its last known height to `gap`, so a checklist of
/// thousands of items scrolls smoothly and nothing jumps as it scrolls in.
pub(super) fn row_or_gap(
    ui: &mut egui::Ui,
    view: &mut ViewState,
    gap: &mut Gap,
    row: Row,
    draws_from: impl Fn(&egui::Ui) -> u64,
    draw: impl FnOnce(&mut egui::Ui, &mut ViewState),
) {
    let spacing = ui.spacing().item_spacing.y;
    let known = view.row_heights.get(&row.key);
    let height = known.map_or(row.guess, |k| k.height);
    let top = ui.cursor().min.y + gap.advance(spacing);
    let clip = ui.clip_rect();
    let outside = |margin: f32| top > clip.max.y + margin || top + height < clip.min.y - margin;
    let draw_now = row.forced
        || !outside(0.0)
        || (!outside(MEASURE_MARGIN)
            && (row.editing || known.is_none_or(|k| k.drawn_from != draws_from(ui))));
    if !draw_now {
        gap.height += height;
        gap.rows += 1;
        return;
    }
    gap.close(ui);
    let drawn_from = draws_from(ui);
    let top = ui.cursor().min.y;
    draw(ui, view);
    // The height is what the row moved the cursor by, less the spacing egui
    // adds after it, so that a gap standing in for it moves it the same.
    let height = ui.cursor().min.y - top - spacing;
    view.row_heights
        .insert(row.key, RowHeight { height, drawn_from });
}
