#!/usr/bin/env bash
# Same answers whatever the format (issue 15): every fixture speech in
# tests/fixtures is converted by LibreOffice (.txt → .docx, then .docx →
# .doc and → .pdf), and the scorer must give each format an F1 no more than
# TOLERANCE below the originals' on the speeches that converted. LibreOffice
# cannot write OFD: for .ofd it gives the .docx's text (txt:Text) and
# .ci/ofd-writer.py lays it out as a printed 公文.
#
#   .ci/formats.sh [FORMAT...]      default: docx doc pdf ofd
#
# Needs soffice (LibreOffice Writer, headless) and target/release/luoshi.
# Nothing is written outside a temporary folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TOLERANCE=${TOLERANCE:-0.02}
FORMATS=${*:-docx doc pdf ofd}
SCORE=../shared/eval/score.py
command -v soffice >/dev/null || { echo "formats: soffice (LibreOffice) is missing" >&2; exit 1; }
[ -x target/release/luoshi ] || { echo "formats: build target/release/luoshi first" >&2; exit 1; }
LUOSHI=$PWD/target/release/luoshi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/txt" "$work/docx" "$work/doc" "$work/pdf" "$work/ofd" "$work/ofd-txt" "$work/profile"
# Its own profile, so a LibreOffice the user has open is not disturbed.
office() { soffice -env:UserInstallation="file://$work/profile" --headless "$@" >/dev/null 2>&1; }

# The originals: .docx as they are; .txt decoded (our fixtures are UTF-8,
# UTF-16 and GBK on purpose) and written as UTF-8 for LibreOffice.
python3 - "$work" <<'PY'
import glob, json, os, shutil, sys
work = sys.argv[1]
for gold in sorted(glob.glob("tests/fixtures/*.gold.json")):
    doc = json.load(open(gold, encoding="utf-8"))["document"]
    src, (stem, ext) = os.path.join("tests/fixtures", doc), os.path.splitext(doc)
    if ext == ".docx":
        shutil.copy(src, os.path.join(work, "docx", doc))
    elif ext == ".txt":
        raw = open(src, "rb").read()
        for enc in ("utf-8-sig", "utf-16", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        open(os.path.join(work, "txt", doc), "w", encoding="utf-8").write(text)
PY

start=$(date +%s)
office --convert-to docx --outdir "$work/docx" "$work"/txt/*.txt
for fmt in $FORMATS; do
    case $fmt in
        docx) ;;
        ofd)
            office --convert-to txt:Text --outdir "$work/ofd-txt" "$work"/docx/*.docx
            for txt in "$work"/ofd-txt/*.txt; do
                python3 .ci/ofd-writer.py "$txt" "$work/ofd/$(basename "${txt%.txt}").ofd"
            done
            ;;
        *) office --convert-to "$fmt" --outdir "$work/$fmt" "$work"/docx/*.docx ;;
    esac
done
echo "formats: LibreOffice converted in $(( $(date +%s) - start )) s"

# For each format, the gold files of the speeches that converted, pointing
# at the converted file; then the scorer on them and on the originals.
python3 - "$work" "$TOLERANCE" "$SCORE" "$LUOSHI" $FORMATS <<'PY'
import glob, json, os, subprocess, sys
work, tolerance, score, luoshi, formats = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]

def run(golds):
    out = subprocess.run([sys.executable, score, "--json", "--cmd", luoshi] + golds,
                         capture_output=True, text=True)
    if not out.stdout.strip():
        sys.exit(f"formats: the scorer printed nothing: {out.stderr[-500:]}")
    return json.loads(out.stdout)

failed = False
for fmt in formats:
    golds, originals = [], []
    for gold in sorted(glob.glob("tests/fixtures/*.gold.json")):
        data = json.load(open(gold, encoding="utf-8"))
        stem = os.path.splitext(data["document"])[0]
        converted = os.path.join(work, fmt, stem + "." + fmt)
        if not os.path.exists(converted):
            print(f"formats: {stem} did not convert to .{fmt}, left out")
            continue
        data["document"] = stem + "." + fmt
        path = os.path.join(work, fmt, stem + ".gold.json")
        json.dump(data, open(path, "w", encoding="utf-8"), ensure_ascii=False)
        golds.append(path)
        originals.append(gold)
    if not golds:
        print(f"formats: .{fmt}: nothing converted")
        failed = True
        continue
    base, got = run(originals), run(golds)
    verdict = "ok" if got["f1"] >= base["f1"] - tolerance and not got["failed"] else "FAIL"
    failed |= verdict == "FAIL"
    print(f"formats: .{fmt}: {len(golds)} speeches, F1 {got['f1']:.3f} vs {base['f1']:.3f} "
          f"for the originals, {got['failed']} unreadable: {verdict}")
    by_doc = {os.path.splitext(r["document"])[0]: r for r in base["rows"]}
    for r in got["rows"]:
        b = by_doc.get(os.path.splitext(r["document"])[0], {})
        if "error" in r or r.get("f1", 0) < b.get("f1", 0) - tolerance:
            print(f"   {r['document']}: {r.get('error') or 'F1 %.3f vs %.3f' % (r['f1'], b.get('f1', 0))}")
sys.exit(1 if failed else 0)
PY
