//! "Other producers", fresh on every run: portal pages are written now from
//! the examples and generated reports (tests/import/portal.rs), converted
//! to DOCX by LibreOffice — one `soffice` process for all of them — and both
//! the pages and LibreOffice's DOCX are imported. Each must give the
//! report's figures exactly, its prose (whitespace aside), and exactly the
//! blank cells the page printed. Needs LibreOffice (scripts/test.sh
//! installs it); a missing `soffice` fails the test.

#[path = "import/portal.rs"]
mod portal;
#[path = "../benches/support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use gongwen::input::{read_report_with, NoteKind, NoteSeverity, Place, ReadOptions, Syntax};
use gongwen::model::{self, Figure, Part, Report};
use gongwen::template::{Template, DEFAULT_TEMPLATE};
use portal::{render, Variant, Zeros};

struct Page {
    name: String,
    report: Report,
    blanks: BTreeSet<Place>,
}

#[test]
fn fresh_portal_pages_and_their_libreoffice_docx_import_exactly() {
    let template = Template::built_in(DEFAULT_TEMPLATE).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources: Vec<(String, Report)> = ["laochengqu-2022", "placeholders-2023"]
        .iter()
        .map(|name| {
            let path = root.join(format!("examples/{name}.toml"));
            (name.to_string(), model::load(&path).unwrap())
        })
        .collect();
    // Reports the examples do not cover: other agencies, years and counts.
    for i in [6usize, 7, 8] {
        let text = support::report(99, i);
        let path = PathBuf::from(format!("generated-{i}.toml"));
        sources.push((
            format!("generated-{i}"),
            model::from_text(&path, &text, Syntax::Toml).unwrap(),
        ));
    }
    let mut pages = Vec::new();
    for (k, (name, report)) in sources.into_iter().enumerate() {
        // Every other page with the variants real portals show.
        let mut variant = Variant::new(&name, &name);
        if k % 2 == 1 {
            variant.label_variants = true;
            variant.vertical_label = true;
            variant.split_tables = true;
            variant.zeros = Zeros::Dashes;
        }
        let (html, blanks) = render(&report, &template, &variant);
        std::fs::write(dir.path().join(format!("{name}.html")), html).unwrap();
        let blanks = blanks
            .into_iter()
            .map(|(table, row, column)| Place::Cell { table, row, column })
            .collect();
        pages.push(Page {
            name,
            report,
            blanks,
        });
    }
    let out = dir.path().join("lo");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args([
            "--headless",
            "--infilter=HTML (StarWriter)",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(&out)
        .args(
            pages
                .iter()
                .map(|p| dir.path().join(format!("{}.html", p.name))),
        )
        .output()
        .expect("soffice (LibreOffice) is needed: scripts/test.sh installs it");
    assert!(status.status.success(), "soffice failed: {status:?}");

    let mut checked = 0;
    for page in &pages {
        for file in [
            dir.path().join(format!("{}.html", page.name)),
            out.join(format!("{}.docx", page.name)),
        ] {
            let parsed =
                read_report_with(&file, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
            let warnings: Vec<String> = parsed
                .notes
                .iter()
                .filter(|n| n.severity >= NoteSeverity::Warning)
                .map(ToString::to_string)
                .collect();
            assert!(warnings.is_empty(), "{file:?}: {warnings:?}");
            let blanks: BTreeSet<Place> = parsed
                .notes
                .iter()
                .filter(|n| n.kind == NoteKind::BlankCell)
                .filter_map(|n| n.place)
                .collect();
            assert_eq!(blanks, page.blanks, "{file:?}: blank cells");
            let got = model::resolve(&parsed).unwrap_or_else(|e| panic!("{e}"));
            same_report(&got, &page.report).unwrap_or_else(|e| panic!("{file:?}: {e}"));
            checked += 1;
        }
    }
    assert_eq!(checked, 10);
}

fn same_report(got: &Report, expected: &Report) -> Result<(), String> {
    if got.meta != expected.meta {
        return Err(format!("meta {:?} ≠ {:?}", got.meta, expected.meta));
    }
    for (key, want) in &expected.figures.0 {
        let same = match (want, got.figures.0.get(key)) {
            (Figure::Row(a), Some(Figure::Row(b))) => a.values == b.values,
            (a, Some(b)) => a == b,
            _ => false,
        };
        if !same {
            return Err(format!("{key}: {:?} ≠ {want:?}", got.figures.0.get(key)));
        }
    }
    for (a, b) in got.sections.iter().zip(&expected.sections) {
        if !same_prose(
            &a.prose.paragraphs,
            &a.prose.parts,
            &b.prose.paragraphs,
            &b.prose.parts,
        ) {
            return Err(format!("{}: {:?} ≠ {:?}", a.key, a.prose, b.prose));
        }
    }
    Ok(())
}

fn same_prose(a: &[String], ap: &[Part], b: &[String], bp: &[Part]) -> bool {
    let squash = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
            .collect()
    };
    squash(a) == squash(b)
        && ap.len() == bp.len()
        && ap.iter().zip(bp).all(|(x, y)| {
            x.heading == y.heading
                && same_prose(
                    &x.prose.paragraphs,
                    &x.prose.parts,
                    &y.prose.paragraphs,
                    &y.prose.parts,
                )
        })
}
