#!/usr/bin/python3
"""Writes the expected output of the keten filter cases listed below, computed here
from data/events.csv with Python's csv and datetime modules and no keten code: each
case is the command line and, beside it, what it means written as a Python predicate
on a row (or, for case filters, on a case).  Run it from anywhere; it (re)writes
tests/filter/NAME/cmd and tests/filter/NAME/stdout for every case here.  Cases not
listed here (errors, statistics lines) are written by hand."""

import csv
import datetime as dt
import io
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "events.csv")

with open(DATA, newline="") as f:
    rows = list(csv.DictReader(f))
    f.seek(0)
    header = next(csv.reader(f))

NUM = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$")


def as_date(s):
    m = DATE.match(s)
    if not m:
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    sec = None
    if m[4]:
        sec = int(m[4]) * 3600 + int(m[5]) * 60 + int(m[6] or 0)
    return day, sec


def cmp(a, b):
    """The comparison rule of keten-filter(1): numbers, then dates, then bytes."""
    if NUM.match(a) and NUM.match(b):
        x, y = float(a), float(b)
        return (x > y) - (x < y)
    da, db = as_date(a), as_date(b)
    if da and db:
        if da[0] != db[0]:
            return (da[0] > db[0]) - (da[0] < db[0])
        if da[1] is None or db[1] is None:
            return 0
        return (da[1] > db[1]) - (da[1] < db[1])
    x, y = a.encode(), b.encode()
    return (x > y) - (x < y)


def day(r):
    return as_date(r["date"])[0]


def D(s):
    return dt.date.fromisoformat(s)


def between(r, a, b):
    return D(a) <= day(r) <= D(b)


def cases_where(pred):
    """The case ids for which pred(list of the case's rows) holds."""
    by = {}
    for r in rows:
        by.setdefault(r["case"], []).append(r)
    return {c for c, rs in by.items() if pred(rs)}


def has(rs, stage):
    return any(r["stage"] == stage for r in rs)


def first_day(rs):
    return min(day(r) for r in rs)


# The stages of the built-in model in their order (keten-model(7)); uitstroom is its one
# terminal stage.
STAGES = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek",
          "intake", "beschikking", "stabilisatie", "schuldregeling", "wsnp", "begeleiding",
          "nazorg", "uitstroom"]


def in_chain(rs, a, b):
    """--active as keten-filter(1) defines it: the case has an event in a..b, or it was
    open across a: its latest event before a (by date, a date alone before a time, then
    stage order, then input order) is not at uitstroom."""
    if any(between(r, a, b) for r in rs):
        return True
    before = [(i, r) for i, r in enumerate(rs) if day(r) < D(a)]
    if not before:
        return False

    def order(ir):
        i, r = ir
        d, sec = as_date(r["date"])
        return (d, -1 if sec is None else sec, STAGES.index(r["stage"]), i)

    return max(before, key=order)[1]["stage"] != "uitstroom"


def in_case(ids):
    return lambda r: r["case"] in ids


def csv_text(sel):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        if sel(r):
            w.writerow([r[h] for h in header])
    return out.getvalue()


EV = '"$T/filter/data/events.csv"'

# name, arguments of keten filter (the input is added), the rows that must come out.
CASES = [
    # Operators.
    ("op-eq", "-e 'chain = zakelijk'", lambda r: r["chain"] == "zakelijk"),
    ("op-eq-number", "-e 'debt = 950.5'", lambda r: cmp(r["debt"], "950.5") == 0),
    ("op-eq-double", "-e 'debt == 80'", lambda r: cmp(r["debt"], "80") == 0),
    ("op-ne", "-e 'city != Leeuwarden'", lambda r: r["city"] != "Leeuwarden"),
    ("op-lt-number", "-e 'debt < 1000'", lambda r: cmp(r["debt"], "1000") < 0),
    ("op-le-number", "-e 'debt <= 1000'", lambda r: cmp(r["debt"], "1000") <= 0),
    ("op-gt-number", "-e 'debt > 1000'", lambda r: cmp(r["debt"], "1000") > 0),
    ("op-ge-number", "-e 'debt >= 3000'", lambda r: cmp(r["debt"], "3000") >= 0),
    ("op-gt-negative", "-e 'debt > -300'", lambda r: cmp(r["debt"], "-300") > 0),
    ("op-lt-date", "-e 'date < 2024-01-01'", lambda r: day(r) < D("2024-01-01")),
    ("op-le-date", "-e 'date <= 2024-03-31'", lambda r: day(r) <= D("2024-03-31")),
    ("op-gt-datetime", "-e 'date > 2024-03-31T12:00'",
     lambda r: cmp(r["date"], "2024-03-31T12:00") > 0),
    ("op-eq-date", "-e 'date = 2024-02-29'", lambda r: day(r) == D("2024-02-29")),
    ("op-ge-date-leap", "-e 'date >= 2024-02-29'", lambda r: day(r) >= D("2024-02-29")),
    ("op-lt-string", "-e 'case < c3'", lambda r: r["case"] < "c3"),
    ("op-ge-string", "-e 'stage >= intake'", lambda r: r["stage"].encode() >= b"intake"),
    ("op-noop-spaces", "-e 'stage=intake'", lambda r: r["stage"] == "intake"),
    # Regular expressions.
    ("re-anchor", "-e 'org ~ ^Gemeente'", lambda r: r["org"].startswith("Gemeente")),
    ("re-alt", "-e \"stage ~ 'gesprek\\$|^in'\"",
     lambda r: r["stage"].endswith("gesprek") or r["stage"].startswith("in")),
    ("re-not", "-e \"org !~ '[ ,]'\"", lambda r: " " not in r["org"] and "," not in r["org"]),
    ("re-case", "-e 'org ~ humanitas'", lambda r: False),
    ("re-bracket", "-e \"debt ~ '^[0-9]+\\$'\"", lambda r: re.fullmatch(r"[0-9]+", r["debt"])),
    ("re-interval", "-e \"city ~ 'r{2}|e{2}'\"", lambda r: "rr" in r["city"] or "ee" in r["city"]),
    # Lists and empty().
    ("in-words", "-e 'stage in (signaal, informeel)'",
     lambda r: r["stage"] in ("signaal", "informeel")),
    ("in-quoted", "-e \"city in ('Den Haag', \\\"'s-Hertogenbosch\\\")\"",
     lambda r: r["city"] in ("Den Haag", "'s-Hertogenbosch")),
    ("in-numbers", "-e 'debt in (80, 950.5)'",
     lambda r: cmp(r["debt"], "80") == 0 or cmp(r["debt"], "950.5") == 0),
    ("not-in", "-e 'city not in (Leeuwarden,Groningen)'",
     lambda r: r["city"] not in ("Leeuwarden", "Groningen")),
    ("empty", "-e 'empty(urgent)'", lambda r: r["urgent"] == ""),
    ("not-empty", "-e 'not empty(debt)'", lambda r: r["debt"] != ""),
    # Quoting.
    ("quote-comma", "-e \"org = 'Humanitas, afdeling Noord'\"",
     lambda r: r["org"] == "Humanitas, afdeling Noord"),
    ("quote-double-in-single", "-e \"org = 'Gemeente \\\"Den Haag\\\"'\"",
     lambda r: r["org"] == 'Gemeente "Den Haag"'),
    ("quote-doubled", "-e 'org = \"Gemeente \"\"Den Haag\"\"\"'",
     lambda r: r["org"] == 'Gemeente "Den Haag"'),
    ("quote-apostrophe", "-e \"city = '''s-Hertogenbosch'\"",
     lambda r: r["city"] == "'s-Hertogenbosch"),
    ("quote-empty", "-e \"debt = ''\"", lambda r: r["debt"] == ""),
    # Precedence.
    ("prec-and-over-or", "-e 'chain = zakelijk or city = Groningen and stage = intake'",
     lambda r: r["chain"] == "zakelijk" or (r["city"] == "Groningen" and r["stage"] == "intake")),
    ("prec-parens", "-e '(chain = zakelijk or city = Groningen) and stage = aanmelding'",
     lambda r: (r["chain"] == "zakelijk" or r["city"] == "Groningen") and r["stage"] == "aanmelding"),
    ("prec-not-over-and", "-e 'not chain = zakelijk and urgent = 1'",
     lambda r: r["chain"] != "zakelijk" and r["urgent"] == "1"),
    ("prec-not-parens", "-e 'not (chain = zakelijk and urgent = 1)'",
     lambda r: not (r["chain"] == "zakelijk" and r["urgent"] == "1")),
    ("prec-not-over-or", "-e 'not urgent = 0 or city = Utrecht'",
     lambda r: cmp(r["urgent"], "0") != 0 or r["city"] == "Utrecht"),
    ("multi-e", "-e 'chain = zakelijk' -e 'urgent = 1'",
     lambda r: r["chain"] == "zakelijk" and r["urgent"] == "1"),
    ("invert", "-v -e 'chain = zakelijk'", lambda r: r["chain"] != "zakelijk"),
    ("invert-period", "-v --month 2024-02 -e 'urgent = 1'",
     lambda r: not (between(r, "2024-02-01", "2024-02-29") and r["urgent"] == "1")),
    ("none", "", lambda r: True),
    # Periods.
    ("from-to", "--from 2024-01-01 --to 2024-03-31", lambda r: between(r, "2024-01-01", "2024-03-31")),
    ("from", "--from 2024-10-01", lambda r: day(r) >= D("2024-10-01")),
    ("to", "--to 2023-12-01", lambda r: day(r) <= D("2023-12-01")),
    ("from-to-one-day", "--from 2024-02-29 --to 2024-02-29", lambda r: day(r) == D("2024-02-29")),
    ("from-after-to", "--from 2024-03-01 --to 2024-02-01", lambda r: False),
    ("month-leap", "--month 2024-02", lambda r: between(r, "2024-02-01", "2024-02-29")),
    ("month-31", "--month 2024-01", lambda r: between(r, "2024-01-01", "2024-01-31")),
    ("month-nonleap", "--month 2023-02", lambda r: between(r, "2023-02-01", "2023-02-28")),
    ("month-dec", "--month 2024-12", lambda r: between(r, "2024-12-01", "2024-12-31")),
    ("quarter-1", "--quarter 2024-Q1", lambda r: between(r, "2024-01-01", "2024-03-31")),
    ("quarter-4", "--quarter 2023-Q4", lambda r: between(r, "2023-10-01", "2023-12-31")),
    ("quarter-3", "--quarter 2024-Q3", lambda r: between(r, "2024-07-01", "2024-09-30")),
    ("year", "--year 2023", lambda r: day(r).year == 2023),
    ("year-2025", "--year 2025", lambda r: day(r).year == 2025),
    ("jan1-month-last", "--today 2024-01-01 --month last", lambda r: between(r, "2023-12-01", "2023-12-31")),
    ("jan1-month-this", "--today 2024-01-01 --month this", lambda r: between(r, "2024-01-01", "2024-01-31")),
    ("jan1-quarter-last", "--today 2024-01-01 --quarter last", lambda r: between(r, "2023-10-01", "2023-12-31")),
    ("jan1-quarter-this", "--today 2024-01-01 --quarter this", lambda r: between(r, "2024-01-01", "2024-03-31")),
    ("jan1-year-last", "--today 2024-01-01 --year last", lambda r: day(r).year == 2023),
    ("jan1-year-this", "--today 2024-01-01 --year this", lambda r: day(r).year == 2024),
    ("mar31-month-last", "--today 2024-03-31 --month last", lambda r: between(r, "2024-02-01", "2024-02-29")),
    ("mar31-month-this", "--today 2024-03-31 --month this", lambda r: between(r, "2024-03-01", "2024-03-31")),
    ("mar31-quarter-this", "--today 2024-03-31 --quarter this", lambda r: between(r, "2024-01-01", "2024-03-31")),
    ("mar31-quarter-last", "--today 2024-03-31 --quarter last", lambda r: between(r, "2023-10-01", "2023-12-31")),
    ("mar31-year-last", "--today 2024-03-31 --year last", lambda r: day(r).year == 2023),
    ("mar1-month-last-nonleap", "--today 2023-03-01 --month last", lambda r: between(r, "2023-02-01", "2023-02-28")),
    ("apr1-quarter-last", "--today 2024-04-01 --quarter last", lambda r: between(r, "2024-01-01", "2024-03-31")),
    ("jan1-2025-quarter-last", "--today 2025-01-01 --quarter last", lambda r: between(r, "2024-10-01", "2024-12-31")),
    ("year-and-month", "--year 2024 --month 2024-02", lambda r: between(r, "2024-02-01", "2024-02-29")),
    ("month-and-expr", "--month 2024-01 -e 'stage = aanmelding'",
     lambda r: between(r, "2024-01-01", "2024-01-31") and r["stage"] == "aanmelding"),
    ("month-and-from", "--month 2024-03 --from 2024-03-15", lambda r: between(r, "2024-03-15", "2024-03-31")),
    # Cases.
    ("case-has", "--case-has doorverwijzing",
     in_case(cases_where(lambda rs: has(rs, "doorverwijzing")))),
    ("case-lacks", "--case-lacks informeel",
     in_case(cases_where(lambda rs: not has(rs, "informeel")))),
    ("case-has-lacks", "--case-has informeel --case-lacks doorverwijzing",
     in_case(cases_where(lambda rs: has(rs, "informeel") and not has(rs, "doorverwijzing")))),
    ("case-has-two", "--case-has informeel --case-has aanmelding",
     in_case(cases_where(lambda rs: has(rs, "informeel") and has(rs, "aanmelding")))),
    ("case-where", "--case-where 'urgent = 1'",
     in_case(cases_where(lambda rs: any(r["urgent"] == "1" for r in rs)))),
    ("case-where-two", "--case-where 'stage = intake' --case-where 'date < 2024-04-01'",
     in_case(cases_where(lambda rs: any(r["stage"] == "intake" for r in rs)
                         and any(day(r) < D("2024-04-01") for r in rs)))),
    ("cohort-quarter", "--cohort 2024-Q1",
     in_case(cases_where(lambda rs: D("2024-01-01") <= first_day(rs) <= D("2024-03-31")))),
    ("cohort-year", "--cohort 2023",
     in_case(cases_where(lambda rs: first_day(rs).year == 2023))),
    ("cohort-range", "--cohort 2023-12..2024-02",
     in_case(cases_where(lambda rs: D("2023-12-01") <= first_day(rs) <= D("2024-02-29")))),
    ("cohort-open-start", "--cohort ..2023-11",
     in_case(cases_where(lambda rs: first_day(rs) <= D("2023-11-30")))),
    ("cohort-open-end", "--cohort 2024-09-30..",
     in_case(cases_where(lambda rs: first_day(rs) >= D("2024-09-30")))),
    ("cohort-last-year", "--today 2024-06-01 --cohort last-year",
     in_case(cases_where(lambda rs: first_day(rs).year == 2023))),
    ("active-month", "--active 2024-03",
     in_case(cases_where(lambda rs: in_chain(rs, "2024-03-01", "2024-03-31")))),
    ("active-days", "--active 2024-12-31..2025-01-01",
     in_case(cases_where(lambda rs: in_chain(rs, "2024-12-31", "2025-01-01")))),
    ("active-after-end", "--active 2025-01",
     in_case(cases_where(lambda rs: in_chain(rs, "2025-01-01", "2025-01-31")))),
    ("active-before-all", "--active 2023-01",
     in_case(cases_where(lambda rs: in_chain(rs, "2023-01-01", "2023-01-31")))),
    ("active-this-quarter", "--today 2024-11-15 --active this-quarter",
     in_case(cases_where(lambda rs: in_chain(rs, "2024-10-01", "2024-12-31")))),
    ("active-last-month", "--today 2024-03-31 --active last-month",
     in_case(cases_where(lambda rs: in_chain(rs, "2024-02-01", "2024-02-29")))),
    ("cohort-and-active", "--cohort 2023 --active 2024-01",
     in_case(cases_where(lambda rs: first_day(rs).year == 2023
                         and in_chain(rs, "2024-01-01", "2024-01-31")))),
    ("case-and-month", "--case-has doorverwijzing --month 2024-01",
     lambda r: r["case"] in cases_where(lambda rs: has(rs, "doorverwijzing"))
     and between(r, "2024-01-01", "2024-01-31")),
    ("case-where-and-expr", "--case-where 'city = Groningen' -e 'stage != intake'",
     lambda r: r["case"] in cases_where(lambda rs: any(x["city"] == "Groningen" for x in rs))
     and r["stage"] != "intake"),
    ("case-invert", "-v --case-has doorverwijzing",
     lambda r: r["case"] not in cases_where(lambda rs: has(rs, "doorverwijzing"))),
    ("case-invert-month", "-v --case-has doorverwijzing --month 2024-01",
     lambda r: not (r["case"] in cases_where(lambda rs: has(rs, "doorverwijzing"))
                    and between(r, "2024-01-01", "2024-01-31"))),
    ("case-none", "--case-has wsnp", lambda r: False),
    ("case-all-combined", "--case-has aanmelding --case-lacks intake --case-where 'chain = zakelijk' "
     "--cohort 2024 --active 2024-Q4 --year 2024",
     lambda r: r["case"] in cases_where(lambda rs: has(rs, "aanmelding") and not has(rs, "intake")
                                        and any(x["chain"] == "zakelijk" for x in rs)
                                        and first_day(rs).year == 2024
                                        and in_chain(rs, "2024-10-01", "2024-12-31"))
     and day(r).year == 2024),
]

# Cases that read standard input rather than a named file: the case filters then hold
# the rows in memory instead of reading the file twice, and must give the same rows.
STDIN = {"case-has", "case-invert", "case-invert-month", "cohort-range", "op-eq"}


def main():
    for name, args, sel in CASES:
        for viastdin in (False, True) if name in STDIN else (False,):
            d = os.path.join(HERE, name + ("-stdin" if viastdin else ""))
            os.makedirs(d, exist_ok=True)
            cmd = "keten filter " + (args + " " if args else "")
            cmd += "- <" + EV if viastdin else EV
            with open(os.path.join(d, "cmd"), "w") as f:
                f.write(cmd + "\n")
            with open(os.path.join(d, "stdout"), "w", newline="") as f:
                f.write(csv_text(sel))


main()
