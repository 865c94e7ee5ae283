#!/bin/sh
# tests/report/equals.sh NAME EVENTS CODES MONTH TODAY [-]
#
# Every number of `keten report --month MONTH` against the output of the keten command
# that answers the same question with --period MONTH, on the same input (keten-report(1)):
# the klantreis against keten klantreis --period, the Wgs norms against keten waits
# --norms --period, the bottlenecks against keten bottleneck --completed afgerond --period,
# the referral against keten flow --on org_type --period (its table and its line on
# stderr), the process map against keten flow --period --no-exits -f mermaid.  Each once
# with --min-n 0 and once as published, with --min-n 10, where the blanks must be the same
# cells: the page shows the mark '.' where keten render shows it in
# the command's table, in the empty cells of a row whose suppressed is 1.  Period and data
# and the provenance are checked against keten filter -s and sha256sum.
#
# Nothing is computed or selected here: awk only takes the numbers out of the report's
# Markdown and the commands' CSV and lays them side by side (rounding the commands' two
# decimals to the report's one, and writing waits' pct_over as the report's "% within
# norm", 100 - pct_over).  With a last argument '-', the report reads the events from a
# pipe.
#
# Prints "ok - NAME: SECTION" per section, or "not ok" with the lines that differ.  The
# trend of median waits per month has no command that answers it; report/pandas-reference
# checks it against pandas.
set -u
name=$1 ev=$2 cd=$3 month=$4 today=$5 pipe=${6:-}

# The page with --min-n $1, written to r$1.md.
page() {
	if [ "$pipe" = - ]; then
		cat "$ev" | keten report --month "$month" --today "$today" -f md --min-n "$1" \
			-c "$cd" - >"r$1.md"
	else
		keten report --month "$month" --today "$today" -f md --min-n "$1" -c "$cd" "$ev" \
			>"r$1.md"
	fi
}

# The rows of the table in section $1 of page $2, cells joined by tabs.
section() {
	awk -v want="$1" '
	/^## / { on = substr($0, 4) == want; next }
	on && /^\| / && !/^\| ---/ {
		n = split(substr($0, 2, length($0) - 2), c, "|")
		line = ""
		for (i = 1; i <= n; i++) {
			gsub(/^ +| +$/, "", c[i])
			line = line (i > 1 ? "\t" : "") c[i]
		}
		print line
	}' "$2"
}

# The rows of a command's CSV $1, the columns $2 (comma-separated names; NAME:1 with one
# decimal, within: 100 - pct_over) joined by tabs, an empty cell of a row whose suppressed
# is 1 written '.', as keten render shows it.
columns() {
	awk -F, -v cols="$2" '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{
		n = split(cols, want, ",")
		line = ""
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
			line = line (i > 1 ? "\t" : "") v
		}
		print line
	}' "$1"
}

# The rows read and the cases kept that keten filter -s says on stderr.
rows_read() {
	keten filter -s "$@" 2>&1 >/dev/null | sed -n 's/.*rows read \([0-9]*\),.*/\1/p'
}
cases_kept() {
	keten filter -s "$@" 2>&1 >/dev/null | sed -n 's/.*cases kept \([0-9]*\)$/\1/p'
}

# Compares got and want and says so.
check() {
	if cmp -s got want; then
		echo "ok - $name: $1"
	else
		echo "not ok - $name: $1"
		diff got want | sed 's/^/#   /' | head -n 20
	fi
}

page 0
page 10

# Period and data: the counts of keten filter -s on the input, on the month's cases
# (--active), on the cases that began in it (--cohort), on the events dated in it, and
# on those at uitstroom; the interviews and segments of keten codes freq.
section "Period and data" r0.md | awk -F '\t' '
$1 ~ /^(events read|cases in the input|cases in the chain during the period|of which started in the period|of which left the chain in the period|events in the period|interviews coded|coded segments)$/' >got
{
	printf 'events read\t%s\n' "$(rows_read "$ev")"
	printf 'cases in the input\t%s\n' "$(cases_kept "$ev")"
	printf 'cases in the chain during the period\t%s\n' "$(cases_kept --active "$month" "$ev")"
	printf 'of which started in the period\t%s\n' "$(cases_kept --cohort "$month" "$ev")"
	printf 'of which left the chain in the period\t%s\n' \
		"$(cases_kept --month "$month" -e 'stage = uitstroom' "$ev")"
	printf 'events in the period\t%s\n' "$(keten filter --month "$month" --count "$ev")"
	keten codes freq --wide -g chain "$cd" | awk -F, '$1 == "(all)" { printf "interviews coded\t%s\n", $(NF - 1) }'
	keten codes freq --wide -g chain --segments "$cd" | awk -F, '$1 == "(all)" { printf "coded segments\t%s\n", $(NF - 1) }'
} >want
check "period and data"

# The cases of the klantreis paragraph are the month's cases.
sed -n 's/^The \([0-9]*\) cases along the phases.*/\1/p' r0.md >got
cases_kept --active "$month" "$ev" >want
check "klantreis cases"

for k in 0 10; do
	# Klantreis: the table of keten klantreis --period (Markdown both).
	sed -n '/^## Klantreis/,/^## /p' "r$k.md" | grep '^| ' >got
	keten klantreis -f md --period "$month" --min-n "$k" -c "$cd" "$ev" 2>/dev/null |
		grep '^| ' >want
	check "klantreis --period --min-n $k"

	# Wgs norms: keten waits --norms --period (the report's applies to and source are the
	# model's text).
	section "Wgs norms" "r$k.md" | awk -F '\t' 'NR > 1 {
		printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		       $1, $2, $3, $6, $7, $8, $9, $10, $11, $12, $13 }' >got
	keten waits --norms --period "$month" --min-n "$k" "$ev" >w.csv 2>/dev/null
	columns w.csv from,to,norm,n,done,waiting,dropped,median:1,p90:1,over,within >want
	check "wgs norms --min-n $k"

	# Bottlenecks: keten bottleneck --completed afgerond --period.
	section "Bottlenecks" "r$k.md" | awk -F '\t' 'NR > 1' >got
	keten bottleneck --completed afgerond --period "$month" --min-n "$k" "$ev" >b.csv 2>/dev/null
	columns b.csv \
		rank,stage,entered,left,dropped,wip,median_dwell:1,p90_dwell:1,dwell_days:1,share,drop_rate \
		>want
	check "bottlenecks --min-n $k"

	# Referral: keten flow --on org_type --period, its line on stderr and its table.
	keten flow --on org_type --period "$month" --min-n "$k" "$ev" >f.csv 2>f.err
	{
		sed -n -e 's/^Of the \([0-9.]*\) cases that had informal help, \([0-9.]*\) (\([^)]*\)) never reached formal help after their first informal stay (\([0-9.]*\) ended, \([0-9.]*\) still open)\.$/\1 \2 \3 \4 \5/p' \
			-e 's/^Fewer than [0-9]* cases had informal help: .*/suppressed/p' "r$k.md"
		section "Referral from informal to formal help" "r$k.md" | awk -F '\t' 'NR > 1'
	} >got
	{
		sed -n -e 's/^keten-flow: of \([0-9.]*\) cases with informeel help, \([0-9.]*\) (\([^)]*\)) never reached formeel (\([0-9.]*\) ended, \([0-9.]*\) still open)$/\1 \2 \3 \4 \5/p' \
			-e 's/^keten-flow: informeel to formeel: suppressed .*/suppressed/p' f.err
		columns f.csv from,to,cases,share_of_from,median_wait:1,p90_wait:1
	} >want
	check "referral --min-n $k"

	# Process map: the page's Mermaid map is keten flow --period --no-exits -f mermaid,
	# byte for byte: the cases of every node and edge, the median waits, the blanks.
	sed -n '/^## Process map/,/^## /p' "r$k.md" | sed -n '/^```mermaid$/,/^```$/p' |
		sed '1d;$d' >got
	keten flow --period "$month" --min-n "$k" --no-exits -f mermaid "$ev" >want 2>/dev/null
	check "process map --min-n $k"
done

# Provenance: sha256sum, and the records keten filter --count counts.
section "Provenance" r0.md | awk -F '\t' 'NF == 4 && NR > 1 { print $2, $3, $4 }' | head -n 2 >got
{
	echo "events $(keten filter --count "$ev") $(sha256sum <"$ev" | cut -d' ' -f1)"
	echo "codes $(keten filter --count "$cd") $(sha256sum <"$cd" | cut -d' ' -f1)"
} >want
check "provenance"

# Headline: each column against the commands with --period of its month (the month, the
# month before, the same month a year earlier): keten filter --cohort and --active (with
# --min-n 0, as Period and data), keten waits --norms --period (still waiting, % within
# norm, median) and keten flow --on org_type --period (100 - the share that never reached
# formal help), with --min-n 0 and 10.  A month that ended before the first date of the
# input has no figures.  The changes are the differences of the page's own figures.
prev_month() { # MONTH BACK
	echo "$1" | awk -F- -v b="$2" '{ ym = $1 * 12 + $2 - 1 - b; printf "%04d-%02d\n", int(ym / 12), ym % 12 + 1 }'
}
first=$(keten filter "$ev" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "date") d = i; next } { x = substr($d, 1, 10); if (m == "" || x < m) m = x } END { print m }')
for k in 0 10; do
	page "$k"
	section "Headline" "r$k.md" | awk -F '\t' 'NR > 1 { print $1 "\t" $2 "\t" $3 "\t" $5 }' >got
	for b in 0 1 12; do
		mo=$(prev_month "$month" "$b")
		end=$(echo "$mo" | awk -F- '{ m = $2 + 1; y = $1; if (m == 13) { m = 1; y++ } printf "%04d-%02d-01\n", y, m }')
		# The month ended before the first date: its end (the next month's first day)
		# sorts first.
		if [ "$(printf '%s\n%s\n' "$end" "$first" | sort | head -n 1)" = "$end" ]; then
			sed 's/\t.*//' got | sed 's/$/\t/' >"h$b"
			continue
		fi
		{
			if [ "$k" = 0 ]; then
				printf 'new registrations (cases that started)\t%s\n' "$(cases_kept --cohort "$mo" "$ev")"
				printf 'cases in the chain during the month\t%s\n' "$(cases_kept --active "$mo" "$ev")"
			else
				grep -e '^new registrations' -e '^cases in the chain during' got |
					awk -F '\t' -v c="$([ "$b" = 0 ] && echo 2 || { [ "$b" = 1 ] && echo 3 || echo 4; })" '{ print $1 "\t" $c }'
			fi
			keten waits --norms --period "$mo" --min-n "$k" "$ev" >hw.csv 2>/dev/null
			columns hw.csv from,to,norm,waiting,within,median:1 | awk -F '\t' -v u=days '{
				l = $1 " to " $2 ", " $3
				printf "still waiting: %s\t%s\n%% within norm: %s\t%s\nmedian wait (%s): %s\t%s\n", l, $4, l, $5, u, l, $6 }'
			keten flow --on org_type --period "$mo" --min-n "$k" "$ev" 2>&1 >/dev/null |
				sed -n -e 's/^keten-flow: of [0-9]* cases with informeel help, [0-9]* (\([0-9.]*\)%) never reached formeel.*/\1/p' \
					-e 's/^keten-flow: informeel to formeel: suppressed .*/./p' |
				awk '{ printf "%% of cases with informal help that reached formal help\t%s\n", $1 == "." ? "." : sprintf("%.1f", 100 - $1) }'
		} >"w$b"
		# A norm row of the month that the other month lacks has no figures there.
		awk -F '\t' 'FILENAME == ARGV[1] { v[$1] = $2; next } { print $1 "\t" (($1) in v ? v[$1] : "") }' "w$b" got >"h$b"
	done
	paste h0 h1 h12 | awk -F '\t' '{ print $1 "\t" $2 "\t" $4 "\t" $6 }' >want
	check "headline --min-n $k"
	# The changes: the month less each other month, blank where either is.
	section "Headline" "r$k.md" | awk -F '\t' 'NR > 1' >got
	awk -F '\t' 'function ch(a, b,   d, s) {
		if (a == "." || b == ".") return "."
		if (a == "" || b == "") return ""
		d = a - b
		s = index(a, ".") ? sprintf("%.1f", d) : sprintf("%d", d)
		if (s == "-0.0") s = "0.0"
		return (d > 0 && s != "0.0" && s != "0" ? "+" : "") s
	} { print $1 "\t" $2 "\t" $3 "\t" ch($2, $3) "\t" $5 "\t" ch($2, $5) }' got >want
	check "headline changes --min-n $k"
done

# Share within norm per month: the rows of the month, the month before and the same month
# a year earlier against keten waits --norms --period of each: per norm its waits (n) and
# % within norm, the norm found by its from, to and norm, which begin the column's name.
for k in 0 10; do
	for b in 0 1 12; do
		mo=$(prev_month "$month" "$b")
		section "Share within norm per month" "r$k.md" | awk -F '\t' -v mo="$mo" '
		NR == 1 { for (i = 2; i < NF; i += 2) { h = $i; sub(/: waits$/, "", h); name[i] = h }; next }
		$1 == mo { for (i = 2; i < NF; i += 2) print name[i] "\t" $i "\t" $(i + 1) }' >got
		keten waits --norms --period "$mo" --min-n "$k" "$ev" >hw.csv 2>/dev/null
		columns hw.csv from,to,norm,n,within >w0
		awk -F '\t' 'FILENAME == ARGV[1] { key[FNR] = $1 " to " $2 " (" $3 ")"; val[FNR] = $4 "\t" $5; n = FNR; next }
		{
			v = "\t"
			for (i = 1; i <= n; i++)
				if (index($1, key[i]) == 1)
					v = val[i]
			print $1 "\t" v
		}' w0 got >want
		check "share within norm $mo --min-n $k"
	done
done
