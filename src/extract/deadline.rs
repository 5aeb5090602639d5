//! Deadlines written in a directive (6月底前, 9月30日前, 年内, 三季度末,
//! 每季度, 限期整改), kept as written plus their meaning when it is
//! unambiguous. A year is only set when the text gives one.

use super::words::{self, Chars, Words};
use super::{Deadline, Due, Period};

/// The first deadline in `s`, if any.
pub(crate) fn find(s: &str) -> Option<Deadline> {
    let opens = OPENS.tester();
    let mut prev_digit = false;
    for (i, c) in s.char_indices() {
        // Only these characters can open a deadline: testing them first
        // spares the full test at almost every place of a sentence.
        if (c.is_ascii_digit() || opens(c))
            && let Some((len, due)) = at(&s[i..], !prev_digit)
        {
            return Some(Deadline {
                text: s[i..i + len].to_string(),
                due,
            });
        }
        prev_digit = c.is_ascii_digit();
    }
    None
}

/// The characters a deadline can start with besides digits: numerals, 第
/// (第三季度), and the first characters of the words in [`WORDS`]. Asked
/// at every character of every action: one bitmap test.
static OPENS: Chars = Chars::new("〇一二三四五六七八九十第年今限立每上下");

/// A number written in digits or Chinese numerals (1–31), and its length.
fn number(s: &str) -> Option<(u32, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).take(4);
    let (value, len) = digits.fold((0u32, 0usize), |(v, n), d| {
        (v * 10 + u32::from(d - b'0'), n + 1)
    });
    if len > 0 {
        return Some((value, len));
    }
    let mut value = 0u32;
    let mut len = 0;
    let mut seen_ten = false;
    for c in s.chars() {
        let d = match numeral(c) {
            Some(d) => Some(d),
            None if c == '十' => None,
            None => break,
        };
        match d {
            Some(d) => value = if seen_ten { value + d } else { value * 10 + d },
            None => {
                value = if value == 0 { 10 } else { value * 10 };
                seen_ten = true;
            }
        }
        len += c.len_utf8();
    }
    (len > 0).then_some((value, len))
}

/// The value of a Chinese digit (〇 to 九).
fn numeral(c: char) -> Option<u32> {
    let d = match c {
        '〇' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    Some(d)
}

/// Deadlines written as one word.
const WORDS: &[(&str, Option<Due>)] = &[
    ("年底前", Some(Due::YearEnd { year: None })),
    ("年底", Some(Due::YearEnd { year: None })),
    ("年末前", Some(Due::YearEnd { year: None })),
    ("今年内", Some(Due::YearEnd { year: None })),
    ("年内", Some(Due::YearEnd { year: None })),
    ("限期整改", Some(Due::Promptly)),
    ("限期", Some(Due::Promptly)),
    ("立即", Some(Due::Promptly)),
    ("第一时间", Some(Due::Promptly)),
    ("每天", Some(Due::Every(Period::Day))),
    ("每日", Some(Due::Every(Period::Day))),
    ("每周", Some(Due::Every(Period::Week))),
    ("每月", Some(Due::Every(Period::Month))),
    ("每季度", Some(Due::Every(Period::Quarter))),
    ("每半年", Some(Due::Every(Period::HalfYear))),
    ("每年", Some(Due::Every(Period::Year))),
    ("上半年", None),
    ("下半年", None),
];

/// The words of [`WORDS`], indexed: one lookup instead of a comparison
/// with each word at every place a deadline can open. A word that starts
/// another (年底, 年底前) is listed after it, so the longest match is the
/// first in the list, as the list is read.
static WORD_INDEX: Words = Words::new(&WORD_STRINGS);
static WORD_STRINGS: [&str; WORDS.len()] = words::firsts(WORDS);

/// A deadline starting exactly at the start of `s`.
fn at(s: &str, boundary: bool) -> Option<(usize, Option<Due>)> {
    if let Some(w) = WORD_INDEX.prefix(s) {
        let due = WORDS
            .iter()
            .find(|(word, _)| *word == w)
            .map(|(_, d)| d.clone());
        return Some((w.len(), due.flatten()));
    }
    if !boundary {
        return None;
    }
    // [2024年]N月[底|末|M日][前]
    let mut p = 0;
    let mut year = None;
    if let Some((y, n)) = number(s)
        && n == 4
        && s[n..].starts_with('年')
    {
        year = Some(y as i32);
        p = n + '年'.len_utf8();
    }
    // 一季度末 / 三季度末 / 第三季度
    let q_start = p + if s[p..].starts_with('第') {
        '第'.len_utf8()
    } else {
        0
    };
    if let Some((q, n)) = number(&s[q_start..])
        && (1..=4).contains(&q)
        && s[q_start + n..].starts_with("季度")
    {
        let mut end = q_start + n + "季度".len();
        for tail in ["末前", "末", "前", "底"] {
            if s[end..].starts_with(tail) {
                end += tail.len();
                break;
            }
        }
        return Some((end, Some(Due::QuarterEnd { year, quarter: q })));
    }
    let (month, n) = number(&s[p..])?;
    if !(1..=12).contains(&month) || !s[p + n..].starts_with('月') {
        return None;
    }
    let mut end = p + n + '月'.len_utf8();
    let rest = &s[end..];
    if let Some((day, dn)) = number(rest)
        && (1..=31).contains(&day)
        && (rest[dn..].starts_with('日') || rest[dn..].starts_with('号'))
    {
        end += dn + '日'.len_utf8();
        if s[end..].starts_with('前') {
            end += '前'.len_utf8();
        }
        return Some((end, Some(Due::Date { year, month, day })));
    }
    for tail in [
        "底前",
        "末前",
        "底",
        "末",
        "中旬前",
        "上旬前",
        "下旬前",
        "前",
    ] {
        if rest.starts_with(tail) {
            end += tail.len();
            let due = if tail.starts_with('底') || tail.starts_with('末') || tail == "前" {
                Some(Due::MonthEnd { year, month })
            } else {
                None
            };
            return Some((end, due));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longer_words_come_before_the_words_they_extend() {
        for (i, (a, _)) in WORDS.iter().enumerate() {
            for (b, _) in &WORDS[i + 1..] {
                assert!(!b.starts_with(a), "{b} after {a}");
            }
        }
    }

    #[test]
    fn every_word_starts_with_an_opening_character() {
        for (w, _) in WORDS {
            let first = w.chars().next().expect("words are not empty");
            assert!(OPENS.has(first), "{w}");
        }
    }

    /// Input, and the deadline found in it: as written, and its meaning.
    type Case = (&'static str, Option<(&'static str, Option<Due>)>);

    #[test]
    fn deadlines_as_written_and_parsed() {
        let cases: &[Case] = &[
            (
                "6月底前完成安装",
                Some((
                    "6月底前",
                    Some(Due::MonthEnd {
                        year: None,
                        month: 6,
                    }),
                )),
            ),
            (
                "9月30日前完成复核",
                Some((
                    "9月30日前",
                    Some(Due::Date {
                        year: None,
                        month: 9,
                        day: 30,
                    }),
                )),
            ),
            (
                "2024年10月底前完成",
                Some((
                    "2024年10月底前",
                    Some(Due::MonthEnd {
                        year: Some(2024),
                        month: 10,
                    }),
                )),
            ),
            (
                "年内实现全覆盖",
                Some(("年内", Some(Due::YearEnd { year: None }))),
            ),
            (
                "三季度末前完成",
                Some((
                    "三季度末前",
                    Some(Due::QuarterEnd {
                        year: None,
                        quarter: 3,
                    }),
                )),
            ),
            (
                "每季度至少研究一次",
                Some(("每季度", Some(Due::Every(Period::Quarter)))),
            ),
            (
                "挂牌督办、限期整改",
                Some(("限期整改", Some(Due::Promptly))),
            ),
            (
                "十二月底前",
                Some((
                    "十二月底前",
                    Some(Due::MonthEnd {
                        year: None,
                        month: 12,
                    }),
                )),
            ),
            ("加强管理", None),
            ("同比下降17.8%", None),
        ];
        for (s, want) in cases {
            let got = find(s).map(|d| (d.text, d.due));
            let want = want.as_ref().map(|(t, d)| (t.to_string(), d.clone()));
            assert_eq!(got, want, "input {s:?}");
        }
    }
}
