#!/usr/bin/python3
"""The klantreis CSV as a reader sees it, handed to the attacker (tests/suppress/attack.py):

  adapter.py ATTACK_DIR K NAME FILE.csv [--primary-only]

Each journey (the rows of one group) is one table.  Its cells are the counts the CSV
shows, None where a field is blank in a row that says suppressed = 1: started, and per
phase with stages reached, dropped, moved_on and norm_waits.  What ties them together, as
a reader with a spreadsheet would tie them:

- shares: pct_started = reached / started; conversion = reached / the reached of the
  previous phase with stages (the reader's guess: most cases of a phase came through the
  previous one);
- sums, each with a member the CSV does not show (hidden): started = reached + the cases
  that did not reach the phase; reached = dropped + moved_on + the rest; the reached of
  the terminal phase (uitstroom) = every phase's dropped + the cases that left otherwise.

It prints what the attacker recovers: a blank worked out (any value), or a hidden member
worked out as a number of 1 to K - 1.  It also checks the primary rule on what is shown:
no count of 1 to K - 1, no median, p90 or pct_within beside a blank or small count, no
knelpunt named in fewer than K interviews.

With --primary-only the CSV is one written with --min-n 0, and the adapter blanks by hand
only its counts of 1 to K - 1, as a careless table would: the attacker must then find
something.
"""
import csv
import re
import sys

sys.path.insert(0, sys.argv[1])
from attack import Table, number, recover  # noqa: E402

K = int(sys.argv[2])
NAME = sys.argv[3]
PRIMARY_ONLY = "--primary-only" in sys.argv[5:]
COUNTS = ["reached", "dropped", "moved_on", "norm_waits"]
small = lambda v: v is not None and 0 < v < K


def journeys(rows, head):
    lead = head[:head.index("phase")]
    out = {}
    for r in rows:
        out.setdefault(tuple(r[c] for c in lead), []).append(r)
    return out


def blank_by_hand(rows):
    """A careless table: the counts of 1 to K - 1 blanked, nothing else."""
    for r in rows:
        if small(number(r["started"])):
            r["started"] = ""
        for c in COUNTS:
            if small(number(r[c])):
                r[c] = ""
                r["suppressed"] = "1"


def main():
    with open(sys.argv[4], newline="") as f:
        rd = csv.DictReader(f)
        head, rows = rd.fieldnames, list(rd)
    if PRIMARY_ONLY:
        blank_by_hand(rows)
    found, blanks = [], 0
    for key, js in journeys(rows, head).items():
        who = "/".join(key) or "all"
        t = Table()
        hidden = set()

        def cell(text, name):
            v = number(text)
            if small(v):
                found.append("%s: %s = %s shown" % (who, name, v))
            return t.cell(v, "%s: %s" % (who, name))

        def hide(name):
            i = t.cell(None, "%s: %s" % (who, name))
            hidden.add(i)
            return i

        started = cell(js[0]["started"], "started")
        prev = None
        dropped, term = [], None
        for r in js:
            p = r["phase"]
            m = re.findall(r"\((\d+)\)", r["knelpunten"])
            found += ["%s: %s: a knelpunt of %s interviews" % (who, p, n) for n in m if int(n) < K]
            if not r["unit"]:
                continue
            c = {n: cell(r[n], "%s %s" % (p, n)) for n in COUNTS}
            for fig, on in (("median_wait", "moved_on"), ("p90_wait", "moved_on"),
                            ("pct_within", "norm_waits")):
                if r[fig] != "" and (t.value[c[on]] is None or small(t.value[c[on]])):
                    found.append("%s: %s %s shown on a blank %s" % (who, p, fig, on))
            if r["pct_started"] != "":
                t.share(t.cell(number(r["pct_started"]), "pct"), c["reached"], started)
            if r["conversion"] != "" and prev is not None:
                t.share(t.cell(number(r["conversion"]), "conv"), c["reached"], prev)
            t.sum(started, [c["reached"], hide("%s not reached" % p)])
            t.sum(c["reached"], [c["dropped"], c["moved_on"], hide("%s rest" % p)])
            dropped.append(c["dropped"])
            if p == "uitstroom":
                term = c["reached"]
            prev = c["reached"]
        if term is not None:
            t.sum(term, dropped + [hide("left otherwise")])
        blanks += sum(v is None for i, v in enumerate(t.value) if i not in hidden)
        for name, v in recover(t):
            i = t.name.index(name)
            if i not in hidden:
                found.append("%s = %s recovered" % (name, v))
            elif 0 < v < K:
                found.append("%s = %s worked out" % (name, v))
    if found:
        print("%s: %d blanks; %d found:" % (NAME, blanks, len(found)))
        for x in found[:6]:
            print("  " + x)
        if len(found) > 6:
            print("  ...")
    else:
        print("%s: %d blanks, nothing recovered" % (NAME, blanks))


if __name__ == "__main__":
    main()
