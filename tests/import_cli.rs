//! `gongwen import`, and documents through `check` and `export`, as a user
//! runs them: the real binary on real files (the import corpus, gongwen's
//! own DOCX, a real password-protected DOCX and a real Word 97 file made by
//! LibreOffice), hostile inputs included. Every failure exits 1 with a
//! message naming the file, writes nothing and never panics.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn text(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs gongwen with a deadline (a hang fails the test) and an optional
/// `PATH` (to hide LibreOffice).
fn gongwen_with(args: &[&str], path: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongwen"));
    command
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let mut child = command.spawn().expect("run gongwen");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).unwrap();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).unwrap();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(240);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("gongwen {args:?} hung: killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let run = Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    assert!(
        !run.text().contains("panicked"),
        "gongwen {args:?} panicked:\n{}",
        run.text()
    );
    run
}

fn gongwen(args: &[&str]) -> Run {
    gongwen_with(args, None)
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import/corpus")
        .join(name)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import/fixtures")
        .join(name)
}

fn seed_toml() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laochengqu-2022.toml")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The findings of `gongwen check --format json` on one file, without the
/// file name: rule, severity and message.
fn findings(file: &Path) -> Vec<(String, String, String)> {
    let run = gongwen(&["check", "--format", "json", s(file)]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn import_writes_a_commented_contract_file_that_checks_like_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("导入.toml");
    let page = corpus("laochengqu-2022.portal.html");
    let run = gongwen(&["import", s(&page), "-o", s(&out)]);
    assert_eq!(run.code, Some(0), "{}", run.text());
    // Every blank cell is listed on stderr, a row at a time.
    assert!(
        run.stderr
            .contains("第 2 张表有 155 个单元格为空或“—”，按 0 计：第 4 行第 5–9 列，"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("170 个未填数字的单元格按 0 计"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(&out).unwrap();
    // Commented like `gongwen new`, prose literal, one paragraph a line.
    assert!(text.contains("agency = \"老城区人民政府办公室\"   # 发文机关"));
    assert!(
        text.contains(
            "new = [15, 0, 0, 0, 0, 0, 15]   # 一、本年新收政府信息公开申请数量：自然人、"
        ),
        "{text}"
    );
    assert!(!text.contains("{{"), "no placeholders are invented");
    // The imported report checks exactly as the TOML it was published from.
    assert_eq!(findings(&out), findings(&seed_toml()));
    // Without -o the file goes to stdout, the notes to stderr.
    let run = gongwen(&["import", s(&page)]);
    assert_eq!(run.code, Some(0));
    assert_eq!(run.stdout, text);
    assert!(!run.stdout.contains("✓"));
}

#[test]
fn check_reads_documents_in_a_folder_and_lists_what_it_read_as_zero() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "laochengqu-2022.portal.html",
        "generated-1.portal.lo.docx",
        "variant-dashes.html",
    ] {
        std::fs::copy(corpus(name), dir.path().join(name)).unwrap();
    }
    std::fs::copy(seed_toml(), dir.path().join("seed.toml")).unwrap();
    let run = gongwen(&["check", s(dir.path())]);
    assert_eq!(run.code, Some(0), "{}", run.text());
    assert!(run.stdout.contains("共 4 个文件"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("导入说明 第 2 张表有 155 个单元格为空或“—”，按 0 计：第 4 行第 5–9 列，"),
        "{}",
        run.stdout
    );
    let run = gongwen(&["check", "--format", "json", s(dir.path())]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let notes = json["import_notes"].as_array().unwrap();
    let blank = notes
        .iter()
        .find(|n| {
            n["kind"] == "blank_cell"
                && n["file"].as_str().unwrap().ends_with("variant-dashes.html")
        })
        .expect("a blank cell of the dashes page");
    assert_eq!(blank["severity"], "info");
    assert!(blank["table"].is_u64() && blank["row"].is_u64() && blank["column"].is_u64());
    // A text report has no import notes.
    assert!(!notes
        .iter()
        .any(|n| n["file"].as_str().unwrap().ends_with("seed.toml")));
    // --strict makes each blank cell an error of its file.
    let run = gongwen(&[
        "check",
        "--strict",
        s(&dir.path().join("variant-dashes.html")),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.text());
    assert!(run.stdout.contains("--strict"), "{}", run.stdout);
}

#[test]
fn export_of_a_draft_docx_writes_beside_it_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("我的草稿.docx");
    std::fs::copy(corpus("word-features-seed.docx"), &draft).unwrap();
    let before = std::fs::read(&draft).unwrap();
    let run = gongwen(&["export", s(&draft)]);
    assert_eq!(run.code, Some(0), "{}", run.text());
    assert_eq!(
        std::fs::read(&draft).unwrap(),
        before,
        "the draft is untouched"
    );
    let pdf = dir.path().join("我的草稿.pdf");
    let docx = dir.path().join("我的草稿.gongwen.docx");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));
    // Run again on the folder: gongwen's own export is not taken for a report.
    let run = gongwen(&["export", s(dir.path())]);
    assert_eq!(run.code, Some(0), "{}", run.text());
    assert!(run.stdout.contains("共 1 个文件"), "{}", run.stdout);
}

#[test]
fn strict_import_names_every_blank_cell_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.toml");
    let run = gongwen(&[
        "import",
        "--strict",
        s(&corpus("variant-dashes.html")),
        "-o",
        s(&out),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.text());
    assert!(run.stderr.contains("variant-dashes.html"), "{}", run.stderr);
    assert!(
        run.stderr.contains("第 1 张表第 3 行第 2 列为"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

#[test]
fn a_page_without_a_title_needs_agency_and_year_or_its_page_title() {
    // The corpus page has a <title>; a copy without it needs the flags.
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(corpus("variant-no-title.html")).unwrap();
    let start = page.find("<title>").unwrap();
    let end = page.find("</title>").unwrap() + "</title>".len();
    let bare = dir.path().join("bare.html");
    std::fs::write(&bare, format!("{}{}", &page[..start], &page[end..])).unwrap();
    let run = gongwen(&["import", s(&bare)]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("--agency") && run.stderr.contains("--year"));
    let run = gongwen(&[
        "import",
        s(&bare),
        "--agency",
        "老城区人民政府办公室",
        "--year",
        "2022",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.text());
    assert!(run.stdout.contains("agency = \"老城区人民政府办公室\""));
}

#[test]
fn hostile_documents_are_refused_by_name_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let zip_with = |name: &str, entries: &[(&str, &[u8])]| -> PathBuf {
        let path = d.join(name);
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (entry, bytes) in entries {
            zip.start_file(*entry, options).unwrap();
            std::io::Write::write_all(&mut zip, bytes).unwrap();
        }
        zip.finish().unwrap();
        path
    };
    let workbook = zip_with(
        "表格.docx",
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
        ],
    );
    // 65 MiB of XML in well under 1 MB: past the 64 MiB part limit.
    let bomb_xml = vec![b' '; 65 * 1024 * 1024];
    let bomb = zip_with("炸弹.docx", &[("word/document.xml", &bomb_xml)]);
    let truncated = d.join("截断.docx");
    let good = std::fs::read(corpus("laochengqu-2022.gongwen.docx")).unwrap();
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    let huge = d.join("巨大.docx");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(500 * 1024 * 1024)
        .unwrap();
    let no_tables = d.join("目录.html");
    std::fs::write(
        &no_tables,
        "<html><head><title>政府信息公开年报</title></head><body><p>2022年报告</p></body></html>",
    )
    .unwrap();
    let legacy = fixture("seed-word97.doc");
    let encrypted = fixture("encrypted.docx");
    let cases: [(&Path, &str); 7] = [
        (&workbook, "这是 Excel 工作簿"),
        (&bomb, "超过 67108864 字节"),
        (&truncated, "无法解压"),
        (&huge, "文件有 524288000 字节，超过上限"),
        (&no_tables, "没有表格"),
        (&legacy, "另存为"),
        (&encrypted, "打开密码"),
    ];
    for (file, expected) in cases {
        let out = d.join("out.toml");
        let started = Instant::now();
        let run = gongwen(&["import", s(file), "-o", s(&out)]);
        assert_eq!(run.code, Some(1), "{file:?}: {}", run.text());
        assert!(
            run.stderr.contains(s(file)) && run.stderr.contains(expected),
            "{file:?} should say “{expected}”: {}",
            run.stderr
        );
        assert!(!out.exists(), "{file:?}: something was written");
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{file:?} too slow"
        );
        // Export refuses it the same way and writes nothing either.
        let run = gongwen(&["export", "--out-dir", s(d), s(file)]);
        assert_eq!(run.code, Some(1), "{file:?}: {}", run.text());
        assert!(run.stdout.contains(expected), "{file:?}: {}", run.stdout);
    }
    let written: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf") || n.ends_with(".toml") || n.contains(".gongwen"))
        .collect();
    assert!(written.is_empty(), "written: {written:?}");
}

#[test]
fn import_refuses_to_overwrite_its_input_or_write_another_format() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    std::fs::copy(corpus("variant-gbk.html"), &page).unwrap();
    let run = gongwen(&["import", s(&page), "-o", s(&dir.path().join("r.json"))]);
    assert_eq!(run.code, Some(2), "{}", run.text());
    let before = std::fs::read(&page).unwrap();
    let run = gongwen(&["import", s(&page), "-o", s(&page)]);
    assert_eq!(run.code, Some(2), "{}", run.text());
    assert_eq!(std::fs::read(&page).unwrap(), before);
}

#[test]
fn convert_needs_libreoffice_and_says_when_it_used_it() {
    let legacy = fixture("seed-word97.doc");
    // LibreOffice hidden: a clear refusal, nothing guessed.
    let empty = tempfile::tempdir().unwrap();
    let run = gongwen_with(&["import", "--convert", s(&legacy)], Some(s(empty.path())));
    assert_eq!(run.code, Some(1), "{}", run.text());
    assert!(
        run.stderr.contains("须先安装 LibreOffice"),
        "{}",
        run.stderr
    );
    // With LibreOffice: converted, said so, and read to the seed's figures.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seed.toml");
    let run = gongwen(&["import", "--convert", s(&legacy), "-o", s(&out)]);
    assert_eq!(run.code, Some(0), "{}", run.text());
    assert!(
        run.stderr.contains("已用 LibreOffice 转换"),
        "{}",
        run.stderr
    );
    assert_eq!(findings(&out), findings(&seed_toml()));
}

/// The body's paragraphs as python-docx (a real client) lists them, with
/// the text of anything anchored in them (a title in a text box shows in
/// the paragraph that holds the box); paragraphs that show nothing (empty,
/// or deleted as a tracked change) are left out, as the import leaves them.
fn docx_paragraphs(file: &Path) -> Vec<String> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import docx, sys\n\
             W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t'\n\
             for p in docx.Document(sys.argv[1]).paragraphs:\n\
             \x20   t = ''.join(''.join(x.text or '' for x in p._p.iter(W)).split())\n\
             \x20   if t: print(t)",
            s(file),
        ])
        .output()
        .expect("python3 with python-docx (scripts/test.sh installs it)");
    assert!(
        out.status.success(),
        "python-docx: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// A finding about a paragraph of a Word document names that paragraph,
/// as the clerk counts it in Word, not its section's heading (every finding
/// of 五 once said 第 17 段).
#[test]
fn prose_findings_in_a_document_point_at_their_own_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("seed.docx");
    let run = gongwen(&[
        "export",
        "--format",
        "docx",
        "--out-dir",
        s(dir.path()),
        s(&seed_toml()),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.text());
    std::fs::rename(dir.path().join("laochengqu-2022.docx"), &own).unwrap();
    for file in [own, corpus("word-features-seed.docx")] {
        let paragraphs = docx_paragraphs(&file);
        let run = gongwen(&["check", s(&file)]);
        let mut checked = 0;
        let mut message = "";
        for line in run.stdout.lines() {
            let line = line.trim();
            if line.starts_with("警告") || line.starts_with("错误") {
                message = line;
                continue;
            }
            let Some(at) = line.split("文档第 ").nth(1) else {
                continue;
            };
            let n: usize = at.split(' ').next().unwrap().parse().unwrap();
            // The first phrase the message quotes is in that paragraph.
            let quoted = message
                .split('“')
                .nth(1)
                .unwrap()
                .split('”')
                .next()
                .unwrap();
            let quoted: String = quoted.split_whitespace().collect();
            assert!(
                paragraphs[n - 1].contains(&quoted),
                "{}: paragraph {n} is {:?}, the finding quotes {quoted:?}\n{}",
                file.display(),
                paragraphs[n - 1],
                run.stdout
            );
            checked += 1;
        }
        assert!(
            checked >= 4,
            "{}: {checked} findings placed\n{}",
            file.display(),
            run.stdout
        );
    }
}
