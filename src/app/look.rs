//! The app's look, chosen to be cheap to draw where there is no GPU.
//!
//! Office PCs and virtual desktops often draw with a software rasteriser
//! (Mesa llvmpipe, Windows' basic display driver). There a frame's cost is
//! the pixels shaded and the triangles set up, so:
//! - panels paint no background of their own: the window is cleared to
//!   the panel colour instead (a clear is nearly free, a window-sized fill
//!   was about 8 ms a frame in llvmpipe);
//! - text fields are underlined, not filled (the four fields of each
//!   checklist card filled were about a tenth of a frame); hovered or
//!   focused, egui outlines them as usual;
//! - widgets have square corners (a rounded corner is a fan of small
//!   triangles; square is also the flat look of office software);
//! - under a software renderer, edges are not feathered (feathering adds a
//!   ring of hairline triangles around every shape; text is not affected,
//!   its glyphs are anti-aliased in the font atlas).

use eframe::egui;
use std::sync::LazyLock;

/// Sets the look on `ctx` for both themes. `software` says the renderer
/// is a software rasteriser ([`is_software_renderer`]).
pub fn install(ctx: &egui::Context, software: bool) {
    for theme in [egui::Theme::Dark, egui::Theme::Light] {
        ctx.style_mut_of(theme, |style| {
            let v = &mut style.visuals;
            v.panel_fill = egui::Color32::TRANSPARENT;
            v.text_edit_bg_color = Some(egui::Color32::TRANSPARENT);
            let w = &mut v.widgets;
            for state in [
                &mut w.noninteractive,
                &mut w.inactive,
                &mut w.hovered,
                &mut w.active,
                &mut w.open,
            ] {
                state.corner_radius = egui::CornerRadius::ZERO;
            }
            v.window_corner_radius = egui::CornerRadius::ZERO;
            v.menu_corner_radius = egui::CornerRadius::ZERO;
        });
    }
    if software {
        ctx.tessellation_options_mut(|o| o.feathering = false);
    }
}

/// The `GL_RENDERER` string of eframe's OpenGL context, if it has one.
pub fn gl_renderer(cc: &eframe::CreationContext<'_>) -> Option<String> {
    let gl = cc.gl.as_ref()?;
    #[allow(unsafe_code)]
    // SAFETY: eframe calls the app's creator with its context current on
    // this thread; glGetString(GL_RENDERER) only reads a driver string
    // (egui_glow's painter asks the same when it starts).
    let renderer =
        unsafe { eframe::glow::HasContext::get_parameter_string(&**gl, eframe::glow::RENDERER) };
    Some(renderer)
}

/// Draws the line under a text field that [`install`] left unfilled,
/// unless egui outlines it (hovered or focused).
pub fn underline(ui: &egui::Ui, field: &egui::Response) {
    if field.has_focus() || field.hovered() {
        return;
    }
    let rect = field.rect;
    ui.painter().hline(
        rect.x_range(),
        rect.bottom() - 0.5,
        ui.visuals().widgets.noninteractive.bg_stroke,
    );
}

/// The colour the window is cleared to: the panel colour of egui's own
/// theme, since panels no longer paint it ([`install`]). Asked every frame,
/// so egui's two themes are built once.
pub fn clear_color(visuals: &egui::Visuals) -> egui::Color32 {
    static PANEL_FILLS: LazyLock<[egui::Color32; 2]> = LazyLock::new(|| {
        [
            egui::Visuals::dark().panel_fill,
            egui::Visuals::light().panel_fill,
        ]
    });
    PANEL_FILLS[usize::from(!visuals.dark_mode)]
}

/// Whether an OpenGL `GL_RENDERER` string names a software rasteriser:
/// Mesa's llvmpipe, softpipe and swrast, Google's SwiftShader, and
/// Windows' GDI Generic and Microsoft Basic Render Driver.
pub fn is_software_renderer(renderer: &str) -> bool {
    let r = renderer.to_ascii_lowercase();
    [
        "llvmpipe",
        "softpipe",
        "swrast",
        "swiftshader",
        "gdi generic",
        "basic render",
    ]
    .iter()
    .any(|name| r.contains(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn software_renderers_are_told_from_gpus() {
        for soft in [
            "llvmpipe (LLVM 15.0.6, 256 bits)",
            "softpipe",
            "Mesa X11 swrast",
            "Google SwiftShader",
            "GDI Generic",
            "Microsoft Basic Render Driver",
        ] {
            assert!(is_software_renderer(soft), "{soft}");
        }
        for gpu in [
            "Mesa Intel(R) UHD Graphics 620 (KBL GT2)",
            "NVIDIA GeForce GTX 1050/PCIe/SSE2",
            "AMD Radeon(TM) Graphics (radeonsi, renoir, LLVM 15.0.7, DRM 3.49)",
            "ANGLE (Intel, Intel(R) HD Graphics 530 Direct3D11 vs_5_0 ps_5_0)",
        ] {
            assert!(!is_software_renderer(gpu), "{gpu}");
        }
    }

    #[test]
    fn panels_leave_the_background_to_the_clear_colour() {
        let ctx = egui::Context::default();
        install(&ctx, false);
        for theme in [egui::Theme::Dark, egui::Theme::Light] {
            let style = ctx.style_of(theme);
            assert_eq!(style.visuals.panel_fill, egui::Color32::TRANSPARENT);
            assert_eq!(
                style.visuals.text_edit_bg_color(),
                egui::Color32::TRANSPARENT
            );
            let shipped = match theme {
                egui::Theme::Dark => egui::Visuals::dark(),
                egui::Theme::Light => egui::Visuals::light(),
            };
            assert_eq!(clear_color(&style.visuals), shipped.panel_fill);
            assert_ne!(shipped.panel_fill.a(), 0, "the clear colour is opaque");
        }
        assert!(
            ctx.tessellation_options(|o| o.feathering),
            "a GPU keeps feathering"
        );
        install(&ctx, true);
        assert!(!ctx.tessellation_options(|o| o.feathering));
    }
}
