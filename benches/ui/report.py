#!/usr/bin/env python3
"""Summarises the logs of benches/ui/run.sh: medians over the runs of the
time to the first painted frame and of the peak RSS, and the median and
95th percentile of frame times in each phase (all runs' frames pooled),
with the ratio to issue 6's targets.

    report.py summary WORK_DIR
"""
import glob
import os
import re
import statistics
import sys

TARGET_FIRST_MS = 300.0
TARGET_FRAME_MS = 8.0
TARGET_RSS_MB = 200.0


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(p / 100.0 * (len(s) - 1))))
    return s[k]


def parse(log):
    """frames: {n: {unix_ns, ui_us, prev_cpu_us, events}}, first_painted ns, since_run_us."""
    frames = {}
    first = {}
    start = None
    with open(log) as f:
        for line in f:
            kind, *fields = line.split()
            kv = dict(x.split("=", 1) for x in fields)
            if kind == "frame":
                n = int(kv["n"])
                fr = frames.get(n)
                if fr is None:
                    frames[n] = {
                        "ns": int(kv["unix_ns"]),
                        "ui_us": int(kv["ui_us"]),
                        "prev_cpu_us": int(kv["prev_cpu_us"]),
                        "events": int(kv["events"]),
                    }
                else:  # a second pass of the same frame
                    fr["ui_us"] += int(kv["ui_us"])
                    fr["events"] += int(kv["events"])
            elif kind == "first_painted":
                first[kv["what"]] = (int(kv["unix_ns"]), int(kv["since_run_us"]))
            elif kind == "start":
                start = int(kv["since_run_us"])
    return frames, first, start


def frame_table(frames):
    """Per frame n (followed by frame n+1): start ns, wall ms, cpu ms, ui ms, events."""
    out = []
    for n in sorted(frames):
        nxt = frames.get(n + 1)
        if nxt is None:
            continue
        fr = frames[n]
        out.append(
            {
                "ns": fr["ns"],
                "wall": (nxt["ns"] - fr["ns"]) / 1e6,
                "cpu": nxt["prev_cpu_us"] / 1e3 if nxt["prev_cpu_us"] >= 0 else None,
                "ui": fr["ui_us"] / 1e3,
                "events": fr["events"],
            }
        )
    return out


def phases(log):
    spans = {}
    path = log + ".phases"
    if not os.path.exists(path):
        return spans
    with open(path) as f:
        for line in f:
            name, ns = line.split()
            spans.setdefault(name, []).append(int(ns))
    return {k: (v[0], v[-1]) for k, v in spans.items()}


def summary(work):
    first = {"speech": [], "checklist": []}
    first_any = {"speech": [], "checklist": []}
    in_app = {"speech": [], "checklist": []}
    window = {"speech": [], "checklist": []}
    rss = {"speech": [], "checklist": []}
    rss_open = {"speech": [], "checklist": []}
    per_phase = {}
    per_run_medians = {}
    for kind in ("speech", "checklist"):
        for log in sorted(glob.glob(os.path.join(work, f"{kind}-*.log"))):
            if not re.search(r"-\d+\.log$", log):
                continue
            frames, fp, start = parse(log)
            launch = int(open(log + ".launch").read())
            if "document" in fp:
                first[kind].append((fp["document"][0] - launch) / 1e6)
                in_app[kind].append(fp["document"][1] / 1e3)
            if "any" in fp:
                first_any[kind].append((fp["any"][0] - launch) / 1e6)
            if start is not None:
                window[kind].append(start / 1e3)
            if os.path.exists(log + ".rss_open_kb"):
                rss_open[kind].append(int(open(log + ".rss_open_kb").read()) / 1024.0)
            if os.path.exists(log + ".rss_kb"):
                rss[kind].append(int(open(log + ".rss_kb").read()) / 1024.0)
            table = frame_table(frames)
            for name, (t0, t1) in phases(log).items():
                sel = [r for r in table if t0 <= r["ns"] <= t1]
                bucket = per_phase.setdefault(name, {"wall": [], "cpu": [], "ui": []})
                for key in bucket:
                    bucket[key].extend(r[key] for r in sel if r[key] is not None)
                per_run_medians.setdefault(name, []).append(
                    statistics.median([r["wall"] for r in sel]) if sel else float("nan")
                )

    def line(label, values, target=None, unit="ms"):
        if not values:
            print(f"  {label}: no data")
            return
        med = statistics.median(values)
        ratio = f"  ({med / target:.2f} of the target {target:g} {unit})" if target else ""
        print(
            f"  {label}: median {med:.1f} {unit} (min {min(values):.1f}, max {max(values):.1f},"
            f" {len(values)} runs){ratio}"
        )

    for kind in ("speech", "checklist"):
        print(f"{kind}:")
        line("first painted frame since launch", first_any[kind], TARGET_FIRST_MS)
        line("first painted frame with the document since launch", first[kind], TARGET_FIRST_MS)
        line("  the same since app::run", in_app[kind])
        line("app created (window + GL ready) since app::run", window[kind])
        line("peak RSS once open", rss_open[kind], TARGET_RSS_MB, "MB")
        line("peak RSS at the end", rss[kind], TARGET_RSS_MB, "MB")
    for name, bucket in per_phase.items():
        n = len(bucket["wall"])
        print(f"{name} ({n} frames over all runs):")
        for key, what in (
            ("wall", "whole frame (start to next start)"),
            ("cpu", "eframe cpu_usage (swap excluded)"),
            ("ui", "app's show()"),
        ):
            v = bucket[key]
            if not v:
                continue
            target = TARGET_FRAME_MS if key == "wall" else None
            ratio = f"  ({statistics.median(v) / target:.2f} of {target:g} ms)" if target else ""
            print(
                f"  {what}: median {statistics.median(v):.2f} ms, p95 {pct(v, 95):.2f} ms,"
                f" max {max(v):.2f} ms{ratio}"
            )
        meds = ", ".join(f"{m:.2f}" for m in per_run_medians[name])
        print(f"  per-run medians of the whole frame: {meds} ms")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "summary":
        sys.exit(__doc__)
    summary(sys.argv[2])
