//! The 通报's bar chart, laid out for any number of departments: a bar per
//! department stacked from [`super::segments`], counts on the parts that
//! have room and the total above each bar, a y axis with round steps, a
//! legend and the title. Department names go across under their bar when
//! they fit (on two lines if need be); with many departments they stand
//! upright, one character under the other, and are cut with "…" only if
//! they would take more than a third of the picture.

use super::canvas::{self, Canvas, Rgb};
use super::{ReportError, SEGMENT_COLOURS, SEGMENT_NAMES, Summary, date_zh, segments};
use ab_glyph::FontRef;

const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [0x26, 0x2B, 0x33];
const MUTED: Rgb = [0x5F, 0x67, 0x73];
const GRID: Rgb = [0xE3, 0xE6, 0xEA];
const AXIS: Rgb = [0x9A, 0xA1, 0xAB];
/// Which parts take white counts (the dark ones).
const WHITE_COUNTS: [bool; 5] = [true, false, true, false, false];

/// How department names are set under the bars.
enum Labels {
    /// Across, in one or two lines each, at this size.
    Across { size: f32, lines: Vec<Vec<String>> },
    /// Upright, one character per line, at this size.
    Upright { size: f32, names: Vec<String> },
}

/// The whole chart on a canvas.
pub fn draw(summary: &Summary, width: u32, height: u32) -> Result<Canvas, ReportError> {
    let font = canvas::font()?;
    let mut c = Canvas::new(width, height, WHITE);
    let (w, h) = (c.width(), c.height());
    let s = (h / 30.0).min(w / 50.0).clamp(8.0, 40.0);
    let margin = s * 0.8;

    let y = header(&mut c, &font, summary, s, margin);

    let n = summary.departments.len();
    if n == 0 {
        c.text_centred(&font, "（无单位）", s, w / 2.0, (y + h) / 2.0, MUTED);
        return Ok(c);
    }
    let parts: Vec<[usize; 5]> = summary.departments.iter().map(segments).collect();
    let max = parts
        .iter()
        .map(|p| p.iter().sum::<usize>())
        .max()
        .unwrap_or(0);
    let (step, top_value) = axis_steps(max);

    let tick_size = s * 0.75;
    let axis_w = canvas::text_width(&font, &top_value.to_string(), tick_size) + s * 0.6;
    let plot_left = margin + axis_w;
    let plot_right = w - margin;
    let slot = (plot_right - plot_left) / n as f32;
    let names: Vec<&str> = summary
        .departments
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    let labels = labels(&font, &names, s * 0.8, slot, h * 0.34);
    let label_h = labels.height(s);
    // Room above the tallest bar for its total.
    let plot_top = y + s * 1.2;
    let plot_bottom = (h - margin * 0.6 - label_h).max(plot_top + s);
    let per_task = (plot_bottom - plot_top) / top_value as f32;

    let plot = (plot_left, plot_right, plot_bottom);
    grid(
        &mut c,
        &font,
        (step, top_value),
        plot,
        per_task,
        tick_size,
        s,
    );

    let bar_w = (slot * 0.62).min(s * 4.0).max(1.0);
    for (i, part) in parts.iter().enumerate() {
        let cx = plot_left + slot * (i as f32 + 0.5);
        bar(
            &mut c,
            &font,
            part,
            cx,
            bar_w,
            slot,
            plot_bottom,
            per_task,
            s,
        );
    }
    names_under(
        &mut c,
        &font,
        &labels,
        plot_left,
        slot,
        plot_bottom + s * 0.3,
    );
    Ok(c)
}

/// The grid lines and the y axis's numbers, every `step` up to `top`.
fn grid(
    c: &mut Canvas,
    font: &FontRef<'_>,
    (step, top_value): (usize, usize),
    (plot_left, plot_right, plot_bottom): (f32, f32, f32),
    per_task: f32,
    tick_size: f32,
    s: f32,
) {
    let mut v = 0;
    while v <= top_value {
        let gy = plot_bottom - v as f32 * per_task;
        c.fill(
            plot_left,
            gy,
            plot_right,
            gy + 1.0,
            if v == 0 { AXIS } else { GRID },
        );
        let text = v.to_string();
        let tw = canvas::text_width(font, &text, tick_size);
        // Digits stand 0.73 em high: centred on the line.
        let baseline = gy + tick_size * 0.365;
        c.text(
            font,
            &text,
            tick_size,
            plot_left - s * 0.3 - tw,
            baseline,
            MUTED,
        );
        v += step;
    }
}

/// Title, date line and legend; returns the y below them.
fn header(c: &mut Canvas, font: &FontRef<'_>, summary: &Summary, s: f32, margin: f32) -> f32 {
    let w = c.width();
    let mut y = margin * 0.6;
    let title_size = s * 1.35;
    c.text_centred(font, &summary.title, title_size, w / 2.0, y, INK);
    y += title_size * 1.35;
    let sub = format!(
        "统计截至{}　临期：{}天内到期",
        date_zh(summary.today),
        summary.yellow_days
    );
    c.text_centred(font, &sub, s * 0.8, w / 2.0, y, MUTED);
    y += s * 0.8 * 1.6;
    legend(c, font, s * 0.85, y, margin)
}

impl Labels {
    /// The height the names take under the axis.
    fn height(&self, s: f32) -> f32 {
        match self {
            Labels::Across { size, lines } => {
                let most = lines.iter().map(Vec::len).max().unwrap_or(1) as f32;
                most * size * 1.25 + s * 0.4
            }
            Labels::Upright { size, names } => {
                let most = names.iter().map(|n| n.chars().count()).max().unwrap_or(1) as f32;
                most * size + s * 0.5
            }
        }
    }
}

/// One stacked bar with its counts; `bottom` is the zero line.
#[allow(clippy::too_many_arguments)]
fn bar(
    c: &mut Canvas,
    font: &FontRef<'_>,
    part: &[usize; 5],
    cx: f32,
    bar_w: f32,
    slot: f32,
    bottom: f32,
    per_task: f32,
    s: f32,
) {
    let (x0, x1) = (cx - bar_w / 2.0, cx + bar_w / 2.0);
    let count_size = (s * 0.7).min(bar_w * 0.9);
    let mut base = 0usize;
    for (k, &count) in part.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let y1 = bottom - base as f32 * per_task;
        let y0 = bottom - (base + count) as f32 * per_task;
        c.fill(x0, y0, x1, y1, SEGMENT_COLOURS[k]);
        let text = count.to_string();
        let fits = y1 - y0 >= count_size * 1.05
            && canvas::text_width(font, &text, count_size) <= bar_w * 0.95
            && count_size >= 7.0;
        if fits {
            let colour = if WHITE_COUNTS[k] { WHITE } else { INK };
            let top = (y0 + y1) / 2.0 - count_size * 0.5;
            c.text_centred(font, &text, count_size, cx, top, colour);
        }
        base += count;
    }
    // The total above the bar, as large as its slot allows.
    let text = base.to_string();
    let mut size = s * 0.75;
    let tw = canvas::text_width(font, &text, size);
    if tw > slot * 0.95 {
        size *= slot * 0.95 / tw;
    }
    if size >= 7.0 {
        let top = bottom - base as f32 * per_task - size * 1.2;
        c.text_centred(font, &text, size, cx, top, INK);
    }
}

/// The legend in one row (or more, when the picture is narrow), centred;
/// returns the y below it.
fn legend(c: &mut Canvas, font: &FontRef<'_>, size: f32, top: f32, margin: f32) -> f32 {
    let swatch = size * 0.8;
    let gap = size * 1.2;
    let items: Vec<f32> = SEGMENT_NAMES
        .iter()
        .map(|name| swatch + size * 0.3 + canvas::text_width(font, name, size))
        .collect();
    let room = c.width() - 2.0 * margin;
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0.0;
    for (i, &iw) in items.iter().enumerate() {
        if let Some(row) = rows.last_mut()
            && (row.is_empty() || used + gap + iw <= room)
        {
            used += if row.is_empty() { iw } else { gap + iw };
            row.push(i);
        } else {
            rows.push(vec![i]);
            used = iw;
        }
    }
    let mut y = top;
    for row in rows {
        let row_w: f32 =
            row.iter().map(|&i| items[i]).sum::<f32>() + gap * (row.len() as f32 - 1.0);
        let mut x = (c.width() - row_w) / 2.0;
        for i in row {
            let sy = y + (size - swatch) / 2.0 + size * 0.1;
            c.fill(x, sy, x + swatch, sy + swatch, SEGMENT_COLOURS[i]);
            let baseline = y + canvas::em_top_to_baseline(size);
            c.text(
                font,
                SEGMENT_NAMES[i],
                size,
                x + swatch + size * 0.3,
                baseline,
                INK,
            );
            x += items[i] + gap;
        }
        y += size * 1.5;
    }
    y
}

/// Round steps for the y axis: (step, top), the top at least `max` and a
/// multiple of the step, about five steps, steps of 1, 2 or 5 × 10ⁿ.
fn axis_steps(max: usize) -> (usize, usize) {
    let max = max.max(1);
    let rough = max.div_ceil(5).max(1);
    let mut magnitude = 1;
    while magnitude * 10 <= rough {
        magnitude *= 10;
    }
    let step = [1, 2, 5, 10]
        .iter()
        .map(|m| m * magnitude)
        .find(|&st| st >= rough)
        .unwrap_or(10 * magnitude);
    (step, max.div_ceil(step) * step)
}

/// How the names are set: across on one line, across on two, or upright;
/// upright names are shrunk, then cut, to stay within `max_height`.
fn labels(font: &FontRef<'_>, names: &[&str], size: f32, slot: f32, max_height: f32) -> Labels {
    let room = slot * 0.92;
    let fits = |t: &str| canvas::text_width(font, t, size) <= room;
    if names.iter().all(|n| fits(n)) {
        let lines = names.iter().map(|n| vec![n.to_string()]).collect();
        return Labels::Across { size, lines };
    }
    let halves: Vec<Vec<String>> = names.iter().map(|n| two_lines(n)).collect();
    if halves.iter().flatten().all(|l| fits(l)) {
        return Labels::Across {
            size,
            lines: halves,
        };
    }
    let mut upright = size.min(slot * 0.85).max(1.0);
    let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(1) as f32;
    if longest * upright > max_height {
        upright = (max_height / longest).max(upright.min(9.0));
    }
    let keep = ((max_height / upright + 0.01).floor() as usize).max(1);
    let names = names.iter().map(|n| cut(n, keep)).collect();
    Labels::Upright {
        size: upright,
        names,
    }
}

/// A name cut at its middle character into two lines.
fn two_lines(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() < 2 {
        return vec![name.to_string()];
    }
    let mid = chars.len().div_ceil(2);
    vec![chars[..mid].iter().collect(), chars[mid..].iter().collect()]
}

/// At most `keep` characters, the last one "…" when something was cut.
fn cut(name: &str, keep: usize) -> String {
    let count = name.chars().count();
    if count <= keep {
        return name.to_string();
    }
    let mut out: String = name.chars().take(keep.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn names_under(
    c: &mut Canvas,
    font: &FontRef<'_>,
    labels: &Labels,
    left: f32,
    slot: f32,
    top: f32,
) {
    match labels {
        Labels::Across { size, lines } => {
            for (i, name) in lines.iter().enumerate() {
                let cx = left + slot * (i as f32 + 0.5);
                for (k, line) in name.iter().enumerate() {
                    c.text_centred(font, line, *size, cx, top + k as f32 * size * 1.25, INK);
                }
            }
        }
        Labels::Upright { size, names } => {
            for (i, name) in names.iter().enumerate() {
                let cx = left + slot * (i as f32 + 0.5);
                c.text_vertical(font, name, *size, cx, top, INK);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn axis_steps_are_round() {
        let table = [
            (0, (1, 1)),
            (1, (1, 1)),
            (4, (1, 4)),
            (7, (2, 8)),
            (10, (2, 10)),
            (23, (5, 25)),
            (48, (10, 50)),
            (120, (50, 150)),
            (999, (200, 1000)),
        ];
        for (max, want) in table {
            assert_eq!(axis_steps(max), want, "{max}");
        }
    }

    #[test]
    fn names_go_across_then_on_two_lines_then_upright() {
        let font = canvas::font().unwrap();
        let names = ["市教育局", "市发展和改革委员会"];
        assert!(
            matches!(labels(&font, &names, 20.0, 400.0, 300.0), Labels::Across { ref lines, .. } if lines[1].len() == 1)
        );
        assert!(
            matches!(labels(&font, &names, 20.0, 120.0, 300.0), Labels::Across { ref lines, .. } if lines[1].len() == 2)
        );
        let Labels::Upright { size, names: out } = labels(&font, &names, 20.0, 30.0, 100.0) else {
            panic!("upright expected");
        };
        // Nine characters do not fit 100 px at 20 px: shrunk to 11 px.
        assert!((size - 100.0 / 9.0).abs() < 0.01, "{size}");
        assert_eq!(out[1], "市发展和改革委员会");
        assert_eq!(cut("市发展和改革委员会", 4), "市发展…");
    }
}
