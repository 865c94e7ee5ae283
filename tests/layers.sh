#!/bin/sh
# layers.sh: checks the include graph of lib/ against the layer order of HACKING.md
# ("Layers").  Each `#include "..."` of lib/*.c and lib/*.h must stay within the layer of
# its file or follow one of the arrows listed below, and the modules (a .c and its .h
# are one module) must not include each other in a cycle.  Prints each include that
# breaks the order and each cycle, one a line, and exits 1 when there is any; prints
# "ok" and exits 0 when there is none.
#
# Usage: sh tests/layers.sh [LIBDIR]     (LIBDIR defaults to the lib/ beside tests/)
#
# A new module of lib/: add its name to the layer it belongs to in layer_of below, and
# to the same layer in the picture of HACKING.md.  A new layer: a line in layer_of, its
# arrows in ALLOWED (and any arrow it must never have in NEVER), and the picture.
set -u
LC_ALL=C
export LC_ALL

lib=${1:-$(dirname "$0")/../lib}
if [ ! -d "$lib" ]; then
	echo "layers.sh: not a directory: $lib" >&2
	exit 2
fi

# The layer of each module, kept in step with HACKING.md ("Layers").
layer_of() {
	case $1 in
	diag | i18n | progress | sha256 | sort) echo Base ;;
	date) echo Calendar ;;
	csvio | convert | rowstore | source) echo Input ;;
	holidays) echo Holidays ;;
	events | model | strtab | expr | period | opt | casesel) echo Data ;;
	import | xes) echo Import ;;
	waits | dwell | journey | codes | agree | stats | bottleneck | trend | suppress | simulate | partial | \
	    monthly)
		echo Analysis ;;
	render | svg) echo Report ;;
	journey_draw | report_view | flow_draw) echo View ;;
	*) echo - ;;
	esac
}

# The arrows a module may follow out of its own layer, FROM>TO: the "arrows" of the
# layer picture (house.json), with the Base, Holidays and Import arrows of HACKING.md.
ALLOWED='
Calendar>Base
Input>Calendar Input>Base
Holidays>Input Holidays>Calendar Holidays>Base
Data>Holidays Data>Input Data>Calendar Data>Base
Import>Data Import>Input Import>Calendar Import>Base
Analysis>Data Analysis>Input Analysis>Calendar Analysis>Base
Report>Input Report>Base
View>Analysis View>Report View>Data View>Input View>Calendar View>Base
'

# The arrows that must never exist, FROM>TO:why (the "never" list of the picture).  Any
# other arrow that ALLOWED does not list is refused as well, with a plainer message.
NEVER='
Report>Analysis:presentation computes nothing
Calendar>Input:days do not read files: the holidays module does
Input>Analysis:reading knows no statistics
Base>Input:the base stands alone
Analysis>Report:a statistic knows no page: drawing lives with render
Analysis>View:a statistic knows no page: drawing lives with render
Report>View:render draws tables, not the answers of one analysis
'

allowed=" $(printf '%s' "$ALLOWED" | tr '\n' ' ') "

# The reason NEVER gives for the arrow $1, or nothing.
never_why() {
	printf '%s\n' "$NEVER" | sed -n "s/^$1://p"
}

findings=
edges=
add() {
	findings="$findings$1
"
}

for f in "$lib"/*.c "$lib"/*.h; do
	[ -f "$f" ] || continue
	file=${f##*/}
	mod=${file%.*}
	from=$(layer_of "$mod")
	if [ "$from" = - ]; then
		add "$file: module '$mod' has no layer: add it to layer_of in tests/layers.sh and to HACKING.md"
		continue
	fi
	incs=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
	for inc in $incs; do
		tmod=${inc##*/}
		tmod=${tmod%.h}
		[ "$tmod" = "$mod" ] && continue
		to=$(layer_of "$tmod")
		edges="$edges$mod $tmod
"
		if [ "$to" = - ]; then
			add "$file: includes $inc, a module with no layer"
		elif [ "$from" != "$to" ]; then
			case $allowed in
			*" $from>$to "*) ;;
			*)
				why=$(never_why "$from>$to")
				add "$file: includes $inc: $from -> $to: ${why:-not an arrow of the layer order}"
				;;
			esac
		fi
	done
done

# Cycles of the module graph: for each module, in name order, the shortest path back to
# it through modules that sort after it, so that each cycle is named once, from its
# first module.
cycles=$(printf '%s' "$edges" | sort -u | awk '
	NF == 2 {
		succ[$1] = succ[$1] " " $2
		if (!($1 in seen)) { seen[$1] = 1; node[n++] = $1 }
	}
	END {
		for (i = 0; i < n; i++) {
			s = node[i]
			split("", prev)
			head = 0; tail = 0; found = 0
			q[tail++] = s
			while (head < tail && !found) {
				u = q[head++]
				k = split(succ[u], v, " ")
				for (j = 1; j <= k && !found; j++) {
					w = v[j]
					if (w < s)
						continue
					if (w == s) {
						found = 1
						last = u
					} else if (!(w in prev)) {
						prev[w] = u
						q[tail++] = w
					}
				}
			}
			if (!found)
				continue
			path = s
			for (u = last; u != s; u = prev[u])
				path = u " -> " path
			print "cycle: " s " -> " path
		}
	}')

out=$(printf '%s' "$findings" | sort)
[ -n "$cycles" ] && out="$out${out:+
}$cycles"
if [ -n "$out" ]; then
	printf '%s\n' "$out"
	exit 1
fi
echo ok
