/* timeline.c — see timeline.h. Measured in pt with y downwards from the
 * block's top; shapes.h turns it into layout's convention.
 *
 * From the top: a row for the labels of vertical lines, the years, the
 * months; then one row per lane (its label on the left, its bands on a bar
 * row, its marks on the bar row's centre line, the marks' labels in rows
 * below them); then the legend. The axis runs from the first day of the
 * month of the earliest date to the last day of the month of the latest.
 */
#include "timeline.h"
#include "text.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_COL   SD_MM(34)     /* lane labels */
#define RIGHT_PAD   SD_MM(3)
#define LINE_ROW    SD_MM(4.5)    /* labels of vertical lines */
#define YEAR_ROW    SD_MM(4.5)
#define MONTH_ROW   SD_MM(5)
#define LANE_PAD    SD_MM(2)
#define BAR_H       SD_MM(5.5)
#define MARK_R      SD_MM(1.6)
#define LABEL_ROW   SD_MM(3.4)    /* one row of mark labels */
#define LABEL_GAP   SD_MM(1.2)    /* between labels in a row */
#define LEGEND_GAP  SD_MM(6)

#define TEXT_SIZE   7.0f
#define LANE_SIZE   8.0f
#define AXIS_SIZE   7.0f

static const sd_rgb BLACK = {0, 0, 0};
static const sd_rgb WHITE = {1, 1, 1};
static const sd_rgb GRID = {0.85f, 0.85f, 0.85f};
static const sd_rgb RULE = {0.55f, 0.55f, 0.55f};
static const sd_rgb BAND_EDGE = {0.35f, 0.35f, 0.35f};
static const sd_rgb TONES[4] = {{0.93f, 0.93f, 0.93f}, {0.82f, 0.82f, 0.82f},
                                {0.70f, 0.70f, 0.70f}, {0.58f, 0.58f, 0.58f}};

/* ------------------------------------------------------------------ */
/* The input                                                           */
/* ------------------------------------------------------------------ */

sd_timeline *sd_timeline_new(void)
{
    return sd_xcalloc(1, sizeof(sd_timeline));
}

void sd_timeline_free(sd_timeline *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nlanes; i++) {
        sd_tl_lane *l = &t->lanes[i];
        free(l->label);
        for (size_t k = 0; k < l->nspans; k++)
            free(l->spans[k].label);
        for (size_t k = 0; k < l->nmarks; k++)
            free(l->marks[k].label);
        free(l->spans);
        free(l->marks);
    }
    for (size_t i = 0; i < t->nlines; i++)
        free(t->lines[i].label);
    for (size_t i = 0; i < t->nkeys; i++)
        free(t->keys[i].label);
    free(t->lanes);
    free(t->lines);
    free(t->keys);
    free(t->empty);
    free(t);
}

static char *copy_or_null(const char *s)
{
    return s && *s ? sd_xstrdup(s) : NULL;
}

sd_tl_lane *sd_timeline_add_lane(sd_timeline *t, const char *label)
{
    sd_grow((void **)&t->lanes, &t->caplanes, t->nlanes + 1, sizeof(sd_tl_lane));
    sd_tl_lane *l = &t->lanes[t->nlanes++];
    memset(l, 0, sizeof *l);
    l->label = sd_xstrdup(label ? label : "");
    return l;
}

void sd_timeline_add_span(sd_tl_lane *l, long from, long to, const char *label, int tone,
                          int open)
{
    if (from == SD_NO_DAY || to == SD_NO_DAY || to < from)
        return;
    sd_grow((void **)&l->spans, &l->capspans, l->nspans + 1, sizeof(sd_tl_span));
    l->spans[l->nspans++] = (sd_tl_span){from, to, copy_or_null(label),
                                         tone < 0 ? 0 : tone > 3 ? 3 : tone, open};
}

void sd_timeline_add_mark(sd_tl_lane *l, long day, const char *label, sd_tl_shape shape)
{
    if (day == SD_NO_DAY)
        return;
    sd_grow((void **)&l->marks, &l->capmarks, l->nmarks + 1, sizeof(sd_tl_mark));
    l->marks[l->nmarks++] = (sd_tl_mark){day, copy_or_null(label), shape};
}

void sd_timeline_add_line(sd_timeline *t, long day, const char *label)
{
    if (day == SD_NO_DAY)
        return;
    sd_grow((void **)&t->lines, &t->caplines, t->nlines + 1, sizeof(sd_tl_line));
    t->lines[t->nlines++] = (sd_tl_line){day, copy_or_null(label)};
}

void sd_timeline_add_key(sd_timeline *t, sd_tl_shape shape, int is_band, int tone,
                         const char *label)
{
    sd_grow((void **)&t->keys, &t->capkeys, t->nkeys + 1, sizeof(sd_tl_key));
    t->keys[t->nkeys++] = (sd_tl_key){shape, is_band, tone < 0 ? 0 : tone > 3 ? 3 : tone,
                                      sd_xstrdup(label ? label : "")};
}

void sd_timeline_texts(const sd_timeline *t, void (*fn)(const char *text, sd_face face, void *arg),
                       void *arg)
{
    for (size_t i = 0; i < t->nlanes; i++) {
        const sd_tl_lane *l = &t->lanes[i];
        fn(l->label, SD_FACE_BOLD, arg);
        for (size_t k = 0; k < l->nspans; k++)
            if (l->spans[k].label)
                fn(l->spans[k].label, SD_FACE_REGULAR, arg);
        for (size_t k = 0; k < l->nmarks; k++)
            if (l->marks[k].label)
                fn(l->marks[k].label, SD_FACE_REGULAR, arg);
    }
    for (size_t i = 0; i < t->nlines; i++)
        if (t->lines[i].label)
            fn(t->lines[i].label, SD_FACE_BOLD, arg);
    for (size_t i = 0; i < t->nkeys; i++)
        fn(t->keys[i].label, SD_FACE_REGULAR, arg);
    if (t->empty)
        fn(t->empty, SD_FACE_REGULAR, arg);
}

/* ------------------------------------------------------------------ */
/* Drawing state                                                       */
/* ------------------------------------------------------------------ */

typedef struct axis {
    long first, last;     /* days shown */
    float x0, x1;         /* the plot's left and right edge */
} axis;

typedef struct ctx {
    const sd_font *regular, *bold;
    float width;
    axis ax;
    sd_oplist *draw;
} ctx;

static float text_w(const sd_font *f, const char *s, float size)
{
    return sd_font_text_width(f, s, strlen(s), size);
}

static float ascent(const sd_font *f, float size)
{
    return (float)sd_font_ascent(f) * size / 1000.0f;
}

/* The left edge of day `d`. */
static float day_x(const axis *a, long d)
{
    return a->x0 + (a->x1 - a->x0) * (float)(d - a->first) / (float)(a->last + 1 - a->first);
}

static float day_mid(const axis *a, long d)
{
    return (day_x(a, d) + day_x(a, d + 1)) / 2;
}

static void widen(long *lo, long *hi, long d)
{
    if (*lo == SD_NO_DAY || d < *lo)
        *lo = d;
    if (*hi == SD_NO_DAY || d > *hi)
        *hi = d;
}

/* The earliest and latest date, widened to whole months. 0 if none. */
static int date_range(const sd_timeline *t, long *first, long *last)
{
    long lo = SD_NO_DAY, hi = SD_NO_DAY;
    for (size_t i = 0; i < t->nlanes; i++) {
        const sd_tl_lane *l = &t->lanes[i];
        for (size_t k = 0; k < l->nspans; k++) {
            widen(&lo, &hi, l->spans[k].from);
            widen(&lo, &hi, l->spans[k].to);
        }
        for (size_t k = 0; k < l->nmarks; k++)
            widen(&lo, &hi, l->marks[k].day);
    }
    for (size_t i = 0; i < t->nlines; i++)
        widen(&lo, &hi, t->lines[i].day);
    if (lo == SD_NO_DAY)
        return 0;
    int y, m, d;
    sd_date_split(lo, &y, &m, &d);
    *first = sd_date_make(y, m, 1);
    sd_date_split(hi, &y, &m, &d);
    *last = sd_date_add_months(sd_date_make(y, m, 1), 1) - 1;
    return 1;
}

/* ------------------------------------------------------------------ */
/* Shapes                                                              */
/* ------------------------------------------------------------------ */

static void draw_shape(sd_oplist *o, sd_tl_shape shape, float x, float y)
{
    switch (shape) {
    case SD_TL_DOT:
        sd_shape_circle(o, x, y, MARK_R, &BLACK, 0.6f, BLACK);
        break;
    case SD_TL_RING:
        sd_shape_circle(o, x, y, MARK_R, &WHITE, 0.8f, BLACK);
        break;
    case SD_TL_CROSSED: {
        float d = MARK_R * 0.7071f;
        sd_shape_circle(o, x, y, MARK_R, &WHITE, 0.8f, BLACK);
        sd_shape_line(o, x - d, y - d, x + d, y + d, 0.8f, BLACK);
        sd_shape_line(o, x - d, y + d, x + d, y - d, 0.8f, BLACK);
        break;
    }
    case SD_TL_SQUARE:
        sd_shape_rect(o, x - MARK_R, y - MARK_R, 2 * MARK_R, 2 * MARK_R, &WHITE, 0.9f, BLACK);
        break;
    default:   /* SD_TL_TICK */
        sd_shape_line(o, x, y - BAR_H / 2, x, y + BAR_H / 2, 1.2f, BLACK);
        break;
    }
}

/* ------------------------------------------------------------------ */
/* The axis                                                            */
/* ------------------------------------------------------------------ */

/* Years, months and a light line at each month's start down to `bottom`. */
static void draw_axis(ctx *c, float top, float bottom)
{
    const axis *a = &c->ax;
    float year_base = top + YEAR_ROW - SD_MM(1.2);
    float month_base = top + YEAR_ROW + MONTH_ROW - SD_MM(1.5);
    int y, m, d;
    sd_date_split(a->first, &y, &m, &d);
    long months = 0;
    for (long day = a->first; day <= a->last; day = sd_date_add_months(day, 1))
        months++;
    /* label every month, every second or every third, as room allows */
    float per_month = (a->x1 - a->x0) / (float)months;
    int step = per_month >= text_w(c->regular, "sep.", AXIS_SIZE) + SD_MM(1.5) ? 1
               : 2 * per_month >= text_w(c->regular, "sep.", AXIS_SIZE) + SD_MM(1.5) ? 2 : 3;
    long day = a->first;
    for (long i = 0; i < months; i++, day = sd_date_add_months(day, 1)) {
        sd_date_split(day, &y, &m, &d);
        float x = day_x(a, day), next = day_x(a, sd_date_add_months(day, 1));
        sd_shape_line(c->draw, x, top + YEAR_ROW + SD_MM(0.5), x, bottom, 0.3f, GRID);
        if (i % step == 0) {
            const char *name = sd_month_short(m);
            float w = text_w(c->regular, name, AXIS_SIZE);
            sd_shape_text(c->draw, step == 1 ? (x + next - w) / 2 : x + SD_MM(0.6), month_base,
                          name, SD_FACE_REGULAR, AXIS_SIZE, BLACK);
        }
        if (i == 0 || m == 1) {
            char year[16];
            snprintf(year, sizeof year, "%d", y);
            sd_shape_text(c->draw, x + SD_MM(0.6), year_base, year, SD_FACE_BOLD, AXIS_SIZE, BLACK);
        }
    }
    sd_shape_line(c->draw, a->x1, top + YEAR_ROW + SD_MM(0.5), a->x1, bottom, 0.3f, GRID);
    sd_shape_line(c->draw, 0, top + YEAR_ROW + MONTH_ROW, a->x1, top + YEAR_ROW + MONTH_ROW,
                  0.6f, RULE);
}

/* ------------------------------------------------------------------ */
/* Lanes                                                               */
/* ------------------------------------------------------------------ */

/* Rows of labels under a lane's bar: each row holds intervals [x, x+w). */
typedef struct rows {
    float *end;           /* owned: per row, the right end of its last label */
    size_t n;
} rows;

/* The first row where a label from x to x+w fits after what is there
 * (labels come in order of x). */
static size_t row_for(rows *r, float x)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->end[i] + LABEL_GAP <= x)
            return i;
    r->end = sd_xrealloc(r->end, (r->n + 1) * sizeof(float));
    r->end[r->n] = -1e9f;
    return r->n++;
}

typedef struct pending {
    float x, w;           /* the label's box */
    const char *text;
} pending;

static int pending_cmp(const void *pa, const void *pb)
{
    const pending *a = pa, *b = pb;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return strcmp(a->text, b->text);
}

/* A label centred on `mid`, kept inside the plot. */
static pending centred(const ctx *c, float mid, const char *text)
{
    float w = text_w(c->regular, text, TEXT_SIZE);
    float x = mid - w / 2;
    if (x + w > c->width)
        x = c->width - w;
    if (x < c->ax.x0)
        x = c->ax.x0;
    return (pending){x, w, text};
}

/* Draws one lane from `top`; returns its height. */
static float draw_lane(ctx *c, const sd_tl_lane *l, float top)
{
    const axis *a = &c->ax;
    float bar_top = top + LANE_PAD, mid = bar_top + BAR_H / 2;
    size_t cap = l->nspans + l->nmarks + 1, np = 0;
    pending *labels = sd_xcalloc(cap, sizeof(pending));

    for (size_t k = 0; k < l->nspans; k++) {
        const sd_tl_span *s = &l->spans[k];
        long from = s->from < a->first ? a->first : s->from;
        long to = s->to > a->last ? a->last : s->to;
        float x = day_x(a, from), x2 = day_x(a, to + 1);
        sd_shape_rect(c->draw, x, bar_top, x2 - x, BAR_H, &TONES[s->tone], 0.4f, BAND_EDGE);
        if (s->open) {   /* an open end: a chevron pointing on */
            float h = BAR_H / 2;
            sd_shape_line(c->draw, x2, bar_top, x2 + h * 0.6f, mid, 0.8f, BAND_EDGE);
            sd_shape_line(c->draw, x2 + h * 0.6f, mid, x2, bar_top + BAR_H, 0.8f, BAND_EDGE);
        }
        if (!s->label)
            continue;
        float w = text_w(c->regular, s->label, TEXT_SIZE);
        if (w + SD_MM(2) <= x2 - x)
            sd_shape_text(c->draw, x + (x2 - x - w) / 2,
                          mid + ascent(c->regular, TEXT_SIZE) / 2 - SD_MM(0.3), s->label,
                          SD_FACE_REGULAR, TEXT_SIZE, BLACK);
        else
            labels[np++] = centred(c, (x + x2) / 2, s->label);
    }
    for (size_t k = 0; k < l->nmarks; k++) {
        const sd_tl_mark *m = &l->marks[k];
        if (m->day < a->first || m->day > a->last)
            continue;
        draw_shape(c->draw, m->shape, day_mid(a, m->day), mid);
        if (m->label)
            labels[np++] = centred(c, day_mid(a, m->day), m->label);
    }
    qsort(labels, np, sizeof(pending), pending_cmp);
    rows r = {NULL, 0};
    float base0 = bar_top + BAR_H + SD_MM(0.8) + ascent(c->regular, TEXT_SIZE);
    for (size_t i = 0; i < np; i++) {
        size_t row = row_for(&r, labels[i].x);
        r.end[row] = labels[i].x + labels[i].w;
        sd_shape_text(c->draw, labels[i].x, base0 + (float)row * LABEL_ROW, labels[i].text,
                      SD_FACE_REGULAR, TEXT_SIZE, BLACK);
    }
    float h = LANE_PAD + BAR_H + SD_MM(1) + (float)r.n * LABEL_ROW + LANE_PAD;
    sd_shape_text(c->draw, 0, mid + ascent(c->bold, LANE_SIZE) / 2 - SD_MM(0.3), l->label,
                  SD_FACE_BOLD, LANE_SIZE, BLACK);
    sd_shape_line(c->draw, 0, top + h, a->x1, top + h, 0.4f, RULE);
    free(r.end);
    free(labels);
    return h;
}

/* Dashed lines across the lanes from `top` to `bottom`, their labels in
 * the row above the axis. */
static void draw_lines(ctx *c, const sd_timeline *t, float label_top, float top, float bottom)
{
    for (size_t i = 0; i < t->nlines; i++) {
        const sd_tl_line *ln = &t->lines[i];
        if (ln->day < c->ax.first || ln->day > c->ax.last)
            continue;
        float x = day_mid(&c->ax, ln->day);
        sd_shape_dashed(c->draw, x, top, x, bottom, 0.9f, BLACK, SD_MM(1.2), SD_MM(0.8));
        if (ln->label) {
            float w = text_w(c->bold, ln->label, TEXT_SIZE);
            float lx = x - w / 2 > c->width - w ? c->width - w : x - w / 2;
            sd_shape_text(c->draw, lx < c->ax.x0 ? c->ax.x0 : lx,
                          label_top + ascent(c->bold, TEXT_SIZE), ln->label, SD_FACE_BOLD,
                          TEXT_SIZE, BLACK);
        }
    }
}

/* The legend in rows from `top`; returns its height. */
static float draw_legend(ctx *c, const sd_timeline *t, float top)
{
    float x = 0, y = top, row_h = SD_MM(5);
    for (size_t i = 0; i < t->nkeys; i++) {
        const sd_tl_key *k = &t->keys[i];
        float sym = k->is_band ? SD_MM(7) : 2 * MARK_R;
        float w = sym + SD_MM(1.5) + text_w(c->regular, k->label, TEXT_SIZE);
        if (x > 0 && x + w > c->width) {
            x = 0;
            y += row_h;
        }
        float mid = y + row_h / 2;
        if (k->is_band)
            sd_shape_rect(c->draw, x, mid - SD_MM(1.6), sym, SD_MM(3.2), &TONES[k->tone], 0.4f,
                          BAND_EDGE);
        else
            draw_shape(c->draw, k->shape, x + MARK_R, mid);
        sd_shape_text(c->draw, x + sym + SD_MM(1.5), mid + ascent(c->regular, TEXT_SIZE) / 2 -
                      SD_MM(0.3), k->label, SD_FACE_REGULAR, TEXT_SIZE, BLACK);
        x += w + LEGEND_GAP;
    }
    return t->nkeys ? y + row_h - top : 0;
}

sd_timeline_result *sd_timeline_place(const sd_timeline *t, const sd_fonts *fonts, float width)
{
    sd_timeline_result *r = sd_xcalloc(1, sizeof *r);
    ctx c = {fonts->face[SD_FACE_REGULAR], fonts->face[SD_FACE_BOLD], width, {0, 0, 0, 0},
             &r->draw};
    if (!date_range(t, &c.ax.first, &c.ax.last)) {
        if (t->empty)
            sd_shape_text(&r->draw, 0, ascent(c.regular, LANE_SIZE), t->empty, SD_FACE_REGULAR,
                          LANE_SIZE, BLACK);
        r->height = t->empty ? SD_MM(6) : 0;
        r->first = r->last = SD_NO_DAY;
        return r;
    }
    c.ax.x0 = LABEL_COL;
    c.ax.x1 = width - RIGHT_PAD;
    r->first = c.ax.first;
    r->last = c.ax.last;

    /* the lanes first (their height decides the axis' grid lines), then
     * the axis and the lines, drawn under the lanes' bands */
    sd_oplist lanes = {0};
    c.draw = &lanes;
    float axis_top = t->nlines ? LINE_ROW : 0;
    float lanes_top = axis_top + YEAR_ROW + MONTH_ROW, y = lanes_top;
    for (size_t i = 0; i < t->nlanes; i++)
        y += draw_lane(&c, &t->lanes[i], y);
    c.draw = &r->draw;
    draw_axis(&c, axis_top, y);
    for (size_t i = 0; i < lanes.n; i++) {
        sd_grow((void **)&r->draw.ops, &r->draw.cap, r->draw.n + 1, sizeof(sd_op));
        r->draw.ops[r->draw.n++] = lanes.ops[i];
    }
    free(lanes.ops);
    draw_lines(&c, t, 0, axis_top + YEAR_ROW, y);
    y += SD_MM(3);
    y += draw_legend(&c, t, y);
    r->height = y;
    return r;
}

void sd_timeline_result_free(sd_timeline_result *r)
{
    if (!r)
        return;
    sd_oplist_free(&r->draw);
    free(r);
}
