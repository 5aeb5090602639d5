//! Scaling: the same Chinese speeches repeated to 10 KB, 1 MB, 10 MB (and
//! 100 MB with `LUOSHI_BENCH_BIG=1`), through loading, extraction and the
//! whole pipeline. Throughput is in bytes of UTF-8 input, so criterion
//! prints MB/s; equal MB/s at every size means linear growth.
//!
//! Run: `cargo bench --no-default-features --bench scaling`
//! (add `LUOSHI_BENCH_BIG=1` for the 100 MB case).

mod common;

/// As in the binaries (src/main.rs): measure what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use luoshi::checklist::{Checklist, Source};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn scaling(c: &mut Criterion) {
    let fixtures = common::fixtures();
    let corpus = common::corpus_text(&fixtures);
    let one_thread = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
    let mut group = c.benchmark_group("scaling");
    // Large inputs take long per iteration: few samples, one run each.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    for (label, size) in common::scaling_sizes() {
        let text = common::text_of_size(&corpus, size);
        let bytes = text.as_bytes();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        // from_bytes refuses files over MAX_FILE_BYTES (50 MB), as the CLI
        // and the app do; larger inputs start from decoded text.
        let loadable = bytes.len() as u64 <= luoshi::document::MAX_FILE_BYTES;
        if loadable {
            group.bench_with_input(BenchmarkId::new("load", label), bytes, |b, bytes| {
                b.iter(|| luoshi::document::from_bytes(black_box(bytes), "big.txt"))
            });
        }
        let doc = luoshi::document::from_text(&text, "UTF-8");
        group.bench_with_input(BenchmarkId::new("extract", label), &doc, |b, doc| {
            b.iter(|| luoshi::extract(black_box(doc)))
        });
        // The time until the items are ready: each result is dropped after
        // its timing stops (the app keeps it open; the CLI exits). Freeing
        // tens of thousands of items made on the workers takes the caller's
        // thread alone, which `extract` above counts.
        group.bench_with_input(BenchmarkId::new("extract_ready", label), &doc, |b, doc| {
            b.iter_custom(|iters| {
                let mut timed = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    let extraction = black_box(luoshi::extract(black_box(doc)));
                    timed += start.elapsed();
                    drop(extraction);
                }
                timed
            })
        });
        // The same on one thread: long texts are otherwise split over all
        // cores (see `luoshi::extract`), so this is the per-core figure.
        if let Some(pool) = &one_thread {
            group.bench_with_input(
                BenchmarkId::new("extract_1thread", label),
                &doc,
                |b, doc| b.iter(|| pool.install(|| luoshi::extract(black_box(doc)))),
            );
        }
        group.bench_with_input(BenchmarkId::new("pipeline", label), &text, |b, text| {
            b.iter(|| {
                let doc = if loadable {
                    luoshi::document::from_bytes(text.as_bytes(), "big.txt").expect("loads")
                } else {
                    luoshi::document::from_text(text, "UTF-8")
                };
                let ex = luoshi::extract(&doc);
                let list = Checklist::from_extraction(&ex, Source::default());
                luoshi::export::json::extraction_to_string(&list, &ex.diagnostics)
                    .expect("JSON export")
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
