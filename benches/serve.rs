//! `gongwen serve`: the time from an edit to updated findings and to an
//! updated preview, for the seed, on the server. The editor sends its whole
//! state on each edit; each iteration edits 予以公开/自然人 (7 ↔ 8, so the
//! findings change every time) and asks for:
//!
//! - `check`: the findings and every resolved number (`App::check`, what
//!   `POST /api/check` runs): the state written into the file's TOML with
//!   toml_edit, parsed, resolved, all rules and prose checks run, the
//!   previous year looked up in the folder, sentences located;
//! - `preview`: the same, then the document laid out and drawn as SVG
//!   (`App::preview`, what `POST /api/preview` runs);
//! - `http check`, `http preview`: the same through the real server on
//!   loopback (axum, JSON both ways, a kept-alive connection), as the page
//!   sees it minus the browser.
//!
//! `cargo bench --bench serve`; under `cargo test --all-targets` each runs
//! once as a smoke test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

use criterion::{criterion_group, criterion_main, Criterion};
use gongwen::fonts::FontSet;
use gongwen::serve::{self, App, EditRequest, ServeOptions};

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");
const DISCLOSED: &str = "applications.results.disclosed";

/// A folder with the seed, and the editor's request for it.
fn setup() -> (tempfile::TempDir, EditRequest) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("seed.toml"), SEED).expect("write seed");
    let fonts = FontSet::bundled().expect("fonts");
    let app = App::new(dir.path(), fonts).expect("app");
    let opened = app.open("seed.toml").expect("open");
    let request = EditRequest {
        path: "seed.toml".into(),
        token: opened.token,
        state: opened.state,
    };
    (dir, request)
}

fn edit(request: &mut EditRequest, round: &mut u64) {
    *round += 1;
    let value = if round.is_multiple_of(2) { "7" } else { "8" };
    request.state.figures.get_mut(DISCLOSED).expect("row")[0] = value.into();
}

/// One kept-alive HTTP/1.1 connection to the server.
struct Client {
    reader: BufReader<TcpStream>,
    host: String,
}

impl Client {
    fn post(&mut self, target: &str, body: &[u8]) -> Vec<u8> {
        let head = format!(
            "POST {target} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len(),
            host = self.host
        );
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes()).expect("send");
        stream.write_all(body).expect("send");
        let mut length = 0;
        let mut status = String::new();
        self.reader.read_line(&mut status).expect("status");
        assert!(status.contains(" 200 "), "{status}");
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("header");
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).expect("body");
        body
    }
}

fn bench(c: &mut Criterion) {
    let (dir, mut request) = setup();
    let app = App::new(dir.path(), FontSet::bundled().expect("fonts")).expect("app");
    app.open("seed.toml").expect("open");
    let mut round = 0;
    let first = app.check(&request).expect("check");
    assert_eq!(first.errors, 0, "the seed passes");
    edit(&mut request, &mut round);
    assert!(
        app.check(&request).expect("check").errors > 0,
        "7 → 8 is an error"
    );

    let mut g = c.benchmark_group("serve");
    g.bench_function("check", |b| {
        b.iter(|| {
            edit(&mut request, &mut round);
            app.check(&request).expect("check")
        })
    });
    g.bench_function("preview", |b| {
        b.iter(|| {
            edit(&mut request, &mut round);
            app.preview(&request).expect("preview")
        })
    });

    let bound = serve::bind(ServeOptions {
        dir: dir.path().to_path_buf(),
        host: "127.0.0.1".parse().expect("address"),
        port: 0,
        fonts: FontSet::bundled().expect("fonts"),
        source_date: None,
    })
    .expect("bind");
    let address = bound.address();
    std::thread::spawn(move || bound.run());
    let stream = TcpStream::connect(address).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let mut client = Client {
        reader: BufReader::new(stream),
        host: address.to_string(),
    };
    let open: serde_json::Value = serde_json::from_slice(&{
        let mut s = TcpStream::connect(address).expect("connect");
        write!(
            s,
            "GET /api/report?path=seed.toml HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut all = Vec::new();
        s.read_to_end(&mut all).expect("read");
        let at = all.windows(4).position(|w| w == b"\r\n\r\n").expect("head") + 4;
        all.split_off(at)
    })
    .expect("open as JSON");
    request.token = open["token"].as_str().expect("token").to_string();
    let body = |request: &EditRequest| {
        serde_json::to_vec(&serde_json::json!({
            "path": request.path, "token": request.token, "state": request.state,
        }))
        .expect("json")
    };
    g.bench_function("http check", |b| {
        b.iter(|| {
            edit(&mut request, &mut round);
            client.post("/api/check", &body(&request))
        })
    });
    g.bench_function("http preview", |b| {
        b.iter(|| {
            edit(&mut request, &mut round);
            client.post("/api/preview", &body(&request))
        })
    });
    g.finish();
    let preview = app.preview(&request).expect("preview");
    let check = serde_json::to_vec(&app.check(&request).expect("check")).expect("json");
    println!(
        "sizes: check response {} bytes; preview {} pages, {} bytes of SVG; state sent {} bytes",
        check.len(),
        preview.pages.len(),
        preview.pages.iter().map(String::len).sum::<usize>(),
        body(&request).len()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
