//! `gongwen check`, `new` and `schema` through the real binary: rules that
//! hold and break, every class of bad input, exit codes and JSON shape.

mod binary;

use binary::{gongwen, text};
use std::path::{Path, PathBuf};

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }
    fn write(&self, name: &str, content: &str) -> PathBuf {
        let p = self.0.path().join(name);
        std::fs::write(&p, content).unwrap();
        p
    }
}

/// The seed with `from` replaced by `to`; fails if `from` is not there, so a
/// test cannot silently check an unchanged file.
fn seed_with(from: &str, to: &str) -> String {
    assert!(SEED.contains(from), "seed has no {from:?}");
    SEED.replacen(from, to, 1)
}

fn check(name: &str, content: &str) -> (i32, String) {
    let dir = Dir::new();
    let path = dir.write(name, content);
    let out = gongwen(&["check", path.to_str().unwrap()]);
    (out.status.code().unwrap(), text(&out))
}

fn check_json(name: &str, content: &str) -> serde_json::Value {
    let dir = Dir::new();
    let path = dir.write(name, content);
    let out = gongwen(&["check", "--format", "json", path.to_str().unwrap()]);
    serde_json::from_slice(&out.stdout).expect("check --format json prints JSON")
}

#[test]
fn seed_passes_every_table_rule_and_its_prose_claim_is_flagged() {
    let (code, out) = check("seed.toml", SEED);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 个错误，4 个警告"), "{out}");
    assert!(
        out.contains("警告 C5 五、存在的主要问题及改进情况 （一）存在问题·第1段 有 11 处半角标点"),
        "{out}"
    );
    assert!(out.contains("警告 T8 正文“已按相关规定全部答复”"), "{out}");
    let (strict_code, strict_out) = {
        let dir = Dir::new();
        let path = dir.write("seed.toml", SEED);
        let o = gongwen(&["check", "--strict", path.to_str().unwrap()]);
        (o.status.code().unwrap(), text(&o))
    };
    assert_eq!(strict_code, 1, "{strict_out}");
    assert!(strict_out.contains("错误 T8"), "{strict_out}");
}

#[test]
fn r1_breaks_in_a_column_other_than_natural_persons() {
    // A 科研机构 application disclosed but never received.
    let content = seed_with(
        "disclosed        = [7, 0, 0, 0, 0, 0, 7]",
        "disclosed        = [7, 0, 1, 0, 0, 0, 8]",
    )
    .replace(
        "total            = [15, 0, 0, 0, 0, 0, 15]",
        "total            = [15, 0, 1, 0, 0, 0, 16]",
    );
    let (code, out) = check("r1.toml", &content);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("R1 科研机构列：新收 0 + 上年结转 0 = 0 ≠ 办理结果总计 1 + 结转下年度 0 = 1"),
        "{out}"
    );
    assert!(!out.contains("R3"), "R3 holds here: {out}");
}

#[test]
fn r2_checks_a_given_row_total() {
    let (code, out) = check(
        "r2.toml",
        &seed_with(
            "carried_in  = [1, 0, 0, 0, 0, 0, 1]",
            "carried_in  = [1, 0, 0, 0, 2, 0, 1]",
        ),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("R2 二、上年结转政府信息公开申请数量行"),
        "{out}"
    );
    assert!(out.contains("法律服务机构 2"), "{out}");
    assert!(out.contains("= 3 ≠ 总计 1"), "{out}");
}

#[test]
fn r3_checks_the_results_total_per_column() {
    let (code, out) = check(
        "r3.toml",
        &seed_with(
            "needs_creation = [4, 0, 0, 0, 0, 0, 4]",
            "needs_creation = [4, 0, 0, 0, 0, 1, 5]",
        ),
    );
    assert_eq!(code, 1);
    assert!(out.contains("R3 其他列："), "{out}");
    assert!(out.contains("无法提供 1"), "{out}");
    assert!(out.contains("≠ 办理结果总计 0"), "{out}");
}

#[test]
fn r4_checks_appeal_rows() {
    let (code, out) = check(
        "r4.toml",
        &seed_with(
            "suit_direct       = [2, 2, 0, 0, 4]",
            "suit_direct       = [2, 2, 1, 0, 4]",
        ),
    );
    assert_eq!(code, 1);
    assert!(out.contains("R4 行政诉讼·未经复议直接起诉行：结果维持 2 + 结果纠正 2 + 其他结果 1 + 尚未审结 0 = 5 ≠ 总计 4"), "{out}");
}

#[test]
fn omitted_totals_are_computed_and_cannot_break_r2_r3() {
    let content = SEED
        .lines()
        .filter(|l| !l.starts_with("total "))
        .map(|l| l.replace(", 15]", "]").replace(", 7]", "]"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(content.contains("new         = [15, 0, 0, 0, 0, 0]"));
    let (code, out) = check("computed.toml", &content);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn cross_year_rules_r5_and_r6() {
    let dir = Dir::new();
    let y2022 = dir.write("2022.toml", SEED);
    // 2023 says it carried in 2 where 2022 carried out 1, and its stock of
    // 行政规范性文件 does not follow 7 + 0 − 0.
    let y2023 = SEED
        .replace("year = 2022", "year = 2023")
        .replace(
            "title = \"老城区人民政府办公室2022年政府信息公开工作年度报告\"",
            "",
        )
        .replace(
            "carried_in  = [1, 0, 0, 0, 0, 0, 1]",
            "carried_in  = [1, 0, 0, 0, 1, 0, 2]",
        )
        .replace(
            "carried_out = [1, 0, 0, 0, 0, 0, 1]",
            "carried_out = [1, 0, 0, 0, 1, 0, 2]",
        )
        .replace(
            "normative_documents = { issued = 3, repealed = 14, in_force = 7 }",
            "normative_documents = { issued = 2, repealed = 0, in_force = 12 }",
        );
    let y2023 = dir.write("2023.toml", &y2023);
    let together = gongwen(&["check", y2022.to_str().unwrap(), y2023.to_str().unwrap()]);
    let out = text(&together);
    assert_eq!(together.status.code(), Some(1), "{out}");
    assert!(
        out.contains("R5 法律服务机构列：2023年上年结转 1 ≠ 2022年结转下年度 0"),
        "{out}"
    );
    assert!(out.contains("R6 行政规范性文件：2022年现行有效件数 7 + 2023年本年制发件数 2 − 本年废止件数 0 = 9 ≠ 2023年现行有效件数 12"), "{out}");
    let explicit = gongwen(&[
        "check",
        "--previous",
        y2022.to_str().unwrap(),
        y2023.to_str().unwrap(),
    ]);
    let explicit_out = text(&explicit);
    assert_eq!(explicit.status.code(), Some(1), "{explicit_out}");
    for rule in ["R5 法律服务机构列", "R6 行政规范性文件"] {
        assert!(explicit_out.contains(rule), "{explicit_out}");
    }
    // Alone, 2023 has nothing to compare with.
    let alone = gongwen(&["check", y2023.to_str().unwrap()]);
    assert_eq!(alone.status.code(), Some(0), "{}", text(&alone));
}

#[test]
fn r6_alone_is_a_warning() {
    let dir = Dir::new();
    let y2022 = dir.write("2022.toml", SEED);
    let y2023 = dir.write(
        "2023.toml",
        &SEED
            .replace("year = 2022", "year = 2023")
            .replace("in_force = 7", "in_force = 6"),
    );
    let out = gongwen(&[
        "check",
        "--previous",
        y2022.to_str().unwrap(),
        y2023.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("警告 R6 行政规范性文件"),
        "{}",
        text(&out)
    );
}

/// Each bad input: exit 1, the file, line and column, the key path and the
/// problem named, and no panic.
#[test]
fn bad_inputs_name_file_line_column_and_key() {
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            "unknown key",
            seed_with("third_party        =", "third_pary        ="),
            "applications.results.withheld.third_pary",
            "您是否想写“third_party”",
        ),
        (
            "negative",
            seed_with("penalty     = 0", "penalty     = -2"),
            "proactive.penalty",
            "负数",
        ),
        (
            "fraction",
            seed_with("new         = [15,", "new         = [15.5,"),
            "applications.new[0]",
            "小数",
        ),
        (
            "string count",
            seed_with("licensing   = 0", "licensing   = \"0\""),
            "proactive.licensing",
            "字符串",
        ),
        (
            "short applicant row",
            seed_with(
                "carried_in  = [1, 0, 0, 0, 0, 0, 1]",
                "carried_in  = [1, 0, 0, 0, 0]",
            ),
            "applications.carried_in",
            "这里有 5 个",
        ),
        (
            "long applicant row",
            seed_with(
                "carried_in  = [1, 0, 0, 0, 0, 0, 1]",
                "carried_in  = [1, 0, 0, 0, 0, 0, 1, 1]",
            ),
            "applications.carried_in",
            "这里有 8 个",
        ),
        (
            "short appeal row",
            seed_with(
                "review            = [2, 0, 0, 0, 2]",
                "review            = [2, 0, 0]",
            ),
            "appeals.review",
            "应有 4 个数",
        ),
        (
            "long appeal row",
            seed_with(
                "review            = [2, 0, 0, 0, 2]",
                "review            = [2, 0, 0, 0, 2, 2]",
            ),
            "appeals.review",
            "这里有 6 个",
        ),
        (
            "bad fee",
            seed_with("fees        = \"0\"", "fees        = \"1,5\""),
            "proactive.fees",
            "非负小数",
        ),
        (
            "negative fee",
            seed_with("fees        = \"0\"", "fees        = -1.5"),
            "proactive.fees",
            "负数",
        ),
        (
            "missing agency",
            seed_with("agency = \"老城区人民政府办公室\"", ""),
            "report",
            "agency",
        ),
        (
            "missing year",
            seed_with("year = 2022", ""),
            "report",
            "year",
        ),
        (
            "wrong type",
            seed_with(
                "[applications.results.withheld]",
                "[applications.results.withheld.third_party]",
            ),
            "applications.results.withheld",
            "类型错误",
        ),
        (
            "bad date",
            seed_with("year = 2022", "year = 2022\ndate = \"2023-02-30\""),
            "report.date",
            "日期",
        ),
    ];
    for (what, content, key, problem) in cases {
        let (code, out) = check("bad.toml", &content);
        assert_eq!(code, 1, "{what}: {out}");
        assert!(!out.contains("panicked"), "{what}: {out}");
        assert!(out.contains(key), "{what}: no key {key}: {out}");
        assert!(out.contains(problem), "{what}: no {problem}: {out}");
        let place = regex_like_place(&out);
        assert!(place, "{what}: no file:line:column: {out}");
    }
}

/// `bad.toml:<line>:<column>:` somewhere in the output.
fn regex_like_place(out: &str) -> bool {
    out.split("bad.toml:").skip(1).any(|rest| {
        let mut parts = rest.splitn(3, ':');
        let line = parts.next().unwrap_or("");
        let col = parts.next().unwrap_or("");
        !line.is_empty()
            && line.bytes().all(|b| b.is_ascii_digit())
            && !col.is_empty()
            && col.bytes().all(|b| b.is_ascii_digit())
    })
}

#[test]
fn malformed_and_empty_files_are_errors_not_panics() {
    for (name, content, expect) in [
        ("empty.toml", "", "文件为空"),
        ("blank.json", "  \n", "文件为空"),
        ("broken.toml", "[report\nagency = \"x\"", "TOML 语法错误"),
        (
            "truncated.json",
            "{\"report\": {\"agency\": \"x\", \"year\": 20",
            "JSON 语法错误",
        ),
        (
            "trailing.json",
            "{\"report\": {\"agency\": \"x\", \"year\": 2022}} }",
            "多余",
        ),
        (
            "surrogate.json",
            "{\"report\": {\"agency\": \"\\ud800\", \"year\": 2022}}",
            "surrogate",
        ),
        (
            "control.json",
            "{\"report\": {\"agency\": \"a\\u0007b\", \"year\": 2022}}",
            "控制字符",
        ),
    ] {
        let (code, out) = check(name, content);
        assert_eq!(code, 1, "{name}: {out}");
        assert!(out.contains(expect), "{name}: {out}");
        assert!(out.contains(name), "{name}: {out}");
    }
}

#[test]
fn toml_and_json_give_the_same_findings() {
    let json_seed = include_str!("data/laochengqu-2022.json");
    let broken_toml = seed_with(
        "new         = [15, 0, 0, 0, 0, 0, 15]",
        "new         = [15, 0, 0, 3, 0, 0, 15]",
    );
    let mut value: serde_json::Value = serde_json::from_str(json_seed).unwrap();
    value["applications"]["new"] = serde_json::json!([15, 0, 0, 3, 0, 0, 15]);
    let broken_json = serde_json::to_string_pretty(&value).unwrap();
    let strip = |mut v: serde_json::Value| {
        let mut findings = v["findings"].take();
        // Lines and columns differ between the two syntaxes; the key paths
        // they name do not.
        for f in findings.as_array_mut().unwrap() {
            let f = f.as_object_mut().unwrap();
            f.remove("file");
            f.remove("line");
            for place in f["places"].as_array_mut().unwrap() {
                let place = place.as_object_mut().unwrap();
                place.remove("line");
                place.remove("column");
            }
        }
        findings
    };
    let from_toml = strip(check_json("r.toml", &broken_toml));
    let from_json = strip(check_json("r.json", &broken_json));
    assert!(from_toml.as_array().unwrap().len() >= 2, "{from_toml}");
    assert_eq!(from_toml, from_json);
    assert_eq!(check("seed.json", json_seed).0, 0);
}

#[test]
fn json_output_has_one_document_with_every_finding() {
    let v = check_json(
        "r.toml",
        &seed_with(
            "review            = [2, 0, 0, 0, 2]",
            "review            = [2, 0, 0, 0, 3]",
        ),
    );
    let f = &v["findings"][0];
    for key in [
        "file", "rule", "severity", "table", "row", "column", "expected", "actual", "message",
    ] {
        assert!(f.get(key).is_some(), "missing {key}: {v}");
    }
    assert_eq!(f["rule"], "R4");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["row"], serde_json::json!(["行政复议"]));
    assert_eq!(f["column"], serde_json::json!(["总计"]));
    assert_eq!(f["key"], "appeals.review");
    assert!(f["line"].as_u64().is_some(), "{f}");
    assert_eq!(f["expected"], "2");
    assert_eq!(f["actual"], "3");
    assert_eq!(v["summary"]["failed"], 1);
    assert_eq!(v["files"][0]["status"], "failed");
}

/// The printed document is exactly the library's documented wire types:
/// read back into them and written again, it gives the same bytes.
#[test]
fn json_output_is_the_documented_wire_format() {
    let dir = Dir::new();
    let seed = dir.write("a.toml", SEED);
    let broken = dir.write(
        "b.toml",
        &seed_with(
            "review            = [2, 0, 0, 0, 2]",
            "review            = [2, 0, 0, 0, 3]",
        ),
    );
    let bad = dir.write("c.json", "{");
    let out = gongwen(&[
        "check",
        "--format",
        "json",
        seed.to_str().unwrap(),
        broken.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    let run: gongwen::batch::json::CheckRun =
        serde_json::from_slice(&out.stdout).expect("the wire types read the output");
    let again = format!("{}\n", serde_json::to_string_pretty(&run).unwrap());
    assert_eq!(again, String::from_utf8(out.stdout).unwrap());
    let statuses: Vec<_> = run.files.iter().map(|f| f.status).collect();
    use gongwen::batch::Status;
    assert_eq!(statuses, [Status::Warnings, Status::Failed, Status::Failed]);
    assert!(run.findings.iter().any(|f| f.sentence.is_some()), "{run:?}");
    assert_eq!(run.input_errors.len(), 1);
    assert_eq!((run.summary.files, run.summary.failed), (3, 2));
}

#[test]
fn placeholders_resolve_and_unknown_ones_name_their_line() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/placeholders-2023.toml");
    let report = gongwen::model::load(&example).unwrap();
    let overview = &report.sections[0].prose.parts[1].prose.paragraphs;
    assert!(overview[0].starts_with("全年新收政府信息公开申请24件，其中自然人提出20件，法人或其他组织提出3件；上年结转1件。"), "{overview:?}");
    assert!(overview[0].contains("本年办结23件"), "{overview:?}");
    let content = SEED.replace(
        "共收到政府信息公开申请15件",
        "共收到政府信息公开申请{{applications.neu.total}}件",
    );
    let (code, out) = check("bad.toml", &content);
    assert_eq!(code, 1);
    assert!(out.contains("applications.neu.total"), "{out}");
    let line = SEED
        .lines()
        .position(|l| l.contains("共收到政府信息公开申请15件"))
        .unwrap()
        + 1;
    assert!(
        out.contains(&format!("bad.toml:{line}:")),
        "line {line}: {out}"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(gongwen(&["check"]).status.code(), Some(2));
    assert_eq!(
        gongwen(&["check", "--frobnicate", "x.toml"]).status.code(),
        Some(2)
    );
    assert_eq!(gongwen(&["explode"]).status.code(), Some(2));
    assert_eq!(gongwen(&["--help"]).status.code(), Some(0));
}

#[test]
fn new_prints_a_skeleton_that_passes_check() {
    let out = gongwen(&["new", "--agency", "测试局", "--year", "2024"]);
    assert_eq!(out.status.code(), Some(0));
    let skeleton = String::from_utf8(out.stdout).unwrap();
    assert!(
        skeleton
            .contains("# 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        "{skeleton}"
    );
    assert!(skeleton.contains("agency = \"测试局\""));
    // As printed, its placeholder sentences are errors (F1): nothing
    // unfinished leaves as final.
    let (code, text) = check("new.toml", &skeleton);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("F1 一、总体情况（一）主动公开 第 1 段仍是 gongwen new 的占位文字"),
        "{text}"
    );
    // Filled in, it passes.
    let filled = skeleton
        .lines()
        .map(|l| match l.strip_prefix("请在此填写") {
            Some(_) => "本机关按照条例要求认真做好这项工作，取得了明显成效。",
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (code, text) = check("new.toml", &filled);
    assert_eq!(code, 0, "{text}");
}

#[test]
fn schema_describes_the_contract() {
    let out = gongwen(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &v["properties"]["applications"]["properties"]["results"]["properties"]["withheld"]
        ["properties"]["third_party"];
    assert_eq!(row["minItems"], 6);
    assert_eq!(row["maxItems"], 7);
    let appeal = &v["properties"]["appeals"]["properties"]["review"];
    assert_eq!(
        (appeal["minItems"].as_u64(), appeal["maxItems"].as_u64()),
        (Some(4), Some(5))
    );
    assert_eq!(
        v["properties"]["report"]["required"],
        serde_json::json!(["agency", "year"])
    );
}

#[test]
fn folders_are_expanded_and_every_file_reported() {
    let dir = Dir::new();
    dir.write("a.toml", SEED);
    dir.write("b.toml", "not toml at all [");
    dir.write("notes.txt", "ignored");
    let out = gongwen(&["check", dir.0.path().to_str().unwrap()]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("a.toml：0 个错误，4 个警告"), "{t}");
    assert!(t.contains("b.toml:1:"), "{t}");
    assert!(
        t.contains("共 2 个文件：0 个通过，1 个有警告，1 个失败"),
        "{t}"
    );
}

#[test]
fn prose_findings_quote_their_sentence_in_json() {
    let v = check_json("seed.toml", SEED);
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "T8", "{v}");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["sentence"], "截止2022年12月31日，我办共收到政府信息公开申请15件，市公开办移送件1个，已按相关规定全部答复", "{v}");
    assert_eq!(f["expected"], "1");
    assert_eq!(v["files"][0]["status"], "warnings");
}
