//! Issue 16 as a county clerk meets the command line, through the real
//! binary: nothing unfinished leaves as final, every finding and input
//! error names the key and line to change, all of a file's errors come in
//! one run, and the help, usage errors and write failures are in Chinese.

mod binary;

use binary::{gongwen, text};
use std::path::{Path, PathBuf};

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");

fn seed_with(from: &str, to: &str) -> String {
    assert!(SEED.contains(from), "seed has no {from:?}");
    SEED.replacen(from, to, 1)
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

fn skeleton() -> String {
    let o = gongwen(&["new"]);
    assert!(o.status.success(), "{}", text(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// The skeleton with its agency and every placeholder sentence written.
fn filled_skeleton() -> String {
    skeleton()
        .replace("某某人民政府办公室", "某县人民政府办公室")
        .lines()
        .map(|l| match l.strip_prefix("请在此填写") {
            Some(_) => "本机关按照条例要求认真做好这项工作，取得了明显成效。",
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// Item 1.
#[test]
fn the_skeleton_as_printed_is_refused_as_final_and_exported_as_draft() {
    let dir = Dir::new();
    let r = dir.write("r.toml", &skeleton());
    let (code, out) = run(&[Path::new("export"), &r]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("F2 发文机关“某某人民政府办公室”仍是 gongwen new 的占位名称"),
        "{out}"
    );
    assert_eq!(out.matches("错误 F1 ").count(), 7, "{out}");
    assert!(out.contains("位置：report.agency（第 "), "{out}");
    assert!(!dir.path("r.pdf").exists() && !dir.path("r.docx").exists());
    let (code, out) = run(&[Path::new("export"), &r, Path::new("--draft")]);
    assert_eq!(code, 1, "a draft of a failing report still fails: {out}");
    assert!(dir.path("r.pdf").is_file(), "{out}");
    // Filled in, it exports as final.
    let filled = dir.write("filled.toml", &filled_skeleton());
    let (code, out) = run(&[Path::new("export"), &filled]);
    assert_eq!(code, 0, "{out}");
}

// Item 1: a table section left out is not a table of zeros.
#[test]
fn a_missing_table_section_is_an_error() {
    let start = SEED.find("[appeals]").unwrap();
    let end = SEED.find("[problems]").unwrap();
    let without = format!("{}{}", &SEED[..start], &SEED[end..]);
    let dir = Dir::new();
    let r = dir.write("r.toml", &without);
    let (code, out) = run(&[Path::new("check"), &r]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("F3 四、政府信息公开行政复议、行政诉讼情况 的表格一个数也没有写"),
        "{out}"
    );
    let (code, out) = run(&[Path::new("export"), &r]);
    assert_eq!(code, 1, "{out}");
    assert!(!dir.path("r.pdf").exists(), "{out}");
}

// Item 2.
#[test]
fn a_refused_export_names_the_old_documents_beside_it() {
    let dir = Dir::new();
    let r = dir.write("x.toml", SEED);
    let (code, out) = run(&[Path::new("export"), &r]);
    assert_eq!(code, 0, "{out}");
    let old_pdf = std::fs::read(dir.path("x.pdf")).unwrap();
    let broken = seed_with(
        "new         = [15, 0, 0, 0, 0, 0, 15]",
        "new         = [16, 0, 0, 0, 0, 0, 16]",
    );
    std::fs::write(&r, broken).unwrap();
    let (code, out) = run(&[Path::new("export"), &r]);
    assert_eq!(code, 1, "{out}");
    let pdf = dir.path("x.pdf").display().to_string();
    let docx = dir.path("x.docx").display().to_string();
    assert!(
        out.contains(&format!("旧的 {pdf}、{docx} 是上次导出的，未更新")),
        "{out}"
    );
    assert_eq!(std::fs::read(dir.path("x.pdf")).unwrap(), old_pdf);
}

// Items 5 and 6.
#[test]
fn a_table_finding_names_its_keys_and_lines_and_r1_prints_its_sums() {
    let dir = Dir::new();
    let r = dir.write(
        "r.toml",
        &seed_with(
            "new         = [15, 0, 0, 0, 0, 0, 15]",
            "new         = [16, 0, 0, 0, 0, 0, 16]",
        ),
    );
    let (code, out) = run(&[Path::new("check"), &r]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("R1 总计列：新收 16 + 上年结转 1 = 17 ≠ 办理结果总计 15 + 结转下年度 1 = 16"),
        "{out}"
    );
    assert!(
        out.contains("位置：applications.new（第 54 行）、applications.carried_in（第 55 行）"),
        "{out}"
    );
    // The prose finding names its section and paragraph, not a 表格.
    assert!(
        out.contains(
            "正文：一、总体情况（二）依申请公开 第 1 段（overview.parts[1].text，第 24 行）"
        ),
        "{out}"
    );
    let o = gongwen(&["check", "--format", "json", r.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let r1 = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "R1")
        .unwrap();
    assert_eq!(r1["key"], "applications.new", "{r1}");
    assert_eq!(r1["line"], 54, "{r1}");
    assert_eq!(r1["places"][1]["key"], "applications.carried_in", "{r1}");
    let t1 = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "T1")
        .unwrap();
    assert_eq!(t1["key"], "overview.parts[1].text", "{t1}");
    assert_eq!(t1["places"][0]["paragraph"], 1, "{t1}");
    assert_eq!(t1["places"][0]["heading"], "一、总体情况（二）依申请公开");
}

// Item 7.
#[test]
fn the_skeleton_leaves_the_total_to_the_tool() {
    let skeleton = filled_skeleton();
    assert!(
        !skeleton.lines().any(|l| l.starts_with("total")),
        "{skeleton}"
    );
    assert!(skeleton.contains("# total = [0, 0, 0, 0, 0, 0, 0]   # （七）总计：不写时由以上各项相加；写出则加以核对（R3）"));
    // Three rows filled with three mistakes against the received: three
    // columns of R1, nothing about the total.
    let filled = skeleton
        .replacen(
            "disclosed = [0, 0, 0, 0, 0, 0, 0]",
            "disclosed = [1, 2, 3, 0, 0, 0, 6]",
            1,
        )
        .replacen(
            "new = [0, 0, 0, 0, 0, 0, 0]",
            "new = [1, 2, 3, 0, 0, 0, 6]",
            1,
        )
        .replacen(
            "not_held = [0, 0, 0, 0, 0, 0, 0]",
            "not_held = [1, 0, 0, 0, 0, 0, 1]",
            1,
        );
    assert_ne!(filled, skeleton, "the skeleton's rows changed their form");
    let dir = Dir::new();
    let r = dir.write("r.toml", &filled);
    let (code, out) = run(&[Path::new("check"), &r]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(out.matches("错误 ").count(), 2, "{out}");
    assert!(out.contains("R1 自然人列"), "{out}");
    assert!(out.contains("R1 总计列"), "{out}");
    assert!(!out.contains("R3"), "{out}");
}

// Item 8.
#[test]
fn a_row_one_number_short_is_a_warning_on_that_row() {
    let dir = Dir::new();
    let r = dir.write(
        "r.toml",
        &seed_with(
            "disclosed        = [7, 0, 0, 0, 0, 0, 7]",
            "disclosed        = [7, 0, 0, 0, 0, 7]",
        ),
    );
    let (_, out) = run(&[Path::new("check"), &r]);
    assert!(
        out.contains(
            "F4 （一）予以公开：这一行有 6 个数，按未填总计处理；其他行都有 7 个数，是否漏了一个？"
        ),
        "{out}"
    );
    assert!(
        out.contains("位置：applications.results.disclosed（第 59 行）"),
        "{out}"
    );
}

fn pdf_text(pdf: &Path) -> String {
    let o = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is missing: install poppler-utils (scripts/test.sh does)");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

// Items 9 and 10.
#[test]
fn a_numbered_heading_is_printed_once_and_a_line_break_is_a_paragraph() {
    let with_number = seed_with("heading = \"主动公开\"", "heading = \"（一）主动公开\"");
    let split = with_number.replacen(
        "我办共收到政府信息公开申请15件，",
        "我办共收到政府信息公开申请15件。\n共收到申请14件，",
        1,
    );
    let dir = Dir::new();
    let r = dir.write("r.toml", &split);
    let (_, out) = run(&[Path::new("check"), &r]);
    assert!(
        out.contains("F5 小标题“（一）主动公开”自带编号“（一）”"),
        "{out}"
    );
    // A heading is prose: its place, not a 表格.
    assert!(
        out.contains("位置：overview.parts[0].heading（第 16 行）"),
        "{out}"
    );
    assert!(!out.contains("表格：一、总体情况"), "{out}");
    // The contradiction is on the text's second line: its paragraph 2.
    assert!(
        out.contains("依申请公开 第 2 段（overview.parts[1].text，第 25 行）"),
        "{out}"
    );
    let (_, out) = run(&[Path::new("export"), &r, Path::new("--draft")]);
    let text = pdf_text(&dir.path("r.pdf"));
    assert!(text.contains("（一）主动公开"), "{out}\n{text}");
    assert!(!text.contains("（一）（一）"), "{text}");
}

// Items 11 and 12.
#[test]
fn input_method_slips_are_named_in_chinese_all_in_one_run_in_line_order() {
    let typed = seed_with("year = 2022", "year = ２０２２")
        .replacen(
            "agency = \"老城区人民政府办公室\"",
            "agency = “老城区人民政府办公室”",
            1,
        )
        .replacen(
            "carried_in  = [1, 0, 0, 0, 0, 0, 1]",
            "carried_in  = [1，0, 0, 0, 0, 0, 1]",
            1,
        )
        .replacen(
            "review            = [2, 0, 0, 0, 2]",
            "review            = （2, 0, 0, 0, 2）",
            1,
        );
    let dir = Dir::new();
    let r = dir.write("r.toml", &typed);
    let (code, out) = run(&[Path::new("check"), &r]);
    assert_eq!(code, 1, "{out}");
    let expected = [
        "第 6 行第 10 列：用了中文引号“”，请改为英文引号 \"\"",
        "第 7 行第 8 列：用了全角数字“２０２２”，请改为半角数字 2022",
        "第 55 行第 17 列：用了中文标点“，”，请改为英文逗号 ,",
        "第 91 行第 21 列：",
    ];
    let mut from = 0;
    for e in expected {
        let at = out[from..]
            .find(e)
            .unwrap_or_else(|| panic!("{e} (in order) in:\n{out}"));
        from += at + e.len();
    }
    assert!(!out.contains("expected"), "the parser's English: {out}");
    // A font map's slips too.
    let fonts = dir.write("fonts.toml", "[fonts]\nbody = “x.ttf”\n");
    let good = dir.write("good.toml", SEED);
    let (code, out) = run(&[Path::new("export"), &good, Path::new("--fonts"), &fonts]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("第 2 行第 8 列：用了中文引号"), "{out}");
}

// Item 13.
#[test]
fn write_failures_say_what_to_do_without_the_temporary() {
    let dir = Dir::new();
    let r = dir.write("x.toml", SEED);
    // Root may write anywhere but in the kernel's folders.
    let (code, out) = run(&[
        Path::new("export"),
        &r,
        Path::new("--out-dir"),
        Path::new("/sys/kernel"),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("x.toml：检查通过，写入失败"), "{out}");
    assert!(out.contains("（请换一个输出文件夹）"), "{out}");
    assert!(
        out.contains("没有写入权限：/sys/kernel") || out.contains("/sys/kernel 在只读的文件系统上"),
        "{out}"
    );
    assert!(!out.contains("gongwen-partial"), "{out}");
    let missing = dir.path("missing.toml");
    let (code, out) = run(&[Path::new("check"), &missing]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("找不到文件："), "{out}");
}

// Item 14.
#[test]
fn help_and_usage_errors_are_chinese() {
    let o = gongwen(&["check", "--strick", "x.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let out = text(&o);
    assert!(
        out.contains("未知参数 --strick，是否想写 --strict？"),
        "{out}"
    );
    assert!(out.contains("用法：gongwen check [选项]"), "{out}");
    let o = gongwen(&["chek"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("未知命令 chek，是否想写 check？"),
        "{}",
        text(&o)
    );
    let o = gongwen(&["export", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = text(&o);
    assert!(help.contains("用法：gongwen export [选项]"), "{help}");
    assert!(help.contains("［默认：pdf,docx］"), "{help}");
    assert!(help.contains("显示帮助"), "{help}");
    for english in ["Usage", "Options", "[default", "Print help"] {
        assert!(!help.contains(english), "{english} in:\n{help}");
    }
    let help = text(&gongwen(&["check", "--help"]));
    for family in ["R1–R6", "R7", "T1–T9", "C1–C5", "F1–F5", "P1–P2"] {
        assert!(help.contains(family), "{family} in:\n{help}");
    }
}

// Item 15.
#[test]
fn the_date_as_printed_is_read_and_a_far_year_refused() {
    let dir = Dir::new();
    let dated = seed_with(
        "year = 2022\n",
        "year = 2022\nsignature = \"老城区人民政府办公室\"\ndate = \"2023年1月20日\"\n",
    );
    let r = dir.write("r.toml", &dated);
    let (_, out) = run(&[Path::new("export"), &r]);
    assert!(out.contains("→"), "{out}");
    assert!(pdf_text(&dir.path("r.pdf")).contains("2023年1月20日"));
    let far = dir.write("far.toml", &seed_with("year = 2022", "year = 2999"));
    let (code, out) = run(&[Path::new("check"), &far]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("第 7 行"), "{out}");
    assert!(out.contains("2999"), "{out}");
    // A draft of a failing report: the summary says failed, so does the status.
    let bad = dir.write(
        "bad.toml",
        &seed_with(
            "new         = [15, 0, 0, 0, 0, 0, 15]",
            "new         = [16, 0, 0, 0, 0, 0, 16]",
        ),
    );
    let (code, out) = run(&[Path::new("export"), &bad, Path::new("--draft")]);
    assert!(out.contains("1 个失败"), "{out}");
    assert_eq!(code, 1, "{out}");
}
