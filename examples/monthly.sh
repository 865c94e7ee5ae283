#!/bin/sh
# The unattended monthly summary.  Run by cron early on the first of each month, it imports
# the municipality's export, writes last month's report as one self-contained HTML page and
# as Markdown, and points latest.html at the new page.  It prints nothing when all is
# well; on any error it prints the message and exits non-zero, so that cron mails it, and
# no half-written page is ever published (keten writes with -o to a temporary file and
# renames it into place).  Nor is a page published for a month the export holds no event
# in, or from an export whose newest date is too old: a page of zeros or of a stale
# export would look like real figures.
#
# Usage: sh examples/monthly.sh [EXPORT [CODES]]
#   EXPORT  the case export (default examples/export-leeuwarden.csv), read with the column
#           map and recode file of Leeuwarden below: change those for another system
#   CODES   coded interviews for the knelpunten of the klantreis (default: the Leeuwarden
#           interviews of examples/codes.csv)
# Environment:
#   KETEN_REPORTS  the directory of the pages and of the imported events they were made
#                  from (default build/reports)
#   KETEN_TODAY    the day the job counts "last month" from (default: today's date; the
#                  example data covers the year 2025, so try it with 2025-12-01)
#   KETEN_MAX_AGE  the most days the newest date of the export may lie before today
#                  (default 45)
#
# The crontab line (crontab -e):
#   0 6 1 * * cd /path/to/keten && sh examples/monthly.sh /path/to/export.csv
# and to try it on the example data:
#   KETEN_TODAY=2025-12-01 sh examples/monthly.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
PATH="$bin:$PATH"
ex=$top/examples
export_file=${1:-$ex/export-leeuwarden.csv}
codes=${2:-}
reports=${KETEN_REPORTS:-$top/build/reports}
today=${KETEN_TODAY:-$(date +%Y-%m-%d)}
max_age=${KETEN_MAX_AGE:-45}
fail() {
	echo "monthly.sh: $*" >&2
	exit 1
}
case $today in
[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;;
*) fail "KETEN_TODAY: not a date (YYYY-MM-DD): '$today'" ;;
esac
case $max_age in
'' | *[!0-9]*) fail "KETEN_MAX_AGE: not a number of days: '$max_age'" ;;
esac
export_name=$export_file
case $export_file in /*) ;; *) export_file=$PWD/$export_file ;; esac
case $codes in /* | '') ;; *) codes=$PWD/$codes ;; esac

# The month before today's, for the file names (keten report works it out the same way
# from --month last --today).
y=${today%%-*}
m=${today#*-}
m=${m%%-*}
m=${m#0}
if [ "$m" = 1 ]; then
	y=$((y - 1))
	m=12
else
	m=$((m - 1))
fi
month=$(printf '%04d-%02d' "$y" "$m")

mkdir -p "$reports"
cd "$reports"
log=$(mktemp "${TMPDIR:-/tmp}/keten-monthly.XXXXXX")
trap 'rm -f "$log"' EXIT INT TERM

# Quiet on success: a command's messages are shown only when it fails.
quiet() {
	"$@" 2>"$log" || {
		st=$?
		cat "$log" >&2
		echo "monthly.sh: failed ($st): $*" >&2
		exit "$st"
	}
}

# The events the page is made from are kept beside it: its footer names them and their
# SHA-256, so the numbers can be traced back.
quiet keten import \
	-m case=Dossiernummer,stage=Fase,date=Datum,org=Organisatie,org_type=Soort,chain=Keten,city=Gemeente,urgent=Crisis,reason=Reden \
	--recode "$ex/recode-leeuwarden.csv" -o "events-$month.csv" "$export_file"

# The day max_age days before today: day numbers as in Hinnant's days_from_civil and back.
cutoff=$(echo "$today $max_age" | awk '{
	split($1, t, "-")
	y = t[1] - (t[2] <= 2); m = t[2] + (t[2] > 2 ? -3 : 9)
	z = 365 * y + int(y / 4) - int(y / 100) + int(y / 400) + int((153 * m + 2) / 5) + t[3] - 1
	z -= $2
	era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	printf "%04d-%02d-%02d\n", yoe + era * 400 + (m <= 2), m, d
}')
# Nothing is published from an export that stopped being updated, or for a month it holds
# no event in; the imported events go too, so that no trace of the run is left.
n=$(keten filter --from "$cutoff" --count "events-$month.csv")
if [ "$n" -eq 0 ]; then
	rm -f "events-$month.csv"
	fail "$export_name: the newest date is more than $max_age days before $today (none on or after $cutoff; see KETEN_MAX_AGE)"
fi
n=$(keten filter --month "$month" --count "events-$month.csv")
if [ "$n" -eq 0 ]; then
	rm -f "events-$month.csv"
	fail "$export_name: no event in $month, the month to report"
fi

if [ -z "$codes" ]; then
	quiet keten filter -e city=Leeuwarden -o "codes-$month.csv" "$ex/codes.csv"
	codes=codes-$month.csv
fi

for f in html md; do
	quiet keten report --month last --today "$today" --codes "$codes" --min-n 10 \
		--title "Schuldhulpverlening Leeuwarden: $month" --format "$f" \
		-o "report-$month.$f" "events-$month.csv"
done
ln -sf "report-$month.html" latest.html.new
mv -f latest.html.new latest.html
