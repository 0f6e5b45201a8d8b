//! Interrupting an export of a large batch half-way: every `.pdf` and
//! `.docx` in the output folder is afterwards either last year's file, byte
//! for byte, or a complete new document (qpdf accepts the PDF, the DOCX's
//! zip reads to the end). An interrupt (SIGINT, SIGTERM) also leaves no
//! temporary file; SIGKILL cannot be caught, so its temporaries may stay
//! until the next export into the folder clears them, but they are hidden
//! and never named `.pdf` or `.docx`.
//!
//! The signal is sent once the first new document is in place, not after a
//! sleep, and the test asserts the batch was really cut short.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");
const BATCH: usize = 160;
const OLD_PDF: &[u8] = b"%PDF-1.7\nlast year's good PDF\n%%EOF\n";
const OLD_DOCX: &[u8] = b"PK\x03\x04last year's good DOCX";

struct Batch {
    _dir: tempfile::TempDir,
    input: PathBuf,
    out: PathBuf,
    /// Where the run's standard output goes: a file, since a pipe nobody
    /// reads would stop the run once full.
    stdout: PathBuf,
}

fn batch() -> Batch {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    std::fs::create_dir(&input).unwrap();
    std::fs::create_dir(&out).unwrap();
    for i in 0..BATCH {
        std::fs::write(input.join(format!("r{i:03}.toml")), SEED).unwrap();
        std::fs::write(out.join(format!("r{i:03}.pdf")), OLD_PDF).unwrap();
        std::fs::write(out.join(format!("r{i:03}.docx")), OLD_DOCX).unwrap();
    }
    Batch {
        stdout: dir.path().join("stdout.txt"),
        _dir: dir,
        input,
        out,
    }
}

fn start(b: &Batch) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .arg("export")
        .arg(&b.input)
        .arg("--out-dir")
        .arg(&b.out)
        .env("NO_COLOR", "1")
        .stdout(std::fs::File::create(&b.stdout).unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gongwen")
}

/// Waits until the first document of the batch has been replaced.
fn wait_for_first_output(b: &Batch, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(120);
    let first = b.out.join("r000.pdf");
    loop {
        if std::fs::read(&first).is_ok_and(|bytes| bytes != OLD_PDF) {
            return;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("gongwen ended ({status}) before the first output appeared");
        }
        assert!(Instant::now() < deadline, "no output after 120 s");
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn wait(child: &mut Child) -> (Option<i32>, String) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                e.read_to_string(&mut err).unwrap();
            }
            return (status.code(), err);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("gongwen did not stop within 60 s of the signal");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn qpdf_check(pdf: &Path) -> bool {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf is missing: install qpdf (scripts/test.sh does)");
    out.status.success()
}

fn zip_reads_to_the_end(docx: &Path) -> bool {
    let Ok(file) = std::fs::File::open(docx) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            return false;
        };
        let mut sink = Vec::new();
        if entry.read_to_end(&mut sink).is_err() {
            return false;
        }
    }
    let has_body = zip.by_name("word/document.xml").is_ok();
    has_body
}

/// Every document is old or complete; returns (new, old, temporaries).
fn audit(b: &Batch) -> (usize, usize, Vec<String>) {
    let (mut new, mut old, mut temps) = (0, 0, Vec::new());
    for e in std::fs::read_dir(&b.out).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        if name.ends_with(".pdf") {
            if bytes == OLD_PDF {
                old += 1;
            } else {
                assert!(
                    bytes.trim_ascii_end().ends_with(b"%%EOF") && qpdf_check(&path),
                    "{name} is truncated or broken ({} bytes)",
                    bytes.len()
                );
                new += 1;
            }
        } else if name.ends_with(".docx") {
            if bytes == OLD_DOCX {
                old += 1;
            } else {
                assert!(zip_reads_to_the_end(&path), "{name} is truncated or broken");
                new += 1;
            }
        } else {
            assert!(
                name.starts_with('.') && name.ends_with(".gongwen-partial"),
                "unexpected file {name}"
            );
            temps.push(name);
        }
    }
    assert_eq!(new + old, 2 * BATCH, "a document went missing");
    (new, old, temps)
}

/// Sends SIG`signal` (INT, TERM) to `child`, as a shell's `kill` would.
fn send(signal: &str, child: &Child) {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -{signal} {}", child.id()))
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} failed");
}

fn interrupt_with(signal: &str) {
    let b = batch();
    let mut child = start(&b);
    wait_for_first_output(&b, &mut child);
    send(signal, &child);
    let (code, err) = wait(&mut child);
    assert_eq!(code, Some(130), "exit status after SIG{signal}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let (new, old, temps) = audit(&b);
    assert!(new >= 1, "nothing was exported before the signal");
    assert!(
        old >= 1,
        "the batch finished before the signal: make it larger"
    );
    assert!(
        temps.is_empty(),
        "temporaries left after SIG{signal}: {temps:?}"
    );
    // What the run said it wrote is what is on disk, and it says how far
    // it got.
    let stdout = std::fs::read_to_string(&b.stdout).unwrap();
    let mut streamed: Vec<PathBuf> = stdout
        .lines()
        .filter_map(|l| l.split_once(" → "))
        .flat_map(|(_, written)| written.split('、').map(PathBuf::from))
        .collect();
    streamed.sort();
    let mut on_disk: Vec<PathBuf> = std::fs::read_dir(&b.out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap();
            bytes != OLD_PDF && bytes != OLD_DOCX
        })
        .collect();
    on_disk.sort();
    assert_eq!(streamed, on_disk, "printed as written vs new on disk");
    let unfinished = stdout.matches("：已中断，未写入").count();
    assert_eq!(new / 2 + unfinished, BATCH, "{stdout}");
    let said = format!("已中断：已写入 {} 份，未完成 {unfinished} 份", new / 2);
    assert!(err.contains(&said), "{said} in: {err}");
}

#[test]
fn sigint_mid_batch_leaves_old_or_complete_files_and_no_temporaries() {
    interrupt_with("INT");
}

#[test]
fn sigterm_mid_batch_leaves_old_or_complete_files_and_no_temporaries() {
    interrupt_with("TERM");
}

#[test]
fn sigkill_mid_batch_never_leaves_a_truncated_document() {
    let b = batch();
    let mut child = start(&b);
    wait_for_first_output(&b, &mut child);
    child.kill().unwrap();
    let (code, _) = wait(&mut child);
    assert_eq!(code, None, "SIGKILL ends the process by signal");
    let (new, old, temps) = audit(&b);
    assert!(new >= 1 && old >= 1, "new {new}, old {old}");
    // Whatever SIGKILL left is hidden and cannot pass for a document.
    for t in &temps {
        assert!(!t.ends_with(".pdf") && !t.ends_with(".docx"));
    }
    // The kill may fall between two documents and leave none: plant one as
    // the killed process would have named it. Then age them all past the
    // minute a later run waits before it calls a dead writer's file abandoned.
    let planted = format!(".r001.pdf.{}.Xy12Ab.gongwen-partial", child.id());
    std::fs::write(b.out.join(&planted), b"%PDF-1.7\npartial").unwrap();
    let a_while_ago = std::time::SystemTime::now() - Duration::from_secs(120);
    for t in temps.iter().chain([&planted]) {
        let f = std::fs::File::options()
            .write(true)
            .open(b.out.join(t))
            .unwrap();
        f.set_modified(a_while_ago).unwrap();
    }
    // A temporary of a run still going (this test's own process) stays.
    let live = format!(".r002.pdf.{}.Live01.gongwen-partial", std::process::id());
    std::fs::write(b.out.join(&live), b"being written").unwrap();
    std::fs::File::options()
        .write(true)
        .open(b.out.join(&live))
        .unwrap()
        .set_modified(a_while_ago)
        .unwrap();

    // The next export into the folder succeeds and clears what the killed
    // run left.
    let again = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .arg("export")
        .arg(b.input.join("r000.toml"))
        .arg("--out-dir")
        .arg(&b.out)
        .output()
        .unwrap();
    assert!(again.status.success());
    std::fs::remove_file(b.out.join(&live)).expect("a live writer's temporary is kept");
    let (_, _, left) = audit(&b);
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// `gongwen serve` says 按 Ctrl-C 停止: the first SIGINT or SIGTERM ends
/// it. (It once only marked the run as interrupted and kept answering,
/// every later export then failing with 已中断.)
#[test]
fn the_server_stops_at_the_first_interrupt() {
    use std::io::BufRead;
    for signal in ["INT", "TERM"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("report.toml"), SEED).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args(["serve", dir.path().to_str().unwrap(), "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut banner = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("http://") {
            line.clear();
            assert!(banner.read_line(&mut line).unwrap() > 0, "no banner");
        }
        send(signal, &child);
        let (code, err) = wait(&mut child);
        assert_eq!(code, Some(130), "exit status after SIG{signal}: {err}");
    }
}
