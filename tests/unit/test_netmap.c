/* test_netmap.c — the network card's placement (netmap.c): generated
 * networks, from one person to 300, with crowded cells and very long names;
 * every computed box is checked against every other and against the card.
 * Run from tests/unit (the fonts are at ../../fonts/). */
#include "check.h"
#include "box.h"
#include "diag.h"
#include "font.h"
#include "netmap.h"
#include "text.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const FONT_PATHS[SD_FACE_COUNT] = {
    "../../fonts/SamdocSans.ttf", "../../fonts/SamdocSans-Bold.ttf",
    "../../fonts/SamdocSerif.ttf", "../../fonts/SamdocSerif-Bold.ttf"};

static sd_fonts *fonts;
static const float WIDTH = 180.0f * 72.0f / 25.4f;   /* A4 less 15 mm margins */
static const float EPS = 0.01f;

/* ---- generated networks ---- */

static unsigned long seed;
static unsigned rnd(unsigned n)
{
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((seed >> 33) % n);
}

static const char *const FIRST[] = {"Anne", "Bo", "Åse", "Ørjan", "Mette", "Jonas", "Sofie",
                                    "Kasper", "Ægir", "Louise", "Nguyễn", "Şahin", "Łukasz",
                                    "Marie-Louise", "Christoffer"};
static const char *const LAST[] = {"Holm", "Berg", "Ærendsdatter Østergård-Bækgaard",
                                   "Nielsen", "Kristoffersen", "Lund", "Vestergaard",
                                   "Frederiksberg-Christiansen", "Dahl", "Møller"};
static const char *const DETAIL[] = {"mor", "moster", "ven", "fodboldtræner",
                                     "tidligere praktikvejleder, plejecenter",
                                     "sagsbehandler, børn og unge", "bostøtte",
                                     "psykiatrisk rådgiver", NULL};

static sd_netmap *base_card(void)
{
    sd_netmap *m = sd_netmap_new();
    const char *labels[] = {"Familie", "Slægt", "Andre (fritid)", "Arbejde/skole", "Fagpersoner"};
    for (size_t i = 0; i < 5; i++)
        m->sector_label[m->nsectors++] = sd_xstrdup(labels[i]);
    m->centre_label = sd_xstrdup("Den unge");
    m->centre_name = sd_xstrdup("Sara");
    m->legend_team = sd_xstrdup("i det tværfaglige team");
    m->legend_vip = sd_xstrdup("den unges voksen (VIP)");
    m->legend_other = sd_xstrdup("øvrige");
    m->overflow_title = sd_xstrdup("Flere personer i feltet");
    m->band_word = sd_xstrdup("nærhed");
    return m;
}

static void add(sd_netmap *m, const char *name, const char *detail, int sector, int band)
{
    sd_netmap_person *p = sd_netmap_add_person(m);
    char key[32];
    snprintf(key, sizeof key, "p%zu", m->npersons);
    p->key = sd_xstrdup(key);
    p->name = sd_xstrdup(name);
    p->detail = detail ? sd_xstrdup(detail) : NULL;
    p->sector = sector;
    p->band = band;
    p->team = (int)(m->npersons % 3 == 0);
}

/* `n` persons; `crowd` of them in cell (sector 0, band 2); `longnames`:
 * every third name is very long. */
static sd_netmap *generated(size_t n, size_t crowd, int longnames, unsigned long s)
{
    seed = s;
    sd_netmap *m = base_card();
    for (size_t i = 0; i < n; i++) {
        char name[256];
        if (longnames && i % 3 == 0)
            snprintf(name, sizeof name, "%s %s %s", FIRST[rnd(15)],
                     "Donaudampfschiffahrtselektrizitätenhauptbetriebswerkbauunterbeamten",
                     LAST[rnd(10)]);
        else
            snprintf(name, sizeof name, "%s %s", FIRST[rnd(15)], LAST[rnd(10)]);
        int sector = i < crowd ? 0 : (int)rnd(5), band = i < crowd ? 2 : 1 + (int)rnd(3);
        add(m, name, DETAIL[rnd(9)], sector, band);
    }
    if (n > 1)
        m->persons[1].vip = 1;
    for (size_t i = 0; n > 1 && i < n / 2; i++)
        sd_netmap_add_link(m, rnd((unsigned)n), rnd((unsigned)n));
    return m;
}

/* ---- checks ---- */

static int is_text(sd_netmap_shape k)
{
    return k != SD_NM_NODE;
}

static int boxes_overlap(const sd_netmap_box *a, const sd_netmap_box *b)
{
    return a->x + EPS < b->x + b->w && b->x + EPS < a->x + a->w &&
           a->y + EPS < b->y + b->h && b->y + EPS < a->y + a->h;
}

static int node_meets_box(const sd_netmap_box *node, const sd_netmap_box *b)
{
    float r = node->w / 2, cx = node->x + r, cy = node->y + r;
    float nx = fmaxf(b->x, fminf(cx, b->x + b->w)), ny = fmaxf(b->y, fminf(cy, b->y + b->h));
    return (cx - nx) * (cx - nx) + (cy - ny) * (cy - ny) < (r - EPS) * (r - EPS);
}

static int nodes_meet(const sd_netmap_box *a, const sd_netmap_box *b)
{
    float ra = a->w / 2, rb = b->w / 2;
    float dx = a->x + ra - b->x - rb, dy = a->y + ra - b->y - rb;
    return sqrtf(dx * dx + dy * dy) < ra + rb - EPS;
}

/* The node of person p lies in its sector and band. */
static int node_in_cell(const sd_netmap_result *r, const sd_netmap_box *node,
                        const sd_netmap_person *p)
{
    float rad = node->w / 2, cx = node->x + rad, cy = node->y + rad;
    float dx = cx - r->cx, dy = r->cy - cy;
    float dist = sqrtf(dx * dx + dy * dy);
    double deg = atan2(dx, dy) * 180.0 / 3.14159265358979323846;   /* clockwise from 12 */
    double from = (p->sector - 0.5) * r->sector_deg;
    while (deg < from)
        deg += 360;
    while (deg >= from + 360)
        deg -= 360;
    float inner = r->centre_r + (float)(p->band - 1) * r->band_w;
    return deg <= from + r->sector_deg && dist - rad >= inner - EPS &&
           dist + rad <= inner + r->band_w + EPS;
}

/* Every property the issue asks for; returns the number of failures. */
static int check_card(const char *what, const sd_netmap *m, const sd_netmap_result *r)
{
    int before = check_failed;
    CHECK(r->placed + r->overflow == m->npersons, "%s: %zu placed + %zu listed = %zu persons",
          what, r->placed, r->overflow, m->npersons);
    size_t nodes = 0, labels = 0, markers = 0;
    for (size_t i = 0; i < r->nboxes; i++) {
        const sd_netmap_box *a = &r->boxes[i];
        nodes += a->kind == SD_NM_NODE;
        labels += a->kind == SD_NM_LABEL;
        markers += a->kind == SD_NM_MARKER;
        if (a->x < -EPS || a->y < -EPS || a->x + a->w > r->width + EPS ||
            a->y + a->h > r->height + EPS)
            CHECK(0, "%s: box %zu (kind %d) leaves the card", what, i, (int)a->kind);
        if (a->kind == SD_NM_NODE && !node_in_cell(r, a, &m->persons[a->person]))
            CHECK(0, "%s: node of %s outside its cell", what, m->persons[a->person].name);
        for (size_t j = i + 1; j < r->nboxes; j++) {
            const sd_netmap_box *b = &r->boxes[j];
            int bad = is_text(a->kind) && is_text(b->kind)   ? boxes_overlap(a, b)
                      : !is_text(a->kind) && !is_text(b->kind) ? nodes_meet(a, b)
                      : a->kind == SD_NM_NODE                  ? node_meets_box(a, b)
                                                               : node_meets_box(b, a);
            if (bad)
                CHECK(0, "%s: box %zu (kind %d) overlaps box %zu (kind %d)", what, i,
                      (int)a->kind, j, (int)b->kind);
        }
    }
    CHECK(nodes == r->placed && labels == r->placed, "%s: a node and a label per placed person",
          what);
    CHECK(!r->overflow || markers > 0, "%s: a cell with persons in the list is marked", what);
    CHECK(r->label_size >= 6.5f, "%s: names at least 6.5 pt (%.1f)", what, r->label_size);
    /* the list under the card may run over pages: a cut at the top of each
     * of its lines, ascending, inside the block */
    size_t listed_lines = 0;
    for (size_t i = 0; i < r->nboxes; i++)
        listed_lines += r->boxes[i].kind == SD_NM_LEGEND && r->boxes[i].x == 0 &&
                        r->ncuts && r->boxes[i].y >= r->cuts[0] - EPS;
    CHECK(r->ncuts == listed_lines && (r->ncuts > 0) == (r->overflow > 0),
          "%s: %zu cuts, one per line of the list (%zu)", what, r->ncuts, listed_lines);
    for (size_t i = 0; i < r->ncuts; i++)
        if (r->cuts[i] <= (i ? r->cuts[i - 1] : 0) || r->cuts[i] >= r->height)
            CHECK(0, "%s: cut %zu at %.1f out of order", what, i, r->cuts[i]);
    for (size_t i = 0; i < r->draw.n; i++)
        if (r->draw.ops[i].kind == SD_OP_TEXT && r->draw.ops[i].size < 6.0f - EPS)
            CHECK(0, "%s: text \"%s\" at %.2f pt", what, r->draw.ops[i].text, r->draw.ops[i].size);
    return check_failed == before;
}

static int same_ops(const sd_netmap_result *a, const sd_netmap_result *b)
{
    if (a->draw.n != b->draw.n || a->height != b->height)
        return 0;
    for (size_t i = 0; i < a->draw.n; i++) {
        const sd_op *x = &a->draw.ops[i], *y = &b->draw.ops[i];
        if (x->kind != y->kind || x->x != y->x || x->y != y->y || x->x2 != y->x2 ||
            x->y2 != y->y2 || x->w != y->w || x->size != y->size ||
            ((x->text || y->text) && (!x->text || !y->text || strcmp(x->text, y->text))))
            return 0;
    }
    return 1;
}

static void run_case(const char *what, size_t n, size_t crowd, int longnames, unsigned long s)
{
    sd_netmap *m = generated(n, crowd, longnames, s);
    sd_netmap_result *r = sd_netmap_place(m, fonts, WIDTH);
    check_card(what, m, r);
    sd_netmap_result *again = sd_netmap_place(m, fonts, WIDTH);
    CHECK(same_ops(r, again), "%s: the same input gives the same drawing", what);
    sd_netmap_result_free(again);
    sd_netmap_result_free(r);
    sd_netmap_free(m);
}

static void test_generated(void)
{
    char what[64];
    const size_t sizes[] = {1, 2, 5, 12, 25, 40, 80, 150, 300};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (unsigned long s = 1; s <= 3; s++) {
            snprintf(what, sizeof what, "%zu persons, seed %lu", sizes[i], s);
            run_case(what, sizes[i], 0, 0, s);
        }
    for (unsigned long s = 1; s <= 5; s++) {
        snprintf(what, sizeof what, "40 persons, 15 in one cell, seed %lu", s);
        run_case(what, 40, 15, 0, s);
        snprintf(what, sizeof what, "40 persons, long names, seed %lu", s);
        run_case(what, 40, 15, 1, s);
    }
}

/* Few persons fit at full size; a crowded cell shrinks, then lists. */
static void test_crowded_cell(void)
{
    sd_netmap *m = base_card();
    add(m, "Mette Holm", "koordinator", 4, 2);
    sd_netmap_result *r = sd_netmap_place(m, fonts, WIDTH);
    CHECK(r->placed == 1 && r->overflow == 0, "one person is placed");
    CHECK(fabsf(r->label_size - 8.0f) < EPS, "one person's name is 8 pt (%.1f)", r->label_size);
    sd_netmap_result_free(r);
    for (int i = 0; i < 29; i++) {
        char name[32];
        snprintf(name, sizeof name, "Person Nummer %02d", i);
        add(m, name, "ven", 1, 1);
    }
    r = sd_netmap_place(m, fonts, WIDTH);
    check_card("29 in one inner cell", m, r);
    CHECK(r->overflow > 0, "29 persons do not all fit in one inner cell");
    CHECK(r->label_size < 8.0f, "their labels were shrunk first (%.1f)", r->label_size);
    int listed = 0;
    for (size_t i = 0; i < r->draw.n; i++)
        if (r->draw.ops[i].kind == SD_OP_TEXT && strstr(r->draw.ops[i].text, "Flere personer i feltet Slægt, nærhed 1"))
            listed = 1;
    CHECK(listed, "the list under the card names the field and the closeness");
    sd_netmap_result_free(r);
    sd_netmap_free(m);
}

/* Persons in a cell are ordered by plads, then by Danish name order. */
static void test_order(void)
{
    sd_netmap *m = base_card();
    add(m, "Åse", NULL, 1, 2);
    add(m, "Ærø", NULL, 1, 2);
    add(m, "Zenia", NULL, 1, 2);
    add(m, "Aaron", NULL, 1, 2);   /* "Aa" sorts as Å */
    add(m, "Bo", NULL, 1, 2);
    sd_netmap_result *r = sd_netmap_place(m, fonts, WIDTH);
    /* clockwise through Slægt (36°…108°): the angle grows with the order */
    double angle[5] = {0};
    for (size_t i = 0; i < r->nboxes; i++) {
        const sd_netmap_box *b = &r->boxes[i];
        if (b->kind == SD_NM_NODE)
            angle[b->person] = atan2(b->x + b->w / 2 - r->cx, r->cy - b->y - b->w / 2);
    }
    /* expected order: Bo, Zenia, Ærø, Aaron/Åse (by bytes: "Aaron" < "Åse") */
    CHECK(angle[4] < angle[2] && angle[2] < angle[1] && angle[1] < angle[3] &&
          angle[3] < angle[0], "Danish order clockwise: Bo %.2f Zenia %.2f Ærø %.2f Aaron %.2f Åse %.2f",
          angle[4], angle[2], angle[1], angle[3], angle[0]);
    sd_netmap_result_free(r);
    m->persons[0].order = 1;   /* Åse first */
    r = sd_netmap_place(m, fonts, WIDTH);
    for (size_t i = 0; i < r->nboxes; i++) {
        const sd_netmap_box *b = &r->boxes[i];
        if (b->kind == SD_NM_NODE)
            angle[b->person] = atan2(b->x + b->w / 2 - r->cx, r->cy - b->y - b->w / 2);
    }
    CHECK(angle[0] < angle[4], "plads: 1 comes before the names");
    sd_netmap_result_free(r);
    sd_netmap_free(m);
    CHECK(sd_compare_da("Ødegård", "Zulu") > 0, "Ø after Z");
    CHECK(sd_compare_da("Ærø", "Ødegård") < 0, "Æ before Ø");
    CHECK(sd_compare_da("Aase", "Ørjan") > 0, "Aa as Å, after Ø");
    CHECK(sd_compare_da("anne", "Bo") < 0, "case folded");
    CHECK(sd_compare_da("Bo", "Bo") == 0, "equal");
}

/* A blank card: rings, sectors, labels and "Den unge"; no person, no legend. */
static void test_blank(void)
{
    sd_netmap *m = generated(10, 0, 0, 7);
    m->blank = 1;
    sd_netmap_result *r = sd_netmap_place(m, fonts, WIDTH);
    size_t texts = 0, sectors = 0;
    for (size_t i = 0; i < r->draw.n; i++)
        texts += r->draw.ops[i].kind == SD_OP_TEXT;
    for (size_t i = 0; i < r->nboxes; i++)
        sectors += r->boxes[i].kind == SD_NM_SECTOR;
    CHECK(r->placed == 0 && sectors == 5, "blank: no persons, five sector labels");
    CHECK(texts == 6, "blank: five sector labels and \"Den unge\" (%zu texts)", texts);
    sd_netmap_result_free(r);
    sd_netmap_free(m);
}

/* Lines are drawn before nodes and labels, so they lie under them. */
static void test_drawing_order(void)
{
    sd_netmap *m = generated(12, 0, 0, 3);
    sd_netmap_add_link(m, 0, 5);
    sd_netmap_result *r = sd_netmap_place(m, fonts, WIDTH);
    /* a label is its white background, then its lines of text */
    size_t last_line = 0, first_label_text = r->draw.n;
    for (size_t i = 0; i < r->draw.n; i++) {
        if (r->draw.ops[i].kind == SD_OP_LINE && fabsf(r->draw.ops[i].line_width - 0.6f) < EPS)
            last_line = i;
        if (r->draw.ops[i].kind == SD_OP_RECT && i < first_label_text)
            first_label_text = i;
    }
    size_t first_node = r->draw.n;
    for (size_t i = 0; i < r->draw.n; i++)
        if (r->draw.ops[i].kind == SD_OP_CIRCLE && r->draw.ops[i].w < 10 && i < first_node)
            first_node = i;
    CHECK(last_line > 0 && last_line < first_node, "links (%zu) before nodes (%zu)", last_line,
          first_node);
    CHECK(last_line < first_label_text, "links before labels");
    sd_netmap_result_free(r);
    sd_netmap_free(m);
}

/* Hostile names: 100 000 characters. A person's label cannot be placed and
 * goes to the list; the young person's name ends with "…" inside the disc. */
static void test_huge_names(void)
{
    char *huge = sd_xmalloc(100001);
    memset(huge, 'x', 100000);
    huge[100000] = '\0';
    sd_netmap *m = base_card();
    free(m->centre_name);
    m->centre_name = sd_xstrdup(huge);
    add(m, huge, "ven", 0, 1);
    add(m, "Mette Holm", "koordinator", 4, 2);
    sd_netmap_result *r = sd_netmap_place(m, fonts, WIDTH);
    check_card("100 000-character names", m, r);
    CHECK(r->overflow == 1 && r->placed == 1, "the huge label goes to the list");
    int ellipsis = 0;
    for (size_t i = 0; i < r->nboxes; i++) {
        const sd_netmap_box *b = &r->boxes[i];
        if (b->kind == SD_NM_CENTRE)
            CHECK(b->y >= r->cy - r->centre_r - EPS && b->y + b->h <= r->cy + r->centre_r + EPS &&
                  b->h > 0, "the centre text stays in the disc (%.1f + %.1f)", b->y, b->h);
    }
    for (size_t i = 0; i < r->draw.n; i++)
        if (r->draw.ops[i].kind == SD_OP_TEXT && strstr(r->draw.ops[i].text, "x…"))
            ellipsis = 1;
    CHECK(ellipsis, "the young person's name is cut with an ellipsis");
    sd_netmap_result_free(r);
    sd_netmap_free(m);
    free(huge);
}

int main(void)
{
    sd_diags *dg = sd_diags_new();
    fonts = sd_fonts_load(FONT_PATHS, dg);
    sd_diags_free(dg);
    if (!fonts) {
        CHECK(0, "fonts load");
        return CHECK_REPORT();
    }
    test_generated();
    test_crowded_cell();
    test_huge_names();
    test_order();
    test_blank();
    test_drawing_order();
    sd_fonts_free(fonts);
    return CHECK_REPORT();
}
