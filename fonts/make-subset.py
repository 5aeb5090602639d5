#!/usr/bin/env python3
"""Remake fonts/NotoSansCJKsc-Regular-subset.otf from Debian's fonts-noto-cjk.

Keeps face 2 (Simplified Chinese) of NotoSansCJK-Regular.ttc, cut to the
characters a Chinese government speech uses: 通用规范汉字表 (8,105) ∪ GB2312
∪ ASCII ∪ Latin-1 ∪ the punctuation and symbol blocks listed below.

Usage (from the repository root):
    apt-get install -y fonts-noto-cjk && pip install fonttools
    python3 fonts/make-subset.py [path/to/tongyong-guifan-8105.tsv]
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FACE_SC = 2  # 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
OUT = os.path.join(HERE, "NotoSansCJKsc-Regular-subset.otf")
TSV = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    HERE, "..", "..", "shared", "data", "tongyong-guifan-8105.tsv")

# Ranges kept whole (inclusive).
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x2000, 0x206F),  # general punctuation: “ ” ‘ ’ — … · ‰ ※
    (0x2100, 0x214F),  # letterlike symbols: ℃ № ™
    (0x2150, 0x218F),  # number forms: Ⅰ Ⅱ Ⅲ
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics: ① ⑴ ⒈
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes: ■ □ ▲ ● ○ ◆
    (0x2605, 0x2606),  # ★ ☆
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。《》「」【】〔〕
    (0x3200, 0x32FF),  # enclosed CJK: ㈠ ㈡ ㊀
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
]


def gb2312_chars():
    """Every character the 'gb2312' codec decodes from a two-byte code."""
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def tongyong_chars(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and parts[1]:
                out.add(parts[1])
    if len(out) != 8105:
        sys.exit(f"expected 8105 characters in {path}, found {len(out)}")
    return out


def main():
    chars = tongyong_chars(TSV) | gb2312_chars()
    for lo, hi in RANGES:
        chars.update(chr(c) for c in range(lo, hi + 1))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False,
                                     encoding="utf-8") as t:
        t.write("".join(sorted(chars)))
        text_file = t.name
    try:
        subprocess.run([
            sys.executable, "-m", "fontTools.subset", TTC,
            f"--font-number={FACE_SC}",
            f"--text-file={text_file}",
            "--layout-features=kern,palt,halt,vert,vrt2",
            "--name-IDs=*", "--name-languages=*",
            "--no-hinting", "--desubroutinize",
            f"--output-file={OUT}",
        ], check=True)
    finally:
        os.unlink(text_file)
    print(f"{OUT}: {os.path.getsize(OUT)} bytes, {len(chars)} characters asked")


if __name__ == "__main__":
    main()
