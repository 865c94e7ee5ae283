#!/bin/sh
# bench/csv.sh EVENTS.csv: keten's CSV module (lib/csvio.c) reading every record of the
# file and writing it back unchanged (build/bench/csvcat), beside a bare libcsv loop
# that only counts fields with libcsv's default options (build/bench/csvbare): the
# module should need at most 1.5 times the bare loop's time.  For context, the same
# copy by Miller (mlr cat), pandas (read_csv + to_csv, every column as text), R's
# data.table (fread + fwrite) and DuckDB (bench/peers/duckdb.mjs csv-copy: read_csv of
# every column as text, COPY to CSV, 2 threads; its output is checked as csvcat's is).  Outputs go to /dev/null; csvcat's output is compared
# with the input once, outside the timing, and must be the same bytes.
# Run by bench/run, which sets BENCH_PROGS, BENCH_MEASURE, BENCH_RUNS and PY.
set -u
ev=${1:?usage: bench/csv.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
progs=${BENCH_PROGS:-$top/build/bench}
measure=${BENCH_MEASURE:-$top/bench/measure}
runs=${BENCH_RUNS:-3}
py=${PY:-/usr/bin/python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! "$progs/csvcat" "$ev" | cmp -s - "$ev"; then
	echo "bench/csv.sh: csvcat does not give back the input unchanged" >&2
	exit 1
fi

sh "$measure" -r "$runs" "csv-copy keten" "$progs/csvcat" "$ev" | tee "$tmp/rows"
sh "$measure" -r "$runs" "csv-copy keten-read-only" "$progs/csvcat" -n "$ev"
sh "$measure" -r "$runs" "csv-copy libcsv-count-only" "$progs/csvbare" "$ev" | tee -a "$tmp/rows"
if command -v mlr >/dev/null 2>&1; then
	sh "$measure" "csv-copy mlr" mlr --icsv --ocsv cat "$ev"
fi
if "$py" -c 'import pandas' >/dev/null 2>&1; then
	sh "$measure" "csv-copy pandas" "$py" -c '
import sys, pandas
d = pandas.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
d.to_csv(sys.stdout, index=False)' "$ev"
fi
duck=$top/bench/peers/duckdb.mjs
if command -v node >/dev/null 2>&1 && node "$duck" check >/dev/null 2>&1; then
	node "$duck" csv-copy "$ev" | cmp -s - "$ev" ||
		echo "# CHECK FAILED: csv-copy: duckdb does not give back the input unchanged"
	sh "$measure" -r "$runs" "csv-copy duckdb" node "$duck" csv-copy "$ev"
else
	echo "# duckdb: left out (node, or @duckdb/node-api: npm ci --prefix bench/peers)"
fi
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(data.table)' >/dev/null 2>&1; then
	sh "$measure" "csv-copy data.table" Rscript -e '
suppressMessages(library(data.table))
d <- fread(commandArgs(TRUE)[1], colClasses = "character", na.strings = NULL)
fwrite(d, "/dev/null")' "$ev"
fi

# The target of the CSV module: the copy within 1.5 times the bare count.
awk -F '\t' '
NR == 1 { k = $2 }
NR == 2 { b = $2 }
END {
	if (k ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0)
		printf "# csvio copy / bare libcsv count: %.2f (target: at most 1.50)\n", k / b
}' "$tmp/rows"
