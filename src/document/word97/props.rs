//! Paragraph and character properties of a Word 97 file, as far as the
//! reader needs them: which paragraphs are in a table, which paragraph
//! marks end a table row, and which characters are hidden (or deleted in a
//! tracked revision). They come from the bin tables in the table stream
//! (PlcBtePapx, PlcBteChpx), which point to 512-byte FKP pages in the
//! WordDocument stream; each page maps runs of file offsets (fc) to a
//! grpprl, a list of sprms.
//!
//! Owns the sprms it knows and the bounds on every count and offset. Any
//! inconsistency gives `None` for that kind of property, and the reader goes
//! on without it (cells as paragraphs, nothing hidden): never an error.
//! Must not decode text.

use super::{u16_at, u32_at};

/// An FKP page; its last byte counts its runs.
const PAGE: usize = 512;
/// Bytes of a PAPX FKP's BX entry (offset byte, then a 12-byte PHE).
const BX_PAP: usize = 13;

/// sprmPFInTable, sprmPFTtp (ends a row), sprmPItap (table depth),
/// sprmPHugePapx (the properties live in the Data stream, not read).
const SPRM_P_IN_TABLE: u16 = 0x2416;
const SPRM_P_TTP: u16 = 0x2417;
const SPRM_P_ITAP: u16 = 0x6649;
const SPRM_P_HUGE_PAPX: u16 = 0x6646;
/// The two sprms whose variable operand does not start with a size byte.
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_P_CHG_TABS: u16 = 0xC615;
/// sprmCFVanish (hidden text) and sprmCFRMarkDel (a tracked deletion).
const SPRM_C_VANISH: u16 = 0x083C;
const SPRM_C_RMARK_DEL: u16 = 0x0800;

/// What a paragraph's properties say about tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Para {
    pub(super) in_table: bool,
    /// The paragraph is a row's end mark (TTP), not a cell.
    pub(super) row_end: bool,
}

/// The properties Luoshi reads, each `None` when the file's were unusable.
#[derive(Debug, Default)]
pub(super) struct Props {
    pub(super) paras: Option<Runs<Para>>,
    pub(super) hidden: Option<Runs<bool>>,
}

/// Where a bin table sits in the table stream (fc and lcb from the FIB).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct BinTable {
    pub(super) fc: u32,
    pub(super) lcb: u32,
}

/// Reads both kinds of properties; each falls back alone.
pub(super) fn read(word: &[u8], table: &[u8], papx: BinTable, chpx: BinTable) -> Props {
    Props {
        paras: pages(word, table, papx).and_then(|p| runs(&p, papx_page)),
        hidden: pages(word, table, chpx).and_then(|p| runs(&p, chpx_page)),
    }
}

/// Runs of file offsets `start..end` with a value, sorted and disjoint.
#[derive(Debug)]
pub(super) struct Runs<T> {
    runs: Vec<(u32, u32, T)>,
}

impl<T: Copy + Default> Runs<T> {
    /// The value at file offset `fc`; outside every run, the default.
    pub(super) fn at(&self, fc: u32) -> T {
        let i = self.runs.partition_point(|r| r.1 <= fc);
        match self.runs.get(i) {
            Some(&(start, _, value)) if start <= fc => value,
            _ => T::default(),
        }
    }
}

/// The FKP pages a bin table lists. A real file has each page once, so
/// there are never more pages than the stream holds.
fn pages<'a>(word: &'a [u8], table: &[u8], bin: BinTable) -> Option<Vec<&'a [u8]>> {
    let start = bin.fc as usize;
    let plc = table.get(start..start.checked_add(bin.lcb as usize)?)?;
    if plc.len() < 8 || !(plc.len() - 4).is_multiple_of(8) {
        return None;
    }
    let n = (plc.len() - 4) / 8;
    if n > word.len() / PAGE {
        return None;
    }
    (0..n)
        .map(|i| {
            let pn = u32_at(plc, 4 * (n + 1) + 4 * i)? & 0x003F_FFFF;
            let at = (pn as usize).checked_mul(PAGE)?;
            word.get(at..at.checked_add(PAGE)?)
        })
        .collect()
}

/// Reads one FKP page's runs onto a list.
type PageRuns<T> = fn(&[u8], &mut Vec<(u32, u32, T)>) -> Option<()>;

/// Every page's runs, checked to be in order and not to overlap (a page
/// listed twice, or runs out of order, make the whole kind unusable).
fn runs<T>(pages: &[&[u8]], page_runs: PageRuns<T>) -> Option<Runs<T>> {
    let mut out = Vec::new();
    for page in pages {
        page_runs(page, &mut out)?;
    }
    let ordered = out.iter().all(|r| r.0 < r.1) && out.windows(2).all(|w| w[0].1 <= w[1].0);
    ordered.then_some(Runs { runs: out })
}

/// The run count of an FKP page, if its `entry`-byte entries fit.
fn run_count(page: &[u8], entry: usize) -> Option<usize> {
    let crun = usize::from(*page.get(PAGE - 1)?);
    (4 * (crun + 1) + entry * crun < PAGE).then_some(crun)
}

/// The run boundaries of an FKP page: `crun + 1` file offsets.
fn run_bounds(page: &[u8], i: usize) -> Option<(u32, u32)> {
    Some((u32_at(page, 4 * i)?, u32_at(page, 4 * (i + 1))?))
}

/// A PAPX FKP: each run's offset byte points (in 2-byte words) to a
/// PapxInFkp: a size byte (or 0 and a second size byte), istd, grpprl.
fn papx_page(page: &[u8], out: &mut Vec<(u32, u32, Para)>) -> Option<()> {
    let crun = run_count(page, BX_PAP)?;
    for i in 0..crun {
        let (start, end) = run_bounds(page, i)?;
        let at = usize::from(*page.get(4 * (crun + 1) + BX_PAP * i)?) * 2;
        let para = if at == 0 {
            Para::default()
        } else {
            let cb = usize::from(*page.get(at)?);
            let (from, len) = if cb != 0 {
                (at + 1, 2 * cb - 1)
            } else {
                (at + 2, 2 * usize::from(*page.get(at + 1)?))
            };
            let data = page.get(from..from + len).filter(|_| from + len < PAGE)?;
            para_of(data.get(2..)?)?
        };
        out.push((start, end, para));
    }
    Some(())
}

fn para_of(grpprl: &[u8]) -> Option<Para> {
    let mut para = Para::default();
    let mut huge = false;
    each_sprm(grpprl, |sprm, operand| match sprm {
        SPRM_P_IN_TABLE => para.in_table = operand.first().is_some_and(|&b| b != 0),
        SPRM_P_TTP => para.row_end = operand.first().is_some_and(|&b| b != 0),
        SPRM_P_ITAP => para.in_table |= u32_at(operand, 0).is_some_and(|d| d > 0),
        SPRM_P_HUGE_PAPX => huge = true,
        _ => {}
    })?;
    (!huge).then_some(para)
}

/// A CHPX FKP: each run's offset byte points (in 2-byte words) to a size
/// byte and a grpprl.
fn chpx_page(page: &[u8], out: &mut Vec<(u32, u32, bool)>) -> Option<()> {
    let crun = run_count(page, 1)?;
    for i in 0..crun {
        let (start, end) = run_bounds(page, i)?;
        let at = usize::from(*page.get(4 * (crun + 1) + i)?) * 2;
        let hidden = if at == 0 {
            false
        } else {
            let cb = usize::from(*page.get(at)?);
            let grpprl = page
                .get(at + 1..at + 1 + cb)
                .filter(|_| at + 1 + cb < PAGE)?;
            hidden_of(grpprl)?
        };
        out.push((start, end, hidden));
    }
    Some(())
}

/// Hidden or deleted: the toggle is on (1), or the opposite of the style's
/// (0x81; styles are not read, and a hidden style is taken as rare).
fn hidden_of(grpprl: &[u8]) -> Option<bool> {
    let mut hidden = false;
    each_sprm(grpprl, |sprm, operand| {
        if matches!(sprm, SPRM_C_VANISH | SPRM_C_RMARK_DEL) {
            hidden |= matches!(operand.first(), Some(1 | 0x81));
        }
    })?;
    Some(hidden)
}

/// Calls `f` with each sprm and its operand; `None` if an operand runs
/// past the end. A single byte left over is padding.
fn each_sprm(grpprl: &[u8], mut f: impl FnMut(u16, &[u8])) -> Option<()> {
    let mut at = 0usize;
    while at + 2 <= grpprl.len() {
        let sprm = u16_at(grpprl, at)?;
        at += 2;
        let len = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => variable_len(sprm, grpprl.get(at..)?)?,
        };
        let operand = grpprl.get(at..at.checked_add(len)?)?;
        f(sprm, operand);
        at += len;
    }
    Some(())
}

/// The length of a variable operand (spra 6), size bytes included.
fn variable_len(sprm: u16, operand: &[u8]) -> Option<usize> {
    match sprm {
        // A 2-byte count of the bytes after it, plus one.
        SPRM_T_DEF_TABLE => Some(usize::from(u16_at(operand, 0)?) + 1),
        // Size 255: tabs deleted (4 bytes each) and added (3 bytes each).
        SPRM_P_CHG_TABS if operand.first() == Some(&255) => {
            let deleted = usize::from(*operand.get(1)?);
            let added = usize::from(*operand.get(2 + 4 * deleted)?);
            Some(3 + 4 * deleted + 3 * added)
        }
        _ => Some(1 + usize::from(*operand.first()?)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sprm_operands_table() {
        // sprmTDefTable: count 4 (3 bytes follow it), then sprmPFTtp.
        let def_table = [0x08, 0xD6, 4, 0, 1, 2, 3, 0x17, 0x24, 1];
        // sprmPChgTabs of size 255: 1 tab deleted (4 bytes), 2 added (6).
        let chg_tabs = [
            0x15, 0xC6, 255, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0x16, 0x24, 1,
        ];
        // A 3-byte operand (spra 7), a 4-byte one, a sized one, padding.
        let mixed = [
            0x00, 0xE6, 1, 2, 3, 0x49, 0x66, 1, 0, 0, 0, 0x07, 0xC6, 2, 9, 9, 0,
        ];
        let cases: Vec<(&str, &[u8], Option<Para>)> = vec![
            (
                "table definition then row end",
                &def_table,
                Some(Para {
                    in_table: false,
                    row_end: true,
                }),
            ),
            (
                "tab changes then in table",
                &chg_tabs,
                Some(Para {
                    in_table: true,
                    row_end: false,
                }),
            ),
            (
                "depth 1 is in a table",
                &mixed,
                Some(Para {
                    in_table: true,
                    row_end: false,
                }),
            ),
            ("count past the end", &def_table[..6], None),
            ("tabs past the end", &chg_tabs[..9], None),
            ("huge PAPX elsewhere", &[0x46, 0x66, 0, 0, 0, 0], None),
            ("empty", &[], Some(Para::default())),
        ];
        for (name, grpprl, want) in cases {
            assert_eq!(para_of(grpprl), want, "case {name}");
        }
    }

    #[test]
    fn runs_answer_inside_and_between() {
        let runs = Runs {
            runs: vec![(10, 20, true), (20, 30, false), (40, 50, true)],
        };
        let got: Vec<bool> = [0, 10, 19, 20, 35, 40, 49, 50, u32::MAX]
            .iter()
            .map(|&fc| runs.at(fc))
            .collect();
        assert_eq!(
            got,
            [false, true, true, false, false, true, true, false, false]
        );
    }
}
