//! Layout, PDF and OFD writing of the seed report, with the fonts loaded
//! once (as a batch run would), plus the one-off font loading for
//! comparison. The two fixed-layout writers are also timed alone on the
//! same laid-out pages, so their costs compare directly.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use gongwen::doc::build_document;
use gongwen::fonts::FontSet;
use gongwen::layout::layout_document;
use gongwen::model;
use gongwen::ofd::write_ofd;
use gongwen::pdf::{write_pdf, PdfOptions};

fn seed() -> gongwen::doc::Document {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/laochengqu-2022.toml"
    ));
    let report = model::load(path).expect("seed loads");
    build_document(&report, false).expect("seed builds")
}

fn bench(c: &mut Criterion) {
    let doc = seed();
    let fonts = FontSet::bundled().expect("fonts");
    let options = PdfOptions::default();
    let (pages, _) = layout_document(&doc, &fonts).expect("layout");
    let pdf = write_pdf(&pages, &fonts, &options).expect("pdf");
    let ofd = write_ofd(&pages, &fonts).expect("ofd");
    eprintln!(
        "seed PDF/A-2b: {} bytes, OFD: {} bytes, {} pages",
        pdf.len(),
        ofd.len(),
        pages.pages.len()
    );
    // Wall time suffers when the machine is shared; this thread's CPU time
    // (Linux only) says what one export costs by itself.
    // Only under `cargo bench`: `cargo test --all-targets` runs this file too.
    let benching = std::env::args().any(|a| a == "--bench");
    if let Some(start) = thread_cpu_ms().filter(|_| benching) {
        let n = 50;
        for _ in 0..n {
            let (pages, _) = layout_document(&doc, &fonts).expect("layout");
            std::hint::black_box(write_pdf(&pages, &fonts, &options).expect("pdf"));
        }
        if let Some(end) = thread_cpu_ms() {
            eprintln!(
                "seed layout + PDF/A-2b: {:.1} ms CPU per export",
                (end - start) / n as f64
            );
        }
        if let Some(start) = thread_cpu_ms() {
            for _ in 0..n {
                let (pages, _) = layout_document(&doc, &fonts).expect("layout");
                std::hint::black_box(write_ofd(&pages, &fonts).expect("ofd"));
            }
            if let Some(end) = thread_cpu_ms() {
                eprintln!(
                    "seed layout + OFD: {:.1} ms CPU per export",
                    (end - start) / n as f64
                );
            }
        }
    }
    c.bench_function("seed write PDF/A-2b (laid out)", |b| {
        b.iter(|| write_pdf(&pages, &fonts, &options).expect("pdf"))
    });
    c.bench_function("seed write OFD (laid out)", |b| {
        b.iter(|| write_ofd(&pages, &fonts).expect("ofd"))
    });
    c.bench_function("seed layout", |b| {
        b.iter(|| layout_document(&doc, &fonts).expect("layout"))
    });
    c.bench_function("seed layout + PDF/A-2b", |b| {
        b.iter(|| {
            let (pages, _) = layout_document(&doc, &fonts).expect("layout");
            write_pdf(&pages, &fonts, &options).expect("pdf")
        })
    });
    // The fixed cost per PDF (five font subsets, ICC profile, XMP) against
    // the seed's size-dependent part.
    let mut short = doc.clone();
    short.blocks.truncate(2);
    c.bench_function("title + one paragraph layout + PDF/A-2b", |b| {
        b.iter(|| {
            let (pages, _) = layout_document(&short, &fonts).expect("layout");
            write_pdf(&pages, &fonts, &options).expect("pdf")
        })
    });
    c.bench_function("load bundled fonts", |b| {
        b.iter(|| FontSet::bundled().expect("fonts"))
    });
}

/// utime + stime of this thread in milliseconds, from /proc (clock ticks of 10 ms).
fn thread_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) * 10.0)
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
