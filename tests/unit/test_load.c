/* test_load.c — load.c: YAML record files into the record tree.
 *
 * Runs with tests/unit as the working directory. Each rejection states the
 * exact diagnostics it expects (as sd_diags_print writes them), so the
 * messages here are the specification of load.c's wording.
 */
#include "check.h"
#include "load.h"
#include "records.h"
#include "util.h"

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- The expected messages, written out ---- */

#define TAB "Tabulatortegn er ikke tilladt; brug mellemrum til indrykning."
#define EMPTY "Filen er tom. Skriv oplysningerne som felter på formen 'navn: værdi'."
#define TOO_BIG "Filen er for stor (mere end 1024 KB). Del oplysningerne op i flere filer."
#define UTF16 "Filen er gemt som UTF-16. Gem den som UTF-8 i stedet."
#define BAD_UTF8 "Ugyldigt tegn: filen er ikke gemt som UTF-8. Gem filen som UTF-8, " \
    "eller skriv tegnet igen."
#define CONTROL "Usynligt kontroltegn i filen. Slet tegnet; det kommer ofte med, når " \
    "tekst kopieres fra et andet program."
#define MULTI_DOC "Filen må kun indeholde ét dokument. Slet linjen med '---' og det, " \
    "der står efter, eller flyt det til en ny fil."
#define ROOT "Øverst i filen skal der stå felter på formen 'navn: værdi', ikke en " \
    "liste eller en enkelt tekst."
#define DEPTH "For mange niveauer inden i hinanden (højst 32). Gør opbygningen fladere."
#define ANCHOR "Ankre (&navn) er ikke tilladt. Fjern '&' og navnet efter det, og " \
    "skriv oplysningerne ud alle de steder, de skal bruges."
#define ALIAS "Henvisninger (*navn) er ikke tilladt. Skriv oplysningerne ud i " \
    "stedet for henvisningen."
#define TAG "Typeangivelser med '!' (fx !!str) er ikke tilladt. Fjern dem; sæt " \
    "teksten i anførselstegn, hvis den skal læses som tekst."
#define MERGE "Flettenøglen '<<' er ikke tilladt. Skriv felterne ud i stedet."
#define KEY_EMPTY "Der mangler et feltnavn før kolonet."
#define KEY_BAD "Ugyldigt feltnavn. Et feltnavn må kun indeholde bogstaverne a-z " \
    "(ikke æ, ø, å), tal, '_' og '-' og må ikke begynde med et tal eller '-'. Er det " \
    "tekst med ': ', så sæt teksten i anførselstegn."
#define KEY_NOT_SCALAR "Et feltnavn skal være et enkelt ord, ikke en liste eller " \
    "en gruppe af felter."
#define CTRL_ESCAPE "Teksten indeholder en kode for et kontroltegn (fx \\0 eller " \
    "\\x01), som ikke er tilladt. Fjern koden."
#define TOO_MANY "Der er mere end 50 fejl i filen; kun de første er vist. Ret dem, " \
    "og prøv igen."
#define COLON "Uventet kolon. Sæt teksten i anførselstegn, hvis den indeholder ': '."
#define CANNOT_START "Tegnet her kan ikke stå først i en værdi (fx @, ` eller %). " \
    "Sæt teksten i anførselstegn."
#define INDENT "Forkert indrykning, eller der står noget efter et afsluttende " \
    "anførselstegn. Felter på samme niveau skal begynde i samme kolonne."
#define INDENT_LIST "Forkert indrykning i listen. Hvert punkt skal begynde med '- ' " \
    "i samme kolonne som de andre punkter."
#define BLOCK_ENTRY "En liste kan ikke begynde på samme linje som feltnavnet. Flyt " \
    "'- ' ned på en ny, indrykket linje, eller sæt teksten i anførselstegn."
#define ESCAPE "Ukendt tegn efter \\ i tekst i dobbelte anførselstegn. Skriv \\\\ " \
    "for en omvendt skråstreg, eller brug enkelte anførselstegn."
#define NO_VALUE "Der mangler en værdi her. Skriv værdien, eller sæt teksten i anførselstegn."
#define AFTER_END "Der står noget efter en linje med '...'. Slet det, eller flyt det til en ny fil."
#define AMP_STAR "Tegnene & og * kan ikke stå først i en værdi. Sæt teksten i anførselstegn."
#define BLOCK_HEADER "Efter | eller > må der kun stå et tal fra 1 til 9, '+' eller " \
    "'-'. Flyt teksten ned på næste linje."
/* `ch` is the character itself, `cp` its code point in hex. */
#define ASTRAL(ch, cp) "Tegnet \"" ch "\" (U+" cp ") kan ikke bruges i dokumenterne. " \
    "Slet det, eller skriv det med almindelige bogstaver."
#define ASTRAL_ESCAPE "Teksten indeholder en \\U-kode for et tegn, der ikke kan bruges " \
    "i dokumenterne (fx en emoji). Fjern koden."
#define SMILEY ASTRAL("\xF0\x9F\x98\x80", "1F600")     /* 😀 */
#define ODD_BREAK(cp) "Usynligt linjeskift (U+" cp ") i filen. Slet tegnet, og skriv " \
    "et almindeligt linjeskift, hvis der skal være et."
#define BIDI(field, cp) field " indeholder et skjult tegn for skriftretning (U+" cp "), " \
    "som kan få teksten til at blive vist i en anden rækkefølge, end den er skrevet. " \
    "Slet tegnet."
#define INVISIBLE(field, cp) field " indeholder et usynligt tegn (U+" cp "). Slet " \
    "tegnet; det kommer ofte med, når tekst kopieres fra et andet program."
#define PERCENT "En linje må ikke begynde med %. Ryk linjen ind, eller sæt teksten " \
    "i anførselstegn."

/* ---- Helpers ---- */

/* All diagnostics as sd_diags_print writes them. Caller frees. */
static char *diags_text(sd_diags *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    sd_diags_print(d, f);
    fclose(f);
    return text;
}

static int load_str(sd_records *r, const char *yaml, sd_diags *d)
{
    return sd_load_buffer(r, "t.yaml", (const unsigned char *)yaml, strlen(yaml),
                          "fil", d);
}

static size_t child_count(xmlNodePtr n)
{
    size_t k = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        k++;
    return k;
}

/* Loads `yaml` (len bytes) and checks that it is rejected with exactly
 * `want` and that nothing was appended. */
static void expect_len(const char *what, const char *yaml, size_t len, const char *want)
{
    sd_records *r = sd_records_new("t");
    sd_diags *d = sd_diags_new();
    int rc = sd_load_buffer(r, "t.yaml", (const unsigned char *)yaml, len, "fil", d);
    CHECK(rc == -1, "%s: rejected (rc %d)", what, rc);
    CHECK(child_count(sd_records_root(r)) == 0, "%s: nothing appended", what);
    char *got = diags_text(d);
    CHECK_STR(got, want, "%s: diagnostics", what);
    free(got);
    sd_diags_free(d);
    sd_records_free(r);
}

static void expect(const char *what, const char *yaml, const char *want)
{
    expect_len(what, yaml, strlen(yaml), want);
}

/* The single node that `xpath` selects, or NULL. */
static xmlNodePtr node_at(sd_records *r, const char *xpath)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(sd_records_doc(r));
    xmlXPathObjectPtr obj = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
    xmlNodePtr n = NULL;
    if (obj && obj->nodesetval && obj->nodesetval->nodeNr == 1)
        n = obj->nodesetval->nodeTab[0];
    xmlXPathFreeObject(obj);
    xmlXPathFreeContext(ctx);
    return n;
}

/* Checks the text and position of the node at `xpath`; want_text NULL means
 * "no text node of its own" (null scalars, collections). */
static void expect_node(sd_records *r, const char *xpath, const char *want_text,
                        unsigned line, unsigned col)
{
    xmlNodePtr n = node_at(r, xpath);
    CHECK(n != NULL, "%s exists once", xpath);
    if (!n)
        return;
    if (want_text) {
        xmlChar *text = xmlNodeGetContent(n);
        CHECK_STR((const char *)text, want_text, "%s text", xpath);
        xmlFree(text);
    } else {
        int texts = 0;
        for (xmlNodePtr c = n->children; c; c = c->next)
            texts += c->type == XML_TEXT_NODE;
        CHECK(texts == 0, "%s has no text", xpath);
    }
    sd_pos p = sd_records_pos(r, n);
    CHECK(p.line == line && p.col == col, "%s at %u:%u (got %u:%u)", xpath, line, col,
          p.line, p.col);
    CHECK(n->line == line, "%s node->line %u", xpath, (unsigned)n->line);
}

/* ---- Loading the examples ---- */

static void test_examples(void)
{
    sd_records *r = sd_records_new("../../examples/sara-nielsen");
    sd_diags *d = sd_diags_new();
    const char *sag = "../../examples/sara-nielsen/sag.yaml";
    const char *moede = "../../examples/sara-nielsen/moede-2.yaml";
    CHECK(sd_load_file(r, sag, "sagsfil", d) == 0, "sag.yaml loads");
    CHECK(sd_load_file(r, moede, "moedefil", d) == 0, "moede-2.yaml loads");
    CHECK(sd_diags_count(d, SD_ERROR) == 0, "no errors");
    CHECK(child_count(sd_records_root(r)) == 2, "two file elements");

    xmlNodePtr sagsfil = node_at(r, "/sagsmappe/sagsfil[@fil='../../examples/sara-nielsen/sag.yaml']");
    CHECK(sagsfil != NULL, "sagsfil with fil=");
    if (sagsfil) {
        sd_pos p = sd_records_pos(r, sagsfil);
        CHECK(p.line == 0 && p.file && strcmp(p.file, sag) == 0, "sagsfil: the file as a whole");
    }
    expect_node(r, "/sagsmappe/sagsfil/sag", NULL, 1, 1);
    expect_node(r, "/sagsmappe/sagsfil/sag/id", "2026-0147", 2, 3);
    expect_node(r, "/sagsmappe/sagsfil/sag/kommune", "Horsens Kommune", 3, 3);
    expect_node(r, "/sagsmappe/sagsfil/ung/cpr", "230806-XXXX", 12, 3);
    expect_node(r, "/sagsmappe/sagsfil/ung/adresse",
                "c/o Amalie Kristensen, Lærkevænget 7, 1. th.", 14, 3);
    /* A flow mapping: keys at their own columns. */
    expect_node(r, "/sagsmappe/sagsfil/sag/henvist/dato", "2026-01-05", 6, 13);
    expect_node(r, "/sagsmappe/sagsfil/sag/henvist/af",
                "Gadeplansmedarbejder, Horsens Kommune", 6, 31);
    /* A block mapping as a sequence entry: the item is at its first key. */
    expect_node(r, "/sagsmappe/sagsfil/samtykke/item[1]", NULL, 20, 5);
    expect_node(r, "/sagsmappe/sagsfil/samtykke/item[1]/givet_af", "den-unge", 21, 5);
    /* A flow mapping as an entry: the item is at the '{'. */
    expect_node(r, "/sagsmappe/sagsfil/netvaerk/personer/item[1]", NULL, 26, 7);
    expect_node(r, "/sagsmappe/sagsfil/netvaerk/personer/item[1]/id", "amalie", 26, 8);
    expect_node(r, "/sagsmappe/sagsfil/netvaerk/personer/item[1]/relation",
                "veninde – Sara bor hos hende", 26, 60);
    expect_node(r, "/sagsmappe/sagsfil/netvaerk/personer/item[1]/kontakt/direkte",
                "00 00 03 11", 27, 47);
    expect_node(r, "/sagsmappe/sagsfil/netvaerk/forbindelser/item[1]/item[2]", "oliver", 57, 17);
    xmlNodePtr personer = node_at(r, "/sagsmappe/sagsfil/netvaerk/personer");
    CHECK(personer && child_count(personer) == 12, "12 personer");

    expect_node(r, "/sagsmappe/moedefil/moede/nr", "2", 2, 3);
    expect_node(r, "/sagsmappe/moedefil/moede/emner/item[2]",
                "Penge – jeg har fået en rykker fra mit mobilselskab", 11, 7);
    expect_node(r, "/sagsmappe/moedefil/moede/pauser/item/minutter", "10", 14, 29);
    expect_node(r, "/sagsmappe/moedefil/moede/inviterede/item[6]", "anne", 16, 53);
    expect_node(r, "/sagsmappe/moedefil/moede/godkendt_af_ung", "2026-03-11", 149, 3);
    xmlNodePtr resume = node_at(r, "/sagsmappe/moedefil/moede/resume");
    if (resume) {
        xmlChar *t = xmlNodeGetContent(resume);
        const char *s = (const char *)t;
        CHECK(strncmp(s, "Sara fortalte, at hun har fået tilbudt en lejlighed på Ternevej fra "
                         "1. april og glæder sig til at\nflytte.", 100) == 0,
              "resume: literal block keeps its line breaks");
        size_t n = strlen(s);
        CHECK(n > 9 && strcmp(s + n - 9, "skemaet.\n") == 0, "resume: one final newline");
        xmlFree(t);
    }
    /* A text node has its element's position; the file is the interned path. */
    xmlNodePtr id = node_at(r, "/sagsmappe/sagsfil/sag/id/text()");
    if (id) {
        sd_pos p = sd_records_pos(r, id);
        CHECK(p.line == 2 && p.col == 3, "text node: its element's position");
        CHECK(p.file == sd_records_intern(r, sag), "position file is interned");
        CHECK(sd_records_file_of(r, id->parent) == p.file, "file_of = the position's file");
    }
    sd_diags_free(d);
    sd_records_free(r);
}

/* ---- Scalars, collections, positions ---- */

static void test_scalars(void)
{
    sd_records *r = sd_records_new("t");
    sd_diags *d = sd_diags_new();
    const char *yaml =
        "a: ~\n"
        "b: null\n"
        "c:\n"
        "d: \"\"\n"
        "e: \"null\"\n"
        "f: NULL\n"
        "g: Null\n"
        "h: 'it''s'\n"
        "i: \"tab\\there\"\n"
        "j: nULL\n"
        "k:   plain  text  \n"
        "l: ''\n";
    CHECK(load_str(r, yaml, d) == 0, "scalars load");
    expect_node(r, "/sagsmappe/fil/a", NULL, 1, 1);
    expect_node(r, "/sagsmappe/fil/b", NULL, 2, 1);
    expect_node(r, "/sagsmappe/fil/c", NULL, 3, 1);
    expect_node(r, "/sagsmappe/fil/d", NULL, 4, 1);
    expect_node(r, "/sagsmappe/fil/e", "null", 5, 1);
    expect_node(r, "/sagsmappe/fil/f", NULL, 6, 1);
    expect_node(r, "/sagsmappe/fil/g", NULL, 7, 1);
    expect_node(r, "/sagsmappe/fil/h", "it's", 8, 1);
    expect_node(r, "/sagsmappe/fil/i", "tab\there", 9, 1);
    expect_node(r, "/sagsmappe/fil/j", "nULL", 10, 1);
    expect_node(r, "/sagsmappe/fil/k", "plain  text", 11, 1);
    expect_node(r, "/sagsmappe/fil/l", NULL, 12, 1);
    sd_diags_free(d);
    sd_records_free(r);
}

static void test_block_scalars(void)
{
    sd_records *r = sd_records_new("t");
    sd_diags *d = sd_diags_new();
    const char *yaml =
        "literal: |\n"
        "  line one\n"
        "    indented\n"
        "\n"
        "  last\n"
        "folded: >\n"
        "  one\n"
        "  two\n"
        "\n"
        "  three\n"
        "strip: |-\n"
        "  no newline\n"
        "keep: |+\n"
        "  kept\n"
        "\n"
        "after: x\n";
    CHECK(load_str(r, yaml, d) == 0, "block scalars load");
    expect_node(r, "/sagsmappe/fil/literal", "line one\n  indented\n\nlast\n", 1, 1);
    expect_node(r, "/sagsmappe/fil/folded", "one two\nthree\n", 6, 1);
    expect_node(r, "/sagsmappe/fil/strip", "no newline", 11, 1);
    expect_node(r, "/sagsmappe/fil/keep", "kept\n\n", 13, 1);
    expect_node(r, "/sagsmappe/fil/after", "x", 16, 1);
    sd_diags_free(d);
    sd_records_free(r);
}

static void test_collections(void)
{
    sd_records *r = sd_records_new("t");
    sd_diags *d = sd_diags_new();
    const char *yaml =
        "liste:\n"
        "  - en\n"
        "  -   to\n"
        "  -\n"
        "  - - indre\n"
        "flow: {a: 1, b: [x, y], c: {}}\n"
        "tom: []\n"
        "? forklaret\n"
        ": noegle\n"
        "æøå: \"nøgle ikke, værdi ja\"\n";
    /* The last line is a bad key; use it separately below. */
    CHECK(load_str(r, yaml, d) == -1, "bad key rejects the file");
    sd_diags_free(d);
    sd_records_free(r);

    r = sd_records_new("t");
    d = sd_diags_new();
    const char *good = "\xEF\xBB\xBF"   /* a UTF-8 BOM does not shift columns */
        "liste:\n"
        "  - en\n"
        "  -   to\n"
        "  -\n"
        "  - - indre\n"
        "flow: {a: 1, b: [x, y], c: {}}\n"
        "tom: []\n"
        "? forklaret\n"
        ": noegle\n"
        "crlf: ja\r\n"
        "næste: nej\r\n";
    /* "næste" is not a name; make it one. */
    char *copy = sd_xstrdup(good);
    memcpy(strstr(copy, "næste"), "naeste", 6);
    CHECK(sd_load_buffer(r, "t.yaml", (const unsigned char *)copy, strlen(copy), "fil", d) == 0,
          "collections load");
    free(copy);
    expect_node(r, "/sagsmappe/fil/liste", NULL, 1, 1);
    expect_node(r, "/sagsmappe/fil/liste/item[1]", "en", 2, 5);
    expect_node(r, "/sagsmappe/fil/liste/item[2]", "to", 3, 7);
    expect_node(r, "/sagsmappe/fil/liste/item[3]", NULL, 4, 4);
    expect_node(r, "/sagsmappe/fil/liste/item[4]", NULL, 5, 5);
    expect_node(r, "/sagsmappe/fil/liste/item[4]/item", "indre", 5, 7);
    expect_node(r, "/sagsmappe/fil/flow/a", "1", 6, 8);
    expect_node(r, "/sagsmappe/fil/flow/b/item[2]", "y", 6, 21);
    expect_node(r, "/sagsmappe/fil/flow/c", NULL, 6, 25);
    expect_node(r, "/sagsmappe/fil/tom", NULL, 7, 1);
    expect_node(r, "/sagsmappe/fil/forklaret", "noegle", 8, 3);
    expect_node(r, "/sagsmappe/fil/crlf", "ja", 10, 1);
    expect_node(r, "/sagsmappe/fil/naeste", "nej", 11, 1);
    sd_diags_free(d);
    sd_records_free(r);
}

/* Exactly SD_LOAD_MAX_DEPTH levels are fine; one more is not. */
static char *nested(int levels)
{
    sd_buf b = {0};
    sd_buf_puts(&b, "a: ");
    for (int i = 1; i < levels; i++)
        sd_buf_putc(&b, '[');
    sd_buf_putc(&b, 'x');
    for (int i = 1; i < levels; i++)
        sd_buf_putc(&b, ']');
    sd_buf_puts(&b, "\nb: 1\n");
    return sd_buf_take(&b);
}

static void test_depth(void)
{
    sd_records *r = sd_records_new("t");
    sd_diags *d = sd_diags_new();
    char *ok = nested(SD_LOAD_MAX_DEPTH);
    CHECK(load_str(r, ok, d) == 0, "32 levels load");
    free(ok);
    sd_diags_free(d);
    sd_records_free(r);

    char *deep = nested(SD_LOAD_MAX_DEPTH + 1);
    expect("33 levels", deep, "t.yaml:1:35: fejl: " DEPTH "\n");
    free(deep);
    /* Too deep ends the scan (libyaml slows down quadratically with depth):
     * problems before it are kept, those after it are not looked for. */
    expect("around too deep", "a: 1\na: 2\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                              "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
                              "a: 3\n",
           "t.yaml:2:1: fejl: Feltet 'a' står to gange i samme gruppe; første gang i "
           "linje 1. Slet det ene, eller ret navnet.\n"
           "t.yaml:3:35: fejl: " DEPTH "\n");
    /* The worst case for libyaml: a whole megabyte of '['. */
    size_t n = SD_LOAD_MAX_BYTES;
    char *brackets = sd_xmalloc(n);
    memcpy(brackets, "a: ", 3);
    memset(brackets + 3, '[', n - 3);
    expect_len("1 MB of [", brackets, n, "t.yaml:1:35: fejl: " DEPTH "\n");
    free(brackets);
    /* Block nesting counts the same way. */
    sd_buf b = {0};
    for (int i = 0; i < SD_LOAD_MAX_DEPTH + 1; i++) {
        for (int j = 0; j < i; j++)
            sd_buf_putc(&b, ' ');
        sd_buf_puts(&b, "k:\n");
    }
    for (int j = 0; j < SD_LOAD_MAX_DEPTH + 1; j++)
        sd_buf_putc(&b, ' ');
    sd_buf_puts(&b, "k: v\n");
    expect("33 block levels", sd_buf_cstr(&b), "t.yaml:33:33: fejl: " DEPTH "\n");
    sd_buf_free(&b);
}

/* ---- Rejections ---- */

static void test_structure_errors(void)
{
    expect("duplicate key", "a: 1\nb:\n  a: 1\n  c: 2\n  a: 3\na: 4\n",
           "t.yaml:5:3: fejl: Feltet 'a' står to gange i samme gruppe; første gang i "
           "linje 3. Slet det ene, eller ret navnet.\n"
           "t.yaml:6:1: fejl: Feltet 'a' står to gange i samme gruppe; første gang i "
           "linje 1. Slet det ene, eller ret navnet.\n");
    expect("duplicate in flow", "x: [{a: 1, a: 2}, {a: 3}]\n",
           "t.yaml:1:12: fejl: Feltet 'a' står to gange i samme gruppe; første gang i "
           "linje 1. Slet det ene, eller ret navnet.\n");
    expect("anchor", "a: &x 1\nb: &y [1]\nc: &z {d: 1}\n",
           "t.yaml:1:4: fejl: " ANCHOR "\n"
           "t.yaml:2:4: fejl: " ANCHOR "\n"
           "t.yaml:3:4: fejl: " ANCHOR "\n");
    expect("alias", "a: 1\nb: *x\nc:\n  - *x\n",
           "t.yaml:2:4: fejl: " ALIAS "\n"
           "t.yaml:4:5: fejl: " ALIAS "\n");
    expect("tags", "a: !!str 1\nb: !foo x\nc: !<tag:x> [1]\nd: ! x\n",
           "t.yaml:1:4: fejl: " TAG "\n"
           "t.yaml:2:4: fejl: " TAG "\n"
           "t.yaml:3:4: fejl: " TAG "\n"
           "t.yaml:4:4: fejl: " TAG "\n");
    expect("merge key", "a: 1\nb:\n  <<: {c: 1}\n",
           "t.yaml:3:3: fejl: " MERGE "\n");
    expect("bad key names", "æble: 1\n2026: 2\n-x: 3\n\"a b\": 4\n_ok-1: 5\nOK: 6\n",
           "t.yaml:1:1: fejl: " KEY_BAD "\n"
           "t.yaml:2:1: fejl: " KEY_BAD "\n"
           "t.yaml:3:1: fejl: " KEY_BAD "\n"
           "t.yaml:4:1: fejl: " KEY_BAD "\n");
    expect("empty key", "a: 1\n\"\": 2\nb: {\"\": 3}\n",
           "t.yaml:2:1: fejl: " KEY_EMPTY "\n"
           "t.yaml:3:5: fejl: " KEY_EMPTY "\n");
    expect("collection keys", "? [a, b]\n: 1\n{c: d}: 2\nx: {[e]: 3}\n",
           "t.yaml:1:3: fejl: " KEY_NOT_SCALAR "\n"
           "t.yaml:3:1: fejl: " KEY_NOT_SCALAR "\n"
           "t.yaml:4:5: fejl: " KEY_NOT_SCALAR "\n");
    expect("alias key", "*x : 1\n", "t.yaml:1:1: fejl: " ALIAS "\n");
    expect("problems inside a collection key", "? [&a x]\n: 1\n",
           "t.yaml:1:3: fejl: " KEY_NOT_SCALAR "\n"
           "t.yaml:1:4: fejl: " ANCHOR "\n");
    expect("two documents", "a: 1\n---\nb: 2\n",
           "t.yaml:2:1: fejl: " MULTI_DOC "\n");
    expect("two documents, explicit", "--- \na: 1\n...\n---\nb: 2\n",
           "t.yaml:4:1: fejl: " MULTI_DOC "\n");
    expect("top is a list", "- a\n- b\n", "t.yaml:1:1: fejl: " ROOT "\n");
    expect("top is a text", "\n  bare tekst\n", "t.yaml:2:3: fejl: " ROOT "\n");
    expect("top is a flow list", "[a: 1]\n", "t.yaml:1:1: fejl: " ROOT "\n");
    expect("empty", "", "t.yaml: fejl: " EMPTY "\n");
    expect("only comments", "# kommentar\n\n   \n# mere\n", "t.yaml: fejl: " EMPTY "\n");
    expect("only ---", "---\n", "t.yaml: fejl: " EMPTY "\n");
    expect("control escape", "a: \"x\\0y\"\nb: \"\\x01\"\nc: \"\\uFFFF\"\nd: \"\\t\\n\"\n",
           "t.yaml:1:4: fejl: " CTRL_ESCAPE "\n"
           "t.yaml:2:4: fejl: " CTRL_ESCAPE "\n"
           "t.yaml:3:4: fejl: " CTRL_ESCAPE "\n");
}

static void test_byte_errors(void)
{
    expect("tabs", "a:\n\tb: 1\nc:  \"x\ty\"\t# slut\t\n# \tkommentar\no: æø\tx\n",
           "t.yaml:2:1: fejl: " TAB "\n"
           "t.yaml:3:7: fejl: " TAB "\n"
           "t.yaml:4:3: fejl: " TAB "\n"
           "t.yaml:5:6: fejl: " TAB "\n");
    /* After a tab, libyaml's complaints are likely echoes of it... */
    expect("tab hides later syntax error", "a:\n\tb: 1\nc: d: e\n",
           "t.yaml:2:1: fejl: " TAB "\n");
    /* ...but not the problems that are ours, nor syntax errors before it. */
    expect("tab and duplicate", "a: 1\nb:\t2\na: 3\n",
           "t.yaml:2:3: fejl: " TAB "\n"
           "t.yaml:3:1: fejl: Feltet 'a' står to gange i samme gruppe; første gang i "
           "linje 1. Slet det ene, eller ret navnet.\n");
    expect("syntax error before tab", "a: b: c\nd:\te\n",
           "t.yaml:1:5: fejl: " COLON "\n"
           "t.yaml:2:3: fejl: " TAB "\n");
    /* Reader errors: line and character column computed from the byte offset. */
    expect("bad UTF-8", "navn: ok\nby: Århus \xff\n",
           "t.yaml:2:11: fejl: " BAD_UTF8 "\n");
    expect("bad UTF-8 after CRLF", "a: 1\r\nb: \"xy\"\r\nc: æ\xc3\n",
           "t.yaml:3:5: fejl: " BAD_UTF8 "\n");
    expect("truncated UTF-8 at end", "a: \xe2\x80", "t.yaml:1:4: fejl: " BAD_UTF8 "\n");
    expect("overlong UTF-8", "a: \xc0\xaf\n", "t.yaml:1:4: fejl: " BAD_UTF8 "\n");
    expect("UTF-8 surrogate", "a: b\xed\xa0\x80\n", "t.yaml:1:5: fejl: " BAD_UTF8 "\n");
    expect("BOM then bad UTF-8", "\xEF\xBB\xBF" "a: \xff\n", "t.yaml:1:4: fejl: " BAD_UTF8 "\n");
    expect("control character", "a: ø\x01\n", "t.yaml:1:5: fejl: " CONTROL "\n");
    expect_len("NUL byte", "a: 1\nb: \0\n", 9, "t.yaml:2:4: fejl: " CONTROL "\n");
    expect_len("UTF-16", "\xff\xfe" "a\0:\0 \0" "1\0", 10, "t.yaml: fejl: " UTF16 "\n");
    expect_len("UTF-16 BE", "\xfe\xff\0a\0:\0 \0" "1", 10, "t.yaml: fejl: " UTF16 "\n");

    size_t n = SD_LOAD_MAX_BYTES + 1;
    char *big = sd_xmalloc(n);
    memset(big, '#', n);
    expect_len("too big", big, n, "t.yaml: fejl: " TOO_BIG "\n");
    free(big);
}

/* Characters past U+FFFF: libharu drops them from PDF text and metadata,
 * so they are refused where they stand, in every kind of scalar. */
/* Characters that change how text is shown without being seen: refused in
 * every value, raw or as an escape, with the field named. NEL, LS and PS end
 * a line for libyaml but not for an editor: refused before parsing, at the
 * place an editor shows. */
static void test_hidden(void)
{
    expect("NEL and LS", "a: 1\nb: x\xc2\x85y\nc: \xe2\x80\xa8\n",
           "t.yaml:2:5: fejl: " ODD_BREAK("0085") "\n"
           "t.yaml:3:4: fejl: " ODD_BREAK("2028") "\n");
    expect("PS after CRLF and BOM, in quotes", "\xEF\xBB\xBF" "a: 1\r\nb: \"æ\xe2\x80\xa9\"\n",
           "t.yaml:2:6: fejl: " ODD_BREAK("2029") "\n");
    expect("RLO, raw", "navn: Sara \xe2\x80\xae" "neslieN\n",
           "t.yaml:1:7: fejl: " BIDI("Feltet \"navn\"", "202E") "\n");
    expect("RLO, escaped", "ung:\n  navn: \"a\\u202Eb\"\n",
           "t.yaml:2:9: fejl: " BIDI("Feltet \"navn\"", "202E") "\n");
    expect("RLM in a list entry", "emner:\n  - ok\n  - 'x\xe2\x80\x8fy'\n",
           "t.yaml:3:5: fejl: " BIDI("Punkt 2 i \"emner\"", "200F") "\n");
    expect("isolate in a block scalar", "r: |\n  en\n  \xe2\x81\xa6to\xe2\x81\xa9\n",
           "t.yaml:1:4: fejl: " BIDI("Feltet \"r\"", "2066") "\n");
    expect("zero-width space", "a: x\xe2\x80\x8by\n",
           "t.yaml:1:4: fejl: " INVISIBLE("Feltet \"a\"", "200B") "\n");
    expect("BOM inside a value", "a: x\xef\xbb\xbfy\n",
           "t.yaml:1:4: fejl: " INVISIBLE("Feltet \"a\"", "FEFF") "\n");
    expect("C1 control, escaped", "a: \"x\\x85y\"\nb: \"\\N\"\n",
           "t.yaml:1:4: fejl: " CTRL_ESCAPE "\n"
           "t.yaml:2:4: fejl: " CTRL_ESCAPE "\n");
    /* the soft hyphen is layout's to break at; NBSP is a space */
    sd_records *r = sd_records_new("t");
    sd_diags *d = sd_diags_new();
    const char *ok = "a: x\xc2\xady\xc2\xa0z\n";
    CHECK(sd_load_buffer(r, "t.yaml", (const unsigned char *)ok, strlen(ok), "fil", d) == 0,
          "soft hyphen and NBSP are accepted");
    sd_diags_free(d);
    sd_records_free(r);
}

static void test_astral(void)
{
    expect("emoji, plain", "navn: Sara 😀 glad\n", "t.yaml:1:12: fejl: " SMILEY "\n");
    expect("emoji, double-quoted", "a: 1\nb: \"æø 😀\"\n", "t.yaml:2:8: fejl: " SMILEY "\n");
    expect("emoji, single-quoted", "b: 'it''s 😀'\n", "t.yaml:1:11: fejl: " SMILEY "\n");
    expect("emoji, block scalar", "c: |\n  linje et\n  to 😀\n", "t.yaml:3:6: fejl: " SMILEY "\n");
    expect("emoji, folded over lines", "c: >\n  en\n\n  tø 😀\n", "t.yaml:4:6: fejl: " SMILEY "\n");
    expect("emoji, flow sequence", "d: [x, 😀, y]\n", "t.yaml:1:8: fejl: " SMILEY "\n");
    expect("emoji, multi-line quoted", "e: \"en\n  to 😀\"\n", "t.yaml:2:6: fejl: " SMILEY "\n");
    /* Columns count characters after a BOM, æ and CRLF, as libyaml's do. */
    expect("emoji after BOM, CRLF", "\xEF\xBB\xBF" "a: æ\r\nb: \"xø🎉\"\n",
           "t.yaml:2:7: fejl: " ASTRAL("🎉", "1F389") "\n");
    expect("two on a line, other planes", "f: 𝄞 og 🇩🇰\n",
           "t.yaml:1:4: fejl: " ASTRAL("𝄞", "1D11E") "\n"
           "t.yaml:1:9: fejl: " ASTRAL("🇩", "1F1E9") "\n"
           "t.yaml:1:10: fejl: " ASTRAL("🇰", "1F1F0") "\n");
    expect("emoji in a key", "ab😀: 1\n",
           "t.yaml:1:1: fejl: " KEY_BAD "\n"
           "t.yaml:1:3: fejl: " SMILEY "\n");
    expect("emoji in a comment", "a: 1 # 😀\n", "t.yaml:1:8: fejl: " SMILEY "\n");
    /* Found before parsing, so a syntax error later does not hide it. */
    expect("emoji, then syntax error", "a: 😀\nb: c: d\n",
           "t.yaml:1:4: fejl: " SMILEY "\n"
           "t.yaml:2:5: fejl: " COLON "\n");
    expect("emoji, then bad UTF-8", "a: 😀\nb: \xff\n",
           "t.yaml:1:4: fejl: " SMILEY "\n"
           "t.yaml:2:4: fejl: " BAD_UTF8 "\n");
    /* A cut-off 4-byte sequence is bad UTF-8, not an emoji. */
    expect("cut-off emoji", "a: \xF0\x9F\x98\n", "t.yaml:1:4: fejl: " BAD_UTF8 "\n");
    /* "\U0001F600" makes one without the character in the file. */
    expect("\\U code", "e: \"x\\U0001F600\"\nf: \"😀 \\U0001F600\"\ng: \"😀\"\n",
           "t.yaml:1:4: fejl: " ASTRAL_ESCAPE "\n"
           "t.yaml:2:4: fejl: " ASTRAL_ESCAPE "\n"
           "t.yaml:2:5: fejl: " SMILEY "\n"
           "t.yaml:3:5: fejl: " SMILEY "\n");

    /* They count towards the cap like any other problem. */
    sd_buf b = {0};
    sd_buf_puts(&b, "a: ");
    for (int i = 0; i < 60; i++)
        sd_buf_puts(&b, "😀");
    sd_buf_putc(&b, '\n');
    sd_records *r = sd_records_new("t");
    sd_diags *d = sd_diags_new();
    CHECK(load_str(r, sd_buf_cstr(&b), d) == -1, "60 emoji: rejected");
    CHECK(sd_diags_count(d, SD_ERROR) == 51, "60 emoji: 50 and the summary (got %zu)",
          sd_diags_count(d, SD_ERROR));
    char *text = diags_text(d);
    CHECK(strstr(text, "t.yaml:1:53:") != NULL && strstr(text, "t.yaml:1:54:") == NULL,
          "60 emoji: stops after 50");
    free(text);
    sd_buf_free(&b);
    sd_diags_free(d);
    sd_records_free(r);

    /* The rest of Unicode loads; whether a font has the glyph is layout's
     * question. A \U code in single quotes is just text. */
    r = sd_records_new("t");
    d = sd_diags_new();
    CHECK(load_str(r, "a: 中文 €\nb: \"\\u4E2D \\U00004E2D\"\nc: '\\U0001F600'\n"
                      "d: \"\xEF\xBF\xBD\"\n", d) == 0, "BMP characters load");
    CHECK(sd_diags_count(d, SD_ERROR) == 0, "BMP characters: no errors");
    expect_node(r, "/sagsmappe/fil/a", "中文 €", 1, 1);
    expect_node(r, "/sagsmappe/fil/b", "中 中", 2, 1);
    expect_node(r, "/sagsmappe/fil/c", "\\U0001F600", 3, 1);
    expect_node(r, "/sagsmappe/fil/d", "\xEF\xBF\xBD", 4, 1);
    sd_diags_free(d);
    sd_records_free(r);
}

static void test_syntax_errors(void)
{
    expect("colon", "a: b: c\n", "t.yaml:1:5: fejl: " COLON "\n");
    expect("colon in list text", "liste:\n  - Ring til Hanne: kl. 10: nu\n",
           "t.yaml:2:5: fejl: " KEY_BAD "\n"
           "t.yaml:2:27: fejl: " COLON "\n");
    expect("@", "a: @hanne\n", "t.yaml:1:4: fejl: " CANNOT_START "\n");
    expect("backtick", "a: `x`\n", "t.yaml:1:4: fejl: " CANNOT_START "\n");
    expect("indentation", "a:\n  b: 1\n c: 2\n", "t.yaml:3:2: fejl: " INDENT "\n");
    expect("text after quote", "a: \"b\" c\n", "t.yaml:1:8: fejl: " INDENT "\n");
    expect("list indentation", "a:\n  - b\n  c: 1\n", "t.yaml:3:3: fejl: " INDENT_LIST "\n");
    expect("unclosed [", "a: 1\nb: [c, d\ne: 2\n",
           "t.yaml:3:2: fejl: Listen i [ ], der begynder i linje 2, mangler et komma "
           "eller den afsluttende ']'.\n");
    expect("unclosed {", "a: {c: d\n",
           "t.yaml:2:1: fejl: Gruppen i { }, der begynder i linje 1, mangler et komma "
           "eller den afsluttende '}'.\n");
    expect("unclosed quote", "a: 1\nb: \"Sara\nc: 2\n",
           "t.yaml:4:1: fejl: Anførselstegnet i linje 2 bliver ikke lukket. Tilføj det "
           "afsluttende anførselstegn.\n");
    expect("unclosed single quote", "a: 'Sara\n---\n",
           "t.yaml:2:1: fejl: Anførselstegnet i linje 1 bliver ikke lukket. Tilføj det "
           "afsluttende anførselstegn.\n");
    expect("list after key", "a: - b\n", "t.yaml:1:4: fejl: " BLOCK_ENTRY "\n");
    expect("unknown escape", "a: \"C:\\mine\"\n", "t.yaml:1:7: fejl: " ESCAPE "\n");
    expect("missing value", "a: ]\n", "t.yaml:1:4: fejl: " NO_VALUE "\n");
    expect("after ...", "a: 1\n...\nb: 2\n", "t.yaml:3:1: fejl: " AFTER_END "\n");
    expect("lone &", "a: & x\n", "t.yaml:1:5: fejl: " AMP_STAR "\n");
    expect("lone *", "a: *\n", "t.yaml:1:5: fejl: " AMP_STAR "\n");
    expect("block header", "a: |x\n  b\n", "t.yaml:1:5: fejl: " BLOCK_HEADER "\n");
    expect("percent line", "%50 rabat\n", "t.yaml:1:4: fejl: " PERCENT "\n");
    expect("fallback quotes libyaml", "a: !<x\n",
           "t.yaml:1:7: fejl: Filen kan ikke læses her (YAML-fejl på engelsk: \"did not "
           "find the expected '>'\"). Ret teksten omkring dette sted.\n");
    /* Problems before the syntax error are kept; the scan stops at it. */
    expect("problems, then syntax", "a: &x 1\na: 2\nb: c: d\nb: 3\n",
           "t.yaml:1:4: fejl: " ANCHOR "\n"
           "t.yaml:2:1: fejl: Feltet 'a' står to gange i samme gruppe; første gang i "
           "linje 1. Slet det ene, eller ret navnet.\n"
           "t.yaml:3:5: fejl: " COLON "\n");
}

static void test_too_many(void)
{
    sd_buf b = {0};
    sd_buf_puts(&b, "a: 1\n");
    for (int i = 0; i < 60; i++)
        sd_buf_puts(&b, "a: 1\n");
    sd_records *r = sd_records_new("t");
    sd_diags *d = sd_diags_new();
    CHECK(load_str(r, sd_buf_cstr(&b), d) == -1, "many problems: rejected");
    CHECK(sd_diags_count(d, SD_ERROR) == 51, "50 problems and the summary (got %zu)",
          sd_diags_count(d, SD_ERROR));
    char *text = diags_text(d);
    CHECK(strncmp(text, "t.yaml: fejl: " TOO_MANY "\n", strlen("t.yaml: fejl: " TOO_MANY "\n")) == 0,
          "summary first (line 0)");
    CHECK(strstr(text, "t.yaml:51:1:") != NULL && strstr(text, "t.yaml:52:1:") == NULL,
          "stops after 50");
    free(text);
    sd_buf_free(&b);
    sd_diags_free(d);
    sd_records_free(r);
}

/* A good file, then a bad one: the first stays, the second leaves nothing. */
static void test_nothing_appended(void)
{
    sd_records *r = sd_records_new("t");
    sd_diags *d = sd_diags_new();
    CHECK(load_str(r, "a: 1\n", d) == 0, "good file");
    CHECK(sd_load_buffer(r, "u.yaml", (const unsigned char *)"b: 1\nb: 2\n", 10, "fil", d) == -1,
          "bad file");
    xmlNodePtr root = sd_records_root(r);
    CHECK(child_count(root) == 1, "only the good file is in the tree");
    CHECK(node_at(r, "/sagsmappe/fil[@fil='t.yaml']/a") != NULL, "good file intact");
    CHECK(node_at(r, "//b") == NULL, "no element from the bad file");
    /* A later good file is appended after the good one. */
    CHECK(sd_load_buffer(r, "v.yaml", (const unsigned char *)"c: 1\n", 5, "fil", d) == 0,
          "another good file");
    expect_node(r, "/sagsmappe/fil[@fil='v.yaml']/c", "1", 1, 1);
    CHECK(sd_diags_count(d, SD_ERROR) == 1, "one error in all");
    sd_diags_free(d);
    sd_records_free(r);
}

/* Whatever the problem, a scalar value never appears in a message. */
static void test_no_values_in_messages(void)
{
    const char *secret = "0101901234";
    const char *files[] = {
        "cpr: &a 0101901234\n",
        "cpr: !!str 0101901234\n",
        "cpr: 0101901234\ncpr: 0101901234\n",
        "0101901234: x\n",
        "- Ring til 0101901234: nu\n",
        "liste:\n  - Ring til 0101901234: nu\n",
        "cpr: 0101901234: x\n",
        "cpr: \"0101901234\" x\n",
        "cpr: \"0101901234\\q\"\n",
        "cpr: \"0101901234\\0\"\n",
        "cpr: 0101901234\xff\n",
        "cpr:\t0101901234\n",
        "0101901234\n",
        "[0101901234]: x\n",
        "cpr: [0101901234\n",
        "cpr: \"0101901234\n",
        "a: 1\n--- 0101901234\n",
        "a: 1\n...\n0101901234\n",
        "? 0101901234\n: x\n",
        "cpr: @0101901234\n",
        "cpr: 0101901234😀\n",
        "cpr: \"0101901234\\U0001F600\"\n",
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        sd_records *r = sd_records_new("t");
        sd_diags *d = sd_diags_new();
        int rc = load_str(r, files[i], d);
        char *text = diags_text(d);
        CHECK(rc == -1 && sd_diags_count(d, SD_ERROR) >= 1, "file %zu is rejected", i);
        CHECK(strstr(text, secret) == NULL, "file %zu: no value in [%s]", i, text);
        free(text);
        sd_diags_free(d);
        sd_records_free(r);
    }
}

/* Loads `path`, expecting -2 (cannot be read: exit status 2) and exactly
 * the diagnostic "path: fejl: Filen kan ikke læses: why." */
static void expect_unreadable(const char *what, const char *path, const char *why)
{
    sd_records *r = sd_records_new("t");
    sd_diags *d = sd_diags_new();
    int rc = sd_load_file(r, path, "fil", d);
    CHECK(rc == -2, "%s: cannot be read (rc %d)", what, rc);
    CHECK(child_count(sd_records_root(r)) == 0, "%s: nothing appended", what);
    sd_buf want = {0};
    sd_buf_printf(&want, "%s: fejl: Filen kan ikke læses: %s.\n", path, why);
    char *got = diags_text(d);
    CHECK_STR(got, sd_buf_cstr(&want), "%s: diagnostic", what);
    free(got);
    sd_buf_free(&want);
    sd_diags_free(d);
    sd_records_free(r);
}

#define NOT_REGULAR "det er ikke en almindelig fil (men fx en pipe eller en enhed)"

/* Files that cannot be read at all are told apart (-2) from invalid ones. */
static void test_unreadable_files(void)
{
    expect_unreadable("missing file", "no/such/file.yaml", "den findes ikke");
    expect_unreadable("a directory", "../../examples", "det er en mappe, ikke en fil");
    expect_unreadable("a device", "/dev/null", NOT_REGULAR);

    char dir[] = "/tmp/test_load_dir_XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "temporary directory");
    sd_buf path = {0};
    sd_buf_printf(&path, "%s/moede-9.yaml", dir);
    /* A FIFO with no writer: fopen would wait for one for ever. Should that
     * come back, the alarm ends the test (SIGALRM kills it) instead of
     * letting it hang. */
    CHECK(mkfifo(sd_buf_cstr(&path), 0600) == 0, "mkfifo");
    alarm(20);
    expect_unreadable("a FIFO", sd_buf_cstr(&path), NOT_REGULAR);
    alarm(0);
    unlink(sd_buf_cstr(&path));

    /* A regular file whose content is invalid: -1, exit status 1. */
    FILE *f = fopen(sd_buf_cstr(&path), "w");
    CHECK(f != NULL, "file with an emoji");
    if (f) {
        fputs("a: 😀\n", f);
        fclose(f);
        sd_records *r = sd_records_new("t");
        sd_diags *d = sd_diags_new();
        CHECK(sd_load_file(r, sd_buf_cstr(&path), "fil", d) == -1, "emoji in a file: invalid");
        CHECK(sd_diags_count(d, SD_ERROR) == 1, "emoji in a file: one error");
        sd_diags_free(d);
        sd_records_free(r);
        unlink(sd_buf_cstr(&path));
    }

    /* No permission (root reads anything, so only checked for others). */
    if (geteuid() != 0) {
        f = fopen(sd_buf_cstr(&path), "w");
        CHECK(f != NULL, "file to lock away");
        if (f) {
            fputs("a: 1\n", f);
            fclose(f);
            chmod(sd_buf_cstr(&path), 0);
            expect_unreadable("no permission", sd_buf_cstr(&path), "Permission denied");
            unlink(sd_buf_cstr(&path));
        }
    }
    rmdir(dir);
    sd_buf_free(&path);
}

static void test_files(void)
{
    sd_records *r = sd_records_new("t");

    /* Too big: refused from its size, before parsing. */
    char path[] = "/tmp/test_load_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "temporary file");
    if (fd < 0) {
        sd_records_free(r);
        return;
    }
    FILE *f = fdopen(fd, "wb");
    fputs("a: 1\n", f);                   /* then comment lines up to the limit */
    for (size_t i = 5; i < SD_LOAD_MAX_BYTES; i++)
        fputc(i % 64 == 63 || i == SD_LOAD_MAX_BYTES - 1 ? '\n' : '#', f);
    fclose(f);
    sd_diags *d = sd_diags_new();
    CHECK(sd_load_file(r, path, "fil", d) == 0, "exactly the maximum size is read (and parsed)");
    sd_diags_free(d);
    f = fopen(path, "ab");
    fputc('\n', f);
    fclose(f);
    /* Too big is the content's problem (-1, exit 1), not the environment's. */
    d = sd_diags_new();
    CHECK(sd_load_file(r, path, "fil", d) == -1, "one byte more is too big");
    char *text = diags_text(d);
    sd_buf want = {0};
    sd_buf_printf(&want, "%s: fejl: " TOO_BIG "\n", path);
    CHECK_STR(text, sd_buf_cstr(&want), "too big file");
    sd_buf_free(&want);
    free(text);
    unlink(path);
    sd_diags_free(d);
    sd_records_free(r);
}

int main(void)
{
    test_examples();
    test_scalars();
    test_block_scalars();
    test_collections();
    test_depth();
    test_structure_errors();
    test_byte_errors();
    test_syntax_errors();
    test_too_many();
    test_nothing_appended();
    test_no_values_in_messages();
    test_astral();
    test_hidden();
    test_unreadable_files();
    test_files();
    xmlCleanupParser();
    return CHECK_REPORT();
}
