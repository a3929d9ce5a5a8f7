/* netmap.c — see netmap.h. Geometry from domain.md §2.2, measured in pt
 * with the origin at the card's top-left and y downwards; angles in degrees
 * clockwise from 12 o'clock. Operations are turned to layout's y-upwards
 * convention only when drawn (shapes.h).
 *
 * Placement keeps a list of obstacles (circles and rectangles: the centre,
 * the sector labels, every node and label placed so far). A person's
 * candidates are all combinations of a few radii inside the band, angles
 * in 1.5° steps across the cell and four label sides; they are sorted by
 * how far they are from the ideal spot, and the first one whose node and
 * label are inside the card and clear of every obstacle is taken.
 */
#include "netmap.h"
#include "shapes.h"
#include "text.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

/* Geometry, domain.md §2.2. */
#define OUTER_R      SD_MM(66)     /* the outer ring */
#define CENTRE_R     SD_MM(12)     /* the young person's disc */
#define NODE_R       SD_MM(1.8)
#define VIP_R        SD_MM(2.8)    /* the VIP's outer ring */
#define LABEL_GAP    SD_MM(1.2)    /* node edge to label */
#define SECTOR_GAP   SD_MM(4)      /* outer ring to the sector label */
#define EDGE_PAD     SD_MM(1.5)    /* a node's distance from a sector line */
#define BAND_PAD     SD_MM(3)      /* a node's distance from a ring */
#define TOP_SPACE    SD_MM(12)     /* above the outer ring: the top label */
#define BOTTOM_SPACE SD_MM(10)     /* below it: labels of the lowest nodes */
#define LABEL_MAX_W  SD_MM(42)     /* labels wrap at this width */
#define CROWDED_ARC  SD_MM(22)     /* less arc than this per person: stagger */
#define STEP_DEG     1.5
#define CLEAR        1.0f          /* pt between a label and anything else */
#define NODE_CLEAR   2.0f          /* pt around a node */

#define SECTOR_SIZE  9.0f
#define CENTRE_SIZE  10.0f
#define CENTRE_LABEL_SIZE 7.0f
#define LEGEND_SIZE  8.0f
#define LINE_FACTOR  1.15f

/* The label sizes tried, largest first: name, detail. The last is the
 * smallest legible (§2.4: every name at least 6.5 pt). */
static const float NAME_SIZES[] = {8.0f, 7.5f, 7.0f, 6.5f};
static const float DETAIL_SIZES[] = {7.0f, 6.5f, 6.0f, 6.0f};
#define NLEVELS (sizeof NAME_SIZES / sizeof NAME_SIZES[0])

static const sd_rgb BLACK = {0, 0, 0};
static const sd_rgb WHITE = {1, 1, 1};
static const sd_rgb RING_GREY = {0.55f, 0.55f, 0.55f};
static const sd_rgb SECTOR_GREY = {0.35f, 0.35f, 0.35f};
static const sd_rgb LINK_GREY = {0.45f, 0.45f, 0.45f};
static const sd_rgb DETAIL_GREY = {0.30f, 0.30f, 0.30f};
static const sd_rgb CENTRE_FILL = {0.88f, 0.88f, 0.88f};

/* ------------------------------------------------------------------ */
/* The input                                                           */
/* ------------------------------------------------------------------ */

sd_netmap *sd_netmap_new(void)
{
    return sd_xcalloc(1, sizeof(sd_netmap));
}

void sd_netmap_free(sd_netmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < SD_NETMAP_MAX_SECTORS; i++)
        free(m->sector_label[i]);
    free(m->centre_label);
    free(m->centre_name);
    free(m->legend_team);
    free(m->legend_other);
    free(m->legend_vip);
    free(m->overflow_title);
    free(m->band_word);
    for (size_t i = 0; i < m->npersons; i++) {
        free(m->persons[i].key);
        free(m->persons[i].name);
        free(m->persons[i].detail);
    }
    free(m->persons);
    free(m->links);
    free(m);
}

sd_netmap_person *sd_netmap_add_person(sd_netmap *m)
{
    sd_grow((void **)&m->persons, &m->cappersons, m->npersons + 1, sizeof(sd_netmap_person));
    sd_netmap_person *p = &m->persons[m->npersons++];
    memset(p, 0, sizeof *p);
    p->order = NAN;
    p->band = 1;
    return p;
}

void sd_netmap_add_link(sd_netmap *m, size_t a, size_t b)
{
    sd_grow((void **)&m->links, &m->caplinks, m->nlinks + 1, sizeof(sd_netmap_link));
    m->links[m->nlinks++] = (sd_netmap_link){a, b};
}

/* ------------------------------------------------------------------ */
/* Text: measuring and wrapping                                        */
/* ------------------------------------------------------------------ */

/* Lines of text, each owned. */
typedef struct lines {
    char **line;
    size_t n, cap;
} lines;

static void lines_add(lines *l, const char *s, size_t len)
{
    sd_grow((void **)&l->line, &l->cap, l->n + 1, sizeof(char *));
    l->line[l->n++] = sd_xstrndup(s, len);
}

static void lines_free(lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->line[i]);
    free(l->line);
    memset(l, 0, sizeof *l);
}

static float text_w(const sd_font *f, const char *s, size_t len, float size)
{
    return sd_font_text_width(f, s, len, size);
}

/* `s` without soft hyphens (labels never break inside a word at them).
 * Caller frees. */
static char *without_shy(const char *s)
{
    sd_buf b = {0};
    for (const char *p = s; *p; p++) {
        if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xAD) {
            p++;
            continue;
        }
        sd_buf_putc(&b, *p);
    }
    return sd_buf_take(&b);
}

/* What sd_font_text_width adds for one code point, in 1/1000 em. */
static unsigned advance_of(const sd_font *f, uint32_t cp)
{
    if (cp == SD_UTF8_BAD)
        cp = 0xFFFD;
    return cp == 0xAD ? 0 : (unsigned)sd_font_advance(f, cp);
}

/* The end of the word that starts at q (a line starting at p), or the first
 * point where p..that point is already wider than `maxw`: the line cannot
 * take the word then, and the rest of it is not needed. Scanning a whole
 * word for every line it fills made a 100 000-character name quadratic
 * (17 s for one network card). The sum and its scaling are
 * sd_font_text_width's, so every decision is the same as measuring. */
static const char *word_end(const sd_font *f, const char *p, const char *q,
                            const char *end, float size, float maxw)
{
    unsigned sum = 0;
    for (const char *r = p; r < q;)
        sum += advance_of(f, sd_utf8_next(&r, end));
    const char *w = q;
    while (w < end && *w != ' ') {
        sum += advance_of(f, sd_utf8_next(&w, end));
        if ((float)sum * size / 1000 > maxw)
            break;
    }
    return w;
}

/* The byte length of the longest prefix of s[0..len) that fits in `maxw`,
 * at least one character. */
static size_t fitting_prefix(const sd_font *f, const char *s, size_t len, float size, float maxw)
{
    const char *p = s, *end = s + len, *fit = s;
    while (p < end) {
        sd_utf8_next(&p, end);
        if (fit > s && text_w(f, s, (size_t)(p - s), size) > maxw)
            break;
        fit = p;
    }
    return (size_t)(fit - s);
}

/* Breaks `text` into lines no wider than `maxw` at spaces (never at
 * U+00A0); a word wider than `maxw` is broken between characters. */
static void wrap(lines *out, const sd_font *f, const char *text, float size, float maxw)
{
    char *s = without_shy(text);
    const char *p = s, *end = s + strlen(s);
    while (*p == ' ')
        p++;
    while (*p) {
        /* the longest run of whole words that fits */
        const char *best = NULL, *q = p;
        while (*q) {
            const char *w = word_end(f, p, q, end, size, maxw);
            if (best && text_w(f, p, (size_t)(w - p), size) > maxw)
                break;
            if (!best && text_w(f, p, (size_t)(w - p), size) > maxw) {
                best = p + fitting_prefix(f, p, (size_t)(w - p), size, maxw);
                break;
            }
            best = w;
            q = w;
            while (*q == ' ')
                q++;
        }
        lines_add(out, p, (size_t)(best - p));
        p = best;
        while (*p == ' ')
            p++;
    }
    free(s);
}

static float lines_width(const lines *l, const sd_font *f, float size, size_t from, size_t to)
{
    float w = 0;
    for (size_t i = from; i < to; i++) {
        float lw = text_w(f, l->line[i], strlen(l->line[i]), size);
        if (lw > w)
            w = lw;
    }
    return w;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

static void add_box(sd_netmap_result *r, sd_netmap_shape kind, float x, float y,
                    float w, float h, size_t person)
{
    sd_grow((void **)&r->boxes, &r->capboxes, r->nboxes + 1, sizeof(sd_netmap_box));
    r->boxes[r->nboxes++] = (sd_netmap_box){kind, x, y, w, h, person};
}

/* ------------------------------------------------------------------ */
/* Obstacles                                                           */
/* ------------------------------------------------------------------ */

typedef struct obstacle {
    int circle;           /* 1: (x, y) centre, w radius; 0: rectangle */
    float x, y, w, h;
} obstacle;

typedef struct rect { float x, y, w, h; } rect;

static int rects_meet(rect a, rect b, float clear)
{
    return a.x < b.x + b.w + clear && b.x < a.x + a.w + clear &&
           a.y < b.y + b.h + clear && b.y < a.y + a.h + clear;
}

static int circle_meets_rect(float cx, float cy, float radius, rect b)
{
    float nx = cx < b.x ? b.x : cx > b.x + b.w ? b.x + b.w : cx;
    float ny = cy < b.y ? b.y : cy > b.y + b.h ? b.y + b.h : cy;
    float dx = cx - nx, dy = cy - ny;
    return dx * dx + dy * dy < radius * radius;
}

static int circles_meet(float x1, float y1, float r1, float x2, float y2, float r2)
{
    float dx = x1 - x2, dy = y1 - y2, d = r1 + r2;
    return dx * dx + dy * dy < d * d;
}

/* ------------------------------------------------------------------ */
/* Placement state                                                     */
/* ------------------------------------------------------------------ */

enum { SIDE_OUT, SIDE_IN, SIDE_ABOVE, SIDE_BELOW, NSIDES };

/* A person's label, measured at one size. */
typedef struct label {
    lines text;           /* name lines, then detail lines */
    size_t nname;         /* how many of them are the name */
    float name_size, detail_size;
    float w, h;
} label;

typedef struct placed {
    int on_card;          /* 1 when drawn on the card */
    float x, y;           /* node centre */
    float node_r;         /* outer radius of the node */
    rect box;             /* the label */
    size_t box_obs;       /* the label's obstacle */
    int side;             /* SIDE_*: where the label stands */
    label lab;            /* owned */
} placed;

/* The obstacles whose bounding box meets one square of the card (a cell of
 * a uniform grid): a query looks only at the squares it covers. An index
 * may stand in a square its obstacle has since left (moved); the geometry
 * test then rejects it. */
typedef struct grid_cell {
    size_t *idx;          /* owned */
    size_t n, cap;
} grid_cell;

#define GRID_SIZE SD_MM(8)

typedef struct card {
    const sd_netmap *m;
    const sd_font *regular, *bold;
    float width, height;  /* of the card itself, without legend and list */
    float cx, cy;
    float band_w;
    float sector_deg;
    obstacle *obs;        /* owned */
    size_t nobs, capobs;
    grid_cell *grid;      /* owned: obstacle indexes by area, gw x gh cells */
    int gw, gh;
    placed *pl;           /* owned, one per person */
    size_t *overflow;     /* owned: persons in the list, in cell order */
    size_t noverflow;
    float smallest;       /* the smallest name size used */
} card;

/* The grid squares a box meets, clamped to the grid. */
static void grid_span(const card *c, rect b, int *i0, int *j0, int *i1, int *j1)
{
    int a = (int)floorf(b.x / GRID_SIZE), z = (int)floorf((b.x + b.w) / GRID_SIZE);
    int t = (int)floorf(b.y / GRID_SIZE), u = (int)floorf((b.y + b.h) / GRID_SIZE);
    *i0 = a < 0 ? 0 : a >= c->gw ? c->gw - 1 : a;
    *i1 = z < 0 ? 0 : z >= c->gw ? c->gw - 1 : z;
    *j0 = t < 0 ? 0 : t >= c->gh ? c->gh - 1 : t;
    *j1 = u < 0 ? 0 : u >= c->gh ? c->gh - 1 : u;
}

static rect obstacle_bounds(const obstacle *o)
{
    return o->circle ? (rect){o->x - o->w, o->y - o->w, 2 * o->w, 2 * o->w}
                     : (rect){o->x, o->y, o->w, o->h};
}

static void grid_insert(card *c, size_t k)
{
    int i0, j0, i1, j1;
    grid_span(c, obstacle_bounds(&c->obs[k]), &i0, &j0, &i1, &j1);
    for (int j = j0; j <= j1; j++)
        for (int i = i0; i <= i1; i++) {
            grid_cell *g = &c->grid[j * c->gw + i];
            sd_grow((void **)&g->idx, &g->cap, g->n + 1, sizeof(size_t));
            g->idx[g->n++] = k;
        }
}

static void obstacle_add(card *c, int circle, float x, float y, float w, float h)
{
    sd_grow((void **)&c->obs, &c->capobs, c->nobs + 1, sizeof(obstacle));
    c->obs[c->nobs++] = (obstacle){circle, x, y, w, h};
    grid_insert(c, c->nobs - 1);
}

/* Gives obstacle k a new place. */
static void obstacle_move(card *c, size_t k, obstacle o)
{
    c->obs[k] = o;
    grid_insert(c, k);
}

/* Forgets every obstacle from `mark` on. */
static void obstacles_truncate(card *c, size_t mark)
{
    for (int g = 0; g < c->gw * c->gh; g++) {
        grid_cell *cell = &c->grid[g];
        size_t kept = 0;
        for (size_t i = 0; i < cell->n; i++)
            if (cell->idx[i] < mark)
                cell->idx[kept++] = cell->idx[i];
        cell->n = kept;
    }
    c->nobs = mark;
}

/* 1 if obstacle o meets the box b grown by `clear` (circle: its radius). */
static int obstacle_meets(const obstacle *o, rect b, float clear)
{
    return o->circle ? circle_meets_rect(o->x, o->y, o->w + clear, b)
                     : rects_meet(b, (rect){o->x, o->y, o->w, o->h}, clear);
}

/* 1 if the rectangle is inside the card and clear of every obstacle but
 * the one numbered `skip`. */
static int rect_free_but(const card *c, rect b, size_t skip)
{
    if (b.x < 0 || b.y < 0 || b.x + b.w > c->width || b.y + b.h > c->height)
        return 0;
    int i0, j0, i1, j1;
    grid_span(c, (rect){b.x - CLEAR, b.y - CLEAR, b.w + 2 * CLEAR, b.h + 2 * CLEAR},
              &i0, &j0, &i1, &j1);
    for (int j = j0; j <= j1; j++)
        for (int i = i0; i <= i1; i++) {
            const grid_cell *g = &c->grid[j * c->gw + i];
            for (size_t k = 0; k < g->n; k++)
                if (g->idx[k] != skip && obstacle_meets(&c->obs[g->idx[k]], b, CLEAR))
                    return 0;
        }
    return 1;
}

static int rect_free(const card *c, rect b)
{
    return rect_free_but(c, b, (size_t)-1);
}

/* 1 if a node of `radius` at (x, y) is inside the card and clear of every
 * obstacle by NODE_CLEAR. */
static int node_free(const card *c, float x, float y, float radius)
{
    float rr = radius + NODE_CLEAR;
    if (x - rr < 0 || y - rr < 0 || x + rr > c->width || y + rr > c->height)
        return 0;
    int i0, j0, i1, j1;
    grid_span(c, (rect){x - rr, y - rr, 2 * rr, 2 * rr}, &i0, &j0, &i1, &j1);
    for (int j = j0; j <= j1; j++)
        for (int i = i0; i <= i1; i++) {
            const grid_cell *g = &c->grid[j * c->gw + i];
            for (size_t k = 0; k < g->n; k++) {
                const obstacle *o = &c->obs[g->idx[k]];
                if (o->circle ? circles_meet(x, y, rr, o->x, o->y, o->w)
                              : circle_meets_rect(x, y, rr, (rect){o->x, o->y, o->w, o->h}))
                    return 0;
            }
        }
    return 1;
}

static void point_at(const card *c, double deg, double radius, float *x, float *y)
{
    double a = deg * PI / 180.0;
    *x = c->cx + (float)(radius * sin(a));
    *y = c->cy - (float)(radius * cos(a));
}

static double sector_from(const card *c, int sector)
{
    return -c->sector_deg / 2 + sector * c->sector_deg;
}

/* ------------------------------------------------------------------ */
/* Labels                                                              */
/* ------------------------------------------------------------------ */

static void label_measure(const card *c, const sd_netmap_person *p, size_t level, label *out)
{
    memset(out, 0, sizeof *out);
    out->name_size = NAME_SIZES[level];
    out->detail_size = DETAIL_SIZES[level];
    wrap(&out->text, c->regular, p->name ? p->name : "", out->name_size, LABEL_MAX_W);
    out->nname = out->text.n;
    if (p->detail && *p->detail)
        wrap(&out->text, c->regular, p->detail, out->detail_size, LABEL_MAX_W);
    float wn = lines_width(&out->text, c->regular, out->name_size, 0, out->nname);
    float wd = lines_width(&out->text, c->regular, out->detail_size, out->nname, out->text.n);
    out->w = wn > wd ? wn : wd;
    out->h = (float)out->nname * out->name_size * LINE_FACTOR +
             (float)(out->text.n - out->nname) * out->detail_size * LINE_FACTOR;
}

static float ascent_of(const sd_font *f, float size)
{
    return (float)sd_font_ascent(f) * size / 1000.0f;
}

/* Lines right-aligned on a label left of its node, centred above or below
 * it, left-aligned otherwise. */
static void label_draw(sd_netmap_result *r, const card *c, const placed *pl)
{
    int centred = pl->side == SIDE_ABOVE || pl->side == SIDE_BELOW;
    int right_align = !centred && pl->box.x + pl->box.w <= pl->x;
    const label *l = &pl->lab;
    sd_shape_rect(&r->draw, pl->box.x - 0.5f, pl->box.y, pl->box.w + 1.0f, pl->box.h, &WHITE, 0, WHITE);
    float top = pl->box.y;
    for (size_t i = 0; i < l->text.n; i++) {
        int is_name = i < l->nname;
        float size = is_name ? l->name_size : l->detail_size;
        const char *s = l->text.line[i];
        float w = text_w(c->regular, s, strlen(s), size);
        float x = right_align ? pl->box.x + pl->box.w - w
                  : centred   ? pl->box.x + (pl->box.w - w) / 2
                              : pl->box.x;
        sd_shape_text(&r->draw, x, top + ascent_of(c->regular, size), s, SD_FACE_REGULAR, size,
                  is_name ? BLACK : DETAIL_GREY);
        top += size * LINE_FACTOR;
    }
}

/* ------------------------------------------------------------------ */
/* Candidates                                                          */
/* ------------------------------------------------------------------ */

static const float SIDE_COST[NSIDES] = {0, SD_MM(8), SD_MM(12), SD_MM(12)};

typedef struct cand {
    float cost;
    size_t seq;           /* generation order: breaks ties */
    float x, y;           /* node centre */
    int side;
} cand;

typedef struct cands {
    cand *c;
    size_t n, cap;
} cands;

static int cand_cmp(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    if (a->cost != b->cost)
        return a->cost < b->cost ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The label rectangle beside a node at (x, y) of radius nr on `side`;
 * SIDE_OUT is away from the vertical axis through the centre. */
static rect label_rect(const card *c, float x, float y, float nr, const label *l, int side)
{
    int right = x >= c->cx - 0.5f;      /* a node on the axis: label right */
    if (side == SIDE_IN)
        right = !right;
    switch (side) {
    case SIDE_ABOVE:
        return (rect){x - l->w / 2, y - nr - LABEL_GAP - l->h, l->w, l->h};
    case SIDE_BELOW:
        return (rect){x - l->w / 2, y + nr + LABEL_GAP, l->w, l->h};
    default:
        return (rect){right ? x + nr + LABEL_GAP : x - nr - LABEL_GAP - l->w,
                      y - l->h / 2, l->w, l->h};
    }
}

/* The angles a node of radius nr may take at `radius` in `sector`. */
static void usable_angles(const card *c, int sector, double radius, float nr,
                          double *a0, double *a1)
{
    double pad = (nr + EDGE_PAD) / radius * 180.0 / PI;
    if (pad < 3)
        pad = 3;
    *a0 = sector_from(c, sector) + pad;
    *a1 = sector_from(c, sector) + c->sector_deg - pad;
}

/* The candidates: every position with every label side, in order of cost
 * (distance + the side's cost), ties by position, then side. The same
 * order as sorting them all, by merging `nsides` shifted copies of the
 * sorted positions. */
static void merge_sides(const cands *pos, int nsides, cands *out)
{
    size_t at[NSIDES] = {0};
    out->n = 0;
    sd_grow((void **)&out->c, &out->cap, pos->n * (size_t)nsides + 1, sizeof(cand));
    for (;;) {
        int best = -1;
        float best_cost = 0;
        for (int s = 0; s < nsides; s++) {
            if (at[s] == pos->n)
                continue;
            const cand *p = &pos->c[at[s]];
            float cost = p->cost + SIDE_COST[s];
            if (best < 0 || cost < best_cost ||
                (cost == best_cost && p->seq < pos->c[at[best]].seq)) {
                best = s;
                best_cost = cost;
            }
        }
        if (best < 0)
            break;
        cand cd = pos->c[at[best]++];
        cd.cost = best_cost;
        cd.side = best;
        out->c[out->n++] = cd;
    }
}

/* Every candidate for the i-th of n persons of cell (sector, band), sorted.
 * `with_sides` 0: the node alone (the "+k" marker). */
static void make_candidates(const card *c, int sector, int band, size_t i, size_t n,
                            float nr, int with_sides, cands *out)
{
    double inner = CENTRE_R + (band - 1) * c->band_w, centre = inner + c->band_w / 2;
    double lo = inner + BAND_PAD + nr, hi = inner + c->band_w - BAND_PAD - nr;
    double a0, a1;
    usable_angles(c, sector, centre, nr, &a0, &a1);
    double ideal_a = a0 + ((double)i + 0.5) * (a1 - a0) / (double)n;
    double arc = (a1 - a0) * PI / 180.0 * centre / (double)n;
    double ideal_r = centre;
    if (arc < CROWDED_ARC && n > 1)         /* stagger: inner, outer, inner … */
        ideal_r = centre + (i % 2 ? 1 : -1) * c->band_w / 4;
    const double radii[] = {ideal_r, centre, centre - c->band_w / 4, centre + c->band_w / 4,
                            lo, hi};
    cands pos = {0};      /* node positions, sorted by distance */
    double used[sizeof radii / sizeof radii[0]] = {0};
    size_t nused = 0;
    for (size_t k = 0; k < sizeof radii / sizeof radii[0]; k++) {
        double rad = radii[k] < lo ? lo : radii[k] > hi ? hi : radii[k];
        int dup = 0;
        for (size_t j = 0; j < nused; j++)
            dup |= fabs(used[j] - rad) < 0.01;
        if (dup)
            continue;
        used[nused++] = rad;
        double b0, b1;
        usable_angles(c, sector, rad, nr, &b0, &b1);
        for (int step = 0;; step++) {
            int any = 0;
            for (int sign = -1; sign <= 1; sign += 2) {
                if (step == 0 && sign < 0)
                    continue;
                double a = ideal_a + sign * step * STEP_DEG;
                if (a < b0 || a > b1)
                    continue;
                any = 1;
                float x, y;
                point_at(c, a, rad, &x, &y);
                float dist = (float)(fabs(a - ideal_a) * PI / 180.0 * rad + fabs(rad - ideal_r));
                sd_grow((void **)&pos.c, &pos.cap, pos.n + 1, sizeof(cand));
                pos.c[pos.n] = (cand){dist, pos.n, x, y, 0};
                pos.n++;
            }
            if (!any && ideal_a + step * STEP_DEG > b1 && ideal_a - step * STEP_DEG < b0)
                break;
        }
    }
    qsort(pos.c, pos.n, sizeof(cand), cand_cmp);
    merge_sides(&pos, with_sides ? NSIDES : 1, out);
    free(pos.c);
}

/* ------------------------------------------------------------------ */
/* Cells                                                               */
/* ------------------------------------------------------------------ */

/* Tries to place person `pi`, the i-th of n in its cell, with its label at
 * `level`. On success records it and its obstacles. */
static int place_person(card *c, size_t pi, size_t level, const cands *cs)
{
    const sd_netmap_person *p = &c->m->persons[pi];
    placed *pl = &c->pl[pi];
    lines_free(&pl->lab.text);
    label_measure(c, p, level, &pl->lab);
    float nr = p->vip ? VIP_R : NODE_R;
    for (size_t k = 0; k < cs->n; k++) {
        const cand *cd = &cs->c[k];
        if (!node_free(c, cd->x, cd->y, nr))
            continue;
        rect lr = label_rect(c, cd->x, cd->y, nr, &pl->lab, cd->side);
        if (!rect_free(c, lr))
            continue;
        pl->on_card = 1;
        pl->x = cd->x;
        pl->y = cd->y;
        pl->node_r = nr;
        pl->box = lr;
        obstacle_add(c, 1, cd->x, cd->y, nr + NODE_CLEAR, 0);
        obstacle_add(c, 0, lr.x, lr.y, lr.w, lr.h);
        pl->box_obs = c->nobs - 1;
        pl->side = cd->side;
        return 1;
    }
    return 0;
}

/* The persons of one cell in their order: `plads`, then name (Danish),
 * then input order (the pointers are into one array). */
static int cell_cmp(const void *pa, const void *pb)
{
    const sd_netmap_person *x = *(const sd_netmap_person *const *)pa;
    const sd_netmap_person *y = *(const sd_netmap_person *const *)pb;
    int xo = !isnan(x->order), yo = !isnan(y->order);
    if (xo != yo)
        return xo ? -1 : 1;
    if (xo && x->order != y->order)
        return x->order < y->order ? -1 : 1;
    int d = sd_compare_da(x->name ? x->name : "", y->name ? y->name : "");
    if (d)
        return d;
    return x < y ? -1 : x > y;
}

/* The "+k" marker's reserved box, placed before the cell's persons when
 * some of them will not fit. Returns the obstacle index or (size_t)-1. */
static size_t place_marker(card *c, int sector, int band, size_t n, rect *out, cands *cs)
{
    char text[32];
    snprintf(text, sizeof text, "+%zu", n);
    float w = text_w(c->bold, text, strlen(text), LEGEND_SIZE), h = LEGEND_SIZE * LINE_FACTOR;
    make_candidates(c, sector, band, 0, 1, NODE_R, 0, cs);
    for (size_t k = 0; k < cs->n; k++) {
        rect b = {cs->c[k].x - w / 2, cs->c[k].y - h / 2, w, h};
        if (rect_free(c, b)) {
            obstacle_add(c, 0, b.x, b.y, b.w, b.h);
            *out = b;
            return c->nobs - 1;
        }
    }
    return (size_t)-1;
}

typedef struct marker {
    rect box;
    size_t count;
} marker;

/* The candidates of the i-th of the n persons `who` of a cell, computed on
 * first use (they do not depend on the label's size). */
static const cands *person_cands(const card *c, const size_t *who, size_t i, size_t n,
                                 cands *per)
{
    if (!per[i].c) {
        const sd_netmap_person *p = &c->m->persons[who[i]];
        make_candidates(c, p->sector, p->band, i, n, p->vip ? VIP_R : NODE_R, 1, &per[i]);
    }
    return &per[i];
}

/* Places one cell: all its persons at the largest label size where they
 * all fit; else, at the smallest size, as many as fit, the rest to the
 * list, with room for the "+k" mark taken first. Returns the number listed. */
static size_t place_cell(card *c, const size_t *who, size_t n, int sector, int band,
                         marker *mk, cands *cs)
{
    size_t mark = c->nobs, left_out = 0;
    cands *per = sd_xcalloc(n, sizeof(cands));
    for (size_t level = 0; level < NLEVELS; level++) {
        size_t i = 0;
        while (i < n && place_person(c, who[i], level, person_cands(c, who, i, n, per)))
            i++;
        if (i == n) {
            if (NAME_SIZES[level] < c->smallest)
                c->smallest = NAME_SIZES[level];
            goto done;
        }
        for (size_t j = 0; j < n; j++)
            c->pl[who[j]].on_card = 0;
        obstacles_truncate(c, mark);
    }
    c->smallest = NAME_SIZES[NLEVELS - 1];
    rect mbox = {0, 0, 0, 0};
    size_t mobs = place_marker(c, sector, band, n, &mbox, cs);
    for (size_t i = 0; i < n; i++) {
        if (!place_person(c, who[i], NLEVELS - 1, person_cands(c, who, i, n, per))) {
            c->pl[who[i]].on_card = 0;
            c->overflow[c->noverflow++] = who[i];
            left_out++;
        }
    }
    if (mobs != (size_t)-1 && left_out) {
        mk->box = mbox;
        mk->count = left_out;
    } else if (mobs != (size_t)-1) {
        obstacle_move(c, mobs, (obstacle){0, -1e6f, -1e6f, 0, 0});   /* not needed after all */
    }
done:
    for (size_t i = 0; i < n; i++)
        free(per[i].c);
    free(per);
    return left_out;
}

/* ------------------------------------------------------------------ */
/* Labels off the lines                                                */
/* ------------------------------------------------------------------ */

/* 1 if the segment (x1,y1)-(x2,y2) passes through the rectangle: the
 * segment clipped against each slab (Liang–Barsky) keeps a part. */
static int segment_meets_rect(float x1, float y1, float x2, float y2, rect b)
{
    double t0 = 0, t1 = 1, dx = x2 - x1, dy = y2 - y1;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {x1 - b.x, b.x + b.w - x1, y1 - b.y, b.y + b.h - y1};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0 && t > t0)
            t0 = t;
        else if (p[i] > 0 && t < t1)
            t1 = t;
        if (t0 > t1)
            return 0;
    }
    return 1;
}

static int crosses_a_link(const card *c, rect b)
{
    const sd_netmap *m = c->m;
    for (size_t i = 0; i < m->nlinks; i++) {
        const placed *a = &c->pl[m->links[i].a], *z = &c->pl[m->links[i].b];
        if (a->on_card && z->on_card && segment_meets_rect(a->x, a->y, z->x, z->y, b))
            return 1;
    }
    return 0;
}

/* Links are known once every node stands: a label lying on a line moves to
 * another side of its node where it is as free and lies on no line. */
static void labels_off_links(card *c)
{
    for (size_t i = 0; i < c->m->npersons; i++) {
        placed *pl = &c->pl[i];
        if (!pl->on_card || !crosses_a_link(c, pl->box))
            continue;
        for (int side = 0; side < NSIDES; side++) {
            rect b = label_rect(c, pl->x, pl->y, pl->node_r, &pl->lab, side);
            if (rect_free_but(c, b, pl->box_obs) && !crosses_a_link(c, b)) {
                pl->box = b;
                pl->side = side;
                obstacle_move(c, pl->box_obs, (obstacle){0, b.x, b.y, b.w, b.h});
                break;
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* The fixed drawing                                                   */
/* ------------------------------------------------------------------ */

static void draw_rings(sd_netmap_result *r, const card *c)
{
    for (int b = 1; b <= SD_NETMAP_BANDS; b++)
        sd_shape_circle(&r->draw, c->cx, c->cy, CENTRE_R + (float)b * c->band_w, NULL, 0.5f, RING_GREY);
    for (size_t s = 0; s < c->m->nsectors && c->m->nsectors > 1; s++) {
        float x1, y1, x2, y2;
        point_at(c, sector_from(c, (int)s), CENTRE_R, &x1, &y1);
        point_at(c, sector_from(c, (int)s), OUTER_R, &x2, &y2);
        sd_shape_line(&r->draw, x1, y1, x2, y2, 0.75f, SECTOR_GREY);
    }
    sd_shape_circle(&r->draw, c->cx, c->cy, CENTRE_R, &CENTRE_FILL, 0.75f, SECTOR_GREY);
}

/* Each sector's label outside the outer ring on its middle angle, anchored
 * so that it never enters the ring; shrunk if it would leave the card. */
static void draw_sector_labels(sd_netmap_result *r, card *c)
{
    for (size_t s = 0; s < c->m->nsectors; s++) {
        const char *raw = c->m->sector_label[s];
        if (!raw || !*raw)
            continue;
        char *text = without_shy(raw);
        double mid = sector_from(c, (int)s) + c->sector_deg / 2;
        float px, py;
        point_at(c, mid, OUTER_R + SECTOR_GAP, &px, &py);
        double sn = sin(mid * PI / 180.0), cs = cos(mid * PI / 180.0);
        float size = SECTOR_SIZE, w = text_w(c->bold, text, strlen(text), size);
        float room = sn > 0.2 ? c->width - px : sn < -0.2 ? px : c->width;
        if (w > room && w > 0) {
            size *= room / w;
            w = room;
        }
        float h = size * LINE_FACTOR;
        float x = sn > 0.2 ? px : sn < -0.2 ? px - w : px - w / 2;
        float y = cs > 0.5 ? py - h : cs < -0.5 ? py : py - h / 2;
        sd_shape_text(&r->draw, x, y + ascent_of(c->bold, size), text, SD_FACE_BOLD, size, BLACK);
        obstacle_add(c, 0, x, y, w, h);
        add_box(r, SD_NM_SECTOR, x, y, w, h, 0);
        free(text);
    }
}

/* "Den unge" and the name in the disc: the name shrinks to fit the disc,
 * to 6.5 pt at least; a longer one wraps. */
static void draw_centre(sd_netmap_result *r, card *c)
{
    float inner = 2 * CENTRE_R - SD_MM(3);
    lines name = {0};
    float size = CENTRE_SIZE;
    const char *given = c->m->blank ? NULL : c->m->centre_name;
    if (given && *given) {
        char *s = without_shy(given);
        float w = text_w(c->bold, s, strlen(s), size);
        if (w > inner)
            size = inner / w * size < NAME_SIZES[NLEVELS - 1] ? NAME_SIZES[NLEVELS - 1]
                                                              : inner / w * size;
        wrap(&name, c->bold, s, size, inner);
        free(s);
    }
    const char *caption = c->m->centre_label ? c->m->centre_label : "";
    float lh = *caption ? CENTRE_LABEL_SIZE * LINE_FACTOR : 0;
    /* A name longer than the disc holds (a 100 000-character name drew a
     * column of text down the whole page) ends with "…" on the last line
     * that fits; it is printed in full under "Den unge". */
    size_t most = (size_t)((inner - lh) / (size * LINE_FACTOR));
    if (most < 1)
        most = 1;
    if (name.n > most) {
        sd_buf last = {0};
        sd_buf_puts(&last, name.line[most - 1]);
        for (;;) {
            sd_buf cut = {0};
            sd_buf_printf(&cut, "%s…", sd_buf_cstr(&last));
            int fits = text_w(c->bold, sd_buf_cstr(&cut), cut.len, size) <= inner || last.len == 0;
            if (fits) {
                free(name.line[most - 1]);
                name.line[most - 1] = sd_buf_take(&cut);
                break;
            }
            sd_buf_free(&cut);
            do                              /* drop the last character */
                last.len--;
            while (last.len > 0 && ((unsigned char)last.data[last.len] & 0xC0) == 0x80);
            last.data[last.len] = '\0';
        }
        sd_buf_free(&last);
        for (size_t i = most; i < name.n; i++)
            free(name.line[i]);
        name.n = most;
    }
    float h = lh + (float)name.n * size * LINE_FACTOR;
    float top = c->cy - h / 2, wmax = 0;
    if (*caption) {
        float w = text_w(c->regular, caption, strlen(caption), CENTRE_LABEL_SIZE);
        sd_shape_text(&r->draw, c->cx - w / 2, top + ascent_of(c->regular, CENTRE_LABEL_SIZE), caption,
                  SD_FACE_REGULAR, CENTRE_LABEL_SIZE, BLACK);
        wmax = w;
    }
    for (size_t i = 0; i < name.n; i++) {
        float w = text_w(c->bold, name.line[i], strlen(name.line[i]), size);
        float base = top + lh + (float)i * size * LINE_FACTOR + ascent_of(c->bold, size);
        sd_shape_text(&r->draw, c->cx - w / 2, base, name.line[i], SD_FACE_BOLD, size, BLACK);
        if (w > wmax)
            wmax = w;
    }
    obstacle_add(c, 1, c->cx, c->cy, CENTRE_R, 0);
    if (h > 0) {
        obstacle_add(c, 0, c->cx - wmax / 2, top, wmax, h);
        add_box(r, SD_NM_CENTRE, c->cx - wmax / 2, top, wmax, h, 0);
    }
    lines_free(&name);
}

/* A person's node: filled for the team, hollow otherwise (white inside, so
 * lines end at its edge), a second ring for the VIP. */
static void draw_node(sd_netmap_result *r, float x, float y, int team, int vip)
{
    if (vip)
        sd_shape_circle(&r->draw, x, y, VIP_R, &WHITE, 0.7f, BLACK);
    sd_shape_circle(&r->draw, x, y, NODE_R, team ? &BLACK : &WHITE, 0.7f, BLACK);
}

/* ------------------------------------------------------------------ */
/* Under the card: the legend and the list of persons left out         */
/* ------------------------------------------------------------------ */

/* The legend in one row (or more, if narrow), centred; returns its height. */
static float draw_legend(sd_netmap_result *r, const card *c, float top)
{
    const sd_netmap *m = c->m;
    const char *text[3] = {m->legend_team, m->legend_vip, m->legend_other};
    const int team[3] = {1, 0, 0}, vip[3] = {0, 1, 0};
    float sym = 2 * VIP_R, gap = SD_MM(1.5), sep = SD_MM(7);
    float widths[3], total = 0;
    size_t count = 0;
    for (int i = 0; i < 3; i++) {
        widths[i] = text[i] ? sym + gap + text_w(c->regular, text[i], strlen(text[i]), LEGEND_SIZE) : 0;
        if (text[i]) {
            total += widths[i] + (count ? sep : 0);
            count++;
        }
    }
    if (!count)
        return 0;
    float line_h = LEGEND_SIZE * LINE_FACTOR + SD_MM(1);
    int rows = total > c->width;
    float x = rows ? 0 : (c->width - total) / 2, y = top;
    for (int i = 0; i < 3; i++) {
        if (!text[i])
            continue;
        float mid = y + line_h / 2;
        draw_node(r, x + VIP_R, mid, team[i], vip[i]);
        float tx = x + sym + gap;
        sd_shape_text(&r->draw, tx, mid + LEGEND_SIZE * 0.35f, text[i], SD_FACE_REGULAR, LEGEND_SIZE, BLACK);
        add_box(r, SD_NM_LEGEND, x, y, widths[i], line_h, 0);
        if (rows)
            y += line_h;
        else
            x += widths[i] + sep;
    }
    return rows ? y - top : line_h;
}

/* "Flere personer i feltet Familie, nærhed 2 (+3): Name (detail), …" for
 * each cell with persons left out; wrapped to the width. Returns the height. */
static float draw_overflow(sd_netmap_result *r, const card *c, float top)
{
    const sd_netmap *m = c->m;
    float y = top, size = LEGEND_SIZE, lh = size * LINE_FACTOR;
    for (size_t i = 0; i < c->noverflow;) {
        const sd_netmap_person *first = &m->persons[c->overflow[i]];
        size_t j = i;
        while (j < c->noverflow && m->persons[c->overflow[j]].sector == first->sector &&
               m->persons[c->overflow[j]].band == first->band)
            j++;
        sd_buf b = {0};
        const char *sl = m->sector_label[first->sector];
        sd_buf_printf(&b, "%s %s, %s %d (+%zu): ", m->overflow_title ? m->overflow_title : "",
                      sl ? sl : "", m->band_word ? m->band_word : "", first->band, j - i);
        for (size_t k = i; k < j; k++) {
            const sd_netmap_person *p = &m->persons[c->overflow[k]];
            sd_buf_printf(&b, "%s%s", k > i ? "; " : "", p->name ? p->name : "");
            if (p->detail && *p->detail)
                sd_buf_printf(&b, " (%s)", p->detail);
        }
        lines l = {0};
        wrap(&l, c->regular, sd_buf_cstr(&b), size, c->width);
        for (size_t k = 0; k < l.n; k++) {
            sd_grow((void **)&r->cuts, &r->capcuts, r->ncuts + 1, sizeof(float));
            r->cuts[r->ncuts++] = y;
            sd_shape_text(&r->draw, 0, y + ascent_of(c->regular, size), l.line[k], SD_FACE_REGULAR, size, BLACK);
            float w = text_w(c->regular, l.line[k], strlen(l.line[k]), size);
            add_box(r, SD_NM_LEGEND, 0, y, w, lh, 0);
            y += lh;
        }
        lines_free(&l);
        sd_buf_free(&b);
        i = j;
    }
    return y - top;
}

/* ------------------------------------------------------------------ */
/* The whole card                                                      */
/* ------------------------------------------------------------------ */

/* A non-empty cell and the order it is placed in. */
typedef struct cellref {
    int sector, band;
    double density;       /* persons per unit of the cell's area */
    size_t overflow;      /* persons it sent to the list in the last attempt */
    int first;            /* placed before the others in the next attempt */
} cellref;

/* Cells that overflowed last time first, then the most crowded (an inner
 * cell has less room for the same persons), then inner before outer,
 * sectors clockwise. */
static int cellref_cmp(const void *pa, const void *pb)
{
    const cellref *a = pa, *b = pb;
    if (a->first != b->first)
        return a->first ? -1 : 1;
    if (a->density != b->density)
        return a->density > b->density ? -1 : 1;
    if (a->band != b->band)
        return a->band < b->band ? -1 : 1;
    return a->sector < b->sector ? -1 : a->sector > b->sector;
}

static size_t collect_cells(const card *c, cellref *out)
{
    const sd_netmap *m = c->m;
    size_t n = 0;
    for (int band = 1; band <= SD_NETMAP_BANDS; band++) {
        double inner = CENTRE_R + (band - 1) * c->band_w, outer = inner + c->band_w;
        for (size_t s = 0; s < m->nsectors; s++) {
            size_t count = 0;
            for (size_t i = 0; i < m->npersons; i++)
                count += m->persons[i].sector == (int)s && m->persons[i].band == band;
            if (count)
                out[n++] = (cellref){(int)s, band,
                                     (double)count / (outer * outer - inner * inner), 0, 0};
        }
    }
    return n;
}

/* One attempt: every cell in the order of `cells`, from an empty card
 * (obstacles back to `base`). Returns the persons sent to the list. */
static size_t place_cells(card *c, cellref *cells, size_t ncells, size_t base, marker *markers)
{
    const sd_netmap *m = c->m;
    const sd_netmap_person **cell = sd_xcalloc(m->npersons + 1, sizeof *cell);
    size_t *who = sd_xcalloc(m->npersons + 1, sizeof(size_t));
    cands cs = {0};
    obstacles_truncate(c, base);
    c->noverflow = 0;
    c->smallest = NAME_SIZES[0];
    for (size_t i = 0; i < m->npersons; i++)
        c->pl[i].on_card = 0;
    memset(markers, 0, sizeof(marker) * SD_NETMAP_BANDS * SD_NETMAP_MAX_SECTORS);
    for (size_t k = 0; k < ncells; k++) {
        size_t n = 0;
        for (size_t i = 0; i < m->npersons; i++)
            if (m->persons[i].sector == cells[k].sector && m->persons[i].band == cells[k].band)
                cell[n++] = &m->persons[i];
        qsort(cell, n, sizeof *cell, cell_cmp);
        for (size_t i = 0; i < n; i++)
            who[i] = (size_t)(cell[i] - m->persons);
        cells[k].overflow = place_cell(c, who, n, cells[k].sector, cells[k].band,
                                       &markers[(cells[k].band - 1) * SD_NETMAP_MAX_SECTORS +
                                                (size_t)cells[k].sector], &cs);
    }
    free(cs.c);
    free(cell);
    free(who);
    return c->noverflow;
}

#define ATTEMPTS 3

/* Places every person. When a cell overflows, the attempt is repeated with
 * the overflowing cells placed first (they may have lost their room to the
 * labels of others); the attempt that lists the fewest persons is kept. */
static void place_all(card *c, marker *markers)
{
    cellref *cells = sd_xcalloc(SD_NETMAP_BANDS * SD_NETMAP_MAX_SECTORS, sizeof(cellref));
    cellref *best = sd_xcalloc(SD_NETMAP_BANDS * SD_NETMAP_MAX_SECTORS, sizeof(cellref));
    size_t ncells = collect_cells(c, cells), base = c->nobs, best_over = (size_t)-1;
    int best_is_last = 0;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        qsort(cells, ncells, sizeof(cellref), cellref_cmp);
        size_t over = place_cells(c, cells, ncells, base, markers);
        best_is_last = over < best_over;
        if (best_is_last) {
            best_over = over;
            memcpy(best, cells, ncells * sizeof(cellref));
        }
        if (!over)
            break;
        int changed = 0;
        for (size_t k = 0; k < ncells; k++) {
            changed |= cells[k].overflow && !cells[k].first;
            cells[k].first |= cells[k].overflow > 0;
        }
        if (!changed)
            break;
    }
    if (!best_is_last)
        place_cells(c, best, ncells, base, markers);
    free(cells);
    free(best);
}

static void draw_persons(sd_netmap_result *r, const card *c, const marker *markers)
{
    const sd_netmap *m = c->m;
    for (size_t i = 0; i < m->nlinks; i++) {
        const placed *a = &c->pl[m->links[i].a], *b = &c->pl[m->links[i].b];
        if (m->links[i].a < m->npersons && m->links[i].b < m->npersons &&
            a->on_card && b->on_card)
            sd_shape_line(&r->draw, a->x, a->y, b->x, b->y, 0.6f, LINK_GREY);
    }
    for (size_t i = 0; i < m->npersons; i++) {
        const placed *pl = &c->pl[i];
        if (!pl->on_card)
            continue;
        draw_node(r, pl->x, pl->y, m->persons[i].team, m->persons[i].vip);
        add_box(r, SD_NM_NODE, pl->x - pl->node_r, pl->y - pl->node_r, 2 * pl->node_r,
                2 * pl->node_r, i);
    }
    for (size_t i = 0; i < m->npersons; i++) {
        const placed *pl = &c->pl[i];
        if (!pl->on_card)
            continue;
        label_draw(r, c, pl);
        add_box(r, SD_NM_LABEL, pl->box.x, pl->box.y, pl->box.w, pl->box.h, i);
    }
    for (size_t k = 0; k < SD_NETMAP_BANDS * SD_NETMAP_MAX_SECTORS; k++) {
        if (!markers[k].count)
            continue;
        char text[32];
        snprintf(text, sizeof text, "+%zu", markers[k].count);
        const rect *b = &markers[k].box;
        float w = text_w(c->bold, text, strlen(text), LEGEND_SIZE);
        sd_shape_text(&r->draw, b->x + (b->w - w) / 2, b->y + ascent_of(c->bold, LEGEND_SIZE), text,
                  SD_FACE_BOLD, LEGEND_SIZE, BLACK);
        add_box(r, SD_NM_MARKER, b->x, b->y, b->w, b->h, 0);
    }
}

sd_netmap_result *sd_netmap_place(const sd_netmap *m, const sd_fonts *fonts, float width)
{
    sd_netmap_result *r = sd_xcalloc(1, sizeof *r);
    card c = {0};
    c.m = m;
    c.regular = fonts->face[SD_FACE_REGULAR];
    c.bold = fonts->face[SD_FACE_BOLD];
    c.width = width;
    c.height = TOP_SPACE + 2 * OUTER_R + BOTTOM_SPACE;
    c.cx = width / 2;
    c.cy = TOP_SPACE + OUTER_R;
    c.band_w = (OUTER_R - CENTRE_R) / SD_NETMAP_BANDS;
    c.sector_deg = 360.0f / (float)(m->nsectors ? m->nsectors : 1);
    c.smallest = NAME_SIZES[0];
    c.pl = sd_xcalloc(m->npersons + 1, sizeof(placed));
    c.gw = (int)(c.width / GRID_SIZE) + 1;
    c.gh = (int)(c.height / GRID_SIZE) + 1;
    c.grid = sd_xcalloc((size_t)(c.gw * c.gh), sizeof(grid_cell));
    c.overflow = sd_xcalloc(m->npersons + 1, sizeof(size_t));
    marker markers[SD_NETMAP_BANDS * SD_NETMAP_MAX_SECTORS];
    memset(markers, 0, sizeof markers);

    draw_rings(r, &c);
    draw_sector_labels(r, &c);
    draw_centre(r, &c);
    if (!m->blank) {
        place_all(&c, markers);
        labels_off_links(&c);
        draw_persons(r, &c, markers);
    }
    float h = c.height;
    if (!m->blank) {
        h += SD_MM(2);
        h += draw_legend(r, &c, h);
        if (c.noverflow) {
            h += SD_MM(2);
            h += draw_overflow(r, &c, h);
        }
    }
    r->width = width;
    r->height = h;
    r->cx = c.cx;
    r->cy = c.cy;
    r->centre_r = CENTRE_R;
    r->band_w = c.band_w;
    r->sector_deg = c.sector_deg;
    r->overflow = c.noverflow;
    r->placed = 0;
    for (size_t i = 0; i < m->npersons; i++) {
        r->placed += c.pl[i].on_card;
        lines_free(&c.pl[i].lab.text);
    }
    r->label_size = c.smallest;
    free(c.pl);
    free(c.overflow);
    free(c.obs);
    for (int g = 0; g < c.gw * c.gh; g++)
        free(c.grid[g].idx);
    free(c.grid);
    return r;
}

void sd_netmap_result_free(sd_netmap_result *r)
{
    if (!r)
        return;
    sd_oplist_free(&r->draw);
    free(r->boxes);
    free(r->cuts);
    free(r);
}
