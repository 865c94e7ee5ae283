# The adapter of keten bottleneck (events) for the attacker (../attack.py): reads the CSV
# of keten bottleneck on stdin and turns every group's rows into what a reader can work
# with, then prints what the attacker recovers.  Usage:
#   keten bottleneck [--by COLS] --min-n K ... | /usr/bin/python3 bn.py ATTACK_DIR NAME --min-n K
#   keten bottleneck ... | /usr/bin/python3 bn.py ATTACK_DIR NAME --blank-small K
# The first form also checks the primary suppression: no count of 1 to K - 1 is shown, nor
# a figure on fewer than K ended stays.  The second form blanks by hand, in a table with nothing blank (--min-n 0), the counts of
# 1 to K - 1 and the figures on fewer than K ended stays, and nothing more: the shape of
# a table with primary suppression only, which the attacker must break.
#
# What a reader has, per row: entered = left + dropped + wip; ended = left + dropped, which
# the table does not print but throughput gives away (throughput = 30 * ended / P, and P
# follows from any row whose left and dropped are shown); drop_rate = 100 * dropped /
# ended.  Per group: the dwell days of its rows add up to the group's, which a shown share
# with its dwell days gives away (share = 100 * dwell_days / the group's).
import csv
import sys

sys.path.insert(0, sys.argv[1])
from attack import Table, number, recover  # noqa: E402

name = sys.argv[2]
small = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--blank-small" else 0
min_n = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--min-n" else 0

rows = list(csv.DictReader(sys.stdin))
if not rows:
    sys.exit("no rows")
fields = list(rows[0].keys())
bycols = fields[:fields.index("stage")]
COUNTS = ["entered", "left", "dropped", "wip", "over_norm"]
ENDED = ["median_dwell", "p90_dwell", "throughput", "littles_wip", "drop_rate"]


def value(r, col):
    return number(r[col]) if r[col] != "" else None


if small:
    # Primary suppression only, by hand.
    for r in rows:
        ended = int(r["left"]) + int(r["dropped"])
        for c in COUNTS:
            if r[c] != "" and 0 < int(r[c]) < small:
                r[c] = ""
        if 0 < ended < small:
            for c in ENDED:
                r[c] = ""

# P, the days of the observed period, from a row with left, dropped and throughput shown.
P = None
best = 0
for r in rows:
    left, dropped, tp = value(r, "left"), value(r, "dropped"), value(r, "throughput")
    if left is not None and dropped is not None and tp and left + dropped > best:
        best = left + dropped
        P = 30 * best / tp

t = Table()
groups = {}
for i, r in enumerate(rows):
    g = tuple(r[c] for c in bycols)
    where = "%s %s" % ("/".join(g) or "all", r["stage"])
    n = t.cell(value(r, "entered"), where + " entered")
    left = t.cell(value(r, "left"), where + " left")
    dropped = t.cell(value(r, "dropped"), where + " dropped")
    wip = t.cell(value(r, "wip"), where + " wip")
    tp = value(r, "throughput")
    ended = t.cell(round(tp * P / 30) if tp is not None and P else None, where + " ended")
    t.sum(ended, [left, dropped])
    t.sum(n, [left, dropped, wip])
    t.sum(n, [ended, wip])
    dr = value(r, "drop_rate")
    if dr is not None:
        t.share(t.cell(dr, where + " drop_rate"), dropped, ended, 1)
    groups.setdefault(g, []).append((r, t.cell(value(r, "dwell_days"), where + " dwell_days")))

for g, members in groups.items():
    # The group's dwell days, worked out from a shown share and its dwell days.
    whole = None
    for r, d in members:
        share, days = value(r, "share"), value(r, "dwell_days")
        if share and days is not None:
            whole = 100 * days / share
            break
    tot = t.cell(whole, "/".join(g) + " dwell_days of the group")
    t.sum(tot, [d for _, d in members])

# The primary rule: a shown count is 0 or at least K; a shown figure on the ended stays
# rests on at least K of them (ended as the attacker knows it, or as throughput gives it).
bad = 0
for r in rows:
    for c in COUNTS:
        v = value(r, c)
        bad += v is not None and 0 < v < min_n
    tp = value(r, "throughput")
    ended = round(tp * P / 30) if tp is not None and P else None
    for c in ENDED:
        bad += value(r, c) is not None and ended is not None and 0 < ended < min_n
if bad:
    print("%s: %d shown values under K" % (name, bad))

found = recover(t)
print("%s: %s" % (name, "nothing recovered" if not found else "%d recovered, e.g. %s = %s" %
                  (len(found), found[0][0], found[0][1])))
