//! Loading every fixture through the same path as a user's file, the error
//! paths of `load`, and robustness against arbitrary bytes.
#![allow(clippy::unwrap_used)]

use luoshi::document::{self, Document, LoadError, ParagraphKind};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The invariants every loaded document keeps: paragraphs are non-empty,
/// trimmed, in order, on character boundaries, and joined by '\n' they are
/// exactly the text.
fn check_invariants(doc: &Document) {
    let mut joined = String::new();
    for (i, p) in doc.paragraphs.iter().enumerate() {
        assert!(!p.span.is_empty(), "paragraph {i} is empty");
        assert!(doc.text.is_char_boundary(p.span.start) && doc.text.is_char_boundary(p.span.end));
        let t = doc.paragraph_text(p);
        assert_eq!(t, t.trim(), "paragraph {i} not trimmed");
        assert!(!t.contains('\n'));
        if i > 0 {
            joined.push('\n');
        }
        assert_eq!(p.span.start, joined.len(), "paragraph {i} span start");
        joined.push_str(t);
    }
    assert_eq!(joined, doc.text);
    assert_eq!(
        document::normalize(&doc.text),
        doc.text,
        "text is normalised"
    );
    let titles = doc
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Title);
    for p in titles {
        assert_eq!(doc.paragraph_text(p), doc.title);
    }
}

fn count(doc: &Document, kind: ParagraphKind) -> usize {
    doc.paragraphs.iter().filter(|p| p.kind == kind).count()
}

#[test]
fn every_fixture_loads() {
    // file, encoding, title, min paragraphs, min headings, leading boilerplate lines
    let cases = [
        (
            "anquan-shengchan.txt",
            "UTF-8",
            "在全市安全生产工作会议上的讲话",
            15,
            3,
            0,
        ),
        (
            "fangxun.txt",
            "GBK",
            "在全县防汛抗旱工作动员会上的讲话",
            15,
            4,
            5,
        ),
        (
            "senlin-fanghuo.txt",
            "UTF-8 BOM",
            "在全市森林防灭火工作会议上的讲话",
            15,
            4,
            0,
        ),
        (
            "yingshang-huanjing.txt",
            "UTF-16LE BOM",
            "在全市优化营商环境大会上的讲话",
            10,
            3,
            2,
        ),
        (
            "shengji-zuotanhui.txt",
            "UTF-8",
            "在全省稳就业保民生工作座谈会上的讲话",
            20,
            2,
            0,
        ),
        (
            "quxian-duban.docx",
            "docx",
            "在全县重点工作督办推进会上的讲话",
            30,
            5,
            0,
        ),
        (
            "wenming-chengshi.docx",
            "docx",
            "在全市创建全国文明城市推进会上的讲话",
            15,
            3,
            0,
        ),
    ];
    for (file, encoding, title, min_paras, min_headings, leading_junk) in cases {
        let doc = document::load(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        check_invariants(&doc);
        assert_eq!(doc.encoding, encoding, "{file}");
        assert_eq!(doc.title, title, "{file}");
        assert!(
            doc.paragraphs.len() >= min_paras,
            "{file}: {} paragraphs",
            doc.paragraphs.len()
        );
        assert!(
            count(&doc, ParagraphKind::Heading) >= min_headings,
            "{file}: headings"
        );
        let kinds: Vec<_> = doc.paragraphs.iter().map(|p| p.kind).collect();
        assert!(
            kinds[..leading_junk]
                .iter()
                .all(|k| *k == ParagraphKind::Boilerplate),
            "{file}: head lines should be boilerplate: {kinds:?}"
        );
        assert_eq!(kinds[leading_junk], ParagraphKind::Title, "{file}");
        assert!(
            count(&doc, ParagraphKind::Body) >= min_paras / 2,
            "{file}: body"
        );
    }
}

#[test]
fn one_line_speech_is_split_and_its_web_junk_marked() {
    let doc = document::load(&fixture("shengji-zuotanhui.txt")).unwrap();
    let raw = std::fs::read_to_string(fixture("shengji-zuotanhui.txt")).unwrap();
    assert_eq!(raw.lines().count(), 1, "the fixture is a single line");
    // Lost paragraph indents became breaks; captions and the editor line are junk.
    assert!(count(&doc, ParagraphKind::Boilerplate) >= 3);
    for p in doc
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Boilerplate)
    {
        assert!(doc.paragraph_text(p).chars().count() < 200);
    }
}

#[test]
fn utf16_without_bom_and_big_endian_read_the_same() {
    let with_bom = std::fs::read(fixture("yingshang-huanjing.txt")).unwrap();
    assert_eq!(&with_bom[..2], b"\xFF\xFE");
    let reference = document::from_bytes(&with_bom, "a.txt").unwrap();
    let le = &with_bom[2..];
    let be: Vec<u8> = le.chunks_exact(2).flat_map(|c| [c[1], c[0]]).collect();
    let be_bom = [b"\xFE\xFF".as_slice(), &be].concat();
    for (bytes, enc) in [
        (le.to_vec(), "UTF-16LE"),
        (be, "UTF-16BE"),
        (be_bom, "UTF-16BE BOM"),
    ] {
        let doc = document::from_bytes(&bytes, "a.txt").unwrap();
        assert_eq!(doc.encoding, enc);
        assert_eq!(doc.text, reference.text);
        assert_eq!(doc.paragraphs, reference.paragraphs);
    }
}

#[test]
fn gbk_fixture_and_its_utf8_copy_read_the_same() {
    let gbk = std::fs::read(fixture("fangxun.txt")).unwrap();
    let (text, _, _) = encoding_rs::GBK.decode(&gbk);
    let utf8 = document::from_bytes(text.as_bytes(), "a.txt").unwrap();
    let from_gbk = document::from_bytes(&gbk, "a.txt").unwrap();
    assert_eq!(utf8.text, from_gbk.text);
    assert_eq!(utf8.encoding, "UTF-8");
}

#[test]
fn md_reads_as_text_and_title_falls_back_to_file_stem() {
    let doc = document::from_bytes("同志们：\n今天我们开会。".as_bytes(), "会议记录.md").unwrap();
    assert_eq!(doc.title, "会议记录");
    assert_eq!(doc.paragraphs.len(), 2);
}

#[test]
fn load_errors_table() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let huge = dir.path().join("huge.txt");
    // Sparse: the size check must refuse it without reading 51 MB.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(document::MAX_FILE_BYTES + 1)
        .unwrap();
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    let cases: Vec<(&str, PathBuf, &str, &str)> = vec![
        (
            "missing",
            dir.path().join("nope.txt"),
            "NotFound",
            "找不到文件",
        ),
        (
            "directory",
            dir.path().to_path_buf(),
            "IsDirectory",
            "文件夹",
        ),
        ("too large", huge, "TooLarge", "文件太大"),
        ("empty", write("empty.txt", b""), "Empty", "文件是空的"),
        (
            "blank",
            write("blank.txt", "  \r\n\u{3000}\n".as_bytes()),
            "Empty",
            "文件是空的",
        ),
        // An OLE header and nothing else: a damaged .doc, whatever its name.
        (
            "broken doc",
            write("old.doc", &ole),
            "BadDoc",
            ".doc 文件已损坏",
        ),
        ("broken wps", write("old.wps", &ole), "BadDoc", "重新另存"),
        (
            "pdf",
            write("a.pdf", b"%PDF-1.4\n%\xE2\xE3"),
            "BadPdf",
            "PDF",
        ),
        (
            "png",
            write("a.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "Unsupported(Image",
            "图片",
        ),
        (
            "jpeg named txt",
            write("a.txt", &[0xFF, 0xD8, 0xFF, 0xE1, 0, 0]),
            "Unsupported(Image",
            "JPEG",
        ),
        (
            "rtf",
            write("a.rtf", b"{\\rtf1\\ansi hello}"),
            "Unsupported(Rtf)",
            "RTF",
        ),
        (
            "elf",
            write("a.bin", b"\x7FELF\x02\x01\x01\0\0\0\0\0"),
            "Unsupported(Executable)",
            "程序",
        ),
        (
            "binary",
            write("b.txt", &(0u8..=255).cycle().take(5000).collect::<Vec<_>>()),
            "Binary",
            "不是文本",
        ),
    ];
    for (name, path, variant, message) in cases {
        let err = document::load(&path).expect_err(name);
        assert!(
            format!("{err:?}").starts_with(variant),
            "case {name}: {err:?}"
        );
        let shown = err.to_string();
        assert!(shown.contains(message), "case {name}: {shown}");
        assert!(shown.contains(" / "), "case {name}: not bilingual: {shown}");
    }
}

#[test]
fn from_bytes_refuses_oversized_input() {
    let big = vec![b'a'; document::MAX_FILE_BYTES as usize + 1];
    assert!(matches!(
        document::from_bytes(&big, "a.txt"),
        Err(LoadError::TooLarge { limit_mb: 50, .. })
    ));
}

#[test]
fn seed_speech_header_is_boilerplate() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev/000_0b45330f7d5bb99c.txt");
    if !path.exists() {
        eprintln!("SKIPPED seed_speech_header_is_boilerplate: ../shared corpus not present");
        return;
    }
    let doc = document::load(&path).unwrap();
    check_invariants(&doc);
    let title_at = doc
        .paragraphs
        .iter()
        .position(|p| p.kind == ParagraphKind::Title)
        .expect("the seed speech has a recognisable title");
    // Several ad lines sit above the title, and all of them are junk.
    assert!(title_at >= 3, "title at {title_at}");
    assert!(
        doc.paragraphs[..title_at]
            .iter()
            .all(|p| p.kind == ParagraphKind::Boilerplate)
    );
    assert!(!doc.title.is_empty() && doc.title.chars().count() <= 40);
    assert!(doc.title.ends_with("讲话"));
    // The speech itself is not mistaken for junk.
    let after = &doc.paragraphs[title_at + 1..];
    assert!(after.iter().all(|p| p.kind != ParagraphKind::Boilerplate));
    assert!(
        after
            .iter()
            .filter(|p| p.kind == ParagraphKind::Heading)
            .count()
            >= 2
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        for name in ["x.txt", "x.docx", "x", "x.doc"] {
            if let Ok(doc) = document::from_bytes(&bytes, name) {
                check_invariants(&doc);
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,300}|[一二、（）。\\s\u{3000}讲话会员举报]{0,100}") {
        let doc = document::from_text(&s, "UTF-8");
        check_invariants(&doc);
        if let Ok(doc) = document::from_bytes(s.as_bytes(), "x.txt") {
            check_invariants(&doc);
        }
    }

    #[test]
    fn damaged_docx_never_panics(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = std::fs::read(fixture("wenming-chengshi.docx")).unwrap();
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Ok(doc) = document::from_bytes(&bytes, "x.docx") {
            check_invariants(&doc);
        }
    }

    #[test]
    fn truncated_docx_never_panics(keep in 0usize..40_000) {
        let bytes = std::fs::read(fixture("quxian-duban.docx")).unwrap();
        let cut = &bytes[..keep.min(bytes.len())];
        if let Ok(doc) = document::from_bytes(cut, "x.docx") {
            check_invariants(&doc);
        }
    }
}

/// The .doc files in tests/fixtures/formats were written by LibreOffice
/// (`soffice --headless --convert-to doc`) from our own fixtures: the same
/// speech must come out of them, item for item.
#[test]
fn doc_files_read_like_their_originals() {
    let items = |doc: &Document| -> Vec<(String, String)> {
        luoshi::extract(doc)
            .items
            .into_iter()
            .map(|i| (i.department, i.text))
            .collect()
    };
    for (doc_name, original) in [
        ("ducha.doc", "ducha.txt"),
        ("wenming-chengshi.doc", "wenming-chengshi.docx"),
    ] {
        let doc = document::load(&fixture("formats").join(doc_name)).unwrap();
        let want = document::load(&fixture(original)).unwrap();
        check_invariants(&doc);
        assert_eq!(doc.encoding, "doc");
        assert_eq!(doc.title, want.title, "{doc_name}");
        assert_eq!(doc.text, want.text, "{doc_name}");
        assert!(!items(&want).is_empty());
        assert_eq!(items(&doc), items(&want), "{doc_name}");
    }
    // A speech whose task lists are paragraphs, not a table (task tables
    // in .doc: word97.rs's tests and tests/fixtures/formats/task-table.doc).
    let table = document::load(&fixture("formats").join("quxian-duban.doc")).unwrap();
    check_invariants(&table);
    assert!(table.text.contains("牵头单位"), "{}", table.text);
    // The extension does not matter: a .doc saved as .wps reads the same.
    let bytes = std::fs::read(fixture("formats").join("ducha.doc")).unwrap();
    let as_wps = document::from_bytes(&bytes, "ducha.wps").unwrap();
    assert_eq!(
        as_wps.text,
        document::load(&fixture("ducha.txt")).unwrap().text
    );
}
