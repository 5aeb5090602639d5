//! JSON export: the checklist's own serde shape, pretty-printed.
//!
//! This is the contract `shared/eval/score.py` reads:
//! `{"departments": [{"name": …, "items": [{"text": …, "quote": …, …}]}], …}`.
//! Field names follow the Rust types and must stay stable.

use super::ExportError;
use crate::checklist::Checklist;
use crate::model::Diagnostic;
use serde::Serialize;

/// The checklist as JSON shows it: every field but the speech's text,
/// which a checklist file keeps so it travels with its speech, while the
/// JSON is about the items.
#[derive(Serialize)]
struct Shown<'a> {
    version: u32,
    source: &'a crate::checklist::Source,
    departments: &'a [crate::checklist::Department],
    next_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<crate::model::Date>,
    #[serde(skip_serializing_if = "str::is_empty")]
    code: &'a str,
}

impl<'a> Shown<'a> {
    fn of(list: &'a Checklist) -> Self {
        let Checklist {
            version,
            source,
            departments,
            next_id,
            speech: _,
            date,
            code,
        } = list;
        Shown {
            version: *version,
            source,
            departments,
            next_id: *next_id,
            date: *date,
            code,
        }
    }
}

/// The checklist as pretty JSON (ends with a newline).
pub fn to_string(list: &Checklist) -> Result<String, ExportError> {
    finish(serde_json::to_string_pretty(&Shown::of(list)))
}

/// A fresh extraction: the checklist plus the extractor's diagnostics,
/// which say what it skipped or was unsure of.
pub fn extraction_to_string(
    list: &Checklist,
    diagnostics: &[Diagnostic],
) -> Result<String, ExportError> {
    finish(serde_json::to_string_pretty(&WithDiagnostics {
        checklist: Shown::of(list),
        diagnostics,
    }))
}

/// [`extraction_to_string`] written to `out` as it is produced, with the
/// same bytes. Fails only as `out` does (a closed pipe, a full disk).
pub fn write_extraction(
    out: &mut dyn std::io::Write,
    list: &Checklist,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let value = WithDiagnostics {
        checklist: Shown::of(list),
        diagnostics,
    };
    serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct WithDiagnostics<'a> {
    #[serde(flatten)]
    checklist: Shown<'a>,
    diagnostics: &'a [Diagnostic],
}

fn finish(result: serde_json::Result<String>) -> Result<String, ExportError> {
    let mut out = result.map_err(|e| ExportError::Json(e.to_string()))?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::{Department, Item};

    #[test]
    fn has_the_scorer_shape() {
        let mut list = Checklist::default();
        list.departments.push(Department {
            name: "公安".into(),
            items: vec![Item {
                id: 1,
                text: "加强巡逻".into(),
                quote: "公安要加强巡逻。".into(),
                ..Item::default()
            }],
        });
        let v: serde_json::Value = serde_json::from_str(&to_string(&list).unwrap()).unwrap();
        assert_eq!(v["departments"][0]["name"], "公安");
        assert_eq!(v["departments"][0]["items"][0]["text"], "加强巡逻");
        assert_eq!(v["departments"][0]["items"][0]["quote"], "公安要加强巡逻。");
        assert_eq!(v["departments"][0]["items"][0]["confidence"], "sure");
        let mut unsure = list.clone();
        unsure.departments[0].items[0].confidence = crate::model::Confidence::Check;
        unsure.departments[0].items[0].reason = "actor carried over".into();
        let v: serde_json::Value = serde_json::from_str(&to_string(&unsure).unwrap()).unwrap();
        assert_eq!(v["departments"][0]["items"][0]["confidence"], "check");
        assert_eq!(
            v["departments"][0]["items"][0]["reason"],
            "actor carried over"
        );
        let diag = [Diagnostic {
            span: None,
            message: "m".into(),
        }];
        let v: serde_json::Value =
            serde_json::from_str(&extraction_to_string(&list, &diag).unwrap()).unwrap();
        assert_eq!(v["departments"][0]["items"][0]["text"], "加强巡逻");
        assert_eq!(v["diagnostics"][0]["message"], "m");
    }
}
