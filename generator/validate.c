/* validate.c — see validate.h.
 *
 * Two halves:
 *
 * 1. Schemas. Every schemas/NAME.xsd that declares a global element is compiled
 *    once (libxml2) and used for the file elements of that name. libxml2's
 *    English messages are not shown: each error is classified by its code
 *    (unexpected element, missing child, text where fields belong, fields
 *    where a value belongs, bad value) and retold in Danish. To say what was
 *    expected, validate.c keeps the XSD documents themselves and looks up the
 *    declaration of the failing element by walking the record tree's path
 *    through them (decl_for): that gives the type name of a bad value (dato,
 *    tid, …), the values of an enumeration, the required children of a
 *    mapping, and whether a key is a list. This works because the schemas use
 *    a small XSD subset: named types, xs:all / xs:sequence of xs:element.
 *
 *    libxml2 stops checking the rest of a mapping after its first unexpected
 *    key, so an unexpected element is unlinked and the file validated again
 *    (at most MAX_PASSES times) until no new one turns up; every unlinked
 *    element is put back before sd_validate returns.
 *
 * 2. Rules (validate.h). The rule XPaths are compiled once. They run only on
 *    file elements that passed their schema: the others are unlinked from
 *    <sagsmappe> while the rules run and put back afterwards in their
 *    original places, so a rule can rely on the schema's types and a rule
 *    that compares files never sees a half-valid one.
 *
 * Hardening: schemas and rule files are parsed with XML_PARSE_NONET, without
 * entity substitution or DTD loading, and a rule file with a DOCTYPE is
 * refused. While they are compiled, an external entity loader refuses every
 * file outside the schema folder (an xs:include of ../x or of http://…); the
 * previous loader is restored afterwards because templates are read later
 * from elsewhere. libxml2's global error handler is pointed at a collector
 * for the duration of our calls, so nothing reaches stderr.
 *
 * Messages never contain a CPR number: a bad CPR value is described by its
 * form, enumeration values and key names are echoed only when they cannot
 * hold one, and every value substituted into a rule message goes through
 * put_safe_value(): nothing with six digits in a row once spaces, hyphens,
 * dots and the like are removed is shown ("23 08 06 42 34" becomes "…";
 * sd_has_cpr_digits in xpathfn.h).
 *
 * At most MAX_PROBLEMS (50) diagnostics are told per file, as load.c does;
 * the next one is replaced by one summary for the file as a whole, and the
 * file is checked no further: its schema errors are no longer collected (so
 * the work per libxml2 error stays bounded on a list of 100,000 bad
 * entries), and once its rule diagnostics pass the limit, it is taken out of
 * the tree like a file that failed its schema, so later rules do not see it.
 * The rules run on elements numbered with xmlXPathOrderDocElems (cleared
 * afterwards), which makes sorting a node set of many siblings O(n log n)
 * instead of quadratic.
 *
 * Not thread-safe: sd_validator_new swaps libxml2's process-wide entity
 * loader and error handler while it works (validate.h: one per process).
 */
/* realpath() is XSI, beyond the Makefile's _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include "validate.h"
#include "text.h"
#include "util.h"
#include "xpathfn.h"

#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define XS_NS "http://www.w3.org/2001/XMLSchema"
#define MAX_PASSES 32            /* re-validations after unexpected keys */
#define MAX_VALUE_CHARS 60       /* longest value echoed in a message */
#define MAX_PROBLEMS 50          /* diagnostics told per file, as in load.c */
#define MSG_TOO_MANY "Der er mere end %d fejl i filen; kun de første er vist. Ret dem, " \
    "og prøv igen."
#define PARSE_OPTS (XML_PARSE_NONET | XML_PARSE_NOCDATA)

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static int name_is(const xmlNode *n, const char *name)
{
    return n && n->name && strcmp((const char *)n->name, name) == 0;
}

static int is_xs(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, XS_NS) == 0 && name_is(n, local);
}

/* Attribute value, borrowed from the tree (NULL if absent). Only for
 * attributes that hold a single text node, as parsed XSD attributes do. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (name_is((const xmlNode *)a, name) && a->children &&
            a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in `dir` ending in `suffix`, sorted; NULL if `dir` cannot be
 * opened. The caller frees each name and the array. */
static char **list_dir(const char *dir, const char *suffix, size_t *n_out)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, suffix))
            continue;
        void *p = names;
        sd_grow(&p, &cap, n + 1, sizeof(char *));
        names = p;
        names[n++] = sd_xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(char *), cmp_str);
    else if (!names)
        names = sd_xcalloc(1, sizeof(char *));
    *n_out = n;
    return names;
}

static void free_list(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

static char *join_path(const char *dir, const char *name)
{
    sd_buf b = {0};
    sd_buf_printf(&b, "%s/%s", dir, name);
    return sd_buf_take(&b);
}

/* ---- libxml2 errors during our own calls ---- */

/* Collects libxml2 errors raised while the validator works, so that none is
 * printed by libxml2's default handler. Keeps the first one's text. */
typedef struct collector {
    int count;
    int line;
    char *file;        /* owned, of the first error; may be NULL */
    char *message;     /* owned, of the first error, without the newline */
} collector;

static void collector_reset(collector *c)
{
    free(c->file);
    free(c->message);
    *c = (collector){0};
}

static void collect_error(void *ctx, xmlErrorPtr err)
{
    collector *c = ctx;
    if (!c || !err || err->level == XML_ERR_WARNING)
        return;
    if (c->count++ == 0) {
        c->line = err->line;
        c->file = err->file ? sd_xstrdup(err->file) : NULL;
        const char *m = err->message ? err->message : "ukendt fejl";
        size_t len = strlen(m);
        while (len && (m[len - 1] == '\n' || m[len - 1] == ' '))
            len--;
        c->message = sd_xstrndup(m, len);
    }
}

/* Points libxml2's global structured error handler at `c` until restore. */
typedef struct saved_handler {
    xmlStructuredErrorFunc fn;
    void *ctx;
} saved_handler;

static saved_handler catch_errors(collector *c)
{
    saved_handler s = {xmlStructuredError, xmlStructuredErrorContext};
    xmlSetStructuredErrorFunc(c, collect_error);
    return s;
}

static void restore_errors(saved_handler s)
{
    xmlSetStructuredErrorFunc(s.ctx, s.fn);
}

/* ---- the external entity loader (hardening) ---- */

static char *g_allowed_root;    /* realpath of the schema folder, while compiling */
static xmlExternalEntityLoader g_prev_loader;

/* Resolves URL (a plain path, a file:// URI or an escaped path) to a real
 * path, or NULL. Caller frees. */
static char *real_path_of(const char *url)
{
    if (strncmp(url, "file://", 7) == 0)
        url += 7;
    char *p = realpath(url, NULL);
    if (!p) {
        char *unesc = xmlURIUnescapeString(url, 0, NULL);
        if (unesc) {
            p = realpath(unesc, NULL);
            xmlFree(unesc);
        }
    }
    return p;
}

static xmlParserInputPtr guarded_loader(const char *url, const char *id,
                                        xmlParserCtxtPtr ctxt)
{
    int remote = url && strstr(url, "://") && strncmp(url, "file://", 7) != 0;
    if (url && g_allowed_root && !remote) {
        char *p = real_path_of(url);
        size_t n = strlen(g_allowed_root);
        int inside = p && strncmp(p, g_allowed_root, n) == 0 && p[n] == '/';
        free(p);
        if (inside)
            return xmlNoNetExternalEntityLoader(url, id, ctxt);
    }
    return NULL;   /* libxml2 then reports "failed to load external entity" */
}

#define MAX_XML_BYTES (4L * 1024 * 1024)

/* Reads a whole file; NULL if it cannot be read or is larger than
 * MAX_XML_BYTES. Caller frees. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sd_buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= (size_t)MAX_XML_BYTES)
        sd_buf_append(&b, chunk, n);
    int bad = ferror(f) || b.len > (size_t)MAX_XML_BYTES;
    fclose(f);
    if (bad) {
        sd_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data ? sd_buf_take(&b) : sd_xstrdup("");
}

/* Reads an XML file (a schema or a rule file) safely: no network, no
 * entity substitution, no DTD loading, no DOCTYPE at all. On failure adds an
 * error naming the file and returns NULL. If `text` is given, the file's
 * bytes are handed back in it (caller frees). */
static xmlDocPtr read_xml(const char *path, const char *what, sd_diags *d, char **text)
{
    size_t len = 0;
    char *buf = slurp(path, &len);
    if (!buf) {
        sd_diag(d, SD_ERROR, path, 0, 0, "%s kan ikke læses (findes den, og er den under 4 MB?).",
                what);
        return NULL;
    }
    collector c = {0};
    saved_handler h = catch_errors(&c);
    xmlDocPtr doc = len > (size_t)INT_MAX ? NULL
                    : xmlReadMemory(buf, (int)len, path, NULL, PARSE_OPTS);
    restore_errors(h);
    if (doc && doc->intSubset) {
        sd_diag(d, SD_ERROR, path, 0, 0, "%s må ikke have en DOCTYPE-erklæring.", what);
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (!doc || c.count) {
        sd_diag(d, SD_ERROR, path, c.line > 0 ? (unsigned)c.line : 0, c.line > 0 ? 1 : 0,
                "%s kan ikke læses: %s", what, c.message ? c.message : "ukendt fejl");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    collector_reset(&c);
    if (doc && text)
        *text = buf;
    else
        free(buf);
    return doc;
}

/* ------------------------------------------------------------------ */
/* Schemas                                                             */
/* ------------------------------------------------------------------ */

typedef struct schema {
    char *path;                  /* owned: schema_dir/name.xsd */
    xmlDocPtr *docs;             /* owned: the XSD and what it includes */
    size_t ndocs, capdocs;
    xmlSchemaPtr compiled;       /* owned */
    xmlSchemaValidCtxtPtr vctxt; /* owned */
} schema;

/* Rule message: literal text and {XPath} parts, in order. */
typedef struct msg_part {
    char *text;                  /* owned, or NULL */
    xmlXPathCompExprPtr xpath;   /* owned, or NULL */
} msg_part;

/* <let name="x" select="XPath"/> inside a <rule>: $x is bound for each
 * context node, after $this and the lets before it, for assert, at and the
 * message — so a long sub-expression is written (and computed) once. */
typedef struct rule_let {
    char *name;                  /* owned */
    xmlXPathCompExprPtr select;  /* owned */
} rule_let;

typedef struct rule {
    const char *file;            /* borrowed from sd_validator.rule_files */
    unsigned line;
    char *id;                    /* owned */
    sd_severity sev;
    rule_let *lets;              /* owned, in order */
    size_t nlets, caplets;
    xmlXPathCompExprPtr context, assert, at;   /* owned; at may be NULL */
    msg_part *parts;             /* owned */
    size_t nparts, capparts;
} rule;

struct sd_validator {
    schema *schemas;
    size_t nschemas, capschemas;
    rule *rules;
    size_t nrules, caprules;
    char **rule_files;           /* owned paths */
    size_t nrule_files, caprule_files;
};

static const xmlNode *first_elem(const xmlNode *n)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

static const xmlNode *next_elem(const xmlNode *n)
{
    return first_elem(n->next);
}

/* The global xs:element `name` of schema s, or NULL. */
static const xmlNode *global_element(const schema *s, const char *name)
{
    for (size_t i = 0; i < s->ndocs; i++) {
        const xmlNode *root = xmlDocGetRootElement(s->docs[i]);
        for (const xmlNode *n = root ? first_elem(root->children) : NULL; n; n = next_elem(n))
            if (is_xs(n, "element") && attr(n, "name") && strcmp(attr(n, "name"), name) == 0)
                return n;
    }
    return NULL;
}

/* The named xs:simpleType or xs:complexType `name` of schema s, or NULL. */
static const xmlNode *named_type(const schema *s, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < s->ndocs; i++) {
        const xmlNode *root = xmlDocGetRootElement(s->docs[i]);
        for (const xmlNode *n = root ? first_elem(root->children) : NULL; n; n = next_elem(n))
            if ((is_xs(n, "simpleType") || is_xs(n, "complexType")) &&
                attr(n, "name") && strcmp(attr(n, "name"), name) == 0)
                return n;
    }
    return NULL;
}

/* The type definition of element declaration `decl`: named or anonymous;
 * NULL for a built-in type such as xs:string. */
static const xmlNode *type_of(const schema *s, const xmlNode *decl)
{
    if (!decl)
        return NULL;
    const char *t = attr(decl, "type");
    if (t)
        return named_type(s, t);
    for (const xmlNode *n = first_elem(decl->children); n; n = next_elem(n))
        if (is_xs(n, "complexType") || is_xs(n, "simpleType"))
            return n;
    return NULL;
}

/* Calls fn for every xs:element in the content model of complex type ct
 * (through xs:all, xs:sequence, xs:choice); stops when fn returns non-zero
 * and returns that node. */
static const xmlNode *each_child_decl(const xmlNode *ct,
                                      int (*fn)(const xmlNode *decl, void *arg), void *arg)
{
    if (!ct)
        return NULL;
    for (const xmlNode *n = first_elem(ct->children); n; n = next_elem(n)) {
        if (is_xs(n, "element")) {
            if (fn(n, arg))
                return n;
        } else if (is_xs(n, "all") || is_xs(n, "sequence") || is_xs(n, "choice")) {
            const xmlNode *hit = each_child_decl(n, fn, arg);
            if (hit)
                return hit;
        }
    }
    return NULL;
}

static int decl_named(const xmlNode *decl, void *name)
{
    const char *a = attr(decl, "name");
    return a && strcmp(a, name) == 0;
}

static const xmlNode *child_decl(const xmlNode *ct, const char *name)
{
    return is_xs(ct, "complexType") ? each_child_decl(ct, decl_named, (void *)name) : NULL;
}

static int count_decl(const xmlNode *decl, void *n)
{
    (void)decl;
    ++*(int *)n;
    return 0;
}

/* 1 if complex type ct is a list: its only child declaration is <item>. */
static int is_list_type(const xmlNode *ct)
{
    int n = 0;
    if (!is_xs(ct, "complexType"))
        return 0;
    each_child_decl(ct, count_decl, &n);
    return n == 1 && child_decl(ct, "item");
}

static int is_file_element(const xmlNode *n)
{
    return n && n->parent && n->parent->type == XML_ELEMENT_NODE &&
           n->parent->parent && n->parent->parent->type == XML_DOCUMENT_NODE;
}

/* The xs:element declaring record element `node`, found by walking its path
 * from the file element down through the schema; NULL if there is none
 * (an unexpected key, or a node outside a file element). */
static const xmlNode *decl_for(const schema *s, const xmlNode *node)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return NULL;
    if (is_file_element(node))
        return global_element(s, (const char *)node->name);
    const xmlNode *parent = decl_for(s, node->parent);
    return parent ? child_decl(type_of(s, parent), (const char *)node->name) : NULL;
}

static int occurs(const xmlNode *decl, const char *which, int dflt)
{
    const char *v = attr(decl, which);
    if (!v)
        return dflt;
    if (strcmp(v, "unbounded") == 0)
        return -1;
    return atoi(v) < 0 ? 0 : atoi(v);   /* schema-validated digits */
}

static void free_schema(schema *s)
{
    xmlSchemaFreeValidCtxt(s->vctxt);
    xmlSchemaFree(s->compiled);
    for (size_t i = 0; i < s->ndocs; i++)
        xmlFreeDoc(s->docs[i]);
    free(s->docs);
    free(s->path);
}

static void add_doc(schema *s, xmlDocPtr doc)
{
    void *p = s->docs;
    sd_grow(&p, &s->capdocs, s->ndocs + 1, sizeof(xmlDocPtr));
    s->docs = p;
    s->docs[s->ndocs++] = doc;
}

/* Reads the XSD documents that `doc` includes (recursively, each once) into
 * s->docs, for decl_for. Includes must name a file in the schema folder. */
static int read_includes(schema *s, const char *dir, xmlDocPtr doc, sd_diags *d)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *n = root ? first_elem(root->children) : NULL; n; n = next_elem(n)) {
        if (!is_xs(n, "include"))
            continue;
        const char *loc = attr(n, "schemaLocation");
        if (!loc || !*loc || strchr(loc, '/') || strchr(loc, ':') || loc[0] == '.') {
            sd_diag(d, SD_ERROR, (const char *)doc->URL, (unsigned)xmlGetLineNo(n), 1,
                    "Skemaet må kun inkludere filer i samme mappe (xs:include schemaLocation=\"%s\").",
                    loc ? loc : "");
            return -1;
        }
        char *path = join_path(dir, loc);
        int seen = 0;
        for (size_t i = 0; i < s->ndocs; i++)
            seen |= s->docs[i]->URL && strcmp((const char *)s->docs[i]->URL, path) == 0;
        if (!seen) {
            xmlDocPtr inc = read_xml(path, "Skemaet", d, NULL);
            if (!inc) {
                free(path);
                return -1;
            }
            add_doc(s, inc);
            if (read_includes(s, dir, inc, d) < 0) {
                free(path);
                return -1;
            }
        }
        free(path);
    }
    return 0;
}

/* Compiles schema_dir/name into v. A file that declares no global element
 * (a file of shared types for xs:include) is skipped. */
static int load_schema(sd_validator *v, const char *dir, const char *name, sd_diags *d)
{
    schema s = {0};
    s.path = join_path(dir, name);
    xmlDocPtr doc = read_xml(s.path, "Skemaet", d, NULL);
    if (!doc)
        goto fail;
    add_doc(&s, doc);
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!is_xs(root, "schema")) {
        sd_diag(d, SD_ERROR, s.path, 0, 0, "Filen er ikke et XML Schema (xs:schema).");
        goto fail;
    }
    int globals = 0;
    for (const xmlNode *n = first_elem(root->children); n; n = next_elem(n))
        globals += is_xs(n, "element");
    if (!globals) {
        free_schema(&s);
        return 0;
    }
    if (read_includes(&s, dir, doc, d) < 0)
        goto fail;

    collector c = {0};
    saved_handler h = catch_errors(&c);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(s.path);
    if (pc) {
        xmlSchemaSetParserStructuredErrors(pc, collect_error, &c);
        s.compiled = xmlSchemaParse(pc);
        xmlSchemaFreeParserCtxt(pc);
    }
    restore_errors(h);
    if (!s.compiled || c.count) {
        sd_diag(d, SD_ERROR, c.file ? c.file : s.path, c.line > 0 ? (unsigned)c.line : 0,
                c.line > 0 ? 1 : 0, "Skemaet kan ikke oversættes: %s",
                c.message ? c.message : "ukendt fejl");
        collector_reset(&c);
        goto fail;
    }
    collector_reset(&c);
    s.vctxt = xmlSchemaNewValidCtxt(s.compiled);
    if (!s.vctxt) {
        sd_diag(d, SD_ERROR, s.path, 0, 0, "Skemaet kan ikke tages i brug.");
        goto fail;
    }
    void *p = v->schemas;
    sd_grow(&p, &v->capschemas, v->nschemas + 1, sizeof(schema));
    v->schemas = p;
    v->schemas[v->nschemas++] = s;
    return 0;
fail:
    free_schema(&s);
    return -1;
}

/* The schema that declares global element `name`, or NULL. */
static schema *schema_for(sd_validator *v, const char *name)
{
    for (size_t i = 0; i < v->nschemas; i++)
        if (global_element(&v->schemas[i], name))
            return &v->schemas[i];
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Rules: loading                                                      */
/* ------------------------------------------------------------------ */

static const char *const known_variables[] = {"this", "idag", "blank", "cpr_fuld"};

/* Names that may stand before "(" without being a function. */
static const char *const not_functions[] = {"node", "text", "comment",
                                            "processing-instruction", "and", "or",
                                            "div", "mod"};

static int name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c >= 0x80;
}

static int name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int in_list(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && strncmp(list[i], s, n) == 0)
            return 1;
    return 0;
}

/* 1 if the rule has a <let> of that name (so far). */
static int is_let(const rule *r, const char *name, size_t n)
{
    for (size_t i = 0; r && i < r->nlets; i++)
        if (strlen(r->lets[i].name) == n && strncmp(r->lets[i].name, name, n) == 0)
            return 1;
    return 0;
}

/* libxml2 resolves function names and variables only when an expression
 * runs, so a misspelt sd:dagg would surface only on the input that reaches
 * it. This lexical pass finds them when the rules are loaded: every
 * "prefix:name(" must be a registered sd: function, every unprefixed
 * "name(" a core function, every $name a known variable. Returns 0, or -1
 * with a description in *why. */
static int check_names(xmlXPathContextPtr ctx, const rule *r, const char *expr, sd_buf *why)
{
    const unsigned char *s = (const unsigned char *)expr;
    for (size_t i = 0; s[i];) {
        unsigned char c = s[i];
        if (c == '"' || c == '\'') {
            const unsigned char *end = (const unsigned char *)strchr((const char *)s + i + 1, c);
            if (!end)
                return 0;   /* xmlXPathCompile reports it */
            i = (size_t)(end - s) + 1;
        } else if (c == '$') {
            size_t b = ++i;
            while (name_char(s[i]) || s[i] == ':')
                i++;
            if (!in_list((const char *)s + b, i - b, known_variables,
                         sizeof known_variables / sizeof *known_variables) &&
                !is_let(r, (const char *)s + b, i - b)) {
                sd_buf_printf(why, "Ukendt variabel \"$%.*s\"", (int)(i - b), s + b);
                return -1;
            }
        } else if (name_start(c)) {
            size_t b = i, colon = 0;
            while (name_char(s[i]))
                i++;
            if (s[i] == ':' && s[i + 1] != ':' && name_start(s[i + 1])) {
                colon = i++;
                while (name_char(s[i]))
                    i++;
            }
            size_t e = i, k = i;
            while (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r')
                k++;
            if (s[k] != '(')
                continue;
            if (colon) {
                char *local = sd_xstrndup((const char *)s + colon + 1, e - colon - 1);
                int ok = colon - b == 2 && strncmp((const char *)s + b, "sd", 2) == 0 &&
                         xmlXPathFunctionLookupNS(ctx, BAD_CAST local, BAD_CAST SD_XPATH_NS);
                free(local);
                if (!ok) {
                    sd_buf_printf(why, "Ukendt funktion \"%.*s\"", (int)(e - b), s + b);
                    return -1;
                }
            } else if (!in_list((const char *)s + b, e - b, not_functions,
                                sizeof not_functions / sizeof *not_functions)) {
                char *fname = sd_xstrndup((const char *)s + b, e - b);
                int ok = xmlXPathFunctionLookup(ctx, BAD_CAST fname) != NULL;
                free(fname);
                if (!ok) {
                    sd_buf_printf(why, "Ukendt funktion \"%.*s\"", (int)(e - b), s + b);
                    return -1;
                }
            }
        } else if (c >= '0' && c <= '9') {
            while ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')
                i++;
        } else {
            i++;
        }
    }
    return 0;
}

/* Compiles one XPath of a rule; on failure adds an error at the rule's line
 * naming the attribute. */
static xmlXPathCompExprPtr compile_xpath(xmlXPathContextPtr ctx, collector *c,
                                         const rule *r, const char *expr,
                                         const char *attrname, const char *file,
                                         unsigned line, sd_diags *d)
{
    sd_buf why = {0};
    if (check_names(ctx, r, expr, &why) < 0) {
        sd_diag(d, SD_ERROR, file, line, 1, "%s i XPath-udtrykket i %s.",
                sd_buf_cstr(&why), attrname);
        sd_buf_free(&why);
        return NULL;
    }
    collector_reset(c);
    xmlXPathCompExprPtr comp = xmlXPathCtxtCompile(ctx, BAD_CAST expr);
    if (!comp || c->count) {
        sd_diag(d, SD_ERROR, file, line, 1, "XPath-udtrykket i %s kan ikke oversættes: %s.",
                attrname, c->message ? c->message : "ukendt fejl");
        xmlXPathFreeCompExpr(comp);
        comp = NULL;
    }
    collector_reset(c);
    return comp;
}

static void free_rule(rule *r)
{
    for (size_t i = 0; i < r->nlets; i++) {
        free(r->lets[i].name);
        xmlXPathFreeCompExpr(r->lets[i].select);
    }
    free(r->lets);
    free(r->id);
    xmlXPathFreeCompExpr(r->context);
    xmlXPathFreeCompExpr(r->assert);
    xmlXPathFreeCompExpr(r->at);
    for (size_t i = 0; i < r->nparts; i++) {
        free(r->parts[i].text);
        xmlXPathFreeCompExpr(r->parts[i].xpath);
    }
    free(r->parts);
}

static void add_part(rule *r, char *text, xmlXPathCompExprPtr xpath)
{
    void *p = r->parts;
    sd_grow(&p, &r->capparts, r->nparts + 1, sizeof(msg_part));
    r->parts = p;
    r->parts[r->nparts++] = (msg_part){text, xpath};
}

/* Splits `message` into literal text and {XPath} parts. A "}" inside a
 * quoted XPath string does not end the part. */
static int parse_message(rule *r, xmlXPathContextPtr ctx, collector *c,
                         const char *msg, sd_diags *d)
{
    const char *p = msg, *lit = msg;
    while (*p) {
        if (*p == '}') {
            sd_diag(d, SD_ERROR, r->file, r->line, 1,
                    "Beskeden har en \"}\" uden \"{\" foran.");
            return -1;
        }
        if (*p != '{') {
            p++;
            continue;
        }
        if (p > lit)
            add_part(r, sd_xstrndup(lit, (size_t)(p - lit)), NULL);
        const char *e = p + 1;
        char quote = 0;
        for (; *e && (quote || *e != '}'); e++) {
            if (quote && *e == quote)
                quote = 0;
            else if (!quote && (*e == '"' || *e == '\''))
                quote = *e;
        }
        if (!*e || e == p + 1) {
            sd_diag(d, SD_ERROR, r->file, r->line, 1,
                    "Beskeden har en \"{\" uden XPath-udtryk og \"}\" efter.");
            return -1;
        }
        char *expr = sd_xstrndup(p + 1, (size_t)(e - p - 1));
        xmlXPathCompExprPtr comp = compile_xpath(ctx, c, r, expr, "message", r->file, r->line, d);
        free(expr);
        if (!comp)
            return -1;
        add_part(r, NULL, comp);
        p = lit = e + 1;
    }
    if (p > lit)
        add_part(r, sd_xstrndup(lit, (size_t)(p - lit)), NULL);
    return 0;
}

static const char *const rule_attrs[] = {"id", "severity", "context", "assert", "at", "message"};

/* Reads the <let name= select=> children of a <rule>, in order; anything
 * else inside a rule is an error. Returns 0 or -1 (errors added). */
static int load_lets(rule *r, xmlXPathContextPtr ctx, collector *c, const xmlNode *el,
                     sd_diags *d)
{
    for (const xmlNode *k = el->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        const char *name = attr(k, "name"), *select = attr(k, "select");
        if (strcmp((const char *)k->name, "let") != 0 || !name || !select || !*name) {
            sd_diag(d, SD_ERROR, r->file, (unsigned)xmlGetLineNo((xmlNode *)k), 1,
                    "En regel kan kun indeholde <let name=\"…\" select=\"…\"/>.");
            return -1;
        }
        xmlXPathCompExprPtr comp = compile_xpath(ctx, c, r, select, "let", r->file,
                                                 (unsigned)xmlGetLineNo((xmlNode *)k), d);
        if (!comp)
            return -1;
        void *p = r->lets;
        sd_grow(&p, &r->caplets, r->nlets + 1, sizeof(rule_let));
        r->lets = p;
        r->lets[r->nlets++] = (rule_let){sd_xstrdup(name), comp};
    }
    return 0;
}

/* Reads one <rule> element into v; returns 0 or -1 (errors added). */
static int load_rule(sd_validator *v, xmlXPathContextPtr ctx, collector *c,
                     const char *file, unsigned line, const xmlNode *el, sd_diags *d)
{
    rule r = {0};
    r.file = file;
    r.line = line;
    int bad = 0;
    for (xmlAttrPtr a = el->properties; a; a = a->next)
        if (!in_list((const char *)a->name, strlen((const char *)a->name), rule_attrs,
                     sizeof rule_attrs / sizeof *rule_attrs)) {
            sd_diag(d, SD_ERROR, file, r.line, 1, "Ukendt attribut \"%s\" på <rule>.",
                    (const char *)a->name);
            bad = 1;
        }
    const char *need[] = {"id", "severity", "context", "assert", "message"};
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (!attr(el, need[i])) {
            sd_diag(d, SD_ERROR, file, r.line, 1, "Reglen mangler attributten \"%s\".", need[i]);
            bad = 1;
        }
    if (bad)
        return -1;
    const char *sev = attr(el, "severity");
    if (strcmp(sev, "fejl") == 0)
        r.sev = SD_ERROR;
    else if (strcmp(sev, "advarsel") == 0)
        r.sev = SD_WARNING;
    else {
        sd_diag(d, SD_ERROR, file, r.line, 1,
                "severity skal være \"fejl\" eller \"advarsel\", ikke \"%s\".", sev);
        return -1;
    }
    r.id = sd_xstrdup(attr(el, "id"));
    int ok = load_lets(&r, ctx, c, el, d) == 0;
    r.context = compile_xpath(ctx, c, NULL, attr(el, "context"), "context", file, r.line, d);
    r.assert = compile_xpath(ctx, c, &r, attr(el, "assert"), "assert", file, r.line, d);
    if (attr(el, "at"))
        r.at = compile_xpath(ctx, c, &r, attr(el, "at"), "at", file, r.line, d);
    ok = ok && r.context && r.assert && (r.at || !attr(el, "at"));
    if (parse_message(&r, ctx, c, attr(el, "message"), d) < 0)
        ok = 0;
    if (!ok) {
        free_rule(&r);
        return -1;
    }
    void *p = v->rules;
    sd_grow(&p, &v->caprules, v->nrules + 1, sizeof(rule));
    v->rules = p;
    v->rules[v->nrules++] = r;
    return 0;
}

/* The line of each "<rule" start tag in `text`, in order. libxml2 gives an
 * element the line where its start tag ENDS, which for a rule written over
 * several lines is its last attribute; a coordinator's editor should be sent
 * to the "<rule" line. Comments, CDATA and processing instructions are
 * skipped. Caller frees. */
static unsigned *rule_start_lines(const char *text, size_t *n_out)
{
    unsigned *lines = NULL, line = 1;
    size_t n = 0, cap = 0;
    for (const char *p = text; *p; p++) {
        const char *skip_to = NULL;
        if (strncmp(p, "<!--", 4) == 0)
            skip_to = "-->";
        else if (strncmp(p, "<![CDATA[", 9) == 0)
            skip_to = "]]>";
        else if (strncmp(p, "<?", 2) == 0)
            skip_to = "?>";
        if (skip_to) {
            const char *e = strstr(p, skip_to);
            const char *stop = e ? e + strlen(skip_to) : p + strlen(p);
            for (; p < stop; p++)
                line += *p == '\n';
            p--;
            continue;
        }
        if (*p == '\n')
            line++;
        else if (strncmp(p, "<rule", 5) == 0 && strchr(" \t\r\n/>", p[5]) && p[5]) {
            void *q = lines;
            sd_grow(&q, &cap, n + 1, sizeof(unsigned));
            lines = q;
            lines[n++] = line;
        }
    }
    *n_out = n;
    return lines;
}

/* Reads every rule of one rule file. */
static int load_rule_file(sd_validator *v, xmlXPathContextPtr ctx, const char *path,
                          sd_diags *d)
{
    void *p = v->rule_files;
    sd_grow(&p, &v->caprule_files, v->nrule_files + 1, sizeof(char *));
    v->rule_files = p;
    const char *file = v->rule_files[v->nrule_files++] = sd_xstrdup(path);

    char *text = NULL;
    xmlDocPtr doc = read_xml(file, "Regelfilen", d, &text);
    if (!doc)
        return -1;
    size_t nlines = 0, k = 0;
    unsigned *lines = rule_start_lines(text, &nlines);
    free(text);
    int rc = 0;
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!root || !name_is(root, "rules") || root->ns) {
        sd_diag(d, SD_ERROR, file, root ? (unsigned)xmlGetLineNo(root) : 0, root ? 1 : 0,
                "Regelfilen skal have <rules> som rod.");
        rc = -1;
    } else {
        collector c = {0};
        saved_handler h = catch_errors(&c);
        for (const xmlNode *el = first_elem(root->children); el; el = next_elem(el)) {
            if (!name_is(el, "rule") || el->ns) {
                sd_diag(d, SD_ERROR, file, (unsigned)xmlGetLineNo(el), 1,
                        "Ukendt element <%s>; en regelfil indeholder kun <rule>.",
                        (const char *)el->name);
                rc = -1;
                continue;
            }
            unsigned line = k < nlines ? lines[k] : (unsigned)xmlGetLineNo(el);
            k++;
            if (load_rule(v, ctx, &c, file, line, el, d) < 0)
                rc = -1;
        }
        restore_errors(h);
        collector_reset(&c);
    }
    free(lines);
    xmlFreeDoc(doc);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Construction                                                        */
/* ------------------------------------------------------------------ */

static const char *const required_schemas[] = {"sag.xsd", "moede.xsd"};

sd_validator *sd_validator_new(const char *schema_dir, sd_diags *diags)
{
    sd_validator *v = sd_xcalloc(1, sizeof(*v));
    int ok = 1;
    xmlInitParser();

    g_allowed_root = realpath(schema_dir, NULL);
    g_prev_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(guarded_loader);

    size_t n = 0;
    char **names = g_allowed_root ? list_dir(schema_dir, ".xsd", &n) : NULL;
    if (!names) {
        sd_diag(diags, SD_ERROR, schema_dir, 0, 0, "Mappen med skemaer findes ikke.");
        ok = 0;
    } else {
        for (size_t i = 0; i < sizeof required_schemas / sizeof *required_schemas; i++)
            if (!bsearch(&required_schemas[i], names, n, sizeof(char *), cmp_str)) {
                char *path = join_path(schema_dir, required_schemas[i]);
                sd_diag(diags, SD_ERROR, path, 0, 0, "Skemaet mangler.");
                free(path);
                ok = 0;
            }
        for (size_t i = 0; i < n; i++)
            if (load_schema(v, schema_dir, names[i], diags) < 0)
                ok = 0;
    }
    free_list(names, n);

    char *rules_dir = join_path(schema_dir, "rules");
    names = g_allowed_root ? list_dir(rules_dir, ".xml", &n) : NULL;
    if (!names) {
        if (g_allowed_root)
            sd_diag(diags, SD_ERROR, rules_dir, 0, 0, "Mappen med regler findes ikke.");
        ok = 0;
    } else {
        xmlXPathContextPtr ctx = xmlXPathNewContext(NULL);
        sd_xpath_setup(ctx, 0, 0, 0);
        for (size_t i = 0; i < n; i++) {
            char *path = join_path(rules_dir, names[i]);
            if (load_rule_file(v, ctx, path, diags) < 0)
                ok = 0;
            free(path);
        }
        sd_xpath_release(ctx);
        xmlXPathFreeContext(ctx);
    }
    free_list(names, n);
    free(rules_dir);

    xmlSetExternalEntityLoader(g_prev_loader);
    free(g_allowed_root);
    g_allowed_root = NULL;
    if (!ok) {
        sd_validator_free(v);
        return NULL;
    }
    return v;
}

void sd_validator_free(sd_validator *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->nschemas; i++)
        free_schema(&v->schemas[i]);
    free(v->schemas);
    for (size_t i = 0; i < v->nrules; i++)
        free_rule(&v->rules[i]);
    free(v->rules);
    free_list(v->rule_files, v->nrule_files);
    free(v);
}

/* ------------------------------------------------------------------ */
/* Schema errors in Danish                                             */
/* ------------------------------------------------------------------ */

enum {
    E_UNEXPECTED = 1,   /* a key that is not allowed here */
    E_MISSING = 2,      /* a required key or list entry is missing */
    E_TEXT = 4,         /* a value where keys or a list belong */
    E_CHILDREN = 8,     /* keys or a list where a single value belongs */
    E_VALUE = 16,       /* a value of the wrong form */
    E_OTHER = 32,
    E_SHAPE = 64        /* set by validate_file: a list/mapping mix-up here */
};

typedef struct node_err {
    xmlNodePtr node;
    unsigned flags;
    int code;           /* of the first E_OTHER error, for the fallback message */
} node_err;

typedef struct node_errs {
    node_err *items;
    size_t n, cap;
    int internal;       /* an error without a node */
    int overflow;       /* errors on more nodes than are kept */
} node_errs;

/* More nodes with errors than this and the file's diagnostics would pass
 * MAX_PROBLEMS anyway; the rest are not kept, so that the search for a
 * node's entry below stays short (libxml2 reports every error of a long
 * list, and each would otherwise cost a scan of all before it). */
#define MAX_ERR_NODES (MAX_PROBLEMS + 1)

static void on_schema_error(void *ctx, xmlErrorPtr err)
{
    node_errs *e = ctx;
    if (!err || err->level == XML_ERR_WARNING)
        return;
    xmlNodePtr node = err->node;
    if (!node || (node->type != XML_ELEMENT_NODE && node->type != XML_ATTRIBUTE_NODE)) {
        e->internal = 1;
        return;
    }
    if (node->type == XML_ATTRIBUTE_NODE)
        node = node->parent;
    const char *msg = err->message ? err->message : "";
    unsigned flag;
    switch (err->code) {
    case XML_SCHEMAV_ELEMENT_CONTENT:
        flag = strstr(msg, "Missing child") ? E_MISSING
               : strstr(msg, "not expected") ? E_UNEXPECTED : E_OTHER;
        break;
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
        flag = E_TEXT;
        break;
    case XML_SCHEMAV_CVC_TYPE_3_1_2:   /* "Element content is not allowed" */
        flag = E_CHILDREN;
        break;
    default:
        flag = (err->code >= XML_SCHEMAV_CVC_FACET_VALID &&
                err->code <= XML_SCHEMAV_CVC_ENUMERATION_VALID) ||
               err->code == XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1 ||
               err->code == XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_2 ||
               err->code == XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3 ||
               err->code == XML_SCHEMAV_CVC_TYPE_3_1_1
                   ? E_VALUE : E_OTHER;
        if (strstr(msg, "Element content is not allowed"))
            flag = E_CHILDREN;
    }
    for (size_t i = 0; i < e->n; i++)
        if (e->items[i].node == node) {
            if (flag == E_OTHER && !(e->items[i].flags & E_OTHER))
                e->items[i].code = err->code;
            e->items[i].flags |= flag;
            return;
        }
    if (e->n >= MAX_ERR_NODES) {
        e->overflow = 1;
        return;
    }
    void *p = e->items;
    sd_grow(&p, &e->cap, e->n + 1, sizeof(node_err));
    e->items = p;
    e->items[e->n++] = (node_err){node, flag, flag == E_OTHER ? err->code : 0};
}

/* 1-based position of an <item> among its siblings. Linear in the list's
 * length, but called only for a diagnostic that is told, and at most
 * MAX_PROBLEMS of those are told per file. */
static int item_number(const xmlNode *n)
{
    int k = 1;
    for (const xmlNode *p = n->prev; p; p = p->prev)
        k += p->type == XML_ELEMENT_NODE;
    return k;
}

/* A key name in quotes. Keys come from the record, so one that could hold a
 * CPR number (sd_has_cpr_digits) is shown as "…". */
static void put_name(sd_buf *b, const xmlNode *n)
{
    const char *name = (const char *)n->name;
    sd_buf_printf(b, "\"%s\"", sd_has_cpr_digits(name) ? "…" : name);
}

/* How a message names element n: "dato", or punkt 2 i "maal". */
static void put_label(sd_buf *b, const xmlNode *n)
{
    if (name_is(n, "item") && n->parent && !is_file_element(n)) {
        sd_buf_printf(b, "punkt %d i ", item_number(n));
        put_name(b, n->parent);
    } else {
        put_name(b, n);
    }
}

/* Where a key of `parent` is: under "sag", i punkt 2 under "maal", i filen. */
static void put_where(sd_buf *b, const xmlNode *parent)
{
    if (is_file_element(parent))
        sd_buf_puts(b, "i filen");
    else if (name_is(parent, "item") && parent->parent && !is_file_element(parent)) {
        sd_buf_printf(b, "i punkt %d under ", item_number(parent));
        put_name(b, parent->parent);
    } else {
        sd_buf_puts(b, "under ");
        put_name(b, parent);
    }
}

/* The diagnostics told about one file element, against MAX_PROBLEMS. */
typedef struct budget {
    const xmlNode *file;   /* the file element (<sagsfil>, <moedefil>, …) */
    unsigned used;         /* diagnostics told */
    int full;              /* the summary is told: nothing more about the file */
} budget;

/* Tells the summary for b's file (once), as load.c does: at the file as a
 * whole. From then on b is full. */
static void tell_too_many(budget *b, sd_diags *d, sd_records *r)
{
    if (!b->full)
        sd_diag_at(d, SD_ERROR, sd_records_pos(r, b->file), MSG_TOO_MANY, MAX_PROBLEMS);
    b->full = 1;
}

/* 1 if one more diagnostic may be told about b's file (and counts it); the
 * first time the answer is no, tells the summary instead. b may be NULL
 * (no limit). */
static int spend(budget *b, sd_diags *d, sd_records *r)
{
    if (!b)
        return 1;
    if (b->used < MAX_PROBLEMS && !b->full) {
        b->used++;
        return 1;
    }
    tell_too_many(b, d, r);
    return 0;
}

/* Where the schema messages of one file go. */
typedef struct teller {
    sd_diags *d;
    sd_records *r;
    budget *b;
} teller;

/* Adds the message in b (taken) at node's position, if the file's budget
 * allows; capitalises its first letter, since it may start with a label
 * ("punkt 2 …"). */
static void emit(teller *t, const xmlNode *node, sd_buf *b)
{
    char *m = sd_buf_take(b);
    if (m && m[0] >= 'a' && m[0] <= 'z')
        m[0] = (char)(m[0] - 'a' + 'A');
    if (spend(t->b, t->d, t->r))
        sd_diag_at(t->d, SD_ERROR, sd_records_pos(t->r, node), "%s", m ? m : "");
    free(m);
}

/* The text of a value as the coordinator wrote it, trimmed; caller frees. */
static char *value_of(const xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    const char *s = c ? (const char *)c : "";
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
                   s[len - 1] == '\r'))
        len--;
    char *v = sd_xstrndup(s, len);
    xmlFree(c);
    return v;
}

/* Appends a value for a message: whitespace collapsed, at most
 * MAX_VALUE_CHARS characters, and never anything that could hold a CPR
 * number: a value with six digits in a row once spaces, hyphens, dots and
 * the like are removed (sd_has_cpr_digits: "23 08 06 42 34") is shown as "…". */
static void put_safe_value(sd_buf *b, const char *v)
{
    if (sd_has_cpr_digits(v)) {
        sd_buf_puts(b, "…");
        return;
    }
    size_t chars = 0;
    int space = 0;
    for (const unsigned char *s = (const unsigned char *)v; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = 1;
            continue;
        }
        if ((*s & 0xC0) != 0x80) {          /* a new character */
            if (chars + space >= MAX_VALUE_CHARS) {
                sd_buf_puts(b, "…");
                return;
            }
            if (space && chars) {
                sd_buf_putc(b, ' ');
                chars++;
            }
            chars++;
        }
        space = 0;
        sd_buf_putc(b, (char)*s);
    }
}

typedef struct type_msg {
    const char *type;
    const char *fmt;   /* %s is the label */
} type_msg;

/* The expected form of each scalar type of schemas/typer.xsd (§5.2). */
static const type_msg type_msgs[] = {
    {"tekst", "Skriv en tekst i %s; feltet må ikke være tomt."},
    {"id", "Skriv et id i %s: små bogstaver a-z (ikke æ, ø, å), cifre og bindestreg, "
           "højst 40 tegn, fx \"mette\" eller \"bo-1a\"."},
    {"sagsnr", "Skriv sagsnummeret i %s med bogstaver A-Z, cifre og bindestreg, "
               "højst 32 tegn, fx \"2026-0147\"."},
    {"dato", "Skriv datoen i %s som ÅÅÅÅ-MM-DD, fx 2026-03-10."},
    {"tid", "Skriv tidspunktet i %s som TT:MM i anførselstegn, fx \"10:00\"."},
    {"minutter", "Skriv et helt antal minutter fra 1 til 600 i %s, fx 95."},
    {"nummer", "Skriv et helt tal fra 1 til 9999 i %s, fx 2."},
    {"plads", "Skriv et helt tal fra 0 til 999 i %s, fx 1."},
    {"punkt", "Skriv nummeret på et af dagsordenens punkter (1 til 7) i %s."},
    {"cpr", "Skriv CPR-nummeret i %s med 10 cifre i anførselstegn, fx \"010203-1234\" "
            "(bindestregen kan udelades), eller maskeret som \"010203-XXXX\"."},
    {"postnummer", "Skriv postnummeret i %s som fire cifre fra 0555 til 9990 i "
                   "anførselstegn, fx \"8700\"."},
    {"telefon", "Skriv telefonnummeret i %s med 8 cifre, evt. med +45 foran, "
                "fx \"12 34 56 78\"."},
    {"email", "Skriv e-mailadressen i %s som navn@domæne.dk, uden mellemrum."},
    {"flag", "Skriv true eller false i %s."},
};

/* A bad value of a simple type: the expected form, or for an enumeration
 * the allowed values. */
/* If the type restriction has an xs:maxLength and the value is longer (in
 * characters, as XSD counts), writes "too long, at most N" and returns 1. */
static int too_long(const xmlNode *restr, const xmlNode *node, sd_buf *b, const char *label)
{
    if (!restr || !is_xs(restr, "restriction"))
        return 0;
    for (const xmlNode *f = first_elem(restr->children); f; f = next_elem(f)) {
        const char *max = is_xs(f, "maxLength") ? attr(f, "value") : NULL;
        if (!max)
            continue;
        char *v = value_of(node);
        size_t n = sd_utf8_length(v);
        free(v);
        if (n <= (size_t)strtoul(max, NULL, 10))
            return 0;
        sd_buf_printf(b, "Teksten i %s er for lang: højst %s tegn (nu %zu). Gør den kortere.",
                      label, max, n);
        return 1;
    }
    return 0;
}

static void value_message(const schema *s, const xmlNode *node, teller *t)
{
    sd_buf b = {0}, label = {0};
    put_label(&label, node);
    const xmlNode *decl = decl_for(s, node);
    const char *tname = decl ? attr(decl, "type") : NULL;
    const xmlNode *st = type_of(s, decl);
    const xmlNode *restr = st && is_xs(st, "simpleType") ? first_elem(st->children) : NULL;

    int nenum = 0;
    for (const xmlNode *f = restr && is_xs(restr, "restriction") ? first_elem(restr->children) : NULL;
         f; f = next_elem(f))
        nenum += is_xs(f, "enumeration");

    if (nenum) {
        char *v = value_of(node);
        if (!*v)
            sd_buf_printf(&b, "Skriv en værdi i %s.", sd_buf_cstr(&label));
        else if (sd_has_cpr_digits(v))
            sd_buf_printf(&b, "Ukendt værdi i %s.", sd_buf_cstr(&label));
        else {
            sd_buf_puts(&b, "Ukendt værdi \"");
            put_safe_value(&b, v);
            sd_buf_printf(&b, "\" i %s.", sd_buf_cstr(&label));
        }
        free(v);
        int k = 0;
        for (const xmlNode *f = first_elem(restr->children); f; f = next_elem(f)) {
            if (!is_xs(f, "enumeration"))
                continue;
            const char *val = attr(f, "value");
            if (k == 0)
                sd_buf_puts(&b, nenum == 2 ? " Brug " : " Brug en af: ");
            else
                sd_buf_puts(&b, nenum == 2 ? " eller " : ", ");
            sd_buf_puts(&b, val ? val : "");
            k++;
        }
        sd_buf_putc(&b, '.');
    } else if (too_long(restr, node, &b, sd_buf_cstr(&label))) {
        /* the message is written */
    } else {
        const char *fmt = NULL;
        for (size_t i = 0; tname && i < sizeof type_msgs / sizeof *type_msgs; i++)
            if (strcmp(type_msgs[i].type, tname) == 0)
                fmt = type_msgs[i].fmt;
        if (fmt)
            sd_buf_printf(&b, fmt, sd_buf_cstr(&label));
        else
            sd_buf_printf(&b, "Værdien i %s har ikke den rigtige form.", sd_buf_cstr(&label));
    }
    sd_buf_free(&label);
    emit(t, node, &b);
}

/* ASCII edit distance, capped (names are short). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 64;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            char ca = a[i - 1], cb = b[j - 1];
            if (ca >= 'A' && ca <= 'Z')
                ca = (char)(ca - 'A' + 'a');
            size_t best = diag + (ca != cb);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

typedef struct suggest {
    const char *name;      /* the unknown key */
    const char *best;      /* borrowed from the schema */
    size_t dist;
    sd_buf *list;          /* all names, for the "fx" hint */
    int count;
} suggest;

static int consider(const xmlNode *decl, void *arg)
{
    suggest *sg = arg;
    const char *name = attr(decl, "name");
    if (!name)
        return 0;
    if (sg->list && sg->count < 3)
        sd_buf_printf(sg->list, "%s%s:", sg->count ? ", " : "", name);
    sg->count++;
    if (sg->name) {
        size_t dist = edit_distance(sg->name, name);
        if (dist < sg->dist) {
            sg->dist = dist;
            sg->best = name;
        }
    }
    return 0;
}

/* "fx fra:, til:" — the first keys of complex type ct. */
static void put_key_examples(sd_buf *b, const xmlNode *ct)
{
    sd_buf list = {0};
    suggest sg = {NULL, NULL, 0, &list, 0};
    each_child_decl(ct, consider, &sg);
    if (sg.count)
        sd_buf_printf(b, " (fx %s)", sd_buf_cstr(&list));
    sd_buf_free(&list);
}

static const char list_hint[] = "som en liste: hvert punkt på sin egen linje med \"- \" "
                                "foran, eller [a, b] på én linje.";

/* 1 if the unexpected key `node` means its parent has the wrong shape: a
 * mapping where a list belongs, or a list where a mapping belongs. */
static int wrong_shape(const schema *s, const xmlNode *node)
{
    const xmlNode *pt = type_of(s, decl_for(s, node->parent));
    return pt && is_list_type(pt) != name_is(node, "item");
}

/* A list written as a mapping or the other way round; at the parent key. */
static void shape_message(const schema *s, const xmlNode *node, teller *t)
{
    sd_buf b = {0};
    const xmlNode *ct = type_of(s, decl_for(s, node));
    sd_buf_puts(&b, "Skriv ");
    put_label(&b, node);
    if (is_list_type(ct)) {
        sd_buf_printf(&b, " %s", list_hint);
    } else {
        sd_buf_puts(&b, " med underfelter");
        put_key_examples(&b, ct);
        sd_buf_puts(&b, ", ikke som en liste.");
    }
    emit(t, node, &b);
}

static void unexpected_message(const schema *s, const xmlNode *node, teller *t)
{
    sd_buf b = {0};
    const xmlNode *parent = node->parent;
    const xmlNode *pt = type_of(s, decl_for(s, parent));
    if (!pt) {
        sd_buf_puts(&b, "Feltet ");
        put_name(&b, node);
        sd_buf_puts(&b, " kendes ikke her.");
    } else if (is_list_type(pt)) {
        /* one <item> too many */
        put_label(&b, parent);
        sd_buf_printf(&b, " må højst have %d punkter.",
                      occurs(child_decl(pt, "item"), "maxOccurs", 1));
    } else {
        suggest sg = {(const char *)node->name, NULL, (size_t)-1, NULL, 0};
        each_child_decl(pt, consider, &sg);
        size_t len = strlen((const char *)node->name);
        sd_buf_puts(&b, "Feltet ");
        put_name(&b, node);
        sd_buf_puts(&b, " kendes ikke ");
        put_where(&b, parent);
        if (sg.best && sg.dist <= 2 && sg.dist * 2 < len)
            sd_buf_printf(&b, ". Mente du \"%s\"?", sg.best);
        else
            sd_buf_puts(&b, "; tjek stavningen.");
    }
    emit(t, node, &b);
}

typedef struct missing_ctx {
    const xmlNode *node;
    teller *t;
    int found;
} missing_ctx;

static int report_missing(const xmlNode *decl, void *arg)
{
    missing_ctx *m = arg;
    const char *name = attr(decl, "name");
    int min = occurs(decl, "minOccurs", 1), have = 0;
    if (!name || min == 0)
        return 0;
    for (const xmlNode *c = first_elem(m->node->children); c; c = next_elem(c))
        have += name_is(c, name);
    if (have >= min)
        return 0;
    sd_buf b = {0};
    if (strcmp(name, "item") == 0) {
        put_label(&b, m->node);
        if (min == 1)
            sd_buf_puts(&b, " er en tom liste; skriv mindst ét punkt.");
        else if (occurs(decl, "maxOccurs", 1) == min)
            sd_buf_printf(&b, " skal have præcis %d punkter.", min);
        else
            sd_buf_printf(&b, " skal have mindst %d punkter.", min);
    } else {
        sd_buf_printf(&b, "Feltet \"%s\" mangler ", name);
        put_where(&b, m->node);
        sd_buf_putc(&b, '.');
    }
    emit(m->t, m->node, &b);
    m->found++;
    return 0;
}

/* Retells the errors of one node. The order of the checks is the order of
 * usefulness: a wrong kind of content explains the other errors on it. */
static void translate(const schema *s, const node_err *e, teller *t)
{
    const xmlNode *node = e->node;
    const xmlNode *ct = type_of(s, decl_for(s, node));
    sd_buf b = {0};
    if (e->flags & E_CHILDREN) {
        put_label(&b, node);
        sd_buf_puts(&b, " skal have én værdi, ikke underfelter eller en liste.");
        emit(t, node, &b);
        return;
    }
    if (e->flags & E_SHAPE) {
        shape_message(s, node, t);
        return;
    }
    if (e->flags & E_TEXT) {
        if (is_list_type(ct)) {
            sd_buf_puts(&b, "Skriv ");
            put_label(&b, node);
            sd_buf_printf(&b, " %s", list_hint);
        } else {
            put_label(&b, node);
            sd_buf_puts(&b, " skal have underfelter");
            put_key_examples(&b, ct);
            sd_buf_puts(&b, ", ikke en værdi direkte.");
        }
        emit(t, node, &b);
        return;
    }
    if ((e->flags & E_UNEXPECTED) && !wrong_shape(s, node))
        unexpected_message(s, node, t);
    if (e->flags & E_MISSING) {
        missing_ctx m = {node, t, 0};
        each_child_decl(ct, report_missing, &m);
        if (!m.found) {
            sd_buf_puts(&b, "Der mangler et felt ");
            put_where(&b, node);
            sd_buf_putc(&b, '.');
            emit(t, node, &b);
        }
    }
    if (e->flags & E_VALUE)
        value_message(s, node, t);
    if (e->flags & E_OTHER && !(e->flags & (E_UNEXPECTED | E_MISSING | E_VALUE))) {
        put_label(&b, node);
        sd_buf_printf(&b, " er ikke udfyldt rigtigt (skemafejl %d).", e->code);
        emit(t, node, &b);
    }
}

/* An element taken out of the tree, to be put back where it was. */
typedef struct unlinked {
    xmlNodePtr node, parent, next;
} unlinked;

typedef struct unlink_stack {
    unlinked *items;
    size_t n, cap;
} unlink_stack;

static void take_out(unlink_stack *st, xmlNodePtr node)
{
    void *p = st->items;
    sd_grow(&p, &st->cap, st->n + 1, sizeof(unlinked));
    st->items = p;
    st->items[st->n++] = (unlinked){node, node->parent, node->next};
    xmlUnlinkNode(node);
}

/* Puts everything back, last out first in, so each `next` is in place again. */
static void put_back(unlink_stack *st)
{
    while (st->n) {
        unlinked *u = &st->items[--st->n];
        if (u->next)
            xmlAddPrevSibling(u->next, u->node);
        else
            xmlAddChild(u->parent, u->node);
    }
    free(st->items);
    st->items = NULL;
    st->cap = 0;
}

/* Validates one file element; returns 1 if it passed. Its diagnostics are
 * counted in b: past MAX_PROBLEMS only the summary is told, and once the
 * errors are known to be more than that, the file is not validated again. */
static int validate_file(schema *s, sd_records *r, xmlNodePtr file, sd_diags *d, budget *b)
{
    node_errs errs = {0};
    unlink_stack out = {0};
    int internal = 0;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
        xmlSchemaSetValidStructuredErrors(s->vctxt, on_schema_error, &errs);
        int rc = xmlSchemaValidateOneElement(s->vctxt, file);
        if (rc < 0)
            internal = 1;
        size_t removed = 0;
        for (size_t i = 0; i < errs.n; i++) {
            xmlNodePtr n = errs.items[i].node;
            /* taken-out nodes have no parent, so each goes out once */
            if ((errs.items[i].flags & E_UNEXPECTED) && n != file && n->parent) {
                take_out(&out, n);
                removed++;
            }
        }
        if (!removed || errs.overflow)
            break;
    }
    xmlSchemaSetValidStructuredErrors(s->vctxt, NULL, NULL);
    put_back(&out);
    /* A key that is unexpected because its parent is a list (or is an
     * <item> under a mapping) is told once, at the parent. */
    for (size_t i = 0, n = errs.n; i < n; i++) {
        if (!(errs.items[i].flags & E_UNEXPECTED) || !wrong_shape(s, errs.items[i].node))
            continue;
        xmlNodePtr parent = errs.items[i].node->parent;
        size_t k = 0;
        while (k < errs.n && errs.items[k].node != parent)
            k++;
        if (k == errs.n) {
            void *p = errs.items;
            sd_grow(&p, &errs.cap, errs.n + 1, sizeof(node_err));
            errs.items = p;
            errs.items[errs.n++] = (node_err){parent, 0, 0};
        }
        errs.items[k].flags |= E_SHAPE;
    }
    teller t = {d, r, b};
    for (size_t i = 0; i < errs.n && !b->full; i++)
        translate(s, &errs.items[i], &t);
    if (errs.overflow)
        tell_too_many(b, d, r);
    int passed = errs.n == 0 && !errs.internal && !internal;
    if (!passed && errs.n == 0)
        sd_diag_at(d, SD_ERROR, sd_records_pos(r, file),
                   "Filen kunne ikke kontrolleres mod skemaet (intern fejl).");
    free(errs.items);
    return passed;
}

/* ------------------------------------------------------------------ */
/* Rules: running                                                      */
/* ------------------------------------------------------------------ */

/* XPath errors reach libxml2's global handler, which sd_validate points at
 * a collector (xmlXPathContext.error would get them without their text). */
typedef struct run {
    xmlXPathContextPtr ctx;
    collector *errors;
    sd_records *r;
    sd_diags *d;
    budget *budgets;        /* one per file element, sorted by address */
    size_t nbudgets;
    unlink_stack *out;      /* where a file whose budget ran out is taken */
    int any_full;           /* some file was taken out so */
} run;

static int cmp_budget(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const budget *)a)->file, y = (uintptr_t)((const budget *)b)->file;
    return x < y ? -1 : x > y;
}

/* The budget of the file element that holds `node`, or NULL. */
static budget *budget_of(budget *budgets, size_t n, const xmlNode *node)
{
    while (node && !is_file_element(node))
        node = node->parent;
    if (!node || !n)
        return NULL;
    budget key = {node, 0, 0};
    return bsearch(&key, budgets, n, sizeof(budget), cmp_budget);
}

/* 1 if `node` is still in the document (not in a file taken out). */
static int attached(const xmlNode *node)
{
    while (node->parent)
        node = node->parent;
    return node->type == XML_DOCUMENT_NODE;
}

/* Reports a rule that failed at run time, once per sd_validate. */
static void rule_broke(run *u, const rule *ru, const char *what, int *reported)
{
    if (!*reported)
        sd_diag(u->d, SD_ERROR, ru->file, ru->line, 1,
                "Reglen %s kunne ikke udføres (%s): %s.", ru->id, what,
                u->errors->message ? u->errors->message : "resultatet har forkert type");
    *reported = 1;
    collector_reset(u->errors);
}

static xmlXPathObjectPtr eval_at(run *u, xmlXPathCompExprPtr comp, xmlNodePtr node)
{
    u->ctx->node = node;
    u->ctx->contextSize = 1;
    u->ctx->proximityPosition = 1;
    return xmlXPathCompiledEval(comp, u->ctx);
}

/* Builds the message of `ru` for `node`; caller frees. */
static char *rule_message(run *u, const rule *ru, xmlNodePtr node, int *reported)
{
    sd_buf b = {0};
    for (size_t i = 0; i < ru->nparts; i++) {
        if (ru->parts[i].text) {
            sd_buf_puts(&b, ru->parts[i].text);
            continue;
        }
        xmlXPathObjectPtr o = eval_at(u, ru->parts[i].xpath, node);
        if (!o || u->errors->count) {
            rule_broke(u, ru, "message", reported);
        } else {
            if (o->type == XPATH_NODESET && o->nodesetval)
                xmlXPathNodeSetSort(o->nodesetval);
            xmlChar *s = xmlXPathCastToString(o);
            put_safe_value(&b, s ? (const char *)s : "");
            xmlFree(s);
        }
        xmlXPathFreeObject(o);
    }
    return sd_buf_take(&b);
}

/* Binds the rule's lets for `node`, in order (each sees $this and the ones
 * before it). Returns 0, or -1 if one failed. */
static int bind_lets(run *u, const rule *ru, xmlNodePtr node)
{
    for (size_t i = 0; i < ru->nlets; i++) {
        xmlXPathObjectPtr v = eval_at(u, ru->lets[i].select, node);
        if (!v || u->errors->count) {
            xmlXPathFreeObject(v);
            return -1;
        }
        xmlXPathRegisterVariable(u->ctx, BAD_CAST ru->lets[i].name, v);
    }
    return 0;
}

static void run_rule(run *u, const rule *ru, xmlNodePtr root)
{
    int reported = 0;
    xmlXPathObjectPtr set = eval_at(u, ru->context, root);
    if (!set || u->errors->count || set->type != XPATH_NODESET) {
        rule_broke(u, ru, "context", &reported);
        xmlXPathFreeObject(set);
        return;
    }
    xmlNodeSetPtr ns = set->nodesetval;
    if (ns)
        xmlXPathNodeSetSort(ns);
    for (int i = 0; ns && i < ns->nodeNr && !reported; i++) {
        xmlNodePtr node = ns->nodeTab[i];
        if (u->any_full && !attached(node))
            continue;   /* its file has had MAX_PROBLEMS diagnostics */
        xmlXPathRegisterVariable(u->ctx, BAD_CAST "this", xmlXPathNewNodeSet(node));
        u->ctx->node = node;
        u->ctx->contextSize = 1;
        u->ctx->proximityPosition = 1;
        if (bind_lets(u, ru, node) != 0) {
            rule_broke(u, ru, "let", &reported);
            break;
        }
        int ok = xmlXPathCompiledEvalToBoolean(ru->assert, u->ctx);
        if (ok < 0 || u->errors->count) {
            rule_broke(u, ru, "assert", &reported);
            break;
        }
        if (ok)
            continue;
        xmlNodePtr at = node;
        if (ru->at) {
            xmlXPathObjectPtr o = eval_at(u, ru->at, node);
            if (!o || u->errors->count || o->type != XPATH_NODESET) {
                rule_broke(u, ru, "at", &reported);
                xmlXPathFreeObject(o);
                break;
            }
            if (o->nodesetval && o->nodesetval->nodeNr > 0) {
                xmlXPathNodeSetSort(o->nodesetval);
                at = o->nodesetval->nodeTab[0];
            }
            xmlXPathFreeObject(o);
        }
        budget *b = budget_of(u->budgets, u->nbudgets, at);
        if (b && b->full)
            continue;
        if (!spend(b, u->d, u->r)) {
            /* stop checking that file: the other rules do not see it */
            take_out(u->out, (xmlNodePtr)b->file);
            u->any_full = 1;
            continue;
        }
        char *msg = rule_message(u, ru, node, &reported);
        if (!reported)
            sd_diag_at(u->d, ru->sev, sd_records_pos(u->r, at), "%s", msg);
        free(msg);
    }
    xmlXPathFreeObject(set);
    /* the lets belong to this rule only */
    for (size_t i = 0; i < ru->nlets; i++)
        xmlXPathRegisterVariable(u->ctx, BAD_CAST ru->lets[i].name, NULL);
}

/* Undoes xmlXPathOrderDocElems: it numbers the elements in their `content`
 * field (unused by elements), which would be stale once the tree changes. */
static void clear_order(xmlNodePtr top)
{
    for (xmlNodePtr n = top; n;) {
        if (n->type == XML_ELEMENT_NODE)
            n->content = NULL;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && n != top && !n->next)
            n = n->parent;
        if (!n || n == top)
            break;
        n = n->next;
    }
}

int sd_validate(sd_validator *v, sd_records *r, long ref_day, sd_diags *diags)
{
    size_t errors_before = sd_diags_count(diags, SD_ERROR);
    xmlNodePtr root = sd_records_root(r);
    collector c = {0};
    saved_handler h = catch_errors(&c);

    /* every file element's count of diagnostics against MAX_PROBLEMS */
    size_t nbudgets = 0;
    for (xmlNodePtr f = root ? root->children : NULL; f; f = f->next)
        nbudgets += f->type == XML_ELEMENT_NODE;
    budget *budgets = sd_xcalloc(nbudgets ? nbudgets : 1, sizeof(budget));
    nbudgets = 0;
    for (xmlNodePtr f = root ? root->children : NULL; f; f = f->next)
        if (f->type == XML_ELEMENT_NODE)
            budgets[nbudgets++] = (budget){f, 0, 0};
    if (nbudgets)
        qsort(budgets, nbudgets, sizeof(budget), cmp_budget);

    /* 1. schemas; failing file elements are taken out for the rules */
    unlink_stack failed = {0};
    xmlNodePtr next;
    for (xmlNodePtr f = root ? root->children : NULL; f; f = next) {
        next = f->next;
        if (f->type != XML_ELEMENT_NODE)
            continue;
        schema *s = schema_for(v, (const char *)f->name);
        if (!s) {
            sd_diag_at(diags, SD_ERROR, sd_records_pos(r, f),
                       "Filen kan ikke kontrolleres: der er intet skema for <%s> i skemamappen.",
                       (const char *)f->name);
            take_out(&failed, f);
        } else if (!validate_file(s, r, f, diags, budget_of(budgets, nbudgets, f))) {
            take_out(&failed, f);
        }
    }

    /* 2. rules, over what passed. Numbering the elements first makes
     * libxml2's document-order comparisons O(1): without it, sorting a node
     * set of n siblings walks the sibling list, O(n) per comparison. */
    xmlXPathOrderDocElems(sd_records_doc(r));
    run u = {xmlXPathNewContext(sd_records_doc(r)), &c, r, diags, budgets, nbudgets, &failed, 0};
    sd_xpath_setup(u.ctx, ref_day, 0, 0);
    collector_reset(&c);
    for (size_t i = 0; root && i < v->nrules; i++)
        run_rule(&u, &v->rules[i], root);
    sd_xpath_release(u.ctx);
    xmlXPathFreeContext(u.ctx);

    put_back(&failed);
    clear_order(root);
    free(budgets);
    restore_errors(h);
    collector_reset(&c);
    return (int)(sd_diags_count(diags, SD_ERROR) - errors_before);
}
