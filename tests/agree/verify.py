#!/usr/bin/python3
"""An independent computation of keten agree, used to make and check the expected outputs
of the cases in tests/agree (see their README).

It shares no code with keten: it builds the coder-by-unit table of presence (1), absence
(0) and missing (None) values of each code from the raw rows, then takes Cohen's and
Fleiss' kappa from statsmodels (python3-statsmodels) and computes Krippendorff's alpha
from the coincidence matrix of pairable values as Krippendorff (2011) sets it out, pair
by pair.  Usage (from tests/agree):
    /usr/bin/python3 verify.py [--unit segment] [--uncoded within|absent|missing] FILE
"""
import argparse
import csv
import math
import sys

import numpy as np
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa


def alpha_nominal(units):
    """units: lists of the values of each unit (missing left out)."""
    o = {}
    for vals in units:
        m = len(vals)
        if m < 2:
            continue
        for i in range(m):
            for j in range(m):
                if i != j:
                    key = (vals[i], vals[j])
                    o[key] = o.get(key, 0) + 1 / (m - 1)
    n = sum(o.values())
    if n == 0:
        return math.nan
    nc = {}
    for (c, k), v in o.items():
        nc[c] = nc.get(c, 0) + v
    do = sum(v for (c, k), v in o.items() if c != k)
    de = sum(nc[c] * nc[k] for c in nc for k in nc if c != k) / (n - 1)
    return math.nan if de == 0 else 1 - do / de


def percent(units):
    shares = []
    for vals in units:
        m = len(vals)
        if m < 2:
            continue
        agree = sum(1 for i in range(m) for j in range(m) if i != j and vals[i] == vals[j])
        shares.append(agree / (m * (m - 1)))
    return (sum(shares) / len(shares) if shares else math.nan), len(shares)


def fmt(x, d):
    return "" if x is None or not math.isfinite(x) else "%.*f" % (d, x + 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unit", default="interview")
    ap.add_argument("--uncoded", default="within")
    ap.add_argument("file")
    a = ap.parse_args()
    rows = list(csv.DictReader(open(a.file, encoding="utf-8")))
    coders = sorted({r["coder"] for r in rows}, key=lambda s: s.encode())
    codes = sorted({r["code"] for r in rows if r["code"]}, key=lambda s: s.encode())
    unit_of = (lambda r: (r["interview"], r["segment"])) if a.unit == "segment" else \
        (lambda r: (r["interview"],))
    units = sorted({unit_of(r) for r in rows})
    in_unit = {(unit_of(r), r["coder"]) for r in rows}
    in_interview = {(r["interview"], r["coder"]) for r in rows}
    has = {(unit_of(r), r["coder"], r["code"]) for r in rows}

    def coded(u, k):
        if a.uncoded == "absent":
            return True
        if a.uncoded == "missing" or a.unit == "interview":
            return (u, k) in in_unit
        return (u[0], k) in in_interview

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "unit", "coders", "units", "present", "pct_agree", "cohen_kappa",
                  "fleiss_kappa", "fleiss_units", "alpha"])
    pooled = []
    for code in codes + [None]:
        if code is None:
            table = pooled
        else:
            table = [[((u, k, code) in has) * 1 if coded(u, k) else None for k in coders]
                     for u in units]
            pooled += table
        values = [[v for v in t if v is not None] for t in table]
        pct, n = percent(values)
        present = sum(1 for v in values if len(v) >= 2 and 1 in v)
        cohen = None
        if len(coders) == 2:
            both = [t for t in table if None not in t]
            m = np.zeros((2, 2))
            for t in both:
                m[t[0], t[1]] += 1
            p_e = (m.sum(1) @ m.sum(0)) / m.sum() ** 2
            cohen = math.nan if p_e == 1 else cohens_kappa(m).kappa
        complete = np.array([t for t in table if None not in t], dtype=int)
        if len(complete):
            agg, _ = aggregate_raters(complete, n_cat=2)
            p = agg.sum(0) / agg.sum()
            fk = math.nan if (p ** 2).sum() == 1 else fleiss_kappa(agg)
        else:
            fk = math.nan
        out.writerow([code if code else "(all)", a.unit, len(coders), n, present,
                      fmt(100 * pct, 1), fmt(cohen, 3), fmt(fk, 3), len(complete),
                      fmt(alpha_nominal(values), 3)])


main()
