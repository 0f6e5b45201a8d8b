//! Criterion benches of roll-ups and rule R7 over 1000 generated reports of
//! one year (benches/support: consistent tables, a different agency each):
//!
//! - `sum`: adding every figure of the 1000 parsed reports and writing the
//!   contract file (`rollup::sum_figures` + `contract_text`);
//! - `R7`: checking the aggregate against the 1000 (`check_children`);
//! - `rollup_files`: what `gongwen rollup DIR` does in the library — read,
//!   resolve and check every file (on all cores), refuse, sum, write the
//!   text and read it back;
//! - `check_with_children`: what `gongwen check PARENT --children DIR` does
//!   — read the parent and the 1000, every rule of the parent and R7.
//!
//! `cargo bench --bench rollup`; under `cargo test --all-targets` each
//! bench runs once as a smoke test, over 100 reports.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use gongwen::batch;
use gongwen::check::{check_children, CheckOptions};
use gongwen::input::Syntax;
use gongwen::model::{self, Report};
use gongwen::rollup::{contract_text, rollup_files, sum_figures, RollupOptions};

/// How many reports: 1000 when benchmarking, 100 for the smoke test.
fn how_many() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        1000
    } else {
        100
    }
}
const YEAR: u16 = 2024;

/// The generated reports that pass every rule, moved to one year.
fn reports(n: usize) -> Vec<String> {
    (0..)
        .filter(|i| support::kind(*i) == support::Kind::Good)
        .take(n)
        .map(|i| {
            support::report(20_240_101, i)
                .lines()
                .map(|line| {
                    if line.starts_with("year = ") {
                        format!("year = {YEAR}")
                    } else {
                        line.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let n = how_many();
    let texts = reports(n);
    // GONGWEN_BENCH_DIR keeps the reports and the roll-up, to time the
    // binary on them (`gongwen rollup DIR`, `gongwen check … --children DIR`).
    let guard = tempfile::tempdir().expect("tempdir");
    let root = match std::env::var_os("GONGWEN_BENCH_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => guard.path().to_path_buf(),
    };
    let towns = root.join("towns");
    std::fs::create_dir_all(&towns).expect("mkdir");
    let files: Vec<PathBuf> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let file = towns.join(format!("{i:04}.toml"));
            std::fs::write(&file, text).expect("write");
            file
        })
        .collect();
    let children: Vec<Report> = texts
        .iter()
        .map(|t| model::from_text(Path::new("t.toml"), t, Syntax::Toml).expect("loads"))
        .collect();
    let refs: Vec<&Report> = children.iter().collect();
    let template = children[0].template.clone();
    let options = RollupOptions {
        agency: "青云市".into(),
        year: YEAR,
        allow_errors: false,
    };
    let rolled = rollup_files(&files, &options, None).expect("the 1000 roll up");
    let parent_file = root.join("city.toml");
    std::fs::write(&parent_file, &rolled.text).expect("write");
    let parent =
        model::from_text(&parent_file, &rolled.text, Syntax::Toml).expect("the roll-up loads");
    assert!(check_children(&parent, &refs).is_empty(), "R7 holds");
    eprintln!(
        "roll-up of {n} reports: {} bytes of contract text",
        rolled.text.len()
    );

    let mut g = c.benchmark_group(format!("rollup of {n} reports"));
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("sum (parsed reports)", |b| {
        b.iter(|| {
            let sums = sum_figures(&template, &refs).expect("sums");
            contract_text(&template, "青云市", YEAR, &sums, &[])
        })
    });
    g.bench_function("R7 (parsed reports)", |b| {
        b.iter(|| check_children(&parent, &refs))
    });
    g.bench_function("rollup_files (read, check, sum, write)", |b| {
        b.iter(|| rollup_files(&files, &options, None).expect("rolls up"))
    });
    g.bench_function("check_with_children (read, all rules, R7)", |b| {
        b.iter(|| {
            batch::check_with_children(
                &parent_file,
                &files,
                None,
                &CheckOptions::default(),
                &gongwen::input::ReadOptions::default(),
            )
            .expect("checks")
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
