# Sourced by the cases of keten merge: each compares the bytes of a command run on the
# whole with those of keten merge over its --partial results on the parts.  Files go in
# the case's work/ (tests/.gitignore lists merge/*/work/).
mkdir -p work

# same CMD OPTS WHOLE PART ...: `keten CMD OPTS` on WHOLE against keten merge of the
# partials of `keten CMD OPTS --partial` on each PART; says "same" with the lines of the
# output, or "DIFFERENT" with the first difference.
same() {
	cmd=$1 opts=$2 whole=$3
	shift 3
	# shellcheck disable=SC2086 # the options are words
	keten $cmd $opts "$whole" >work/whole.out 2>/dev/null || echo "failed: keten $cmd $opts"
	i=0
	for p; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		keten $cmd $opts --partial "$p" >"work/part-$i.csv" 2>/dev/null ||
			echo "failed: keten $cmd $opts --partial $p"
	done
	keten merge work/part-*.csv >work/merged.out || echo "failed: keten merge"
	if [ -s work/whole.out ] && cmp -s work/whole.out work/merged.out; then
		echo "same: $cmd $opts, $# parts, $(wc -l <work/whole.out) lines"
	else
		echo "DIFFERENT: $cmd $opts, $# parts"
		diff work/whole.out work/merged.out | head -5
	fi
	rm -f work/part-*.csv
}

# shards FILE N: the shards 1/N .. N/N of FILE as work/shard-N-I.csv.
shards() {
	i=1
	while [ "$i" -le "$2" ]; do
		keten filter --shard "$i/$2" "$1" >"work/shard-$2-$i.csv"
		i=$((i + 1))
	done
}

# cities FILE: the events of each of the four cities of keten gen as work/city-NAME.csv.
cities() {
	for c in Amsterdam 'Den Haag' Groningen Leeuwarden; do
		keten filter -e "city == '$c'" "$1" >"work/city-$c.csv"
	done
}
