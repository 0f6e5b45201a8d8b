#!/usr/bin/env bash
# Coverage-guided fuzzing of the whole pipeline (parse → check → document →
# layout → PDF + DOCX → atomic write) with cargo-fuzz / libFuzzer.
#
#   scripts/fuzz.sh            # bounded run CI can afford: 60 s
#   scripts/fuzz.sh 3600       # an hour
#   FUZZ_JOBS=4 scripts/fuzz.sh 0   # until stopped, 4 processes
#
# Stable Rust is enough: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its
# nightly-only flags, and no sanitizer is needed for a safe-Rust crate (a
# panic is the bug we look for). The corpus starts from the examples in
# fuzz/corpus/pipeline (first byte: even = TOML, odd = JSON); new inputs it
# finds are kept there, crashes go to fuzz/artifacts/pipeline/ and the run
# exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${1:-60}"
jobs="${FUZZ_JOBS:-1}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz

# Seed the corpus from the examples each time, so new examples join it.
mkdir -p corpus/pipeline
for f in ../examples/*.toml; do
  { printf '\x00'; cat "$f"; } > "corpus/pipeline/$(basename "$f")"
done
for f in ../tests/data/*.json; do
  { printf '\x01'; cat "$f"; } > "corpus/pipeline/$(basename "$f")"
done

export RUSTC_BOOTSTRAP=1
args=(-max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1)
if [ "$seconds" != 0 ]; then
  args+=(-max_total_time="$seconds")
fi
if [ "$jobs" -gt 1 ]; then
  args+=(-fork="$jobs")
fi
exec cargo fuzz run --sanitizer none pipeline corpus/pipeline -- "${args[@]}"
