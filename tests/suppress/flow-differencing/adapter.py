# keten flow's output as a reader sees it, for the attacker (../attack.py).
#
# The table (CSV): per group and from, the cases at from are not printed, but the shares
# give them away: for each move cases = share_of_from * whole / 100 (one decimal), and the
# reader takes the whole for the sum of the moves' cases (the shares add up to 100).
# The maps (dot, mermaid) show a count per edge: each edge of a move must be blank where
# the table's row is, and show the table's count where it is not.  They also show the
# cases of each node, which the reader ties to the table: at a stage, the cases at from
# (the whole of its shares); at (end) and (open), the moves into them added up; at
# (start), the cases of the group.  And the edges from (start), which add up to the cases
# of the group, and with the moves into a stage to the cases at it (where no case comes to
# a stage twice, as in keten gen); under --min-n they carry no count, and what the reader
# works out of them is no blank shown.
# The referral lines (stderr): cases = reached + never, never = ended + open, and the
# share of never in cases (one decimal); reached is not printed.
#
# Usage: adapter.py SUPPRESS_DIR K NAME flow.csv [map.dot|map.mmd] [referral.txt]
#        [--primary-only]
# Prints NAME and what the attacker recovers of the blanks, and where a map or a figure
# disagrees with the rule.  With --primary-only the inputs come from an unsuppressed run
# (K 0) and the adapter blanks the counts 0 < v < K itself, with their figures, and
# nothing else: the careless shape, which the attacker must break.
import csv
import re
import sys

sys.path.insert(0, sys.argv[1])
from attack import Table, number, recover  # noqa: E402

k, name = int(sys.argv[2]), sys.argv[3]
args = [a for a in sys.argv[4:] if not a.startswith("--")]
primary_only = "--primary-only" in sys.argv[4:]
small = lambda v: v is not None and 0 < v < k  # noqa: E731

t = Table()
problems = []
with open(args[0], newline="") as f:
    rows = list(csv.DictReader(f))
if primary_only:
    for r in rows:
        if small(number(r["cases"])):
            r["cases"] = r["share_of_from"] = r["median_wait"] = r["p90_wait"] = ""
head = list(rows[0].keys()) if rows else []
gcols = head[:head.index("from")] if rows else []
groups = {}
for i, r in enumerate(rows, 2):
    groups.setdefault(tuple(r[c] for c in gcols) + (r["from"],), []).append((i, r))
blank_rows = []
row_cell = {}  # line -> the cell of its cases
whole_of = {}  # group values and from -> the cell of the cases at from
for key, moves in groups.items():
    whole = t.cell(None, "cases at %s" % "/".join(key))
    cells = []
    for i, r in moves:
        c = number(r["cases"]) if r["cases"] else None
        cells.append(t.cell(c, "line %d cases" % i))
        if r["share_of_from"]:
            t.share(t.cell(number(r["share_of_from"]), "line %d share" % i), cells[-1], whole, 1)
        if c is None and (r["share_of_from"] or r["median_wait"] or r["p90_wait"]):
            problems.append("line %d: a figure shown with cases blank" % i)
        if small(c):
            problems.append("line %d: cases %d shown, below %d" % (i, c, k))
        blank_rows.append(c)
        row_cell[i] = cells[-1]
    whole_of[key] = whole
    t.sum(whole, cells)
# The groups in the order of the table, as the maps number them (g0, g1, ...).
gkeys = []
for r in rows:
    g = tuple(r[c] for c in gcols)
    if g not in gkeys:
        gkeys.append(g)


def count(text):
    """The cases a label shows: a number, or None for '.'."""
    m = re.match(r"(\d+) cases?", text)
    v = int(m.group(1)) if m else None
    return None if primary_only and small(v) else v

for extra in args[1:]:
    text = open(extra).read()
    if extra.endswith(".dot") or extra.endswith(".mmd"):
        if extra.endswith(".dot"):
            edges = [(g, a, lab, b) for g, a, b, lab in re.findall(
                r'^\s*g(\d+)_(\w+) -> g\d+_(\w+) \[(?:label="([^"]*)")?', text, re.M)]
            nodes = re.findall(r'^\s*g(\d+)_(\w+) \[label="([^"]*)"', text, re.M)
            br = "\\n"
        else:
            edges = re.findall(r'^\s*g(\d+)_(\w+) -\.?->(?:\|"([^"]*)"\|)? g\d+_(\w+)$', text, re.M)
            nodes = re.findall(r'^\s*g(\d+)_(\w+)(?:\[|\(\(|\(\[)"([^"]*)"', text, re.M)
            br = "<br/>"
        labels = [lab for g, a, lab, b in edges if a != "start"]
        if len(labels) != len(rows):
            problems.append("%s: %d edges for %d rows" % (extra, len(labels), len(rows)))
        for lab, c in zip(labels, blank_rows):
            shown = count(lab)
            if shown != c:
                problems.append("%s: edge %r where the table has %s" % (extra, lab, c))
        # A node says its value and its cases.
        values = {r["from"] for r in rows} | {r["to"] for r in rows}
        name_of = {}
        start_node = {}
        for g, node, label in nodes:
            name_of[(g, node)] = label.split(br)[0]
            value, _, cases = label.partition(br)
            if node == "start":
                where = "/".join(gkeys[int(g)])
                start_node[g] = t.cell(count(cases), "map %s (start) of %s" % (extra, where)) if cases \
                    else t.cell(None, "cases at (start) of %s" % where)
                continue
            if value not in values or not (cases == "." or re.fullmatch(r"\d+ cases?", cases)):
                problems.append("%s: a node that says more than its value and cases: %s" % (extra, label))
                continue
            gk = gkeys[int(g)]
            cell = t.cell(count(cases), "map %s node %s" % (extra, "/".join(gk + (value,))))
            into = [row_cell[i] for i, r in enumerate(rows, 2)
                    if tuple(r[c] for c in gcols) == gk and r["to"] == value]
            if value in ("(end)", "(open)"):
                t.sum(cell, into)
            elif gk + (value,) in whole_of:
                t.sum(whole_of[gk + (value,)], [cell])
        for gi in sorted({g for g, a, lab, b in edges if a == "start"}, key=int):
            gk = gkeys[int(gi)]
            starts = []
            for g, a, lab, b in edges:
                if g != gi or a != "start":
                    continue
                value = name_of[(g, b)]
                # A bare edge (no count) is no blank: what the reader works out of it
                # goes under "cases at", which the attacker does not report.
                where = "/".join(gk + (value,))
                starts.append(t.cell(count(lab), "map %s start %s" % (extra, where)) if lab
                              else t.cell(None, "cases at %s from (start)" % where))
                into = [row_cell[i] for i, r in enumerate(rows, 2)
                        if tuple(r[c] for c in gcols) == gk and r["to"] == value]
                if gk + (value,) in whole_of:
                    t.sum(whole_of[gk + (value,)], [starts[-1]] + into)
            t.sum(start_node[gi], starts)
    else:
        pat = re.compile(r"^keten-flow: (?:(.*): )?of (\S+) cases with informeel help, (\S+) \((\S+?)%?\) "
                         r"never reached formeel \((\S+) ended, (\S+) still open\)")
        for line in text.splitlines():
            m = pat.search(line)
            if not m:
                continue
            g = m.group(1) or "all"
            v = [None if x == "." else number(x) for x in m.groups()[1:]]
            if primary_only:
                v = [None if small(x) else x for x in v]
                if v[1] is None or v[0] is None:
                    v[2] = None
            cases, never, share, ended, open_ = v
            cc = t.cell(cases, "%s referral cases" % g)
            cn = t.cell(never, "%s referral never" % g)
            t.sum(cc, [t.cell(None, "%s referral reached" % g), cn])
            t.sum(cn, [t.cell(ended, "%s referral ended" % g), t.cell(open_, "%s referral open" % g)])
            if share is not None:
                t.share(t.cell(share, "%s referral share" % g), cn, cc, 1)
            for x in (cases, never, ended, open_):
                if small(x):
                    problems.append("%s: referral count %d shown, below %d" % (g, x, k))

found = [(n, x) for n, x in recover(t)
         if not n.startswith("cases at") and not n.endswith("reached")]
print("%s: %s" % (name, found if found else "nothing recovered"))
for p in [] if primary_only else problems:
    print("  " + p)
