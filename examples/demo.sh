#!/bin/sh
# make demo: keten's main job on the example data.  The example data is synthetic, made
# by keten gen (examples/README says how), so it can be shown and shared freely.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/${KETEN_BIN:-bin}:$PATH"
ex="$top/examples"
out="$top/build/demo"
mkdir -p "$out"
width=${COLUMNS:-120}

cat <<'TXT'
keten demo: one year of a synthetic municipal debt-assistance chain in four cities
(3,000 cases) and 60 coded interviews, from examples/events.csv and examples/codes.csv.

TXT
echo '== The klantreis, particuliere and zakelijke keten side by side, with the'
echo '   knelpunten interviewees named most for each phase (interviews in brackets):'
echo
keten klantreis --by chain --layout side --codes "$ex/codes.csv" --top 2 --min-n 10 \
	--width "$width" --title 'Klantreis per keten' "$ex/events.csv"
echo
echo '== Wgs norms: how many waits are past the legal term, per chain:'
echo
keten waits --norms --by chain --min-n 10 "$ex/events.csv" |
	keten render --columns chain,from,to,norm,n,done,waiting,dropped,median,km_median,over,pct_over
echo
if [ -x "$top/${KETEN_BIN:-bin}/keten-flow" ]; then
	echo '== Referral: from informal to formal help (cases):'
	echo
	keten flow --on org_type "$ex/events.csv" | keten render
	echo
	keten flow --format dot "$ex/events.csv" >"$out/flow.dot"
	if command -v dot >/dev/null 2>&1; then
		dot -Tsvg "$out/flow.dot" >"$out/flow.svg"
		echo "The process map is in build/demo/flow.svg (Graphviz)."
	else
		echo "The process map is in build/demo/flow.dot (install graphviz to draw it)."
	fi
fi
keten klantreis --by chain --format svg --min-n 10 "$ex/events.csv" >"$out/klantreis.svg"
keten klantreis --by chain --layout side --codes "$ex/codes.csv" --format html --min-n 10 \
	"$ex/events.csv" >"$out/klantreis.html"
echo "The klantreis as a picture and a page: build/demo/klantreis.svg, build/demo/klantreis.html."
