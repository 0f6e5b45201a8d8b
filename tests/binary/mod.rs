//! Running the real `gongwen` binary from integration tests.
#![allow(dead_code)] // each test crate uses its own subset

use std::process::{Command, Output};

/// Runs `gongwen` with `args`, colour off so output compares as text, and
/// without a `SOURCE_DATE_EPOCH` the test machine may have set.
pub fn gongwen(args: &[&str]) -> Output {
    gongwen_env(args, &[])
}

/// [`gongwen`] with `vars` set in its environment.
pub fn gongwen_env(args: &[&str], vars: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(vars.iter().copied())
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
