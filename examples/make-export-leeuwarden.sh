#!/bin/sh
# Writes examples/export-leeuwarden.csv on stdout: keten gen --cases 1200 --seed 7 with
# every case moved to Leeuwarden, written out as a municipal system's Excel export does
# (a first line sep=;, semicolons, CRLF, dd-mm-jjjj dates, Dutch column names, local phase
# names, Crisis ja/nee, Keten Particulier/Ondernemer).  examples/recode-leeuwarden.csv
# maps the local values back; keten import with it gives keten gen's rows again.
#   sh examples/make-export-leeuwarden.sh >examples/export-leeuwarden.csv
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETEN_BIN:-bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
PATH="$bin:$PATH"
keten gen --cases 1200 --seed 7 | awk '
BEGIN {
	FS = ","
	n = split("signaal:Vroegsignalering informeel:Informele_hulp doorverwijzing:Doorverwijzing " \
		  "aanmelding:Aanmelding eerste_gesprek:Eerste_gesprek intake:Intake " \
		  "beschikking:Besluit stabilisatie:Stabilisatie schuldregeling:Schuldregeling " \
		  "wsnp:WSNP begeleiding:Budgetbeheer nazorg:Nazorg uitstroom:Afgesloten", m, " ")
	for (i = 1; i <= n; i++) {
		split(m[i], kv, ":")
		gsub("_", " ", kv[2])
		fase[kv[1]] = kv[2]
	}
	printf "sep=;\r\n"
}
NR == 1 { printf "Dossiernummer;Fase;Datum;Organisatie;Soort;Keten;Gemeente;Crisis;Reden\r\n"; next }
{
	split($3, d, "-")
	org = $4
	sub(/ (Amsterdam|Den Haag|Groningen|Leeuwarden)$/, " Leeuwarden", org)
	printf "LWD-%s;%s;%s-%s-%s;%s;%s;%s;Leeuwarden;%s;%s\r\n", substr($1, 2), fase[$2],
	       d[3], d[2], d[1], org, $5, $6 == "zakelijk" ? "Ondernemer" : "Particulier",
	       $8 == "1" ? "ja" : "nee", $9
}'
