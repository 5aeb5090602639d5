//! RON checklist loading: any text loads or fails with a message; a loaded
//! checklist has unique, non-zero item ids (an edit must land on the item
//! it names) and saves back to text that loads to the same checklist.
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
        let mut ids = std::collections::HashSet::new();
        for (_, item) in list.items() {
            assert!(item.id != 0 && ids.insert(item.id), "id {} repeated", item.id);
            assert!(item.id < list.next_id, "next_id {} reuses {}", list.next_id, item.id);
        }
        let saved = store::to_string(&list).expect("a loaded checklist serialises");
        let again = store::from_str(&saved, path).expect("what we write, we read");
        assert_eq!(list, again);
    }
});
