#!/bin/sh
# bench/filter.sh EVENTS.csv: keten filter beside Miller on a row filter (chain=zakelijk)
# and a case filter (--case-has doorverwijzing).  Prints "name<TAB>seconds<TAB>peak_kib"
# per run, measured with /usr/bin/time -f '%e %M'; the outputs of keten and Miller are
# compared, and a difference is reported on stderr.
#
# Miller has no case filter; its nearest equivalent takes two runs: one lists the cases
# that have the stage, and a join keeps the events of those cases in input order.
# KETEN_BIN names the directory of the keten programs (default: bin).
set -u
ev=${1:?usage: bench/filter.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-$top/bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# measure NAME OUTPUT CMD...: runs CMD with stdout to OUTPUT and prints one result line.
measure() {
	name=$1
	out=$2
	shift 2
	if ! /usr/bin/time -o "$tmp/time" -f '%e %M' "$@" >"$out"; then
		echo "bench/filter.sh: $name failed" >&2
		return 1
	fi
	read -r sec kib <"$tmp/time"
	printf '%s\t%s\t%s\n' "$name" "$sec" "$kib"
}

same() {
	cmp -s "$1" "$2" || echo "bench/filter.sh: $3: keten and Miller disagree" >&2
}

measure "filter-row keten" "$tmp/k1" "$bin/keten-filter" -e chain=zakelijk "$ev"
if command -v mlr >/dev/null 2>&1; then
	measure "filter-row mlr" "$tmp/m1" mlr --icsv --ocsv filter '$chain == "zakelijk"' "$ev"
	same "$tmp/k1" "$tmp/m1" filter-row
fi
rm -f "$tmp/k1" "$tmp/m1"

measure "filter-case keten" "$tmp/k2" "$bin/keten-filter" --case-has doorverwijzing "$ev"
if command -v mlr >/dev/null 2>&1; then
	measure "filter-case mlr" "$tmp/m2" sh -c '
		mlr --icsv --ocsv filter '\''$stage == "doorverwijzing"'\'' then cut -f case \
		  then uniq -g case "$1" >"$2" &&
		mlr --icsv --ocsv join -j case -f "$2" "$1"' sh "$ev" "$tmp/ids"
	same "$tmp/k2" "$tmp/m2" filter-case
fi
