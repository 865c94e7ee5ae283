#!/usr/bin/python3
"""The attacker of the suppression tests: given the cells of a table as a reader sees them
(numbers, or None where the table shows a blank) and what ties them together, works out
every blank it can, the way anyone with the table and a spreadsheet could:

- a sum (total = a + b + ...) with one unknown gives that unknown;
- a share (share = 100 * part / whole, printed to `digits` decimals) with the whole known
  gives the part when only one whole number fits the printed share, and with the part
  known gives the whole the same way.

What it learns it uses again, until it learns nothing more.  It knows nothing of keten:
each test turns one command's output into cells and ties (see the adapters beside it)
and fails when `recover` returns any blank.
"""

import math


class Table:
    def __init__(self):
        self.value = []  # a number, or None for a blank
        self.name = []  # where the cell stands, for the message
        self.sums = []  # (total, [cells])
        self.shares = []  # (share, part, whole, digits)

    def cell(self, value, name):
        self.value.append(value)
        self.name.append(name)
        return len(self.value) - 1

    def sum(self, total, cells):
        self.sums.append((total, list(cells)))

    def share(self, share, part, whole, digits=1):
        self.shares.append((share, part, whole, digits))


def _fits(share, digits, part=None, whole=None):
    """The whole numbers that a printed share allows for the unknown side."""
    half = 0.5 * 10 ** -digits
    lo, hi = (share - half) / 100, (share + half) / 100
    if whole is not None:
        cands = range(max(0, math.ceil(lo * whole - 1e-9)), math.floor(hi * whole + 1e-9) + 1)
        return [c for c in cands if c <= whole]
    if part is not None and part > 0 and lo > 0:
        return list(range(max(part, math.ceil(part / hi - 1e-9)), math.floor(part / lo + 1e-9) + 1))
    return None


def recover(t):
    """Returns [(name, value)] for every blank the attacker works out."""
    known = list(t.value)
    blank = [v is None for v in t.value]
    changed = True
    while changed:
        changed = False
        for total, cells in t.sums:
            members = [total] + cells
            unknown = [c for c in members if known[c] is None]
            if len(unknown) != 1:
                continue
            u = unknown[0]
            rest = sum(known[c] for c in cells if c != u)
            known[u] = rest if u == total else known[total] - rest
            changed = True
        for share, part, whole, digits in t.shares:
            s = known[share]
            if s is None:
                continue
            if known[part] is None and known[whole] is not None:
                f = _fits(s, digits, whole=known[whole])
                if f is not None and len(f) == 1:
                    known[part] = f[0]
                    changed = True
            elif known[whole] is None and known[part] is not None:
                f = _fits(s, digits, part=known[part])
                if f is not None and len(f) == 1:
                    known[whole] = f[0]
                    changed = True
    return [(t.name[i], known[i]) for i in range(len(known)) if blank[i] and known[i] is not None]


def number(text):
    """A cell of keten CSV: a number, or None when blank."""
    text = text.strip()
    return None if text in ("", ".") else float(text) if "." in text else int(text)
