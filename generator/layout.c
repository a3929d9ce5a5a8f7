/* layout.c — see layout.h.
 *
 * Three steps.
 *
 * CHECK walks every run, bullet, footer and running head and reports each
 * character the face cannot draw (libharu would silently print .notdef or
 * drop it, see shared/LIBRARIES.md §2).
 *
 * MEASURE turns the box tree into "items" at a known width: paragraph lines
 * (their drawing operations already built, relative to the line's top-left
 * corner), vertical gaps, page breaks, frames and tables whose cells hold
 * items of their own. Each item knows its full height.
 *
 * PLACE pours items onto pages. Every place_* function puts as much of its
 * item as fits above the page's bottom limit and answers
 *   DONE  the item is complete,
 *   MORE  part of it is on this page, continue on the next one,
 *   NONE  nothing was placed and nothing changed: break before it.
 * Items remember their progress (the next item of a flow, the next row of a
 * table, the started flag of a split row), so a split frame or table row
 * continues where it stopped. `force` means "this is the top of the page:
 * make progress whatever it costs", which guarantees that pagination ends.
 * Fills are emitted as placeholders before the content they lie under and
 * patched when the height is known; at the end each page's operations are
 * ordered fills, then content, then borders, so nothing covers a border.
 *
 * Footers and running heads are added last, when the page count is known.
 */
#include "layout.h"
#include "netmap.h"
#include "timeline.h"
#include "text.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 0.01f                 /* pt; tolerance of every "does it fit" */
#define DEFAULT_LEADING 1.2f
#define DEFAULT_BORDER 0.5f       /* pt */
#define DEFAULT_RULE 0.5f         /* pt */
#define BOX_SIDE 0.75f            /* check box side, times the run size */
#define BOX_RAISE 0.04f           /* check box lift above the baseline, times size */
#define BOX_INSET 0.2f            /* the X inside a ticked box, times the side */
#define BOX_STROKE 0.6f           /* pt */

enum { PL_NONE, PL_MORE, PL_DONE };
enum { LAYER_FILL, LAYER_CONTENT, LAYER_BORDER, LAYER_COUNT };
enum { IT_LINE, IT_GAP, IT_BREAK, IT_FRAME, IT_TABLE };

/* ------------------------------------------------------------------ */
/* Measured items                                                      */
/* ------------------------------------------------------------------ */

/* Fill and borders of a frame or cell. */
typedef struct deco {
    float pad;
    unsigned borders;     /* SD_BORDER_* */
    float bw;             /* border width, pt */
    sd_rgb bc;            /* border colour */
    int has_fill;
    sd_rgb fill;
} deco;

typedef struct item item;

/* A vertical list of items and how far placing it has come. */
typedef struct flow {
    item *items;          /* owned */
    size_t n, cap;
    size_t next;          /* the first item not yet placed */
    int calls;            /* pages this flow has been placed on so far */
} flow;

typedef struct frame {
    flow body;
    deco d;
    float min_h;          /* the box's `height`: at least this tall when whole */
    int started;          /* a part is already on an earlier page */
} frame;

typedef struct cell {
    flow body;
    float x, w;           /* relative to the table's left edge */
    deco d;
} cell;

typedef struct row {
    cell *cells;          /* owned */
    size_t ncells;
    float h;              /* full height */
    int keep;             /* keep_with_next */
    int started;          /* a part is already on an earlier page */
} row;

typedef struct table {
    row *rows;            /* owned */
    size_t nrows;
    size_t nheader;       /* header rows, first in rows[] */
    float header_h;
    size_t next;          /* the first row not yet complete */
    int begun;            /* a part is already placed */
} table;

struct item {
    int kind;             /* IT_* */
    float h;              /* full height, pt */
    int keep;             /* avoid a page break right after this item */
    sd_op *ops;           /* IT_LINE: owned, relative to the line's top-left */
    size_t nops, capops;
    frame *frame;         /* IT_FRAME: owned */
    table *table;         /* IT_TABLE: owned */
};

/* Where a flow is being placed on the current page. */
typedef struct region {
    float x, w;           /* column */
    float bottom;         /* content may not go below this y */
    float fresh_h;        /* the height this region has on an empty page */
} region;

/* ------------------------------------------------------------------ */
/* Layout state and page building                                      */
/* ------------------------------------------------------------------ */

/* Operations of one page before they are ordered by layer. */
typedef struct pbuild {
    sd_op *ops;           /* owned, with their text */
    unsigned char *layer; /* owned, parallel to ops */
    size_t n, cap, caplayer;
} pbuild;

/* One character (or check box) of a paragraph, for line breaking. */
typedef struct atom {
    uint32_t cp;          /* what is drawn; 0 for a check box */
    unsigned char kind;   /* A_* */
    unsigned char brk;    /* a line may break right after this one */
    unsigned char checked;/* A_BOX: ticked */
    size_t run;           /* index into the paragraph's runs */
    int adv;              /* 1/1000 em */
    float w;              /* pt */
} atom;
enum { A_CHAR, A_SPACE, A_SHY, A_NL, A_BOX };

typedef struct lay {
    const sd_document *doc;   /* borrowed */
    const sd_fonts *fonts;    /* borrowed */
    pbuild *pages;            /* owned */
    size_t npages, cappages;
    atom *atoms;              /* owned scratch for one paragraph */
    size_t capatoms;
} lay;

static const sd_font *face_font(const lay *L, sd_face face)
{
    return L->fonts->face[(unsigned)face < SD_FACE_COUNT ? face : SD_FACE_REGULAR];
}

static pbuild *cur_page(lay *L)
{
    return &L->pages[L->npages - 1];
}

static void new_page(lay *L)
{
    void *items = L->pages;
    sd_grow(&items, &L->cappages, L->npages + 1, sizeof(pbuild));
    L->pages = items;
    L->pages[L->npages++] = (pbuild){0};
}

/* Appends *op (its text is taken) to page `p`; returns its index. */
static size_t page_emit(pbuild *p, const sd_op *op, int layer)
{
    void *items = p->ops;
    sd_grow(&items, &p->cap, p->n + 1, sizeof(sd_op));
    p->ops = items;
    items = p->layer;
    sd_grow(&items, &p->caplayer, p->n + 1, 1);
    p->layer = items;
    p->ops[p->n] = *op;
    p->layer[p->n] = (unsigned char)layer;
    return p->n++;
}

static size_t emit(lay *L, const sd_op *op, int layer)
{
    return page_emit(cur_page(L), op, layer);
}

/* Drops the current page's operations from index `mark` on: the undo of a
 * placement that turned out to place nothing worth keeping. */
static void rollback(lay *L, size_t mark)
{
    pbuild *p = cur_page(L);
    while (p->n > mark)
        free(p->ops[--p->n].text);
}

/* A fill whose height is not known yet; patch_fill sets it. */
static size_t emit_fill_slot(lay *L, sd_rgb fill)
{
    sd_op op = {0};
    op.kind = SD_OP_RECT;
    op.fill = 1;
    op.fill_color = fill;
    return emit(L, &op, LAYER_FILL);
}

static void patch_fill(lay *L, size_t slot, float x, float y, float w, float h)
{
    sd_op *op = &cur_page(L)->ops[slot];
    op->x = x;
    op->y = y;
    op->w = w;
    op->h = h;
}

static void emit_line(lay *L, float x, float y, float x2, float y2, float lw,
                      sd_rgb color, int layer)
{
    sd_op op = {0};
    op.kind = SD_OP_LINE;
    op.x = x;
    op.y = y;
    op.x2 = x2;
    op.y2 = y2;
    op.line_width = lw;
    op.stroke = 1;
    op.stroke_color = color;
    emit(L, &op, layer);
}

/* Borders of the box with lower-left (x, y) and size w x h. All four sides
 * are one stroked rectangle (clean corners); fewer are separate lines. */
static void emit_borders(lay *L, const deco *d, float x, float y, float w, float h)
{
    if (!d->borders)
        return;
    if ((d->borders & SD_BORDER_ALL) == SD_BORDER_ALL) {
        sd_op op = {0};
        op.kind = SD_OP_RECT;
        op.x = x;
        op.y = y;
        op.w = w;
        op.h = h;
        op.stroke = 1;
        op.line_width = d->bw;
        op.stroke_color = d->bc;
        emit(L, &op, LAYER_BORDER);
        return;
    }
    if (d->borders & SD_BORDER_TOP)
        emit_line(L, x, y + h, x + w, y + h, d->bw, d->bc, LAYER_BORDER);
    if (d->borders & SD_BORDER_BOTTOM)
        emit_line(L, x, y, x + w, y, d->bw, d->bc, LAYER_BORDER);
    if (d->borders & SD_BORDER_LEFT)
        emit_line(L, x, y, x, y + h, d->bw, d->bc, LAYER_BORDER);
    if (d->borders & SD_BORDER_RIGHT)
        emit_line(L, x + w, y, x + w, y + h, d->bw, d->bc, LAYER_BORDER);
}

static float maxf(float a, float b)
{
    return a > b ? a : b;
}

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */
/* ------------------------------------------------------------------ */

static void put_utf8(sd_buf *b, uint32_t c)
{
    char s[4];
    size_t n;
    if (c < 0x80) {
        s[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        s[0] = (char)(0xC0 | c >> 6);
        s[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else {
        /* only BMP code points get this far (the check rejects the rest) */
        s[0] = (char)(0xE0 | c >> 12);
        s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        s[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    }
    sd_buf_append(b, s, n);
}

/* ------------------------------------------------------------------ */
/* CHECK: every character must be drawable                             */
/* ------------------------------------------------------------------ */

/* Characters layout handles itself rather than by a glyph: line breaks,
 * tabs (a space), CR (ignored), soft hyphen and no-break space. */
static int handled_by_layout(uint32_t c)
{
    return c == '\n' || c == '\r' || c == '\t' || c == 0xAD || c == 0xA0;
}

/* Reports each character of `text` that `font` cannot draw. Returns the
 * number of problems. */
static size_t check_text(const sd_font *font, const char *text, sd_pos pos,
                         sd_diags *diags)
{
    size_t bad = 0;
    const char *p = text, *end = text + strlen(text);
    while (p < end) {
        const char *at = p;
        uint32_t c = sd_utf8_next(&p, end);
        if (c == SD_UTF8_BAD) {
            sd_diag_at(diags, SD_ERROR, pos,
                       "Teksten er ikke gyldig UTF-8; ret teksten.");
            bad++;
        } else if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
            if (handled_by_layout(c))
                continue;
            /* a control character cannot be shown inside quotes */
            sd_diag_at(diags, SD_ERROR, pos,
                       "Tegnet U+%04X kan ikke skrives i dokumentet; ret teksten.",
                       (unsigned)c);
            bad++;
        } else if (!handled_by_layout(c) &&
                   (c > 0xFFFF || !sd_font_has_glyph(font, c))) {
            sd_diag_at(diags, SD_ERROR, pos,
                       "Tegnet \"%.*s\" (U+%04X) findes ikke i skrifttypen og kan ikke "
                       "skrives i dokumentet. Slet det, eller skriv det med andre tegn.",
                       (int)(p - at), at, (unsigned)c);
            bad++;
        }
    }
    return bad;
}

static const sd_pos NO_POS = {NULL, 0, 0};

/* Warns about a table row with more cells than the table has columns: the
 * extra cells have nowhere to go and are left out. A template mistake, not
 * the coordinator's, so no position; the document is still made. */
static void check_table_shape(const sd_box *t, sd_diags *diags)
{
    if (t->ncolumns == 0)
        return;   /* columns are then counted from the widest row */
    for (size_t i = 0; i < t->nchildren; i++) {
        size_t used = 0, cells = 0;
        for (size_t j = 0; j < t->children[i]->nchildren; j++) {
            const sd_box *c = t->children[i]->children[j];
            if (c->kind != SD_BOX_CELL)
                continue;
            if (used >= t->ncolumns)
                cells++;
            used += c->colspan > 1 ? c->colspan : 1;
        }
        if (cells > 0) {
            sd_diag_at(diags, SD_WARNING, NO_POS,
                       "En tabelrække har flere celler end tabellens %zu kolonner; "
                       "de overskydende celler udelades. Ret skabelonen.",
                       t->ncolumns);
            return;
        }
    }
}

/* The texts of a network card: persons' names and details at the person,
 * the template's own words without a position. */
static size_t check_netmap(const lay *L, const sd_netmap *m, sd_diags *diags)
{
    const sd_font *regular = face_font(L, SD_FACE_REGULAR), *bold = face_font(L, SD_FACE_BOLD);
    size_t bad = 0;
    for (size_t i = 0; i < m->npersons; i++) {
        const sd_netmap_person *p = &m->persons[i];
        if (p->name)
            bad += check_text(regular, p->name, p->src.file ? p->src : NO_POS, diags);
        if (p->detail)
            bad += check_text(regular, p->detail,
                              p->detail_src.file ? p->detail_src : NO_POS, diags);
    }
    for (size_t i = 0; i < m->nsectors; i++)
        if (m->sector_label[i])
            bad += check_text(bold, m->sector_label[i], NO_POS, diags);
    if (m->centre_name)
        bad += check_text(bold, m->centre_name, NO_POS, diags);
    const char *own[] = {m->centre_label, m->legend_team, m->legend_other, m->legend_vip,
                         m->overflow_title, m->band_word};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (own[i])
            bad += check_text(regular, own[i], NO_POS, diags);
    return bad;
}

/* The texts of a timeline: all the template's or the records' without a
 * position of their own (a date's label). */
typedef struct text_check {
    const lay *L;
    sd_diags *diags;
    size_t bad;
} text_check;

static void check_timeline_text(const char *text, sd_face face, void *arg)
{
    text_check *tc = arg;
    tc->bad += check_text(face_font(tc->L, face), text, NO_POS, tc->diags);
}

/* Checks the runs and bullets of `b` and everything below it; returns the
 * number of errors. */
static size_t check_box(const lay *L, const sd_box *b, sd_diags *diags)
{
    size_t bad = 0;
    if (!b)
        return 0;
    if (b->kind == SD_BOX_TABLE)
        check_table_shape(b, diags);
    if (b->kind == SD_BOX_NETMAP && b->netmap)
        bad += check_netmap(L, b->netmap, diags);
    if (b->kind == SD_BOX_TIMELINE && b->timeline) {
        text_check tc = {L, diags, 0};
        sd_timeline_texts(b->timeline, check_timeline_text, &tc);
        bad += tc.bad;
    }
    for (size_t i = 0; i < b->nruns; i++) {
        const sd_run *r = &b->runs[i];
        if (r->kind == SD_RUN_TEXT && r->text) {
            sd_pos pos = r->src.file ? r->src : NO_POS;
            bad += check_text(face_font(L, r->face), r->text, pos, diags);
        }
    }
    if (b->bullet && b->nruns > 0)
        bad += check_text(face_font(L, b->runs[0].face), b->bullet, NO_POS, diags);
    for (size_t i = 0; i < b->nchildren; i++)
        bad += check_box(L, b->children[i], diags);
    return bad;
}

/* ------------------------------------------------------------------ */
/* Freeing and resetting items                                         */
/* ------------------------------------------------------------------ */

static void flow_free(flow *f);

static void table_free(table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->rows[i].ncells; j++)
            flow_free(&t->rows[i].cells[j].body);
        free(t->rows[i].cells);
    }
    free(t->rows);
    free(t);
}

static void flow_free(flow *f)
{
    for (size_t i = 0; i < f->n; i++) {
        item *it = &f->items[i];
        for (size_t j = 0; j < it->nops; j++)
            free(it->ops[j].text);
        free(it->ops);
        if (it->frame) {
            flow_free(&it->frame->body);
            free(it->frame);
        }
        table_free(it->table);
    }
    free(f->items);
}

/* Header rows are placed again on every page: their progress is reset
 * before each placement, down through any nested frame or table. */
static void flow_reset(flow *f);

static void row_reset(row *r)
{
    r->started = 0;
    for (size_t j = 0; j < r->ncells; j++)
        flow_reset(&r->cells[j].body);
}

static void flow_reset(flow *f)
{
    f->next = 0;
    f->calls = 0;
    for (size_t i = 0; i < f->n; i++) {
        item *it = &f->items[i];
        if (it->frame) {
            it->frame->started = 0;
            flow_reset(&it->frame->body);
        }
        if (it->table) {
            it->table->next = 0;
            it->table->begun = 0;
            for (size_t r = 0; r < it->table->nrows; r++)
                row_reset(&it->table->rows[r]);
        }
    }
}

static item *flow_add(flow *f, int kind, float h, int keep)
{
    void *items = f->items;
    sd_grow(&items, &f->cap, f->n + 1, sizeof(item));
    f->items = items;
    item *it = &f->items[f->n++];
    *it = (item){0};
    it->kind = kind;
    it->h = h;
    it->keep = keep;
    return it;
}

static void item_add_op(item *it, const sd_op *op)
{
    void *items = it->ops;
    sd_grow(&items, &it->capops, it->nops + 1, sizeof(sd_op));
    it->ops = items;
    it->ops[it->nops++] = *op;
}

static float flow_height(const flow *f)
{
    float h = 0;
    for (size_t i = 0; i < f->n; i++)
        h += f->items[i].h;
    return h;
}

/* ------------------------------------------------------------------ */
/* MEASURE: paragraphs                                                 */
/* ------------------------------------------------------------------ */

static float run_size(const sd_run *r)
{
    return r->size > 0 ? r->size : 0;
}

static void add_atom(lay *L, size_t *n, atom a)
{
    void *items = L->atoms;
    sd_grow(&items, &L->capatoms, *n + 1, sizeof(atom));
    L->atoms = items;
    L->atoms[(*n)++] = a;
}

/* A character of run `ri` as an atom, measured. */
static atom char_atom(const lay *L, const sd_run *r, size_t ri, uint32_t c, int kind)
{
    atom a = {c, (unsigned char)kind, 0, 0, ri, 0, 0};
    if (kind == A_CHAR || kind == A_SPACE) {
        a.adv = sd_font_advance(face_font(L, r->face), c);
        a.w = (float)a.adv * run_size(r) / 1000;
    }
    return a;
}

/* Turns the runs of `p` into L->atoms; returns their number. */
static size_t collect_atoms(lay *L, const sd_box *p)
{
    size_t n = 0;
    for (size_t ri = 0; ri < p->nruns; ri++) {
        const sd_run *r = &p->runs[ri];
        if (r->kind == SD_RUN_LINEBREAK) {
            add_atom(L, &n, char_atom(L, r, ri, 0, A_NL));
        } else if (r->kind == SD_RUN_CHECKBOX) {
            atom a = {0, A_BOX, 0, (unsigned char)(r->checked != 0), ri, 0,
                      BOX_SIDE * run_size(r)};
            add_atom(L, &n, a);
        } else if (r->text) {
            const char *s = r->text, *end = s + strlen(s);
            while (s < end) {
                uint32_t c = sd_utf8_next(&s, end);
                if (c == '\r' || c == SD_UTF8_BAD)
                    continue;
                if (c == '\n')
                    add_atom(L, &n, char_atom(L, r, ri, 0, A_NL));
                else if (c == ' ' || c == '\t')
                    add_atom(L, &n, char_atom(L, r, ri, ' ', A_SPACE));
                else if (c == 0xAD)
                    add_atom(L, &n, char_atom(L, r, ri, 0xAD, A_SHY));
                else if (c == 0xA0 && !sd_font_has_glyph(face_font(L, r->face), c))
                    add_atom(L, &n, char_atom(L, r, ri, ' ', A_CHAR));   /* still unbreakable */
                else
                    add_atom(L, &n, char_atom(L, r, ri, c, A_CHAR));
            }
        }
    }
    /* A line may end after '-' or '/' inside a word ("Myndigheds-koordinator",
     * "og/eller"), but not after a dash that stands alone or starts a word. */
    for (size_t k = 1; k + 1 < n; k++) {
        atom *a = &L->atoms[k];
        if (a->kind == A_CHAR && (a->cp == '-' || a->cp == '/') &&
            L->atoms[k - 1].kind == A_CHAR && L->atoms[k + 1].kind == A_CHAR)
            a->brk = 1;
    }
    return n;
}

/* One line of a paragraph: atoms [s, e) are drawn (plus a '-' if hyphen),
 * the next line starts at `next`. */
typedef struct brk {
    size_t s, e, next;
    int hyphen;
} brk;

static float hyphen_width(const lay *L, const sd_run *r)
{
    return (float)sd_font_advance(face_font(L, r->face), '-') * run_size(r) / 1000;
}

/* Greedy first-fit: the longest line that fits in `avail`, broken at the
 * last opportunity (after spaces, after '-' or '/', at a soft hyphen), or
 * between characters when a word alone is wider than the line. Spaces at
 * the end of a line hang: they neither count nor get drawn. */
static brk next_line(const lay *L, const sd_box *p, const atom *a, size_t n,
                     size_t s, float avail)
{
    brk best = {s, s, s, 0};
    int have = 0;
    float w = 0;              /* atoms s..k-1, spaces included */
    float content = 0;        /* up to the end of the last non-space atom */
    size_t content_end = s;
    for (size_t k = s; k < n; k++) {
        const atom *x = &a[k];
        if (x->kind == A_NL)
            return (brk){s, content_end, k + 1, 0};
        if (x->kind == A_SPACE) {
            if (content_end == k && k > s) {
                size_t next = k;
                while (next < n && a[next].kind == A_SPACE)
                    next++;
                best = (brk){s, k, next, 0};
                have = 1;
            }
            w += x->w;
            continue;
        }
        if (x->kind == A_SHY) {
            if (content_end == k && k > s &&
                content + hyphen_width(L, &p->runs[x->run]) <= avail + EPS) {
                best = (brk){s, k, k + 1, 1};
                have = 1;
            }
            if (content_end == k)
                content_end = k + 1;   /* a soft hyphen is invisible, not a space */
            continue;
        }
        if (w + x->w > avail + EPS && k > s) {
            if (have)
                return best;
            /* no opportunity: the word alone is too wide, break before k */
            return (brk){s, content_end, k, 0};
        }
        w += x->w;
        content = w;
        content_end = k + 1;
        if (x->brk) {
            best = (brk){s, k + 1, k + 1, 0};
            have = 1;
        }
    }
    return (brk){s, content_end, n, 0};
}

/* Builds the drawing operations of one line into a new IT_LINE item. */
typedef struct linectx {
    const sd_box *p;      /* borrowed: the paragraph */
    float indent;         /* where text starts, from the paragraph's left */
    float avail;          /* width for text */
    int first;            /* the first line: carries the bullet */
} linectx;

/* Text under construction: consecutive characters of one face and size. */
typedef struct seg {
    sd_buf text;          /* owned until taken by seg_flush */
    int open;
    sd_face face;
    float size;
    float x;              /* where the segment starts */
    unsigned sum;         /* advances, 1/1000 em */
} seg;

/* Ends the open segment as one SD_OP_TEXT; returns the x after it. */
static float seg_flush(seg *sg, item *it, float x, float base, sd_rgb color)
{
    if (!sg->open)
        return x;
    sd_op op = {0};
    op.kind = SD_OP_TEXT;
    op.x = sg->x;
    op.y = base;
    op.face = sg->face;
    op.size = sg->size;
    op.fill_color = color;
    op.text = sd_buf_take(&sg->text);
    item_add_op(it, &op);
    sg->open = 0;
    /* the width libharu will give this text: integer sum, then scaled */
    return sg->x + (float)sg->sum * sg->size / 1000;
}

/* Adds a character to the open segment (opening one at x if none is). */
static void seg_add(seg *sg, const sd_run *r, uint32_t c, int adv, float x)
{
    if (!sg->open) {
        sg->open = 1;
        sg->face = r->face;
        sg->size = run_size(r);
        sg->x = x;
        sg->sum = 0;
    }
    put_utf8(&sg->text, c);
    sg->sum += (unsigned)adv;
}

/* Adds character `c` of run `r` at pen position *x. */
static void add_char(seg *sg, item *it, float *x, float base, sd_rgb color,
                     const sd_run *r, uint32_t c, int adv)
{
    if (sg->open && (sg->face != r->face || sg->size != run_size(r)))
        *x = seg_flush(sg, it, *x, base, color);
    seg_add(sg, r, c, adv, *x);
}

/* A check box: a square on the baseline, an X inside when ticked. Vector
 * shapes, never a font glyph (shared/domain.md §1.7). */
static void add_box(item *it, float x, float base, float size, int checked, sd_rgb color)
{
    float side = BOX_SIDE * size, y = base + BOX_RAISE * size;
    sd_op op = {0};
    op.kind = SD_OP_RECT;
    op.x = x;
    op.y = y;
    op.w = op.h = side;
    op.stroke = 1;
    op.line_width = BOX_STROKE;
    op.stroke_color = color;
    item_add_op(it, &op);
    if (!checked)
        return;
    float m = side * BOX_INSET;
    sd_op l = {0};
    l.kind = SD_OP_LINE;
    l.line_width = BOX_STROKE;
    l.stroke = 1;
    l.stroke_color = color;
    l.x = x + m, l.y = y + m, l.x2 = x + side - m, l.y2 = y + side - m;
    item_add_op(it, &l);
    l.x = x + m, l.y = y + side - m, l.x2 = x + side - m, l.y2 = y + m;
    item_add_op(it, &l);
}

static char *one_line(const sd_font *font, const char *tmpl, size_t page,
                      size_t npages);

static float leading_of(const sd_box *p)
{
    return p->leading > 0 ? p->leading : DEFAULT_LEADING;
}

/* Height and baseline of a line: the largest run decides the line height
 * (leading x size); the baseline sits so that the tallest ascent and the
 * deepest descent are centred in it. */
static void line_metrics(const lay *L, const linectx *c, const atom *a, brk b,
                         float *height, float *base)
{
    const sd_box *p = c->p;
    float size = 0, asc = 0, desc = 0;
    size_t last = b.next > b.s ? b.next : b.s + 1;
    for (size_t k = b.s; k < last; k++) {
        const sd_run *r = &p->runs[a[k].run];
        const sd_font *f = face_font(L, r->face);
        size = maxf(size, run_size(r));
        asc = maxf(asc, (float)sd_font_ascent(f) * run_size(r) / 1000);
        desc = maxf(desc, -(float)sd_font_descent(f) * run_size(r) / 1000);
    }
    if (c->first && p->bullet && p->nruns > 0) {
        const sd_run *r = &p->runs[0];
        const sd_font *f = face_font(L, r->face);
        size = maxf(size, run_size(r));
        asc = maxf(asc, (float)sd_font_ascent(f) * run_size(r) / 1000);
        desc = maxf(desc, -(float)sd_font_descent(f) * run_size(r) / 1000);
    }
    *height = leading_of(p) * size;
    *base = -(asc + (*height - (asc + desc)) / 2);
}

static void build_line(lay *L, flow *f, const linectx *c, const atom *a, brk b)
{
    const sd_box *p = c->p;
    float height, base;
    line_metrics(L, c, a, b, &height, &base);
    item *it = flow_add(f, IT_LINE, height, p->keep_with_next);

    seg sg = {0};
    float x = 0;
    for (size_t k = b.s; k < b.e; k++) {
        const atom *at = &a[k];
        const sd_run *r = &p->runs[at->run];
        if (at->kind == A_SHY)
            continue;   /* never drawn unless the line breaks there */
        if (at->kind == A_BOX) {
            /* a box ends the text before it: shapes are separate ops */
            x = seg_flush(&sg, it, x, base, p->color);
            add_box(it, x, base, run_size(r), at->checked, p->color);
            x += at->w;
            continue;
        }
        add_char(&sg, it, &x, base, p->color, r, at->cp, at->adv);
    }
    if (b.hyphen) {
        const sd_run *r = &p->runs[a[b.e].run];
        add_char(&sg, it, &x, base, p->color, r, '-',
                 sd_font_advance(face_font(L, r->face), '-'));
    }
    x = seg_flush(&sg, it, x, base, p->color);
    sd_buf_free(&sg.text);

    /* alignment shifts the whole line inside the available width */
    float shift = c->indent;
    if (p->align == SD_ALIGN_CENTER && c->avail > x)
        shift += (c->avail - x) / 2;
    else if (p->align == SD_ALIGN_RIGHT && c->avail > x)
        shift += c->avail - x;
    for (size_t i = 0; i < it->nops; i++) {
        it->ops[i].x += shift;
        it->ops[i].x2 += shift;
    }

    /* the bullet is not shifted: it hangs at the paragraph's left edge */
    if (c->first && p->bullet && p->nruns > 0) {
        sd_op op = {0};
        op.kind = SD_OP_TEXT;
        op.y = base;
        op.face = p->runs[0].face;
        op.size = run_size(&p->runs[0]);
        op.fill_color = p->color;
        op.text = one_line(face_font(L, op.face), p->bullet, 0, 0);
        if (*op.text)
            item_add_op(it, &op);
        else
            free(op.text);
    }
}

/* The indent text starts at. A bullet hangs in the indent; if the indent is
 * too narrow for it, the text moves right by the bullet and a space. */
static float text_indent(const lay *L, const sd_box *p)
{
    float indent = p->indent > 0 ? p->indent : 0;
    if (p->bullet && p->nruns > 0) {
        const sd_run *r = &p->runs[0];
        const sd_font *f = face_font(L, r->face);
        char *bullet = one_line(f, p->bullet, 0, 0);
        float bw = sd_font_text_width(f, bullet, strlen(bullet), run_size(r));
        free(bullet);
        if (indent < bw + EPS)
            indent = bw + (float)sd_font_advance(f, ' ') * run_size(r) / 1000;
    }
    return indent;
}

static void measure_para(lay *L, flow *f, const sd_box *p, float width)
{
    if (p->nruns == 0)
        return;
    linectx c = {p, text_indent(L, p), 0, 1};
    c.avail = width - c.indent > 0 ? width - c.indent : 0;
    size_t n = collect_atoms(L, p);
    if (n == 0) {
        /* runs without characters: one empty line of the largest size, so
         * an empty value still takes the room of a line */
        float size = 0;
        for (size_t i = 0; i < p->nruns; i++)
            size = maxf(size, run_size(&p->runs[i]));
        flow_add(f, IT_LINE, leading_of(p) * size, p->keep_with_next);
        return;
    }
    for (size_t s = 0; s < n;) {
        brk b = next_line(L, p, L->atoms, n, s, c.avail);
        build_line(L, f, &c, L->atoms, b);
        c.first = 0;
        s = b.next;
    }
}

/* ------------------------------------------------------------------ */
/* MEASURE: blocks, frames, tables                                     */
/* ------------------------------------------------------------------ */

static void measure_blocks(lay *L, flow *f, sd_box *const *blocks, size_t n,
                           float width, int in_cell);

static float nonneg(float v)
{
    return v > 0 ? v : 0;
}

static deco frame_deco(const sd_box *b)
{
    deco d = {nonneg(b->padding), b->borders & SD_BORDER_ALL,
              b->border_width > 0 ? b->border_width : DEFAULT_BORDER,
              b->border_color, b->has_fill, b->fill};
    return d;
}

/* A cell's own settings win; unset ones (zero) come from the table, unless
 * the cell says its values are final. */
static deco cell_deco(const sd_box *t, const sd_box *c)
{
    if (c->own_frame)
        return frame_deco(c);
    deco d = frame_deco(t);
    if (c->padding > 0)
        d.pad = c->padding;
    if (c->borders) {
        d.borders = c->borders & SD_BORDER_ALL;
        d.bw = c->border_width > 0 ? c->border_width : DEFAULT_BORDER;
        d.bc = c->border_color;
    }
    if (c->has_fill) {
        d.has_fill = 1;
        d.fill = c->fill;
    }
    return d;
}

/* `in_cell`: the frame lies inside a table cell, where page breaks are
 * ignored all the way down (a row part must be able to finish). */
static void measure_frame(lay *L, flow *f, const sd_box *b, float width, int in_cell)
{
    frame *fr = sd_xcalloc(1, sizeof(*fr));
    fr->d = frame_deco(b);
    fr->min_h = nonneg(b->height);
    measure_blocks(L, &fr->body, b->children, b->nchildren,
                   nonneg(width - 2 * fr->d.pad), in_cell);
    float h = flow_height(&fr->body) + 2 * fr->d.pad;
    item *it = flow_add(f, IT_FRAME, h > fr->min_h ? h : fr->min_h, b->keep_with_next);
    it->frame = fr;
}

static size_t cell_span(const sd_box *c)
{
    return c->colspan > 1 ? c->colspan : 1;
}

/* Column widths: fixed ones as given (scaled down if together they exceed
 * the width), proportional ones share what is left by weight. Without
 * declared columns, the widest row's cells share the width equally.
 * Returns a malloc'ed array of *ncols widths. */
static float *column_widths(const sd_box *t, float width, size_t *ncols)
{
    size_t n = t->ncolumns;
    float *w;
    if (n == 0) {
        for (size_t i = 0; i < t->nchildren; i++) {
            size_t k = 0;
            for (size_t j = 0; j < t->children[i]->nchildren; j++)
                k += cell_span(t->children[i]->children[j]);
            n = k > n ? k : n;
        }
        w = sd_xcalloc(n ? n : 1, sizeof(float));
        for (size_t i = 0; i < n; i++)
            w[i] = width / (float)n;
        *ncols = n;
        return w;
    }
    w = sd_xcalloc(n, sizeof(float));
    float fixed = 0, weights = 0;
    for (size_t i = 0; i < n; i++) {
        if (t->columns[i].weight > 0)
            weights += t->columns[i].weight;
        else
            fixed += nonneg(t->columns[i].width);
    }
    float scale = fixed > width && fixed > 0 ? width / fixed : 1;
    float rest = nonneg(width - fixed * scale);
    for (size_t i = 0; i < n; i++) {
        if (t->columns[i].weight > 0)
            w[i] = rest * t->columns[i].weight / weights;
        else
            w[i] = nonneg(t->columns[i].width) * scale;
    }
    *ncols = n;
    return w;
}

static void measure_row(lay *L, row *r, const sd_box *t, const sd_box *rb,
                        const float *colw, size_t ncols)
{
    r->cells = sd_xcalloc(rb->nchildren ? rb->nchildren : 1, sizeof(cell));
    r->keep = rb->keep_with_next;
    size_t col = 0;
    float x = 0;
    for (size_t j = 0; j < rb->nchildren && col < ncols; j++) {
        const sd_box *cb = rb->children[j];
        if (cb->kind != SD_BOX_CELL)
            continue;
        size_t span = cell_span(cb);
        if (span > ncols - col)
            span = ncols - col;
        cell *c = &r->cells[r->ncells++];
        c->x = x;
        for (size_t k = 0; k < span; k++)
            c->w += colw[col + k];
        c->d = cell_deco(t, cb);
        measure_blocks(L, &c->body, cb->children, cb->nchildren,
                       nonneg(c->w - 2 * c->d.pad), 1);
        r->h = maxf(r->h, flow_height(&c->body) + 2 * c->d.pad);
        x += c->w;
        col += span;
    }
}

static void measure_table(lay *L, flow *f, const sd_box *b, float width)
{
    size_t ncols = 0;
    float *colw = column_widths(b, width, &ncols);
    table *t = sd_xcalloc(1, sizeof(*t));
    t->rows = sd_xcalloc(b->nchildren ? b->nchildren : 1, sizeof(row));
    float h = 0;
    for (size_t i = 0; i < b->nchildren; i++) {
        if (b->children[i]->kind != SD_BOX_ROW)
            continue;
        row *r = &t->rows[t->nrows++];
        measure_row(L, r, b, b->children[i], colw, ncols);
        h += r->h;
        if (t->nrows <= b->header_rows)
            t->header_h += r->h;
    }
    t->nheader = b->header_rows < t->nrows ? b->header_rows : t->nrows;
    free(colw);
    item *it = flow_add(f, IT_TABLE, h, b->keep_with_next);
    it->table = t;
}

/* The pixel size of a PNG (IHDR) or JPEG (first SOF marker) file; 0 if it
 * cannot be read. Only the header is read. */
static int image_size(const char *path, unsigned *w, unsigned *h)
{
    unsigned char buf[65536];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n >= 24 && memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0) {
        *w = (unsigned)buf[16] << 24 | (unsigned)buf[17] << 16 | (unsigned)buf[18] << 8 | buf[19];
        *h = (unsigned)buf[20] << 24 | (unsigned)buf[21] << 16 | (unsigned)buf[22] << 8 | buf[23];
        return *w && *h;
    }
    for (size_t i = 2; n >= 4 && buf[0] == 0xFF && buf[1] == 0xD8 && i + 9 < n;) {
        if (buf[i] != 0xFF)
            return 0;
        unsigned marker = buf[i + 1], len = (unsigned)buf[i + 2] << 8 | buf[i + 3];
        if (marker >= 0xC0 && marker <= 0xC2) {
            *h = (unsigned)buf[i + 5] << 8 | buf[i + 6];
            *w = (unsigned)buf[i + 7] << 8 | buf[i + 8];
            return *w && *h;
        }
        i += 2 + len;
    }
    return 0;
}

/* An image is one line-like item holding a single image op. An image that
 * cannot be read takes no room (pdf.c would fail on it): the template only
 * names files that exist. */
static void measure_image(flow *f, const sd_box *b, float width)
{
    unsigned pw, ph;
    if (!b->src || !image_size(b->src, &pw, &ph))
        return;
    float w = b->width > 0 && b->width < width ? b->width : width;
    float h = w * (float)ph / (float)pw;
    item *it = flow_add(f, IT_LINE, h, b->keep_with_next);
    sd_op op = {0};
    op.kind = SD_OP_IMAGE;
    op.x = b->align == SD_ALIGN_CENTER ? (width - w) / 2 : b->align == SD_ALIGN_RIGHT ? width - w : 0;
    op.y = -h;
    op.w = w;
    op.h = h;
    op.text = sd_xstrdup(b->src);
    item_add_op(it, &op);
}

/* A drawn block (the network card, the timeline) is one line-like item of
 * height h; the operations of `draw` move into it (their text with them). */
static void add_drawn(flow *f, sd_oplist *draw, float h, int keep)
{
    item *it = flow_add(f, IT_LINE, h, keep);
    for (size_t i = 0; i < draw->n; i++) {
        item_add_op(it, &draw->ops[i]);
        draw->ops[i].text = NULL;
    }
}

/* A drawn block that may be split at `cuts` (pt from its top, ascending):
 * one line-like item per piece, so that a piece taller than the rest of the
 * page moves on and the block can run over several pages. Each operation
 * goes to the piece its y (a text's baseline) lies in and is moved up with
 * it. Only the last piece keeps with what follows. */
static void add_drawn_cut(flow *f, sd_oplist *draw, float h, const float *cuts,
                          size_t ncuts, int keep)
{
    size_t first = f->n;
    float top = 0;
    for (size_t k = 0; k <= ncuts; k++) {
        float bottom = k < ncuts ? cuts[k] : h;
        if (bottom > top || k == ncuts)
            flow_add(f, IT_LINE, bottom - top, k == ncuts && keep);
        top = bottom > top ? bottom : top;
    }
    for (size_t i = 0; i < draw->n; i++) {
        sd_op op = draw->ops[i];
        size_t piece = first;
        float shift = 0, at = -op.y;
        top = 0;
        for (size_t k = 0; k < ncuts; k++) {
            if (cuts[k] > top) {
                if (at < cuts[k])
                    break;
                piece++;
                shift = cuts[k];
            }
            top = cuts[k] > top ? cuts[k] : top;
        }
        op.y += shift;
        op.y2 += shift;
        item_add_op(&f->items[piece], &op);
        draw->ops[i].text = NULL;
    }
}

static void measure_netmap(lay *L, flow *f, const sd_box *b, float width)
{
    if (!b->netmap)
        return;
    sd_netmap_result *r = sd_netmap_place(b->netmap, L->fonts, width);
    if (r->ncuts)
        add_drawn_cut(f, &r->draw, r->height, r->cuts, r->ncuts, b->keep_with_next);
    else
        add_drawn(f, &r->draw, r->height, b->keep_with_next);
    sd_netmap_result_free(r);
}

/* The course timeline. */
static void measure_timeline(lay *L, flow *f, const sd_box *b, float width)
{
    if (!b->timeline)
        return;
    sd_timeline_result *r = sd_timeline_place(b->timeline, L->fonts, width);
    add_drawn(f, &r->draw, r->height, b->keep_with_next);
    sd_timeline_result_free(r);
}

static void measure_rule(flow *f, const sd_box *b, float width)
{
    float lw = b->line_width > 0 ? b->line_width : DEFAULT_RULE;
    float len = b->width > 0 && b->width < width ? b->width : width;
    item *it = flow_add(f, IT_LINE, lw, b->keep_with_next);
    sd_op op = {0};
    op.kind = SD_OP_LINE;
    op.y = op.y2 = -lw / 2;
    op.x2 = len;
    op.line_width = lw;
    op.stroke = 1;
    op.stroke_color = b->color;
    item_add_op(it, &op);
}

/* Marks the items from `from` on as kept with what follows. */
static void keep_from(flow *f, size_t from)
{
    for (size_t i = from; i < f->n; i++)
        f->items[i].keep = 1;
}

/* Adds the items of `blocks`, measured at `width`. Page breaks inside a
 * table cell mean nothing and are skipped. keep_with_next extends over the
 * space after a block and the space before the next one, so a kept heading
 * stays with the first line that follows it. */
static void measure_blocks(lay *L, flow *f, sd_box *const *blocks, size_t n,
                           float width, int in_cell)
{
    int prev_keep = 0;
    for (size_t i = 0; i < n; i++) {
        const sd_box *b = blocks[i];
        if (b->space_before > 0)
            flow_add(f, IT_GAP, b->space_before, prev_keep);
        size_t first = f->n;
        switch (b->kind) {
        case SD_BOX_PARA:
            measure_para(L, f, b, width);
            break;
        case SD_BOX_TABLE:
            measure_table(L, f, b, width);
            break;
        case SD_BOX_FRAME:
        case SD_BOX_CELL:   /* a stray cell is drawn like a frame */
            measure_frame(L, f, b, width, in_cell);
            break;
        case SD_BOX_SPACE:
            flow_add(f, IT_GAP, nonneg(b->height), prev_keep || b->keep_with_next);
            break;
        case SD_BOX_RULE:
            measure_rule(f, b, width);
            break;
        case SD_BOX_IMAGE:
            measure_image(f, b, width);
            break;
        case SD_BOX_NETMAP:
            measure_netmap(L, f, b, width);
            break;
        case SD_BOX_TIMELINE:
            measure_timeline(L, f, b, width);
            break;
        case SD_BOX_PAGEBREAK:
            if (!in_cell)
                flow_add(f, IT_BREAK, 0, 0);
            break;
        case SD_BOX_ROW:
            break;   /* rows only mean something inside a table */
        }
        if (b->space_after > 0)
            flow_add(f, IT_GAP, b->space_after, 0);
        int keep = b->keep_with_next || (b->kind == SD_BOX_SPACE && prev_keep);
        if (keep)
            keep_from(f, first);
        prev_keep = keep;
    }
}

/* ------------------------------------------------------------------ */
/* PLACE: how much must fit to start an item                           */
/* ------------------------------------------------------------------ */

static float item_lead(const item *it, float fresh_h);

static int item_partial(const item *it)
{
    return (it->frame && it->frame->started) || (it->table && it->table->begun);
}

/* Header rows repeat only if they leave at least half of an empty page to
 * the body; a taller header is placed once like any other row. */
static int table_repeats(const table *t, float fresh_h)
{
    return t->nheader > 0 && t->nheader < t->nrows && t->header_h <= fresh_h / 2;
}

/* Height kept items i, i+1, … need together: each kept item whole, then the
 * start of the first item that is not kept. Stops once above fresh_h. */
static float group_need(const flow *f, size_t i, float fresh_h)
{
    float total = 0;
    for (size_t j = i; j < f->n; j++) {
        const item *it = &f->items[j];
        if (it->kind == IT_BREAK)
            break;
        if (!it->keep) {
            total += item_lead(it, fresh_h);
            break;
        }
        total += it->h;
        if (total > fresh_h + EPS)
            break;
    }
    return total;
}

/* Height the flow needs on this page to make a start: leading gaps (unless
 * dropped at the top of a continuation) and the first item's lead, or its
 * whole keep group when that fits on an empty page. */
static float flow_lead(const flow *f, float fresh_h)
{
    float gaps = 0;
    for (size_t i = f->next; i < f->n; i++) {
        const item *it = &f->items[i];
        if (it->kind == IT_GAP) {
            if (f->calls == 0)
                gaps += it->h;
            continue;
        }
        if (it->kind == IT_BREAK)
            return gaps;
        if (it->keep && !item_partial(it)) {
            float need = group_need(f, i, fresh_h);
            if (need <= fresh_h + EPS)
                return gaps + need;
        }
        return gaps + item_lead(it, fresh_h);
    }
    return gaps;
}

/* A row that fits on an empty page is only ever placed whole; a taller one
 * needs room for its padding and the first piece of every cell. */
static float row_lead(const row *r, float body_fresh)
{
    if (!r->started && r->h <= body_fresh + EPS)
        return r->h;
    float need = 0;
    for (size_t j = 0; j < r->ncells; j++) {
        const cell *c = &r->cells[j];
        need = maxf(need, 2 * c->d.pad + flow_lead(&c->body, body_fresh - 2 * c->d.pad));
    }
    return need;
}

/* A row stays with the next one if it asks to, or if it is a header row
 * placed as an ordinary row (a header too tall to repeat): even then it is
 * not left alone at the bottom of a page. */
static int row_kept(const table *t, size_t i)
{
    return t->rows[i].keep || i < t->nheader;
}

/* Height of rows i, i+1, … joined by keep_with_next, plus the start of the
 * first row not kept. Stops once above body_fresh. */
static float rows_group_need(const table *t, size_t i, float body_fresh)
{
    float total = 0;
    for (size_t j = i; j < t->nrows; j++) {
        const row *rw = &t->rows[j];
        if (!row_kept(t, j)) {
            total += row_lead(rw, body_fresh);
            break;
        }
        total += rw->h;
        if (total > body_fresh + EPS)
            break;
    }
    return total;
}

/* The header (if it repeats) and the first body row, or the first rows
 * joined by keep_with_next when together they fit on an empty page. */
static float table_lead(const table *t, float fresh_h)
{
    if (t->next >= t->nrows)
        return 0;
    int rep = table_repeats(t, fresh_h);
    size_t first = !t->begun && rep ? t->nheader : t->next;
    float head = rep ? t->header_h : 0;
    const row *rw = &t->rows[first];
    if (!rw->started && row_kept(t, first)) {
        float need = rows_group_need(t, first, fresh_h - head);
        if (need <= fresh_h - head + EPS)
            return head + need;
    }
    return head + row_lead(rw, fresh_h - head);
}

static float item_lead(const item *it, float fresh_h)
{
    switch (it->kind) {
    case IT_LINE:
    case IT_GAP:
        return it->h;
    case IT_FRAME:
        if (!it->frame->started && it->h <= fresh_h + EPS)
            return it->h;
        return 2 * it->frame->d.pad +
               flow_lead(&it->frame->body, fresh_h - 2 * it->frame->d.pad);
    case IT_TABLE:
        return table_lead(it->table, fresh_h);
    default:
        return 0;
    }
}

/* ------------------------------------------------------------------ */
/* PLACE                                                               */
/* ------------------------------------------------------------------ */

static int place_item(lay *L, item *it, const region *r, float *y, int force);

/* A line goes whole or not at all; at the top of a page it goes anyway. */
static int place_line(lay *L, const item *it, const region *r, float *y, int force)
{
    if (it->h > *y - r->bottom + EPS && !force)
        return PL_NONE;
    for (size_t i = 0; i < it->nops; i++) {
        sd_op op = it->ops[i];
        op.x += r->x;
        op.x2 += r->x;
        op.y += *y;
        op.y2 += *y;
        if (op.text)
            op.text = sd_xstrdup(op.text);   /* header rows are placed again */
        emit(L, &op, LAYER_CONTENT);
    }
    *y -= it->h;
    return PL_DONE;
}

/* Places what fits of flow `f` from where it stopped. Gaps at the top of a
 * continuation page and gaps that reach the bottom of a page are dropped; a
 * page break at the top of a page is ignored (no empty pages). */
static int place_flow(lay *L, flow *f, const region *r, float *y, int force)
{
    size_t entry_next = f->next;
    float entry_y = *y;
    size_t mark = cur_page(L)->n;
    int cont = f->calls > 0;
    int placed = 0;
    int status = PL_DONE;
    while (f->next < f->n) {
        item *it = &f->items[f->next];
        int must = force && !placed;
        float room = *y - r->bottom;
        if (it->kind == IT_GAP) {
            if (cont && !placed) {
                f->next++;
            } else if (it->h <= room + EPS) {
                *y -= it->h;
                f->next++;
            } else if (placed || must) {
                f->next++;
                status = f->next < f->n ? PL_MORE : PL_DONE;
                break;
            } else {
                status = PL_NONE;
                break;
            }
            continue;
        }
        if (it->kind == IT_BREAK) {
            f->next++;
            if (must)
                continue;
            status = f->next < f->n ? PL_MORE : PL_DONE;
            break;
        }
        if (it->keep && !must && !item_partial(it)) {
            float need = group_need(f, f->next, r->fresh_h);
            if (need > room + EPS && need <= r->fresh_h + EPS) {
                status = placed ? PL_MORE : PL_NONE;
                break;
            }
        }
        int st = place_item(L, it, r, y, must);
        if (st == PL_NONE) {
            status = placed ? PL_MORE : PL_NONE;
            break;
        }
        placed = 1;
        if (st == PL_MORE) {
            status = PL_MORE;
            break;
        }
        f->next++;
    }
    if (status == PL_NONE) {
        f->next = entry_next;
        *y = entry_y;
        rollback(L, mark);
        return PL_NONE;
    }
    f->calls++;
    return status;
}

/* A frame moves to the next page whole if it fits there; otherwise it is
 * split, and every page gets its own part with padding, fill and border. */
static int place_frame(lay *L, item *it, const region *r, float *y, int force)
{
    frame *fr = it->frame;
    const deco *d = &fr->d;
    float room = *y - r->bottom;
    if (!fr->started && !force && it->h > room + EPS &&
        (it->h <= r->fresh_h + EPS || item_lead(it, r->fresh_h) > room + EPS))
        return PL_NONE;
    size_t mark = cur_page(L)->n;
    float top = *y;
    size_t slot = d->has_fill ? emit_fill_slot(L, d->fill) : 0;
    region in = {r->x + d->pad, nonneg(r->w - 2 * d->pad), r->bottom + d->pad,
                 r->fresh_h - 2 * d->pad};
    float iy = top - d->pad;
    int st = place_flow(L, &fr->body, &in, &iy, force);
    if (st == PL_NONE) {
        rollback(L, mark);
        return PL_NONE;
    }
    /* a part that continues runs down to the page's bottom limit; a whole
     * frame is at least its minimum height (a diploma's border) */
    float bottom = iy - d->pad;
    if (st == PL_MORE && r->bottom < bottom)
        bottom = r->bottom;
    if (st == PL_DONE && !fr->started && top - fr->min_h < bottom)
        bottom = top - fr->min_h > r->bottom ? top - fr->min_h : r->bottom;
    if (d->has_fill)
        patch_fill(L, slot, r->x, bottom, r->w, top - bottom);
    emit_borders(L, d, r->x, bottom, r->w, top - bottom);
    *y = bottom;
    fr->started = 1;
    return st;
}

/* Places (part of) a row: every cell continues its own flow in the room
 * left; the part is as tall as its tallest cell, or reaches the page's
 * bottom limit if the row continues (borders close there). */
static int place_row(lay *L, row *rw, const region *r, float *y, int force,
                     float body_fresh)
{
    float top = *y;
    size_t mark = cur_page(L)->n;
    size_t first_fill = cur_page(L)->n;
    for (size_t j = 0; j < rw->ncells; j++)
        if (rw->cells[j].d.has_fill)
            emit_fill_slot(L, rw->cells[j].d.fill);
    int all_done = 1, progress = 0;
    float used = 0;
    for (size_t j = 0; j < rw->ncells; j++) {
        cell *c = &rw->cells[j];
        float pad = c->d.pad;
        int was_done = c->body.next >= c->body.n;
        region cr = {r->x + c->x + pad, nonneg(c->w - 2 * pad), r->bottom + pad,
                     body_fresh - 2 * pad};
        float cy = top - pad;
        int st = place_flow(L, &c->body, &cr, &cy, force);
        all_done = all_done && st == PL_DONE;
        progress = progress || (!was_done && st != PL_NONE);
        used = maxf(used, top - cy + pad);
    }
    if (!progress && !all_done) {
        rollback(L, mark);
        return PL_NONE;
    }
    float h = all_done ? used : maxf(used, top - r->bottom);
    size_t slot = first_fill;
    for (size_t j = 0; j < rw->ncells; j++) {
        const cell *c = &rw->cells[j];
        if (c->d.has_fill)
            patch_fill(L, slot++, r->x + c->x, top - h, c->w, h);
        emit_borders(L, &c->d, r->x + c->x, top - h, c->w, h);
    }
    *y = top - h;
    rw->started = 1;
    return all_done ? PL_DONE : PL_MORE;
}

/* One page's part of a table: the header rows (when they repeat), then body
 * rows while they fit. A row that fits on an empty page is never split; a
 * taller one is split line by line. The header is never left alone at the
 * bottom of a page: without room for the first body row (or the first piece
 * of it), the whole part moves to the next page. */
static int place_table(lay *L, item *it, const region *r, float *y, int force)
{
    table *t = it->table;
    if (t->next >= t->nrows)
        return PL_DONE;
    int rep = table_repeats(t, r->fresh_h);
    float head = rep ? t->header_h : 0;
    float body_fresh = r->fresh_h - head;
    size_t entry_next = t->next;
    if (!force && table_lead(t, r->fresh_h) > *y - r->bottom + EPS)
        return PL_NONE;
    if (!t->begun && rep)
        t->next = t->nheader;
    size_t mark = cur_page(L)->n;
    float top = *y;
    for (size_t i = 0; rep && i < t->nheader; i++) {
        row_reset(&t->rows[i]);
        place_row(L, &t->rows[i], r, y, 1, body_fresh);
    }
    int placed = 0;
    while (t->next < t->nrows) {
        row *rw = &t->rows[t->next];
        float room = *y - r->bottom;
        int must = force && !placed;
        if (!rw->started && !must) {
            if (row_kept(t, t->next)) {
                float need = rows_group_need(t, t->next, body_fresh);
                if (need > room + EPS && need <= body_fresh + EPS)
                    break;
            }
            if (rw->h > room + EPS && rw->h <= body_fresh + EPS)
                break;   /* kept whole: it goes to the next page */
        }
        int st = place_row(L, rw, r, y, must, body_fresh);
        if (st == PL_NONE)
            break;
        placed = 1;
        if (st == PL_MORE)
            break;
        t->next++;
    }
    if (!placed) {
        rollback(L, mark);
        *y = top;
        t->next = entry_next;
        return PL_NONE;
    }
    t->begun = 1;
    return t->next < t->nrows ? PL_MORE : PL_DONE;
}

static int place_item(lay *L, item *it, const region *r, float *y, int force)
{
    switch (it->kind) {
    case IT_LINE:
        return place_line(L, it, r, y, force);
    case IT_FRAME:
        return place_frame(L, it, r, y, force);
    case IT_TABLE:
        return place_table(L, it, r, y, force);
    default:
        return PL_DONE;   /* gaps and breaks are handled by place_flow */
    }
}

/* ------------------------------------------------------------------ */
/* Footers, running heads and the result                               */
/* ------------------------------------------------------------------ */

/* `tmpl` as one line of drawable text: soft hyphens dropped, line breaks
 * and tabs turned into spaces; with npages > 0 also {side} and {sider}
 * replaced by `page` and `npages`. Caller frees. */
static char *one_line(const sd_font *font, const char *tmpl, size_t page,
                      size_t npages)
{
    sd_buf b = {0};
    const char *p = tmpl, *end = tmpl + strlen(tmpl);
    while (p < end) {
        if (npages > 0 && strncmp(p, "{side}", 6) == 0) {
            sd_buf_printf(&b, "%zu", page);
            p += 6;
            continue;
        }
        if (npages > 0 && strncmp(p, "{sider}", 7) == 0) {
            sd_buf_printf(&b, "%zu", npages);
            p += 7;
            continue;
        }
        uint32_t c = sd_utf8_next(&p, end);
        if (c == 0xAD || c == '\r' || c == SD_UTF8_BAD)
            continue;
        if (c == '\n' || c == '\t' || (c == 0xA0 && !sd_font_has_glyph(font, c)))
            c = ' ';
        put_utf8(&b, c);
    }
    return sd_buf_take(&b);
}

/* One line of small regular text with its baseline at `base`; x < 0 means
 * centred between the margins. */
static void add_margin_text(lay *L, const char *tmpl, size_t page, float x, float base)
{
    const sd_document *d = L->doc;
    const sd_font *font = face_font(L, SD_FACE_REGULAR);
    float size = d->footer_size > 0 ? d->footer_size : 8;
    char *text = one_line(font, tmpl, page + 1, L->npages);
    if (!*text) {
        free(text);
        return;
    }
    if (x < 0) {
        float w = sd_font_text_width(font, text, strlen(text), size);
        float content = d->page_width - d->margin_left - d->margin_right;
        x = nonneg(d->margin_left + (content - w) / 2);
    }
    sd_op op = {0};
    op.kind = SD_OP_TEXT;
    op.x = x;
    op.y = base;
    op.face = SD_FACE_REGULAR;
    op.size = size;
    op.text = text;
    page_emit(&L->pages[page], &op, LAYER_CONTENT);
}

/* Baseline that centres small text vertically in a margin of height m. */
static float margin_base(const lay *L, float m)
{
    const sd_font *font = face_font(L, SD_FACE_REGULAR);
    float size = L->doc->footer_size > 0 ? L->doc->footer_size : 8;
    return m / 2 - (float)(sd_font_ascent(font) + sd_font_descent(font)) * size / 2000;
}

static void add_footers(lay *L)
{
    const sd_document *d = L->doc;
    for (size_t i = 0; i < L->npages; i++) {
        if (d->footer)
            add_margin_text(L, d->footer, i, -1, margin_base(L, d->margin_bottom));
        if (d->running_head && i > 0)
            add_margin_text(L, d->running_head, i, d->margin_left,
                            d->page_height - d->margin_top + margin_base(L, d->margin_top));
    }
}

/* Orders a page's operations fills, content, borders (stable within each
 * layer) into the final sd_page; the builder's arrays are freed. */
static sd_page finish_page(pbuild *p)
{
    sd_page out = {sd_xmalloc((p->n ? p->n : 1) * sizeof(sd_op)), 0, p->n};
    for (int layer = 0; layer < LAYER_COUNT; layer++)
        for (size_t i = 0; i < p->n; i++)
            if (p->layer[i] == layer)
                out.ops[out.nops++] = p->ops[i];
    free(p->ops);
    free(p->layer);
    return out;
}

/* ------------------------------------------------------------------ */
/* Public                                                              */
/* ------------------------------------------------------------------ */

static size_t check_document(const lay *L, sd_diags *diags)
{
    const sd_font *regular = face_font(L, SD_FACE_REGULAR);
    size_t bad = check_box(L, L->doc->body, diags);
    if (L->doc->footer)
        bad += check_text(regular, L->doc->footer, NO_POS, diags);
    if (L->doc->running_head)
        bad += check_text(regular, L->doc->running_head, NO_POS, diags);
    return bad;
}

sd_pages *sd_layout(const sd_document *doc, const sd_fonts *fonts, sd_diags *diags)
{
    lay L = {0};
    L.doc = doc;
    L.fonts = fonts;
    if (check_document(&L, diags) > 0)
        return NULL;

    float x = doc->margin_left, top = doc->page_height - doc->margin_top;
    float width = nonneg(doc->page_width - doc->margin_left - doc->margin_right);
    float height = doc->page_height - doc->margin_top - doc->margin_bottom;
    /* the body is a frame like any other: measure it as the only item */
    flow root = {0};
    if (doc->body)
        measure_blocks(&L, &root, &doc->body, 1, width, 0);
    region r = {x, width, doc->margin_bottom, height};
    int st;
    do {
        new_page(&L);
        float y = top;
        st = place_flow(&L, &root, &r, &y, 1);
    } while (st != PL_DONE);
    flow_free(&root);
    free(L.atoms);

    add_footers(&L);
    sd_pages *out = sd_xcalloc(1, sizeof(*out));
    out->width = doc->page_width;
    out->height = doc->page_height;
    out->pages = sd_xcalloc(L.npages, sizeof(sd_page));
    out->npages = L.npages;
    for (size_t i = 0; i < L.npages; i++)
        out->pages[i] = finish_page(&L.pages[i]);
    free(L.pages);
    return out;
}

void sd_pages_free(sd_pages *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->npages; i++) {
        for (size_t j = 0; j < p->pages[i].nops; j++)
            free(p->pages[i].ops[j].text);
        free(p->pages[i].ops);
    }
    free(p->pages);
    free(p);
}
