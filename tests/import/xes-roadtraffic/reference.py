"""The keten import of an XES log, computed without keten: xml.etree reads the log and
csv writes what keten-import(1) and keten(5) (XES) say the import holds.

The rules, from those pages: every event is a row; an event attribute is the column of
its key, a trace attribute the column case: and its key, the event's value winning when
both are there; the columns are the event keys in order of first sight, then the trace
keys; attributes nested in attributes, lists and containers, and the log's own
attributes are left out.  Then import maps them: case from case:concept:name, stage from
concept:name, date from time:timestamp (milliseconds kept and written when not zero; a
time with an offset or Z converted to Europe/Amsterdam by zoneinfo and written with that
zone's offset), org from org:resource, lifecycle from lifecycle:transition,
instance from concept:instance; the other columns pass through in their order under
their cleaned names (ASCII letters lowercased, every run of other characters one '_').
A log with lifecycle:transition gets the column start before lifecycle, for the start
that pairing puts there (keten-import(1), "Start and complete"); this log has
completions only, so it stays empty, and a start event would stop this script.

Usage: /usr/bin/python3 reference.py LOG.xes > expected.csv"""
import csv
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

VALUED = {"string", "date", "int", "float", "boolean", "id"}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def attributes(elem):
    out = {}
    for child in elem:
        if local(child.tag) in VALUED:
            out[child.get("key")] = child.get("value", "")
    return out


def clean(name):
    s = re.sub(r"[^0-9A-Za-z\u0080-\U0010ffff]+", "_", name)
    s = "".join(c.lower() if "A" <= c <= "Z" else c for c in s)
    return s.strip("_")


def keten_date(v):
    v = v.strip().replace(" ", "T", 1)
    m = re.match(r"(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
                 r"(Z|[+-]\d{2}:\d{2})?$", v)
    if not m:
        return v
    day, hh, mi, ss, frac, tz = m.groups()
    if hh is None:
        return day
    ms = int((frac or "")[:3].ljust(3, "0"))
    t = datetime.fromisoformat(f"{day}T{hh}:{mi}:{ss or '00'}").replace(microsecond=ms * 1000)
    if tz:
        t = datetime.fromisoformat(t.isoformat() + ("+00:00" if tz == "Z" else tz))
        t = t.astimezone(ZoneInfo("Europe/Amsterdam"))
    out = t.strftime("%Y-%m-%dT%H:%M")
    if ss is not None or t.second or t.microsecond:
        out += t.strftime(":%S")
    if t.microsecond:
        out += ".%03d" % (t.microsecond // 1000)
    if tz:
        o = int(t.utcoffset().total_seconds()) // 60
        out += "%s%02d:%02d" % ("-" if o < 0 else "+", abs(o) // 60, abs(o) % 60)
    return out


def main(path):
    root = ET.parse(path).getroot()
    rows, ekeys, tkeys = [], [], []
    for trace in root:
        if local(trace.tag) != "trace":
            continue
        tv = attributes(trace)
        for k in tv:
            if k not in tkeys:
                tkeys.append(k)
        for ev in trace:
            if local(ev.tag) != "event":
                continue
            evv = attributes(ev)
            for k in evv:
                if k not in ekeys:
                    ekeys.append(k)
            row = {"case:" + k: v for k, v in tv.items()}
            row.update(evv)
            rows.append(row)
    columns = ekeys + ["case:" + k for k in tkeys if "case:" + k not in ekeys]
    keten = [("case", "case:concept:name"), ("stage", "concept:name"),
             ("date", "time:timestamp"), ("org", "org:resource"),
             ("lifecycle", "lifecycle:transition"), ("instance", "concept:instance")]
    keten = [(k, src) for k, src in keten if src in columns]
    if any(k == "lifecycle" for k, _ in keten):
        if any(r.get("lifecycle:transition", "complete").strip().lower() not in ("", "complete")
               for r in rows):
            sys.exit("reference.py: a transition other than complete: pairing is not done here")
        at = [k for k, _ in keten].index("lifecycle")
        keten.insert(at, ("start", None))
    taken = {src for _, src in keten}
    passthrough = [c for c in columns if c not in taken]
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow([k for k, _ in keten] + [clean(c) for c in passthrough])
    for r in rows:
        out = []
        for k, src in keten:
            v = r.get(src, "").strip() if src else ""
            out.append(keten_date(v) if k == "date" else v)
        out += [r.get(c, "") for c in passthrough]
        w.writerow(out)


main(sys.argv[1])
