#!/usr/bin/env bash
# Coverage-guided fuzzing of the whole pipeline (parse → check → document →
# layout → PDF + DOCX → atomic write) with libFuzzer.
#
#   scripts/fuzz.sh                 # the bounded run CI does: 60 s
#   scripts/fuzz.sh 3600            # an hour
#   FUZZ_JOBS=4 scripts/fuzz.sh 0   # until stopped, 4 processes
#
# No nightly toolchain and no cargo-fuzz: fuzz/rustc-sancov instruments the
# gongwen crate alone (libFuzzer's inline 8-bit counters, PC table and
# comparison tracing) and the fuzz target is built into the main target/
# folder, so after `cargo test --release` only gongwen and the target itself
# are compiled (about 1.5 min on 2 cores instead of 4 for a separate build).
# gongwen is built with debug assertions and overflow checks, so an
# arithmetic overflow is a crash too. No sanitizer: the crate is safe Rust,
# and a panic is the bug we look for.
#
# The corpus starts from the examples (first byte: 0 = TOML, 1 = JSON) and
# from import documents (2 = DOCX, 3 = web page) in fuzz/corpus/pipeline; new inputs it finds are kept there (git ignores
# them). A crash, hang (20 s) or 4 GiB of memory stops the run with a non-zero
# exit status and the input saved in fuzz/artifacts/pipeline/, which can be
# replayed with `target/release/pipeline fuzz/artifacts/pipeline/<file>`.
# `cargo fuzz run --sanitizer none pipeline` (with RUSTC_BOOTSTRAP=1 on
# stable) works on the same target too.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"

seconds="${1:-60}"
jobs="${FUZZ_JOBS:-1}"

# libFuzzer itself is C++, built by libfuzzer-sys.
command -v c++ >/dev/null 2>&1 || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq g++ >/dev/null
}

# Seed the corpus from the examples each time, so new examples join it.
mkdir -p corpus/pipeline artifacts/pipeline
for f in ../examples/*.toml; do
  { printf '\x00'; cat "$f"; } > "corpus/pipeline/$(basename "$f")"
done
for f in ../tests/data/*.json; do
  { printf '\x01'; cat "$f"; } > "corpus/pipeline/$(basename "$f")"
done
for f in ../tests/import/corpus/laochengqu-2022.gongwen.docx \
         ../tests/import/corpus/word-features-seed.docx; do
  { printf '\x02'; cat "$f"; } > "corpus/pipeline/$(basename "$f")"
done
for f in ../tests/import/corpus/laochengqu-2022.portal.html \
         ../tests/import/corpus/variant-gbk-everything.html; do
  { printf '\x03'; cat "$f"; } > "corpus/pipeline/$(basename "$f")"
done

target_dir="${CARGO_TARGET_DIR:-$root/target}"
RUSTC="$root/fuzz/rustc-sancov" CARGO_TARGET_DIR="$target_dir" \
  cargo build --release --locked --bin pipeline

args=(-max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1
      -artifact_prefix=artifacts/pipeline/)
if [ "$seconds" != 0 ]; then
  args+=(-max_total_time="$seconds")
fi
if [ "$jobs" -gt 1 ]; then
  args+=(-fork="$jobs")
fi
exec "$target_dir/release/pipeline" "${args[@]}" corpus/pipeline
