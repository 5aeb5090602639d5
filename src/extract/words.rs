//! Fixed word lists and the two questions the rules ask of them: which
//! word of the list starts here (the longest), and does a text hold any of
//! them. The rules ask the first at nearly every character of a speech, so
//! each list keeps its words by first character; the second is one
//! Aho-Corasick automaton per list. Both are built on first use.
//!
//! Answers are exactly those of the plain loops over the list (unit and
//! property tests check both). Owns no words itself: the lists stay with
//! the rules that use them.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;

/// A list of words, indexed on first use.
pub(crate) struct Words {
    list: &'static [&'static str],
    by_first: OnceLock<PrefixIndex>,
    by_last: OnceLock<(CharTable, Vec<Vec<&'static str>>)>,
    automaton: OnceLock<Option<AhoCorasick>>,
}

/// Strings grouped by their first character, for the question "which of
/// them starts here, the longest": one lookup, then a comparison with the
/// few strings of that group. An anchored automaton search costs more per
/// call (about 200 instructions), and building an automaton for the
/// lexicon took half of a one-speech run (callgrind).
pub(crate) struct PrefixIndex {
    firsts: CharTable,
    /// `groups[k]`: the strings starting with `firsts.sorted[k]`.
    groups: Vec<Vec<Entry>>,
}

/// One indexed string. `head` holds its first (up to) eight bytes and
/// `head_mask` covers them, so most strings of a group are ruled out by one
/// comparison of integers before the full comparison.
struct Entry {
    head: u64,
    head_mask: u64,
    string: Box<str>,
    /// Position in the input of [`PrefixIndex::new`].
    id: usize,
}

/// The first eight bytes of `s` (fewer when it is shorter, zero-filled).
#[inline]
fn head(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_le_bytes(bytes)
}

impl PrefixIndex {
    /// Indexes `strings`; an answer names a string by its position here.
    pub(crate) fn new<'a>(strings: impl IntoIterator<Item = &'a str>) -> Self {
        let entries = strings.into_iter().enumerate().filter_map(|(id, w)| {
            let n = w.len().min(8);
            let entry = Entry {
                head: head(w),
                head_mask: if n == 8 { u64::MAX } else { (1 << (8 * n)) - 1 },
                string: Box::from(w),
                id,
            };
            Some((w.chars().next()?, entry))
        });
        let (firsts, groups) = group_by_char(entries);
        PrefixIndex { firsts, groups }
    }

    /// The longest string that `s` starts with: its length and position.
    #[inline]
    pub(crate) fn longest(&self, s: &str) -> Option<(usize, usize)> {
        let k = self.firsts.position(s.chars().next()?)?;
        let s_head = head(s);
        self.groups[k]
            .iter()
            .filter(|e| s_head & e.head_mask == e.head && s.starts_with(&*e.string))
            .map(|e| (e.string.len(), e.id))
            .max_by_key(|&(len, _)| len)
    }
}

/// Items grouped by a character of theirs, in the order given within a
/// group: the characters, and `groups[k]` for `chars.sorted[k]`.
fn group_by_char<T>(items: impl Iterator<Item = (char, T)>) -> (CharTable, Vec<Vec<T>>) {
    let items: Vec<(char, T)> = items.collect();
    let chars = CharTable::new(items.iter().map(|(c, _)| *c));
    let mut groups: Vec<Vec<T>> = std::iter::repeat_with(Vec::new)
        .take(chars.sorted.len())
        .collect();
    for (c, item) in items {
        if let Some(k) = chars.position(c) {
            groups[k].push(item);
        }
    }
    (chars, groups)
}

fn bit(c: char) -> u64 {
    1 << (u32::from(c) % 64)
}

impl Words {
    pub(crate) const fn new(list: &'static [&'static str]) -> Self {
        Words {
            list,
            by_first: OnceLock::new(),
            by_last: OnceLock::new(),
            automaton: OnceLock::new(),
        }
    }

    /// The words in the order written.
    pub(crate) fn list(&self) -> &'static [&'static str] {
        self.list
    }

    /// The longest word of the list that `s` starts with.
    #[inline]
    pub(crate) fn prefix(&self, s: &str) -> Option<&'static str> {
        let index = self
            .by_first
            .get_or_init(|| PrefixIndex::new(self.list.iter().copied()));
        index.longest(s).map(|(_, id)| self.list[id])
    }

    /// The first word of the list, in the order written, that `s` ends
    /// with. Words are grouped by their last character, so only the words
    /// ending like `s` are compared.
    pub(crate) fn first_suffix(&self, s: &str) -> Option<&'static str> {
        let (lasts, groups) = self.by_last.get_or_init(|| {
            group_by_char(
                self.list
                    .iter()
                    .filter_map(|w| Some((w.chars().next_back()?, *w))),
            )
        });
        let k = lasts.position(s.chars().next_back()?)?;
        groups[k].iter().copied().find(|w| s.ends_with(w))
    }

    /// Length in bytes of [`Words::prefix`].
    #[inline]
    pub(crate) fn prefix_len(&self, s: &str) -> Option<usize> {
        self.prefix(s).map(str::len)
    }

    /// Does `s` contain any word of the list?
    pub(crate) fn any_in(&self, s: &str) -> bool {
        // Leftmost-longest measured fastest on Chinese text here (callgrind;
        // the standard kind runs a prefilter whose "rare bytes" are the
        // common lead bytes of Chinese characters).
        let automaton = self.automaton.get_or_init(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(self.list)
                .ok()
        });
        match automaton {
            Some(ac) => ac.is_match(s),
            None => self.list.iter().any(|w| s.contains(w)),
        }
    }

    /// The plain loop the index stands for.
    #[cfg(test)]
    fn prefix_by_loop(&self, s: &str) -> Option<&'static str> {
        self.list
            .iter()
            .copied()
            .filter(|w| s.starts_with(w))
            .max_by_key(|w| w.len())
    }
}

/// A set of characters, asked about one character at a time at nearly
/// every place of a speech (does a name stop here, can a deadline start
/// here). Same answers as `str::contains(char)` on the written set.
pub(crate) struct Chars {
    set: &'static str,
    table: OnceLock<CharTable>,
}

impl Chars {
    pub(crate) const fn new(set: &'static str) -> Self {
        Chars {
            set,
            table: OnceLock::new(),
        }
    }

    #[inline]
    pub(crate) fn has(&self, c: char) -> bool {
        self.table
            .get_or_init(|| CharTable::new(self.set.chars()))
            .has(c)
    }
}

/// Sorted characters, with a 64-bit summary (bit `c % 64`) that turns most
/// characters away before the search.
struct CharTable {
    mask: u64,
    sorted: Vec<char>,
}

impl CharTable {
    fn new(chars: impl Iterator<Item = char>) -> Self {
        let mut sorted: Vec<char> = chars.collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mask = sorted.iter().fold(0, |m, &c| m | bit(c));
        CharTable { mask, sorted }
    }

    #[inline]
    fn has(&self, c: char) -> bool {
        self.position(c).is_some()
    }

    #[inline]
    fn position(&self, c: char) -> Option<usize> {
        if self.mask & bit(c) == 0 {
            return None;
        }
        self.sorted.binary_search(&c).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SAMPLE: Words = Words::new(&["要", "要求", "一定要", "加强", "加"]);

    #[test]
    fn longest_word_at_the_start() {
        for (s, want) in [
            ("要求各地", Some("要求")),
            ("要抓好", Some("要")),
            ("一定要", Some("一定要")),
            ("一定", None),
            ("加强监管", Some("加强")),
            ("加大", Some("加")),
            ("", None),
            ("各地要", None),
        ] {
            assert_eq!(SAMPLE.prefix(s), want, "{s}");
            assert_eq!(SAMPLE.prefix(s), SAMPLE.prefix_by_loop(s), "{s}");
        }
    }

    proptest::proptest! {
        /// Any list, any text: the same answers as the plain loops.
        #[test]
        fn same_answers_as_the_loops(
            list in proptest::collection::vec("[要求一定加强不得应急]{1,4}", 1..20),
            text in "[要求一定加强不得应急，]{0,10}",
        ) {
            let list: &'static [&'static str] =
                Vec::leak(list.into_iter().map(|w| &*String::leak(w)).collect());
            let words = Words::new(list);
            proptest::prop_assert_eq!(words.prefix(&text), words.prefix_by_loop(&text));
            proptest::prop_assert_eq!(words.any_in(&text), list.iter().any(|w| text.contains(w)));
            proptest::prop_assert_eq!(
                words.first_suffix(&text),
                list.iter().copied().find(|w| text.ends_with(w))
            );
        }
    }

    #[test]
    fn character_sets() {
        static SET: Chars = Chars::new("的了是，A");
        for c in ['的', '了', '是', '，', 'A'] {
            assert!(SET.has(c), "{c}");
        }
        for c in ['a', '要', ',', '\0', '\u{10FFFF}'] {
            assert!(!SET.has(c), "{c}");
        }
    }

    #[test]
    fn any_word_anywhere() {
        assert!(SAMPLE.any_in("各地要加强"));
        assert!(!SAMPLE.any_in("一定"));
        assert!(!SAMPLE.any_in("各地"));
        assert!(!SAMPLE.any_in(""));
    }
}
