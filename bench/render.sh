#!/bin/sh
# bench/render.sh EVENTS.csv: keten render beside Miller and column(1) on aligned text,
# Markdown and CSV.  Prints "name<TAB>seconds<TAB>peak_kib" per run, measured with
# /usr/bin/time -f '%e %M'.  The Markdown of keten and Miller must have the same number
# of lines; a difference is reported on stderr.
#
# Aligned text holds every row (its widths need them all); Markdown and CSV stream.
# Miller's --opprint also holds every row; column -t -s, does not understand CSV quoting
# and is only a yardstick of speed.  KETEN_BIN names the directory of the keten programs
# (default: bin).
set -u
ev=${1:?usage: bench/render.sh EVENTS.csv}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-$top/bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# measure NAME OUTPUT CMD...: bench/measure, once, with stdout to OUTPUT.
measure() {
	name=$1
	out=$2
	shift 2
	sh "${BENCH_MEASURE:-$top/bench/measure}" -o "$out" "$name" "$@" || {
		echo "bench/render.sh: $name failed" >&2
		return 1
	}
}

have() {
	command -v "$1" >/dev/null 2>&1
}

measure "render-text keten" /dev/null "$bin/keten-render" "$ev"
have mlr && measure "render-text mlr" /dev/null mlr --icsv --opprint cat "$ev"
have column && measure "render-text column" /dev/null column -t -s, "$ev"

measure "render-md keten" "$tmp/k" "$bin/keten-render" --format md "$ev"
if have mlr; then
	measure "render-md mlr" "$tmp/m" mlr --icsv --omd cat "$ev"
	[ "$(wc -l <"$tmp/k")" = "$(wc -l <"$tmp/m")" ] ||
		echo "bench/render.sh: render-md: keten and Miller differ in lines" >&2
fi
rm -f "$tmp/k" "$tmp/m"

measure "render-csv keten" /dev/null "$bin/keten-render" --format csv "$ev"
have mlr && measure "render-csv mlr" /dev/null mlr --csv cat "$ev"
exit 0
