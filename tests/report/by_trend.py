"""The median wait per month by group of keten report --by, from the events CSV alone.

by_trend.py EVENTS MONTH K BY: for each norm pair of the built-in model (keten-model(7)),
the wait of each case from its first A to the first B after it, in days, counted in the
month of B, over every case; per group of the column BY and in total, for the thirteen
months up to MONTH, the number of waits and their median.  Events are in date order,
those of one day in the model's stage order (keten(5), ties).  Prints the cells of the
report's tables as tests/report/by.sh takes them: section, figure, group, value, with a
count of 1 to K - 1 and its median as '.' (keten(5), "Small cells"), a median of fewer
than K waits empty where the count is 0, and one decimal.
"""
import sys

import pandas as pd

ev, month, k, by = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
stages = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek", "intake",
          "beschikking", "stabilisatie", "schuldregeling", "wsnp", "begeleiding", "nazorg",
          "uitstroom"]
pairs = [("aanmelding", "eerste_gesprek"), ("eerste_gesprek", "beschikking")]
rank = {s: i for i, s in enumerate(stages)}

d = pd.read_csv(ev, dtype=str, keep_default_na=False)
d["day"] = pd.to_datetime(d["date"].str[:10])
d["rank"] = d["stage"].map(rank)
d["seq"] = range(len(d))
d = d.sort_values(["case", "day", "rank", "seq"], kind="stable")
d["pos"] = d.groupby("case").cumcount()
# A case's group is that of its first event.
group = d.groupby("case")[by].first()

y, m = map(int, month.split("-"))
months = []
for b in range(12, -1, -1):
    ym = y * 12 + m - 1 - b
    months.append("%04d-%02d" % (ym // 12, ym % 12 + 1))

out = []
for a, z in pairs:
    first_a = d[d["stage"] == a].groupby("case").first()[["day", "pos"]]
    bs = d[d["stage"] == z].join(first_a, on="case", rsuffix="_a", how="inner")
    bs = bs[bs["pos"] > bs["pos_a"]].groupby("case").first()
    w = pd.DataFrame({"wait": (bs["day"] - bs["day_a"]).dt.days,
                      "month": bs["day"].dt.strftime("%Y-%m")})
    w["group"] = group.reindex(w.index).values
    w = w[w["month"].isin(months)]
    groups = sorted(set(group.values), key=lambda s: s.encode())
    for g in groups + ["total"]:
        sel = w if g == "total" else w[w["group"] == g]
        for mo in months:
            x = sel[sel["month"] == mo]["wait"]
            n = len(x)
            if 0 < n < k:
                nv = mv = "."
            else:
                nv = str(n)
                mv = "%.1f" % x.median() if n else ""
            lab = "%s, %s to %s" % (mo, a, z)
            out.append("Median wait per month\t%s: waits\t%s\t%s" % (lab, g, nv))
            out.append("Median wait per month\t%s: median\t%s\t%s" % (lab, g, mv))
print("\n".join(out))
