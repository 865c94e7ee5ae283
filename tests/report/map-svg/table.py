# The table of the report's process map (section id="map" of the page on stdin) against
# the CSV of keten flow --period (argv[1]): its rows are the moves between stages, the
# exits left out, with from, to, cases and median wait (the flow's two decimals rounded to
# the page's one; an empty field of a blanked row is the page's '.').
import csv
import re
import sys
from html.parser import HTMLParser


class Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.body = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.body = True
        elif tag == "tr" and self.body:
            self.rows.append([])
        elif tag == "td" and self.body:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1].append(self.cell)
            self.cell = None
        elif tag == "tbody":
            self.body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


sec = re.search(r'<section id="map">(.*?)</section>', sys.stdin.read(), re.S).group(1)
p = Rows()
p.feed(sec)
want = []
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["to"] in ("(end)", "(open)"):
        continue
    med = "%.1f" % float(r["median_wait"]) if r["median_wait"] else "."
    want.append([r["from"], r["to"], r["cases"] or ".", med])
print("same" if p.rows == want else "differ: %r against %r" % (p.rows, want), len(want), "rows")
