# Structural checks on a keten gen codes table, computed here from the rows alone.
# The first ten fields never hold a comma; the quote is the rest of the line.
# Set n (interviews) and pct (double-coded percentage) with -v.
function verdict(name, bad, detail) {
	if (bad) print name " FAIL: " detail; else print name " ok"
}
BEGIN {
	FS = ","
	while ((getline line < "book.csv") > 0) {
		split(line, b, ",")
		if (b[1] != "code") { phase[b[1]] = b[2]; chain[b[1]] = b[3] }
	}
}
NR == 1 {
	header = ($0 == "interview,code,role,city,chain,phase,segment,coder,polarity,weight,quote")
	next
}
{
	q = $0
	for (i = 0; i < 10; i++) q = substr(q, index(q, ",") + 1)
	if (q == "" || q ~ /^"/ && q !~ /"$/) badquote++
	iv = $1; seg = $7; cd = $8
	if (!($2 in phase) || phase[$2] != $6 || chain[$2] != $5) badcode++
	count[$2]++
	if ($3 !~ /^(hulpvrager|informeel|formeel|gemeente)$/ || $4 !~ /^(Leeuwarden|Den Haag|Groningen|Amsterdam)$/) badattr++
	if (!(iv in role)) { role[iv] = $3; city[iv] = $4; ni++; if (sprintf("I%03d", ni) != iv) badid++ }
	else if (role[iv] != $3 || city[iv] != $4) badattr++
	if ($9 != "knelpunt" && $9 != "succes") badpol++
	if ($10 !~ /^[0-9]+$/ || ($9 == "succes" && $10 != 0)) badweight++
	if (cd == "A") {
		if (!((iv, seg) in aq)) { aq[iv, seg] = q; nseg[iv]++; if (seg != nseg[iv]) badseg++ }
		if ((iv, seg, "A", $2) in has) twice++
	} else if (cd == "B") {
		if (!(iv in dbl)) { dbl[iv] = 1; ndbl++ }
		if (!((iv, seg) in aq)) bseg++
		else if (aq[iv, seg] != q) badquote++
		if (!((iv, seg) in bq)) { bq[iv, seg] = 1; nbseg[iv]++ }
		if ((iv, seg, "B", $2) in has) twice++
	} else badcoder++
	has[iv, seg, cd, $2] = 1
	per[iv, seg, cd]++
	if (per[iv, seg, cd] > 2) toomany++
	if ($5 == "particulier") part[iv] = 1
	if ($5 == "zakelijk") zak[iv] = 1
	# Rows paired for kappa by interview, segment and place within the segment.
	key = iv SUBSEP seg SUBSEP per[iv, seg, cd]
	if (cd == "A") ka[key] = $2; else kb[key] = $2
}
END {
	verdict("header", !header, "")
	verdict("codes, phases and chains from the book", badcode, badcode " rows")
	verdict("interview ids", badid || ni != n, ni " interviews")
	verdict("role and city constant and valid", badattr, badattr " rows")
	verdict("polarity", badpol, badpol " rows")
	verdict("weights", badweight, badweight " rows")
	verdict("coders", badcoder, badcoder " rows")
	verdict("segments numbered from 1", badseg, badseg " rows")
	verdict("one or two different codes per segment and coder", toomany || twice, toomany " " twice)
	verdict("quotes", badquote, badquote " rows")
	want = int((n * pct + 50) / 100)
	verdict("double-coded interviews", ndbl != want, ndbl " not " want)
	for (iv in dbl) if (nbseg[iv] != nseg[iv]) bseg++
	verdict("second coder on the same segments", bseg, bseg)
	for (iv in part) if (iv in zak) mixed++
	verdict("no interview mixes the chains", mixed, mixed " interviews")
	for (c in phase) if (!(c in count)) missing = missing " " c
	verdict("every code occurs", missing != "", missing)
	max = 0; min = 1e9
	for (c in count) { if (count[c] > max) max = count[c]; if (count[c] < min) min = count[c] }
	verdict("some codes common, some rare", max < 5 * min, max " vs " min)
	for (k in kb) { m++; if (ka[k] == kb[k]) agree++; fa[ka[k]]++; fb[kb[k]]++ }
	for (c in fa) pe += (fa[c] / m) * (fb[c] / m)
	kappa = (agree / m - pe) / (1 - pe)
	if (show) print "kappa " kappa " over " m " pairs"
	verdict("kappa between 0.6 and 0.8", kappa < 0.6 || kappa > 0.8, kappa)
}
