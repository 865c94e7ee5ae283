# Prints the structure of the svg element of the report's process map (section id="map"
# of the page on stdin), or of an SVG document of keten flow -f svg with --flow: per
# node its title (keten's node id) and label lines, per edge its title (from->to) and
# label lines, sorted, read with xml.etree.
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
text = sys.stdin.read()
if "--flow" not in sys.argv:
    sec = re.search(r'<section id="map">(.*?)</section>', text, re.S).group(1)
    text = re.search(r"<svg .*?</svg>", sec, re.S).group(0)
root = ET.fromstring(text)
assert root.tag == NS + "svg", root.tag
lines = []
for g in root.iter(NS + "g"):
    kind = g.get("class")
    if kind in ("node", "edge"):
        texts = [t.text for t in g.findall(NS + "text")]
        lines.append("%s %s | %s" % (kind, g.find(NS + "title").text, " / ".join(texts)))
print("\n".join(sorted(lines)))
