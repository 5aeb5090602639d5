//! Two clerks on one shared folder: a three-way merge of a checklist that
//! another program saved while we were editing it.
//!
//! `base` is the file as we last read or wrote it, `ours` what we hold now,
//! `theirs` what the file holds now. Each item is merged field by field: a
//! field one side changed takes that side's value; a field both changed to
//! different values is a [`Conflict`], and nothing is merged. Progress
//! reports are only ever appended, so the reports both sides added are all
//! kept. Must not touch the disk.

use crate::checklist::{Checklist, Department, Item};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Both sides changed the same thing differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The item's text (shortened), or the checklist field.
    pub what: String,
    /// The field both changed (`status`, `note`, `date` …).
    pub field: String,
}

/// The merged checklist, or the first conflict found.
pub fn merge(
    base: &Checklist,
    ours: &Checklist,
    theirs: &Checklist,
) -> Result<Checklist, Conflict> {
    let mut merged = theirs.clone();
    merged.date = pick(&base.date, &ours.date, &theirs.date).ok_or_else(|| Conflict {
        what: "文件日期 / document date".into(),
        field: "date".into(),
    })?;
    merged.code = pick(&base.code, &ours.code, &theirs.code).unwrap_or_else(|| theirs.code.clone());
    let base_items = located(base);
    let our_items = located(ours);
    let their_items = located(theirs);

    let mut items: BTreeMap<u64, (String, Item)> = BTreeMap::new();
    let ids: HashSet<u64> = base_items
        .keys()
        .chain(our_items.keys())
        .chain(their_items.keys())
        .copied()
        .collect();
    for id in ids {
        let merged_item = merge_item(
            base_items.get(&id),
            our_items.get(&id),
            their_items.get(&id),
        )?;
        if let Some(entry) = merged_item {
            items.insert(id, entry);
        }
    }

    // Their order of departments and items, then what only we added.
    let mut departments: Vec<Department> = Vec::new();
    let mut placed: HashSet<u64> = HashSet::new();
    let order = theirs.departments.iter().chain(ours.departments.iter());
    for dept in order {
        if departments.iter().any(|d| d.name == dept.name) {
            continue;
        }
        let kept_empty = dept.items.is_empty()
            && ours.department(&dept.name).is_some()
            && theirs.department(&dept.name).is_some();
        let mut out = Department::new(dept.name.clone());
        for (id, (name, item)) in &items {
            if *name == dept.name && !placed.contains(id) {
                out.items.push(item.clone());
            }
        }
        // Keep the order the department had on the side we walk.
        let rank: HashMap<u64, usize> = dept
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id, i))
            .collect();
        out.items
            .sort_by_key(|item| rank.get(&item.id).copied().unwrap_or(usize::MAX));
        placed.extend(out.items.iter().map(|i| i.id));
        if !out.items.is_empty() || kept_empty {
            departments.push(out);
        }
    }
    merged.departments = departments;
    let max_id = merged.items().map(|(_, i)| i.id).max().unwrap_or(0);
    merged.next_id = ours.next_id.max(theirs.next_id).max(max_id + 1);
    Ok(merged)
}

/// Every item with the name of its department.
fn located(list: &Checklist) -> HashMap<u64, (String, Item)> {
    list.departments
        .iter()
        .flat_map(|d| d.items.iter().map(|i| (i.id, (d.name.clone(), i.clone()))))
        .collect()
}

type Located<'a> = Option<&'a (String, Item)>;

/// One item's three versions merged; `None` when it is deleted.
fn merge_item(
    base: Located<'_>,
    ours: Located<'_>,
    theirs: Located<'_>,
) -> Result<Option<(String, Item)>, Conflict> {
    if ours == theirs {
        return Ok(ours.cloned());
    }
    if ours == base {
        return Ok(theirs.cloned());
    }
    if theirs == base {
        return Ok(ours.cloned());
    }
    let shown = |item: &Item| crate::checklist::shorten(&item.text, 30).into_owned();
    let (Some(o), Some(t)) = (ours, theirs) else {
        // One side deleted what the other changed (or both added the same
        // id): nothing safe to pick.
        let item = ours.or(theirs).map(|(_, i)| shown(i)).unwrap_or_default();
        return Err(Conflict {
            what: item,
            field: "删除 / deleted".into(),
        });
    };
    let Some(b) = base else {
        return Err(Conflict {
            what: shown(&o.1),
            field: "id".into(),
        });
    };
    let dept = pick(&b.0, &o.0, &t.0).ok_or_else(|| Conflict {
        what: shown(&o.1),
        field: "department".into(),
    })?;
    let item = merge_fields(&b.1, &o.1, &t.1).map_err(|field| Conflict {
        what: shown(&o.1),
        field,
    })?;
    Ok(Some((dept, item)))
}

/// The item with each field taken from the side that changed it; reports
/// added on both sides are all kept. `Err(field)` when both changed it.
fn merge_fields(base: &Item, ours: &Item, theirs: &Item) -> Result<Item, String> {
    let to_map = |item: &Item| match serde_json::to_value(item) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err("item".to_string()),
    };
    let (b, o, t) = (to_map(base)?, to_map(ours)?, to_map(theirs)?);
    let mut out = serde_json::Map::new();
    let keys: HashSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    for key in keys {
        let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
        let value = if key == "reports" {
            Some(Value::Array(
                appended(&base.reports, &ours.reports, &theirs.reports)
                    .ok_or_else(|| key.clone())?
                    .into_iter()
                    .map(|r| serde_json::to_value(r).unwrap_or(Value::Null))
                    .collect(),
            ))
        } else {
            pick(&bv, &ov, &tv).ok_or_else(|| key.clone())?.cloned()
        };
        if let Some(value) = value {
            out.insert(key.clone(), value);
        }
    }
    serde_json::from_value(Value::Object(out)).map_err(|_| "item".to_string())
}

/// Reports: both sides keep the base's, each may have added some.
fn appended(
    base: &[crate::model::Report],
    ours: &[crate::model::Report],
    theirs: &[crate::model::Report],
) -> Option<Vec<crate::model::Report>> {
    if !ours.starts_with(base) || !theirs.starts_with(base) {
        return None;
    }
    let mut all = theirs.to_vec();
    for report in &ours[base.len()..] {
        if !theirs[base.len()..].contains(report) {
            all.push(report.clone());
        }
    }
    Some(all)
}

/// The three-way rule for one value: what changed wins; `None` when both
/// changed it differently.
fn pick<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> Option<T> {
    if ours == theirs || theirs == base {
        Some(ours.clone())
    } else if ours == base {
        Some(theirs.clone())
    } else {
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::{Edit, Source, Status};
    use crate::model::Report;

    fn list() -> Checklist {
        let mut list = Checklist::new(Source::default());
        for (dept, text) in [("公安", "打击犯罪"), ("公安", "巡逻"), ("卫生", "戒毒治疗")]
        {
            Edit::AddItem {
                dept: dept.into(),
                item: Item::new(text),
                index: None,
            }
            .apply(&mut list)
            .unwrap();
        }
        list
    }

    fn report(text: &str) -> Report {
        Report {
            progress: text.into(),
            ..Report::default()
        }
    }

    #[test]
    fn changes_to_different_items_and_fields_are_both_kept() {
        let base = list();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        Edit::SetStatus {
            id: 1,
            status: Status::Done,
        }
        .apply(&mut ours)
        .unwrap();
        Edit::SetNote {
            id: 1,
            note: "已报".into(),
        }
        .apply(&mut theirs)
        .unwrap();
        Edit::SetText {
            id: 3,
            text: "开展戒毒治疗".into(),
        }
        .apply(&mut theirs)
        .unwrap();
        let merged = merge(&base, &ours, &theirs).unwrap();
        let item = merged.item(1).unwrap();
        assert_eq!(item.status, Status::Done);
        assert_eq!(item.note, "已报");
        assert_eq!(merged.item(3).unwrap().text, "开展戒毒治疗");
    }

    #[test]
    fn reports_added_on_both_sides_are_all_kept() {
        let mut base = list();
        Edit::AddReport {
            id: 2,
            report: report("一"),
        }
        .apply(&mut base)
        .unwrap();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        Edit::AddReport {
            id: 2,
            report: report("我的"),
        }
        .apply(&mut ours)
        .unwrap();
        Edit::AddReport {
            id: 2,
            report: report("同事的"),
        }
        .apply(&mut theirs)
        .unwrap();
        let merged = merge(&base, &ours, &theirs).unwrap();
        let texts: Vec<&str> = merged
            .item(2)
            .unwrap()
            .reports
            .iter()
            .map(|r| r.progress.as_str())
            .collect();
        assert_eq!(texts, ["一", "同事的", "我的"]);
    }

    #[test]
    fn the_same_field_changed_differently_is_a_conflict() {
        let base = list();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        Edit::SetNote {
            id: 1,
            note: "甲".into(),
        }
        .apply(&mut ours)
        .unwrap();
        Edit::SetNote {
            id: 1,
            note: "乙".into(),
        }
        .apply(&mut theirs)
        .unwrap();
        let conflict = merge(&base, &ours, &theirs).unwrap_err();
        assert_eq!(conflict.field, "note");
        assert_eq!(conflict.what, "打击犯罪");
    }

    #[test]
    fn a_deletion_on_one_side_and_an_edit_on_the_other_is_a_conflict() {
        let base = list();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        Edit::DeleteItem { id: 3 }.apply(&mut ours).unwrap();
        Edit::SetNote {
            id: 3,
            note: "乙".into(),
        }
        .apply(&mut theirs)
        .unwrap();
        assert!(merge(&base, &ours, &theirs).is_err());
        // A deletion alone is taken.
        let merged = merge(&base, &ours, &base).unwrap();
        assert!(merged.item(3).is_none());
        assert!(
            merged.department("卫生").is_some(),
            "an emptied department stays"
        );
    }

    #[test]
    fn a_move_and_an_edit_of_one_item_merge() {
        let base = list();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        Edit::MoveItem {
            id: 2,
            to_dept: "司法".into(),
            index: None,
        }
        .apply(&mut ours)
        .unwrap();
        Edit::SetStatus {
            id: 2,
            status: Status::InProgress,
        }
        .apply(&mut theirs)
        .unwrap();
        let merged = merge(&base, &ours, &theirs).unwrap();
        assert_eq!(merged.department_of(2).unwrap().name, "司法");
        assert_eq!(merged.item(2).unwrap().status, Status::InProgress);
    }
}
