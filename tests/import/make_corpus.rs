//! Writes the import corpus's portal-style pages (tests/import/portal.rs)
//! and their manifest: per file, the TOML whose figures it must import to
//! and the cells it prints blank, computed from the layout written (not by
//! the importer), and the warnings expected.
//!
//! Usage: cargo run --release --example make_import_corpus -- CORPUS_DIR
//! (tests/import/generate.sh runs it, then converts pages with LibreOffice,
//! exports each TOML with gongwen and makes the Word-style edits).

#[path = "portal.rs"]
mod portal;
#[path = "../../benches/support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use gongwen::model;
use gongwen::template::Template;
use portal::{render, Variant, Zeros};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "corpus".into()));
    let expected = dir.join("expected");
    std::fs::create_dir_all(&expected).expect("corpus dir");
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR"));
    for example in ["laochengqu-2022", "placeholders-2023"] {
        let text = std::fs::read_to_string(snapshot.join(format!("examples/{example}.toml")))
            .expect("example");
        std::fs::write(expected.join(format!("{example}.toml")), text).expect("write");
    }
    let mut generated = Vec::new();
    for i in [0usize, 1, 2, 3, 4, 5] {
        let name = format!("generated-{i}");
        std::fs::write(
            expected.join(format!("{name}.toml")),
            support::report(2024, i),
        )
        .expect("write");
        generated.push(name);
    }

    let mut variants = Vec::new();
    for base in ["laochengqu-2022", "placeholders-2023"]
        .iter()
        .map(|s| s.to_string())
        .chain(generated)
    {
        let mut v = Variant::new(&format!("{base}.portal"), &base);
        v.convert = true;
        variants.push(v);
    }
    let seed = "laochengqu-2022";
    let busy = "placeholders-2023";
    let mut add = |name: &str, base: &str, f: &dyn Fn(&mut Variant)| {
        let mut v = Variant::new(name, base);
        f(&mut v);
        variants.push(v);
    };
    add("variant-labels", seed, &|v| {
        v.label_variants = true;
        v.convert = true;
    });
    add("variant-vertical-label", seed, &|v| {
        v.vertical_label = true;
        v.convert = true;
    });
    add("variant-split-label", busy, &|v| v.split_group_label = true);
    add("variant-split-tables", busy, &|v| {
        v.split_tables = true;
        v.convert = true;
    });
    add("variant-four-small-tables", busy, &|v| {
        v.proactive_as_four = true
    });
    add("variant-gbk", seed, &|v| v.gbk = true);
    add("variant-fullwidth", busy, &|v| {
        v.full_width = true;
        v.thousands = true;
        v.convert = true;
    });
    add("variant-thousands", busy, &|v| {
        v.thousands = true;
        v.zeros = Zeros::Digit;
    });
    add("variant-dashes", busy, &|v| {
        v.zeros = Zeros::Dashes;
        v.convert = true;
    });
    add("variant-dashes-strict", busy, &|v| {
        v.zeros = Zeros::Dashes;
        v.strict = true;
        v.expect_error = Some("--strict".into());
    });
    add("variant-no-title", seed, &|v| {
        v.title_in_body = false;
        v.warnings = vec!["Other"];
    });
    add("variant-title-break", busy, &|v| v.title_break = true);
    add("variant-run-in", seed, &|v| v.run_in = true);
    add("variant-headings", seed, &|v| {
        v.heading_variants = true;
        v.warnings = vec!["MissingSection"];
    });
    add("variant-gbk-everything", "generated-3", &|v| {
        v.gbk = true;
        v.label_variants = true;
        v.vertical_label = true;
        v.full_width = true;
        v.zeros = Zeros::Dashes;
        v.split_tables = true;
    });

    let template = Template::built_in(gongwen::template::DEFAULT_TEMPLATE).expect("template");
    let mut manifest = String::from(
        "# The import corpus: each file, the TOML it must import to, and the cells it\n\
         # prints blank (table:row:col, 1-based). Written by examples/make_corpus.rs;\n\
         # corpus/generate.sh adds the LibreOffice and gongwen DOCX files.\n",
    );
    for v in &variants {
        let toml_path = expected.join(format!("{}.toml", v.base));
        let report = model::load(&toml_path).expect("expected TOML loads");
        let (html, blanks) = render(&report, &template, v);
        let file = format!("{}.html", v.name);
        let bytes = if v.gbk {
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(&html);
            assert!(!unmappable, "{}: text outside GBK", v.name);
            bytes.into_owned()
        } else {
            html.into_bytes()
        };
        std::fs::write(dir.join(&file), bytes).expect("write page");
        entry(&mut manifest, &file, v, &blanks);
        if v.convert {
            // Same content through LibreOffice (generate.sh converts it).
            let mut lo = v.clone();
            lo.strict = false;
            entry(&mut manifest, &format!("{}.lo.docx", v.name), &lo, &blanks);
        }
    }
    // gongwen's own DOCX of every expected TOML: the round trip.
    let mut bases: Vec<String> = variants.iter().map(|v| v.base.clone()).collect();
    bases.dedup();
    let bases: BTreeSet<String> = bases.into_iter().collect();
    for base in &bases {
        let v = Variant::new(base, base);
        entry(
            &mut manifest,
            &format!("{base}.gongwen.docx"),
            &v,
            &BTreeSet::new(),
        );
    }
    // Word-style edits (word_variants.py) and LibreOffice re-saving
    // gongwen's DOCX (generate.sh): figures exactly as the source, no blanks.
    for (file, base) in [
        ("word-features-seed.docx", "laochengqu-2022"),
        ("word-numbering-placeholders.docx", "placeholders-2023"),
        ("laochengqu-2022.gongwen.lo.docx", "laochengqu-2022"),
    ] {
        entry(
            &mut manifest,
            file,
            &Variant::new(file, base),
            &BTreeSet::new(),
        );
    }
    std::fs::write(dir.join("manifest.toml"), manifest).expect("manifest");
    // The bases that generate.sh exports with gongwen, one per line.
    let list: Vec<String> = bases.iter().cloned().collect();
    std::fs::write(dir.join("expected/bases.txt"), list.join("\n") + "\n").expect("bases");
    let convert: Vec<String> = variants
        .iter()
        .filter(|v| v.convert)
        .map(|v| v.name.clone())
        .collect();
    std::fs::write(dir.join("expected/convert.txt"), convert.join("\n") + "\n")
        .expect("convert list");
}

fn entry(manifest: &mut String, file: &str, v: &Variant, blanks: &BTreeSet<(usize, usize, usize)>) {
    let _ = writeln!(
        manifest,
        "\n[[case]]\nfile = \"{file}\"\nexpect = \"expected/{}.toml\"",
        v.base
    );
    let list: Vec<String> = blanks
        .iter()
        .map(|(t, r, c)| format!("\"{t}:{r}:{c}\""))
        .collect();
    let _ = writeln!(manifest, "blanks = [{}]", list.join(", "));
    if v.strict {
        let _ = writeln!(manifest, "strict = true");
    }
    if let Some(e) = &v.expect_error {
        let _ = writeln!(manifest, "error = \"{e}\"");
    }
    let warnings: Vec<String> = v.warnings.iter().map(|w| format!("\"{w}\"")).collect();
    let _ = writeln!(manifest, "warnings = [{}]", warnings.join(", "));
}
