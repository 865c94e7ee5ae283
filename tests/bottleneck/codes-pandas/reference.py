# Independent reference for keten bottleneck on codes: counts with pandas and ranks by
# interviews, then roles, then weight (largest first), then code.
# Usage: /usr/bin/python3 reference.py CODES.csv [chain|role]
import sys
import pandas as pd

PHASES = ["preventie", "signalering", "toeleiding", "toegang", "stabilisatie", "oplossing",
          "nazorg", "uitstroom", "keten"]
c = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
by = sys.argv[2] if len(sys.argv) > 2 else None
c = c[c["polarity"] != "succes"].copy()
c["w"] = pd.to_numeric(c["weight"].replace("", "0"))
if by == "chain":
    others = sorted(set(c["chain"]) - {"beide"})
    c["g"] = c["chain"].map(lambda v: others if v == "beide" else [v])
    c = c.explode("g")
elif by:
    c["g"] = c[by]
else:
    c["g"] = ""

def phase(s):
    n = s[s != ""].value_counts()
    best = n[n == n.max()].index
    return min(best, key=PHASES.index)

t = c.groupby(["g", "code"]).agg(
    phase=("phase", phase), interviews=("interview", "nunique"), segments=("code", "size"),
    roles=("role", "nunique"), role_list=("role", lambda s: ";".join(sorted(set(s)))),
    cities=("city", "nunique"), weight=("w", "sum")).reset_index()
t = t.sort_values(["g", "interviews", "roles", "weight", "code"],
                  ascending=[True, False, False, False, True])
t["rank"] = t.groupby("g").cumcount() + 1
t["weight"] = t["weight"].map(lambda w: "%d" % w if w == int(w) else "%.2f" % w)
cols = ([by] if by else []) + ["code", "phase", "interviews", "segments", "roles",
                               "role_list", "cities", "weight", "rank"]
t = t.rename(columns={"g": by}) if by else t
t["suppressed"] = 0
print(t[cols + ["suppressed"]].to_csv(index=False), end="")
