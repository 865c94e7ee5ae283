#!/bin/sh
# tests/report/equals.sh NAME EVENTS CODES MONTH END TODAY [-]
#
# Every number of `keten report --min-n 0` for MONTH (END its last day, TODAY a day after
# it) against the output of the keten command that answers the same question, run on the
# cases of the month as `keten filter --active MONTH` picks them; and the klantreis of the
# page, with --min-n 0 and as published (--min-n 10), against keten klantreis --period.  Nothing is computed or
# selected here: awk only takes the numbers out of the report's Markdown and the commands'
# CSV and lays them side by side (rounding the commands' two decimals to the report's
# one, and writing waits' pct_over as the report's "% within norm", 100 - pct_over).
# With a last argument '-', the report reads the events from a pipe.
#
# Prints "ok - NAME: SECTION" per section, or "not ok" with the lines that differ.  The
# trend of median waits per month has no command that answers it; report/pandas-reference
# checks it against pandas.
set -u
name=$1 ev=$2 cd=$3 month=$4 end=$5 today=$6 pipe=${7:-}

if [ "$pipe" = - ]; then
	cat "$ev" | keten report --month "$month" --today "$today" -f md --min-n 0 -c "$cd" - >r.md
else
	keten report --month "$month" --today "$today" -f md --min-n 0 -c "$cd" "$ev" >r.md
fi
keten filter --active "$month" "$ev" >sub.csv

# The rows of the table in section $1 of the report, cells joined by tabs.
section() {
	awk -v want="$1" '
	/^## / { on = substr($0, 4) == want; next }
	on && /^\| / && !/^\| ---/ {
		n = split(substr($0, 2, length($0) - 2), c, "|")
		line = ""
		for (i = 1; i <= n; i++) {
			gsub(/^ +| +$/, "", c[i])
			line = line (i > 1 ? "\t" : "") c[i]
		}
		print line
	}' r.md
}

# The rows read and the cases kept that keten filter -s says on stderr.
rows_read() {
	keten filter -s "$@" 2>&1 >/dev/null | sed -n 's/.*rows read \([0-9]*\),.*/\1/p'
}
cases_kept() {
	keten filter -s "$@" 2>&1 >/dev/null | sed -n 's/.*cases kept \([0-9]*\)$/\1/p'
}

# Compares got and want and says so.
check() {
	if cmp -s got want; then
		echo "ok - $name: $1"
	else
		echo "not ok - $name: $1"
		diff got want | sed 's/^/#   /' | head -n 20
	fi
}

# Period and data: the counts of keten filter -s on the input, on the month's cases
# (--active), on the cases that began in it (--cohort), on the events dated in it, and
# on those at uitstroom; the interviews and segments of keten codes freq.
section "Period and data" | awk -F '\t' '
$1 ~ /^(events read|cases in the input|cases in the chain during the period|of which started in the period|of which left the chain in the period|events in the period|interviews coded|coded segments)$/' >got
{
	printf 'events read\t%s\n' "$(rows_read "$ev")"
	printf 'cases in the input\t%s\n' "$(cases_kept "$ev")"
	printf 'cases in the chain during the period\t%s\n' "$(cases_kept --active "$month" "$ev")"
	printf 'of which started in the period\t%s\n' "$(cases_kept --cohort "$month" "$ev")"
	printf 'of which left the chain in the period\t%s\n' \
		"$(cases_kept --month "$month" -e 'stage = uitstroom' "$ev")"
	printf 'events in the period\t%s\n' "$(keten filter --month "$month" --count "$ev")"
	keten codes freq --wide -g chain "$cd" | awk -F, '$1 == "(all)" { printf "interviews coded\t%s\n", $(NF - 1) }'
	keten codes freq --wide -g chain --segments "$cd" | awk -F, '$1 == "(all)" { printf "coded segments\t%s\n", $(NF - 1) }'
} >want
check "period and data"

# Klantreis: the table of keten klantreis, and its cases in the paragraph above it.
keten klantreis -f md --asof "$end" -c "$cd" sub.csv >k.md
{
	sed -n 's/^The \([0-9]*\) cases along the phases.*/\1/p' r.md
	sed -n '/^## Klantreis/,/^## /p' r.md | grep '^| '
} >got
{
	cases_kept --active "$month" "$ev"
	grep '^| ' k.md
} >want
check "klantreis"

# The same table from keten klantreis --period on the whole input: the month's cases,
# followed whole and seen as of the month's end.  And the page as published (--min-n 10,
# the default) against keten klantreis --period --min-n 10: the same blanks.
sed -n '/^## Klantreis/,/^## /p' r.md | grep '^| ' >got
keten klantreis -f md --period "$month" -c "$cd" "$ev" 2>/dev/null | grep '^| ' >want
check "klantreis --period"
if [ "$pipe" = - ]; then
	cat "$ev" | keten report --month "$month" --today "$today" -f md -c "$cd" - >r10.md
else
	keten report --month "$month" --today "$today" -f md -c "$cd" "$ev" >r10.md
fi
sed -n '/^## Klantreis/,/^## /p' r10.md | grep '^| ' >got
keten klantreis -f md --period "$month" --min-n 10 -c "$cd" "$ev" 2>/dev/null | grep '^| ' >want
check "klantreis --period --min-n 10"

# Wgs norms: keten waits --norms.
section "Wgs norms" | awk -F '\t' 'NR > 1 {
	print $1, $2, $3, $6, $7, $8, $9, $10, $11, $12, $13 }' >got
keten waits --norms --asof "$end" sub.csv | awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
function one(v) { return v == "" ? "" : sprintf("%.1f", v) }
{
	within = $c["pct_over"] == "" ? "" : sprintf("%.1f", 100 - $c["pct_over"])
	print $c["from"], $c["to"], $c["norm"], $c["n"], $c["done"], $c["waiting"], $c["dropped"],
	      one($c["median"]), one($c["p90"]), $c["over"], within
}' >want
check "wgs norms"

# Bottlenecks: keten bottleneck --completed afgerond.
section "Bottlenecks" | awk -F '\t' 'NR > 1' >got
keten bottleneck --completed afgerond --asof "$end" sub.csv | awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
function one(v) { return v == "" ? "" : sprintf("%.1f", v) }
{
	printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", $c["rank"], $c["stage"],
	       $c["entered"], $c["left"], $c["dropped"], $c["wip"], one($c["median_dwell"]),
	       one($c["p90_dwell"]), one($c["dwell_days"]), $c["share"], $c["drop_rate"]
}' >want
check "bottlenecks"

# Referral: keten flow --on org_type, its line on stderr and its table.
keten flow --on org_type --asof "$end" sub.csv >f.csv 2>f.err
{
	sed -n 's/^Of the \([0-9]*\) cases that had informal help, \([0-9]*\) (\([0-9.]*\)%) never reached formal help after their first informal stay (\([0-9]*\) ended, \([0-9]*\) still open)\.$/\1 \2 \3 \4 \5/p' r.md
	section "Referral from informal to formal help" | awk -F '\t' 'NR > 1'
} >got
{
	sed -n 's/^keten-flow: of \([0-9]*\) cases with informeel help, \([0-9]*\) (\([0-9.]*\)%) never reached formeel (\([0-9]*\) ended, \([0-9]*\) still open)$/\1 \2 \3 \4 \5/p' f.err
	awk -F, 'NR > 1 {
		m = $5 == "" ? "" : sprintf("%.1f", $5)
		p = $6 == "" ? "" : sprintf("%.1f", $6)
		printf "%s\t%s\t%s\t%s\t%s\t%s\n", $1, $2, $3, $4, m, p
	}' f.csv
} >want
check "referral"

# Provenance: sha256sum, and the records keten filter --count counts.
section "Provenance" | awk -F '\t' 'NF == 4 && NR > 1 { print $2, $3, $4 }' | head -n 2 >got
{
	echo "events $(keten filter --count "$ev") $(sha256sum <"$ev" | cut -d' ' -f1)"
	echo "codes $(keten filter --count "$cd") $(sha256sum <"$cd" | cut -d' ' -f1)"
} >want
check "provenance"
