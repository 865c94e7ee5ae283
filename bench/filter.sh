#!/bin/sh
# bench/filter.sh EVENTS.csv: keten filter beside Miller on two selections.
#   filter-row    a row filter, -e 'chain = zakelijk', beside
#                 mlr filter '$chain == "zakelijk"'.
#                 Target: keten at least 4 times as fast, with a peak under 20 MB.
#                 Also DuckDB (bench/peers/duckdb.mjs filter-row: COPY of a SELECT
#                 ... WHERE chain = 'zakelijk', 2 threads) and R's data.table (fread
#                 of every column as text, the rows selected, fwrite), where installed.
#   filter-case   a case filter, --case-has doorverwijzing (every event of the cases that
#                 were ever referred), on the named file (read twice) and on stdin (held
#                 in memory).  Miller has no case filter; its nearest equivalent is two
#                 runs, timed together: mlr filter + cut + uniq lists the cases that have
#                 the stage, and mlr join keeps the events of those cases, in input order.
#                 Target: keten at least 4 times as fast.
# Check, outside the timing: keten's output and Miller's are the same bytes, for both
# tasks, and the case filter on stdin writes the same as on the file.
# Run by bench/run, which sets KETEN_BIN, BENCH_MEASURE and BENCH_RUNS.
set -u
ev=${1:?usage: bench/filter.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-$top/bin}
measure=${BENCH_MEASURE:-$top/bench/measure}
runs=${BENCH_RUNS:-3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
have_mlr=0
command -v mlr >/dev/null 2>&1 && have_mlr=1
duck=$top/bench/peers/duckdb.mjs
have_duck=0
if command -v node >/dev/null 2>&1 && node "$duck" check >/dev/null 2>&1; then
	have_duck=1
else
	echo "# duckdb: left out (node, or @duckdb/node-api: npm ci --prefix bench/peers)"
fi
have_dt=0
command -v Rscript >/dev/null 2>&1 &&
	Rscript -e 'suppressMessages(library(data.table))' >/dev/null 2>&1 && have_dt=1
# data.table's filter-row: every column as text, so that fwrite gives the same bytes (an
# empty field read as NA, which fwrite writes as nothing; an empty string it would quote).
cat >"$tmp/dt-row.R" <<'EOF'
suppressMessages(library(data.table))
d <- fread(commandArgs(TRUE)[1], colClasses = "character", na.strings = "")
fwrite(d[chain == "zakelijk"], "")
EOF

# The Miller equivalent of --case-has doorverwijzing, as one script for the timing:
# sh "$tmp/mlr-case.sh" EVENTS IDS writes the events and leaves the case list in IDS.
cat >"$tmp/mlr-case.sh" <<'EOF'
mlr --icsv --ocsv filter '$stage == "doorverwijzing"' 'then' cut -f case \
	'then' uniq -g case "$1" >"$2" &&
	mlr --icsv --ocsv join -j case -f "$2" "$1"
EOF

# The checks.
"$bin/keten-filter" -e 'chain = zakelijk' "$ev" >"$tmp/keten"
if [ "$have_mlr" = 1 ]; then
	mlr --icsv --ocsv filter '$chain == "zakelijk"' "$ev" >"$tmp/peer"
	cmp -s "$tmp/keten" "$tmp/peer" ||
		echo "bench/filter.sh: filter-row: keten and mlr disagree" >&2
fi
if [ "$have_duck" = 1 ]; then
	node "$duck" filter-row "$ev" >"$tmp/peer"
	cmp -s "$tmp/keten" "$tmp/peer" ||
		echo "# CHECK FAILED: filter-row: keten and duckdb disagree"
fi
if [ "$have_dt" = 1 ]; then
	Rscript "$tmp/dt-row.R" "$ev" >"$tmp/peer"
	cmp -s "$tmp/keten" "$tmp/peer" ||
		echo "# CHECK FAILED: filter-row: keten and data.table disagree"
fi
"$bin/keten-filter" --case-has doorverwijzing "$ev" >"$tmp/keten"
"$bin/keten-filter" --case-has doorverwijzing <"$ev" | cmp -s - "$tmp/keten" ||
	echo "bench/filter.sh: filter-case: keten on stdin and on the file disagree" >&2
if [ "$have_mlr" = 1 ]; then
	sh "$tmp/mlr-case.sh" "$ev" "$tmp/ids" >"$tmp/peer"
	cmp -s "$tmp/keten" "$tmp/peer" ||
		echo "bench/filter.sh: filter-case: keten and mlr disagree" >&2
fi
rm -f "$tmp/keten" "$tmp/peer" "$tmp/ids"

sh "$measure" -r "$runs" "filter-row keten" "$bin/keten-filter" -e 'chain = zakelijk' "$ev" |
	tee "$tmp/row-keten"
if [ "$have_mlr" = 1 ]; then
	sh "$measure" "filter-row mlr" mlr --icsv --ocsv filter '$chain == "zakelijk"' "$ev" |
		tee "$tmp/row-mlr"
fi
if [ "$have_duck" = 1 ]; then
	sh "$measure" -r "$runs" "filter-row duckdb" node "$duck" filter-row "$ev"
fi
if [ "$have_dt" = 1 ]; then
	sh "$measure" "filter-row data.table" Rscript "$tmp/dt-row.R" "$ev"
fi
sh "$measure" -r "$runs" "filter-case keten" "$bin/keten-filter" --case-has doorverwijzing "$ev" |
	tee "$tmp/case-keten"
sh "$measure" "filter-case keten-stdin" sh -c '"$1" --case-has doorverwijzing <"$2"' sh \
	"$bin/keten-filter" "$ev"
if [ "$have_mlr" = 1 ]; then
	sh "$measure" "filter-case mlr" sh "$tmp/mlr-case.sh" "$ev" "$tmp/ids" |
		tee "$tmp/case-mlr"
fi

# Notes: whether the targets were met.
note() { # task: ratio of Miller's time to keten's, and keten's peak
	[ -s "$tmp/$1-keten" ] && [ -s "$tmp/$1-mlr" ] || return 0
	awk -F '\t' -v task="$1" -v limit="$2" '
		NR == FNR { k = $2; kib = $3; next }
		{ m = $2 }
		END {
			if (k == "-" || m == "-") { print "# " task ": a run failed"; exit }
			r = k > 0 ? m / k : 0
			s = sprintf("# %s: keten %.1f times as fast as Miller (target 4)", task, r)
			if (limit > 0)
				s = s sprintf(", peak %.1f MB (target under %d)", kib / 1024, limit)
			met = r >= 4 && (limit == 0 || kib / 1024 < limit)
			print s ": " (met ? "met" : "not met")
		}' "$tmp/$1-keten" "$tmp/$1-mlr"
}
note row 20
note case 0
