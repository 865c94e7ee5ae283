# Structural checks on a keten gen event table, computed here from the rows alone.
# Prints one fixed line per check: "NAME ok", or "NAME FAIL: detail".
function dn(s,   y, m, d) {
	y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 0
	if (m <= 2) { y--; m += 12 }
	return 365 * y + int(y / 4) - int(y / 100) + int(y / 400) + int((153 * (m - 3) + 2) / 5) + d
}
function verdict(name, bad, detail) {
	if (bad) print name " FAIL: " detail; else print name " ok"
}
BEGIN {
	FS = ","
	# Stage order of the built-in model, read from `keten model` (stages.txt).
	while ((getline line < "stages.txt") > 0) order[line] = ++nst
	# The holidays of 2025 by hand: Easter is 20 April (Meeus), so Goede Vrijdag
	# 18 April, Tweede Paasdag 21 April, Hemelvaartsdag 29 May, Tweede Pinksterdag
	# 9 June; Koningsdag falls on Saturday 26 April as the 27th is a Sunday.
	split("2025-01-01 2025-04-18 2025-04-21 2025-04-26 2025-05-05 2025-05-29 2025-06-09 2025-12-25 2025-12-26", h, " ")
	for (i in h) hol[h[i]] = 1
	monday = dn("2025-01-06")
	split("niet verschenen,ingetrokken,zelf geregeld,afgerond,verhuisd,niet passend,voldoet niet,overleden,overig", r, ",")
	for (i in r) okreason[r[i]] = 1
}
NR == 1 {
	header = ($0 == "case,stage,date,org,org_type,chain,city,urgent,reason")
	next
}
{
	if (NF != 9) badnf++
	if ($1 != prevcase) {
		if ($1 in seen) regroup++
		seen[$1] = 1
		ncase++
		# Case ids count up in the order of first events, which never go back.
		if (sprintf("K%06d", ncase) != $1) badid++
		if (prevfirst != "" && $3 < prevfirst) firstorder++
		prevfirst = $3
		prevdate = ""
		prevstage = 0
		attrs = $6 "," $7 "," $8
	} else if ($6 "," $7 "," $8 != attrs) {
		badattr++
	}
	if (!($2 in order)) unknown++
	used[$2] = 1
	if (prevdate != "" && $3 < prevdate) dateorder++
	if ($3 == prevdate && order[$2] < prevstage) stageorder++
	if (order[$2] < prevstage) backwards++
	prevdate = $3; prevstage = order[$2]; prevcase = $1
	w = (dn($3) - monday) % 7
	if (w < 0) w += 7
	if (w >= 5) weekend++
	if ($3 in hol) holiday++
	if ($3 < "2025-01-01" || $3 > "2025-12-31") outside++
	if ($2 == "uitstroom") { if (!($9 in okreason)) badreason++; reasons[$9] = 1 }
	else if ($9 != "") badreason++
	if ($5 == "informeel") {
		if ($4 !~ /^(SchuldHulpMaatje|Humanitas Thuisadministratie|Voedselbank|Diaconaal Schuldenproject|Wijkteam|Ondernemerssteunpunt) /) badtype++
	} else if ($5 != "formeel") badtype++
	if ($6 != "particulier" && $6 != "zakelijk") badattr++
	if ($7 !~ /^(Leeuwarden|Den Haag|Groningen|Amsterdam)$/) badattr++
	if ($8 != "0" && $8 != "1") badattr++
	if ($5 == "informeel" && $2 != "informeel" && $2 != "doorverwijzing" && $2 != "uitstroom") badtype++
}
END {
	verdict("header", !header, "")
	verdict("fields", badnf, badnf " rows")
	verdict("grouped by case", regroup, regroup " cases")
	verdict("case ids", badid, badid " cases")
	verdict("cases in order of first event", firstorder, firstorder " cases")
	verdict("dates non-decreasing", dateorder, dateorder " rows")
	verdict("stage order on equal dates", stageorder, stageorder " rows")
	verdict("stage order never decreases", backwards, backwards " rows")
	verdict("stages known to the model", unknown, unknown " rows")
	for (s in order) if (!(s in used)) missing = missing " " s
	verdict("every stage of the model occurs", missing != "", missing)
	verdict("no weekend dates", weekend, weekend " rows")
	verdict("no holidays", holiday, holiday " rows")
	verdict("dates in the period", outside, outside " rows")
	verdict("reason only and always on uitstroom", badreason, badreason " rows")
	for (s in okreason) if (!(s in reasons)) rmissing = rmissing " " s
	verdict("every reason occurs", rmissing != "", rmissing)
	verdict("org_type", badtype, badtype " rows")
	verdict("case attributes constant and valid", badattr, badattr " rows")
}
