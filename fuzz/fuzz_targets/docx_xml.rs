//! The .docx XML path: the input is split at the first NUL into
//! word/document.xml and word/styles.xml and packed into a valid zip, so
//! mutations reach the XML reader instead of dying on zip checksums.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;
use zip::write::SimpleFileOptions;

fuzz_target!(|data: &[u8]| {
    let (document, styles) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("word/document.xml", opts).unwrap();
    w.write_all(document).unwrap();
    if let Some(styles) = styles {
        w.start_file("word/styles.xml", opts).unwrap();
        w.write_all(styles).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    if let Ok(doc) = luoshi::document::from_bytes(&bytes, "speech.docx") {
        for p in &doc.paragraphs {
            assert!(doc.text.get(p.span.range()).is_some());
        }
        let _ = luoshi::extract(&doc);
    }
});
