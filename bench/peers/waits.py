"""bench/peers/waits.py EVENTS.csv [--gaps FILE]: the finished waits of every transition
by city, as keten waits --by city computes them, written with pandas for the benchmark.

For every case the events are put in date order (ties by the model order of the stage);
each two consecutive events are a transition from -> to whose wait is the difference of
their dates in days, grouped by the city of the starting event, from and to.  Printed per
group: n, mean, sd (n - 1), min, p25, median, p75, p90, max (quantiles of type 7, the
default of pandas and R), two decimals, groups by city and then the model order of from
and to.  No censoring, Kaplan-Meier or norms: only the finished waits.

With --gaps FILE it writes the waits themselves to FILE instead (city,from,to,wait): the
prepared input that datamash aggregates in bench/waits.sh.
"""
import sys

import numpy as np
import pandas as pd

ORDER = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek",
         "intake", "beschikking", "stabilisatie", "schuldregeling", "wsnp",
         "begeleiding", "nazorg", "uitstroom"]


def main():
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--gaps"):
        sys.exit("usage: waits.py EVENTS.csv [--gaps FILE]")
    ev = pd.read_csv(sys.argv[1], usecols=["case", "stage", "date", "city"],
                     dtype={"case": "category", "stage": "category", "city": "category",
                            "date": str},
                     keep_default_na=False)
    cats = list(ev["stage"].cat.categories)
    unknown = [s for s in cats if s not in ORDER]
    if unknown:
        sys.exit("waits.py: not a stage of the model: '%s'" % unknown[0])
    # Stage codes become model order numbers, so that sorting by them is the model order.
    rank = np.array([ORDER.index(s) for s in cats], dtype=np.int8)
    ev["o"] = rank[ev["stage"].cat.codes.to_numpy()]
    ev["day"] = pd.to_datetime(ev["date"]).to_numpy().astype("datetime64[D]").astype(np.int32)
    ev = ev.drop(columns=["stage", "date"])
    ev.sort_values(["case", "day", "o"], kind="stable", inplace=True, ignore_index=True)

    case = ev["case"].cat.codes.to_numpy()
    same = case[1:] == case[:-1]
    o = ev["o"].to_numpy()
    day = ev["day"].to_numpy()
    gaps = pd.DataFrame({
        "city": ev["city"].to_numpy()[:-1][same],
        "from": o[:-1][same],
        "to": o[1:][same],
        "wait": (day[1:] - day[:-1])[same].astype(np.float64),
    })
    del ev, case, same, o, day
    if len(sys.argv) == 4:
        gaps["from"] = np.array(ORDER)[gaps["from"].to_numpy()]
        gaps["to"] = np.array(ORDER)[gaps["to"].to_numpy()]
        gaps["wait"] = gaps["wait"].astype(np.int64)
        gaps.to_csv(sys.argv[3], index=False)
        return

    g = gaps.groupby(["city", "from", "to"], sort=True, observed=True)["wait"]
    res = g.agg(["count", "mean", "std", "min", "max"])
    q = g.quantile([0.25, 0.5, 0.75, 0.9]).unstack()
    res["p25"], res["median"], res["p75"], res["p90"] = q[0.25], q[0.5], q[0.75], q[0.9]
    res = res.reset_index()
    res["from"] = np.array(ORDER)[res["from"].to_numpy()]
    res["to"] = np.array(ORDER)[res["to"].to_numpy()]
    res = res.rename(columns={"count": "n", "std": "sd"})
    cols = ["city", "from", "to", "n", "mean", "sd", "min", "p25", "median", "p75", "p90", "max"]
    res[cols].to_csv(sys.stdout, index=False, float_format="%.2f")


main()
