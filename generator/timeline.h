/* timeline.h — the course overview's time axis: lanes of periods (bands)
 * and events (marks) along a calendar, drawn as one block.
 *
 * The template decides what goes on it (templates/forloeb.xml); this module
 * only measures and draws: months on the axis, a label column on the left,
 * each lane a row with its bands and its marks, mark labels staggered in
 * rows below the marks so that none overlaps another, vertical lines across
 * all lanes (today), and a legend of the shapes used.
 */
#ifndef SD_TIMELINE_H
#define SD_TIMELINE_H

#include "box.h"
#include "font.h"
#include "shapes.h"

#include <stddef.h>

typedef enum sd_tl_shape {
    SD_TL_DOT,            /* filled circle: something that happened */
    SD_TL_RING,           /* hollow circle: something planned */
    SD_TL_CROSSED,        /* circle with a cross: cancelled */
    SD_TL_SQUARE,         /* hollow square: a deadline */
    SD_TL_TICK,           /* a short vertical bar: a date in the case */
    SD_TL_SHAPES
} sd_tl_shape;

typedef struct sd_tl_span {
    long from, to;        /* day numbers (text.h), inclusive */
    char *label;          /* owned or NULL: written inside the band if it fits */
    int tone;             /* 0 … 3: light to dark grey */
    int open;             /* still running: drawn with an open end */
} sd_tl_span;

typedef struct sd_tl_mark {
    long day;
    char *label;          /* owned or NULL: under the mark */
    sd_tl_shape shape;
} sd_tl_mark;

typedef struct sd_tl_lane {
    char *label;          /* owned: in the left column */
    sd_tl_span *spans;    /* owned */
    size_t nspans, capspans;
    sd_tl_mark *marks;    /* owned */
    size_t nmarks, capmarks;
} sd_tl_lane;

typedef struct sd_tl_line {
    long day;
    char *label;          /* owned or NULL: at the top, above the axis */
} sd_tl_line;

/* A legend entry: a shape, or a band of `tone` when is_band. */
typedef struct sd_tl_key {
    sd_tl_shape shape;
    int is_band, tone;
    char *label;          /* owned */
} sd_tl_key;

typedef struct sd_timeline {
    sd_tl_lane *lanes;    /* owned */
    size_t nlanes, caplanes;
    sd_tl_line *lines;    /* owned */
    size_t nlines, caplines;
    sd_tl_key *keys;      /* owned */
    size_t nkeys, capkeys;
    char *empty;          /* owned or NULL: printed when nothing has a date */
} sd_timeline;

sd_timeline *sd_timeline_new(void);            /* free with sd_timeline_free */
void sd_timeline_free(sd_timeline *t);         /* NULL is fine */
/* Appenders: strings are copied; the returned lane is borrowed until the
 * next sd_timeline_add_lane. Spans and marks with a day of SD_NO_DAY are
 * ignored, a span ending before it starts too. */
sd_tl_lane *sd_timeline_add_lane(sd_timeline *t, const char *label);
void sd_timeline_add_span(sd_tl_lane *l, long from, long to, const char *label, int tone,
                          int open);
void sd_timeline_add_mark(sd_tl_lane *l, long day, const char *label, sd_tl_shape shape);
void sd_timeline_add_line(sd_timeline *t, long day, const char *label);
void sd_timeline_add_key(sd_timeline *t, sd_tl_shape shape, int is_band, int tone,
                         const char *label);

/* Every string of `t`, for the glyph check: calls `fn` with each and the
 * face it is drawn in. */
void sd_timeline_texts(const sd_timeline *t, void (*fn)(const char *text, sd_face face, void *arg),
                       void *arg);

typedef struct sd_timeline_result {
    sd_oplist draw;       /* owned; relative to the block's top-left, y upwards */
    float height;         /* pt */
    long first, last;     /* the days the axis shows */
} sd_timeline_result;

/* Draws `t` in a block `width` pt wide. Returns the result (free with
 * sd_timeline_result_free); cannot fail. */
sd_timeline_result *sd_timeline_place(const sd_timeline *t, const sd_fonts *fonts, float width);
void sd_timeline_result_free(sd_timeline_result *r);   /* NULL is fine */

#endif
