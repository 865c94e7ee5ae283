#!/usr/bin/python3
"""The klantreis of a period computed with pandas, sharing no code with keten:

  reference.py --from D --to D [--by COL] EVENTS > expected.csv

writes what `keten klantreis -f csv --period FROM..TO --by COL` must write, by the
definitions of keten-klantreis(1) and the built-in model (keten-model(7)):

- the cases: those in the chain during the period, as keten-filter(1) --active picks
  them: an event in the period, or a latest event before it that is not at uitstroom, the
  one terminal stage (latest: by date, then model order of the stage, then input order);
- each case whole, with its events up to the end of the period (the as-of date);
- its journey: the group of its first event; per phase the first event in it (reached),
  the days from there to the first later event at a non-terminal stage of a later phase
  (moved on; median and p90 are type-7 quantiles), the conversion from the nearest earlier
  phase with stages, and the phase of the event before its first uitstroom, unless that
  reason is afgerond (dropped);
- its waits under the norms: from the first A to the first B after it, dropped when an
  uitstroom comes first; the norm of 3 working days where the A event has urgent=1, else
  the plain one; a calendar-day limit ends on the next working day of the Algemene
  termijnenwet (weekends; Nieuwjaarsdag, Goede Vrijdag, Tweede Paasdag, Koningsdag,
  Bevrijdingsdag, Hemelvaartsdag, Tweede Pinksterdag, Kerstdagen); working days are
  counted in (A, B]; an open wait counts against its norm at the as-of date.
"""
import argparse
import datetime as dt
import sys

import pandas as pd
from dateutil.easter import easter

PHASES = ["preventie", "signalering", "toeleiding", "toegang", "stabilisatie", "oplossing",
          "nazorg", "uitstroom"]
LABELS = [p.capitalize() for p in PHASES]
STAGES = [("signaal", "signalering"), ("informeel", "toeleiding"),
          ("doorverwijzing", "toeleiding"), ("aanmelding", "toegang"),
          ("eerste_gesprek", "toegang"), ("intake", "toegang"), ("beschikking", "toegang"),
          ("stabilisatie", "stabilisatie"), ("schuldregeling", "oplossing"),
          ("wsnp", "oplossing"), ("begeleiding", "oplossing"), ("nazorg", "nazorg"),
          ("uitstroom", "uitstroom")]
ORDER = {s: i for i, (s, _) in enumerate(STAGES)}
PHASE = {s: PHASES.index(p) for s, p in STAGES}
TERMINAL = {"uitstroom"}
HAS_STAGES = {PHASE[s] for s, _ in STAGES}
PAIRS = [("aanmelding", "eerste_gesprek"), ("eerste_gesprek", "beschikking")]
PLAIN = {PAIRS[0]: 28, PAIRS[1]: 56}  # calendar days
URGENT = {PAIRS[0]: 3}                # working days, where urgent=1


def holidays(year):
    e = easter(year)
    k = dt.date(year, 4, 27)
    if k.weekday() == 6:
        k -= dt.timedelta(days=1)
    return {dt.date(year, 1, 1), e - dt.timedelta(days=2), e + dt.timedelta(days=1), k,
            dt.date(year, 5, 5), e + dt.timedelta(days=39), e + dt.timedelta(days=50),
            dt.date(year, 12, 25), dt.date(year, 12, 26)}


HOL = set()
for y in range(2020, 2031):
    HOL |= holidays(y)


def workday(d):
    return d.weekday() < 5 and d not in HOL


def workdays(a, b):
    """Working days in (a, b]."""
    return sum(workday(a + dt.timedelta(days=i)) for i in range(1, (b - a).days + 1))


def deadline(a, days):
    d = a + dt.timedelta(days=days)
    while not workday(d):
        d += dt.timedelta(days=1)
    return d


def prev_phase(p):
    for q in range(p - 1, -1, -1):
        if q in HAS_STAGES:
            return q
    return None


def quantile(v, q):
    return pd.Series(v, dtype=float).quantile(q) if v else float("nan")


def fmt(x, d):
    return "" if x != x else "%.*f" % (d, x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="start", required=True)
    ap.add_argument("--to", dest="end", required=True)
    ap.add_argument("--by")
    ap.add_argument("events")
    a = ap.parse_args()
    start, end = dt.date.fromisoformat(a.start), dt.date.fromisoformat(a.end)

    ev = pd.read_csv(a.events, dtype=str, keep_default_na=False)
    ev["day"] = ev["date"].map(lambda s: dt.date.fromisoformat(s[:10]))
    ev["ord"] = ev["stage"].map(ORDER)
    ev["row"] = range(len(ev))
    ev = ev.sort_values(["case", "day", "ord", "row"], kind="stable")

    stats = {}
    for case, g in ev.groupby("case", sort=False):
        before = g[g["day"] < start]
        inside = ((g["day"] >= start) & (g["day"] <= end)).any()
        if not (inside or (len(before) and before["stage"].iloc[-1] not in TERMINAL)):
            continue
        g = g[g["day"] <= end]
        stages, days = list(g["stage"]), list(g["day"])
        group = g[a.by].iloc[0] if a.by else ""
        s = stats.setdefault(group, {"started": 0, "ph": {}})
        s["started"] += 1
        ph = lambda p: s["ph"].setdefault(p, {"reached": 0, "convert": 0, "dropped": 0,
                                              "waits": [], "norm": 0, "over": 0})
        seen = set()
        for i, st in enumerate(stages):
            p = PHASE[st]
            if p in seen:
                continue
            seen.add(p)
            ph(p)["reached"] += 1
            for k in range(i + 1, len(stages)):
                if PHASE[stages[k]] > p and stages[k] not in TERMINAL:
                    ph(p)["waits"].append((days[k] - days[i]).days)
                    break
        for p in seen:
            q = prev_phase(p)
            if q is not None and q in seen:
                ph(p)["convert"] += 1
        term = [i for i, st in enumerate(stages) if st in TERMINAL]
        if term and term[0] > 0 and g["reason"].iloc[term[0]] != "afgerond":
            ph(PHASE[stages[term[0] - 1]])["dropped"] += 1
        for fa, fb in PAIRS:
            if fa not in stages:
                continue
            i = stages.index(fa)
            b = next((j for j in range(i + 1, len(stages)) if stages[j] == fb), None)
            if b is None and any(st in TERMINAL for st in stages[i + 1:]):
                continue  # dropped
            stop = days[b] if b is not None else end
            if (fa, fb) in URGENT and g["urgent"].iloc[i] == "1":
                over = workdays(days[i], stop) > URGENT[(fa, fb)]
            else:
                over = stop > deadline(days[i], PLAIN[(fa, fb)])
            ph(PHASE[fa])["norm"] += 1
            ph(PHASE[fa])["over"] += over

    out = sys.stdout
    out.write((a.by + "," if a.by else "") + "phase,label,started,reached,pct_started,"
              "conversion,dropped,moved_on,median_wait,p90_wait,unit,norm_waits,pct_within,"
              "knelpunten,suppressed\n")
    for group in sorted(stats, key=lambda x: x.encode()):
        s = stats[group]
        for p, name in enumerate(PHASES):
            row = ([group] if a.by else []) + [name, LABELS[p], str(s["started"])]
            if p not in HAS_STAGES:
                row += [""] * 10
            else:
                x = s["ph"].get(p, {"reached": 0, "convert": 0, "dropped": 0, "waits": [],
                                    "norm": 0, "over": 0})
                q = prev_phase(p)
                qr = s["ph"].get(q, {"reached": 0})["reached"] if q is not None else 0
                conv = 100 * x["convert"] / qr if qr else float("nan")
                w = sorted(x["waits"])
                within = 100 * (x["norm"] - x["over"]) / x["norm"] if x["norm"] else float("nan")
                row += [str(x["reached"]), fmt(100 * x["reached"] / s["started"], 1),
                        fmt(conv, 1), str(x["dropped"]), str(len(w)),
                        fmt(quantile(w, 0.5), 2), fmt(quantile(w, 0.9), 2), "days",
                        str(x["norm"]), fmt(within, 1)]
            row += ["", "0"]
            out.write(",".join(row) + "\n")


if __name__ == "__main__":
    main()
