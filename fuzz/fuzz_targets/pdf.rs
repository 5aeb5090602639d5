//! PDF loading: any bytes named `.pdf` (seeded with the PDFs in
//! tests/fixtures/formats) load or fail with a message, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The sniffer wants the magic: keep every input a PDF to the loader.
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend_from_slice(data.strip_prefix(b"%PDF").unwrap_or(data));
    if let Ok(doc) = luoshi::document::from_bytes(&bytes, "speech.pdf") {
        for p in &doc.paragraphs {
            assert!(doc.text.get(p.span.range()).is_some());
        }
        let _ = luoshi::extract(&doc);
    }
});
