#!/bin/sh
# bench/import.sh EVENTS.csv: keten import on the events file written as a municipal
# Excel export (Dutch column names, ';', dd-mm-jjjj dates, CRLF line ends), beside
# Miller reading the same file (mlr --icsv --ifs ';' --ocsv cat), which only re-delimits
# and converts no value.  Targets: keten at least 3 times faster than Miller, and under
# 20 MB peak memory (it streams; --sort is not used).  The export is made once, with awk,
# and kept in BENCH_DATA.  Outside the timing, keten's output must be the events file
# itself, byte for byte: the export loses nothing that import does not restore.
# Run by bench/run, which sets KETEN_BIN, BENCH_DATA, BENCH_MEASURE and BENCH_RUNS; it
# also runs alone: sh bench/import.sh EVENTS.csv.
set -u
ev=${1:?usage: bench/import.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-$top/bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
data=${BENCH_DATA:-$top/bench/data}
measure=${BENCH_MEASURE:-$top/bench/measure}
runs=${BENCH_RUNS:-3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

want='case,stage,date,org,org_type,chain,city,urgent,reason'
if [ "$(head -n 1 "$ev")" != "$want" ]; then
	echo "bench/import.sh: $ev: expected the columns $want" >&2
	exit 1
fi
# The export, made again when the events file is newer.  keten gen quotes no field, so
# splitting on commas is exact.
nl=$data/events-nl.csv
if [ ! -s "$nl" ] || [ -n "$(find "$ev" -newer "$nl")" ]; then
	mkdir -p "$data"
	echo "bench/import.sh: writing $nl" >&2
	awk 'BEGIN { FS = ","; OFS = ";" }
	NR == 1 {
		printf "Dossiernummer;Fase;Datum;Organisatie;Soort organisatie;Keten;Gemeente;Crisis;Reden uitstroom\r\n"
		next
	}
	{
		if (index($0, "\"")) { print "quoted field on line " NR > "/dev/stderr"; exit 1 }
		split($3, d, "-"); $3 = d[3] "-" d[2] "-" d[1]
		printf "%s\r\n", $0
	}' "$ev" >"$nl.tmp" && mv "$nl.tmp" "$nl" || { rm -f "$nl.tmp"; exit 1; }
fi

# Right first: the import gives back the events file.
if ! "$bin/keten-import" "$nl" 2>"$tmp/err" | cmp -s - "$ev"; then
	echo "bench/import.sh: keten import of the export differs from $ev:" >&2
	cat "$tmp/err" >&2
	exit 1
fi

sh "$measure" -r "$runs" "import keten" "$bin/keten-import" "$nl" 2>/dev/null | tee "$tmp/rows"
if command -v mlr >/dev/null 2>&1; then
	sh "$measure" "import mlr" mlr --icsv --ifs ';' --ocsv cat "$nl" | tee -a "$tmp/rows"
fi

awk -F '\t' '
$1 == "import keten" { k = $2; kib = $3 }
$1 == "import mlr" { m = $2 }
END {
	if (k ~ /^[0-9.]+$/ && m ~ /^[0-9.]+$/ && k > 0)
		printf "# import: mlr / keten %.1f (target: at least 3.0)\n", m / k
	if (kib ~ /^[0-9]+$/)
		printf "# import: keten peak %.1f MB (target: under 20)\n", kib / 1024
}' "$tmp/rows"
