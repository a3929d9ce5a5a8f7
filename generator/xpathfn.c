/* xpathfn.c — see xpathfn.h. Thin XPath wrappers over text.c, so that rules
 * and templates compute dates and formats exactly as the C code does; and
 * the checks for CPR numbers and names in free text (sd_has_cpr_digits,
 * sd_looks_like_cpr, sd_contains_word), shared with validate.c; and the
 * calendar helpers of the meeting rules (sd_holiday_name,
 * sd_first_thin_period); and set operations by value (sd:blandt,
 * sd:ikke-blandt, sd:gentagne), which XPath 1.0 can only write as a
 * comparison per node: quadratic on a hostile list of thousands. */
#include "xpathfn.h"
#include "text.h"
#include "util.h"

#include <libxml/hash.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- CPR numbers and names in free text (also used by validate.c) ---- */

/* The length in bytes of a separator that people type between the groups of
 * a number at s, or 0: white space (also no-break and thin spaces), hyphens
 * and dashes (also the soft hyphen and the minus sign), dots and slashes. */
static size_t separator_len(const unsigned char *s)
{
    switch (s[0]) {
    case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
    case '-': case '.': case '/':
        return 1;
    case 0xC2:                                   /* U+00A0 no-break space, U+00AD soft hyphen */
        return s[1] == 0xA0 || s[1] == 0xAD ? 2 : 0;
    case 0xE2:
        if (s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x95) || s[2] == 0xAF))
            return 3;                            /* U+2000-U+2015 spaces, hyphens, dashes; U+202F */
        if (s[1] == 0x81 && s[2] == 0x9F)
            return 3;                            /* U+205F */
        if (s[1] == 0x88 && s[2] == 0x92)
            return 3;                            /* U+2212 minus */
        return 0;
    case 0xE3:
        return s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;   /* U+3000 */
    default:
        return 0;
    }
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

int sd_has_cpr_digits(const char *text)
{
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    int run = 0;
    while (*s) {
        size_t sep = separator_len(s);
        if (sep) {
            s += sep;
            continue;
        }
        run = is_digit(*s) ? run + 1 : 0;
        if (run >= 6)
            return 1;
        s++;
    }
    return 0;
}

int sd_looks_like_cpr(const char *text)
{
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    size_t len = strlen((const char *)s);
    /* The characters that are not separators, each marked if it is a digit
     * that starts a group of digits as written (after a non-digit). */
    unsigned char *c = sd_xmalloc(len + 1), *start = sd_xmalloc(len + 1);
    size_t n = 0;
    int prev_digit = 0;
    while (*s) {
        size_t sep = separator_len(s);
        if (sep) {
            s += sep;
            prev_digit = 0;
            continue;
        }
        c[n] = *s;
        start[n] = is_digit(*s) && !prev_digit;
        prev_digit = is_digit(*s);
        n++;
        s++;
    }
    int found = 0;
    for (size_t i = 0; !found && i + 10 <= n; i++) {
        if (!start[i])
            continue;
        char cpr[12];
        for (size_t k = 0; k < 6; k++)
            cpr[k] = (char)c[i + k];
        cpr[6] = '-';
        int masked = 1, digits = 1;
        for (size_t k = 6; k < 10; k++) {
            cpr[k + 1] = (char)c[i + k];
            masked &= c[i + k] == 'X' || c[i + k] == 'x';
            digits &= is_digit(c[i + k]);
        }
        cpr[11] = '\0';
        if (masked)
            memcpy(cpr + 7, "XXXX", 4);
        if (masked || digits) {
            sd_cpr p = sd_cpr_parse(cpr);
            found = p.form_ok && p.birth != SD_NO_DAY;
        }
    }
    free(c);
    free(start);
    return found;
}

/* The next code point of UTF-8 text s, folded to lower case for A-Z and
 * the Latin-1 letters À-Þ; its length in bytes in *len. Code points beyond
 * Latin-1 are returned as their bytes with the top bit set. */
static unsigned fold_char(const unsigned char *s, size_t *len)
{
    unsigned u = s[0];
    *len = 1;
    if (u >= 'A' && u <= 'Z')
        return u - 'A' + 'a';
    if ((u == 0xC2 || u == 0xC3) && (s[1] & 0xC0) == 0x80) {
        *len = 2;
        u = ((u & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return u >= 0xC0 && u <= 0xDE && u != 0xD7 ? u + 0x20 : u;
    }
    if (u >= 0xC4) {   /* any other multi-byte sequence, compared as bytes */
        size_t n = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : 2;
        unsigned v = u;
        size_t k = 1;
        for (; k < n && (s[k] & 0xC0) == 0x80; k++)
            v = (v << 8) | s[k];
        *len = k;
        return v | 0x80000000u;
    }
    return u;
}

/* A letter of a name: a-z, a Latin-1 letter (folded), or any character
 * beyond Latin-1 that is not a separator. */
static int is_letter(unsigned folded)
{
    return (folded >= 'a' && folded <= 'z') ||
           (folded >= 0xDF && folded <= 0xFF && folded != 0xF7) || (folded & 0x80000000u);
}

/* 1 if the n bytes of `word` occur, folded, at the start of `hay`. */
static int matches_at(const unsigned char *hay, const unsigned char *word, size_t n)
{
    size_t a = 0, b = 0;
    while (b < n) {
        size_t la, lb;
        if (!hay[a] || fold_char(hay + a, &la) != fold_char(word + b, &lb))
            return 0;
        a += la;
        b += lb;
    }
    return 1;
}

int sd_contains_word(const char *haystack, const char *words)
{
    const unsigned char *hay = (const unsigned char *)(haystack ? haystack : "");
    const unsigned char *w = (const unsigned char *)(words ? words : "");
    while (*w) {
        /* a word: letters up to a space, a hyphen or any other non-letter */
        const unsigned char *b = w;
        size_t letters = 0, cl;
        while (*w && !separator_len(w) && is_letter(fold_char(w, &cl))) {
            letters++;
            w += cl;
        }
        if (w == b) {   /* not a letter: skip it */
            size_t sep = separator_len(w);
            if (!sep)
                fold_char(w, &sep);
            w += sep;
            continue;
        }
        if (letters < 3)
            continue;
        for (const unsigned char *h = hay; *h; h++)
            if ((*h & 0xC0) != 0x80 && matches_at(h, b, (size_t)(w - b)))
                return 1;
    }
    return 0;
}

/* ---- Danish public holidays ---- */

/* The day number of Easter Sunday in year y (the anonymous Gregorian
 * algorithm, "Meeus/Jones/Butcher"). */
static long easter_day(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return sd_date_make(y, month, day);
}

const char *sd_holiday_name(long day)
{
    if (day == SD_NO_DAY || day < -1000000L || day > 3000000L)
        return NULL;                          /* about years -770 to 10180 */
    int y, m, d;
    sd_date_split(day, &y, &m, &d);
    if (y < 1583)
        return NULL;                          /* before the Gregorian calendar */
    /* the days that follow Easter first: in 2028 2. pinsedag falls on
     * grundlovsdag, and the church holiday is the better-known name */
    long e = easter_day(y);
    switch (day - e) {
    case -3: return "skærtorsdag";
    case -2: return "langfredag";
    case 0: return "påskedag";
    case 1: return "2. påskedag";
    case 26: if (y <= 2023) return "store bededag";   /* abolished from 2024 */
             break;
    case 39: return "Kristi himmelfartsdag";
    case 49: return "pinsedag";
    case 50: return "2. pinsedag";
    default: break;
    }
    switch (m * 100 + d) {
    case 101: return "nytårsdag";
    /* Grundlovsdag and juleaftensdag are not public holidays, but most
     * municipal offices are closed (R30 treats them as holidays). */
    case 605: return "grundlovsdag";
    case 1224: return "juleaftensdag";
    case 1225: return "juledag";
    case 1226: return "2. juledag";
    default: return NULL;
    }
}

long sd_first_thin_period(const long *days, size_t n, int least, int months, long start,
                          long end)
{
    if (start == SD_NO_DAY || end == SD_NO_DAY || months < 1 || months > 1200)
        return SD_NO_DAY;
    for (int k = 0; k < 100000 / months; k++) {
        long from = sd_date_add_months(start, k * months);
        long to = sd_date_add_months(start, (k + 1) * months);
        if (to > end)
            break;                            /* not over by `end`: not judged */
        int count = 0;
        for (size_t i = 0; i < n; i++)
            count += days[i] >= from && days[i] < to;
        if (count < least)
            return from;
    }
    return SD_NO_DAY;
}

/* Pops the top argument as a string (caller frees with xmlFree). */
static xmlChar *pop_string(xmlXPathParserContextPtr ctxt)
{
    return xmlXPathPopString(ctxt);
}

static void push_day_or_nan(xmlXPathParserContextPtr ctxt, long day)
{
    xmlXPathReturnNumber(ctxt, day == SD_NO_DAY ? NAN : (double)day);
}

/* A day number argument: NaN or out of range gives SD_NO_DAY. */
static long pop_day(xmlXPathParserContextPtr ctxt)
{
    double n = xmlXPathPopNumber(ctxt);
    if (isnan(n) || n < -1e7 || n > 1e7)
        return SD_NO_DAY;
    return (long)floor(n);
}

static void fn_dag(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = pop_string(ctxt);
    push_day_or_nan(ctxt, sd_date_parse((const char *)s));
    xmlFree(s);
}

/* Shared by sd:dato, sd:dato-ugedag, sd:dato-kort. */
static void format_day(xmlXPathParserContextPtr ctxt, int nargs, char *(*fmt)(long))
{
    CHECK_ARITY(1);
    long day = pop_day(ctxt);
    if (day == SD_NO_DAY) {
        xmlXPathReturnEmptyString(ctxt);
        return;
    }
    char *s = fmt(day);
    xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST s));
    free(s);
}

static void fn_dato(xmlXPathParserContextPtr c, int n) { format_day(c, n, sd_fmt_date_long); }
static void fn_dato_ugedag(xmlXPathParserContextPtr c, int n) { format_day(c, n, sd_fmt_date_weekday); }
static void fn_dato_kort(xmlXPathParserContextPtr c, int n) { format_day(c, n, sd_fmt_date_short); }

static void fn_ugedag(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    long day = pop_day(ctxt);
    xmlXPathReturnNumber(ctxt, day == SD_NO_DAY ? NAN : sd_date_weekday(day));
}

static void fn_tid(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = pop_string(ctxt);
    int t = sd_time_parse((const char *)s);
    xmlFree(s);
    xmlXPathReturnNumber(ctxt, t < 0 ? NAN : t);
}

static void fn_alder(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    long on = pop_day(ctxt), born = pop_day(ctxt);
    if (on == SD_NO_DAY || born == SD_NO_DAY)
        xmlXPathReturnNumber(ctxt, NAN);
    else
        xmlXPathReturnNumber(ctxt, sd_age(born, on));
}

static void fn_plus_maaneder(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    double k = xmlXPathPopNumber(ctxt);
    long day = pop_day(ctxt);
    if (day == SD_NO_DAY || isnan(k) || fabs(k) > 12000)
        xmlXPathReturnNumber(ctxt, NAN);
    else
        xmlXPathReturnNumber(ctxt, sd_date_add_months(day, (int)k));
}

static void fn_cpr_form(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = pop_string(ctxt);
    sd_cpr c = sd_cpr_parse((const char *)s);
    xmlFree(s);
    xmlXPathReturnBoolean(ctxt, c.form_ok);
}

static void fn_cpr_maskeret(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = pop_string(ctxt);
    sd_cpr c = sd_cpr_parse((const char *)s);
    xmlFree(s);
    xmlXPathReturnBoolean(ctxt, c.form_ok && c.masked);
}

static void fn_cpr_dag(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = pop_string(ctxt);
    sd_cpr c = sd_cpr_parse((const char *)s);
    xmlFree(s);
    push_day_or_nan(ctxt, c.form_ok ? c.birth : SD_NO_DAY);
}

static void fn_format(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    xmlChar *value = pop_string(ctxt), *name = pop_string(ctxt);
    int known;
    int cpr_full = 0;
    xmlXPathObjectPtr var = xmlXPathVariableLookup(ctxt->context, BAD_CAST "cpr_fuld");
    if (var) {
        cpr_full = xmlXPathCastToBoolean(var);
        xmlXPathFreeObject(var);
    }
    char *s = sd_format((const char *)name, (const char *)value, cpr_full, &known);
    xmlFree(value);
    xmlFree(name);
    if (!known) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return;
    }
    xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST(s ? s : "")));
    free(s);
}

static void fn_ligner_cpr(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = pop_string(ctxt);
    int found = sd_looks_like_cpr((const char *)s);
    xmlFree(s);
    xmlXPathReturnBoolean(ctxt, found);
}

static void fn_indeholder_ord(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    xmlChar *words = pop_string(ctxt), *hay = pop_string(ctxt);
    int found = sd_contains_word((const char *)hay, (const char *)words);
    xmlFree(words);
    xmlFree(hay);
    xmlXPathReturnBoolean(ctxt, found);
}

static void fn_helligdag(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlXPathReturnBoolean(ctxt, sd_holiday_name(pop_day(ctxt)) != NULL);
}

static void fn_helligdag_navn(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    const char *name = sd_holiday_name(pop_day(ctxt));
    xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST(name ? name : "")));
}

/* sd:periode-med-faerre(datoer, mindst, maaneder, start, slut, …): the
 * string values of the node-set `datoer` are ISO dates (others are
 * skipped); the end is the earliest of the slut arguments that is a day
 * number. */
static void fn_periode_med_faerre(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs < 5) {
        XP_ERROR(XPATH_INVALID_ARITY);
    }
    long end = SD_NO_DAY;
    for (int i = 0; i < nargs - 4; i++) {
        long e = pop_day(ctxt);
        if (e != SD_NO_DAY && (end == SD_NO_DAY || e < end))
            end = e;
    }
    long start = pop_day(ctxt);
    double months = xmlXPathPopNumber(ctxt), least = xmlXPathPopNumber(ctxt);
    xmlNodeSetPtr set = xmlXPathPopNodeSet(ctxt);
    if (ctxt->error)
        return;
    long *days = sd_xmalloc(sizeof(long) * (size_t)(set && set->nodeNr > 0 ? set->nodeNr : 1));
    size_t n = 0;
    for (int i = 0; set && i < set->nodeNr; i++) {
        xmlChar *s = xmlXPathCastNodeToString(set->nodeTab[i]);
        long d = sd_date_parse((const char *)s);
        xmlFree(s);
        if (d != SD_NO_DAY)
            days[n++] = d;
    }
    xmlXPathFreeNodeSet(set);
    long first = SD_NO_DAY;
    if (!isnan(months) && !isnan(least) && months >= 1 && months <= 1200 && fabs(least) < 1e6)
        first = sd_first_thin_period(days, n, (int)ceil(least), (int)months, start, end);
    free(days);
    push_day_or_nan(ctxt, first);
}

/* ---- set operations by value ---- */

static int cmp_xstr(const void *a, const void *b)
{
    return xmlStrcmp(*(xmlChar *const *)a, *(xmlChar *const *)b);
}

/* The value of node n for sd:blandt, sd:ikke-blandt and sd:gentagne; caller
 * frees. An element with element children (a YAML list such as a
 * forbindelse [a, b]) is its children's string values sorted, each ended by
 * U+001F (which a record cannot hold: load.c refuses control characters), so
 * [a, b] and [b, a] are the same and [ab, c] differs from [a, bc]. Any
 * other node is its string value. */
static xmlChar *value_key(xmlNodePtr n)
{
    size_t count = 0;
    for (xmlNodePtr c = n->type == XML_ELEMENT_NODE ? n->children : NULL; c; c = c->next)
        count += c->type == XML_ELEMENT_NODE;
    if (count == 0)
        return xmlXPathCastNodeToString(n);
    xmlChar **parts = sd_xcalloc(count, sizeof *parts);
    size_t i = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            parts[i++] = xmlXPathCastNodeToString(c);
    qsort(parts, count, sizeof *parts, cmp_xstr);
    sd_buf b = {0};
    for (i = 0; i < count; i++) {
        sd_buf_puts(&b, parts[i] ? (const char *)parts[i] : "");
        sd_buf_putc(&b, '\x1f');
        xmlFree(parts[i]);
    }
    free(parts);
    xmlChar *key = xmlStrdup(BAD_CAST sd_buf_cstr(&b));
    sd_buf_free(&b);
    return key;
}

/* Adds key to the table; 1 if it was there already. An empty key is stored
 * as itself: xmlHash accepts "" as a name. */
static int seen_before(xmlHashTablePtr seen, xmlNodePtr n)
{
    xmlChar *key = value_key(n);
    int dup = xmlHashAddEntry(seen, key ? key : BAD_CAST "", (void *)seen) != 0;
    xmlFree(key);
    return dup;
}

/* sd:blandt(nodes, known) and sd:ikke-blandt(nodes, known): the nodes of
 * `nodes` whose value (value_key) is, or is not, the value of a node of
 * `known`. Linear: one hash table of the known values. */
static void among(xmlXPathParserContextPtr ctxt, int nargs, int want_in)
{
    CHECK_ARITY(2);
    xmlNodeSetPtr known = xmlXPathPopNodeSet(ctxt);
    xmlNodeSetPtr nodes = ctxt->error ? NULL : xmlXPathPopNodeSet(ctxt);
    if (ctxt->error) {
        xmlXPathFreeNodeSet(known);
        return;
    }
    xmlHashTablePtr table = xmlHashCreate(known ? known->nodeNr : 0);
    for (int i = 0; known && i < known->nodeNr; i++)
        seen_before(table, known->nodeTab[i]);
    xmlNodeSetPtr out = xmlXPathNodeSetCreate(NULL);
    for (int i = 0; nodes && i < nodes->nodeNr; i++) {
        xmlChar *key = value_key(nodes->nodeTab[i]);
        int in = xmlHashLookup(table, key ? key : BAD_CAST "") != NULL;
        xmlFree(key);
        if (in == want_in)
            xmlXPathNodeSetAddUnique(out, nodes->nodeTab[i]);   /* a set: no repeats */
    }
    xmlHashFree(table, NULL);
    xmlXPathFreeNodeSet(known);
    xmlXPathFreeNodeSet(nodes);
    valuePush(ctxt, xmlXPathWrapNodeSet(out));
}

static void fn_blandt(xmlXPathParserContextPtr c, int n) { among(c, n, 1); }
static void fn_ikke_blandt(xmlXPathParserContextPtr c, int n) { among(c, n, 0); }

/* sd:gentagne(nodes): the nodes whose value (value_key) is that of a node
 * before them in document order: the second and later of each value. */
static void fn_gentagne(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlNodeSetPtr nodes = xmlXPathPopNodeSet(ctxt);
    if (ctxt->error)
        return;
    if (nodes)
        xmlXPathNodeSetSort(nodes);
    xmlHashTablePtr table = xmlHashCreate(nodes ? nodes->nodeNr : 0);
    xmlNodeSetPtr out = xmlXPathNodeSetCreate(NULL);
    for (int i = 0; nodes && i < nodes->nodeNr; i++)
        if (seen_before(table, nodes->nodeTab[i]))
            xmlXPathNodeSetAddUnique(out, nodes->nodeTab[i]);
    xmlHashFree(table, NULL);
    xmlXPathFreeNodeSet(nodes);
    valuePush(ctxt, xmlXPathWrapNodeSet(out));
}

/* ---- sd:med-id: lookups by id through an index ---- */

/* A template cell per row and meeting looks the row's goal up among the
 * goals of the meetings: "item[id = $d/id]" scans them all for every cell,
 * so 2 000 sub-goals took 10 s (quadratic). sd:med-id keeps a sorted index
 * of the last few node-sets it was given (the same set comes again for every
 * cell), so a lookup is a binary search. An index belongs to one XPath
 * context and is dropped by sd_xpath_release (and by sd_xpath_setup of a
 * context at the same address). */
typedef struct id_entry {
    xmlChar *key;             /* owned: the value of the node's <id> child */
    int pos;                  /* index into the node-set */
} id_entry;

typedef struct id_index {
    const void *ctx;          /* the XPath context; NULL: a free slot */
    xmlNodePtr *nodes;        /* owned copy of the node-set, in its order */
    int n;
    id_entry *entries;        /* owned, sorted by key, then position */
    int nentries;
} id_index;

#define ID_INDEXES 4
static id_index id_indexes[ID_INDEXES];
static unsigned id_next;

static void id_index_free(id_index *x)
{
    for (int i = 0; i < x->nentries; i++)
        xmlFree(x->entries[i].key);
    free(x->entries);
    free(x->nodes);
    *x = (id_index){0};
}

static int cmp_id_entry(const void *a, const void *b)
{
    const id_entry *x = a, *y = b;
    int c = xmlStrcmp(x->key, y->key);
    return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* The index of `set` for context `ctx`: found, or built in the next slot. */
static const id_index *id_index_for(const void *ctx, const xmlNodeSet *set)
{
    size_t bytes = (size_t)set->nodeNr * sizeof(xmlNodePtr);
    for (int k = 0; k < ID_INDEXES; k++) {
        const id_index *x = &id_indexes[k];
        if (x->ctx == ctx && x->n == set->nodeNr && memcmp(x->nodes, set->nodeTab, bytes) == 0)
            return x;
    }
    id_index *x = &id_indexes[id_next++ % ID_INDEXES];
    id_index_free(x);
    x->ctx = ctx;
    x->n = set->nodeNr;
    x->nodes = sd_xmalloc(bytes);
    memcpy(x->nodes, set->nodeTab, bytes);
    x->entries = sd_xcalloc((size_t)set->nodeNr, sizeof(id_entry));
    for (int i = 0; i < set->nodeNr; i++) {
        xmlNodePtr c = set->nodeTab[i]->type == XML_ELEMENT_NODE ? set->nodeTab[i]->children : NULL;
        while (c && !(c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "id")))
            c = c->next;
        if (c)
            x->entries[x->nentries++] = (id_entry){xmlNodeGetContent(c), i};
    }
    for (int i = 0; i < x->nentries; i++)
        if (!x->entries[i].key)
            x->entries[i].key = xmlStrdup(BAD_CAST "");
    qsort(x->entries, (size_t)x->nentries, sizeof(id_entry), cmp_id_entry);
    return x;
}

/* sd:med-id(nodes, id): the nodes of `nodes` that have an <id> child whose
 * value is the string `id` (as nodes[id = $id], for one id: an empty
 * node-set matches nothing), in the order of `nodes`. */
static void fn_med_id(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    xmlXPathObjectPtr want = valuePop(ctxt);
    xmlNodeSetPtr nodes = ctxt->error ? NULL : xmlXPathPopNodeSet(ctxt);
    if (ctxt->error) {
        xmlXPathFreeObject(want);
        return;
    }
    xmlNodeSetPtr out = xmlXPathNodeSetCreate(NULL);
    int none = !want || (want->type == XPATH_NODESET &&
                         (!want->nodesetval || want->nodesetval->nodeNr == 0));
    if (!none && nodes && nodes->nodeNr > 0) {
        xmlChar *id = xmlXPathCastToString(want);
        const id_index *x = id_index_for(ctxt->context, nodes);
        int lo = 0, hi = x->nentries;
        while (lo < hi) {                 /* the first entry >= id */
            int mid = lo + (hi - lo) / 2;
            if (xmlStrcmp(x->entries[mid].key, id) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (int i = lo; i < x->nentries && xmlStrEqual(x->entries[i].key, id); i++)
            xmlXPathNodeSetAddUnique(out, x->nodes[x->entries[i].pos]);
        xmlFree(id);
    }
    xmlXPathFreeObject(want);
    xmlXPathFreeNodeSet(nodes);
    valuePush(ctxt, xmlXPathWrapNodeSet(out));
}

void sd_xpath_release(xmlXPathContextPtr ctx)
{
    for (int k = 0; k < ID_INDEXES; k++)
        if (id_indexes[k].ctx == ctx)
            id_index_free(&id_indexes[k]);
}

static const struct {
    const char *name;
    xmlXPathFunction fn;
} functions[] = {
    {"dag", fn_dag},
    {"dato", fn_dato},
    {"dato-ugedag", fn_dato_ugedag},
    {"dato-kort", fn_dato_kort},
    {"ugedag", fn_ugedag},
    {"tid", fn_tid},
    {"alder", fn_alder},
    {"plus-maaneder", fn_plus_maaneder},
    {"cpr-form", fn_cpr_form},
    {"cpr-maskeret", fn_cpr_maskeret},
    {"cpr-dag", fn_cpr_dag},
    {"format", fn_format},
    {"ligner-cpr", fn_ligner_cpr},
    {"indeholder-ord", fn_indeholder_ord},
    {"helligdag", fn_helligdag},
    {"helligdag-navn", fn_helligdag_navn},
    {"periode-med-faerre", fn_periode_med_faerre},
    {"blandt", fn_blandt},
    {"ikke-blandt", fn_ikke_blandt},
    {"gentagne", fn_gentagne},
    {"med-id", fn_med_id},
};

void sd_xpath_setup(xmlXPathContextPtr ctx, long ref_day, int blank, int cpr_full)
{
    sd_xpath_release(ctx);   /* a context freed without release, at the same address */
    xmlXPathRegisterNs(ctx, BAD_CAST "sd", BAD_CAST SD_XPATH_NS);
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
        xmlXPathRegisterFuncNS(ctx, BAD_CAST functions[i].name,
                               BAD_CAST SD_XPATH_NS, functions[i].fn);
    xmlXPathRegisterVariable(ctx, BAD_CAST "idag", xmlXPathNewFloat((double)ref_day));
    xmlXPathRegisterVariable(ctx, BAD_CAST "blank", xmlXPathNewBoolean(blank));
    xmlXPathRegisterVariable(ctx, BAD_CAST "cpr_fuld", xmlXPathNewBoolean(cpr_full));
}
