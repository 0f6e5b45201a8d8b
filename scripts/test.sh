#!/usr/bin/env bash
# The test command of the README, and what CI runs: installs the real
# clients the tests read our output with, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# tool → Debian package; a test never skips a missing tool, so install them.
declare -A apt_for=(
  [pdftotext]=poppler-utils
  [pdffonts]=poppler-utils
  [qpdf]=qpdf
  [soffice]=libreoffice-writer-nogui
  # tests/serve.rs drives `gongwen serve` in a real browser.
  [chromium]=chromium
  [chromedriver]=chromium-driver
)
missing=()
for tool in "${!apt_for[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${apt_for[$tool]}")
done
# The font-fallback tests need a font that has 镕 and 𠮷.
fc-list 2>/dev/null | grep -qi "Noto Serif CJK" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  echo "installing: $pkgs"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $pkgs fontconfig >/dev/null
fi
if ! python3 -c 'import docx, openxml_audit, openpyxl' >/dev/null 2>&1; then
  # openpyxl reads the review workbook back (tests/python/check_workbook.py).
  python3 -m pip install --quiet --disable-pip-version-check python-docx openxml-audit openpyxl
fi
# The second OFD reader (tests/ofd_export.rs), with PyMuPDF for the PDF's
# glyph origins. pymupdf<2 keeps out onnxruntime and friends (154 MB
# instead of 385 MB) and reads the same.
if ! python3 -c 'import easyofd, pymupdf' >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check "easyofd==20260427" "pymupdf<2"
fi
if ! python3 -c 'import selenium' >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check selenium
fi

cargo test --release --all-targets

# A bounded coverage-guided fuzz run over the whole pipeline; it reuses the
# dependencies just built, so it costs about 1.5 min of build and 60 s of
# fuzzing. A crash, hang or runaway memory fails the run (scripts/fuzz.sh).
bash scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
