//! `gongwen serve` as a clerk uses it: the real binary serves a folder
//! holding the seed, and a real browser (Debian's chromium driven by
//! Selenium, `tests/python/serve_browser.py`) opens the seed, types into
//! the tables, saves, exports and is refused what it must be refused.
//!
//! Needs: chromium and chromium-driver (apt), selenium (pip); installed by
//! scripts/test.sh. A missing one fails the test, never skips it.

mod binary;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The server, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args(["serve", "--port", "0"])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start gongwen serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut url = None;
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("read the server's output");
            if let Some(at) = line.find("http://") {
                url = Some(line[at..].trim().to_string());
                break;
            }
        }
        let url = url.expect("gongwen serve prints its address");
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_clerk_fills_in_checks_saves_and_exports_in_the_browser() {
    for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
        assert!(
            Path::new(tool).exists(),
            "{tool} is needed (apt-get install chromium chromium-driver; scripts/test.sh does)"
        );
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        manifest.join("examples/laochengqu-2022.toml"),
        dir.path().join("laochengqu-2022.toml"),
    )
    .unwrap();
    let server = Server::start(dir.path());
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let output = Command::new("python3")
        .arg(manifest.join("tests/python/serve_browser.py"))
        .arg(&server.url)
        .arg(dir.path())
        .arg(env!("CARGO_BIN_EXE_gongwen"))
        .output()
        .expect("python3 is needed for the browser test");
    let report = binary::text(&output);
    println!("{report}");
    assert!(
        output.status.success(),
        "browser scenarios failed:\n{report}"
    );
    let passed = report.lines().filter(|l| l.starts_with("ok ")).count();
    assert_eq!(passed, 10, "every scenario reports itself:\n{report}");
}

#[test]
fn serve_refuses_a_missing_folder_and_a_port_in_use() {
    let out = binary::gongwen(&["serve", "/nonexistent/folder", "--port", "0"]);
    assert_eq!(out.status.code(), Some(1), "{}", binary::text(&out));
    assert!(
        binary::text(&out).contains("不存在"),
        "{}",
        binary::text(&out)
    );
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = binary::gongwen(&["serve", ".", "--port", &port]);
    assert_eq!(out.status.code(), Some(1), "{}", binary::text(&out));
    assert!(
        binary::text(&out).contains("无法在"),
        "{}",
        binary::text(&out)
    );
    let out = binary::gongwen(&["serve", "--host", "not-an-address"]);
    assert_eq!(out.status.code(), Some(2), "{}", binary::text(&out));
}
