"""The waiting and processing columns of keten bottleneck (keten-bottleneck(1)), computed
with pandas without keten: per stage, every event at it (the terminal uitstroom has no
row); processing = date - start (start empty: 0); waiting = start - the date of the
case's event before it in date order, 0 when negative, for every event but a case's
first; median and p90 (linear interpolation, R's type 7) in days, 2 decimals, rows
sorted by stage bytewise.

Usage: /usr/bin/python3 oracle.py events.csv"""
import sys

import pandas as pd

ev = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
ev["done"] = pd.to_datetime(ev["date"])
ev["begin"] = pd.to_datetime(ev["start"].where(ev["start"] != "", ev["date"]))
ev = ev.sort_values(["case", "done"], kind="stable")
ev["prev"] = ev.groupby("case")["done"].shift(1)
day = pd.Timedelta(days=1)
ev["proc"] = (ev["done"] - ev["begin"]) / day
ev["wait"] = ((ev["begin"] - ev["prev"]) / day).clip(lower=0)


def fmt(x):
    if pd.isna(x):
        return ""
    if abs(abs(x * 100) % 1 - 0.5) < 1e-6:
        sys.exit(f"oracle.py: {x} lies half way between two hundredths")
    return f"{x:.2f}"


print("stage,median_waiting,p90_waiting,median_processing,p90_processing")
for stage in sorted(set(ev["stage"]) - {"uitstroom"}, key=lambda s: s.encode()):
    g = ev[ev["stage"] == stage]
    w = g["wait"].dropna()
    print(",".join([stage] + [fmt(w.quantile(p)) if len(w) else "" for p in (0.5, 0.9)]
                   + [fmt(g["proc"].quantile(p)) for p in (0.5, 0.9)]))
