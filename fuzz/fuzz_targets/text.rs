//! Text decoding: any bytes named `.txt` load or fail with a message, and a
//! loaded document keeps its invariants (spans on char boundaries, in order).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = luoshi::document::from_bytes(data, "speech.txt") {
        check(&doc);
        let _ = luoshi::extract(&doc);
    }
});

fn check(doc: &luoshi::Document) {
    let mut last = 0;
    for p in &doc.paragraphs {
        assert!(p.span.start >= last && p.span.start <= p.span.end);
        assert!(doc.text.is_char_boundary(p.span.start));
        assert!(doc.text.is_char_boundary(p.span.end));
        last = p.span.end;
    }
    assert!(last <= doc.text.len());
}
