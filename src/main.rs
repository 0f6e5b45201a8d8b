//! The `gongwen` command: parses arguments, runs the library, prints results
//! and decides the exit status (0 ok, 1 findings or bad input, 2 usage).

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

/// krilla's font subsetting grows many small vectors; mimalloc makes that
/// cheaper and keeps a batch's peak memory lower than glibc's per-thread arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let parsed = cli::usage::localize(cli::Args::command())
        .try_get_matches()
        .and_then(|matches| cli::Args::from_arg_matches(&matches));
    let args = match parsed {
        Ok(args) => args,
        Err(e) => {
            return match cli::usage::explain(&e) {
                // Help and version, as asked for.
                None => {
                    let _ = e.print();
                    ExitCode::SUCCESS
                }
                Some(text) => {
                    eprint!("{text}");
                    ExitCode::from(2)
                }
            };
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
