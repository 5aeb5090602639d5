#!/usr/bin/env python3
"""Writes a speech's plain text as an OFD (GB/T 33190) laid out like a
printed 公文, for .ci/formats.sh: LibreOffice cannot write OFD.

    .ci/ofd-writer.py SPEECH.txt OUT.ofd

The text is one paragraph a line (what `soffice --convert-to txt:Text`
gives), UTF-8. The layout follows GB/T 9704: an A4 page with a 156 × 225 mm
text block of 22 lines of 28 characters; the title centred in a larger
size, wrapped if long; every other paragraph with its first line indented
two characters, lines broken wherever the 28 characters end (mid-sentence,
never before a closing punctuation mark), full lines justified to the right
edge; on every page a running header and a page number (— N —, right on
odd pages, left on even ones). Each line is one TextObject with one
TextCode, X/Y and DeltaX as OFD writers emit them, so what is tested is the
reader's rebuilding of paragraphs from geometry.

The package: OFD.xml → Doc_0/Document.xml (pages, the font resource in
PublicRes.xml) → Doc_0/Pages/Page_N/Content.xml. Units are millimetres.
"""
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP = 28.0, 37.0              # text block: 156 × 225 mm
CHARS, LINES = 28, 22
SIZE = 156.0 / CHARS                # 3号 body text, about 16 pt
PITCH = 225.0 / LINES
TITLE_SIZE = 7.8                    # 2号, about 22 pt
TITLE_CHARS = 18
HEADER = "县政府办公室　会议材料"
# A line may not start with these (避头): they stay at the end of the line before.
NO_START = set("，。、；：！？）》」』”’…—,.;:!?)%")


def advance(c, size):
    """Half width for ASCII (digits, Latin), full width for the rest."""
    return size / 2 if c.isascii() else size


def wrap(text, width_em, first_indent_em):
    """Lines of (indent in em, characters), breaking wherever the width ends."""
    lines, line, used = [], "", first_indent_em
    indent = first_indent_em
    for c in text:
        w = 0.5 if c.isascii() else 1.0
        if line and used + w > width_em and c not in NO_START:
            lines.append((indent, line))
            line, used, indent = "", 0.0, 0.0
        line += c
        used += w
    if line:
        lines.append((indent, line))
    return lines


def text_object(oid, x, baseline, size, text, width=None):
    """One line: a TextObject whose TextCode starts at its left edge. With
    `width`, the characters are spread to fill it (justified)."""
    advances = [advance(c, size) for c in text]
    natural = sum(advances)
    if width is not None and len(text) > 1:
        extra = (width - natural) / (len(text) - 1)
        advances = [a + extra for a in advances]
    deltas = " ".join(f"{a:.3f}" for a in advances[:-1])
    span = sum(advances[:-1]) + advances[-1]
    delta_attr = f' DeltaX="{deltas}"' if deltas else ""
    return (f'<ofd:TextObject ID="{oid}" Boundary="{x:.3f} {baseline - size:.3f} {span:.3f} {size * 1.3:.3f}" '
            f'Font="3" Size="{size:.3f}"><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{size:.3f}"{delta_attr}>{escape(text)}</ofd:TextCode></ofd:TextObject>')


def layout(paragraphs):
    """(kind, size, x, text, justify width or None) for each printed line,
    then split into pages of the text block."""
    lines = []
    title, body = paragraphs[0], paragraphs[1:]
    for _, chunk in wrap(title, TITLE_CHARS, 0):
        w = sum(advance(c, TITLE_SIZE) for c in chunk)
        lines.append(("title", TITLE_SIZE, (PAGE_W - w) / 2, chunk, None))
    lines.append(("blank", SIZE, LEFT, "", None))
    for p in body:
        wrapped = wrap(p, CHARS, 2)
        for i, (indent, chunk) in enumerate(wrapped):
            last = i == len(wrapped) - 1
            x = LEFT + indent * SIZE
            lines.append(("body", SIZE, x, chunk, None if last else LEFT + CHARS * SIZE - x))
    return [lines[i:i + LINES] for i in range(0, len(lines), LINES)]


def page_xml(number, lines, ids):
    objects = [text_object(next(ids), LEFT, TOP - 10.0, 4.2, HEADER)]
    for row, (kind, size, x, text, width) in enumerate(lines):
        if text:
            baseline = TOP + SIZE + row * PITCH
            objects.append(text_object(next(ids), x, baseline, size, text, width))
    folio = f"— {number} —"
    w = sum(advance(c, 4.9) for c in folio)
    x = LEFT + 156.0 - 7.0 - w if number % 2 else LEFT + 7.0
    objects.append(text_object(next(ids), x, TOP + 225.0 + 10.0, 4.9, folio))
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="{next(ids)}">{"".join(objects)}'
            '</ofd:Layer></ofd:Content></ofd:Page>')


def write(paragraphs, out):
    pages = layout(paragraphs)
    counter = iter(range(10, 10**9))
    page_list = "".join(f'<ofd:Page ID="{next(counter)}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
                        for n in range(len(pages)))
    ofd_xml = ('<?xml version="1.0" encoding="UTF-8"?>'
               f'<ofd:OFD {NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
               '<ofd:DocID>6c757f7368692d666f726d617473</ofd:DocID>'
               f'<ofd:Title>{escape(paragraphs[0])}</ofd:Title><ofd:CreationDate>2026-01-01</ofd:CreationDate>'
               '<ofd:Creator>luoshi .ci/ofd-writer.py</ofd:Creator></ofd:DocInfo>'
               '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    document = ('<?xml version="1.0" encoding="UTF-8"?>'
                f'<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>{10**9}</ofd:MaxUnitID>'
                f'<ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W:g} {PAGE_H:g}</ofd:PhysicalBox></ofd:PageArea>'
                '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                f'<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>')
    public_res = ('<?xml version="1.0" encoding="UTF-8"?>'
                  f'<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>'
                  '<ofd:Font ID="3" FontName="SimSun" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", ofd_xml)
        z.writestr("Doc_0/Document.xml", document)
        z.writestr("Doc_0/PublicRes.xml", public_res)
        for n, lines in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", page_xml(n + 1, lines, counter))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    text = open(sys.argv[1], encoding="utf-8-sig").read()
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    if not paragraphs:
        sys.exit(f"ofd-writer: {sys.argv[1]} has no text")
    write(paragraphs, sys.argv[2])


if __name__ == "__main__":
    main()
