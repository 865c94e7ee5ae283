#!/usr/bin/python3
"""The referral figures of keten-flow(1) for the cases of one month, with pandas and no
keten code: python3 referral.py EVENTS FROM TO prints the line keten flow --on org_type
writes on stderr for `keten filter --active FROM..TO EVENTS | keten flow --on org_type
--asof TO`, and the sentence keten report --month writes for the same month.

The cases of the month: an event in it, or a latest event before it (by date, time, the
built-in model's stage order, input order) that is not at uitstroom.  Their events up to
TO are walked in that order: a run of events with the same org_type is one stay (empty
values passed over); an event at uitstroom is no stay and ends the one before it.  A case
with a stay at informeel reached formal help when a stay at formeel follows its first
informal stay; one that never did ended when its last stay was ended by uitstroom, and is
still open otherwise."""
import sys

import pandas as pd

STAGES = ["signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek",
          "intake", "beschikking", "stabilisatie", "schuldregeling", "wsnp", "begeleiding",
          "nazorg", "uitstroom"]


def main(path, start, end):
    ev = pd.read_csv(path, dtype=str, keep_default_na=False)
    ev["row"] = range(len(ev))
    ev["day"] = pd.to_datetime(ev["date"].str.slice(0, 10))
    ev["sec"] = [int(d[11:13]) * 3600 + int(d[14:16]) * 60 if len(d) > 10 else -1
                 for d in ev["date"]]
    ev["ord"] = ev["stage"].map(STAGES.index)
    ev = ev.sort_values(["case", "day", "sec", "ord", "row"], kind="stable")
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    cases = never = ended = 0
    for _, g in ev.groupby("case", sort=False):
        g = g[g["day"] <= end]
        before = g[g["day"] < start]
        inside = ((g["day"] >= start) & (g["day"] <= end)).any()
        if not inside and (len(before) == 0 or before["stage"].iloc[-1] == "uitstroom"):
            continue
        stays = []  # [value, ended by uitstroom]
        cur = None
        for stage, org in zip(g["stage"], g["org_type"]):
            if stage == "uitstroom":
                if cur is not None:
                    stays[-1][1] = True
                cur = None
                continue
            if org == "" or org == cur:
                continue
            cur = org
            stays.append([org, False])
        vals = [s[0] for s in stays]
        if "informeel" not in vals:
            continue
        cases += 1
        if "formeel" in vals[vals.index("informeel") + 1:]:
            continue
        never += 1
        ended += stays[-1][1]
    pct = "%.1f" % (100.0 * never / cases)
    print("keten-flow: of %d cases with informeel help, %d (%s%%) never reached formeel "
          "(%d ended, %d still open)" % (cases, never, pct, ended, never - ended))
    print("Of the %d cases that had informal help, %d (%s%%) never reached formal help "
          "after their first informal stay (%d ended, %d still open)." %
          (cases, never, pct, ended, never - ended))


main(*sys.argv[1:])
