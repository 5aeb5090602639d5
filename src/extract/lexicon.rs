//! The department lexicon (`assets/departments.ron`) and the matcher built on
//! it: canonical names, aliases, former names, the audience words that mean
//! "everyone", and abbreviations that stand for several bodies.
//!
//! Names not in the lexicon are recognised by their shape in `actors`.

use super::words::PrefixIndex;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

pub use crate::model::ALL_UNITS;

/// The actor for leading officials (主要领导, 党政主要负责同志).
pub(crate) const LEADERS: &str = "领导干部";

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
    /// Shown as the speech writes it: names of such bodies vary from place
    /// to place, so the written name is the one the clerk knows.
    #[serde(default)]
    as_written: bool,
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
}

pub(crate) struct Lexicon {
    matcher: PrefixIndex,
    meanings: Vec<Meaning>,
    /// Sorted by character: a handful, asked at every actor's first
    /// character.
    single_chars: Vec<(char, String)>,
    as_written: std::collections::HashSet<String>,
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
        let matcher = PrefixIndex::new(forms.iter().map(String::as_str));
        let mut single_chars: Vec<(char, String)> = file
            .single_chars
            .iter()
            .filter_map(|(k, v)| k.chars().next().map(|c| (c, v.clone())))
            .collect();
        single_chars.sort_unstable();
        let as_written = file
            .departments
            .iter()
            .filter(|e| e.as_written)
            .map(|e| e.name.clone())
            .collect();
        Ok(Lexicon {
            matcher,
            meanings,
            single_chars,
            as_written,
        })
    }

    /// The longest lexicon form starting exactly at `at`: its length in bytes
    /// and meaning.
    pub(crate) fn match_at(&self, hay: &str, at: usize) -> Option<(usize, &Meaning)> {
        let (len, id) = self.matcher.longest(hay.get(at..)?)?;
        Some((len, &self.meanings[id]))
    }

    /// Every lexicon form in `hay`, leftmost-longest, as (start, end, meaning).
    pub(crate) fn find_all<'a>(
        &'a self,
        hay: &'a str,
    ) -> impl Iterator<Item = (usize, usize, &'a Meaning)> + 'a {
        // Leftmost-longest: the longest form at the first place one starts,
        // then on after it.
        let mut at = 0;
        std::iter::from_fn(move || {
            while let Some(c) = hay[at..].chars().next() {
                if let Some((len, meaning)) = self.match_at(hay, at) {
                    at += len;
                    return Some((at - len, at, meaning));
                }
                at += c.len_utf8();
            }
            None
        })
    }

    /// Is this department shown as the speech writes it?
    pub(crate) fn shown_as_written(&self, name: &str) -> bool {
        self.as_written.contains(name)
    }

    /// The department a one-character short form stands for inside an
    /// enumeration of such forms (公、检、法、司).
    pub(crate) fn single_char(&self, c: char) -> Option<&str> {
        let k = self
            .single_chars
            .binary_search_by_key(&c, |(k, _)| *k)
            .ok()?;
        Some(self.single_chars[k].1.as_str())
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
                "12345政务服务便民热线要",
                "12345政务服务便民热线".len(),
                Meaning::Dept("12345热线".into()),
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
