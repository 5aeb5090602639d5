//! When and how the library works on all cores. Loading and extraction
//! give the same output on one thread or many; below [`PARALLEL_FROM`]
//! they stay on the calling thread, where starting workers would cost more
//! than it saves.

/// Texts shorter than this many bytes (a long speech is 50 KB) are worked
/// on by the calling thread alone.
pub(crate) const PARALLEL_FROM: usize = 512 * 1024;

/// Cuts `text` into about `parts` pieces that each end with a `'\n'` (the
/// last one ends with the text), for work that starts afresh at every line.
pub(crate) fn line_chunks(text: &str, parts: usize) -> Vec<&str> {
    let parts = parts.max(1);
    let target = text.len().div_ceil(parts).max(1);
    let mut chunks = Vec::with_capacity(parts);
    let mut rest = text;
    while rest.len() > target {
        match memchr::memchr(b'\n', &rest.as_bytes()[target..]) {
            Some(at) => {
                let (chunk, tail) = rest.split_at(target + at + 1);
                chunks.push(chunk);
                rest = tail;
            }
            None => break,
        }
    }
    if !rest.is_empty() || chunks.is_empty() {
        chunks.push(rest);
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_text_and_end_at_lines() {
        let text = "一二三\n四五\n\n六七八九\n十";
        for parts in 1..8 {
            let chunks = line_chunks(text, parts);
            assert_eq!(chunks.concat(), text, "{parts}");
            for c in &chunks[..chunks.len() - 1] {
                assert!(c.ends_with('\n'), "{parts}: {c:?}");
            }
        }
        assert_eq!(line_chunks("", 4), [""]);
    }
}
