"""Checks a log of keten gen --mmc (argv[1]) with c servers (argv[2]) without keten: the
cases arrive (aanmelding) in the order of their numbers; a replay of c servers, first come
first served, each busy from a case's eerste_gesprek until its beschikking (to the end of
the log when it has none), starts every case at its eerste_gesprek; uitstroom is at the
beschikking; a case with only its aanmelding finds no server free before the end.  Prints the cases, how many open, the days, the arrivals per day and the mean
service in days, to compare with --cases, --years and --rho: rho = lambda / (c mu)."""
import csv
import sys
from datetime import datetime

c = int(sys.argv[2])
ev = {}
with open(sys.argv[1], newline="") as f:
    for r in csv.DictReader(f):
        assert r["chain"] == "particulier" and r["urgent"] == "0"
        ev.setdefault(r["case"], {})[r["stage"]] = datetime.fromisoformat(r["date"])
ids = sorted(ev)
t0 = datetime(2025, 1, 1)
day = lambda x: (x - t0).total_seconds() / 86400
free = [0.0] * c
bad = 0
waiting = 0
services = []
prev = None
for i in ids:
    e = ev[i]
    a = day(e["aanmelding"])
    assert prev is None or a >= prev, "arrivals in case order"
    prev = a
    k = min(range(c), key=lambda j: free[j])
    start = max(a, free[k])
    if "eerste_gesprek" not in e:
        # Still waiting at the end: no server is free before it.
        assert set(e) == {"aanmelding"}
        if start < float(sys.argv[3]):
            bad += 1
        waiting += 1
        free[k] = float("inf")
        continue
    s = day(e["eerste_gesprek"])
    if abs(start - s) > 1e-9:
        bad += 1
    if "beschikking" in e:
        assert e["uitstroom"] == e["beschikking"]
        free[k] = day(e["beschikking"])
        services.append(free[k] - s)
    else:
        assert set(e) == {"aanmelding", "eerste_gesprek"}
        free[k] = float("inf")
print("cases %d, still waiting %d, in service %d, starts not first come first served: %d" %
      (len(ids), waiting, len(ids) - waiting - len(services), bad))
print("arrivals per day %.3f, mean service %.3f days, rho %.2f" %
      (len(ids) / float(sys.argv[3]), sum(services) / len(services),
       len(ids) / float(sys.argv[3]) * sum(services) / len(services) / c))
