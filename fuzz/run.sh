#!/bin/sh
# Runs each fuzz target for SECONDS (default 480) with a 1 s per-input
# timeout (a slower small input is a bug) and a 500 MB memory cap.
# Seeds come from tests/fixtures; crashes land in fuzz/artifacts/<target>/.
# Needs a nightly toolchain and `cargo install cargo-fuzz`.
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-480}
TARGETS=${TARGETS:-"text docx docx_xml pdf extract ron doc doc_streams ofd ofd_xml"}
mkdir -p fuzz/corpus/text fuzz/corpus/pdf fuzz/corpus/docx fuzz/corpus/docx_xml fuzz/corpus/extract fuzz/corpus/ron \
  fuzz/corpus/doc fuzz/corpus/doc_streams fuzz/corpus/ofd fuzz/corpus/ofd_xml
cp tests/fixtures/*.txt fuzz/corpus/text/ 2>/dev/null || true
cp tests/fixtures/*.txt fuzz/corpus/extract/ 2>/dev/null || true
cp tests/fixtures/*.docx fuzz/corpus/docx/ 2>/dev/null || true
cp tests/fixtures/formats/*.doc fuzz/corpus/doc/ 2>/dev/null || true
cp tests/fixtures/formats/*.pdf fuzz/corpus/pdf/ 2>/dev/null || true
python3 fuzz/seeds.py
for t in $TARGETS; do
  echo "== $t: ${SECONDS_EACH}s"
  cargo +nightly fuzz run -O "$t" -- -max_total_time="$SECONDS_EACH" -timeout=1 \
    -rss_limit_mb=500 -max_len="${MAX_LEN:-65536}" -print_final_stats=1 \
    ${DICT:+-dict=$DICT} 2>&1 | tail -25 || echo "== $t stopped (see fuzz/artifacts/$t)"
done
