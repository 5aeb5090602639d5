//! One frame of the real app, headless (egui_kittest, no renderer): while
//! the mouse wheel scrolls a 1 MiB speech, and while text is typed into an
//! item with 5,000 items in the checklist ("all departments" shown). This
//! is the app's own CPU per frame (layout, widgets, tessellation), not the
//! painting; `benches/ui/run.sh` measures whole frames in a real window.
//!
//!     cargo bench --bench ui
//!
//! Owns no app code; inputs come from tests/fixtures (benches/common).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: failing loudly is right

mod common;
#[path = "../tests/it/ui_harness.rs"]
mod ui_harness;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use luoshi::app::{Command, LuoshiApp};
use luoshi::checklist::{Checklist, Source, store};
use std::path::Path;
use ui_harness::harness;

/// Writes the 1 MiB speech and its checklist cut to 5,000 items (as the
/// `ui_bench_inputs` example does) into `dir`.
fn inputs(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let corpus = common::corpus_text(&common::fixtures());
    let speech = dir.join("speech-1mb.txt");
    std::fs::write(&speech, common::text_of_size(&corpus, 1 << 20)).unwrap();
    let bytes = std::fs::read(&speech).unwrap();
    let doc = luoshi::document::from_bytes(&bytes, "speech-1mb.txt").unwrap();
    let ex = luoshi::extract(&doc);
    let mut list = Checklist::from_extraction(&ex, Source::for_file(&speech, &bytes, &doc));
    let mut keep = 5_000;
    for dept in &mut list.departments {
        let n = dept.items.len().min(keep);
        dept.items.truncate(n);
        keep -= n;
    }
    list.departments.retain(|d| !d.items.is_empty());
    assert_eq!(list.item_count(), 5_000);
    let checklist = dir.join("checklist-5000.luoshi.ron");
    store::save(&list, &checklist).unwrap();
    (speech, checklist)
}

fn open(h: &mut Harness<'static, LuoshiApp>, path: &Path) {
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Open(path.to_path_buf()));
    h.run();
    assert!(h.state().session.is_some(), "{} opens", path.display());
}

fn ui(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (speech, checklist) = inputs(dir.path());
    let mut group = c.benchmark_group("ui_frame");
    group.sample_size(30);

    let mut h = harness();
    h.run();
    open(&mut h, &speech);
    h.hover_at(egui::pos2(300.0, 400.0));
    let mut down = true;
    let mut scrolled = 0;
    group.bench_function("scroll_1mb_speech", |b| {
        b.iter(|| {
            // 300 frames down, then back up: new paragraphs keep coming into view.
            scrolled += 1;
            if scrolled % 300 == 0 {
                down = !down;
            }
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, if down { -400.0 } else { 400.0 }),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
                modifiers: egui::Modifiers::NONE,
            });
            h.step();
        })
    });

    let mut h = harness();
    h.run();
    open(&mut h, &checklist);
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::SelectDepartment(None));
    h.run();
    let first = h.state().session.as_ref().unwrap().checklist.departments[0].items[0]
        .text
        .clone();
    h.get_all_by_value(&first).next().unwrap().focus();
    h.run();
    group.bench_function("type_in_5000_item_checklist", |b| {
        b.iter(|| {
            h.event(egui::Event::Text("a".into()));
            h.step();
        })
    });
    group.finish();
}

criterion_group!(benches, ui);
criterion_main!(benches);
