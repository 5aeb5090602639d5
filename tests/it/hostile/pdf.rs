//! Hostile PDFs: loops in the page tree, decompression bombs, deep
//! nesting, operator floods and truncation, through the CLI and the
//! library: a typed refusal in bounded time and memory, never a panic.

use super::{BitWriter, Want};
#[cfg(feature = "cli")]
use super::{check_run, luoshi};
use luoshi::document;
use std::path::Path;

/// A PDF of `objects` (numbered from 1; 1 is the catalog) with a correct
/// cross-reference table.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let size = objects.len() + 1;
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// A zlib stream that inflates `seed` repeated to about `inflated` bytes
/// (fixed-Huffman copies of 258 bytes at distance `seed.len()`).
fn flate_bomb(seed: &[u8], inflated: usize) -> Vec<u8> {
    let mut bits = BitWriter::default();
    bits.put(1, 1);
    bits.put(1, 2);
    for b in seed {
        bits.code(0x30 + u32::from(*b), 8);
    }
    for _ in 0..inflated / 258 {
        bits.code(0b1100_0101, 8); // length 258
        // Distance codes 0..3 are the distances 1..4.
        bits.code(seed.len() as u32 - 1, 5);
    }
    bits.code(0, 7);
    let mut z = vec![0x78, 0x01];
    z.extend(bits.finish());
    z.extend_from_slice(&[0, 0, 0, 0]); // adler32: never reached
    z
}

const CATALOG: &[u8] = b"<< /Type /Catalog /Pages 2 0 R >>";
const PAGES: &[u8] = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>";

/// One page whose content stream is object 4, with `extra` objects after.
fn one_page(content: Vec<u8>, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        CATALOG.to_vec(),
        PAGES.to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    objects.extend_from_slice(extra);
    pdf_of(&objects)
}

fn fixture_pdf() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/fangxun-beixun.pdf"),
    )
    .unwrap()
}

/// The cases: file name, contents, what must come back.
fn cases() -> Vec<(&'static str, Vec<u8>, Want)> {
    let depth = 200_000;
    let deep = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let real = fixture_pdf();
    vec![
        (
            "kids-cycle.pdf",
            pdf_of(&[
                CATALOG.to_vec(),
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
                b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>".to_vec(),
            ]),
            Want::Refused("PDF"),
        ),
        (
            "parent-cycle.pdf",
            pdf_of(&[
                CATALOG.to_vec(),
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 4 0 R >>".to_vec(),
                b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [] /Count 0 /Parent 2 0 R >>".to_vec(),
                stream("", b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"),
            ]),
            Want::Refused("PDF"),
        ),
        (
            "content-flate-bomb.pdf",
            one_page(
                stream(
                    "/Filter /FlateDecode",
                    &flate_bomb(b"q ", 200 * 1024 * 1024),
                ),
                &[],
            ),
            Want::Refused("超出读取上限"),
        ),
        (
            "objstm-flate-bomb.pdf",
            one_page(
                stream("", b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"),
                &[stream(
                    "/Type /ObjStm /N 1000000 /First 10 /Filter /FlateDecode",
                    &flate_bomb(b"1 ", 200 * 1024 * 1024),
                )],
            ),
            Want::Refused("PDF"),
        ),
        (
            "operator-flood.pdf",
            one_page(
                stream(
                    "/Filter /FlateDecode",
                    &flate_bomb(b"n\n", 15 * 1024 * 1024),
                ),
                &[],
            ),
            Want::Refused("绘制指令过多"),
        ),
        (
            "deep-nesting.pdf",
            one_page(stream("", b"BT ET"), &[deep.into_bytes()]),
            Want::Refused("PDF"),
        ),
        (
            "no-text.pdf",
            one_page(stream("", b"0 0 m 100 100 l S"), &[]),
            Want::Refused("扫描件"),
        ),
        (
            "truncated-half.pdf",
            real[..real.len() / 2].to_vec(),
            Want::Refused("PDF"),
        ),
    ]
}

#[cfg(feature = "cli")]
#[test]
fn hostile_pdfs_through_the_cli_and_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let mut report = Vec::new();
    for (name, bytes, want) in cases() {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let run = luoshi(&[Path::new("extract"), &path]);
        let said = check_run(name, &run, want);
        let lib = document::load(&path);
        match (want, &lib) {
            (Want::Refused(_), Err(e)) => assert!(said.contains(&e.to_string()), "{name}"),
            (Want::Loads, Ok(_)) => {}
            (_, other) => panic!("{name}: library gave {other:?}"),
        }
        report.push(format!(
            "{name:<24} {:>6.2} s {:>7} KB  {said}",
            run.elapsed.as_secs_f64(),
            run.peak_kb.map_or("?".into(), |k| k.to_string())
        ));
    }
    eprintln!("hostile PDFs:\n{}", report.join("\n"));
}

/// A real PDF cut at many places: each cut loads (lenient parsing finds
/// what it can) or is refused, never panics, and quickly.
#[test]
fn a_pdf_truncated_anywhere() {
    let real = fixture_pdf();
    let start = std::time::Instant::now();
    let mut refused = 0;
    for i in 1..40 {
        let cut = real.len() * i / 40;
        match document::from_bytes(&real[..cut], "cut.pdf") {
            Ok(doc) => assert!(!doc.text.is_empty()),
            Err(e) => {
                refused += 1;
                assert!(e.to_string().contains(" / "), "{e}");
            }
        }
    }
    assert!(refused > 0);
    assert!(start.elapsed() < super::TIME_BOUND, "{:?}", start.elapsed());
}
