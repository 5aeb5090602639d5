//! The one normalisation function for speech text.
//!
//! Owns line endings, odd spaces and control characters. Must not touch the
//! words themselves: full-width punctuation, digits and letters stay as
//! written, so that what the user sees is what the author typed.

/// Normalises raw decoded text into the form every span refers to.
///
/// - CRLF, CR, U+2028/U+2029, NEL, VT and FF become `\n`;
/// - U+3000, NBSP, tabs and the other typographic spaces become a plain
///   space, and runs of spaces collapse to one;
/// - a run of two or more U+3000 (or of four or more other spaces) inside a
///   line becomes a line break: that is a paragraph indent whose line break
///   was lost when the speech was copied from a web page;
/// - NUL, zero-width characters, the BOM, soft hyphens and any other control
///   character are removed;
/// - each line is trimmed and blank lines are dropped.
///
/// The result has no leading or trailing newline, and
/// `normalize(&normalize(s)) == normalize(s)`.
///
/// Every line is normalised on its own, so a long text is cut at line
/// breaks and its pieces normalised on all cores, with the same result.
pub fn normalize(raw: &str) -> String {
    if raw.len() < crate::parallel::PARALLEL_FROM {
        return normalize_lines(raw);
    }
    use rayon::prelude::*;
    let chunks = crate::parallel::line_chunks(raw, 4 * rayon::current_num_threads());
    let parts: Vec<String> = chunks.par_iter().map(|c| normalize_lines(c)).collect();
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for part in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(part);
    }
    out
}

/// [`normalize`] on one thread.
fn normalize_lines(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    // Pending whitespace inside the current line: (ideographic, other).
    let mut pending: Option<(usize, usize)> = None;
    let mut line_has_text = false;
    let mut chars = raw.chars().peekable();

    while let Some(c) = chars.next() {
        match classify(c) {
            CharClass::LineBreak => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                pending = None;
                if line_has_text {
                    out.push('\n');
                    line_has_text = false;
                }
            }
            CharClass::Space { ideographic } => {
                let (wide, narrow) = pending.get_or_insert((0, 0));
                if ideographic {
                    *wide += 1;
                } else {
                    *narrow += 1;
                }
            }
            CharClass::Drop => {}
            CharClass::Keep => {
                if let Some((wide, narrow)) = pending.take()
                    && line_has_text
                {
                    if wide >= 2 || narrow >= 4 || (wide == 1 && narrow >= 2) {
                        out.push('\n');
                    } else {
                        out.push(' ');
                    }
                }
                out.push(c);
                line_has_text = true;
            }
        }
    }
    if out.ends_with('\n') {
        out.pop();
    }
    out
}

enum CharClass {
    LineBreak,
    Space { ideographic: bool },
    Drop,
    Keep,
}

fn classify(c: char) -> CharClass {
    match c {
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
            CharClass::LineBreak
        }
        '\u{3000}' => CharClass::Space { ideographic: true },
        ' ' | '\t' | '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
            CharClass::Space { ideographic: false }
        }
        // Zero-width characters, the BOM, soft hyphen and the variation
        // selectors Word sometimes leaves behind carry no text.
        '\u{200B}'..='\u{200F}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}'
        | '\u{AD}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => CharClass::Drop,
        c if c.is_control() => CharClass::Drop,
        _ => CharClass::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::{normalize, normalize_lines};

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn pieces_on_all_cores_are_one_thread(text in "[一二。 \u{3000}\t\r\n\u{2028}\u{feff}a]{1,64}") {
            // Long enough to be cut into pieces.
            let long = text.repeat(crate::parallel::PARALLEL_FROM / text.len() + 1);
            proptest::prop_assert_eq!(normalize(&long), normalize_lines(&long));
        }
    }

    #[test]
    fn table() {
        let cases: &[(&str, &str, &str)] = &[
            ("crlf", "一\r\n二\r\n", "一\n二"),
            ("lone cr", "一\r二\r\r三", "一\n二\n三"),
            ("blank lines dropped", "\n\n一\n\n\n二\n\n", "一\n二"),
            (
                "indent trimmed",
                "　　今天，我们开会。\n    同志们：",
                "今天，我们开会。\n同志们：",
            ),
            ("trailing spaces", "讲话　　\t \n", "讲话"),
            ("nul and controls", "同\0志\u{7}们\u{1b}：", "同志们："),
            ("bom and zero width", "\u{FEFF}在\u{200B}会上", "在会上"),
            ("single ideographic space", "省长　陈立衡", "省长 陈立衡"),
            ("nbsp", "记者\u{A0}周晓岚\u{A0}摄", "记者 周晓岚 摄"),
            ("two spaces collapse", "A  B", "A B"),
            (
                "lost paragraph break",
                "讲话　　同志们：　　今天",
                "讲话\n同志们：\n今天",
            ),
            (
                "wide column gap",
                "会员群：        免费群：",
                "会员群：\n免费群：",
            ),
            (
                "full-width punctuation kept",
                "（一）ＡＢＣ，１２３！",
                "（一）ＡＢＣ，１２３！",
            ),
            ("line separator", "一\u{2028}二\u{2029}三", "一\n二\n三"),
            ("only whitespace", " \r\n\t　\n", ""),
            ("empty", "", ""),
            ("replacement char kept", "a\u{FFFD}b", "a\u{FFFD}b"),
        ];
        for (name, input, want) in cases {
            assert_eq!(normalize(input), *want, "case {name}: {input:?}");
        }
    }

    #[test]
    fn idempotent_on_table_outputs() {
        for s in [
            "一\n二",
            "讲话　　同志们",
            "a  b    c",
            "\u{3000}x\u{3000}\u{3000}y",
        ] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn idempotent(s in "\\PC*|[\\s\u{3000}\u{A0}a一\r\n\0]*") {
            let once = normalize(&s);
            proptest::prop_assert_eq!(normalize(&once), once.clone());
            proptest::prop_assert!(!once.starts_with('\n') && !once.ends_with('\n'));
            proptest::prop_assert!(!once.contains("\n\n"));
        }
    }
}
