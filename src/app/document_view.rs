//! The speech on the left: title, headings, paragraphs at a readable width,
//! department names highlighted, the sentences behind items tinted, the
//! selected item's sentence marked, boilerplate dimmed.
//!
//! Only the paragraphs in view are laid out: heights of the others are
//! estimated from their length until they are first seen, so a 1 MB speech
//! scrolls as smoothly as a short one. A paragraph longer than
//! [`MAX_BLOCK_BYTES`] (a file without line breaks is one paragraph) is laid
//! out in blocks of about that size, so no single layout holds megabytes.
//! Must not change the checklist.

use super::fonts::DOCUMENT_FAMILY;
use super::{Command, Session, ViewState, i18n::Lang};
use crate::document::{Document, Paragraph, ParagraphKind, Span};
use aho_corasick::{AhoCorasick, MatchKind};
use eframe::egui;
use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Color32, FontFamily, FontId, Galley, Rect, Sense, Stroke, vec2};
use std::collections::HashMap;
use std::sync::Arc;

/// Readable line length, in em (characters of a Chinese text).
const MAX_LINE_EM: f32 = 40.0;

/// The most text laid out as one piece, in bytes (a long paragraph of a
/// speech is 2 KB).
const MAX_BLOCK_BYTES: usize = 16 * 1024;

/// Galleys kept before the ones far from the view are dropped, and how
/// many paragraphs either side of the view count as near.
const MAX_GALLEYS: usize = 300;
const GALLEY_MARGIN: usize = 50;

/// What the laid-out paragraphs depend on.
#[derive(Clone, PartialEq)]
struct LayoutKey {
    doc: usize,
    width: u32,
    size: u32,
}

#[derive(Clone, PartialEq)]
struct StyleKey {
    revision: u64,
    items: usize,
    highlight: Option<Span>,
    dark: bool,
}

/// Galleys and heights of paragraphs seen so far.
#[derive(Default)]
pub struct Cache {
    layout_key: Option<LayoutKey>,
    /// The document's paragraphs, long ones cut into blocks; what is laid
    /// out one galley each.
    blocks: Vec<Paragraph>,
    style_key: Option<StyleKey>,
    heights: Vec<f32>,
    galleys: HashMap<usize, Arc<Galley>>,
    /// Item source spans, sorted by start.
    item_spans: Vec<Span>,
    departments: Option<AhoCorasick>,
}

struct Styles {
    size: f32,
    text: Color32,
    strong: Color32,
    weak: Color32,
    department: Color32,
    tint: Color32,
    highlight: Color32,
}

// Long: one pass over the paragraphs in view, where laying out, drawing
// and the click on a sentence share the same positions.
pub fn show(
    ui: &mut egui::Ui,
    session: &Session,
    view: &mut ViewState,
    cache: &mut Cache,
    font_size: f32,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let Some(doc) = session.document.as_deref() else {
        ui.vertical_centered(|ui| {
            ui.add_space(40.0);
            ui.weak(lang.pick(
                "原文不可用：清单仍可查看和编辑。",
                "The speech is not available: the checklist can still be read and edited.",
            ));
        });
        return;
    };
    let width = (ui.available_width() - 24.0).clamp(200.0, font_size * MAX_LINE_EM);
    cache.prepare(ui, doc, session, view, width, font_size);
    let styles = Styles::new(ui, font_size);
    let gap = font_size * 0.8;
    let scroll_to = view.scroll_pending.then_some(view.highlight).flatten();
    view.scroll_pending = false;

    let mut area = egui::ScrollArea::vertical()
        .id_salt("document")
        .auto_shrink(false);
    if std::mem::take(&mut view.scroll_to_top) {
        area = area.vertical_scroll_offset(0.0);
    }
    area.show_viewport(ui, |ui, viewport| {
        let origin = ui.max_rect().min;
        let left = ((ui.available_width() - width) / 2.0).max(8.0);
        let mut tops = Vec::with_capacity(cache.heights.len());
        let mut y = gap;
        for h in &cache.heights {
            tops.push(y);
            y += h + gap;
        }
        ui.set_min_size(vec2(left + width, y + gap));

        if let Some(span) = scroll_to
            && let Some(k) = paragraph_at(&cache.blocks, span.start)
        {
            let galley = cache.galley(ui, doc, k, width, &styles);
            let block = &cache.blocks[k];
            let local = char_index(doc.paragraph_text(block), span.start - block.span.start);
            let row = galley.pos_from_cursor(CCursor::new(local));
            let rect = Rect::from_min_size(
                origin + vec2(left, tops[k] + row.min.y),
                vec2(width, row.height().max(font_size)),
            );
            ui.scroll_to_rect(rect, Some(egui::Align::Center));
        }

        let first = tops
            .partition_point(|t| *t < viewport.min.y)
            .saturating_sub(1);
        let mut last = first;
        #[allow(clippy::needless_range_loop)] // k indexes tops, heights and paragraphs
        for k in first..cache.blocks.len() {
            if tops[k] > viewport.max.y {
                break;
            }
            last = k;
            if tops[k] + cache.heights[k] < viewport.min.y {
                continue;
            }
            let galley = cache.galley(ui, doc, k, width, &styles);
            let rect = Rect::from_min_size(origin + vec2(left, tops[k]), galley.size());
            ui.painter()
                .galley(rect.min, Arc::clone(&galley), styles.text);
            let response = ui.interact(rect, ui.scope_id().with(("paragraph", k)), Sense::click());
            if response.clicked()
                && let Some(pos) = response.interact_pointer_pos()
            {
                let c = galley.cursor_from_pos(pos - rect.min);
                let p = &cache.blocks[k];
                let text = doc.paragraph_text(p);
                let byte = text
                    .char_indices()
                    .nth(c.index.0)
                    .map_or(text.len(), |(b, _)| b);
                out.push(Command::SelectAt(p.span.start + byte));
            }
        }
        cache.forget_far_from(first, last);
    });
}

impl Styles {
    fn new(ui: &egui::Ui, size: f32) -> Self {
        let v = ui.visuals();
        let (tint, highlight, department) = if v.dark_mode {
            (
                Color32::from_rgb(64, 56, 28),
                Color32::from_rgb(130, 96, 20),
                Color32::from_rgb(120, 180, 255),
            )
        } else {
            (
                Color32::from_rgb(255, 246, 204),
                Color32::from_rgb(255, 205, 90),
                Color32::from_rgb(20, 90, 190),
            )
        };
        Styles {
            size,
            text: v.text_color(),
            strong: v.strong_text_color(),
            weak: v.weak_text_color(),
            department,
            tint,
            highlight,
        }
    }
}

impl Cache {
    fn prepare(
        &mut self,
        ui: &egui::Ui,
        doc: &Document,
        session: &Session,
        view: &ViewState,
        width: f32,
        size: f32,
    ) {
        let layout_key = LayoutKey {
            doc: doc as *const Document as usize,
            width: width.round() as u32,
            size: (size * 10.0).round() as u32,
        };
        if self.layout_key.as_ref().map(|k| k.doc) != Some(layout_key.doc) {
            self.blocks = blocks(doc);
        }
        if self.layout_key.as_ref() != Some(&layout_key) {
            self.layout_key = Some(layout_key);
            self.galleys.clear();
            // An estimate until the paragraph is first laid out: CJK text is
            // close to one em per character.
            let per_line = (width / size).floor().max(1.0);
            self.heights = self
                .blocks
                .iter()
                .map(|p| {
                    let chars = doc.paragraph_text(p).chars().count().max(1) as f32;
                    let scale = kind_scale(p.kind);
                    (chars * scale / per_line).ceil() * size * scale * LINE_HEIGHT
                })
                .collect();
        }
        let style_key = StyleKey {
            revision: session.history.revision(),
            items: session.checklist.item_count(),
            highlight: view.highlight,
            dark: ui.visuals().dark_mode,
        };
        if self.style_key.as_ref() != Some(&style_key) {
            self.style_key = Some(style_key);
            self.galleys.clear();
            let mut spans: Vec<Span> = session
                .checklist
                .departments
                .iter()
                .flat_map(|d| d.items.iter().filter_map(|i| i.span))
                .filter(|s| !s.is_empty() && s.end <= doc.text.len())
                .collect();
            spans.sort_by_key(|s| (s.start, s.end));
            spans.dedup();
            self.item_spans = spans;
            let names: Vec<&str> = session
                .checklist
                .departments
                .iter()
                .map(|d| d.name.as_str())
                .filter(|n| n.chars().count() >= 2 && *n != crate::model::ALL_UNITS)
                .collect();
            self.departments = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(names)
                .ok();
        }
    }

    /// Keeps the galleys near paragraphs `first..=last` (in view) once
    /// there are many: scrolling through a long speech would otherwise
    /// keep every paragraph's glyphs. Heights stay, so nothing moves.
    fn forget_far_from(&mut self, first: usize, last: usize) {
        if self.galleys.len() > MAX_GALLEYS {
            let keep = first.saturating_sub(GALLEY_MARGIN)..=last + GALLEY_MARGIN;
            self.galleys.retain(|k, _| keep.contains(k));
        }
    }

    fn galley(
        &mut self,
        ui: &egui::Ui,
        doc: &Document,
        k: usize,
        width: f32,
        styles: &Styles,
    ) -> Arc<Galley> {
        if let Some(g) = self.galleys.get(&k) {
            return Arc::clone(g);
        }
        let job = self.layout_job(doc, &self.blocks[k], width, styles);
        let galley = ui.painter().layout_job(job);
        self.heights[k] = galley.size().y;
        self.galleys.insert(k, Arc::clone(&galley));
        galley
    }

    fn layout_job(&self, doc: &Document, p: &Paragraph, width: f32, s: &Styles) -> LayoutJob {
        let text = doc.paragraph_text(p);
        let base = p.span.start;
        let scale = kind_scale(p.kind);
        let size = s.size * scale;
        let color = match p.kind {
            ParagraphKind::Title | ParagraphKind::Heading => s.strong,
            ParagraphKind::Body => s.text,
            ParagraphKind::Boilerplate => s.weak,
        };
        let font_id = FontId::new(size, FontFamily::Name(DOCUMENT_FAMILY.into()));

        // Cut the paragraph where any tint, highlight or name starts or ends.
        let clamp = |x: usize| x.clamp(base, base + text.len()) - base;
        let touching: Vec<Span> = self
            .item_spans
            .iter()
            .filter(|sp| sp.start < p.span.end && sp.end > p.span.start)
            .copied()
            .collect();
        let names: Vec<(usize, usize)> = match (&self.departments, p.kind) {
            (Some(ac), ParagraphKind::Body | ParagraphKind::Heading) => {
                ac.find_iter(text).map(|m| (m.start(), m.end())).collect()
            }
            _ => Vec::new(),
        };
        let mut cuts = vec![0, text.len()];
        for sp in &touching {
            cuts.push(clamp(sp.start));
            cuts.push(clamp(sp.end));
        }
        if let Some(h) = self.style_key.as_ref().and_then(|k| k.highlight) {
            cuts.push(clamp(h.start));
            cuts.push(clamp(h.end));
        }
        for (a, b) in &names {
            cuts.push(*a);
            cuts.push(*b);
        }
        cuts.sort_unstable();
        cuts.dedup();

        let mut job = LayoutJob::default();
        job.wrap.max_width = width;
        let highlight = self.style_key.as_ref().and_then(|k| k.highlight);
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a >= b || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                continue;
            }
            let (ga, gb) = (a + base, b + base);
            let inside = |sp: &Span| sp.start <= ga && gb <= sp.end;
            let mut format = TextFormat {
                font_id: font_id.clone(),
                color,
                line_height: Some(size * LINE_HEIGHT),
                ..Default::default()
            };
            if highlight.is_some_and(|h| inside(&h)) {
                format.background = s.highlight;
            } else if touching.iter().any(inside) {
                format.background = s.tint;
            }
            if names.iter().any(|(x, y)| *x <= a && b <= *y) {
                format.color = s.department;
                format.underline = Stroke::new(1.0, s.department.gamma_multiply(0.5));
            }
            job.append(&text[a..b], 0.0, format);
        }
        job
    }
}

const LINE_HEIGHT: f32 = 1.7;

fn kind_scale(kind: ParagraphKind) -> f32 {
    match kind {
        ParagraphKind::Title => 1.4,
        ParagraphKind::Heading => 1.12,
        ParagraphKind::Body => 1.0,
        ParagraphKind::Boilerplate => 0.85,
    }
}

/// The block holding byte `offset` of the document text.
fn paragraph_at(blocks: &[Paragraph], offset: usize) -> Option<usize> {
    let k = blocks.partition_point(|p| p.span.end < offset);
    (k < blocks.len()).then_some(k)
}

/// The document's paragraphs, each longer than [`MAX_BLOCK_BYTES`] cut
/// into blocks of about that size: after a sentence end where there is
/// one near the limit, else at a character boundary.
fn blocks(doc: &Document) -> Vec<Paragraph> {
    let mut out = Vec::with_capacity(doc.paragraphs.len());
    for p in &doc.paragraphs {
        let mut start = p.span.start;
        while p.span.end - start > MAX_BLOCK_BYTES {
            let text = &doc.text[start..p.span.end];
            let mut cut = MAX_BLOCK_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let mut half = cut / 2;
            while !text.is_char_boundary(half) {
                half -= 1;
            }
            if let Some(end) = text[half..cut].rfind(['。', '！', '？', '；', '\n']) {
                let after = half + end;
                cut = after + text[after..].chars().next().map_or(0, char::len_utf8);
            }
            out.push(Paragraph {
                kind: p.kind,
                span: Span::new(start, start + cut),
            });
            start += cut;
        }
        out.push(Paragraph {
            kind: p.kind,
            span: Span::new(start, p.span.end),
        });
    }
    out
}

fn char_index(text: &str, byte: usize) -> usize {
    text.char_indices().take_while(|(b, _)| *b < byte).count()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_paragraphs_and_characters() {
        let doc = crate::document::from_text("标题\n\n第一段。\n\n第二段文字。", "UTF-8");
        let second = doc.paragraphs.len() - 1;
        let start = doc.paragraphs[second].span.start;
        for (offset, want) in [
            (0, Some(0)),
            (start, Some(second)),
            (start + 3, Some(second)),
            (doc.text.len() + 1, None),
        ] {
            assert_eq!(
                paragraph_at(&doc.paragraphs, offset),
                want,
                "offset {offset} in {:?}",
                doc.text
            );
        }
        // A paragraph without breaks is laid out in bounded blocks that
        // cover it exactly, cut after sentences.
        let long = "这是一句话。".repeat(5000);
        let doc = crate::document::from_text(&long, "UTF-8");
        let cut = blocks(&doc);
        assert!(cut.len() > 1);
        assert!(
            cut.iter()
                .all(|b| b.span.end - b.span.start <= MAX_BLOCK_BYTES)
        );
        assert!(cut.windows(2).all(|w| w[0].span.end == w[1].span.start));
        assert_eq!(cut[0].span.start, doc.paragraphs[0].span.start);
        assert_eq!(
            cut.last().unwrap().span.end,
            doc.paragraphs.last().unwrap().span.end
        );
        assert!(cut.iter().all(|b| doc.paragraph_text(b).ends_with('。')));
        for (text, byte, want) in [
            ("第二段", 0, 0),
            ("第二段", 3, 1),
            ("第二段", 9, 3),
            ("a第", 1, 1),
        ] {
            assert_eq!(char_index(text, byte), want, "{text} @ {byte}");
        }
    }
}
