/* glyphs.c — see glyphs.h. */
#include "glyphs.h"
#include "text.h"
#include "util.h"

#include <string.h>

#define MAX_SHOWN 3          /* characters named in one message */
#define MAX_PER_FILE 50      /* messages per record file, as load.c and validate.c */

/* Characters layout handles itself (layout.c, handled_by_layout). */
static int not_a_glyph(uint32_t c)
{
    return c == '\n' || c == '\r' || c == '\t' || c == 0xAD || c == 0xA0;
}

/* `c` (below U+10000) as UTF-8 in `out`; returns out. */
static const char *utf8(char out[4], uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        out[1] = '\0';
    } else if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        out[2] = '\0';
    } else {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        out[3] = '\0';
    }
    return out;
}

/* How a message names element `n`: Feltet "navn", or Punkt 2 i "emner". */
static void put_field(sd_buf *b, const xmlNode *n)
{
    if (xmlStrEqual(n->name, BAD_CAST "item") && n->parent) {
        int k = 1;
        for (const xmlNode *p = n->prev; p; p = p->prev)
            k += p->type == XML_ELEMENT_NODE;
        sd_buf_printf(b, "Punkt %d i \"%s\"", k, (const char *)n->parent->name);
    } else {
        sd_buf_printf(b, "Feltet \"%s\"", (const char *)n->name);
    }
}

typedef struct checker {
    sd_records *r;
    const sd_font *font;
    sd_diags *diags;
    size_t errors;
    size_t in_file;          /* messages about the current file */
} checker;

/* Checks the text children of element `n`; one message for all of them. */
static void check_element(checker *k, const xmlNode *n)
{
    uint32_t shown[MAX_SHOWN];
    size_t nshown = 0;
    int more = 0;
    for (const xmlNode *t = n->children; t; t = t->next) {
        if (t->type != XML_TEXT_NODE || !t->content)
            continue;
        const char *p = (const char *)t->content, *end = p + strlen(p);
        while (p < end) {
            uint32_t c = sd_utf8_next(&p, end);
            if (c == SD_UTF8_BAD || not_a_glyph(c) || sd_font_has_glyph(k->font, c))
                continue;   /* bad UTF-8 cannot get past load.c */
            int seen = 0;
            for (size_t i = 0; i < nshown; i++)
                seen |= shown[i] == c;
            if (seen)
                continue;
            if (nshown < MAX_SHOWN)
                shown[nshown++] = c;
            else
                more = 1;
        }
    }
    if (!nshown)
        return;
    k->errors++;
    if (++k->in_file > MAX_PER_FILE) {
        if (k->in_file == MAX_PER_FILE + 1)
            sd_diag(k->diags, SD_ERROR, sd_records_file_of(k->r, n), 0, 0,
                    "Flere end %d felter i filen indeholder tegn, som skrifttypen ikke har; "
                    "kun de første er vist.", MAX_PER_FILE);
        return;
    }
    sd_buf b = {0};
    put_field(&b, n);
    char ch[4];
    if (nshown == 1) {
        sd_buf_printf(&b, " indeholder tegnet \"%s\" (U+%04X), som skrifttypen ikke har, så det "
                      "kan ikke skrives i dokumentet. Slet det, eller skriv det med andre tegn.",
                      utf8(ch, shown[0]), (unsigned)shown[0]);
    } else {
        sd_buf_puts(&b, " indeholder tegn, som skrifttypen ikke har: ");
        for (size_t i = 0; i < nshown; i++)
            sd_buf_printf(&b, "%s\"%s\" (U+%04X)",
                          i == 0 ? "" : i + 1 < nshown || more ? ", " : " og ",
                          utf8(ch, shown[i]), (unsigned)shown[i]);
        sd_buf_printf(&b, "%s. De kan ikke skrives i dokumentet; slet dem, eller skriv dem med "
                      "andre tegn.", more ? " og flere" : "");
    }
    sd_diag_at(k->diags, SD_ERROR, sd_records_pos(k->r, n), "%s", sd_buf_cstr(&b));
    sd_buf_free(&b);
}

static void walk(checker *k, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        check_element(k, c);
        walk(k, c);
    }
}

size_t sd_glyphs_check(sd_records *r, const sd_font *font, sd_diags *diags)
{
    checker k = {r, font, diags, 0, 0};
    for (const xmlNode *f = sd_records_root(r)->children; f; f = f->next) {
        if (f->type != XML_ELEMENT_NODE)
            continue;
        k.in_file = 0;
        walk(&k, f);
    }
    return k.errors;
}
