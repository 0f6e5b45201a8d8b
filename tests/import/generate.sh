#!/usr/bin/env bash
# Rebuilds the import corpus (tests/import/corpus) from TOML reports, the way
# real documents are made:
#   1. portal-style pages and manifest.toml (make_corpus.rs with portal.rs)
#   2. the pages listed in expected/convert.txt through LibreOffice → *.lo.docx
#   3. gongwen's own DOCX of every expected TOML → *.gongwen.docx
#   4. Word-style hand edits of gongwen's DOCX → word-*.docx (word_variants.py),
#      and LibreOffice re-saving gongwen's DOCX → *.gongwen.lo.docx
# The files are committed, so the tests need neither this script nor
# LibreOffice to read them; tests/import_libreoffice.rs converts fresh pages
# on every run. Needs: cargo, soffice (LibreOffice), python3 with python-docx.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="$here/corpus"
cd "$root"

cargo build --quiet --release --bin gongwen
gongwen="$root/target/release/gongwen"
cargo run --quiet --release --example make_import_corpus -- "$corpus"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# 3. gongwen's DOCX (zeros printed as 0, real merged cells).
while read -r base; do
  [ -n "$base" ] || continue
  "$gongwen" export --quiet --format docx --out-dir "$tmp" "$corpus/expected/$base.toml" >/dev/null
  mv "$tmp/$base.docx" "$corpus/$base.gongwen.docx"
done < "$corpus/expected/bases.txt"

# 2. and 4b. LibreOffice, one start for all files (a start costs seconds).
pages=()
while read -r name; do
  [ -n "$name" ] && pages+=("$corpus/$name.html")
done < "$corpus/expected/convert.txt"
soffice --headless --infilter="HTML (StarWriter)" --convert-to "docx:MS Word 2007 XML" \
  --outdir "$tmp/lo" "${pages[@]}" >/dev/null 2>&1
for page in "${pages[@]}"; do
  name="$(basename "$page" .html)"
  mv "$tmp/lo/$name.docx" "$corpus/$name.lo.docx"
done
mkdir -p "$tmp/resave"
cp "$corpus/laochengqu-2022.gongwen.docx" "$tmp/resave/laochengqu-2022.gongwen.lo.docx"
soffice --headless --convert-to "docx:MS Word 2007 XML" --outdir "$tmp/lo2" \
  "$tmp/resave/laochengqu-2022.gongwen.lo.docx" >/dev/null 2>&1
mv "$tmp/lo2/laochengqu-2022.gongwen.lo.docx" "$corpus/laochengqu-2022.gongwen.lo.docx"

# 4a. Word-style edits.
python3 "$here/word_variants.py" "$corpus"
echo "corpus rebuilt in $corpus"
