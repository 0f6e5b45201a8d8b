//! Roll-up reports (汇总) and rule R7 as a reviewing office uses them: a
//! small province of generated town reports, consistent by construction
//! (one of them JSON), summed by the real `gongwen rollup`, then checked by
//! the real `gongwen check --children`.
//!
//! - the roll-up holds the independently computed sums, passes R1–R4 and
//!   R7, and is byte-identical whatever the order of its inputs;
//! - one child figure changed by one makes R7 fail on exactly that number,
//!   naming that child (every number of the template, in the library; a
//!   few through the binary);
//! - a parent written by hand with one wrong cell fails R7 on that cell only;
//! - what cannot be summed honestly is refused, naming the files.

mod binary;
#[path = "../benches/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};

use binary::{gongwen, text};
use gongwen::check::check_children;
use gongwen::input::{Fee, Syntax};
use gongwen::model::{self, Figure, Report};
use gongwen::rollup::contract_text;
use gongwen::template::FigurePath;
use serde_json::Value;

const YEAR: u16 = 2024;
const TOWNS: usize = 5;

/// The `i`th generated report, moved to [`YEAR`].
fn generated(i: usize) -> String {
    support::report(7, i)
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
}

/// A folder of town reports: generated, consistent, totals left to the
/// tool; the last one written as JSON.
fn province() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let towns = dir.path().join("towns");
    std::fs::create_dir(&towns).expect("mkdir");
    for i in 0..TOWNS {
        let toml_text = generated(i);
        if i + 1 == TOWNS {
            let value: toml::Value = toml::from_str(&toml_text).expect("generated TOML");
            let json = serde_json::to_string_pretty(&value).expect("as JSON");
            std::fs::write(towns.join(format!("town-{i}.json")), json).expect("write");
        } else {
            std::fs::write(towns.join(format!("town-{i}.toml")), toml_text).expect("write");
        }
    }
    dir
}

fn load_all(dir: &Path) -> Vec<Report> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| model::load(f).expect("child loads"))
        .collect()
}

fn run_json(args: &[&str]) -> (Option<i32>, Value) {
    let o = gongwen(args);
    let json = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON from {args:?}: {e}\n{}", text(&o)));
    (o.status.code(), json)
}

fn findings<'a>(run: &'a Value, rule: &str) -> Vec<&'a Value> {
    run["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

fn errors(run: &Value) -> Vec<&Value> {
    run["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect()
}

/// A fee in hundredths of 万元: the generator writes `a.b` with b < 100,
/// and a roll-up writes as many decimals as the longest fee.
fn hundredths(fee: &Fee) -> u128 {
    let (int, frac) = fee.as_str().split_once('.').unwrap_or((fee.as_str(), ""));
    let frac = format!("{frac:0<2}");
    assert!(frac.len() == 2, "at most two decimals: {fee}");
    int.parse::<u128>().unwrap() * 100 + frac.parse::<u128>().unwrap()
}

fn rollup(dir: &Path, inputs: &[&str], out: &str) -> String {
    let mut args = vec!["rollup"];
    args.extend(inputs);
    args.extend(["--agency", "青云县", "--year", "2024", "-o", out]);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(&args)
        .current_dir(dir)
        .output()
        .expect("run gongwen");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    std::fs::read_to_string(dir.join(out)).expect("roll-up written")
}

#[test]
fn a_rollup_holds_the_sums_and_passes_r1_to_r4_and_r7() {
    let dir = province();
    let p = dir.path();
    let county = rollup(p, &["towns"], "county.toml");
    assert!(county.contains("汇总的报告（5 份）"), "{county}");
    assert!(county.contains("总计也是逐项相加后写出的"), "{county}");

    // The sums, added here number by number, independently of the tool.
    let children = load_all(&p.join("towns"));
    let parent = model::load(&p.join("county.toml")).expect("the roll-up reads back");
    let template = parent.template.clone();
    let mut numbers = 0;
    for path in template.figure_paths() {
        match parent.figures.0.get(&path.figure) {
            Some(Figure::Decimal(fee)) => {
                let sum: u128 = children
                    .iter()
                    .map(|c| match c.figures.0.get(&path.figure) {
                        Some(Figure::Decimal(f)) => hundredths(f),
                        _ => panic!("{path} is a fee in every report"),
                    })
                    .sum();
                assert_eq!(hundredths(fee), sum, "{path}");
            }
            _ => {
                let sum: u128 = children
                    .iter()
                    .map(|c| u128::from(c.figures.count(&path).expect("a count")))
                    .sum();
                let own = parent.figures.count(&path).expect("a count");
                assert_eq!(u128::from(own), sum, "{path}");
                if own > 0 {
                    numbers += 1;
                }
            }
        }
    }
    assert!(
        numbers > 50,
        "the province fills the tables: {numbers} numbers"
    );

    let (code, alone) = run_json(&[
        "check",
        "--format",
        "json",
        p.join("county.toml").to_str().unwrap(),
    ]);
    assert!(errors(&alone).is_empty(), "R1–R4 hold: {alone:#}");
    assert_eq!(code, Some(0));
    let (code, run) = run_json(&[
        "check",
        "--format",
        "json",
        p.join("county.toml").to_str().unwrap(),
        "--children",
        p.join("towns").to_str().unwrap(),
    ]);
    assert!(findings(&run, "R7").is_empty(), "R7 holds: {run:#}");
    assert!(errors(&run).is_empty(), "{run:#}");
    assert_eq!(code, Some(0));
}

#[test]
fn the_same_reports_in_any_order_give_the_same_bytes() {
    let dir = province();
    let p = dir.path();
    let mut names: Vec<String> = std::fs::read_dir(p.join("towns"))
        .unwrap()
        .map(|e| format!("towns/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    names.sort();
    let forward: Vec<&str> = names.iter().map(String::as_str).collect();
    let backward: Vec<&str> = names.iter().rev().map(String::as_str).collect();
    let a = rollup(p, &forward, "a.toml");
    let b = rollup(p, &backward, "b.toml");
    let c = rollup(p, &forward, "a.toml");
    assert_eq!(a, b, "the order of the inputs does not matter");
    assert_eq!(a, c, "the same inputs give the same bytes");
}

/// A child as a contract file with every number written, totals included,
/// so that changing one number changes nothing else.
fn full_child(report: &Report) -> String {
    contract_text(
        &report.template,
        &report.meta.agency,
        report.meta.year,
        &report.figures,
        &[],
    )
}

/// Adds one to a number of a report in memory: a count, or the fee by one
/// 万元.
fn bump(report: &mut Report, path: &FigurePath) {
    match (report.figures.0.get_mut(&path.figure), &path.column) {
        (Some(Figure::Row(row)), Some(column)) => row.values[column.index] += 1,
        (Some(Figure::Count(n)), None) => *n += 1,
        (Some(Figure::Decimal(fee)), None) => {
            *fee = fee.checked_add(&Fee::parse("1").unwrap()).unwrap();
        }
        other => panic!("{path}: {other:?}"),
    }
}

#[test]
fn any_child_number_changed_by_one_fails_r7_on_exactly_that_number_naming_that_child() {
    let children: Vec<Report> = (0..TOWNS)
        .map(|i| {
            let report =
                model::from_text(Path::new("t.toml"), &generated(i), Syntax::Toml).unwrap();
            model::from_text(Path::new("t.toml"), &full_child(&report), Syntax::Toml).unwrap()
        })
        .collect();
    let refs: Vec<&Report> = children.iter().collect();
    let template = children[0].template.clone();
    let sums = gongwen::rollup::sum_figures(&template, &refs).unwrap();
    let county = contract_text(&template, "青云县", YEAR, &sums, &[]);
    let parent = model::from_text(Path::new("county.toml"), &county, Syntax::Toml).unwrap();
    assert!(check_children(&parent, &refs).is_empty());

    let paths: Vec<FigurePath> = template.figure_paths().collect();
    assert_eq!(
        paths.len(),
        4 + 2 * 3 + 25 * 7 + 3 * 5,
        "every printed number"
    );
    for (i, path) in paths.iter().enumerate() {
        let k = i % TOWNS;
        let mut changed = children.clone();
        bump(&mut changed[k], path);
        let refs: Vec<&Report> = changed.iter().collect();
        let found = check_children(&parent, &refs);
        assert_eq!(found.len(), 1, "{path}: {found:#?}");
        let f = &found[0];
        assert_eq!(f.rule, "R7");
        assert_eq!(f.cells, vec![path.clone()], "{path}");
        assert!(
            f.message.contains(&changed[k].meta.agency),
            "{path}: names the child whose number changed: {}",
            f.message
        );
        assert_eq!(f.row, template.figures[&path.figure].label, "{path}");
        assert_eq!(
            f.column,
            template.column_label(path).unwrap_or_default(),
            "{path}"
        );
    }
}

/// Changes one number in a contract file: `path` as `section.row[.column]`.
fn edit_number(toml_text: &str, figure: &str, column: Option<&str>, by: i64) -> String {
    let mut doc: toml::Table = toml::from_str(toml_text).unwrap();
    let mut keys = figure.split('.');
    let mut table = &mut doc;
    let mut key = keys.next().unwrap();
    for next in keys {
        table = table.get_mut(key).unwrap().as_table_mut().unwrap();
        key = next;
    }
    let value = table.get_mut(key).unwrap();
    let number = match (value, column) {
        (toml::Value::Array(items), Some(c)) => {
            let template =
                gongwen::template::Template::built_in("gov-info-disclosure-2021").unwrap();
            let path = template.figure_path(&format!("{figure}.{c}")).unwrap();
            &mut items[path.column.unwrap().index]
        }
        (toml::Value::Table(t), Some(c)) => t.get_mut(c).unwrap(),
        (v, None) => v,
        (v, c) => panic!("{figure} {c:?}: {v:?}"),
    };
    match number {
        toml::Value::Integer(n) => *n += by,
        toml::Value::String(fee) => {
            let (int, frac) = fee.split_once('.').unwrap_or((fee.as_str(), ""));
            let int: i64 = int.parse::<i64>().unwrap() + by;
            *fee = if frac.is_empty() {
                int.to_string()
            } else {
                format!("{int}.{frac}")
            };
        }
        other => panic!("{other:?}"),
    }
    toml::to_string(&doc).unwrap()
}

/// A province whose towns write every number, and its roll-up.
fn full_province() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("towns")).unwrap();
    let mut agencies = Vec::new();
    for i in 0..TOWNS {
        let report = model::from_text(Path::new("t.toml"), &generated(i), Syntax::Toml).unwrap();
        agencies.push(report.meta.agency.clone());
        let file = dir.path().join(format!("towns/town-{i}.toml"));
        std::fs::write(file, full_child(&report)).unwrap();
    }
    rollup(dir.path(), &["towns"], "county.toml");
    (dir, agencies)
}

fn check_county(dir: &Path) -> (Option<i32>, Value) {
    run_json(&[
        "check",
        "--format",
        "json",
        dir.join("county.toml").to_str().unwrap(),
        "--children",
        dir.join("towns").to_str().unwrap(),
    ])
}

#[test]
fn a_child_file_changed_by_one_fails_r7_through_the_binary() {
    let (dir, agencies) = full_province();
    let p = dir.path();
    let cases = [
        (
            "applications.results.withheld.third_party",
            Some("research"),
            "4.保护第三方合法权益",
            "科研机构",
        ),
        (
            "appeals.suit_direct",
            Some("total"),
            "行政诉讼·未经复议直接起诉",
            "总计",
        ),
        (
            "proactive.normative_documents",
            Some("repealed"),
            "行政规范性文件",
            "本年废止件数",
        ),
        ("proactive.fees", None, "行政事业性收费", ""),
    ];
    for (k, (figure, column, row, column_label)) in cases.iter().enumerate() {
        let file = p.join(format!("towns/town-{k}.toml"));
        let original = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, edit_number(&original, figure, *column, 1)).unwrap();
        let (code, run) = check_county(p);
        std::fs::write(&file, original).unwrap();
        assert_eq!(code, Some(1), "{figure}: R7 is an error");
        let r7 = findings(&run, "R7");
        assert_eq!(r7.len(), 1, "{figure} {column:?}: {run:#}");
        assert_eq!(r7[0]["row"], *row);
        assert_eq!(r7[0]["column"], *column_label);
        assert_eq!(r7[0]["severity"], "error");
        let message = r7[0]["message"].as_str().unwrap();
        assert!(message.contains(&agencies[k]), "{message}");
        assert!(message.contains("个单位之和"), "{message}");
        // The parent is otherwise right: nothing but R7 is an error.
        assert_eq!(errors(&run).len(), 1, "{run:#}");
    }
}

#[test]
fn a_hand_written_parent_with_one_wrong_cell_fails_r7_on_that_cell_only() {
    let (dir, _) = full_province();
    let p = dir.path();
    let county = std::fs::read_to_string(p.join("county.toml")).unwrap();
    for (figure, column, by) in [
        ("proactive.penalty", None, 1),
        ("applications.new", Some("natural_person"), -1),
        ("applications.results.total", Some("total"), 2),
    ] {
        std::fs::write(
            p.join("county.toml"),
            edit_number(&county, figure, column, by),
        )
        .unwrap();
        let (code, run) = check_county(p);
        assert_eq!(code, Some(1));
        let r7 = findings(&run, "R7");
        assert_eq!(r7.len(), 1, "{figure} {column:?}: {run:#}");
        let (expected, actual) = (
            r7[0]["expected"].as_str().unwrap().parse::<i64>().unwrap(),
            r7[0]["actual"].as_str().unwrap().parse::<i64>().unwrap(),
        );
        assert_eq!(actual - expected, by, "the parent's value and the sum");
    }
}

#[test]
fn a_finding_names_the_five_largest_children_and_counts_the_rest() {
    let base = model::from_text(Path::new("t.toml"), &generated(0), Syntax::Toml).unwrap();
    let mut children = Vec::new();
    for (i, value) in [3u64, 9, 1, 7, 0, 5, 2, 8].iter().enumerate() {
        let mut child = base.clone();
        child.meta.agency = format!("第{}镇", i + 1);
        child
            .figures
            .0
            .insert("proactive.licensing".into(), Figure::Count(*value));
        children.push(child);
    }
    let refs: Vec<&Report> = children.iter().collect();
    let mut parent = base.clone();
    parent.meta.agency = "青云县".into();
    let sums = gongwen::rollup::sum_figures(&parent.template, &refs).unwrap();
    parent.figures = sums;
    parent
        .figures
        .0
        .insert("proactive.licensing".into(), Figure::Count(36));
    let found = check_children(&parent, &refs);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "R7 行政许可：汇总 36 ≠ 8 个单位之和 35（第2镇 9、第8镇 8、第4镇 7、第6镇 5、第1镇 3，另有 2 个单位不为 0）"
    );
    assert_eq!(
        (found[0].expected.as_str(), found[0].actual.as_str()),
        ("35", "36")
    );
}

fn refused(dir: &Path, args: &[&str]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run gongwen");
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", text(&o));
    assert!(
        o.stdout.is_empty(),
        "nothing written to stdout: {}",
        text(&o)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn what_cannot_be_summed_honestly_is_refused_naming_the_files() {
    let dir = province();
    let p = dir.path();
    let towns = p.join("towns");
    let roll = |extra: &[&str]| {
        let mut args = vec!["rollup", "towns", "--agency", "青云县", "--year", "2024"];
        args.extend(extra);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(p, &args)
    };

    // Another year.
    let other_year = generated(10).replace("year = 2024", "year = 2023");
    std::fs::write(towns.join("old.toml"), other_year).unwrap();
    let e = run(roll(&[]));
    assert!(
        e.contains("towns/old.toml 是 2023 年的报告，汇总的是 2024 年"),
        "{e}"
    );
    std::fs::remove_file(towns.join("old.toml")).unwrap();

    // The same agency twice.
    std::fs::copy(towns.join("town-0.toml"), towns.join("again.toml")).unwrap();
    let e = run(roll(&[]));
    assert!(
        e.contains("towns/again.toml") && e.contains("towns/town-0.toml"),
        "{e}"
    );
    assert!(e.contains("只能汇总一份"), "{e}");
    std::fs::remove_file(towns.join("again.toml")).unwrap();

    // A report with an error finding: refused, or summed with
    // --allow-errors and listed in the output's comment.
    // 结转下年度 one higher than the rest of the column allows: R1 fails.
    let wrong = {
        let text = generated(11);
        let start = text.find("carried_out = [").unwrap() + "carried_out = [".len();
        let end = start + text[start..].find(',').unwrap();
        let first: u64 = text[start..end].parse().unwrap();
        format!("{}{}{}", &text[..start], first + 1, &text[end..])
    };
    std::fs::write(towns.join("wrong.toml"), &wrong).unwrap();
    let e = run(roll(&[]));
    assert!(
        e.contains("towns/wrong.toml 有") && e.contains("--allow-errors"),
        "{e}"
    );
    let o = gongwen(&[
        "rollup",
        towns.to_str().unwrap(),
        "--agency",
        "青云县",
        "--year",
        "2024",
        "--allow-errors",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("以下 1 份报告有错误"), "{out}");
    assert!(out.contains("wrong.toml：R1"), "{out}");
    std::fs::remove_file(towns.join("wrong.toml")).unwrap();

    // An unreadable report.
    std::fs::write(towns.join("broken.toml"), "[report\n").unwrap();
    let e = run(roll(&[]));
    assert!(e.contains("无法读取：towns/broken.toml"), "{e}");
    std::fs::remove_file(towns.join("broken.toml")).unwrap();

    // The output is one of the inputs; an earlier roll-up among the inputs.
    let e = run(roll(&["-o", "towns/town-0.toml"]));
    assert!(
        e.contains("输出文件 towns/town-0.toml 也是要汇总的报告之一"),
        "{e}"
    );
    rollup(p, &["towns"], "towns/county.toml");
    let e = run(roll(&[]));
    assert!(
        e.contains("towns/county.toml 的发文机关与汇总报告相同"),
        "{e}"
    );
    std::fs::remove_file(towns.join("county.toml")).unwrap();

    // An empty set.
    std::fs::create_dir(p.join("empty")).unwrap();
    let e = refused(
        p,
        &["rollup", "empty", "--agency", "青云县", "--year", "2024"],
    );
    assert!(e.contains("empty"), "{e}");
}

#[test]
fn a_sum_beyond_the_largest_count_is_refused_naming_the_number() {
    let dir = tempfile::tempdir().unwrap();
    let seed = support::seed_text();
    let big = seed.replace("licensing   = 0", "licensing   = 18446744073709551615");
    assert_ne!(big, seed);
    std::fs::write(dir.path().join("a.toml"), &big).unwrap();
    std::fs::write(
        dir.path().join("b.toml"),
        seed.replace("licensing   = 0", "licensing   = 1")
            .replace("老城区人民政府办公室", "新城区人民政府办公室"),
    )
    .unwrap();
    let e = refused(
        dir.path(),
        &[
            "rollup", "a.toml", "b.toml", "--agency", "某市", "--year", "2022",
        ],
    );
    assert!(
        e.contains("行政许可") && e.contains("proactive.licensing"),
        "{e}"
    );
    assert!(e.contains("超出范围"), "{e}");
}

#[test]
fn usage_mistakes_exit_2() {
    let dir = province();
    let p = dir.path();
    for args in [
        vec![
            "check",
            "towns/town-0.toml",
            "towns/town-1.toml",
            "--children",
            "towns",
        ],
        vec!["check", "--format", "xlsx", "towns"],
        vec![
            "rollup",
            "towns",
            "--agency",
            "青云县",
            "--year",
            "2024",
            "-o",
            "x.json",
        ],
        vec!["rollup", "towns", "--year", "2024"],
    ] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args(&args)
            .current_dir(p)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
    }
}
