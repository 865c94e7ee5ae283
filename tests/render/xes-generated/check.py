"""What keten render -f xes and keten import must make of an event table, computed
without keten (keten-render(1), XES): the log holds a trace per case, in the order the
cases first appear, with the case's events in input order; days come back as midnight,
everything else as it was.  Prints the counts that xmllint must find in the log.

Usage: /usr/bin/python3 check.py EVENTS.csv BACK.csv"""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1], newline="")))
back = list(csv.DictReader(open(sys.argv[2], newline="")))
order, by_case = [], {}
for r in rows:
    if r["case"] not in by_case:
        by_case[r["case"]] = []
        order.append(r["case"])
    by_case[r["case"]].append(r)
want = []
for c in order:
    for r in by_case[c]:
        r = dict(r)
        if len(r["date"]) == 10:
            r["date"] += "T00:00:00"
        want.append(r)
print("events back as written, grouped by case:", "yes" if want == back else "no")
print("traces", len(order))
print("events", len(rows))
print("urgent", sum(1 for r in rows if r["urgent"] != ""))
print("reason", sum(1 for r in rows if r["reason"] != ""))
