"""Makes events.csv: 40 cases along the chain, each event with a completion (date) and
most with a start; some starts before the completion of the event before (overlap),
some events without a start, some cases still open, some leave before beschikking;
times to the second.  Seeded, so it makes the same file.

Usage: /usr/bin/python3 gen.py > events.csv"""
import csv
import random
import sys
from datetime import datetime, timedelta

rnd = random.Random(13)
paths = [["aanmelding", "eerste_gesprek", "intake", "beschikking", "stabilisatie", "uitstroom"],
         ["aanmelding", "eerste_gesprek", "beschikking", "uitstroom"],
         ["signaal", "aanmelding", "intake", "intake", "beschikking"],
         ["aanmelding", "eerste_gesprek", "intake"],
         ["aanmelding", "eerste_gesprek", "uitstroom"]]
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["case", "stage", "date", "start"])
for c in range(40):
    t = datetime(2025, 1, 6, 8, 0) + timedelta(seconds=rnd.randrange(0, 86400 * 20))
    for stage in rnd.choice(paths):
        t += timedelta(seconds=rnd.randrange(1800, 86400 * 6))
        r = rnd.random()
        if r < 0.15:
            start = ""
        else:
            back = rnd.randrange(0, 86400 * 2) if r < 0.3 else rnd.randrange(0, 18000)
            start = (t - timedelta(seconds=back)).strftime("%Y-%m-%dT%H:%M:%S")
        w.writerow([f"m{c:02d}", stage, t.strftime("%Y-%m-%dT%H:%M:%S"), start])
