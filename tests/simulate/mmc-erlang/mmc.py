# Writes the event log of an M/M/c queue as keten CSV (tests/simulate/mmc-erlang/README):
# Poisson arrivals at aanmelding, c servers busy from eerste_gesprek until beschikking,
# exponential service, first come first served; uitstroom at the beschikking.
import heapq, random, sys
from datetime import datetime, timedelta

c, rho, days, n_target = 3, 0.8, 1461, 3500
lam = n_target / days            # arrivals per day
mu = lam / (c * rho)             # services per server per day
rnd = random.Random(16)
t0 = datetime(2021, 1, 1)
free = [0.0] * c                 # when each server is free, in days
t = 0.0
print("case,stage,date,chain,urgent")
i = 0
while True:
    t += rnd.expovariate(lam)
    if t >= days:
        break
    i += 1
    s = max(t, heapq.heappop(free))
    e = s + rnd.expovariate(mu)
    heapq.heappush(free, e)
    def ts(x):
        return (t0 + timedelta(seconds=round(x * 86400))).strftime("%Y-%m-%dT%H:%M:%S")
    rows = [("aanmelding", t), ("eerste_gesprek", s)]
    if e < days:
        rows += [("beschikking", e), ("uitstroom", e)]
    for st, x in rows:
        print("M%05d,%s,%s,particulier,0" % (i, st, ts(x)))
