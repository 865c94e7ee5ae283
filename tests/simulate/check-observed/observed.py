# The observed figures of keten simulate --check, computed from the log without keten
# (tests/simulate/check-observed/README), printed in the rows of --check.
import csv, sys
from datetime import date, timedelta

HOL = {date(2025, 1, 1), date(2025, 4, 18), date(2025, 4, 21), date(2025, 4, 26),
       date(2025, 5, 5), date(2025, 5, 29), date(2025, 6, 9), date(2025, 12, 25),
       date(2025, 12, 26), date(2026, 1, 1)}

def workdays(a, b):
    n, d = 0, a
    while d < b:
        d += timedelta(days=1)
        if d.weekday() < 5 and d not in HOL:
            n += 1
    return n

def q7(x, p):
    x = sorted(x)
    h = (len(x) - 1) * p
    lo = int(h)
    return x[lo] + (h - lo) * ((x[lo + 1] if lo + 1 < len(x) else x[lo]) - x[lo])

stages = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek", "intake",
          "beschikking", "stabilisatie", "schuldregeling", "wsnp", "begeleiding", "nazorg",
          "uitstroom"]
phase = dict(zip(stages, ["signalering", "toeleiding", "toeleiding", "toegang", "toegang",
                          "toegang", "toegang", "stabilisatie", "oplossing", "oplossing",
                          "oplossing", "nazorg", "uitstroom"]))
phases = ["signalering", "toeleiding", "toegang", "stabilisatie", "oplossing", "nazorg",
          "uitstroom"]
cases = {}
for r in csv.DictReader(open(sys.argv[1])):
    cases.setdefault(r["case"], []).append(r)
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["chain", "from", "to", "phase", "statistic", "observed"])
for chain in sorted({c[0]["chain"] for c in cases.values()}):
    cs = [c for c in cases.values() if c[0]["chain"] == chain]
    for a, b, lim, wd in (("aanmelding", "eerste_gesprek", 28, 0),
                          ("eerste_gesprek", "beschikking", 56, 0)):
        w, ok = [], 0
        for c in cs:
            first = {}
            for r in c:
                first.setdefault(r["stage"], date.fromisoformat(r["date"]))
            if a in first and b in first and first[b] >= first[a]:
                d = (first[b] - first[a]).days
                w.append(d)
                urgent = any(r["urgent"] == "1" for r in c)
                if a == "aanmelding" and urgent:
                    ok += workdays(first[a], first[b]) <= 3
                else:
                    ok += d <= lim
        for st, v in (("n", len(w)), ("mean", sum(w) / len(w)), ("median", q7(w, 0.5)),
                      ("p90", q7(w, 0.9)), ("pct_within", 100 * ok / len(w))):
            out.writerow([chain, a, b, "", st, "%.2f" % v])
    for p in phases:
        reached = sum(any(phase[r["stage"]] == p for r in c) for c in cs)
        dropped = 0
        for c in cs:
            for i in range(1, len(c)):
                if c[i]["stage"] == "uitstroom" and c[i - 1]["stage"] != "uitstroom":
                    dropped += phase[c[i - 1]["stage"]] == p
                    break
        out.writerow([chain, "", "", p, "n", "%.2f" % reached])
        out.writerow([chain, "", "", p, "dropped", "%.2f" % dropped])
