# The Wgs norms table of one period, computed on whole cases without keten: what
# `keten waits --norms --by city --period FROM..TO` must write.  Usage:
#   /usr/bin/python3 whole_cases.py EVENTS.csv FROM TO
# (FROM and TO as YYYY-MM-DD; the period must end on or before the latest date).
#
# Each case is followed with all its events up to the end of the period (the as-of date).
# For each norm pair A -> B of the built-in model, the wait runs from the first A of the
# case to the first B after it (done), or to a terminal stage after A (dropped), or is
# still open at the as-of date (waiting).  The waits of the period are those that ended
# (done or dropped) in it and those still open at its end.  The statistics are those of
# keten-waits(1), taken from their definitions: pandas' quantiles (type 7), the order
# statistics of the median's interval from the binomial, the Kaplan-Meier curve and R's
# survfit rule for its quantiles, and the deadlines of the Algemene termijnenwet with the
# holidays that keten-calendar(1) lists (Easter from dateutil).
import math
import sys
import datetime as dt

import pandas as pd
from dateutil.easter import easter

STAGES = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek", "intake",
          "beschikking", "stabilisatie", "schuldregeling", "wsnp", "begeleiding", "nazorg",
          "uitstroom"]
ORDER = {s: i for i, s in enumerate(STAGES)}
TERMINAL = {"uitstroom"}
# (from, to, limit, workdays, urgent condition), in the model's order of norms.
NORMS = [("aanmelding", "eerste_gesprek", 28, False, False),
         ("aanmelding", "eerste_gesprek", 3, True, True),
         ("eerste_gesprek", "beschikking", 56, False, False)]
PAIRS = [("aanmelding", "eerste_gesprek"), ("eerste_gesprek", "beschikking")]

path, first, last = sys.argv[1], dt.date.fromisoformat(sys.argv[2]), dt.date.fromisoformat(sys.argv[3])


def holidays(y):
    e = easter(y)
    king = dt.date(y, 4, 27) if y >= 2014 else dt.date(y, 4, 30)
    if king.weekday() == 6:
        king -= dt.timedelta(days=1)
    return {dt.date(y, 1, 1), e - dt.timedelta(days=2), e + dt.timedelta(days=1), king,
            dt.date(y, 5, 5), e + dt.timedelta(days=39), e + dt.timedelta(days=50),
            dt.date(y, 12, 25), dt.date(y, 12, 26)}


HOL = set().union(*(holidays(y) for y in range(2020, 2031)))


def workday(d):
    return d.weekday() < 5 and d not in HOL


def workdays(a, b):
    """Working days after a, up to and including b."""
    return sum(workday(a + dt.timedelta(days=i)) for i in range(1, (b - a).days + 1))


def deadline(a, n):
    d = a + dt.timedelta(days=n)
    while not workday(d):
        d += dt.timedelta(days=1)
    return d


def past(norm, a, b):
    _, _, limit, wd, _ = norm
    return workdays(a, b) > limit if wd else b > deadline(a, limit)


ev = pd.read_csv(path, dtype=str, keep_default_na=False)
ev["day"] = pd.to_datetime(ev["date"]).dt.date
asof = last
assert asof <= ev["day"].max()
ev["ord"] = ev["stage"].map(ORDER)
ev["row"] = range(len(ev))
ev = ev[ev["day"] <= asof].sort_values(["case", "day", "ord", "row"], kind="stable")

waits = []  # (city, pair index, norm index, status, wait in days, over or None)
for case, e in ev.groupby("case", sort=False):
    rows = list(e.itertuples())
    for p, (a, b) in enumerate(PAIRS):
        i = next((k for k, r in enumerate(rows) if r.stage == a), None)
        if i is None:
            continue
        start = rows[i]
        end = next((r for r in rows[i + 1:] if r.stage == b), None)
        status = "done"
        if end is None:
            end = next((r for r in rows[i + 1:] if r.stage in TERMINAL), None)
            status = "dropped" if end is not None else "waiting"
        if status != "waiting" and not (first <= end.day <= last):
            continue
        cands = [k for k, n in enumerate(NORMS) if (n[0], n[1]) == (a, b)]
        urgent = [k for k in cands if NORMS[k][4] and start.urgent == "1"]
        norm = urgent[0] if urgent else [k for k in cands if not NORMS[k][4]][0]
        until = asof if status == "waiting" else end.day
        over = None if status == "dropped" else past(NORMS[norm], start.day, until)
        waits.append((start.city, p, norm, status, (until - start.day).days, over))


def fmt(x, d=2):
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else "%.*f" % (d, x)


def median_ci(x, level=0.95):
    """The order statistics x(j), x(n-j+1): j the largest with P(B <= j-1) <= (1-level)/2."""
    n = len(x)
    cdf, j = 0.0, None
    for k in range(1, n + 1):
        cdf += math.comb(n, k - 1) / 2 ** n  # P(B <= k - 1)
        if cdf <= (1 - level) / 2:
            j = k
    return (x[j - 1], x[n - j]) if j else (None, None)


def km_quantiles(obs, probs=(0.5, 0.9)):
    """Kaplan-Meier over (t, event) pairs; survfit's quantile: the first time with S within
    its tolerance of 1 - p or below; on the target exactly, the midpoint to the next time
    the curve falls, or to the largest time observed when it never falls again."""
    tol = math.sqrt(2.220446049250313e-16)
    times = sorted({t for t, ev in obs if ev})
    s, curve = 1.0, []
    for t in times:
        at_risk = sum(1 for u, _ in obs if u >= t)
        deaths = sum(1 for u, ev in obs if u == t and ev)
        s *= 1 - deaths / at_risk
        curve.append((t, s))
    out = []
    for p in probs:
        target = 1 - p
        q = None
        for i, (t, v) in enumerate(curve):
            if v <= target + tol:
                if abs(v - target) < tol:
                    lower = [u for u, w in curve[i + 1:] if w < target - tol]
                    q = (t + (lower[0] if lower else max(u for u, _ in obs))) / 2
                else:
                    q = t
                break
        out.append(q)
    return out


rows = []
for (city, p, norm), g in pd.DataFrame(
        waits, columns=["city", "pair", "norm", "status", "w", "over"]).groupby(["city", "pair", "norm"]):
    done = g[g["status"] == "done"]["w"].astype(float).sort_values().reset_index(drop=True)
    n, nd = len(g), len(done)
    nw, ndr = int((g["status"] == "waiting").sum()), int((g["status"] == "dropped").sum())
    over = int(g["over"].fillna(False).astype(bool).sum())
    lo, hi = median_ci(list(done)) if nd else (None, None)
    kmm, km9 = km_quantiles([(float(w), s == "done") for w, s in zip(g["w"], g["status"])])
    stats = [done.mean() if nd else None, done.std() if nd > 1 else None,
             done.min() if nd else None] + \
        [done.quantile(q) if nd else None for q in (0.25, 0.5, 0.75, 0.9)] + \
        [done.max() if nd else None, lo, hi, kmm, km9]
    lim = NORMS[norm]
    rows.append([city, PAIRS[p][0], PAIRS[p][1], str(n), str(nd), str(nw), str(ndr)] +
                [fmt(x) for x in stats] +
                ["%d %s" % (lim[2], "workdays" if lim[3] else "days"), "days", str(over),
                 fmt(100 * over / (nd + nw), 1) if nd + nw else "", "0"])

print("city,from,to,n,done,waiting,dropped,mean,sd,min,p25,median,p75,p90,max,ci_low,ci_high,"
      "km_median,km_p90,norm,unit,over,pct_over,suppressed")
for r in rows:
    print(",".join(r))
