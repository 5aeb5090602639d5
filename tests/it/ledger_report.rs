//! The 督办通报 read back with real readers: the chart PNG decoded with the
//! png crate (its size, and bars of the right relative heights found by
//! their colours), the .docx unzipped (the table's cells row by row, the
//! picture part, its relationship and its type), the .xlsx with calamine
//! (the numbers, the overdue tasks, the chart part).
//!
//! With `LUOSHI_REPORT_DIR` set, the files are also written there to be
//! looked at (`libreoffice --headless --convert-to pdf`, an image viewer).
#![allow(clippy::unwrap_used)]

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use luoshi::ledger::report::{
    self, DepartmentSummary, OverdueTask, ReportError, SEGMENT_COLOURS, Summary, segments,
};
use std::io::{Cursor, Read};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn task(id: &str, text: &str, due: NaiveDate, today: NaiveDate) -> OverdueTask {
    OverdueTask {
        id: id.into(),
        text: text.into(),
        document: "在全市教育工作会议上的讲话".into(),
        due,
        days_overdue: (today - due).num_days(),
    }
}

fn dept(name: &str, n: [usize; 5], overdue_tasks: Vec<OverdueTask>) -> DepartmentSummary {
    let [total, done, on_time, overdue, due_soon] = n;
    DepartmentSummary {
        name: name.into(),
        total,
        done,
        on_time,
        overdue,
        due_soon,
        overdue_tasks,
    }
}

fn sample() -> Summary {
    let today = day(2026, 11, 30);
    Summary {
        title: "2026年11月督办通报".into(),
        today,
        yellow_days: 7,
        departments: vec![
            dept(
                "市教育局",
                [12, 6, 5, 2, 1],
                vec![
                    task("T-0001", "抓紧完成校舍安全排查", day(2026, 10, 31), today),
                    task(
                        "T-0002",
                        "年底前出台课后服务实施办法",
                        day(2026, 11, 15),
                        today,
                    ),
                ],
            ),
            dept(
                "市发展和改革委员会",
                [8, 2, 2, 3, 0],
                vec![
                    task("T-0010", "牵头编制重大项目清单", day(2026, 9, 30), today),
                    task("T-0011", "做好价格监测", day(2026, 11, 29), today),
                    task("T-0012", "推进以工代赈项目 & 验收", day(2026, 6, 30), today),
                ],
            ),
            dept("市公安局", [4, 4, 4, 0, 0], vec![]),
            dept(
                "市住房和城乡建设局",
                [10, 3, 1, 4, 2],
                (1..=4)
                    .map(|i| {
                        task(
                            &format!("T-02{i:02}"),
                            "老旧小区改造",
                            day(2026, 8, i),
                            today,
                        )
                    })
                    .collect(),
            ),
        ],
    }
}

/// Thirty-six departments with long names.
fn many() -> Summary {
    let mut s = sample();
    s.departments = (0..36)
        .map(|i| {
            let name = format!("市第{}区城市管理综合行政执法局", i + 1);
            dept(&name, [10 + i % 7, 4, 2 + i % 3, 2, 1], vec![])
        })
        .collect();
    s
}

fn save_for_looking(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("LUOSHI_REPORT_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

/// The decoded picture: width, height, RGBA pixels.
fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    (info.width, info.height, buf)
}

/// Runs of neighbouring columns holding `colour`: (first x, last x,
/// pixels of it in the fullest column, lowest y holding it).
fn column_runs(img: &(u32, u32, Vec<u8>), colour: [u8; 3]) -> Vec<(u32, u32, usize, u32)> {
    let (w, h, px) = img;
    let mut runs: Vec<(u32, u32, usize, u32)> = Vec::new();
    for x in 0..*w {
        let mut count = 0;
        let mut lowest = 0;
        for y in 0..*h {
            let at = ((y * w + x) * 4) as usize;
            if px[at..at + 3] == colour {
                count += 1;
                lowest = y;
            }
        }
        if count == 0 {
            continue;
        }
        match runs.last_mut() {
            Some(run) if run.1 + 1 == x => {
                run.1 = x;
                run.2 = run.2.max(count);
                run.3 = run.3.max(lowest);
            }
            _ => runs.push((x, x, count, lowest)),
        }
    }
    runs
}

#[test]
fn chart_bars_have_the_heights_of_the_counts() {
    let summary = sample();
    let png_bytes = report::chart_png(&summary, 1200, 700).unwrap();
    save_for_looking("chart.png", &png_bytes);
    let img = decode(&png_bytes);
    assert_eq!((img.0, img.1), (1200, 700));

    let parts: Vec<[usize; 5]> = summary.departments.iter().map(segments).collect();
    let mut per_task: Option<f64> = None;
    for (k, colour) in SEGMENT_COLOURS.iter().enumerate() {
        // Bars are far wider than the legend's swatches.
        let bars: Vec<_> = column_runs(&img, *colour)
            .into_iter()
            .filter(|r| r.1 - r.0 > 40)
            .collect();
        let want: Vec<usize> = parts.iter().map(|p| p[k]).filter(|&n| n > 0).collect();
        assert_eq!(bars.len(), want.len(), "part {k}: {bars:?}");
        for (bar, n) in bars.iter().zip(&want) {
            let unit = *per_task.get_or_insert(bar.2 as f64 / *n as f64);
            let expected = unit * *n as f64;
            assert!(
                (bar.2 as f64 - expected).abs() <= 2.0,
                "part {k}: {} px for {n} tasks, expected {expected:.1}",
                bar.2
            );
        }
    }
    // The legend shows every colour, swatches included.
    for colour in SEGMENT_COLOURS {
        assert!(column_runs(&img, colour).iter().any(|r| r.1 - r.0 < 40));
    }
}

#[test]
fn chart_of_many_departments_has_a_bar_for_each() {
    let summary = many();
    let png_bytes = report::chart_png(&summary, 1600, 1000).unwrap();
    save_for_looking("chart-36.png", &png_bytes);
    let img = decode(&png_bytes);
    assert_eq!((img.0, img.1), (1600, 1000));
    // The bottom part (on time) of each bar stands on the axis, low in the
    // picture; the legend's swatch is high up.
    let bars = column_runs(&img, SEGMENT_COLOURS[0])
        .into_iter()
        .filter(|r| r.3 > 500)
        .count();
    assert_eq!(bars, 36);
    // Names stand upright under the bars: ink reaches far below the axis.
    let small = report::chart_png(&summary, 400, 300).unwrap();
    assert_eq!(decode(&small).0, 400);
}

#[test]
fn chart_without_departments_and_of_odd_sizes() {
    let mut s = sample();
    s.departments.clear();
    let img = decode(&report::chart_png(&s, 300, 200).unwrap());
    assert_eq!((img.0, img.1), (300, 200));
    assert!(matches!(
        report::chart_png(&s, 10, 10),
        Err(ReportError::Size { .. })
    ));
    let msg = report::chart_png(&s, 10, 10).unwrap_err().to_string();
    assert!(
        msg.contains("图表尺寸") && msg.contains("chart size"),
        "{msg}"
    );
}

fn unzip(bytes: &[u8]) -> zip::ZipArchive<Cursor<Vec<u8>>> {
    zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap()
}

fn part(zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

/// The table's rows, each a list of its cells' text (plain string
/// scanning: the writer's markup is known).
fn table_rows(xml: &str) -> Vec<Vec<String>> {
    let text_of = |cell: &str| {
        let mut out = String::new();
        for body in cell.split(r#"<w:t xml:space="preserve">"#).skip(1) {
            let end = body.find("</w:t>").unwrap_or(body.len());
            out.push_str(
                &body[..end]
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            );
        }
        out
    };
    xml.split("<w:tr>")
        .skip(1)
        .map(|row| {
            let row = row.split("</w:tr>").next().unwrap();
            row.split("<w:tc>").skip(1).map(text_of).collect()
        })
        .collect()
}

#[test]
fn docx_has_the_table_the_picture_and_the_overdue_tasks() {
    let summary = sample();
    let bytes = report::report_docx(&summary).unwrap();
    save_for_looking("tongbao.docx", &bytes);
    let mut zip = unzip(&bytes);
    let xml = String::from_utf8(part(&mut zip, "word/document.xml")).unwrap();
    let rows = table_rows(&xml);
    let want = [
        [
            "单位",
            "任务总数",
            "已完成",
            "按期完成",
            "逾期",
            "临期",
            "完成率",
        ],
        ["市教育局", "12", "6", "5", "2", "1", "50.0%"],
        ["市发展和改革委员会", "8", "2", "2", "3", "0", "25.0%"],
        ["市公安局", "4", "4", "4", "0", "0", "100.0%"],
        ["市住房和城乡建设局", "10", "3", "1", "4", "2", "30.0%"],
        ["合计", "34", "15", "12", "9", "3", "44.1%"],
    ];
    assert_eq!(rows.len(), want.len(), "{rows:?}");
    for (row, want) in rows.iter().zip(want) {
        assert_eq!(row, &want, "{row:?}");
    }
    assert!(xml.contains("2026年11月督办通报"));
    assert!(xml.contains("统计截至2026年11月30日"));
    assert!(xml.contains("（二）市发展和改革委员会：逾期3项"));
    assert!(xml.contains("牵头编制重大项目清单（来源：在全市教育工作会议上的讲话；完成时限：2026年9月30日；逾期61天；编号：T-0010）"));
    assert!(xml.contains("推进以工代赈项目 &amp; 验收"));
    assert!(!xml.contains("（三）市公安局"), "no overdue: not listed");

    // The picture: a PNG part, its relationship, its type, and its use.
    let png_bytes = part(&mut zip, "word/media/chart1.png");
    let (w, h, _) = decode(&png_bytes);
    assert!(w > h && w >= 800, "{w}×{h}");
    let rels = String::from_utf8(part(&mut zip, "word/_rels/document.xml.rels")).unwrap();
    assert!(
        rels.contains(r#"Id="rIdPic1""#) && rels.contains(r#"Target="media/chart1.png""#),
        "{rels}"
    );
    assert!(xml.contains(r#"r:embed="rIdPic1""#));
    let types = String::from_utf8(part(&mut zip, "[Content_Types].xml")).unwrap();
    assert!(types.contains(r#"Extension="png" ContentType="image/png""#));
    // Luoshi knows it as its own.
    let core = String::from_utf8(part(&mut zip, "docProps/core.xml")).unwrap();
    assert!(core.contains(luoshi::export::GENERATOR));
}

#[test]
fn docx_without_overdue_tasks_says_so() {
    let mut s = sample();
    for d in &mut s.departments {
        d.overdue = 0;
        d.overdue_tasks.clear();
    }
    let bytes = report::report_docx(&s).unwrap();
    let xml = String::from_utf8(part(&mut unzip(&bytes), "word/document.xml")).unwrap();
    assert!(xml.contains("各单位均无逾期任务。"));
}

#[test]
fn xlsx_numbers_read_back() {
    let summary = sample();
    let bytes = report::report_xlsx(&summary).unwrap();
    save_for_looking("tongbao.xlsx", &bytes);
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["汇总", "逾期任务"]);
    let sheet = book.worksheet_range("汇总").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(0, 0), Data::String("2026年11月督办通报".into()));
    assert_eq!(cell(2, 6), Data::String("完成率".into()));
    let want: [(&str, [f64; 5], f64); 5] = [
        ("市教育局", [12.0, 6.0, 5.0, 2.0, 1.0], 0.5),
        ("市发展和改革委员会", [8.0, 2.0, 2.0, 3.0, 0.0], 0.25),
        ("市公安局", [4.0, 4.0, 4.0, 0.0, 0.0], 1.0),
        ("市住房和城乡建设局", [10.0, 3.0, 1.0, 4.0, 2.0], 0.3),
        ("合计", [34.0, 15.0, 12.0, 9.0, 3.0], 15.0 / 34.0),
    ];
    for (i, (name, counts, share)) in want.iter().enumerate() {
        let r = 3 + i as u32;
        assert_eq!(cell(r, 0), Data::String((*name).into()));
        for (c, n) in counts.iter().enumerate() {
            assert_eq!(cell(r, 1 + c as u32), Data::Float(*n), "{name} column {c}");
        }
        assert_eq!(cell(r, 6), Data::Float(*share), "{name}");
    }
    // The chart's data: the parts of each bar.
    for (i, d) in summary.departments.iter().enumerate() {
        for (k, n) in segments(d).iter().enumerate() {
            assert_eq!(cell(3 + i as u32, 8 + k as u32), Data::Float(*n as f64));
        }
    }

    let late = book.worksheet_range("逾期任务").unwrap();
    let rows: Vec<_> = late.rows().skip(2).collect();
    assert_eq!(rows.len(), 9);
    assert_eq!(rows[2][0], Data::String("市发展和改革委员会".into()));
    assert_eq!(rows[2][1], Data::String("T-0010".into()));
    assert_eq!(rows[2][5], Data::Float(61.0));
    // 2026-09-30 as an Excel date: days since 1899-12-30.
    let serial = (day(2026, 9, 30) - day(1899, 12, 30)).num_days() as f64;
    match &rows[2][4] {
        Data::DateTime(d) => assert_eq!(d.as_f64(), serial),
        other => panic!("not a date: {other:?}"),
    }

    // A native stacked column chart over the data.
    let mut zip = unzip(&bytes);
    let chart = String::from_utf8(part(&mut zip, "xl/charts/chart1.xml")).unwrap();
    assert!(chart.contains("<c:barChart>") && chart.contains(r#"<c:grouping val="stacked"/>"#));
    assert!(chart.contains("汇总!$I$4:$I$7"), "{chart}");
    assert_eq!(chart.matches("<c:ser>").count(), 5);
}
