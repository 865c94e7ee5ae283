#!/usr/bin/python3
"""An independent computation of keten codes freq --by chain under the rule that a
segment of chain "beide" counts in every other chain (keten-codes(1)), with pandas.

It shares no code with keten.  Usage (from this folder):
    /usr/bin/python3 reference.py [--wide [--segments]] [--quotes] [--min-n K] FILE
"""
import argparse
import csv
import sys

import pandas as pd

ap = argparse.ArgumentParser()
ap.add_argument("--wide", action="store_true")
ap.add_argument("--segments", action="store_true")
ap.add_argument("--quotes", action="store_true")
ap.add_argument("--min-n", type=int, default=0)
ap.add_argument("file")
a = ap.parse_args()
df = pd.read_csv(a.file, dtype=str, keep_default_na=False)
df["row"] = range(len(df))

# Spread "beide" over the other chains the table names; when it names none, "beide"
# stays a chain of its own.
others = sorted(set(df.chain) - {"beide", ""}, key=lambda s: s.encode())
if others:
    beide = df[df.chain == "beide"]
    spread = pd.concat([beide.assign(chain=c) for c in others])
    ex = pd.concat([df[df.chain != "beide"], spread]).sort_values("row", kind="stable")
else:
    ex = df
groups = sorted(set(ex.chain) - {""}, key=lambda s: s.encode())
if (ex.chain == "").any():
    groups.append("")
small = lambda n: a.min_n > 0 and 0 < n < a.min_n
w = csv.writer(sys.stdout, lineterminator="\n")

if not a.wide:
    w.writerow(["chain", "code", "segments", "interviews", "pct_interviews"] +
               (["quote"] if a.quotes else []) + ["suppressed"])
    for g in groups:
        d = ex[ex.chain == g]
        nint = d.interview.nunique()
        st = d.groupby("code").agg(segments=("interview", "size"),
                                   interviews=("interview", "nunique"))
        rows = sorted(st.itertuples(), key=lambda r: (
            small(r.interviews), 0 if small(r.interviews) else -r.interviews,
            0 if small(r.interviews) else -r.segments, r.Index.encode()))
        for r in rows:
            s = small(r.interviews)
            q = d[(d.code == r.Index) & (d.quote != "")].quote
            w.writerow([g, r.Index] + (["", "", ""] if s else [
                r.segments, r.interviews, "%.1f" % (100 * r.interviews / nint)]) +
                ([("" if s or q.empty else q.iloc[0])] if a.quotes else []) + [int(s)])
else:
    # The totals count each segment and interview once: over the rows as read.
    val = (lambda d: len(d)) if a.segments else (lambda d: d.interview.nunique())
    ints = lambda d: d.interview.nunique()
    codes = sorted(set(df.code), key=lambda s: s.encode())
    tot = {c: val(df[df.code == c]) for c in codes}
    other = {c: (ints if a.segments else len)(df[df.code == c]) for c in codes}
    cint = {c: ints(df[df.code == c]) for c in codes}
    codes.sort(key=lambda c: (small(cint[c]), 0 if small(cint[c]) else -tot[c],
                              0 if small(cint[c]) else -other[c], c.encode()))
    w.writerow(["code"] + [g if g else "(none)" for g in groups] + ["total", "suppressed"])
    for c in codes + [None]:
        sub = ex if c is None else ex[ex.code == c]
        orig = df if c is None else df[df.code == c]
        row, supp = ["(all)" if c is None else c], 0
        for cell in [sub[sub.chain == g] for g in groups] + [orig]:
            if small(ints(cell)):
                row.append("")
                supp = 1
            else:
                row.append(val(cell))
        w.writerow(row + [supp])
