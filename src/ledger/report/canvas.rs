//! A pixel buffer the chart is drawn on: filled rectangles, text in the
//! bundled CJK font (rasterised with ab_glyph, which reads its CFF
//! outlines), and PNG encoding. Knows nothing of charts.

use super::ReportError;
use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};

/// The bundled Noto Sans CJK SC subset (see fonts/README.md), which the
/// app draws with too: one copy in the binary.
pub static FONT: &[u8] = include_bytes!("../../../fonts/NotoSansCJKsc-Regular-subset.otf");

pub type Rgb = [u8; 3];

/// The bundled font, parsed (cheap: it only finds the tables).
pub fn font() -> Result<FontRef<'static>, ReportError> {
    FontRef::try_from_slice(FONT).map_err(|e| ReportError::Font(e.to_string()))
}

/// The scale that makes an em `size` pixels (ab_glyph's scale is the
/// line height, ascent to descent, which for this font is 1.448 em).
fn scale(font: &FontRef<'_>, size: f32) -> PxScale {
    let em = font.units_per_em().unwrap_or(1000.0);
    PxScale::from(size * font.height_unscaled() / em)
}

/// The width of `text` set on one line at `size` pixels.
pub fn text_width(font: &FontRef<'_>, text: &str, size: f32) -> f32 {
    let scaled = font.as_scaled(scale(font, size));
    let mut width = 0.0;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        prev = Some(id);
    }
    width
}

/// Where the baseline lies below the top of the em box of a Han
/// character (the ideographic em box runs from 0.88 em above the baseline
/// to 0.12 em below it).
pub fn em_top_to_baseline(size: f32) -> f32 {
    size * 0.88
}

/// An RGBA image, opaque.
pub struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    pub fn new(width: u32, height: u32, background: Rgb) -> Canvas {
        let mut pixels = Vec::with_capacity(width as usize * height as usize * 4);
        for _ in 0..width as usize * height as usize {
            pixels.extend_from_slice(&[background[0], background[1], background[2], 255]);
        }
        Canvas {
            width,
            height,
            pixels,
        }
    }

    pub fn width(&self) -> f32 {
        self.width as f32
    }

    pub fn height(&self) -> f32 {
        self.height as f32
    }

    /// Fills the pixels whose centres lie in [x0, x1) × [y0, y1).
    pub fn fill(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, colour: Rgb) {
        let clamp_x = |v: f32| (v.round().max(0.0) as u32).min(self.width);
        let clamp_y = |v: f32| (v.round().max(0.0) as u32).min(self.height);
        let (x0, x1, y0, y1) = (clamp_x(x0), clamp_x(x1), clamp_y(y0), clamp_y(y1));
        for y in y0..y1 {
            for x in x0..x1 {
                let at = (y as usize * self.width as usize + x as usize) * 4;
                self.pixels[at..at + 3].copy_from_slice(&colour);
            }
        }
    }

    /// Mixes `colour` into one pixel with coverage `alpha` (0–1).
    fn blend(&mut self, x: i32, y: i32, colour: Rgb, alpha: f32) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let a = alpha.clamp(0.0, 1.0);
        let at = (y as usize * self.width as usize + x as usize) * 4;
        for (p, c) in self.pixels[at..at + 3].iter_mut().zip(colour) {
            *p = (*p as f32 * (1.0 - a) + c as f32 * a).round() as u8;
        }
    }

    /// Sets `text` on one line from `x`, its baseline at `baseline`.
    pub fn text(
        &mut self,
        font: &FontRef<'_>,
        text: &str,
        size: f32,
        x: f32,
        baseline: f32,
        colour: Rgb,
    ) {
        let scaled = font.as_scaled(scale(font, size));
        let mut caret = x;
        let mut prev: Option<GlyphId> = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                caret += scaled.kern(p, id);
            }
            self.glyph(font, id, size, caret, baseline, colour);
            caret += scaled.h_advance(id);
            prev = Some(id);
        }
    }

    /// Sets `text` centred on `cx`, its em box's top at `top`.
    pub fn text_centred(
        &mut self,
        font: &FontRef<'_>,
        text: &str,
        size: f32,
        cx: f32,
        top: f32,
        colour: Rgb,
    ) {
        let x = cx - text_width(font, text, size) / 2.0;
        self.text(font, text, size, x, top + em_top_to_baseline(size), colour);
    }

    /// Sets `text` upright, one character under the other, centred on
    /// `cx` from `top`: how Chinese is written in a narrow column.
    pub fn text_vertical(
        &mut self,
        font: &FontRef<'_>,
        text: &str,
        size: f32,
        cx: f32,
        top: f32,
        colour: Rgb,
    ) {
        let mut y = top;
        let mut buf = [0u8; 4];
        for c in text.chars() {
            let s: &str = c.encode_utf8(&mut buf);
            self.text_centred(font, s, size, cx, y, colour);
            y += size;
        }
    }

    fn glyph(
        &mut self,
        font: &FontRef<'_>,
        id: GlyphId,
        size: f32,
        x: f32,
        baseline: f32,
        colour: Rgb,
    ) {
        let glyph = id.with_scale_and_position(scale(font, size), point(x, baseline));
        if let Some(outlined) = font.outline_glyph(glyph) {
            let bounds = outlined.px_bounds();
            let (left, top) = (bounds.min.x as i32, bounds.min.y as i32);
            outlined.draw(|gx, gy, coverage| {
                self.blend(left + gx as i32, top + gy as i32, colour, coverage);
            });
        }
    }

    /// The image as a PNG file.
    pub fn png(&self) -> Result<Vec<u8>, ReportError> {
        let mut out = Vec::new();
        let err = |e: png::EncodingError| ReportError::Png(e.to_string());
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(err)?;
        writer.write_image_data(&self.pixels).map_err(err)?;
        writer.finish().map_err(err)?;
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Whether the font has a glyph for `c` (else it would draw a box).
    fn has_glyph(font: &FontRef<'_>, c: char) -> bool {
        font.glyph_id(c) != GlyphId(0)
    }

    #[test]
    fn the_font_has_the_chinese_it_is_asked_for() {
        let font = font().unwrap();
        for c in "督办通报按期完成逾期临期其他在办统计截至市教育局0123456789%".chars()
        {
            assert!(has_glyph(&font, c), "{c}");
        }
        // A Han character is about one em wide.
        let w = text_width(&font, "督办", 20.0);
        assert!((38.0..=42.0).contains(&w), "{w}");
    }

    #[test]
    fn text_leaves_ink_where_it_is_set() {
        let font = font().unwrap();
        let mut canvas = Canvas::new(100, 40, [255, 255, 255]);
        canvas.text(&font, "通报", 24.0, 10.0, 30.0, [0, 0, 0]);
        let dark = canvas.pixels.chunks(4).filter(|p| p[0] < 128).count();
        assert!(dark > 50, "{dark}");
        let png = canvas.png().unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }
}
