/* test_timeline.c — the course timeline (timeline.c): the axis range, the
 * labels of crowded marks never overlapping, items without a date left out.
 * Run from tests/unit (the fonts are at ../../fonts/). */
#include "check.h"
#include "box.h"
#include "diag.h"
#include "font.h"
#include "text.h"
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const FONT_PATHS[SD_FACE_COUNT] = {
    "../../fonts/SamdocSans.ttf", "../../fonts/SamdocSans-Bold.ttf",
    "../../fonts/SamdocSerif.ttf", "../../fonts/SamdocSerif-Bold.ttf"};

static sd_fonts *fonts;
static const float WIDTH = 270.0f * 72.0f / 25.4f;

static long day(const char *iso)
{
    return sd_date_parse(iso);
}

/* The box of a text op (y upwards, as stored). */
typedef struct tbox { float x0, x1, y0, y1; } tbox;

static tbox text_box(const sd_op *op)
{
    float w = sd_font_text_width(fonts->face[op->face], op->text, strlen(op->text), op->size);
    return (tbox){op->x, op->x + w, op->y - op->size * 0.25f, op->y + op->size * 0.75f};
}

static int overlap(tbox a, tbox b)
{
    return a.x0 < b.x1 - 0.01f && b.x0 < a.x1 - 0.01f && a.y0 < b.y1 - 0.01f &&
           b.y0 < a.y1 - 0.01f;
}

static void test_range_and_labels(void)
{
    sd_timeline *t = sd_timeline_new();
    sd_tl_lane *l = sd_timeline_add_lane(t, "Netværksmøder");
    /* twelve meetings in two weeks: their labels must stagger */
    for (int i = 0; i < 12; i++) {
        char iso[16], label[16];
        snprintf(iso, sizeof iso, "2026-03-%02d", 2 + i);
        snprintf(label, sizeof label, "nr. %d", i + 1);
        sd_timeline_add_mark(l, day(iso), label, i % 2 ? SD_TL_RING : SD_TL_DOT);
    }
    sd_timeline_add_span(l, day("2026-01-12"), day("2026-10-01"), "Samarbejdsmodellen", 1, 1);
    sd_timeline_add_span(l, day("2026-05-01"), day("2026-04-01"), "bagvendt", 1, 0);
    sd_timeline_add_mark(l, SD_NO_DAY, "ingen dato", SD_TL_TICK);
    sd_timeline_add_line(t, day("2026-11-23"), "I dag");
    sd_timeline_add_key(t, SD_TL_DOT, 0, 0, "afholdt møde");
    sd_timeline_result *r = sd_timeline_place(t, fonts, WIDTH);
    CHECK(r->first == day("2026-01-01") && r->last == day("2026-11-30"),
          "the axis runs from 1 January to 30 November");
    CHECK(l->nspans == 1 && l->nmarks == 12, "a backwards span and a mark without date are left out");
    size_t texts = 0, overlaps = 0, outside = 0;
    for (size_t i = 0; i < r->draw.n; i++) {
        const sd_op *a = &r->draw.ops[i];
        if (a->kind != SD_OP_TEXT)
            continue;
        texts++;
        tbox ba = text_box(a);
        if (ba.x0 < -0.01f || ba.x1 > WIDTH + 0.01f || -ba.y0 > r->height + 0.01f)
            outside++;
        for (size_t j = i + 1; j < r->draw.n; j++)
            if (r->draw.ops[j].kind == SD_OP_TEXT && overlap(ba, text_box(&r->draw.ops[j]))) {
                overlaps++;
                printf("  overlap: \"%s\" and \"%s\"\n", a->text, r->draw.ops[j].text);
            }
    }
    CHECK(texts > 20, "axis, lane, labels and legend are written (%zu texts)", texts);
    CHECK(overlaps == 0, "no two texts overlap (%zu)", overlaps);
    CHECK(outside == 0, "every text inside the block (%zu outside)", outside);
    sd_timeline_result_free(r);
    sd_timeline_free(t);
}

static void test_empty(void)
{
    sd_timeline *t = sd_timeline_new();
    sd_timeline_add_lane(t, "Forløbet");
    t->empty = strdup("Sagen har endnu ingen datoer.");
    sd_timeline_result *r = sd_timeline_place(t, fonts, WIDTH);
    CHECK(r->draw.n == 1 && r->draw.ops[0].kind == SD_OP_TEXT &&
          strcmp(r->draw.ops[0].text, t->empty) == 0, "no dates: the empty text alone");
    sd_timeline_result_free(r);
    sd_timeline_free(t);
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
    test_range_and_labels();
    test_empty();
    sd_fonts_free(fonts);
    return CHECK_REPORT();
}
