/* layout.h — from the box tree (box.h) to positioned drawing operations on
 * pages. Our own line breaking and tables: libharu's TextRect cannot be used
 * (see shared/LIBRARIES.md §0.5).
 *
 * Line breaking: at spaces, after '-' and '/', at soft hyphens (U+00AD; a '-'
 * is drawn only where the line breaks there, and soft hyphens are never drawn
 * otherwise), never at U+00A0; inside an over-long word only as a last resort
 * (between characters). Bold runs mix with regular runs inside a paragraph.
 * Tables: fixed and proportional column widths, cell padding, borders, fill,
 * the header rows repeated on every page, rows kept whole where they fit, a
 * header never alone at the bottom of a page, keep_with_next honoured where
 * possible, a row taller than a page split across pages (cells continue).
 * Footer with "side N af M" after pagination (two passes).
 *
 * Coordinates in the output are PDF coordinates: points, origin at the
 * bottom-left corner of the page, y upwards.
 */
#ifndef SD_LAYOUT_H
#define SD_LAYOUT_H

#include "box.h"
#include "diag.h"
#include "font.h"

#include <stddef.h>

typedef enum sd_op_kind {
    SD_OP_TEXT,     /* text at (x, y) = left end of the baseline */
    SD_OP_LINE,     /* from (x, y) to (x2, y2) */
    SD_OP_RECT,     /* lower-left (x, y), size w x h; filled and/or stroked */
    SD_OP_CIRCLE,   /* centre (x, y), radius w; filled and/or stroked (later documents) */
    SD_OP_IMAGE     /* the image file `text` (a path) with lower-left (x, y), size w x h */
} sd_op_kind;

typedef struct sd_op {
    sd_op_kind kind;
    float x, y, x2, y2, w, h;
    float line_width;        /* LINE, stroked RECT/CIRCLE */
    int stroke, fill;        /* RECT/CIRCLE */
    sd_rgb stroke_color, fill_color;   /* fill_color is also the TEXT colour */
    sd_face face;            /* TEXT */
    float size;              /* TEXT, pt */
    char *text;              /* TEXT: owned UTF-8, no soft hyphens, only
                                characters the face has a glyph for */
} sd_op;

typedef struct sd_page {
    sd_op *ops;              /* owned, in drawing order */
    size_t nops, capops;
} sd_page;

typedef struct sd_pages {
    float width, height;     /* pt, the same for every page */
    sd_page *pages;          /* owned */
    size_t npages;
} sd_pages;

/* Lays out `doc` with `fonts`. Before laying out, every text run is checked:
 * a character the face has no glyph for, or outside the Basic Multilingual
 * Plane, is an error at the run's src position (or the template when src.file
 * is NULL), naming the character as U+XXXX; then NULL is returned. Otherwise
 * returns the pages (free with sd_pages_free); layout itself cannot fail. */
sd_pages *sd_layout(const sd_document *doc, const sd_fonts *fonts, sd_diags *diags);
void sd_pages_free(sd_pages *p);                     /* NULL is fine */

#endif
