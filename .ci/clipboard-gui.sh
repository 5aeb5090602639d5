#!/bin/sh
# The system clipboard reaches the app and back, as a clerk uses it with WPS
# or WeChat. Under Xvfb, with no file dialog: another program (xclip) puts a
# path on the clipboard; in the app, Ctrl+O shows the path field, Ctrl+V
# pastes the path, Ctrl+A Ctrl+C copies it (with a character typed) back
# for xclip to read, and Enter opens the file, which the window title names.
# Skips, saying so, when Xvfb, xdotool or xclip is missing.
#   usage: .ci/clipboard-gui.sh [path/to/luoshi]   (default: target/release/luoshi)
set -eu
cd "$(dirname "$0")/.."
for tool in Xvfb xdotool xclip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "clipboard-gui: SKIPPED: $tool is not installed (apt-get install -y xvfb xdotool xclip)"
    exit 0
  fi
done
BIN=${1:-${CARGO_TARGET_DIR:-target}/release/luoshi}
WORK=$(mktemp -d)
APP_PID=
XVFB_PID=
cleanup() {
  [ -n "$APP_PID" ] && kill -9 "$APP_PID" 2>/dev/null
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "clipboard-gui: FAILED: $*" >&2; exit 1; }

Xvfb :95 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
export DISPLAY=:95
sleep 1
mkdir -p "$WORK/home"
SPEECH="$WORK/剪贴板 讲话.txt"
cp tests/fixtures/anquan-shengchan.txt "$SPEECH"
# No D-Bus session and no zenity: the app uses its own path field.
env -u DBUS_SESSION_BUS_ADDRESS HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/.local/share" \
  "$BIN" >"$WORK/out" 2>&1 &
APP_PID=$!
WIN=$(timeout 30 xdotool search --sync --name "Luoshi" | head -n 1) || fail "no window"
sleep 2
xdotool windowfocus --sync "$WIN" 2>/dev/null || true

# Another program owns the clipboard: the path is on it.
printf '%s' "$SPEECH" | xclip -selection clipboard -loops 3
xdotool key --clearmodifiers ctrl+o
sleep 1
xdotool key --clearmodifiers ctrl+v
sleep 1
# Typed to, then copied back out of the app's field: what xclip reads can
# only come from the app.
xdotool type --delay 50 "~"
sleep 0.3
xdotool key --clearmodifiers ctrl+a
sleep 0.3
xdotool key --clearmodifiers ctrl+c
sleep 1
COPIED=$(timeout 5 xclip -selection clipboard -o 2>/dev/null || true)
xdotool key --clearmodifiers End BackSpace
sleep 0.3
xdotool key --clearmodifiers Return
sleep 3
TITLE=$(xdotool getwindowname "$WIN")
echo "clipboard-gui: copied back: $COPIED"
echo "clipboard-gui: window title: $TITLE"
[ "$COPIED" = "$SPEECH~" ] || { cat "$WORK/out"; fail "Ctrl+C did not put the field's text on the system clipboard"; }
case "$TITLE" in
  *"剪贴板 讲话.txt"*) echo "clipboard-gui: ok: pasted from xclip, copied back to xclip" ;;
  *) cat "$WORK/out"; fail "the pasted path was not opened (Ctrl+V did not reach the field)" ;;
esac
