/* shapes.c — see shapes.h. */
#include "shapes.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sd_oplist_free(sd_oplist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->ops[i].text);
    free(l->ops);
    memset(l, 0, sizeof *l);
}

static sd_op *new_op(sd_oplist *l, sd_op_kind kind)
{
    sd_grow((void **)&l->ops, &l->cap, l->n + 1, sizeof(sd_op));
    sd_op *op = &l->ops[l->n++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    return op;
}

void sd_shape_text(sd_oplist *l, float x, float baseline, const char *text, sd_face face,
                   float size, sd_rgb color)
{
    sd_op *op = new_op(l, SD_OP_TEXT);
    op->x = x;
    op->y = -baseline;
    op->face = face;
    op->size = size;
    op->fill_color = color;
    op->text = sd_xstrdup(text);
}

void sd_shape_line(sd_oplist *l, float x, float y, float x2, float y2, float width, sd_rgb color)
{
    sd_op *op = new_op(l, SD_OP_LINE);
    op->x = x;
    op->y = -y;
    op->x2 = x2;
    op->y2 = -y2;
    op->line_width = width;
    op->stroke = 1;
    op->stroke_color = color;
}

void sd_shape_dashed(sd_oplist *l, float x, float y, float x2, float y2, float width,
                     sd_rgb color, float dash, float gap)
{
    float dx = x2 - x, dy = y2 - y, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0 || dash <= 0)
        return;
    for (float at = 0; at < len; at += dash + gap) {
        float end = at + dash < len ? at + dash : len;
        sd_shape_line(l, x + dx * at / len, y + dy * at / len, x + dx * end / len,
                      y + dy * end / len, width, color);
    }
}

/* Fill (NULL: none) and stroke (width 0: none) of a circle or rectangle. */
static void paint(sd_op *op, const sd_rgb *fill, float width, sd_rgb stroke)
{
    op->fill = fill != NULL;
    if (fill)
        op->fill_color = *fill;
    op->stroke = width > 0;
    op->line_width = width;
    op->stroke_color = stroke;
}

void sd_shape_circle(sd_oplist *l, float cx, float cy, float radius, const sd_rgb *fill,
                     float width, sd_rgb stroke)
{
    sd_op *op = new_op(l, SD_OP_CIRCLE);
    op->x = cx;
    op->y = -cy;
    op->w = radius;
    paint(op, fill, width, stroke);
}

void sd_shape_rect(sd_oplist *l, float x, float y, float w, float h, const sd_rgb *fill,
                   float width, sd_rgb stroke)
{
    sd_op *op = new_op(l, SD_OP_RECT);
    op->x = x;
    op->y = -(y + h);
    op->w = w;
    op->h = h;
    paint(op, fill, width, stroke);
}
