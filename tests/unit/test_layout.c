/* test_layout.c — font metrics and layout: box trees built by hand, checked
 * on the drawing operations that come out. Run from tests/unit (the fonts
 * are at ../../fonts/). */
#include "check.h"
#include "box.h"
#include "diag.h"
#include "font.h"
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const FONT_PATHS[SD_FACE_COUNT] = {
    "../../fonts/SamdocSans.ttf", "../../fonts/SamdocSans-Bold.ttf",
    "../../fonts/SamdocSerif.ttf", "../../fonts/SamdocSerif-Bold.ttf"};

static sd_fonts *fonts;
static const sd_pos NOWHERE = {NULL, 0, 0};

#define EPS 0.01f

/* ---- helpers ---- */

static float tw(sd_face face, const char *s, float size)
{
    return sd_font_text_width(fonts->face[face], s, strlen(s), size);
}

/* A document whose content area is `width` wide and `height` tall. */
static sd_document *doc_sized(float width, float height)
{
    sd_document *d = sd_document_new();
    d->margin_left = d->margin_right = d->margin_top = d->margin_bottom = 40;
    d->page_width = width + 80;
    d->page_height = height + 80;
    return d;
}

static sd_box *para(sd_box *parent, const char *text, sd_face face, float size)
{
    sd_box *p = sd_box_new(SD_BOX_PARA);
    sd_box_add_run(p, SD_RUN_TEXT, text, face, size, NOWHERE);
    if (parent)
        sd_box_add(parent, p);
    return p;
}

static sd_pages *layout(const sd_document *d)
{
    sd_diags *dg = sd_diags_new();
    sd_pages *p = sd_layout(d, fonts, dg);
    if (!p)
        sd_diags_print(dg, stdout);
    sd_diags_free(dg);
    return p;
}

/* The text ops of page `pg` joined into lines: ops on the same baseline are
 * concatenated, lines separated by '|'. Caller frees. */
static char *page_lines(const sd_page *pg)
{
    size_t cap = 1;
    for (size_t i = 0; i < pg->nops; i++)
        if (pg->ops[i].kind == SD_OP_TEXT)
            cap += strlen(pg->ops[i].text) + 1;
    char *s = calloc(cap, 1);
    float y = 0;
    int any = 0;
    for (size_t i = 0; i < pg->nops; i++) {
        const sd_op *op = &pg->ops[i];
        if (op->kind != SD_OP_TEXT)
            continue;
        if (any && op->y != y)
            strcat(s, "|");
        strcat(s, op->text);
        y = op->y;
        any = 1;
    }
    return s;
}

/* Lines of the whole document (pages separated by "#"). Caller frees. */
static char *doc_lines(const sd_pages *p)
{
    size_t cap = 1;
    char **parts = calloc(p->npages, sizeof(char *));
    for (size_t i = 0; i < p->npages; i++) {
        parts[i] = page_lines(&p->pages[i]);
        cap += strlen(parts[i]) + 1;
    }
    char *s = calloc(cap, 1);
    for (size_t i = 0; i < p->npages; i++) {
        if (i)
            strcat(s, "#");
        strcat(s, parts[i]);
        free(parts[i]);
    }
    free(parts);
    return s;
}

static size_t count_kind(const sd_page *pg, sd_op_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < pg->nops; i++)
        n += pg->ops[i].kind == kind;
    return n;
}

/* Number of text ops on page `pg` that equal `text`. */
static size_t count_text(const sd_page *pg, const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < pg->nops; i++)
        n += pg->ops[i].kind == SD_OP_TEXT && strcmp(pg->ops[i].text, text) == 0;
    return n;
}

static const sd_op *find_text(const sd_page *pg, const char *text)
{
    for (size_t i = 0; i < pg->nops; i++)
        if (pg->ops[i].kind == SD_OP_TEXT && strcmp(pg->ops[i].text, text) == 0)
            return &pg->ops[i];
    return NULL;
}

/* Every op lies on the page; text has no soft hyphen and its extent
 * (width, ascent/descent) is on the page too. Returns the number of ops
 * that do not. */
static size_t outside_page(const sd_pages *p)
{
    size_t bad = 0;
    for (size_t i = 0; i < p->npages; i++) {
        for (size_t j = 0; j < p->pages[i].nops; j++) {
            const sd_op *op = &p->pages[i].ops[j];
            float x0 = op->x, y0 = op->y, x1 = op->x, y1 = op->y;
            if (op->kind == SD_OP_TEXT) {
                x1 += tw(op->face, op->text, op->size);
                y1 += op->size * 0.93f;
                y0 -= op->size * 0.24f;
                if (strstr(op->text, "\xC2\xAD"))
                    bad++;
            } else if (op->kind == SD_OP_LINE) {
                x1 = op->x2;
                y1 = op->y2;
            } else if (op->kind == SD_OP_RECT) {
                x1 += op->w;
                y1 += op->h;
            }
            float lo_x = x0 < x1 ? x0 : x1, hi_x = x0 < x1 ? x1 : x0;
            float lo_y = y0 < y1 ? y0 : y1, hi_y = y0 < y1 ? y1 : y0;
            if (lo_x < -EPS || lo_y < -EPS || hi_x > p->width + EPS || hi_y > p->height + EPS) {
                if (bad < 3)
                    printf("     outside: page %zu op %zu kind %d (%.2f,%.2f)-(%.2f,%.2f)\n",
                           i + 1, j, op->kind, lo_x, lo_y, hi_x, hi_y);
                bad++;
            }
        }
    }
    return bad;
}

/* Text ops that start left of xmin or end right of xmax (content area). */
static size_t text_outside_x(const sd_pages *p, float xmin, float xmax)
{
    size_t bad = 0;
    for (size_t i = 0; i < p->npages; i++)
        for (size_t j = 0; j < p->pages[i].nops; j++) {
            const sd_op *op = &p->pages[i].ops[j];
            if (op->kind == SD_OP_TEXT &&
                (op->x < xmin - EPS || op->x + tw(op->face, op->text, op->size) > xmax + EPS))
                bad++;
        }
    return bad;
}

/* Lays out a single paragraph of `text` in a content area `width` wide and
 * returns its lines (caller frees). */
static char *wrap(const char *text, float width)
{
    sd_document *d = doc_sized(width, 700);
    para(d->body, text, SD_FACE_REGULAR, 10);
    sd_pages *p = layout(d);
    char *s = p ? doc_lines(p) : strdup("(null)");
    CHECK(p && outside_page(p) == 0, "wrap: ops inside the page");
    CHECK(p && text_outside_x(p, 40, 40 + width) == 0, "wrap: text inside the width");
    sd_pages_free(p);
    sd_document_free(d);
    return s;
}

/* A table of `ncols` proportional columns; returns it (added to parent). */
static sd_box *table(sd_box *parent, size_t ncols, size_t header_rows)
{
    sd_box *t = sd_box_new(SD_BOX_TABLE);
    sd_column cols[8];
    for (size_t i = 0; i < ncols; i++)
        cols[i] = (sd_column){0, 1};
    sd_box_set_columns(t, cols, ncols);
    t->header_rows = header_rows;
    t->padding = 3;
    t->borders = SD_BORDER_ALL;
    sd_box_add(parent, t);
    return t;
}

static sd_box *row(sd_box *t, const char *const *texts, size_t n)
{
    sd_box *r = sd_box_new(SD_BOX_ROW);
    for (size_t i = 0; i < n; i++) {
        sd_box *c = sd_box_new(SD_BOX_CELL);
        para(c, texts[i], SD_FACE_REGULAR, 10);
        sd_box_add(r, c);
    }
    sd_box_add(t, r);
    return r;
}

/* Page on which text `s` first appears (1-based), 0 if nowhere. */
static size_t page_of(const sd_pages *p, const char *s)
{
    for (size_t i = 0; i < p->npages; i++)
        if (find_text(&p->pages[i], s))
            return i + 1;
    return 0;
}

/* Diagnostics of laying out `d`, printed; caller frees. */
static char *layout_errors(const sd_document *d, sd_pages **out)
{
    sd_diags *dg = sd_diags_new();
    *out = sd_layout(d, fonts, dg);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sd_diags_print(dg, f);
    fclose(f);
    sd_diags_free(dg);
    return buf;
}

/* ---- font ---- */

static void test_font(void)
{
    const sd_font *r = fonts->face[SD_FACE_REGULAR];
    /* DejaVu Sans: unitsPerEm 2048, 'A' advance 1401 -> 684 (truncated) */
    CHECK(sd_font_advance(r, 'A') == 684, "advance of A: %d", sd_font_advance(r, 'A'));
    CHECK(sd_font_ascent(r) == 928, "ascent %d", sd_font_ascent(r));
    CHECK(sd_font_descent(r) == -235, "descent %d", sd_font_descent(r));
    CHECK(tw(SD_FACE_REGULAR, "AA", 10) == 13.68f, "width of AA at 10 pt");
    CHECK(tw(SD_FACE_REGULAR, "A\xC2\xAD" "A", 10) == 13.68f, "soft hyphen counts zero");
    CHECK(sd_font_has_glyph(r, 0xE5) && sd_font_has_glyph(r, 0xA0) && sd_font_has_glyph(r, 0x2022),
          "å, NBSP and bullet are in DejaVu");
    CHECK(!sd_font_has_glyph(r, 0x0D9A), "Sinhala U+0D9A is not in DejaVu");
    CHECK(!sd_font_has_glyph(r, 0x1F600), "no glyph outside the BMP");
    CHECK(sd_font_advance(r, 0x0D9A) == sd_font_advance(r, 0xFFFF), "missing glyph measures as .notdef");
    CHECK(sd_font_advance(fonts->face[SD_FACE_BOLD], 'A') > sd_font_advance(r, 'A') - 1,
          "bold face loaded");

    sd_diags *dg = sd_diags_new();
    CHECK(sd_font_load("../../fonts/no-such-font.ttf", dg) == NULL, "missing font file");
    CHECK(sd_diags_count(dg, SD_ERROR) == 1, "missing font reported");
    CHECK(sd_font_load("../../fonts/LICENSE-DejaVu.txt", dg) == NULL, "text file is no font");
    CHECK(sd_diags_count(dg, SD_ERROR) == 2, "non-font reported");

    /* a truncated copy must be refused without a crash */
    FILE *in = fopen(FONT_PATHS[0], "rb");
    char *buf = malloc(4096);
    size_t n = in ? fread(buf, 1, 4096, in) : 0;
    if (in)
        fclose(in);
    FILE *out = fopen("/tmp/sd_test_truncated.ttf", "wb");
    if (out) {
        fwrite(buf, 1, n, out);
        fclose(out);
    }
    free(buf);
    sd_font *t = sd_font_load("/tmp/sd_test_truncated.ttf", dg);
    CHECK(t == NULL, "truncated font refused");
    sd_font_free(t);
    remove("/tmp/sd_test_truncated.ttf");

    /* one byte changed where the metrics do not show it (the glyph
     * outlines) or the file cut short in a table no metric reads: the
     * table directory's checksums and lengths find both */
    in = fopen(FONT_PATHS[0], "rb");
    size_t cap = 2u << 20;
    buf = malloc(cap);
    n = in ? fread(buf, 1, cap, in) : 0;
    if (in)
        fclose(in);
    const char *damage[2] = {"glyf", "post"};
    for (int k = 0; k < 2; k++) {
        size_t cut = n, flipped = 0;
        for (unsigned i = 0; n > 12 && i < (unsigned)((unsigned char)buf[4] << 8 | (unsigned char)buf[5]); i++) {
            const unsigned char *rec = (const unsigned char *)buf + 12 + 16 * i;
            size_t off = (size_t)rec[8] << 24 | (size_t)rec[9] << 16 | (size_t)rec[10] << 8 | rec[11];
            /* the reduced fonts' post table is short: cut it 16 bytes in */
            size_t at = off + (k == 0 ? 100 : 16);
            if (memcmp(rec, damage[k], 4) == 0 && at < n) {
                if (k == 0)
                    buf[flipped = at] ^= 0x40;
                else
                    cut = at;
            }
        }
        out = fopen("/tmp/sd_test_damaged.ttf", "wb");
        if (out) {
            fwrite(buf, 1, cut, out);
            fclose(out);
        }
        sd_diags *dd = sd_diags_new();
        t = sd_font_load("/tmp/sd_test_damaged.ttf", dd);
        char *msg = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&msg, &len);
        sd_diags_print(dd, m);
        fclose(m);
        CHECK(t == NULL, "damaged %s refused", damage[k]);
        CHECK_STR(msg, k == 0 ? "/tmp/sd_test_damaged.ttf: fejl: skrifttypen er beskadiget: tabellen "
                                "'glyf' har en forkert kontrolsum\n"
                              : "/tmp/sd_test_damaged.ttf: fejl: skrifttypen er beskadiget: tabellen "
                                "'post' mangler eller er afkortet\n", "damaged %s: message", damage[k]);
        free(msg);
        sd_font_free(t);
        sd_diags_free(dd);
        if (flipped)
            buf[flipped] ^= 0x40;   /* whole again for the next copy */
    }
    free(buf);
    remove("/tmp/sd_test_damaged.ttf");
    sd_diags_free(dg);
}

/* ---- line breaking ---- */

static void test_breaks(void)
{
    char *s;
    float w = tw(SD_FACE_REGULAR, "aaa bbb", 10) + 1;
    s = wrap("aaa bbb ccc", w);
    CHECK_STR(s, "aaa bbb|ccc", "break at a space; trailing space not drawn");
    free(s);

    s = wrap("aaa bbb ccc", 500);
    CHECK_STR(s, "aaa bbb ccc", "one line: one text op with its spaces");
    free(s);

    w = tw(SD_FACE_REGULAR, "koordinatoren", 10) + 1;
    CHECK(w > tw(SD_FACE_REGULAR, "Myndigheds-", 10), "test set-up");
    s = wrap("Myndigheds-koordinatoren", w);
    CHECK_STR(s, "Myndigheds-|koordinatoren", "break after a hyphen");
    free(s);

    w = tw(SD_FACE_REGULAR, "eller", 10) + 0.5f;
    s = wrap("og/eller", w);
    CHECK_STR(s, "og/|eller", "break after a slash");
    free(s);

    w = tw(SD_FACE_REGULAR, "koordinatoren", 10) + 1;
    s = wrap("Myndigheds\xC2\xADkoordinatoren", w);
    CHECK_STR(s, "Myndigheds-|koordinatoren", "soft hyphen: break there and draw '-'");
    free(s);

    s = wrap("Myndigheds\xC2\xADkoordinatoren", 500);
    CHECK_STR(s, "Myndighedskoordinatoren", "soft hyphen not drawn when not broken");
    free(s);

    /* the break goes to the last soft hyphen that fits */
    w = tw(SD_FACE_REGULAR, "Myndighedskoordi-", 10) + 1;
    s = wrap("Myndig\xC2\xADheds\xC2\xADkoordi\xC2\xADnatoren", w);
    CHECK_STR(s, "Myndighedskoordi-|natoren", "latest soft hyphen that fits");
    free(s);

    w = tw(SD_FACE_REGULAR, "aaa bbb", 10) + 1;
    s = wrap("aaa bbb\xC2\xA0" "ccc", w);
    CHECK_STR(s, "aaa|bbb\xC2\xA0" "ccc", "never break at a no-break space");
    free(s);

    /* a word wider than the line breaks between characters, as late as possible */
    w = tw(SD_FACE_REGULAR, "Repræsentant", 10) + 0.5f;
    s = wrap("Repræsentantfrauddannelsesinstitution", w);
    CHECK(strncmp(s, "Repræsentant|", strlen("Repræsentant|")) == 0,
          "over-long word: first piece as long as fits [%s]", s);
    {
        char joined[128] = "";
        for (const char *c = s; *c; c++)
            if (*c != '|')
                strncat(joined, c, 1);
        CHECK_STR(joined, "Repræsentantfrauddannelsesinstitution", "pieces join to the word");
    }
    free(s);

    /* ... but only when the word alone is too wide: first move it down */
    w = tw(SD_FACE_REGULAR, "Myndighedskoordinatoren", 10) + 1;
    s = wrap("Til Myndighedskoordinatoren", w);
    CHECK_STR(s, "Til|Myndighedskoordinatoren", "long word moves to the next line whole");
    free(s);

    s = wrap("første\nanden\r\nsidste", 500);
    CHECK_STR(s, "første|anden|sidste", "newline in a run is a forced break, CR ignored");
    free(s);

    s = wrap("tab\there", 500);
    CHECK_STR(s, "tab here", "a tab is a space");
    free(s);
}

static void test_runs(void)
{
    sd_document *d = doc_sized(400, 600);
    sd_box *p = sd_box_new(SD_BOX_PARA);
    sd_box_add_run(p, SD_RUN_TEXT, "Navn: ", SD_FACE_REGULAR, 10, NOWHERE);
    sd_box_add_run(p, SD_RUN_TEXT, "Hanne", SD_FACE_BOLD, 10, NOWHERE);
    sd_box_add_run(p, SD_RUN_TEXT, " Lund", SD_FACE_REGULAR, 10, NOWHERE);
    sd_box_add_run(p, SD_RUN_TEXT, " og", SD_FACE_REGULAR, 10, NOWHERE);
    sd_box_add_run(p, SD_RUN_LINEBREAK, NULL, SD_FACE_REGULAR, 10, NOWHERE);
    sd_box_add_run(p, SD_RUN_TEXT, "ny linje", SD_FACE_REGULAR, 10, NOWHERE);
    sd_box_add(d->body, p);
    sd_pages *pg = layout(d);
    CHECK(pg && pg->npages == 1, "one page");
    if (pg) {
        const sd_page *q = &pg->pages[0];
        CHECK(count_kind(q, SD_OP_TEXT) == 4, "runs merge by face: %zu text ops",
              count_kind(q, SD_OP_TEXT));
        const sd_op *a = find_text(q, "Navn: "), *b = find_text(q, "Hanne"),
                    *c = find_text(q, " Lund og"), *e = find_text(q, "ny linje");
        CHECK(a && b && c && e, "texts as expected");
        if (a && b && c && e) {
            CHECK(b->face == SD_FACE_BOLD && a->face == SD_FACE_REGULAR, "faces");
            CHECK(a->y == b->y && b->y == c->y, "same baseline");
            /* positions are built relative to the line, then moved: 1 ulp */
            float bx = a->x + tw(SD_FACE_REGULAR, "Navn: ", 10);
            float cx = b->x + tw(SD_FACE_BOLD, "Hanne", 10);
            CHECK(b->x > bx - 0.001f && b->x < bx + 0.001f, "bold run follows");
            CHECK(c->x > cx - 0.001f && c->x < cx + 0.001f, "regular run follows bold");
            CHECK(a->x == 40, "left aligned at the margin");
            /* line height 1.2 x 10; baseline centres ascent and descent */
            float top = pg->height - 40;
            float base = top - (9.28f + (12 - (9.28f + 2.35f)) / 2);
            CHECK(a->y > base - EPS && a->y < base + EPS, "first baseline %.3f", a->y);
            CHECK(e->y > a->y - 12 - EPS && e->y < a->y - 12 + EPS, "line break: next line 12 pt down");
        }
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_align_bullet(void)
{
    sd_document *d = doc_sized(300, 600);
    sd_box *c = para(d->body, "midt", SD_FACE_REGULAR, 10);
    c->align = SD_ALIGN_CENTER;
    sd_box *r = para(d->body, "højre", SD_FACE_REGULAR, 10);
    r->align = SD_ALIGN_RIGHT;
    sd_box *b = para(d->body, "punkt et to tre fire fem seks syv otte ni ti elleve tolv tretten "
                              "fjorten femten seksten sytten atten nitten tyve", SD_FACE_REGULAR, 10);
    b->bullet = strdup("\xE2\x80\xA2");
    b->indent = 12;
    sd_pages *pg = layout(d);
    if (pg) {
        const sd_page *q = &pg->pages[0];
        const sd_op *m = find_text(q, "midt"), *h = find_text(q, "højre"),
                    *u = find_text(q, "\xE2\x80\xA2");
        CHECK(m && m->x == 40 + (300 - tw(SD_FACE_REGULAR, "midt", 10)) / 2, "centred");
        CHECK(h && h->x == 40 + 300 - tw(SD_FACE_REGULAR, "højre", 10), "right aligned");
        CHECK(u && u->x == 40, "bullet at the paragraph's left edge");
        size_t lines_at_indent = 0, texts = 0;
        for (size_t i = 0; i < q->nops; i++)
            if (q->ops[i].kind == SD_OP_TEXT && q->ops[i].y < (u ? u->y + EPS : 0)) {
                texts++;
                lines_at_indent += q->ops[i].x == 52;
            }
        CHECK(texts >= 3 && lines_at_indent == texts - 1, "hanging indent on every line (%zu/%zu)",
              lines_at_indent, texts);
        CHECK(count_text(q, "\xE2\x80\xA2") == 1, "bullet on the first line only");
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_checkbox(void)
{
    sd_document *d = doc_sized(400, 600);
    sd_box *p = sd_box_new(SD_BOX_PARA);
    sd_box_add_run(p, SD_RUN_CHECKBOX, NULL, SD_FACE_REGULAR, 10, NOWHERE);
    sd_box_add_run(p, SD_RUN_TEXT, " Ja  ", SD_FACE_REGULAR, 10, NOWHERE);
    sd_run *r = sd_box_add_run(p, SD_RUN_CHECKBOX, NULL, SD_FACE_REGULAR, 10, NOWHERE);
    r->checked = 1;
    sd_box_add_run(p, SD_RUN_TEXT, " Nej", SD_FACE_REGULAR, 10, NOWHERE);
    sd_box_add(d->body, p);
    sd_pages *pg = layout(d);
    if (pg) {
        const sd_page *q = &pg->pages[0];
        CHECK(count_kind(q, SD_OP_RECT) == 2, "two squares");
        CHECK(count_kind(q, SD_OP_LINE) == 2, "one X: two lines");
        CHECK(count_kind(q, SD_OP_TEXT) == 2, "two texts");
        const sd_op *ja = find_text(q, " Ja  ");
        const sd_op *sq = NULL, *sq2 = NULL;
        for (size_t i = 0; i < q->nops; i++)
            if (q->ops[i].kind == SD_OP_RECT) {
                if (!sq)
                    sq = &q->ops[i];
                else
                    sq2 = &q->ops[i];
            }
        CHECK(sq && sq->w == 7.5f && sq->h == 7.5f && sq->stroke && !sq->fill &&
              sq->line_width == 0.6f, "square 0.75 x size, stroked 0.6");
        CHECK(sq && ja && sq->x == 40 && ja->x == 47.5f, "text after the box");
        CHECK(sq && ja && sq->y >= ja->y && sq->y < ja->y + 1, "box sits on the baseline");
        for (size_t i = 0; sq2 && i < q->nops; i++)
            if (q->ops[i].kind == SD_OP_LINE)
                CHECK(q->ops[i].x > sq2->x && q->ops[i].x2 < sq2->x + sq2->w &&
                      q->ops[i].y > sq2->y && q->ops[i].y < sq2->y + sq2->h, "X inside the box");
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

/* ---- tables ---- */

static void test_columns(void)
{
    sd_document *d = doc_sized(500, 600);
    sd_box *t = sd_box_new(SD_BOX_TABLE);
    sd_column cols[3] = {{100, 0}, {0, 1}, {0, 3}};
    sd_box_set_columns(t, cols, 3);
    t->borders = SD_BORDER_ALL;
    t->padding = 2;
    sd_box_add(d->body, t);
    const char *texts[3] = {"en", "to", "tre"};
    row(t, texts, 3);
    sd_pages *pg = layout(d);
    if (pg) {
        const sd_page *q = &pg->pages[0];
        float want_x[3] = {40, 140, 140 + 100}, want_w[3] = {100, 100, 300};
        size_t k = 0;
        for (size_t i = 0; i < q->nops; i++)
            if (q->ops[i].kind == SD_OP_RECT && k < 3) {
                CHECK(q->ops[i].x == want_x[k] && q->ops[i].w == want_w[k],
                      "column %zu: x %.2f w %.2f", k, q->ops[i].x, q->ops[i].w);
                k++;
            }
        CHECK(k == 3, "three cell borders");
        const sd_op *tre = find_text(q, "tre");
        CHECK(tre && tre->x == 242, "cell text starts after the padding");
        /* borders come after text in drawing order */
        CHECK(q->nops > 0 && q->ops[q->nops - 1].kind == SD_OP_RECT, "borders drawn last");
    }
    sd_pages_free(pg);
    sd_document_free(d);

    /* colspan and fill */
    d = doc_sized(300, 600);
    t = table(d->body, 3, 0);
    sd_box *r = sd_box_new(SD_BOX_ROW);
    sd_box *c = sd_box_new(SD_BOX_CELL);
    c->colspan = 2;
    c->has_fill = 1;
    c->fill = (sd_rgb){0.9f, 0.9f, 0.9f};
    para(c, "bred", SD_FACE_BOLD, 10);
    sd_box_add(r, c);
    c = sd_box_new(SD_BOX_CELL);
    para(c, "smal", SD_FACE_REGULAR, 10);
    sd_box_add(r, c);
    sd_box_add(t, r);
    pg = layout(d);
    if (pg) {
        const sd_page *q = &pg->pages[0];
        CHECK(q->nops > 0 && q->ops[0].kind == SD_OP_RECT && q->ops[0].fill &&
              q->ops[0].w == 200 && q->ops[0].x == 40, "spanning cell's fill first, 2 columns wide");
        CHECK(q->nops > 0 && q->ops[0].h == 10 * 1.2f + 6, "fill as tall as the row");
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

/* Fills page 1 with `nlines` lines of body text. */
static void filler(sd_box *body, int nlines)
{
    for (int i = 0; i < nlines; i++) {
        char s[32];
        snprintf(s, sizeof s, "fyld %d", i);
        para(body, s, SD_FACE_REGULAR, 10);
    }
}

static void test_header_repeat(void)
{
    sd_document *d = doc_sized(400, 500);
    d->footer = strdup("Sag 17 \xE2\x80\x93 side {side} af {sider}");
    sd_box *t = table(d->body, 3, 1);
    const char *head[3] = {"Navn", "Rolle", "Telefon"};
    row(t, head, 3);
    for (int i = 0; i < 120; i++) {
        char a[32];
        snprintf(a, sizeof a, "Person %d", i);
        const char *cells[3] = {a, "bostøtte", "12 34 56 78"};
        row(t, cells, 3);
    }
    sd_pages *pg = layout(d);
    CHECK(pg && pg->npages >= 3, "table spans pages");
    if (pg) {
        int every = 1;
        for (size_t i = 0; i < pg->npages; i++) {
            every = every && count_text(&pg->pages[i], "Navn") == 1;
            /* the header is the first text on every page */
            for (size_t j = 0; j < pg->pages[i].nops; j++)
                if (pg->pages[i].ops[j].kind == SD_OP_TEXT) {
                    every = every && strcmp(pg->pages[i].ops[j].text, "Navn") == 0;
                    break;
                }
        }
        CHECK(every, "header row repeated at the top of every page");
        CHECK(outside_page(pg) == 0, "every op inside the page");
        char want[64];
        for (size_t i = 0; i < pg->npages; i++) {
            snprintf(want, sizeof want, "Sag 17 \xE2\x80\x93 side %zu af %zu", i + 1, pg->npages);
            const sd_op *f = find_text(&pg->pages[i], want);
            CHECK(f != NULL, "footer '%s'", want);
            if (f) {
                float w = tw(SD_FACE_REGULAR, want, 8);
                CHECK(f->x > 40 + (400 - w) / 2 - EPS && f->x < 40 + (400 - w) / 2 + EPS, "footer centred");
                CHECK(f->y > 10 && f->y < 25 && f->size == 8, "footer in the bottom margin");
            }
        }
        /* no row is split: each person on exactly one page */
        int whole = 1;
        for (int i = 0; i < 120; i++) {
            char a[32];
            snprintf(a, sizeof a, "Person %d", i);
            size_t n = 0;
            for (size_t k = 0; k < pg->npages; k++)
                n += count_text(&pg->pages[k], a);
            whole = whole && n == 1;
        }
        CHECK(whole, "every row once");
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_footer_count(void)
{
    sd_document *d = doc_sized(400, 500);
    d->footer = strdup("side {side} af {sider}");
    d->running_head = strdup("Mål- og aftaleskema");
    para(d->body, "en", SD_FACE_REGULAR, 10);
    sd_box_add(d->body, sd_box_new(SD_BOX_PAGEBREAK));
    para(d->body, "to", SD_FACE_REGULAR, 10);
    sd_box_add(d->body, sd_box_new(SD_BOX_PAGEBREAK));
    para(d->body, "tre", SD_FACE_REGULAR, 10);
    sd_box_add(d->body, sd_box_new(SD_BOX_PAGEBREAK));   /* trailing: no empty page */
    sd_pages *pg = layout(d);
    CHECK(pg && pg->npages == 3, "page breaks give 3 pages");
    if (pg && pg->npages == 3) {
        CHECK(find_text(&pg->pages[0], "side 1 af 3") != NULL, "side 1 af 3");
        CHECK(find_text(&pg->pages[1], "side 2 af 3") != NULL, "side 2 af 3");
        CHECK(find_text(&pg->pages[2], "side 3 af 3") != NULL, "side 3 af 3");
        CHECK(find_text(&pg->pages[0], "Mål- og aftaleskema") == NULL, "no running head on page 1");
        const sd_op *h = find_text(&pg->pages[1], "Mål- og aftaleskema");
        CHECK(h && h->x == 40 && h->y > pg->height - 40, "running head above the top margin");
        CHECK(outside_page(pg) == 0, "every op inside the page");
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_row_kept_whole(void)
{
    /* 500 pt content height, 12 pt lines: 40 lines leave 20 pt, less than
     * the 3-line row (36 + 6 padding) */
    sd_document *d = doc_sized(400, 500);
    filler(d->body, 40);
    sd_box *t = table(d->body, 2, 0);
    const char *cells[2] = {"linje 1\nlinje 2\nlinje 3", "kort"};
    row(t, cells, 2);
    sd_pages *pg = layout(d);
    CHECK(pg && pg->npages == 2, "two pages");
    if (pg && pg->npages == 2) {
        CHECK(page_of(pg, "linje 1") == 2 && page_of(pg, "linje 3") == 2 && page_of(pg, "kort") == 2,
              "the row moved whole to page 2");
        CHECK(count_kind(&pg->pages[0], SD_OP_RECT) == 0, "no border left on page 1");
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_header_not_alone(void)
{
    /* room for the header row (18 pt) but not header + first row (36 pt) */
    sd_document *d = doc_sized(400, 500);
    filler(d->body, 40);
    sd_box *t = table(d->body, 2, 1);
    const char *head[2] = {"Overskrift", "Kolonne"};
    row(t, head, 2);
    const char *cells[2] = {"a\nb", "c"};
    row(t, cells, 2);
    row(t, cells, 2);
    sd_pages *pg = layout(d);
    CHECK(pg && page_of(pg, "Overskrift") == 2, "header moved with its first row to page 2");
    CHECK(pg && count_kind(&pg->pages[0], SD_OP_RECT) == 0, "nothing of the table on page 1");
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_row_split(void)
{
    sd_document *d = doc_sized(300, 400);
    filler(d->body, 5);
    sd_box *t = table(d->body, 2, 1);
    const char *head[2] = {"Mål", "Handlinger"};
    row(t, head, 2);
    /* 80 lines of 12 pt: 960 pt, taller than a 400 pt page */
    char *big = malloc(80 * 16);
    big[0] = 0;
    for (int i = 0; i < 80; i++) {
        char s[16];
        snprintf(s, sizeof s, "%slinje %d", i ? "\n" : "", i);
        strcat(big, s);
    }
    const char *cells[2] = {"Et langt delmål", big};
    row(t, cells, 2);
    const char *after[2] = {"efter", "rækken"};
    row(t, after, 2);
    free(big);
    sd_pages *pg = layout(d);
    CHECK(pg && pg->npages >= 3, "the tall row spans pages (%zu)", pg ? pg->npages : 0);
    if (pg) {
        CHECK(page_of(pg, "linje 0") == 1, "the split row starts on page 1 under the filler");
        int ordered = 1, once = 1;
        size_t prev = 1;
        for (int i = 0; i < 80; i++) {
            char s[16];
            snprintf(s, sizeof s, "linje %d", i);
            size_t pgno = page_of(pg, s), n = 0;
            for (size_t k = 0; k < pg->npages; k++)
                n += count_text(&pg->pages[k], s);
            ordered = ordered && pgno >= prev;
            once = once && n == 1;
            prev = pgno;
        }
        CHECK(ordered && once, "cell continues line by line, every line once");
        for (size_t i = 1; i < pg->npages; i++)
            CHECK(count_text(&pg->pages[i], "Mål") == 1, "header repeated on page %zu", i + 1);
        CHECK(page_of(pg, "Et langt delmål") == 1, "short cell stays on the first part");
        /* borders close at the bottom of every part: every page has the
         * border of the continuing cell reaching the bottom margin */
        for (size_t i = 0; i + 1 < pg->npages; i++) {
            int closes = 0;
            for (size_t j = 0; j < pg->pages[i].nops; j++) {
                const sd_op *op = &pg->pages[i].ops[j];
                closes = closes || (op->kind == SD_OP_RECT && op->stroke && op->y == 40);
            }
            CHECK(closes, "page %zu: cell borders close at the page bottom", i + 1);
        }
        CHECK(outside_page(pg) == 0, "every op inside the page");
        CHECK(text_outside_x(pg, 40, 340) == 0, "text inside the content width");
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_keep_with_next(void)
{
    sd_document *d = doc_sized(400, 500);
    filler(d->body, 40);
    sd_box *h = para(d->body, "Overskrift", SD_FACE_BOLD, 10);
    h->keep_with_next = 1;
    para(d->body, "brødtekst", SD_FACE_REGULAR, 10);
    sd_pages *pg = layout(d);
    CHECK(pg && page_of(pg, "Overskrift") == 2 && page_of(pg, "brødtekst") == 2,
          "heading moves with the next paragraph");
    sd_pages_free(pg);
    sd_document_free(d);

    /* rows with keep_with_next */
    d = doc_sized(400, 500);
    filler(d->body, 38);   /* 44 pt left: two 18 pt rows fit, three do not */
    sd_box *t = table(d->body, 1, 0);
    const char *a[1] = {"række a"}, *b[1] = {"række b"}, *c[1] = {"række c"};
    row(t, a, 1);
    sd_box *rb = row(t, b, 1);
    rb->keep_with_next = 1;
    row(t, c, 1);
    pg = layout(d);
    CHECK(pg && page_of(pg, "række a") == 1 && page_of(pg, "række b") == 2 &&
          page_of(pg, "række c") == 2, "kept rows move together");
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_text_in_cells(void)
{
    sd_document *d = doc_sized(300, 500);
    sd_box *t = sd_box_new(SD_BOX_TABLE);
    sd_column cols[3] = {{60, 0}, {0, 1}, {0, 2}};
    sd_box_set_columns(t, cols, 3);
    t->padding = 4;
    t->borders = SD_BORDER_ALL;
    sd_box_add(d->body, t);
    const char *cells[3] = {"Repræsentant fra uddannelsesinstitution",
                            "Myndighedskoordinatoren/bostøttemedarbejder",
                            "Hvornår og hvordan følges der op? Psykolog-udredning "
                            "og\xC2\xA0" "ungdomsuddannelse"};
    row(t, cells, 3);
    row(t, cells, 3);
    sd_pages *pg = layout(d);
    if (pg) {
        /* column edges: 40 | 100 | 180 | 340 with 4 pt padding */
        float x0[3] = {40, 100, 180}, x1[3] = {100, 180, 340};
        size_t bad = 0, n = 0;
        for (size_t i = 0; i < pg->pages[0].nops; i++) {
            const sd_op *op = &pg->pages[0].ops[i];
            if (op->kind != SD_OP_TEXT)
                continue;
            n++;
            int col = op->x < 100 ? 0 : op->x < 180 ? 1 : 2;
            float right = op->x + tw(op->face, op->text, op->size);
            if (op->x < x0[col] + 4 - EPS || right > x1[col] - 4 + EPS) {
                printf("     too wide: [%s] %.2f..%.2f in %.0f..%.0f\n", op->text, op->x, right,
                       x0[col], x1[col]);
                bad++;
            }
        }
        CHECK(n > 6 && bad == 0, "text never wider than its cell (%zu ops)", n);
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_frames(void)
{
    sd_document *d = doc_sized(400, 500);
    filler(d->body, 35);   /* 80 pt left */
    sd_box *f = sd_box_new(SD_BOX_FRAME);
    f->padding = 6;
    f->borders = SD_BORDER_ALL;
    f->has_fill = 1;
    f->fill = (sd_rgb){0.95f, 0.95f, 0.95f};
    for (int i = 0; i < 10; i++)
        para(f, i == 0 ? "ramme start" : "i rammen", SD_FACE_REGULAR, 10);
    sd_box_add(d->body, f);
    para(d->body, "efter rammen", SD_FACE_REGULAR, 10);
    sd_pages *pg = layout(d);
    CHECK(pg && page_of(pg, "ramme start") == 2, "a frame that fits on a page moves there whole");
    if (pg && pg->npages >= 2) {
        const sd_page *q = &pg->pages[1];
        CHECK(q->nops > 0 && q->ops[0].kind == SD_OP_RECT && q->ops[0].fill &&
              q->ops[0].h == 132, "fill first, frame height 10 lines + padding (%.2f)",
              q->nops ? q->ops[0].h : 0);
        CHECK(count_kind(q, SD_OP_RECT) == 2, "fill and border");
    }
    sd_pages_free(pg);
    sd_document_free(d);

    /* taller than a page: split, drawn per page part */
    d = doc_sized(400, 300);
    f = sd_box_new(SD_BOX_FRAME);
    f->padding = 5;
    f->borders = SD_BORDER_ALL;
    for (int i = 0; i < 40; i++)
        para(f, "lang ramme", SD_FACE_REGULAR, 10);
    sd_box_add(d->body, f);
    pg = layout(d);
    CHECK(pg && pg->npages == 2, "split frame over 2 pages");
    if (pg && pg->npages == 2) {
        CHECK(count_kind(&pg->pages[0], SD_OP_RECT) == 1 && count_kind(&pg->pages[1], SD_OP_RECT) == 1,
              "a border on each page part");
        CHECK(count_text(&pg->pages[0], "lang ramme") + count_text(&pg->pages[1], "lang ramme") == 40,
              "all lines once");
        CHECK(outside_page(pg) == 0, "inside the page");
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_space_rule(void)
{
    sd_document *d = doc_sized(400, 500);
    para(d->body, "over", SD_FACE_REGULAR, 10);
    sd_box *s = sd_box_new(SD_BOX_SPACE);
    s->height = 20;
    sd_box_add(d->body, s);
    sd_box *r = sd_box_new(SD_BOX_RULE);
    r->line_width = 1;
    sd_box_add(d->body, r);
    r = sd_box_new(SD_BOX_RULE);
    r->width = 100;
    sd_box_add(d->body, r);
    sd_box *u = para(d->body, "under", SD_FACE_REGULAR, 10);
    u->space_before = 8;
    sd_pages *pg = layout(d);
    if (pg) {
        const sd_page *q = &pg->pages[0];
        const sd_op *l1 = NULL, *l2 = NULL;
        for (size_t i = 0; i < q->nops; i++)
            if (q->ops[i].kind == SD_OP_LINE) {
                if (!l1)
                    l1 = &q->ops[i];
                else
                    l2 = &q->ops[i];
            }
        float top = pg->height - 40;
        CHECK(l1 && l1->x == 40 && l1->x2 == 440 && l1->line_width == 1 &&
              l1->y == top - 12 - 20 - 0.5f, "full-width rule after the space");
        CHECK(l2 && l2->x == 40 && l2->x2 == 140 && l2->line_width == 0.5f, "100 pt rule, default width");
        const sd_op *o = find_text(q, "over"), *n = find_text(q, "under");
        CHECK(o && n && o->y - n->y > 12 + 20 + 1.5f + 8 - EPS && o->y - n->y < 12 + 20 + 1.5f + 8 + EPS,
              "space, rules and space_before add up");
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

/* ---- glyph check ---- */

static void test_glyph_errors(void)
{
    sd_document *d = doc_sized(400, 500);
    sd_box *p = sd_box_new(SD_BOX_PARA);
    sd_pos at = {"sag.yaml", 12, 9};
    sd_box_add_run(p, SD_RUN_TEXT, "Hej \xF0\x9F\x98\x80", SD_FACE_REGULAR, 10, at);
    sd_box_add(d->body, p);
    sd_pages *pg;
    char *msg = layout_errors(d, &pg);
    CHECK(pg == NULL, "emoji: no pages");
    CHECK_STR(msg, "sag.yaml:12:9: fejl: Tegnet \"\xF0\x9F\x98\x80\" (U+1F600) findes ikke i "
                   "skrifttypen og kan ikke skrives i dokumentet. Slet det, eller skriv det med "
                   "andre tegn.\n", "emoji message");
    free(msg);
    sd_pages_free(pg);
    sd_document_free(d);

    d = doc_sized(400, 500);
    sd_box *t = table(d->body, 1, 0);
    const char *cells[1] = {"Navn: \xE0\xB6\x9A"};   /* U+0D9A SINHALA LETTER KA */
    row(t, cells, 1);
    msg = layout_errors(d, &pg);
    CHECK(pg == NULL, "missing glyph: no pages");
    CHECK_STR(msg, "samdoc: fejl: Tegnet \"\xE0\xB6\x9A\" (U+0D9A) findes ikke i skrifttypen og kan "
                   "ikke skrives i dokumentet. Slet det, eller skriv det med andre tegn.\n",
              "missing glyph in a template cell");
    free(msg);
    sd_document_free(d);

    d = doc_sized(400, 500);
    para(d->body, "klokke\x07", SD_FACE_BOLD, 10);
    d->footer = strdup("\xF0\x9F\x98\x80");
    msg = layout_errors(d, &pg);
    CHECK(pg == NULL, "control character: no pages");
    CHECK(msg && strstr(msg, "Tegnet U+0007 kan ikke skrives i dokumentet; ret teksten.") != NULL,
          "control character named [%s]", msg ? msg : "");
    CHECK(msg && strstr(msg, "(U+1F600)") != NULL, "footer checked too");
    free(msg);
    sd_document_free(d);

    d = doc_sized(400, 500);
    para(d->body, "bl\xC3\xA5 bl\xC3\xA6r\xC2\xA0og\xC2\xADs\xC3\xA5 \xE2\x80\x93 \xE2\x80\x9E" "citat\xE2\x80\x9C",
         SD_FACE_BOLD, 10);
    msg = layout_errors(d, &pg);
    CHECK(pg != NULL && msg && !*msg, "Danish text, NBSP, soft hyphen, dashes and quotes are fine");
    free(msg);
    sd_pages_free(pg);
    sd_document_free(d);
}

/* ---- size ---- */

static void test_big_table(void)
{
    sd_document *d = sd_document_new();
    d->footer = strdup("side {side} af {sider}");
    sd_box *t = table(d->body, 4, 1);
    const char *head[4] = {"Nr.", "Navn", "Rolle", "Bemærkning"};
    row(t, head, 4);
    for (int i = 0; i < 2000; i++) {
        char a[16];
        snprintf(a, sizeof a, "%d", i + 1);
        const char *cells[4] = {a, "Hanne Lund", "Myndighedskoordinator/bostøtte",
                                i % 7 ? "kort" : "en noget længere bemærkning der fylder to linjer "
                                                 "eller tre i den smalle kolonne"};
        sd_box *r = row(t, cells, 4);
        r->keep_with_next = i % 50 == 0;
    }
    clock_t t0 = clock();
    sd_pages *pg = layout(d);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(pg && pg->npages > 50, "2000 rows: %zu pages", pg ? pg->npages : 0);
    CHECK(secs < 2.0, "2000 rows in %.3f s", secs);
    if (pg) {
        int every = 1;
        for (size_t i = 0; i < pg->npages; i++)
            every = every && count_text(&pg->pages[i], "Bemærkning") == 1;
        CHECK(every, "header on every page");
        CHECK(outside_page(pg) == 0, "every op inside the page");
        char want[64];
        snprintf(want, sizeof want, "side %zu af %zu", pg->npages, pg->npages);
        CHECK(find_text(&pg->pages[pg->npages - 1], want) != NULL, "last footer");
        CHECK(page_of(pg, "2000") == pg->npages, "last row on the last page");
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_nesting(void)
{
    /* a page break inside a frame inside a header cell means nothing: the
     * header row must still be complete on every page (found by a stress
     * test: the text after the frame was never printed) */
    sd_document *d = doc_sized(300, 300);
    sd_box *t = table(d->body, 2, 1);
    sd_box *r = sd_box_new(SD_BOX_ROW);
    sd_box *c = sd_box_new(SD_BOX_CELL);
    para(c, "hoved før", SD_FACE_BOLD, 10);
    sd_box *f = sd_box_new(SD_BOX_FRAME);
    sd_box_add(f, sd_box_new(SD_BOX_PAGEBREAK));
    para(f, "i ramme", SD_FACE_REGULAR, 10);
    sd_box_add(c, f);
    para(c, "hoved efter", SD_FACE_BOLD, 10);
    sd_box_add(r, c);
    sd_box_add(t, r);
    for (int i = 0; i < 40; i++) {
        char a[16];
        snprintf(a, sizeof a, "r%d", i);
        const char *cells[2] = {a, "x"};
        row(t, cells, 2);
    }
    sd_pages *pg = layout(d);
    CHECK(pg && pg->npages >= 2, "nested: several pages");
    for (size_t i = 0; pg && i < pg->npages; i++)
        CHECK(count_text(&pg->pages[i], "hoved efter") == 1 && count_text(&pg->pages[i], "i ramme") == 1,
              "complete header on page %zu", i + 1);
    sd_pages_free(pg);
    sd_document_free(d);

    /* a table inside a cell, and a soft hyphen in a bullet */
    d = doc_sized(300, 600);
    t = table(d->body, 2, 0);
    r = sd_box_new(SD_BOX_ROW);
    c = sd_box_new(SD_BOX_CELL);
    sd_box *inner = table(c, 2, 0);
    const char *in[2] = {"indre a", "indre b"};
    row(inner, in, 2);
    sd_box_add(r, c);
    c = sd_box_new(SD_BOX_CELL);
    sd_box *b = para(c, "punkt", SD_FACE_REGULAR, 10);
    b->bullet = strdup("\xC2\xAD-");
    sd_box_add(r, c);
    sd_box_add(t, r);
    pg = layout(d);
    if (pg) {
        const sd_op *a = find_text(&pg->pages[0], "indre a"), *bb = find_text(&pg->pages[0], "indre b");
        /* outer column 40..190, padding 3; inner columns 3 + 72 each */
        CHECK(a && a->x == 46 && bb && bb->x == 46 + 72, "inner table inside the cell (%.2f, %.2f)",
              a ? a->x : 0, bb ? bb->x : 0);
        CHECK(find_text(&pg->pages[0], "-") != NULL, "soft hyphen dropped from the bullet");
        CHECK(outside_page(pg) == 0, "inside the page");
    }
    sd_pages_free(pg);
    sd_document_free(d);
}

static void test_extra_cells(void)
{
    sd_document *d = doc_sized(300, 600);
    sd_box *t = table(d->body, 2, 0);
    const char *cells[3] = {"en", "to", "tre"};
    row(t, cells, 3);
    sd_pages *pg;
    char *msg = layout_errors(d, &pg);
    CHECK(pg != NULL, "extra cells: still laid out");
    CHECK_STR(msg, "samdoc: advarsel: En tabelrække har flere celler end tabellens 2 kolonner; "
                   "de overskydende celler udelades. Ret skabelonen.\n", "extra cells warned about");
    CHECK(pg && find_text(&pg->pages[0], "tre") == NULL, "the extra cell is left out");
    free(msg);
    sd_pages_free(pg);
    sd_document_free(d);
}

/* A cell whose values are final keeps "no border" inside a ruled table; an
 * ordinary cell with no borders of its own inherits the table's. */
static void test_own_frame(void)
{
    size_t lines[2];
    for (int own = 0; own < 2; own++) {
        sd_document *d = sd_document_new();
        sd_box *t = table(d->body, 1, 0);
        const char *texts[] = {"celle"};
        sd_box *r = row(t, texts, 1);
        r->children[0]->own_frame = own;
        r->children[0]->padding = own ? 3 : 0;
        sd_pages *pg = layout(d);
        lines[own] = pg ? count_kind(&pg->pages[0], SD_OP_LINE) + count_kind(&pg->pages[0], SD_OP_RECT) : 99;
        sd_pages_free(pg);
        sd_document_free(d);
    }
    CHECK(lines[0] > 0, "an ordinary cell inherits the table's borders");
    CHECK(lines[1] == 0, "own_frame: no border drawn (%zu ops)", lines[1]);
}

static void test_empty(void)
{
    sd_document *d = sd_document_new();
    sd_pages *pg = layout(d);
    CHECK(pg && pg->npages == 1 && pg->pages[0].nops == 0, "empty document: one empty page");
    CHECK(pg && pg->width == d->page_width && pg->height == d->page_height, "page size");
    sd_pages_free(pg);
    sd_document_free(d);
}

int main(void)
{
    sd_diags *dg = sd_diags_new();
    fonts = sd_fonts_load(FONT_PATHS, dg);
    if (!fonts) {
        sd_diags_print(dg, stdout);
        sd_diags_free(dg);
        CHECK(0, "fonts load");
        return CHECK_REPORT();
    }
    sd_diags_free(dg);
    test_font();
    test_breaks();
    test_runs();
    test_align_bullet();
    test_checkbox();
    test_columns();
    test_header_repeat();
    test_footer_count();
    test_row_kept_whole();
    test_header_not_alone();
    test_row_split();
    test_keep_with_next();
    test_text_in_cells();
    test_frames();
    test_space_rule();
    test_glyph_errors();
    test_big_table();
    test_nesting();
    test_extra_cells();
    test_own_frame();
    test_empty();
    sd_fonts_free(fonts);
    return CHECK_REPORT();
}
