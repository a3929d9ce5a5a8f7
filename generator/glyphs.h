/* glyphs.h — every character of a case's values must be one the fonts can
 * draw. Checked on the record tree right after validation, where the field
 * is known, so that the message names it ('Feltet "navn" indeholder tegnet
 * "漢" (U+6F22), som skrifttypen ikke har…'); layout's own check
 * (layout.h) stays as the backstop for the other faces and for template
 * text, and can only name a position.
 */
#ifndef SD_GLYPHS_H
#define SD_GLYPHS_H

#include "diag.h"
#include "font.h"
#include "records.h"

/* Reports each element of `r` whose text holds characters `font` has no
 * glyph for (one error per element, at its position, naming the field and
 * at most three of the characters; at most 50 per file). Line breaks, tabs,
 * the soft hyphen and the no-break space are layout's, not glyphs. Returns
 * the number of errors added. */
size_t sd_glyphs_check(sd_records *r, const sd_font *font, sd_diags *diags);

#endif
