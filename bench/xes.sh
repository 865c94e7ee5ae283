#!/bin/sh
# bench/xes.sh EVENTS.csv: keten import of an XES log of 250,000 events, the first 250,000
# rows of the events file written as XES by keten render -f xes, once from the file (read
# twice: first for the keys, then for the rows) and once over a pipe (read once).  Beside
# it, the parse alone: xmllint --stream (libxml2's reader, no output) and Python's
# xml.etree iterparse counting the events.  Targets (keten-import(1)): at least 50 MB of
# XML a second from the file, and memory that does not grow with the log: the peak for a
# log four times as long (1,000,000 events) within 10% of the peak for 250,000.  The logs
# are made once and kept in BENCH_DATA.  Outside the timing, the import must give the
# events back as they were, but for the time T00:00:00 that XES gives a day.
# Run by bench/run, which sets KETEN_BIN, BENCH_DATA, BENCH_MEASURE, BENCH_RUNS and PY;
# it also runs alone: sh bench/xes.sh EVENTS.csv.
set -u
ev=${1:?usage: bench/xes.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-$top/bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
data=${BENCH_DATA:-$top/bench/data}
measure=${BENCH_MEASURE:-$top/bench/measure}
runs=${BENCH_RUNS:-3}
py=${PY:-/usr/bin/python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

want='case,stage,date,org,org_type,chain,city,urgent,reason'
if [ "$(head -n 1 "$ev")" != "$want" ]; then
	echo "bench/xes.sh: $ev: expected the columns $want" >&2
	exit 1
fi
# The logs, made again when the events file is newer.
mkdir -p "$data"
for n in 250000 1000000; do
	log=$data/events-$n.xes
	if [ ! -s "$log" ] || [ -n "$(find "$ev" -newer "$log")" ]; then
		echo "bench/xes.sh: writing $log" >&2
		head -n $((n + 1)) "$ev" | "$bin/keten-render" -f xes -o "$log" || exit 1
	fi
done
log=$data/events-250000.xes
big=$data/events-1000000.xes

# Right first: the events come back, days as midnight (keten-render(1), XES).  keten gen
# quotes no field, so splitting on commas is exact.
head -n 250001 "$ev" | awk 'BEGIN { FS = OFS = "," } NR > 1 { $3 = $3 "T00:00:00" } 1' >"$tmp/want"
if ! "$bin/keten-import" "$log" 2>"$tmp/err" | cmp -s - "$tmp/want"; then
	echo "bench/xes.sh: keten import of $log differs from $ev:" >&2
	tail -n 3 "$tmp/err" >&2
	exit 1
fi

sh "$measure" -r "$runs" "xes-import keten" "$bin/keten-import" "$log" 2>/dev/null | tee "$tmp/rows"
sh "$measure" -r "$runs" "xes-import-pipe keten" sh -c "cat '$log' | '$bin/keten-import'" \
	2>/dev/null | tee -a "$tmp/rows"
sh "$measure" "xes-import-1m keten" "$bin/keten-import" "$big" 2>/dev/null | tee -a "$tmp/rows"
if command -v xmllint >/dev/null 2>&1; then
	sh "$measure" -r "$runs" "xes-import xmllint" xmllint --stream --noout "$log" |
		tee -a "$tmp/rows"
fi
if [ -x "$py" ]; then
	cat >"$tmp/count.py" <<'EOF'
import sys
import xml.etree.ElementTree as ET
n = 0
for _, elem in ET.iterparse(sys.argv[1]):
    if elem.tag == "event":
        n += 1
    if elem.tag == "trace":
        elem.clear()
print(n)
EOF
	sh "$measure" "xes-import python" "$py" "$tmp/count.py" "$log" | tee -a "$tmp/rows"
fi

size=$(wc -c <"$log")
awk -F '\t' -v size="$size" '
$1 == "xes-import keten" { k = $2; kib = $3 }
$1 == "xes-import-pipe keten" { p = $2 }
$1 == "xes-import-1m keten" { bkib = $3 }
END {
	if (k ~ /^[0-9.]+$/ && k > 0)
		printf "# xes-import: %.0f MB of XML in %.2f s from the file: %.1f MB/s (target: at least 50)\n", size / 1e6, k, size / 1e6 / k
	if (p ~ /^[0-9.]+$/ && p > 0)
		printf "# xes-import-pipe: %.1f MB/s (read once, the declared keys only)\n", size / 1e6 / p
	if (kib ~ /^[0-9]+$/ && bkib ~ /^[0-9]+$/)
		printf "# xes-import: peak %.1f MB for 250,000 events, %.1f MB for 1,000,000 (target: within 10%%)\n", kib / 1024, bkib / 1024
}' "$tmp/rows"
