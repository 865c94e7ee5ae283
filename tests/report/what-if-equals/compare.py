"""Compares the section What if of a Markdown page (argv[1]) with the output of keten
simulate --scenarios (argv[2]) on the same input, file and seed: every figure of the page
must be the one keten simulate writes, and every figure keten simulate writes for a pair's
median, p90 and pct_within and a phase's n and dropped must be on the page.  Prints one
line: how many figures agreed, or each that did not."""
import csv
import sys

STATS = {"median wait": "median", "p90 wait": "p90", "% within norm": "pct_within"}

page = open(sys.argv[1], encoding="utf-8").read().split("\n")
start = page.index("## What if")
tables, cur = [], None
for line in page[start + 1:]:
    if line.startswith("## "):
        break
    if line.startswith("|"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cur is None:
            cur = [cells]
        elif not cells[0].startswith("---"):
            cur.append(cells)
    elif cur is not None:
        tables.append(cur)
        cur = None
if cur is not None:
    tables.append(cur)
assert len(tables) == 2, "two tables"

shown = {}
for row in tables[0][1:]:
    sc, a, b, what, mean, lo, hi, diff = row
    st = STATS[what]
    # A pair without waits in a scenario has no figures: an empty row, as keten simulate
    # leaves its cells empty.
    if (mean, lo, hi, diff) == ("", "", "", ""):
        continue
    shown[(sc, a, b, "", st)] = (mean, lo, hi, diff)
for row in tables[1][1:]:
    sc, phase, n, lo, hi, diff, dropped = row
    shown[(sc, "", "", phase, "n")] = (n, lo, hi, diff)
    shown[(sc, "", "", phase, "dropped")] = (dropped,)

want = {}
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        key = (r["scenario"], r["from"], r["to"], r["phase"])
        stats = ["median", "p90", "pct_within"] if r["from"] else ["n", "dropped"]
        for st in stats:
            if r[st] == "":
                continue
            diff = "" if r["scenario"] == "baseline" else r[st + "_diff"]
            want[key + (st,)] = (
                (r[st],) if st == "dropped" else (r[st], r[st + "_lo"], r[st + "_hi"], diff))

bad = 0
for k in sorted(set(want) | set(shown)):
    if want.get(k) != shown.get(k):
        bad += 1
        print("differs:", k, "page", shown.get(k), "simulate", want.get(k))
if not bad:
    print("%d figures agree" % sum(len(v) for v in want.values()))
