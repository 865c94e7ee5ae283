# keten flow --period FROM..TO computed on whole cases without keten (days, the built-in
# model): each case is followed with all its events up to the end of the period (the
# as-of date); runs of one value are one stay, uitstroom ends the stay before it; the
# stays of the period are those that ended in it and those still open at its end, which
# are measured to its end.  pandas takes the quantiles (type 7, its default).  Usage:
#   /usr/bin/python3 whole_cases.py EVENTS.csv FROM TO [--on COL] [--by COL]
import sys
import datetime as dt

import pandas as pd

STAGES = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek", "intake",
          "beschikking", "stabilisatie", "schuldregeling", "wsnp", "begeleiding", "nazorg",
          "uitstroom"]
ORDER = {s: i for i, s in enumerate(STAGES)}
TERMINAL = {"uitstroom"}

path, first, last = sys.argv[1], dt.date.fromisoformat(sys.argv[2]), dt.date.fromisoformat(sys.argv[3])
args = sys.argv[4:]
on = args[args.index("--on") + 1] if "--on" in args else "stage"
by = args[args.index("--by") + 1] if "--by" in args else None

ev = pd.read_csv(path, dtype=str, keep_default_na=False)
ev["day"] = pd.to_datetime(ev["date"]).dt.date
asof = last
assert asof <= ev["day"].max()
ev["ord"] = ev["stage"].map(ORDER)
ev["row"] = range(len(ev))
ev = ev[ev["day"] <= asof].sort_values(["case", "day", "ord", "row"], kind="stable")

stays = []  # (group, key, next, dwell, case, the day it ended or None when open)
for case, e in ev.groupby("case", sort=False):
    cur = None
    for r in e.itertuples():
        if r.stage in TERMINAL:
            if cur:
                stays.append((cur[0], cur[1], "(end)", (r.day - cur[2]).days, case, r.day))
                cur = None
            continue
        key = getattr(r, on)
        if on != "stage" and key == "":
            continue
        if cur and cur[1] == key:
            continue
        if cur:
            stays.append((cur[0], cur[1], key, (r.day - cur[2]).days, case, r.day))
        cur = (getattr(r, by) if by else "", key, r.day)
    if cur:
        stays.append((cur[0], cur[1], "(open)", (asof - cur[2]).days, case, None))

st = pd.DataFrame(stays, columns=["group", "key", "next", "d", "case", "ended"])
st = st[st["ended"].isna() | st["ended"].map(lambda d: d is not None and first <= d <= last)]

keys = sorted(set(st["key"]) | set(st["next"]) - {"(end)", "(open)"})
rank = (lambda k: ORDER.get(k, 99)) if on == "stage" else (lambda k: keys.index(k))
rk = lambda k: (1, 0) if k == "(end)" else (1, 1) if k == "(open)" else (0, rank(k))
out = []
for (g, k), s in st.groupby(["group", "key"]):
    ncases = s["case"].nunique()
    for nx, m in s.groupby("next"):
        c = m["case"].nunique()
        out.append((g, rank(k), rk(nx), [g] if by else [], k, nx, str(c),
                    "%.1f" % (100 * c / ncases), "%.2f" % m["d"].quantile(.5),
                    "%.2f" % m["d"].quantile(.9)))
out.sort(key=lambda r: r[:3])
print(",".join(([by] if by else []) + ["from", "to", "cases", "share_of_from", "median_wait",
                                         "p90_wait", "unit", "suppressed"]))
for r in out:
    print(",".join(r[3] + list(r[4:]) + ["days", "0"]))
