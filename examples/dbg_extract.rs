//! Temporary: load + extract, print the scorer's JSON (until the CLI lands).
fn main() {
    let path = std::env::args().last().unwrap_or_default();
    let doc = match luoshi::document::load(std::path::Path::new(&path)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
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
