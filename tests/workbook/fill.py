#!/usr/bin/env python3
"""An evaluator's hand on a marking workbook, through openpyxl: an XLSX reader and writer that is not calloff's.

usage:
  fill.py IN.xlsx OUT.xlsx SPEC.json   open IN, set the cells SPEC names, save as OUT
  fill.py --dump IN.xlsx OUT.json      what openpyxl reads in IN: the sheet names, and for the sheet
                                       Marks its cells holding a value, the unlocked cells, whether it
                                       is protected, its data validations and frozen panes
  fill.py --restyle IN.xlsx OUT.xlsx   IN saved as another program might: the sheet Marks with every
                                       text an inline string, no r on rows and cells, integers written
                                       "4.0", and one text as rich text runs with a phonetic run (which
                                       is not part of the text)
  fill.py --shared IN.xlsx OUT.xlsx    the same, with every text in a new shared strings part instead
  fill.py --replace IN.xlsx OUT.xlsx PART OLD NEW
                                       IN with the text OLD replaced by NEW in the zip entry PART
  fill.py --bomb IN.xlsx OUT.xlsx PART MIB
                                       IN with PART padded to MIB mebibytes of spaces (a few kB compressed)

SPEC is a JSON object: "G7" (a cell of Marks) or "Scale!B2" to a value (a number, a text, a text
starting with "=" for a formula, null to empty the cell); "@title" renames the sheet Marks;
"@insert_rows" inserts an empty row before the row given; "@clear" empties every cell of Marks.
Exit status 0, or 1 with a message.
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def fill(src, dst, spec_path):
    import openpyxl
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    wb = openpyxl.load_workbook(src)
    marks = wb["Marks"]
    for key, value in spec.items():
        if key == "@title":
            marks.title = value
        elif key == "@insert_rows":
            marks.insert_rows(int(value))
        elif key == "@clear":
            for row in marks.iter_rows():
                for c in row:
                    c.value = None
        else:
            sheet, cell = key.split("!") if "!" in key else ("Marks", key)
            wb[sheet][cell].value = value
    wb.save(dst)


def dump(src, dst):
    import openpyxl
    wb = openpyxl.load_workbook(src)
    ws = wb["Marks"]
    cells, unlocked = {}, []
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                cells[c.coordinate] = c.value
            if c.has_style and not c.protection.locked:
                unlocked.append(c.coordinate)
    out = {
        "sheets": wb.sheetnames,
        "cells": cells,
        "unlocked": unlocked,
        "protected": bool(ws.protection.sheet),
        "protected_all": all(bool(wb[n].protection.sheet) for n in wb.sheetnames),
        "validations": [{"sqref": str(v.sqref), "type": v.type, "formula1": v.formula1,
                         "prompt": v.prompt, "error": v.error, "errorStyle": v.errorStyle}
                        for v in ws.data_validations.dataValidation],
        "freeze": ws.freeze_panes,
        "active": wb.active.title,
    }
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)


def rewrite(src, dst, change):
    """Copy the zip src to dst, each entry's bytes passed through change(name, bytes)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info.filename)))


def restyle(src, dst, shared=False):
    """src saved again as another program might; every text of the sheet Marks inline, or (shared) in a
    new shared strings part; one text as rich text runs with a phonetic run."""
    SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    with zipfile.ZipFile(src) as z:
        names = z.namelist()
        sst = []
        if "xl/sharedStrings.xml" in names:
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            for si in root.findall("{%s}si" % MAIN):
                sst.append("".join(t.text or "" for t in si.iter("{%s}t" % MAIN)))
    ET.register_namespace("", MAIN)
    texts = []  # the new shared strings
    done = {"rich": False}

    def put_text(parent, text):
        """text under parent (<is> or <si>): the first long one as two runs and a phonetic run."""
        if not done["rich"] and len(text) > 4:
            done["rich"] = True
            for part in (text[:3], text[3:]):
                r = ET.SubElement(parent, "{%s}r" % MAIN)
                ET.SubElement(r, "{%s}rPr" % MAIN)
                t = ET.SubElement(r, "{%s}t" % MAIN)
                t.text = part
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            ph = ET.SubElement(parent, "{%s}rPh" % MAIN, {"sb": "0", "eb": "1"})
            ET.SubElement(ph, "{%s}t" % MAIN).text = "PHONETIC"
        else:
            t = ET.SubElement(parent, "{%s}t" % MAIN)
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def sheet(data):
        root = ET.fromstring(data)
        for row in root.iter("{%s}row" % MAIN):
            row.attrib.pop("r", None)
            for c in row.findall("{%s}c" % MAIN):
                c.attrib.pop("r", None)
                v, is_ = c.find("{%s}v" % MAIN), c.find("{%s}is" % MAIN)
                if c.get("t") == "s" and v is not None:
                    text = sst[int(v.text)]
                    c.remove(v)
                elif c.get("t") == "inlineStr" and is_ is not None:
                    text = "".join(t.text or "" for t in is_.iter("{%s}t" % MAIN))
                    c.remove(is_)
                else:
                    if c.get("t") in (None, "n") and v is not None and re.fullmatch(r"-?\d+", v.text or ""):
                        v.text = v.text + ".0"
                    continue
                if shared:
                    c.set("t", "s")
                    ET.SubElement(c, "{%s}v" % MAIN).text = str(len(texts))
                    texts.append(text)
                else:
                    c.set("t", "inlineStr")
                    put_text(ET.SubElement(c, "{%s}is" % MAIN), text)
        return ET.tostring(root, xml_declaration=True, encoding="UTF-8")

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        marks = sheet(zin.read("xl/worksheets/sheet1.xml"))
        for name in zin.namelist():
            data = zin.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = marks
            elif shared and name == "xl/sharedStrings.xml":
                continue
            elif shared and name == "xl/_rels/workbook.xml.rels" and SST_TYPE.encode() not in data:
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSST" Type="%s" Target="sharedStrings.xml"/>'
                                    b"</Relationships>" % SST_TYPE.encode())
            elif shared and name == "[Content_Types].xml" and b"/xl/sharedStrings.xml" not in data:
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            zout.writestr(name, data)
        if shared:
            root = ET.Element("{%s}sst" % MAIN, {"count": str(len(texts)), "uniqueCount": str(len(texts))})
            for text in texts:
                put_text(ET.SubElement(root, "{%s}si" % MAIN), text)
            zout.writestr("xl/sharedStrings.xml", ET.tostring(root, xml_declaration=True, encoding="UTF-8"))


def main(argv):
    if len(argv) == 4 and argv[1] == "--dump":
        dump(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] in ("--restyle", "--shared"):
        restyle(argv[2], argv[3], shared=argv[1] == "--shared")
    elif len(argv) == 7 and argv[1] == "--replace":
        part, old, new = argv[4], argv[5].encode(), argv[6].encode()

        def change(name, data):
            if name == part:
                if old not in data:
                    raise SystemExit("fill.py: %s does not hold %r" % (part, old))
                return data.replace(old, new, 1)
            return data
        rewrite(argv[2], argv[3], change)
    elif len(argv) == 6 and argv[1] == "--bomb":
        part, size = argv[4], int(argv[5]) << 20

        def change(name, data):
            if name == part:
                end = data.rindex(b"</worksheet>")
                return data[:end] + b" " * (size - len(data)) + data[end:]
            return data
        rewrite(argv[2], argv[3], change)
    elif len(argv) == 4 and not argv[1].startswith("--"):
        fill(argv[1], argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
