//! The `gongwen` command: parses arguments, runs the library, prints results
//! and decides the exit status (0 ok, 1 findings or bad input, 2 usage).

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// krilla's font subsetting grows many small vectors; mimalloc makes that
/// cheaper and keeps a batch's peak memory lower than glibc's per-thread arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let usage = e.use_stderr();
            let _ = e.print();
            return ExitCode::from(if usage { 2 } else { 0 });
        }
    };
    match cli::run(args) {
        Ok(status) => ExitCode::from(status),
        Err(fatal) => {
            eprintln!("gongwen: {}", fatal.message());
            ExitCode::from(fatal.status())
        }
    }
}
