//! Fixed word lists and the two questions the rules ask of them: which
//! word of the list starts here (the longest), and does a text hold any of
//! them. The rules ask the first at nearly every character of a speech, so
//! each list keeps its words by first character, with a bitmap of those
//! characters; the second is a scan that asks the first where the bitmap
//! allows. Both are built on first use.
//!
//! Answers are exactly those of the plain loops over the list (unit and
//! property tests check both). Owns no words itself: the lists stay with
//! the rules that use them.

use std::sync::OnceLock;

/// The words of a table of (word, what it means) pairs, in order, for
/// indexing the table's words as a [`Words`] list (`N` is the table's
/// length).
pub(crate) const fn firsts<T, const N: usize>(pairs: &[(&'static str, T)]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = pairs[i].0;
        i += 1;
    }
    out
}

/// A list of words, indexed on first use.
pub(crate) struct Words {
    list: &'static [&'static str],
    by_first: OnceLock<PrefixIndex>,
    by_last: OnceLock<(CharTable, Vec<Vec<&'static str>>)>,
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

impl Entry {
    /// Does `s`, whose first eight bytes are `s_head`, start with this
    /// string? A string of up to eight bytes is compared by its head alone:
    /// no character of a word list is NUL, so zero-filling cannot make a
    /// shorter `s` match.
    #[inline]
    fn matches(&self, s: &str, s_head: u64) -> bool {
        s_head & self.head_mask == self.head
            && (self.string.len() <= 8 || s.starts_with(&*self.string))
    }
}

/// The first eight bytes of `s` (fewer when it is shorter, zero-filled).
#[inline]
fn head(s: &str) -> u64 {
    // Nearly always: eight bytes to read at once.
    if let Some(eight) = s.as_bytes().first_chunk::<8>() {
        return u64::from_le_bytes(*eight);
    }
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
        let (firsts, mut groups) = group_by_char(entries);
        // Longest first, so the first string that matches is the longest.
        for group in &mut groups {
            group.sort_by_key(|e| std::cmp::Reverse(e.string.len()));
        }
        PrefixIndex { firsts, groups }
    }

    /// The longest string that `s` starts with: its length and position.
    #[inline]
    pub(crate) fn longest(&self, s: &str) -> Option<(usize, usize)> {
        let k = self.firsts.position(s.chars().next()?)?;
        let s_head = head(s);
        self.groups[k]
            .iter()
            .find(|e| e.matches(s, s_head))
            .map(|e| (e.string.len(), e.id))
    }

    /// Every string that `s` starts with, by position, longest first.
    #[inline]
    fn starting<'s>(&'s self, s: &'s str) -> impl Iterator<Item = usize> + 's {
        let group = s
            .chars()
            .next()
            .and_then(|c| self.firsts.position(c))
            .map_or(&[][..], |k| &self.groups[k][..]);
        let s_head = head(s);
        group
            .iter()
            .filter(move |e| e.matches(s, s_head))
            .map(|e| e.id)
    }
}

/// Several lists asked "does this text hold a word of yours" about the same
/// texts (the sentence cues: thanks, past, problems …): one scan of a text
/// answers for all of them, instead of one scan per list.
pub(crate) struct Lists {
    lists: &'static [&'static Words],
    /// All their words, and for each word the bits of the lists that hold it.
    index: OnceLock<(PrefixIndex, Vec<u64>)>,
}

/// Which lists of a [`Lists`] have a word in the text scanned.
#[derive(Clone, Copy)]
pub(crate) struct Found {
    bits: u64,
    lists: &'static [&'static Words],
}

impl Lists {
    /// At most 64 lists.
    pub(crate) const fn new(lists: &'static [&'static Words]) -> Self {
        assert!(lists.len() <= 64);
        Lists {
            lists,
            index: OnceLock::new(),
        }
    }

    pub(crate) fn scan(&self, s: &str) -> Found {
        let (index, bits_of) = self.index();
        let mut bits = 0;
        for (i, c) in s.char_indices() {
            let Some(k) = index.firsts.position(c) else {
                continue;
            };
            let rest = &s[i..];
            let rest_head = head(rest);
            for e in &index.groups[k] {
                if e.matches(rest, rest_head) {
                    bits |= bits_of[e.id];
                }
            }
        }
        Found {
            bits,
            lists: self.lists,
        }
    }

    /// Does a word of any of the lists start `s`? The same answer as
    /// asking each list, with one lookup.
    #[inline]
    pub(crate) fn starts(&self, s: &str) -> bool {
        self.index().0.longest(s).is_some()
    }

    #[inline]
    fn index(&self) -> &(PrefixIndex, Vec<u64>) {
        self.index.get_or_init(|| {
            let words = self
                .lists
                .iter()
                .enumerate()
                .flat_map(|(k, list)| list.list().iter().map(move |w| (k, *w)));
            let (bits, strings): (Vec<u64>, Vec<&str>) = words.map(|(k, w)| (1 << k, w)).unzip();
            (PrefixIndex::new(strings), bits)
        })
    }
}

impl Found {
    /// Does the text hold a word of `list`? `list` must be one of those
    /// scanned for.
    pub(crate) fn has(&self, list: &Words) -> bool {
        let k = self.lists.iter().position(|l| std::ptr::eq(*l, list));
        debug_assert!(k.is_some(), "list not scanned for");
        k.is_some_and(|k| self.bits & (1 << k) != 0)
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

impl Words {
    pub(crate) const fn new(list: &'static [&'static str]) -> Self {
        Words {
            list,
            by_first: OnceLock::new(),
            by_last: OnceLock::new(),
        }
    }

    /// The characters a word of the list can start with, for loops that
    /// look for the list's words at every character: one bitmap test each.
    #[inline]
    pub(crate) fn first_chars(&self) -> impl Fn(char) -> bool + '_ {
        let firsts = &self.index().firsts;
        move |c| firsts.has(c)
    }

    /// Every word of the list that `s` starts with, longest first.
    pub(crate) fn all_prefixes<'s>(
        &'s self,
        s: &'s str,
    ) -> impl Iterator<Item = &'static str> + 's {
        let list = self.list;
        self.index().starting(s).map(move |id| list[id])
    }

    /// The words in the order written.
    pub(crate) fn list(&self) -> &'static [&'static str] {
        self.list
    }

    /// The longest word of the list that `s` starts with.
    #[inline]
    pub(crate) fn prefix(&self, s: &str) -> Option<&'static str> {
        self.index().longest(s).map(|(_, id)| self.list[id])
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

    /// Does `s` contain any word of the list? A scan of its characters:
    /// where one can start a word (one bitmap test), the words of that
    /// character are compared. For the clause-sized texts this is asked of
    /// there is no automaton to set up per call.
    pub(crate) fn any_in(&self, s: &str) -> bool {
        let index = self.index();
        s.char_indices()
            .any(|(i, c)| index.firsts.has(c) && index.longest(&s[i..]).is_some())
    }

    #[inline]
    fn index(&self) -> &PrefixIndex {
        self.by_first
            .get_or_init(|| PrefixIndex::new(self.list.iter().copied()))
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
        self.table().has(c)
    }

    /// The test of [`Chars::has`], for a loop over many characters: the
    /// table is fetched once.
    #[inline]
    pub(crate) fn tester(&self) -> impl Fn(char) -> bool + '_ {
        let table = self.table();
        move |c| table.has(c)
    }

    #[inline]
    fn table(&self) -> &CharTable {
        self.table.get_or_init(|| CharTable::new(self.set.chars()))
    }
}

/// Sorted characters, with a bitmap over the Basic Multilingual Plane
/// (8 KB) that answers "is it one of them" with one load. A character's
/// position in the sorted list is the number of bits set before its own
/// (a running count per bitmap word, then one popcount); the rare
/// characters above the plane are looked up in the list.
struct CharTable {
    bmp: Box<[u64; BMP_WORDS]>,
    /// `before[k]`: bits set in the bitmap words before word `k`.
    before: Box<[u16; BMP_WORDS]>,
    sorted: Vec<char>,
}

const BMP_WORDS: usize = 0x1_0000 / 64;

impl CharTable {
    fn new(chars: impl Iterator<Item = char>) -> Self {
        let mut sorted: Vec<char> = chars.collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut bmp = Box::new([0u64; BMP_WORDS]);
        for &c in &sorted {
            let u = u32::from(c) as usize;
            if u < 0x1_0000 {
                bmp[u / 64] |= 1 << (u % 64);
            }
        }
        let mut before = Box::new([0u16; BMP_WORDS]);
        let mut count = 0u16;
        for (k, word) in bmp.iter().enumerate() {
            before[k] = count;
            // At most 65,536 bits: the last word's count still fits.
            count = count.saturating_add(word.count_ones() as u16);
        }
        CharTable {
            bmp,
            before,
            sorted,
        }
    }

    #[inline]
    fn has(&self, c: char) -> bool {
        let u = u32::from(c) as usize;
        match self.bmp.get(u / 64) {
            Some(word) => word & (1 << (u % 64)) != 0,
            None => self.sorted.binary_search(&c).is_ok(),
        }
    }

    #[inline]
    fn position(&self, c: char) -> Option<usize> {
        let u = u32::from(c) as usize;
        let Some(&word) = self.bmp.get(u / 64) else {
            return self.sorted.binary_search(&c).ok();
        };
        let bit = 1u64 << (u % 64);
        if word & bit == 0 {
            return None;
        }
        Some(usize::from(self.before[u / 64]) + (word & (bit - 1)).count_ones() as usize)
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
            let words: &'static Words = Box::leak(Box::new(Words::new(list)));
            proptest::prop_assert_eq!(words.prefix(&text), words.prefix_by_loop(&text));
            proptest::prop_assert_eq!(words.any_in(&text), list.iter().any(|w| text.contains(w)));
            let lists: &'static [&'static Words] = Vec::leak(vec![words, &SAMPLE]);
            let found = Lists::new(lists).scan(&text);
            proptest::prop_assert_eq!(found.has(lists[0]), lists[0].any_in(&text));
            proptest::prop_assert_eq!(found.has(&SAMPLE), SAMPLE.any_in(&text));
            proptest::prop_assert_eq!(
                Lists::new(lists).starts(&text),
                words.prefix(&text).is_some() || SAMPLE.prefix(&text).is_some()
            );
            let mut all: Vec<&str> = words.all_prefixes(&text).collect();
            let mut by_loop: Vec<&str> = list.iter().copied().filter(|w| text.starts_with(w)).collect();
            // Longest first; equal words in any order.
            by_loop.sort_by_key(|w| std::cmp::Reverse(w.len()));
            all.sort_by_key(|w| std::cmp::Reverse(w.len()));
            proptest::prop_assert!(words.all_prefixes(&text).map(str::len).is_sorted_by(|a, b| a >= b));
            proptest::prop_assert_eq!(all, by_loop);
            proptest::prop_assert_eq!(
                words.first_suffix(&text),
                list.iter().copied().find(|w| text.ends_with(w))
            );
        }
    }

    proptest::proptest! {
        /// A character's position from the bitmap is its place in the
        /// sorted list, also above the Basic Multilingual Plane.
        #[test]
        fn positions_are_places_in_the_sorted_list(
            set in proptest::collection::vec(proptest::char::any(), 0..40),
            probe in proptest::char::any(),
        ) {
            let table = CharTable::new(set.iter().copied());
            for (k, &c) in table.sorted.iter().enumerate() {
                proptest::prop_assert_eq!(table.position(c), Some(k));
            }
            proptest::prop_assert_eq!(table.position(probe), table.sorted.binary_search(&probe).ok());
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
