#!/bin/sh
# bench/report.sh EVENTS.csv: keten report for one month (June 2025, the middle of the
# year keten gen writes by default) over the whole events file, beside keten waits (every
# transition) on the same file.  Target: the report under 3 times the time of keten waits.
#
# The report does more than waits: it hashes the file (SHA-256), reads it twice (once with
# the outflow reason, once with org_type for the referral flow), picks the month's cases,
# and builds the klantreis, the norm table, twelve months of medians over every case, the
# bottleneck ranking and the referral flow.  No peer tool writes such a page, so the
# yardstick is keten's own waits.
#
# Check, outside the timing: the page is well-formed (xmllint, when installed), has the
# nine sections keten-report(1) gives a page without codes and what-if (headline, period,
# klantreis, norms, trend, within, bottlenecks, referral, map), and its "events read"
# equals the data lines of the file.
#
# Run by bench/run, which sets KETEN_BIN, BENCH_MEASURE and BENCH_RUNS; it also runs
# standalone (the programs in bin/).
set -u
ev=${1:?usage: bench/report.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$top/$1" ;; esac; }
bin=$(abs "${KETEN_BIN:-bin}")
measure=$(abs "${BENCH_MEASURE:-bench/measure}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Both take tens of seconds on ten million events: one run each.
sh "$measure" -o "$tmp/report.html" "report keten" \
	"$bin/keten-report" --month 2025-06 --today 2025-07-01 "$ev" | tee "$tmp/rows"
sh "$measure" "report keten-waits" "$bin/keten-waits" "$ev" | tee -a "$tmp/rows"

if [ -s "$tmp/report.html" ]; then
	problems=
	if command -v xmllint >/dev/null 2>&1 && ! xmllint --noout "$tmp/report.html" 2>/dev/null; then
		problems="$problems not-well-formed"
	fi
	for id in headline period klantreis norms trend within bottlenecks referral map; do
		grep -q "<section id=\"$id\"" "$tmp/report.html" || problems="$problems no-section:$id"
	done
	read_rows=$(sed -n 's|.*<td>events read</td><td>\([0-9]*\)</td>.*|\1|p' "$tmp/report.html")
	lines=$(($(wc -l <"$ev") - 1))
	[ "$read_rows" = "$lines" ] || problems="$problems events-read:$read_rows/$lines"
	if [ -n "$problems" ]; then
		echo "bench/report.sh: the page is wrong:$problems" >&2
		echo "# CHECK FAILED:$problems"
	else
		echo "# the page is well-formed, has its nine sections and read all $lines events"
	fi
fi

awk -F '\t' '
$1 == "report keten" { r = $2 }
$1 == "report keten-waits" { w = $2 }
END {
	if (r !~ /^[0-9.]+$/ || w !~ /^[0-9.]+$/ || w <= 0)
		exit
	printf "# target report/waits time < 3: %.2f, %s\n", r / w, r / w < 3 ? "met" : "NOT met"
}' "$tmp/rows"
