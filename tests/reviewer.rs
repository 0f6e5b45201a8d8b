//! Issue 16 as a city reviewer meets the command line, through the real
//! binary: a pairing across years is said (and a wrong `--previous`
//! refused), two reports of one agency and year are named, a folder's
//! non-reports are skipped, the summary lists the failed files, the JSON is
//! the same for two runs, and an export keeps the folder's subfolders.

mod binary;

use binary::{gongwen, text};
use std::path::{Path, PathBuf};

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");
const AGENCY: &str = "agency = \"老城区人民政府办公室\"";

fn seed_with(from: &str, to: &str) -> String {
    assert!(SEED.contains(from), "seed has no {from:?}");
    SEED.replacen(from, to, 1)
}

/// The seed as the same agency's report of `year`.
fn of_year(year: u16) -> String {
    seed_with("year = 2022", &format!("year = {year}"))
}

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }
    fn write(&self, name: &str, content: &str) -> PathBuf {
        let p = self.0.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        p
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
}

fn run(args: &[&Path]) -> (i32, String) {
    let args: Vec<&str> = args.iter().map(|p| p.to_str().unwrap()).collect();
    let o = gongwen(&args);
    (o.status.code().unwrap(), text(&o))
}

fn json(args: &[&Path]) -> serde_json::Value {
    let args: Vec<&str> = args.iter().map(|p| p.to_str().unwrap()).collect();
    let o = gongwen(&args);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: not JSON:\n{}", text(&o)))
}

// Item 3.
#[test]
fn a_pairing_is_said_and_a_wrong_previous_refused_naming_both() {
    let dir = Dir::new();
    let last = dir.write("2022.toml", SEED);
    let this = dir.write("2023.toml", &of_year(2023));
    let (code, out) = run(&[Path::new("check"), Path::new("--previous"), &last, &this]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "已与 {} 对照检查上年结转（R5）和现行有效件数（R6）",
            last.display()
        )),
        "{out}"
    );
    let run_json = json(&[
        Path::new("check"),
        Path::new("--format"),
        Path::new("json"),
        Path::new("--previous"),
        &last,
        &this,
    ]);
    let file = &run_json["files"][0];
    assert_eq!(file["previous"], last.display().to_string(), "{file}");
    // Another agency's report, and the right agency two years before.
    let other = dir.write(
        "other.toml",
        &seed_with(AGENCY, "agency = \"新城区人民政府办公室\""),
    );
    let older = dir.write("2021.toml", &of_year(2021));
    for (previous, why) in [(&other, "发文机关不同"), (&older, "2021年")] {
        let (code, out) = run(&[Path::new("check"), Path::new("--previous"), previous, &this]);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("不是"), "{out}");
        assert!(out.contains("的上一年度报告"), "{out}");
        assert!(out.contains(&previous.display().to_string()), "{out}");
        assert!(out.contains(&this.display().to_string()), "{out}");
        assert!(out.contains(why), "{why} in {out}");
        assert!(!out.contains("已与"), "{out}");
    }
}

// Item 4.
#[test]
fn twins_are_named_a_file_twice_is_read_once_and_abbreviations_asked_about() {
    let dir = Dir::new();
    let a = dir.write("f/a.toml", SEED);
    dir.write("f/c.toml", SEED);
    dir.write(
        "f/b.toml",
        &of_year(2023).replacen(AGENCY, "agency = \"老城区政府办\"", 1),
    );
    let folder = dir.path("f");
    let (_, out) = run(&[Path::new("check"), &folder, &a]);
    let shown = |name: &str| dir.path(name).display().to_string();
    assert!(
        out.contains(&format!(
            "P1 {} 与 {} 是同一机关（老城区人民政府办公室）同一年度（2022年）的报告",
            shown("f/a.toml"),
            shown("f/c.toml")
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "P2 未与 {} 对照检查上年结转（R5）和现行有效件数（R6）：发文机关“老城区政府办”与上一年度的“老城区人民政府办公室”写法不同",
            shown("f/a.toml")
        )),
        "{out}"
    );
    assert!(out.contains("共 3 个文件"), "{out}");
    assert!(
        out.contains(&format!(
            "{}（与前面的是同一个文件，只检查一次）",
            a.display()
        )),
        "{out}"
    );
}

// Item 16: the failed files, listed.
#[test]
fn the_summary_lists_at_most_twenty_failed_files() {
    let dir = Dir::new();
    let broken = seed_with(
        "new         = [15, 0, 0, 0, 0, 0, 15]",
        "new         = [16, 0, 0, 0, 0, 0, 16]",
    );
    for i in 0..22 {
        dir.write(&format!("f/r{i:02}.toml"), &broken);
    }
    dir.write(
        "f/zz-good.toml",
        &seed_with(AGENCY, "agency = \"某县财政局\""),
    );
    let (code, out) = run(&[Path::new("check"), Path::new("-q"), &dir.path("f")]);
    assert_eq!(code, 1, "{out}");
    let list = out.split("失败的文件：\n").nth(1).expect(&out);
    let listed: Vec<&str> = list.lines().collect();
    assert_eq!(listed.len(), 21, "{list}");
    assert!(listed[0].ends_with("r00.toml"), "{list}");
    assert!(listed[19].ends_with("r19.toml"), "{list}");
    assert_eq!(listed[20], "  另有 2 个");
    assert!(!list.contains("zz-good"), "{list}");
}

// Item 16: the JSON files[] and findings.
#[test]
fn json_files_carry_their_counts_and_two_runs_compare_equal() {
    let dir = Dir::new();
    dir.write("f/2022.toml", SEED);
    dir.write(
        "f/2023.toml",
        &of_year(2023).replacen(
            "new         = [15, 0, 0, 0, 0, 0, 15]",
            "new         = [16, 0, 0, 0, 0, 0, 16]",
            1,
        ),
    );
    let folder = dir.path("f");
    let args = [
        Path::new("check"),
        Path::new("--format"),
        Path::new("json"),
        &folder,
    ];
    let first = json(&args);
    assert_eq!(first, json(&args), "two runs differ");
    assert!(first["summary"].get("seconds").is_none(), "{first}");
    let f = &first["files"][1];
    assert_eq!(f["agency"], "老城区人民政府办公室", "{f}");
    assert_eq!(f["year"], 2023, "{f}");
    assert_eq!(f["errors"], 2, "{f}");
    assert!(f["warnings"].as_u64().unwrap() >= 1, "{f}");
    assert_eq!(
        f["previous"],
        dir.path("f/2022.toml").display().to_string(),
        "{f}"
    );
    let r5 = first["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "R1")
        .unwrap();
    assert_eq!(
        r5["row"],
        serde_json::json!([
            "一、本年新收政府信息公开申请数量",
            "二、上年结转政府信息公开申请数量",
            "（七）总计",
            "四、结转下年度继续办理"
        ])
    );
    let timed = json(&[
        Path::new("check"),
        Path::new("--format"),
        Path::new("json"),
        Path::new("--timing"),
        &folder,
    ]);
    assert!(timed["summary"]["seconds"].as_f64().is_some(), "{timed}");
}

// Item 17.
#[test]
fn a_toml_that_is_not_a_report_is_skipped_with_one_note() {
    let dir = Dir::new();
    dir.write("f/a.toml", SEED);
    dir.write("f/fonts.toml", "[fonts]\nbody = \"x.ttf\"\n");
    dir.write("f/.taplo.toml", "[formatting]\nalign_entries = true\n");
    let (code, out) = run(&[Path::new("check"), &dir.path("f")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("已跳过 2 个文件："), "{out}");
    assert!(
        out.contains("fonts.toml（不是报告（没有 [report]））"),
        "{out}"
    );
    assert!(out.contains("共 1 个文件"), "{out}");
    // A broken report is still a report.
    dir.write("f/broken.toml", "[report]\nagency = \"x\"\nyear = \n");
    let (code, out) = run(&[Path::new("check"), &dir.path("f")]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("broken.toml"), "{out}");
}

// Item 18.
#[test]
fn export_of_a_folder_keeps_its_subfolders_and_prints_json() {
    let dir = Dir::new();
    dir.write("in/north/r.toml", SEED);
    dir.write(
        "in/south/r.toml",
        &seed_with(AGENCY, "agency = \"某县财政局\""),
    );
    let (input, out_dir) = (dir.path("in"), dir.path("out"));
    let (code, out) = run(&[
        Path::new("export"),
        &input,
        Path::new("--out-dir"),
        &out_dir,
    ]);
    assert_eq!(code, 0, "{out}");
    for sub in ["north", "south"] {
        for ext in ["pdf", "docx"] {
            let f = out_dir.join(sub).join(format!("r.{ext}"));
            assert!(f.is_file(), "{} in {out}", f.display());
        }
    }
    let run = json(&[
        Path::new("export"),
        &input,
        Path::new("--out-dir"),
        &out_dir,
        Path::new("--format"),
        Path::new("pdf,json"),
    ]);
    let files = run["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{run}");
    assert_eq!(
        files[1]["written"],
        serde_json::json!([out_dir.join("south/r.pdf").display().to_string()]),
        "{run}"
    );
    assert_eq!(files[0]["status"], "warnings", "{run}");
}
