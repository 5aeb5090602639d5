use super::*;
use crate::document::docx::tests::zip_of;
use crate::document::from_bytes;

const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
const SIZE: f64 = 4.0;
const LEFT: f64 = 25.0;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One TextObject holding `text` with its baseline at `y`, one TextCode.
fn text_object(id: usize, x: f64, y: f64, text: &str) -> String {
    let n = text.chars().count();
    let w = n as f64 * SIZE;
    format!(
        r#"<ofd:TextObject ID="{id}" Boundary="{x} {} {w} {}" Font="1" Size="{SIZE}"><ofd:TextCode X="0" Y="{SIZE}" DeltaX="g {} {SIZE}">{}</ofd:TextCode></ofd:TextObject>"#,
        y - SIZE,
        SIZE * 1.25,
        n.saturating_sub(1),
        escape(text)
    )
}

/// An OFD of `paragraphs` laid out as a printed 公文: lines of `per_line`
/// characters, first lines indented two characters, the lines split
/// evenly over `pages` pages, each page with a running header and a page
/// number.
pub(crate) fn ofd_of(paragraphs: &[&str], per_line: usize, pages: usize) -> Vec<u8> {
    let mut lines: Vec<(bool, String)> = Vec::new();
    for p in paragraphs {
        let chars: Vec<char> = p.trim().chars().collect();
        let mut rest = &chars[..];
        let mut first = true;
        while !rest.is_empty() {
            let room = if first { per_line - 2 } else { per_line };
            let n = room.min(rest.len());
            lines.push((first, rest[..n].iter().collect()));
            rest = &rest[n..];
            first = false;
        }
    }
    let per_page = lines.len().div_ceil(pages).max(1);
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut page_list = String::new();
    let mut id = 1;
    for (n, chunk) in lines.chunks(per_page).enumerate() {
        let mut objects = text_object(id, LEFT + 30.0, 20.0, "某某市人民政府办公室");
        for (i, (indent, text)) in chunk.iter().enumerate() {
            id += 1;
            let x = if *indent { LEFT + 2.0 * SIZE } else { LEFT };
            objects.push_str(&text_object(id, x, 35.0 + 7.0 * i as f64, text));
        }
        id += 1;
        let bottom = 35.0 + 7.0 * chunk.len() as f64 + 20.0;
        objects.push_str(&text_object(id, 100.0, bottom, &format!("- {} -", n + 1)));
        let loc = format!("Pages/Page_{n}/Content.xml");
        page_list.push_str(&format!(r#"<ofd:Page ID="{}" BaseLoc="{loc}"/>"#, 1000 + n));
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content><ofd:Layer ID="{}">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#,
            2000 + n
        );
        parts.push((format!("Doc_0/{loc}"), content.into_bytes()));
    }
    let entry = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>{page_list}</ofd:Pages></ofd:Document>"#
    );
    parts.push(("OFD.xml".into(), entry.into_bytes()));
    parts.push(("Doc_0/Document.xml".into(), document.into_bytes()));
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_of(&refs)
}

fn texts(bytes: &[u8]) -> Vec<String> {
    read(bytes)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|(t, _)| t)
        .collect()
}

#[test]
fn paragraphs_come_back_whole_without_headers_and_page_numbers() {
    let paragraphs = [
        "关于做好汛期安全工作的通知",
        "一、总体要求",
        "各乡镇、各有关部门要充分认识做好今年汛期安全工作的重要性，压实责任，细化措施，确保人民群众生命财产安全。",
        "县水利局要在6月底前完成全部病险水库的除险加固，县应急管理局要组织开展一次防汛应急演练。",
        "二、工作措施",
        "县气象局要加强监测预报预警，及时发布预警信息，做到早发现、早报告、早处置。",
    ];
    let bytes = ofd_of(&paragraphs, 20, 2);
    assert_eq!(texts(&bytes), paragraphs);
    // The page break falls inside the fourth paragraph.
    let doc = from_bytes(&bytes, "通知.ofd").unwrap();
    assert_eq!(doc.encoding, "ofd");
    assert_eq!(doc.title, "关于做好汛期安全工作的通知");
    assert!(!doc.text.contains("某某市人民政府办公室"));
    assert!(!doc.text.contains("- 1 -"));
}

#[test]
fn extraction_from_an_ofd_matches_the_text() {
    for name in ["ducha", "fangxun", "anquan-shengchan"] {
        let path = format!("{}/tests/fixtures/{name}.txt", env!("CARGO_MANIFEST_DIR"));
        let from_text = crate::document::load(std::path::Path::new(&path)).unwrap();
        let paragraphs: Vec<&str> = from_text
            .paragraphs
            .iter()
            .map(|p| from_text.paragraph_text(p))
            .collect();
        let from_ofd = from_bytes(&ofd_of(&paragraphs, 28, 2), "x.ofd").unwrap();
        assert_eq!(from_ofd.text, from_text.text, "{name}");
        let items = |d: &crate::document::Document| -> Vec<(String, String)> {
            crate::extract::extract(d)
                .items
                .into_iter()
                .map(|i| (i.department, i.text))
                .collect()
        };
        let want = items(&from_text);
        assert!(!want.is_empty(), "{name}");
        assert_eq!(items(&from_ofd), want, "{name}");
    }
}

#[test]
fn prefixes_paths_and_transforms_vary() {
    // No prefix, a default namespace, an absolute BaseLoc with "..", a CTM
    // that halves a larger frame, DeltaX as plain numbers, two codes.
    let entry = br#"<OFD xmlns="http://www.ofdspec.org/2016"><DocBody><DocRoot>/Doc_1/Document.xml</DocRoot></DocBody></OFD>"#;
    let document =
        br#"<Document><Pages><Page ID="1" BaseLoc="/Doc_1/x/../Pages/P1.xml"/></Pages></Document>"#;
    let page = r#"<Page><Content><Layer><PageBlock><TextObject Boundary="20 30 100 10" CTM="0.5 0 0 0.5 0 0" Size="8"><TextCode X="0" Y="8" DeltaX="8 8">县应急</TextCode><TextCode X="24" Y="8">管理局要&#x5B8C;成。</TextCode></TextObject></PageBlock></Layer></Content></Page>"#;
    let bytes = zip_of(&[
        ("OFD.xml", entry.as_slice()),
        ("Doc_1/Document.xml", document.as_slice()),
        ("Doc_1/Pages/P1.xml", page.as_bytes()),
    ]);
    assert_eq!(texts(&bytes), ["县应急管理局要完成。"]);
    assert_eq!(resolve("Doc_0", "../../a/./b.xml"), "a/b.xml");
    assert_eq!(numbers("g 3 2.5 1 x 4", 100), [2.5, 2.5, 2.5, 1.0, 4.0]);
    assert_eq!(numbers("g 4000000000 1", 5).len(), 5);
}

#[test]
fn broken_packages_table() {
    let good = ofd_of(&["县应急管理局要完成隐患排查。"], 20, 1);
    let entry = |root: &str| {
        format!(
            r#"<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>{root}</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
        )
    };
    let missing_page = zip_of(&[
        ("OFD.xml", entry("Doc_0/Document.xml").as_bytes()),
        (
            "Doc_0/Document.xml",
            format!(r#"<ofd:Document {NS}><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_9/Content.xml"/></ofd:Pages></ofd:Document>"#).as_bytes(),
        ),
    ]);
    let deep = format!(
        "<ofd:Page {NS}>{}{}</ofd:Page>",
        "<ofd:Layer>".repeat(1000),
        "</ofd:Layer>".repeat(1000)
    );
    let deep_page = zip_of(&[
        ("OFD.xml", entry("Doc_0/Document.xml").as_bytes()),
        (
            "Doc_0/Document.xml",
            format!(r#"<ofd:Document {NS}><ofd:Pages><ofd:Page BaseLoc="P.xml"/></ofd:Pages></ofd:Document>"#).as_bytes(),
        ),
        ("Doc_0/P.xml", deep.as_bytes()),
    ]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", good[..good.len() / 2].to_vec(), "BadOfd"),
        ("missing page", missing_page, "BadOfd"),
        (
            "no DocRoot",
            zip_of(&[("OFD.xml", b"<ofd:OFD/>".as_slice())]),
            "BadOfd",
        ),
        (
            "missing Document.xml",
            zip_of(&[("OFD.xml", entry("Doc_0/Document.xml").as_bytes())]),
            "BadOfd",
        ),
        (
            "malformed XML",
            zip_of(&[("OFD.xml", b"<ofd:OFD><ofd:DocBody></ofd:OFD>".as_slice())]),
            "BadOfd",
        ),
        ("deep XML", deep_page, "XmlTooDeep"),
        (
            "no pages",
            zip_of(&[
                ("OFD.xml", entry("D.xml").as_bytes()),
                ("D.xml", b"<Document/>".as_slice()),
            ]),
            "Empty",
        ),
    ];
    for (name, bytes, want) in cases {
        let err = from_bytes(&bytes, "a.ofd").expect_err(name);
        assert!(format!("{err:?}").starts_with(want), "case {name}: {err:?}");
        assert!(err.to_string().contains(" / "), "case {name}: {err}");
    }
}

#[test]
fn all_parts_together_stay_under_the_limit() {
    // A thousand pages that all point at one page part.
    let page = format!(
        r#"<ofd:Page {NS}><ofd:Content><ofd:Layer>{}</ofd:Layer></ofd:Content></ofd:Page>"#,
        text_object(1, LEFT, 40.0, &"字".repeat(200))
    );
    let pages: String = (0..1000)
        .map(|_| r#"<ofd:Page BaseLoc="P.xml"/>"#)
        .collect();
    let bytes = zip_of(&[
        (
            "OFD.xml",
            format!(r#"<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>D.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#).as_bytes(),
        ),
        (
            "D.xml",
            format!(r#"<ofd:Document {NS}><ofd:Pages>{pages}</ofd:Pages></ofd:Document>"#).as_bytes(),
        ),
        ("P.xml", page.as_bytes()),
    ]);
    let err = read_with_limits(&bytes, 200_000, MAX_XML_DEPTH).unwrap_err();
    assert!(matches!(err, LoadError::DocxPartTooLarge { .. }), "{err:?}");
    assert!(read_with_limits(&bytes, 8 << 20, MAX_XML_DEPTH).is_ok());
}

/// A one-page OFD of the given TextObjects.
fn one_page(objects: &str) -> Vec<u8> {
    zip_of(&[
        (
            "OFD.xml",
            format!(r#"<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>D.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#).as_bytes(),
        ),
        (
            "D.xml",
            format!(r#"<ofd:Document {NS}><ofd:Pages><ofd:Page BaseLoc="P.xml"/></ofd:Pages></ofd:Document>"#).as_bytes(),
        ),
        (
            "P.xml",
            format!(r#"<ofd:Page {NS}><ofd:Content><ofd:Layer>{objects}</ofd:Layer></ofd:Content></ofd:Page>"#).as_bytes(),
        ),
    ])
}

/// A line of `size` with its baseline at `y`, one advance per character.
fn line_at(x: f64, y: f64, size: f64, text: &str) -> String {
    let n = text.chars().count();
    format!(
        r#"<ofd:TextObject ID="1" Boundary="{x} {} {} {}" Size="{size}"><ofd:TextCode X="0" Y="{size}" DeltaX="g {} {size}">{}</ofd:TextCode></ofd:TextObject>"#,
        y - size,
        n as f64 * size,
        size * 1.3,
        n.saturating_sub(1),
        escape(text)
    )
}

#[test]
fn a_wrapped_centred_title_stays_one_paragraph() {
    // Body text 10 characters wide from x 25; the title in a larger size,
    // two centred lines; then a centred line in the body size (a date).
    let centre = |y: f64, size: f64, text: &str| {
        let w = text.chars().count() as f64 * size;
        line_at(LEFT + (10.0 * SIZE - w) / 2.0, y, size, text)
    };
    let objects = [
        centre(20.0, 6.0, "关于做好汛期"),
        centre(28.0, 6.0, "安全工作的通知"),
        centre(40.0, SIZE, "（6月5日）"),
        line_at(LEFT + 2.0 * SIZE, 50.0, SIZE, "县水利局要在6月"),
        line_at(LEFT, 56.0, SIZE, "底前完成清淤，县应急"),
        line_at(LEFT, 62.0, SIZE, "局要组织演练。"),
        line_at(LEFT + 2.0 * SIZE, 68.0, SIZE, "县气象局要加强"),
        line_at(LEFT, 74.0, SIZE, "预报。"),
    ]
    .concat();
    assert_eq!(
        texts(&one_page(&objects)),
        [
            "关于做好汛期安全工作的通知",
            "（6月5日）",
            "县水利局要在6月底前完成清淤，县应急局要组织演练。",
            "县气象局要加强预报。"
        ]
    );
}

#[test]
fn spaces_typed_as_an_indent_indent() {
    // First lines indented with 　　 inside the text, not by their X; a
    // line whose last characters are spaces ends short.
    let objects = [
        line_at(LEFT, 50.0, SIZE, "　　县水利局要在6月底前"),
        line_at(LEFT, 56.0, SIZE, "完成清淤，县应急局要组"),
        line_at(LEFT, 62.0, SIZE, "织演练。　　县气象局要"),
        line_at(LEFT, 68.0, SIZE, "加强预报，县农业农村局"),
        line_at(LEFT, 74.0, SIZE, "要抓好抢收确保归仓。"),
        line_at(LEFT, 80.0, SIZE, "　　县交通局要巡查路段"),
        line_at(LEFT, 86.0, SIZE, "，及时上报。　　　　"),
        line_at(LEFT, 92.0, SIZE, "县公安局要疏导交通。"),
    ]
    .concat();
    assert_eq!(
        texts(&one_page(&objects)),
        [
            "县水利局要在6月底前完成清淤，县应急局要组织演练。　　县气象局要加强预报，县农业农村局要抓好抢收确保归仓。",
            "县交通局要巡查路段，及时上报。",
            "县公安局要疏导交通。"
        ]
    );
}
