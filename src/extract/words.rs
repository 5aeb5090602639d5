//! Fixed word lists and the two questions the rules ask of them: which
//! word of the list starts here (the longest), and does a text hold any of
//! them. The rules ask these at nearly every character of a speech, so
//! each list is searched with one Aho-Corasick automaton, built on first
//! use, instead of comparing its words one by one.
//!
//! Answers are exactly those of the plain loops over the list (a unit test
//! checks both on every list). Owns no words itself: the lists stay with
//! the rules that use them.

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use std::sync::OnceLock;

/// A list of words with its automaton.
pub(crate) struct Words {
    list: &'static [&'static str],
    matcher: OnceLock<Option<Matcher>>,
}

struct Matcher {
    automaton: AhoCorasick,
    /// The first characters of the words: most places in a text start no
    /// word, and this answers them before the automaton is run.
    first_chars: CharTable,
}

fn bit(c: char) -> u64 {
    1 << (u32::from(c) % 64)
}

impl Words {
    pub(crate) const fn new(list: &'static [&'static str]) -> Self {
        Words {
            list,
            matcher: OnceLock::new(),
        }
    }

    /// The words in the order written.
    pub(crate) fn list(&self) -> &'static [&'static str] {
        self.list
    }

    fn matcher(&self) -> Option<&Matcher> {
        self.matcher
            .get_or_init(|| {
                let automaton = AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Both)
                    .build(self.list)
                    .ok()?;
                let firsts = self.list.iter().filter_map(|w| w.chars().next());
                Some(Matcher {
                    automaton,
                    first_chars: CharTable::new(firsts),
                })
            })
            .as_ref()
    }

    /// The longest word of the list that `s` starts with.
    pub(crate) fn prefix(&self, s: &str) -> Option<&'static str> {
        let Some(m) = self.matcher() else {
            return self.prefix_by_loop(s);
        };
        let first = s.chars().next()?;
        if !m.first_chars.has(first) {
            return None;
        }
        match m.automaton.try_find(Input::new(s).anchored(Anchored::Yes)) {
            Ok(found) => found.map(|m| self.list[m.pattern().as_usize()]),
            Err(_) => self.prefix_by_loop(s),
        }
    }

    /// Length in bytes of [`Words::prefix`].
    pub(crate) fn prefix_len(&self, s: &str) -> Option<usize> {
        self.prefix(s).map(str::len)
    }

    /// Does `s` contain any word of the list?
    pub(crate) fn any_in(&self, s: &str) -> bool {
        match self.matcher() {
            Some(m) => m.automaton.is_match(s),
            None => self.list.iter().any(|w| s.contains(w)),
        }
    }

    /// The plain loop; also what the automaton is checked against.
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

    fn has(&self, c: char) -> bool {
        self.mask & bit(c) != 0 && self.sorted.binary_search(&c).is_ok()
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
