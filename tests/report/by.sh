#!/bin/sh
# tests/report/by.sh NAME EVENTS MONTH TODAY K [BY]
#
# Every figure of the tables by group of `keten report --by BY` (keten-report(1), "By
# group"; BY defaults to city) against the output of the keten command that answers the
# same question with --by BY --period MONTH and --min-n K, and the column total against
# the same command without --by: the headline's new registrations against keten filter
# --cohort per group (--case-where), its cases in the chain against the started of
# keten klantreis, its waits against keten waits --norms, its referral share against the
# line of keten flow --on org_type, and their changes against the same with --period of
# the month before and of the same month a year earlier; the klantreis against keten klantreis -f csv; the Wgs
# norms against keten waits --norms; the median wait per month and its waits against
# pandas (by_trend.py: every case's waits bucketed by group and the month they ended);
# the share within norm of each month against keten
# waits --norms --period of that month; the bottlenecks against keten bottleneck
# --completed afgerond; the referral against the lines of keten flow --on org_type and the
# moves between informal and formal help against its table.  And
# the page with --by, its tables by group left out, is the page without --by, byte for
# byte.
#
# Nothing is computed or selected here: awk only takes the numbers out of the report's
# Markdown and the commands' CSV and lays them side by side (rounding the commands' two
# decimals to the report's one, writing waits' pct_over as the report's "% within norm",
# 100 - pct_over, and flow's share that never reached formal help as the headline's share
# that did), an empty cell of a command's row whose suppressed is 1 as the mark '.'.  A
# group the command has no row for is empty on the page.  Only two blanks rest on counts
# that no command writes, and awk applies their rule (keten(5), "Small cells"): the new
# registrations of 1 to K - 1, or beside 1 to K - 1 cases in the chain that came from
# before; and the waits of the month reported (and their median) where a row of their pair
# and group in keten waits --norms has its done waits blank.
#
# Prints "ok - NAME: SECTION" per section, or "not ok" with the lines that differ.
set -u
name=$1 ev=$2 month=$3 today=$4 k=$5 by=${6:-city}

keten report --month "$month" --today "$today" -f md --min-n "$k" --by "$by" "$ev" >by.md
keten report --month "$month" --today "$today" -f md --min-n "$k" "$ev" >whole.md

# The page without its tables by group: each begins with the sentence "By BY:" and ends
# at the blank line after its table.
awk -v by="By $by:" '
	index($0, by) == 1 { skip = 1; next }
	skip == 1 && /^\| / { skip = 2; next }
	skip == 2 && /^\| / { next }
	skip == 2 && /^$/ { skip = 0; next }
	skip == 1 { next }
	{ print }' by.md >stripped.md
if cmp -s stripped.md whole.md; then
	echo "ok - $name: the whole is the page without --by"
else
	echo "not ok - $name: the whole is the page without --by"
	diff stripped.md whole.md | sed 's/^/#   /' | head -n 20
fi

# The tables by group of the page, one line per cell: section, figure, group, value.
awk -v by="By $by:" '
	/^## / { sect = substr($0, 4); on = 0; next }
	index($0, by) == 1 { on = 1; head = 1; next }
	on && /^\| ---/ { next }
	on && /^\| / {
		n = split(substr($0, 2, length($0) - 2), c, "|")
		for (i = 1; i <= n; i++)
			gsub(/^ +| +$/, "", c[i])
		if (head) {
			for (i = 2; i <= n; i++)
				g[i] = c[i]
			head = 0
			next
		}
		for (i = 2; i <= n; i++)
			print sect "\t" c[1] "\t" g[i] "\t" c[i]
		next
	}
	on && /^$/ && !head { on = 0 }' by.md | sort >cells

# The rows of a command's CSV $1, the columns $2 as in report/equals.sh, the group (the
# column $by, or "total" when the CSV has none) first.
columns() {
	awk -F, -v cols="$2" -v by="$by" '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{
		n = split(cols, want, ",")
		line = (by in c) ? $c[by] : "total"
		for (i = 1; i <= n; i++) {
			col = want[i]
			one = sub(/:1$/, "", col)
			v = $c[col == "within" ? "pct_over" : col]
			if (v == "" && $c["suppressed"] == 1)
				v = "."
			else if (v != "" && col == "within")
				v = sprintf("%.1f", 100 - v)
			else if (v != "" && one)
				v = sprintf("%.1f", v)
			line = line "\t" v
		}
		print line
	}' "$1"
}

# The lines of keten flow --on org_type on stderr as group, cases, never, share, ended,
# open ("." each where the group's cases are suppressed).
flow_lines() {
	mo=$1
	shift
	keten flow --on org_type --period "$mo" --min-n "$k" "$@" 2>&1 >/dev/null | sed -n \
		-e 's/^keten-flow: \(.*\): of \([0-9.]*\) cases with informeel help, \([0-9.]*\) (\([0-9.]*\)%*) never reached formeel (\([0-9.]*\) ended, \([0-9.]*\) still open)$/\1\t\2\t\3\t\4\t\5\t\6/p' \
		-e 's/^keten-flow: of \([0-9.]*\) cases with informeel help, \([0-9.]*\) (\([0-9.]*\)%*) never reached formeel (\([0-9.]*\) ended, \([0-9.]*\) still open)$/total\t\1\t\2\t\3\t\4\t\5/p' \
		-e 's/^keten-flow: \(.*\): informeel to formeel: suppressed .*/\1\t.\t.\t.\t.\t./p' \
		-e 's/^keten-flow: informeel to formeel: suppressed .*/total\t.\t.\t.\t.\t./p'
}

# The cases kept by keten filter -s with the options given.
cases_kept() {
	keten filter -s "$@" 2>&1 >/dev/null | sed -n 's/.*cases kept \([0-9]*\)$/\1/p'
}

# The headline's figures of the month $1 as the commands give them with --period $1, with
# --by and without: figure, group, value.
head_known() {
	for opt in "--by $by" ""; do
		# shellcheck disable=SC2086 # $opt is an option and its value, or nothing
		keten waits --norms --period "$1" --min-n "$k" $opt "$ev" >hw.csv 2>/dev/null
		columns hw.csv from,to,norm,waiting,within,median:1 | awk -F '\t' -v u=days '{
			l = $2 " to " $3 ", " $4
			printf "still waiting: %s\t%s\t%s\n", l, $1, $5
			printf "%% within norm: %s\t%s\t%s\n", l, $1, $6
			printf "median wait (%s): %s\t%s\t%s\n", u, l, $1, $7 }'
		# shellcheck disable=SC2086 # $opt is an option and its value, or nothing
		keten klantreis -f csv --period "$1" --min-n "$k" $opt "$ev" >hj.csv 2>/dev/null
		columns hj.csv started | awk -F '\t' '!seen[$1]++ {
			printf "cases in the chain during the month\t%s\t%s\n", $1, $2 }'
		# shellcheck disable=SC2086 # $opt is an option and its value, or nothing
		# The new registrations: the cases whose first event falls in the month (keten
		# filter --cohort), of each group (--case-where) and in all, blanked where they
		# are 1 to K - 1 or the cases in the chain (--active) that came from before
		# are (keten(5), "Small cells", as Period and data blanks them); none in a
		# month that ended before the first date of the input.
		end=$(echo "$1" | awk -F- '{ d = 31; if ($2 == 4 || $2 == 6 || $2 == 9 || $2 == 11) d = 30
			if ($2 == 2) d = ($1 % 4 == 0 && ($1 % 100 != 0 || $1 % 400 == 0)) ? 29 : 28
			printf "%s-%02d\n", $0, d }')
		if [ "$(keten filter --count --to "$end" "$ev")" = 0 ]; then
			:
		elif [ -n "$opt" ]; then
			awk -F '\t' '$1 == "Headline" && $3 != "total" { print $3 }' cells | sort -u
		else
			echo total
		fi | while IFS= read -r g; do
			if [ "$g" = total ]; then
				printf '%s\t%s\t%s\n' "$g" "$(cases_kept --cohort "$1" "$ev")" \
					"$(cases_kept --active "$1" "$ev")"
			else
				w="$by = \"$g\""
				printf '%s\t%s\t%s\n' "$g" \
					"$(cases_kept --cohort "$1" --case-where "$w" "$ev")" \
					"$(cases_kept --active "$1" --case-where "$w" "$ev")"
			fi
		done | awk -F '\t' -v k="$k" '{
			r = $3 - $2
			v = ($2 > 0 && ($2 < k || (r > 0 && r < k))) ? "." : $2
			printf "new registrations (cases that started)\t%s\t%s\n", $1, v }'
		# shellcheck disable=SC2086 # $opt is an option and its value, or nothing
		flow_lines "$1" $opt "$ev" | awk -F '\t' '{
			printf "%% of cases with informal help that reached formal help\t%s\t%s\n", $1, $4 == "." ? "." : sprintf("%.1f", 100 - $4) }'
	done
}

# What the commands give, in the form of cells.
{
	head_known "$month" >h0
	sed 's/^/Headline\t/' h0
	# The changes from the month before and the same month a year earlier: the month's
	# figure less the other's, blank where either is, empty where either has none (as
	# report/equals.sh takes the headline's changes).
	for b in 1 12; do
		mo=$(echo "$month" | awk -F- -v b="$b" '{ ym = $1 * 12 + $2 - 1 - b; printf "%04d-%02d\n", int(ym / 12), ym % 12 + 1 }')
		head_known "$mo" >hb
		awk -F '\t' -v mo="$mo" 'function ch(a, b,   d, s) {
			if (a == "." || b == ".") return "."
			if (a == "" || b == "") return ""
			d = a - b
			s = index(a, ".") ? sprintf("%.1f", d) : sprintf("%d", d)
			if (s == "-0.0") s = "0.0"
			return (d > 0 && s != "0.0" && s != "0" ? "+" : "") s
		}
		FILENAME == ARGV[1] { v[$1 "\t" $2] = $3; next }
		{ key = $1 "\t" $2; printf "Headline\t%s: change from %s\t%s\t%s\n", $1, mo, $2, ch($3, (key in v) ? v[key] : "") }' hb h0
	done

	keten waits --norms --period "$month" --min-n "$k" --by "$by" "$ev" >w.csv 2>/dev/null
	keten waits --norms --period "$month" --min-n "$k" "$ev" >wt.csv 2>/dev/null
	for f in w.csv wt.csv; do
		columns "$f" from,to,norm,n,done,waiting,dropped,median:1,p90:1,over,within |
			awk -F '\t' -v u=days '{
			l = $2 " to " $3 ", " $4
			s = "Wgs norms\t" l ": "
			printf "%swaits\t%s\t%s\n%sdone\t%s\t%s\n%sstill waiting\t%s\t%s\n", s, $1, $5, s, $1, $6, s, $1, $7
			printf "%sdropped\t%s\t%s\n%smedian\t%s\t%s\n%sp90\t%s\t%s\n", s, $1, $8, s, $1, $9, s, $1, $10
			printf "%spast the norm\t%s\t%s\n%s%% within norm\t%s\t%s\n", s, $1, $11, s, $1, $12 }'
	done
	keten klantreis -f csv --period "$month" --min-n "$k" --by "$by" "$ev" >j.csv 2>/dev/null
	keten klantreis -f csv --period "$month" --min-n "$k" "$ev" >jt.csv 2>/dev/null
	for f in j.csv jt.csv; do
		columns "$f" label,started,reached,dropped,median_wait:1,pct_within | awk -F '\t' '{
			if (!seen[$1]++)
				printf "Klantreis\tcases\t%s\t%s\n", $1, $3
			printf "Klantreis\t%s: cases reached\t%s\t%s\n", $2, $1, $4
			printf "Klantreis\t%s: dropped out\t%s\t%s\n", $2, $1, $5
			printf "Klantreis\t%s: median time in phase\t%s\t%s\n", $2, $1, $6
			printf "Klantreis\t%s: %% within norm\t%s\t%s\n", $2, $1, $7 }'
	done
	keten bottleneck --completed afgerond --period "$month" --min-n "$k" --by "$by" "$ev" >b.csv 2>/dev/null
	keten bottleneck --completed afgerond --period "$month" --min-n "$k" "$ev" >bt.csv 2>/dev/null
	for f in b.csv bt.csv; do
		columns "$f" stage,entered,dropped,median_dwell:1,share,drop_rate | awk -F '\t' '{
			printf "Bottlenecks\t%s: entered\t%s\t%s\n", $2, $1, $3
			printf "Bottlenecks\t%s: dropped\t%s\t%s\n", $2, $1, $4
			printf "Bottlenecks\t%s: median dwell\t%s\t%s\n", $2, $1, $5
			printf "Bottlenecks\t%s: %% of case-days\t%s\t%s\n", $2, $1, $6
			printf "Bottlenecks\t%s: drop rate %%\t%s\t%s\n", $2, $1, $7 }'
	done
	{
		flow_lines "$month" --by "$by" "$ev"
		flow_lines "$month" "$ev"
	} | awk -F '\t' '{
		s = "Referral from informal to formal help\t"
		printf "%scases that had informal help\t%s\t%s\n", s, $1, $2
		printf "%sof which never reached formal help\t%s\t%s\n", s, $1, $3
		printf "%s%% never reached formal help\t%s\t%s\n", s, $1, $4
		printf "%sof those, ended\t%s\t%s\n", s, $1, $5
		printf "%sof those, still open\t%s\t%s\n", s, $1, $6 }'
	keten flow --on org_type --period "$month" --min-n "$k" --by "$by" "$ev" >f.csv 2>/dev/null
	keten flow --on org_type --period "$month" --min-n "$k" "$ev" >ft.csv 2>/dev/null
	for f in f.csv ft.csv; do
		columns "$f" from,to,cases,share_of_from,median_wait:1,p90_wait:1 | awk -F '\t' '{
			s = "Referral from informal to formal help\t" $2 " to " $3 ": "
			printf "%scases\t%s\t%s\n%s%% of from\t%s\t%s\n", s, $1, $4, s, $1, $5
			printf "%smedian wait\t%s\t%s\n%sp90 wait\t%s\t%s\n", s, $1, $6, s, $1, $7 }'
	done
	# The median wait per month from pandas (by_trend.py), with the count of the month
	# reported blanked, and its median with it, where the done waits of a row of its pair
	# and group in keten waits --norms are (monthly_trend, keten-report(1) "Trends").
	columns w.csv from,to,done >wd
	columns wt.csv from,to,done >>wd
	/usr/bin/python3 "$T/report/by_trend.py" "$ev" "$month" "$k" "$by" |
		awk -F '\t' -v OFS='\t' -v mo="$month" 'FILENAME == ARGV[1] {
			if ($4 == ".")
				forced[mo ", " $2 " to " $3 "\t" $1] = 1
			next
		}
		{
			f = $2
			sub(/: (waits|median)$/, "", f)
			if ((f "\t" $3) in forced)
				$4 = "."
			print
		}' wd -
	# The thirteen months up to the month, each with --period of its own.
	for b in 12 11 10 9 8 7 6 5 4 3 2 1 0; do
		mo=$(echo "$month" | awk -F- -v b="$b" '{ ym = $1 * 12 + $2 - 1 - b; printf "%04d-%02d\n", int(ym / 12), ym % 12 + 1 }')
		keten waits --norms --period "$mo" --min-n "$k" --by "$by" "$ev" >m.csv 2>/dev/null
		keten waits --norms --period "$mo" --min-n "$k" "$ev" >mt.csv 2>/dev/null
		for f in m.csv mt.csv; do
			columns "$f" from,to,norm,within | awk -F '\t' -v mo="$mo" '{
				printf "Share within norm per month\t%s, %s to %s (%s): %% within norm\t%s\t%s\n", mo, $2, $3, $4, $1, $5 }'
		done
	done
} >known

# Each cell of the page against what the commands give for its figure and group; empty
# where they give nothing.
awk -F '\t' 'FILENAME == ARGV[1] { v[$1 "\t" $2 "\t" $3] = $4; next }
{ key = $1 "\t" $2 "\t" $3; print key "\t" ((key in v) ? v[key] : "") }' known cells >want
for s in Headline Klantreis "Wgs norms" "Median wait per month" "Share within norm per month" Bottlenecks \
	"Referral from informal to formal help"; do
	awk -F '\t' -v s="$s" '$1 == s' cells >got
	if [ ! -s got ]; then
		echo "not ok - $name: $s: no table by $by"
		continue
	fi
	awk -F '\t' -v s="$s" '$1 == s' want >want.s
	mv want.s want.t
	if cmp -s got want.t; then
		echo "ok - $name: $s by $by --min-n $k"
	else
		echo "not ok - $name: $s by $by --min-n $k"
		diff got want.t | sed 's/^/#   /' | head -n 20
	fi
done
