//! Every file of the import corpus (tests/import/corpus, made the way real
//! documents are made: portal pages, their LibreOffice DOCX, gongwen's own
//! DOCX, Word-style edits; see tests/import/generate.sh) imports to the
//! figures of the TOML it was made from, with exactly the blank cells its
//! maker printed, prose equal (whitespace aside), the same check findings,
//! and the expected warnings. The contract file written for it reads back
//! to the same report.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gongwen::check::{check_all, CheckOptions};
use gongwen::input::import::contract;
use gongwen::input::{read_report_with, NoteKind, NoteSeverity, Place, ReadOptions, Syntax};
use gongwen::model::{self, Figure, Part, Report};
use gongwen::template::{Template, DEFAULT_TEMPLATE};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import/corpus")
}

#[test]
fn every_corpus_file_imports_to_its_expected_figures() {
    let dir = corpus();
    let manifest: toml::Table = std::fs::read_to_string(dir.join("manifest.toml"))
        .expect("tests/import/corpus/manifest.toml")
        .parse()
        .expect("manifest parses");
    let cases = manifest["case"].as_array().expect("cases");
    let mut listed = BTreeSet::new();
    let mut failures = Vec::new();
    for case in cases {
        let file = case["file"].as_str().expect("file");
        listed.insert(file.to_string());
        if let Err(e) = check_case(&dir, case) {
            failures.push(format!("{file}: {e}"));
        }
    }
    // No file in the corpus goes unchecked.
    for entry in std::fs::read_dir(&dir).expect("corpus dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if (name.ends_with(".html") || name.ends_with(".docx")) && !listed.contains(&name) {
            failures.push(format!("{name}: not in manifest.toml"));
        }
    }
    println!(
        "{} passed, {} failed",
        cases.len() - failures.len(),
        failures.len()
    );
    assert!(cases.len() >= 47, "{} cases", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_case(dir: &Path, case: &toml::Value) -> Result<(), String> {
    let file = dir.join(case["file"].as_str().unwrap_or_default());
    let expected = model::load(&dir.join(case["expect"].as_str().unwrap_or_default()))
        .map_err(|e| e.to_string())?;
    let options = ReadOptions {
        strict: case
            .get("strict")
            .and_then(toml::Value::as_bool)
            .unwrap_or(false),
        ..ReadOptions::default()
    };
    let blanks: BTreeSet<Place> = case["blanks"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|b| b.as_str())
                .map(parse_place)
                .collect()
        })
        .unwrap_or_default();
    let result = read_report_with(&file, &options);
    if let Some(error) = case.get("error").and_then(toml::Value::as_str) {
        let err = match result {
            Ok(_) => return Err(format!("imported, but should fail with “{error}”")),
            Err(e) => e.to_string(),
        };
        if !err.contains(error) {
            return Err(format!("error lacks “{error}”: {err}"));
        }
        // Under --strict each blank cell is an error of its own, named by place.
        for place in &blanks {
            if !err.contains(&place.to_string()) {
                return Err(format!("strict error does not name {place}"));
            }
        }
        return Ok(());
    }
    let parsed = result.map_err(|e| e.to_string())?;
    let got = model::resolve(&parsed).map_err(|e| format!("does not resolve: {e}"))?;
    // The contract file written for it reads back to the same report.
    let template = Template::built_in(DEFAULT_TEMPLATE).expect("template");
    let text = contract::to_toml(&parsed, &template, "corpus");
    let reread = model::from_text(Path::new("imported.toml"), &text, Syntax::Toml)
        .map_err(|e| format!("contract file rejected: {e}\n{text}"))?;
    same_report(&reread, &got).map_err(|e| format!("contract file differs: {e}"))?;
    same_report(&got, &expected)?;

    let got_blanks: BTreeSet<Place> = parsed
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::BlankCell)
        .filter_map(|n| n.place)
        .collect();
    if got_blanks != blanks {
        let extra: Vec<String> = got_blanks
            .difference(&blanks)
            .map(ToString::to_string)
            .collect();
        let missing: Vec<String> = blanks
            .difference(&got_blanks)
            .map(ToString::to_string)
            .collect();
        return Err(format!(
            "blank cells differ: extra {extra:?}, missing {missing:?}"
        ));
    }
    let mut warnings: Vec<String> = parsed
        .notes
        .iter()
        .filter(|n| n.severity == NoteSeverity::Warning)
        .map(|n| format!("{:?}", n.kind))
        .collect();
    warnings.sort();
    let mut want: Vec<String> = case["warnings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|w| w.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    want.sort();
    if warnings != want {
        let listing: Vec<String> = parsed
            .notes
            .iter()
            .filter(|n| n.severity == NoteSeverity::Warning)
            .map(ToString::to_string)
            .collect();
        return Err(format!(
            "warnings {warnings:?} ≠ expected {want:?}:\n  {}",
            listing.join("\n  ")
        ));
    }
    let findings = |r: &Report| -> Vec<String> {
        check_all(r, None, &CheckOptions::default())
            .iter()
            .map(|f| format!("{} {:?} {}", f.rule, f.severity, f.message))
            .collect()
    };
    if findings(&got) != findings(&expected) {
        return Err(format!(
            "check findings differ: {:?} ≠ {:?}",
            findings(&got),
            findings(&expected)
        ));
    }
    Ok(())
}

/// Meta and figures exactly; prose paragraphs and parts equal, whitespace
/// aside.
fn same_report(got: &Report, expected: &Report) -> Result<(), String> {
    if got.meta != expected.meta {
        return Err(format!("meta {:?} ≠ {:?}", got.meta, expected.meta));
    }
    for (key, want) in &expected.figures.0 {
        let have = got.figures.0.get(key);
        let same = match (want, have) {
            (Figure::Row(a), Some(Figure::Row(b))) => a.values == b.values,
            (Figure::Count(a), Some(Figure::Count(b))) => a == b,
            (Figure::Decimal(a), Some(Figure::Decimal(b))) => a == b,
            _ => false,
        };
        if !same {
            return Err(format!("{key}: {have:?} ≠ expected {want:?}"));
        }
    }
    for (a, b) in got.sections.iter().zip(&expected.sections) {
        compare_prose(
            &a.key,
            &a.prose.paragraphs,
            &a.prose.parts,
            &b.prose.paragraphs,
            &b.prose.parts,
        )?;
    }
    Ok(())
}

fn parse_place(text: &str) -> Place {
    let n: Vec<usize> = text
        .split(':')
        .map(|p| p.parse().expect("number"))
        .collect();
    Place::Cell {
        table: n[0],
        row: n[1],
        column: n[2],
    }
}

/// Paragraphs and parts equal, whitespace aside.
fn compare_prose(
    at: &str,
    a: &[String],
    a_parts: &[Part],
    b: &[String],
    b_parts: &[Part],
) -> Result<(), String> {
    let squash = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
            .collect()
    };
    if squash(a) != squash(b) {
        return Err(format!("{at}: paragraphs {a:?} ≠ expected {b:?}"));
    }
    if a_parts.len() != b_parts.len() {
        let heads = |p: &[Part]| p.iter().map(|x| x.heading.clone()).collect::<Vec<_>>();
        return Err(format!(
            "{at}: parts {:?} ≠ expected {:?}",
            heads(a_parts),
            heads(b_parts)
        ));
    }
    for (x, y) in a_parts.iter().zip(b_parts) {
        if x.heading != y.heading {
            return Err(format!(
                "{at}: heading “{}” ≠ expected “{}”",
                x.heading, y.heading
            ));
        }
        compare_prose(
            &format!("{at}/{}", x.heading),
            &x.prose.paragraphs,
            &x.prose.parts,
            &y.prose.paragraphs,
            &y.prose.parts,
        )?;
    }
    Ok(())
}
