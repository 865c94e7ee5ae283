#!/bin/sh
# bench/waits.sh EVENTS.csv: keten waits --by city (every transition, by the city where
# the wait starts) beside the same statistics computed by Miller (mlr step + stats1),
# pandas (bench/peers/waits.py: sort, shift, groupby + quantile), R's data.table
# (bench/peers/waits.R), DuckDB (bench/peers/duckdb.mjs waits: lead() over a window per
# case, group by, quantile_cont; 2 threads) and GNU datamash (groupby over a prepared
# file of gaps).
# Target: keten at least 10 times as fast as Miller and 3 times as fast as pandas, with a
# peak memory under a quarter of pandas'.
#
# The peers compute the finished waits only: for every case its events in date order
# (ties by the model order of the stage), each two consecutive events a transition
# from -> to, its wait the difference of the dates in days, grouped by the city of the
# starting event, from and to; n, mean, sd, min, p25, median, p75, p90 and max (type 7
# quantiles).  keten computes that and more: open and dropped waits, the Kaplan-Meier
# median and p90, the median's confidence interval and the Wgs norms, which split
# aanmelding -> eerste_gesprek by urgency.  Dates are plain days in the bench file (keten
# gen writes no times), so the peers parse dates only.
#
# Miller runs without a sort step: its sort keeps every record, and on this 2-core,
# 24 GB machine `mlr sort -f case,date -nf o` peaked at 5.5 GB for 1 million events, so
# it cannot sort 10 million; the file keten gen writes is in case and date order already,
# which the check below confirms (Miller's numbers equal keten's).  Its step state is not
# kept per case either (step -g case kept 2.6 GB for 250,000 cases): a lag of the case
# column and a filter on it find the transitions in one pass.  Both make Miller's task
# lighter than keten's.  datamash is timed on the gaps alone (city,from,to,wait, written
# once by bench/peers/waits.py --gaps and kept in BENCH_DATA), so its row leaves out
# reading the events, sorting them and finding the transitions.
#
# Check, outside the timing: keten waits --by city with the built-in model minus its
# norms (one row per city, from and to, as the peers have) must agree with every peer on
# n and, to 0.01, on each statistic of the finished waits; and the timed output (with
# the norms) must have the same finished and open counts per city, from and to as that
# run, and the same statistics where the norms did not split a row.
#
# Checked by hand once on the first 100,000 lines of keten gen --cases 2500000 --seed 1
# (99,999 events of 20,714 cases): keten waits --by city --model (the built-in model less
# its norm rows) gave 107 rows with finished waits (and 39 open rows); its columns city,
# from, to, done, mean, sd, min, p25, median, p75, p90, max were the same bytes, in the
# same order, as the 107 rows of bench/peers/waits.py (pandas) and of bench/peers/waits.R
# (data.table, quantile type 7).  For example Amsterdam aanmelding -> eerste_gesprek:
# n 6029, mean 18.07, sd 13.17, min 0, quartiles 10, 15, 23, p90 33, max 176.
#
# Run by bench/run, which sets KETEN_BIN, BENCH_DATA, BENCH_MEASURE, BENCH_RUNS and PY.
set -u
ev=${1:?usage: bench/waits.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$top/$1" ;; esac; }
bin=$(abs "${KETEN_BIN:-bin}")
data=$(abs "${BENCH_DATA:-bench/data}")
measure=$(abs "${BENCH_MEASURE:-bench/measure}")
runs=${BENCH_RUNS:-3}
py=${PY:-/usr/bin/python3}
peers=$top/bench/peers
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
: >"$tmp/rows"
: >"$tmp/cpu"

# run NAME OUT [-r RUNS] CMD...: one measurement by bench/measure, its line kept in
# $tmp/rows.  An inner /usr/bin/time writes each run's user+sys CPU seconds too, because
# wall times on a busy machine say little; its own memory is far below any tool's.
run() {
	name=$1
	out=$2
	shift 2
	r=1
	if [ "$1" = -r ]; then
		r=$2
		shift 2
	fi
	tool=${name#* }
	line=$(sh "$measure" -r "$r" -o "$out" "$name" \
		/usr/bin/time -a -o "$tmp/cpu.$tool" -f '%U %S' "$@")
	st=$?
	printf '%s\n' "$line" | tee -a "$tmp/rows"
	[ "$st" = 0 ] || return 1
	awk -v t="$tool" '
	NF == 2 && $1 ~ /^[0-9.]+$/ { c = $1 + $2; if (best == "" || c < best) best = c }
	END { if (best != "") printf "%s %.1f\n", t, best }' "$tmp/cpu.$tool" >>"$tmp/cpu"
}

# compare NAME FILE: the peer's rows (city,from,to,n,mean,sd,min,p25,median,p75,p90,max;
# any header line is skipped) against keten's norm-free output in $tmp/keten-all.csv.
compare() {
	awk -F, -v peer="$1" '
	function num(x) { return x ~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/ }
	function differ(a, b) {
		if (!num(a) || !num(b))
			return num(a) != num(b)
		return (a - b > 0.0101 || b - a > 0.0101)
	}
	FNR == 1 { file++ }
	file == 1 && FNR > 1 && $3 != "(open)" && $5 > 0 {
		k = $1 SUBSEP $2 SUBSEP $3
		K[k] = 1
		n[k] = $5
		for (i = 0; i < 8; i++)
			s[k, i] = $(8 + i)
	}
	file == 2 && num($4) {
		k = $1 SUBSEP $2 SUBSEP $3
		seen++
		if (!(k in K)) { bad++; if (bad <= 3) printf "%s: %s,%s,%s: not in keten\n", peer, $1, $2, $3; next }
		found[k] = 1
		if ($4 != n[k]) { bad++; if (bad <= 3) printf "%s: %s,%s,%s: n %s, keten %s\n", peer, $1, $2, $3, $4, n[k]; next }
		for (i = 0; i < 8; i++)
			if (differ($(5 + i), s[k, i])) {
				bad++
				if (bad <= 3) printf "%s: %s,%s,%s: column %d: %s, keten %s\n", peer, $1, $2, $3, 5 + i, $(5 + i), s[k, i]
				break
			}
	}
	END {
		for (k in K)
			if (!(k in found)) { bad++; split(k, p, SUBSEP); if (bad <= 3) printf "%s: %s,%s,%s: missing\n", peer, p[1], p[2], p[3] }
		if (bad) { printf "%s: %d differences with keten\n", peer, bad; exit 1 }
		printf "%d\n", seen
	}' "$tmp/keten-all.csv" "$2"
}

# The keten row.  The rows of the peers follow only when keten itself ran.
if ! run "waits keten" "$tmp/keten.csv" -r "$runs" "$bin/keten-waits" --by city "$ev"; then
	echo "bench/waits.sh: keten waits failed" >&2
	exit 1
fi
run "waits pandas" "$tmp/pandas.csv" "$py" "$peers/waits.py" "$ev" || rm -f "$tmp/pandas.csv"
if command -v Rscript >/dev/null 2>&1 &&
	Rscript -e 'suppressMessages(library(data.table))' >/dev/null 2>&1; then
	run "waits data.table" "$tmp/dt.csv" Rscript "$peers/waits.R" "$ev" || rm -f "$tmp/dt.csv"
fi
if command -v node >/dev/null 2>&1 && node "$peers/duckdb.mjs" check >/dev/null 2>&1; then
	run "waits duckdb" "$tmp/duckdb.csv" node "$peers/duckdb.mjs" waits "$ev" ||
		rm -f "$tmp/duckdb.csv"
else
	echo "# duckdb: left out (node, or @duckdb/node-api: npm ci --prefix bench/peers)"
fi
if command -v mlr >/dev/null 2>&1; then
	# shellcheck disable=SC1010,SC2016 # Miller chains its verbs with "then"; $ is its own
	run "waits mlr" "$tmp/mlr.csv" mlr --icsv --ocsv \
		cut -f case,stage,date,city \
		then step -a shift_lag -f case,date,stage,city \
		then filter '$case == $case_shift_lag' \
		then put '$wait = (strptime($date, "%Y-%m-%d") - strptime($date_shift_lag, "%Y-%m-%d")) // 86400' \
		then stats1 -i -a count,mean,stddev,min,p25,median,p75,p90,max -f wait \
		-g city_shift_lag,stage_shift_lag,stage \
		"$ev" || rm -f "$tmp/mlr.csv"
fi
if command -v datamash >/dev/null 2>&1 && "$py" -c 'import pandas' >/dev/null 2>&1; then
	# The gaps file is kept while its stamp names the same events file, size and time.
	gaps=$data/waits-gaps.csv
	stamp="$ev $(wc -c <"$ev") $(date -r "$ev" +%s)"
	if [ ! -f "$gaps" ] || [ "$(cat "$gaps.how" 2>/dev/null)" != "$stamp" ]; then
		echo "bench/waits.sh: writing $gaps ..." >&2
		mkdir -p "$data"
		rm -f "$gaps" "$gaps.how"
		if "$py" "$peers/waits.py" "$ev" --gaps "$gaps.tmp"; then
			mv "$gaps.tmp" "$gaps" && echo "$stamp" >"$gaps.how"
		else
			rm -f "$gaps.tmp"
		fi
	fi
	if [ -f "$gaps" ]; then
		# shellcheck disable=SC2016 # $1 is expanded by the inner sh
		run "waits datamash-gaps" "$tmp/datamash.csv" sh -c '
			datamash -t, -s --header-in -g 1,2,3 count 4 mean 4 sstdev 4 min 4 \
			  perc:25 4 median 4 perc:75 4 perc:90 4 max 4 <"$1"' sh "$gaps" ||
			rm -f "$tmp/datamash.csv"
	fi
fi

# The check, outside the timing.  keten's norm-free run has one row per city, from, to.
# A disagreement is a note in the table and makes the script's status 1.
failed=0
echo "# peers compute the finished-wait statistics only (keten also: open and dropped waits, Kaplan-Meier, median CI, norms)"
"$bin/keten-model" | grep -v '^norm,' >"$tmp/nonorm.csv"
if ! "$bin/keten-waits" --model "$tmp/nonorm.csv" --by city -o "$tmp/keten-all.csv" "$ev"; then
	echo "bench/waits.sh: keten waits with the norm-free model failed" >&2
	exit 1
fi
if ! awk -F, '
	FNR == 1 { file++; next }
	{ k = $1 SUBSEP $2 SUBSEP $3 }
	file == 1 { d[k] = $5; w[k] = $6; row[k] = $8; for (i = 9; i <= 15; i++) row[k] = row[k] "," $i; next }
	{ D[k] += $5; W[k] += $6; c[k]++; r = $8; for (i = 9; i <= 15; i++) r = r "," $i; R[k] = r }
	END {
		for (k in d) {
			split(k, p, SUBSEP)
			if (D[k] != d[k] || W[k] != w[k]) { printf "%s,%s,%s: counts differ with and without norms\n", p[1], p[2], p[3]; bad++ }
			else if (c[k] == 1 && R[k] != row[k]) { printf "%s,%s,%s: statistics differ with and without norms\n", p[1], p[2], p[3]; bad++ }
		}
		for (k in D) if (!(k in d)) bad++
		exit bad > 0
	}' "$tmp/keten-all.csv" "$tmp/keten.csv" >&2; then
	echo "bench/waits.sh: keten's timed output differs from its norm-free run" >&2
	echo "# CHECK FAILED: keten's timed output differs from its norm-free run"
	failed=1
fi
agree=
for p in pandas:pandas.csv data.table:dt.csv duckdb:duckdb.csv mlr:mlr.csv datamash:datamash.csv; do
	f=$tmp/${p#*:}
	[ -f "$f" ] || continue
	if groups=$(compare "${p%%:*}" "$f"); then
		agree="$agree ${p%%:*}"
	else
		echo "$groups" >&2
		echo "# CHECK FAILED: keten and ${p%%:*} disagree (see stderr)"
		failed=1
	fi
done
[ -n "$agree" ] && echo "# keten's finished-wait statistics equal those of$agree in all $groups groups (to 0.01)"
echo "# mlr: no sort step, no per-case step state (see the script's header); datamash-gaps: aggregation of a prepared gaps file only"

# The targets, and the CPU seconds (user+sys), which a busy machine disturbs less.
awk -F '\t' '
FNR == NR && NF == 3 { sub(/^waits /, "", $1); t[$1] = $2; m[$1] = $3; next }
NF == 2 { cpu = cpu sep $1 " " $2; sep = ", " }
function ok(c) { return c ? "met" : "NOT met" }
END {
	printf "# cpu s (user+sys, best run): %s\n", cpu
	if (t["keten"] !~ /^[0-9.]+$/ || t["keten"] <= 0)
		exit
	if (t["mlr"] ~ /^[0-9.]+$/)
		printf "# target mlr/keten time >= 10: %.1f, %s\n", t["mlr"] / t["keten"], ok(t["mlr"] / t["keten"] >= 10)
	if (t["pandas"] ~ /^[0-9.]+$/) {
		printf "# target pandas/keten time >= 3: %.1f, %s\n", t["pandas"] / t["keten"], ok(t["pandas"] / t["keten"] >= 3)
		printf "# target keten/pandas peak memory < 0.25: %.2f, %s\n", m["keten"] / m["pandas"], ok(m["keten"] / m["pandas"] < 0.25)
	}
}' "$tmp/rows" FS=' ' "$tmp/cpu"
exit "$failed"
