#!/usr/bin/python3
"""The report's own tables as a reader sees them (keten report -f md), handed to the
attacker (tests/suppress/attack.py):

  adapter.py ATTACK_DIR K NAME REPORT.md [--primary-only]

The page is one output; the adapter reads its own parts (the other sections are the
tables of keten waits, bottleneck and flow, which their own attacks cover):

- "Period and data": the counts, '.' where blank; the cases of the period that did not
  start in it, that did not leave it, and the cases of the input outside the period are
  hidden members of sums a reader forms;
- "Klantreis": the cases of the paragraph (started) and per phase reached and dropped;
  pct_started = reached / started and conversion = reached / the previous phase's reached
  (the reader's guess) as shares; started = reached + the cases that did not reach the
  phase, and uitstroom's reached = every phase's dropped + those that left otherwise, as
  sums with a hidden member; the started of the klantreis is the period's cases;
- the sentence of the referral question: cases, never, ended, open, the share of never;
  never = ended + open; cases = never + those that reached formal help (hidden).

It prints what the attacker recovers (a blank, or a hidden member of 1 to K - 1), and
checks what is shown: no count of 1 to K - 1, no median or p90 beside a blank phase, no
knelpunt of fewer than K interviews.  With --primary-only the page is one written with
--min-n 0, and the adapter blanks by hand only its counts of 1 to K - 1 (a careless
page): the attacker must then find something.
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
    else:
        print("%s: %d blanks, nothing recovered" % (NAME, blanks))


if __name__ == "__main__":
    main()
