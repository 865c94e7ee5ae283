# The keten waits table as a reader sees it, for the attacker (../attack.py): per row the
# counts n, done, waiting, dropped and over, and the waits judged against the norm
# (done + waiting), which the table does not print but which the reader may work out:
# n = done + waiting + dropped, n = judged + dropped, judged = done + waiting, and the
# share pct_over = 100 * over / judged to one decimal.  Rows are not tied to each other:
# the table prints no totals across them.
#
# Usage: adapter.py SUPPRESS_DIR K NAME [--primary-only] < waits.csv
# Prints NAME and what the attacker recovers of the blanks, and any figure shown although
# the count it rests on (keten(5), "Small cells") is blank.  With --primary-only the input
# is an unsuppressed table (K 0) whose counts 0 < v < K the adapter blanks itself, and
# nothing else: the careless shape, which the attacker must break.
import csv
import sys

sys.path.insert(0, sys.argv[1])
from attack import Table, number, recover  # noqa: E402

k, name = int(sys.argv[2]), sys.argv[3]
primary_only = "--primary-only" in sys.argv[4:]
COUNTS = ["n", "done", "waiting", "dropped", "over"]
STATS = ["mean", "sd", "min", "p25", "median", "p75", "p90", "max", "ci_low", "ci_high"]

t = Table()
problems = []
for i, row in enumerate(csv.DictReader(sys.stdin), 2):
    where = "line %d" % i
    if primary_only:
        for c in COUNTS:
            v = number(row[c]) if row[c] else None
            if v is not None and 0 < v < k:
                row[c] = ""
                if c == "over":
                    row["pct_over"] = ""
    v = {c: number(row[c]) if row[c] else None for c in COUNTS}
    has_norm = row["norm"] != ""
    cell = {c: t.cell(v[c], "%s %s" % (where, c)) for c in COUNTS[:4]}
    t.sum(cell["n"], [cell["done"], cell["waiting"], cell["dropped"]])
    if has_norm:
        judged = t.cell(None, "%s judged" % where)
        over = t.cell(v["over"], "%s over" % where)
        t.sum(cell["n"], [judged, cell["dropped"]])
        t.sum(judged, [cell["done"], cell["waiting"]])
        if row["pct_over"]:
            t.share(t.cell(number(row["pct_over"]), "%s pct_over" % where), over, judged, 1)
    # What the figures rest on.
    if v["done"] is None and any(row[s] for s in STATS):
        problems.append("%s: statistics shown with done blank" % where)
    if v["n"] is None and (row["km_median"] or row["km_p90"]):
        problems.append("%s: km shown with n blank" % where)
    if has_norm and row["pct_over"] and v["over"] is None:
        problems.append("%s: pct_over shown with over blank" % where)
    for c in COUNTS:
        if v[c] is not None and 0 < v[c] < k:
            problems.append("%s: %s %d shown, below %d" % (where, c, v[c], k))

found = [(n, x) for n, x in recover(t) if not n.endswith("judged")]
print("%s: %s" % (name, found if found else "nothing recovered"))
for p in [] if primary_only else problems:
    print("  " + p)
