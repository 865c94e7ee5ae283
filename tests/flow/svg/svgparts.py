# Prints the structure of an SVG document of Graphviz (read from stdin) with
# xml.etree: per node its title (keten's node id) and its label lines, per edge its
# title (from->to) and its label lines, sorted (the order dot writes them in is its own).
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.stdin).getroot()
lines = []
assert root.tag == NS + "svg", root.tag
for g in root.iter(NS + "g"):
    kind = g.get("class")
    if kind not in ("node", "edge"):
        continue
    title = g.find(NS + "title").text
    texts = [t.text for t in g.findall(NS + "text")]
    lines.append("%s %s | %s" % (kind, title, " / ".join(texts)))
print("\n".join(sorted(lines)))
