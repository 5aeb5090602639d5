//! Fonts: the bundled Noto Sans CJK SC subset first in every family, and
//! installed CJK fonts (found with fontdb off the UI thread) as fallback for
//! rare characters and as a choice of document font.
//!
//! Owns egui's `FontDefinitions`; must not lay out or draw text. Never
//! format a fontdb `Source` with `{:?}`: it prints the whole font.

use eframe::egui;
use egui::{FontData, FontDefinitions, FontFamily};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// The bundled subset (see fonts/README.md); the library's images (the
/// 督办 chart) draw with the same bytes.
pub static BUNDLED_CJK: &[u8] = crate::ledger::report::FONT;
const BUNDLED_NAME: &str = "Noto Sans CJK SC (bundled)";
const FALLBACK_NAME: &str = "system CJK fallback";
/// The family the document view draws with.
pub const DOCUMENT_FAMILY: &str = "luoshi-document";

/// Installed families we look for, in order of preference as fallback.
const CJK_FAMILIES: &[&str] = &[
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "SimSun",
    "NSimSun",
    "FangSong",
    "FangSong_GB2312",
    "KaiTi",
    "SimHei",
    "AR PL UMing CN",
];

/// Installs the bundled font only (tests, and anything drawn before the
/// app's first frame).
pub fn install_bundled(ctx: &egui::Context) {
    let _ = FontState::start(ctx, false);
}

/// An installed face: where it is and which face of the file.
#[derive(Clone)]
pub struct SystemFace {
    pub family: String,
    pub path: PathBuf,
    pub index: u32,
}

/// What the background scan found.
pub struct ScanResult {
    /// Selectable document fonts, in [`CJK_FAMILIES`] order.
    pub faces: Vec<SystemFace>,
    /// The bytes of the first one, used as fallback for rare characters.
    pub fallback: Option<(SystemFace, Arc<Vec<u8>>)>,
}

/// The app's fonts: bundled + whatever the scan and the user's choice added.
pub struct FontState {
    pub faces: Vec<SystemFace>,
    fallback: Option<Arc<FontData>>,
    document: Option<(String, Arc<FontData>)>,
    scan: Option<Receiver<ScanResult>>,
    /// Set when the scan has finished (even if it found nothing).
    pub scanned: bool,
    /// A message about the last font change that failed, for the settings view.
    pub error: Option<String>,
    /// Bumped whenever the fonts are replaced: galleys laid out before are
    /// stale (their glyphs point into the old atlas).
    pub generation: u64,
}

impl FontState {
    /// Installs the bundled font (call once at start-up) and, if `scan`,
    /// starts looking for installed fonts on a worker thread.
    pub fn start(ctx: &egui::Context, scan: bool) -> Self {
        let mut state = FontState {
            faces: Vec::new(),
            fallback: None,
            document: None,
            scan: None,
            scanned: !scan,
            error: None,
            generation: 0,
        };
        state.apply(ctx);
        if scan {
            let (tx, rx) = channel();
            let ctx = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name("luoshi-font-scan".into())
                .spawn(move || {
                    let _ = tx.send(scan_system());
                    ctx.request_repaint();
                });
            if spawned.is_ok() {
                state.scan = Some(rx);
            } else {
                state.scanned = true;
            }
        }
        state
    }

    /// Picks up the scan's result when it is ready; call every frame (cheap).
    pub fn poll(&mut self, ctx: &egui::Context, wanted_document_font: Option<&str>) {
        let Some(rx) = &self.scan else { return };
        let Ok(result) = rx.try_recv() else { return };
        self.scan = None;
        self.scanned = true;
        self.faces = result.faces;
        if let Some((face, bytes)) = result.fallback {
            self.fallback = Some(Arc::new(FontData::from_blob(bytes, face.index)));
        }
        if let Some(name) = wanted_document_font {
            // Only rebuilds once: select_document_font calls apply.
            self.select_document_font(ctx, Some(name));
        } else {
            self.apply(ctx);
        }
    }

    /// Uses the installed family `name` for the document (`None`: bundled).
    pub fn select_document_font(&mut self, ctx: &egui::Context, name: Option<&str>) {
        self.error = None;
        self.document = None;
        if let Some(name) = name {
            match self.faces.iter().find(|f| f.family == name) {
                Some(face) => match std::fs::read(&face.path) {
                    Ok(bytes) => {
                        let data = FontData::from_blob(Arc::new(bytes), face.index);
                        self.document = Some((name.to_owned(), Arc::new(data)));
                    }
                    Err(e) => {
                        self.error = Some(format!(
                            "无法读取字体 {} ({e}) / cannot read the font, using the bundled one",
                            face.path.display()
                        ));
                    }
                },
                None if self.scanned => {
                    self.error = Some(format!(
                        "未找到字体 {name} / font not installed, using the bundled one"
                    ));
                }
                None => {}
            }
        }
        self.apply(ctx);
    }

    /// The family name of the document font in use, if not the bundled one.
    pub fn document_font(&self) -> Option<&str> {
        self.document.as_ref().map(|(n, _)| n.as_str())
    }

    fn apply(&mut self, ctx: &egui::Context) {
        self.generation += 1;
        ctx.set_fonts(self.definitions());
    }

    fn definitions(&self) -> FontDefinitions {
        let mut defs = FontDefinitions::default();
        defs.font_data.insert(
            BUNDLED_NAME.to_owned(),
            Arc::new(FontData::from_static(BUNDLED_CJK)),
        );
        if let Some(fallback) = &self.fallback {
            defs.font_data
                .insert(FALLBACK_NAME.to_owned(), Arc::clone(fallback));
        }
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            let list = defs.families.entry(family).or_default();
            // Index 0: egui's default font has narrow Latin shapes for “ ” — ….
            list.insert(0, BUNDLED_NAME.to_owned());
            if self.fallback.is_some() {
                list.push(FALLBACK_NAME.to_owned());
            }
        }
        let mut document = defs
            .families
            .get(&FontFamily::Proportional)
            .cloned()
            .unwrap_or_default();
        if let Some((name, data)) = &self.document {
            let key = format!("document: {name}");
            defs.font_data.insert(key.clone(), Arc::clone(data));
            document.insert(0, key);
        }
        defs.families
            .insert(FontFamily::Name(DOCUMENT_FAMILY.into()), document);
        defs
    }
}

/// Looks for installed CJK fonts. Slow (reads every font's tables), so it
/// runs on a worker thread.
fn scan_system() -> ScanResult {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let mut found: BTreeMap<usize, SystemFace> = BTreeMap::new();
    for face in db.faces() {
        if face.weight != fontdb::Weight::NORMAL || face.style != fontdb::Style::Normal {
            continue;
        }
        let fontdb::Source::File(path) = &face.source else {
            continue;
        };
        for (name, _) in &face.families {
            if let Some(rank) = CJK_FAMILIES
                .iter()
                .position(|f| f.eq_ignore_ascii_case(name))
            {
                found.entry(rank).or_insert_with(|| SystemFace {
                    family: CJK_FAMILIES[rank].to_owned(),
                    path: path.clone(),
                    index: face.index,
                });
            }
        }
    }
    let faces: Vec<SystemFace> = found.into_values().collect();
    let fallback = faces.iter().find_map(|face| {
        std::fs::read(&face.path)
            .ok()
            .map(|bytes| (face.clone(), Arc::new(bytes)))
    });
    ScanResult { faces, fallback }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_is_first_everywhere() {
        let ctx = egui::Context::default();
        let state = FontState::start(&ctx, false);
        let defs = state.definitions();
        for family in [
            FontFamily::Proportional,
            FontFamily::Monospace,
            FontFamily::Name(DOCUMENT_FAMILY.into()),
        ] {
            assert_eq!(defs.families[&family][0], BUNDLED_NAME, "{family:?}");
        }
    }
}
