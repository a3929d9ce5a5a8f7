/* font.h — TrueType metrics for layout: which characters a font has and how
 * wide they are, read from the font file itself (cmap, hmtx, head, hhea).
 *
 * Widths are integers in 1/1000 em, truncated exactly as libharu 2.3.0
 * computes them (advance * 1000 / unitsPerEm), so what layout measures is
 * what pdf.c draws. libharu does not kern, so neither do we.
 */
#ifndef SD_FONT_H
#define SD_FONT_H

#include "box.h"
#include "diag.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sd_font sd_font;    /* opaque */

/* Loads the metrics of the TrueType file at `path`. Returns NULL and adds an
 * error diagnostic naming the file if it cannot be read or is not a TrueType
 * font with a Unicode cmap. Free with sd_font_free. */
sd_font *sd_font_load(const char *path, sd_diags *diags);
void sd_font_free(sd_font *f);                       /* NULL is fine */

const char *sd_font_path(const sd_font *f);          /* borrowed, lives with f */
int sd_font_has_glyph(const sd_font *f, uint32_t cp); /* 1 if cp maps to a glyph != 0 */
int sd_font_advance(const sd_font *f, uint32_t cp);  /* 1/1000 em; missing glyph: .notdef's */
int sd_font_ascent(const sd_font *f);                /* 1/1000 em, positive */
int sd_font_descent(const sd_font *f);               /* 1/1000 em, negative */

/* Width in pt of `len` bytes of UTF-8 `s` at `size` pt. U+00AD counts zero. */
float sd_font_text_width(const sd_font *f, const char *s, size_t len, float size);

/* The faces a document uses: index by sd_face. Owns its fonts. */
typedef struct sd_fonts {
    sd_font *face[SD_FACE_COUNT];
} sd_fonts;

/* Loads fonts/regular.ttf-style files: `paths` indexed by sd_face. Returns
 * NULL (diagnostics added) if any fails. Free with sd_fonts_free. */
sd_fonts *sd_fonts_load(const char *const paths[SD_FACE_COUNT], sd_diags *diags);
void sd_fonts_free(sd_fonts *fonts);                 /* NULL is fine */

#endif
