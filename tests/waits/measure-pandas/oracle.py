"""keten waits --measure waiting and processing, computed with pandas without keten
(keten-waits(1), "Waiting and processing").

Each case's events are ordered by their completion (date).  A wait from event a to event
b is split at b's start (its completion when start is empty): waiting = start(b) -
date(a), 0 when b started before a completed; processing = date(b) - start(b).  In
transition mode every two consecutive events make a wait, and a case whose last stage is
not the terminal uitstroom has an open wait at its last stage ((open), counted as waiting,
and left out under processing).  With --between A,B the wait runs from the first A to the
first B after it; without such a B it is dropped when an uitstroom follows A, else
waiting.  Statistics are over the done waits: mean, sd (n - 1), min, p25, median, p75,
p90 (linear interpolation, R's type 7, pandas' default) and max, 2 decimals, in hours or
days.  Rows follow the built-in model's order of from, then of to, (open) last.

Usage: /usr/bin/python3 oracle.py events.csv MEASURE UNIT [A,B]"""
import sys

import pandas as pd

ORDER = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek", "intake",
         "beschikking", "stabilisatie", "schuldregeling", "wsnp", "begeleiding", "nazorg",
         "uitstroom"]
path, measure, unit = sys.argv[1], sys.argv[2], sys.argv[3]
between = sys.argv[4].split(",") if len(sys.argv) > 4 else None
per = pd.Timedelta(hours=1) if unit == "hours" else pd.Timedelta(days=1)

ev = pd.read_csv(path, dtype=str, keep_default_na=False)
ev["done"] = pd.to_datetime(ev["date"])
ev["begin"] = pd.to_datetime(ev["start"].where(ev["start"] != "", ev["date"]))
ev = ev.sort_values(["case", "done"], kind="stable")

rows = []  # (from, to, status, value)


def part(a, b):
    if measure == "waiting":
        return max(b["begin"] - a["done"], pd.Timedelta(0)) / per
    return (b["done"] - b["begin"]) / per


for case, g in ev.groupby("case", sort=False):
    e = [r for _, r in g.iterrows()]
    if between is None:
        for a, b in zip(e, e[1:]):
            rows.append((a["stage"], b["stage"], "done", part(a, b)))
        if e[-1]["stage"] != "uitstroom" and measure == "waiting":
            rows.append((e[-1]["stage"], "(open)", "waiting", None))
        continue
    A, B = between
    ia = next((i for i, r in enumerate(e) if r["stage"] == A), None)
    if ia is None:
        continue
    ib = next((i for i in range(ia + 1, len(e)) if e[i]["stage"] == B), None)
    if ib is not None:
        rows.append((A, B, "done", part(e[ia], e[ib])))
    elif measure == "waiting":
        left = any(r["stage"] == "uitstroom" for r in e[ia + 1:])
        rows.append((A, B, "dropped" if left else "waiting", None))

df = pd.DataFrame(rows, columns=["from", "to", "status", "w"])
df["fo"] = df["from"].map(ORDER.index)
df["to_o"] = df["to"].map(lambda s: len(ORDER) if s == "(open)" else ORDER.index(s))


def fmt(x):
    # A value half way between two hundredths rounds by its last binary digits, which
    # two exact computations need not share: the data are chosen to have none.
    if not pd.isna(x) and abs(abs(x * 100) % 1 - 0.5) < 1e-6:
        sys.exit(f"oracle.py: {x} lies half way between two hundredths")
    return "" if pd.isna(x) else f"{x:.2f}"


print("from,to,n,done,waiting,dropped,mean,sd,min,p25,median,p75,p90,max")
for (f, t), g in df.sort_values(["fo", "to_o"]).groupby(["fo", "to_o"], sort=True):
    d = g.loc[g["status"] == "done", "w"].astype(float)
    q = [d.quantile(p) if len(d) else None for p in (0.25, 0.5, 0.75, 0.9)]
    stats = [d.mean() if len(d) else None, d.std(ddof=1) if len(d) > 1 else None,
             d.min() if len(d) else None] + q[:3] + [q[3], d.max() if len(d) else None]
    stats = [stats[0], stats[1], stats[2], q[0], q[1], q[2], q[3], stats[-1]]
    print(",".join([g["from"].iloc[0], g["to"].iloc[0], str(len(g)),
                    str((g["status"] == "done").sum()), str((g["status"] == "waiting").sum()),
                    str((g["status"] == "dropped").sum())] + [fmt(x) for x in stats]))
