#!/usr/bin/env bash
# Where one export of a report spends its instructions, by pipeline stage.
# valgrind's callgrind counts instructions, not seconds: the same binary and
# input give the same counts however loaded the machine is, so this is the
# figure to compare before and after a change (wall times on a shared
# 2-core machine move by ±30 %).
#
#   scripts/profile.sh                      # the seed, PDF + DOCX
#   scripts/profile.sh path/to/report.toml  # any report
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
report="$(realpath "${1:-$root/examples/laochengqu-2022.toml}")"

command -v valgrind >/dev/null 2>&1 || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq valgrind >/dev/null
}
(cd "$root" && cargo build --release --quiet)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$report" "$work/"
# One callgrind run per row: --toggle-collect counts exactly what runs inside
# the named functions (and what they call), however the compiler inlined it.
instructions() {
  local toggles=()
  for f in "$@"; do toggles+=(--toggle-collect="$f"); done
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "${toggles[@]}" \
    "$root/target/release/gongwen" export -q "$work/$(basename "$report")" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
total=$(instructions)
row() {
  local label="$1"; shift
  local n
  n=$(instructions "$@")
  awk -v l="$label" -v n="$n" -v t="$total" \
    'BEGIN { printf "%-48s %14d %6.1f%%\n", l, n, 100 * n / t }'
}
printf '%-48s %14s %7s\n' stage instructions share
row "whole process"
row "read and resolve the report" gongwen::model::load
row "checks" gongwen::check::check_all
row "document tree" gongwen::doc::build::build_document
row "layout" gongwen::layout::layout_document
row "PDF writing (krilla)" gongwen::pdf::write_pdf
row "  of which: fonts embedded by krilla" krilla::text::cid::CIDFont::serialize
row "    CFF subsetting (subsetter)" subsetter::subset_with_variations
row "    every subset glyph drawn for /FontBBox" skrifa::outline::OutlineGlyph::draw
row "DOCX writing" gongwen::docx::write_docx
row "deflate, every stream of both files (zlib-rs)" \
  zlib_rs::deflate::deflate zlib_rs::deflate::init
