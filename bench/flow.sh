#!/bin/sh
# bench/flow.sh EVENTS.csv: keten flow --by city and keten bottleneck --by city beside
# keten waits --by city on the same file (the yardstick: each within twice its time), and
# beside the same counts and quantiles computed with pandas (bench/peers/flow.py).
#
# keten waits, flow and bottleneck all load the events the same way (lib/events.c), then
# follow every case once: waits measures each transition, flow and bottleneck each stay
# (a run of events at one stage) and where it went.  The pandas peer sorts, collapses the
# runs, finds each stay's next boundary with numpy and groups; it leaves out what keten
# adds to bottleneck (the waits over a norm, shares, ranks) and reads only the four
# columns it needs.
#
# Check, outside the timing: keten's columns city, from, to, cases, share_of_from,
# median_wait, p90_wait (flow) and city, stage, entered, left, dropped, wip, median_dwell,
# p90_dwell, dwell_days (bottleneck) must be the same bytes as pandas', rows sorted.
#
# Checked once on the first 200,000 lines of keten gen --cases 2500000 --seed 1: the
# peer's flow and bottleneck tables were the same bytes as keten's, and both equal the
# plain-Python reference of tests/flow/pandas-reference on that file.
#
# Run by bench/run, which sets KETEN_BIN, BENCH_MEASURE, BENCH_RUNS and PY; it also runs
# alone: sh bench/flow.sh EVENTS.csv.
set -u
LC_ALL=C
export LC_ALL
ev=${1:?usage: bench/flow.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$top/$1" ;; esac; }
bin=$(abs "${KETEN_BIN:-bin}")
measure=$(abs "${BENCH_MEASURE:-bench/measure}")
runs=${BENCH_RUNS:-3}
py=${PY:-/usr/bin/python3}
peers=$top/bench/peers
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
: >"$tmp/rows"
: >"$tmp/cpu"

# run NAME OUT [-r RUNS] CMD...: one measurement by bench/measure, its line kept in
# $tmp/rows and printed; the user+sys CPU seconds of the best run go to $tmp/cpu, because wall times
# on a busy machine say little.
run() {
	name=$1
	out=$2
	shift 2
	r=1
	if [ "$1" = -r ]; then
		r=$2
		shift 2
	fi
	key=$(printf '%s' "$name" | tr ' ' '_')
	line=$(sh "$measure" -r "$r" -o "$out" "$name" \
		/usr/bin/time -a -o "$tmp/cpu.$key" -f '%U %S' "$@")
	st=$?
	printf '%s\n' "$line" >>"$tmp/rows"
	# The yardstick's line is printed under each task instead (below).
	[ "$name" = "waits keten" ] || printf '%s\n' "$line"
	[ "$st" = 0 ] || return 1
	awk -v t="$name" '
	NF == 2 && $1 ~ /^[0-9.]+$/ { c = $1 + $2; if (best == "" || c < best) best = c }
	END { if (best != "") printf "%s\t%.1f\n", t, best }' "$tmp/cpu.$key" >>"$tmp/cpu"
}

failed=0
run "flow keten" "$tmp/flow.csv" -r "$runs" "$bin/keten-flow" --by city "$ev" || failed=1
# The yardstick: the same line under both tasks, measured once.
if run "waits keten" /dev/null -r "$runs" "$bin/keten-waits" --by city "$ev"; then
	w=$(tail -n 1 "$tmp/rows")
	printf 'flow keten-waits\t%s\n' "${w#*	}"
	printf 'bottleneck keten-waits\t%s\n' "${w#*	}"
else
	failed=1
fi
if "$py" -c 'import pandas' >/dev/null 2>&1; then
	run "flow pandas" "$tmp/flow-pandas.csv" "$py" "$peers/flow.py" flow "$ev" ||
		rm -f "$tmp/flow-pandas.csv"
fi
run "bottleneck keten" "$tmp/bottleneck.csv" -r "$runs" "$bin/keten-bottleneck" --by city "$ev" ||
	failed=1
if "$py" -c 'import pandas' >/dev/null 2>&1; then
	run "bottleneck pandas" "$tmp/bottleneck-pandas.csv" "$py" "$peers/flow.py" bottleneck "$ev" ||
		rm -f "$tmp/bottleneck-pandas.csv"
fi

# The check, outside the timing.
if [ -f "$tmp/flow-pandas.csv" ] && [ -f "$tmp/flow.csv" ]; then
	cut -d, -f1-7 "$tmp/flow.csv" | sort >"$tmp/a"
	sort "$tmp/flow-pandas.csv" >"$tmp/b"
	if cmp -s "$tmp/a" "$tmp/b"; then
		echo "# flow: keten's moves equal pandas' ($(($(wc -l <"$tmp/a") - 1)) rows)"
	else
		diff "$tmp/a" "$tmp/b" | head -n 6 >&2
		echo "# CHECK FAILED: keten flow and pandas disagree (see stderr)"
		failed=1
	fi
fi
if [ -f "$tmp/bottleneck-pandas.csv" ] && [ -f "$tmp/bottleneck.csv" ]; then
	cut -d, -f1-9 "$tmp/bottleneck.csv" | sort >"$tmp/a"
	sort "$tmp/bottleneck-pandas.csv" >"$tmp/b"
	if cmp -s "$tmp/a" "$tmp/b"; then
		echo "# bottleneck: keten's stays equal pandas' ($(($(wc -l <"$tmp/a") - 1)) rows)"
	else
		diff "$tmp/a" "$tmp/b" | head -n 6 >&2
		echo "# CHECK FAILED: keten bottleneck and pandas disagree (see stderr)"
		failed=1
	fi
fi

# The targets: each command within twice the time of keten waits.
awk -F '\t' '
FNR == NR && NF == 3 { t[$1] = $2; next }
NF == 2 { cpu = cpu sep $1 " " $2; sep = ", " }
function ok(c) { return c ? "met" : "NOT met" }
END {
	printf "# cpu s (user+sys, best run): %s\n", cpu
	w = t["waits keten"]
	if (w !~ /^[0-9.]+$/ || w <= 0)
		exit
	split("flow bottleneck", cmd, " ")
	for (i = 1; i <= 2; i++) {
		k = t[cmd[i] " keten"]
		if (k ~ /^[0-9.]+$/)
			printf "# target keten %s time <= 2 x keten waits: %.2f x, %s\n", cmd[i], k / w, ok(k / w <= 2)
	}
}' "$tmp/rows" "$tmp/cpu"
exit "$failed"
