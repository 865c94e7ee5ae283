# The attacker must find what a careless table gives away, or the suppression tests that
# rely on it could not fail: a lone blank in a row with its total, a blank total with
# every cell shown, a blank count under a shown share of a shown whole, a blank whole
# under a shown share of a shown part, and a chain of them.  A safe table gives nothing.
import sys
sys.path.insert(0, sys.argv[1])
from attack import Table, recover

t = Table()
tot = t.cell(35, "total")
a, b, c = t.cell(None, "a"), t.cell(12, "b"), t.cell(20, "c")
t.sum(tot, [a, b, c])
print("lone blank:", recover(t))

t = Table()
tot = t.cell(None, "total")
t.sum(tot, [t.cell(4, "a"), t.cell(5, "b")])
print("blank total:", recover(t))

t = Table()
whole = t.cell(600, "whole")
part = t.cell(None, "part")
t.share(t.cell(0.5, "share"), part, whole, 1)
print("share of a whole:", recover(t))

t = Table()
whole = t.cell(None, "whole")
part = t.cell(3, "part")
t.share(t.cell(18.8, "share"), part, whole, 1)
print("whole from a share:", recover(t))

t = Table()
whole = t.cell(None, "whole")
p1, p2 = t.cell(3, "p1"), t.cell(None, "p2")
t.share(t.cell(18.8, "s1"), p1, whole, 1)
t.sum(whole, [p1, p2])
print("chain:", recover(t))

t = Table()
tot = t.cell(35, "total")
t.sum(tot, [t.cell(None, "a"), t.cell(None, "b"), t.cell(20, "c")])
print("safe:", recover(t))
