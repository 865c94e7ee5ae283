#!/usr/bin/python3
"""An independent computation of keten codes freq, cooc and matrix with pandas, used to
make and check the expected outputs of the cases in tests/codes (see their README).

It shares no code with keten: counts come from pandas groupby/nunique and from Python
sets over the raw rows.  Usage (from tests/codes):
    /usr/bin/python3 verify.py freq [--by COL] [--wide] [--segments] [--level N]
                                    [--min-n K] [--sort code] FILE
    /usr/bin/python3 verify.py cooc [--unit segment] [--list] [--min-n K] FILE
    /usr/bin/python3 verify.py matrix [--segments] [--level N] FILE
"""
import argparse
import csv
import io
import itertools
import sys

import pandas as pd

PHASES = ["preventie", "signalering", "toeleiding", "toegang", "stabilisatie",
          "oplossing", "nazorg", "uitstroom", "keten"]


def rollup(code, level):
    return ">".join(p.strip(" \t") for p in code.split(">")[:level])


def key_bytes(s):
    return s.encode("utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sub")
    ap.add_argument("--by")
    ap.add_argument("--wide", action="store_true")
    ap.add_argument("--segments", action="store_true")
    ap.add_argument("--level", type=int)
    ap.add_argument("--min-n", type=int, default=0)
    ap.add_argument("--sort", default="count")
    ap.add_argument("--unit", default="interview")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("file")
    a = ap.parse_args()
    df = pd.read_csv(a.file, dtype=str, keep_default_na=False)
    if a.level:
        df["code"] = df["code"].map(lambda c: rollup(c, a.level))
    small = lambda n: a.min_n > 0 and 0 < n < a.min_n
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    if a.sub == "matrix":
        a.by, a.wide = "phase", True
    if a.sub in ("freq", "matrix") and not a.wide:
        order = (lambda v: PHASES.index(v) if v else 99) if a.by == "phase" else key_bytes
        groups = [("", df)] if not a.by else sorted(
            df.groupby(a.by), key=lambda g: (g[0] == "", order(g[0])))
        w.writerow(([a.by] if a.by else []) + ["code", "segments", "interviews",
                                               "pct_interviews", "suppressed"])
        for gname, g in groups:
            nint = g["interview"].nunique()
            st = g.groupby("code").agg(segments=("interview", "size"),
                                       interviews=("interview", "nunique"))
            rows = sorted(st.itertuples(), key=lambda r: (
                small(r.interviews),
                0 if a.sort == "code" or small(r.interviews) else -r.interviews,
                0 if a.sort == "code" or small(r.interviews) else -r.segments,
                key_bytes(r.Index)))
            for r in rows:
                s = small(r.interviews)
                w.writerow(([gname] if a.by else []) + [r.Index] + (
                    ["", "", ""] if s else
                    [r.segments, r.interviews, "%.1f" % (100 * r.interviews / nint)]) +
                    [int(s)])
    elif a.sub in ("freq", "matrix"):
        vals = sorted(set(df[a.by]) - {""}, key=key_bytes)
        if a.by == "phase":
            vals = PHASES
        cols = vals + ([""] if (df[a.by] == "").any() else [])
        w.writerow(["code"] + [c if c else "(none)" for c in cols] + ["total", "suppressed"])
        # Codes in the order they first appear: the order keten interns them, which breaks
        # ties between equal cells in the secondary suppression below.
        codes = list(dict.fromkeys(df["code"]))
        ints = lambda d: d["interview"].nunique()
        val = (lambda d: len(d)) if a.segments else ints
        tot = {c: val(df[df.code == c]) for c in codes}
        other = {c: (ints if a.segments else len)(df[df.code == c]) for c in codes}
        # The cells in that order: each code's groups and total, then the groups' totals
        # (the row (all)), then the total of all; each with its count, whether it is blank
        # for its own interviews, and its place in the table.
        cells, where = [], {}
        for c in codes + [None]:
            sub = df if c is None else df[df.code == c]
            for g in cols + [None]:
                cell = sub if g is None else sub[sub[a.by] == g]
                if c is None and g is None:
                    continue
                where[(c, g)] = len(cells)
                cells.append([val(cell), small(ints(cell))])
        where[(None, None)] = len(cells)
        cells.append([val(df), small(ints(df))])
        # The sums a reader can form (keten(5), Small cells): each row across the groups;
        # with segments also each group down the codes and the codes' totals.
        sums = [[where[(c, None)]] + [where[(c, g)] for g in cols] for c in codes + [None]]
        if a.segments:
            sums += [[where[(None, g)]] + [where[(c, g)] for c in codes] for g in cols]
            sums.append([where[(None, None)]] + [where[(c, None)] for c in codes])
        # Secondary suppression: a sum with one blank loses its smallest other cell (one
        # that is not zero first, the earliest on a tie, the total only when no cell is
        # left), until no sum has one blank.
        changed = a.min_n > 1
        while changed:
            changed = False
            for sm in sums:
                if sum(cells[i][1] for i in sm) != 1:
                    continue
                shown = [i for i in sm[1:] if not cells[i][1]]
                if shown:
                    pick = min(shown, key=lambda i: (cells[i][0] == 0, cells[i][0], i))
                else:
                    pick = sm[0]
                if not cells[pick][1]:
                    cells[pick][1] = True
                    changed = True
        blank_total = {c: cells[where[(c, None)]][1] for c in codes}
        codes.sort(key=lambda c: (blank_total[c],
                                  0 if a.sort == "code" or blank_total[c] else -tot[c],
                                  0 if a.sort == "code" or blank_total[c] else -other[c],
                                  key_bytes(c)))
        for c in codes + [None]:
            row, supp = ["(all)" if c is None else c], 0
            for g in cols + [None]:
                v, b = cells[where[(c, g)]]
                row.append("" if b else v)
                supp |= b
            w.writerow(row + [int(supp)])
    elif a.sub == "cooc":
        unit = (lambda r: (r.interview, r.segment)) if a.unit == "segment" else \
            (lambda r: r.interview)
        units = {}
        for r in df.itertuples():
            units.setdefault(unit(r), set()).add(r.code)
        n = {}
        for u, cs in units.items():
            for c in cs:
                n[c] = n.get(c, 0) + 1
        both = {}
        for u, cs in units.items():
            for x, y in itertools.combinations(sorted(cs, key=key_bytes), 2):
                both.setdefault((x, y), []).append(u if a.unit == "interview" else u[0])
        rows = []
        for (x, y), us in both.items():
            nab = len(us)
            rows.append((x, y, n[x], n[y], nab, nab / (n[x] + n[y] - nab),
                         sorted(set(us), key=key_bytes)))
        rows.sort(key=lambda r: (small(len(r[6])),
                                 0 if a.sort == "code" or small(len(r[6])) else -r[4],
                                 0 if a.sort == "code" or small(len(r[6])) else -r[5],
                                 key_bytes(r[0]), key_bytes(r[1])))
        w.writerow(["code_a", "code_b", "n_a", "n_b", "n_ab", "jaccard"] +
                   (["interviews"] if a.list else []) + ["suppressed"])
        for r in rows:
            s = small(len(r[6]))
            stats = [r[2], r[3], r[4], "%.3f" % r[5]] + ([";".join(r[6])] if a.list else [])
            w.writerow([r[0], r[1]] + ([""] * len(stats) if s else stats) + [int(s)])
    sys.stdout.write(out.getvalue())


main()
