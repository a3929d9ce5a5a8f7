#!/usr/bin/env bash
# --pdfa: PDF/A-1b by construction. No PDF/A validator can be had on Debian
# (shared/LIBRARIES.md), so each requirement is checked structurally, on
# every document of the Sara example and on a case with a transparent logo:
#   header %PDF-1.4; the catalog's /Metadata is an uncompressed
#   /Type /Metadata /Subtype /XML stream whose XMP parses (xmllint) and says
#   what the Info dictionary says (title, author, subject, keywords,
#   creator, producer, dates) with pdfaid part 1, conformance B; an
#   /OutputIntents entry /S /GTS_PDFA1 whose profile is an ICC stream with
#   /N 3; a trailer /ID of two equal 16-byte strings; the same bytes on a
#   second run; every font embedded (pdffonts) with a /CIDSet that marks
#   exactly the CIDs its CIDToGIDMap gives a glyph (and CID 0); no /SMask,
#   no transparency group, no /CA or /ca below 1, no /Encrypt, no
#   JavaScript, no annotation without the print flag; /Lang kept.
# The structure comes from `qpdf --json` (read with python3), the XMP from
# `pdfinfo -meta`.
source "$(dirname "$0")/lib.bash"

check_pdf() {   # check_pdf FILE: prints "ok WHAT" / "FAIL WHAT" lines
  local pdf=$1 name
  name=$(basename "$pdf")
  if [ "$(head -c 9 "$pdf")" = "%PDF-1.4" ]; then echo "ok header"; else echo "FAIL $name: header"; fi
  pdfinfo -meta "$pdf" 2>/dev/null | sed -n '/^<?xpacket begin/,/^<?xpacket end/p' >"$tmp/xmp.xml"
  if xmllint --noout "$tmp/xmp.xml" 2>"$tmp/xmllint.err"; then echo "ok xmp parses"
  else echo "FAIL $name: XMP does not parse: $(head -n 3 "$tmp/xmllint.err")"; fi
  # every font embedded: the 'emb' column of pdffonts
  if pdffonts "$pdf" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }'
  then echo "ok fonts embedded"; else echo "FAIL $name: a font is not embedded"; fi
  qpdf --json=2 --json-stream-data=inline --decode-level=generalized "$pdf" >"$tmp/pdf.json" \
    2>/dev/null
  python3 - "$tmp/pdf.json" "$tmp/xmp.xml" "$name" <<'EOF'
import base64, json, sys
import xml.etree.ElementTree as ET

j = json.load(open(sys.argv[1]))
name = sys.argv[3]
objs = j["qpdf"][1]
trailer = objs["trailer"]["value"]

def check(cond, what):
    print(("ok " if cond else "FAIL %s: " % name) + what)

def obj(ref):
    o = objs.get("obj:" + ref) if isinstance(ref, str) and ref.endswith(" R") else None
    return o if o is not None else {"value": ref}

def dict_of(ref):
    o = obj(ref)
    return o.get("value") or o.get("stream", {}).get("dict") or {}

def data_of(ref):
    s = obj(ref).get("stream", {})
    return base64.b64decode(s.get("data", "")), s.get("dict", {})

def text(v):   # a PDF string in qpdf JSON v2: "u:…" (text) or "b:…" (hex)
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        return bytes.fromhex(v[2:]).decode("latin-1")
    return v

check(j["qpdf"][0]["pdfversion"] == "1.4", "pdf version 1.4")
root = dict_of(trailer["/Root"])
info = dict_of(trailer["/Info"])

# /Metadata
meta_data, meta_dict = data_of(root.get("/Metadata"))
check(meta_dict.get("/Type") == "/Metadata" and meta_dict.get("/Subtype") == "/XML",
      "metadata /Type /Metadata /Subtype /XML")
check("/Filter" not in meta_dict, "metadata uncompressed")
check(meta_data.startswith(b"<?xpacket begin="), "metadata is an XMP packet")

# the XMP says what Info says
ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
try:
    x = ET.fromstring(meta_data.decode("utf-8").split("?>", 1)[1].rsplit("<?xpacket", 1)[0])
except Exception as e:
    x = None
    check(False, "XMP parses in python: %s" % e)

def xmp(path):
    n = x.find(".//" + path, ns) if x is not None else None
    return n.text if n is not None else None

def pdf_date(d):   # D:YYYYMMDDHHmmSS+HH'mm' -> YYYY-MM-DDTHH:mm:SS+HH:mm
    d = text(d)
    if not d:
        return None
    d = d[2:]
    return "%s-%s-%sT%s:%s:%s%s:%s" % (d[0:4], d[4:6], d[6:8], d[8:10], d[10:12], d[12:14],
                                        d[14:17], d[18:20])

pairs = [("/Title", "dc:title/rdf:Alt/rdf:li"), ("/Author", "dc:creator/rdf:Seq/rdf:li"),
         ("/Subject", "dc:description/rdf:Alt/rdf:li"), ("/Keywords", "pdf:Keywords"),
         ("/Creator", "xmp:CreatorTool"), ("/Producer", "pdf:Producer")]
for key, path in pairs:
    check(key in info and text(info[key]) == xmp(path),
          "Info %s = XMP %s (%r, %r)" % (key, path, text(info.get(key)), xmp(path)))
check(pdf_date(info.get("/CreationDate")) == xmp("xmp:CreateDate") is not None,
      "Info /CreationDate = XMP xmp:CreateDate")
check(pdf_date(info.get("/ModDate")) == xmp("xmp:ModifyDate") is not None,
      "Info /ModDate = XMP xmp:ModifyDate")
check(xmp("pdfaid:part") == "1" and xmp("pdfaid:conformance") == "B",
      "pdfaid part 1 conformance B")

# the output intent
intents = root.get("/OutputIntents") or []
intents = [dict_of(i) for i in (dict_of(intents) if isinstance(intents, str) else intents)]
gts = [i for i in intents if i.get("/S") == "/GTS_PDFA1"]
check(len(gts) == 1, "one /OutputIntents entry /S /GTS_PDFA1")
if gts:
    icc, icc_dict = data_of(gts[0].get("/DestOutputProfile"))
    check(icc_dict.get("/N") == 3, "output profile /N 3")
    check(len(icc) > 128 and icc[36:40] == b"acsp" and icc[16:20] == b"RGB ",
          "output profile is an RGB ICC profile")
    check(icc[8] < 4, "output profile ICC version below 4 (%d)" % icc[8])
    check(bool(text(gts[0].get("/OutputConditionIdentifier"))), "OutputConditionIdentifier")

# /ID
ids = trailer.get("/ID") or []
check(len(ids) == 2 and ids[0] == ids[1] and len(ids[0]) == 2 + 32,
      "/ID of two equal 16-byte strings")
check("/Encrypt" not in trailer, "no /Encrypt")
check(bool(text(root.get("/Lang"))), "/Lang kept")

# every object: no transparency, no JavaScript, annotations printable
def walk(v, out):
    if isinstance(v, dict):
        for k, w in v.items():
            out.append((k, w))
            walk(w, out)
    elif isinstance(v, list):
        for w in v:
            walk(w, out)

entries = []
dicts = []
for k, o in objs.items():
    if not k.startswith("obj:"):
        continue
    d = o.get("value") if "value" in o else o.get("stream", {}).get("dict")
    if isinstance(d, dict):
        dicts.append(d)
    walk(d, entries)
keys = [k for k, _ in entries]
check("/SMask" not in keys, "no /SMask")
check(all(not (k in ("/CA", "/ca") and w != 1) for k, w in entries), "no /CA or /ca below 1")
check(all(not (k == "/Group" and dict_of(w).get("/S") == "/Transparency") for k, w in entries),
      "no transparency group")
check(not any(k in ("/JavaScript", "/JS") for k in keys), "no JavaScript")
annots = [d for d in dicts if d.get("/Type") == "/Annot" or "/Subtype" in d and "/Rect" in d]
check(all(int(d.get("/F", 0)) & 4 for d in annots), "annotations carry the print flag")
check("/Annots" not in keys, "no annotations (samdoc makes none)")

# fonts: embedded, with a /CIDSet marking the CIDs the map gives a glyph
fonts = [d for d in dicts if d.get("/Type") == "/Font"]
check(len(fonts) > 0, "some fonts")
for f in fonts:
    if f.get("/Subtype") == "/Type0":
        continue
    fd = dict_of(f.get("/FontDescriptor"))
    base = f.get("/BaseFont")
    check(f.get("/Subtype") == "/CIDFontType2", "%s is a CID TrueType font" % base)
    check("/FontFile2" in fd, "%s embedded (/FontFile2)" % base)
    check("/CIDSet" in fd, "%s FontDescriptor has /CIDSet" % base)
    if "/CIDSet" not in fd:
        continue
    cidset, _ = data_of(fd["/CIDSet"])
    gmap, _ = data_of(f.get("/CIDToGIDMap"))
    want = {0} | {c for c in range(len(gmap) // 2) if gmap[2 * c] or gmap[2 * c + 1]}
    got = {c for c in range(8 * len(cidset)) if cidset[c // 8] & (0x80 >> (c % 8))}
    check(got == want, "%s /CIDSet = the mapped CIDs (%d)" % (base, len(want)))
EOF
}

out="$tmp/pdfa"
"$SAMDOC" render examples/sara-nielsen -o "$out" --dato "$DATO" --pdfa >"$tmp/stdout" 2>"$tmp/stderr"
expect "render --pdfa of the Sara example" test $? -eq 0
"$SAMDOC" render tests/cases/sara-logo -o "$out/logo" --dato "$DATO" --pdfa -d diplom \
  >>"$tmp/stdout" 2>>"$tmp/stderr"
expect "render --pdfa of the case with a logo" test $? -eq 0
"$SAMDOC" render examples/sara-nielsen -o "$tmp/again" --dato "$DATO" --pdfa >/dev/null 2>&1
"$SAMDOC" render tests/cases/sara-logo -o "$tmp/again/logo" --dato "$DATO" --pdfa -d diplom \
  >/dev/null 2>&1

for doc in netvaerkskort netvaerksoverblik maalskema tjekliste dagsorden diplom forloeb; do
  pdf=$(find "$out" -path "$out/logo" -prune -o -name "$doc*.pdf" -print | head -n 1)
  if [ -z "$pdf" ]; then fail "no $doc PDF written"; continue; fi
  ok
  while read -r word rest; do
    if [ "$word" = ok ]; then ok; else fail "$doc: $rest"; fi
  done < <(check_pdf "$pdf")
  expect "$doc: same bytes on a second run" cmp -s "$pdf" "$tmp/again/${pdf#"$out/"}"
done

logo=$(find "$out/logo" -name 'diplom.pdf')
if [ -n "$logo" ]; then
  ok
  while read -r word rest; do
    if [ "$word" = ok ]; then ok; else fail "logo: $rest"; fi
  done < <(check_pdf "$logo")
  expect "logo: same bytes on a second run" cmp -s "$logo" "$tmp/again/logo/${logo#"$out/logo/"}"
  # the logo is there, opaque: one RGB image, no soft mask
  expect "logo: one RGB image, no smask" \
    test "$(pdfimages -list "$logo" 2>/dev/null | awk 'NR > 2 { print $3 "/" $6 }')" = "image/rgb"
  # and the same case without --pdfa keeps its transparency (an SMask)
  "$SAMDOC" render tests/cases/sara-logo -o "$tmp/plain" --dato "$DATO" -d diplom >/dev/null 2>&1
  expect "logo without --pdfa: image and smask" \
    test "$(pdfimages -list "$(find "$tmp/plain" -name diplom.pdf)" 2>/dev/null | awk 'NR > 2 { print $3 }' | tr '\n' ' ')" = "image smask "
else
  fail "logo: no diplom.pdf written"
fi

# Without --pdfa nothing of this is written (the goldens hold the bytes).
"$SAMDOC" render examples/sara-nielsen -o "$tmp/plain2" --dato "$DATO" -d maalskema >/dev/null 2>&1
plain=$(find "$tmp/plain2" -name '*.pdf' | head -n 1)
expect "without --pdfa: %PDF-1.3" test "$(head -c 8 "$plain")" = "%PDF-1.3"
# (in the file itself: libharu compresses only streams, and qpdf --qdf
# would add an /ID of its own)
expect "without --pdfa: no /Metadata, /OutputIntents, /ID or /CIDSet" \
  test "$(grep -ac -e /Metadata -e /OutputIntents -e '/ID ' -e /CIDSet "$plain")" = 0

# --pdfa makes no sense with check: a usage error
"$SAMDOC" check examples/sara-nielsen --pdfa >/dev/null 2>"$tmp/err"
expect "check --pdfa: exit 2" test $? -eq 2
expect "check --pdfa: says so in Danish" grep -q "pdfa bruges med render" "$tmp/err"

finish
