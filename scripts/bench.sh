#!/usr/bin/env bash
# The benchmarks of the README's Performance section, with the machine they
# ran on. Needs only a Rust toolchain (criterion and libc come from
# crates.io as dev-dependencies). Results: stdout, and target/criterion/.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== machine"
nproc
lscpu | head -n 15
free -m
uptime   # the load: other work on the machine makes wall times noisy

echo "== whole process: seed, 10x prose, 1000 generated reports"
cargo bench --bench whole_process

echo "== stages (criterion): parse+check, document tree, layout, PDF, DOCX"
cargo bench --bench pipeline
uptime
