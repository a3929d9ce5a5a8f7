#!/usr/bin/python3
"""Makes fonts/Samdoc*.ttf: Debian's DejaVu fonts reduced to the characters
samdoc can print (fonts/charset.txt), renamed, with their metrics unchanged.

Run it by hand when charset.txt or the source fonts change, and commit the
result; neither the build nor CI runs it. It installs nothing. It needs the
Debian packages

    fonts-dejavu-core     /usr/share/fonts/truetype/dejavu/DejaVu{Sans,Serif}{,-Bold}.ttf
    python3-fonttools     the subsetter (run with Debian's /usr/bin/python3)

Why reduce: libharu 2.3.0 embeds a TrueType font's cmap, hmtx, loca and post
tables whole and builds its /W array and CIDToGIDMap from the whole cmap, so
every PDF pays for every glyph of the face, printed or not. DejaVu Sans has
6,253 glyphs; samdoc prints Latin script only (charset.txt says why).

What changes, and what does not:
  - glyphs: those of charset.txt that the face has, plus what they are built
    from (composite glyphs keep their components, unchanged);
  - advance widths, unitsPerEm, ascender/descender: unchanged, checked below,
    so layout measures and breaks lines exactly as before;
  - hinting, OpenType layout tables (GSUB/GPOS/GDEF), kern, MATH and glyph
    names are dropped: libharu uses none of them (it does not kern) and
    embeds neither layout tables nor instructions usefully in a PDF;
  - the name: the licence (fonts/LICENSE-DejaVu.txt, Bitstream Vera and Arev
    terms) allows modified fonts only under names without "Bitstream",
    "Vera", "Arev" or "Tavmjong Bah". "DejaVu" is not reserved, but a font
    that lacks most of DejaVu's glyphs should not pass for DejaVu, so the
    families are renamed "Samdoc Sans" and "Samdoc Serif". The copyright
    notice (name ID 0) and the licence text (IDs 13, 14) are kept, as the
    licence requires them in every copy.

The output is reproducible: the same sources give the same bytes (the head
table's dates are kept, not set to now).
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE_DIR = "/usr/share/fonts/truetype/dejavu"
HERE = os.path.dirname(os.path.abspath(__file__))
FONTS = os.path.join(HERE, "..", "fonts")

# source file -> (output file, family, subfamily, PostScript name)
FACES = [
    ("DejaVuSans.ttf", "SamdocSans.ttf", "Samdoc Sans", "Book", "SamdocSans"),
    ("DejaVuSans-Bold.ttf", "SamdocSans-Bold.ttf", "Samdoc Sans", "Bold", "SamdocSans-Bold"),
    ("DejaVuSerif.ttf", "SamdocSerif.ttf", "Samdoc Serif", "Book", "SamdocSerif"),
    ("DejaVuSerif-Bold.ttf", "SamdocSerif-Bold.ttf", "Samdoc Serif", "Bold", "SamdocSerif-Bold"),
]


def read_charset(path):
    """The code points of charset.txt, as a set."""
    points = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            span = line.split()[0]
            first, _, last = span.partition("-")
            points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def rename(font, family, subfamily, psname):
    """Sets the family names; keeps copyright (0), version (5), licence (13,
    14). IDs 16/17 are dropped: they equal 1/2 here."""
    name = font["name"]
    full = family if subfamily == "Book" else f"{family} {subfamily}"
    wanted = {1: family, 2: subfamily, 3: f"{full}; derived from DejaVu 2.37", 4: full,
              6: psname}
    name.names = [n for n in name.names if n.nameID in (0, 5, 8, 11, 13, 14)]
    for name_id, text in wanted.items():
        name.setName(text, name_id, 3, 1, 0x409)
    name.names.sort(key=lambda n: (n.platformID, n.platEncID, n.langID, n.nameID))


def make(src, dst, family, subfamily, psname, charset):
    font = TTFont(src, recalcTimestamp=False)
    source_cmap = font.getBestCmap()
    source_hmtx = dict(font["hmtx"].metrics)
    keep = sorted(c for c in charset if c in source_cmap)

    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.glyph_names = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 8, 11, 13, 14]
    options.name_languages = [0x409]
    options.name_legacy = False
    options.legacy_cmap = False
    options.notdef_outline = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "MATH", "FFTM", "gasp"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=keep)
    sub.subset(font)
    rename(font, family, subfamily, psname)

    # The promise to layout: same characters as asked, same advances.
    cmap = font.getBestCmap()
    if sorted(cmap) != keep:
        sys.exit(f"{dst}: the subset holds other characters than asked for")
    for cp, glyph in cmap.items():
        if font["hmtx"][glyph] != source_hmtx[source_cmap[cp]]:
            sys.exit(f"{dst}: U+{cp:04X} changed its metrics")
    font.save(dst)
    print(f"{os.path.relpath(dst)}: {len(cmap)} characters, "
          f"{font['maxp'].numGlyphs} glyphs, {os.path.getsize(dst)} bytes")


def main():
    charset = read_charset(os.path.join(FONTS, "charset.txt"))
    for src, dst, family, subfamily, psname in FACES:
        make(os.path.join(SOURCE_DIR, src), os.path.join(FONTS, dst), family, subfamily,
             psname, charset)


if __name__ == "__main__":
    main()
