/* test_glyphs.c — glyphs.c: characters the body font has no glyph for are
 * reported per field, naming it. Runs with tests/unit as the working
 * directory. */
#include "check.h"
#include "glyphs.h"
#include "load.h"
#include "records.h"
#include "util.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

static sd_font *font;

/* The diagnostics of checking `yaml` (which must load), as printed. */
static char *check_yaml(const char *yaml, size_t *errors)
{
    sd_records *r = sd_records_new("t");
    sd_diags *d = sd_diags_new();
    CHECK(sd_load_buffer(r, "t.yaml", (const unsigned char *)yaml, strlen(yaml), "fil", d) == 0,
          "loads: %s", yaml);
    *errors = sd_glyphs_check(r, font, d);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sd_diags_print(d, f);
    fclose(f);
    sd_diags_free(d);
    sd_records_free(r);
    return buf;
}

static void expect(const char *what, const char *yaml, size_t want_errors, const char *want)
{
    size_t errors;
    char *got = check_yaml(yaml, &errors);
    CHECK(errors == want_errors, "%s: %zu errors, want %zu", what, errors, want_errors);
    CHECK_STR(got, want, "%s", what);
    free(got);
}

int main(void)
{
    sd_diags *d = sd_diags_new();
    font = sd_font_load("../../fonts/SamdocSans.ttf", d);
    sd_diags_free(d);
    CHECK(font != NULL, "the body font loads");
    if (!font)
        return CHECK_REPORT();
    expect("Danish, NBSP, soft hyphen, line breaks", "a: \"Ærø\\u00a0å\\u00adø\\nny\\tlinje\"\n",
           0, "");
    expect("one character", "ung:\n  navn: Sara 漢\n", 1,
           "t.yaml:2:3: fejl: Feltet \"navn\" indeholder tegnet \"漢\" (U+6F22), som skrifttypen "
           "ikke har, så det kan ikke skrives i dokumentet. Slet det, eller skriv det med andre "
           "tegn.\n");
    expect("a list entry, repeats named once", "emner:\n  - ok\n  - 漢字漢\n", 1,
           "t.yaml:3:5: fejl: Punkt 2 i \"emner\" indeholder tegn, som skrifttypen ikke har: "
           "\"漢\" (U+6F22) og \"字\" (U+5B57). De kan ikke skrives i dokumentet; slet dem, "
           "eller skriv dem med andre tegn.\n");
    expect("more than three", "a: 一二三四\n", 1,
           "t.yaml:1:1: fejl: Feltet \"a\" indeholder tegn, som skrifttypen ikke har: "
           "\"一\" (U+4E00), \"二\" (U+4E8C), \"三\" (U+4E09) og flere. De kan ikke skrives i "
           "dokumentet; slet dem, eller skriv dem med andre tegn.\n");
    /* at most 50 messages per file, then one line for the rest */
    sd_buf many = {0};
    for (int i = 0; i < 60; i++)
        sd_buf_printf(&many, "k%d: 漢\n", i);
    size_t errors;
    char *got = check_yaml(sd_buf_cstr(&many), &errors);
    size_t lines = 0;
    for (const char *p = got; p && *p; p++)
        lines += *p == '\n';
    CHECK(errors == 60 && lines == 51, "60 fields: 60 errors, 51 lines (%zu, %zu)", errors, lines);
    CHECK(got && strstr(got, "t.yaml: fejl: Flere end 50 felter i filen indeholder tegn"),
          "the rest in one line");
    free(got);
    sd_buf_free(&many);
    sd_font_free(font);
    xmlCleanupParser();
    return CHECK_REPORT();
}
