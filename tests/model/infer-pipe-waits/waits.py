#!/usr/bin/python3
"""The transitions of the running example that keten waits -M infer reports, computed
with pandas from the log as exported: from, to, n, done, waiting and the mean wait in
days (keten-waits(1): every two consecutive events of a case make a transition; a case
whose last event is not at a terminal stage waits there, in a row to '(open)').

usage: waits.py LOG.csv MODEL.csv

MODEL.csv is the expected inferred model (../infer-running-example/stdout): its order
sorts the rows and its terminal column tells which last events end a case.  The log has
no two events of a case at one time, so the order of ties does not arise.
"""
import sys

import pandas as pd

log = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
model = pd.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
model = model[model["kind"] == "stage"]
rank = {s: int(o) for s, o in zip(model["stage"], model["order"])}
terminal = {s for s, t in zip(model["stage"], model["terminal"]) if t == "1"}

log["row"] = range(len(log))
log["t"] = pd.to_datetime(log["time:timestamp"].str.slice(0, 19))
rows = []
for _, case in log.groupby("case:concept:name", sort=False):
    case = case.sort_values(["t", "row"], kind="mergesort")
    assert not case["t"].duplicated().any()
    s, t = list(case["concept:name"]), list(case["t"])
    for i in range(len(s) - 1):
        rows.append((s[i], s[i + 1], (t[i + 1] - t[i]).total_seconds() / 86400))
    if s[-1] not in terminal:
        rows.append((s[-1], "(open)", None))
w = pd.DataFrame(rows, columns=["from", "to", "wait"])
print("from,to,n,done,waiting,mean")
key = lambda x: (rank[x[0]], rank.get(x[1], 10**9))
for (a, b), g in sorted(w.groupby(["from", "to"]), key=lambda kv: key(kv[0])):
    done = g["wait"].notna().sum()
    mean = f"{g['wait'].mean():.2f}" if done else ""
    print(f"{a},{b},{len(g)},{done},{len(g) - done},{mean}")
