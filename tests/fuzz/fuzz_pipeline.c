/* fuzz_pipeline.c — libFuzzer target for the whole pipeline: bytes → record
 * files → schemas and rules → template → layout → PDF in memory, for every
 * document the records allow. Nothing is written to disk. Built and run by
 * `make fuzz` and `make fuzz-smoke` (tests/fuzz/run.sh).
 *
 * The steps are samdoc.c's: load, validate, check glyphs, expand, lay out.
 * An input is a case folder in one piece: the record files one after the
 * other, each after a line "#@sag", "#@moede" or "#@diplom" (the first file
 * needs none: it is sag.yaml). Those lines are YAML comments, so a file the
 * fuzzer cut in the wrong place is still a file. The seeds are the example
 * and bad-input folders joined this way (tests/fuzz/seeds.sh).
 *
 * Every document type is laid out: the case documents (the network card,
 * its overview, the course overview, the diploma if there is a
 * diplom.yaml), the goal sheet and checklist of the last held meeting file,
 * the agenda of the last planned one; one of them, picked by a hash of the
 * input, is also rendered to PDF bytes. Odd-length inputs print CPR numbers
 * in full (--cpr full), even-length ones masked.
 *
 * Besides the sanitizers' findings, the target aborts when the contract is
 * broken: records that passed validation must expand (a failing XPath would
 * make `render` exit 2 on records `check` accepted), and every document laid
 * out must render to a PDF.
 */
#include "font.h"
#include "glyphs.h"
#include "layout.h"
#include "load.h"
#include "pdf.h"
#include "records.h"
#include "template.h"
#include "text.h"
#include "util.h"
#include "validate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SD_DATADIR
#define SD_DATADIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { CASE_DOC, HELD_DOC, PLANNED_DOC, DIPLOMA_DOC };

static const struct {
    const char *name;
    int kind;
} documents[] = {
    {"netvaerkskort", CASE_DOC}, {"netvaerksoverblik", CASE_DOC}, {"forloeb", CASE_DOC},
    {"diplom", DIPLOMA_DOC}, {"maalskema", HELD_DOC}, {"tjekliste", HELD_DOC},
    {"dagsorden", PLANNED_DOC},
};
#define NDOCS (sizeof documents / sizeof documents[0])

static sd_validator *validator;
static sd_fonts *fonts;
static char *font_paths[SD_FACE_COUNT];
static sd_template *templates[NDOCS];

static char *data_path(const char *dir, const char *rel)
{
    sd_buf b = {0};
    sd_buf_printf(&b, "%s/%s", dir, rel);
    return sd_buf_take(&b);
}

/* What every run needs, made once, as sd_context_new does. A broken data
 * folder is no finding: stop at once. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *env = getenv("SAMDOC_DATA");
    const char *dir = env && *env ? env : SD_DATADIR;
    sd_diags *d = sd_diags_new();
    char *schemas = data_path(dir, "schemas");
    validator = sd_validator_new(schemas, d);
    free(schemas);
    static const char *const faces[SD_FACE_COUNT] = {
        "fonts/SamdocSans.ttf", "fonts/SamdocSans-Bold.ttf", "fonts/SamdocSerif.ttf",
        "fonts/SamdocSerif-Bold.ttf"};
    for (int i = 0; i < SD_FACE_COUNT; i++)
        font_paths[i] = data_path(dir, faces[i]);
    fonts = sd_fonts_load((const char *const *)font_paths, d);
    char *schema = data_path(dir, "templates/template.xsd");
    int ok = validator && fonts;
    for (size_t k = 0; k < NDOCS && ok; k++) {
        sd_buf path = {0};
        sd_buf_printf(&path, "%s/templates/%s.xml", dir, documents[k].name);
        templates[k] = sd_template_load(sd_buf_cstr(&path), schema, d);
        ok = templates[k] != NULL;
        sd_buf_free(&path);
    }
    free(schema);
    if (!ok) {
        sd_diags_print(d, stderr);
        fprintf(stderr, "fuzz_pipeline: the data folder %s is incomplete\n", dir);
        exit(2);
    }
    sd_diags_free(d);
    return 0;
}

/* The root element and file name of a record file that starts after the
 * marker line "#@word". */
static const char *root_for(const uint8_t *word, size_t n, const char **file)
{
    if (n >= 3 && memcmp(word, "sag", 3) == 0) {
        *file = "sag.yaml";
        return "sagsfil";
    }
    if (n >= 6 && memcmp(word, "diplom", 6) == 0) {
        *file = "diplom.yaml";
        return "diplomfil";
    }
    *file = "moede.yaml";
    return "moedefil";
}

/* The index of the line break before the next "#@" line at or after
 * `from`, or `size`. */
static size_t next_marker(const uint8_t *data, size_t size, size_t from)
{
    for (size_t i = from; i + 2 < size; i++)
        if (data[i] == '\n' && data[i + 1] == '#' && data[i + 2] == '@')
            return i;
    return size;
}

/* Loads every record file of the input into `r`; returns the number of
 * files that failed. */
static int load_all(sd_records *r, const uint8_t *data, size_t size, sd_diags *d)
{
    int failed = 0, nfile = 0;
    const char *file = "sag.yaml", *root = "sagsfil";
    size_t start = 0;
    for (;;) {
        size_t end = next_marker(data, size, start);
        char name[32];
        snprintf(name, sizeof name, "%d-%s", ++nfile, file);
        /* the line break before a marker ends the file */
        size_t len = end - start + (end < size);
        failed += sd_load_buffer(r, name, data + start, len, root, d) != 0;
        if (end == size)
            return failed;
        size_t word = end + 3, eol = word;
        while (eol < size && data[eol] != '\n')
            eol++;
        root = root_for(data + word, eol - word, &file);
        start = eol < size ? eol + 1 : size;
    }
}

static int child_is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name);
}

/* The status of a meeting file element: "afholdt", "planlagt", … (the
 * schema made sure there is one). */
static int meeting_has_status(xmlNodePtr file, const char *status)
{
    for (xmlNodePtr m = file->children; m; m = m->next) {
        if (!child_is(m, "moede"))
            continue;
        for (xmlNodePtr c = m->children; c; c = c->next) {
            if (!child_is(c, "status"))
                continue;
            xmlChar *s = xmlNodeGetContent(c);
            int yes = s && xmlStrEqual(s, BAD_CAST status);
            xmlFree(s);
            return yes;
        }
    }
    return 0;
}

static void render_one(size_t k, sd_records *r, xmlNodePtr meeting, int cpr_full, int pdf_too,
                       sd_diags *d)
{
    sd_expand_opts opts = {sd_date_make(2026, 11, 23), 0, cpr_full, "samdoc fuzz",
                           sd_date_make(2026, 11, 23)};
    sd_document *doc = sd_template_expand(templates[k], r, meeting, &opts, d);
    if (!doc) {
        sd_diags_print(d, stderr);
        fprintf(stderr, "fuzz_pipeline: %s: valid records, but the template failed\n",
                documents[k].name);
        abort();
    }
    sd_pages *pages = sd_layout(doc, fonts, d);
    if (pages && pdf_too) {
        unsigned char *pdf = NULL;
        size_t len = 0;
        if (sd_pdf_render(pages, &doc->meta, (const char *const *)font_paths, NULL, &pdf, &len, d) != 0 ||
            len < 8 || memcmp(pdf, "%PDF-1.", 7) != 0) {
            sd_diags_print(d, stderr);
            fprintf(stderr, "fuzz_pipeline: %s: laid out, but no PDF\n", documents[k].name);
            abort();
        }
        free(pdf);
    }
    sd_pages_free(pages);
    sd_document_free(doc);
}

/* Which of the documents laid out is also rendered to PDF: one per input,
 * picked by a hash of the bytes. Rendering embeds the fonts, some 100 ms
 * under the sanitizers; all of them for every input left a minute for
 * little more than the seeds. */
static unsigned pick(const uint8_t *data, size_t size)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_records *r = sd_records_new("fuzz");
    sd_diags *d = sd_diags_new();
    int cpr_full = size & 1;
    if (load_all(r, data, size, d) == 0 &&
        sd_validate(validator, r, sd_date_make(2026, 11, 23), d) == 0 &&
        sd_glyphs_check(r, fonts->face[SD_FACE_REGULAR], d) == 0) {
        xmlNodePtr root = sd_records_root(r), held = NULL, planned = NULL;
        int has_diploma = 0;
        for (xmlNodePtr f = root->children; f; f = f->next) {
            has_diploma |= child_is(f, "diplomfil");
            if (child_is(f, "moedefil") && meeting_has_status(f, "afholdt"))
                held = f;
            if (child_is(f, "moedefil") && meeting_has_status(f, "planlagt"))
                planned = f;
        }
        /* the case documents, and the meeting documents of the last held
         * and the last planned meeting file */
        xmlNodePtr meeting[NDOCS];
        size_t n = 0, todo[NDOCS];
        for (size_t k = 0; k < NDOCS; k++) {
            int kind = documents[k].kind;
            xmlNodePtr m = kind == HELD_DOC ? held : kind == PLANNED_DOC ? planned : NULL;
            if ((kind == CASE_DOC) || (kind == DIPLOMA_DOC && has_diploma) || m) {
                meeting[n] = m;
                todo[n++] = k;
            }
        }
        unsigned with_pdf = n ? pick(data, size) % n : 0;
        for (size_t i = 0; i < n; i++)
            render_one(todo[i], r, meeting[i], cpr_full, i == with_pdf, d);
    }
    sd_diags_free(d);
    sd_records_free(r);
    return 0;
}
