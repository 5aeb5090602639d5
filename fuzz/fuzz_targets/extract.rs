//! Extraction on arbitrary text: never panics, and every item's span lies
//! on character boundaries of the document text and quotes it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = luoshi::document::from_text(&text, "UTF-8");
    let extraction = luoshi::extract(&doc);
    for item in &extraction.items {
        assert!(
            doc.text.get(item.span.range()).is_some(),
            "item span {:?} is not a slice of the text",
            item.span
        );
    }
    for d in &extraction.diagnostics {
        if let Some(span) = d.span {
            assert!(doc.text.get(span.range()).is_some());
        }
    }
});
