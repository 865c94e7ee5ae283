# Compares the labels of an English page and its Dutch twin with po/nl.po.  The labels of
# a page are the texts of its headings (h1-h6), th and caption elements and the first
# cell of each table row (the row's label, such as "dropped here"), whitespace collapsed.
# Two checks:
#   1. every label of the English page that is a text of nl.po with a Dutch translation
#      (exactly, or the pattern of a format such as "Monthly report of the chain: %s") has
#      that translation among the labels of the Dutch page;
#   2. no label of the Dutch page is (or matches the format of) an English text that
#      nl.po translates into something else: nothing was left untranslated.
# Usage: labels.py NL.PO ENGLISH.html DUTCH.html NAME; prints one line per check.
import re
import sys
from html.parser import HTMLParser


def po_entries(path):
    """msgid -> msgstr of the translated, non-fuzzy entries."""
    out = {}
    for block in open(path, encoding="utf-8").read().split("\n\n"):
        if "#, fuzzy" in block:
            continue
        cur, parts = None, {"msgid": [], "msgstr": []}
        for line in block.split("\n"):
            if line.startswith("#"):
                continue
            m = re.match(r'(msgid|msgstr) (".*")$', line)
            if m:
                cur = m.group(1)
                parts[cur].append(eval(m.group(2)))
            elif line.startswith('"') and cur:
                parts[cur].append(eval(line))
        mid, mstr = "".join(parts["msgid"]), "".join(parts["msgstr"])
        if mid and mstr:
            out[mid] = mstr
    return out


class Labels(HTMLParser):
    TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "th", "caption")

    def __init__(self):
        super().__init__()
        self.stack, self.labels = [], []
        self.first = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.first = True
        elif tag in ("td", "th"):
            if tag == "td" and self.first:
                self.stack.append([tag, ""])
            self.first = False
        if tag in self.TAGS:
            self.stack.append([tag, ""])

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1][0] == tag:
            text = " ".join(self.stack.pop()[1].split())
            if text:
                self.labels.append(text)

    def handle_data(self, data):
        for s in self.stack:
            s[1] += data


def labels(path):
    p = Labels()
    p.feed(open(path, encoding="utf-8").read())
    return p.labels


FMT = re.compile(r"%(?:\d+\$)?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|z|j|t)?[diouxXeEfgGcs]|%%")


def pattern(text):
    """A regular expression that a text written by the format text matches."""
    out, pos = "", 0
    for m in FMT.finditer(text):
        out += re.escape(text[pos:m.start()])
        out += "%" if m.group(0) == "%%" else ".+?"
        pos = m.end()
    return re.compile(out + re.escape(text[pos:]) + r"\Z", re.S)


po, en, nl, name = po_entries(sys.argv[1]), labels(sys.argv[2]), labels(sys.argv[3]), sys.argv[4]
# The texts that nl.po changes (a domain word kept in Dutch, msgstr == msgid, is no label
# that can be left untranslated).
changed = {k: v for k, v in po.items() if k != v}
plain = {k: v for k, v in changed.items() if not FMT.search(k)}
formats = [(pattern(k), pattern(v), k) for k, v in changed.items() if FMT.search(k)]
nlset = set(nl)

missing, checked = [], 0
for lab in dict.fromkeys(en):
    if lab in plain:
        checked += 1
        if plain[lab] not in nlset:
            missing.append("%s -> %s" % (lab, plain[lab]))
        continue
    for pk, pv, k in formats:
        if pk.match(lab):
            checked += 1
            if not any(pv.match(x) for x in nlset):
                missing.append("%s -> %s" % (lab, changed[k]))
            break
if not missing and checked >= 5:
    print("ok - %s: the Dutch page has the translation of every label of the English page" % name)
else:
    print("not ok - %s: translations missing on the Dutch page (%d labels checked)" % (name, checked))
    for m in missing:
        print("#   " + m)

left = []
for lab in dict.fromkeys(nl):
    if lab in plain or any(pk.match(lab) for pk, pv, k in formats if not pv.match(lab)):
        left.append(lab)
if not left:
    print("ok - %s: no label of the Dutch page is an English text of nl.po" % name)
else:
    print("not ok - %s: English labels on the Dutch page" % name)
    for lab in left:
        print("#   " + lab)
