# Fills in the placeholders of templates/ny/sag.yaml, one line per diagnostic
# that `samdoc check` gives a fresh case (new.sh checks that these are exactly
# the lines it names).
s/^  id: ÅÅÅÅ-NNNN$/  id: "2026-0300"/
s/^  kommune:$/  kommune: Horsens Kommune/
s/^  maalgruppe: hjemloes | risiko$/  maalgruppe: risiko/
s/^  kombination: uden-bostoette | cti | icm$/  kombination: uden-bostoette/
s/^  visiteret: ÅÅÅÅ-MM-DD$/  visiteret: 2026-11-16/
s/^  navn:$/  navn: Mads Jensen/
s/^  cpr: "DDMMÅÅ-XXXX"$/  cpr: "120504-4321"/
s/^  - dato: ÅÅÅÅ-MM-DD$/  - dato: 2026-11-18/
s/^    givet_af: den-unge | foraeldremyndighedsindehaver$/    givet_af: den-unge/
s/^      navn:$/      navn: Mette Holm/
s/^      naerhed: 1 | 2 | 3$/      naerhed: 2/
s/^        direkte:$/        direkte: "12 34 56 78"/
