"""PM4Py's frequency and performance directly-follows graph of an XES log, read without keten.

Reads the XES file itself with xml.etree (iterparse): the concept:name of each trace is the
case, each event's concept:name its activity and its time:timestamp (an xs:dateTime) its
time.  Attributes nested in other attributes are not looked at.  With pandas, it orders each
case's events by their instant (input order for ties: a stable sort) and takes every two
consecutive events (a, b) of a case as one occurrence of the pair, self-loops included, with
the wait time(b) - time(a) in days.  A timestamp with an offset is an instant; a log whose
timestamps have no offset is measured as written (keten(5), Dates and times).

    python3 xesdfg.py counts LOG.xes   from,to,events,cases (distinct cases)
    python3 xesdfg.py waits LOG.xes    from,to,n,mean,median,p90 (days, 2 decimals;
                                       quantiles linear, R's type 7)

Rows are sorted bytewise, as LC_ALL=C sort sorts lines.
"""
import sys
import xml.etree.ElementTree as ET

import pandas as pd


def local(tag):
    return tag.rsplit("}", 1)[-1]


def events(path):
    """(case, activity, timestamp text) per event, in the order of the file."""
    rows = []
    depth = 0
    trace_name = None
    pending = []
    ev = None
    for kind, elem in ET.iterparse(path, events=("start", "end")):
        tag = local(elem.tag)
        if kind == "start":
            depth += 1
            if tag == "trace":
                trace_name, pending = None, []
            elif tag == "event":
                ev = {}
            continue
        depth -= 1
        # Depth after the end: log 0, trace 1, a trace's attribute or event 2, an
        # event's attribute 3.
        key = elem.get("key")
        if tag == "event":
            pending.append((ev.get("concept:name"), ev.get("time:timestamp")))
            ev = None
        elif tag == "trace":
            assert trace_name is not None, "a trace without concept:name"
            rows.extend((trace_name, a, t) for a, t in pending)
            elem.clear()
        elif depth == 2 and ev is None and key == "concept:name":
            trace_name = elem.get("value")
        elif depth == 3 and ev is not None and key in ("concept:name", "time:timestamp"):
            ev[key] = elem.get("value")
    return pd.DataFrame(rows, columns=["case", "stage", "date"])


def pairs(path):
    ev = events(path)
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


def main():
    mode, path = sys.argv[1], sys.argv[2]
    df = pairs(path)
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


main()
