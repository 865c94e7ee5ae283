"""Compares a keten CSV with its csv-nl rendering, read the way keten-render(1) says."""
import sys

import pandas as pd

keten, nl = sys.argv[1], sys.argv[2]
a = pd.read_csv(keten)
b = pd.read_csv(nl, sep=";", decimal=",", encoding="utf-8-sig")
raw = open(nl, "rb").read()
print("bom:", raw.startswith(b"\xef\xbb\xbf"))
print("records:", raw.count(b"\r\n"), "bare LF:", raw.count(b"\n") - raw.count(b"\r\n"))
print("rows, columns:", a.shape, b.shape)
print("numeric columns:", sum(a[c].dtype.kind in "if" for c in a.columns),
      sum(b[c].dtype.kind in "if" for c in b.columns))
print("suppressed rows:", int(a["suppressed"].sum()), int(b["suppressed"].sum()))
print("empty cells:", int(a.isna().sum().sum()), int(b.isna().sum().sum()))
pd.testing.assert_frame_equal(a, b, check_exact=True)
print("same values")
