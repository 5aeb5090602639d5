//! Temporary: extract from a UTF-8 text file, one paragraph per line.
use luoshi::document::{Document, Paragraph, ParagraphKind, Span};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.last().cloned().unwrap_or_default();
    let raw = std::fs::read_to_string(&path).unwrap_or_default();
    let mut text = String::new();
    let mut paragraphs = Vec::new();
    for line in raw.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if line.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        text.push_str(line);
        let kind = if line.chars().count() < 120 && luoshi::document::is_boilerplate(line) { ParagraphKind::Boilerplate } else { ParagraphKind::Body };
        paragraphs.push(Paragraph { kind, span: Span::new(start, text.len()) });
    }
    let doc = Document { title: String::new(), text, paragraphs, encoding: "UTF-8".into() };
    let ex = luoshi::extract(&doc);
    let mut depts: Vec<(String, Vec<serde_json::Value>)> = Vec::new();
    for it in ex.items {
        let v = serde_json::json!({"text": it.text, "quote": it.quote, "role": format!("{:?}", it.role), "deadline": it.deadline.map(|d| d.text)});
        match depts.iter_mut().find(|(n, _)| *n == it.department) {
            Some((_, items)) => items.push(v),
            None => depts.push((it.department.clone(), vec![v])),
        }
    }
    let out = serde_json::json!({"departments": depts.into_iter().map(|(n, items)| serde_json::json!({"name": n, "items": items})).collect::<Vec<_>>()});
    println!("{}", out);
}
