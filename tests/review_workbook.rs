//! The reviewing office's workbook and CSV (`gongwen check --format xlsx`,
//! `--format csv`) read back with real clients: openpyxl and Python's csv
//! (tests/python/check_workbook.py) find every finding of `--format json`
//! in them, field for field, with frozen headers, filters, widths that fit
//! Chinese text and failed reports marked. The same run gives the same
//! bytes.

mod binary;

use std::path::Path;
use std::process::Command;

use binary::{gongwen, text};
use gongwen::batch::sheet::FINDING_COLUMNS;
use serde_json::json;

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");
const PLACEHOLDERS: &str = include_str!("../examples/placeholders-2023.toml");

/// A reviewing office's folder: a report with a warning, a clean one, one
/// with an error, one as JSON, one unreadable, and a roll-up of two towns.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = &dir.path().join("reports");
    std::fs::create_dir(p).unwrap();
    std::fs::write(p.join("a-laocheng.toml"), SEED).unwrap();
    std::fs::write(p.join("b-placeholders.toml"), PLACEHOLDERS).unwrap();
    let wrong = "new         = [15, 0, 0, 0, 0, 0, 15]";
    assert!(SEED.contains(wrong));
    std::fs::write(
        p.join("c-wrong.toml"),
        SEED.replace(wrong, "new         = [15, 0, 0, 0, 0, 0, 16]")
            .replace("老城区人民政府办公室", "东城区人民政府办公室"),
    )
    .unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/laochengqu-2022.json"
        ),
        p.join("d-json.json"),
    )
    .unwrap();
    std::fs::write(p.join("e-broken.toml"), "[report\nagency = ").unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongwen")
}

#[test]
fn the_workbook_and_csv_hold_every_finding_of_the_json() {
    let dir = folder();
    let p = dir.path();
    let o = run(p, &["check", "--format", "json", "reports"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    std::fs::write(p.join("run.json"), &o.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json["findings"].as_array().unwrap().len() >= 4, "{json:#}");
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.get("sentence").is_some()),
        "a prose finding with its sentence is among them"
    );

    let o = run(
        p,
        &[
            "check",
            "--format",
            "xlsx",
            "-o",
            "审核结果.xlsx",
            "reports",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "the run's status, as without -o");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("共 5 个文件") && out.contains("已写出 审核结果.xlsx"),
        "{out}"
    );
    let o = run(
        p,
        &["check", "--format", "csv", "-o", "问题清单.csv", "reports"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let o = run(p, &["check", "--format", "csv", "reports"]);
    let csv_file = std::fs::read(p.join("问题清单.csv")).unwrap();
    assert_eq!(o.stdout, csv_file, "stdout and -o write the same CSV");

    let expect = json!({
        "columns": FINDING_COLUMNS,
        "headline": {
            "reports/a-laocheng.toml": {
                "本年新收": 15, "上年结转": 1, "办理结果总计": 15,
                "结转下年度": 1, "行政复议总计": 2, "行政诉讼总计": 6,
            },
        },
    });
    std::fs::write(p.join("expect.json"), expect.to_string()).unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/python/check_workbook.py"
    );
    let o = Command::new("python3")
        .args([
            script,
            "审核结果.xlsx",
            "问题清单.csv",
            "run.json",
            "expect.json",
        ])
        .current_dir(p)
        .output()
        .expect("python3 is missing");
    assert!(
        o.status.success(),
        "check_workbook.py (openpyxl: scripts/test.sh installs it):\n{}",
        text(&o)
    );
}

#[test]
fn the_same_run_gives_the_same_workbook_and_csv() {
    let dir = folder();
    let p = dir.path();
    let mut books = Vec::new();
    for name in ["1.xlsx", "2.xlsx"] {
        run(p, &["check", "--format", "xlsx", "-o", name, "reports"]);
        books.push(std::fs::read(p.join(name)).unwrap());
    }
    assert!(books[0].starts_with(b"PK"), "an xlsx is a zip package");
    assert_eq!(books[0], books[1]);
    let a = run(p, &["check", "--format", "csv", "reports"]).stdout;
    let b = run(p, &["check", "--format", "csv", "reports"]).stdout;
    assert!(a.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(a, b);
}

#[test]
fn r7_findings_reach_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("towns")).unwrap();
    for (i, town) in ["城关镇人民政府", "河西镇人民政府"].iter().enumerate() {
        std::fs::write(
            p.join(format!("towns/{i}.toml")),
            SEED.replace("老城区人民政府办公室", town),
        )
        .unwrap();
    }
    let o = run(
        p,
        &[
            "rollup",
            "towns",
            "--agency",
            "老城区",
            "--year",
            "2022",
            "-o",
            "county.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let county = std::fs::read_to_string(p.join("county.toml")).unwrap();
    let wrong = county.replace("licensing = 0", "licensing = 3");
    assert_ne!(county, wrong);
    std::fs::write(p.join("county.toml"), wrong).unwrap();
    let o = run(
        p,
        &[
            "check",
            "county.toml",
            "--children",
            "towns",
            "--format",
            "csv",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let csv = String::from_utf8(o.stdout[3..].to_vec()).unwrap();
    assert!(
        csv.contains("county.toml,R7,错误,二、主动公开政府信息情况,行政许可,,0,3,"),
        "{csv}"
    );
    let o = gongwen(&["check", "--help"]);
    assert!(text(&o).contains("--children"));
}
