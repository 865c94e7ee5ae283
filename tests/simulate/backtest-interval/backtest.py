# The backtest of issue 16 judged without keten (README): per chain, the median and p90
# wait of each normed pair and the funnel counts (cases reaching each phase, and leaving
# the chain from it) are computed from the log, and each must lie in the baseline's 95%
# interval that keten simulate --check gives, or within 10% of its mean.
import csv, sys
from datetime import date

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
name, log, check = sys.argv[1:4]
cases = {}
for r in csv.DictReader(open(log)):
    cases.setdefault(r["case"], []).append(r)
for c in cases.values():
    c.sort(key=lambda r: r["date"])
obs = {}
for chain in sorted({c[0]["chain"] for c in cases.values()}):
    cs = [c for c in cases.values() if c[0]["chain"] == chain]
    for a, b in (("aanmelding", "eerste_gesprek"), ("eerste_gesprek", "beschikking")):
        w = []
        for c in cs:
            first = {}
            for r in c:
                first.setdefault(r["stage"], date.fromisoformat(r["date"]))
            if a in first and b in first and first[b] >= first[a]:
                w.append((first[b] - first[a]).days)
        if w:
            obs[(chain, a, b, "", "median")] = q7(w, 0.5)
            obs[(chain, a, b, "", "p90")] = q7(w, 0.9)
    for p in phases:
        obs[(chain, "", "", p, "n")] = sum(any(phase[r["stage"]] == p for r in c) for c in cs)
        dropped = 0
        for c in cs:
            for i in range(1, len(c)):
                if c[i]["stage"] == "uitstroom" and c[i - 1]["stage"] != "uitstroom":
                    dropped += phase[c[i - 1]["stage"]] == p
                    break
        obs[(chain, "", "", p, "dropped")] = dropped
sim = {}
for r in csv.DictReader(open(check)):
    k = (r["chain"], r["from"], r["to"], r["phase"], r["statistic"])
    if k in obs:
        sim[k] = (float(r["simulated"]), float(r["simulated_lo"]), float(r["simulated_hi"]))
outside = []
for k, v in obs.items():
    if k not in sim:
        outside.append("%s: no simulated figure" % " ".join(k))
        continue
    mean, lo, hi = sim[k]
    if not (lo <= v <= hi or abs(v - mean) <= 0.10 * abs(mean)):
        outside.append("%s: observed %.2f, simulated %.2f (%.2f to %.2f)"
                       % (" ".join(x for x in k if x), v, mean, lo, hi))
print("%s: %d of %d figures outside the interval" % (name, len(outside), len(obs)))
for o in outside:
    print("  " + o)
