#!/bin/sh
# doc/screenshot.sh: the picture of the monthly report in the README's tour.  keten report
# writes the page of October 2025 of two years of generated cases (keten gen --seed 7),
# with the interviews of examples/codes.csv, so that the headline has a year before to
# compare with; headless Chromium takes its top 1280 x 1800 px, and optipng makes the PNG small when it
# is installed (tests/deps.sh browser).  Documentation, not a test: `make screenshot`
# runs it, and the PNG is committed as doc/report.png.
#
# Environment: KETEN_BIN (the programs, default bin), CHROMIUM (default chromium).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
browser=${CHROMIUM:-chromium}
out=$top/doc/report.png
scratch=$(mktemp -d "${TMPDIR:-/tmp}/keten-shot.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

"$bin/keten-gen" --cases 4000 --seed 7 --from 2024-01-01 --days 730 >"$scratch/events.csv"
"$bin/keten-report" --month 2025-10 --today 2025-11-01 -c "$top/examples/codes.csv" \
	-o "$scratch/report.html" "$scratch/events.csv"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--no-first-run --disable-background-networking --disable-component-update \
	--user-data-dir="$scratch/profile" --force-device-scale-factor=1 \
	--window-size=1280,1800 --screenshot="$scratch/report.png" \
	"file://$scratch/report.html" >"$scratch/log" 2>&1 || {
	tail -n 5 "$scratch/log" >&2
	exit 1
}
if command -v optipng >/dev/null 2>&1; then
	optipng -quiet -o5 -strip all "$scratch/report.png"
fi
cp "$scratch/report.png" "$out"
echo "doc/screenshot.sh: wrote doc/report.png ($(wc -c <"$out") bytes)"
