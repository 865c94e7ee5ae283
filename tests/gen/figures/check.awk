# The figures keten gen is built to reproduce (keten-gen(1), The event model), computed here
# from the rows alone.  Prints "NAME ok" when a figure lies in its range, else
# "NAME FAIL: value".
function dn(s,   y, m, d) {
	y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 0
	if (m <= 2) { y--; m += 12 }
	return 365 * y + int(y / 4) - int(y / 100) + int(y / 400) + int((153 * (m - 3) + 2) / 5) + d
}
# Working days after a up to and including b (day numbers).
function workdays(a, b,   d, n, w) {
	n = 0
	for (d = a + 1; d <= b; d++) {
		w = (d - monday) % 7
		if (w < 0) w += 7
		if (w < 5 && !(d in hol)) n++
	}
	return n
}
function check(name, v, lo, hi) {
	if (show) printf "%s %.4f [%s, %s]\n", name, v, lo, hi
	else if (v >= lo && v <= hi) print name " ok"
	else printf "%s FAIL: %.4f not in [%s, %s]\n", name, v, lo, hi
}
BEGIN {
	FS = ","
	monday = dn("2025-01-06")
	split("2025-01-01 2025-04-18 2025-04-21 2025-04-26 2025-05-05 2025-05-29 2025-06-09 2025-12-25 2025-12-26", h, " ")
	for (i in h) hol[dn(h[i])] = 1
	formal["aanmelding"]; formal["eerste_gesprek"]; formal["intake"]; formal["beschikking"]
	formal["stabilisatie"]; formal["schuldregeling"]; formal["wsnp"]; formal["begeleiding"]
	formal["nazorg"]
}
NR == 1 { next }
{
	nev++
	c = $1
	if (!(c in first)) {
		first[c] = $2; chain[c] = $6; city[c] = $7; urg[c] = $8; ncase++
	}
	if ($2 in formal) isformal[c] = 1
	if ($2 == "informeel") inf[c] = 1
	if ($2 == "signaal") sig[c] = 1
	if ($2 == "uitstroom") left[c] = 1
	if (!((c, $2) in at)) at[c, $2] = dn($3)
}
END {
	check("events per case", nev / ncase, 3.7, 4.2)
	for (c in first) {
		if (chain[c] == "zakelijk") zak++
		if (urg[c] == "1") nurg++
		ncity[city[c]]++
		if (c in inf) { ninf++; if (!(c in isformal)) infonly++ }
		if (c in sig) { nsig++; if ((c, "aanmelding") in at) sigreg++ }
		if (!(c in left)) open++
		if ((c, "aanmelding") in at) {
			nreg++
			if ((c, "uitstroom") in at && !((c, "stabilisatie") in at)) {
				drop++
				if (!((c, "intake") in at)) dropearly++
			}
		}
		if ((c, "aanmelding") in at && (c, "eerste_gesprek") in at) {
			w = at[c, "eerste_gesprek"] - at[c, "aanmelding"]
			if (urg[c] == "1") {
				nu++
				if (workdays(at[c, "aanmelding"], at[c, "eerste_gesprek"]) <= 3) u3++
			} else {
				nw++; sw += w
				if (w > 28) w28++
			}
		}
		if ((c, "eerste_gesprek") in at && (c, "beschikking") in at) {
			nb++
			if (at[c, "beschikking"] - at[c, "eerste_gesprek"] <= 56) b56++
		}
	}
	check("zakelijk share", zak / ncase, 0.06, 0.08)
	check("urgent share", nurg / ncase, 0.05, 0.10)
	check("Amsterdam share", ncity["Amsterdam"] / ncase, 0.47, 0.53)
	check("Den Haag share", ncity["Den Haag"] / ncase, 0.27, 0.33)
	check("Groningen share", ncity["Groningen"] / ncase, 0.11, 0.15)
	check("Leeuwarden share", ncity["Leeuwarden"] / ncase, 0.05, 0.09)
	check("informal cases without formal help", infonly / ninf, 0.60, 0.75)
	check("signals that lead to aanmelding", sigreg / nsig, 0.10, 0.30)
	check("aanmelding-eerste_gesprek mean days", sw / nw, 11, 20)
	check("aanmelding-eerste_gesprek share over 28 days", w28 / nw, 0.05, 0.25)
	check("urgent within 3 working days", u3 / nu, 0.80, 0.95)
	check("eerste_gesprek-beschikking within 56 days", b56 / nb, 0.80, 0.97)
	check("registrants leaving before stabilisatie", drop / nreg, 0.30, 0.45)
	check("of those, leaving before intake", dropearly / drop, 0.5, 0.9)
	check("cases still open at the end", open / ncase, 0.3, 0.8)
}
