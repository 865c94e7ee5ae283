#!/bin/sh
# bench/instructions.sh EVENTS.csv: with BENCH_BASE (make bench BENCH_BASE=REV), the
# instructions each keten command executes on the first 300,000 events of the bench file,
# this build against REV's, counted by valgrind's callgrind.  Instruction counts do not
# change with the load of the machine, so they tell a few per cent apart where wall times
# on a shared machine cannot.  Prints notes only: a line per command with both counts in
# millions and their ratio (above 1.05: this build does more than 5% more work).
set -u
ev=${1:?usage: bench/instructions.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$top/$1" ;; esac; }
bin=$(abs "${KETEN_BIN:-bin}")
if [ -z "${BENCH_BASE_BIN:-}" ]; then
	echo "# instructions: only with BENCH_BASE=REV (make bench BENCH_BASE=REV)"
	exit 0
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "# instructions: valgrind is not installed (Debian package valgrind)"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
head -n 300001 "$ev" >"$tmp/ev.csv"
"$bin/keten-gen" --kind codes --interviews 3000 --seed 3 >"$tmp/codes.csv"

# count DIR PROG ARG...: the instructions of one run of DIR/PROG.
count() {
	d=$1
	shift
	p=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$d/$p" "$@" 2>&1 >/dev/null |
		sed -n 's/.*Collected : //p'
}

# task NAME PROG ARG...: both builds on the same arguments.
task() {
	name=$1
	shift
	n=$(count "$bin" "$@")
	b=$(count "$BENCH_BASE_BIN" "$@")
	awk -v t="$name" -v n="$n" -v b="$b" 'BEGIN {
		if (n == "" || b == "") { printf "# %-18s failed\n", t; exit }
		flag = (n / b > 1.05) ? "  MORE THAN 5% MORE" : ""
		printf "# %-18s %9.1f M  base %9.1f M  ratio %.3f%s\n", t, n / 1e6, b / 1e6, n / b, flag
	}'
}

echo "# instructions on the first 300,000 events (this build, base, this / base):"
task import keten-import "$tmp/ev.csv"
task filter-row keten-filter -e 'chain = zakelijk' "$tmp/ev.csv"
task filter-case keten-filter --case-has doorverwijzing "$tmp/ev.csv"
task waits keten-waits --by city "$tmp/ev.csv"
task flow keten-flow --by city "$tmp/ev.csv"
task bottleneck keten-bottleneck --by city "$tmp/ev.csv"
task klantreis keten-klantreis -f csv "$tmp/ev.csv"
task render keten-render "$tmp/ev.csv"
task codes-freq keten-codes freq "$tmp/codes.csv"
task gen keten-gen --cases 50000 --seed 1
