#!/bin/sh
# bench/codes.sh [EVENTS.csv]: keten codes freq and keten agree on a million coded
# segments, beside GNU datamash, Miller and pandas doing the same count.  Prints
# "name<TAB>seconds<TAB>peak_kib" per run, measured with /usr/bin/time -f '%e %M', and on
# stderr how many times keten's time each peer takes.  The results of the peers are
# compared with keten's, and a difference is reported on stderr.
#
# The segments come from keten gen --kind codes (66,000 interviews, a fifth of them coded
# twice, seed 1: about 998,000 rows, 130 MB), so the run is the same every time; the
# events file that bench/run passes is not used.  datamash cannot read quoted CSV
# fields, and the quotes hold commas, so it gets the file without its last column,
# quote, and keten is timed on that file too.  The agreement peer is pandas computing
# Cohen's kappa per code over the segments of the interviews both coders coded.
# KETEN_BIN names the directory of the keten programs (default: bin).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-$top/bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
py=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keten-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# measure NAME OUTPUT CMD...: bench/measure, once, with stdout to OUTPUT; prints its result
# line (and the line of the base build, if any) and keeps the seconds in $tmp/NAME.s for
# the ratios.
measure() {
	name=$1
	out=$2
	shift 2
	lines=$(sh "${BENCH_MEASURE:-$top/bench/measure}" -o "$out" "$name" "$@") || {
		echo "bench/codes.sh: $name failed" >&2
		return 1
	}
	printf '%s\n' "$lines" | head -n 1 | cut -f 2 >"$tmp/$(echo "$name" | tr ' /' '__').s"
	printf '%s\n' "$lines"
}

# ratio WHAT KETEN-NAME PEER-NAME...: the peers' times over keten's, on stderr.
ratio() {
	what=$1
	k=$(cat "$tmp/$(echo "$2" | tr ' /' '__').s" 2>/dev/null) || return 0
	shift 2
	line=
	for p in "$@"; do
		f="$tmp/$(echo "$p" | tr ' /' '__').s"
		[ -f "$f" ] || continue
		line="$line $(awk -v k="$k" -v p="$(cat "$f")" -v n="${p##* }" \
			'BEGIN { printf "%s %.1f,", n, (k > 0 ? p / k : 0) }')"
	done
	[ -n "$line" ] && echo "bench/codes.sh: $what: seconds of the peer / seconds of keten:${line%,}" >&2
	return 0
}

# The counts of a freq result as sorted "code,segments,interviews" lines.
counts() {
	tail -n +2 "$1" | cut -d, -f1-3 | sort
}

same() {
	if ! cmp -s "$1" "$2"; then
		echo "bench/codes.sh: $3: keten and the peer disagree" >&2
	fi
}

codes=$tmp/codes.csv
"$bin/keten-gen" --kind codes --interviews 66000 --double-coded 20 --seed 1 -o "$codes" || {
	echo "bench/codes.sh: keten gen --kind codes failed" >&2
	exit 1
}
cut -d, -f1-10 "$codes" >"$tmp/noquote.csv"

measure "codes-freq keten" "$tmp/k1" "$bin/keten-codes" freq "$codes"
counts "$tmp/k1" >"$tmp/k1.n"
if command -v mlr >/dev/null 2>&1; then
	measure "codes-freq mlr" "$tmp/m1" mlr --icsv --ocsv \
		stats1 -a count,distinct_count -f interview -g code "$codes"
	counts "$tmp/m1" >"$tmp/m1.n"
	same "$tmp/k1.n" "$tmp/m1.n" "codes-freq mlr"
fi
if "$py" -c 'import pandas' 2>/dev/null; then
	measure "codes-freq pandas" "$tmp/p1" "$py" -c '
import sys
import pandas as pd
d = pd.read_csv(sys.argv[1], usecols=["interview", "code"], dtype=str,
                keep_default_na=False)
s = d.groupby("code").agg(segments=("interview", "size"),
                          interviews=("interview", "nunique"))
s.to_csv(sys.stdout)' "$codes"
	counts "$tmp/p1" >"$tmp/p1.n"
	same "$tmp/k1.n" "$tmp/p1.n" "codes-freq pandas"
fi
measure "codes-freq-noquote keten" "$tmp/k2" "$bin/keten-codes" freq "$tmp/noquote.csv"
if command -v datamash >/dev/null 2>&1; then
	measure "codes-freq-noquote datamash" "$tmp/d2" sh -c \
		'datamash -t, -H -s -g 2 count 1 countunique 1 <"$1"' sh "$tmp/noquote.csv"
	counts "$tmp/k2" >"$tmp/k2.n"
	counts "$tmp/d2" >"$tmp/d2.n"
	same "$tmp/k2.n" "$tmp/d2.n" "codes-freq datamash"
fi
ratio codes-freq "codes-freq keten" "codes-freq mlr" "codes-freq pandas"
ratio codes-freq-noquote "codes-freq-noquote keten" "codes-freq-noquote datamash"

measure "codes-agree keten" "$tmp/k3" "$bin/keten-agree" --per segment "$codes"
if "$py" -c 'import pandas' 2>/dev/null; then
	measure "codes-agree pandas" "$tmp/p3" "$py" -c '
import sys
import pandas as pd
d = pd.read_csv(sys.argv[1], usecols=["interview", "segment", "coder", "code"],
                dtype=str, keep_default_na=False)
coders = sorted(d.coder.unique())
both = d.groupby("interview").coder.nunique()
d = d[d.interview.isin(both[both == 2].index)]
n = len(d[["interview", "segment"]].drop_duplicates())
p = (d[d.code != ""].drop_duplicates(["interview", "segment", "coder", "code"])
     .assign(v=1)
     .pivot_table(index=["code", "interview", "segment"], columns="coder",
                  values="v", fill_value=0))
a, b = p[coders[0]], p[coders[1]]
g = pd.DataFrame({"a": (a & b), "b": (a & ~b.astype(bool)), "c": (~a.astype(bool) & b)})
g = g.astype(int).groupby(level="code").sum()
print("code,cohen_kappa")
for code, r in g.iterrows():
    dd = n - r.a - r.b - r.c
    po = (r.a + dd) / n
    pe = ((r.a + r.b) * (r.a + r.c) + (r.c + dd) * (r.b + dd)) / n / n
    print("%s,%.3f" % (code, (po - pe) / (1 - pe)))' "$codes"
	tail -n +2 "$tmp/k3" | grep -v '^(all)' | cut -d, -f1,7 | sort >"$tmp/k3.n"
	tail -n +2 "$tmp/p3" | sort >"$tmp/p3.n"
	same "$tmp/k3.n" "$tmp/p3.n" "codes-agree pandas (cohen's kappa)"
fi
ratio codes-agree "codes-agree keten" "codes-agree pandas"
