#!/bin/sh
# A quickscan of the debt-assistance chain of one municipality, as an analyst would script
# it: the municipality's own case export and the coded interviews in, the tables of a
# quickscan report out.  Each step is a pipe of keten commands; the comment above it says
# what it answers.
#
# Usage: sh examples/quickscan.sh [OUTDIR]   (default build/quickscan)
#
# The data is synthetic.  examples/export-leeuwarden.csv is what a municipal system's
# Excel export looks like (a first line sep=;, semicolons, CRLF, dd-mm-jjjj dates, Dutch
# column names, local phase names); examples/make-export-leeuwarden.sh made it from keten
# gen.  The interviews are examples/codes.csv (keten gen --kind codes --seed 1), of which those
# held in Leeuwarden.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
PATH="$bin:$PATH"
ex=$top/examples
out=${1:-$top/build/quickscan}
mkdir -p "$out"
width=${COLUMNS:-120}

# 1. Import.  Which export columns hold the case, the phase and the date, and what do the
#    local phase names mean in the model?  Rows that cannot be used are refused one by one
#    (rejects.csv) and keten import exits non-zero, so nothing is lost in silence.
keten import \
	-m case=Dossiernummer,stage=Fase,date=Datum,org=Organisatie,org_type=Soort,chain=Keten,city=Gemeente,urgent=Crisis,reason=Reden \
	--recode "$ex/recode-leeuwarden.csv" --rejects "$out/rejects.csv" \
	-o "$out/events.csv" "$ex/export-leeuwarden.csv"
keten filter -e city=Leeuwarden -o "$out/codes.csv" "$ex/codes.csv"

# 2. Does the municipality keep to the Wgs norms: a first conversation within four weeks
#    of the request (three working days in a crisis), a decision within eight weeks of it?
echo "== Wgs norms per chain: waits, how many are past the legal term"
keten waits --norms --by chain --min-n 10 "$out/events.csv" |
	keten render --columns chain,from,to,norm,n,done,waiting,dropped,median,km_median,over,pct_over
echo

# 3. Where does the chain stall?  The stages that hold people longest (share of all
#    case-days) or lose them (drop rate), the particuliere and zakelijke keten side by side.
echo "== Bottlenecks in the case data, particulier | zakelijk"
keten bottleneck --by chain --top 5 --min-n 10 "$out/events.csv" >"$out/bottleneck.csv"
for c in particulier zakelijk; do
	keten filter -e "chain=$c" "$out/bottleneck.csv" |
		keten render -f csv --columns rank,stage,share,drop_rate |
		sed "1s/[^,][^,]*/$c &/g" >"$out/bottleneck-$c.csv"
done
paste -d, "$out/bottleneck-particulier.csv" "$out/bottleneck-zakelijk.csv" | keten render
echo

#    And what do the interviewees name as bottlenecks, per chain?  Ranked by the number of
#    interviews that name a code, then by how many roles (help seekers, volunteers,
#    professionals) do.
echo "== Knelpunten named in the interviews, per chain"
keten bottleneck --by chain --top 5 "$out/codes.csv" |
	keten render --columns chain,rank,code,phase,interviews,roles,role_list
echo

# 4. Does informal help lead to formal help?  The moves between informal projects and
#    professional debt assistance (org_type); the line on stderr says how many of the
#    people in informal help never reached formal help.
echo "== Referral: from informal to formal help (cases)"
keten flow --on org_type --min-n 10 "$out/events.csv" | keten render
keten flow --on org_type --format dot "$out/events.csv" >"$out/referral.dot" 2>"$out/flow.err" ||
	{ cat "$out/flow.err" >&2; exit 1; }
echo

# 5. The klantreis: per phase how many get there, drop out, wait and keep to the norm,
#    with what the interviews say about that phase, both chains side by side.
echo "== The klantreis, with the knelpunten of the interviews"
keten klantreis --by chain --layout side --codes "$out/codes.csv" --top 2 --min-n 10 \
	--width "$width" --title 'Klantreis Leeuwarden' "$out/events.csv"
keten klantreis --by chain --layout side --codes "$out/codes.csv" --top 3 --min-n 10 \
	--format html --title 'Klantreis Leeuwarden' -o "$out/klantreis.html" "$out/events.csv"
echo
echo "Tables and pictures for the report are in $out (klantreis.html, referral.dot)."
