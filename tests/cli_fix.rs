//! `gongwen fix` through the real binary: the seed's half-width punctuation
//! becomes full-width in the file itself and no other byte changes; `--check`
//! writes nothing; documents are refused; `check` is quiet about C5 after.

mod binary;

use binary::{gongwen, text};
use std::path::{Path, PathBuf};

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");
const SEED_JSON: &str = include_str!("data/laochengqu-2022.json");

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn run(args: &[&str]) -> (i32, String) {
    let out = gongwen(args);
    (out.status.code().unwrap(), text(&out))
}

/// The (old, new) characters where two texts differ; they must have the
/// same number of characters, as a fix replaces one character by one.
fn changed_chars(before: &str, after: &str) -> Vec<(char, char)> {
    assert_eq!(before.chars().count(), after.chars().count());
    before
        .chars()
        .zip(after.chars())
        .filter(|(a, b)| a != b)
        .collect()
}

fn assert_only_punctuation_changed(before: &str, after: &str, expected: usize) {
    let changed = changed_chars(before, after);
    assert_eq!(changed.len(), expected, "{changed:?}");
    for pair in &changed {
        assert!(
            [
                (',', '，'),
                (';', '；'),
                (':', '：'),
                ('(', '（'),
                (')', '）')
            ]
            .contains(pair),
            "{pair:?}"
        );
    }
}

#[test]
fn fix_rewrites_the_seeds_punctuation_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "seed.toml", SEED.as_bytes());
    let p = path.to_str().unwrap();
    let (code, out) = run(&["fix", p]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("已将 19 处半角标点改为全角"), "{out}");
    assert!(
        out.contains(":99:6 [problems] “,” → “，”  2022年，我区政务公开"),
        "{out}"
    );
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_only_punctuation_changed(SEED, &fixed, 19);
    // Only the problems section changed, and every comment line is intact.
    let lines = |t: &str| t.lines().map(str::to_string).collect::<Vec<_>>();
    let (old, new) = (lines(SEED), lines(&fixed));
    let differing: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
    assert_eq!(differing, [98, 104, 106], "{differing:?}");
    assert!(fixed.contains("村（社区）差距较大；三是"), "{fixed}");
    // check no longer reports C5; the T8 claim is still there.
    let (code, out) = run(&["check", p]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 个错误，1 个警告"), "{out}");
    assert!(!out.contains("C5"), "{out}");
    // A second fix has nothing to do and leaves the bytes alone.
    let (code, out) = run(&["fix", p]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("没有需要改为全角的半角标点"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
}

#[test]
fn check_mode_lists_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "seed.toml", SEED.as_bytes());
    let (code, out) = run(&["fix", "--check", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("有 19 处半角标点应为全角（--check，文件未修改）"),
        "{out}"
    );
    assert_eq!(out.matches(" → ").count(), 19, "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), SEED);
}

#[test]
fn json_reports_are_fixed_in_place_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "seed.json", SEED_JSON.as_bytes());
    let (code, out) = run(&["fix", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let fixed = std::fs::read_to_string(&path).unwrap();
    let n = out.lines().filter(|l| l.contains(" → ")).count();
    assert!(n > 0, "{out}");
    assert_only_punctuation_changed(SEED_JSON, &fixed, n);
    let before: serde_json::Value = serde_json::from_str(SEED_JSON).unwrap();
    let after: serde_json::Value = serde_json::from_str(&fixed).unwrap();
    // The agency and the tables are untouched; the prose changed.
    assert_eq!(before["report"], after["report"]);
    assert_eq!(before["applications"]["new"], after["applications"]["new"]);
    assert_ne!(before["problems"], after["problems"]);
}

#[test]
fn comments_layout_and_names_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let source = "# 注释里的半角,标点(不改)\r\n[report]\r\nagency = \"某某区(县)人民政府\"  # 名称不改,\r\nyear = 2022\r\n\r\n[overview]\r\ntext = '''\r\n本年度,我区加强公开工作(含政策解读):一是;二是。\r\n'''\r\n";
    let path = write(dir.path(), "crlf.toml", source.as_bytes());
    let (code, out) = run(&["fix", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        source.replace(
            "本年度,我区加强公开工作(含政策解读):一是;二是。",
            "本年度，我区加强公开工作（含政策解读）：一是；二是。"
        )
    );
}

#[test]
fn documents_and_broken_reports_are_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let docx = write(dir.path(), "report.docx", b"PK\x03\x04not really a zip");
    let html = write(
        dir.path(),
        "report.html",
        "<!DOCTYPE html><html><body><p>2022年,我区</p></body></html>".as_bytes(),
    );
    let broken = write(dir.path(), "broken.toml", "text = \"一是,二是".as_bytes());
    for (path, says) in [
        (&docx, "是Word/WPS 文档，不是 .toml/.json 报告文件"),
        (&html, "是网页，不是 .toml/.json 报告文件"),
        (&broken, "broken.toml"),
    ] {
        let before = std::fs::read(path).unwrap();
        let (code, out) = run(&["fix", path.to_str().unwrap()]);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains(says), "{out}");
        assert_eq!(std::fs::read(path).unwrap(), before);
    }
    let (_, out) = run(&["fix", docx.to_str().unwrap()]);
    assert!(out.contains("gongwen import"), "{out}");
    let (code, out) = run(&["fix"]);
    assert_eq!(code, 2, "{out}");
}
