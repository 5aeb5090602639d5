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

# ofd_xml: OFD.xml, Document.xml and two pages, NUL-separated.
ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
def ofd_page(lines):
    objs = "".join(
        f'<ofd:TextObject ID="{i}" Boundary="25 {30 + 7 * i} 112 5" Size="4">'
        f'<ofd:TextCode X="{8 if i == 0 else 0}" Y="4" DeltaX="g {len(t) - 1} 4">{t}</ofd:TextCode></ofd:TextObject>'
        for i, t in enumerate(lines))
    return f'<ofd:Page {ns}><ofd:Content><ofd:Layer>{objs}</ofd:Layer></ofd:Content></ofd:Page>'
put("ofd_xml", "two-pages.xml", "\0".join([
    f'<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
    f'<ofd:Document {ns}><ofd:Pages><ofd:Page BaseLoc="P0.xml"/><ofd:Page BaseLoc="/Doc_0/P1.xml"/></ofd:Pages></ofd:Document>',
    ofd_page(["各区县要在6月底前完成排查整改。市公安", "局牵头，市应急管理局配合。", "- 1 -"]),
    ofd_page(["一、加强领导", "（一）落实责任。", "- 2 -"]),
]).encode())

# ofd: the same parts as a package.
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    parts = open(os.path.join(root, "ofd_xml", "two-pages.xml"), "rb").read().split(b"\0")
    for name, part in zip(["OFD.xml", "Doc_0/Document.xml", "Doc_0/P0.xml", "Doc_0/P1.xml"], parts):
        z.writestr(name, part)
put("ofd", "two-pages.ofd", buf.getvalue())

# doc_streams: each fixture .doc's WordDocument length (2 bytes, capped),
# its WordDocument stream, then its table stream.
try:
    import olefile
    for f in glob.glob(os.path.join(fixtures, "formats", "*.doc")):
        ole = olefile.OleFileIO(f)
        word = ole.openstream("WordDocument").read()[:65535]
        table = ole.openstream("1Table" if ole.exists("1Table") else "0Table").read()
        put("doc_streams", os.path.basename(f), len(word).to_bytes(2, "little") + word + table)
except ImportError:
    print("seeds.py: python3-olefile missing, no doc_streams seeds")
