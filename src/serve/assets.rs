//! The page itself, compiled into the binary: HTML, CSS and script from
//! `web/`, and the fonts of the font set as web fonts, so the tables are
//! drawn in the body face and the preview in the faces it prints with.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::app::token_of;
use super::error::ApiError;
use super::svg::face_family;
use crate::fonts::{FontRole, FontSet};

const INDEX: &str = include_str!("web/index.html");
const CSS: &str = include_str!("web/app.css");
/// The script, one file per concern, served as one.
const JS: &str = concat!(
    include_str!("web/common.js"),
    include_str!("web/start.js"),
    include_str!("web/tables.js"),
    include_str!("web/prose.js"),
    include_str!("web/editor.js"),
);

fn text(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            // Always asked again, so a new binary's page is never mixed
            // with an old script.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The page: the start page and the editor are one page, which reads its
/// address to know which to show.
pub async fn index() -> Response {
    text("text/html; charset=utf-8", INDEX)
}

/// The styles.
pub async fn css() -> Response {
    text("text/css; charset=utf-8", CSS)
}

/// The script.
pub async fn js() -> Response {
    text("text/javascript; charset=utf-8", JS)
}

/// The faces of the font set, each under a name that changes with its
/// bytes, so the browser may keep it for good.
pub struct Fonts {
    files: Vec<(String, &'static str, crate::fonts::FontBytes)>,
    css: String,
}

impl Fonts {
    /// The web fonts of `fonts`.
    pub fn of(fonts: &FontSet) -> Fonts {
        let mut files = Vec::new();
        let mut css = String::new();
        for (face, file) in fonts.files() {
            let bytes = file.bytes.as_ref();
            let (extension, format, kind) = match bytes.get(..4) {
                Some(b"OTTO") => ("otf", "opentype", "font/otf"),
                Some(b"ttcf") => ("ttc", "collection", "font/collection"),
                _ => ("ttf", "truetype", "font/ttf"),
            };
            let name = format!("{}-{}.{extension}", face.index(), token_of(bytes));
            css.push_str(&format!(
                "@font-face {{ font-family: \"{}\"; src: url(\"/fonts/{name}\") format(\"{format}\"); font-display: swap; }}\n",
                face_family(face.index())
            ));
            files.push((name, kind, file.bytes.clone()));
        }
        css.push_str(":root {\n");
        for role in FontRole::ALL {
            css.push_str(&format!(
                "  --gw-{}: \"{}\";\n",
                role.key(),
                face_family(fonts.role(role).index())
            ));
        }
        css.push_str("}\n");
        Fonts { files, css }
    }

    /// The `@font-face` rules, and a CSS variable per role.
    pub fn css(&self) -> Response {
        (
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            self.css.clone(),
        )
            .into_response()
    }

    /// One face's file.
    pub fn file(&self, name: &str) -> Response {
        match self.files.iter().find(|(n, _, _)| n == name) {
            Some((_, kind, bytes)) => (
                [
                    (header::CONTENT_TYPE, *kind),
                    (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                ],
                bytes.as_ref().to_vec(),
            )
                .into_response(),
            None => ApiError::not_found(format!("没有字体 {name}")).into_response(),
        }
    }
}
