#!/usr/bin/env bash
# The desktop app's benchmark (issue 6): the real binary in a real window
# under Xvfb with software rendering (Mesa llvmpipe), driven by xdotool.
# Builds nothing: give it the binary and the inputs folder.
#
#   cargo build --release
#   cargo run --release --no-default-features --example ui_bench_inputs -- /tmp/uibench
#   benches/ui/run.sh target/release/luoshi /tmp/uibench [RUNS]
#
# Each run (default 5) starts the app twice with a fresh HOME:
#   A. on speech-1mb.txt: time to the first painted frame showing it, frame
#      times while the mouse wheel scrolls it down, then while the scroll
#      bar is dragged through the whole speech, and the peak RSS;
#   B. on checklist-5000.luoshi.ron (5,000 items; its speech opens beside
#      it): the first frame, then "all departments" is chosen, the first
#      item's text field clicked, and ASCII text typed into it.
# Timings come from the app's own log (LUOSHI_BENCH_LOG, see
# src/app/bench_log.rs): with it set the app repaints continuously, so the
# gap between two frame starts is the whole frame (UI, tessellation,
# rasterising in llvmpipe, swap). "cpu" is eframe's frame.info().cpu_usage,
# which leaves the swap (where llvmpipe does most of its work) out.
#
# Needs: Xvfb, xdotool, python3 (Debian: apt-get install xvfb xdotool).
set -euo pipefail
BIN=$(realpath "${1:?usage: run.sh path/to/luoshi INPUT_DIR [RUNS]}")
INPUTS=$(realpath "${2:?usage: run.sh path/to/luoshi INPUT_DIR [RUNS]}")
RUNS=${3:-5}
SPEECH=$INPUTS/speech-1mb.txt
CHECKLIST=$INPUTS/checklist-5000.luoshi.ron
for f in "$SPEECH" "$CHECKLIST"; do
  [ -f "$f" ] || { echo "missing $f: run the ui_bench_inputs example first" >&2; exit 2; }
done
for tool in Xvfb xdotool python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y xvfb xdotool)" >&2; exit 2; }
done
HERE=$(dirname "$(realpath "$0")")
WORK=$(mktemp -d /tmp/luoshi-uibench.XXXXXX)
APP_PID=""
XVFB_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT

# A free display number, chosen by Xvfb itself (other jobs may run Xvfb too).
exec 5>"$WORK/display"
Xvfb -displayfd 5 -screen 0 1600x1000x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 50); do [ -s "$WORK/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -n1 "$WORK/display")"
export LIBGL_ALWAYS_SOFTWARE=1
echo "Xvfb on $DISPLAY; $(xdpyinfo 2>/dev/null | grep -m1 dimensions || true)"

now_ns() { local t=$EPOCHREALTIME; echo "${t/./}000"; }

# start_app LOG FILE: launches the app, waits for its first painted frame.
start_app() {
  local log=$1 file=$2
  rm -f "$log"
  mkdir -p "$WORK/home"
  rm -rf "$WORK/home"/*  "$WORK/home"/.[!.]* 2>/dev/null || true
  now_ns >"$log.launch"
  HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/.local/share" XDG_CONFIG_HOME="$WORK/home/.config" \
    LUOSHI_BENCH_LOG="$log" "$BIN" "$file" >"$log.out" 2>&1 &
  APP_PID=$!
  for _ in $(seq 300); do
    grep -q '^first_painted what=document' "$log" 2>/dev/null && break
    sleep 0.05
  done
  grep -q '^first_painted what=document' "$log" || { echo "no first frame; app output:" >&2; cat "$log.out" >&2; exit 1; }
  WID=$(xdotool search --sync --onlyvisible --pid "$APP_PID" | head -n1)
  # Without a window manager nothing gives the window the keyboard focus.
  xdotool windowfocus --sync "$WID"
  # Let the background font scan land and the window settle.
  sleep 1.5
}

stop_app() {
  grep VmHWM "/proc/$APP_PID/status" | awk '{print $2}' >"$1.rss_kb"
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

# phase LOG NAME: notes the wall-clock start/end of a phase around "$@".
phase() {
  local log=$1 name=$2
  shift 2
  echo "$name $(now_ns)" >>"$log.phases"
  "$@"
  echo "$name $(now_ns)" >>"$log.phases"
}

for run in $(seq "$RUNS"); do
  # A: the 1 MiB speech.
  log="$WORK/speech-$run.log"
  start_app "$log" "$SPEECH"
  grep VmHWM "/proc/$APP_PID/status" | awk '{print $2}' >"$log.rss_open_kb"
  xdotool mousemove --window "$WID" 350 450
  sleep 0.3
  # 200 wheel notches, 25 ms apart: about 5 s of steady scrolling.
  phase "$log" wheel xdotool click --repeat 200 --delay 25 5
  sleep 0.5
  # The document's scroll bar is at the right edge of the central panel.
  # Drag it from top to bottom in 100 steps: every frame lays out new text.
  # (Coordinates are for the default 1280x800 window and layout.)
  SX=731
  SY=40
  xdotool mousemove --window "$WID" "$SX" "$SY" mousedown 1
  drag() {
    for i in $(seq 100); do
      xdotool mousemove --window "$WID" "$SX" $((SY + i * 6))
      sleep 0.04
    done
  }
  phase "$log" drag drag
  xdotool mouseup 1
  stop_app "$log"

  # B: the checklist of 5,000 items.
  log="$WORK/checklist-$run.log"
  start_app "$log" "$CHECKLIST"
  grep VmHWM "/proc/$APP_PID/status" | awk '{print $2}' >"$log.rss_open_kb"
  # "全部部门 / All departments": the first row of the department list.
  xdotool mousemove --window "$WID" 783 85 click 1
  sleep 0.5
  # The first item's text field.
  xdotool mousemove --window "$WID" 1000 458 click 1
  sleep 0.5
  phase "$log" typing xdotool type --delay 40 "the quick brown fox jumps over the lazy dog and the quick brown fox jumps again"
  sleep 0.3
  stop_app "$log"
  echo "run $run done"
done

python3 "$HERE/report.py" summary "$WORK"
echo "logs kept in $WORK"
