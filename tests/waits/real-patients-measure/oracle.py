"""Waiting and processing in bupaR's patients log (tests/data/patients.csv), computed
with pandas without keten, by keten-import(1) ("Start and complete") and keten-waits(1)
("Waiting and processing").

Each start pairs with the complete of the same patient, handling and handling_id (every
start in this log has one).  A patient's activities are ordered by their completion (the
log has no two at the same moment within a patient: checked).  Every two consecutive
activities a, b make a wait: waiting = start(b) - complete(a), 0 when b started before a
completed; processing = complete(b) - start(b), in hours.  A patient whose last activity
is not Check-out (the stage that ends patients and is never left, the terminal stage of
-M infer) has an open wait there, counted as waiting under waiting and left out under
processing.  Written: from, to, n, done, waiting, dropped, mean, median, p90 (linear
interpolation, R's type 7), 2 decimals, rows sorted bytewise.

Usage: /usr/bin/python3 oracle.py patients.csv waiting|processing"""
import sys

import pandas as pd

log = pd.read_csv(sys.argv[1], dtype=str)
measure = sys.argv[2]
log["t"] = pd.to_datetime(log["time"], utc=True)
key = ["patient", "handling", "handling_id"]
s = log[log["registration_type"] == "start"].set_index(key)["t"].rename("start")
c = log[log["registration_type"] == "complete"].set_index(key)["t"].rename("done")
act = pd.concat([s, c], axis=1).reset_index()
assert act["start"].notna().all() and act["done"].notna().all()
assert not act.duplicated(["patient", "done"]).any()
act = act.sort_values(["patient", "done"])

rows = []
for p, g in act.groupby("patient"):
    e = g.to_dict("records")
    for a, b in zip(e, e[1:]):
        if measure == "waiting":
            w = max(b["start"] - a["done"], pd.Timedelta(0))
        else:
            w = b["done"] - b["start"]
        rows.append((a["handling"], b["handling"], "done", w / pd.Timedelta(hours=1)))
    if e[-1]["handling"] != "Check-out" and measure == "waiting":
        rows.append((e[-1]["handling"], "(open)", "waiting", None))
df = pd.DataFrame(rows, columns=["from", "to", "status", "w"])
out = []
for (f, t), g in df.groupby(["from", "to"]):
    d = g.loc[g["status"] == "done", "w"].astype(float)
    st = [d.mean(), d.quantile(0.5), d.quantile(0.9)] if len(d) else [None] * 3
    for x in st:
        if x is not None and abs(abs(x * 100) % 1 - 0.5) < 1e-6:
            sys.exit(f"oracle.py: {x} lies half way between two hundredths")
    out.append(",".join([f, t, str(len(g)), str((g["status"] == "done").sum()),
                         str((g["status"] == "waiting").sum()), "0"]
                        + ["" if x is None else f"{x:.2f}" for x in st]))
print("from,to,n,done,waiting,dropped,mean,median,p90")
for line in sorted(out, key=lambda s: s.encode()):
    print(line)
