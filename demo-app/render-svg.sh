#!/usr/bin/env bash
# Renders the demo's timeline picture (--svg FILE) to PNG, to look at it or check that it draws.
#   demo-app/render-svg.sh timeline.svg [timeline.png]
# Uses rsvg-convert (Debian: librsvg2-bin) if present, else headless Chromium (Debian: chromium).
set -euo pipefail
svg=${1:?usage: render-svg.sh FILE.svg [FILE.png]}
png=${2:-${svg%.svg}.png}
[ -s "$svg" ] || { echo "render-svg.sh: $svg is missing or empty" >&2; exit 2; }
if command -v rsvg-convert >/dev/null; then
  rsvg-convert --background-color=white -o "$png" "$svg"
elif command -v chromium >/dev/null; then
  width=$(sed -n "s/.*<svg[^>]* width='\([0-9.]*\)'.*/\1/p" "$svg" | head -1)
  height=$(sed -n "s/.*<svg[^>]* height='\([0-9.]*\)'.*/\1/p" "$svg" | head -1)
  profile=$(mktemp -d)
  trap 'rm -rf "$profile"' EXIT
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars \
    --window-size="${width%.*},${height%.*}" --screenshot="$(realpath -m "$png")" \
    "file://$(realpath "$svg")" >/dev/null 2>&1
else
  echo "render-svg.sh: needs rsvg-convert (apt-get install librsvg2-bin) or chromium (apt-get install chromium)" >&2
  exit 2
fi
[ -s "$png" ] || { echo "render-svg.sh: no picture was written to $png" >&2; exit 1; }
echo "$png"
