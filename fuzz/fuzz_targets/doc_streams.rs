//! The Word binary path past the container: the input's first two bytes
//! give the length of the WordDocument stream, the rest is the 1Table
//! stream, and both are packed into a valid OLE file, so mutations reach
//! the FIB and the piece table instead of dying on the container's checks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let Some((len, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let split = usize::from(u16::from_le_bytes(*len)).min(rest.len());
    let (word, table) = rest.split_at(split);
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream("WordDocument").unwrap().write_all(word).unwrap();
    file.create_stream("1Table").unwrap().write_all(table).unwrap();
    file.create_stream("0Table").unwrap().write_all(table).unwrap();
    file.flush().unwrap();
    let bytes = file.into_inner().into_inner();
    if let Ok(doc) = luoshi::document::from_bytes(&bytes, "speech.doc") {
        for p in &doc.paragraphs {
            assert!(doc.text.get(p.span.range()).is_some());
        }
        let _ = luoshi::extract(&doc);
    }
});
