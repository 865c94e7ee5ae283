#!/usr/bin/python3
"""The report's own tables as a reader sees them (keten report -f md), handed to the
attacker (tests/suppress/attack.py):

  adapter.py ATTACK_DIR K NAME REPORT.md [--primary-only]

The page is one output, and the adapter reads every table of it that shows counts, with
the ties a reader can form within a table and between tables:

- "Period and data": the counts, '.' where blank; the cases of the period that did not
  start in it, that did not leave it, and the cases of the input outside the period are
  hidden members of sums a reader forms;
- "Klantreis": the cases of the paragraph (started) and per phase reached and dropped;
  pct_started = reached / started and conversion = reached / the previous phase's reached
  (the reader's guess) as shares; started = reached + the cases that did not reach the
  phase, and uitstroom's reached = every phase's dropped + those that left otherwise, as
  sums with a hidden member; the started of the klantreis is the period's cases;
- the sentence of the referral question: cases, never, ended, open, the share of never;
  never = ended + open; cases = never + those that reached formal help (hidden);
- "Wgs norms" (the table of keten waits --norms --period): per row waits = done + still
  waiting + dropped, the waits judged against the norm (hidden) = done + still waiting,
  waits = judged + dropped, and % within norm = 100 - the share of past the norm in
  judged; no median or p90 beside a blank done, no % within norm beside a blank past the
  norm;
- "Median wait per month": the waits of the month reported are the done waits of the
  pair's rows in Wgs norms added up;
- "Bottlenecks" (keten bottleneck --period): per stage entered = moved on + dropped +
  still there, the ended stays (hidden) = moved on + dropped, drop rate % = the share of
  dropped in ended; the case-days of all stages (worked out from a shown share and its
  case-days, as a reader would) = the stages' case-days added up; no dwell or drop rate on
  fewer than K ended stays;
- the moves of "Referral from informal to formal help" (keten flow --on org_type
  --period): per from, the cases at it (hidden) = its moves' cases added up, and % of from
  = the share of a move's cases in them; no figure beside blank cases.

It prints what the attacker recovers (a blank, or a hidden member of 1 to K - 1), and
checks what is shown: no count of 1 to K - 1, no figure beside a blank count it rests on,
no knelpunt of fewer than K interviews; and per table how many of its cells it found.
With --primary-only the page is one written with --min-n 0, and the adapter blanks by
hand only its counts of 1 to K - 1 (a careless page), and in the tables of the commands
the figures that rest on them, as those commands did before: the attacker must then find
something.
"""
import re
import sys

sys.path.insert(0, sys.argv[1])
from attack import Table, number, recover  # noqa: E402

K = int(sys.argv[2])
NAME = sys.argv[3]
PRIMARY_ONLY = "--primary-only" in sys.argv[5:]
small = lambda v: v is not None and 0 < v < K


def careless(text):
    """A count of 1 to K - 1 blanked, as written; nothing else."""
    if PRIMARY_ONLY and re.fullmatch(r"\d+", text) and small(int(text)):
        return "."
    return text


def sections(path):
    out, name = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("## "):
                name = line[3:]
                out[name] = {"rows": [], "text": []}
            elif name and line.startswith("| ") and not line.startswith("| ---"):
                out[name]["rows"].append([c.strip() for c in line.strip("|").split(" | ")])
            elif name and line:
                out[name]["text"].append(line)
    return out


def main():
    s = sections(sys.argv[4])
    t, hidden, found = Table(), set(), []

    def cell(text, name):
        v = number(careless(text))
        if small(v):
            found.append("%s = %s shown" % (name, v))
        return t.cell(v, name)

    def hide(name):
        i = t.cell(None, name)
        hidden.add(i)
        return i

    # Period and data.
    kv = {r[0]: r[1] for r in s["Period and data"]["rows"][1:]}
    c = {k: cell(kv[k], k) for k in kv if k in (
        "cases in the input", "cases in the chain during the period",
        "of which started in the period", "of which left the chain in the period",
        "events in the period", "interviews coded", "coded segments")}
    cases = c["cases in the chain during the period"]
    t.sum(cases, [c["of which started in the period"], hide("cases from before the period")])
    t.sum(cases, [c["of which left the chain in the period"], hide("cases that did not leave")])
    t.sum(c["cases in the input"], [cases, hide("cases outside the period")])

    # Klantreis: started is the period's cases.
    k = s["Klantreis"]
    m = [re.match(r"The (\S+) cases along", x) for x in k["text"]]
    m = [x for x in m if x]
    if m and k["rows"]:
        started = cell(m[0].group(1), "klantreis started")
        t.sum(started, [cases])
        t.sum(cases, [started])
        rows = {r[0]: r[1:] for r in k["rows"][1:]}
        phases = k["rows"][0][1:]
        prev, dropped, term = None, [], None
        for i, p in enumerate(phases):
            if rows["cases"][i] == "":
                continue
            reached = cell(rows["cases"][i], "%s reached" % p)
            drop = cell(rows["dropped here"][i], "%s dropped" % p)
            for fig in ("median wait", "p90 wait"):
                key = [x for x in rows if x.startswith(fig)][0]
                if rows[key][i] not in ("", ".") and t.value[reached] is None:
                    found.append("%s %s shown on a blank phase" % (p, fig))
            if rows["% of started"][i] not in ("", "."):
                t.share(t.cell(number(rows["% of started"][i]), "pct"), reached, started)
            conv = rows["% from previous phase"][i]
            if conv not in ("", ".") and prev is not None:
                t.share(t.cell(number(conv), "conv"), reached, prev)
            t.sum(started, [reached, hide("%s not reached" % p)])
            dropped.append(drop)
            if p == "Uitstroom":
                term = reached
            prev = reached
        if term is not None:
            t.sum(term, dropped + [hide("left otherwise")])
        for name, vals in rows.items():
            if name.startswith("knelpunt"):
                for v in vals:
                    n = re.search(r"\((\d+)\)$", v)
                    if n and int(n.group(1)) < K:
                        found.append("knelpunt %s shown" % v)

    # The referral sentence.
    for x in s["Referral from informal to formal help"]["text"]:
        r = re.match(r"Of the (\S+) cases that had informal help, (\S+) \((\S+?)%?\) never "
                     r"reached formal help after their first informal stay \((\S+) ended, "
                     r"(\S+) still open\)\.$", x)
        if not r:
            continue
        rc, rn, rp, re_, ro = r.groups()
        whole, never = cell(rc, "referral cases"), cell(rn, "referral never")
        ended, still = cell(re_, "referral ended"), cell(ro, "referral open")
        t.sum(never, [ended, still])
        t.sum(whole, [never, hide("referral reached formal help")])
        if rp != ".":
            t.share(t.cell(number(rp), "referral pct"), never, whole)

    def fig(text, blank):
        """A figure of a table of the commands: '.' on a careless page where its count is."""
        return "." if PRIMARY_ONLY and blank and text != "" else text

    def shown(text):
        return text not in ("", ".")

    # Wgs norms.
    done_of = {}
    for r in s.get("Wgs norms", {"rows": []})["rows"][1:]:
        where = "norms %s-%s %s" % (r[0], r[1], r[2])
        n, done = cell(r[5], where + " waits"), cell(r[6], where + " done")
        waiting, dropped = cell(r[7], where + " still waiting"), cell(r[8], where + " dropped")
        t.sum(n, [done, waiting, dropped])
        done_of.setdefault((r[0], r[1]), []).append(done)
        for x in (9, 10):
            if shown(fig(r[x], t.value[done] is None)) and t.value[done] is None:
                found.append("%s median or p90 shown beside a blank done" % where)
        if r[2] == "":
            continue
        judged, over = hide(where + " judged"), cell(r[11], where + " past the norm")
        t.sum(n, [judged, dropped])
        t.sum(judged, [done, waiting])
        raw = [number(x) if re.fullmatch(r"\d+", x) else None for x in (r[6], r[7])]
        within = fig(r[12], t.value[over] is None or
                     (None not in raw and 0 < raw[0] + raw[1] < K))
        if shown(within):
            if t.value[over] is None:
                found.append("%s %% within norm shown beside a blank past the norm" % where)
            t.share(t.cell(round(100 - number(within), 1), where + " pct_over"), over, judged)

    # The waits of the month reported, in the trend, are the norms' done added up.
    trend = s.get("Median wait per month", {"rows": []})["rows"]
    month = kv.get("period", "")[:7]
    for r in trend[1:]:
        if r[0] != month:
            continue
        for i, name in enumerate(trend[0]):
            m = re.match(r"(\S+) to (\S+): waits$", name)
            if m and (m.group(1), m.group(2)) in done_of:
                t.sum(cell(r[i], "trend %s %s" % (month, name)), done_of[m.groups()])

    # Bottlenecks.
    days, total = [], None
    for r in s.get("Bottlenecks", {"rows": []})["rows"][1:]:
        where = "bottlenecks %s" % r[1]
        n, left = cell(r[2], where + " entered"), cell(r[3], where + " moved on")
        dropped, wip = cell(r[4], where + " dropped"), cell(r[5], where + " still there")
        ended = hide(where + " ended")
        t.sum(ended, [left, dropped])
        t.sum(n, [left, dropped, wip])
        t.sum(n, [ended, wip])
        raw = [number(x) if re.fullmatch(r"\d+", x) else None for x in (r[3], r[4])]
        few = None not in raw and 0 < raw[0] + raw[1] < K
        for x in (6, 7, 10):
            if shown(fig(r[x], few)) and few and not PRIMARY_ONLY:
                found.append("%s dwell or drop rate shown on %d ended stays" % (
                    where, raw[0] + raw[1]))
        rate = fig(r[10], few)
        if shown(rate):
            t.share(t.cell(number(rate), where + " drop rate"), dropped, ended)
        d = t.cell(number(r[8]) if shown(r[8]) else None, where + " case-days")
        days.append(d)
        if total is None and shown(r[8]) and shown(r[9]) and number(r[9]) > 0:
            total = 100 * number(r[8]) / number(r[9])
    if days:
        t.sum(t.cell(total, "bottlenecks case-days of all stages"), days)

    # The moves between the values of org_type.
    moves, whole = {}, {}
    for r in s["Referral from informal to formal help"]["rows"][1:]:
        where = "moves %s-%s" % (r[0], r[1])
        c = cell(r[2], where + " cases")
        moves.setdefault(r[0], []).append(c)
        whole.setdefault(r[0], hide("moves cases at %s" % r[0]))
        blank = t.value[c] is None
        if blank and not PRIMARY_ONLY and any(shown(x) for x in r[3:6]):
            found.append("%s a figure shown beside blank cases" % where)
        share = fig(r[3], blank)
        if shown(share):
            t.share(t.cell(number(share), where + " share"), c, whole[r[0]])
    for frm, cells in moves.items():
        t.sum(whole[frm], cells)

    blanks = sum(v is None for i, v in enumerate(t.value) if i not in hidden)
    for name, v in recover(t):
        i = t.name.index(name)
        if i not in hidden:
            found.append("%s = %s recovered" % (name, v))
        elif 0 < v < K:
            found.append("%s = %s worked out" % (name, v))
    if found:
        print("%s: %d blanks; %d found:" % (NAME, blanks, len(found)))
        for x in found[:6]:
            print("  " + x)
        if len(found) > 6:
            print("  ...")
        tables = {}
        for x in found:
            w = x.split()[0]
            w = w if w in ("norms", "trend", "bottlenecks", "moves") else "own parts"
            tables[w] = tables.get(w, 0) + 1
        print("  by table: " + ", ".join("%s %d" % x for x in sorted(tables.items())))
    else:
        print("%s: %d blanks, nothing recovered" % (NAME, blanks))


if __name__ == "__main__":
    main()
