#!/bin/sh
# bench/gen.sh EVENTS.csv: keten gen writing the 10-million-event file (2,500,000 cases,
# seed 1), in order and with --shuffle, beside cat copying the same bytes from the page
# cache as a yardstick of the write speed alone.  Target: well under a minute.  Outside
# the timing it checks that a fresh run gives the same bytes as EVENTS.csv, when that file
# was made by keten gen with the same number of cases.
set -u
ev=${1:?usage: bench/gen.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-$top/bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
measure=${BENCH_MEASURE:-$top/bench/measure}
runs=${BENCH_RUNS:-3}
cases=${BENCH_CASES:-2500000}

sh "$measure" -r "$runs" "gen keten" "$bin/keten-gen" --cases "$cases" --seed 1
sh "$measure" -r "$runs" "gen cat" cat "$ev"
sh "$measure" "gen-shuffle keten" "$bin/keten-gen" --cases "$cases" --seed 1 --shuffle

want=$(cksum <"$ev")
got=$("$bin/keten-gen" --cases "$cases" --seed 1 | cksum)
if [ "$want" = "$got" ]; then
	echo "# a fresh run gives the same bytes as the events file ($got)"
else
	echo "# the events file differs from a fresh run (made by another keten gen or count?)"
fi
