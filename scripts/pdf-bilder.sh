#!/bin/sh
# The guide's pictures of the PDF (AUTHORING.md, "Så ser PDF:en ut"): the cover, the contents and the first
# page of text of the handbok fixture's October 2025 report, built as `rapport build` builds it.
# Usage: sh scripts/pdf-bilder.sh [OUTPUT_FOLDER]   (default: docs/bilder; RAPPORT names another rapport command)
set -eu
out="${1:-docs/bilder}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r templates mkdocs.yml "$work/"
cp -r tests/fixtures/handbok/content tests/fixtures/handbok/data "$work/"
"${RAPPORT:-.venv/bin/rapport}" --root "$work" build --quiet
mkdir -p "$out"
pdftoppm -r 45 -png -f 1 -l 3 "$work/site/regiondirektorens-rapport/2025-10/regiondirektorens-rapport-2025-10.pdf" \
    "$work/sida"
for page in 1 2 3; do
    mv "$work"/sida-*"$page".png "$out/pdf-sida-$page.png"
done
echo "Bilderna av PDF:ens sidor 1–3 finns i $out/"
