//! Hostile inputs through the real binary. For every case: exit status 1,
//! a message naming the problem (and, where there is one, the place), no
//! panic, nothing written, and last year's `x.pdf` / `x.docx` byte for byte
//! as they were. Each run has a deadline, so a hang fails the test instead
//! of stalling the suite.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");
const SEED_JSON: &str = include_str!("data/laochengqu-2022.json");
const MAX: u64 = u64::MAX;

/// What a previous, good export left in the output folder.
const OLD_PDF: &[u8] = b"%PDF-1.7\nlast year's good PDF\n%%EOF\n";
const OLD_DOCX: &[u8] = b"PK\x03\x04last year's good DOCX";

struct Run {
    code: Option<i32>,
    text: String,
}

/// Runs gongwen with a deadline; a run that outlives it is killed and the
/// test fails as a hang.
fn gongwen(args: &[&Path]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gongwen");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        stdout.read_to_end(&mut s).unwrap();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        stderr.read_to_end(&mut s).unwrap();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("gongwen {args:?} hung: killed after 120 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.join().unwrap()),
        String::from_utf8_lossy(&err.join().unwrap())
    );
    Run {
        code: status.code(),
        text,
    }
}

/// A folder with the report in `in/` and last year's outputs in `out/`.
struct Case {
    _dir: tempfile::TempDir,
    root: PathBuf,
    input: PathBuf,
    out: PathBuf,
}

impl Case {
    fn new(name: &str, content: &[u8]) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir(root.join("in")).unwrap();
        let out = root.join("out");
        std::fs::create_dir(&out).unwrap();
        let input = root.join("in").join(name);
        std::fs::write(&input, content).unwrap();
        let stem = Path::new(name).file_stem().unwrap().to_str().unwrap();
        std::fs::write(out.join(format!("{stem}.pdf")), OLD_PDF).unwrap();
        std::fs::write(out.join(format!("{stem}.docx")), OLD_DOCX).unwrap();
        Case {
            _dir: dir,
            root,
            input,
            out,
        }
    }

    fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let p = self.root.join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    fn export(&self, extra: &[&Path]) -> Run {
        let mut args: Vec<&Path> = vec![
            Path::new("export"),
            &self.input,
            Path::new("--out-dir"),
            &self.out,
        ];
        args.extend_from_slice(extra);
        gongwen(&args)
    }

    /// Every file under the case folder with its bytes, sorted.
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                let meta = std::fs::symlink_metadata(&p).unwrap();
                if meta.is_dir() {
                    walk(&p, out);
                } else if meta.is_file() {
                    out.push((p.clone(), std::fs::read(&p).unwrap()));
                } else {
                    out.push((p, Vec::new()));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out.sort();
        out
    }

    /// Exports with `extra` arguments and asserts the refusal: exit 1, each
    /// of `expect` in the message, no panic, the folder unchanged.
    fn refused_with(&self, extra: &[&Path], expect: &[&str]) -> String {
        let before = self.snapshot();
        let run = self.export(extra);
        let t = &run.text;
        assert_eq!(run.code, Some(1), "exit status for {:?}:\n{t}", self.input);
        assert!(!t.contains("panicked"), "panic:\n{t}");
        assert!(!t.contains("RUST_BACKTRACE"), "panic:\n{t}");
        for e in expect {
            assert!(t.contains(e), "message lacks {e:?}:\n{t}");
        }
        let after = self.snapshot();
        assert!(
            before == after,
            "files changed: before {:?}, after {:?}\n{t}",
            names(&before),
            names(&after)
        );
        run.text
    }

    fn refused(&self, expect: &[&str]) -> String {
        self.refused_with(&[], expect)
    }
}

fn names(files: &[(PathBuf, Vec<u8>)]) -> Vec<&Path> {
    files.iter().map(|(p, _)| p.as_path()).collect()
}

/// The seed with `from` replaced by `to`; fails if `from` is not there, so
/// a case cannot silently test the unchanged seed.
fn seed_with(from: &str, to: &str) -> String {
    assert!(SEED.contains(from), "seed has no {from:?}");
    SEED.replacen(from, to, 1)
}

fn json_with(from: &str, to: &str) -> String {
    assert!(SEED_JSON.contains(from), "JSON seed has no {from:?}");
    SEED_JSON.replacen(from, to, 1)
}

/// The largest char boundary at or below `n`.
fn floor_boundary(s: &str, mut n: usize) -> usize {
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}

#[test]
fn truncated_toml_at_many_cut_points() {
    for percent in [0, 1, 10, 25, 40, 50, 60, 75, 90, 97, 99] {
        let cut = floor_boundary(SEED, SEED.len() * percent / 100);
        let case = Case::new("x.toml", &SEED.as_bytes()[..cut]);
        let t = case.refused(&["x.toml", "输入错误"]);
        // Past the first line, the place of the problem is named.
        if percent >= 10 {
            assert!(t.contains("x.toml:"), "no line at {percent}%:\n{t}");
        }
    }
    // Cut in the middle of a Chinese character.
    let mid = SEED.find('老').unwrap() + 1;
    let case = Case::new("x.toml", &SEED.as_bytes()[..mid]);
    case.refused(&["x.toml:", "文件可能被截断"]);
    // A cut inside the table of figures.
    let cut = SEED.find("[15, 0,").unwrap() + 4;
    let case = Case::new("x.toml", &SEED.as_bytes()[..cut]);
    case.refused(&["x.toml:", "括号未闭合"]);
}

#[test]
fn truncated_json_at_many_cut_points() {
    for percent in [0, 1, 10, 25, 50, 60, 75, 90, 99] {
        let cut = floor_boundary(SEED_JSON, SEED_JSON.len() * percent / 100);
        let case = Case::new("x.json", &SEED_JSON.as_bytes()[..cut]);
        case.refused(&["x.json", "输入错误"]);
    }
    let cut = SEED_JSON.find("\"applications\"").unwrap();
    let case = Case::new("x.json", &SEED_JSON.as_bytes()[..cut]);
    case.refused(&["x.json:", "文件意外结束"]);
}

#[test]
fn absurd_numbers() {
    // Parts that overflow the computed total.
    let case = Case::new(
        "x.toml",
        seed_with(
            "new         = [15, 0, 0, 0, 0, 0, 15]",
            &format!("new         = [{MAX}, {MAX}, 0, 0, 0, 0]"),
        )
        .as_bytes(),
    );
    case.refused(&[
        "x.toml:54:",
        "applications.new",
        "超出可计算的范围",
        "18446744073709551615",
    ]);
    // A given total that matches nothing, at the very top of the range.
    let case = Case::new(
        "x.toml",
        seed_with(
            "new         = [15, 0, 0, 0, 0, 0, 15]",
            &format!("new         = [{MAX}, 0, 0, 0, 0, 0, {MAX}]"),
        )
        .as_bytes(),
    );
    case.refused(&["R1", "未导出"]);
    // Result rows whose computed total (七) overflows.
    let case = Case::new(
        "x.toml",
        seed_with(
            "disclosed        = [7, 0, 0, 0, 0, 0, 7]",
            &format!("disclosed        = [{MAX}, 0, 0, 0, 0, 0]"),
        )
        .replace("total            = [15, 0, 0, 0, 0, 0, 15]\n", "")
        .as_bytes(),
    );
    case.refused(&["x.toml:", "applications.results.total", "超出可计算的范围"]);
    // Beyond u64 in TOML and in JSON.
    let case = Case::new(
        "x.toml",
        seed_with("licensing   = 0", "licensing   = 18446744073709551616").as_bytes(),
    );
    case.refused(&["x.toml:", "proactive.licensing", "计数超出范围"]);
    let case = Case::new(
        "x.json",
        json_with("\"licensing\": 0", "\"licensing\": 18446744073709551616").as_bytes(),
    );
    case.refused(&["x.json:", "proactive.licensing", "计数超出范围"]);
    let case = Case::new(
        "x.json",
        json_with("\"licensing\": 0", "\"licensing\": 1e400").as_bytes(),
    );
    case.refused(&["x.json:", "数字超出范围"]);
    // Negative, fractional and absurd years.
    let case = Case::new(
        "x.toml",
        seed_with("licensing   = 0", "licensing   = -9223372036854775808").as_bytes(),
    );
    case.refused(&["x.toml:", "计数不能为负数"]);
    let case = Case::new(
        "x.toml",
        seed_with("year = 2022", &format!("year = {MAX}")).as_bytes(),
    );
    case.refused(&["x.toml:", "report.year", "1949 到 2999"]);
    // A fee of more digits than anyone has money.
    let case = Case::new(
        "x.toml",
        seed_with(
            "fees        = \"0\"",
            &format!("fees = \"{}\"", "9".repeat(100_000)),
        )
        .as_bytes(),
    );
    let t = case.refused(&["x.toml:", "proactive.fees", "最多 40 位"]);
    assert!(t.len() < 2_000, "the message quotes the whole value: {t}");
    // A row of 100 000 numbers.
    let row = vec!["0"; 100_000].join(",");
    let case = Case::new(
        "x.toml",
        seed_with(
            "new         = [15, 0, 0, 0, 0, 0, 15]",
            &format!("new = [{row}]"),
        )
        .as_bytes(),
    );
    case.refused(&["x.toml:", "applications.new", "这里有 100000 个"]);
}

#[test]
fn enormous_prose() {
    // 10 MB: over the file limit, refused before it is parsed.
    let big = seed_with(
        "text = \"\"\"\n",
        &format!("text = \"\"\"\n{}", "字".repeat(3_500_000)),
    );
    let case = Case::new("x.toml", big.as_bytes());
    case.refused(&["x.toml", "超过上限 4194304 字节"]);
    // 3.5 MB in one paragraph: inside the file limit, over the paragraph one.
    let para = seed_with(
        "text = \"\"\"\n",
        &format!("text = \"\"\"\n{}", "字".repeat(1_200_000)),
    );
    let case = Case::new("x.toml", para.as_bytes());
    case.refused(&["x.toml:", "overview", "超过上限 20000 个"]);
    // One 100 000-character line.
    let line = seed_with(
        "text = \"\"\"\n",
        &format!("text = \"\"\"\n{}\n", "政务公开abc123，".repeat(10_000)),
    );
    let case = Case::new("x.toml", line.as_bytes());
    case.refused(&[
        "x.toml:",
        "overview.text",
        "一个段落有",
        "超过上限 20000 个",
    ]);
    // A 100 000-character heading and agency.
    let case = Case::new(
        "x.toml",
        seed_with(
            "heading = \"存在问题\"",
            &format!("heading = \"{}\"", "问".repeat(100_000)),
        )
        .as_bytes(),
    );
    case.refused(&["x.toml:", "problems.parts", "200 个字符"]);
    let case = Case::new(
        "x.json",
        json_with(
            "\"agency\": \"老城区人民政府办公室\"",
            &format!("\"agency\": \"{}\"", "机".repeat(100_000)),
        )
        .as_bytes(),
    );
    case.refused(&["x.json:", "report.agency", "200 个字符"]);
}

#[test]
fn deep_nesting() {
    // Parts four levels deep: one more than the format has numbers for.
    let mut deep = SEED.to_string();
    for level in 1..=4 {
        deep.push_str(&format!(
            "\n[[problems{}]]\nheading = \"第{level}层\"\n",
            ".parts".repeat(level)
        ));
    }
    let case = Case::new("x.toml", deep.as_bytes());
    case.refused(&["x.toml:", "problems.parts.parts.parts", "最多 3 层"]);
    // JSON parts nested 200 deep.
    let nested = format!(
        "{}{}{}",
        "[{\"heading\": \"a\", \"parts\": ".repeat(200),
        "[]",
        "}]".repeat(200)
    );
    let json = json_with(
        "\"problems\": {",
        &format!("\"problems\": {{\"parts\": {nested}, "),
    );
    let case = Case::new("x.json", json.as_bytes());
    let t = case.refused(&["x.json:", "嵌套层数过多"]);
    assert!(t.len() < 2_000, "the key path is not shortened: {t}");
    // A TOML table header 100 000 levels deep, and 100 000 nested arrays.
    let header = format!(
        "{SEED}\n[[problems{}]]\nheading = \"a\"\n",
        ".parts".repeat(100_000)
    );
    let case = Case::new("x.toml", header.as_bytes());
    case.refused(&["x.toml", "嵌套层数过多"]);
    let arrays = seed_with(
        "licensing   = 0",
        &format!("licensing = {}{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
    let case = Case::new("x.toml", arrays.as_bytes());
    case.refused(&["x.toml:", "嵌套层数过多"]);
}

#[test]
fn control_characters() {
    // Raw, in TOML prose and in a JSON string.
    let case = Case::new(
        "x.toml",
        seed_with("text = \"\"\"\n", "text = \"\"\"\n\u{7}").as_bytes(),
    );
    case.refused(&["x.toml:12:1", "U+0007"]);
    let case = Case::new(
        "x.json",
        json_with("老城区人民政府办公室", "老城区\u{1}人民政府办公室").as_bytes(),
    );
    case.refused(&["x.json:", "U+0001"]);
    // Escaped, where serde hands them over as text.
    let case = Case::new(
        "x.json",
        json_with("老城区人民政府办公室", "老城区\\u0000人民政府办公室").as_bytes(),
    );
    case.refused(&["x.json:", "report.agency", "U+0000"]);
    let case = Case::new(
        "x.json",
        json_with("\"heading\": \"", "\"heading\": \"\\u001b[31m").as_bytes(),
    );
    case.refused(&["x.json:", "parts", "U+001B"]);
    let case = Case::new(
        "x.toml",
        seed_with("text = \"无\"", "text = \"无\\u0085有\"").as_bytes(),
    );
    case.refused(&["x.toml:", "other.text", "U+0085"]);
    // A bare carriage return is not a line end in TOML.
    let case = Case::new(
        "x.toml",
        seed_with("year = 2022\n", "year = 2022\r").as_bytes(),
    );
    case.refused(&["x.toml:", "TOML 语法错误"]);
}

#[test]
fn unpaired_surrogates_in_json() {
    for escape in ["\\ud800", "\\udc00", "\\ud800\\u0041", "\\ud83d x"] {
        let case = Case::new(
            "x.json",
            json_with("老城区人民政府办公室", &format!("老城区{escape}")).as_bytes(),
        );
        case.refused(&["x.json:", "report.agency", "代理项"]);
    }
    for escape in ["\\u12", "\\x41", "\\q"] {
        let case = Case::new(
            "x.json",
            json_with("老城区人民政府办公室", &format!("老城区{escape}")).as_bytes(),
        );
        case.refused(&["x.json:", "JSON 语法错误", "转义"]);
    }
}

#[test]
fn not_text_at_all() {
    // Binary garbage.
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    Case::new("x.toml", &garbage).refused(&["x.toml:", "UTF-8"]);
    Case::new("x.json", &garbage).refused(&["x.json:", "UTF-8"]);
    // Valid UTF-8 that is not TOML.
    Case::new("x.toml", "这不是 TOML {{ ]] =".as_bytes()).refused(&["x.toml:", "TOML 语法错误"]);
    // Saved as UTF-16 by a Windows editor.
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(SEED.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    Case::new("x.toml", &utf16).refused(&["x.toml:", "UTF-16"]);
    // Empty, blank, and a BOM alone.
    Case::new("x.toml", b"").refused(&["x.toml", "文件为空"]);
    Case::new("x.json", b" \n\t\n").refused(&["x.json", "文件为空"]);
    Case::new("x.toml", "\u{feff}".as_bytes()).refused(&["x.toml", "文件为空"]);
    // JSON that is valid but not a report, and trailing junk.
    Case::new("x.json", b"[1, 2, 3]").refused(&["x.json:", "类型错误"]);
    Case::new("x.json", format!("{SEED_JSON}\n{{}}").as_bytes()).refused(&["x.json:", "多余内容"]);
    // Duplicate keys.
    Case::new(
        "x.toml",
        seed_with("year = 2022\n", "year = 2022\nyear = 2023\n").as_bytes(),
    )
    .refused(&["x.toml:", "同一个键写了两次"]);
    Case::new(
        "x.json",
        json_with("\"year\": 2022", "\"year\": 2022, \"year\": 2023").as_bytes(),
    )
    .refused(&["x.json:", "“year”写了两次"]);
    // Placeholders gone wrong.
    let t = Case::new(
        "x.toml",
        seed_with("text = \"无\"", "text = \"共{{applications.new.total件\"").as_bytes(),
    )
    .refused(&["x.toml:", "other.text", "缺少结尾的 }}"]);
    assert!(!t.contains("未知的占位符"), "{t}");
    Case::new(
        "x.toml",
        seed_with(
            "text = \"无\"",
            &format!("text = \"{{{{{}}}}}\"", "a".repeat(100_000)),
        )
        .as_bytes(),
    )
    .refused(&["x.toml:", "未知的占位符"]);
}

#[test]
fn bad_font_maps() {
    // A text file where a font belongs.
    let case = Case::new("x.toml", SEED.as_bytes());
    case.file("notes.otf", b"this is not a font");
    let map = case.file("fonts.toml", b"[fonts]\nbody = \"notes.otf\"\n");
    case.refused_with(
        &[Path::new("--fonts"), &map],
        &["notes.otf", "不是可用的字体"],
    );
    // A real font cut short, at several points.
    let font =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/FandolFang-Regular.otf"))
            .unwrap();
    for cut in [0, 12, 400, 5_000, font.len() / 2, font.len() * 9 / 10] {
        let case = Case::new("x.toml", SEED.as_bytes());
        case.file("cut.otf", &font[..cut]);
        let map = case.file("fonts.toml", b"[fonts]\ntitle = \"cut.otf\"\n");
        case.refused_with(&[Path::new("--fonts"), &map], &["cut.otf", "字体无法载入"]);
    }
    // A font that does not exist, a folder, a device.
    let case = Case::new("x.toml", SEED.as_bytes());
    let map = case.file("fonts.toml", b"[fonts]\nbody = \"missing.ttf\"\n");
    case.refused_with(&[Path::new("--fonts"), &map], &["missing.ttf"]);
    let case = Case::new("x.toml", SEED.as_bytes());
    let map = case.file(
        "fonts.toml",
        b"[fonts]\nbody = \"/dev/zero.ttf\"\nkai = \"/dev/zero\"\n",
    );
    std::fs::remove_file(&map).unwrap();
    let map = case.file("fonts.toml", b"[fonts]\nkai = \"/dev/zero\"\n");
    case.refused_with(
        &[Path::new("--fonts"), &map],
        &["/dev/zero", "不是普通文件"],
    );
    let case = Case::new("x.toml", SEED.as_bytes());
    let map = case.file("fonts.toml", b"[fonts]\nkai = \"/tmp/\"\n");
    case.refused_with(&[Path::new("--fonts"), &map], &["/tmp/", "文件夹"]);
    // The map itself: not TOML, a typo, missing, a device, a folder.
    let case = Case::new("x.toml", SEED.as_bytes());
    let map = case.file("fonts.toml", b"[fonts\nbody = ");
    case.refused_with(&[Path::new("--fonts"), &map], &["fonts.toml"]);
    let case = Case::new("x.toml", SEED.as_bytes());
    let map = case.file("fonts.toml", b"[fonts]\nbdy = \"a.otf\"\n");
    case.refused_with(&[Path::new("--fonts"), &map], &["fonts.toml", "bdy"]);
    let case = Case::new("x.toml", SEED.as_bytes());
    case.refused_with(
        &[Path::new("--fonts"), Path::new("/nonexistent/fonts.toml")],
        &["/nonexistent/fonts.toml"],
    );
    let case = Case::new("x.toml", SEED.as_bytes());
    case.refused_with(
        &[Path::new("--fonts"), Path::new("/dev/zero")],
        &["/dev/zero"],
    );
    let case = Case::new("x.toml", SEED.as_bytes());
    let dir = case.root.join("in");
    case.refused_with(&[Path::new("--fonts"), &dir], &["文件夹"]);
}

#[test]
fn output_folders_that_cannot_be_written() {
    // Missing.
    let case = Case::new("x.toml", SEED.as_bytes());
    let missing = case.root.join("no-such-folder");
    let mut args = vec![
        Path::new("export"),
        case.input.as_path(),
        Path::new("--out-dir"),
    ];
    args.push(&missing);
    let before = case.snapshot();
    let run = gongwen(&args);
    assert_eq!(run.code, Some(1), "{}", run.text);
    assert!(run.text.contains("no-such-folder"), "{}", run.text);
    assert!(case.snapshot() == before && !missing.exists());
    // A file where the folder should be.
    let case = Case::new("x.toml", SEED.as_bytes());
    let file = case.root.join("in").join("x.toml");
    let run = gongwen(&[
        Path::new("export"),
        &case.input,
        Path::new("--out-dir"),
        &file,
    ]);
    assert_eq!(run.code, Some(1), "{}", run.text);
    assert!(run.text.contains("不是文件夹"), "{}", run.text);
    // A folder nobody may write to, root included (chmod does not stop
    // root, /proc does).
    let case = Case::new("x.toml", SEED.as_bytes());
    let before = case.snapshot();
    let run = gongwen(&[
        Path::new("export"),
        &case.input,
        Path::new("--out-dir"),
        Path::new("/proc"),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.text);
    assert!(run.text.contains("无法写入 /proc/x.pdf"), "{}", run.text);
    assert!(!run.text.contains("panicked"), "{}", run.text);
    assert!(case.snapshot() == before);
    assert!(!Path::new("/proc/x.pdf").exists());
    // The DOCX's place is taken by a folder: the PDF must not be replaced
    // either, so the pair stays consistent.
    let case = Case::new("x.toml", SEED.as_bytes());
    std::fs::remove_file(case.out.join("x.docx")).unwrap();
    std::fs::create_dir(case.out.join("x.docx")).unwrap();
    case.refused(&["x.docx", "同名的文件夹"]);
}

#[test]
fn paths_that_are_not_report_files() {
    // A folder named like a report, given as a file.
    let case = Case::new("x.toml", SEED.as_bytes());
    std::fs::remove_file(&case.input).unwrap();
    std::fs::create_dir(&case.input).unwrap();
    case.refused(&["中没有报告（.toml、.json、.docx、.html 或 .htm）"]);
    // A folder as --previous.
    let case = Case::new("x.toml", SEED.as_bytes());
    let dir = case.root.join("out");
    case.refused_with(&[Path::new("--previous"), &dir], &["--previous", "文件夹"]);
    // A missing file, a device, a pipe.
    let case = Case::new("x.toml", SEED.as_bytes());
    std::fs::remove_file(&case.input).unwrap();
    case.refused(&["x.toml", "无法读取文件"]);
    for device in ["/dev/zero", "/dev/null"] {
        let run = gongwen(&[Path::new("check"), Path::new(device)]);
        assert_eq!(run.code, Some(1), "{}", run.text);
        assert!(run.text.contains("不是普通文件"), "{}", run.text);
    }
    let case = Case::new("x.toml", SEED.as_bytes());
    std::fs::remove_file(&case.input).unwrap();
    let status = Command::new("mkfifo").arg(&case.input).status().unwrap();
    assert!(status.success(), "mkfifo failed");
    case.refused(&["x.toml", "不是普通文件"]);
}

#[test]
fn symlink_loops_in_a_folder_end() {
    let case = Case::new("x.toml", SEED.as_bytes());
    // Folders yield documents too: last year's stand-in DOCX beside the
    // loop would be read (and refused) as a report, which is not what this
    // test is about.
    std::fs::remove_file(case.root.join("out").join("x.docx")).unwrap();
    let inside = case.root.join("in");
    std::os::unix::fs::symlink("..", inside.join("up")).unwrap();
    std::os::unix::fs::symlink(".", inside.join("here")).unwrap();
    let run = gongwen(&[Path::new("check"), &inside]);
    assert_eq!(run.code, Some(0), "{}", run.text);
    // The report once, not once per way round the loop.
    assert!(run.text.contains("共 1 个文件"), "{}", run.text);
}

#[test]
fn agency_names_never_reach_a_file_name() {
    for agency in [
        "../../../evil",
        "/tmp/evil",
        "a/b\\\\c:d*e?f\\\"g<h>i|j",
        "..",
        "CON",
        "   ",
    ] {
        let content = seed_with(
            "agency = \"老城区人民政府办公室\"",
            &format!("agency = \"{agency}\""),
        );
        let case = Case::new("x.toml", content.as_bytes());
        let before = case.snapshot();
        let run = case.export(&[]);
        if agency.trim().is_empty() {
            assert_eq!(run.code, Some(1), "{}", run.text);
            assert!(run.text.contains("report.agency"), "{}", run.text);
            assert!(case.snapshot() == before);
            continue;
        }
        assert_eq!(run.code, Some(0), "{agency}: {}", run.text);
        // Exactly the input's own name, in the output folder, and nothing
        // anywhere else.
        let after = case.snapshot();
        assert_eq!(
            names(&after),
            vec![
                case.root.join("in/x.toml").as_path(),
                case.root.join("out/x.docx").as_path(),
                case.root.join("out/x.pdf").as_path(),
            ]
        );
        assert!(!Path::new("/tmp/evil").exists());
        assert!(!Path::new("/tmp/evil.pdf").exists());
    }
}

#[test]
fn outputs_that_would_overwrite_data_are_refused() {
    // Two reports with one name into one output folder: the second would
    // silently replace the first's documents.
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("r.toml"), SEED).unwrap();
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let run = gongwen(&[
        Path::new("export"),
        &dir.path().join("a"),
        &dir.path().join("b"),
        Path::new("--out-dir"),
        &out,
    ]);
    assert_eq!(run.code, Some(1), "{}", run.text);
    assert!(run.text.contains("与"), "{}", run.text);
    assert!(run.text.contains("的输出同名"), "{}", run.text);
    assert!(run.text.contains("分别指定 --out-dir"), "{}", run.text);
    // A report whose own name is an output name: a file named .pdf is not
    // read (gongwen writes PDF, it does not read it), so never overwritten.
    let case = Case::new("x.pdf", SEED.as_bytes());
    let run = gongwen(&[Path::new("export"), &case.input]);
    assert_eq!(run.code, Some(1), "{}", run.text);
    assert!(run.text.contains("无法识别的文件格式"), "{}", run.text);
    assert_eq!(std::fs::read(&case.input).unwrap(), SEED.as_bytes());
    // An input that is another input's output is never overwritten either.
    let case = Case::new("x.toml", SEED.as_bytes());
    let docx = case.root.join("in").join("x.docx");
    let good_docx = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/import/corpus/laochengqu-2022.gongwen.docx"),
    )
    .unwrap();
    std::fs::write(&docx, &good_docx).unwrap();
    let run = gongwen(&[Path::new("export"), &case.input, &docx]);
    assert_eq!(run.code, Some(1), "{}", run.text);
    assert!(run.text.contains("就是输入文件"), "{}", run.text);
    assert_eq!(std::fs::read(&docx).unwrap(), good_docx);
}

#[test]
fn a_bom_and_crlf_are_ordinary_files() {
    for (name, content) in [
        ("x.toml", format!("\u{feff}{SEED}")),
        ("x.toml", SEED.replace('\n', "\r\n")),
        ("x.json", format!("\u{feff}{SEED_JSON}")),
        ("x.json", SEED_JSON.replace('\n', "\r\n")),
    ] {
        let case = Case::new(name, content.as_bytes());
        let run = case.export(&[]);
        assert_eq!(run.code, Some(0), "{name}: {}", run.text);
        let pdf = std::fs::read(case.out.join("x.pdf")).unwrap();
        assert!(pdf.starts_with(b"%PDF-") && pdf.trim_ascii_end().ends_with(b"%%EOF"));
        assert_ne!(pdf, OLD_PDF);
    }
}

#[test]
fn a_200_character_agency_in_the_title_does_not_hang_the_layout() {
    // The title is laid out from the agency name; breaking it once tried
    // every combination of line breaks, which never ended for 200 characters.
    let title_line = SEED
        .lines()
        .find(|l| l.starts_with("title = "))
        .expect("seed has a title");
    let content = seed_with(&format!("{title_line}\n"), "").replacen(
        "agency = \"老城区人民政府办公室\"",
        &format!(
            "agency = \"{}Wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww\"",
            "县".repeat(148)
        ),
        1,
    );
    let case = Case::new("x.toml", content.as_bytes());
    let started = Instant::now();
    let run = case.export(&[]);
    assert_eq!(run.code, Some(0), "{}", run.text);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}
