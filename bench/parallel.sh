#!/bin/sh
# bench/parallel.sh EVENTS.csv: keten waits (and keten flow, once it writes partials) run
# side by side with GNU parallel on N shards of the file (N = the number of cores), each
# with --partial, then keten merge of the partials, against the single run on the whole
# file with one thread (keten-merge(1); keten(1), Running in parts).
#
# The shards are made beforehand with keten filter --shard I/N and are not timed: they
# stand for the files of many owners, or for a file split once and analysed often.  The
# timed parallel run is `parallel keten waits --partial ::: shards` followed by keten
# merge, as the recipe of keten(1) has it.
#
# Check, outside the timing: the merge's bytes equal the single run's (cmp).  Then, as
# comment lines, the parts of the parallel run that a busy machine does not blur: the size
# of each partial and the CPU time (user + system) of one shard's partial and of keten
# merge alone, which runs after the slowest shard (keten-merge(1)).
#
# Target (issue "Pooling without sharing people"): on a machine of two cores the
# parallel waits over the shards of the 10-million-event file is at least 1.6 times as
# fast as the single run.
#
# Run by bench/run, which sets KETEN_BIN, BENCH_MEASURE and BENCH_RUNS; it also runs
# alone: sh bench/parallel.sh EVENTS.csv.  It needs GNU parallel (Debian's parallel);
# without it the rows are left out with a note.
set -u
LC_ALL=C
export LC_ALL
# One thread for every keten process: the shards run side by side, one to a core, and
# the single run is the one-thread run they are measured against.  A single run with
# the default number of threads uses the cores itself: that is the waits row of
# bench/waits.sh.
KETEN_THREADS=1
export KETEN_THREADS
ev=${1:?usage: bench/parallel.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$top/$1" ;; esac; }
bin=$(abs "${KETEN_BIN:-bin}")
measure=$(abs "${BENCH_MEASURE:-bench/measure}")
runs=${BENCH_RUNS:-3}
if ! command -v parallel >/dev/null 2>&1; then
	echo "# parallel: GNU parallel is missing (apt-get install parallel): rows left out"
	exit 0
fi
ev=$(abs "$ev")
n=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# The shards, not timed.
i=1
while [ "$i" -le "$n" ]; do
	"$bin/keten-filter" --shard "$i/$n" "$ev" >"$tmp/shard-$i.csv" || exit 1
	i=$((i + 1))
done

# The parallel run of one command: its partials on every core, then the merge.
for c in waits flow; do
	cat >"$tmp/$c.sh" <<SCRIPT
parallel --will-cite -j $n '"$bin/keten-$c" --by city --partial {} >{.}.$c-part' ::: "$tmp"/shard-*.csv &&
	"$bin/keten-merge" "$tmp"/shard-*.$c-part
SCRIPT
done

# cpu CMD ...: runs CMD and sets took to its user + system CPU seconds (GNU time), or
# fails when /usr/bin/time is missing.
cpu() {
	[ -x /usr/bin/time ] || return 1
	/usr/bin/time -f '%U %S' -o "$tmp/cpu" "$@" || return 1
	took=$(awk '{ printf "%.2f", $1 + $2 }' "$tmp/cpu")
}

failed=0
for c in waits flow; do
	if ! "$bin/keten-$c" --by city --partial "$tmp/shard-1.csv" >/dev/null 2>&1; then
		echo "# $c: no --partial yet, left out"
		continue
	fi
	one=$(sh "$measure" -r "$runs" -o "$tmp/$c.single" "$c-parallel keten" \
		"$bin/keten-$c" --by city "$ev") || failed=1
	par=$(sh "$measure" -r "$runs" -o "$tmp/$c.merged" "$c-parallel keten-parallel-$n" \
		sh "$tmp/$c.sh") || failed=1
	printf '%s\n%s\n' "$one" "$par"
	printf '%s\n%s\n' "$one" "$par" | awk -F '\t' -v c="$c" -v n="$n" '
	NR == 1 { one = $2 } NR == 2 { par = $2 }
	END {
		if (one !~ /^[0-9.]+$/ || par !~ /^[0-9.]+$/ || par <= 0)
			exit
		r = one / par
		printf "# %s: %d shards with GNU parallel and keten merge: %.2f times as fast as one run", c, n, r
		if (c == "waits" && n == 2)
			printf " (target >= 1.6: %s)", (r >= 1.6 ? "met" : "NOT met")
		printf "\n"
	}'
	cpu "$bin/keten-$c" --by city --partial "$tmp/shard-1.csv" >/dev/null &&
		echo "# $c: one shard's partial: $took s CPU"
	for p in "$tmp"/shard-*."$c-part"; do
		echo "# $c: partial $(basename "$p"): $(wc -c <"$p") bytes, $(wc -l <"$p") lines"
	done
	cpu "$bin/keten-merge" "$tmp"/shard-*."$c-part" >/dev/null &&
		echo "# $c: keten merge of the $n partials: $took s CPU"
	if cmp -s "$tmp/$c.single" "$tmp/$c.merged"; then
		echo "# $c: the merge of $n shards equals the single run ($(wc -l <"$tmp/$c.single") lines)"
	else
		echo "# CHECK FAILED: keten merge of the $c partials differs from the single run"
		failed=1
	fi
done
exit "$failed"
