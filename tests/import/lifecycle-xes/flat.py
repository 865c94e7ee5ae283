"""Flattens log.xes into the columns oracle.py reads (case, activity, timestamp,
lifecycle), one row per event in document order, with xml.etree, without keten.

Usage: /usr/bin/python3 flat.py log.xes > flat.csv"""
import csv
import sys
import xml.etree.ElementTree as ET


def local(tag):
    return tag.rsplit("}", 1)[-1]


def attrs(elem):
    return {c.get("key"): c.get("value") for c in elem if c.get("key")}


w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["case", "activity", "timestamp", "lifecycle"])
for trace in ET.parse(sys.argv[1]).getroot():
    if local(trace.tag) != "trace":
        continue
    case = attrs(trace)["concept:name"]
    for ev in trace:
        if local(ev.tag) == "event":
            a = attrs(ev)
            w.writerow([case, a["concept:name"], a["time:timestamp"],
                        a.get("lifecycle:transition", "")])
