"""Reads an xlsx the way a spreadsheet does, with Python's zipfile and xml.etree only, and
prints what keten-render(1), Spreadsheets, promises of it: each cell with its type (s a
string cell, n a number), its value and its number format, the frozen header, the bold
header, the column widths, the filter and the title."""
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
for name in z.namelist():
    if name.endswith(".xml") or name.endswith(".rels"):
        ET.fromstring(z.read(name))  # every part parses
shared = []
for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
    text = "".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))
    # _xHHHH_ is how OOXML writes a character XML would change (a carriage return).
    shared.append(re.sub("_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), text))
styles = ET.fromstring(z.read("xl/styles.xml"))
numfmts = {f.get("numFmtId"): f.get("formatCode") for f in styles.iter("{%s}numFmt" % NS["m"])}
fonts = styles.findall("m:fonts/m:font", NS)
xfs = styles.findall("m:cellXfs/m:xf", NS)


def style(s):
    xf = xfs[int(s or 0)]
    out = []
    if fonts[int(xf.get("fontId"))].find("m:b", NS) is not None:
        out.append("bold")
    fmt = xf.get("numFmtId")
    if fmt in numfmts:
        out.append("format " + numfmts[fmt])
    al = xf.find("m:alignment", NS)
    if al is not None and al.get("horizontal"):
        out.append("align " + al.get("horizontal"))
    return " ".join(out)


sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
print("pane:", pane.get("state"), "ySplit", pane.get("ySplit"), "top", pane.get("topLeftCell"))
print("widths:", [int(float(c.get("width"))) for c in sheet.findall("m:cols/m:col", NS)])
print("filter:", sheet.find("m:autoFilter", NS).get("ref"))
for c in sheet.iter("{%s}c" % NS["m"]):
    t = c.get("t", "n")
    v = c.find("m:v", NS).text
    value = repr(shared[int(v)]) if t == "s" else float(v)
    print(("%s %s %s %s" % (c.get("r"), t, value, style(c.get("s")))).rstrip())
core = ET.fromstring(z.read("docProps/core.xml"))
title = core.find("{http://purl.org/dc/elements/1.1/}title")
print("title:", None if title is None else title.text)
