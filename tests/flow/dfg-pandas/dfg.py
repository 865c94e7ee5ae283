"""PM4Py's frequency and performance directly-follows graph, computed with pandas alone.

Reads an event log in keten CSV (columns case, stage, date), orders each case's events
by their instant (input order for ties: a stable sort), and takes every two consecutive
events (a, b) of a case as one occurrence of the pair (stage of a, stage of b), self-loops
included, with the wait time(b) - time(a) in days.

    python3 dfg.py counts EVENTS.csv   from,to,events,cases (distinct cases)
    python3 dfg.py waits EVENTS.csv    from,to,n,mean,median,p90 (days, 2 decimals;
                                       quantiles linear, R's type 7)

Rows are sorted bytewise, as LC_ALL=C sort sorts lines.
"""
import sys

import pandas as pd


def pairs(path):
    return pairs_of(pd.read_csv(path, dtype=str, keep_default_na=False))


def pairs_of(ev):
    """The directly-follows occurrences of events ev (columns case, stage, date)."""
    ev = ev.copy()
    ev["t"] = pd.to_datetime(ev["date"], utc=True)
    ev["pos"] = range(len(ev))
    ev = ev.sort_values(["case", "t", "pos"], kind="mergesort")
    nxt = ev.groupby("case", sort=False).shift(-1)
    df = pd.DataFrame({
        "case": ev["case"],
        "from": ev["stage"],
        "to": nxt["stage"],
        "wait": (nxt["t"] - ev["t"]).dt.total_seconds() / 86400,
    })
    return df[nxt["stage"].notna()]


def report(mode, df):
    """Prints the counts or waits of the occurrences df, one line a pair, sorted."""
    lines = []
    for (a, b), g in df.groupby(["from", "to"], sort=False):
        assert "," not in a + b and '"' not in a + b
        if mode == "counts":
            lines.append("%s,%s,%d,%d" % (a, b, len(g), g["case"].nunique()))
        else:
            w = g["wait"]
            lines.append("%s,%s,%d,%.2f,%.2f,%.2f" % (a, b, len(w), w.mean(), w.quantile(0.5),
                                                      w.quantile(0.9)))
    for line in sorted(lines, key=lambda s: s.encode()):
        print(line)


if __name__ == "__main__":
    report(sys.argv[1], pairs(sys.argv[2]))
