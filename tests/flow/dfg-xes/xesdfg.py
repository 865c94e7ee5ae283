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
import os
import sys
import xml.etree.ElementTree as ET

import pandas as pd

# The directly-follows occurrences and their table are dfg.py's, which the CSV logs use.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dfg-pandas"))
from dfg import pairs_of, report  # noqa: E402


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


if __name__ == "__main__":
    report(sys.argv[1], pairs_of(events(sys.argv[2])))
