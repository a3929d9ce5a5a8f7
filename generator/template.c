/* template.c — see template.h; the language is documented in
 * templates/README.md.
 *
 * Expansion walks the template tree once. Block elements (p, table, frame,
 * space, rule, page-break) append boxes to the current container; inline
 * content (text, b, span, value, checkbox, br) appends runs to the current
 * paragraph, opening an implicit one when inline content appears directly in
 * a block container (a cell, a frame). Control elements (for-each, repeat,
 * if, choose, let) work in both contexts. Errors in XPath are template
 * errors, reported at the template's file:line; expansion stops at the first.
 */
#include "template.h"
#include "netmap.h"
#include "timeline.h"
#include "text.h"
#include "util.h"
#include "xpathfn.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/xinclude.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sd_template {
    xmlDocPtr doc;       /* owned: the parsed template */
    char *path;          /* owned */
};

/* Text style inherited down the template tree. */
typedef struct style {
    sd_face face;        /* follows from bold and serif: see set_face */
    int bold, serif;
    float size;
    sd_rgb color;
    sd_align align;      /* for paragraphs opened implicitly in a cell or frame */
} style;

typedef struct expander {
    const sd_template *t;
    sd_records *records;           /* borrowed, may be NULL (blank form) */
    xmlXPathContextPtr xp;         /* owned */
    const sd_expand_opts *opts;
    sd_diags *diags;
    int failed;                    /* an error was reported: stop */
    char *xpath_error;             /* owned: libxml2's last XPath message, or NULL */
    sd_box *para;                  /* the open paragraph inline content goes to, or NULL */
} expander;

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static void template_error(expander *e, const xmlNode *at, const char *fmt, const char *arg)
{
    sd_buf b = {0};
    sd_buf_printf(&b, fmt, arg);
    sd_diag(e->diags, SD_ERROR, e->t->path, at ? (unsigned)xmlGetLineNo((xmlNode *)at) : 0, 1,
            "%s", sd_buf_cstr(&b));
    sd_buf_free(&b);
    e->failed = 1;
}

/* ---- loading ---- */

/* A copy of libxml2's message without its trailing line feed. */
static char *trimmed(const char *message)
{
    char *msg = sd_xstrdup(message ? message : "ukendt fejl");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    return msg;
}

/* Keeps libxml2's first message in *(char **)ctx instead of printing it. */
static void keep_first_error(void *ctx, xmlErrorPtr err)
{
    char **first = ctx;
    if (!*first)
        *first = trimmed(err ? err->message : NULL);
}

static void collect_schema_error(void *ctx, xmlErrorPtr err)
{
    void **args = ctx;
    sd_diags *diags = args[0];
    const char *path = args[1];
    char *msg = trimmed(err->message);
    sd_diag(diags, SD_ERROR, path, (unsigned)err->line, 1,
            "Skabelonen følger ikke skabelonskemaet: %s", msg);
    free(msg);
}

/* 1 if `path` names a file that can be opened; if not, errno says why. */
static int readable(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* The compiled template.xsd: compiling it costs more than reading and
 * expanding a template, so a context compiles it once for all of them. */
struct sd_template_schema {
    xmlSchemaPtr schema;   /* owned */
};

sd_template_schema *sd_template_schema_load(const char *schema_path, sd_diags *diags)
{
    /* libxml2 prints its own English complaints about a schema it cannot
     * read; we report the first one in ours instead */
    char *first = NULL;
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(schema_path);
    if (pc)
        xmlSchemaSetParserStructuredErrors(pc, keep_first_error, &first);
    xmlSetStructuredErrorFunc(&first, keep_first_error);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSchemaFreeParserCtxt(pc);
    if (!schema) {
        if (!readable(schema_path))
            sd_diag(diags, SD_ERROR, schema_path, 0, 0, "Skabelonskemaet kan ikke læses: %s.",
                    sd_errno_text(errno));
        else
            sd_diag(diags, SD_ERROR, schema_path, 0, 0, "Skabelonskemaet kan ikke læses: %s",
                    first ? first : "ukendt fejl");
        free(first);
        return NULL;
    }
    free(first);
    sd_template_schema *s = sd_xcalloc(1, sizeof(*s));
    s->schema = schema;
    return s;
}

void sd_template_schema_free(sd_template_schema *s)
{
    if (!s)
        return;
    xmlSchemaFree(s->schema);
    free(s);
}

static int check_against_schema(xmlDocPtr doc, const char *path,
                                const sd_template_schema *schema, sd_diags *diags)
{
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema->schema);
    void *args[2] = {diags, (void *)path};
    xmlSchemaSetValidStructuredErrors(vc, collect_schema_error, args);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    return rc == 0 ? 0 : -1;
}

sd_template *sd_template_load(const char *path, const char *schema_path,
                              sd_diags *diags)
{
    sd_template_schema *schema = sd_template_schema_load(schema_path, diags);
    sd_template *t = schema ? sd_template_load_with(path, schema, diags) : NULL;
    sd_template_schema_free(schema);
    return t;
}

sd_template *sd_template_load_with(const char *path, const sd_template_schema *schema,
                                   sd_diags *diags)
{
    if (!readable(path)) {
        sd_diag(diags, SD_ERROR, path, 0, 0, "Skabelonen kan ikke læses: %s.", sd_errno_text(errno));
        return NULL;
    }
    /* libxml2 would print its own errors; we report the first one instead */
    xmlParserCtxtPtr pc = xmlNewParserCtxt();
    xmlDocPtr doc = xmlCtxtReadFile(pc, path, "UTF-8",
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        xmlErrorPtr err = xmlCtxtGetLastError(pc);
        if (err && err->line > 0) {
            char *msg = trimmed(err->message);
            sd_diag(diags, SD_ERROR, path, (unsigned)err->line, (unsigned)err->int2,
                    "Skabelonen er ikke gyldig XML: %s", msg);
            free(msg);
        }
        else
            sd_diag(diags, SD_ERROR, path, 0, 0, "Skabelonen kan ikke læses.");
        xmlFreeParserCtxt(pc);
        return NULL;
    }
    xmlFreeParserCtxt(pc);
    /* shared pieces (templates/roller.xml) come in through XInclude, before
     * the template is checked, so the schema sees the whole template */
    char *include_error = NULL;
    xmlSetStructuredErrorFunc(&include_error, keep_first_error);
    int included = xmlXIncludeProcessFlags(doc, XML_PARSE_NONET | XML_PARSE_NOXINCNODE);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (included < 0) {
        sd_diag(diags, SD_ERROR, path, 0, 0,
                "Skabelonen henviser til en fil, der ikke kan læses (xi:include): %s",
                include_error ? include_error : "ukendt fejl");
        free(include_error);
        xmlFreeDoc(doc);
        return NULL;
    }
    free(include_error);
    if (check_against_schema(doc, path, schema, diags) != 0) {
        xmlFreeDoc(doc);
        return NULL;
    }
    sd_template *t = sd_xcalloc(1, sizeof(*t));
    t->doc = doc;
    t->path = sd_xstrdup(path);
    return t;
}

void sd_template_free(sd_template *t)
{
    if (!t)
        return;
    xmlFreeDoc(t->doc);
    free(t->path);
    free(t);
}

/* ---- XPath ---- */

/* Evaluates `expr` with `ctx` as context node. NULL (and a reported error)
 * when the expression is broken. Caller frees with xmlXPathFreeObject. */
static xmlXPathObjectPtr eval(expander *e, const xmlNode *at, const xmlChar *expr,
                              xmlNodePtr ctx)
{
    xmlNodePtr saved = e->xp->node;
    e->xp->node = ctx;
    xmlXPathObjectPtr r = xmlXPathEvalExpression(expr, e->xp);
    e->xp->node = saved;
    if (!r) {
        sd_buf msg = {0};
        sd_buf_printf(&msg, "XPath-udtrykket \"%s\" kan ikke beregnes", (const char *)expr);
        if (e->xpath_error)
            sd_buf_printf(&msg, " (%s)", e->xpath_error);
        sd_buf_putc(&msg, '.');
        template_error(e, at, "%s", sd_buf_cstr(&msg));
        sd_buf_free(&msg);
    }
    free(e->xpath_error);
    e->xpath_error = NULL;
    return r;
}

static char *eval_string(expander *e, const xmlNode *at, const xmlChar *expr, xmlNodePtr ctx)
{
    xmlXPathObjectPtr r = eval(e, at, expr, ctx);
    if (!r)
        return sd_xstrdup("");
    xmlChar *s = xmlXPathCastToString(r);
    xmlXPathFreeObject(r);
    char *out = sd_xstrdup((const char *)s);
    xmlFree(s);
    return out;
}

static int eval_bool(expander *e, const xmlNode *at, const xmlChar *expr, xmlNodePtr ctx)
{
    xmlXPathObjectPtr r = eval(e, at, expr, ctx);
    if (!r)
        return 0;
    int b = xmlXPathCastToBoolean(r);
    xmlXPathFreeObject(r);
    return b;
}

/* Expands an attribute value template: literal text with {XPath} parts;
 * "{{" and "}}" stand for literal braces. Returns a new string. */
static char *avt(expander *e, const xmlNode *at, const char *raw, xmlNodePtr ctx)
{
    sd_buf out = {0};
    for (const char *p = raw; *p;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            sd_buf_putc(&out, p[0]);
            p += 2;
        } else if (p[0] == '{') {
            const char *end = strchr(p, '}');
            if (!end) {
                template_error(e, at, "Teksten \"%s\" mangler en afsluttende }.", raw);
                break;
            }
            char *expr = sd_xstrndup(p + 1, (size_t)(end - p - 1));
            char *v = eval_string(e, at, BAD_CAST expr, ctx);
            sd_buf_puts(&out, v);
            free(v);
            free(expr);
            p = end + 1;
        } else {
            sd_buf_putc(&out, *p++);
        }
    }
    return sd_buf_take(&out);
}

/* The attribute `name` of `n` as a value template; NULL if absent. */
static char *attr(expander *e, const xmlNode *n, const char *name, xmlNodePtr ctx)
{
    xmlChar *raw = xmlGetProp((xmlNode *)n, BAD_CAST name);
    if (!raw)
        return NULL;
    char *s = avt(e, n, (const char *)raw, ctx);
    xmlFree(raw);
    return s;
}

/* ---- attribute parsing ---- */

/* A length: "12", "12pt", "4mm", "1cm". Returns `dflt` when absent. */
static float length_attr(expander *e, const xmlNode *n, const char *name,
                         xmlNodePtr ctx, float dflt)
{
    char *s = attr(e, n, name, ctx);
    if (!s)
        return dflt;
    char *end;
    float v = strtof(s, &end);
    if (strcmp(end, "mm") == 0)
        v = SD_MM(v);
    else if (strcmp(end, "cm") == 0)
        v = SD_MM(v * 10);
    free(s);
    return v;
}

static int bool_attr(expander *e, const xmlNode *n, const char *name, xmlNodePtr ctx, int dflt)
{
    char *s = attr(e, n, name, ctx);
    if (!s)
        return dflt;
    int v = strcmp(s, "true") == 0 || strcmp(s, "ja") == 0 || strcmp(s, "1") == 0;
    free(s);
    return v;
}

static int color_attr(expander *e, const xmlNode *n, const char *name,
                      xmlNodePtr ctx, sd_rgb *out)
{
    char *s = attr(e, n, name, ctx);
    if (!s)
        return 0;
    unsigned v = 0;
    int ok = s[0] == '#' && strlen(s) == 7 && sscanf(s + 1, "%6x", &v) == 1;
    if (ok)
        *out = (sd_rgb){((v >> 16) & 255) / 255.0f, ((v >> 8) & 255) / 255.0f,
                        (v & 255) / 255.0f};
    free(s);
    return ok;
}

static unsigned borders_attr(expander *e, const xmlNode *n, xmlNodePtr ctx, unsigned dflt)
{
    char *s = attr(e, n, "borders", ctx);
    if (!s)
        return dflt;
    unsigned m = 0;
    if (strstr(s, "all")) m |= SD_BORDER_ALL;
    if (strstr(s, "top")) m |= SD_BORDER_TOP;
    if (strstr(s, "right")) m |= SD_BORDER_RIGHT;
    if (strstr(s, "bottom")) m |= SD_BORDER_BOTTOM;
    if (strstr(s, "left")) m |= SD_BORDER_LEFT;
    free(s);
    return m;
}

/* The face for a style's weight and family. */
static style set_face(style st)
{
    st.face = st.serif ? (st.bold ? SD_FACE_SERIF_BOLD : SD_FACE_SERIF)
                       : (st.bold ? SD_FACE_BOLD : SD_FACE_REGULAR);
    return st;
}

static style apply_style(expander *e, const xmlNode *n, xmlNodePtr ctx, style st)
{
    st.size = length_attr(e, n, "size", ctx, st.size);
    char *bold = attr(e, n, "bold", ctx);
    if (bold) {
        st.bold = strcmp(bold, "true") == 0;
        free(bold);
    }
    char *font = attr(e, n, "font", ctx);
    if (font) {
        st.serif = strcmp(font, "serif") == 0;
        free(font);
    }
    st = set_face(st);
    color_attr(e, n, "color", ctx, &st.color);
    char *align = attr(e, n, "align", ctx);
    if (align) {
        st.align = strcmp(align, "center") == 0 ? SD_ALIGN_CENTER
                 : strcmp(align, "right") == 0 ? SD_ALIGN_RIGHT : SD_ALIGN_LEFT;
        free(align);
    }
    return st;
}

/* ---- lookup tables: <lookup name="rolle"><entry key="…">label</entry>… ---- */

static xmlNodePtr find_lookup(const sd_template *t, const xmlChar *name)
{
    for (xmlNodePtr n = xmlDocGetRootElement(t->doc)->children; n; n = n->next) {
        if (!is(n, "lookup"))
            continue;
        xmlChar *nm = xmlGetProp(n, BAD_CAST "name");
        int match = nm && xmlStrcmp(nm, name) == 0;
        xmlFree(nm);
        if (match)
            return n;
    }
    return NULL;
}

/* The <entry> of table `name` with key `key`, and its 1-based index. */
static xmlNodePtr find_entry(const sd_template *t, const xmlChar *name,
                             const xmlChar *key, int *index)
{
    xmlNodePtr table = find_lookup(t, name);
    int i = 0;
    for (xmlNodePtr n = table ? table->children : NULL; n; n = n->next) {
        if (!is(n, "entry"))
            continue;
        i++;
        xmlChar *k = xmlGetProp(n, BAD_CAST "key");
        int match = k && xmlStrcmp(k, key) == 0;
        xmlFree(k);
        if (match) {
            *index = i;
            return n;
        }
    }
    return NULL;
}

/* sd:tabel(name): the entries of a lookup table, in order. */
static void fn_tabel(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    expander *e = ctxt->context->userData;
    xmlChar *name = xmlXPathPopString(ctxt);
    xmlNodePtr table = find_lookup(e->t, name);
    xmlFree(name);
    xmlNodeSetPtr set = xmlXPathNodeSetCreate(NULL);
    for (xmlNodePtr n = table ? table->children : NULL; n; n = n->next)
        if (is(n, "entry"))
            xmlXPathNodeSetAdd(set, n);
    xmlXPathReturnNodeSet(ctxt, set);
}

/* sd:opslag(name, key): the label of `key` in table `name`, or "". */
static void fn_opslag(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    expander *e = ctxt->context->userData;
    xmlChar *key = xmlXPathPopString(ctxt), *name = xmlXPathPopString(ctxt);
    int index;
    xmlNodePtr entry = find_entry(e->t, name, key, &index);
    xmlChar *label = entry ? xmlNodeGetContent(entry) : NULL;
    xmlXPathReturnString(ctxt, label ? label : xmlStrdup(BAD_CAST ""));
    xmlFree(key);
    xmlFree(name);
}

/* sd:orden(name, key): the 1-based place of `key` in table `name`, or 1000
 * when it is not there (sorts last). */
static void fn_orden(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    expander *e = ctxt->context->userData;
    xmlChar *key = xmlXPathPopString(ctxt), *name = xmlXPathPopString(ctxt);
    int index = 1000;
    find_entry(e->t, name, key, &index);
    xmlFree(key);
    xmlFree(name);
    xmlXPathReturnNumber(ctxt, index);
}

/* ---- counts for reports that must not point anyone out ---- */

#define SD_SMALL_GROUP 5    /* a group smaller than this is printed "under 5" */

/* 1 if n counts a group small enough to point someone out: 1 … 4. */
static int small_group(double n)
{
    return n >= 1 && n < SD_SMALL_GROUP;
}

/* sd:antal(n): the count n, or "under 5" for 1-4. */
static void fn_antal(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    double n = xmlXPathPopNumber(ctxt);
    char buf[32];
    if (n != n)
        snprintf(buf, sizeof buf, "%s", "");
    else if (small_group(n))
        snprintf(buf, sizeof buf, "under %d", SD_SMALL_GROUP);
    else
        snprintf(buf, sizeof buf, "%.0f", n);
    xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST buf));
}

/* sd:andel(a, n): a out of n as a whole percentage (a number), or NaN when
 * it could point someone out: n under 5, or a or n - a from 1 to 4 (the
 * share would give the small group away). */
static void fn_andel(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    double n = xmlXPathPopNumber(ctxt), a = xmlXPathPopNumber(ctxt);
    double share = NAN;
    if (n >= SD_SMALL_GROUP && a >= 0 && a <= n && !small_group(a) && !small_group(n - a))
        share = floor(100.0 * a / n + 0.5);
    xmlXPathReturnNumber(ctxt, share);
}

/* ---- inline content ---- */

typedef enum mode { MODE_BLOCK, MODE_INLINE, MODE_ROWS, MODE_CELLS, MODE_TIMELINE,
                    MODE_LANE } mode;

/* 1 if the paragraph is empty, or its last run ends a line or a word. */
static int para_at_word_start(const sd_box *para)
{
    if (para->nruns == 0)
        return 1;
    const sd_run *last = &para->runs[para->nruns - 1];
    if (last->kind == SD_RUN_LINEBREAK)
        return 1;
    if (last->kind != SD_RUN_TEXT || last->text[0] == '\0')
        return 0;
    return last->text[strlen(last->text) - 1] == ' ';
}

/* Appends text to the paragraph, collapsing white space the way HTML does:
 * runs of spaces become one, and none is kept at the start of a paragraph.
 * When `from_record` is set, a blank line (two line feeds) in the value is a
 * forced line break — coordinators write paragraphs in block scalars. */
static void add_text(sd_box *para, const char *text, style st, sd_pos src, int from_record)
{
    sd_buf b = {0};
    int pending_space = 0;
    int at_start = para_at_word_start(para);
    for (const char *p = text; *p; p++) {
        if (from_record && p[0] == '\n' && p[1] == '\n') {
            if (b.len)
                sd_box_add_run(para, SD_RUN_TEXT, sd_buf_cstr(&b), st.face, st.size, src);
            sd_buf_free(&b);
            while (p[1] == '\n')
                p++;
            if (p[1])
                sd_box_add_run(para, SD_RUN_LINEBREAK, NULL, st.face, st.size, src);
            pending_space = 0;
            at_start = 1;
            continue;
        }
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            pending_space = 1;
            continue;
        }
        if (pending_space && !at_start)
            sd_buf_putc(&b, ' ');
        pending_space = 0;
        at_start = 0;
        sd_buf_putc(&b, *p);
    }
    if (pending_space && !at_start)
        sd_buf_putc(&b, ' ');
    if (b.len)
        sd_box_add_run(para, SD_RUN_TEXT, sd_buf_cstr(&b), st.face, st.size, src);
    sd_buf_free(&b);
}

/* Removes trailing spaces from a finished paragraph. */
static void trim_para(sd_box *para)
{
    while (para && para->nruns) {
        sd_run *r = &para->runs[para->nruns - 1];
        if (r->kind != SD_RUN_TEXT)
            return;
        size_t n = strlen(r->text);
        while (n && r->text[n - 1] == ' ')
            r->text[--n] = '\0';
        if (n)
            return;
        free(r->text);
        para->nruns--;
    }
}

static sd_pos no_pos(void)
{
    return (sd_pos){NULL, 0, 0};
}

/* <value select="XPath" format="dato"/>: the string value, formatted, with
 * the record position of the first selected node. */
static void expand_value(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                         sd_box *para, style st)
{
    xmlChar *select = xmlGetProp((xmlNode *)tn, BAD_CAST "select");
    xmlXPathObjectPtr r = eval(e, tn, select, ctx);
    xmlFree(select);
    if (!r)
        return;
    sd_pos src = no_pos();
    if (r->type == XPATH_NODESET && r->nodesetval && r->nodesetval->nodeNr > 0 && e->records)
        src = sd_records_pos(e->records, r->nodesetval->nodeTab[0]);
    xmlChar *value = xmlXPathCastToString(r);
    xmlXPathFreeObject(r);
    char *format = attr(e, tn, "format", ctx);
    char *text = NULL;
    if (format && *value) {
        int known;
        text = sd_format(format, (const char *)value, e->opts->cpr_full, &known);
        if (!known)
            template_error(e, tn, "Ukendt format \"%s\".", format);
        /* a CPR number that does not parse is never printed raw */
        if (!text && strncmp(format, "cpr", 3) != 0)
            text = sd_xstrdup((const char *)value);
    } else {
        text = sd_xstrdup((const char *)value);
    }
    if (text && *text)
        add_text(para, text, st, src, 1);
    free(text);
    free(format);
    xmlFree(value);
}

static void expand_children(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                            sd_box *box, style st, mode m);
static void expand_container(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                             sd_box *box, style st);
static void expand_call(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                        sd_box *box, style st, mode m);

static void expand_inline(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                          sd_box *para, style st)
{
    if (tn->type == XML_TEXT_NODE || tn->type == XML_CDATA_SECTION_NODE) {
        add_text(para, (const char *)tn->content, st, no_pos(), 0);
    } else if (is(tn, "b")) {
        style bold = st;
        bold.bold = 1;
        bold = set_face(bold);
        expand_children(e, tn, ctx, para, apply_style(e, tn, ctx, bold), MODE_INLINE);
    } else if (is(tn, "span")) {
        expand_children(e, tn, ctx, para, apply_style(e, tn, ctx, st), MODE_INLINE);
    } else if (is(tn, "value")) {
        expand_value(e, tn, ctx, para, apply_style(e, tn, ctx, st));
    } else if (is(tn, "checkbox")) {
        xmlChar *test = xmlGetProp((xmlNode *)tn, BAD_CAST "checked");
        int checked = test ? eval_bool(e, tn, test, ctx) : 0;
        xmlFree(test);
        sd_run *r = sd_box_add_run(para, SD_RUN_CHECKBOX, NULL, st.face, st.size, no_pos());
        r->checked = checked;
    } else if (is(tn, "br")) {
        trim_para(para);
        sd_box_add_run(para, SD_RUN_LINEBREAK, NULL, st.face, st.size, no_pos());
    } else if (tn->type == XML_ELEMENT_NODE) {
        template_error(e, tn, "Elementet <%s> kan ikke stå inde i en tekst.", (const char *)tn->name);
    }
}

/* ---- block content ---- */

static sd_box *open_para(sd_box *container, style st)
{
    sd_box *para = sd_box_new(SD_BOX_PARA);
    para->align = st.align;
    para->color = st.color;
    sd_box_add(container, para);
    return para;
}

static void para_attrs(expander *e, const xmlNode *tn, xmlNodePtr ctx, sd_box *p, style st)
{
    p->align = st.align;
    p->space_before = length_attr(e, tn, "space-before", ctx, 0);
    p->space_after = length_attr(e, tn, "space-after", ctx, 0);
    p->indent = length_attr(e, tn, "indent", ctx, 0);
    p->leading = length_attr(e, tn, "leading", ctx, 0);
    p->keep_with_next = bool_attr(e, tn, "keep-with-next", ctx, 0);
    p->bullet = attr(e, tn, "bullet", ctx);
    p->color = st.color;
}

/* "24mm 20mm 1* 2*": fixed lengths and proportional shares. */
static void table_columns(expander *e, const xmlNode *tn, xmlNodePtr ctx, sd_box *table)
{
    char *spec = attr(e, tn, "columns", ctx);
    sd_column cols[64];
    size_t n = 0;
    for (char *tok = spec ? spec : ""; *tok && n < 64;) {
        while (*tok == ' ')
            tok++;
        if (!*tok)
            break;
        char *end;
        float v = strtof(tok, &end);
        if (end == tok) {
            template_error(e, tn, "Kolonnebredden \"%s\" kan ikke læses.", tok);
            break;
        }
        if (*end == '*') {
            cols[n++] = (sd_column){0, v > 0 ? v : 1};
            end++;
        } else if (strncmp(end, "mm", 2) == 0) {
            cols[n++] = (sd_column){SD_MM(v), 0};
            end += 2;
        } else {
            if (strncmp(end, "pt", 2) == 0)
                end += 2;
            cols[n++] = (sd_column){v, 0};
        }
        tok = end;
    }
    sd_box_set_columns(table, cols, n);
    free(spec);
}

/* Frame-like attributes shared by tables (as defaults), cells and frames. */
static void frame_attrs(expander *e, const xmlNode *tn, xmlNodePtr ctx, sd_box *b,
                        const sd_box *defaults)
{
    b->padding = length_attr(e, tn, "padding", ctx, defaults ? defaults->padding : 0);
    b->borders = borders_attr(e, tn, ctx, defaults ? defaults->borders : 0);
    b->border_width = length_attr(e, tn, "border-width", ctx,
                                  defaults ? defaults->border_width : 0.5f);
    if (defaults) {
        b->border_color = defaults->border_color;
        b->has_fill = defaults->has_fill;
        b->fill = defaults->fill;
    }
    color_attr(e, tn, "border-color", ctx, &b->border_color);
    if (color_attr(e, tn, "fill", ctx, &b->fill))
        b->has_fill = 1;
    b->space_before = length_attr(e, tn, "space-before", ctx, 0);
    b->space_after = length_attr(e, tn, "space-after", ctx, 0);
    b->keep_with_next = bool_attr(e, tn, "keep-with-next", ctx, 0);
}


/* <image src="logo.png logo.jpg">: the first of the names that exists in
 * the case folder, else in the templates' assets/ folder; NULL if none (an
 * optional picture such as a municipality's logo). Plain file names only,
 * so a template cannot reach outside those two folders. Caller frees. */
static char *find_image(expander *e, const xmlNode *tn, xmlNodePtr ctx)
{
    char *names = attr(e, tn, "src", ctx);
    char *found = NULL;
    xmlChar *dir = e->records ? xmlGetProp(sd_records_root(e->records), BAD_CAST "mappe") : NULL;
    const char *slash = strrchr(e->t->path, '/');
    char *tdir = slash ? sd_xstrndup(e->t->path, (size_t)(slash - e->t->path)) : sd_xstrdup(".");
    char *save = NULL;
    for (char *name = names ? strtok_r(names, " ", &save) : NULL; name && !found;
         name = strtok_r(NULL, " ", &save)) {
        if (strchr(name, '/') || name[0] == '.')
            continue;
        sd_buf path = {0};
        if (dir && *dir)
            sd_buf_printf(&path, "%s/%s", (const char *)dir, name);
        if (!path.len || !readable(sd_buf_cstr(&path))) {
            sd_buf_free(&path);
            sd_buf_printf(&path, "%s/assets/%s", tdir, name);
        }
        if (readable(sd_buf_cstr(&path)))
            found = sd_buf_take(&path);
        sd_buf_free(&path);
    }
    free(tdir);
    xmlFree(dir);
    free(names);
    return found;
}

/* ---- the network card ---- */

/* The index of the sector whose key is `key`, or -1. */
static int sector_index(char *const *keys, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (keys[i] && strcmp(keys[i], key) == 0)
            return (int)i;
    return -1;
}

static xmlNodePtr child_named(xmlNodePtr parent, const char *name);

/* Where the field `name` of a record node is written (the node's own
 * position when it has no such field): errors in a name point at the name. */
static sd_pos field_pos(expander *e, xmlNodePtr node, const char *name)
{
    if (!e->records)
        return no_pos();
    xmlNodePtr field = child_named(node, name);
    return sd_records_pos(e->records, field ? field : node);
}

/* One <persons select="…"> entry per selected node; every other attribute
 * is a value template evaluated with the person as context node. */
static void netmap_persons(expander *e, const xmlNode *tn, xmlNodePtr ctx, sd_netmap *m,
                           char *const *keys)
{
    xmlChar *select = xmlGetProp((xmlNode *)tn, BAD_CAST "select");
    xmlXPathObjectPtr r = eval(e, tn, select, ctx);
    xmlFree(select);
    if (r && (r->type != XPATH_NODESET)) {
        template_error(e, tn, "%s", "persons skal vælge knuder.");
    } else if (r && r->nodesetval) {
        for (int i = 0; i < r->nodesetval->nodeNr && !e->failed; i++) {
            xmlNodePtr node = r->nodesetval->nodeTab[i];
            sd_netmap_person *p = sd_netmap_add_person(m);
            p->key = attr(e, tn, "key", node);
            p->name = attr(e, tn, "name", node);
            p->detail = attr(e, tn, "detail", node);
            p->src = field_pos(e, node, "navn");
            p->detail_src = field_pos(e, node, "relation");
            if (!p->detail_src.line)
                p->detail_src = field_pos(e, node, "angiv");
            char *sector = attr(e, tn, "sector", node);
            p->sector = sector ? sector_index(keys, m->nsectors, sector) : -1;
            free(sector);
            char *band = attr(e, tn, "closeness", node);
            p->band = band ? atoi(band) : 0;
            free(band);
            char *order = attr(e, tn, "order", node);
            if (order && *order)
                p->order = strtod(order, NULL);
            free(order);
            p->team = bool_attr(e, tn, "team", node, 0);
            p->vip = bool_attr(e, tn, "vip", node, 0);
            if (p->sector < 0 || p->band < 1 || p->band > SD_NETMAP_BANDS)
                sd_diag_at(e->diags, SD_ERROR, p->src,
                           "%s kan ikke tegnes på netværkskortet: angiv felt (sektor) og "
                           "nærhed 1–3, eller paa_kort: false.", p->name ? p->name : "Personen");
        }
    }
    xmlXPathFreeObject(r);
}

/* The index of the person whose key is `key`, or (size_t)-1. */
static size_t person_index(const sd_netmap *m, const char *key)
{
    for (size_t i = 0; i < m->npersons; i++)
        if (m->persons[i].key && strcmp(m->persons[i].key, key) == 0)
            return i;
    return (size_t)-1;
}

/* <links select="…" from="…" to="…">: a line between two persons of the
 * card; a line to someone not on the card is not drawn. */
static void netmap_links(expander *e, const xmlNode *tn, xmlNodePtr ctx, sd_netmap *m)
{
    xmlChar *select = xmlGetProp((xmlNode *)tn, BAD_CAST "select");
    xmlXPathObjectPtr r = eval(e, tn, select, ctx);
    xmlFree(select);
    for (int i = 0; r && r->type == XPATH_NODESET && r->nodesetval &&
                    i < r->nodesetval->nodeNr && !e->failed; i++) {
        xmlNodePtr node = r->nodesetval->nodeTab[i];
        char *from = attr(e, tn, "from", node), *to = attr(e, tn, "to", node);
        size_t a = from ? person_index(m, from) : (size_t)-1;
        size_t b = to ? person_index(m, to) : (size_t)-1;
        if (a != (size_t)-1 && b != (size_t)-1 && a != b)
            sd_netmap_add_link(m, a, b);
        free(from);
        free(to);
    }
    xmlXPathFreeObject(r);
}

/* ---- the timeline ---- */

/* A date attribute: an ISO date or a day number (what sd:dag and
 * sd:plus-maaneder give); SD_NO_DAY when absent, empty or neither. */
static long date_attr(expander *e, const xmlNode *n, const char *name, xmlNodePtr ctx)
{
    char *s = attr(e, n, name, ctx);
    long day = SD_NO_DAY;
    if (s && strchr(s, '-') && strlen(s) == 10) {
        day = sd_date_parse(s);
    } else if (s && *s) {
        char *end;
        double v = strtod(s, &end);
        if (!*end && v == v && v > -1e7 && v < 1e7)
            day = (long)v;
    }
    free(s);
    return day;
}

static sd_tl_shape shape_attr(expander *e, const xmlNode *n, xmlNodePtr ctx)
{
    static const char *const names[SD_TL_SHAPES] = {"dot", "ring", "crossed", "square", "tick"};
    char *s = attr(e, n, "shape", ctx);
    sd_tl_shape shape = SD_TL_DOT;
    for (int i = 0; s && i < SD_TL_SHAPES; i++)
        if (strcmp(s, names[i]) == 0)
            shape = (sd_tl_shape)i;
    free(s);
    return shape;
}

static int int_attr(expander *e, const xmlNode *n, const char *name, xmlNodePtr ctx, int dflt)
{
    char *s = attr(e, n, name, ctx);
    int v = s && *s ? atoi(s) : dflt;
    free(s);
    return v;
}

/* A child of <timeline> (lane, line, key) or of <lane> (band, mark); the
 * box is the timeline's. */
static void expand_timeline_child(expander *e, const xmlNode *tn, xmlNodePtr ctx, sd_box *box,
                                  style st, mode m)
{
    sd_timeline *t = box->timeline;
    sd_tl_lane *lane = t->nlanes ? &t->lanes[t->nlanes - 1] : NULL;
    char *label = attr(e, tn, "label", ctx);
    if (m == MODE_TIMELINE && is(tn, "lane")) {
        sd_timeline_add_lane(t, label);
        expand_children(e, tn, ctx, box, st, MODE_LANE);
    } else if (m == MODE_TIMELINE && is(tn, "line")) {
        sd_timeline_add_line(t, date_attr(e, tn, "date", ctx), label);
    } else if (m == MODE_TIMELINE && is(tn, "key")) {
        int band = xmlHasProp((xmlNode *)tn, BAD_CAST "tone") != NULL;
        sd_timeline_add_key(t, shape_attr(e, tn, ctx), band, int_attr(e, tn, "tone", ctx, 0),
                            label);
    } else if (m == MODE_LANE && lane && is(tn, "band")) {
        sd_timeline_add_span(lane, date_attr(e, tn, "from", ctx), date_attr(e, tn, "to", ctx),
                             label, int_attr(e, tn, "tone", ctx, 1),
                             bool_attr(e, tn, "open", ctx, 0));
    } else if (m == MODE_LANE && lane && is(tn, "mark")) {
        sd_timeline_add_mark(lane, date_attr(e, tn, "date", ctx), label, shape_attr(e, tn, ctx));
    } else if (tn->type == XML_ELEMENT_NODE) {
        template_error(e, tn, "Elementet <%s> kan ikke stå her i en tidslinje.",
                       (const char *)tn->name);
    }
    free(label);
}

/* <network-card>: the children say what goes on the card (templates/README.md). */
static sd_netmap *expand_netmap(expander *e, const xmlNode *tn, xmlNodePtr ctx)
{
    sd_netmap *m = sd_netmap_new();
    char *keys[SD_NETMAP_MAX_SECTORS] = {0};
    m->blank = bool_attr(e, tn, "blank", ctx, 0);
    for (const xmlNode *c = tn->children; c && !e->failed; c = c->next) {
        if (is(c, "sector") && m->nsectors < SD_NETMAP_MAX_SECTORS) {
            keys[m->nsectors] = attr(e, c, "key", ctx);
            m->sector_label[m->nsectors++] = attr(e, c, "label", ctx);
        } else if (is(c, "centre")) {
            m->centre_label = attr(e, c, "label", ctx);
            m->centre_name = attr(e, c, "name", ctx);
        } else if (is(c, "legend")) {
            m->legend_team = attr(e, c, "team", ctx);
            m->legend_other = attr(e, c, "other", ctx);
            m->legend_vip = attr(e, c, "vip", ctx);
        } else if (is(c, "overflow")) {
            m->overflow_title = attr(e, c, "title", ctx);
            m->band_word = attr(e, c, "closeness", ctx);
        } else if (is(c, "persons") && !m->blank) {
            netmap_persons(e, c, ctx, m, keys);
        } else if (is(c, "links") && !m->blank) {
            netmap_links(e, c, ctx, m);
        }
    }
    for (size_t i = 0; i < SD_NETMAP_MAX_SECTORS; i++)
        free(keys[i]);
    return m;
}

static void expand_block(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                         sd_box *container, style st)
{
    sd_box *b;
    if (is(tn, "p")) {
        style ps = apply_style(e, tn, ctx, st);
        b = sd_box_new(SD_BOX_PARA);
        para_attrs(e, tn, ctx, b, ps);
        sd_box_add(container, b);
        expand_children(e, tn, ctx, b, ps, MODE_INLINE);
        trim_para(b);
    } else if (is(tn, "table")) {
        b = sd_box_new(SD_BOX_TABLE);
        table_columns(e, tn, ctx, b);
        frame_attrs(e, tn, ctx, b, NULL);
        if (!xmlHasProp((xmlNode *)tn, BAD_CAST "borders"))
            b->borders = SD_BORDER_ALL;
        char *hr = attr(e, tn, "header-rows", ctx);
        b->header_rows = hr ? (size_t)strtoul(hr, NULL, 10) : 0;
        free(hr);
        sd_box_add(container, b);
        expand_children(e, tn, ctx, b, apply_style(e, tn, ctx, st), MODE_ROWS);
    } else if (is(tn, "frame")) {
        b = sd_box_new(SD_BOX_FRAME);
        frame_attrs(e, tn, ctx, b, NULL);
        b->height = length_attr(e, tn, "height", ctx, 0);
        sd_box_add(container, b);
        expand_container(e, tn, ctx, b, apply_style(e, tn, ctx, st));
    } else if (is(tn, "space")) {
        b = sd_box_new(SD_BOX_SPACE);
        b->height = length_attr(e, tn, "height", ctx, st.size);
        sd_box_add(container, b);
    } else if (is(tn, "rule")) {
        b = sd_box_new(SD_BOX_RULE);
        b->line_width = length_attr(e, tn, "thickness", ctx, 0.5f);
        b->width = length_attr(e, tn, "width", ctx, 0);
        color_attr(e, tn, "color", ctx, &b->color);
        b->space_before = length_attr(e, tn, "space-before", ctx, 0);
        b->space_after = length_attr(e, tn, "space-after", ctx, 0);
        sd_box_add(container, b);
    } else if (is(tn, "image")) {
        char *path = find_image(e, tn, ctx);
        if (path) {
            b = sd_box_new(SD_BOX_IMAGE);
            b->src = path;
            b->width = length_attr(e, tn, "width", ctx, 0);
            b->align = apply_style(e, tn, ctx, st).align;
            b->space_before = length_attr(e, tn, "space-before", ctx, 0);
            b->space_after = length_attr(e, tn, "space-after", ctx, 0);
            sd_box_add(container, b);
        }
    } else if (is(tn, "network-card")) {
        b = sd_box_new(SD_BOX_NETMAP);
        b->netmap = expand_netmap(e, tn, ctx);
        b->space_before = length_attr(e, tn, "space-before", ctx, 0);
        b->space_after = length_attr(e, tn, "space-after", ctx, 0);
        sd_box_add(container, b);
    } else if (is(tn, "timeline")) {
        b = sd_box_new(SD_BOX_TIMELINE);
        b->timeline = sd_timeline_new();
        b->timeline->empty = attr(e, tn, "empty", ctx);
        b->space_before = length_attr(e, tn, "space-before", ctx, 0);
        b->space_after = length_attr(e, tn, "space-after", ctx, 0);
        sd_box_add(container, b);
        expand_children(e, tn, ctx, b, st, MODE_TIMELINE);
    } else if (is(tn, "page-break")) {
        sd_box_add(container, sd_box_new(SD_BOX_PAGEBREAK));
    } else {
        template_error(e, tn, "Elementet <%s> kan ikke stå her.", (const char *)tn->name);
    }
}

static void expand_row(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                       sd_box *table, style st)
{
    if (!is(tn, "row")) {
        template_error(e, tn, "En tabel kan kun indeholde <row>, ikke <%s>.", (const char *)tn->name);
        return;
    }
    sd_box *row = sd_box_new(SD_BOX_ROW);
    frame_attrs(e, tn, ctx, row, table);
    sd_box_add(table, row);
    expand_children(e, tn, ctx, row, apply_style(e, tn, ctx, st), MODE_CELLS);
}

static void expand_cell(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                        sd_box *row, style st)
{
    if (!is(tn, "cell")) {
        template_error(e, tn, "En række kan kun indeholde <cell>, ikke <%s>.", (const char *)tn->name);
        return;
    }
    sd_box *cell = sd_box_new(SD_BOX_CELL);
    frame_attrs(e, tn, ctx, cell, row);
    cell->own_frame = 1;    /* frame_attrs resolved table → row → cell */
    cell->space_before = cell->space_after = 0;
    char *span = attr(e, tn, "colspan", ctx);
    cell->colspan = span ? (size_t)strtoul(span, NULL, 10) : 1;
    free(span);
    sd_box_add(row, cell);
    expand_container(e, tn, ctx, cell, apply_style(e, tn, ctx, st));
}

/* ---- control elements ---- */

/* A variable binding to undo when the enclosing element ends. */
typedef struct binding {
    xmlChar *name;               /* owned */
    xmlXPathObjectPtr previous;  /* owned, NULL if unbound before */
} binding;

/* Binds $name to `value` (taken), remembering the previous value in `saved`. */
static void bind(expander *e, const char *name, xmlXPathObjectPtr value, binding *saved)
{
    saved->name = xmlStrdup(BAD_CAST name);
    saved->previous = xmlXPathVariableLookup(e->xp, BAD_CAST name);
    xmlXPathRegisterVariable(e->xp, BAD_CAST name, value);
}

static void unbind(expander *e, binding *saved)
{
    xmlXPathRegisterVariable(e->xp, saved->name, saved->previous);
    xmlFree(saved->name);
}

typedef struct item {
    xmlNodePtr node;
    double key;
    size_t order;
} item;

static int compare_items(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Runs the children of `tn` once per item, with $as bound to the item, the
 * item as context node and position()/last() counting the items. */
static void run_items(expander *e, const xmlNode *tn, item *items, size_t n,
                      const char *as, sd_box *box, style st, mode m)
{
    int saved_pos = e->xp->proximityPosition, saved_size = e->xp->contextSize;
    for (size_t i = 0; i < n && !e->failed; i++) {
        binding b = {0};
        if (as)
            bind(e, as, xmlXPathNewNodeSet(items[i].node), &b);
        e->xp->proximityPosition = (int)i + 1;
        e->xp->contextSize = (int)n;
        expand_children(e, tn, items[i].node, box, st, m);
        if (as)
            unbind(e, &b);
    }
    e->xp->proximityPosition = saved_pos;
    e->xp->contextSize = saved_size;
}

/* Evaluates `expr` for `node` with $as bound to it, as a string (caller
 * frees) and, when `number` is given, as a number. */
static char *item_key(expander *e, const xmlNode *tn, const xmlChar *expr,
                      const char *as, xmlNodePtr node, double *number)
{
    binding b = {0};
    if (as)
        bind(e, as, xmlXPathNewNodeSet(node), &b);
    xmlXPathObjectPtr r = eval(e, tn, expr, node);
    char *text = NULL;
    if (number) {
        *number = r ? xmlXPathCastToNumber(r) : 0;
    } else {
        xmlChar *s = r ? xmlXPathCastToString(r) : NULL;
        text = sd_xstrdup(s ? (const char *)s : "");
        xmlFree(s);
    }
    xmlXPathFreeObject(r);
    if (as)
        unbind(e, &b);
    return text;
}

/* 1 if one of the first `n` keys equals `key`. */
static int seen_before(char *const *keys, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            return 1;
    return 0;
}

static void expand_for_each(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                            sd_box *box, style st, mode m)
{
    xmlChar *select = xmlGetProp((xmlNode *)tn, BAD_CAST "select");
    xmlChar *sort = xmlGetProp((xmlNode *)tn, BAD_CAST "sort");
    xmlChar *distinct = xmlGetProp((xmlNode *)tn, BAD_CAST "distinct");
    xmlChar *as = xmlGetProp((xmlNode *)tn, BAD_CAST "as");
    xmlXPathObjectPtr r = eval(e, tn, select, ctx);
    if (r && r->type != XPATH_NODESET)
        template_error(e, tn, "for-each skal vælge knuder: \"%s\".", (const char *)select);
    size_t n = 0;
    item *items = NULL;
    if (r && r->type == XPATH_NODESET && r->nodesetval && !e->failed) {
        size_t total = (size_t)r->nodesetval->nodeNr;
        items = sd_xcalloc(total + 1, sizeof(item));
        /* each item's distinct key is computed once: the kept keys */
        char **kept = distinct ? sd_xcalloc(total + 1, sizeof(char *)) : NULL;
        for (size_t i = 0; i < total && !e->failed; i++) {
            xmlNodePtr node = r->nodesetval->nodeTab[i];
            if (distinct) {
                char *key = item_key(e, tn, distinct, (const char *)as, node, NULL);
                if (seen_before(kept, n, key)) {
                    free(key);
                    continue;
                }
                kept[n] = key;
            }
            items[n] = (item){node, 0, n};
            if (sort) {
                item_key(e, tn, sort, (const char *)as, node, &items[n].key);
                if (isnan(items[n].key))
                    items[n].key = 1e9;
            }
            n++;
        }
        for (size_t i = 0; kept && i < n; i++)
            free(kept[i]);
        free(kept);
        if (sort)
            qsort(items, n, sizeof(item), compare_items);
        run_items(e, tn, items, n, (const char *)as, box, st, m);
    }
    free(items);
    xmlXPathFreeObject(r);
    xmlFree(select);
    xmlFree(sort);
    xmlFree(distinct);
    xmlFree(as);
}

/* <repeat count="XPath">: the children `count` times (at most 1000), with
 * the same context node. */
static void expand_repeat(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                          sd_box *box, style st, mode m)
{
    xmlChar *count = xmlGetProp((xmlNode *)tn, BAD_CAST "count");
    xmlXPathObjectPtr r = eval(e, tn, count, ctx);
    double n = r ? xmlXPathCastToNumber(r) : 0;
    xmlXPathFreeObject(r);
    xmlFree(count);
    if (isnan(n) || n < 0)
        n = 0;
    size_t times = n > 1000 ? 1000 : (size_t)n;
    item *items = sd_xcalloc(times + 1, sizeof(item));
    for (size_t i = 0; i < times; i++)
        items[i] = (item){ctx, 0, i};
    run_items(e, tn, items, times, NULL, box, st, m);
    free(items);
}

static int test_attr(expander *e, const xmlNode *tn, xmlNodePtr ctx)
{
    xmlChar *test = xmlGetProp((xmlNode *)tn, BAD_CAST "test");
    int v = test ? eval_bool(e, tn, test, ctx) : 0;
    xmlFree(test);
    return v;
}

static void expand_choose(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                          sd_box *box, style st, mode m)
{
    for (xmlNodePtr c = tn->children; c && !e->failed; c = c->next) {
        if (is(c, "when") && test_attr(e, c, ctx)) {
            expand_children(e, c, ctx, box, st, m);
            return;
        }
        if (is(c, "otherwise")) {
            expand_children(e, c, ctx, box, st, m);
            return;
        }
    }
}

static int is_inline(const xmlNode *n)
{
    return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE ||
           is(n, "b") || is(n, "span") || is(n, "value") || is(n, "checkbox") || is(n, "br");
}

/* <call name="x" select="XPath"/>: the children of <define name="x"> with
 * the first selected node as context node (nothing if none is selected). */
static void expand_call(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                        sd_box *box, style st, mode m)
{
    xmlChar *name = xmlGetProp((xmlNode *)tn, BAD_CAST "name");
    xmlChar *select = xmlGetProp((xmlNode *)tn, BAD_CAST "select");
    xmlNodePtr def = NULL;
    for (xmlNodePtr c = xmlDocGetRootElement(e->t->doc)->children; c && !def; c = c->next) {
        xmlChar *n = is(c, "define") ? xmlGetProp(c, BAD_CAST "name") : NULL;
        if (n && name && xmlStrcmp(n, name) == 0)
            def = c;
        xmlFree(n);
    }
    if (!def)
        template_error(e, tn, "Der er ingen <define name=\"%s\">.", (const char *)name);
    xmlXPathObjectPtr r = def ? eval(e, tn, select, ctx) : NULL;
    if (r && r->type == XPATH_NODESET && r->nodesetval && r->nodesetval->nodeNr > 0)
        expand_children(e, def, r->nodesetval->nodeTab[0], box, st, m);
    xmlXPathFreeObject(r);
    xmlFree(name);
    xmlFree(select);
}

/* Elements of the document root that set the page up rather than print. */
static int is_setting(const xmlNode *n)
{
    return n->parent && n->parent->parent && n->parent->parent->type == XML_DOCUMENT_NODE &&
           (is(n, "meta") || is(n, "footer") || is(n, "running-head") || is(n, "lookup") ||
            is(n, "define"));
}

static int is_blank_text(const xmlNode *n)
{
    if (n->type != XML_TEXT_NODE)
        return 0;
    for (const xmlChar *p = n->content; p && *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
            return 0;
    return 1;
}

/* Expands every child of `tn` into `box` in mode `m`. <let> bindings made
 * here last until the last child; then the previous values come back. */
static void expand_children(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                            sd_box *box, style st, mode m)
{
    binding lets[16];
    size_t nlets = 0;
    for (const xmlNode *c = tn->children; c && !e->failed; c = c->next) {
        /* white space between blocks means nothing; between inline
         * elements of an open paragraph it is a word space */
        int word_space = m == MODE_BLOCK && e->para;
        if (c->type == XML_COMMENT_NODE || is_setting(c) ||
            (m != MODE_INLINE && !word_space && is_blank_text(c)))
            continue;
        if (is(c, "let")) {
            if (nlets == 16) {
                template_error(e, c, "For mange <let> i samme element (højst %s).", "16");
                break;
            }
            xmlChar *name = xmlGetProp((xmlNode *)c, BAD_CAST "name");
            xmlChar *select = xmlGetProp((xmlNode *)c, BAD_CAST "select");
            xmlXPathObjectPtr v = eval(e, c, select, ctx);
            if (v)
                bind(e, (const char *)name, v, &lets[nlets++]);
            xmlFree(name);
            xmlFree(select);
        } else if (is(c, "if")) {
            if (test_attr(e, c, ctx))
                expand_children(e, c, ctx, box, st, m);
        } else if (is(c, "choose")) {
            expand_choose(e, c, ctx, box, st, m);
        } else if (is(c, "for-each")) {
            expand_for_each(e, c, ctx, box, st, m);
        } else if (is(c, "repeat")) {
            expand_repeat(e, c, ctx, box, st, m);
        } else if (is(c, "call")) {
            expand_call(e, c, ctx, box, st, m);
        } else if (m == MODE_INLINE) {
            expand_inline(e, c, ctx, box, st);
        } else if (m == MODE_ROWS) {
            expand_row(e, c, ctx, box, st);
        } else if (m == MODE_CELLS) {
            expand_cell(e, c, ctx, box, st);
        } else if (m == MODE_TIMELINE || m == MODE_LANE) {
            if (!is_blank_text(c))
                expand_timeline_child(e, c, ctx, box, st, m);
        } else if (is_inline(c)) {
            if (!e->para)
                e->para = open_para(box, st);
            expand_inline(e, c, ctx, e->para, st);
        } else {
            trim_para(e->para);
            e->para = NULL;
            expand_block(e, c, ctx, box, st);
        }
    }
    while (nlets)
        unbind(e, &lets[--nlets]);
}

/* Expands the children of a new block container (cell, frame, body): inline
 * content directly inside it goes to paragraphs of its own. */
static void expand_container(expander *e, const xmlNode *tn, xmlNodePtr ctx,
                             sd_box *box, style st)
{
    sd_box *saved = e->para;
    e->para = NULL;
    expand_children(e, tn, ctx, box, st, MODE_BLOCK);
    trim_para(e->para);
    e->para = saved;
}

/* ---- the document ---- */

/* The first child element of `parent` named `name`, or NULL. */
static xmlNodePtr child_named(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

/* Text content of template element `tn` as an attribute value template. */
/* The text of a one-line element (footer, running head): its inline content
 * expanded like a paragraph's (values, conditions), runs joined. */
static char *text_template(expander *e, const xmlNode *tn, xmlNodePtr ctx)
{
    style st = {SD_FACE_REGULAR, 0, 0, 8, {0, 0, 0}, SD_ALIGN_LEFT};
    sd_box *para = sd_box_new(SD_BOX_PARA);
    expand_children(e, tn, ctx, para, st, MODE_INLINE);
    trim_para(para);
    sd_buf out = {0};
    for (size_t i = 0; i < para->nruns; i++)
        if (para->runs[i].kind == SD_RUN_TEXT)
            sd_buf_puts(&out, para->runs[i].text);
    sd_box_free(para);
    return sd_buf_take(&out);
}

static void page_setup(expander *e, xmlNodePtr root, sd_document *doc)
{
    char *orientation = attr(e, root, "orientation", NULL);
    if (orientation && strcmp(orientation, "landscape") == 0) {
        float w = doc->page_width;
        doc->page_width = doc->page_height;
        doc->page_height = w;
    }
    free(orientation);
    float m = length_attr(e, root, "margin", NULL, SD_MM(15));
    doc->margin_top = length_attr(e, root, "margin-top", NULL, m);
    doc->margin_right = length_attr(e, root, "margin-right", NULL, m);
    doc->margin_bottom = length_attr(e, root, "margin-bottom", NULL, m);
    doc->margin_left = length_attr(e, root, "margin-left", NULL, m);
    doc->footer_size = length_attr(e, root, "footer-size", NULL, 8);
}

/* The document properties are for an archive's index, and libharu refuses a
 * string of 64 KiB or more (HPDF_STRING_OUT_OF_RANGE): a 100 000-character
 * municipality made `render` fail with exit 2 on records `check` accepted.
 * Cut at MAX_META_BYTES, at a character boundary, with "…". */
#define MAX_META_BYTES 1000

static char *meta_attr(expander *e, xmlNodePtr meta, const char *name, xmlNodePtr ctx)
{
    char *v = attr(e, meta, name, ctx);
    if (!v || strlen(v) <= MAX_META_BYTES)
        return v;
    size_t n = MAX_META_BYTES;
    while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
        n--;                      /* v[n] starts a character: cut before it */
    sd_buf b = {0};
    sd_buf_append(&b, v, n);
    sd_buf_puts(&b, "…");
    free(v);
    return sd_buf_take(&b);
}

static void document_meta(expander *e, xmlNodePtr root, xmlNodePtr ctx, sd_document *doc)
{
    xmlNodePtr meta = child_named(root, "meta");
    if (meta) {
        doc->meta.title = meta_attr(e, meta, "title", ctx);
        doc->meta.subject = meta_attr(e, meta, "subject", ctx);
        doc->meta.author = meta_attr(e, meta, "author", ctx);
        doc->meta.keywords = meta_attr(e, meta, "keywords", ctx);
        doc->meta.lang = meta_attr(e, meta, "lang", ctx);
    }
    if (!doc->meta.lang)
        doc->meta.lang = sd_xstrdup("da-DK");
    doc->meta.creator = sd_xstrdup(e->opts->creator ? e->opts->creator : "samdoc");
    if (e->opts->stamp_day != SD_NO_DAY) {
        doc->meta.date = sd_fmt_date_iso(e->opts->stamp_day);
    } else if (meta) {
        /* a date taken from the records keeps the file reproducible; an
         * ISO date or a day number ($idag) */
        long day = date_attr(e, meta, "date", ctx);
        doc->meta.date = day == SD_NO_DAY ? NULL : sd_fmt_date_iso(day);
    }
    xmlNodePtr footer = child_named(root, "footer");
    if (footer)
        doc->footer = text_template(e, footer, ctx);
    xmlNodePtr head = child_named(root, "running-head");
    if (head)
        doc->running_head = text_template(e, head, ctx);
}

/* Binds $name to the node-set {node} (empty when node is NULL). */
static void bind_node(xmlXPathContextPtr xp, const char *name, xmlNodePtr node)
{
    xmlXPathRegisterVariable(xp, BAD_CAST name, xmlXPathNewNodeSet(node));
}

/* libxml2 would print XPath errors on stderr; keep the message for the
 * diagnostic instead. */
static void on_xpath_error(void *data, xmlErrorPtr err)
{
    expander *e = data;
    free(e->xpath_error);
    e->xpath_error = trimmed(err ? err->message : NULL);
}

static xmlXPathContextPtr new_xpath(expander *e, xmlDocPtr doc, xmlNodePtr meeting)
{
    xmlXPathContextPtr xp = xmlXPathNewContext(doc);
    sd_xpath_setup(xp, e->opts->ref_day, e->opts->blank, e->opts->cpr_full);
    xp->userData = e;
    xp->error = on_xpath_error;
    xmlXPathRegisterFuncNS(xp, BAD_CAST "tabel", BAD_CAST SD_XPATH_NS, fn_tabel);
    xmlXPathRegisterFuncNS(xp, BAD_CAST "opslag", BAD_CAST SD_XPATH_NS, fn_opslag);
    xmlXPathRegisterFuncNS(xp, BAD_CAST "orden", BAD_CAST SD_XPATH_NS, fn_orden);
    xmlXPathRegisterFuncNS(xp, BAD_CAST "antal", BAD_CAST SD_XPATH_NS, fn_antal);
    xmlXPathRegisterFuncNS(xp, BAD_CAST "andel", BAD_CAST SD_XPATH_NS, fn_andel);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    bind_node(xp, "mappe", root);
    bind_node(xp, "sag", child_named(root, "sagsfil"));
    bind_node(xp, "moede", meeting ? child_named(meeting, "moede") : NULL);
    bind_node(xp, "diplom", child_named(child_named(root, "diplomfil"), "diplom"));
    return xp;
}

/* Layout-independent defaults of the body text. */
static style body_style(expander *e, xmlNodePtr root)
{
    style st = {SD_FACE_REGULAR, 0, 0, 9, {0, 0, 0}, SD_ALIGN_LEFT};
    return apply_style(e, root, NULL, st);
}

sd_document *sd_template_expand(const sd_template *t, sd_records *records,
                                xmlNodePtr meeting, const sd_expand_opts *opts,
                                sd_diags *diags)
{
    expander e = {t, records, NULL, opts, diags, 0, NULL, NULL};
    /* A blank form still needs a document to evaluate XPath against. */
    sd_records *empty = records ? NULL : sd_records_new("");
    xmlDocPtr doc = sd_records_doc(records ? records : empty);
    e.xp = new_xpath(&e, doc, meeting);
    xmlNodePtr root = xmlDocGetRootElement(t->doc);
    xmlNodePtr ctx = xmlDocGetRootElement(doc);

    sd_document *out = sd_document_new();
    page_setup(&e, root, out);
    document_meta(&e, root, ctx, out);
    style st = body_style(&e, root);
    expand_container(&e, root, ctx, out->body, st);
    sd_xpath_release(e.xp);
    xmlXPathFreeContext(e.xp);
    free(e.xpath_error);
    sd_records_free(empty);
    if (e.failed) {
        sd_document_free(out);
        return NULL;
    }
    return out;
}
