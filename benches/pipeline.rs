//! Criterion benches of each stage on the seed report, fonts loaded once as
//! in a batch run: parse + check, document tree, layout, PDF writing, DOCX
//! writing, and the library's whole in-memory export (checks, then PDF and
//! DOCX) as the CLI and the fuzz target call it. The same stages run on the
//! seed with ten times its prose, for the linear-growth target. Import:
//! the seed as gongwen's own DOCX, as a portal page, and as LibreOffice's
//! DOCX of that page, each read into the model (file bytes in memory).
//!
//! `cargo bench --bench pipeline`; under `cargo test --all-targets` each
//! bench runs once as a smoke test.

mod support;

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use gongwen::check::{self, CheckOptions};
use gongwen::doc::build_document;
use gongwen::docx::{write_docx, DocxOptions};
use gongwen::export::{render_report, RenderOptions};
use gongwen::fonts::FontSet;
use gongwen::input::sniff::{sniff, Kind};
use gongwen::input::{read_bytes_with, ReadOptions, Syntax};
use gongwen::layout::layout_document;
use gongwen::model;
use gongwen::pdf::{write_pdf, PdfOptions};

fn bench(c: &mut Criterion) {
    let fonts = FontSet::bundled().expect("bundled fonts");
    let seed = support::seed_text();
    let inputs = [
        ("seed", seed.clone()),
        ("seed-10x-prose", support::scale_prose(&seed, 10)),
    ];
    let path = Path::new("laochengqu-2022.toml");
    for (name, source) in &inputs {
        let report = model::from_text(path, source, Syntax::Toml).expect("report loads");
        let options = RenderOptions::default();
        if let Err(e) = render_report(&report, None, &fonts, &options) {
            panic!("{name} must pass the checks and render: {e}");
        }
        let doc = build_document(&report, false).expect("document builds");
        let (pages, _) = layout_document(&doc, &fonts).expect("layout");
        let pdf_options = PdfOptions::default();
        let docx_options = DocxOptions::default();

        let mut g = c.benchmark_group("stage");
        g.bench_function(BenchmarkId::new("parse+check", name), |b| {
            b.iter(|| {
                let report = model::from_text(path, source, Syntax::Toml).expect("report loads");
                check::check_all(&report, None, &CheckOptions::default())
            })
        });
        g.bench_function(BenchmarkId::new("document tree", name), |b| {
            b.iter(|| build_document(&report, false).expect("document builds"))
        });
        g.bench_function(BenchmarkId::new("layout", name), |b| {
            b.iter(|| layout_document(&doc, &fonts).expect("layout"))
        });
        g.bench_function(BenchmarkId::new("PDF writing", name), |b| {
            b.iter(|| write_pdf(&pages, &fonts, &pdf_options).expect("pdf"))
        });
        g.bench_function(BenchmarkId::new("DOCX writing", name), |b| {
            b.iter(|| write_docx(&doc, &docx_options).expect("docx"))
        });
        g.bench_function(BenchmarkId::new("check+render PDF+DOCX", name), |b| {
            b.iter(|| render_report(&report, None, &fonts, &options).expect("render"))
        });
        g.finish();
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import/corpus");
    let mut g = c.benchmark_group("import");
    for name in [
        "laochengqu-2022.gongwen.docx",
        "laochengqu-2022.portal.html",
        "laochengqu-2022.portal.lo.docx",
    ] {
        let bytes = std::fs::read(corpus.join(name)).expect("corpus file");
        let kind: Kind = sniff(&bytes);
        let file = Path::new(name);
        g.bench_function(BenchmarkId::new("read+resolve", name), |b| {
            b.iter(|| {
                let parsed = read_bytes_with(file, kind, bytes.clone(), &ReadOptions::default())
                    .expect("imports");
                model::resolve(&parsed).expect("resolves")
            })
        });
    }
    g.finish();
    c.bench_function("stage/font loading (bundled, once per run)", |b| {
        b.iter(|| FontSet::bundled().expect("fonts"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
