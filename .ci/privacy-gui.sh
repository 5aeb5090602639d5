#!/bin/sh
# Runs the desktop app under Xvfb and strace for a few seconds with a speech
# open, then checks the trace holds no inet socket (UNIX sockets to the X
# server and D-Bus are fine). Skips, saying so, when Xvfb or strace is missing.
#   usage: .ci/privacy-gui.sh [path/to/luoshi]   (default: builds target/release/luoshi)
set -eu
cd "$(dirname "$0")/.."
for tool in Xvfb strace; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "privacy-gui: SKIPPED: $tool is not installed (apt-get install -y xvfb strace)"
    exit 0
  fi
done
TARGET=${CARGO_TARGET_DIR:-target}
BIN=${1:-}
if [ -z "$BIN" ]; then
  cargo build --release --bin luoshi
  BIN="$TARGET/release/luoshi"
fi
WORK=$(mktemp -d)
trap 'kill "$XVFB_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
Xvfb :97 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
sleep 1
# A fresh HOME: no saved state, nothing to fetch.
status=0
HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/.local/share" DISPLAY=:97 \
  timeout -s KILL 8 strace -f -e trace=socket,connect,sendto,bind -o "$WORK/trace" \
  "$BIN" tests/fixtures/quxian-duban.docx >"$WORK/out" 2>&1 || status=$?
# 137: still running after 8 s and stopped by timeout, as it should be.
if [ "$status" -eq 137 ]; then
  echo "privacy-gui: the app ran for 8 s with a speech open"
else
  echo "privacy-gui: the app exited early (status $status); its output:"
  cat "$WORK/out"
fi
echo "privacy-gui: $(wc -l <"$WORK/trace") traced calls"
LUOSHI_GUI_TRACE="$WORK/trace" cargo test --release --test it privacy::gui_opens_no_inet_socket_under_xvfb -- --ignored --exact --nocapture
