# The adapter of keten codes for the attacker (../attack.py): reads the CSV of keten codes
# on stdin, turns it into what a reader can work with, and prints what the attacker
# recovers.  Usage:
#   keten codes ... | /usr/bin/python3 codes.py ATTACK_DIR NAME FORM [K] [--blank-small]
# FORM is wide (freq --wide, matrix), wide-segments (the same with --segments), long (freq)
# or cooc (cooc --list).  With K it also checks the primary suppression where the table
# shows the interviews a value rests on: wide and long, no count of 1 to K - 1 interviews;
# cooc, no pair of 1 to K - 1 interviews listed.  --blank-small blanks by hand, in a wide
# table with nothing blank (--min-n 0), the cells of 1 to K - 1 interviews and nothing
# more: the shape of primary suppression alone, which the attacker must break.
#
# What a reader has: in a crosstab, each row's total is the sum of its groups (with
# `beide` spread over the chains the groups add up to more, but a reader may take it as a
# sum all the same); with segments, each segment carries one code, so a group's total in
# the row (all) is also the sum of its column, and the total of all that of the codes'
# totals.  The long table has a share per row, pct_interviews = 100 * interviews / the
# group's interviews, and no sums; cooc has none.
import csv
import sys

sys.path.insert(0, sys.argv[1])
from attack import Table, number, recover  # noqa: E402

name, form = sys.argv[2], sys.argv[3]
k = int(sys.argv[4]) if len(sys.argv) > 4 else 0
by_hand = "--blank-small" in sys.argv[5:]
rows = list(csv.reader(sys.stdin))
head, body = rows[0], rows[1:]
t = Table()
bad = 0


def small(text):
    v = number(text)
    return v is not None and 0 < v < k


if form.startswith("wide"):
    groups = head[1:-1]  # the groups and total
    if by_hand:
        body = [[r[0]] + ["" if small(x) else x for x in r[1:-1]] + [r[-1]] for r in body]
    elif k:
        bad = sum(small(x) for r in body for x in r[1:-1]) if form == "wide" else 0
    cell = [[t.cell(number(x), "%s %s" % (r[0], g)) for x, g in zip(r[1:-1], groups)]
            for r in body]
    for row in cell:
        t.sum(row[-1], row[:-1])
    if form == "wide-segments":
        codes, alls = cell[:-1], cell[-1]
        for j in range(len(groups)):
            t.sum(alls[j], [row[j] for row in codes])
elif form == "long":
    g0 = 1 if head[0] != "code" else 0
    whole = {}
    for r in body:
        g = r[0] if g0 else ""
        if g not in whole:
            # Not printed but no blank either: what the attacker finds of it is no leak.
            whole[g] = t.cell(None, "%s interviews of the group (not printed)" % g)
        part = t.cell(number(r[g0 + 2]), "%s %s interviews" % (g, r[g0]))
        t.cell(number(r[g0 + 1]), "%s %s segments" % (g, r[g0]))
        if r[g0 + 3] != "":
            t.share(t.cell(number(r[g0 + 3]), "pct"), part, whole[g], 1)
        bad += small(r[g0 + 2])
elif form == "cooc":
    for r in body:
        t.cell(number(r[4]), "%s & %s n_ab" % (r[0], r[1]))
        ivs = r[6].split(";") if r[6] else []
        bad += 0 < len(ivs) < k
if bad:
    print("%s: %d shown values under K" % (name, bad))
found = [f for f in recover(t) if not f[0].endswith("(not printed)")]
print("%s: %s" % (name, "nothing recovered" if not found else "%d recovered, e.g. %s = %s" %
                  (len(found), found[0][0], found[0][1])))
