//! The laid-out pages as text, pinned: one line per run (page, x, y, face,
//! size, grey, width, text) and per rule, plus the outline. Every refactor
//! of the pipeline and every new writer is held to this layout; a change
//! here must be one the author meant and looked at.
//!
//! `GONGWEN_UPDATE=1` rewrites the files under tests/golden/layout/; a
//! missing golden is written and the test fails once, so a new one cannot
//! pass silently.

#[path = "../benches/support/mod.rs"]
mod support;

use std::fmt::Write as _;
use std::path::Path;

use gongwen::doc::build_document;
use gongwen::fonts::FontSet;
use gongwen::input::Syntax;
use gongwen::layout::{layout_document, Item, Pages};
use gongwen::model;

/// Positions to a hundredth of a point (0.0035 mm): finer than any writer
/// rounds, coarse enough to be the same on every platform.
fn dump(pages: &Pages, fonts: &FontSet) -> String {
    let mut out = String::new();
    for (n, page) in pages.pages.iter().enumerate() {
        let _ = writeln!(out, "page {}", n + 1);
        for item in &page.items {
            match item {
                Item::Text(run) => {
                    let width: f32 = run.glyphs.iter().map(|g| g.advance).sum();
                    let _ = writeln!(
                        out,
                        "  text {:.2} {:.2} {} {:.1} g{} w{:.2} {:?} {}",
                        run.x,
                        run.y,
                        fonts.name(run.face),
                        run.size,
                        run.gray,
                        width,
                        run.role,
                        run.text
                    );
                }
                Item::Rule(rule) => {
                    let _ = writeln!(
                        out,
                        "  rule {:.2} {:.2} {:.2} {:.2} w{:.2} g{}",
                        rule.from.0, rule.from.1, rule.to.0, rule.to.1, rule.width, rule.gray
                    );
                }
            }
        }
    }
    let _ = writeln!(out, "outline");
    for e in &pages.outline {
        let _ = writeln!(out, "  {} p{} {:.2} {}", e.level, e.page + 1, e.y, e.title);
    }
    out
}

fn check(name: &str, path: &Path, source: &str, draft: bool) {
    let fonts = FontSet::bundled().expect("bundled fonts");
    let report = model::from_text(path, source, Syntax::from_path(path)).expect("report loads");
    let doc = build_document(&report, draft).expect("document builds");
    let (pages, _) = layout_document(&doc, &fonts).expect("layout");
    let got = dump(&pages, &fonts);
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/layout")
        .join(format!("{name}.txt"));
    let update = std::env::var_os("GONGWEN_UPDATE").is_some();
    match std::fs::read_to_string(&golden) {
        Ok(want) if !update => {
            if want != got {
                let first = want
                    .lines()
                    .zip(got.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(want.lines().count().min(got.lines().count()));
                panic!(
                    "{name}: layout differs from {} at line {}:\n  golden: {}\n  now:    {}\n(run with GONGWEN_UPDATE=1 to accept)",
                    golden.display(),
                    first + 1,
                    want.lines().nth(first).unwrap_or("<end>"),
                    got.lines().nth(first).unwrap_or("<end>"),
                );
            }
        }
        Ok(_) => std::fs::write(&golden, &got).expect("write golden"),
        Err(_) => {
            std::fs::create_dir_all(golden.parent().expect("folder")).expect("golden folder");
            std::fs::write(&golden, &got).expect("write golden");
            if !update {
                panic!(
                    "{name}: golden was missing, written to {}",
                    golden.display()
                );
            }
        }
    }
}

#[test]
fn layout_golden_seed() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laochengqu-2022.toml");
    let source = std::fs::read_to_string(&path).expect("seed");
    check("seed", &path, &source, false);
}

#[test]
fn layout_golden_seed_draft() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laochengqu-2022.toml");
    let source = std::fs::read_to_string(&path).expect("seed");
    check("seed-draft", &path, &source, true);
}

/// Two generated reports of the benchmark batch: number 27 has four
/// third-level parts and a signature, number 35 about four times the usual
/// prose (chosen by looking at what the generator made for them).
#[test]
fn layout_golden_generated() {
    for i in [27usize, 35] {
        let source = support::report(1, i);
        check(
            &format!("generated-{i}"),
            Path::new("generated.toml"),
            &source,
            false,
        );
    }
}
