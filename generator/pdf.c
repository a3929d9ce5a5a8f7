/* pdf.c — see pdf.h. The only file that includes hpdf.h.
 *
 * libharu 2.3.0 (Debian 12) is driven the way shared/LIBRARIES.md found to
 * work: embedded TrueType as UTF-8 CID fonts, an error handler that only
 * records (the official demos longjmp out of it, which would skip our
 * cleanup), and every status checked. Three things are done behind
 * libharu's back through the internal API that hpdf.h exposes when
 * HPDF_SHARED is not defined: /Lang in the catalog, fonts built for the
 * characters the document prints (see get_font), and completing the font
 * subsets before saving (see complete_subset).
 */
#include "pdf.h"
#include "files.h"
#include "text.h"
#include "util.h"

#include <hpdf.h>
#include <png.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SD_ICC_PATH
#define SD_ICC_PATH "/usr/share/color/icc/sRGB.icc"
#endif

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
    int pdfa;                    /* sd_pdf_options.pdfa */
    HPDF_Dict cidset[SD_FACE_COUNT];   /* pdfa: each font's /CIDSet stream */
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

/* Limit on a flattened PNG's sides: 6 000 pixels (at most 108 MB of RGB
 * while it is embedded); a logo is a few hundred. */
enum { FLAT_PNG_MAX = 6000 };

/* For PDF/A-1, which forbids transparency (an SMask): the PNG at `path`
 * decoded by libpng's simplified API into 8-bit RGB composited onto white
 * (any bit depth, palette, grey or tRNS), then embedded as a raw image,
 * deflated. NULL if it cannot be read. */
static HPDF_Image flat_png(render *r, const char *path)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&im, path))
        return NULL;
    if (im.width == 0 || im.height == 0 || im.width > FLAT_PNG_MAX ||
        im.height > FLAT_PNG_MAX) {
        png_image_free(&im);
        return NULL;
    }
    im.format = PNG_FORMAT_RGB;
    size_t size = PNG_IMAGE_SIZE(im);
    unsigned char *px = sd_xmalloc(size);
    const png_color white = {255, 255, 255};
    HPDF_Image img = NULL;
    if (png_image_finish_read(&im, &white, px, 0, NULL))   /* frees im either way */
        img = HPDF_LoadRawImageFromMem(r->pdf, px, im.width, im.height, HPDF_CS_DEVICE_RGB, 8);
    else
        png_image_free(&im);
    free(px);
    if (img)
        img->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return img;
}

/* The image at `path`, loaded once per document. PNG or JPEG by the file's
 * first bytes; an RGBA PNG keeps its transparency (libharu adds an SMask),
 * except in PDF/A, where it is flattened onto white (flat_png). */
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
    int jpeg = magic[0] == 0xFF && magic[1] == 0xD8;
    HPDF_Image img = jpeg       ? HPDF_LoadJpegImageFromFile(r->pdf, path)
                     : r->pdfa ? flat_png(r, path)
                               : HPDF_LoadPngImageFromFile(r->pdf, path);
    const char *cs = img ? HPDF_Image_GetColorSpace(img) : NULL;
    if (img && r->pdfa &&
        (!cs || (strcmp(cs, "DeviceRGB") != 0 && strcmp(cs, "DeviceGray") != 0))) {
        /* a CMYK JPEG: PDF/A-1 allows no DeviceCMYK beside an sRGB intent */
        set_step(r, "billedet %s er ikke RGB eller gråtoner, som en arkivkopi (PDF/A) kræver",
                 path);
        r->step_is_ours = 1;
        return NULL;
    }
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

/* ---- fonts made to measure for the document -------------------------------
 *
 * libharu 2.3.0 builds a UTF-8 CID font from the whole cmap of the TrueType
 * file: HPDF_GetFont looks up the glyph of each of the 65,536 BMP code points
 * (a linear search through the cmap's segments every time), puts the width
 * of every character the font maps into the /W array, and writes a
 * CIDToGIDMap stream of 65,536 entries that is deflated on save. None of
 * that depends on what the document prints, and it was most of the time and
 * bytes of a one-page PDF.
 *
 * So for the duration of HPDF_GetFont the font definition is lent a cmap
 * that maps nothing (a format 0 table of zeros: libharu answers each look-up
 * with one array read), and its own cmap is put back at once, so everything
 * afterwards (widths while drawing, glyph flags for the subset) works on the
 * real one. Then /W and the CIDToGIDMap are filled in for exactly the
 * characters the document draws with the font, the way libharu fills them
 * (runs of consecutive codes whose width is not /DW; big-endian glyph ids),
 * and the map ends after the highest code: a CID past its end has no glyph,
 * and none is ever shown. Everything else — the font program, the ToUnicode
 * CMap, widths used for positioning — is libharu's, untouched. The cmap,
 * /W and the map are libharu's structures from the -dev headers
 * (hpdf_fontdef.h, hpdf_font.h, hpdf_objects.h), as complete_subset uses
 * them.
 */

enum { NCODES = 0x10000 };

/* The characters a font prints in the document: a bit per BMP code point. */
typedef struct charset {
    unsigned char bits[NCODES / 8];
    uint32_t lo, hi;      /* lowest and highest code point set; lo > hi: none */
} charset;

static void charset_add(charset *cs, uint32_t c)
{
    if (c >= NCODES)
        return;
    cs->bits[c / 8] |= (unsigned char)(1u << (c % 8));
    if (c < cs->lo)
        cs->lo = c;
    if (c > cs->hi)
        cs->hi = c;
}

static int charset_has(const charset *cs, uint32_t c)
{
    return c < NCODES && (cs->bits[c / 8] >> (c % 8) & 1);
}

/* The font each face is drawn with: faces with the same file share one
 * (font_of[f] is the first face with f's file), and what they print. */
static void fonts_used(const sd_pages *pages, const char *const font_paths[SD_FACE_COUNT],
                       int font_of[SD_FACE_COUNT], charset *used[SD_FACE_COUNT])
{
    for (int f = 0; f < SD_FACE_COUNT; f++) {
        font_of[f] = f;
        for (int g = 0; g < f && font_of[f] == f; g++)
            if (font_paths[f] && font_paths[g] && strcmp(font_paths[f], font_paths[g]) == 0)
                font_of[f] = g;
        used[f] = NULL;
    }
    for (size_t i = 0; i < pages->npages; i++)
        for (size_t j = 0; j < pages->pages[i].nops; j++) {
            const sd_op *op = &pages->pages[i].ops[j];
            if (op->kind != SD_OP_TEXT || (unsigned)op->face >= SD_FACE_COUNT || !op->text)
                continue;
            int f = font_of[op->face];
            if (!used[f]) {
                used[f] = sd_xcalloc(1, sizeof(charset));
                used[f]->lo = NCODES;
            }
            const char *p = op->text, *end = p + strlen(p);
            while (p < end)
                charset_add(used[f], sd_utf8_next(&p, end));
        }
}

/* /W of `font` for the characters in `used`, as libharu would write it for
 * a cmap of those characters: [c [w w …] c' [w …] …], a run per stretch of
 * consecutive codes whose width differs from /DW. */
static int fill_widths(render *r, HPDF_Font font, HPDF_FontDef def, const charset *used,
                       const uint16_t *gid)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_Array w = HPDF_Dict_GetItem(fa->descendant_font, "W", HPDF_OCLASS_ARRAY);
    if (!w)
        return ok(r, HPDF_INVALID_OBJECT);
    HPDF_Array run = NULL;
    for (uint32_t c = used->lo; c <= used->hi; c++) {
        HPDF_INT width = charset_has(used, c)
                             ? HPDF_TTFontDef_GetGidWidth(def, gid[c - used->lo])
                             : def->missing_width;
        if (width == def->missing_width) {
            run = NULL;
            continue;
        }
        if (!run) {
            run = HPDF_Array_New(r->pdf->mmgr);
            if (!run || ok(r, HPDF_Array_AddNumber(w, (HPDF_INT32)c)) ||
                ok(r, HPDF_Array_Add(w, run)))
                return -1;
        }
        if (ok(r, HPDF_Array_AddNumber(run, width)))
            return -1;
    }
    return 0;
}

/* The CIDToGIDMap of `font`: entries 0 … used->hi, big-endian glyph ids. */
static int fill_map(render *r, HPDF_Font font, const charset *used, const uint16_t *gid)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    if (!fa->map_stream)
        return 0;   /* libharu writes none when not embedding */
    size_t len = 2 * ((size_t)used->hi + 1);
    unsigned char *map = sd_xcalloc(len, 1);
    for (uint32_t c = used->lo; c <= used->hi; c++) {
        map[2 * c] = (unsigned char)(gid[c - used->lo] >> 8);
        map[2 * c + 1] = (unsigned char)gid[c - used->lo];
    }
    HPDF_MemStream_FreeData(fa->map_stream->stream);
    HPDF_STATUS st = HPDF_Stream_Write(fa->map_stream->stream, map, (HPDF_UINT)len);
    free(map);
    return ok(r, st);
}

/* PDF/A-1 wants a /CIDSet in the FontDescriptor of a subset CID font: a
 * bitmap of the CIDs the embedded program has, bit 7 of byte 0 for CID 0.
 * Our CIDs are the Unicode code points the document prints; each one maps
 * to a glyph of the subset (CIDToGIDMap), and CID 0 to .notdef, which every
 * subset keeps. The stream is made here and added to the descriptor at
 * save (make_descriptor). */
static int make_cidset(render *r, int f, const charset *used, const uint16_t *gid)
{
    size_t len = (size_t)used->hi / 8 + 1;
    unsigned char *bits = sd_xcalloc(len, 1);
    bits[0] = 0x80;
    for (uint32_t c = used->lo; c <= used->hi; c++)
        if (charset_has(used, c) && gid[c - used->lo])
            bits[c / 8] |= (unsigned char)(0x80u >> (c % 8));
    HPDF_Dict st = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
    int rc = st ? ok(r, HPDF_Stream_Write(st->stream, bits, (HPDF_UINT)len)) : -1;
    free(bits);
    if (rc)
        return -1;
    st->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    r->cidset[f] = st;
    return 0;
}

/* HPDF_GetFont for face f, with /W and the CIDToGIDMap for the characters
 * in `used` only (see above). */
static int get_font(render *r, int f, const charset *used)
{
    HPDF_FontDef def = HPDF_GetFontDef(r->pdf, r->font_name[f]);
    if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE)
        return -1;
    HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;

    static HPDF_UINT16 nothing[256];   /* a format 0 cmap: every code → glyph 0 */
    HPDF_TTF_CmapRange own = a->cmap;
    a->cmap.format = 0;
    a->cmap.glyph_id_array = nothing;
    a->cmap.glyph_id_array_count = 256;
    r->font[f] = HPDF_GetFont(r->pdf, r->font_name[f], "UTF-8");
    a->cmap = own;
    if (!r->font[f])
        return -1;

    uint16_t *gid = sd_xcalloc((size_t)(used->hi - used->lo) + 1, sizeof(uint16_t));
    for (uint32_t c = used->lo; c <= used->hi; c++)
        if (charset_has(used, c))
            gid[c - used->lo] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c);
    int rc = fill_widths(r, r->font[f], def, used, gid) || fill_map(r, r->font[f], used, gid) ||
                     (r->pdfa && make_cidset(r, f, used, gid))
                 ? -1 : 0;
    free(gid);
    return rc;
}

/* Loads the fonts the pages use, in face order, each file once: an unused
 * face would still be embedded with its whole metrics tables. */
static int load_fonts(render *r, const sd_pages *pages,
                      const char *const font_paths[SD_FACE_COUNT])
{
    int font_of[SD_FACE_COUNT];
    charset *used[SD_FACE_COUNT];
    fonts_used(pages, font_paths, font_of, used);
    int rc = 0;
    for (int f = 0; f < SD_FACE_COUNT && !rc; f++) {
        if (font_of[f] != f) {
            /* the same file as an earlier face: the same font, if used */
            r->font_name[f] = r->font_name[font_of[f]];
            r->font[f] = r->font[font_of[f]];
            continue;
        }
        if (!used[f])
            continue;
        const char *path = font_paths[f];
        set_step(r, "skrifttypen %s kan ikke indlæses", path ? path : "(ingen)");
        rc = -1;
        if (!path)
            break;
        r->font_name[f] = HPDF_LoadTTFontFromFile(r->pdf, path, HPDF_TRUE);
        if (!r->font_name[f] || get_font(r, f, used[f]))
            break;
        rc = 0;
    }
    for (int f = 0; f < SD_FACE_COUNT; f++)
        free(used[f]);
    return rc;
}

/* ---- the document ---------------------------------------------------------- */

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

/* ---- PDF/A-1b ---------------------------------------------------------------
 *
 * libharu's own helper (HPDF_PDFA_SetPDFAConformance) writes the XMP without
 * escaping, names the metadata /SubType, puts a time-based /ID in the
 * trailer, and HPDF_PDFA_AppendOutputIntents writes "/DestOutputProfile "
 * with a space in the key; fonts get no /CIDSet. So everything is done here
 * through the internal dict API (shared/LIBRARIES.md, §PDF/A).
 */

/* Appends `s` to `b` escaped for XML text and attribute values. A control
 * character XML 1.0 cannot hold becomes a space (the Info string keeps it;
 * only such a value differs between the two). */
static void xml_escape(sd_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': sd_buf_puts(b, "&amp;"); break;
        case '<': sd_buf_puts(b, "&lt;"); break;
        case '>': sd_buf_puts(b, "&gt;"); break;
        case '"': sd_buf_puts(b, "&quot;"); break;
        case '\'': sd_buf_puts(b, "&apos;"); break;
        default:
            if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
                sd_buf_puts(b, " ");
            else
                sd_buf_printf(b, "%c", *p);
        }
    }
}

static void xmp_prop(sd_buf *b, const char *name, const char *open, const char *value,
                     const char *close)
{
    if (!value)
        return;
    sd_buf_printf(b, "   <%s>%s", name, open);
    xml_escape(b, value);
    sd_buf_printf(b, "%s</%s>\n", close, name);
}

/* The XMP packet: what the Info dictionary says, in the four schemas
 * PDF/A-1 knows (dc, xmp, pdf, pdfaid). UTF-8, with the BOM as the
 * xpacket's begin attribute. */
static void xmp_packet(sd_buf *b, const sd_meta *meta, const char *producer)
{
    static const char alt[] = "<rdf:Alt><rdf:li xml:lang=\"x-default\">";
    static const char alt_end[] = "</rdf:li></rdf:Alt>";
    const char *none = NULL;
    sd_buf date = {0};
    if (meta && meta->date)   /* checked by set_meta: YYYY-MM-DD */
        sd_buf_printf(&date, "%sT00:00:00+00:00", meta->date);
    sd_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "  <rdf:Description rdf:about=\"\"\n"
                   "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                   "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                   "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                   "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                   "   <dc:format>application/pdf</dc:format>\n");
    xmp_prop(b, "dc:title", alt, meta ? meta->title : none, alt_end);
    xmp_prop(b, "dc:creator", "<rdf:Seq><rdf:li>", meta ? meta->author : none,
             "</rdf:li></rdf:Seq>");
    xmp_prop(b, "dc:description", alt, meta ? meta->subject : none, alt_end);
    xmp_prop(b, "pdf:Keywords", "", meta ? meta->keywords : none, "");
    xmp_prop(b, "pdf:Producer", "", producer, "");
    xmp_prop(b, "xmp:CreatorTool", "", meta ? meta->creator : none, "");
    xmp_prop(b, "xmp:CreateDate", "", date.data, "");
    xmp_prop(b, "xmp:ModifyDate", "", date.data, "");
    sd_buf_puts(b, "   <pdfaid:part>1</pdfaid:part>\n"
                   "   <pdfaid:conformance>B</pdfaid:conformance>\n"
                   "  </rdf:Description>\n"
                   " </rdf:RDF>\n"
                   "</x:xmpmeta>\n"
                   "<?xpacket end=\"w\"?>");
    sd_buf_free(&date);
}

/* 16 zero bytes: the /ID until the file exists (patch_id). */
static const HPDF_BYTE id_placeholder[16];

/* Everything PDF/A adds before the pages are drawn: version, ModDate,
 * XMP, output intent, a placeholder /ID. After set_meta. */
static int pdfa_setup(render *r, const sd_meta *meta, const char *icc_path)
{
    HPDF_Doc pdf = r->pdf;
    set_step(r, "arkivkopiens (PDF/A) oplysninger kan ikke sættes");
    pdf->pdf_version = HPDF_VER_14;
    if (meta && meta->date) {
        HPDF_Date date;
        if (!parse_date(meta->date, &date) ||   /* set_meta refused it already */
            ok(r, HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date)))
            return -1;
    }

    /* The XMP packet, uncompressed (no /Filter), from the catalog. */
    HPDF_Dict xmp = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!xmp)
        return -1;
    sd_buf packet = {0};
    xmp_packet(&packet, meta, HPDF_GetInfoAttr(pdf, HPDF_INFO_PRODUCER));
    HPDF_STATUS st = HPDF_Stream_Write(xmp->stream, (const HPDF_BYTE *)packet.data,
                                       (HPDF_UINT)packet.len);
    sd_buf_free(&packet);
    if (ok(r, st) || ok(r, HPDF_Dict_AddName(xmp, "Type", "Metadata")) ||
        ok(r, HPDF_Dict_AddName(xmp, "Subtype", "XML")) ||
        ok(r, HPDF_Dict_Add(pdf->catalog, "Metadata", xmp)))
        return -1;

    /* The output intent: sRGB, the profile embedded (/N 3). */
    set_step(r, "sRGB-farveprofilen %s kan ikke indlæses (pakken icc-profiles-free)", icc_path);
    if (access(icc_path, R_OK) != 0) {
        r->step_is_ours = 1;
        return -1;
    }
    HPDF_Dict icc = HPDF_LoadIccProfileFromFile(pdf, icc_path, 3);
    if (!icc)
        return -1;
    icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    set_step(r, "arkivkopiens (PDF/A) farverum kan ikke sættes");
    static const char srgb[] = "sRGB IEC61966-2.1";
    HPDF_Dict intent = HPDF_Dict_New(pdf->mmgr);
    HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
    if (!intent || !intents) {
        if (intent)
            HPDF_Dict_Free(intent);
        if (intents)
            HPDF_Array_Free(intents);
        return ok(r, HPDF_FAILD_TO_ALLOC_MEM);
    }
    /* each is owned by what it is added to, also when adding fails */
    if (ok(r, HPDF_Array_Add(intents, intent)) ||
        ok(r, HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents)) ||
        ok(r, HPDF_Dict_AddName(intent, "Type", "OutputIntent")) ||
        ok(r, HPDF_Dict_AddName(intent, "S", "GTS_PDFA1")))
        return -1;
    const char *keys[] = {"OutputConditionIdentifier", "Info", "RegistryName"};
    const char *values[] = {srgb, srgb, "http://www.color.org"};
    for (int i = 0; i < 3; i++) {
        HPDF_String v = HPDF_String_New(pdf->mmgr, values[i], NULL);
        if (!v || ok(r, HPDF_Dict_Add(intent, keys[i], v)))
            return -1;
    }
    if (ok(r, HPDF_Dict_Add(intent, "DestOutputProfile", icc)))
        return -1;

    /* The /ID: two placeholders, filled in by patch_id once the bytes exist. */
    HPDF_Array id = HPDF_Array_New(pdf->mmgr);
    if (!id || ok(r, HPDF_Dict_Add(pdf->trailer, "ID", id)))
        return -1;
    for (int i = 0; i < 2; i++) {
        HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id_placeholder, 16);
        if (!b || ok(r, HPDF_Array_Add(id, b)))
            return -1;
    }
    return 0;
}

/* The FontDescriptor of `font`, made before libharu would make it while
 * saving (CIDFontType2_BeforeWrite_Func in 2.3.0, which then keeps ours):
 * the same entries and embedded program, plus /CapHeight and the /CIDSet
 * made by make_cidset. Called after complete_subset: SaveFontData writes
 * the subset of the flagged glyphs. */
static int make_descriptor(render *r, HPDF_Font font, HPDF_Dict cidset)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_FontDef def = fa->fontdef;
    HPDF_TTFontDefAttr da = (HPDF_TTFontDefAttr)def->attr;
    if (def->descriptor || !cidset)
        return 0;
    HPDF_MMgr mmgr = r->pdf->mmgr;
    HPDF_Dict program = HPDF_DictStream_New(mmgr, r->pdf->xref);
    if (!program || ok(r, HPDF_TTFontDef_SaveFontData(def, program->stream)))
        return -1;
    program->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    if (ok(r, HPDF_Dict_AddNumber(program, "Length1", (HPDF_INT32)da->length1)) ||
        ok(r, HPDF_Dict_AddNumber(program, "Length2", 0)) ||
        ok(r, HPDF_Dict_AddNumber(program, "Length3", 0)))
        return -1;

    HPDF_Dict d = HPDF_Dict_New(mmgr);
    if (!d)
        return ok(r, HPDF_FAILD_TO_ALLOC_MEM);
    if (ok(r, HPDF_Xref_Add(r->pdf->xref, d)))   /* frees d on failure */
        return -1;
    HPDF_Array bbox = HPDF_Box_Array_New(mmgr, def->font_bbox);
    if (!bbox || ok(r, HPDF_Dict_Add(d, "FontBBox", bbox)) ||
        ok(r, HPDF_Dict_AddName(d, "Type", "FontDescriptor")) ||
        ok(r, HPDF_Dict_AddName(d, "FontName", da->base_font)) ||
        ok(r, HPDF_Dict_AddNumber(d, "Ascent", def->ascent)) ||
        ok(r, HPDF_Dict_AddNumber(d, "Descent", def->descent)) ||
        ok(r, HPDF_Dict_AddNumber(d, "CapHeight", def->cap_height)) ||
        ok(r, HPDF_Dict_AddNumber(d, "Flags", (HPDF_INT32)def->flags)) ||
        ok(r, HPDF_Dict_AddNumber(d, "ItalicAngle", def->italic_angle)) ||
        ok(r, HPDF_Dict_AddNumber(d, "StemV", def->stemv)) ||
        ok(r, HPDF_Dict_AddNumber(d, "XHeight", def->x_height)) ||
        ok(r, HPDF_Dict_Add(d, "FontFile2", program)) ||
        ok(r, HPDF_Dict_Add(d, "CIDSet", cidset)))
        return -1;
    def->descriptor = d;
    return 0;
}

/* Fills the placeholder /ID of the saved file with two copies of the MD5 of
 * the whole file as it is with the placeholder: derived from the content,
 * so the same input gives the same bytes. libharu writes a binary string
 * as <HEX>; the trailer is the last thing in the file. */
static int patch_id(unsigned char *buf, size_t len)
{
    static const char zeros[] = "<00000000000000000000000000000000>";
    const size_t zl = sizeof zeros - 1;
    /* the last "/ID" in the file */
    size_t at = len;
    for (size_t i = len >= 3 ? len - 3 : 0; i-- > 0;)
        if (memcmp(buf + i, "/ID", 3) == 0) {
            at = i;
            break;
        }
    unsigned char *slot[2];
    int n = 0;
    for (size_t i = at; i + zl <= len && n < 2; i++)
        if (memcmp(buf + i, zeros, zl) == 0) {
            slot[n++] = buf + i + 1;
            i += zl - 1;
        }
    if (n != 2)
        return -1;
    HPDF_MD5_CTX md5;
    HPDF_BYTE digest[16];
    HPDF_MD5Init(&md5);
    HPDF_MD5Update(&md5, buf, (HPDF_UINT32)len);
    HPDF_MD5Final(digest, &md5);
    static const char hex[] = "0123456789ABCDEF";
    for (int k = 0; k < 2; k++)
        for (int j = 0; j < 16; j++) {
            slot[k][2 * j] = (unsigned char)hex[digest[j] >> 4];
            slot[k][2 * j + 1] = (unsigned char)hex[digest[j] & 15];
        }
    return 0;
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
        if (first && r->pdfa && make_descriptor(r, r->font[f], r->cidset[f]))
            return -1;
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
    if (r->pdfa && patch_id(buf, size)) {
        free(buf);
        set_step(r, "arkivkopiens /ID kan ikke skrives");
        r->step_is_ours = 1;
        return -1;
    }
    *out = buf;
    *len = size;
    return 0;
}

/* Renders into *out / *len; on failure adds one error naming `where` (the
 * output path, or NULL for "no file") and returns -1. */
static int render_doc(const sd_pages *pages, const sd_meta *meta,
                      const char *const font_paths[SD_FACE_COUNT],
                      const sd_pdf_options *opts, const char *where,
                      unsigned char **out, size_t *len, sd_diags *diags)
{
    render r = {0};
    r.pdfa = opts && opts->pdfa;
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
    if (r.pdfa && pdfa_setup(&r, meta, opts->icc_path ? opts->icc_path : SD_ICC_PATH))
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
                  const char *const font_paths[SD_FACE_COUNT], const sd_pdf_options *opts,
                  unsigned char **out, size_t *len, sd_diags *diags)
{
    return render_doc(pages, meta, font_paths, opts, NULL, out, len, diags);
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
                 const char *const font_paths[SD_FACE_COUNT], const sd_pdf_options *opts,
                 const char *path, sd_diags *diags)
{
    unsigned char *pdf;
    size_t len;
    if (render_doc(pages, meta, font_paths, opts, path, &pdf, &len, diags))
        return -1;
    int rc = sd_pdf_save(pdf, len, path, diags);
    free(pdf);
    return rc;
}
