"""Writes seed inputs for the fuzz targets (run by fuzz/run.sh)."""
import io
import os
import zipfile

root = os.path.join(os.path.dirname(__file__), "corpus")
sample = "各区县要在6月底前完成排查整改。市公安局牵头，市应急管理局配合，每季度通报一次。\n一、加强领导\n（一）落实责任。\n"

def put(target, name, data):
    with open(os.path.join(root, target, name), "wb") as f:
        f.write(data)

for enc in ["gbk", "gb18030", "big5", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-16"]:
    put("text", f"sample-{enc}.txt", sample.encode(enc, errors="replace"))
put("text", "latin1.txt", "Caf\xe9 na\xefve r\xe9sum\xe9\n".encode("latin-1"))
put("extract", "brackets.txt", ("（" * 200 + "市公安局要" + "）" * 200).encode())
put("extract", "long.txt", ("各部门要加强管理" * 300).encode())

def docx(body, extra=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml",
                   '<w:document xmlns:w="w"><w:body>' + body + "</w:body></w:document>")
        for name, data in extra:
            z.writestr(name, data)
    return buf.getvalue()

p = lambda t, style="": f'<w:p>{style}<w:r><w:t>{t}</w:t></w:r></w:p>'
put("docx", "small.docx", docx(p("各区县要在6月底前完成排查。") + p("一、总体要求", '<w:pPr><w:pStyle w:val="1"/></w:pPr>'),
    [("word/styles.xml", '<w:styles xmlns:w="w"><w:style w:styleId="1"><w:name w:val="heading 1"/></w:style></w:styles>')]))
put("docx", "table.docx", docx("<w:tbl><w:tr><w:tc>" + p("市公安局&amp;要") + "</w:tc></w:tr></w:tbl><w:del><w:r><w:delText>x</w:delText></w:r></w:del>"))

put("ron", "min.ron", b"(version: 1, departments: [])")
put("ron", "full.ron", '''(
  version: 1,
  source: (path: Some("/tmp/a.txt"), sha256: "00", title: "讲话", encoding: "GBK"),
  departments: [
    (name: "市公安局", items: [
      (id: 1, text: "巡逻", quote: "市公安局要巡逻。", span: Some((start: 0, end: 24)), section: Some("一、"),
       role: Support, with: ["市应急管理局"], deadline: Some((text: "6月底前", due: Some(MonthEnd(year: None, month: 6)))),
       status: Done, note: "已完成\\n备注"),
    ]),
  ],
  next_id: 2,
)
'''.encode())

# docx_xml: the fixtures' document.xml, a NUL, then their styles.xml.
import glob
fixtures = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures")
for f in glob.glob(os.path.join(fixtures, "*.docx")):
    z = zipfile.ZipFile(f)
    names = z.namelist()
    styles = z.read("word/styles.xml") if "word/styles.xml" in names else b""
    put("docx_xml", os.path.basename(f) + ".xml", z.read("word/document.xml") + b"\0" + styles)
put("docx_xml", "laughs.xml", b'<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><w:document><w:body><w:p><w:r><w:t>&b;&amp;</w:t></w:r></w:p></w:body></w:document>')
