//! OFD loading: any bytes named `.ofd` load or fail with a message, never
//! panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = luoshi::document::from_bytes(data, "speech.ofd") {
        for p in &doc.paragraphs {
            assert!(doc.text.get(p.span.range()).is_some());
        }
        let _ = luoshi::extract(&doc);
    }
});
