#!/bin/sh
# The ideal chain: step 3 of a quickscan ("look ahead"), as a work session could run it.
# keten simulate fits a model of today's chain to the municipality's own log and plays it
# beside three scenarios that the session proposes; the particuliere and the zakelijke
# keten stand side by side (keten-simulate(1), keten-simulate(7)).
#
# Usage: sh examples/ideal-chain.sh [EVENTS.csv [OUTDIR]]
#        (default examples/events.csv and build/ideal-chain)
#
# OUTDIR gets the fitted model (fitted.csv, to read, edit and keep), the scenarios
# (scenarios.csv), the full result (simulate.csv) and the backtest (check.csv).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
PATH="$bin:$PATH"
events=${1:-$top/examples/events.csv}
out=${2:-$top/build/ideal-chain}
mkdir -p "$out"

# 1. Today's chain as a model: arrivals, routes, delays and the capacity of the first
#    conversation, per chain.
keten simulate --fit --by chain -o "$out/fitted.csv" "$events"

# 2. Does the model reproduce the log?  Small cells (under 10 cases) stay blank.
echo "== Backtest: the baseline beside the log (figures outside their interval: within=no)"
keten simulate --check --by chain --min-n 10 -o "$out/check.csv" "$events" 2>&1 |
	grep -- '--check' || true
keten render --columns chain,from,to,phase,statistic,observed,simulated,within "$out/check.csv" |
	grep -E 'median|p90' || true
echo

# 3. Three scenarios of the session, one change a row.
cat >"$out/scenarios.csv" <<'END'
scenario,change
vroegsignalering,arrivals signaal x1.2
vroegsignalering,delay signaal aanmelding x0.5
warme overdracht,route informeel doorverwijzing 0.9
snelle toegang,delay aanmelding eerste_gesprek x0.5
snelle toegang,norm aanmelding eerste_gesprek 14 days
END
keten simulate --scenarios "$out/scenarios.csv" -o "$out/simulate.csv" \
	"$out/fitted.csv" 2>/dev/null

# 4. The particuliere and the zakelijke keten side by side: the wait for a first
#    conversation, the share within the norm, the cases that reach toegang and leave
#    the chain.
echo "== The ideal chain: today against three scenarios (mean of 20 replications)"
awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
$(col["from"]) == "aanmelding" && $(col["to"]) == "eerste_gesprek" {
	put($1, "wait to first conversation (days)", $(col["chain"]), $(col["mean"]))
	put($1, "within the norm (%)", $(col["chain"]), $(col["pct_within"]))
}
$(col["phase"]) == "toegang" { put($1, "cases reaching toegang", $(col["chain"]), $(col["n"])) }
$(col["phase"]) == "uitstroom" { put($1, "cases leaving the chain", $(col["chain"]), $(col["n"])) }
function put(s, f, c, v) {
	if (!((s, f) in seen)) { seen[s, f] = 1; order[++n] = s SUBSEP f }
	val[s, f, c] = v
}
END {
	print "scenario,figure,particulier,zakelijk"
	for (i = 1; i <= n; i++) {
		split(order[i], k, SUBSEP)
		print k[1] "," k[2] "," val[k[1], k[2], "particulier"] "," val[k[1], k[2], "zakelijk"]
	}
}' "$out/simulate.csv" | keten render
