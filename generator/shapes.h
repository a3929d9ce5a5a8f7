/* shapes.h — drawing operations for the drawn blocks (the network card,
 * the course timeline): a growable list of sd_op in a block's coordinates.
 *
 * Callers work with y downwards from the block's top-left corner, as one
 * measures on paper; the operations are stored the way layout's items hold
 * them (y upwards from the block's top, so negative).
 */
#ifndef SD_SHAPES_H
#define SD_SHAPES_H

#include "box.h"
#include "layout.h"

typedef struct sd_oplist {
    sd_op *ops;           /* owned, with their text; in drawing order */
    size_t n, cap;
} sd_oplist;

void sd_oplist_free(sd_oplist *l);     /* frees the contents; the struct may be reused */

/* Text with its baseline `baseline` pt below the top; `text` is copied and
 * must already have passed the glyph check. */
void sd_shape_text(sd_oplist *l, float x, float baseline, const char *text, sd_face face,
                   float size, sd_rgb color);
void sd_shape_line(sd_oplist *l, float x, float y, float x2, float y2, float width, sd_rgb color);
/* A dashed line: `dash` pt drawn, `gap` pt left out, from the start. */
void sd_shape_dashed(sd_oplist *l, float x, float y, float x2, float y2, float width,
                     sd_rgb color, float dash, float gap);
/* A circle; `fill` NULL = not filled, `width` 0 = not stroked. */
void sd_shape_circle(sd_oplist *l, float cx, float cy, float radius, const sd_rgb *fill,
                     float width, sd_rgb stroke);
/* A rectangle by its top-left corner; `fill` NULL = not filled, `width` 0 =
 * not stroked. */
void sd_shape_rect(sd_oplist *l, float x, float y, float w, float h, const sd_rgb *fill,
                   float width, sd_rgb stroke);

#endif
