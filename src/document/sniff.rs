//! Recognising file formats by their first bytes.
//!
//! Owns the magic-byte table and the user-facing message for each format
//! Luoshi cannot read. Must not decode or parse anything: it only looks.

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// A zip archive: maybe .docx, maybe something else.
    Zip,
    /// An OLE compound file: .doc or .wps (read by `word97`), or .xls, .ppt….
    Ole,
    /// A PDF: read as text when it has a text layer.
    Pdf,
    /// Any other recognised format Luoshi does not read.
    Unsupported(Unsupported),
    /// Nothing recognised: treat as text.
    Unknown,
}

/// A file format Luoshi recognises but does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    LegacyWord,
    Wps,
    LegacyExcel,
    LegacyPowerPoint,
    Pdf,
    Image(&'static str),
    Rtf,
    /// A zip that is not a Word document (.xlsx, .pptx, .odt, a plain archive…).
    OtherZip,
    Archive(&'static str),
    Executable,
}

impl Unsupported {
    /// The bilingual message shown to the user.
    pub fn message(self) -> String {
        match self {
            Unsupported::LegacyWord => {
                "这个 .doc 是 Word 95 或更早的格式（或不是 Word 文档），暂不支持，请用 Word 或 WPS 另存为 .docx / this .doc is in the Word 95 or older format (or not a Word document), save it as .docx"
                    .into()
            }
            Unsupported::Wps => {
                "这是旧版 WPS 文字格式的 .wps，暂不支持，请用 WPS 另存为 .docx / this .wps is in an old WPS format that is not supported, save it as .docx in WPS"
                    .into()
            }
            Unsupported::LegacyExcel => {
                "这是 Excel 表格（.xls），不是讲话稿，请打开 .docx 或 .txt / this is an Excel sheet, open the speech as .docx or .txt"
                    .into()
            }
            Unsupported::LegacyPowerPoint => {
                "这是演示文稿（.ppt），不是讲话稿，请打开 .docx 或 .txt / this is a presentation, open the speech as .docx or .txt"
                    .into()
            }
            Unsupported::Pdf => {
                "PDF 暂不支持，请将文字另存为 .docx 或 .txt / PDF is not supported, save the text as .docx or .txt"
                    .into()
            }
            Unsupported::Image(kind) => format!(
                "这是一张图片（{kind}），无法读取文字，请使用 .docx 或 .txt / this is an image ({kind}), use a .docx or .txt"
            ),
            Unsupported::Rtf => {
                "RTF 格式暂不支持，请另存为 .docx / RTF is not supported, save as .docx".into()
            }
            Unsupported::OtherZip => {
                "这个压缩包不是 Word .docx 文件，请打开讲话的 .docx 或 .txt / this zip file is not a .docx, open the speech as .docx or .txt"
                    .into()
            }
            Unsupported::Archive(kind) => format!(
                "这是压缩包（{kind}），请先解压再打开其中的 .docx 或 .txt / this is a {kind} archive, extract it first"
            ),
            Unsupported::Executable => {
                "这是程序文件，不是讲话稿 / this is a program, not a speech".into()
            }
        }
    }
}

/// What an OLE file without a Word stream most likely is, by its
/// extension (OLE holds .doc, .xls, .ppt and .wps).
pub(crate) fn ole_by_extension(ext: &str) -> Unsupported {
    match ext {
        "wps" | "wpt" => Unsupported::Wps,
        "xls" | "et" | "xlt" => Unsupported::LegacyExcel,
        "ppt" | "dps" | "pps" => Unsupported::LegacyPowerPoint,
        _ => Unsupported::LegacyWord,
    }
}

/// Looks at the first bytes; `ext` (lower case, no dot) only tells an .exe
/// from a text file that starts with "MZ".
pub(crate) fn sniff(bytes: &[u8], ext: &str) -> Sniffed {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let kind = if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        return Sniffed::Zip;
    } else if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::Ole;
    } else if starts(b"%PDF") {
        return Sniffed::Pdf;
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Unsupported::Image("PNG")
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        Unsupported::Image("JPEG")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Unsupported::Image("GIF")
    } else if starts(b"BM") && bmp_header_plausible(bytes) {
        Unsupported::Image("BMP")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Unsupported::Image("TIFF")
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Unsupported::Image("WebP")
    } else if starts(b"{\\rtf") {
        Unsupported::Rtf
    } else if starts(b"\x7FELF") || (starts(b"MZ") && ext != "txt" && ext != "md") {
        Unsupported::Executable
    } else if starts(&[0x1F, 0x8B]) {
        Unsupported::Archive("gzip")
    } else if starts(&[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) {
        Unsupported::Archive("7z")
    } else if starts(b"Rar!\x1a\x07") {
        Unsupported::Archive("RAR")
    } else {
        return Sniffed::Unknown;
    };
    Sniffed::Unsupported(kind)
}

/// "BM" alone is too short a magic: a text file may start with those two
/// letters. A real BMP header records the file size and a small pixel offset.
fn bmp_header_plausible(bytes: &[u8]) -> bool {
    let (Some(size), Some(offset)) = (bytes.get(2..6), bytes.get(10..14)) else {
        return false;
    };
    let size = u32::from_le_bytes([size[0], size[1], size[2], size[3]]) as usize;
    let offset = u32::from_le_bytes([offset[0], offset[1], offset[2], offset[3]]);
    size == bytes.len() && (14..4096).contains(&offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let mut bmp = b"BM".to_vec();
        bmp.extend_from_slice(&40u32.to_le_bytes());
        bmp.extend_from_slice(&[0, 0, 0, 0]);
        bmp.extend_from_slice(&26u32.to_le_bytes());
        bmp.resize(40, 0);
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        let cases: &[(&str, &[u8], &str, Sniffed)] = &[
            ("docx zip", b"PK\x03\x04rest", "docx", Sniffed::Zip),
            ("ole doc", &ole, "doc", Sniffed::Ole),
            ("ole wps", &ole, "wps", Sniffed::Ole),
            ("ole xls", &ole, "xls", Sniffed::Ole),
            ("ole renamed txt", &ole, "txt", Sniffed::Ole),
            ("pdf", b"%PDF-1.7\n", "pdf", Sniffed::Pdf),
            (
                "png",
                b"\x89PNG\r\n\x1a\n\0\0",
                "png",
                Sniffed::Unsupported(Unsupported::Image("PNG")),
            ),
            (
                "jpeg",
                &[0xFF, 0xD8, 0xFF, 0xE0],
                "jpg",
                Sniffed::Unsupported(Unsupported::Image("JPEG")),
            ),
            (
                "gif",
                b"GIF89a..",
                "gif",
                Sniffed::Unsupported(Unsupported::Image("GIF")),
            ),
            (
                "bmp",
                &bmp,
                "bmp",
                Sniffed::Unsupported(Unsupported::Image("BMP")),
            ),
            (
                "tiff",
                b"II*\0\x08\0",
                "tif",
                Sniffed::Unsupported(Unsupported::Image("TIFF")),
            ),
            (
                "webp",
                b"RIFF\0\0\0\0WEBPVP8 ",
                "webp",
                Sniffed::Unsupported(Unsupported::Image("WebP")),
            ),
            (
                "rtf",
                b"{\\rtf1\\ansi",
                "doc",
                Sniffed::Unsupported(Unsupported::Rtf),
            ),
            (
                "elf",
                b"\x7FELF\x02\x01",
                "",
                Sniffed::Unsupported(Unsupported::Executable),
            ),
            (
                "exe",
                b"MZ\x90\0",
                "exe",
                Sniffed::Unsupported(Unsupported::Executable),
            ),
            (
                "gzip",
                &[0x1F, 0x8B, 8, 0],
                "gz",
                Sniffed::Unsupported(Unsupported::Archive("gzip")),
            ),
            (
                "text starting BM",
                "BMW 会议纪要".as_bytes(),
                "txt",
                Sniffed::Unknown,
            ),
            ("text starting MZ", b"MZ is a name", "txt", Sniffed::Unknown),
            (
                "chinese text",
                "在全市会议上的讲话".as_bytes(),
                "txt",
                Sniffed::Unknown,
            ),
            ("empty", b"", "txt", Sniffed::Unknown),
        ];
        for (name, bytes, ext, want) in cases {
            assert_eq!(sniff(bytes, ext), *want, "case {name}");
        }
    }

    #[test]
    fn messages_are_bilingual() {
        for kind in [
            Unsupported::LegacyWord,
            Unsupported::Wps,
            Unsupported::LegacyExcel,
            Unsupported::LegacyPowerPoint,
            Unsupported::Pdf,
            Unsupported::Image("PNG"),
            Unsupported::Rtf,
            Unsupported::OtherZip,
            Unsupported::Archive("7z"),
            Unsupported::Executable,
        ] {
            let m = kind.message();
            assert!(m.contains(" / "), "{m}");
            assert!(
                m.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
                "{m}"
            );
        }
        assert!(Unsupported::LegacyWord.message().contains("另存为 .docx"));
    }
}
