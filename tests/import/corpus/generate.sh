#!/usr/bin/env bash
# Rebuilds the import corpus from the TOML reports, the way real documents
# are made:
#   1. portal-style pages and manifest.toml  (examples/make_corpus.rs)
#   2. the pages listed in expected/convert.txt through LibreOffice → *.lo.docx
#   3. gongwen's own DOCX of every expected TOML → *.gongwen.docx
#   4. Word-style hand edits of gongwen's DOCX → word-*.docx (word_variants.py),
#      and LibreOffice re-saving gongwen's DOCX → *.gongwen.lo.docx
# Needs: cargo, soffice (LibreOffice), python3, and a built gongwen
# (GONGWEN=path/to/gongwen, default: the snapshot's target/release/gongwen).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
crate="$(dirname "$here")"
gongwen="${GONGWEN:-$crate/../gongwen-snapshot/target/release/gongwen}"
cd "$crate"

cargo run --quiet --release --example make_corpus -- "$here"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# 3. gongwen's DOCX (zeros printed as 0, real merged cells).
while read -r base; do
  [ -n "$base" ] || continue
  "$gongwen" export --quiet --format docx --out-dir "$tmp" "$here/expected/$base.toml" >/dev/null
  mv "$tmp/$base.docx" "$here/$base.gongwen.docx"
done < "$here/expected/bases.txt"

# 2. and 4b. LibreOffice, one start for all files (a start costs seconds).
pages=()
while read -r name; do
  [ -n "$name" ] && pages+=("$here/$name.html")
done < "$here/expected/convert.txt"
soffice --headless --infilter="HTML (StarWriter)" --convert-to "docx:MS Word 2007 XML" \
  --outdir "$tmp/lo" "${pages[@]}" >/dev/null 2>&1
for page in "${pages[@]}"; do
  name="$(basename "$page" .html)"
  mv "$tmp/lo/$name.docx" "$here/$name.lo.docx"
done
mkdir -p "$tmp/resave"
cp "$here/laochengqu-2022.gongwen.docx" "$tmp/resave/laochengqu-2022.gongwen.lo.docx"
soffice --headless --convert-to "docx:MS Word 2007 XML" --outdir "$tmp/lo2" \
  "$tmp/resave/laochengqu-2022.gongwen.lo.docx" >/dev/null 2>&1
mv "$tmp/lo2/laochengqu-2022.gongwen.lo.docx" "$here/laochengqu-2022.gongwen.lo.docx"

# 4a. Word-style edits.
python3 "$here/word_variants.py" "$here"
echo "corpus rebuilt in $here"
