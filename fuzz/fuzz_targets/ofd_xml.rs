//! The OFD XML path: the input is split at NULs into OFD.xml,
//! Doc_0/Document.xml and two pages (Doc_0/P0.xml, Doc_0/P1.xml) packed
//! into a valid zip, so mutations reach the XML walk and the layout instead
//! of dying on zip checksums.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;
use zip::write::SimpleFileOptions;

fuzz_target!(|data: &[u8]| {
    let names = ["OFD.xml", "Doc_0/Document.xml", "Doc_0/P0.xml", "Doc_0/P1.xml"];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, part) in names.iter().zip(data.split(|&b| b == 0)) {
        w.start_file(*name, opts).unwrap();
        w.write_all(part).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    if let Ok(doc) = luoshi::document::from_bytes(&bytes, "speech.ofd") {
        for p in &doc.paragraphs {
            assert!(doc.text.get(p.span.range()).is_some());
        }
        let _ = luoshi::extract(&doc);
    }
});
