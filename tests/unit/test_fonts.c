/* test_fonts.c — the committed fonts hold exactly the characters of
 * fonts/charset.txt: none outside it (no Greek, Cyrillic, CJK …), and every
 * character the file marks `all` in every face, `sans` in the sans faces.
 * Plus the names and marks samdoc is promised to print, and metrics that
 * still equal DejaVu's (the reduced fonts must lay out as the full ones did).
 * Runs in tests/unit. */
#include "check.h"
#include "font.h"
#include "text.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHARSET "../../fonts/charset.txt"
#define NCP 0x10000u

static const char *const paths[SD_FACE_COUNT] = {
    "../../fonts/SamdocSans.ttf", "../../fonts/SamdocSans-Bold.ttf",
    "../../fonts/SamdocSerif.ttf", "../../fonts/SamdocSerif-Bold.ttf"};

static int is_sans(int face)
{
    return face == SD_FACE_REGULAR || face == SD_FACE_BOLD;
}

/* Reads charset.txt: allowed[cp] = 1 for every listed code point; need[cp]
 * = 2 if every face must have it, 1 if the sans faces must. */
static int read_charset(unsigned char *allowed, unsigned char *need)
{
    FILE *f = fopen(CHARSET, "r");
    if (!f)
        return -1;
    char line[512];
    int ranges = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned first, last;
        char faces[16];
        if (line[0] == '#' || line[0] == '\n')
            continue;
        int n = sscanf(line, "%x-%x %15s", &first, &last, faces);
        if (n != 3) {
            n = sscanf(line, "%x %15s", &first, faces);
            last = first;
            if (n != 2)
                continue;
        }
        if (first > last || last >= NCP)
            continue;
        ranges++;
        for (unsigned c = first; c <= last; c++) {
            allowed[c] = 1;
            need[c] = strcmp(faces, "all") == 0 ? 2 : strcmp(faces, "sans") == 0 ? 1 : 0;
        }
    }
    fclose(f);
    return ranges;
}

/* Each character of the UTF-8 string `s` is in face `f`. */
static int prints(const sd_font *f, const char *s, uint32_t *missing)
{
    const char *p = s, *end = s + strlen(s);
    while (p < end) {
        uint32_t c = sd_utf8_next(&p, end);
        if (!sd_font_has_glyph(f, c)) {
            *missing = c;
            return 0;
        }
    }
    return 1;
}

int main(void)
{
    unsigned char *allowed = sd_xcalloc(NCP, 1), *need = sd_xcalloc(NCP, 1);
    int ranges = read_charset(allowed, need);
    CHECK(ranges >= 10, "charset.txt read (%d ranges)", ranges);

    sd_diags *d = sd_diags_new();
    sd_fonts *fonts = sd_fonts_load(paths, d);
    CHECK(fonts != NULL, "the four committed fonts load");
    if (!fonts) {
        sd_diags_print(d, stdout);
        return CHECK_REPORT();
    }

    for (int face = 0; face < SD_FACE_COUNT; face++) {
        const sd_font *f = fonts->face[face];
        unsigned extra = 0, lacking = 0, count = 0, first_extra = 0, first_lacking = 0;
        for (unsigned c = 0; c < NCP; c++) {
            int has = sd_font_has_glyph(f, c);
            count += (unsigned)has;
            if (has && !allowed[c] && !extra++)
                first_extra = c;
            if (!has && (need[c] == 2 || (need[c] == 1 && is_sans(face))) && !lacking++)
                first_lacking = c;
        }
        CHECK(extra == 0, "%s: %u characters outside charset.txt (first U+%04X)", paths[face],
              extra, first_extra);
        CHECK(lacking == 0, "%s: %u characters of charset.txt missing (first U+%04X)",
              paths[face], lacking, first_lacking);
        CHECK(count > 900 && count < 1100, "%s: %u characters", paths[face], count);

        /* What the fonts are for, spelled out. */
        uint32_t miss = 0;
        CHECK(prints(f, "Şahin Łukasz Nguyễn Əliyev Ørsted Đặng Ștefan Gʻulom Æblø Åse", &miss),
              "%s: the names print (U+%04X missing)", paths[face], (unsigned)miss);
        CHECK(prints(f, "– — ‘’ „“ ” • … € § · \xC2\xA0 \xC2\xAD → −", &miss),
              "%s: punctuation and symbols print (U+%04X missing)", paths[face], (unsigned)miss);
        CHECK(!sd_font_has_glyph(f, 0x0413) && !sd_font_has_glyph(f, 0x03B1) &&
              !sd_font_has_glyph(f, 0x4E2D), "%s: no Cyrillic, Greek or CJK", paths[face]);
    }
    uint32_t miss = 0;
    CHECK(prints(fonts->face[SD_FACE_REGULAR], "☐☑☒✓✗", &miss) &&
          prints(fonts->face[SD_FACE_BOLD], "☐☑☒✓✗", &miss),
          "check marks in the sans faces (U+%04X missing)", (unsigned)miss);

    /* DejaVu's metrics, unchanged (unitsPerEm 2048; values from the full
     * fonts): 'A' 1401 → 684, 'å' 1255 → 612, '–' 1024 → 500 in Sans; 'W'
     * 2259 → 1103 in Sans Bold; 'M' 2097 → 1023 in Serif. */
    CHECK(sd_font_advance(fonts->face[SD_FACE_REGULAR], 'A') == 684, "Sans A");
    CHECK(sd_font_advance(fonts->face[SD_FACE_REGULAR], 0xE5) == 612, "Sans å: %d",
          sd_font_advance(fonts->face[SD_FACE_REGULAR], 0xE5));
    CHECK(sd_font_advance(fonts->face[SD_FACE_REGULAR], 0x2013) == 500, "Sans –: %d",
          sd_font_advance(fonts->face[SD_FACE_REGULAR], 0x2013));
    CHECK(sd_font_advance(fonts->face[SD_FACE_BOLD], 'W') == 1103, "Sans Bold W: %d",
          sd_font_advance(fonts->face[SD_FACE_BOLD], 'W'));
    CHECK(sd_font_advance(fonts->face[SD_FACE_SERIF], 'M') == 1023, "Serif M: %d",
          sd_font_advance(fonts->face[SD_FACE_SERIF], 'M'));
    CHECK(sd_font_ascent(fonts->face[SD_FACE_REGULAR]) == 928 &&
          sd_font_descent(fonts->face[SD_FACE_REGULAR]) == -235, "Sans ascent and descent");

    sd_fonts_free(fonts);
    sd_diags_free(d);
    free(allowed);
    free(need);
    return CHECK_REPORT();
}
