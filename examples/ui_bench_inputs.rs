//! Writes the inputs of the UI benchmark (`benches/ui/run.sh`) into a
//! folder: `speech-1mb.txt`, about 1 MiB of speech made by repeating the
//! fixture speeches' paragraphs, and `checklist-5000.luoshi.ron`, the
//! checklist extracted from it cut to exactly 5,000 items, whose source is
//! that speech (so the app shows both).
//!
//!     cargo run --release --no-default-features --example ui_bench_inputs -- DIR
//!
//! Owns no measurement; reads only tests/fixtures.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench tool: failing loudly is right

#[path = "../benches/common/mod.rs"]
mod common;

use luoshi::checklist::{Checklist, Source, store};
use std::path::PathBuf;

const SPEECH_BYTES: usize = 1 << 20;
const ITEMS: usize = 5_000;

fn main() {
    let dir = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .expect("usage: ui_bench_inputs DIR"),
    );
    std::fs::create_dir_all(&dir).expect("output folder");
    let dir = std::fs::canonicalize(&dir).expect("output folder");
    let corpus = common::corpus_text(&common::fixtures());

    // The 1 MiB speech the document view scrolls.
    let speech_path = dir.join("speech-1mb.txt");
    let speech = common::text_of_size(&corpus, SPEECH_BYTES);
    std::fs::write(&speech_path, &speech).expect("write the speech");

    // Its checklist, cut to ITEMS items (dropping departments left empty).
    let bytes = std::fs::read(&speech_path).expect("read the speech back");
    let doc = luoshi::document::from_bytes(&bytes, "speech-1mb.txt").expect("speech loads");
    let extraction = luoshi::extract(&doc);
    let source = Source::for_file(&speech_path, &bytes, &doc);
    let mut list = Checklist::from_extraction(&extraction, source);
    let total = list.item_count();
    assert!(
        total >= ITEMS,
        "the 1 MiB speech gives only {total} items; raise SPEECH_BYTES"
    );
    let mut keep = ITEMS;
    for dept in &mut list.departments {
        let n = dept.items.len().min(keep);
        dept.items.truncate(n);
        keep -= n;
    }
    list.departments.retain(|d| !d.items.is_empty());
    let checklist_path = dir.join("checklist-5000.luoshi.ron");
    store::save(&list, &checklist_path).expect("save the checklist");
    println!(
        "{}: {} bytes, {} paragraphs\n{}: {} items in {} departments (of {total} extracted)",
        speech_path.display(),
        speech.len(),
        doc.paragraphs.len(),
        checklist_path.display(),
        list.item_count(),
        list.departments.len(),
    );
}
