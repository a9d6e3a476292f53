#!/usr/bin/env bash
# Renders every published figure (results/*/figures/*.svg) to PNG with headless Chromium, for looking at them
# as a reader would: `tools/figure-review/render.sh [RESULTS] [OUT]` (defaults: results, /tmp/figure-review).
# A review aid, not a test: the snapshot tests hold the SVG and PDF bytes. PDFs are rendered too where pdftoppm is.
set -euo pipefail
results=${1:-results}
out=${2:-/tmp/figure-review}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "render.sh: Chromium is not installed (apt-get install -y chromium)" >&2; exit 2; }
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for svg in "$results"/*/figures/*.svg; do
  spec=$(basename "$(dirname "$(dirname "$svg")")")
  name=$(basename "$svg" .svg)
  # The page is the SVG's own size: read it from the root element.
  width=$(grep -o -m1 '<svg[^>]* width="[0-9]*"' "$svg" | grep -o 'width="[0-9]*"' | tr -dc 0-9)
  height=$(grep -o -m1 '<svg[^>]* height="[0-9]*"' "$svg" | grep -o 'height="[0-9]*"' | tr -dc 0-9)
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size="${width:-720},${height:-450}" --screenshot="$out/$spec--$name.png" "file://$(realpath "$svg")" >/dev/null 2>&1
  echo "$out/$spec--$name.png"
done
# The PDFs as pictures too, where poppler's pdftoppm is installed (apt-get install -y poppler-utils): OUT/pdf/.
if command -v pdftoppm >/dev/null; then
  mkdir -p "$out/pdf"
  for pdf in "$results"/*/figures/*.pdf; do
    spec=$(basename "$(dirname "$(dirname "$pdf")")")
    pdftoppm -png -r 96 -singlefile "$pdf" "$out/pdf/$spec--$(basename "$pdf" .pdf)"
    echo "$out/pdf/$spec--$(basename "$pdf" .pdf).png"
  done
fi
# Contact sheets, six figures each (2 × 3), for looking at many at once: OUT/sheet-NN.png.
i=0; n=0; page=""
flush() {
  [ -z "$page" ] && return
  html="$out/sheet-$(printf %02d $n).html"
  echo "<html><body style='margin:0;background:#888'><div style='display:grid;grid-template-columns:720px 720px;gap:2px'>$page</div></body></html>" > "$html"
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" --window-size=1442,1354 \
    --screenshot="${html%.html}.png" "file://$html" >/dev/null 2>&1
  echo "${html%.html}.png"; n=$((n + 1)); page=""
}
for png in "$out"/*--*.png; do
  name=$(basename "$png")
  page="$page<div style='position:relative;height:450px;overflow:hidden;background:#fff'><img src='$name' style='max-width:720px;max-height:450px'><div style='position:absolute;bottom:0;right:0;background:yellow;font:12px sans-serif'>$name</div></div>"
  i=$((i + 1)); [ $((i % 6)) -eq 0 ] && flush
done
flush
