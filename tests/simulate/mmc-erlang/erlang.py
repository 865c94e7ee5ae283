# Erlang C for the log made by mmc.py, at the rates estimated from the log itself, beside
# keten simulate's baseline and its `capacity eerste_gesprek +1` (tests/simulate/mmc-erlang/README).
import csv, math, sys
from datetime import datetime

ev = {}
for r in csv.DictReader(open(sys.argv[1])):
    ev.setdefault(r["case"], {})[r["stage"]] = datetime.fromisoformat(r["date"])
first = min(e["aanmelding"] for e in ev.values())
last = max(max(e.values()) for e in ev.values())
span = ((last.date() - first.date()).days + 1)
lam = len(ev) / span
serv = [(e["beschikking"] - e["eerste_gesprek"]).total_seconds() / 86400
        for e in ev.values() if "beschikking" in e]
mu = 1 / (sum(serv) / len(serv))

def erlang(c):
    a = lam / mu
    top = a ** c / math.factorial(c) * c / (c - a)
    pw = top / (sum(a ** k / math.factorial(k) for k in range(c)) + top)
    rate = c * mu - lam
    mean = pw / rate
    p90 = math.log(pw / 0.1) / rate if pw > 0.1 else 0.0
    return mean, p90

fit = {r["stage"]: int(r["value"]) for r in csv.DictReader(open(sys.argv[2]))
       if r["record"] == "capacity"}
c = fit["eerste_gesprek"]
print("cases %d, rho %.2f" % (len(ev), lam / (c * mu)))
print("fitted capacity of eerste_gesprek: %d" % c)
sim = {r["scenario"]: r for r in csv.DictReader(open(sys.argv[3]))
       if r["from"] == "aanmelding" and r["to"] == "eerste_gesprek"}
for name, k in (("baseline", c), ("capacity eerste_gesprek +1", c + 1)):
    mean, p90 = erlang(k)
    m, p = float(sim[name]["mean"]), float(sim[name]["p90"])
    print("%s: mean within 20%% of Erlang C for c=%d: %s" % (name, k, abs(m - mean) <= 0.2 * mean))
    print("%s: p90 within 25%% of Erlang C for c=%d: %s" % (name, k, abs(p - p90) <= 0.25 * p90))
    print("  (simulated mean %.3f p90 %.3f, Erlang C mean %.3f p90 %.3f days)" % (m, p, mean, p90),
          file=sys.stderr)
print("more capacity, no longer wait: %s" %
      (float(sim["capacity eerste_gesprek +1"]["mean"]) <= float(sim["baseline"]["mean"])))
