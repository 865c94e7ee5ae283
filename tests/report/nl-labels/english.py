# Lists the English words of a page that a Dutch page must not show (keten-report(1), The
# page): a norm written "28 days" or "3 workdays", the model name "built-in", the nodes
# "(start)", "(end)" and "(open)" of the maps and the moves, and the contents "events" and
# "holidays" of the provenance table.  keten's CSV keeps these words; a page writes them in
# its language.  Reads the page's text (SVG text included, attributes not), and prints each
# word found once, in the order above.
# Usage: english.py PAGE.html
import re
import sys
from html.parser import HTMLParser


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.skip, self.cell, self.text, self.cells = 0, None, [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.skip += 1
        if tag == "td":
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1
        if tag == "td" and self.cell is not None:
            self.cells.append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.skip:
            return
        self.text.append(data)
        if self.cell is not None:
            self.cell += data


p = Text()
p.feed(open(sys.argv[1], encoding="utf-8").read())
text = " ".join(" ".join(p.text).split())
found = []
for m in re.finditer(r"\b\d+ (?:work)?days\b", text):
    word = re.sub(r"^\d+", "N", m.group(0))
    if word not in found:
        found.append(word)
for word in ("built-in", "(start)", "(end)", "(open)"):
    if word in text:
        found.append(word)
for word in ("events", "holidays"):
    if word in p.cells:
        found.append(word)
print("%s: %s" % (sys.argv[1], ", ".join(found) if found else "no English words"))
