//! The department lexicon (`assets/departments.ron`) and the matcher built on
//! it: canonical names, aliases, former names, the audience words that mean
//! "everyone", and abbreviations that stand for several bodies.
//!
//! Names not in the lexicon are recognised by their shape in `actors`.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The actor every subject-less directive goes to.
pub const ALL_UNITS: &str = "全体单位";

/// The lexicon as shipped in `assets/departments.ron`.
#[derive(Debug, Deserialize)]
struct LexiconFile {
    #[allow(dead_code)]
    version: u32,
    departments: Vec<EntryFile>,
    renamed: HashMap<String, String>,
    audience: Vec<String>,
    abbreviations: HashMap<String, Vec<String>>,
    single_chars: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct EntryFile {
    name: String,
    aliases: Vec<String>,
}

/// What a surface form in the text stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// One department, by its display name.
    Dept(String),
    /// The speaker's whole audience.
    Audience,
    /// Several departments at once (工青妇).
    Several(Vec<String>),
}

/// Why a lexicon could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("词表格式错误 / malformed lexicon: {0}")]
    Parse(#[from] ron::error::SpannedError),
    /// Kept for compatibility: the trie that replaced the automaton cannot
    /// fail to build.
    #[error("词表过大 / lexicon too large: {0}")]
    Build(#[from] aho_corasick::BuildError),
}

pub(crate) struct Lexicon {
    matcher: Trie,
    meanings: Vec<Meaning>,
    single_chars: HashMap<char, String>,
}

/// A byte trie of the lexicon forms. It answers the two questions the
/// rules ask (the longest form at a position; every form, leftmost-longest)
/// exactly as an Aho-Corasick automaton would, and builds in a fraction of
/// the time: the lexicon is built at every start of the CLI.
struct Trie {
    /// Node 0 is the root.
    nodes: Vec<TrieNode>,
    /// The root's children by first byte, for the common miss.
    root: Box<[u32; 256]>,
}

#[derive(Default)]
struct TrieNode {
    /// Children sorted by byte.
    next: Vec<(u8, u32)>,
    /// The form ending here, as an index into `meanings`.
    form: Option<u32>,
}

impl Trie {
    fn new(forms: &[String]) -> Trie {
        let mut nodes = vec![TrieNode::default()];
        for (i, form) in forms.iter().enumerate() {
            let mut at = 0usize;
            for &b in form.as_bytes() {
                at = match nodes[at].next.binary_search_by_key(&b, |&(k, _)| k) {
                    Ok(k) => nodes[at].next[k].1 as usize,
                    Err(k) => {
                        let id = nodes.len();
                        nodes.push(TrieNode::default());
                        nodes[at].next.insert(k, (b, id as u32));
                        id
                    }
                };
            }
            // Forms are deduplicated before; keep the first all the same.
            nodes[at].form.get_or_insert(i as u32);
        }
        let mut root = Box::new([0u32; 256]);
        for &(b, id) in &nodes[0].next {
            root[usize::from(b)] = id;
        }
        Trie { nodes, root }
    }

    /// The longest form starting at byte `at` of `hay`: (end, form index).
    fn longest_at(&self, hay: &[u8], at: usize) -> Option<(usize, usize)> {
        let mut node = match hay.get(at) {
            Some(&b) => self.root[usize::from(b)] as usize,
            None => return None,
        };
        if node == 0 {
            return None;
        }
        let mut best = None;
        let mut p = at + 1;
        loop {
            let n = &self.nodes[node];
            if let Some(f) = n.form {
                best = Some((p, f as usize));
            }
            let Some(&b) = hay.get(p) else { break };
            match n.next.binary_search_by_key(&b, |&(k, _)| k) {
                Ok(k) => node = n.next[k].1 as usize,
                Err(_) => break,
            }
            p += 1;
        }
        best
    }
}

const SOURCE: &str = include_str!("../../assets/departments.ron");

impl Lexicon {
    /// The built-in lexicon, parsed once.
    pub(crate) fn builtin() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        // The asset is compiled in and checked by a unit test: a failure
        // here is a build defect that no user file can cause.
        LEXICON.get_or_init(|| Lexicon::parse(SOURCE).expect("assets/departments.ron is valid"))
    }

    pub(crate) fn parse(src: &str) -> Result<Lexicon, LexiconError> {
        let file: LexiconFile = ron::from_str(src)?;
        let mut forms: Vec<String> = Vec::new();
        let mut meanings: Vec<Meaning> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut add = |form: &str, meaning: Meaning| {
            if form.is_empty() || seen.contains_key(form) {
                return;
            }
            seen.insert(form.to_string(), forms.len());
            forms.push(form.to_string());
            meanings.push(meaning);
        };
        for (short, names) in &file.abbreviations {
            add(short, Meaning::Several(names.clone()));
        }
        for e in &file.departments {
            add(&e.name, Meaning::Dept(e.name.clone()));
        }
        for e in &file.departments {
            for a in &e.aliases {
                add(a, Meaning::Dept(e.name.clone()));
            }
        }
        // Former names are shown as written.
        for old in file.renamed.keys() {
            add(old, Meaning::Dept(old.clone()));
        }
        for a in &file.audience {
            add(a, Meaning::Audience);
        }
        add(ALL_UNITS, Meaning::Audience);
        let matcher = Trie::new(&forms);
        let single_chars = file
            .single_chars
            .iter()
            .filter_map(|(k, v)| k.chars().next().map(|c| (c, v.clone())))
            .collect();
        Ok(Lexicon {
            matcher,
            meanings,
            single_chars,
        })
    }

    /// The longest lexicon form starting exactly at `at`: its length in bytes
    /// and meaning.
    pub(crate) fn match_at(&self, hay: &str, at: usize) -> Option<(usize, &Meaning)> {
        let (end, form) = self.matcher.longest_at(hay.as_bytes(), at)?;
        Some((end - at, &self.meanings[form]))
    }

    /// Every lexicon form in `hay`, leftmost-longest, as (start, end, meaning).
    pub(crate) fn find_all<'a>(
        &'a self,
        hay: &'a str,
    ) -> impl Iterator<Item = (usize, usize, &'a Meaning)> + 'a {
        // Leftmost-longest: the longest form at the first position that has
        // one, then on from its end. Forms start with a leading byte, so
        // continuation bytes are skipped.
        let bytes = hay.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < bytes.len() {
                if bytes[at] & 0xC0 != 0x80
                    && let Some((end, form)) = self.matcher.longest_at(bytes, at)
                {
                    let start = at;
                    at = end;
                    return Some((start, end, &self.meanings[form]));
                }
                at += 1;
            }
            None
        })
    }

    /// The department a one-character short form stands for inside an
    /// enumeration of such forms (公、检、法、司).
    pub(crate) fn single_char(&self, c: char) -> Option<&str> {
        self.single_chars.get(&c).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses() {
        let lex = Lexicon::parse(SOURCE).expect("assets/departments.ron must parse");
        assert!(
            lex.meanings.len() > 300,
            "lexicon too small: {}",
            lex.meanings.len()
        );
    }

    /// The trie answers as the leftmost-longest automaton it replaced.
    #[test]
    fn trie_agrees_with_aho_corasick() {
        use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
        let lex = Lexicon::builtin();
        let file: LexiconFile = ron::from_str(SOURCE).expect("lexicon parses");
        let mut forms: Vec<String> = file.abbreviations.keys().cloned().collect();
        forms.extend(file.departments.iter().map(|e| e.name.clone()));
        forms.extend(file.departments.iter().flat_map(|e| e.aliases.clone()));
        forms.extend(file.renamed.keys().cloned());
        forms.extend(file.audience.iter().cloned());
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(&forms)
            .expect("automaton builds");
        let hay = format!(
            "{}。各级各部门要会同市公安局、县（市、区）卫生健康委员会和工青妇等部门，安监局与应急管理局配合。",
            forms.join("和")
        );
        let got: Vec<(usize, usize)> = lex.find_all(&hay).map(|(s, e, _)| (s, e)).collect();
        let want: Vec<(usize, usize)> = ac.find_iter(&hay).map(|m| (m.start(), m.end())).collect();
        assert_eq!(got, want);
        for (at, _) in hay.char_indices() {
            let input = Input::new(&hay).range(at..).anchored(Anchored::Yes);
            let want = ac.find(input).map(|m| m.end() - m.start());
            assert_eq!(lex.match_at(&hay, at).map(|(n, _)| n), want, "at {at}");
        }
    }

    #[test]
    fn longest_alias_wins() {
        let lex = Lexicon::builtin();
        let cases: &[(&str, usize, Meaning)] = &[
            (
                "公安交警部门要",
                "公安交警部门".len(),
                Meaning::Dept("公安".into()),
            ),
            (
                "住房和城乡建设局要",
                "住房和城乡建设局".len(),
                Meaning::Dept("住建".into()),
            ),
            (
                "卫生健康委员会要",
                "卫生健康委员会".len(),
                Meaning::Dept("卫生".into()),
            ),
            ("安监局", "安监局".len(), Meaning::Dept("安监".into())),
            ("各级各部门要", "各级各部门".len(), Meaning::Audience),
        ];
        for (hay, len, meaning) in cases {
            let got = lex.match_at(hay, 0);
            assert_eq!(
                got.map(|(l, m)| (l, m.clone())),
                Some((*len, meaning.clone())),
                "input {hay:?}"
            );
        }
        assert!(
            matches!(lex.match_at("工青妇等", 0), Some((_, Meaning::Several(v))) if v.len() == 3)
        );
        assert_eq!(lex.single_char('检'), Some("检察院"));
    }
}
