# Independent reference for keten flow and keten bottleneck (days, the built-in model):
# reads events.csv, follows each case in plain Python and lets pandas (type 7, its default)
# take the quantiles.  Usage: /usr/bin/python3 reference.py flow|bottleneck EVENTS.csv
# [--on COL] [--by COL]; run as in the README.
import sys
import datetime
import pandas as pd

STAGES = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek", "intake",
          "beschikking", "stabilisatie", "schuldregeling", "wsnp", "begeleiding", "nazorg",
          "uitstroom"]
ORDER = {s: i for i, s in enumerate(STAGES)}
TERMINAL = {"uitstroom"}
LAST = "nazorg"

mode, path = sys.argv[1], sys.argv[2]
args = sys.argv[3:]
on = args[args.index("--on") + 1] if "--on" in args else "stage"
by = args[args.index("--by") + 1] if "--by" in args else None

ev = pd.read_csv(path, dtype=str, keep_default_na=False)
ev["day"] = pd.to_datetime(ev["date"]).dt.date
asof = ev["day"].max()
minday = ev["day"].min()
ev["ord"] = ev["stage"].map(ORDER)
ev["row"] = range(len(ev))
first_seen = {c: i for i, c in enumerate(dict.fromkeys(ev["case"]))}
ev = ev.sort_values(["case", "day", "ord", "row"], kind="stable")

stays = []  # (group, key, next, dwell, end, case)
for case, e in ev.groupby("case", sort=False):
    e = e[e["day"] <= asof]
    cur = None
    for r in e.itertuples():
        if r.stage in TERMINAL:
            if cur:
                end = "done" if r.stage in TERMINAL and prev_stage == LAST else "dropped"
                stays.append((cur[0], cur[1], "(end)", (r.day - cur[2]).days, end, case))
                cur = None
            prev_stage = r.stage
            continue
        prev_stage = r.stage
        key = getattr(r, on)
        if on != "stage" and key == "":
            continue
        if cur and cur[1] == key:
            continue
        if cur:
            stays.append((cur[0], cur[1], key, (r.day - cur[2]).days, "left", case))
        cur = (getattr(r, by) if by else "", key, r.day)
    if cur:
        stays.append((cur[0], cur[1], "(open)", (asof - cur[2]).days, "open", case))

st = pd.DataFrame(stays, columns=["group", "key", "next", "d", "end", "case"])
def q(x, p):
    return "%.2f" % x.quantile(p) if len(x) else ""

out = []
if mode == "flow":
    keys = sorted(set(st["key"]) | set(st["next"]) - {"(end)", "(open)"})
    rank = (lambda k: ORDER.get(k, 99)) if on == "stage" else (lambda k: keys.index(k))
    rk = lambda k: (1, 0) if k == "(end)" else (1, 1) if k == "(open)" else (0, rank(k))
    for (g, k), s in st.groupby(["group", "key"]):
        ncases = s["case"].nunique()
        for nx, m in s.groupby("next"):
            out.append((g, rank(k), rk(nx), [g] if by else [], k, nx, m["case"].nunique(),
                        "%.1f" % (100 * m["case"].nunique() / ncases), q(m["d"], .5), q(m["d"], .9)))
    out.sort(key=lambda r: r[:3])
    print(",".join(([by] if by else []) + ["from", "to", "cases", "share_of_from",
                                             "median_wait", "p90_wait"]))
    for r in out:
        print(",".join(r[3] + [r[4], r[5], str(r[6]), r[7], r[8], r[9]]))
else:
    period = (asof - minday).days + 1
    print(",".join(([by] if by else []) + ["stage", "entered", "left", "dropped", "wip",
                                             "median_dwell", "p90_dwell", "dwell_days"]))
    for (g, k), s in sorted(st.groupby(["group", "key"]), key=lambda x: (x[0][0], ORDER[x[0][1]])):
        ended = s[s["end"] != "open"]["d"]
        left = ((s["end"] == "left") | (s["end"] == "done")).sum()
        print(",".join(([g] if by else []) + [k, str(len(s)), str(left),
              str((s["end"] == "dropped").sum()), str((s["end"] == "open").sum()),
              q(ended, .5), q(ended, .9), "%.2f" % s["d"].sum()]))
