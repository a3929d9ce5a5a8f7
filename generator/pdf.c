/* pdf.c — see pdf.h. The only file that includes hpdf.h.
 *
 * libharu 2.3.0 (Debian 12) is driven the way shared/LIBRARIES.md found to
 * work: embedded TrueType as UTF-8 CID fonts, an error handler that only
 * records (the official demos longjmp out of it, which would skip our
 * cleanup), and every status checked. Two things are done behind libharu's
 * back through the internal API that hpdf.h exposes when HPDF_SHARED is not
 * defined: /Lang in the catalog, and completing the font subsets before
 * saving (see complete_subset).
 */
#include "pdf.h"
#include "files.h"
#include "text.h"
#include "util.h"

#include <hpdf.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Measured first in every font, before anything is drawn: the Latin letters
 * that DejaVu Sans and DejaVu Sans Bold build as composites and then use as
 * components of other composites (aring inside ǻ, uhorn inside ứ …; found
 * with fontTools over both files), plus 'Å'. In 2.3.0 a glyph measured for
 * the first time flags only its *direct* components for the subset; if
 * 'aring' is first flagged as a part of 'ǻ', a later 'å' never flags its own
 * ring and prints as a bare 'a'. Measuring the middle layer first avoids it.
 * complete_subset() below repairs the rest (components without a character
 * of their own, e.g. the circumflex+grave of 'ầ'), so this list is a first
 * line of defence, not the only one; kept short because every glyph measured
 * here is embedded. */
static const char prime_text[] =
    "åÅưƯơƠ"
    "ÂÇÊÏÔÜâäçêïôöüĂăšũŽžǪǫȧȯɅḷṚṛṢṣẹọ";

typedef struct hpdf_error {
    HPDF_STATUS code;      /* first error libharu reported; 0 = none */
    HPDF_STATUS detail;
} hpdf_error;

/* Records the first error and returns: libharu then returns the error code
 * from the failing call, which we check. Never longjmp from here. */
static void HPDF_STDCALL on_error(HPDF_STATUS code, HPDF_STATUS detail,
                                  void *user)
{
    hpdf_error *e = user;
    if (!e->code) {
        e->code = code;
        e->detail = detail;
    }
}

typedef struct render {
    HPDF_Doc pdf;
    hpdf_error err;
    const char *font_name[SD_FACE_COUNT];   /* borrowed from pdf */
    HPDF_Font font[SD_FACE_COUNT];
    sd_buf step;          /* what was being done, in Danish, for the message */
    int step_is_ours;     /* 1: the failure is ours, not libharu's (no code) */
    const char *image_path[8];   /* images loaded so far (borrowed from the ops)… */
    HPDF_Image image[8];         /* …each embedded once per document */
    size_t nimages;
} render;

/* The drawing state of the current page, tracked so that the content stream
 * only says what changes. Starts at the PDF defaults on every page. */
typedef struct pen {
    HPDF_Font font;
    float size;
    sd_rgb fill, stroke;
    float line_width;
    int in_text;
} pen;

static void set_step(render *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_step(render *r, const char *fmt, ...)
{
    va_list ap;
    sd_buf_free(&r->step);
    va_start(ap, fmt);
    sd_buf_vprintf(&r->step, fmt, ap);
    va_end(ap);
}

/* Turns a status into 0 / -1. A few failures come back only as a return
 * value without the handler being called (HPDF_PAGE_INSUFFICIENT_SPACE);
 * those are recorded here so the message still has a code. */
static int ok(render *r, HPDF_STATUS st)
{
    if (st == HPDF_OK)
        return 0;
    if (!r->err.code)
        r->err.code = st;
    return -1;
}

/* Calls that return no status (HPDF_Font_TextWidth) leave only the handler's
 * record. */
static int no_error_yet(render *r)
{
    return r->err.code ? -1 : 0;
}

static float unit(float v)
{
    return v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;   /* NaN → 0 */
}

static int same_rgb(sd_rgb a, sd_rgb b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* 1 if `s` is valid UTF-8 of Basic Multilingual Plane characters only:
 * libharu's UTF-8 encoder silently drops 4-byte sequences and garbles invalid
 * ones, so a mistake upstream would otherwise pass unseen. */
static int utf8_bmp(const char *s)
{
    const char *p = s, *end = s + strlen(s);
    while (p < end) {
        uint32_t c = sd_utf8_next(&p, end);
        if (c == SD_UTF8_BAD || c > 0xFFFF)
            return 0;
    }
    return 1;
}

static int end_text(render *r, HPDF_Page page, pen *pn)
{
    if (!pn->in_text)
        return 0;
    pn->in_text = 0;
    return ok(r, HPDF_Page_EndText(page));
}

static int set_fill(render *r, HPDF_Page page, pen *pn, sd_rgb c)
{
    c = (sd_rgb){unit(c.r), unit(c.g), unit(c.b)};
    if (same_rgb(c, pn->fill))
        return 0;
    pn->fill = c;
    return ok(r, HPDF_Page_SetRGBFill(page, c.r, c.g, c.b));
}

static int set_stroke(render *r, HPDF_Page page, pen *pn, sd_rgb c, float width)
{
    c = (sd_rgb){unit(c.r), unit(c.g), unit(c.b)};
    if (!same_rgb(c, pn->stroke)) {
        pn->stroke = c;
        if (ok(r, HPDF_Page_SetRGBStroke(page, c.r, c.g, c.b)))
            return -1;
    }
    if (width != pn->line_width) {
        pn->line_width = width;
        if (ok(r, HPDF_Page_SetLineWidth(page, width)))
            return -1;
    }
    return 0;
}

static int draw_text(render *r, HPDF_Page page, pen *pn, const sd_op *op)
{
    if (!op->text || !op->text[0])
        return 0;
    if ((unsigned)op->face >= SD_FACE_COUNT || !utf8_bmp(op->text)) {
        r->step_is_ours = 1;
        sd_buf_puts(&r->step, " (ugyldig tekst: skrifttype, UTF-8 eller tegn uden for BMP)");
        return -1;
    }
    if (!pn->in_text) {
        if (ok(r, HPDF_Page_BeginText(page)))
            return -1;
        pn->in_text = 1;
    }
    HPDF_Font font = r->font[op->face];
    if (font != pn->font || op->size != pn->size) {
        if (ok(r, HPDF_Page_SetFontAndSize(page, font, op->size)))
            return -1;
        pn->font = font;
        pn->size = op->size;
    }
    if (set_fill(r, page, pn, op->fill_color))
        return -1;
    return ok(r, HPDF_Page_TextOut(page, op->x, op->y, op->text));
}

static int draw_shape(render *r, HPDF_Page page, pen *pn, const sd_op *op)
{
    if (end_text(r, page, pn))
        return -1;
    int fill = op->kind != SD_OP_LINE && op->fill;
    int stroke = op->kind == SD_OP_LINE || op->stroke;
    if (!fill && !stroke)
        return 0;   /* a path must be painted once begun: build none */
    if (fill && set_fill(r, page, pn, op->fill_color))
        return -1;
    if (stroke && set_stroke(r, page, pn, op->stroke_color, op->line_width))
        return -1;

    HPDF_STATUS st;
    switch (op->kind) {
    case SD_OP_LINE:
        if (ok(r, HPDF_Page_MoveTo(page, op->x, op->y)) ||
            ok(r, HPDF_Page_LineTo(page, op->x2, op->y2)))
            return -1;
        break;
    case SD_OP_RECT:
        if (ok(r, HPDF_Page_Rectangle(page, op->x, op->y, op->w, op->h)))
            return -1;
        break;
    default:   /* SD_OP_CIRCLE */
        if (ok(r, HPDF_Page_Circle(page, op->x, op->y, op->w)))
            return -1;
        break;
    }
    if (fill && stroke)
        st = HPDF_Page_FillStroke(page);
    else if (fill)
        st = HPDF_Page_Fill(page);
    else
        st = HPDF_Page_Stroke(page);
    return ok(r, st);
}

/* The image at `path`, loaded once per document. PNG or JPEG by the file's
 * first bytes; an RGBA PNG keeps its transparency (libharu adds an SMask). */
static HPDF_Image image_for(render *r, const char *path)
{
    for (size_t i = 0; i < r->nimages; i++)
        if (strcmp(r->image_path[i], path) == 0)
            return r->image[i];
    if (r->nimages == sizeof r->image / sizeof r->image[0])
        return NULL;
    unsigned char magic[2] = {0, 0};
    FILE *f = fopen(path, "rb");
    if (f) {
        if (fread(magic, 1, 2, f) != 2)
            magic[0] = 0;
        fclose(f);
    }
    HPDF_Image img = magic[0] == 0xFF && magic[1] == 0xD8
                         ? HPDF_LoadJpegImageFromFile(r->pdf, path)
                         : HPDF_LoadPngImageFromFile(r->pdf, path);
    if (img) {
        r->image_path[r->nimages] = path;
        r->image[r->nimages++] = img;
    }
    return img;
}

static int draw_image(render *r, HPDF_Page page, pen *pn, const sd_op *op)
{
    if (end_text(r, page, pn))
        return -1;
    set_step(r, "billedet %s kan ikke indlæses", op->text ? op->text : "(intet)");
    HPDF_Image img = op->text ? image_for(r, op->text) : NULL;
    if (!img)
        return -1;
    return ok(r, HPDF_Page_DrawImage(page, img, op->x, op->y, op->w, op->h));
}

static int draw_page(render *r, const sd_pages *pages, size_t index)
{
    const sd_page *pg = &pages->pages[index];
    set_step(r, "side %zu kan ikke tegnes", index + 1);

    HPDF_Page page = HPDF_AddPage(r->pdf);
    if (!page)
        return -1;
    if (ok(r, HPDF_Page_SetWidth(page, pages->width)) ||
        ok(r, HPDF_Page_SetHeight(page, pages->height)))
        return -1;

    pen pn = {NULL, 0.0f, {0, 0, 0}, {0, 0, 0}, 1.0f, 0};
    for (size_t i = 0; i < pg->nops; i++) {
        const sd_op *op = &pg->ops[i];
        int rc;
        switch (op->kind) {
        case SD_OP_TEXT:
            rc = draw_text(r, page, &pn, op);
            break;
        case SD_OP_LINE:
        case SD_OP_RECT:
        case SD_OP_CIRCLE:
            rc = draw_shape(r, page, &pn, op);
            break;
        case SD_OP_IMAGE:
            rc = draw_image(r, page, &pn, op);
            break;
        default:
            r->step_is_ours = 1;
            sd_buf_printf(&r->step, " (ukendt tegneoperation %d)", (int)op->kind);
            rc = -1;
            break;
        }
        if (rc)
            return -1;
    }
    return end_text(r, page, &pn);
}

/* ---- completing the font subsets ------------------------------------------
 *
 * libharu 2.3.0 embeds only the glyphs whose flag is set; measuring a glyph
 * sets its flag and those of its direct components, once (CheckCompositGryph
 * in src/hpdf_fontdef_tt.c; fixed upstream in 2.4.0 by PR #54). A component
 * that is itself a composite therefore loses its own parts unless it was
 * measured directly first, which a glyph without a character of its own never
 * is. Just before saving, when nothing more will be measured, we set the
 * flags of every component, recursively, of every flagged glyph: the subset
 * then holds what the flagged glyphs need, which is what 2.4.0 does.
 * The flags, loca offsets and the open font file are read from libharu's
 * TrueType font definition (hpdf_fontdef.h, part of the 2.3.0 -dev package).
 */

enum { GLYPH_READ_MAX = 65536, COMPOSITE_DEPTH_MAX = 16 };

static int flag_components(HPDF_TTFontDefAttr a, HPDF_UINT16 gid,
                           unsigned char *seen, int depth)
{
    if (seen[gid])
        return 0;
    seen[gid] = 1;
    a->glyph_tbl.flgs[gid] = 1;
    if (depth > COMPOSITE_DEPTH_MAX)
        return 0;   /* a malformed font; libharu would not care either */

    HPDF_UINT32 start = a->glyph_tbl.offsets[gid];
    HPDF_UINT32 end = a->glyph_tbl.offsets[gid + 1];
    if (a->header.index_to_loc_format == 0) {
        start *= 2;
        end *= 2;
    }
    if (end <= start || end - start < 10)
        return 0;   /* empty or too short to be a composite */
    HPDF_UINT len = end - start;
    if (len > GLYPH_READ_MAX)
        len = GLYPH_READ_MAX;   /* the component list comes first */

    unsigned char *g = sd_xmalloc(len);
    HPDF_UINT got = len;
    int rc = 0;
    if (HPDF_Stream_Seek(a->stream, (HPDF_INT)(a->glyph_tbl.base_offset + start),
                         HPDF_SEEK_SET) != HPDF_OK ||
        HPDF_Stream_Read(a->stream, g, &got) != HPDF_OK || got != len) {
        rc = -1;
        goto done;
    }
    if (!(g[0] == 0xFF && g[1] == 0xFF))   /* numberOfContours != -1: simple glyph */
        goto done;

    /* After the 10-byte header: flags, glyphIndex, arguments, transform. */
    size_t p = 10;
    unsigned flags = 0;
    do {
        if (p + 4 > len)
            break;
        flags = (unsigned)g[p] << 8 | g[p + 1];
        HPDF_UINT16 comp = (HPDF_UINT16)(g[p + 2] << 8 | g[p + 3]);
        p += 4;
        p += (flags & 0x0001) ? 4 : 2;            /* ARG_1_AND_2_ARE_WORDS */
        if (flags & 0x0008)                       /* WE_HAVE_A_SCALE */
            p += 2;
        else if (flags & 0x0040)                  /* WE_HAVE_AN_X_AND_Y_SCALE */
            p += 4;
        else if (flags & 0x0080)                  /* WE_HAVE_A_TWO_BY_TWO */
            p += 8;
        if (comp < a->num_glyphs) {
            rc = flag_components(a, comp, seen, depth + 1);
            if (rc)
                goto done;
        }
    } while (flags & 0x0020);                     /* MORE_COMPONENTS */

done:
    free(g);
    return rc;
}

static int complete_subset(render *r, const char *font_name)
{
    HPDF_FontDef def = HPDF_GetFontDef(r->pdf, font_name);
    if (!def)
        return -1;
    if (def->type != HPDF_FONTDEF_TYPE_TRUETYPE)
        return 0;
    HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
    if (!a->embedding || !a->glyph_tbl.flgs)
        return 0;

    unsigned char *seen = sd_xcalloc(a->num_glyphs, 1);
    int rc = 0;
    for (HPDF_UINT i = 0; i < a->num_glyphs && !rc; i++)
        if (a->glyph_tbl.flgs[i] && !seen[i])
            rc = flag_components(a, (HPDF_UINT16)i, seen, 0);
    free(seen);
    return rc;
}

/* ---- the document ---------------------------------------------------------- */

/* Marks in used[] the faces the pages draw text with. */
static void faces_used(const sd_pages *pages, int used[SD_FACE_COUNT])
{
    for (int f = 0; f < SD_FACE_COUNT; f++)
        used[f] = 0;
    for (size_t i = 0; i < pages->npages; i++)
        for (size_t j = 0; j < pages->pages[i].nops; j++) {
            const sd_op *op = &pages->pages[i].ops[j];
            if (op->kind == SD_OP_TEXT && (unsigned)op->face < SD_FACE_COUNT)
                used[op->face] = 1;
        }
}

/* Loads the faces the pages use, in face order, each once: an unused face
 * would still be embedded with its whole metrics tables. */
static int load_fonts(render *r, const sd_pages *pages,
                      const char *const font_paths[SD_FACE_COUNT])
{
    int used[SD_FACE_COUNT];
    faces_used(pages, used);
    for (int f = 0; f < SD_FACE_COUNT; f++) {
        if (!used[f])
            continue;
        const char *path = font_paths[f];
        set_step(r, "skrifttypen %s kan ikke indlæses", path ? path : "(ingen)");
        if (!path)
            return -1;
        /* The same file for two faces is loaded (and embedded) once. */
        int same = -1;
        for (int g = 0; g < f && same < 0; g++)
            if (r->font[g] && font_paths[g] && strcmp(path, font_paths[g]) == 0)
                same = g;
        if (same >= 0) {
            r->font_name[f] = r->font_name[same];
            r->font[f] = r->font[same];
            continue;
        }
        r->font_name[f] = HPDF_LoadTTFontFromFile(r->pdf, path, HPDF_TRUE);
        if (!r->font_name[f])
            return -1;
        r->font[f] = HPDF_GetFont(r->pdf, r->font_name[f], "UTF-8");
        if (!r->font[f])
            return -1;
        /* Before any other measuring or drawing (see prime_text). */
        HPDF_Font_TextWidth(r->font[f], (const HPDF_BYTE *)prime_text,
                            (HPDF_UINT)strlen(prime_text));
        if (no_error_yet(r))
            return -1;
    }
    return 0;
}

/* "YYYY-MM-DD" → 1 and *out, or 0. */
static int parse_date(const char *s, HPDF_Date *out)
{
    static const char shape[] = "dddd-dd-dd";
    for (int i = 0; i < 10; i++) {
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
            return 0;
    }
    if (s[10])
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1] ||
        (m == 2 && d == 29 && !leap))
        return 0;
    /* Midnight UTC: the date is what the document is dated, not a clock. */
    *out = (HPDF_Date){y, m, d, 0, 0, 0, '+', 0, 0};
    return 1;
}

static int set_meta(render *r, const sd_meta *meta)
{
    set_step(r, "dokumentets oplysninger kan ikke sættes");
    if (meta) {
        const struct { HPDF_InfoType type; const char *value; } info[] = {
            {HPDF_INFO_TITLE, meta->title},       {HPDF_INFO_SUBJECT, meta->subject},
            {HPDF_INFO_AUTHOR, meta->author},     {HPDF_INFO_KEYWORDS, meta->keywords},
            {HPDF_INFO_CREATOR, meta->creator},
        };
        for (size_t i = 0; i < sizeof info / sizeof info[0]; i++) {
            /* With the UTF-8 encoder current, libharu writes these as UTF-16. */
            if (info[i].value && ok(r, HPDF_SetInfoAttr(r->pdf, info[i].type, info[i].value)))
                return -1;
        }
        if (meta->date) {
            HPDF_Date date;
            if (!parse_date(meta->date, &date)) {
                set_step(r, "datoen '%s' er ikke en gyldig dato på formen ÅÅÅÅ-MM-DD",
                         meta->date);
                r->step_is_ours = 1;
                return -1;
            }
            if (ok(r, HPDF_SetInfoDateAttr(r->pdf, HPDF_INFO_CREATION_DATE, date)))
                return -1;
        }
    }
    /* libharu has no API for /Lang; the catalog is an ordinary dict. A string
     * without an encoder is written as a literal, e.g. (da-DK). */
    const char *lang = meta && meta->lang && meta->lang[0] ? meta->lang : "da-DK";
    HPDF_String s = HPDF_String_New(r->pdf->mmgr, lang, NULL);
    if (!s)
        return ok(r, HPDF_FAILD_TO_ALLOC_MEM);
    return ok(r, HPDF_Dict_Add(r->pdf->catalog, "Lang", s));
}

static int save(render *r, unsigned char **out, size_t *len)
{
    set_step(r, "dokumentet kan ikke gemmes");
    for (int f = 0; f < SD_FACE_COUNT; f++) {
        /* each loaded font once (two faces may share one) */
        int first = r->font_name[f] != NULL;
        for (int g = 0; g < f && first; g++)
            first = r->font_name[g] != r->font_name[f];
        if (first && complete_subset(r, r->font_name[f]))
            return ok(r, HPDF_FILE_IO_ERROR);
    }
    if (ok(r, HPDF_SaveToStream(r->pdf)))
        return -1;
    HPDF_UINT32 size = HPDF_GetStreamSize(r->pdf);
    if (size == 0)
        return ok(r, HPDF_INVALID_STREAM);
    unsigned char *buf = sd_xmalloc(size);
    HPDF_UINT32 got = size;
    /* Reading exactly what is there returns OK; asking for more would report
     * HPDF_STREAM_EOF through the error handler. */
    if (ok(r, HPDF_ReadFromStream(r->pdf, buf, &got)) || got != size) {
        free(buf);
        return ok(r, HPDF_STREAM_EOF);
    }
    *out = buf;
    *len = size;
    return 0;
}

/* Renders into *out / *len; on failure adds one error naming `where` (the
 * output path, or NULL for "no file") and returns -1. */
static int render_doc(const sd_pages *pages, const sd_meta *meta,
                      const char *const font_paths[SD_FACE_COUNT], const char *where,
                      unsigned char **out, size_t *len, sd_diags *diags)
{
    render r = {0};
    int rc = -1;
    *out = NULL;
    *len = 0;

    set_step(&r, "libharu kan ikke startes");
    r.pdf = HPDF_New(on_error, &r.err);
    if (!r.pdf)
        goto done;
    if (ok(&r, HPDF_SetCompressionMode(r.pdf, HPDF_COMP_ALL)) ||
        ok(&r, HPDF_UseUTFEncodings(r.pdf)) ||
        ok(&r, HPDF_SetCurrentEncoder(r.pdf, "UTF-8")))
        goto done;
    if (load_fonts(&r, pages, font_paths) || set_meta(&r, meta))
        goto done;
    if (pages->npages == 0) {
        set_step(&r, "der er ingen sider");
        r.step_is_ours = 1;
        goto done;
    }
    for (size_t i = 0; i < pages->npages; i++)
        if (draw_page(&r, pages, i))
            goto done;
    if (save(&r, out, len))
        goto done;
    rc = 0;

done:
    if (rc) {
        if (r.step_is_ours)
            sd_diag(diags, SD_ERROR, where, 0, 0, "PDF-filen kan ikke skrives: %s.",
                    sd_buf_cstr(&r.step));
        else
            sd_diag(diags, SD_ERROR, where, 0, 0,
                    "PDF-filen kan ikke skrives: %s (libharu-fejl 0x%04X, detalje %u).",
                    sd_buf_cstr(&r.step), (unsigned)r.err.code, (unsigned)r.err.detail);
    }
    if (r.pdf)
        HPDF_Free(r.pdf);
    sd_buf_free(&r.step);
    return rc;
}

int sd_pdf_render(const sd_pages *pages, const sd_meta *meta,
                  const char *const font_paths[SD_FACE_COUNT],
                  unsigned char **out, size_t *len, sd_diags *diags)
{
    return render_doc(pages, meta, font_paths, NULL, out, len, diags);
}

/* ---- writing the file ------------------------------------------------------ */

/* Through a temporary file beside the target and a rename (files.h):
 * readers never see half a PDF, and a failure leaves an old file at `path`
 * as it was. */
int sd_pdf_save(const unsigned char *pdf, size_t len, const char *path, sd_diags *diags)
{
    char *tmp = sd_file_stage(pdf, len, path, diags);
    int rc = tmp ? sd_file_commit(tmp, path, diags) : -1;
    free(tmp);
    return rc;
}

int sd_pdf_write(const sd_pages *pages, const sd_meta *meta,
                 const char *const font_paths[SD_FACE_COUNT], const char *path,
                 sd_diags *diags)
{
    unsigned char *pdf;
    size_t len;
    if (render_doc(pages, meta, font_paths, path, &pdf, &len, diags))
        return -1;
    int rc = sd_pdf_save(pdf, len, path, diags);
    free(pdf);
    return rc;
}
