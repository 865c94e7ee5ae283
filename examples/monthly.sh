#!/bin/sh
# The unattended monthly summary.  Run by cron early on the first of each month, it imports
# the municipality's export, writes last month's report as one self-contained HTML page and
# as Markdown, and points latest.html at the new page.  It prints nothing when all is
# well; on any error it prints the message and exits non-zero, so that cron mails it, and
# no half-written page is ever published (keten writes with -o to a temporary file and
# renames it into place).
#
# Usage: sh examples/monthly.sh [EXPORT [CODES]]
#   EXPORT  the case export (default examples/export-leeuwarden.csv), read with the column
#           map and recode file of Leeuwarden below: change those for another system
#   CODES   coded interviews for the knelpunten of the klantreis (default: the Leeuwarden
#           interviews of examples/codes.csv)
# Environment:
#   KETEN_REPORTS  the directory of the pages and of the imported events they were made
#                  from (default build/reports)
#   KETEN_TODAY    the day the job counts "last month" from (default: today; with the
#                  example data 2025-12-01, since that data covers the year 2025)
#
# The crontab line (crontab -e), for the example data:
#   0 6 1 * * cd /path/to/keten && sh examples/monthly.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
PATH="$bin:$PATH"
ex=$top/examples
export_file=${1:-$ex/export-leeuwarden.csv}
codes=${2:-}
reports=${KETEN_REPORTS:-$top/build/reports}
today=${KETEN_TODAY:-}
if [ -z "$today" ]; then
	if [ $# -eq 0 ]; then
		today=2025-12-01
	else
		today=$(date +%Y-%m-%d)
	fi
fi
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
