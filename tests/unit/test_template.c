/* test_template.c — expanding templates/maalskema.xml against the Sara
 * example and as a blank form, asserting on the box tree. */
#include "check.h"
#include "load.h"
#include "records.h"
#include "template.h"
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEMPLATE "../../templates/maalskema.xml"
#define SCHEMA "../../templates/template.xsd"

/* Appends `s` without its soft hyphens (U+00AD, which layout draws only
 * where it breaks a line). */
static void put_visible(sd_buf *out, const char *s)
{
    for (; *s; s++) {
        if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xAD)
            s++;
        else
            sd_buf_putc(out, *s);
    }
}

/* The text of a box: runs joined, line breaks as "|", paragraphs and cells
 * separated by " / ", rows by newlines. */
static void box_text(const sd_box *b, sd_buf *out)
{
    for (size_t i = 0; i < b->nruns; i++) {
        if (b->runs[i].kind == SD_RUN_TEXT)
            put_visible(out, b->runs[i].text);
        else if (b->runs[i].kind == SD_RUN_LINEBREAK)
            sd_buf_puts(out, "|");
        else
            sd_buf_puts(out, b->runs[i].checked ? "[X]" : "[ ]");
    }
    for (size_t i = 0; i < b->nchildren; i++) {
        box_text(b->children[i], out);
        sd_buf_puts(out, b->kind == SD_BOX_TABLE ? "\n" : " / ");
    }
}

/* The row of `table` whose text contains `needle`, as text (caller frees). */
static char *row_with(const sd_box *table, const char *needle)
{
    for (size_t i = 0; i < table->nchildren; i++) {
        sd_buf t = {0};
        box_text(table->children[i], &t);
        if (strstr(sd_buf_cstr(&t), needle))
            return sd_buf_take(&t);
        sd_buf_free(&t);
    }
    return NULL;
}

static const sd_box *nth_table(const sd_document *doc, int n)
{
    for (size_t i = 0; i < doc->body->nchildren; i++)
        if (doc->body->children[i]->kind == SD_BOX_TABLE && n-- == 0)
            return doc->body->children[i];
    return NULL;
}

static xmlNodePtr meeting_file(sd_records *r)
{
    for (xmlNodePtr n = sd_records_root(r)->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "moedefil") == 0)
            return n;
    return NULL;
}

static void test_sara(const sd_template *t)
{
    sd_diags *d = sd_diags_new();
    sd_records *r = sd_records_new("../../examples/sara-nielsen");
    CHECK(sd_load_file(r, "../../examples/sara-nielsen/sag.yaml", "sagsfil", d) == 0, "sag.yaml loads");
    CHECK(sd_load_file(r, "../../examples/sara-nielsen/moede-2.yaml", "moedefil", d) == 0, "moede-2 loads");
    sd_expand_opts opts = {sd_date_parse("2026-11-23"), 0, 0, "samdoc test", SD_NO_DAY};
    sd_document *doc = sd_template_expand(t, r, meeting_file(r), &opts, d);
    CHECK(doc != NULL, "expands");
    if (!doc) {
        sd_diags_print(d, stdout);
        goto done;
    }
    CHECK(doc->page_width > doc->page_height, "landscape");
    CHECK_STR(doc->meta.title, "Mål- og aftaleskema", "title");
    CHECK_STR(doc->meta.author, "Horsens Kommune", "author is the municipality");
    CHECK(doc->meta.keywords && strstr(doc->meta.keywords, "2026-0147"), "keywords carry the case id");
    CHECK_STR(doc->meta.date, "2026-03-10", "creation date from the meeting, not the clock");
    CHECK_STR(doc->footer, "Sag 2026-0147 · Mål- og aftaleskema · Netværksmøde nr. 2 · side {side} af {sider}", "footer");

    const sd_box *goals = nth_table(doc, 0);
    CHECK(goals && goals->ncolumns == 8 && goals->header_rows == 1, "8-column goal table with a header");
    /* header + ss-1a, bo-1a, bo-1b, oe-1a, ud-1a, ar-1a, sm-1a, ne-1a + empty Andet */
    CHECK(goals && goals->nchildren == 10, "one row per delmål plus Andet (%zu)", goals ? goals->nchildren : 0);
    char *row = goals ? row_with(goals, "Flytte ind i lejligheden") : NULL;
    CHECK(row && strstr(row, "Sara (den unge) / Mette Holm (Myndighedskoordinatoren) / Jonas Berg (Bostøtte)"),
          "Ansvarlig for bo-1b: the young person first, then role order: %s", row ? row : "");
    CHECK(row && !strstr(row, "Have min egen lejlighed"), "goal text only on its first delmål row");
    CHECK(row && strstr(row, "7. april 2026, møde|Hjemmebesøg med Jonas"), "follow-up");
    free(row);
    row = goals ? row_with(goals, "Blive skrevet op") : NULL;
    CHECK(row && strstr(row, "Bolig") && strstr(row, "Have min egen lejlighed i Horsens"), "first bolig row has theme and goal");
    CHECK(row && strstr(row, "Ja|Skrevet op 10. februar"), "naaet");
    free(row);
    row = goals ? row_with(goals, "Andet") : NULL;
    CHECK(row && strcmp(row, "Andet /  /  /  /  /  /  /  /  / ") == 0, "Andet prints empty: [%s]", row ? row : "");
    free(row);
    sd_buf all = {0};
    if (goals)
        box_text(goals, &all);
    const char *s = sd_buf_cstr(&all);
    const char *themes[] = {"Social støtte", "Bolig", "Økonomi", "Uddannelse", "Arbejde",
                            "Sundhed og misbrug", "Netværk (privat og professionelt)", "Andet"};
    const char *prev = s;
    for (int i = 0; i < 8; i++) {
        const char *at = strstr(s, themes[i]);
        CHECK(at && at >= prev, "theme %s in order", themes[i]);
        if (at)
            prev = at;
    }
    CHECK(strstr(s, "Hvornår og hvordan følges der op?") != NULL, "typo fixed in header");
    sd_buf_free(&all);

    const sd_box *tasks = nth_table(doc, 1);
    row = tasks ? row_with(tasks, "tilbagemelding") : NULL;
    CHECK(row && strstr(row, "Mette Holm (Myndighedskoordinatoren) – senest torsdag den 12. marts 2026, sms og e-mail"),
          "task 2: %s", row ? row : "");
    free(row);
    row = tasks ? row_with(tasks, "møde igen") : NULL;
    CHECK(row && strstr(row, "tirsdag den 9. juni 2026, kl. 10.00"), "task 4: %s", row ? row : "");
    free(row);
    sd_buf body = {0};
    box_text(doc->body, &body);
    CHECK(!strstr(sd_buf_cstr(&body), "UDKAST"), "approved sheet has no draft band");
    CHECK(strstr(sd_buf_cstr(&body), "Godkendt af den unge: 11. marts 2026") != NULL, "approval date");
    CHECK(!strstr(sd_buf_cstr(&body), "230806"), "no CPR on the goal sheet");
    sd_buf_free(&body);
done:
    sd_document_free(doc);
    sd_records_free(r);
    sd_diags_free(d);
}

static void test_draft_band(const sd_template *t)
{
    sd_diags *d = sd_diags_new();
    sd_records *r = sd_records_new("x");
    sd_load_file(r, "../../examples/sara-nielsen/sag.yaml", "sagsfil", d);
    sd_load_file(r, "../../examples/sara-nielsen/moede-2.yaml", "moedefil", d);
    xmlNodePtr m = meeting_file(r);
    for (xmlNodePtr c = xmlFirstElementChild(xmlFirstElementChild(m)); c; c = xmlNextElementSibling(c))
        if (strcmp((const char *)c->name, "godkendt_af_ung") == 0) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            break;
        }
    sd_expand_opts opts = {sd_date_parse("2026-11-23"), 0, 0, "samdoc test", SD_NO_DAY};
    sd_document *doc = sd_template_expand(t, r, m, &opts, d);
    sd_buf body = {0};
    if (doc)
        box_text(doc->body, &body);
    CHECK(strstr(sd_buf_cstr(&body), "UDKAST – ikke godkendt af den unge") != NULL, "draft band when not approved");
    CHECK(doc && doc->footer && strncmp(doc->footer, "UDKAST – ikke godkendt af den unge · Sag 2026-0147", 52) == 0,
          "every page of a draft says so: %s", doc && doc->footer ? doc->footer : "");
    sd_buf_free(&body);
    sd_document_free(doc);
    sd_records_free(r);
    sd_diags_free(d);
}

static void test_blank(const sd_template *t)
{
    sd_diags *d = sd_diags_new();
    sd_expand_opts opts = {sd_date_parse("2026-11-23"), 1, 0, "samdoc test", SD_NO_DAY};
    sd_document *doc = sd_template_expand(t, NULL, NULL, &opts, d);
    CHECK(doc != NULL, "blank form expands");
    const sd_box *goals = doc ? nth_table(doc, 0) : NULL;
    /* header + the seed's blank rows: 2+2+2+2+1+2+2+1 */
    CHECK(goals && goals->nchildren == 15, "blank rows per theme (%zu)", goals ? goals->nchildren : 0);
    CHECK(doc && doc->footer && strcmp(doc->footer, "Mål- og aftaleskema · side {side} af {sider}") == 0,
          "blank footer: %s", doc && doc->footer ? doc->footer : "");
    sd_document_free(doc);
    sd_diags_free(d);
}

/* Writes `body` inside a <document> to a temporary template and loads it. */
static sd_template *small_template(const char *body, sd_diags *d)
{
    char path[] = "/tmp/samdoc-template-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f)
        return NULL;
    fprintf(f, "<document xmlns:sd=\"urn:samdoc\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
               "%s</document>", body);
    fclose(f);
    sd_template *t = sd_template_load(path, SCHEMA, d);
    unlink(path);
    return t;
}

static void test_inline_spaces_and_xpath_errors(void)
{
    sd_diags *d = sd_diags_new();
    sd_template *t = small_template(
        "<table columns=\"1*\"><row><cell><b>Delmål:</b> <value select=\"'x'\"/> "
        "<value select=\"'y'\"/></cell></row></table>", d);
    sd_expand_opts opts = {0, 1, 0, "samdoc test", SD_NO_DAY};
    sd_document *doc = t ? sd_template_expand(t, NULL, NULL, &opts, d) : NULL;
    sd_buf text = {0};
    if (doc)
        box_text(doc->body, &text);
    CHECK(strstr(sd_buf_cstr(&text), "Delmål: x y") != NULL,
          "spaces between inline elements in a cell: [%s]", sd_buf_cstr(&text));
    sd_buf_free(&text);
    sd_document_free(doc);
    sd_template_free(t);

    t = small_template("<p font=\"serif\" bold=\"true\">X</p><p font=\"serif\">Y <b>W</b></p>"
                       "<p><b>Z</b></p>", d);
    doc = t ? sd_template_expand(t, NULL, NULL, &opts, d) : NULL;
    CHECK(doc && doc->body->nchildren == 3, "three paragraphs");
    if (doc && doc->body->nchildren == 3) {
        CHECK(doc->body->children[0]->runs[0].face == SD_FACE_SERIF_BOLD, "serif bold");
        CHECK(doc->body->children[1]->runs[0].face == SD_FACE_SERIF, "serif");
        CHECK(doc->body->children[1]->runs[1].face == SD_FACE_SERIF_BOLD, "<b> in serif is serif bold");
        CHECK(doc->body->children[2]->runs[0].face == SD_FACE_BOLD, "<b> in sans is sans bold");
    }
    sd_document_free(doc);
    sd_template_free(t);

    sd_diags *inc = sd_diags_new();
    CHECK(small_template("<xi:include href=\"findes-ikke.xml\"/>", inc) == NULL,
          "a missing included file stops the template");
    CHECK(sd_diags_count(inc, SD_ERROR) == 1, "one diagnostic for the include");
    sd_diags_free(inc);

    t = small_template("<p><value select=\"$sag/ung/navn[\"/></p>", d);
    doc = t ? sd_template_expand(t, NULL, NULL, &opts, d) : NULL;
    CHECK(t && !doc, "a broken XPath stops the expansion");
    CHECK(sd_diags_count(d, SD_ERROR) == 1, "one diagnostic for it");
    sd_template_free(t);
    sd_diags_free(d);
}

static void test_broken_template(void)
{
    sd_diags *d = sd_diags_new();
    CHECK(sd_template_load("does-not-exist.xml", SCHEMA, d) == NULL, "missing template");
    CHECK(sd_diags_count(d, SD_ERROR) == 1, "one error for it");
    sd_diags_free(d);
}

int main(void)
{
    sd_diags *d = sd_diags_new();
    sd_template *t = sd_template_load(TEMPLATE, SCHEMA, d);
    CHECK(t != NULL, "maalskema.xml loads and satisfies template.xsd");
    if (!t) {
        sd_diags_print(d, stdout);
    } else {
        test_sara(t);
        test_draft_band(t);
        test_blank(t);
    }
    test_broken_template();
    test_inline_spaces_and_xpath_errors();
    sd_template_free(t);
    sd_diags_free(d);
    xmlCleanupParser();
    return CHECK_REPORT();
}
