"""The expected import of data.csv under a zone, computed without keten by Python's
zoneinfo (the system's tz database).  The rules are those of keten-import(1), Dates:
milliseconds kept (the first three digits of a fraction) and written as .mmm only when
not zero; a time with an offset or Z written as the zone's local time with the zone's
offset; seconds written only when they were; a time without an offset and a date alone
stay as written (in ISO form).

Usage: /usr/bin/python3 expected.py ZONE < data.csv"""
import csv
import re
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

zone = ZoneInfo(sys.argv[1])


def convert(v):
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
                 r"(Z|[+-]\d{2}:\d{2})?)?$", v)
    if not m:
        d, mo, y, hh, mi = re.match(r"(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2})$", v).groups()
        return f"{y}-{mo}-{d}T{hh}:{mi}"
    y, mo, d, hh, mi, ss, frac, tz = m.groups()
    if hh is None:
        return f"{y}-{mo}-{d}"
    ms = int((frac or "")[:3].ljust(3, "0"))
    t = datetime(int(y), int(mo), int(d), int(hh), int(mi), int(ss or 0), ms * 1000)
    if tz:
        sign = -1 if tz[0] == "-" else 1
        off = timedelta(0) if tz == "Z" else sign * timedelta(hours=int(tz[1:3]),
                                                              minutes=int(tz[4:6]))
        t = t.replace(tzinfo=timezone(off)).astimezone(zone)
    out = t.strftime("%Y-%m-%dT%H:%M")
    if ss is not None or t.second or t.microsecond:
        out += t.strftime(":%S")
    if t.microsecond:
        out += ".%03d" % (t.microsecond // 1000)
    if tz:
        o = int(t.utcoffset().total_seconds()) // 60
        out += "%s%02d:%02d" % ("-" if o < 0 else "+", abs(o) // 60, abs(o) % 60)
    return out


rows = list(csv.reader(sys.stdin, delimiter=";"))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(rows[0])
for r in rows[1:]:
    w.writerow([r[0], r[1], convert(r[2]), r[3]])
