//! CSV export of the 任务分解表: UTF-8 with a byte order mark and CRLF line
//! ends, so Excel on Chinese Windows opens it as UTF-8 instead of GBK.
//! Same columns and cells as the first sheet of the .xlsx, but no heading,
//! 制表日期 or section rows: a CSV is data for other programs, which take
//! its first line for the column names and every line for a task (and
//! Luoshi knows its own CSVs by that first line, `super::is_ours`).
//!
//! Owns the CSV encoding only; rows come from [`super::table`].

use super::ExportError;
use super::table::{HEADERS, TaskTable};

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn to_bytes(table: &TaskTable) -> Result<Vec<u8>, ExportError> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let err = |e: ::csv::Error| ExportError::Csv(e.to_string());
    writer.write_record(HEADERS).map_err(err)?;
    for (i, row) in table.rows.iter().enumerate() {
        let cells = row.cells(i + 1).map(|cell| crlf(&cell));
        writer.write_record(&cells).map_err(err)?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.error().to_string()))
}

/// Line breaks inside a cell as CRLF too, as Excel writes them.
fn crlf(cell: &str) -> String {
    cell.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::export::table::TaskRow;

    #[test]
    fn bom_crlf_and_quoting() {
        let table = TaskTable {
            title: "t".into(),
            department: None,
            date: None,
            rows: vec![TaskRow {
                task: "排查，\"隐患\"".into(),
                lead: vec!["公安".into()],
                support: vec!["交通".into(), "应急".into()],
                deadline: String::new(),
                section: Some("一、安全".into()),
                part: None,
                quote: "原句。".into(),
                progress: "未开始".into(),
                note: String::new(),
            }],
        };
        let bytes = to_bytes(&table).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert_eq!(
            text,
            "序号,工作任务,牵头单位,配合单位,完成时限,原文出处,进展情况,备注\r\n\
             1,\"排查，\"\"隐患\"\"\",公安,交通、应急,,\"一、安全\r\n原句。\",未开始,\r\n"
        );
    }
}
