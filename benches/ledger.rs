//! The 督办台账 at a year's size: 200 documents with 50 tasks each (10,000
//! tasks), every document keeping its speech's text (~20 KB) as saved
//! checklists do. Measures opening the folder (`Ledger::open`, all files
//! read and parsed) and what `luoshi ledger status` does (open, then the
//! lights and the JSON). Targets (issue 14): open < 1 s, status < 200 ms.
//!
//! Run: `cargo bench --no-default-features --bench ledger`.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use luoshi::checklist::{Checklist, Edit, Item, Source, store};
use luoshi::ledger::status::Clock;
use luoshi::ledger::{Ledger, dates::parse_iso, summary};
use luoshi::model::{Deadline, Report};
use std::hint::black_box;
use std::time::Duration;

const DOCUMENTS: usize = 200;
const TASKS: usize = 50;
const DEPARTMENTS: [&str; 12] = [
    "公安",
    "卫健委",
    "教育局",
    "司法局",
    "民政局",
    "财政局",
    "住建局",
    "交通局",
    "应急管理局",
    "市场监管局",
    "生态环境局",
    "农业农村局",
];
const DEADLINES: [&str; 6] = [
    "6月底前",
    "年底前",
    "每月",
    "三季度末",
    "10个工作日内",
    "长期",
];

/// A document's checklist as the ledger keeps it.
fn document(n: usize) -> Checklist {
    let mut list = Checklist::new(Source {
        path: None,
        sha256: format!("{n:064x}"),
        title: format!("在全市第{n}次工作会议上的讲话"),
        encoding: "UTF-8".into(),
    });
    list.speech = "各部门要切实履行职责，抓好工作落实。".repeat(20_000 / 54);
    list.date = parse_iso("2026-03-01");
    list.code = format!("{n:06X}");
    for t in 0..TASKS {
        let mut item = Item::new(format!("第{t}项任务：加强监督检查，确保各项措施落到实处"));
        item.quote = format!(
            "{}要加强监督检查，确保各项措施落到实处。",
            DEPARTMENTS[t % 12]
        )
        .into();
        item.deadline = Some(Deadline {
            text: DEADLINES[t % DEADLINES.len()].into(),
            due: None,
        });
        if t % 3 == 0 {
            item.reports.push(Report {
                date: parse_iso("2026-04-15"),
                progress: "已部署，正在推进".into(),
                by: "张三".into(),
                ..Report::default()
            });
        }
        Edit::AddItem {
            dept: DEPARTMENTS[t % 12].into(),
            item,
            index: None,
        }
        .apply(&mut list)
        .expect("adding to a fresh list");
    }
    list
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for n in 0..DOCUMENTS {
        let path = dir.path().join(format!("{n:03}.luoshi.ron"));
        store::save(&document(n), &path).expect("save");
    }
    dir
}

fn ledger(c: &mut Criterion) {
    let dir = folder();
    let clock = Clock::new(parse_iso("2026-07-01").expect("date"));
    let mut group = c.benchmark_group("ledger_200_documents_10000_tasks");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("open", |b| {
        b.iter(|| black_box(Ledger::open(dir.path()).expect("opens").entries.len()))
    });
    group.bench_function("status_json", |b| {
        b.iter(|| {
            let ledger = Ledger::open(dir.path()).expect("opens");
            let status = summary::status(&ledger, clock);
            black_box(serde_json::to_string(&status).expect("json").len())
        })
    });
    let opened = Ledger::open(dir.path()).expect("opens");
    group.bench_function("status_of_open_ledger", |b| {
        b.iter(|| black_box(summary::status(&opened, clock).departments.len()))
    });
    group.finish();
}

criterion_group!(benches, ledger);
criterion_main!(benches);
