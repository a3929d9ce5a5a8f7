/* font.c — see font.h.
 *
 * A TrueType reader for metrics only. The whole file is read into memory,
 * the five tables we need are located through the table directory, and two
 * tables are built once: code point (BMP) → glyph id, in pages of 256 code
 * points allocated only where the font has characters (a few KB for
 * samdoc's fonts instead of 128 KB a face), and glyph id → advance in
 * 1/1000 em. Every later question (sd_font_advance, sd_font_has_glyph) is
 * then three array look-ups, which keeps layout of long tables fast.
 *
 * The numbers are computed the way libharu 2.3.0 computes them
 * (src/hpdf_fontdef_tt.c at RELEASE_2_3_0), because pdf.c draws with libharu
 * and text must end where layout said it would:
 *   - the cmap used is the first platform 3 / encoding 1 / format 4 subtable
 *     (libharu reads no other Unicode subtable; we fall back to 3/10 format 12
 *     or a platform 0 subtable only for fonts libharu could not use anyway);
 *   - advance = (unsigned) advanceWidth * 1000 / unitsPerEm, truncated
 *     (HPDF_TTFontDef_GetCharWidth); glyphs past numberOfHMetrics repeat the
 *     last advance (ParseHmtx);
 *   - ascent/descent = hhea ascender/descender * 1000 / unitsPerEm, truncated
 *     towards zero (ParseHhea; HPDF_Font_GetAscent returns exactly that);
 *   - a text's width is the integer sum of its advances, times the size,
 *     divided by 1000, in float (HPDF_Page_TextWidth over the CID font's
 *     TextWidth in src/hpdf_font_cid.c).
 *
 * Fonts are trusted build inputs, but every read is bounds-checked so a
 * truncated or damaged file gives a diagnostic, never a crash.
 */
#include "font.h"
#include "text.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BMP_SIZE 0x10000u
#define MAX_FONT_FILE (64u * 1024u * 1024u)   /* far above any real TTF */

struct sd_font {
    char *path;            /* owned */
    unsigned units_per_em;
    int ascent, descent;   /* 1/1000 em */
    unsigned nglyphs;      /* glyph ids are < nglyphs */
    uint16_t *page[BMP_SIZE / 256];   /* owned: code point -> glyph id (0 = none), by
                                         pages of 256; NULL: none in the page */
    uint16_t *advance;     /* owned: nglyphs entries, 1/1000 em */
};

/* ---- bounds-checked big-endian reading ---- */

/* A borrowed window [p, p+n) of the file. A read outside it sets `bad` and
 * yields 0, so parsing code can read first and check once. */
typedef struct span {
    const unsigned char *p;   /* borrowed from the file buffer */
    size_t n;
    int bad;
} span;

static int in_span(span *s, size_t off, size_t len)
{
    if (off > s->n || s->n - off < len) {
        s->bad = 1;
        return 0;
    }
    return 1;
}

static unsigned get_u16(span *s, size_t off)
{
    if (!in_span(s, off, 2))
        return 0;
    return (unsigned)s->p[off] << 8 | s->p[off + 1];
}

static int get_s16(span *s, size_t off)
{
    unsigned v = get_u16(s, off);
    return v >= 0x8000u ? (int)v - 0x10000 : (int)v;
}

static uint32_t get_u32(span *s, size_t off)
{
    if (!in_span(s, off, 4))
        return 0;
    return (uint32_t)s->p[off] << 24 | (uint32_t)s->p[off + 1] << 16 |
           (uint32_t)s->p[off + 2] << 8 | s->p[off + 3];
}

/* The sub-window [off, off+len) of `s`, or an empty window marked bad. */
static span sub_span(span *s, size_t off, size_t len)
{
    span out = {NULL, 0, 1};
    if (in_span(s, off, len))
        out = (span){s->p + off, len, 0};
    return out;
}

/* ---- reading the file ---- */

/* Reads the whole file; returns a malloc'ed buffer (caller frees) or NULL
 * with errno set. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        void *items = buf;
        sd_grow(&items, &cap, n + 65536, 1);
        buf = items;
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0 || n > MAX_FONT_FILE)
            break;
    }
    int failed = ferror(f) || n > MAX_FONT_FILE;
    fclose(f);
    if (failed) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    *len = n;
    return buf;
}

/* Finds table `tag` in the table directory; a window on it, or bad. */
static span find_table(span *file, const char *tag)
{
    unsigned ntables = get_u16(file, 4);
    for (unsigned i = 0; i < ntables; i++) {
        size_t rec = 12 + (size_t)i * 16;
        if (!in_span(file, rec, 16))
            break;
        if (memcmp(file->p + rec, tag, 4) == 0)
            return sub_span(file, get_u32(file, rec + 8), get_u32(file, rec + 12));
    }
    return (span){NULL, 0, 1};
}

/* The first table of the directory that lies outside the file or whose
 * checksum is wrong: copied into `tag` (5 bytes), and 1 for out of the file,
 * 2 for the checksum; 0 if all are whole. libharu copies glyph outlines and
 * other tables into the PDF without looking, so a font damaged where the
 * metrics do not show it (a cut-off 'post', garbage in 'glyf') would give
 * PDFs with broken glyphs and no error; the checksums find it. The sum is
 * of big-endian 32-bit words, the last one padded with zeros; 'head' counts
 * its checkSumAdjustment (bytes 8-11) as zero. */
static int damaged_table(span *file, char tag[5])
{
    unsigned ntables = get_u16(file, 4);
    for (unsigned i = 0; i < ntables && !file->bad; i++) {
        size_t rec = 12 + (size_t)i * 16;
        uint32_t want = get_u32(file, rec + 4), off = get_u32(file, rec + 8),
                 len = get_u32(file, rec + 12);
        if (file->bad)
            break;
        memcpy(tag, file->p + rec, 4);
        tag[4] = '\0';
        if (!in_span(file, off, len)) {
            file->bad = 0;
            return 1;
        }
        const unsigned char *p = file->p + off;
        uint32_t sum = 0, last = 0;
        size_t whole = len & ~(size_t)3;
        for (size_t k = 0; k < whole; k += 4)   /* a plain loop the compiler vectorises */
            sum += (uint32_t)p[k] << 24 | (uint32_t)p[k + 1] << 16 | (uint32_t)p[k + 2] << 8 | p[k + 3];
        for (size_t k = whole; k < len; k++)
            last |= (uint32_t)p[k] << (24 - 8 * (k - whole));
        sum += last;
        if (memcmp(tag, "head", 4) == 0 && len >= 12)
            sum -= (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
        if (sum != want)
            return 2;
    }
    return 0;
}

/* ---- cmap ---- */

static const uint16_t no_glyphs[256];   /* the page of a range with no characters */

static unsigned glyph_of(const sd_font *f, uint32_t c)
{
    const uint16_t *pg = f->page[c >> 8];
    return (pg ? pg : no_glyphs)[c & 0xFF];
}

static void set_glyph(sd_font *f, uint32_t c, unsigned g)
{
    if (!g)
        return;
    if (!f->page[c >> 8])
        f->page[c >> 8] = sd_xcalloc(256, sizeof(uint16_t));
    f->page[c >> 8][c & 0xFF] = (uint16_t)g;
}

/* Fills f's glyph pages from a format 4 subtable starting at `off` of `cmap`. The
 * subtable's own length field is not trusted (it is 16 bits and some fonts
 * overflow it); reads are bounded by the cmap table instead. Where segments
 * overlap the first one wins, as in libharu's linear segment search. */
static void read_format4(sd_font *f, span *cmap, size_t off)
{
    span t = sub_span(cmap, off, cmap->n > off ? cmap->n - off : 0);
    unsigned segx2 = get_u16(&t, 6);
    size_t ends = 14, starts = 16 + segx2, deltas = 16 + 2 * (size_t)segx2,
           ranges = 16 + 3 * (size_t)segx2;
    for (size_t i = 0; i < segx2 / 2 && !t.bad; i++) {
        uint32_t end = get_u16(&t, ends + 2 * i);
        uint32_t start = get_u16(&t, starts + 2 * i);
        unsigned delta = get_u16(&t, deltas + 2 * i);
        size_t ro_pos = ranges + 2 * i;
        unsigned ro = get_u16(&t, ro_pos);
        for (uint32_t c = start; c <= end && !t.bad; c++) {
            if (glyph_of(f, c))
                continue;
            unsigned g;
            if (ro == 0) {
                g = (c + delta) & 0xFFFFu;
            } else {
                /* idRangeOffset counts bytes from its own position. A glyph
                 * entry outside the table means "no glyph", not a bad font. */
                span probe = t;
                unsigned v = get_u16(&probe, ro_pos + ro + 2 * (size_t)(c - start));
                g = v ? (v + delta) & 0xFFFFu : 0;
            }
            set_glyph(f, c, g < f->nglyphs ? g : 0);
        }
    }
}

/* Fills f's glyph pages from a format 12 subtable (the BMP part is enough). */
static void read_format12(sd_font *f, span *cmap, size_t off)
{
    span t = sub_span(cmap, off, cmap->n > off ? cmap->n - off : 0);
    uint32_t ngroups = get_u32(&t, 12);
    for (uint32_t i = 0; i < ngroups && !t.bad; i++) {
        size_t g0 = 16 + (size_t)i * 12;
        uint32_t start = get_u32(&t, g0), end = get_u32(&t, g0 + 4);
        uint32_t gid = get_u32(&t, g0 + 8);
        if (end >= BMP_SIZE)
            end = BMP_SIZE - 1;
        for (uint32_t c = start; c <= end && !t.bad; c++) {
            uint32_t g = gid + (c - start);
            if (!glyph_of(f, c))
                set_glyph(f, c, g < f->nglyphs ? g : 0);
        }
    }
}

/* Picks the Unicode subtable (see the top of the file for the order) and
 * reads it. Returns 0, or -1 if the font has none we understand. */
static int read_cmap(sd_font *f, span *file)
{
    span cmap = find_table(file, "cmap");
    unsigned n = get_u16(&cmap, 2);
    size_t best = 0;
    int best_rank = 0;
    unsigned best_format = 0;
    for (unsigned i = 0; i < n && !cmap.bad; i++) {
        size_t rec = 4 + (size_t)i * 8;
        unsigned platform = get_u16(&cmap, rec), encoding = get_u16(&cmap, rec + 2);
        uint32_t off = get_u32(&cmap, rec + 4);
        span probe = cmap;
        unsigned format = get_u16(&probe, off);
        if (probe.bad)
            continue;
        int rank = 0;
        if (platform == 3 && encoding == 1 && format == 4)
            rank = 4;
        else if (platform == 3 && encoding == 10 && format == 12)
            rank = 3;
        else if (platform == 0 && (format == 4 || format == 12))
            rank = 2;
        if (rank > best_rank) {
            best_rank = rank;
            best = off;
            best_format = format;
        }
    }
    if (cmap.bad || best_rank == 0)
        return -1;
    if (best_format == 4)
        read_format4(f, &cmap, best);
    else
        read_format12(f, &cmap, best);
    return 0;
}

/* ---- head, hhea, maxp, hmtx ---- */

/* Reads everything but the cmap. Returns NULL on success, or the name of
 * the table that is missing or broken. */
static const char *read_metrics(sd_font *f, span *file)
{
    span head = find_table(file, "head");
    f->units_per_em = get_u16(&head, 18);
    if (head.bad || f->units_per_em == 0)
        return "head";

    span maxp = find_table(file, "maxp");
    f->nglyphs = get_u16(&maxp, 4);
    if (maxp.bad || f->nglyphs == 0)
        return "maxp";

    span hhea = find_table(file, "hhea");
    int asc = get_s16(&hhea, 4), desc = get_s16(&hhea, 6);
    unsigned nh = get_u16(&hhea, 34);
    if (hhea.bad || nh == 0)
        return "hhea";
    /* int division truncates towards zero, like libharu's HPDF_INT32 maths */
    f->ascent = asc * 1000 / (int)f->units_per_em;
    f->descent = desc * 1000 / (int)f->units_per_em;

    span hmtx = find_table(file, "hmtx");
    if (nh > f->nglyphs)
        nh = f->nglyphs;
    f->advance = sd_xcalloc(f->nglyphs, sizeof(uint16_t));
    unsigned last = 0;
    for (unsigned g = 0; g < f->nglyphs; g++) {
        if (g < nh)
            last = (uint16_t)((unsigned)get_u16(&hmtx, 4 * (size_t)g) * 1000u /
                              f->units_per_em);
        f->advance[g] = (uint16_t)last;
    }
    return hmtx.bad ? "hmtx" : NULL;
}

/* Parses the font in `buf`; returns 0 or -1 with a diagnostic on `path`. */
static int parse(sd_font *f, const unsigned char *buf, size_t len, sd_diags *diags)
{
    span file = {buf, len, 0};
    uint32_t version = get_u32(&file, 0);
    /* 0x00010000 and 'true' are TrueType outlines; 'OTTO' (CFF) and 'ttcf'
     * (collections) are fonts libharu 2.3.0 cannot embed. */
    if (file.bad || (version != 0x00010000u && version != 0x74727565u)) {
        sd_diag(diags, SD_ERROR, f->path, 0, 0,
                "filen er ikke en TrueType-skrifttype");
        return -1;
    }
    char tag[5];
    int damage = damaged_table(&file, tag);
    if (damage) {
        sd_diag(diags, SD_ERROR, f->path, 0, 0,
                damage == 1 ? "skrifttypen er beskadiget: tabellen '%s' mangler eller er afkortet"
                            : "skrifttypen er beskadiget: tabellen '%s' har en forkert kontrolsum",
                tag);
        return -1;
    }
    const char *broken = read_metrics(f, &file);
    if (broken) {
        sd_diag(diags, SD_ERROR, f->path, 0, 0,
                "skrifttypen er beskadiget: tabellen '%s' mangler eller er afkortet",
                broken);
        return -1;
    }
    if (read_cmap(f, &file) != 0) {
        sd_diag(diags, SD_ERROR, f->path, 0, 0,
                "skrifttypen har ingen Unicode-tegntabel (cmap)");
        return -1;
    }
    return 0;
}

/* ---- public ---- */

sd_font *sd_font_load(const char *path, sd_diags *diags)
{
    size_t len = 0;
    unsigned char *buf = read_file(path, &len);
    if (!buf) {
        sd_diag(diags, SD_ERROR, path, 0, 0, "skrifttypen kan ikke læses: %s",
                sd_errno_text(errno));
        return NULL;
    }
    sd_font *f = sd_xcalloc(1, sizeof(*f));
    f->path = sd_xstrdup(path);
    int rc = parse(f, buf, len, diags);
    free(buf);
    if (rc != 0) {
        sd_font_free(f);
        return NULL;
    }
    return f;
}

void sd_font_free(sd_font *f)
{
    if (!f)
        return;
    free(f->path);
    for (size_t i = 0; i < BMP_SIZE / 256; i++)
        free(f->page[i]);
    free(f->advance);
    free(f);
}

const char *sd_font_path(const sd_font *f)
{
    return f->path;
}

int sd_font_has_glyph(const sd_font *f, uint32_t cp)
{
    return cp < BMP_SIZE && glyph_of(f, cp) != 0;
}

int sd_font_advance(const sd_font *f, uint32_t cp)
{
    /* glyph 0 is .notdef: what libharu measures for a missing character */
    return f->advance[cp < BMP_SIZE ? glyph_of(f, cp) : 0];
}

int sd_font_ascent(const sd_font *f)
{
    return f->ascent;
}

int sd_font_descent(const sd_font *f)
{
    return f->descent;
}

float sd_font_text_width(const sd_font *f, const char *s, size_t len, float size)
{
    const char *p = s, *end = s + len;
    unsigned sum = 0;
    while (p < end) {
        uint32_t cp = sd_utf8_next(&p, end);
        if (cp == SD_UTF8_BAD)
            cp = 0xFFFD;
        if (cp != 0xAD)
            sum += (unsigned)sd_font_advance(f, cp);
    }
    /* exactly HPDF_Page_TextWidth: integer sum, then float scaling */
    return (float)sum * size / 1000;
}

sd_fonts *sd_fonts_load(const char *const paths[SD_FACE_COUNT], sd_diags *diags)
{
    sd_fonts *fonts = sd_xcalloc(1, sizeof(*fonts));
    int ok = 1;
    for (int i = 0; i < SD_FACE_COUNT; i++) {
        fonts->face[i] = sd_font_load(paths[i], diags);
        ok = ok && fonts->face[i];
    }
    if (!ok) {
        sd_fonts_free(fonts);
        return NULL;
    }
    return fonts;
}

void sd_fonts_free(sd_fonts *fonts)
{
    if (!fonts)
        return;
    for (int i = 0; i < SD_FACE_COUNT; i++)
        sd_font_free(fonts->face[i]);
    free(fonts);
}
