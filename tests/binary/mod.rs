//! Running the real `gongwen` binary from integration tests.
#![allow(dead_code)] // each test crate uses its own subset

use std::process::{Command, Output};

/// Runs `gongwen` with `args`, colour off so output compares as text.
pub fn gongwen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongwen")
}

/// Standard output and standard error together.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
