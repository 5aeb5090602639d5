//! Benchmarks of one speech at a time: loading (.txt in UTF-8, GBK and
//! UTF-16; .docx), extraction per speech, and the whole pipeline from bytes
//! to the JSON the CLI prints. Throughput is in bytes of input, so
//! criterion prints MB/s.
//!
//! Run: `cargo bench --no-default-features --bench pipeline`.

mod common;

/// As in the binaries (src/main.rs): measure what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use luoshi::checklist::{Checklist, Source};
use std::hint::black_box;
use std::time::Duration;

/// Bytes → document → items → checklist → JSON, as `luoshi extract` does
/// (without the disk and the SHA-256 of the source).
fn pipeline(bytes: &[u8], name: &str) -> usize {
    let doc = luoshi::document::from_bytes(bytes, name).expect("fixture loads");
    let ex = luoshi::extract(&doc);
    let list = Checklist::from_extraction(&ex, Source::default());
    luoshi::export::json::extraction_to_string(&list, &ex.diagnostics)
        .expect("JSON export")
        .len()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

fn load(c: &mut Criterion) {
    let fixtures = common::fixtures();
    let text = common::corpus_text(&fixtures);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "the fixtures are all in GBK's repertoire");
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("utf8", text.as_bytes().to_vec()),
        ("gbk", gbk.into_owned()),
        ("utf16le-bom", utf16le_with_bom(&text)),
    ];
    let mut group = c.benchmark_group("load");
    group.measurement_time(Duration::from_secs(3));
    for (label, bytes) in &inputs {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("txt", label), bytes, |b, bytes| {
            b.iter(|| luoshi::document::from_bytes(black_box(bytes), "speech.txt"))
        });
    }
    for f in fixtures.iter().filter(|f| f.name.ends_with(".docx")) {
        group.throughput(Throughput::Bytes(f.bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("docx", &f.name), &f.bytes, |b, bytes| {
            b.iter(|| luoshi::document::from_bytes(black_box(bytes), "speech.docx"))
        });
    }
    group.finish();
}

fn extract_per_speech(c: &mut Criterion) {
    let fixtures = common::fixtures();
    let mut group = c.benchmark_group("extract");
    group.measurement_time(Duration::from_secs(2));
    for f in &fixtures {
        // Throughput in bytes of normalised UTF-8 text, the extractor's input.
        group.throughput(Throughput::Bytes(f.doc.text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&f.name), &f.doc, |b, doc| {
            b.iter(|| luoshi::extract(black_box(doc)))
        });
    }
    group.finish();
}

fn whole_pipeline(c: &mut Criterion) {
    let fixtures = common::fixtures();
    let mut group = c.benchmark_group("pipeline");
    group.measurement_time(Duration::from_secs(2));
    for f in &fixtures {
        // Throughput in bytes of the file as stored (its own encoding).
        group.throughput(Throughput::Bytes(f.bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&f.name), f, |b, f| {
            b.iter(|| pipeline(black_box(&f.bytes), &f.name))
        });
    }
    group.finish();
}

criterion_group!(benches, load, extract_per_speech, whole_pipeline);
criterion_main!(benches);
