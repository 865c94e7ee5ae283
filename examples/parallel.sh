#!/bin/sh
# Pooling without sharing people: keten waits run in parts with GNU parallel and added up
# by keten merge (keten(1), Running in parts; keten-merge(1)).
#
# Usage: sh examples/parallel.sh [OUTDIR]   (default build/parallel)
#
# 1. The shards of one file on every core: keten filter --shard I/N splits
#    examples/events.csv by a hash of the case id, so every case is whole in one shard;
#    each shard's partial is written in parallel and keten merge gives the table of the
#    whole file, byte for byte.
# 2. Many municipalities' exports: each city of examples/events.csv stands for the export
#    of one municipality, analysed where it lives; only the partials travel, and the
#    merge is what a region publishes (with --min-n).
# 3. Over hosts by ssh (parallel -S), written down only:
#
#        seq 8 | parallel -S 4/host1,4/host2 --return part-{}.csv \
#            "keten filter --shard {}/8 /data/events.csv |
#             keten waits --partial >part-{}.csv"
#        keten merge part-*.csv
#
# Needs GNU parallel (Debian: apt-get install parallel).  Partials hold exact small counts:
# they are for the exchange between analysts, not for publication.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
PATH="$bin:$PATH"
export PATH
ex=$top/examples/events.csv
out=${1:-$top/build/parallel}
mkdir -p "$out"
if ! command -v parallel >/dev/null 2>&1; then
	echo "parallel.sh: GNU parallel is missing (apt-get install parallel)" >&2
	exit 1
fi
n=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
opts="--norms --by city"

# 1. The shards on every core.  The shards are written, then each partial.
seq "$n" | parallel --will-cite "keten filter --shard {}/$n '$ex' >'$out/shard-{}.csv'"
# shellcheck disable=SC2086 # opts are words
seq "$n" | parallel --will-cite "keten waits $opts --partial '$out/shard-{}.csv' >'$out/shard-{}.part'"
keten merge --min-n 10 "$out"/shard-*.part >"$out/merged-shards.csv"
# shellcheck disable=SC2086
keten waits $opts --min-n 10 "$ex" >"$out/whole.csv"
if cmp -s "$out/whole.csv" "$out/merged-shards.csv"; then
	echo "1. $n shards merged: the same bytes as keten waits on the whole file"
else
	echo "1. $n shards merged: NOT the same as the whole file" >&2
	exit 1
fi

# 2. The municipalities: each one's export analysed on its own, the partials pooled.
for c in Amsterdam 'Den Haag' Groningen Leeuwarden; do
	keten filter -e "city == '$c'" "$ex" >"$out/export-$c.csv"
done
parallel --will-cite "keten waits $opts --partial {} >{.}.part" ::: "$out"/export-*.csv
keten merge --min-n 10 "$out"/export-*.part >"$out/merged-cities.csv"
if cmp -s "$out/whole.csv" "$out/merged-cities.csv"; then
	echo "2. four municipalities merged: the same bytes as keten waits on their union"
else
	echo "2. four municipalities merged: NOT the same as their union" >&2
	exit 1
fi
keten render "$out/merged-cities.csv"
