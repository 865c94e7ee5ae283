# Independent reference for keten bottleneck --period (days, the built-in model): follows
# each whole case in plain Python up to the as-of date, keeps the stays that ended in the
# period and those still open at its end, and lets pandas take the quantiles (type 7, its
# default).  Usage:
#   /usr/bin/python3 reference.py EVENTS.csv FROM TO [ASOF] [--by COL] [--idle DAYS]
# FROM and TO are the first and last day of the period; the as-of date is TO, or ASOF when
# it is given and earlier.  Prints the columns stage .. drop_rate, throughput and
# littles_wip of keten bottleneck, rows sorted by group and model order.
import sys
import datetime
import pandas as pd

STAGES = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek", "intake",
          "beschikking", "stabilisatie", "schuldregeling", "wsnp", "begeleiding", "nazorg",
          "uitstroom"]
ORDER = {s: i for i, s in enumerate(STAGES)}
TERMINAL = {"uitstroom"}
LAST = "nazorg"

args = sys.argv[1:]
by = idle = None
if "--by" in args:
    i = args.index("--by")
    by = args[i + 1]
    del args[i:i + 2]
if "--idle" in args:
    i = args.index("--idle")
    idle = int(args[i + 1])
    del args[i:i + 2]
path = args[0]
pfrom = datetime.date.fromisoformat(args[1])
pto = datetime.date.fromisoformat(args[2])
asof = pto
if len(args) > 3:
    asof = min(pto, datetime.date.fromisoformat(args[3]))

ev = pd.read_csv(path, dtype=str, keep_default_na=False)
ev["day"] = pd.to_datetime(ev["date"]).dt.date
minday = ev["day"].min()
ev["ord"] = ev["stage"].map(ORDER)
ev["row"] = range(len(ev))
ev = ev.sort_values(["case", "day", "ord", "row"], kind="stable")
ev = ev[ev["day"] <= asof]  # whole cases, up to the as-of date

stays = []  # (group, stage, dwell, how it ended, the day it ended or None, case)
for case, e in ev.groupby("case", sort=False):
    cur = None
    prev = None
    for r in e.itertuples():
        if r.stage in TERMINAL:
            if cur:
                how = "left" if prev == LAST else "dropped"
                stays.append((cur[0], cur[1], (r.day - cur[2]).days, how, r.day, case))
                cur = None
            prev = r.stage
            continue
        prev = r.stage
        if cur and cur[1] == r.stage:
            continue
        if cur:
            stays.append((cur[0], cur[1], (r.day - cur[2]).days, "left", r.day, case))
        cur = (getattr(r, by) if by else "", r.stage, r.day)
    if cur:
        last = e["day"].iloc[-1]
        if idle and (asof - last).days >= idle:
            end = last + datetime.timedelta(days=idle)
            stays.append((cur[0], cur[1], (end - cur[2]).days, "dropped", end, case))
        else:
            stays.append((cur[0], cur[1], (asof - cur[2]).days, "open", None, case))

st = pd.DataFrame(stays, columns=["group", "stage", "d", "how", "end", "case"])
# The stays that ended in the period, and those open at its end.
st = st[(st["how"] == "open") | st["end"].map(lambda d: d is not None and d >= pfrom)]
P = (asof - max(pfrom, minday)).days + 1
gtotal = st.groupby("group")["d"].sum()


def q(x, p):
    return "%.2f" % x.quantile(p) if len(x) else ""


print(",".join(([by] if by else []) + ["stage", "entered", "left", "dropped", "wip",
                                         "median_dwell", "p90_dwell", "dwell_days", "share",
                                         "drop_rate", "throughput", "littles_wip"]))
for (g, k), s in sorted(st.groupby(["group", "stage"]), key=lambda x: (x[0][0], ORDER[x[0][1]])):
    ended = s[s["how"] != "open"]["d"]
    left = (s["how"] == "left").sum()
    dropped = (s["how"] == "dropped").sum()
    n = left + dropped
    print(",".join(([g] if by else []) + [
        k, str(len(s)), str(left), str(dropped), str((s["how"] == "open").sum()),
        q(ended, .5), q(ended, .9), "%.2f" % s["d"].sum(),
        "%.1f" % (100 * s["d"].sum() / gtotal[g]),
        "%.1f" % (100 * dropped / n) if n else "",
        "%.2f" % (30 * n / P), "%.2f" % (ended.sum() / P) if n else ""]))
