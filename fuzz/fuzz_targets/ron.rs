//! RON checklist loading: any text loads or fails with a message; a loaded
//! checklist saves back to text that loads to the same checklist.
#![no_main]

use libfuzzer_sys::fuzz_target;
use luoshi::checklist::store;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.luoshi.ron");
    if let Ok(list) = store::from_str(text, path) {
        let saved = store::to_string(&list).expect("a loaded checklist serialises");
        let again = store::from_str(&saved, path).expect("what we write, we read");
        assert_eq!(list, again);
    }
});
