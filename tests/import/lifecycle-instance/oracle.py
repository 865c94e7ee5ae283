"""The pairing of keten-import(1), "Start and complete", computed without keten: pandas
reads the log, and each case's rows are walked in input order.  A start (any case)
joins the queue of its case, activity (and instance, when the log has that column); a
complete or an empty lifecycle takes the queue's first start; other transitions are
dropped.  A completion is written where it comes, with the start's timestamp in start;
starts never completed follow at the end in input order, as rows of their own with an
empty start.  Output columns: case, stage, date, start, lifecycle, then the others.

Usage: /usr/bin/python3 oracle.py log.csv > expected.csv"""
import csv
import sys
from collections import defaultdict, deque

import pandas as pd

df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
inst = "instance" in df.columns
other = [c for c in df.columns if c not in ("case", "activity", "timestamp", "lifecycle", "instance")]
queues = defaultdict(deque)
out = []
opened = []
for i, r in df.iterrows():
    key = (r["case"], r["activity"], r["instance"] if inst else None)
    life = r["lifecycle"].lower()
    if life == "start":
        queues[key].append(i)
        opened.append(i)
    elif life in ("", "complete"):
        start = ""
        if queues[key]:
            j = queues[key].popleft()
            opened.remove(j)
            start = df.at[j, "timestamp"]
        out.append([r["case"], r["activity"], r["timestamp"], start, r["lifecycle"]]
                   + ([r["instance"]] if inst else []) + [r[c] for c in other])
for j in opened:
    r = df.loc[j]
    out.append([r["case"], r["activity"], r["timestamp"], "", r["lifecycle"]]
               + ([r["instance"]] if inst else []) + [r[c] for c in other])
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["case", "stage", "date", "start", "lifecycle"] + (["instance"] if inst else []) + other)
w.writerows(out)
