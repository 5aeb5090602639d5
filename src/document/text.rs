//! Decoding plain-text files in the encodings Chinese offices produce.
//!
//! Owns the order of guesses: BOM, BOM-less UTF-16, UTF-8, then chardetng
//! (GBK/GB18030, Big5 …). Must not normalise: it hands back the decoded text
//! as it is, and refuses bytes that are not text rather than returning junk.

use super::LoadError;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{BIG5, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, with the name of the encoding found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes` as text. Errors when the bytes look binary, decode into
/// mostly replacement characters, or hold no text at all.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, LoadError> {
    let decoded = guess_and_decode(bytes)?;
    check_plausible_text(&decoded.text, decoded.encoding)?;
    if decoded
        .text
        .chars()
        .all(|c| c.is_whitespace() || c == '\u{FEFF}')
    {
        return Err(LoadError::Empty);
    }
    Ok(decoded)
}

fn guess_and_decode(bytes: &[u8]) -> Result<Decoded, LoadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(LoadError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(with(UTF_8, rest, "UTF-8 BOM"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(with(UTF_16LE, rest, "UTF-16LE BOM"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(with(UTF_16BE, rest, "UTF-16BE BOM"));
    }
    // UTF-16 of ASCII-rich text is valid UTF-8 full of NULs, so this test
    // must come before the UTF-8 one.
    if let Some(enc) = utf16_by_zero_bytes(bytes) {
        return Ok(with(enc, bytes, enc.name()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
        });
    }
    // Pure Chinese UTF-16 has almost no zero bytes; recognise it by what its
    // code units decode to.
    if let Some(enc) = utf16_by_code_units(bytes) {
        return Ok(with(enc, bytes, enc.name()));
    }

    // A few hundred KB settle the guess; feeding a whole 50 MB file would
    // make detection the slowest step of loading.
    const DETECT_SAMPLE: usize = 256 * 1024;
    let sample = &bytes[..bytes.len().min(DETECT_SAMPLE)];
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    let guess = detector.guess(None, Utf8Detection::Allow);
    let enc = if guess == GBK || guess == GB18030 || guess == BIG5 {
        guess
    } else {
        // chardetng sometimes says windows-1252 or a Japanese/Korean
        // encoding for short Chinese files; when GB18030 decodes cleanly it
        // is by far the likelier reading for a Chinese speech.
        let (_, had_errors) = GB18030.decode_without_bom_handling(bytes);
        if had_errors { guess } else { GBK }
    };
    let name = if enc == GB18030 {
        "GB18030"
    } else {
        enc.name()
    };
    Ok(with(enc, bytes, name))
}

fn with(enc: &'static Encoding, bytes: &[u8], name: &'static str) -> Decoded {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: name,
    }
}

/// Counts zero bytes at even and odd offsets in the first few KB: ASCII in
/// UTF-16LE puts them at odd offsets, in UTF-16BE at even ones.
fn utf16_by_zero_bytes(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(8192) & !1];
    if sample.len() < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let units = sample.len() / 2;
    // At least one unit in 20 has a zero half, and nearly all zeros sit on
    // one side.
    let enough = |n: usize| n * 20 >= units && n >= 2;
    let one_sided = |n: usize, other: usize| other * 10 <= n;
    if enough(odd) && one_sided(odd, even) {
        Some(UTF_16LE)
    } else if enough(even) && one_sided(even, odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decodes the sample both ways and keeps an endianness whose code units are
/// almost all common Chinese text (Han, CJK punctuation, full-width forms,
/// printable ASCII). GBK bytes read as UTF-16 land all over the plane.
fn utf16_by_code_units(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let score = |le: bool| {
        let mut good = 0usize;
        let mut total = 0usize;
        for pair in sample.chunks_exact(2) {
            let u = if le {
                u16::from_le_bytes([pair[0], pair[1]])
            } else {
                u16::from_be_bytes([pair[0], pair[1]])
            };
            total += 1;
            let common = matches!(u, 0x4E00..=0x9FFF | 0x3000..=0x303F | 0xFF00..=0xFFEF
                | 0x2010..=0x2027 | 0x20..=0x7E | 0x0A | 0x0D | 0x09);
            good += usize::from(common);
        }
        good * 100 / total.max(1)
    };
    let (le, be) = (score(true), score(false));
    if le >= 95 && le >= be {
        Some(UTF_16LE)
    } else if be >= 95 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Refuses decoded text that is not a readable document: many replacement
/// characters (wrong or mixed encoding) or control characters (binary data).
fn check_plausible_text(text: &str, encoding: &str) -> Result<(), LoadError> {
    let mut total = 0usize;
    let mut replacement = 0usize;
    let mut control = 0usize;
    let mut nul = 0usize;
    for c in text.chars() {
        total += 1;
        match c {
            '\u{FFFD}' => replacement += 1,
            '\0' => nul += 1,
            // Tab, line breaks, form feed and the DOS end-of-file mark occur
            // in real text files.
            '\t' | '\n' | '\r' | '\u{0C}' | '\u{1A}' => {}
            c if c.is_control() => control += 1,
            _ => {}
        }
    }
    let total = total.max(1);
    if (nul + control) * 100 > total || nul > 16 && nul * 1000 > total {
        return Err(LoadError::Binary);
    }
    if replacement * 50 > total || replacement > 200 {
        return Err(LoadError::Undecodable {
            encoding: encoding.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEECH: &str = "在全县防汛抗旱工作动员会上的讲话\r\n同志们：\r\n　　今天，我们召开会议，安排部署今年防汛抗旱工作。县水利局要在6月底前完成水库除险加固，各乡镇要落实防汛责任。\r\n";

    fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = enc.encode(s);
        assert!(!had_errors);
        bytes.into_owned()
    }

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    }

    #[test]
    fn encodings_table() {
        let traditional = "在全縣防汛抗旱工作動員會上的講話\r\n同志們：\r\n　　今天，我們召開會議，安排部署今年防汛抗旱工作。縣水利局要在六月底前完成水庫除險加固，各鄉鎮要落實防汛責任，確保安全度汛。\r\n";
        let with_bom = |bom: &[u8], body: Vec<u8>| [bom, &body].concat();
        let only_han: String = SPEECH.chars().filter(|c| !c.is_ascii()).collect();
        let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
            ("utf-8", SPEECH.as_bytes().to_vec(), "UTF-8", SPEECH),
            (
                "utf-8 bom",
                with_bom(b"\xEF\xBB\xBF", SPEECH.as_bytes().to_vec()),
                "UTF-8 BOM",
                SPEECH,
            ),
            ("gbk", encode(GBK, SPEECH), "GBK", SPEECH),
            (
                "utf-16le bom",
                with_bom(b"\xFF\xFE", utf16(SPEECH, true)),
                "UTF-16LE BOM",
                SPEECH,
            ),
            (
                "utf-16be bom",
                with_bom(b"\xFE\xFF", utf16(SPEECH, false)),
                "UTF-16BE BOM",
                SPEECH,
            ),
            ("utf-16le no bom", utf16(SPEECH, true), "UTF-16LE", SPEECH),
            ("utf-16be no bom", utf16(SPEECH, false), "UTF-16BE", SPEECH),
            (
                "utf-16le no bom, no ascii",
                utf16(&only_han, true),
                "UTF-16LE",
                &only_han,
            ),
            (
                "utf-16be no bom, no ascii",
                utf16(&only_han, false),
                "UTF-16BE",
                &only_han,
            ),
            ("big5", encode(BIG5, traditional), "Big5", traditional),
            ("ascii", b"Speech\n".to_vec(), "UTF-8", "Speech\n"),
        ];
        for (name, bytes, want_enc, want_text) in cases {
            let got = decode(&bytes).unwrap_or_else(|e| panic!("case {name}: {e}"));
            assert_eq!(got.encoding, want_enc, "case {name}");
            assert_eq!(got.text, want_text, "case {name}");
        }
    }

    #[test]
    fn gb18030_only_characters_survive() {
        // GBK's decoder in encoding_rs is GB18030's, so four-byte sequences
        // (here a rare Han character outside GBK) still decode.
        let s = "关于㐀字的说明，请各单位认真学习。关于会议的安排，请各部门认真落实。";
        let bytes = encode(GB18030, s);
        let got = decode(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got.text, s);
    }

    #[test]
    fn refusals_table() {
        let with_bom = |bom: &[u8], body: Vec<u8>| [bom, &body].concat();
        let mut binary: Vec<u8> = (0u8..=255).cycle().take(4000).collect();
        binary[0] = b'x';
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty", vec![], "Empty"),
            ("whitespace", b" \r\n\t ".to_vec(), "Empty"),
            ("bom only", b"\xEF\xBB\xBF".to_vec(), "Empty"),
            (
                "utf-16 whitespace",
                with_bom(b"\xFF\xFE", utf16(" \r\n\u{3000}", true)),
                "Empty",
            ),
            ("binary", binary, "Binary"),
            (
                "nul-ridden ascii",
                b"ab\0\0cd\0\0ef\0\0gh\0\0ij\0\0kl\0\0mn\0\0".repeat(20),
                "Binary",
            ),
            ("controls", b"\x01\x02\x03\x04abc".repeat(50), "Binary"),
        ];
        for (name, bytes, want) in cases {
            let err = decode(&bytes).expect_err(name);
            assert!(
                format!("{err:?}").starts_with(want),
                "case {name}: got {err:?}"
            );
        }
    }
}
