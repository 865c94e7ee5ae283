#!/usr/bin/python3
"""The model keten-model(1) says `keten model --infer` writes, computed with pandas and
exact fractions, independently of keten's code.

usage: infer.py LOG.csv CASE STAGE TIME

LOG.csv is the log as exported (not as keten imports it); CASE, STAGE and TIME name its
columns.  The rule (keten-model(1), "Inferred models"):
- the events of each case in time order, ties in input order;
- a case's distinct stages in the order of their first events, the j-th of d has the
  place j/(d-1), the one stage of a case with one stage the place 0;
- the stages ordered by the median of their places (the mean of the middle two for an
  even count), equal medians by their first appearance in the log;
- orders 10, 20, 30, ...; terminal: a stage that no other stage directly follows in
  any case; every stage in the one phase `keten`.
"""
import csv
import sys
from fractions import Fraction

import pandas as pd

path, ccase, cstage, ctime = sys.argv[1:5]
log = pd.read_csv(path, dtype=str, keep_default_na=False)
log["row"] = range(len(log))
# keten keeps the wall-clock time of a timestamp with an offset; ordering by the instant
# must give the same order here, so that the expected model does not hang on that choice.
wall = pd.to_datetime(log[ctime].str.slice(0, 19), format="%Y-%m-%d %H:%M:%S")
inst = pd.to_datetime(log[ctime], utc=True)
log["wall"] = wall
log["inst"] = inst

first = {}
for s in log[cstage]:
    first.setdefault(s, len(first))

places = {s: [] for s in first}
left = set()
for _, case in log.groupby(ccase, sort=False):
    a = case.sort_values(["wall", "row"], kind="mergesort")
    b = case.sort_values(["inst", "row"], kind="mergesort")
    assert list(a["row"]) == list(b["row"]), "wall-clock and instant order differ"
    seq = list(a[cstage])
    for x, y in zip(seq, seq[1:]):
        if x != y:
            left.add(x)
    distinct = list(dict.fromkeys(seq))
    d = len(distinct)
    for j, s in enumerate(distinct):
        places[s].append(Fraction(j, d - 1) if d > 1 else Fraction(0))


def median(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


order = sorted(first, key=lambda s: (median(places[s]), first[s]))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow("kind,stage,phase,order,label,terminal,from,to,limit,unit,where,source".split(","))
w.writerow(["phase", "", "keten", 1, "Keten"] + [""] * 7)
for k, s in enumerate(order):
    w.writerow(["stage", s, "keten", 10 * (k + 1), s, 0 if s in left else 1] + [""] * 6)
# The medians, for the README and for a reader who checks by hand.
for s in order:
    print(f"{s}: median {median(places[s])} of {len(places[s])} cases", file=sys.stderr)
