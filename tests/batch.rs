//! Many reports at once through the real binary: a folder with good, broken
//! and inconsistent reports is worked through to the end, every file gets its
//! line, the summary counts them, the exit status is 1, and nothing but
//! results reaches a pipe (the progress bar is only for terminals).

mod binary;

use binary::gongwen;
use std::path::Path;
use std::process::Output;

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");

/// Five reports in nested folders: three good (different agencies, one in a
/// sub-folder), one malformed, one whose R2 total is wrong; plus a file that
/// is not a report.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    std::fs::create_dir(p.join("sub")).expect("mkdir");
    std::fs::write(p.join("a.toml"), SEED).expect("write");
    std::fs::write(
        p.join("b.toml"),
        SEED.replace("老城区人民政府办公室", "新城区人民政府办公室"),
    )
    .expect("write");
    std::fs::write(
        p.join("sub/c.toml"),
        SEED.replace("老城区人民政府办公室", "南山县人民政府办公室"),
    )
    .expect("write");
    std::fs::write(p.join("broken.toml"), "[report\nagency = ").expect("write");
    let wrong = "new         = [15, 0, 0, 0, 0, 0, 15]";
    assert!(SEED.contains(wrong));
    std::fs::write(
        p.join("wrong-total.toml"),
        SEED.replace(wrong, "new         = [15, 0, 0, 0, 0, 0, 16]")
            .replace("老城区人民政府办公室", "东城区人民政府办公室"),
    )
    .expect("write");
    std::fs::write(p.join("notes.txt"), "not a report").expect("write");
    dir
}

fn lines(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn export_of_a_folder_goes_past_failures_and_reports_each_file() {
    let dir = folder();
    let out = tempfile::tempdir().expect("tempdir");
    let o = gongwen(&[
        "export",
        dir.path().to_str().unwrap(),
        "--out-dir",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "a failed file makes the run fail");
    assert!(
        o.stderr.is_empty(),
        "nothing on a piped stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lines = lines(&o);
    for name in [
        "a.toml",
        "b.toml",
        "sub/c.toml",
        "broken.toml",
        "wrong-total.toml",
    ] {
        let path = dir.path().join(name);
        let shown = path.display().to_string();
        assert!(
            lines.iter().any(|l| l.contains(&shown)),
            "{name} has its line:\n{}",
            lines.join("\n")
        );
    }
    assert!(!lines.iter().any(|l| l.contains("notes.txt")));
    // Results stream as files finish, but always in the sorted input order.
    let order: Vec<&String> = lines
        .iter()
        .filter(|l| ["✓ ", "! ", "✗ "].iter().any(|m| l.starts_with(m)))
        .collect();
    let expected = [
        "a.toml",
        "b.toml",
        "broken.toml",
        "sub/c.toml",
        "wrong-total.toml",
    ];
    assert_eq!(order.len(), expected.len(), "{}", lines.join("\n"));
    for (line, name) in order.iter().zip(expected) {
        let shown = dir.path().join(name).display().to_string();
        assert!(line.contains(&shown), "{line} should be {name}");
    }
    let summary = lines
        .iter()
        .find(|l| l.starts_with("共 "))
        .expect("summary line");
    assert!(summary.starts_with("共 5 个文件"), "{summary}");
    assert!(summary.contains("2 个失败"), "{summary}");
    // The folder's subfolders are kept under the output folder.
    for stem in ["a", "b", "sub/c"] {
        for ext in ["pdf", "docx"] {
            let f = out.path().join(format!("{stem}.{ext}"));
            assert!(Path::new(&f).is_file(), "{} written", f.display());
        }
    }
    for stem in ["broken", "wrong-total"] {
        assert!(!out.path().join(format!("{stem}.pdf")).exists());
        assert!(!out.path().join(format!("{stem}.docx")).exists());
    }
}

#[test]
fn quiet_check_prints_only_the_failures_and_the_summary() {
    let dir = folder();
    let o = gongwen(&["check", "-q", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stderr.is_empty());
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(text.contains("broken.toml"), "{text}");
    assert!(text.contains("wrong-total.toml"), "{text}");
    for good in ["a.toml", "b.toml", "c.toml"] {
        assert!(!text.contains(good), "-q hides {good}:\n{text}");
    }
    let summary = text
        .lines()
        .find(|l| l.starts_with("共 "))
        .expect("summary");
    assert!(
        summary.starts_with("共 5 个文件") && summary.contains("2 个失败"),
        "{summary}"
    );
}

#[test]
fn check_of_many_folders_without_failures_exits_zero() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    std::fs::write(a.path().join("x.toml"), SEED).expect("write");
    std::fs::write(
        b.path().join("y.toml"),
        SEED.replace("老城区人民政府办公室", "新城区人民政府办公室"),
    )
    .expect("write");
    let o = gongwen(&[
        "check",
        a.path().to_str().unwrap(),
        b.path().to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(o.stderr.is_empty());
    let lines = lines(&o);
    let summary = lines.last().expect("summary");
    assert!(
        summary.starts_with("共 2 个文件") && summary.contains("0 个失败"),
        "{summary}"
    );
}
