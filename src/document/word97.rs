//! Reading Word 97–2003 `.doc` files, and WPS 文字 `.wps` files written in
//! the same format: the OLE container (`cfb`), the FIB, the piece table and
//! the characters of the main document.
//!
//! Owns which characters count as text: the main document only (`ccpText`:
//! no headers, footnotes or comments), field results without their
//! instructions, no embedded objects, no hidden text or tracked deletions
//! (`props`); paragraph and cell marks end paragraphs, and a task table's
//! rows (their ends read from the paragraph properties) go through
//! `task_table` like those of a .docx. Every count and offset read from the file is checked against
//! the streams before it is used, so a hostile file costs at most one pass
//! over its own bytes. Must not normalise text or decide paragraph kinds.

mod props;

use super::LoadError;
use super::sniff::{self, Unsupported};
use super::structure::Hint;
use super::task_table::TaskTable;
use props::{BinTable, Para, Props};
use std::io::{Cursor, Read};

const WORD_STREAM: &str = "WordDocument";
/// `wIdent` of a Word binary FIB.
const FIB_MAGIC: u16 = 0xA5EC;
/// Word 97's `nFib` is 0xC1 (0xC0 in its betas); Word 6 and 95 files
/// (101–105) have another FIB and no Unicode pieces.
const NFIB_WORD97: u16 = 0x00C0;
/// FibBase flags: the file is encrypted (or XOR-obfuscated), and which
/// table stream holds the piece table.
const F_ENCRYPTED: u16 = 0x0100;
const F_WHICH_TBL_STM: u16 = 0x0200;
/// Index of the (fcClx, lcbClx) pair in FibRgFcLcb97, and of the bin
/// tables of character and paragraph properties.
const CLX_PAIR: usize = 33;
const CHPX_PAIR: usize = 12;
const PAPX_PAIR: usize = 13;

/// Paragraphs of the main document, in order, without style hints.
pub(crate) fn read(bytes: &[u8], ext: &str) -> Result<Vec<(String, Hint)>, LoadError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| bad(format!("OLE 容器 / OLE container: {e}")))?;
    if !file.is_stream(WORD_STREAM) {
        return Err(LoadError::Unsupported(other_ole(&file, ext)));
    }
    let word = read_stream(&mut file, WORD_STREAM)?;
    let fib = Fib::parse(&word)?;
    let table_name = if fib.table_one { "1Table" } else { "0Table" };
    if !file.is_stream(table_name) {
        return Err(bad(format!("缺少 {table_name} / {table_name} is missing")));
    }
    let table = read_stream(&mut file, table_name)?;
    let pieces = piece_table(&table, &fib)?;
    let raw = main_text(&word, &pieces, fib.ccp_text)?;
    let props = props::read(&word, &table, fib.papx, fib.chpx);
    Ok(paragraphs(&raw, &pieces, &props))
}

/// An OLE file without a Word stream: say what it most likely is.
fn other_ole<F: Read + std::io::Seek>(file: &cfb::CompoundFile<F>, ext: &str) -> Unsupported {
    if file.is_stream("Workbook") || file.is_stream("Book") {
        Unsupported::LegacyExcel
    } else if file.is_stream("PowerPoint Document") {
        Unsupported::LegacyPowerPoint
    } else {
        sniff::ole_by_extension(ext)
    }
}

fn bad(reason: impl Into<String>) -> LoadError {
    LoadError::BadDoc {
        reason: reason.into(),
    }
}

/// A whole stream, never more than the largest file Luoshi reads, whatever
/// its directory entry claims.
fn read_stream<F: Read + std::io::Seek>(
    file: &mut cfb::CompoundFile<F>,
    name: &str,
) -> Result<Vec<u8>, LoadError> {
    let stream = file
        .open_stream(name)
        .map_err(|e| bad(format!("{name}: {e}")))?;
    let mut buf = Vec::new();
    stream
        .take(super::MAX_FILE_BYTES)
        .read_to_end(&mut buf)
        .map_err(|e| bad(format!("{name}: {e}")))?;
    Ok(buf)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// What Luoshi needs from the File Information Block.
#[derive(Debug)]
struct Fib {
    table_one: bool,
    ccp_text: u32,
    fc_clx: u32,
    lcb_clx: u32,
    papx: BinTable,
    chpx: BinTable,
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, LoadError> {
        let short = || bad("FIB 不完整 / the FIB is truncated");
        if u16_at(word, 0).ok_or_else(short)? != FIB_MAGIC {
            return Err(bad("不是 Word 文档流 / not a Word document stream"));
        }
        let n_fib = u16_at(word, 2).ok_or_else(short)?;
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        if flags & F_ENCRYPTED != 0 {
            return Err(LoadError::Encrypted);
        }
        if n_fib < NFIB_WORD97 {
            return Err(LoadError::Unsupported(Unsupported::LegacyWord));
        }
        // FibBase (32 bytes), then csw u16s, cslw u32s, cbRgFcLcb pairs.
        let csw = usize::from(u16_at(word, 0x20).ok_or_else(short)?);
        let lw_count_at = 0x22 + csw * 2;
        let cslw = usize::from(u16_at(word, lw_count_at).ok_or_else(short)?);
        let lw = lw_count_at + 2;
        if cslw < 4 {
            return Err(short());
        }
        let ccp_text = u32_at(word, lw + 3 * 4).ok_or_else(short)?;
        let pairs_count_at = lw + cslw * 4;
        let pairs = usize::from(u16_at(word, pairs_count_at).ok_or_else(short)?);
        if pairs <= CLX_PAIR {
            return Err(short());
        }
        let pair_at = |i: usize| pairs_count_at + 2 + i * 8;
        let clx_at = pair_at(CLX_PAIR);
        let bin = |i: usize| BinTable {
            fc: u32_at(word, pair_at(i)).unwrap_or(0),
            lcb: u32_at(word, pair_at(i) + 4).unwrap_or(0),
        };
        Ok(Fib {
            papx: bin(PAPX_PAIR),
            chpx: bin(CHPX_PAIR),
            table_one: flags & F_WHICH_TBL_STM != 0,
            ccp_text,
            fc_clx: u32_at(word, clx_at).ok_or_else(short)?,
            lcb_clx: u32_at(word, clx_at + 4).ok_or_else(short)?,
        })
    }
}

/// One run of the text: characters `cp_start..cp_end` stored from byte
/// `offset` of the WordDocument stream, one byte (cp1252) or two (UTF-16LE)
/// each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    cp_start: u32,
    cp_end: u32,
    offset: usize,
    compressed: bool,
}

/// The CLX: property runs (skipped), then the piece table.
fn piece_table(table: &[u8], fib: &Fib) -> Result<Vec<Piece>, LoadError> {
    let past = || bad("片段表超出表格流 / the piece table points past the table stream");
    let start = fib.fc_clx as usize;
    let end = start.checked_add(fib.lcb_clx as usize).ok_or_else(past)?;
    let clx = table.get(start..end).ok_or_else(past)?;
    let mut at = 0usize;
    loop {
        match clx.get(at) {
            Some(1) => {
                let cb = u16_at(clx, at + 1).ok_or_else(past)?;
                at += 3 + usize::from(cb);
            }
            Some(2) => {
                let lcb = u32_at(clx, at + 1).ok_or_else(past)? as usize;
                let plc = clx
                    .get(at + 5..(at + 5).checked_add(lcb).ok_or_else(past)?)
                    .ok_or_else(past)?;
                return parse_plc_pcd(plc);
            }
            _ => return Err(bad("没有片段表 / no piece table")),
        }
    }
}

/// PlcPcd: n+1 character positions, then n 8-byte piece descriptors.
fn parse_plc_pcd(plc: &[u8]) -> Result<Vec<Piece>, LoadError> {
    let malformed = || bad("片段表格式错误 / malformed piece table");
    if plc.len() < 16 || !(plc.len() - 4).is_multiple_of(12) {
        return Err(malformed());
    }
    let n = (plc.len() - 4) / 12;
    let descriptors = 4 * (n + 1);
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let cp_start = u32_at(plc, 4 * i).ok_or_else(malformed)?;
        let cp_end = u32_at(plc, 4 * (i + 1)).ok_or_else(malformed)?;
        if cp_end < cp_start {
            return Err(malformed());
        }
        let fc = u32_at(plc, descriptors + 8 * i + 2).ok_or_else(malformed)?;
        let compressed = fc & 0x4000_0000 != 0;
        let fc = fc & 0x3FFF_FFFF;
        let offset = if compressed { fc / 2 } else { fc } as usize;
        pieces.push(Piece {
            cp_start,
            cp_end,
            offset,
            compressed,
        });
    }
    Ok(pieces)
}

/// The characters `0..ccp_text` (the main document), decoded. The pieces of
/// a real file never overlap, so they never take more bytes than the stream
/// has: a table that does (to repeat the stream a million times) is refused.
fn main_text(word: &[u8], pieces: &[Piece], ccp_text: u32) -> Result<String, LoadError> {
    let past = || bad("片段超出文档流 / a piece points past the document stream");
    let mut budget = word.len();
    let mut out = String::with_capacity(word.len().min((ccp_text as usize).saturating_mul(3)));
    let mut units: Vec<u16> = Vec::new();
    for p in pieces {
        if p.cp_start >= ccp_text {
            break;
        }
        let chars = (p.cp_end.min(ccp_text) - p.cp_start) as usize;
        let len = if p.compressed { chars } else { chars * 2 };
        budget = budget.checked_sub(len).ok_or_else(|| {
            bad("片段重叠或过长 / the pieces overlap or are longer than the stream")
        })?;
        let end = p.offset.checked_add(len).ok_or_else(past)?;
        let bytes = word.get(p.offset..end).ok_or_else(past)?;
        if p.compressed {
            out.push_str(
                &encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0,
            );
        } else {
            units.clear();
            units.extend(
                bytes
                    .chunks_exact(2)
                    .map(|b| u16::from_le_bytes([b[0], b[1]])),
            );
            out.extend(
                char::decode_utf16(units.iter().copied())
                    .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)),
            );
        }
    }
    Ok(out)
}

/// Splits the decoded characters into paragraphs: 0x0D ends a paragraph,
/// 0x07 a table cell or row, 0x0C a page or section. A field (0x13
/// instruction 0x14 result 0x15) keeps its result only; objects (0x01,
/// 0x08), note references and other control characters are dropped, and so
/// is hidden text (marks and field characters never are, so the structure
/// holds). With paragraph properties, tables are read row by row (see
/// `Rows`); without, each cell and row mark ends a paragraph.
fn paragraphs(raw: &str, pieces: &[Piece], props: &Props) -> Vec<(String, Hint)> {
    let mut rows = Rows::default();
    let mut current = String::new();
    let mut fcs = FcMap { pieces, at: 0 };
    let mut cp = 0u32;
    // Open fields, innermost last: whether each has reached its result.
    let mut fields: Vec<bool> = Vec::new();
    let mut in_instruction = 0usize;
    for c in raw.chars() {
        let here = cp;
        cp = cp.saturating_add(c.len_utf16() as u32);
        match c {
            '\u{13}' => {
                fields.push(false);
                in_instruction += 1;
                continue;
            }
            '\u{14}' => {
                if let Some(shown) = fields.last_mut()
                    && !*shown
                {
                    *shown = true;
                    in_instruction -= 1;
                }
                continue;
            }
            '\u{15}' => {
                if fields.pop() == Some(false) {
                    in_instruction -= 1;
                }
                continue;
            }
            _ => {}
        }
        if in_instruction > 0 {
            continue;
        }
        if matches!(c, '\r' | '\u{7}' | '\u{c}') {
            let para = props
                .paras
                .as_ref()
                .map(|p| fcs.fc(here).map(|fc| p.at(fc)).unwrap_or_default());
            rows.end_paragraph(std::mem::take(&mut current), c, para);
            continue;
        }
        let hidden = props
            .hidden
            .as_ref()
            .is_some_and(|h| fcs.fc(here).is_some_and(|fc| h.at(fc)));
        match c {
            _ if hidden => {}
            '\u{b}' => current.push('\n'),
            '\t' => current.push(' '),
            '\u{1e}' => current.push('-'),
            c if c < ' ' => {}
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        rows.out.push((current, Hint::None));
    }
    rows.out
}

/// Character positions to file offsets, for positions that only grow.
struct FcMap<'a> {
    pieces: &'a [Piece],
    at: usize,
}

impl FcMap<'_> {
    fn fc(&mut self, cp: u32) -> Option<u32> {
        while self.pieces.get(self.at)?.cp_end <= cp {
            self.at += 1;
        }
        let p = self.pieces.get(self.at)?;
        let chars = cp.checked_sub(p.cp_start)? as usize;
        let bytes = if p.compressed { chars } else { chars * 2 };
        u32::try_from(p.offset.checked_add(bytes)?).ok()
    }
}

/// The paragraphs read so far and the table being read. In a Word 97 file
/// a table is a run of paragraphs marked as in a table: each cell ends
/// with a cell mark 0x07, each row with a row mark (a 0x07 paragraph whose
/// properties say TTP), which holds no text.
#[derive(Default)]
struct Rows {
    out: Vec<(String, Hint)>,
    table: Option<TaskTable>,
}

impl Rows {
    /// `para` is `None` when the file's paragraph properties are unusable:
    /// then every mark just ends a paragraph.
    fn end_paragraph(&mut self, text: String, mark: char, para: Option<Para>) {
        let Some(para) = para else {
            self.out.push((text, Hint::None));
            return;
        };
        let cell_mark = mark == '\u{7}';
        if !(para.in_table || para.row_end || cell_mark) {
            self.table = None;
            self.out.push((text, Hint::None));
            return;
        }
        let out = &mut self.out;
        let table = self.table.get_or_insert_with(|| {
            let mut t = TaskTable::default();
            t.start_row(out.len());
            t
        });
        if cell_mark && para.row_end {
            table.end_row(out);
            table.start_row(out.len());
            return;
        }
        out.push((text, Hint::None));
        if cell_mark {
            table.end_cell(out);
            table.start_cell(out.len());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;
    use crate::document::from_bytes;
    use std::io::Write;

    /// How a test document stores its text.
    #[derive(Clone, Copy)]
    pub(crate) enum Storage {
        Utf16,
        Compressed,
    }

    /// A minimal Word 97 file: a FIB, the text in one piece, a 1Table with
    /// the CLX. `ccp_text` counts the main document; text past it plays a
    /// footnote.
    pub(crate) fn doc_of(text: &str, ccp_text: u32, storage: Storage, flags: u16) -> Vec<u8> {
        doc_with(text, ccp_text, storage, flags, &Fkps::default())
    }

    /// A property run: first character, end character, grpprl.
    pub(crate) type FkpRun = (u32, u32, Option<Vec<u8>>);

    /// FKP pages to add to a test document: each run is `(first character,
    /// end character, grpprl)`, `None` for a run without properties;
    /// `raw_*` replace a whole page (for broken ones), `*_pages` list the
    /// page that many times in the bin table.
    #[derive(Default)]
    pub(crate) struct Fkps {
        pub(crate) papx: Vec<FkpRun>,
        pub(crate) chpx: Vec<FkpRun>,
        pub(crate) raw_papx: Option<Vec<u8>>,
        pub(crate) papx_pages: Option<usize>,
        pub(crate) papx_page_number: Option<u32>,
    }

    /// `doc_of` with paragraph and character properties: the text at byte
    /// 0x200, then a PAPX FKP and a CHPX FKP page, their bin tables in
    /// 1Table after the CLX.
    pub(crate) fn doc_with(
        text: &str,
        ccp_text: u32,
        storage: Storage,
        flags: u16,
        fkps: &Fkps,
    ) -> Vec<u8> {
        let fib_len = 0x200usize;
        let mut word = vec![0u8; fib_len];
        word[0..2].copy_from_slice(&FIB_MAGIC.to_le_bytes());
        word[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
        word[0x0A..0x0C].copy_from_slice(&(flags | F_WHICH_TBL_STM).to_le_bytes());
        word[0x20..0x22].copy_from_slice(&14u16.to_le_bytes());
        let lw_count_at = 0x22 + 28;
        word[lw_count_at..lw_count_at + 2].copy_from_slice(&22u16.to_le_bytes());
        let lw = lw_count_at + 2;
        word[lw + 12..lw + 16].copy_from_slice(&ccp_text.to_le_bytes());
        let pairs_at = lw + 22 * 4;
        word[pairs_at..pairs_at + 2].copy_from_slice(&93u16.to_le_bytes());
        let (bytes, chars): (Vec<u8>, u32) = match storage {
            Storage::Utf16 => (
                text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
                text.encode_utf16().count() as u32,
            ),
            Storage::Compressed => (
                encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
                text.chars().count() as u32,
            ),
        };
        let (fc, width) = match storage {
            Storage::Utf16 => (fib_len as u32, 2),
            Storage::Compressed => ((fib_len as u32 * 2) | 0x4000_0000, 1),
        };
        word.extend_from_slice(&bytes);
        word.resize(word.len().div_ceil(512) * 512, 0);
        // CLX: one property run to skip, then the PlcPcd.
        let mut clx = vec![1u8, 2, 0, 0xAA, 0xBB, 2];
        clx.extend_from_slice(&16u32.to_le_bytes());
        clx.extend_from_slice(&0u32.to_le_bytes());
        clx.extend_from_slice(&chars.to_le_bytes());
        clx.extend_from_slice(&[0, 0]);
        clx.extend_from_slice(&fc.to_le_bytes());
        clx.extend_from_slice(&[0, 0]);
        let mut table = [vec![0u8; 8], clx.clone()].concat();
        let pair = |word: &mut Vec<u8>, i: usize, fc: usize, lcb: usize| {
            let at = pairs_at + 2 + i * 8;
            word[at..at + 4].copy_from_slice(&(fc as u32).to_le_bytes());
            word[at + 4..at + 8].copy_from_slice(&(lcb as u32).to_le_bytes());
        };
        pair(&mut word, CLX_PAIR, 8, clx.len());
        let to_fc = |cp: u32| fib_len as u32 + cp * width;
        let pages = [
            (PAPX_PAIR, &fkps.papx, 13usize, fkps.raw_papx.clone()),
            (CHPX_PAIR, &fkps.chpx, 1usize, None),
        ];
        for (i, runs, entry, raw) in pages {
            if runs.is_empty() && raw.is_none() {
                continue;
            }
            let page = raw.unwrap_or_else(|| fkp_page(runs, entry, to_fc));
            let pn = (word.len() / 512) as u32;
            word.extend_from_slice(&page);
            let times = if i == PAPX_PAIR {
                fkps.papx_pages.unwrap_or(1)
            } else {
                1
            };
            let pn = if i == PAPX_PAIR {
                fkps.papx_page_number.unwrap_or(pn)
            } else {
                pn
            };
            let first = to_fc(runs.first().map_or(0, |r| r.0));
            let last = to_fc(runs.last().map_or(chars, |r| r.1));
            let mut plc = Vec::new();
            for k in 0..=times {
                plc.extend_from_slice(&(if k == 0 { first } else { last }).to_le_bytes());
            }
            for _ in 0..times {
                plc.extend_from_slice(&pn.to_le_bytes());
            }
            pair(&mut word, i, table.len(), plc.len());
            table.extend_from_slice(&plc);
        }
        ole_of(&[("WordDocument", &word), ("1Table", &table)])
    }

    /// One FKP page: the run bounds, `entry`-byte entries whose first byte
    /// is the property's offset in words, the properties at the page's end
    /// (a PAPX with istd 0 before its grpprl, a CHPX as it is).
    fn fkp_page(runs: &[FkpRun], entry: usize, to_fc: impl Fn(u32) -> u32) -> Vec<u8> {
        let mut page = vec![0u8; 512];
        let crun = runs.len();
        page[511] = crun as u8;
        for (i, (start, end, _)) in runs.iter().enumerate() {
            page[4 * i..4 * i + 4].copy_from_slice(&to_fc(*start).to_le_bytes());
            page[4 * i + 4..4 * i + 8].copy_from_slice(&to_fc(*end).to_le_bytes());
        }
        let mut free = 510usize;
        // Like Word, runs with the same properties share one copy.
        let mut placed: Vec<(&Vec<u8>, u8)> = Vec::new();
        for (i, (_, _, grpprl)) in runs.iter().enumerate() {
            let Some(grpprl) = grpprl else { continue };
            if let Some((_, at)) = placed.iter().find(|(g, _)| *g == grpprl) {
                page[4 * (crun + 1) + entry * i] = *at;
                continue;
            }
            let prop: Vec<u8> = if entry == 1 {
                [vec![grpprl.len() as u8], grpprl.clone()].concat()
            } else {
                let body = [vec![0u8, 0], grpprl.clone()].concat();
                if body.len() % 2 == 1 {
                    [vec![body.len().div_ceil(2) as u8], body].concat()
                } else {
                    [vec![0u8, (body.len() / 2) as u8], body].concat()
                }
            };
            let at = (free - prop.len()) & !1;
            page[at..at + prop.len()].copy_from_slice(&prop);
            page[4 * (crun + 1) + entry * i] = (at / 2) as u8;
            placed.push((grpprl, (at / 2) as u8));
            assert!(at > 4 * (crun + 1) + entry * crun, "the test page is full");
            free = at;
        }
        page
    }

    pub(crate) fn ole_of(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (name, data) in streams {
            file.create_stream(name).unwrap().write_all(data).unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    fn texts(bytes: &[u8]) -> Vec<String> {
        read(bytes, "doc")
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn paragraphs_cells_fields_and_objects() {
        let text = "县水利局要\u{13} HYPERLINK \"x\" \u{14}在6月底前\u{15}完成清淤。\r\
                    单位\u{7}县公安局\u{7}\u{7}\u{1}图\u{8}甲\t乙\u{b}丙\r\
                    \u{13}外\u{13}内\u{14}x\u{15}\u{14}结果\u{15}\r脚注文字\r";
        let main = text.encode_utf16().count() as u32 - "脚注文字\r".encode_utf16().count() as u32;
        let got = texts(&doc_of(text, main, Storage::Utf16, 0));
        assert_eq!(
            got,
            [
                "县水利局要在6月底前完成清淤。",
                "单位",
                "县公安局",
                "",
                "图甲 乙\n丙",
                "结果"
            ]
        );
    }

    #[test]
    fn compressed_pieces_are_cp1252() {
        let text = "Caf\u{e9} \u{201c}plan\u{201d} \u{2014} 5\u{20ac}\rnext\r";
        let got = texts(&doc_of(text, 100, Storage::Compressed, 0));
        assert_eq!(got, ["Café “plan” — 5€", "next"]);
    }

    #[test]
    fn a_doc_loads_whatever_its_name() {
        let text = "在全县工作会议上的讲话\r县应急管理局要在6月底前完成隐患排查。\r";
        let bytes = doc_of(text, 1000, Storage::Utf16, 0);
        for name in ["a.doc", "a.wps", "a.txt", "noext"] {
            let doc = from_bytes(&bytes, name).unwrap();
            assert_eq!(doc.title, "在全县工作会议上的讲话", "{name}");
            assert_eq!(doc.encoding, "doc");
            assert_eq!(doc.paragraphs.len(), 2, "{name}");
        }
    }

    #[test]
    fn refusals_table() {
        let word95 = {
            let mut word = doc_stream_only();
            word[2..4].copy_from_slice(&0x0068u16.to_le_bytes());
            ole_of(&[("WordDocument", &word)])
        };
        let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
            (
                "encrypted",
                doc_of("讲话\r", 3, Storage::Utf16, F_ENCRYPTED),
                "a.doc",
                "Encrypted",
            ),
            ("word 95", word95, "a.doc", "Unsupported(LegacyWord)"),
            (
                "old wps",
                ole_of(&[("WpsContent", b"x")]),
                "a.wps",
                "Unsupported(Wps)",
            ),
            (
                "xls named doc",
                ole_of(&[("Workbook", b"x")]),
                "a.doc",
                "Unsupported(LegacyExcel)",
            ),
            (
                "ppt",
                ole_of(&[("PowerPoint Document", b"x")]),
                "a.ppt",
                "Unsupported(LegacyPowerPoint)",
            ),
            (
                "no table stream",
                ole_of(&[("WordDocument", &doc_stream_only())]),
                "a.doc",
                "BadDoc",
            ),
            (
                "not a FIB",
                ole_of(&[("WordDocument", b"hello world")]),
                "a.doc",
                "BadDoc",
            ),
            ("only the OLE magic", ole_magic(), "a.doc", "BadDoc"),
        ];
        for (name, bytes, file, want) in cases {
            let err = from_bytes(&bytes, file).expect_err(name);
            assert!(format!("{err:?}").starts_with(want), "case {name}: {err:?}");
            assert!(err.to_string().contains(" / "), "case {name}: {err}");
        }
    }

    fn doc_stream_only() -> Vec<u8> {
        let d = doc_of("讲话\r", 3, Storage::Utf16, 0);
        let mut file = cfb::CompoundFile::open(Cursor::new(d)).unwrap();
        let mut word = Vec::new();
        file.open_stream(WORD_STREAM)
            .unwrap()
            .read_to_end(&mut word)
            .unwrap();
        word
    }

    fn ole_magic() -> Vec<u8> {
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.resize(600, 0);
        b
    }

    #[test]
    fn hostile_piece_tables() {
        let word = doc_stream_only();
        let piece = |cp_end: u32, offset: usize| Piece {
            cp_start: 0,
            cp_end,
            offset,
            compressed: false,
        };
        // Past the end, overlapping a thousand times, a count near u32::MAX.
        assert!(main_text(&word, &[piece(10, word.len())], 10).is_err());
        let many = vec![piece(100, 0x200); 1000];
        assert!(main_text(&word, &many, u32::MAX).is_err());
        assert!(main_text(&word, &[piece(u32::MAX, 0)], u32::MAX).is_err());
        // Decreasing positions and sizes that do not add up.
        let mut plc = Vec::new();
        for v in [5u32, 2, 0, 0, 0] {
            plc.extend_from_slice(&v.to_le_bytes());
        }
        assert!(parse_plc_pcd(&plc).is_err());
        assert!(parse_plc_pcd(&plc[..15]).is_err());
        let fib = Fib {
            table_one: true,
            ccp_text: 3,
            fc_clx: u32::MAX,
            lcb_clx: u32::MAX,
            papx: BinTable::default(),
            chpx: BinTable::default(),
        };
        assert!(piece_table(&[2, 0, 0, 0, 0], &fib).is_err());
        // A CLX of nothing but property runs ends, without a piece table.
        let fib = Fib {
            fc_clx: 0,
            lcb_clx: 9,
            ..fib
        };
        assert!(piece_table(&[1, 0, 0, 1, 0, 0, 1, 0, 0], &fib).is_err());
    }

    #[test]
    fn every_truncation_is_an_error_or_a_document() {
        let bytes = doc_of("县应急管理局要完成隐患排查。\r", 100, Storage::Utf16, 0);
        for cut in 0..bytes.len() {
            let _ = from_bytes(&bytes[..cut], "a.doc");
        }
    }

    /// sprmPFInTable on; with sprmPFTtp, a row mark.
    const IN_TABLE: &[u8] = &[0x16, 0x24, 1];
    const ROW_END: &[u8] = &[0x16, 0x24, 1, 0x17, 0x24, 1];

    /// What a test document holds: a paragraph, or a table row whose
    /// cells may hold several paragraphs (split at '\n').
    enum Block<'a> {
        Para(&'a str),
        Row(&'a [&'a str]),
    }
    use Block::{Para as P, Row};

    /// The .doc text of `blocks` with one PAPX run per paragraph, and the
    /// same blocks as a .docx body.
    fn doc_and_docx(blocks: &[Block]) -> (String, Vec<FkpRun>, String) {
        let (mut text, mut runs, mut body) = (String::new(), Vec::new(), String::new());
        let mut push = |text: &mut String, s: &str, mark: char, grpprl: Option<&[u8]>| {
            let start = text.encode_utf16().count() as u32;
            text.push_str(s);
            text.push(mark);
            let end = text.encode_utf16().count() as u32;
            runs.push((start, end, grpprl.map(<[u8]>::to_vec)));
        };
        let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
        let mut in_table = false;
        for block in blocks {
            match block {
                P(t) => {
                    if in_table {
                        body.push_str("</w:tbl>");
                        in_table = false;
                    }
                    push(&mut text, t, '\r', None);
                    body.push_str(&p(t));
                }
                Row(cells) => {
                    if !in_table {
                        body.push_str("<w:tbl>");
                        in_table = true;
                    }
                    body.push_str("<w:tr>");
                    for cell in *cells {
                        body.push_str("<w:tc>");
                        let paras: Vec<&str> = cell.split('\n').collect();
                        for (i, para) in paras.iter().enumerate() {
                            let mark = if i + 1 == paras.len() { '\u{7}' } else { '\r' };
                            push(&mut text, para, mark, Some(IN_TABLE));
                            body.push_str(&p(para));
                        }
                        body.push_str("</w:tc>");
                    }
                    push(&mut text, "", '\u{7}', Some(ROW_END));
                    body.push_str("</w:tr>");
                }
            }
        }
        if in_table {
            body.push_str("</w:tbl>");
        }
        (text, runs, body)
    }

    const TABLES: &[Block] = &[
        P("重点任务分解表"),
        Row(&["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]),
        Row(&[
            "1",
            "开展隐患排查",
            "县应急管理局",
            "县公安局、各乡镇",
            "6月底前",
        ]),
        Row(&["2", "完善应急预案\n建立值守台账", "县水利局", "", "年内"]),
        P("其他事项"),
        Row(&["单位", "县公安局\n县交通局"]),
        P("会后落实。"),
    ];

    fn doc_texts(text: &str, fkps: &Fkps) -> Vec<String> {
        texts(&doc_with(text, 10_000, Storage::Utf16, 0, fkps))
    }

    #[test]
    fn task_tables_are_read_row_by_row_like_docx() {
        let (text, papx, body) = doc_and_docx(TABLES);
        let got = doc_texts(
            &text,
            &Fkps {
                papx,
                ..Fkps::default()
            },
        );
        let docx: Vec<String> =
            crate::document::docx::read(&crate::document::docx::tests::docx_with_body(&body))
                .unwrap()
                .into_iter()
                .map(|(t, _)| t)
                .collect();
        assert_eq!(
            got,
            [
                "重点任务分解表",
                "1．开展隐患排查。牵头单位：县应急管理局；配合单位：县公安局、各乡镇；完成时限：6月底前；",
                "2．完善应急预案；建立值守台账。牵头单位：县水利局；完成时限：年内；",
                "其他事项",
                "单位",
                "县公安局",
                "县交通局",
                "会后落实。",
            ]
        );
        assert_eq!(got, docx);
    }

    /// Without usable paragraph properties: every cell and row mark ends a
    /// paragraph, as before they were read.
    fn cells_as_paragraphs() -> Vec<String> {
        let (text, _, _) = doc_and_docx(TABLES);
        let mut paragraphs: Vec<String> = text.split(['\r', '\u{7}']).map(str::to_string).collect();
        // The text ends with a mark: nothing follows it.
        assert_eq!(paragraphs.pop().as_deref(), Some(""));
        paragraphs
    }

    #[test]
    fn unusable_paragraph_properties_fall_back_to_cells() {
        let (text, papx, _) = doc_and_docx(TABLES);
        let with = |f: &dyn Fn(&mut Fkps)| {
            let mut fkps = Fkps {
                papx: papx.clone(),
                ..Fkps::default()
            };
            f(&mut fkps);
            fkps
        };
        let page_with = |crun: u8, entry_at: usize, entry: u8, body: &[(usize, u8)]| {
            let mut page = vec![0u8; 512];
            page[511] = crun;
            page[4..8].copy_from_slice(&0x300u32.to_le_bytes());
            page[entry_at] = entry;
            for &(at, b) in body {
                page[at] = b;
            }
            page
        };
        let cases: Vec<(&str, Fkps)> = vec![
            ("no bin table", Fkps::default()),
            (
                "too many runs for a page",
                with(&|f| f.raw_papx = Some(page_with(200, 0, 0, &[]))),
            ),
            (
                "a PAPX past the page",
                with(&|f| f.raw_papx = Some(page_with(1, 8, 255, &[(510, 5)]))),
            ),
            (
                "a second size byte past the page",
                with(&|f| f.raw_papx = Some(page_with(1, 8, 254, &[(508, 0), (509, 9)]))),
            ),
            (
                "an operand past its grpprl",
                with(&|f| f.papx[1].2 = Some(vec![0x49, 0x66, 1])),
            ),
            (
                "properties in the Data stream",
                with(&|f| f.papx[1].2 = Some(vec![0x46, 0x66, 0, 0, 0, 0])),
            ),
            (
                "a page past the stream",
                with(&|f| f.papx_page_number = Some(1000)),
            ),
            ("the same page twice", with(&|f| f.papx_pages = Some(2))),
            (
                "more pages than the stream",
                with(&|f| f.papx_pages = Some(200)),
            ),
            ("runs out of order", with(&|f| f.papx.swap(0, 1))),
        ];
        let want = cells_as_paragraphs();
        for (name, fkps) in cases {
            assert_eq!(doc_texts(&text, &fkps), want, "case {name}");
        }
    }

    #[test]
    fn hidden_text_and_deletions_are_skipped() {
        let text =
            "县应急管理局要内部说明在6月底前\u{13} PAGE \u{14}1\u{15}完成排查。\r甲\r乙\r备注\r";
        let cp = |s: &str| text[..text.find(s).unwrap()].encode_utf16().count() as u32;
        let len = |s: &str| s.encode_utf16().count() as u32;
        let run = |s: &str, grpprl: &[u8]| (cp(s), cp(s) + len(s), Some(grpprl.to_vec()));
        let vanish = |v: u8| vec![0x3C, 0x08, v];
        let chpx = vec![
            (0, cp("内部说明"), None),
            run("内部说明", &vanish(1)),
            run("在6月底前", &vanish(0)),
            // A hidden field keeps its structure: only its result goes.
            run("\u{13} PAGE \u{14}1\u{15}", &vanish(0x81)),
            // A hidden paragraph mark still ends its paragraph.
            (cp("完成"), cp("甲"), None),
            run("甲\r", &vanish(1)),
            run("乙", &[0x00, 0x08, 1]),
            run("\r备注\r", &[0x35, 0x08, 1]),
        ];
        let got = doc_texts(
            text,
            &Fkps {
                chpx: chpx.clone(),
                ..Fkps::default()
            },
        );
        assert_eq!(got, ["县应急管理局要在6月底前完成排查。", "", "", "备注"]);
        // A broken CHPX page shows everything, as before.
        let mut broken = chpx;
        broken[1].2 = Some(vec![0x3C, 0x08]);
        let got = doc_texts(
            text,
            &Fkps {
                chpx: broken,
                ..Fkps::default()
            },
        );
        assert_eq!(
            got,
            [
                "县应急管理局要内部说明在6月底前1完成排查。",
                "甲",
                "乙",
                "备注"
            ]
        );
    }

    #[test]
    fn compressed_pieces_map_to_their_own_offsets() {
        // One byte a character: the runs' file offsets step by one.
        let text = "Plan secret text\rnext\r";
        let chpx = vec![(5, 12, Some(vec![0x3C, 0x08, 1]))];
        let got = texts(&doc_with(
            text,
            100,
            Storage::Compressed,
            0,
            &Fkps {
                chpx,
                ..Fkps::default()
            },
        ));
        assert_eq!(got, ["Plan text", "next"]);
    }

    /// Written by LibreOffice (`soffice --convert-to doc`) from our own
    /// .docx files next to them: a task table, and a hidden run.
    #[test]
    fn libreoffice_doc_files_read_like_their_docx() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
        for stem in ["task-table", "hidden-text"] {
            let load = |ext: &str| {
                let bytes = std::fs::read(dir.join(format!("{stem}.{ext}"))).unwrap();
                from_bytes(&bytes, &format!("{stem}.{ext}")).unwrap()
            };
            let (doc, docx) = (load("doc"), load("docx"));
            assert_eq!(doc.text, docx.text, "{stem}");
            let items = |d: &crate::document::Document| -> Vec<(String, String)> {
                crate::extract::extract(d)
                    .items
                    .into_iter()
                    .map(|i| (i.department, i.text))
                    .collect()
            };
            assert!(!items(&doc).is_empty(), "{stem}");
            assert_eq!(items(&doc), items(&docx), "{stem}");
        }
        let table = std::fs::read(dir.join("task-table.doc")).unwrap();
        let got = texts(&table);
        assert!(
            got.iter()
                .any(|t| t.starts_with("1．") && t.contains("牵头单位：")),
            "{got:?}"
        );
        let hidden = std::fs::read(dir.join("hidden-text.doc")).unwrap();
        assert!(!texts(&hidden).concat().contains("删去"));
    }
}
