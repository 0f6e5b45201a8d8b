//! Whole-process benchmark: runs the real `gongwen` binary as a user would.
//!
//! - the seed, PDF + DOCX, one process per export: median wall and CPU time;
//!   then the PDF alone and the OFD alone, with their sizes;
//! - the seed with ten times its prose (linear growth);
//! - 1000 generated reports (fixed seed, realistic variety, 10 of them
//!   inconsistent on purpose) in one folder: `gongwen export DIR`, total wall
//!   time, peak memory, output sizes; the same batch as PDF alone and as
//!   OFD alone; plus the median of 100 of them exported one process each.
//!
//! `cargo bench --bench whole_process` (or `scripts/bench.sh`). Under
//! `cargo test --all-targets` it runs a small smoke version that checks the
//! batch plumbing (outputs written, failures counted, exit status 1) and
//! times nothing.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const GENERATOR_SEED: u64 = 20_221_231;

struct Run {
    wall: Duration,
    /// User + system time of the child.
    cpu: Duration,
    output: Output,
}

fn children_usage() -> (Duration, i64) {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    (tv(usage.ru_utime) + tv(usage.ru_stime), usage.ru_maxrss)
}

/// Peak resident set of any child so far, in MiB (ru_maxrss is in KiB on Linux).
fn peak_rss_mib() -> f64 {
    children_usage().1 as f64 / 1024.0
}

fn gongwen(args: &[&Path]) -> Run {
    let (cpu_before, _) = children_usage();
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .output()
        .expect("run gongwen");
    let wall = started.elapsed();
    let (cpu_after, _) = children_usage();
    Run {
        wall,
        cpu: cpu_after - cpu_before,
        output,
    }
}

fn export(inputs: &[&Path], out: &Path) -> Run {
    export_as(inputs, out, None)
}

/// `gongwen export`, in the given `--format` list or the default formats.
fn export_as(inputs: &[&Path], out: &Path, formats: Option<&str>) -> Run {
    let mut args: Vec<&Path> = vec![
        Path::new("export"),
        Path::new("-q"),
        Path::new("--out-dir"),
        out,
    ];
    if let Some(formats) = formats {
        args.extend([Path::new("--format"), Path::new(formats)]);
    }
    args.extend_from_slice(inputs);
    gongwen(&args)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .len()
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// Exports `input` `runs` times, one process each; returns median wall and CPU.
fn repeat(input: &Path, out: &Path, runs: usize) -> (Duration, Duration) {
    repeat_as(input, out, runs, None)
}

fn repeat_as(input: &Path, out: &Path, runs: usize, formats: Option<&str>) -> (Duration, Duration) {
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    for _ in 0..runs {
        let run = export_as(&[input], out, formats);
        assert!(
            run.output.status.success(),
            "{} failed: {}",
            input.display(),
            String::from_utf8_lossy(&run.output.stdout)
        );
        walls.push(run.wall);
        cpus.push(run.cpu);
    }
    (median(walls), median(cpus))
}

/// Writes `count` generated reports into `dir`: every tenth as JSON (the
/// same tree), the rest TOML. Returns how many are inconsistent on purpose.
fn generate(dir: &Path, count: usize) -> (Vec<PathBuf>, usize) {
    let mut files = Vec::new();
    let mut broken = 0;
    for i in 0..count {
        let text = support::report(GENERATOR_SEED, i);
        if support::kind(i) == support::Kind::Inconsistent {
            broken += 1;
        }
        let path = if i % 10 == 3 {
            let table: toml::Table = text.parse().expect("generated TOML parses");
            let json = serde_json::to_string_pretty(&table).expect("JSON");
            let p = dir.join(format!("report-{i:04}.json"));
            std::fs::write(&p, json).expect("write JSON");
            p
        } else {
            let p = dir.join(format!("report-{i:04}.toml"));
            std::fs::write(&p, text).expect("write TOML");
            p
        };
        files.push(path);
    }
    (files, broken)
}

/// The last line of stdout: the summary.
/// The summary line (a list of the failed files may follow it).
fn summary(run: &Run) -> String {
    String::from_utf8_lossy(&run.output.stdout)
        .lines()
        .find(|l| l.starts_with("共 "))
        .unwrap_or("")
        .to_string()
}

fn sizes(dir: &Path, ext: &str) -> Vec<u64> {
    let mut v: Vec<u64> = std::fs::read_dir(dir)
        .expect("read out dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| size(&p))
        .collect();
    v.sort_unstable();
    v
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    // GONGWEN_BENCH_DIR keeps the generated reports and outputs for a look.
    let parent: PathBuf = std::env::var_os("GONGWEN_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&parent).expect("GONGWEN_BENCH_DIR can be created");
    let guard = tempfile::Builder::new()
        .prefix("gongwen-bench-")
        .tempdir_in(&parent)
        .expect("temp dir");
    let root = if std::env::var_os("GONGWEN_BENCH_DIR").is_some() {
        guard.keep()
    } else {
        guard.path().to_path_buf()
    };
    let tmp = &root;
    let seed = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/laochengqu-2022.toml"
    ));
    let seed_out = tmp.join("seed-out");
    std::fs::create_dir(&seed_out).expect("mkdir");

    if !full {
        smoke(tmp, seed, &seed_out);
        return;
    }

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("machine: {cores} cores; load average before: {}", loadavg());

    // Warm the page cache and the binary.
    export(&[seed], &seed_out);
    let runs = 31;
    let (seed_wall, seed_cpu) = repeat(seed, &seed_out, runs);
    let seed_rss = peak_rss_mib();
    println!(
        "seed PDF+DOCX, whole process: median {:.1} ms wall, {:.1} ms CPU ({runs} runs); peak RSS {:.1} MiB; PDF {} bytes, DOCX {} bytes",
        ms(seed_wall),
        ms(seed_cpu),
        seed_rss,
        size(&seed_out.join("laochengqu-2022.pdf")),
        size(&seed_out.join("laochengqu-2022.docx")),
    );

    // The two fixed-layout formats apart: the same layout, two writers.
    for format in ["pdf", "ofd"] {
        let (wall, cpu) = repeat_as(seed, &seed_out, runs, Some(format));
        println!(
            "seed {} only, whole process: median {:.1} ms wall, {:.1} ms CPU ({runs} runs); {} bytes",
            format.to_uppercase(),
            ms(wall),
            ms(cpu),
            size(&seed_out.join(format!("laochengqu-2022.{format}"))),
        );
    }

    // Linear growth: the same report with ten times the prose.
    let big = tmp.join("seed-10x.toml");
    std::fs::write(&big, support::scale_prose(&support::seed_text(), 10)).expect("write");
    export(&[&big], &seed_out);
    let (big_wall, big_cpu) = repeat(&big, &seed_out, 15);
    println!(
        "seed with 10x prose, whole process: median {:.1} ms wall, {:.1} ms CPU; PDF {} bytes; ratio to the seed {:.2} (wall), {:.2} (CPU)",
        ms(big_wall),
        ms(big_cpu),
        size(&seed_out.join("seed-10x.pdf")),
        big_wall.as_secs_f64() / seed_wall.as_secs_f64(),
        big_cpu.as_secs_f64() / seed_cpu.as_secs_f64(),
    );

    // The batch.
    let count = 1000;
    let input = tmp.join("reports");
    let out = tmp.join("out");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::create_dir(&out).expect("mkdir");
    let (files, broken) = generate(&input, count);
    let batch = export(&[&input], &out);
    let batch_rss = peak_rss_mib();
    assert_eq!(
        batch.output.status.code(),
        Some(u8::from(broken > 0).into())
    );
    let pdfs = sizes(&out, "pdf");
    let docxs = sizes(&out, "docx");
    assert_eq!(pdfs.len(), count - broken, "one PDF per consistent report");
    assert_eq!(
        docxs.len(),
        count - broken,
        "one DOCX per consistent report"
    );
    let mib = |v: &[u64]| v.iter().sum::<u64>() as f64 / (1024.0 * 1024.0);
    println!(
        "batch of {count} generated reports ({broken} inconsistent on purpose, reported as failed), `gongwen export DIR`: {:.2} s wall, {:.2} s CPU, peak RSS {:.1} MiB",
        batch.wall.as_secs_f64(),
        batch.cpu.as_secs_f64(),
        batch_rss,
    );
    println!("  summary line: {}", summary(&batch));
    println!(
        "  outputs: {} PDFs, {:.1} MiB (median {} bytes, largest {}); {} DOCX, {:.1} MiB (median {} bytes, largest {})",
        pdfs.len(),
        mib(&pdfs),
        pdfs[pdfs.len() / 2],
        pdfs[pdfs.len() - 1],
        docxs.len(),
        mib(&docxs),
        docxs[docxs.len() / 2],
        docxs[docxs.len() - 1],
    );

    // The batch again, the PDF alone and then the OFD alone.
    for format in ["pdf", "ofd"] {
        let out = tmp.join(format!("out-{format}"));
        std::fs::create_dir(&out).expect("mkdir");
        let run = export_as(&[&input], &out, Some(format));
        assert_eq!(run.output.status.code(), Some(u8::from(broken > 0).into()));
        let files = sizes(&out, format);
        assert_eq!(files.len(), count - broken);
        println!(
            "  {} only: {:.2} s wall, {:.2} s CPU; {} files, {:.1} MiB (median {} bytes, largest {})",
            format.to_uppercase(),
            run.wall.as_secs_f64(),
            run.cpu.as_secs_f64(),
            files.len(),
            mib(&files),
            files[files.len() / 2],
            files[files.len() - 1],
        );
    }

    // Per report: the first 100 consistent ones, one process each.
    let sample: Vec<&PathBuf> = files
        .iter()
        .enumerate()
        .filter(|(i, _)| support::kind(*i) == support::Kind::Good)
        .map(|(_, f)| f)
        .take(100)
        .collect();
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    for f in &sample {
        let run = export(&[f.as_path()], &out);
        assert!(run.output.status.success(), "{}", f.display());
        walls.push(run.wall);
        cpus.push(run.cpu);
    }
    println!(
        "generated reports one process each ({}): median {:.1} ms wall, {:.1} ms CPU",
        sample.len(),
        ms(median(walls)),
        ms(median(cpus)),
    );
    println!("load average after: {}", loadavg());
}

/// `cargo test`: the plumbing a user relies on, on a small batch, untimed.
fn smoke(tmp: &Path, seed: &Path, seed_out: &Path) {
    let run = export(&[seed], seed_out);
    assert!(run.output.status.success(), "seed export");
    assert!(size(&seed_out.join("laochengqu-2022.pdf")) > 0);
    assert!(size(&seed_out.join("laochengqu-2022.docx")) > 0);

    // 10x prose still exports.
    let big = tmp.join("seed-10x.toml");
    std::fs::write(&big, support::scale_prose(&support::seed_text(), 10)).expect("write");
    assert!(
        export(&[&big], seed_out).output.status.success(),
        "10x prose"
    );

    // Reports 95..105 include number 99, inconsistent on purpose.
    let input = tmp.join("reports");
    let out = tmp.join("out");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::create_dir(&out).expect("mkdir");
    let mut broken = 0;
    for i in 95..105 {
        let text = support::report(GENERATOR_SEED, i);
        broken += usize::from(support::kind(i) == support::Kind::Inconsistent);
        std::fs::write(input.join(format!("r{i}.toml")), text).expect("write");
    }
    assert_eq!(broken, 1);
    let run = export(&[&input], &out);
    assert_eq!(run.output.status.code(), Some(1), "{}", summary(&run));
    assert_eq!(sizes(&out, "pdf").len(), 9);
    assert_eq!(sizes(&out, "docx").len(), 9);
    assert!(sizes(&out, "ofd").is_empty(), "OFD only when asked for");
    let run = export_as(&[&input], &out, Some("ofd"));
    assert_eq!(run.output.status.code(), Some(1), "{}", summary(&run));
    assert_eq!(sizes(&out, "ofd").len(), 9);
    let line = summary(&run);
    assert!(
        line.contains("共 10 个文件") && line.contains("1 个失败"),
        "{line}"
    );
}
