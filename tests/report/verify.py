#!/usr/bin/python3
"""Checks the figures of a keten report (as Markdown) that no other keten command gives,
against computations that share no code with it:

  verify.py --from D --to D --asof D [--codes FILE] [--min-n K] REPORT.md EVENTS

It prints one line per section:
- "Period and data": the counts, from pandas over the raw events, the cases in the
  period picked by the definition of keten-filter(1) --active: an event in the period,
  or a latest event before it (ties on a day in model order) that is not uitstroom, the
  one terminal stage of the built-in model; those that --min-n K suppresses shown as '.'
  (suppress_period), and the legend that names K;
- "Median wait per month": the waits from the first A of a case to the first B after it
  that ended in each month, their number and median, from pandas; those of the month
  reported are the done waits of the pair's rows in "Wgs norms" added up, which is
  checked, and blank where one of these is;
- "Provenance": the SHA-256 of each input (hashlib) and its records (the csv module).
Every other number of the report is the output of a keten command on the same cases:
report/equals-commands checks that.
"""
import argparse
import csv
import hashlib
import sys

import pandas as pd

STAGES = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek",
          "intake", "beschikking", "stabilisatie", "schuldregeling", "wsnp", "begeleiding",
          "nazorg", "uitstroom"]
ORDER = {s: i for i, s in enumerate(STAGES)}
PAIRS = [("aanmelding", "eerste_gesprek"), ("eerste_gesprek", "beschikking")]


def load(path):
    ev = pd.read_csv(path, dtype=str, keep_default_na=False)
    ev["day"] = pd.to_datetime(ev["date"].str.slice(0, 10))
    ev["ord"] = ev["stage"].map(ORDER)
    ev["row"] = range(len(ev))
    return ev.sort_values(["case", "day", "ord", "row"], kind="stable")


def chosen(ev, start, end):
    keep = []
    for case, g in ev.groupby("case", sort=False):
        inside = ((g["day"] >= start) & (g["day"] <= end)).any()
        before = g[g["day"] < start]
        if inside or (len(before) and before["stage"].iloc[-1] != "uitstroom"):
            keep.append(case)
    return keep


def suppress_period(n, k):
    """keten-report(1)'s rule for the counts of Period and data (keten(5), Small cells):
    a count of 1 to k - 1 is blank; the cases of the period that did not start in it, or
    did not leave it, are worked out from two counts shown, and where they are 1 to k - 1
    the count of those that did is blanked; where the cases of the input outside the period
    are 1 to k - 1, the cases of the input are blanked; the events of the period go with
    its cases, the segments with the interviews."""
    small = lambda v: 0 < v < k
    blank = {name: small(v) for name, v in n.items()}
    cases = n["cases in the chain during the period"]
    for part in ("of which started in the period", "of which left the chain in the period"):
        if small(cases - n[part]) and not blank[part] and not blank["cases in the chain during the period"]:
            blank[part] = True
    if small(n["cases in the input"] - cases):
        blank["cases in the input"] = True
    blank["events in the period"] |= blank["cases in the chain during the period"]
    if "coded segments" in n:
        blank["coded segments"] |= blank["interviews coded"]
    return blank


def md_sections(path):
    """The table rows of each '## ' section of a Markdown report, as lists of cells."""
    out, name = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("## "):
                name = line[3:]
                out[name] = []
            elif name and line.startswith("| ") and not line.startswith("| ---"):
                out[name].append([c.strip() for c in line.strip("|").split(" | ")])
    return out


class Checker:
    def __init__(self):
        self.failed = False

    def result(self, name, problems):
        if problems:
            self.failed = True
            print("not ok - %s: %s" % (name, "; ".join(problems[:5])))
        else:
            print("ok - %s" % name)


def check(a):
    ev = load(a.events)
    start, end, asof = pd.Timestamp(a.start), pd.Timestamp(a.end), pd.Timestamp(a.asof)
    seen_end = min(end, asof)
    keep = chosen(ev, start, seen_end)
    kept = ev[ev["case"].isin(keep)]
    inper = kept[(kept["day"] >= start) & (kept["day"] <= seen_end)]
    first = kept.groupby("case")["day"].min()
    rep = md_sections(a.report)
    c = Checker()

    # Period and data.
    kv = {r[0]: r[1] for r in rep["Period and data"][1:]}
    n = {
        "cases in the input": ev["case"].nunique(),
        "cases in the chain during the period": len(keep),
        "of which started in the period": int(((first >= start) & (first <= seen_end)).sum()),
        "of which left the chain in the period": inper[inper["stage"] == "uitstroom"]["case"].nunique(),
        "events in the period": len(inper),
    }
    if a.codes:
        cd = pd.read_csv(a.codes, dtype=str, keep_default_na=False)
        n["interviews coded"] = cd["interview"].nunique()
        n["coded segments"] = len(cd)
    blank = suppress_period(n, a.min_n)
    want = {k: "." if blank[k] else str(v) for k, v in n.items()}
    want.update({
        "events read": str(len(ev)),
        "dates in the input": "%s to %s" % (ev["day"].min().date(), ev["day"].max().date()),
        "period": "%s to %s" % (start.date(), end.date()),
        "seen as of": str(asof.date()),
    })
    c.result("period and data", ["%s: report %s, pandas %s" % (k, kv.get(k), v)
                                 for k, v in want.items() if kv.get(k) != v])
    legend = "Legend: . = suppressed: fewer than %d cases." % a.min_n if a.min_n > 1 else \
        "No figure is suppressed (--min-n %d)" % a.min_n
    c.result("legend", [] if legend in open(a.report, encoding="utf-8").read() else
             ["no line with %r" % legend])

    # Median wait per month, over every case.
    done = []
    for case, g in ev[ev["day"] <= asof].groupby("case", sort=False):
        st, days = list(g["stage"]), list(g["day"])
        for pa, pb in PAIRS:
            if pa not in st:
                continue
            i = st.index(pa)
            for j in range(i + 1, len(st)):
                if st[j] == pb:
                    done.append((pa, pb, days[j].strftime("%Y-%m"), (days[j] - days[i]).days))
                    break
                if st[j] == "uitstroom":
                    break
    dw = pd.DataFrame(done, columns=["a", "b", "month", "wait"])
    months = pd.period_range(end=start.to_period("M"), periods=13, freq="M").strftime("%Y-%m")
    problems = []
    this = start.strftime("%Y-%m")
    norms = rep.get("Wgs norms", [])[1:]
    rows = rep["Median wait per month"][1:]
    if [r[0] for r in rows] != list(months):
        problems.append("months %s" % [r[0] for r in rows])
    for r in rows:
        for k, (pa, pb) in enumerate(PAIRS):
            w = dw[(dw["a"] == pa) & (dw["b"] == pb) & (dw["month"] == r[0])]["wait"]
            n, med = r[1 + 2 * k], r[2 + 2 * k]
            done = [x[6] for x in norms if (x[0], x[1]) == (pa, pb)]
            if r[0] == this and "." not in done and sum(map(int, done)) != len(w):
                problems.append("%s %s-%s: the norms' done add up to %d, pandas %d" % (
                    r[0], pa, pb, sum(map(int, done)), len(w)))
            if 0 < len(w) < a.min_n or (r[0] == this and "." in done):
                exp = (".", ".")
            else:
                exp = (str(len(w)), "" if len(w) == 0 else "%.1f" % w.median())
            if (n, med) != exp:
                problems.append("%s %s-%s: report %s/%s, pandas %s/%s" % (r[0], pa, pb, n, med, *exp))
    c.result("median wait per month", problems)

    # Provenance.
    problems = []
    for r in rep["Provenance"][1:]:
        if len(r) != 4:
            continue
        with open(r[0], "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        with open(r[0], newline="", encoding="utf-8") as f:
            records = sum(1 for _ in csv.reader(f)) - 1
        if r[3] != sha or r[2] != str(records):
            problems.append("%s: report %s %s, hashlib %s %s" % (r[0], r[2], r[3], records, sha))
    c.result("provenance", problems)

    return 1 if c.failed else 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--from", dest="start", required=True)
    p.add_argument("--to", dest="end", required=True)
    p.add_argument("--asof", required=True)
    p.add_argument("--codes")
    p.add_argument("--min-n", type=int, default=10)
    p.add_argument("report")
    p.add_argument("events")
    return check(p.parse_args())


if __name__ == "__main__":
    sys.exit(main())
