# Fills in the placeholders of templates/ny/moede-1.yaml (see sag.sed).
s/^  dato: ÅÅÅÅ-MM-DD$/  dato: 2026-12-01/
s/^    fra: "TT:MM"$/    fra: "10:00"/
s/^    til: "TT:MM"$/    til: "11:30"/
s/^  sted:$/  sted: Jobcentret, mødelokale 3/
s/^  formaal:$/  formaal: Lære hinanden at kende og lave de første mål/
