/* load.c — see load.h.
 *
 * One pass over libyaml's events builds the file's element detached from the
 * document; it is appended only if the whole file passed, and freed otherwise,
 * so a bad file leaves no trace in the record tree. Positions are queued and
 * handed to sd_records_set_pos only on success: records.c keys positions by
 * node address and has no way to forget one, so a freed node's address must
 * never reach it (a later node at the same address would inherit it).
 *
 * Nesting is followed with a fixed stack of SD_LOAD_MAX_DEPTH frames, never
 * by recursion. A deeper collection ends the scan like a syntax error does:
 * libyaml 0.2.5 checks every open flow level for every token, so 1 MB of
 * "[[[[…" kept it busy for over ten minutes (measured); stopping early bounds
 * that, as libyaml scans only about 1024 characters ahead of its events.
 *
 * Messages never contain a scalar value (it could be a CPR number). Key names
 * are quoted only after they passed the name check: a "key" that fails it is
 * often a sentence with ": " in it, i.e. a value. A character that cannot be
 * printed is named alone, which reveals nothing.
 */
#include "load.h"
#include "text.h"
#include "util.h"

#include <yaml.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* After this many problems in one file the rest would be noise. */
#define MAX_PROBLEMS 50

/* ---- Messages (Danish, for a coordinator; each says what to change) ---- */

#define MSG_TOO_BIG "Filen er for stor (mere end %d KB). Del oplysningerne op i flere filer."
#define MSG_EMPTY "Filen er tom. Skriv oplysningerne som felter på formen 'navn: værdi'."
#define MSG_UTF16 "Filen er gemt som UTF-16. Gem den som UTF-8 i stedet."
#define MSG_TAB "Tabulatortegn er ikke tilladt; brug mellemrum til indrykning."
#define MSG_BAD_UTF8 "Ugyldigt tegn: filen er ikke gemt som UTF-8. Gem filen som UTF-8, " \
    "eller skriv tegnet igen."
#define MSG_CONTROL "Usynligt kontroltegn i filen. Slet tegnet; det kommer ofte med, når " \
    "tekst kopieres fra et andet program."
#define MSG_MULTI_DOC "Filen må kun indeholde ét dokument. Slet linjen med '---' og det, " \
    "der står efter, eller flyt det til en ny fil."
#define MSG_ROOT "Øverst i filen skal der stå felter på formen 'navn: værdi', ikke en " \
    "liste eller en enkelt tekst."
#define MSG_DEPTH "For mange niveauer inden i hinanden (højst %d). Gør opbygningen fladere."
#define MSG_ANCHOR "Ankre (&navn) er ikke tilladt. Fjern '&' og navnet efter det, og " \
    "skriv oplysningerne ud alle de steder, de skal bruges."
#define MSG_ALIAS "Henvisninger (*navn) er ikke tilladt. Skriv oplysningerne ud i " \
    "stedet for henvisningen."
#define MSG_TAG "Typeangivelser med '!' (fx !!str) er ikke tilladt. Fjern dem; sæt " \
    "teksten i anførselstegn, hvis den skal læses som tekst."
#define MSG_MERGE "Flettenøglen '<<' er ikke tilladt. Skriv felterne ud i stedet."
#define MSG_KEY_EMPTY "Der mangler et feltnavn før kolonet."
#define MSG_KEY_BAD "Ugyldigt feltnavn. Et feltnavn må kun indeholde bogstaverne a-z " \
    "(ikke æ, ø, å), tal, '_' og '-' og må ikke begynde med et tal eller '-'. Er det " \
    "tekst med ': ', så sæt teksten i anførselstegn."
#define MSG_KEY_NOT_SCALAR "Et feltnavn skal være et enkelt ord, ikke en liste eller " \
    "en gruppe af felter."
#define MSG_DUPLICATE "Feltet '%s' står to gange i samme gruppe; første gang i linje %u. " \
    "Slet det ene, eller ret navnet."
#define MSG_CTRL_ESCAPE "Teksten indeholder en kode for et kontroltegn (fx \\0 eller " \
    "\\x01), som ikke er tilladt. Fjern koden."
#define MSG_TOO_MANY "Der er mere end %d fejl i filen; kun de første er vist. Ret dem, " \
    "og prøv igen."
#define MSG_ASTRAL "Tegnet \"%.*s\" (U+%04X) kan ikke bruges i dokumenterne. Slet det, " \
    "eller skriv det med almindelige bogstaver."
#define MSG_ASTRAL_ESCAPE "Teksten indeholder en \\U-kode for et tegn, der ikke kan bruges " \
    "i dokumenterne (fx en emoji). Fjern koden."
#define MSG_BIDI "%s indeholder et skjult tegn for skriftretning (U+%04X), som kan få " \
    "teksten til at blive vist i en anden rækkefølge, end den er skrevet. Slet tegnet."
#define MSG_INVISIBLE "%s indeholder et usynligt tegn (U+%04X). Slet tegnet; det kommer " \
    "ofte med, når tekst kopieres fra et andet program."
#define MSG_ODD_BREAK "Usynligt linjeskift (U+%04X) i filen. Slet tegnet, og skriv et " \
    "almindeligt linjeskift, hvis der skal være et."
#define MSG_CANNOT_READ "Filen kan ikke læses: %s."  /* strerror or one of these: */
#define WHY_DIRECTORY "det er en mappe, ikke en fil"
#define WHY_NOT_REGULAR "det er ikke en almindelig fil (men fx en pipe eller en enhed)"
#define MSG_SYNTAX_OTHER "Filen kan ikke læses her (YAML-fejl på engelsk: \"%s\"). " \
    "Ret teksten omkring dette sted."

/* libyaml's scanner and parser problems, translated. `context` NULL matches
 * any context. If `after` is set, the message is before + the line of
 * libyaml's context mark (where the unclosed quote or bracket began) + after. */
typedef struct yaml_text {
    const char *problem;
    const char *context;
    const char *before;
    const char *after;
} yaml_text;

static const yaml_text yaml_texts[] = {
    {"mapping values are not allowed in this context", NULL,
     "Uventet kolon. Sæt teksten i anførselstegn, hvis den indeholder ': '.", NULL},
    {"found character that cannot start any token", NULL,
     "Tegnet her kan ikke stå først i en værdi (fx @, ` eller %). Sæt teksten i "
     "anførselstegn.", NULL},
    {"did not find expected key", NULL,
     "Forkert indrykning, eller der står noget efter et afsluttende anførselstegn. "
     "Felter på samme niveau skal begynde i samme kolonne.", NULL},
    {"did not find expected '-' indicator", NULL,
     "Forkert indrykning i listen. Hvert punkt skal begynde med '- ' i samme kolonne "
     "som de andre punkter.", NULL},
    {"did not find expected ',' or ']'", NULL,
     "Listen i [ ], der begynder i linje ",
     ", mangler et komma eller den afsluttende ']'."},
    {"did not find expected ',' or '}'", NULL,
     "Gruppen i { }, der begynder i linje ",
     ", mangler et komma eller den afsluttende '}'."},
    {"found unexpected end of stream", "while scanning a quoted scalar",
     "Anførselstegnet i linje ", " bliver ikke lukket. Tilføj det afsluttende anførselstegn."},
    {"found unexpected document indicator", "while scanning a quoted scalar",
     "Anførselstegnet i linje ", " bliver ikke lukket. Tilføj det afsluttende anførselstegn."},
    {"block sequence entries are not allowed in this context", NULL,
     "En liste kan ikke begynde på samme linje som feltnavnet. Flyt '- ' ned på en ny, "
     "indrykket linje, eller sæt teksten i anførselstegn.", NULL},
    {"found unknown escape character", NULL,
     "Ukendt tegn efter \\ i tekst i dobbelte anførselstegn. Skriv \\\\ for en "
     "omvendt skråstreg, eller brug enkelte anførselstegn.", NULL},
    {"found invalid Unicode character escape code", NULL,
     "Ugyldig \\u-kode i tekst i dobbelte anførselstegn. Skriv tegnet direkte i stedet.", NULL},
    {"did not find expected hexdecimal number", NULL,
     "Ugyldig \\x- eller \\u-kode i tekst i dobbelte anførselstegn. Skriv tegnet direkte "
     "i stedet.", NULL},
    {"did not find expected alphabetic or numeric character", "while scanning an anchor",
     "Tegnene & og * kan ikke stå først i en værdi. Sæt teksten i anførselstegn.", NULL},
    {"did not find expected alphabetic or numeric character", "while scanning an alias",
     "Tegnene & og * kan ikke stå først i en værdi. Sæt teksten i anførselstegn.", NULL},
    {"did not find expected node content", NULL,
     "Der mangler en værdi her. Skriv værdien, eller sæt teksten i anførselstegn.", NULL},
    {"could not find expected ':'", NULL,
     "Der mangler et kolon efter feltnavnet (fx 'navn: værdi').", NULL},
    {"did not find expected <document start>", NULL,
     "Der står noget efter en linje med '...'. Slet det, eller flyt det til en ny fil.", NULL},
    {"found an indentation indicator equal to 0", "while scanning a block scalar",
     "Efter | eller > må der kun stå et tal fra 1 til 9, '+' eller '-'. Flyt teksten "
     "ned på næste linje.", NULL},
    {"did not find expected comment or line break", "while scanning a block scalar",
     "Efter | eller > må der kun stå et tal fra 1 til 9, '+' eller '-'. Flyt teksten "
     "ned på næste linje.", NULL},
    {"found unknown directive name", NULL,
     "En linje må ikke begynde med %. Ryk linjen ind, eller sæt teksten i anførselstegn.", NULL},
    {"found a tab character that violates indentation", NULL, MSG_TAB, NULL},
    {"found a tab character where an indentation space is expected", NULL, MSG_TAB, NULL},
};

/* ---- The loader's state ---- */

typedef struct seen_key {      /* one slot of a mapping's set of key names */
    const xmlChar *name;       /* borrowed from the key's element; NULL = free */
    unsigned line;             /* where the key first appeared, 1-based */
} seen_key;

typedef struct frame {         /* one open mapping or sequence */
    xmlNodePtr elem;           /* borrowed (inside ld->top): receives the entries */
    int is_map;
    int want_value;            /* mapping: a key was read, its value comes next */
    xmlNodePtr value_elem;     /* mapping: where that value goes (borrowed) */
    seen_key *keys;            /* owned; open addressing, keys_cap is 0 or 2^k */
    size_t nkeys, keys_cap;
} frame;

typedef struct queued_pos {
    const xmlNode *node;
    unsigned line, col;
} queued_pos;

typedef struct char_pos {      /* 1-based, columns in characters */
    unsigned line, col;
} char_pos;

typedef struct loader {
    sd_records *r;
    sd_diags *diags;
    const char *file;                  /* interned in r */
    const unsigned char *data;         /* borrowed: the bytes as the caller gave them */
    size_t len;
    xmlNodePtr top;                    /* owned until appended: <root_name fil=…> */
    frame stack[SD_LOAD_MAX_DEPTH];
    size_t depth;
    int stop;                          /* set when the scan must end */
    int documents;
    unsigned problems;
    unsigned tab_line, tab_col;        /* the first tab, 0 = none */
    /* Characters past U+FFFF in the bytes, in file order. Each is a
     * problem, and past MAX_PROBLEMS problems the parse stops at its first
     * event, so no scalar ever needs more places than these. */
    char_pos astral[MAX_PROBLEMS];
    size_t nastral;
    queued_pos *pos;                   /* owned */
    size_t npos, cappos;
} loader;

static void out_of_memory(void)
{
    fputs("samdoc: ikke nok hukommelse (libyaml/libxml2)\n", stderr);
    abort();
}

/* ---- Problems ---- */

static void vproblem(loader *ld, unsigned line, unsigned col, const char *fmt,
                     va_list ap)
{
    ld->problems++;
    if (ld->problems > MAX_PROBLEMS + 1)
        return;
    if (ld->problems == MAX_PROBLEMS + 1) {
        /* Said once, at the file as a whole; the caller stops the scan. */
        sd_diag(ld->diags, SD_ERROR, ld->file, 0, 0, MSG_TOO_MANY, MAX_PROBLEMS);
        return;
    }
    sd_buf b = {0};
    sd_buf_vprintf(&b, fmt, ap);
    sd_diag(ld->diags, SD_ERROR, ld->file, line, col, "%s", sd_buf_cstr(&b));
    sd_buf_free(&b);
}

static void problem(loader *ld, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problem(loader *ld, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vproblem(ld, line, col, fmt, ap);
    va_end(ap);
}

/* libyaml marks are 0-based; ours are 1-based. Both count characters. */
static void problem_at(loader *ld, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem_at(loader *ld, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vproblem(ld, (unsigned)m.line + 1, (unsigned)m.column + 1, fmt, ap);
    va_end(ap);
}

/* ---- Positions computed from bytes (reader errors, tabs) ---- */

typedef struct cursor {
    size_t i;                  /* byte offset */
    unsigned line, col;        /* 1-based, columns in characters */
} cursor;

static int has_utf8_bom(const unsigned char *d, size_t len)
{
    return len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF;
}

/* The length of the line break at d, or 0. libyaml's breaks: LF, CR, CRLF,
 * NEL (C2 85), LS (E2 80 A8), PS (E2 80 A9). */
static size_t break_len(const unsigned char *d, size_t n)
{
    if (d[0] == '\r')
        return n >= 2 && d[1] == '\n' ? 2 : 1;
    if (d[0] == '\n')
        return 1;
    if (n >= 2 && d[0] == 0xC2 && d[1] == 0x85)
        return 2;
    if (n >= 3 && d[0] == 0xE2 && d[1] == 0x80 && (d[2] == 0xA8 || d[2] == 0xA9))
        return 3;
    return 0;
}

/* A cursor at the first character; libyaml skips a UTF-8 BOM without
 * counting it as a column, so we do too. */
static cursor cursor_start(const unsigned char *d, size_t len)
{
    return (cursor){has_utf8_bom(d, len) ? 3 : 0, 1, 1};
}

/* Moves past one character or line break. UTF-8 continuation bytes belong
 * to the character before them, so invalid sequences still advance. */
static void cursor_step(cursor *c, const unsigned char *d, size_t len)
{
    size_t brk = break_len(d + c->i, len - c->i);
    if (brk) {
        c->i += brk;
        c->line++;
        c->col = 1;
        return;
    }
    c->i++;
    while (c->i < len && (d[c->i] & 0xC0) == 0x80)
        c->i++;
    c->col++;
}

static cursor cursor_at(const unsigned char *d, size_t len, size_t offset)
{
    cursor c = cursor_start(d, len);
    while (c.i < len && c.i < offset)
        cursor_step(&c, d, len);
    return c;
}

/* ---- Checks before parsing ---- */

/* Size, emptiness and UTF-16 are properties of the whole file: reported at
 * line 0. libyaml would silently switch to UTF-16 after a UTF-16 BOM. */
static int check_whole_file(loader *ld)
{
    if (ld->len > SD_LOAD_MAX_BYTES)
        problem(ld, 0, 0, MSG_TOO_BIG, SD_LOAD_MAX_BYTES / 1024);
    else if (ld->len == 0)
        problem(ld, 0, 0, MSG_EMPTY);
    else if (ld->len >= 2 && ((ld->data[0] == 0xFF && ld->data[1] == 0xFE) ||
                              (ld->data[0] == 0xFE && ld->data[1] == 0xFF)))
        problem(ld, 0, 0, MSG_UTF16);
    return ld->problems == 0;
}

/* Reports the first tab of every line and returns a copy of the bytes with
 * each tab replaced by a space (caller frees), or NULL if there is none.
 * Parsing the copy lets the scan go on to find other problems; one byte for
 * one byte keeps every offset and column the same. */
static unsigned char *report_tabs(loader *ld)
{
    unsigned char *copy = NULL;
    unsigned last_line = 0;
    for (cursor c = cursor_start(ld->data, ld->len); c.i < ld->len;
         cursor_step(&c, ld->data, ld->len)) {
        if (ld->data[c.i] != '\t')
            continue;
        if (!copy) {
            copy = sd_xmalloc(ld->len);
            memcpy(copy, ld->data, ld->len);
            ld->tab_line = c.line;
            ld->tab_col = c.col;
        }
        copy[c.i] = ' ';
        if (c.line != last_line)
            problem(ld, c.line, c.col, MSG_TAB);
        last_line = c.line;
    }
    return copy;
}

/* Reports every NEL (U+0085), line separator (U+2028) and paragraph
 * separator (U+2029). libyaml ends a line at each, editors mostly do not:
 * they come invisibly with text copied from web pages, and every line
 * number after them, and the parse itself, would be off. Positions count
 * only LF, CR and CRLF as line ends, as an editor does. Returns how many. */
static unsigned report_odd_breaks(loader *ld)
{
    const unsigned char *d = ld->data;
    unsigned found = 0, line = 1, col = 1;
    for (size_t i = has_utf8_bom(d, ld->len) ? 3 : 0; i < ld->len;) {
        size_t n = ld->len - i, brk = break_len(d + i, n);
        if (brk && d[i] != '\r' && d[i] != '\n') {
            uint32_t c = d[i] == 0xC2 ? 0x85 : d[i + 2] == 0xA8 ? 0x2028 : 0x2029;
            if (found++ < MAX_PROBLEMS)
                problem(ld, line, col, MSG_ODD_BREAK, (unsigned)c);
            i += brk;
            col++;
        } else if (brk) {
            i += brk;
            line++;
            col = 1;
        } else {
            i++;
            while (i < ld->len && (d[i] & 0xC0) == 0x80)
                i++;
            col++;
        }
    }
    return found;
}

/* Reports every character past U+FFFF (emoji and the like) where it
 * stands. libharu 2.3.0 drops such characters without a word from PDF text
 * and from the document's metadata, so a value holding one would be printed
 * without it. Comments are scanned too: telling them from values would take
 * libyaml's scanner, and an emoji in a comment is as easily deleted. Invalid
 * UTF-8 is left to libyaml's reader, which reports it. */
static void report_astral(loader *ld)
{
    const char *end = (const char *)ld->data + ld->len;
    for (cursor c = cursor_start(ld->data, ld->len);
         c.i < ld->len && ld->problems <= MAX_PROBLEMS;
         cursor_step(&c, ld->data, ld->len)) {
        if (ld->data[c.i] < 0xF0)      /* only 4-byte sequences go past U+FFFF */
            continue;
        const char *p = (const char *)ld->data + c.i;
        uint32_t cp = sd_utf8_next(&p, end);
        if (cp == SD_UTF8_BAD)
            continue;
        problem(ld, c.line, c.col, MSG_ASTRAL, 4, (const char *)ld->data + c.i,
                (unsigned)cp);
        if (ld->nastral < MAX_PROBLEMS)
            ld->astral[ld->nastral++] = (char_pos){c.line, c.col};
    }
}

/* ---- libyaml errors ---- */

/* libyaml points a broken UTF-8 sequence's error at the bad trailing byte,
 * which may be a newline; the writer's eye wants the character it began. */
static size_t bad_char_start(const loader *ld, const yaml_parser_t *p)
{
    size_t i = p->problem_offset;
    if (strcmp(p->problem, "invalid trailing UTF-8 octet") != 0 || i > ld->len)
        return i;
    while (i > 0 && (ld->data[i - 1] & 0xC0) == 0x80)
        i--;
    return i > 0 && ld->data[i - 1] >= 0xC0 ? i - 1 : i;
}

/* Reader errors (bad UTF-8, control characters) have no mark, only the byte
 * offset of the offending character. */
static void reader_problem(loader *ld, const yaml_parser_t *p)
{
    cursor c = cursor_at(ld->data, ld->len, bad_char_start(ld, p));
    if (strcmp(p->problem, "control characters are not allowed") == 0)
        problem(ld, c.line, c.col, MSG_CONTROL);
    else if (strstr(p->problem, "UTF-8") || strcmp(p->problem, "invalid Unicode character") == 0)
        problem(ld, c.line, c.col, MSG_BAD_UTF8);
    else
        problem(ld, c.line, c.col, MSG_SYNTAX_OTHER, p->problem);
}

static const yaml_text *find_yaml_text(const yaml_parser_t *p)
{
    for (size_t i = 0; i < sizeof(yaml_texts) / sizeof(yaml_texts[0]); i++) {
        const yaml_text *t = &yaml_texts[i];
        if (strcmp(t->problem, p->problem) == 0 &&
            (!t->context || (p->context && strcmp(t->context, p->context) == 0)))
            return t;
    }
    return NULL;
}

static void syntax_problem(loader *ld, const yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR)
        out_of_memory();
    if (p->error == YAML_READER_ERROR) {
        reader_problem(ld, p);
        return;
    }
    unsigned line = (unsigned)p->problem_mark.line + 1;
    unsigned col = (unsigned)p->problem_mark.column + 1;
    /* A tab (already reported, parsed as a space) may have broken the
     * indentation; an error after it is likely its echo, not a new problem. */
    if (ld->tab_line &&
        (line > ld->tab_line || (line == ld->tab_line && col >= ld->tab_col)))
        return;
    const yaml_text *t = p->problem ? find_yaml_text(p) : NULL;
    if (!t)
        problem(ld, line, col, MSG_SYNTAX_OTHER, p->problem ? p->problem : "?");
    else if (!t->after)
        problem(ld, line, col, "%s", t->before);
    else
        problem(ld, line, col, "%s%u%s", t->before,
                (unsigned)p->context_mark.line + 1, t->after);
}

/* ---- Building the tree ---- */

static void queue_pos(loader *ld, const xmlNode *node, yaml_mark_t m)
{
    void *items = ld->pos;
    sd_grow(&items, &ld->cappos, ld->npos + 1, sizeof(queued_pos));
    ld->pos = items;
    ld->pos[ld->npos++] = (queued_pos){node, (unsigned)m.line + 1, (unsigned)m.column + 1};
}

/* A new element `name` appended to `parent`, positioned at `m`. */
static xmlNodePtr add_element(loader *ld, xmlNodePtr parent, const char *name,
                              yaml_mark_t m)
{
    xmlNodePtr node = xmlNewDocNode(sd_records_doc(ld->r), NULL, BAD_CAST name, NULL);
    if (!node)
        out_of_memory();
    xmlAddChild(parent, node);
    queue_pos(ld, node, m);
    return node;
}

/* Keys are ASCII names so that they are valid element names and can be
 * quoted in messages without revealing a value. */
static int is_name(const char *s, size_t n)
{
    if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
                    s[0] == '_'))
        return 0;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static size_t hash_name(const xmlChar *s, size_t mask)
{
    size_t h = 2166136261u;           /* FNV-1a */
    for (; *s; s++)
        h = (h ^ *s) * 16777619u;
    return h & mask;
}

static seen_key *find_key(seen_key *keys, size_t cap, const xmlChar *name)
{
    size_t mask = cap - 1;
    for (size_t i = hash_name(name, mask);; i = (i + 1) & mask)
        if (!keys[i].name || xmlStrEqual(keys[i].name, name))
            return &keys[i];
}

static void grow_keys(frame *f)
{
    size_t cap = f->keys_cap ? f->keys_cap * 2 : 8;
    seen_key *keys = sd_xcalloc(cap, sizeof(seen_key));
    for (size_t i = 0; i < f->keys_cap; i++)
        if (f->keys[i].name)
            *find_key(keys, cap, f->keys[i].name) = f->keys[i];
    free(f->keys);
    f->keys = keys;
    f->keys_cap = cap;
}

/* Adds `name` to the mapping's keys. Returns 0 if it is new, otherwise the
 * line where it first appeared. `name` must live as long as the frame. */
static unsigned remember_key(frame *f, const xmlChar *name, unsigned line)
{
    if ((f->nkeys + 1) * 2 > f->keys_cap)
        grow_keys(f);
    seen_key *s = find_key(f->keys, f->keys_cap, name);
    if (s->name)
        return s->line;
    *s = (seen_key){name, line};
    f->nkeys++;
    return 0;
}

/* The element for a scalar key. A rejected key still gets an element ("_",
 * never appended because the file failed) so its value has somewhere to go
 * and the scan can continue. */
static xmlNodePtr key_element(loader *ld, frame *f, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    yaml_mark_t m = ev->start_mark;
    if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && strcmp(name, "<<") == 0) {
        problem_at(ld, m, MSG_MERGE);
        return add_element(ld, f->elem, "_", m);
    }
    if (n == 0 || !is_name(name, n)) {
        problem_at(ld, m, n == 0 ? MSG_KEY_EMPTY : MSG_KEY_BAD);
        return add_element(ld, f->elem, "_", m);
    }
    xmlNodePtr elem = add_element(ld, f->elem, name, m);
    unsigned first = remember_key(f, elem->name, (unsigned)m.line + 1);
    if (first)
        problem_at(ld, m, MSG_DUPLICATE, name, first);
    return elem;
}

/* A node in key position. Returns where the key's own content goes: nowhere
 * for a scalar (its text became the element name), a scratch element for a
 * rejected collection key so that its entries are still checked. */
static xmlNodePtr take_key(loader *ld, frame *f, const yaml_event_t *ev)
{
    f->want_value = 1;
    if (ev->type == YAML_SCALAR_EVENT) {
        f->value_elem = key_element(ld, f, ev);
        return NULL;
    }
    f->value_elem = add_element(ld, f->elem, "_", ev->start_mark);
    if (ev->type == YAML_ALIAS_EVENT)       /* reported already; no content */
        return NULL;
    problem_at(ld, ev->start_mark, MSG_KEY_NOT_SCALAR);
    return add_element(ld, f->elem, "_", ev->start_mark);
}

/* The top node must be a mapping. A document that is only "---" (an empty
 * plain scalar) counts as an empty file. */
static void check_root(loader *ld, const yaml_event_t *ev)
{
    if (ev->type == YAML_MAPPING_START_EVENT)
        return;
    if (ev->type == YAML_SCALAR_EVENT && ev->data.scalar.length == 0 &&
        ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag &&
        !ev->data.scalar.anchor)
        problem(ld, 0, 0, MSG_EMPTY);
    else
        problem_at(ld, ev->start_mark, MSG_ROOT);
}

/* Where the content of the node `ev` goes: the file element for the top
 * node, a new <item> in a sequence, the key's element for a mapping value. */
static xmlNodePtr place(loader *ld, const yaml_event_t *ev)
{
    if (ld->depth == 0) {
        check_root(ld, ev);
        return ld->top;
    }
    frame *f = &ld->stack[ld->depth - 1];
    if (!f->is_map)
        return add_element(ld, f->elem, "item", ev->start_mark);
    if (f->want_value) {
        f->want_value = 0;
        return f->value_elem;
    }
    return take_key(ld, f, ev);
}

/* Anchors, aliases and tags are rejected wherever they appear. */
static void check_node_marks(loader *ld, const yaml_event_t *ev)
{
    const yaml_char_t *anchor = NULL, *tag = NULL;
    if (ev->type == YAML_ALIAS_EVENT) {
        problem_at(ld, ev->start_mark, MSG_ALIAS);
        return;
    }
    if (ev->type == YAML_SCALAR_EVENT) {
        anchor = ev->data.scalar.anchor;
        tag = ev->data.scalar.tag;
    } else if (ev->type == YAML_SEQUENCE_START_EVENT) {
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
    } else if (ev->type == YAML_MAPPING_START_EVENT) {
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
    }
    if (anchor)
        problem_at(ld, ev->start_mark, MSG_ANCHOR);
    if (tag)
        problem_at(ld, ev->start_mark, MSG_TAG);
}

/* YAML's null: empty, ~, null, Null, NULL, unquoted. */
static int is_null(const yaml_event_t *ev)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return ev->data.scalar.length == 0;
    for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
        if (strcmp((const char *)ev->data.scalar.value, nulls[i]) == 0)
            return 1;
    return 0;
}

/* The reader rejects raw control characters, but "\0", "\x01" or "\uFFFF"
 * in a double-quoted scalar produce characters XML cannot hold (a NUL would
 * even cut the text short in libxml2). */
static int has_non_xml_char(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return 1;
        /* C1 controls (U+0080-U+009F, "\x85" or "\N"): XML takes them, no
         * font draws them */
        if (i + 1 < n && s[i] == 0xC2 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
            return 1;
        if (i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBF &&
            (s[i + 2] == 0xBE || s[i + 2] == 0xBF))
            return 1;
    }
    return 0;
}

/* How a message names the field a scalar belongs to: Feltet "navn", or
 * Punkt 2 i "emner" for a list entry. Key names passed is_name, so they
 * reveal no value; a rejected key ("_") is not named. */
static void put_field(sd_buf *b, xmlNodePtr target)
{
    if (xmlStrEqual(target->name, BAD_CAST "item") && target->parent &&
        target->parent->name) {
        int k = 1;
        for (xmlNodePtr p = target->prev; p; p = p->prev)
            k += p->type == XML_ELEMENT_NODE;
        if (!xmlStrEqual(target->parent->name, BAD_CAST "_") &&
            !xmlStrEqual(target->parent->name, BAD_CAST "item")) {
            sd_buf_printf(b, "Punkt %d i \"%s\"", k, (const char *)target->parent->name);
            return;
        }
    } else if (!xmlStrEqual(target->name, BAD_CAST "_") && target->parent) {
        sd_buf_printf(b, "Feltet \"%s\"", (const char *)target->name);
        return;
    }
    sd_buf_puts(b, "Teksten");
}

/* Characters that change how the text around them is shown without being
 * seen themselves. The bidirectional controls (an RLO turns "Sara" into
 * "araS" in a viewer, a copy or a terminal) can make a printed name or date
 * lie; the zero-width ones make two different names look the same. */
static int is_bidi_control(uint32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

static int is_invisible(uint32_t c)
{
    return (c >= 0x200B && c <= 0x200D) || (c >= 0x2060 && c <= 0x2064) ||
           (c >= 0x206A && c <= 0x206F) || c == 0x180E || c == 0xFEFF ||
           (c >= 0xFFF9 && c <= 0xFFFB);
}

/* Reports the first bidirectional control or invisible character of a
 * value, naming its field; returns 1 if there was one. The soft hyphen
 * (U+00AD) is not among them: layout breaks lines at it. */
static int report_hidden(loader *ld, xmlNodePtr target, const yaml_event_t *ev)
{
    const char *p = (const char *)ev->data.scalar.value;
    const char *end = p + ev->data.scalar.length;
    while (p < end) {
        uint32_t c = sd_utf8_next(&p, end);
        int bidi = is_bidi_control(c);
        if (!bidi && !is_invisible(c))
            continue;
        sd_buf field = {0};
        put_field(&field, target);
        problem_at(ld, ev->start_mark, bidi ? MSG_BIDI : MSG_INVISIBLE,
                   sd_buf_cstr(&field), (unsigned)c);
        sd_buf_free(&field);
        return 1;
    }
    return 0;
}

/* Characters past U+FFFF in a value (libyaml's values are valid UTF-8). */
static size_t count_astral(const unsigned char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] >= 0xF0;
    return k;
}

/* libyaml's 0-based mark m is at p or before it. */
static int mark_at_or_before(yaml_mark_t m, char_pos p)
{
    return m.line + 1 < p.line || (m.line + 1 == p.line && m.column + 1 <= p.col);
}

/* "\U0001F600" in a double-quoted scalar puts a character past U+FFFF into
 * the value without one in the bytes that report_astral scanned. Any the
 * value holds beyond those found between the scalar's marks came from such
 * a code. */
static int has_astral_escape(const loader *ld, const yaml_event_t *ev)
{
    if (ev->data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        return 0;
    size_t in_value = count_astral(ev->data.scalar.value, ev->data.scalar.length);
    if (in_value == 0)
        return 0;
    size_t in_bytes = 0;
    for (size_t i = 0; i < ld->nastral; i++)
        in_bytes += mark_at_or_before(ev->start_mark, ld->astral[i]) &&
                    !mark_at_or_before(ev->end_mark, ld->astral[i]);
    return in_value > in_bytes;
}

static void put_scalar(loader *ld, xmlNodePtr target, const yaml_event_t *ev)
{
    const unsigned char *value = ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    if (!target || is_null(ev))
        return;
    if (has_non_xml_char(value, n)) {
        problem_at(ld, ev->start_mark, MSG_CTRL_ESCAPE);
        return;
    }
    if (has_astral_escape(ld, ev)) {
        problem_at(ld, ev->start_mark, MSG_ASTRAL_ESCAPE);
        return;
    }
    if (report_hidden(ld, target, ev))
        return;
    /* n <= the input size, which is capped far below INT_MAX. */
    xmlNodeAddContentLen(target, value, (int)n);
}

static void open_collection(loader *ld, xmlNodePtr target, const yaml_event_t *ev)
{
    if (ld->depth == SD_LOAD_MAX_DEPTH) {
        problem_at(ld, ev->start_mark, MSG_DEPTH, SD_LOAD_MAX_DEPTH);
        ld->stop = 1;
        return;
    }
    ld->stack[ld->depth++] = (frame){
        .elem = target, .is_map = ev->type == YAML_MAPPING_START_EVENT};
}

static void on_node(loader *ld, const yaml_event_t *ev)
{
    int opens = ev->type == YAML_SEQUENCE_START_EVENT ||
                ev->type == YAML_MAPPING_START_EVENT;
    check_node_marks(ld, ev);
    xmlNodePtr target = place(ld, ev);
    if (ev->type == YAML_SCALAR_EVENT)
        put_scalar(ld, target, ev);
    else if (opens)
        open_collection(ld, target, ev);
}

static void on_end(loader *ld)
{
    frame *f = &ld->stack[--ld->depth];
    free(f->keys);
    f->keys = NULL;
}

/* Handles one event; returns 0 when the scan is over. */
static int on_event(loader *ld, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_STREAM_END_EVENT:
        if (ld->documents == 0)       /* only blank lines and comments */
            problem(ld, 0, 0, MSG_EMPTY);
        return 0;
    case YAML_DOCUMENT_START_EVENT:
        if (++ld->documents > 1) {
            problem_at(ld, ev->start_mark, MSG_MULTI_DOC);
            return 0;                 /* the rest is one problem, not many */
        }
        break;
    case YAML_SCALAR_EVENT:
    case YAML_ALIAS_EVENT:
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        on_node(ld, ev);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        on_end(ld);
        break;
    default:
        break;
    }
    return !ld->stop && ld->problems <= MAX_PROBLEMS;
}

/* Runs libyaml over `bytes` (ld->len of them). Every event is deleted, and
 * the parser too, whichever way the loop ends. */
static void parse(loader *ld, const unsigned char *bytes)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        out_of_memory();
    yaml_parser_set_input_string(&parser, bytes, ld->len);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            syntax_problem(ld, &parser);
            break;
        }
        int go_on = on_event(ld, &ev);
        yaml_event_delete(&ev);
        if (!go_on)
            break;
    }
    yaml_parser_delete(&parser);
}

/* Appends the file's element and records its positions if the file had no
 * problem; frees it otherwise. Releases everything the loader owns. */
static int finish(loader *ld)
{
    for (size_t i = 0; i < ld->depth; i++)   /* left open by an early stop */
        free(ld->stack[i].keys);
    int ok = ld->problems == 0;
    if (ok) {
        xmlAddChild(sd_records_root(ld->r), ld->top);
        for (size_t i = 0; i < ld->npos; i++)
            sd_records_set_pos(ld->r, ld->pos[i].node, ld->file, ld->pos[i].line,
                               ld->pos[i].col);
    } else {
        xmlFreeNode(ld->top);
    }
    free(ld->pos);
    return ok ? 0 : -1;
}

int sd_load_buffer(sd_records *r, const char *path, const unsigned char *data,
                   size_t len, const char *root_name, sd_diags *diags)
{
    loader ld = {.r = r, .diags = diags, .data = data, .len = len};
    ld.file = sd_records_intern(r, path);
    if (!check_whole_file(&ld))
        return -1;
    if (report_odd_breaks(&ld))
        return -1;    /* nothing appended; every position after one is off */
    unsigned char *untabbed = report_tabs(&ld);   /* owned, may be NULL */
    report_astral(&ld);
    ld.top = xmlNewDocNode(sd_records_doc(r), NULL, BAD_CAST root_name, NULL);
    if (!ld.top)
        out_of_memory();
    xmlSetProp(ld.top, BAD_CAST "fil", BAD_CAST path);
    parse(&ld, untabbed ? untabbed : data);
    free(untabbed);
    return finish(&ld);
}

/* ---- Reading a file ---- */

/* Reads at most SD_LOAD_MAX_BYTES + 1 bytes of `fd` into *out (caller frees),
 * so a file that grew since fstat is still noticed as too big without
 * reading all of it. Returns 0, or an errno value. */
static int read_capped(int fd, unsigned char **out, size_t *len)
{
    size_t cap = 64 * 1024, n = 0;
    unsigned char *buf = sd_xmalloc(cap);
    while (n <= SD_LOAD_MAX_BYTES) {
        if (n == cap)
            buf = sd_xrealloc(buf, cap *= 2);
        size_t want = cap - n;
        if (want > (size_t)SD_LOAD_MAX_BYTES + 1 - n)
            want = (size_t)SD_LOAD_MAX_BYTES + 1 - n;
        ssize_t got = read(fd, buf + n, want);
        if (got == 0)
            break;
        if (got < 0) {
            if (errno == EINTR)
                continue;
            int err = errno;
            free(buf);
            return err;
        }
        n += (size_t)got;
    }
    *out = buf;
    *len = n;
    return 0;
}

/* The file cannot be read at all: an environment problem, not the file's
 * content. Closes `fd` if it is open. */
static int unreadable(sd_diags *diags, const char *path, int fd, const char *why)
{
    if (fd >= 0)
        close(fd);
    sd_diag(diags, SD_ERROR, path, 0, 0, MSG_CANNOT_READ, why);
    return -2;
}

/* Opens `path` without ever waiting. fopen would block for ever on a FIFO
 * that no one writes to (say a moede-9.yaml made with mkfifo); with
 * O_NONBLOCK open returns at once, and fstat then shows that it is no
 * regular file. O_NOCTTY: a terminal device must not become ours. Returns
 * the descriptor, or -2 with a diagnostic, or -1 (too big, a diagnostic). */
static int open_regular(const char *path, sd_diags *diags)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return unreadable(diags, path, -1, sd_errno_text(errno));
    struct stat st;
    if (fstat(fd, &st) != 0)
        return unreadable(diags, path, fd, sd_errno_text(errno));
    if (S_ISDIR(st.st_mode))
        return unreadable(diags, path, fd, WHY_DIRECTORY);
    if (!S_ISREG(st.st_mode))
        return unreadable(diags, path, fd, WHY_NOT_REGULAR);
    /* The size is the content's problem (exit 1), and known before reading. */
    if (st.st_size > SD_LOAD_MAX_BYTES) {
        close(fd);
        sd_diag(diags, SD_ERROR, path, 0, 0, MSG_TOO_BIG, SD_LOAD_MAX_BYTES / 1024);
        return -1;
    }
    /* Reading a regular file does not wait anyway; clearing the flag makes
     * sure no file system answers EAGAIN instead. */
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
        return unreadable(diags, path, fd, sd_errno_text(errno));
    return fd;
}

int sd_load_file(sd_records *r, const char *path, const char *root_name,
                 sd_diags *diags)
{
    int fd = open_regular(path, diags);
    if (fd < 0)
        return fd;
    unsigned char *data = NULL;
    size_t len = 0;
    int err = read_capped(fd, &data, &len);
    close(fd);
    if (err)
        return unreadable(diags, path, -1, sd_errno_text(err));
    int rc = sd_load_buffer(r, path, data, len, root_name, diags);
    free(data);
    return rc;
}
