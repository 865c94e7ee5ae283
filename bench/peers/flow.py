"""bench/peers/flow.py flow|bottleneck EVENTS.csv: keten flow --by city or keten
bottleneck --by city (their counts and quantiles) written with pandas and numpy for the
benchmark.

For every case the events are put in date order (ties by the model order of the stage).
A stay is a run of consecutive events at one stage; uitstroom (terminal) is no stay and
ends the one before it.  A stay moves to the next stay's stage, to (end) when the next
event is uitstroom, or to (open) when there is none by the latest date (the as-of date).
Its wait is from its first event to that event, or to the as-of date.  Grouped by the city
of the stay's first event.

flow prints city,from,to,cases,share_of_from,median_wait,p90_wait: distinct cases per
move, their percentage of the distinct cases with a stay at from, and the type-7
quantiles of the waits.  bottleneck prints city,stage,entered,left,dropped,wip,
median_dwell,p90_dwell,dwell_days: a stay that ends at uitstroom after nazorg counts as
left (completed), after any other stage as dropped; the quantiles are over the stays
that ended.  Rows in no particular order: the benchmark sorts before comparing.
"""
import sys

import numpy as np
import pandas as pd

ORDER = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek",
         "intake", "beschikking", "stabilisatie", "schuldregeling", "wsnp",
         "begeleiding", "nazorg", "uitstroom"]
END, OPEN = len(ORDER), len(ORDER) + 1
NAMES = np.array(ORDER + ["(end)", "(open)"])


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("flow", "bottleneck"):
        sys.exit("usage: flow.py flow|bottleneck EVENTS.csv")
    ev = pd.read_csv(sys.argv[2], usecols=["case", "stage", "date", "city"],
                     dtype={"case": "category", "stage": "category", "city": "category",
                            "date": str},
                     keep_default_na=False)
    cats = list(ev["stage"].cat.categories)
    rank = np.array([ORDER.index(s) for s in cats], dtype=np.int8)
    ev["o"] = rank[ev["stage"].cat.codes.to_numpy()]
    ev["day"] = pd.to_datetime(ev["date"]).to_numpy().astype("datetime64[D]").astype(np.int32)
    ev = ev.drop(columns=["stage", "date"])
    ev.sort_values(["case", "day", "o"], kind="stable", inplace=True, ignore_index=True)

    case = ev["case"].cat.codes.to_numpy()
    o = ev["o"].to_numpy()
    day = ev["day"].to_numpy()
    city = ev["city"].to_numpy()
    asof = day.max()
    n = len(o)
    terminal = o == ORDER.index("uitstroom")
    prev_same = np.zeros(n, dtype=bool)
    prev_same[1:] = (case[1:] == case[:-1]) & (o[1:] == o[:-1])
    start = ~terminal & ~prev_same
    # Each stay ends at the next boundary (a stay's start or a terminal event) of its case.
    b = np.flatnonzero(start | terminal)
    is_start = start[b]
    nxt = np.full(len(b), -1)
    nxt[:-1] = b[1:]
    same_case = np.zeros(len(b), dtype=bool)
    same_case[:-1] = case[b[1:]] == case[b[:-1]]
    s = b[is_start]
    e = nxt[is_start]
    has = same_case[is_start]
    to = np.where(has, np.where(terminal[np.where(has, e, 0)], END, o[np.where(has, e, 0)]), OPEN)
    wait = np.where(has, day[np.where(has, e, 0)], asof) - day[s]
    done = has & (to == END) & (o[np.where(has, e - 1, 0)] == ORDER.index("nazorg"))
    st = pd.DataFrame({"city": city[s], "from": o[s], "to": to, "case": case[s],
                       "wait": wait.astype(np.float64), "done": done})
    del ev, case, o, day, city

    if sys.argv[1] == "flow":
        g = st.groupby(["city", "from", "to"], observed=True)
        res = g["case"].nunique().rename("cases").to_frame()
        q = g["wait"].quantile([0.5, 0.9]).unstack()
        res["median_wait"], res["p90_wait"] = q[0.5], q[0.9]
        res = res.reset_index()
        fromcases = st.groupby(["city", "from"], observed=True)["case"].nunique()
        res["share_of_from"] = 100 * res["cases"].to_numpy() / \
            fromcases.loc[list(zip(res["city"], res["from"]))].to_numpy()
        res["from"] = NAMES[res["from"].to_numpy()]
        res["to"] = NAMES[res["to"].to_numpy()]
        cols = ["city", "from", "to", "cases", "share_of_from", "median_wait", "p90_wait"]
        res["share_of_from"] = res["share_of_from"].map("{:.1f}".format)
        res[cols].to_csv(sys.stdout, index=False, float_format="%.2f")
        return

    st["left"] = (st["to"] < END) | st["done"]
    st["dropped"] = (st["to"] == END) & ~st["done"]
    st["wip"] = st["to"] == OPEN
    g = st.groupby(["city", "from"], observed=True)
    res = g.agg(entered=("wait", "size"), left=("left", "sum"), dropped=("dropped", "sum"),
                wip=("wip", "sum"), dwell_days=("wait", "sum"))
    q = st[~st["wip"]].groupby(["city", "from"], observed=True)["wait"].quantile(
        [0.5, 0.9]).unstack()
    res["median_dwell"], res["p90_dwell"] = q[0.5], q[0.9]
    res = res.reset_index()
    res["from"] = NAMES[res["from"].to_numpy()]
    res = res.rename(columns={"from": "stage"})
    cols = ["city", "stage", "entered", "left", "dropped", "wip", "median_dwell",
            "p90_dwell", "dwell_days"]
    res[cols].to_csv(sys.stdout, index=False, float_format="%.2f")


main()
