# bench/simulate.py MODEL.csv FIT.csv REPS: the fitted model of keten simulate --fit
# (without --by) played REPS times by a plain Python event loop (heapq), the model of
# keten-simulate(7) written again from its text: Poisson arrivals per day at the month's
# rate, routes by their counts (the stops end a case), delays drawn from those seen,
# first-come-first-served places at the queue stages held until the last stage of the
# phase, another phase, a terminal stage or the end.  Prints the mean over the
# replications of the mean wait aanmelding -> eerste_gesprek in days, for bench/simulate.sh
# to set beside keten's.
import csv, heapq, random, sys
from datetime import date, timedelta

model, fit, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
phase, order, terminal = {}, {}, set()
for r in csv.DictReader(open(model)):
    if r["kind"] == "stage":
        phase[r["stage"]] = r["phase"]
        order[r["stage"]] = int(r["order"])
        if r["terminal"] == "1":
            terminal.add(r["stage"])
release = {}
for s in phase:
    same = [x for x in phase if phase[x] == phase[s] and x not in terminal]
    release[s] = max(same or [s], key=lambda x: order[x])
arr, routes, stops, delays, cap, span = {}, {}, {}, {}, {}, {}
for r in csv.DictReader(open(fit)):
    k, v = r["record"], r["value"]
    if k == "span":
        span[r["key"]] = v
    elif k == "capacity":
        cap[r["stage"]] = int(v)
    elif k == "arrivals":
        arr[(r["stage"], int(r["key"]))] = int(v)
    elif k == "route":
        if r["to"]:
            routes.setdefault(r["stage"], []).append((r["to"], float(v)))
        else:
            stops[r["stage"]] = stops.get(r["stage"], 0) + float(v)
    elif k == "delay":
        delays.setdefault((r["stage"], r["to"]), []).extend([float(r["key"])] * int(v))
d0, d1 = date.fromisoformat(span["from"]), date.fromisoformat(span["to"])
days = [d0 + timedelta(n) for n in range((d1 - d0).days + 1)]
mdays = {m: sum(d.month == m for d in days) for m in range(1, 13)}
hend = len(days)

def run(rnd):
    ev, seq = [], 0
    first = []
    for (s, m), n in sorted(arr.items()):
        rate = n / mdays[m]
        for i, d in enumerate(days):
            if d.month != m:
                continue
            # Poisson by exponential gaps within the day, all at the day's start.
            t, k = 0.0, 0
            while True:
                t += rnd.expovariate(rate)
                if t >= 1:
                    break
                k += 1
            for _ in range(k):
                first.append({})
                heapq.heappush(ev, (float(i), seq, len(first) - 1, s, "arrive"))
                seq += 1
    free = dict(cap)
    queue = {s: [] for s in cap}
    hold = {}

    def push(t, c, s, kind):
        nonlocal seq
        if t < hend:
            heapq.heappush(ev, (t, seq, c, s, kind))
            seq += 1

    def rel(c, t):
        q = hold.pop(c)
        if queue[q]:
            n = queue[q].pop(0)
            hold[n] = q
            push(t, n, q, "reach")
        else:
            free[q] += 1

    def reach(c, s, t):
        first[c].setdefault(s, t)
        if c in hold and s != hold[c] and (s in terminal or phase[s] != phase[hold[c]]
                                           or s == release[hold[c]]):
            rel(c, t)
        if s in terminal:
            return
        out = routes.get(s, [])
        tot = sum(w for _, w in out) + stops.get(s, 0)
        u, nxt = rnd.random() * tot, None
        for b, w in out:
            if u < w:
                nxt = b
                break
            u -= w
        if nxt is None:
            if c in hold:
                rel(c, t)
            return
        dl = delays.get((s, nxt))
        d = rnd.choice(dl) if dl else 0.0
        push(t + d, c, nxt, "ready" if nxt in cap else "reach")

    def ready(c, q, t):
        if c in hold and hold[c] != q:
            rel(c, t)
        if free[q] > 0:
            free[q] -= 1
            hold[c] = q
            reach(c, q, t)
        else:
            queue[q].append(c)

    while ev:
        t, _, c, s, kind = heapq.heappop(ev)
        if kind == "reach":
            reach(c, s, t)
        elif s in cap:
            ready(c, s, t)
        else:
            reach(c, s, t)
    w = [f["eerste_gesprek"] - f["aanmelding"] for f in first
         if "aanmelding" in f and "eerste_gesprek" in f and f["eerste_gesprek"] >= f["aanmelding"]]
    return sum(w) / len(w)

rnd = random.Random(1)
print("%.2f" % (sum(run(rnd) for _ in range(reps)) / reps))
