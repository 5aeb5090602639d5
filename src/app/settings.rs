//! What the app remembers between runs (eframe persistence): theme, zoom,
//! document font, language, recent files and how the checklist is shown. Window size is persisted by
//! eframe itself. Must not hold anything about the open document.

use super::i18n::Lang;
use eframe::egui;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Key under which [`Settings`] is stored in eframe's storage.
pub const STORAGE_KEY: &str = "luoshi.settings";
const MAX_RECENT: usize = 10;
pub const ZOOM_MIN: f32 = 0.5;
pub const ZOOM_MAX: f32 = 3.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl From<ThemeChoice> for egui::ThemePreference {
    fn from(t: ThemeChoice) -> Self {
        match t {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// How the checklist panel shows its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ListView {
    /// One editable card per item (卡片).
    #[default]
    Cards,
    /// One line per item, the selected item's card below (表格).
    Table,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub version: u32,
    pub theme: ThemeChoice,
    pub zoom: f32,
    /// Family name of an installed font for the document text; `None` is the
    /// bundled Noto Sans CJK SC.
    pub document_font: Option<String>,
    /// Document text size in points (before zoom).
    pub document_font_size: f32,
    pub lang: Lang,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub list_view: ListView,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            version: 1,
            theme: ThemeChoice::System,
            zoom: 1.0,
            document_font: None,
            document_font_size: 18.0,
            lang: Lang::Zh,
            recent: Vec::new(),
            list_view: ListView::Cards,
        }
    }
}

impl Settings {
    /// Moves `path` to the front of the recent files, without duplicates.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(MAX_RECENT);
    }

    /// Zoom clamped to what stays usable.
    pub fn set_zoom(&mut self, zoom: f32) {
        self.zoom = zoom.clamp(ZOOM_MIN, ZOOM_MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_move_to_front_without_duplicates() {
        let mut s = Settings::default();
        for p in ["a.txt", "b.txt", "a.txt"] {
            s.remember(Path::new(p));
        }
        assert_eq!(
            s.recent,
            vec![PathBuf::from("a.txt"), PathBuf::from("b.txt")]
        );
        for i in 0..20 {
            s.remember(Path::new(&format!("{i}.txt")));
        }
        assert_eq!(s.recent.len(), MAX_RECENT);
    }

    #[test]
    fn old_settings_without_new_fields_still_load() {
        let s: Settings = ron::from_str("(zoom: 1.5)").expect("old settings load");
        assert_eq!(s.zoom, 1.5);
        assert_eq!(s.lang, Lang::Zh);
        assert_eq!(s.list_view, ListView::Cards);
        let s: Settings = ron::from_str("(list_view: Table)").expect("loads");
        assert_eq!(s.list_view, ListView::Table);
    }

    #[test]
    fn zoom_is_clamped() {
        let mut s = Settings::default();
        s.set_zoom(10.0);
        assert_eq!(s.zoom, ZOOM_MAX);
    }
}
