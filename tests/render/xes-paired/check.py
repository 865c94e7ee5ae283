"""Checks the events of an XES log that keten render -f xes wrote from an event table.

    python3 check.py TABLE.csv LOG.xes

Reads the table with pandas and the log with xml.etree, independently of keten, and
compares, trace by trace, the events of the log with the events the table should give
by keten-render(1), XES: the cases in the order they first appear, their rows in input
order; a row with a start as two events, first its start (time:timestamp the start,
lifecycle:transition 'start') and then its completion (time:timestamp the date,
lifecycle:transition its lifecycle, or 'complete' when it has none), both with the row's
concept:name and org:resource; any other row as one event.  Times are compared as
instants (pandas, UTC), so that a day and its midnight are the same.  Prints one line:
how many rows and events, and whether they are as expected; else the first difference.
"""
import sys
import xml.etree.ElementTree as ET

import pandas as pd


def instant(s):
    return None if s in (None, "") else pd.Timestamp(s).tz_localize(None) \
        if pd.Timestamp(s).tzinfo is None else pd.Timestamp(s).tz_convert("UTC")


def expected(path):
    t = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = {}
    for _, r in t.iterrows():
        ev = out.setdefault(r["case"], [])
        life = r.get("lifecycle", "")
        org = r.get("org", "")
        if r.get("start", ""):
            ev.append((r["stage"], instant(r["start"]), "start", org))
            ev.append((r["stage"], instant(r["date"]), life or "complete", org))
        else:
            ev.append((r["stage"], instant(r["date"]), life, org))
    return len(t), out


def actual(path):
    out = {}
    for tr in ET.parse(path).getroot().findall("trace"):
        name = [a.get("value") for a in tr if a.get("key") == "concept:name"][0]
        evs = out.setdefault(name, [])
        for e in tr.findall("event"):
            a = {x.get("key"): x.get("value") for x in e}
            assert e.find("date[@key='time:timestamp']") is not None or "time:timestamp" not in a
            evs.append((a.get("concept:name"), instant(a.get("time:timestamp")),
                        a.get("lifecycle:transition", ""), a.get("org:resource", "")))
    return out


def main():
    rows, want = expected(sys.argv[1])
    got = actual(sys.argv[2])
    if list(want) != list(got):
        print("traces differ: %s against %s" % (list(want), list(got)))
        return
    for case in want:
        if want[case] != got[case]:
            print("trace %s: expected %s, got %s" % (case, want[case], got[case]))
            return
    n = sum(len(v) for v in got.values())
    print("%s: %d rows, %d events in %d traces, as expected" % (sys.argv[1], rows, n, len(got)))


main()
