/* test_validate.c — validate.c: the schemas, their Danish messages, the rule
 * engine and the business rules of schemas/rules/.
 *
 * Runs with tests/unit as the working directory. Each case is a minimal
 * valid record (MIN_SAG, MIN_MOEDE) with one thing changed, and states the
 * exact diagnostics it expects, as sd_diags_print writes them: these
 * strings are the specification of the wording and the positions.
 * The reference date is 2026-11-23, as in tests/bad.
 */
#include "check.h"
#include "load.h"
#include "records.h"
#include "text.h"
#include "util.h"
#include "validate.h"
#include "xpathfn.h"

#include <libxml/parser.h>

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SCHEMAS "../../schemas"

/* ---- minimal valid records (line numbers matter: see the tests) ---- */

static const char MIN_SAG[] =
    "sag:\n"                                                              /*  1 */
    "  id: \"T-1\"\n"                                                     /*  2 */
    "  kommune: Testby Kommune\n"                                         /*  3 */
    "  maalgruppe: risiko\n"                                              /*  4 */
    "  kombination: uden-bostoette\n"                                     /*  5 */
    "  visiteret: 2026-01-20\n"                                           /*  6 */
    "  status: aktiv\n"                                                   /*  7 */
    "ung:\n"                                                              /*  8 */
    "  navn: Test Testesen\n"                                             /*  9 */
    "  cpr: \"010203-XXXX\"\n"                                            /* 10 */
    "  foedselsdato: 2003-02-01\n"                                        /* 11 */
    "netvaerk:\n"                                                         /* 12 */
    "  personer:\n"                                                       /* 13 */
    "    - {id: mette, navn: Mette Holm, rolle: myndighedskoordinator, sektor: fagpersoner, naerhed: 2}\n"
    "    - {id: bo, navn: Bo Andersen, rolle: privat, relation: træner, sektor: andre, naerhed: 1}\n"
    "  dato: 2026-01-27\n"                                               /* 14-16 */
    "samtykke:\n"                                                         /* 17 */
    "  - {dato: 2026-01-13, givet_af: den-unge, omfang: \"Teamet\"}\n";   /* 18 */

static const char MIN_MOEDE[] =
    "moede:\n"                                                            /*  1 */
    "  nr: 1\n"                                                           /*  2 */
    "  type: netvaerksmoede\n"                                            /*  3 */
    "  status: afholdt\n"                                                 /*  4 */
    "  dato: 2026-03-10\n"                                                /*  5 */
    "  maal:\n"                                                           /*  6 */
    "    - id: m1\n"                                                      /*  7 */
    "      tema: uddannelse\n"                                            /*  8 */
    "      dato: 2026-03-10\n"                                            /*  9 */
    "      maal: \"Blive tømrer\"\n"                                      /* 10 */
    "      delmaal:\n"                                                    /* 11 */
    "        - id: m1a\n"                                                 /* 12 */
    "          dato: 2026-03-10\n"                                        /* 13 */
    "          tekst: \"Skrive sig op\"\n"                                /* 14 */
    "          handlinger:\n"                                             /* 15 */
    "            - {tekst: \"Skriver sig op\", ansvarlig: [den-unge, mette]}\n" /* 16 */
    "          opfoelgning: {dato: 2026-04-01, maade: moede}\n"           /* 17 */
    "  opgaver:\n"                                                        /* 18 */
    "    tilbagemelding: {hvem: mette, senest: 2026-03-12}\n"             /* 19 */
    "    oeje_paa: {hvem: bo, akut: \"Ring til Bo\"}\n"                   /* 20 */
    "    naeste_moede: {dato: 2026-06-09, tid: \"10:00\"}\n"              /* 21 */
    "  godkendt_af_ung: 2026-03-11\n"                                     /* 22 */
    "  udsendt: 2026-03-11\n"                                             /* 23 */
    /* the checklist of a held meeting (R23, R25), after the lines the
     * tests point at */
    "  forberedelse: {overleveringsskema: ja, formoede: ja, netvaerkskort_udarbejdet: ja,\n"
    "                 netvaerkskort_anvendt: ja}\n"                         /* 24-25 */
    "  vip: {har_vip: nej}\n"                                             /* 26 */
    "  deltagelse: [{rolle: den-unge, deltog: ja}, {person: mette, deltog: ja}]\n" /* 27 */
    "  afholdelse: {ressourcer: ja, udfordringer: ja, behov: ja, tydelige_maal: ja,\n"
    "               ansvar_aftalt: ja, den_unge_bidrog: ja, den_unge_kender_opfoelgning: ja,\n"
    "               godt_afviklet: ja, alle_punkter: ja, varighed_min: 90}\n"; /* 28-30 */

static const char MIN_PLANLAGT[] =
    "moede:\n"
    "  nr: 1\n"      /* the case's only meeting when used alone (R20) */
    "  type: netvaerksmoede\n"
    "  status: planlagt\n"
    "  dato: 2026-12-08\n"
    "  tid: {fra: \"13:00\", til: \"14:30\"}\n"
    "  inviterede: [mette, bo]\n"
    "  referent: mette\n"
    /* what the agenda needs (R35), after the lines other tests point at */
    "  sted: \"Ungeenheden\"\n"
    "  formaal: \"Aftale næste skridt\"\n"
    "  emner: [\"Bolig\"]\n";

/* The warning every minimal case gives (R03: masked CPR). */
#define R03 "t/sag.yaml:10:3: advarsel: CPR-nummeret er maskeret (XXXX); sagen behandles som fiktiv.\n"

static sd_validator *V;
static long REF_DAY;

/* ---- helpers ---- */

/* `s` with the one occurrence of `from` replaced by `to`; caller frees. */
static char *edit(const char *s, const char *from, const char *to)
{
    const char *hit = strstr(s, from);
    CHECK(hit && !strstr(hit + 1, from), "edit: \"%s\" must occur exactly once", from);
    if (!hit)
        return sd_xstrdup(s);
    sd_buf b = {0};
    sd_buf_append(&b, s, (size_t)(hit - s));
    sd_buf_puts(&b, to);
    sd_buf_puts(&b, hit + strlen(from));
    return sd_buf_take(&b);
}

static char *print_diags(sd_diags *d)
{
    /* diag.c passes NULL to qsort for an empty list (UBSan); see report */
    if (sd_diags_count(d, SD_ERROR) + sd_diags_count(d, SD_WARNING) == 0)
        return sd_xstrdup("");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    sd_diags_print(d, f);
    fclose(f);
    return out;
}

static const char *root_for(const char *name)
{
    if (strcmp(name, "sag.yaml") == 0)
        return "sagsfil";
    if (strncmp(name, "moede", 5) == 0)
        return "moedefil";
    if (strncmp(name, "diplom", 6) == 0)
        return "diplomfil";
    return NULL;
}

/* Loads the in-memory files (name, text, name, text, …, NULL) as the case
 * folder "t" and validates it; returns what sd_diags_print writes. */
static char *check_files(const char *name, ...)
{
    sd_diags *d = sd_diags_new();
    sd_records *r = sd_records_new("t");
    va_list ap;
    va_start(ap, name);
    for (const char *n = name; n; n = va_arg(ap, const char *)) {
        const char *text = va_arg(ap, const char *);
        char path[256];
        snprintf(path, sizeof path, "t/%s", n);
        sd_load_buffer(r, path, (const unsigned char *)text, strlen(text), root_for(n), d);
    }
    va_end(ap);
    sd_validate(V, r, REF_DAY, d);
    char *out = print_diags(d);
    sd_records_free(r);
    sd_diags_free(d);
    return out;
}

static char *check_sag(const char *sag)
{
    return check_files("sag.yaml", sag, "moede-1.yaml", MIN_MOEDE, NULL);
}

static char *check_moede(const char *moede)
{
    return check_files("sag.yaml", MIN_SAG, "moede-1.yaml", moede, NULL);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads a case folder from disk as samdoc.c does (sag.yaml, moede*.yaml in
 * name order) and validates it. */
static char *check_dir(const char *dir, size_t *errors)
{
    sd_diags *d = sd_diags_new();
    sd_records *r = sd_records_new(dir);
    DIR *dp = opendir(dir);
    char *names[64];
    size_t n = 0;
    for (struct dirent *e; dp && (e = readdir(dp)) != NULL && n < 64;)
        if (root_for(e->d_name) && strstr(e->d_name, ".yaml"))
            names[n++] = sd_xstrdup(e->d_name);
    if (dp)
        closedir(dp);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        sd_load_file(r, path, root_for(names[i]), d);
        free(names[i]);
    }
    sd_validate(V, r, REF_DAY, d);
    *errors = sd_diags_count(d, SD_ERROR);
    char *out = print_diags(d);
    sd_records_free(r);
    sd_diags_free(d);
    return out;
}

#define EXPECT(got_expr, want, ...) do {          \
    char *got_ = (got_expr);                       \
    CHECK_STR(got_, want, __VA_ARGS__);            \
    free(got_);                                    \
} while (0)

/* Checks a case made by one edit of a minimal file. */
#define SAG_CASE(from, to, want, what) do {        \
    char *s_ = edit(MIN_SAG, from, to);            \
    EXPECT(check_sag(s_), want, what);             \
    free(s_);                                      \
} while (0)

#define MOEDE_CASE(from, to, want, what) do {      \
    char *m_ = edit(MIN_MOEDE, from, to);          \
    EXPECT(check_moede(m_), want, what);           \
    free(m_);                                      \
} while (0)

/* ---- the examples ---- */

static void test_examples(void)
{
    /* R03 for both; Emil turned 18 on 5 November 2026, before the reference
     * date, and his consent is his mother's (R12, domain.md §6.2) */
    static const struct {
        const char *dir, *cpr_line, *more;
    } ex[] = {
        {"../../examples/sara-nielsen", "12:3", ""},
        {"../../examples/emil-soerensen", "12:3",
         "../../examples/emil-soerensen/sag.yaml:21:5: advarsel: Den unge er fyldt 18 år den "
         "5. november 2026. Indhent samtykke fra den unge selv, og skriv det under samtykke "
         "med givet_af: den-unge; forældremyndighedsindehaverens samtykke gælder kun, til den "
         "unge fylder 18.\n"},
    };
    for (size_t i = 0; i < sizeof ex / sizeof *ex; i++) {
        size_t errors;
        char want[1024];
        snprintf(want, sizeof want, "%s/sag.yaml:%s: advarsel: CPR-nummeret er maskeret "
                 "(XXXX); sagen behandles som fiktiv.\n%s", ex[i].dir, ex[i].cpr_line,
                 ex[i].more);
        char *got = check_dir(ex[i].dir, &errors);
        CHECK(errors == 0, "%s: no errors", ex[i].dir);
        CHECK_STR(got, want, "%s: only the expected warnings", ex[i].dir);
        free(got);
    }
    EXPECT(check_moede(MIN_MOEDE), R03, "the minimal held meeting is valid");
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-2.yaml", MIN_PLANLAGT, NULL), R03,
           "a planned meeting needs no goal sheet, feedback or eye (R33, R34, R43)");
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2-aflyst.yaml",
                       "moede:\n  nr: 2\n  type: netvaerksmoede\n  status: aflyst\n"
                       "  dato: 2026-05-05\n  aflysning: {aarsag: den-unge-er-syg}\n", NULL),
           R03, "a cancelled meeting validates");
}

/* ---- schema errors in Danish ---- */

static void test_schema_messages(void)
{
    MOEDE_CASE("  dato: 2026-03-10\n  maal:", "  datp: 2026-03-10\n  maal:",
               "t/moede-1.yaml:1:1: fejl: Feltet \"dato\" mangler under \"moede\".\n"
               "t/moede-1.yaml:5:3: fejl: Feltet \"datp\" kendes ikke under \"moede\". "
               "Mente du \"dato\"?\n" R03,
               "a misspelt key: unknown, with a suggestion, and the required key missing");
    MOEDE_CASE("  udsendt: 2026-03-11\n", "  udsendt: 2026-03-11\n  farve: blaa\n",
               "t/moede-1.yaml:24:3: fejl: Feltet \"farve\" kendes ikke under \"moede\"; "
               "tjek stavningen.\n" R03,
               "an unknown key with no near name");
    MOEDE_CASE("  type: netvaerksmoede\n", "  type: netvaerksmoede\n  foo: 1\n  bar: 2\n",
               "t/moede-1.yaml:4:3: fejl: Feltet \"foo\" kendes ikke under \"moede\"; "
               "tjek stavningen.\n"
               "t/moede-1.yaml:5:3: fejl: Feltet \"bar\" kendes ikke under \"moede\"; "
               "tjek stavningen.\n" R03,
               "every unknown key is reported, not only the first (libxml2 stops after one)");
    MOEDE_CASE("tekst: \"Skriver sig op\", ", "tekst: \"Skriver sig op\", hvem: x, ",
               "t/moede-1.yaml:16:41: fejl: Feltet \"hvem\" kendes ikke i punkt 1 under "
               "\"handlinger\"; tjek stavningen.\n" R03,
               "an unknown key in a list entry");
    SAG_CASE("  status: aktiv\n", "  status: aktiv\n  sted: x\n",
             "t/sag.yaml:8:3: fejl: Feltet \"sted\" kendes ikke under \"sag\"; tjek stavningen.\n",
             "a failing sag.yaml: no rules run on it (no R03)");
    SAG_CASE("netvaerk:\n", "diplom: x\nnetvaerk:\n",
             "t/sag.yaml:12:1: fejl: Feltet \"diplom\" kendes ikke i filen; tjek stavningen.\n",
             "an unknown top-level key");
    SAG_CASE("  kommune: Testby Kommune\n", "",
             "t/sag.yaml:1:1: fejl: Feltet \"kommune\" mangler under \"sag\".\n",
             "a missing required key");
    SAG_CASE("ung:\n  navn: Test Testesen\n  cpr: \"010203-XXXX\"\n  foedselsdato: 2003-02-01\n",
             "",
             "t/sag.yaml: fejl: Feltet \"ung\" mangler i filen.\n",
             "a missing top-level key is reported for the file");
    MOEDE_CASE("          tekst: \"Skrive sig op\"\n", "",
               "t/moede-1.yaml:12:11: fejl: Feltet \"tekst\" mangler i punkt 1 under "
               "\"delmaal\".\n" R03,
               "a missing key in a list entry");
    MOEDE_CASE("  dato: 2026-03-10\n  maal:", "  dato: 10-03-2026\n  maal:",
               "t/moede-1.yaml:5:3: fejl: Skriv datoen i \"dato\" som ÅÅÅÅ-MM-DD, "
               "fx 2026-03-10.\n" R03,
               "a date in the wrong form");
    MOEDE_CASE("tid: \"10:00\"", "tid: \"10.00\"",
               "t/moede-1.yaml:21:38: fejl: Skriv tidspunktet i \"tid\" som TT:MM i "
               "anførselstegn, fx \"10:00\".\n" R03,
               "a time in the wrong form");
    MOEDE_CASE("tid: \"10:00\"", "tid: ",
               "t/moede-1.yaml:21:38: fejl: Skriv tidspunktet i \"tid\" som TT:MM i "
               "anførselstegn, fx \"10:00\".\n" R03,
               "an empty time");
    MOEDE_CASE("  maal:\n", "  resume: \"  \"\n  maal:\n",
               "t/moede-1.yaml:6:3: fejl: Skriv en tekst i \"resume\"; feltet må ikke "
               "være tomt.\n" R03,
               "a text of spaces only");
    MOEDE_CASE("  nr: 1\n", "  nr: 0\n",
               "t/moede-1.yaml:2:3: fejl: Skriv et helt tal fra 1 til 9999 i \"nr\", fx 2.\n" R03,
               "a meeting number of 0");
    MOEDE_CASE("      tema: uddannelse\n", "      tema: job\n",
               "t/moede-1.yaml:8:7: fejl: Ukendt værdi \"job\" i \"tema\". Brug en af: "
               "social-stoette, bolig, oekonomi, uddannelse, arbejde, sundhed-misbrug, "
               "netvaerk, andet.\n" R03,
               "R36: an unknown tema lists the eight, in the printed order");
    MOEDE_CASE("      tema: uddannelse\n", "      tema: \"230806-1234\"\n",
               "t/moede-1.yaml:8:7: fejl: Ukendt værdi i \"tema\". Brug en af: "
               "social-stoette, bolig, oekonomi, uddannelse, arbejde, sundhed-misbrug, "
               "netvaerk, andet.\n" R03,
               "a value that could be a CPR number is never echoed");
    MOEDE_CASE("      tema: uddannelse\n", "      tema:\n",
               "t/moede-1.yaml:8:7: fejl: Skriv en værdi i \"tema\". Brug en af: "
               "social-stoette, bolig, oekonomi, uddannelse, arbejde, sundhed-misbrug, "
               "netvaerk, andet.\n" R03,
               "an empty enumeration");
    MOEDE_CASE("  status: afholdt\n", "  status: afholdt\n  supplerende: ja\n",
               "t/moede-1.yaml:5:3: fejl: Skriv true eller false i \"supplerende\".\n" R03,
               "a flag is true or false");
    MOEDE_CASE(" behov: ja,", " behov: maaske,",
               "t/moede-1.yaml:28:50: fejl: Ukendt værdi \"maaske\" i \"behov\". Brug en af: "
               "ja, nej, ved-ikke.\n" R03,
               "a svar3 answer");
    MOEDE_CASE(" formoede: ja,", " formoede: no,",
               "t/moede-1.yaml:24:42: fejl: Ukendt værdi \"no\" i \"formoede\". Brug ja "
               "eller nej.\n" R03,
               "a svar2 answer (YAML's no stays a word)");
    MOEDE_CASE("  status: afholdt\n", "  status: afholdt\n  inviterede: [mette, Bo]\n",
               "t/moede-1.yaml:5:23: fejl: Skriv et id i punkt 2 i \"inviterede\": små "
               "bogstaver a-z (ikke æ, ø, å), cifre og bindestreg, højst 40 tegn, fx \"mette\" "
               "eller \"bo-1a\".\n" R03,
               "a bad id in a list names the entry");
    MOEDE_CASE("  status: afholdt\n", "  status: afholdt\n  emner: Flytningen\n",
               "t/moede-1.yaml:5:3: fejl: Skriv \"emner\" som en liste: hvert punkt på sin "
               "egen linje med \"- \" foran, eller [a, b] på én linje.\n" R03,
               "a single value where a list belongs");
    MOEDE_CASE("  status: afholdt\n", "  status: afholdt\n  emner: {a: b}\n",
               "t/moede-1.yaml:5:3: fejl: Skriv \"emner\" som en liste: hvert punkt på sin "
               "egen linje med \"- \" foran, eller [a, b] på én linje.\n" R03,
               "a mapping where a list belongs");
    MOEDE_CASE("  status: afholdt\n", "  status: afholdt\n  tid: [\"10:00\", \"11:00\"]\n",
               "t/moede-1.yaml:5:3: fejl: Skriv \"tid\" med underfelter (fx fra:, til:), "
               "ikke som en liste.\n" R03,
               "a list where a mapping belongs");
    MOEDE_CASE("  status: afholdt\n", "  status: afholdt\n  tid: \"10:00\"\n",
               "t/moede-1.yaml:5:3: fejl: \"tid\" skal have underfelter (fx fra:, til:), ikke "
               "en værdi direkte.\n" R03,
               "a single value where keys belong");
    MOEDE_CASE("      tema: uddannelse\n", "      tema: {a: b}\n",
               "t/moede-1.yaml:8:7: fejl: \"tema\" skal have én værdi, ikke underfelter "
               "eller en liste.\n" R03,
               "keys where a single value belongs");
    MOEDE_CASE("      delmaal:\n        - id: m1a\n          dato: 2026-03-10\n"
               "          tekst: \"Skrive sig op\"\n          handlinger:\n"
               "            - {tekst: \"Skriver sig op\", ansvarlig: [den-unge, mette]}\n"
               "          opfoelgning: {dato: 2026-04-01, maade: moede}\n",
               "      delmaal: []\n",
               "t/moede-1.yaml:11:7: fejl: \"delmaal\" er en tom liste; skriv mindst ét "
               "punkt.\n" R03,
               "an empty list that needs an entry");
    SAG_CASE("  dato: 2026-01-27\n", "  dato: 2026-01-27\n  forbindelser:\n    - mette\n",
             "t/sag.yaml:18:7: fejl: Skriv punkt 1 i \"forbindelser\" som en liste: hvert punkt "
             "på sin egen linje med \"- \" foran, eller [a, b] på én linje.\n",
             "a line that is not a pair (how many ids a line has is R14)");
    SAG_CASE("  cpr: \"010203-XXXX\"\n", "  cpr: \"0102031\"\n",
             "t/sag.yaml:10:3: fejl: Skriv CPR-nummeret i \"cpr\" med 10 cifre i anførselstegn, "
             "fx \"010203-1234\" (bindestregen kan udelades), eller maskeret som "
             "\"010203-XXXX\".\n",
             "R01: a CPR number of the wrong form is described, never echoed");
    SAG_CASE("  foedselsdato: 2003-02-01\n",
             "  foedselsdato: 2003-02-01\n  postnummer: \"0100\"\n  telefon: \"12 34\"\n"
             "  email: a@b\n",
             "t/sag.yaml:12:3: fejl: Skriv postnummeret i \"postnummer\" som fire cifre fra "
             "0555 til 9990 i anførselstegn, fx \"8700\".\n"
             "t/sag.yaml:13:3: fejl: Skriv telefonnummeret i \"telefon\" med 8 cifre, evt. med "
             "+45 foran, fx \"12 34 56 78\".\n"
             "t/sag.yaml:14:3: fejl: Skriv e-mailadressen i \"email\" som navn@domæne.dk, uden "
             "mellemrum.\n",
             "postnummer, telefon, email");
    SAG_CASE("  foedselsdato: 2003-02-01\n",
             "  foedselsdato: 2003-02-01\n  postnummer: \"8700\"\n  telefon: \"+45 12 34 56 78\"\n"
             "  email: test@example.org\n",
             R03, "good postnummer, telefon, email");
}

/* ---- the rules ---- */

static void test_dates(void)
{
    SAG_CASE("  visiteret: 2026-01-20\n", "  visiteret: 2026-02-30\n",
             "t/sag.yaml:6:3: fejl: Datoen findes ikke i kalenderen.\n" R03,
             "DATO in sag.yaml");
    MOEDE_CASE("opfoelgning: {dato: 2026-04-01,", "opfoelgning: {dato: 2026-04-31,",
               "t/moede-1.yaml:17:25: fejl: Datoen findes ikke i kalenderen.\n" R03,
               "DATO in a meeting; R41 stays silent on a date that does not exist");
    SAG_CASE("  foedselsdato: 2003-02-01\n", "  foedselsdato: 2003-02-29\n",
             "t/sag.yaml:10:3: advarsel: CPR-nummeret er maskeret (XXXX); sagen behandles som "
             "fiktiv.\n"
             "t/sag.yaml:11:3: fejl: Datoen findes ikke i kalenderen.\n",
             "DATO on the birth date does not echo it; R04 waits for a real date");
}

#define R05_122 "t/sag.yaml:6:3: advarsel: Den unge var 122 år, da sagen blev visiteret " \
    "(20. januar 2026); indsatsen er rettet mod unge mellem 14 og 25 år. Tjek fødselsdatoen " \
    "og visitationsdatoen (visiteret).\n"

static void test_cpr(void)
{
    SAG_CASE("  cpr: \"010203-XXXX\"\n", "  cpr: \"310299-1234\"\n",
             "t/sag.yaml:10:3: fejl: CPR-nummeret begynder ikke med en gyldig dato (DDMMÅÅ).\n",
             "R01: 31 February");
    SAG_CASE("  cpr: \"010203-XXXX\"\n", "  cpr: \"0102034321\"\n", "",
             "R01: a full number without hyphen whose date agrees with foedselsdato");
    SAG_CASE("  foedselsdato: 2003-02-01\n", "",
             R03 "t/sag.yaml:10:3: fejl: Angiv fødselsdato (foedselsdato under ung), når "
             "CPR-nummeret er maskeret.\n",
             "R04: a masked CPR needs foedselsdato");
    SAG_CASE("  foedselsdato: 2003-02-01\n", "  foedselsdato: 2003-01-02\n",
             R03 "t/sag.yaml:11:3: fejl: Fødselsdatoen passer ikke med datoen i CPR-nummeret "
             "(DDMMÅÅ).\n",
             "R04: foedselsdato disagrees with DDMMYY");
    /* (R05: the age is the CPR number's when it is full, foedselsdato's when
     * it is masked) */
    SAG_CASE("  cpr: \"010203-XXXX\"\n", "  cpr: \"010203-0321\"\n",
             R05_122
             "t/sag.yaml:11:3: fejl: Fødselsdatoen passer ikke med datoen i CPR-nummeret "
             "(DDMMÅÅ).\n",
             "R04: a full number gives the century (7th digit 0: 1903, not 2003) …");
    SAG_CASE("  foedselsdato: 2003-02-01\n", "  foedselsdato: 1903-02-01\n",
             R05_122 R03, "… but a masked one has no century to compare");
}

static void test_network(void)
{
    SAG_CASE("rolle: myndighedskoordinator,", "rolle: sagsbehandler-bu,",
             R03 "t/sag.yaml:13:3: fejl: Sagen skal have præcis én myndighedskoordinator; "
             "ingen person i netværket har rolle: myndighedskoordinator.\n",
             "R06: no coordinator");
    SAG_CASE("rolle: privat, relation: træner,", "rolle: myndighedskoordinator,",
             R03 "t/sag.yaml:15:35: fejl: Sagen skal have præcis én myndighedskoordinator, men "
             "både Mette Holm og Bo Andersen har rollen.\n",
             "R06: two coordinators");
    SAG_CASE("  personer:\n", "  personer:\n    - {id: bo, navn: Bo Hansen, rolle: psykolog, "
             "paa_kort: false}\n",
             R03 "t/sag.yaml:16:8: fejl: Id'et \"bo\" er brugt to gange i netværket; giv hver "
             "person sit eget id.\n",
             "R16: an id used twice (the second is reported)");
    SAG_CASE("  personer:\n",
             "  personer:\n    - {id: den-unge, navn: Test Testesen, rolle: psykolog, "
             "paa_kort: false}\n",
             R03 "t/sag.yaml:14:8: fejl: Id'et \"den-unge\" er forbeholdt den unge selv; giv "
             "personen et andet id.\n",
             "R16: den-unge is reserved");
    {
        char *s1 = edit(MIN_SAG, "naerhed: 2}", "naerhed: 2, vip: true}");
        char *s2 = edit(s1, "naerhed: 1}", "naerhed: 1, vip: true}");
        char *m = edit(MIN_MOEDE, "vip: {har_vip: nej}",
                       "vip: {har_vip: ja, fra: privat, hvem: Bo}");
        EXPECT(check_files("sag.yaml", s2, "moede-1.yaml", m, NULL),
               "t/moede-1.yaml:26:22: advarsel: Tjeklisten siger, at VIP'en kommer fra den "
               "unges private netværk, men Mette Holm står i netværket som fagperson.\n"
               R03 "t/sag.yaml:15:95: fejl: Der kan kun være én VIP (den unges voksen), men "
               "både Mette Holm og Bo Andersen har vip: true.\n",
               "R07: a second VIP (the second is reported; R19 compares the first)");
        free(m);
        free(s2);
        free(s1);
    }
    SAG_CASE("sektor: andre, naerhed: 1}", "paa_kort: true}",
             R03 "t/sag.yaml:15:7: fejl: Angiv felt og nærhed for Bo Andersen på "
             "netværkskortet; sektor og naerhed mangler. Felterne (sektor) er familie, "
             "slaegt, andre, arbejde-skole og fagpersoner; nærheden (naerhed) er 1, 2 eller "
             "3, hvor 1 er tættest på den unge. Skriv paa_kort: false, hvis personen kun "
             "skal stå i netværksoverblikket.\n",
             "R13: a person on the card without sektor and naerhed");
    SAG_CASE("sektor: andre, naerhed: 1}", "paa_kort: false}", R03,
             "R13: a person only in the overview needs neither");
    SAG_CASE("  dato: 2026-01-27\n",
             "  dato: 2026-01-27\n  forbindelser: [[], [bo, mette], [mette, bo]]\n",
             R03 "t/sag.yaml:17:18: fejl: En forbindelse er en streg mellem to personer på "
             "netværkskortet og skrives med præcis to id'er, fx [mette, jonas]; her er der "
             "0.\n"
             "t/sag.yaml:17:35: fejl: Forbindelsen mellem \"mette\" og \"bo\" står to "
             "gange; skriv hver streg én gang (rækkefølgen er ligegyldig).\n",
             "R14: an empty line, and a line drawn twice in the other order");
    SAG_CASE("rolle: privat, relation: træner,", "rolle: privat,",
             R03 "t/sag.yaml:15:35: fejl: Skriv hvem Bo Andersen er for den unge (relation, "
             "fx mor, moster, ven eller nabo), når rolle er \"privat\".\n",
             "R15: a private person's relation");
    SAG_CASE("relation: træner,", "relation: træner, team: true, kontakt: {},",
             R03 "t/sag.yaml:15:80: advarsel: Der mangler kontaktoplysninger på Bo Andersen, "
             "som er med i det tværfaglige team; skriv mindst ét af kontakt.direkte, "
             "kontakt.hoved, kontakt.email og kontakt.post.\n",
             "R17: a team member with an empty kontakt");
    SAG_CASE("  dato: 2026-01-27\n", "  dato: 2026-03-11\n",
             R03 "t/sag.yaml:16:3: advarsel: Netværkskortet er udfyldt den 11. marts 2026, "
             "efter netværksmøde nr. 1 (10. marts 2026); kortet bør udfyldes før det første "
             "netværksmøde.\n",
             "R18: the card after meeting nr. 1");
    SAG_CASE("  dato: 2026-01-27\n", "  dato: 2026-03-10\n", R03,
             "R18: the card on the day of meeting nr. 1");
    SAG_CASE("  dato: 2026-01-27\n", "  dato: 2026-02-30\n",
             R03 "t/sag.yaml:16:3: fejl: Datoen findes ikke i kalenderen.\n",
             "R10, R18: a card date that does not exist is DATO's alone");
}

/* R10: a consent that holds on the date of each document shared with the
 * team (the card, the goal sheet of a held meeting, the agenda of a planned
 * one). */
static void test_consent(void)
{
    SAG_CASE("samtykke:\n  - {dato: 2026-01-13, givet_af: den-unge, omfang: \"Teamet\"}\n", "",
             R03 "t/sag.yaml:12:1: fejl: Der er ikke registreret samtykke til at dele "
             "oplysninger om den unge. Netværkskortet, dagsordenen og mål- og aftaleskemaet "
             "deles med teamet, så skriv samtykket under samtykke (dato, givet_af og "
             "omfang).\n",
             "R10: no consent at all is told once, at netvaerk");
    SAG_CASE("omfang: \"Teamet\"}", "omfang: \"Teamet\", tilbagekaldt: 2026-03-10}",
             "t/moede-1.yaml:5:3: fejl: Mål- og aftaleskemaet fra mødet den 10. marts 2026 "
             "sendes til teamet, men intet samtykke gælder på mødedagen: samtykket blev "
             "tilbagekaldt den 10. marts 2026. Et samtykke skal være givet senest på "
             "mødedagen og ikke tilbagekaldt (samtykke i sag.yaml).\n" R03,
             "R10: withdrawn on the meeting day");
    SAG_CASE("{dato: 2026-01-13,", "{dato: 2026-03-10,",
             R03 "t/sag.yaml:16:3: fejl: Netværkskortet er udfyldt den 27. januar 2026 og "
             "deles med teamet, men intet samtykke gælder den dag: samtykket er først givet "
             "efter kortet. Et samtykke skal være givet senest den dag og ikke tilbagekaldt "
             "(samtykke).\n",
             "R10: given on the meeting day holds for the meeting, not for the card");
    {
        char *s1 = edit(MIN_SAG, "  dato: 2026-01-27\n", "");
        char *s2 = edit(s1, "omfang: \"Teamet\"}", "omfang: \"Teamet\", tilbagekaldt: 2026-11-01}");
        EXPECT(check_files("sag.yaml", s2, "moede-1.yaml", MIN_MOEDE, NULL),
               R03 "t/sag.yaml:12:1: advarsel: Angiv hvornår netværkskortet blev udfyldt "
               "(netvaerk.dato); kortet bør udfyldes før det første netværksmøde.\n"
               "t/sag.yaml:12:1: fejl: Netværkskortet har ingen dato (netvaerk.dato) og "
               "dateres i dag, 23. november 2026; det deles med teamet, men intet samtykke "
               "gælder i dag: samtykket blev tilbagekaldt den 1. november 2026.\n",
               "R10: a card without a date is dated by the reference date");
        free(s2);
        free(s1);
    }
    {
        char *s = edit(MIN_SAG, "omfang: \"Teamet\"}",
                       "omfang: \"Teamet\", tilbagekaldt: 2026-02-01}\n"
                       "  - {dato: 2026-12-01, givet_af: den-unge, omfang: \"Teamet\"}");
        char *m = edit(MIN_PLANLAGT, "  nr: 1\n", "  nr: 2\n");
        EXPECT(check_files("sag.yaml", s, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", m, NULL),
               "t/moede-1.yaml:5:3: fejl: Mål- og aftaleskemaet fra mødet den 10. marts 2026 "
               "sendes til teamet, men intet samtykke gælder på mødedagen: samtykket blev "
               "tilbagekaldt den 1. februar 2026. Et samtykke skal være givet senest på "
               "mødedagen og ikke tilbagekaldt (samtykke i sag.yaml).\n" R03,
               "R10: a new consent after a withdrawn one covers the later agenda only");
        free(m);
        free(s);
    }
}

/* MIN_SAG with the young person born on `born` (ISO), the CPR number's
 * DDMMYY to match, and `consent` in place of the young person's own; caller
 * frees. */
static char *sag_born(const char *born, const char *consent)
{
    char cpr[32], line[64];
    snprintf(cpr, sizeof cpr, "  cpr: \"%.2s%.2s%.2s-XXXX\"\n", born + 8, born + 5, born + 2);
    snprintf(line, sizeof line, "  foedselsdato: %s\n", born);
    char *a = edit(MIN_SAG, "  cpr: \"010203-XXXX\"\n", cpr);
    char *b = edit(a, "  foedselsdato: 2003-02-01\n", line);
    char *c = edit(b, "  - {dato: 2026-01-13, givet_af: den-unge, omfang: \"Teamet\"}\n", consent);
    free(a);
    free(b);
    return c;
}

#define OWN "  - {dato: 2026-01-13, givet_af: den-unge, omfang: \"Teamet\"}\n"
#define MOR "  - {dato: 2026-01-13, givet_af: foraeldremyndighedsindehaver, navn: Ida, " \
    "omfang: \"Teamet\"}\n"

/* R05: the age on sag.visiteret (20 January 2026) in the band 14-25; the
 * birth date of a masked CPR number is foedselsdato. */
static void test_age(void)
{
    char *s = sag_born("2000-01-21", OWN);
    EXPECT(check_files("sag.yaml", s, NULL), R03, "R05: 25 on the visitation day is fine");
    free(s);
    s = sag_born("2000-01-20", OWN);
    EXPECT(check_files("sag.yaml", s, NULL),
           "t/sag.yaml:6:3: advarsel: Den unge var 26 år, da sagen blev visiteret (20. januar "
           "2026); indsatsen er rettet mod unge mellem 14 og 25 år. Tjek fødselsdatoen og "
           "visitationsdatoen (visiteret).\n" R03,
           "R05: 26 on the visitation day");
    free(s);
    s = sag_born("2012-01-20", MOR);
    EXPECT(check_files("sag.yaml", s, NULL), R03, "R05: 14 on the visitation day is fine");
    free(s);
    s = sag_born("2012-01-21", MOR);
    EXPECT(check_files("sag.yaml", s, NULL),
           "t/sag.yaml:6:3: advarsel: Den unge var 13 år, da sagen blev visiteret (20. januar "
           "2026); indsatsen er rettet mod unge mellem 14 og 25 år. Tjek fødselsdatoen og "
           "visitationsdatoen (visiteret).\n" R03,
           "R05: 13 on the visitation day");
    free(s);
    s = sag_born("2012-01-21", MOR);
    char *t = edit(s, "  foedselsdato: 2012-01-21\n", "");
    EXPECT(check_files("sag.yaml", t, NULL),
           R03 "t/sag.yaml:10:3: fejl: Angiv fødselsdato (foedselsdato under ung), når "
           "CPR-nummeret er maskeret.\n",
           "R05: a masked number without foedselsdato has no age (R04 says so)");
    free(t);
    free(s);
}

/* R11: who consents, by the age on the consent date; R12: a parent's
 * consent after the 18th birthday, on the reference date. */
static void test_consent_age(void)
{
    char *s = sag_born("2008-01-13", OWN);
    EXPECT(check_files("sag.yaml", s, NULL), R03, "R11: 18 on the consent date: the young person");
    free(s);
    s = sag_born("2008-01-14", OWN);
    EXPECT(check_files("sag.yaml", s, NULL),
           R03 "t/sag.yaml:18:24: fejl: Den unge var under 18 år den 13. januar 2026; samtykket "
           "skal gives af forældremyndighedsindehaveren (givet_af: "
           "foraeldremyndighedsindehaver og navn).\n",
           "R11: 17 on the consent date: not the young person");
    free(s);
    s = sag_born("2008-01-13", MOR);
    EXPECT(check_files("sag.yaml", s, NULL),
           R03 "t/sag.yaml:18:24: fejl: Den unge var fyldt 18 år den 13. januar 2026; "
           "samtykket skal gives af den unge selv (givet_af: den-unge).\n",
           "R11: 18 on the consent date: not the parent (and no R12 for that consent)");
    free(s);
    s = sag_born("2008-01-14", "  - {dato: 2026-01-13, givet_af: foraeldremyndighedsindehaver, "
                 "omfang: \"Teamet\"}\n");
    {
        long ref = REF_DAY;
        REF_DAY = sd_date_parse("2026-01-13");
        EXPECT(check_files("sag.yaml", s, NULL),
               R03 "t/sag.yaml:18:24: fejl: Skriv navnet på forældremyndighedsindehaveren, der "
               "har givet samtykket (navn).\n",
               "R11: a parent's consent names the parent");
        REF_DAY = ref;
    }
    free(s);

    /* R12 on the reference date; born 29 February, 18 on 1 March (sd_age) */
    s = sag_born("2008-02-29", MOR);
    long ref = REF_DAY;
    REF_DAY = sd_date_parse("2026-02-28");
    EXPECT(check_files("sag.yaml", s, NULL), R03, "R12: 17 on the reference date");
    REF_DAY = sd_date_parse("2026-03-01");
    EXPECT(check_files("sag.yaml", s, NULL),
           R03 "t/sag.yaml:18:24: advarsel: Den unge er fyldt 18 år den 1. marts 2026. Indhent "
           "samtykke fra den unge selv, og skriv det under samtykke med givet_af: den-unge; "
           "forældremyndighedsindehaverens samtykke gælder kun, til den unge fylder 18.\n",
           "R12: born 29 February, 18 on 1 March");
    REF_DAY = ref;
    free(s);
    s = sag_born("2008-02-29", MOR "  - {dato: 2026-03-02, givet_af: den-unge, omfang: \"Teamet\"}\n");
    EXPECT(check_files("sag.yaml", s, NULL), R03, "R12: the young person's own consent holds");
    free(s);
    s = sag_born("2008-02-29", MOR "  - {dato: 2026-03-02, givet_af: den-unge, omfang: \"Teamet\", "
                 "tilbagekaldt: 2026-06-01}\n");
    EXPECT(check_files("sag.yaml", s, NULL),
           R03 "t/sag.yaml:18:24: advarsel: Den unge er fyldt 18 år den 1. marts 2026. Indhent "
           "samtykke fra den unge selv, og skriv det under samtykke med givet_af: den-unge; "
           "forældremyndighedsindehaverens samtykke gælder kun, til den unge fylder 18.\n",
           "R12: the young person's own consent was withdrawn; the parent's still holds");
    free(s);
    s = sag_born("2008-02-29", "  - {dato: 2026-01-13, givet_af: foraeldremyndighedsindehaver, "
                 "navn: Ida, omfang: \"Teamet\", tilbagekaldt: 2026-11-01}\n");
    EXPECT(check_files("sag.yaml", s, NULL), R03,
           "R12: no consent holds today (R10 judges each document on its date)");
    free(s);
}

/* MIN_SAG admitted to `kombination` with the target group `gruppe`, a
 * housing-support worker "jonas" in the network, and `bostoette` (a block
 * of lines, or "") at the end; caller frees. */
static char *sag_bo(const char *kombination, const char *gruppe, const char *bostoette)
{
    char k[64], g[64];
    snprintf(k, sizeof k, "  kombination: %s\n", kombination);
    snprintf(g, sizeof g, "  maalgruppe: %s\n", gruppe);
    char *a = edit(MIN_SAG, "  kombination: uden-bostoette\n", k);
    char *b = edit(a, "  maalgruppe: risiko\n", g);
    char *c = edit(b, "sektor: andre, naerhed: 1}\n",
                   "sektor: andre, naerhed: 1}\n"
                   "    - {id: jonas, navn: Jonas Berg, rolle: bostoette, sektor: fagpersoner, "
                   "naerhed: 1}\n");                                     /* line 16 */
    sd_buf buf = {0};
    sd_buf_puts(&buf, c);
    sd_buf_puts(&buf, bostoette);                                        /* from line 20 */
    free(a);
    free(b);
    free(c);
    return sd_buf_take(&buf);
}

/* R08, R09: the combination, the bostoette block and the target group;
 * R48, R49, R50: the CTI phases and the end of the support. */
static void test_housing_support(void)
{
    char *s = sag_bo("cti", "risiko", "bostoette:\n  metode: cti\n  medarbejder: jonas\n");
    EXPECT(check_files("sag.yaml", s, NULL), R03, "R08, R09: CTI for a young person at risk");
    free(s);
    s = sag_bo("icm", "hjemloes", "bostoette:\n  metode: icm\n  medarbejder: jonas\n"
               "  start: 2026-01-20\n");
    EXPECT(check_files("sag.yaml", s, NULL), R03, "R08, R09: ICM for a homeless young person");
    free(s);
    s = sag_bo("icm", "hjemloes", "bostoette:\n  metode: icm\n  medarbejder: mette\n");
    EXPECT(check_files("sag.yaml", s, NULL),
           R03 "t/sag.yaml:22:3: fejl: Bostøttemedarbejderen skal være en person med rolle: "
           "bostoette i netværket, men Mette Holm har rolle: myndighedskoordinator.\n",
           "R08: the worker has rolle: bostoette");
    free(s);
    s = sag_bo("icm", "hjemloes", "bostoette:\n  metode: icm\n  medarbejder: ole\n");
    EXPECT(check_files("sag.yaml", s, NULL),
           R03 "t/sag.yaml:22:3: fejl: Ukendt person \"ole\": der er ingen person med det id "
           "under netvaerk.personer i sag.yaml.\n",
           "R08: an unknown worker is R57's alone");
    free(s);
    s = sag_bo("icm", "risiko", "bostoette:\n  metode: icm\n  medarbejder: jonas\n");
    EXPECT(check_files("sag.yaml", s, NULL),
           "t/sag.yaml:5:3: advarsel: Bostøtte efter ICM-metoden gives til hjemløse unge, men den "
           "unge står i risiko for hjemløshed (maalgruppe: risiko); unge i risiko får "
           "Samarbejdsmodel uden bostøtte eller bostøtte efter CTI-metoden.\n" R03,
           "R09: ICM for a young person at risk");
    free(s);

    /* R48: fase 1 from the visitation day, fase 0 before it */
    s = sag_bo("cti", "risiko", "bostoette:\n  metode: cti\n  medarbejder: jonas\n"
               "  fase0_start: 2026-01-20\n  fase1_start: 2026-01-20\n");
    {
        long ref = REF_DAY;
        REF_DAY = sd_date_parse("2026-06-01");   /* before the nine months are over (R49) */
        EXPECT(check_files("sag.yaml", s, NULL),
               R03 "t/sag.yaml:23:3: fejl: Fase 0 (kontaktfasen, 20. januar 2026) skal begynde "
               "før fase 1 (20. januar 2026); fase 0 er tiden, mens den unge venter på en "
               "bolig.\n",
               "R48: fase 1 may start on the visitation day; fase 0 not on fase 1's");
        REF_DAY = ref;
    }
    free(s);
    s = sag_bo("cti", "risiko", "bostoette:\n  metode: cti\n  medarbejder: jonas\n"
               "  fase0_start: 2026-01-19\n");
    EXPECT(check_files("sag.yaml", s, NULL), R03,
           "R48: fase 0 without fase 1 (still waiting for housing)");
    free(s);
    s = sag_bo("icm", "hjemloes", "bostoette:\n  metode: icm\n  medarbejder: jonas\n"
               "  fase0_start: 2026-01-19\n  fase1_start: 2026-02-01\n");
    EXPECT(check_files("sag.yaml", s, NULL),
           R03 "t/sag.yaml:23:3: fejl: ICM er ikke faseopdelt; fjern fase0_start. Bostøtten "
           "efter ICM begynder ved visitationen (start).\n"
           "t/sag.yaml:24:3: fejl: ICM er ikke faseopdelt; fjern fase1_start. Bostøtten efter "
           "ICM begynder ved visitationen (start).\n",
           "R48: ICM has no phases");
    free(s);

    /* R49: nine months from 20 January 2026 end on 19 October 2026 */
    s = sag_bo("cti", "risiko", "bostoette:\n  metode: cti\n  medarbejder: jonas\n"
               "  fase1_start: 2026-01-20\n  slut: 2026-10-19\n  afsluttende_moede: 2026-10-19\n"
               "  efterfoelgende_stoette: ingen\n");
    EXPECT(check_files("sag.yaml", s, NULL), R03, "R49: ended on the last day of the nine months");
    free(s);
    s = sag_bo("cti", "risiko", "bostoette:\n  metode: cti\n  medarbejder: jonas\n"
               "  fase1_start: 2026-01-20\n  slut: 2026-10-20\n  afsluttende_moede: 2026-10-20\n"
               "  efterfoelgende_stoette: ingen\n");
    EXPECT(check_files("sag.yaml", s, NULL),
           R03 "t/sag.yaml:24:3: advarsel: CTI-forløbet har varet mere end ni måneder: det "
           "sluttede 20. oktober 2026, men de ni måneder fra fase 1 (20. januar 2026) gik til "
           "19. oktober 2026.\n",
           "R49: ended one day late");
    free(s);
    s = sag_bo("cti", "risiko", "bostoette:\n  metode: cti\n  medarbejder: jonas\n"
               "  fase1_start: 2026-01-20\n");
    {
        long ref = REF_DAY;
        REF_DAY = sd_date_parse("2026-10-19");
        EXPECT(check_files("sag.yaml", s, NULL), R03, "R49: not ended, nine months not over");
        REF_DAY = sd_date_parse("2026-10-20");
        EXPECT(check_files("sag.yaml", s, NULL),
               R03 "t/sag.yaml:23:3: advarsel: CTI-forløbet har varet mere end ni måneder: de ni "
               "måneder fra fase 1 (20. januar 2026) gik til 19. oktober 2026. Afslut "
               "bostøtten, og skriv hvornår den sluttede (slut).\n",
               "R49: not ended, nine months over");
        REF_DAY = ref;
    }
    free(s);

    /* R50: an end on or before the reference date needs the decisions */
    s = sag_bo("icm", "hjemloes", "bostoette:\n  metode: icm\n  medarbejder: jonas\n"
               "  slut: 2026-11-24\n");
    EXPECT(check_files("sag.yaml", s, NULL), R03, "R50: an end after the reference date");
    free(s);
    s = sag_bo("icm", "hjemloes", "bostoette:\n  metode: icm\n  medarbejder: jonas\n"
               "  slut: 2026-11-23\n  afsluttende_moede: 2026-11-23\n"
               "  efterfoelgende_stoette: andet\n  efterfoelgende_tekst: \"Frivillig mentor\"\n");
    EXPECT(check_files("sag.yaml", s, NULL), R03, "R50: ended today, all decided");
    free(s);
}

/* R44: the goal sheet approved and sent within two days of the meeting
 * (10 March 2026 in MIN_MOEDE). */
static void test_minutes_late(void)
{
    MOEDE_CASE("  godkendt_af_ung: 2026-03-11\n  udsendt: 2026-03-11\n",
               "  godkendt_af_ung: 2026-03-12\n  udsendt: 2026-03-12\n", R03,
               "R44: two days after the meeting is in time");
    MOEDE_CASE("  udsendt: 2026-03-11\n", "  udsendt: 2026-03-13\n",
               "t/moede-1.yaml:23:3: advarsel: Referatet blev sendt 3 dage efter mødet; mål- og "
               "aftaleskemaet bør sendes til teamet senest to dage efter mødet (senest 12. marts "
               "2026).\n" R03,
               "R44: sent three days after");
    MOEDE_CASE("  godkendt_af_ung: 2026-03-11\n  udsendt: 2026-03-11\n",
               "  godkendt_af_ung: 2026-03-13\n  udsendt: 2026-03-14\n",
               "t/moede-1.yaml:22:3: advarsel: Den unge godkendte mål- og aftaleskemaet 3 dage efter "
               "mødet; skemaet bør godkendes og sendes ud senest to dage efter mødet (senest 12. "
               "marts 2026).\n" R03,
               "R44: a late approval is told once, not again for the dispatch");
    MOEDE_CASE("  godkendt_af_ung: 2026-03-11\n  udsendt: 2026-03-11\n",
               "  godkendt_af_ung: 2026-03-13\n",
               "t/moede-1.yaml:22:3: advarsel: Den unge godkendte mål- og aftaleskemaet 3 dage efter "
               "mødet; skemaet bør godkendes og sendes ud senest to dage efter mødet (senest 12. "
               "marts 2026).\n" R03,
               "R44: approved late, not sent yet");
}

/* R45: a delmål left without naaet.svar at one held meeting stands on the
 * next one's sheet; R46: a held meeting has goals, one of them for
 * education or work. */
static void test_followup(void)
{
    /* meeting nr. 2 the day after MIN_MOEDE (as in test_ids) */
    char *m2 = edit(MIN_MOEDE, "  nr: 1\n  type: netvaerksmoede\n  status: afholdt\n"
                    "  dato: 2026-03-10\n", "  nr: 2\n  type: netvaerksmoede\n"
                    "  status: afholdt\n  dato: 2026-03-11\n");
    char *t = edit(m2, " formoede: ja,", " formoede: ja, handleplan_fulgt_op: ja,");   /* R24 */
    free(m2);
    m2 = t;
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", m2, NULL),
           R03, "R45: the delmål stands again at the next meeting");
    char *uden = edit(m2, "        - id: m1a\n", "        - id: m1b\n");
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", uden, NULL),
           "t/moede-2.yaml:11:7: advarsel: Delmålet \"Skrive sig op\" (m1a) fra netværksmøde nr. 1 "
           "(10. marts 2026) er ikke fulgt op: det mangler i dette mødes skema, og der står "
           "ikke, om det blev nået. Skriv delmålet med igen, og angiv under naaet, om det er "
           "nået.\n" R03,
           "R45: the delmål is missing at the next meeting (told there, at its goal)");
    char *naaet = edit(MIN_MOEDE, "          opfoelgning: {dato: 2026-04-01, maade: moede}\n",
                       "          opfoelgning: {dato: 2026-04-01, maade: moede}\n"
                       "          naaet: {svar: ja}\n");
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", naaet, "moede-2.yaml", uden, NULL),
           R03, "R45: a delmål assessed at the earlier meeting may be left out");
    char *nr3 = edit(uden, "  nr: 2\n", "  nr: 3\n");
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-3.yaml", nr3, NULL),
           "t/moede-3.yaml:2:3: advarsel: Netværksmøde nr. 2 mangler: efter nr. 1 kommer nr. 3.\n"
           R03, "R45: across a missing meeting nothing is compared");
    char *planlagt = edit(MIN_PLANLAGT, "  nr: 1\n", "  nr: 2\n");
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", planlagt,
                       NULL),
           R03, "R45: a planned meeting has no sheet yet");
    free(planlagt);
    free(nr3);
    free(naaet);
    free(uden);
    free(m2);

    MOEDE_CASE("      tema: uddannelse\n", "      tema: arbejde\n", R03,
               "R46: a goal for work");
    MOEDE_CASE("      tema: uddannelse\n", "      tema: bolig\n",
               "t/moede-1.yaml:6:3: advarsel: Der er ingen mål for uddannelse eller beskæftigelse; "
               "skriv mindst ét mål med tema: uddannelse eller tema: arbejde.\n" R03,
               "R46: no goal for education or work");
}

/* R55, R56: a closed course ends with an afsluttende netværksmøde, decided
 * with the young person; R12 is not told for a course closed before the
 * 18th birthday. */
static void test_closing(void)
{
    char *s = edit(MIN_SAG, "  status: aktiv\n",
                   "  status: afsluttet\n"
                   "  afsluttet: {dato: 2026-06-01, besluttet_med_den_unge: true}\n");
    char *m = edit(MIN_MOEDE, "  type: netvaerksmoede\n", "  type: afsluttende\n");
    EXPECT(check_files("sag.yaml", s, "moede-1.yaml", m, NULL),
           "t/sag.yaml:11:3: advarsel: CPR-nummeret er maskeret (XXXX); sagen behandles som "
           "fiktiv.\n", "R55, R56: closed at an afsluttende meeting, with the young person");
    EXPECT(check_files("sag.yaml", s, "moede-1.yaml", MIN_MOEDE, NULL),
           "t/sag.yaml:7:3: advarsel: Forløbet er afsluttet uden et afsluttende netværksmøde: det "
           "sidste afholdte møde, nr. 1 (10. marts 2026), har type: netvaerksmoede. Skriv type: "
           "afsluttende på det møde, hvor forløbet blev afsluttet.\n"
           "t/sag.yaml:11:3: advarsel: CPR-nummeret er maskeret (XXXX); sagen behandles som "
           "fiktiv.\n", "R55: the last held meeting is not afsluttende");
    {
        /* the afsluttende meeting nr. 1, then a held nr. 2 of the ordinary type */
        char *m2 = edit(MIN_MOEDE, "  nr: 1\n  type: netvaerksmoede\n  status: afholdt\n"
                        "  dato: 2026-03-10\n", "  nr: 2\n  type: netvaerksmoede\n"
                        "  status: afholdt\n  dato: 2026-03-11\n");
        char *t = edit(m2, " formoede: ja,", " formoede: ja, handleplan_fulgt_op: ja,");
        EXPECT(check_files("sag.yaml", s, "moede-1.yaml", m, "moede-2.yaml", t, NULL),
               "t/sag.yaml:7:3: advarsel: Forløbet er afsluttet uden et afsluttende "
               "netværksmøde: det sidste afholdte møde, nr. 2 (11. marts 2026), har type: "
               "netvaerksmoede. Skriv type: afsluttende på det møde, hvor forløbet blev "
               "afsluttet.\n"
               "t/sag.yaml:11:3: advarsel: CPR-nummeret er maskeret (XXXX); sagen behandles som "
               "fiktiv.\n", "R55: the last held meeting by number");
        free(t);
        free(m2);
    }
    free(m);
    free(s);
    s = edit(MIN_SAG, "  status: aktiv\n", "  status: afsluttet\n  afsluttet: {dato: 2026-06-01}\n");
    EXPECT(check_files("sag.yaml", s, NULL),
           "t/sag.yaml:7:3: advarsel: Forløbet er afsluttet uden et afsluttende netværksmøde; der "
           "er ikke registreret noget afholdt netværksmøde. Forløbet afsluttes på et "
           "netværksmøde med type: afsluttende.\n"
           "t/sag.yaml:8:3: advarsel: Den unge og teamet skal inddrages i beslutningen om at "
           "afslutte forløbet; skriv besluttet_med_den_unge: true under afsluttet, når det er "
           "sket.\n"
           "t/sag.yaml:11:3: advarsel: CPR-nummeret er maskeret (XXXX); sagen behandles som "
           "fiktiv.\n", "R55, R56: no meeting, not decided with the young person");
    free(s);
    s = edit(MIN_SAG, "  status: aktiv\n",
             "  status: afsluttet\n"
             "  afsluttet: {dato: 2026-06-01, besluttet_med_den_unge: false}\n");
    char *m1 = edit(MIN_MOEDE, "  type: netvaerksmoede\n", "  type: afsluttende\n");
    EXPECT(check_files("sag.yaml", s, "moede-1.yaml", m1, NULL),
           "t/sag.yaml:8:33: advarsel: Den unge og teamet skal inddrages i beslutningen om at "
           "afslutte forløbet; skriv besluttet_med_den_unge: true under afsluttet, når det er "
           "sket.\n"
           "t/sag.yaml:11:3: advarsel: CPR-nummeret er maskeret (XXXX); sagen behandles som "
           "fiktiv.\n", "R56: besluttet_med_den_unge: false");
    free(m1);
    free(s);

    /* R12: 18 on 14 January 2026, the course closed the day before */
    char *a = sag_born("2008-01-14", MOR);
    char *b = edit(a, "  status: aktiv\n",
                   "  status: afsluttet\n"
                   "  afsluttet: {dato: 2026-01-13, besluttet_med_den_unge: true}\n");
    EXPECT(check_files("sag.yaml", b, NULL),
           "t/sag.yaml:7:3: advarsel: Forløbet er afsluttet uden et afsluttende netværksmøde; der "
           "er ikke registreret noget afholdt netværksmøde. Forløbet afsluttes på et "
           "netværksmøde med type: afsluttende.\n"
           "t/sag.yaml:11:3: advarsel: CPR-nummeret er maskeret (XXXX); sagen behandles som "
           "fiktiv.\n", "R12: not told when the course closed before the 18th birthday");
    free(b);
    b = edit(a, "  status: aktiv\n",
             "  status: afsluttet\n"
             "  afsluttet: {dato: 2026-01-14, besluttet_med_den_unge: true}\n");
    EXPECT(check_files("sag.yaml", b, NULL),
           "t/sag.yaml:7:3: advarsel: Forløbet er afsluttet uden et afsluttende netværksmøde; der "
           "er ikke registreret noget afholdt netværksmøde. Forløbet afsluttes på et "
           "netværksmøde med type: afsluttende.\n"
           "t/sag.yaml:11:3: advarsel: CPR-nummeret er maskeret (XXXX); sagen behandles som "
           "fiktiv.\n"
           "t/sag.yaml:19:24: advarsel: Den unge er fyldt 18 år den 14. januar 2026. Indhent "
           "samtykke fra den unge selv, og skriv det under samtykke med givet_af: den-unge; "
           "forældremyndighedsindehaverens samtykke gælder kun, til den unge fylder 18.\n",
           "R12: told when the course closed on the 18th birthday");
    free(b);
    free(a);
}

/* R58: a planned meeting invites the VIP and, while the support lasts, the
 * housing-support worker (MIN_PLANLAGT: 8 December 2026). */
static void test_invited(void)
{
    char *s = edit(MIN_SAG, "relation: træner,", "relation: træner, vip: true,");
    char *m = edit(MIN_PLANLAGT, "  inviterede: [mette, bo]\n", "  inviterede: [mette]\n");
    EXPECT(check_files("sag.yaml", s, "moede-1.yaml", MIN_PLANLAGT, NULL), R03,
           "R58: the VIP is invited");
    EXPECT(check_files("sag.yaml", s, "moede-1.yaml", m, NULL),
           "t/moede-1.yaml:7:3: advarsel: Den unges VIP, Bo Andersen, er ikke inviteret til "
           "mødet; skriv bo under inviterede.\n" R03,
           "R58: the VIP is not invited");
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", m, NULL), R03,
           "R58: no VIP in the network");
    free(s);

    s = sag_bo("icm", "hjemloes", "bostoette:\n  metode: icm\n  medarbejder: jonas\n");
    EXPECT(check_files("sag.yaml", s, "moede-1.yaml", m, NULL),
           "t/moede-1.yaml:7:3: advarsel: Bostøttemedarbejderen, Jonas Berg, er ikke "
           "inviteret til mødet; bostøttemedarbejderen støtter den unge på møderne, så skriv "
           "jonas under inviterede.\n" R03,
           "R58: the housing-support worker is not invited");
    free(s);
    s = sag_bo("icm", "hjemloes", "bostoette:\n  metode: icm\n  medarbejder: jonas\n"
               "  slut: 2026-12-08\n");
    EXPECT(check_files("sag.yaml", s, "moede-1.yaml", m, NULL),
           "t/moede-1.yaml:7:3: advarsel: Bostøttemedarbejderen, Jonas Berg, er ikke "
           "inviteret til mødet; bostøttemedarbejderen støtter den unge på møderne, så skriv "
           "jonas under inviterede.\n" R03,
           "R58: the support ends on the meeting day");
    free(s);
    s = sag_bo("icm", "hjemloes", "bostoette:\n  metode: icm\n  medarbejder: jonas\n"
               "  slut: 2026-12-07\n");
    EXPECT(check_files("sag.yaml", s, "moede-1.yaml", m, NULL), R03,
           "R58: the support ended before the meeting");
    free(s);
    free(m);
}

/* sd:blandt, sd:ikke-blandt, sd:gentagne on a small tree: values, lists in
 * any order, and ids that only run together ([ab, c] is not [a, bc]). */
static double xpath_number(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    sd_xpath_setup(ctx, REF_DAY, 0, 0);
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    double n = o ? xmlXPathCastToNumber(o) : -1;
    xmlXPathFreeObject(o);
    sd_xpath_release(ctx);
    xmlXPathFreeContext(ctx);
    return n;
}

static void test_set_functions(void)
{
    static const char xml[] =
        "<r><p><id>a</id><id>b</id><id>ab</id><id>b</id></p>"
        "<l><i>a</i><i>b</i></l><l><i>b</i><i>a</i></l><l><i>ab</i><i>c</i></l>"
        "<l><i>a</i><i>bc</i></l><l></l><l></l></r>";
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, 0);
    CHECK(xpath_number(doc, "count(sd:gentagne(/r/p/id))") == 1, "gentagne: one repeat");
    CHECK(xpath_number(doc, "count(sd:gentagne(/r/p/id)/following-sibling::id)") == 0,
          "gentagne: the later one is reported");
    CHECK(xpath_number(doc, "count(sd:gentagne(/r/l))") == 2,
          "gentagne: [b, a] repeats [a, b], and an empty list repeats an empty list");
    CHECK(xpath_number(doc, "count(sd:gentagne(/r/l[i = 'c' or i = 'bc']))") == 0,
          "gentagne: [ab, c] is not [a, bc]");
    CHECK(xpath_number(doc, "count(sd:ikke-blandt(/r/l/i, /r/p/id))") == 2,
          "ikke-blandt: c and bc are not among the ids");
    CHECK(xpath_number(doc, "count(sd:blandt(/r/l/i, /r/p/id))") == 6, "blandt: the others");
    CHECK(xpath_number(doc, "count(sd:blandt(/r/l/i, /r/nothing))") == 0,
          "blandt: nothing is among an empty set");
    CHECK(xpath_number(doc, "count(sd:gentagne(/r/nothing))") == 0, "gentagne: empty set");
    xmlFreeDoc(doc);

    /* sd:med-id: nodes[id = $x] through an index */
    static const char goals[] =
        "<r><g><id>x</id><n>1</n></g><g><id>y</id><n>2</n></g><g><id>x</id><n>3</n></g>"
        "<g><n>4</n></g><g><id></id><n>5</n></g></r>";
    doc = xmlReadMemory(goals, (int)strlen(goals), "t.xml", NULL, 0);
    CHECK(xpath_number(doc, "count(sd:med-id(/r/g, 'x'))") == 2, "med-id: both x");
    CHECK(xpath_number(doc, "sd:med-id(/r/g, 'x')[1]/n") == 1 &&
          xpath_number(doc, "sd:med-id(/r/g, 'x')[2]/n") == 3, "med-id: in document order");
    CHECK(xpath_number(doc, "count(sd:med-id(/r/g, /r/g[2]/id))") == 1, "med-id: id from a node");
    CHECK(xpath_number(doc, "count(sd:med-id(/r/g, /r/nothing))") == 0,
          "med-id: an empty node-set matches nothing (not the empty id)");
    CHECK(xpath_number(doc, "count(sd:med-id(/r/g, ''))") == 1, "med-id: the empty id");
    CHECK(xpath_number(doc, "count(sd:med-id(/r/g, 'z')) + count(sd:med-id(/r/nothing, 'x'))") == 0,
          "med-id: no such id, no nodes");
    CHECK(xpath_number(doc, "count(sd:med-id(/r/g, 'x')) * 10 + count(sd:med-id(/r/g[n > 1], 'x'))"
                            " * 100 + count(sd:med-id(/r/g, 'y'))") == 121,
          "med-id: two node-sets, two indexes, each asked again");
    xmlFreeDoc(doc);
}

static void test_persons(void)
{
    MOEDE_CASE("  maal:\n", "  referent: lise\n  maal:\n",
               "t/moede-1.yaml:6:3: fejl: Ukendt person \"lise\": der er ingen person med det "
               "id under netvaerk.personer i sag.yaml.\n" R03,
               "R57: an unknown referent");
    MOEDE_CASE("{hvem: mette, senest", "{hvem: kasper, senest",
               "t/moede-1.yaml:19:22: fejl: Ukendt person \"kasper\": der er ingen person med "
               "det id under netvaerk.personer i sag.yaml.\n" R03,
               "R57: an unknown tilbagemelding.hvem");
    MOEDE_CASE("  maal:\n", "  inviterede: [mette, den-unge]\n  maal:\n",
               "t/moede-1.yaml:6:23: fejl: Her skal stå id'et på en person fra netværket; "
               "\"den-unge\" kan kun bruges som ansvarlig for en handling og som rolle under "
               "deltagelse.\n" R03,
               "R57: den-unge cannot be invited like a person");
    MOEDE_CASE("  deltagelse: [{rolle: den-unge, deltog: ja}, {person: mette, deltog: ja}]\n",
               "  deltagelse:\n    - {person: den-unge, deltog: ja}\n"
               "    - {rolle: den-unge, deltog: ja}\n    - {person: ole, deltog: nej}\n",
               "t/moede-1.yaml:28:8: fejl: Den unges egen række skrives med rolle: den-unge, "
               "ikke med person: den-unge.\n"
               "t/moede-1.yaml:30:8: fejl: Ukendt person \"ole\": der er ingen person med det id "
               "under netvaerk.personer i sag.yaml.\n" R03,
               "R57: deltagelse");
    SAG_CASE("  kombination: uden-bostoette\n", "  kombination: cti\n",
             "t/sag.yaml:5:3: fejl: Sagen er visiteret til bostøtte efter CTI-metoden "
             "(kombination: cti), men der er ingen bostøttemedarbejder; skriv bostoette med "
             "metode: cti og medarbejder (id'et på bostøttemedarbejderen under "
             "netvaerk.personer).\n" R03,
             "R08: kombination cti without bostoette");
    {
        char *s = edit(MIN_SAG, "  kombination: uden-bostoette\n", "  kombination: cti\n");
        size_t n = strlen(s);
        sd_buf b = {0};
        sd_buf_append(&b, s, n);
        sd_buf_puts(&b, "bostoette:\n  metode: cti\n  medarbejder: jonas\n");
        EXPECT(check_sag(sd_buf_cstr(&b)),
               R03
               "t/sag.yaml:21:3: fejl: Ukendt person \"jonas\": der er ingen person med det id "
               "under netvaerk.personer i sag.yaml.\n",
               "R57: bostoette.medarbejder");
        sd_buf_free(&b);
        free(s);
    }
    {
        char *s = edit(MIN_SAG, "  status: aktiv\n", "  status: aktiv\n  x: 1\n");
        char *m = edit(MIN_MOEDE, "  maal:\n", "  referent: lise\n  maal:\n");
        EXPECT(check_files("sag.yaml", s, "moede-1.yaml", m, NULL),
               "t/sag.yaml:8:3: fejl: Feltet \"x\" kendes ikke under \"sag\"; tjek stavningen.\n",
               "R57 and R38 wait until sag.yaml passes its schema");
        free(s);
        free(m);
    }
}

static void test_meeting(void)
{
    MOEDE_CASE("naeste_moede: {dato: 2026-06-09", "naeste_moede: {dato: 2026-03-10",
               "t/moede-1.yaml:21:20: fejl: Næste møde skal ligge efter dette møde "
               "(10. marts 2026).\n" R03,
               "R32: the next meeting on the same day");
    MOEDE_CASE("    tilbagemelding: {hvem: mette, senest: 2026-03-12}\n", "",
               "t/moede-1.yaml:18:3: fejl: Skriv hvem der giver den unge tilbagemelding "
               "efter mødet (opgaver.tilbagemelding.hvem).\n" R03,
               "R33: no feedback (reported at opgaver)");
    MOEDE_CASE("{hvem: mette, senest: 2026-03-12}", "{senest: 2026-03-12}",
               "t/moede-1.yaml:19:5: fejl: Skriv hvem der giver den unge tilbagemelding "
               "efter mødet (opgaver.tilbagemelding.hvem).\n" R03,
               "R33: no one to give the feedback");
    MOEDE_CASE("senest: 2026-03-12}", "senest: 2026-03-13}",
               "t/moede-1.yaml:19:35: fejl: Tilbagemeldingen til den unge skal gives senest "
               "to dage efter mødet (senest 12. marts 2026).\n" R03,
               "R33: three days after");
    MOEDE_CASE("senest: 2026-03-12}", "senest: 2026-03-09}",
               "t/moede-1.yaml:19:35: fejl: Tilbagemeldingen til den unge kan ikke ligge før "
               "mødet (10. marts 2026).\n" R03,
               "R33: before the meeting");
    MOEDE_CASE("    oeje_paa: {hvem: bo, akut: \"Ring til Bo\"}\n", "",
               "t/moede-1.yaml:18:3: fejl: Skriv hvem der har ”øje” på den unge indtil næste "
               "møde (opgaver.oeje_paa.hvem).\n"
               "t/moede-1.yaml:18:3: fejl: Skriv hvem den unge kan kontakte, hvis planen ikke "
               "holder, eller noget akut opstår (opgaver.oeje_paa.akut).\n" R03,
               "R34: no eye at all");
    MOEDE_CASE("{hvem: bo, akut: \"Ring til Bo\"}", "{akut: \"Ring til Bo\"}",
               "t/moede-1.yaml:20:5: fejl: Skriv hvem der har ”øje” på den unge indtil næste "
               "møde (opgaver.oeje_paa.hvem).\n" R03,
               "R34: no one keeps an eye");
    MOEDE_CASE("{hvem: bo, akut: \"Ring til Bo\"}", "{hvem: bo}",
               "t/moede-1.yaml:20:5: fejl: Skriv hvem den unge kan kontakte, hvis planen "
               "ikke holder, eller noget akut opstår (opgaver.oeje_paa.akut).\n" R03,
               "R34: no one to call");
    MOEDE_CASE("  godkendt_af_ung: 2026-03-11\n  udsendt: 2026-03-11\n", "",
               "t/moede-1.yaml:1:1: advarsel: Mål- og aftaleskemaet er ikke godkendt af den "
               "unge og må ikke rundsendes endnu; det udskrives som udkast.\n" R03,
               "R43: a draft (warning)");
    MOEDE_CASE("  godkendt_af_ung: 2026-03-11\n", "",
               "t/moede-1.yaml:22:3: fejl: Mål- og aftaleskemaet er sendt ud, men ikke "
               "godkendt af den unge (godkendt_af_ung mangler).\n" R03,
               "R43: sent without approval");
    MOEDE_CASE("  godkendt_af_ung: 2026-03-11\n", "  godkendt_af_ung: 2026-03-12\n",
               "t/moede-1.yaml:23:3: fejl: Skemaet er sendt ud (11. marts 2026), før den "
               "unge godkendte det (12. marts 2026).\n" R03,
               "R43: sent before approval");
    MOEDE_CASE("  godkendt_af_ung: 2026-03-11\n  udsendt: 2026-03-11\n",
               "  godkendt_af_ung: 2026-03-09\n  udsendt: 2026-03-09\n",
               "t/moede-1.yaml:22:3: fejl: Den unge kan ikke have godkendt skemaet før mødet "
               "(10. marts 2026).\n"
               "t/moede-1.yaml:23:3: fejl: Skemaet kan ikke være sendt ud før mødet "
               "(10. marts 2026).\n" R03,
               "R43: approved and sent before the meeting");
}

static void test_goals(void)
{
    MOEDE_CASE("      dato: 2026-03-10\n      maal:", "      maal:",
               "t/moede-1.yaml:7:7: fejl: Målet \"m1\" mangler dato (hvornår målet blev sat).\n" R03,
               "R37: a goal without a date");
    MOEDE_CASE("          dato: 2026-03-10\n", "",
               "t/moede-1.yaml:12:11: fejl: Delmålet \"m1a\" mangler dato (hvornår det "
               "gælder fra).\n" R03,
               "R37: a delmål without a date");
    MOEDE_CASE(", ansvarlig: [den-unge, mette]}", "}",
               "t/moede-1.yaml:7:7: fejl: Den unge skal stå som ansvarlig under hvert mål "
               "(målet \"Blive tømrer\").\n"
               "t/moede-1.yaml:16:15: fejl: Handlingen har ingen ansvarlig; skriv fx ansvarlig: "
               "[den-unge].\n" R03,
               "R38: no ansvarlig (and so R39)");
    MOEDE_CASE("ansvarlig: [den-unge, mette]", "ansvarlig: []",
               "t/moede-1.yaml:7:7: fejl: Den unge skal stå som ansvarlig under hvert mål "
               "(målet \"Blive tømrer\").\n"
               "t/moede-1.yaml:16:41: fejl: Handlingen har ingen ansvarlig; skriv fx ansvarlig: "
               "[den-unge].\n" R03,
               "R38: an empty ansvarlig list");
    MOEDE_CASE("ansvarlig: [den-unge, mette]", "ansvarlig: [den-unge, kasper]",
               "t/moede-1.yaml:16:63: fejl: Ukendt ansvarlig \"kasper\": der er ingen person "
               "med det id under netvaerk.personer i sag.yaml.\n" R03,
               "R38: an unknown ansvarlig");
    MOEDE_CASE("ansvarlig: [den-unge, mette]", "ansvarlig: [mette]",
               "t/moede-1.yaml:7:7: fejl: Den unge skal stå som ansvarlig under hvert mål "
               "(målet \"Blive tømrer\").\n" R03,
               "R39: the young person is not responsible under the goal");
    MOEDE_CASE("          opfoelgning: {dato: 2026-04-01, maade: moede}\n", "",
               "t/moede-1.yaml:12:11: fejl: Angiv hvornår og hvordan der følges op på "
               "delmålet \"m1a\" (opfoelgning med dato og maade).\n" R03,
               "R40: no follow-up");
    MOEDE_CASE("{dato: 2026-04-01, maade: moede}", "{maade: moede}",
               "t/moede-1.yaml:17:11: fejl: Angiv hvornår der følges op på delmålet \"m1a\" "
               "(opfoelgning.dato).\n" R03,
               "R40: no follow-up date");
    MOEDE_CASE("{dato: 2026-04-01, maade: moede}", "{dato: 2026-04-01}",
               "t/moede-1.yaml:17:11: fejl: Angiv hvordan der følges op på delmålet \"m1a\" "
               "(opfoelgning.maade: telefon, e-mail, moede, sms eller andet).\n" R03,
               "R40: no follow-up way");
    MOEDE_CASE("maade: moede}", "maade: andet}",
               "t/moede-1.yaml:17:43: fejl: Skriv hvordan der følges op (opfoelgning.tekst), "
               "når maade er \"andet\".\n" R03,
               "R40: andet needs a text");
    MOEDE_CASE("maade: moede}", "maade: andet, tekst: \"Brev\"}", R03,
               "R40: andet with a text");
    MOEDE_CASE("{dato: 2026-04-01,", "{dato: 2026-03-09,",
               "t/moede-1.yaml:17:25: fejl: Opfølgningen (9. marts 2026) ligger før "
               "delmålet er sat (10. marts 2026).\n" R03,
               "R41: follow-up before the delmål");
    MOEDE_CASE("maade: moede}\n", "maade: moede}\n          naaet: {svar: nej}\n",
               "t/moede-1.yaml:18:19: fejl: Angiv årsag, når delmålet ikke er nået "
               "(naaet.aarsag).\n" R03,
               "R42: not reached without a reason");
    MOEDE_CASE("maade: moede}\n", "maade: moede}\n          naaet: {svar: ja}\n", R03,
               "R42: reached needs no reason");
}

static const char SECOND_GOAL[] =
    "    - id: m2\n"
    "      tema: oekonomi\n"
    "      dato: 2026-03-10\n"
    "      maal: \"Styr på pengene\"\n"
    "      delmaal:\n"
    "        - id: m2a\n"
    "          dato: 2026-03-10\n"
    "          tekst: \"Budget\"\n"
    "          handlinger:\n"
    "            - {tekst: \"Lægger budget\", ansvarlig: [den-unge]}\n"
    "          opfoelgning: {dato: 2026-04-01, maade: sms}\n"
    "  opgaver:\n";

static void test_ids(void)
{
    char *two = edit(MIN_MOEDE, "  opgaver:\n", SECOND_GOAL);
    EXPECT(check_moede(two), R03, "two goals are fine");
    {
        char *m = edit(two, "    - id: m2\n", "    - id: m1\n");
        EXPECT(check_moede(m),
               "t/moede-1.yaml:18:7: fejl: Id'et \"m1\" er brugt af to mål i samme møde; "
               "giv hvert mål sit eget id.\n" R03,
               "R47: two goals with one id");
        free(m);
    }
    {
        char *m = edit(two, "        - id: m2a\n", "        - id: m1a\n");
        EXPECT(check_moede(m),
               "t/moede-1.yaml:23:11: fejl: Id'et \"m1a\" er brugt af to delmål i samme "
               "møde; giv hvert delmål sit eget id.\n" R03,
               "R47: two delmål with one id, under different goals");
        free(m);
    }
    {
        char *m = edit(two, "        - id: m2a\n", "        - id: m1\n");
        EXPECT(check_moede(m),
               "t/moede-1.yaml:23:11: fejl: Id'et \"m1\" er brugt både til et mål og et "
               "delmål; giv delmålet sit eget id.\n" R03,
               "R47: a delmål with a goal's id");
        free(m);
    }
    {
        /* meeting 2, later: the goal m1 has moved from uddannelse to arbejde */
        char *m2 = edit(MIN_MOEDE, "  nr: 1\n  type: netvaerksmoede\n  status: afholdt\n"
                        "  dato: 2026-03-10\n", "  nr: 2\n  type: netvaerksmoede\n"
                        "  status: afholdt\n  dato: 2026-03-11\n");
        char *m2h = edit(m2, " formoede: ja,", " formoede: ja, handleplan_fulgt_op: ja,");   /* R24 */
        free(m2);
        m2 = m2h;
        char *m2b = edit(m2, "      tema: uddannelse\n", "      tema: arbejde\n");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", m2b,
                           NULL),
               "t/moede-2.yaml:8:7: fejl: Målet \"m1\" havde tema \"uddannelse\" i møde nr. 1; et "
               "mål beholder sit tema, så giv et nyt mål et nyt id.\n" R03,
               "R47: a goal id keeps its tema in later meetings (reported in the later one)");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", m2,
                           NULL),
               R03, "R47: the same goal in two meetings");
        free(m2);
        free(m2b);
    }
    free(two);
}

/* ---- the engine: rule files, schemas, hardening ---- */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "cannot write %s", path);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    CHECK(in && out, "cannot copy %s", from);
    char buf[4096];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
}

/* A schema folder in /tmp: the real schemas, no rules, plus `rule_file`
 * (rules/x.xml) if given. Returns the folder; caller frees. */
static char *temp_schemas(const char *rule_file)
{
    char tmpl[] = "/tmp/sd-test-validate-XXXXXX";
    char *dir = sd_xstrdup(mkdtemp(tmpl));
    char path[512];
    const char *xsd[] = {"sag.xsd", "moede.xsd", "typer.xsd"};
    for (size_t i = 0; i < 3; i++) {
        char from[256];
        snprintf(from, sizeof from, SCHEMAS "/%s", xsd[i]);
        snprintf(path, sizeof path, "%s/%s", dir, xsd[i]);
        copy_file(from, path);
    }
    snprintf(path, sizeof path, "%s/rules", dir);
    mkdir(path, 0700);
    if (rule_file) {
        snprintf(path, sizeof path, "%s/rules/x.xml", dir);
        write_file(path, rule_file);
    }
    return dir;
}

/* Removes a folder made by temp_schemas and frees its name. */
static void remove_tree(char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(strncmp(dir, "/tmp/sd-test-validate-", 22) == 0 && system(cmd) == 0,
          "cannot remove %s", dir);
    free(dir);
}

/* sd_validator_new on a temp folder; returns the diagnostics with the folder
 * name replaced by "S". */
static char *new_validator_output(const char *dir, int *made)
{
    sd_diags *d = sd_diags_new();
    sd_validator *v = sd_validator_new(dir, d);
    *made = v != NULL;
    sd_validator_free(v);
    char *out = print_diags(d);
    sd_diags_free(d);
    sd_buf b = {0};
    size_t n = strlen(dir);
    for (const char *p = out; *p;) {
        if (strncmp(p, dir, n) == 0) {
            sd_buf_putc(&b, 'S');
            p += n;
        } else {
            sd_buf_putc(&b, *p++);
        }
    }
    free(out);
    return sd_buf_take(&b);
}

static void test_rule_files(void)
{
    int made;
    {
        sd_diags *d = sd_diags_new();
        sd_validator *v = sd_validator_new("no-such-folder", d);
        CHECK(v == NULL, "a missing schema folder fails");
        EXPECT(print_diags(d), "no-such-folder: fejl: Mappen med skemaer findes ikke.\n",
               "missing folder message");
        sd_diags_free(d);
    }
    {
        char *dir = temp_schemas(
            "<rules xmlns:sd=\"urn:samdoc\">\n"
            "  <rule id=\"T1\" severity=\"fejl\" context=\"sagsfil/ung\" assert=\"navn\"\n"
            "        message=\"{navn} findes.\"/>\n"
            "</rules>\n");
        EXPECT(new_validator_output(dir, &made), "", "a good rule file loads");
        CHECK(made, "validator made");
        remove_tree(dir);
    }
    {
        char *dir = temp_schemas(
            "<rules xmlns:sd=\"urn:samdoc\">\n"
            "  <rule id=\"T1\" severity=\"fejl\" context=\"sagsfil/[\" assert=\"1\" message=\"m\"/>\n"
            "  <rule id=\"T2\" severity=\"slem\" context=\"x\" assert=\"1\" message=\"m\"/>\n"
            "  <rule id=\"T3\" severity=\"fejl\" context=\"x\" message=\"m\"/>\n"
            "  <rule id=\"T4\" severity=\"fejl\" context=\"x\" assert=\"sd:dagg(.)\" message=\"m\"/>\n"
            "  <rule id=\"T5\" severity=\"fejl\" context=\"x\" assert=\"$i_dag\" message=\"m\"/>\n"
            "  <rule id=\"T6\" severity=\"fejl\" context=\"x\" assert=\"1\" message=\"{x\"/>\n"
            "  <rule id=\"T7\" severity=\"fejl\" context=\"x\" asert=\"1\" assert=\"1\" message=\"m\"/>\n"
            "  <regel/>\n"
            "  <rule id=\"T9\" severity=\"fejl\" context=\"x\" assert=\"cout(x) = 1\" message=\"m\"/>\n"
            "  <rule id=\"T10\" severity=\"fejl\" context=\"preceding-sibling::x | x[1] and (y)\"\n"
            "        assert=\"not(sd:dag('a(b') = $this) or count(node()) div (2) &lt; 1\" message=\"m {sd:dato(1)} {'}'}\"/>\n"
            "</rules>\n");
        EXPECT(new_validator_output(dir, &made),
               "S/rules/x.xml:2:1: fejl: XPath-udtrykket i context kan ikke oversættes: "
               "Invalid expression.\n"
               "S/rules/x.xml:3:1: fejl: severity skal være \"fejl\" eller \"advarsel\", ikke "
               "\"slem\".\n"
               "S/rules/x.xml:4:1: fejl: Reglen mangler attributten \"assert\".\n"
               "S/rules/x.xml:5:1: fejl: Ukendt funktion \"sd:dagg\" i XPath-udtrykket i assert.\n"
               "S/rules/x.xml:6:1: fejl: Ukendt variabel \"$i_dag\" i XPath-udtrykket i assert.\n"
               "S/rules/x.xml:7:1: fejl: Beskeden har en \"{\" uden XPath-udtryk og \"}\" efter.\n"
               "S/rules/x.xml:8:1: fejl: Ukendt attribut \"asert\" på <rule>.\n"
               "S/rules/x.xml:9:1: fejl: Ukendt element <regel>; en regelfil indeholder kun "
               "<rule>.\n"
               "S/rules/x.xml:10:1: fejl: Ukendt funktion \"cout\" i XPath-udtrykket i assert.\n",
               "broken rules are named by file and line; T10 is fine");
        CHECK(!made, "no validator from broken rules");
        remove_tree(dir);
    }
    {
        char *dir = temp_schemas("<rules><rule id='a' <</rules>");
        EXPECT(new_validator_output(dir, &made),
               "S/rules/x.xml:1:1: fejl: Regelfilen kan ikke læses: error parsing attribute "
               "name\n",
               "a rule file that is not XML");
        remove_tree(dir);
    }
    {
        char *dir = temp_schemas("<!DOCTYPE rules [<!ENTITY e SYSTEM \"/etc/passwd\">]>\n"
                                 "<rules>&e;</rules>\n");
        EXPECT(new_validator_output(dir, &made),
               "S/rules/x.xml: fejl: Regelfilen må ikke have en DOCTYPE-erklæring.\n",
               "a rule file with a DOCTYPE (an external entity) is refused");
        remove_tree(dir);
    }
    {
        char *dir = temp_schemas(NULL);
        char path[512];
        snprintf(path, sizeof path, "%s/moede.xsd", dir);
        remove(path);
        EXPECT(new_validator_output(dir, &made), "S/moede.xsd: fejl: Skemaet mangler.\n",
               "a missing schema");
        CHECK(!made, "no validator without moede.xsd");
        snprintf(path, sizeof path, "%s/moede.xsd", dir);
        write_file(path, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
                         "  <xs:element name=\"moedefil\" type=\"ingen\"/>\n</xs:schema>\n");
        EXPECT(new_validator_output(dir, &made),
               "S/moede.xsd:2:1: fejl: Skemaet kan ikke oversættes: element decl. 'moedefil', "
               "attribute 'type': The QName value 'ingen' does not resolve to a(n) type "
               "definition.\n",
               "a broken schema");
        write_file(path, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
                         "  <xs:include schemaLocation=\"../evil.xsd\"/>\n"
                         "  <xs:element name=\"moedefil\"/>\n</xs:schema>\n");
        EXPECT(new_validator_output(dir, &made),
               "S/moede.xsd:2:1: fejl: Skemaet må kun inkludere filer i samme mappe "
               "(xs:include schemaLocation=\"../evil.xsd\").\n",
               "an include outside the schema folder");
        /* xs:import goes straight to libxml2: the entity loader must refuse it */
        char outside[600];
        snprintf(outside, sizeof outside, "%s-outside.xsd", dir);
        write_file(outside, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
                            "targetNamespace=\"urn:x\"><xs:element name=\"x\"/></xs:schema>\n");
        char text[1200];
        snprintf(text, sizeof text,
                 "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
                 "  <xs:import namespace=\"urn:x\" schemaLocation=\"%s\"/>\n"
                 "  <xs:element name=\"moedefil\"/>\n</xs:schema>\n", outside);
        write_file(path, text);
        char *got = new_validator_output(dir, &made);
        CHECK(!made && strstr(got, "S/moede.xsd:2:1: fejl: Skemaet kan ikke oversættes: "),
              "an import from outside the schema folder is refused: %s", got);
        free(got);
        remove(outside);
        remove_tree(dir);
    }
}

/* ---- sag.id (SAGSNR) ---- */

#define SAGSNR "t/sag.yaml:2:3: fejl: Sagsnummeret (sag.id) må ikke indeholde et CPR-nummer " \
    "eller den unges navn, fordi det bruges i filnavne og sidefødder. Brug kommunens " \
    "journalnummer, fx \"2026-0147\".\n"

/* MIN_SAG with the id `id` and one more edit (from → to; from NULL: none). */
static char *check_sag_id(const char *id, const char *from, const char *to)
{
    char line[128];
    snprintf(line, sizeof line, "  id: \"%s\"\n", id);
    char *s = edit(MIN_SAG, "  id: \"T-1\"\n", line);
    if (from) {
        char *t = edit(s, from, to);
        free(s);
        s = t;
    }
    char *out = check_sag(s);
    free(s);
    return out;
}

static void test_sagsnr(void)
{
    /* (a) a CPR number, however it is typed */
    EXPECT(check_sag_id("120503-4321", NULL, NULL), SAGSNR R03, "(a) a CPR number");
    EXPECT(check_sag_id("1205034321", NULL, NULL), SAGSNR R03, "(a) without hyphen");
    EXPECT(check_sag_id("12-05-03-43-21", NULL, NULL), SAGSNR R03, "(a) in pairs");
    EXPECT(check_sag_id("S2026-1205034321", NULL, NULL), SAGSNR R03, "(a) inside an id");
    EXPECT(check_sag_id("120503-XXXX", NULL, NULL), SAGSNR R03, "(a) masked");
    EXPECT(check_sag_id("2026-1205034321x", NULL, NULL), SAGSNR R03, "(a) digits after a group");
    EXPECT(check_sag_id("310203-4321", NULL, NULL), R03, "(a) 31 February is no date");
    EXPECT(check_sag_id("2026-0147-0003", NULL, NULL), R03,
           "(a) a journal number with 12 digits: no CPR starts at a group of digits");
    EXPECT(check_sag_id("2026-014700", NULL, NULL), R03, "(a) 20/26 is no date");
    /* (b) the birth date of ung.cpr (010203) */
    EXPECT(check_sag_id("K-010203", NULL, NULL), SAGSNR R03, "(b) DDMMYY of ung.cpr");
    EXPECT(check_sag_id("2026-0102-03", NULL, NULL), SAGSNR R03, "(b) with hyphens in it");
    EXPECT(check_sag_id("2026-0102", NULL, NULL), R03, "(b) only part of DDMMYY");
    EXPECT(check_sag_id("K-0102034321", "  cpr: \"010203-XXXX\"\n", "  cpr: \"0102034321\"\n"),
           SAGSNR, "(a) and (b): the full number of the young person");
    /* (c) a name of ung.navn (Test Testesen) or ung.kaldenavn */
    EXPECT(check_sag_id("TEST-1", NULL, NULL), SAGSNR R03, "(c) the first name, upper case");
    EXPECT(check_sag_id("2026-testesen", NULL, NULL), SAGSNR R03, "(c) the surname");
    EXPECT(check_sag_id("TES-1", NULL, NULL), R03, "(c) part of a name is no name");
    EXPECT(check_sag_id("BO-LI-1", "  navn: Test Testesen\n", "  navn: Bo Li\n"), R03,
           "(c) words of fewer than 3 letters do not count");
    EXPECT(check_sag_id("ALI-1", "  navn: Test Testesen\n", "  navn: Ali Bo-Hansen\n"),
           SAGSNR R03, "(c) a 3-letter name");
    EXPECT(check_sag_id("HANSEN-1", "  navn: Test Testesen\n", "  navn: Ali Bo-Hansen\n"),
           SAGSNR R03, "(c) a name after a hyphen");
    EXPECT(check_sag_id("2026-TESS", "  navn: Test Testesen\n",
                        "  navn: Test Testesen\n  kaldenavn: Tess\n"),
           SAGSNR "t/sag.yaml:11:3: advarsel: CPR-nummeret er maskeret (XXXX); sagen behandles "
           "som fiktiv.\n", "(c) the kaldenavn");

    /* the C functions behind sd:ligner-cpr and sd:indeholder-ord */
    CHECK(sd_looks_like_cpr("23 08 06 42 34"), "ligner-cpr: spaces");
    CHECK(sd_looks_like_cpr("23.08.06-4234"), "ligner-cpr: dots");
    CHECK(sd_looks_like_cpr("230806\xc2\xa0" "4234"), "ligner-cpr: no-break space");
    CHECK(sd_looks_like_cpr("230806\xe2\x80\x93" "4234"), "ligner-cpr: en dash");
    CHECK(sd_looks_like_cpr("cpr 230806-xxxx"), "ligner-cpr: masked, lower case");
    CHECK(!sd_looks_like_cpr("230806-42"), "ligner-cpr: too short");
    CHECK(!sd_looks_like_cpr("290200-1234"), "ligner-cpr: 29.02.1900 (7th digit 1) is no date");
    CHECK(sd_looks_like_cpr("290200-4234"), "ligner-cpr: 29.02.2000 (7th digit 4) is");
    CHECK(!sd_looks_like_cpr(""), "ligner-cpr: empty");
    CHECK(sd_contains_word("ÅSE-1", "Åse Ærendsdatter"), "indeholder-ord: Å and å");
    CHECK(sd_contains_word("x-ærendsdatter", "Åse Ærendsdatter"), "indeholder-ord: Æ and æ");
    CHECK(sd_contains_word("oneil", "Anne O'Neil"), "indeholder-ord: split at '");
    CHECK(!sd_contains_word("ann", "Anne"), "indeholder-ord: the whole word");
    CHECK(!sd_contains_word("2026-0147", "Bo Li"), "indeholder-ord: short words");
    CHECK(!sd_contains_word("abc", ""), "indeholder-ord: no words");
    CHECK(!sd_contains_word("abc", "\xc3"), "indeholder-ord: a cut UTF-8 sequence");
    CHECK(sd_has_cpr_digits("23 08 06 42 34") && sd_has_cpr_digits("23.08.06") &&
          sd_has_cpr_digits("230806-XXXX") && !sd_has_cpr_digits("12 34 5") &&
          !sd_has_cpr_digits("10. marts 2026"),
          "has-cpr-digits");
}

/* ---- never echo a CPR number ---- */

static void test_no_cpr_echo(void)
{
    MOEDE_CASE("maade: moede}", "maade: \"23 08 06 42 34\"}",
               "t/moede-1.yaml:17:43: fejl: Ukendt værdi i \"maade\". Brug en af: telefon, "
               "e-mail, moede, sms, andet.\n" R03,
               "a CPR number typed with spaces is not echoed");
    MOEDE_CASE("maade: moede}", "maade: \"23.08.06\"}",
               "t/moede-1.yaml:17:43: fejl: Ukendt værdi i \"maade\". Brug en af: telefon, "
               "e-mail, moede, sms, andet.\n" R03,
               "nor a birth date with dots");
    MOEDE_CASE("maade: moede}", "maade: \"230806 XXXX\"}",
               "t/moede-1.yaml:17:43: fejl: Ukendt værdi i \"maade\". Brug en af: telefon, "
               "e-mail, moede, sms, andet.\n" R03,
               "nor a masked one");
    MOEDE_CASE("maade: moede}", "maade: \"12 34 5\"}",
               "t/moede-1.yaml:17:43: fejl: Ukendt værdi \"12 34 5\" i \"maade\". Brug en af: "
               "telefon, e-mail, moede, sms, andet.\n" R03,
               "five digits are shown");
    {
        char *m = edit(MIN_PLANLAGT, "  inviterede: [mette, bo]\n",
                       "  inviterede: [mette, 23-08-06-42-34]\n");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-2.yaml", m, NULL),
               "t/moede-2.yaml:7:23: fejl: Ukendt person \"…\": der er ingen person med det "
               "id under netvaerk.personer i sag.yaml.\n" R03,
               "a rule message does not echo an id that holds a CPR number");
        free(m);
    }
    MOEDE_CASE("  udsendt: 2026-03-11\n", "  udsendt: 2026-03-11\n  x23-08-06-42-34: 1\n",
               "t/moede-1.yaml:24:3: fejl: Feltet \"…\" kendes ikke under \"moede\"; "
               "tjek stavningen.\n" R03,
               "nor does the message on an unknown key");
}

/* ---- at most 50 diagnostics per file ---- */

#define TOO_MANY(file) file ": fejl: Der er mere end 50 fejl i filen; kun de første er vist. " \
    "Ret dem, og prøv igen.\n"

/* MIN_PLANLAGT with `n` entries `entry` in inviterede (block style). */
static char *planned_with(size_t n, const char *entry)
{
    sd_buf b = {0};
    sd_buf_puts(&b, "  inviterede:\n");
    for (size_t i = 0; i < n; i++)
        sd_buf_printf(&b, "  - %s\n", entry);
    char *list = sd_buf_take(&b);
    char *m = edit(MIN_PLANLAGT, "  inviterede: [mette, bo]\n", list);
    free(list);
    return m;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_too_many(void)
{
    /* schema: exactly 50 errors are all told */
    char *m = planned_with(50, "A");
    char *got = check_files("sag.yaml", MIN_SAG, "moede-2.yaml", m, NULL);
    CHECK(count_lines(got) == 51 && !strstr(got, "mere end 50"), "50 schema errors, no summary");
    free(got);
    free(m);
    /* 51: 50 and the summary, which comes first (line 0) */
    m = planned_with(51, "A");
    got = check_files("sag.yaml", MIN_SAG, "moede-2.yaml", m, NULL);
    CHECK(count_lines(got) == 52, "51 schema errors: 50 and the summary, got %zu lines",
          count_lines(got));
    CHECK(strncmp(got, TOO_MANY("t/moede-2.yaml"), strlen(TOO_MANY("t/moede-2.yaml"))) == 0,
          "the summary first");
    CHECK(strstr(got, "punkt 50 i \"inviterede\"") && !strstr(got, "punkt 51 i"),
          "the first 50 are told");
    free(got);
    free(m);
    /* a long list: bounded output, and quick (was quadratic) */
    m = planned_with(20000, "A");
    got = check_files("sag.yaml", MIN_SAG, "moede-2.yaml", m, NULL);
    CHECK(count_lines(got) == 52, "20000 schema errors: 52 lines, got %zu", count_lines(got));
    CHECK(strstr(got, "t/moede-2.yaml:57:5: fejl: Skriv et id i punkt 50 i \"inviterede\"") != NULL,
          "the 50th is told with its number and line");
    free(got);
    free(m);
    /* rules: 60 unknown persons; the den-unge at the end is not reached */
    m = planned_with(60, "nn");
    char *m2 = edit(m, "  referent: mette\n", "  - den-unge\n  referent: mette\n");
    got = check_files("sag.yaml", MIN_SAG, "moede-2.yaml", m2, NULL);
    CHECK(count_lines(got) == 52, "60 rule errors: R03, summary and 50, got %zu lines",
          count_lines(got));
    CHECK(strstr(got, TOO_MANY("t/moede-2.yaml")) &&
          strstr(got, "t/moede-2.yaml:57:5: fejl: Ukendt person \"nn\"") &&
          !strstr(got, "t/moede-2.yaml:58:5:") && !strstr(got, "den-unge"),
          "the first 50 rule errors and the summary");
    free(got);
    free(m2);
    free(m);
    /* a file taken out for the rules is back in its place afterwards */
    {
        m = planned_with(60, "nn");
        sd_diags *d = sd_diags_new();
        sd_records *r = sd_records_new("t");
        sd_load_buffer(r, "t/moede-2.yaml", (const unsigned char *)m, strlen(m), "moedefil", d);
        sd_load_buffer(r, "t/sag.yaml", (const unsigned char *)MIN_SAG, strlen(MIN_SAG),
                       "sagsfil", d);
        sd_load_buffer(r, "t/moede-3.yaml", (const unsigned char *)MIN_PLANLAGT,
                       strlen(MIN_PLANLAGT), "moedefil", d);
        sd_validate(V, r, REF_DAY, d);
        const char *order[] = {"t/moede-2.yaml", "t/sag.yaml", "t/moede-3.yaml"};
        size_t i = 0;
        for (xmlNodePtr f = sd_records_root(r)->children; f; f = f->next, i++) {
            xmlChar *fil = xmlGetProp(f, BAD_CAST "fil");
            CHECK(i < 3 && fil && strcmp((char *)fil, order[i]) == 0,
                  "file %zu back in place after the rules", i);
            xmlFree(fil);
        }
        CHECK(i == 3, "all three file elements are back");
        sd_records_free(r);
        sd_diags_free(d);
        free(m);
    }
    /* the limit is per file: the sag file is still checked */
    m = planned_with(60, "nn");
    char *s = edit(MIN_SAG, "  id: \"T-1\"\n", "  id: \"TEST-1\"\n");
    got = check_files("sag.yaml", s, "moede-2.yaml", m, NULL);
    CHECK(strstr(got, SAGSNR) != NULL, "another file's rules still run");
    free(got);
    free(s);
    free(m);
}

/* A rule that breaks at run time is reported once, naming its file and line. */
static void test_runtime_error(void)
{
    char *dir = temp_schemas(
        "<rules xmlns:sd=\"urn:samdoc\">\n"
        "  <rule id=\"T1\" severity=\"fejl\" context=\"count(sagsfil)\" assert=\"1\" message=\"m\"/>\n"
        "  <rule id=\"T2\" severity=\"fejl\" context=\"sagsfil/sag/*\" assert=\"sd:format('nej', .)\"\n"
        "        message=\"m\"/>\n"
        "</rules>\n");
    sd_diags *d = sd_diags_new();
    sd_validator *v = sd_validator_new(dir, d);
    CHECK(v != NULL, "validator made");
    if (v) {
        sd_records *r = sd_records_new("t");
        sd_load_buffer(r, "t/sag.yaml", (const unsigned char *)MIN_SAG, strlen(MIN_SAG),
                       "sagsfil", d);
        int errors = sd_validate(v, r, REF_DAY, d);
        CHECK(errors == 2, "two rule errors, got %d", errors);
        char *got = print_diags(d);
        char want[1024];
        snprintf(want, sizeof want,
                 "%s/rules/x.xml:2:1: fejl: Reglen T1 kunne ikke udføres (context): resultatet "
                 "har forkert type.\n"
                 "%s/rules/x.xml:3:1: fejl: Reglen T2 kunne ikke udføres (assert): Invalid "
                 "number of arguments.\n", dir, dir);
        CHECK_STR(got, want, "runtime errors");
        free(got);
        sd_records_free(r);
    }
    sd_validator_free(v);
    sd_diags_free(d);
    remove_tree(dir);
}

/* Failing files are out of the rules' sight, and back in place afterwards;
 * an unknown file element is an error. */
static void test_tree_restored(void)
{
    sd_diags *d = sd_diags_new();
    sd_records *r = sd_records_new("t");
    char *bad = edit(MIN_MOEDE, "  nr: 1\n", "  nr: en\n  ekstra: 1\n");
    sd_load_buffer(r, "t/moede-0.yaml", (const unsigned char *)MIN_MOEDE, strlen(MIN_MOEDE),
                   "moedefil", d);
    sd_load_buffer(r, "t/moede-1.yaml", (const unsigned char *)bad, strlen(bad), "moedefil", d);
    sd_load_buffer(r, "t/sag.yaml", (const unsigned char *)MIN_SAG, strlen(MIN_SAG),
                   "sagsfil", d);
    sd_load_buffer(r, "t/diplom.yaml", (const unsigned char *)"diplom:\n  forloeb: cti\n", 23,
                   "ukendtfil", d);
    sd_validate(V, r, REF_DAY, d);
    char *got = print_diags(d);
    CHECK_STR(got,
              "t/diplom.yaml: fejl: Filen kan ikke kontrolleres: der er intet skema for "
              "<ukendtfil> i skemamappen.\n"
              "t/moede-1.yaml:2:3: fejl: Skriv et helt tal fra 1 til 9999 i \"nr\", fx 2.\n"
              "t/moede-1.yaml:3:3: fejl: Feltet \"ekstra\" kendes ikke under \"moede\"; tjek "
              "stavningen.\n"
              R03,
              "unknown file element; the failing meeting gets no rule messages");
    free(got);
    const char *order[] = {"t/moede-0.yaml", "t/moede-1.yaml", "t/sag.yaml", "t/diplom.yaml"};
    size_t i = 0;
    for (xmlNodePtr f = sd_records_root(r)->children; f; f = f->next, i++) {
        xmlChar *fil = xmlGetProp(f, BAD_CAST "fil");
        CHECK(i < 4 && fil && strcmp((char *)fil, order[i]) == 0, "file %zu back in place", i);
        xmlFree(fil);
    }
    CHECK(i == 4, "all four file elements are back");
    size_t numbered = 0;
    for (xmlNodePtr n = sd_records_root(r); n;) {
        numbered += n->type == XML_ELEMENT_NODE && n->content != NULL;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent;
        n = n ? n->next : NULL;
    }
    CHECK(numbered == 0, "no element keeps the order numbers of the rules (%zu do)", numbered);
    xmlNodePtr moede = sd_records_root(r)->children->next->children;
    CHECK(moede && moede->children && moede->children->next &&
          xmlStrEqual(moede->children->next->name, BAD_CAST "ekstra"),
          "the unexpected key is back in place too");
    free(bad);
    sd_records_free(r);
    sd_diags_free(d);
}

/* ---- the checklist and the course of meetings (tjekliste.xml, forloeb.xml) ---- */

/* MIN_MOEDE as meeting `nr` on `dato` (2026-03-10 or -11: the dates of the
 * tasks and the approval must still fit), with question 2.3 from nr 2 on
 * (R24). Caller frees. */
static char *held(int nr, const char *dato)
{
    char head[160];
    snprintf(head, sizeof head, "  nr: %d\n  type: netvaerksmoede\n  status: afholdt\n"
             "  dato: %s\n", nr, dato);
    char *a = edit(MIN_MOEDE, "  nr: 1\n  type: netvaerksmoede\n  status: afholdt\n"
                   "  dato: 2026-03-10\n", head);
    if (nr == 1)
        return a;
    char *b = edit(a, " formoede: ja,", " formoede: ja, handleplan_fulgt_op: ja,");
    free(a);
    return b;
}

/* A cancelled or planned meeting `nr` on `dato`. Caller frees. */
static char *not_held(const char *status, int nr, const char *dato)
{
    char *m = sd_xmalloc(512);
    if (strcmp(status, "aflyst") == 0)
        snprintf(m, 512, "moede:\n  nr: %d\n  type: netvaerksmoede\n  status: aflyst\n"
                 "  dato: %s\n  aflysning: {aarsag: den-unge-er-syg}\n", nr, dato);
    else
        snprintf(m, 512, "moede:\n  nr: %d\n  type: netvaerksmoede\n  status: planlagt\n"
                 "  dato: %s\n  tid: {fra: \"13:00\"}\n  inviterede: [mette]\n  sted: \"Her\"\n"
                 "  formaal: \"Aftale næste skridt\"\n  emner: [\"Bolig\"]\n", nr, dato);
    return m;
}

static void test_checklist(void)
{
    /* R19: the VIP of sag.yaml against section 3 */
    MOEDE_CASE("vip: {har_vip: nej}", "vip: {har_vip: ja, fra: privat, hvem: Bo}",
               "t/moede-1.yaml:26:9: advarsel: Tjeklisten siger, at den unge har en VIP, men "
               "ingen person i netværket er markeret som VIP (vip: true i sag.yaml).\n" R03,
               "R19: a VIP on the checklist, none in the network");
    SAG_CASE("relation: træner,", "relation: træner, vip: true,",
             "t/moede-1.yaml:26:9: advarsel: Tjeklisten siger, at den unge ikke har en VIP, "
             "men Bo Andersen er markeret som VIP.\n" R03,
             "R19: a VIP in the network, none on the checklist");
    {
        char *s = edit(MIN_SAG, "relation: træner,", "relation: træner, vip: true,");
        char *m = edit(MIN_MOEDE, "vip: {har_vip: nej}",
                       "vip: {har_vip: ja, fra: professionelt, hvem: Bo}");
        EXPECT(check_files("sag.yaml", s, "moede-1.yaml", m, NULL),
               "t/moede-1.yaml:26:22: advarsel: Tjeklisten siger, at VIP'en kommer fra den "
               "unges professionelle netværk, men Bo Andersen står i netværket som privat "
               "person.\n" R03,
               "R19: fra professionelt, but the VIP is a private person");
        free(m);
        m = edit(MIN_MOEDE, "vip: {har_vip: nej}", "vip: {har_vip: ja, fra: privat, hvem: Bo}");
        EXPECT(check_files("sag.yaml", s, "moede-1.yaml", m, NULL), R03,
               "R19: the VIP agrees; as a VIP Bo is in the team, so no reason is asked (R27)");
        free(m);
        free(s);
    }

    /* R21 */
    {
        char *k = not_held("aflyst", 2, "2026-05-05");
        char *k1 = edit(k, "  aflysning: {aarsag: den-unge-er-syg}\n", "");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", k1,
                           NULL),
               "t/moede-2.yaml:4:3: fejl: Angiv årsag til aflysning (aflysning.aarsag: "
               "den-unge-udebliver, den-unge-er-syg, myndighedskoordinator-er-syg eller andet).\n"
               R03, "R21: a cancelled meeting without a reason");
        char *k2 = edit(k, "den-unge-er-syg", "andet");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", k2,
                           NULL),
               "t/moede-2.yaml:6:15: fejl: Skriv hvad årsagen til aflysningen er "
               "(aflysning.tekst), når aarsag er \"andet\".\n" R03,
               "R21: andet needs its text");
        free(k);
        free(k1);
        free(k2);
    }
    MOEDE_CASE("  status: afholdt\n", "  status: afholdt\n  aflysning: {aarsag: andet}\n",
               "t/moede-1.yaml:5:3: fejl: Kun et aflyst møde har en årsag til aflysning; fjern "
               "aflysning, eller skriv status: aflyst.\n" R03,
               "R21: a reason for cancelling on a held meeting");

    /* R22 */
    MOEDE_CASE("  status: afholdt\n", "  status: aflyst\n  aflysning: {aarsag: den-unge-er-syg}\n",
               "t/moede-1.yaml:7:3: fejl: Et aflyst møde kan ikke have deltagere, mål eller "
               "aftaler; fjern \"maal\".\n"
               "t/moede-1.yaml:19:3: fejl: Et aflyst møde kan ikke have deltagere, mål eller "
               "aftaler; fjern \"opgaver\".\n"
               "t/moede-1.yaml:28:3: fejl: Et aflyst møde kan ikke have deltagere, mål eller "
               "aftaler; fjern \"deltagelse\".\n"
               "t/moede-1.yaml:29:3: fejl: Et aflyst møde kan ikke have deltagere, mål eller "
               "aftaler; fjern \"afholdelse\".\n" R03,
               "R22: a cancelled meeting with the parts of a held one (preparation and VIP "
               "are allowed)");
    {
        char *p = edit(MIN_PLANLAGT, "  referent: mette\n", "  referent: mette\n  resume: \"x\"\n");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-2.yaml", p, NULL),
               "t/moede-2.yaml:9:3: fejl: Et planlagt møde har endnu ingen deltagere, mål "
               "eller aftaler; fjern \"resume\", eller skriv status: afholdt, hvis mødet er "
               "holdt.\n" R03,
               "R22: a planned meeting with a summary");
        free(p);
    }

    /* R23 */
    MOEDE_CASE("{rolle: den-unge, deltog: ja}", "{rolle: den-unge, deltog: nej}",
               "t/moede-1.yaml:27:34: fejl: Netværksmødet må ikke holdes uden den unge. "
               "Registrér mødet som aflyst med årsagen \"Den unge udebliver\" (status: aflyst, "
               "aflysning.aarsag: den-unge-udebliver).\n" R03,
               "R23: held without the young person");
    MOEDE_CASE("[{rolle: den-unge, deltog: ja}, ", "[",
               "t/moede-1.yaml:27:3: fejl: Angiv hvem der deltog i mødet (deltagelse), først "
               "den unge selv: - {rolle: den-unge, deltog: ja}.\n" R03,
               "R23: no row for the young person");

    /* R24 */
    MOEDE_CASE(" formoede: ja,", " formoede: ja, handleplan_fulgt_op: ja,",
               "t/moede-1.yaml:24:56: fejl: Spørgsmålet om handleplanen fra forrige møde "
               "(handleplan_fulgt_op) udfyldes ikke ved første netværksmøde; fjern det.\n" R03,
               "R24: question 2.3 at the first meeting");
    {
        char *m2 = held(2, "2026-03-11");
        char *m2x = edit(m2, " handleplan_fulgt_op: ja,", "");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", m2x,
                           NULL),
               "t/moede-2.yaml:24:3: fejl: Spørgsmålet om handleplanen fra forrige møde "
               "(forberedelse.handleplan_fulgt_op) skal besvares fra andet netværksmøde.\n" R03,
               "R24: question 2.3 unanswered at the second meeting");
        free(m2);
        free(m2x);
    }

    /* R25 */
    MOEDE_CASE(" behov: ja,", "",
               "t/moede-1.yaml:28:3: fejl: Besvar alle ni spørgsmål om afholdelsen af mødet "
               "(afholdelse); mangler: behov.\n" R03,
               "R25: a section-6 answer missing");
    MOEDE_CASE("  afholdelse: {ressourcer: ja, udfordringer: ja, behov: ja, tydelige_maal: ja,\n"
               "               ansvar_aftalt: ja, den_unge_bidrog: ja, den_unge_kender_opfoelgning: ja,\n"
               "               godt_afviklet: ja, alle_punkter: ja, varighed_min: 90}\n", "",
               "t/moede-1.yaml:4:3: fejl: Besvar alle ni spørgsmål om afholdelsen af mødet "
               "(afholdelse); mangler: ressourcer, udfordringer, behov, tydelige_maal, "
               "ansvar_aftalt, den_unge_bidrog, den_unge_kender_opfoelgning, godt_afviklet, "
               "alle_punkter.\n"
               "t/moede-1.yaml:4:3: advarsel: Angiv hvor mange minutter selve mødet varede "
               "(afholdelse.varighed_min).\n" R03,
               "R25: section 6 missing: all nine keys are listed, none cut short");
    MOEDE_CASE("{overleveringsskema: ja, formoede: ja,", "{",
               "t/moede-1.yaml:24:3: fejl: Besvar spørgsmålene om forberedelsen af mødet "
               "(forberedelse); mangler: overleveringsskema, formoede.\n" R03,
               "R25: section-2 answers missing");
    MOEDE_CASE("  vip: {har_vip: nej}\n", "",
               "t/moede-1.yaml:4:3: fejl: Besvar om den unge har en VIP (vip.har_vip: ja "
               "eller nej).\n" R03,
               "R25: question 3.1 missing");
    MOEDE_CASE("{person: mette, deltog: ja}", "{person: mette, rolle: myndighedskoordinator, deltog: ja}",
               "t/moede-1.yaml:27:47: fejl: Skriv enten person: (et id fra netværket) eller "
               "rolle: (fx den-unge) i hver række under deltagelse, ikke begge.\n" R03,
               "R25: a row with both person and rolle");
    MOEDE_CASE("{person: mette, deltog: ja}", "{deltog: ja}",
               "t/moede-1.yaml:27:47: fejl: Skriv enten person: (et id fra netværket) eller "
               "rolle: (fx den-unge) i hver række under deltagelse, ikke ingen af dem.\n" R03,
               "R25: a row with neither");

    /* R26 */
    MOEDE_CASE("vip: {har_vip: nej}", "vip: {har_vip: ja}",
               "t/moede-1.yaml:26:9: advarsel: Tjeklisten siger, at den unge har en VIP, men "
               "ingen person i netværket er markeret som VIP (vip: true i sag.yaml).\n"
               "t/moede-1.yaml:26:9: fejl: Angiv, hvor den unges VIP kommer fra (vip.fra: "
               "privat eller professionelt).\n"
               "t/moede-1.yaml:26:9: fejl: Angiv, hvem den unges VIP er (vip.hvem).\n" R03,
               "R26: har_vip ja without fra and hvem (and R19)");

    /* R27 */
    MOEDE_CASE("{person: mette, deltog: ja}]",
               "{person: mette, deltog: nej}, {person: bo, deltog: ja},\n"
               "               {rolle: bostoette, deltog: nej}, {rolle: psykolog, deltog: ja},\n"
               "               {rolle: andre, deltog: nej, hvorfor: \"Syg\"}]",
               "t/moede-1.yaml:27:47: advarsel: Skriv hvorfor Mette Holm ikke deltog "
               "(hvorfor).\n"
               "t/moede-1.yaml:27:77: advarsel: Skriv hvorfor Bo Andersen deltog (hvorfor); "
               "under Øvrige deltagere begrundes både deltagelse og fravær.\n"
               "t/moede-1.yaml:28:16: advarsel: Skriv hvorfor ingen fra rækken \"Bostøtte\" "
               "deltog (hvorfor).\n"
               "t/moede-1.yaml:28:49: advarsel: Skriv hvorfor der deltog en fra rækken "
               "\"Psykolog\" (hvorfor); under Øvrige deltagere begrundes både deltagelse og "
               "fravær.\n" R03,
               "R27: the team says why not; the others say why and why not");

    /* R28 */
    MOEDE_CASE("varighed_min: 90}", "varighed_min: 150}",
               "t/moede-1.yaml:30:53: advarsel: Mødet varede over to timer (2 timer og 30 "
               "minutter); et netværksmøde varer typisk én til to timer.\n" R03,
               "R28: over two hours");
    MOEDE_CASE("varighed_min: 90}", "varighed_min: 120}", R03, "R28: two hours is fine");
}

static void test_course(void)
{
    char *m2 = held(2, "2026-03-11"), *m3 = held(3, "2026-03-11");
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", m2,
                       "moede-3.yaml", m3, NULL),
           R03, "R20: 1, 2, 3; the same date goes by file order");
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-3.yaml", m3, NULL),
           "t/moede-3.yaml:2:3: advarsel: Netværksmøde nr. 2 mangler: efter nr. 1 kommer "
           "nr. 3.\n" R03,
           "R20: a gap (a warning: the file may just not be in the folder)");
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-2.yaml", m2, NULL),
           "t/moede-2.yaml:2:3: advarsel: Netværksmøde nr. 1 mangler: det første afholdte "
           "netværksmøde (11. marts 2026) har nr. 2.\n" R03,
           "R20: the first held meeting is not nr. 1");
    {
        char *again = held(1, "2026-03-11");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-1b.yaml", again,
                           NULL),
               "t/moede-1b.yaml:2:3: fejl: Der er to afholdte netværksmøder med nr. 1 "
               "(10. marts 2026 og 11. marts 2026); hvert afholdt møde har sit eget nummer. "
               "Kun et aflyst møde og mødet, der holdes i stedet, har samme nummer.\n" R03,
               "R20: a repeat, reported at the later meeting");
        char *first = held(2, "2026-03-10");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", first, "moede-2.yaml", again,
                           NULL),
               "t/moede-2.yaml:2:3: fejl: Netværksmøde nr. 1 (11. marts 2026) er holdt efter "
               "nr. 2 (10. marts 2026); afholdte møder nummereres i datoorden.\n" R03,
               "R20: numbers not in date order: one error, no gap warnings");
        free(again);
        free(first);
    }
    EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", m3,
                       "moede-3.yaml", m2, NULL),
           "t/moede-3.yaml:2:3: fejl: Netværksmøde nr. 2 (11. marts 2026) er holdt efter nr. 3 "
           "(11. marts 2026); afholdte møder nummereres i datoorden.\n" R03,
           "R20: on the same date, file order decides");
    {
        char *k = not_held("aflyst", 2, "2026-05-05");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2-aflyst.yaml",
                           k, NULL),
               R03, "R20: a cancelled meeting carries the next number");
        free(k);
        k = not_held("aflyst", 1, "2026-05-05");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2-aflyst.yaml",
                           k, NULL),
               "t/moede-2-aflyst.yaml:2:3: fejl: Det aflyste møde den 5. maj 2026 skal have "
               "nr. 2, det nummer det ville have fået efter nr. 1 (10. marts 2026); det møde, "
               "der holdes i stedet, får samme nummer.\n" R03,
               "R20: a cancelled meeting numbered like the held one before it");
        free(k);
        k = not_held("aflyst", 3, "2026-05-05");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2-aflyst.yaml",
                           k, NULL),
               "t/moede-2-aflyst.yaml:2:3: advarsel: Netværksmøde nr. 2 mangler: efter nr. 1 "
               "kommer det aflyste møde nr. 3 (5. maj 2026).\n" R03,
               "R20: a cancelled meeting that skips a number");
        free(k);
    }
    {
        char *p2 = not_held("planlagt", 2, "2026-12-08"), *p2b = not_held("planlagt", 2, "2026-12-15");
        char *p3 = not_held("planlagt", 3, "2026-12-15");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", p2,
                           "moede-3.yaml", p3, NULL),
               R03, "R20: planned meetings follow the held and the planned ones before them");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-2.yaml", p2,
                           "moede-3.yaml", p2b, NULL),
               "t/moede-3.yaml:2:3: fejl: Det planlagte møde den 15. december 2026 skal have "
               "nr. 3, nummeret efter nr. 2 (8. december 2026).\n" R03,
               "R20: two planned meetings with one number");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-1.yaml", MIN_MOEDE, "moede-3.yaml", p3,
                           NULL),
               "t/moede-3.yaml:2:3: advarsel: Netværksmøde nr. 2 mangler: efter nr. 1 kommer "
               "det planlagte møde nr. 3 (15. december 2026).\n" R03,
               "R20: a planned meeting that skips a number");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-3.yaml", p3, NULL),
               "t/moede-3.yaml:2:3: advarsel: Netværksmøde nr. 1 mangler: det første møde er "
               "det planlagte møde nr. 3 (15. december 2026).\n" R03,
               "R20: a planned meeting and nothing before it");
        free(p2);
        free(p2b);
        free(p3);
    }
    free(m2);
    free(m3);

    /* R29 */
    {
        char *p = edit(MIN_PLANLAGT, "2026-12-08", "2026-11-17");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-2.yaml", p, NULL),
               "t/moede-2.yaml:4:3: advarsel: Mødet står som planlagt, men datoen er passeret "
               "(17. november 2026); skriv status: afholdt eller aflyst.\n" R03,
               "R29: planned in the past");
        free(p);
        p = edit(MIN_PLANLAGT, "2026-12-08", "2026-11-23");
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-2.yaml", p, NULL), R03,
               "R29: planned for today");
        free(p);
        long ref = REF_DAY;
        REF_DAY = sd_date_parse("2026-03-09");
        EXPECT(check_moede(MIN_MOEDE),
               "t/moede-1.yaml:4:3: advarsel: Mødet står som afholdt, men datoen ligger i "
               "fremtiden (10. marts 2026).\n" R03,
               "R29: held in the future (reference date 9 March)");
        REF_DAY = ref;
    }

    /* R30 */
    {
        static const struct {
            const char *dato, *want;
        } days[] = {
            {"2026-12-12", "12. december 2026 er en lørdag."},
            {"2026-12-13", "13. december 2026 er en søndag."},
            {"2026-12-24", "24. december 2026 er juleaftensdag."},
            {"2026-12-25", "25. december 2026 er juledag."},
            {"2027-03-29", "29. marts 2027 er 2. påskedag."},
            {"2027-06-05", "5. juni 2027 er grundlovsdag."},   /* a holiday before a lørdag */
            {"2028-06-05", "5. juni 2028 er 2. pinsedag."},   /* and grundlovsdag */
            {"2027-05-06", "6. maj 2027 er Kristi himmelfartsdag."},
        };
        for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
            char *p = edit(MIN_PLANLAGT, "2026-12-08", days[i].dato);
            char want[256];
            snprintf(want, sizeof want, "t/moede-2.yaml:5:3: advarsel: %s\n" R03, days[i].want);
            EXPECT(check_files("sag.yaml", MIN_SAG, "moede-2.yaml", p, NULL), want,
                   "R30: %s", days[i].dato);
            free(p);
        }
        char *p = edit(MIN_PLANLAGT, "2026-12-08", "2027-04-23");   /* store bededag until 2023 */
        EXPECT(check_files("sag.yaml", MIN_SAG, "moede-2.yaml", p, NULL), R03,
               "R30: store bededag is a working day from 2024");
        free(p);
    }

    /* R31 */
    MOEDE_CASE("naeste_moede: {dato: 2026-06-09", "naeste_moede: {dato: 2026-07-11",
               "t/moede-1.yaml:21:20: advarsel: Næste møde (11. juli 2026) ligger mere end fire "
               "måneder efter dette møde; der skal holdes mindst tre netværksmøder om året, så "
               "næste møde bør ligge senest 10. juli 2026.\n" R03,
               "R31: the next meeting more than four months later");
    MOEDE_CASE("naeste_moede: {dato: 2026-06-09", "naeste_moede: {dato: 2026-07-10", R03,
               "R31: four months is fine");
    {
        long ref = REF_DAY;
        REF_DAY = sd_date_parse("2027-01-19");
        EXPECT(check_moede(MIN_MOEDE), R03, "R31: the first year is not over on 19 January");
        REF_DAY = sd_date_parse("2027-01-20");
        EXPECT(check_moede(MIN_MOEDE),
               "t/sag.yaml:6:3: advarsel: Der skal holdes mindst tre netværksmøder om året, men "
               "i året fra 20. januar 2026 til 19. januar 2027 blev der holdt 1.\n" R03,
               "R31: one meeting in the first year");
        char *s = edit(MIN_SAG, "  status: aktiv\n",
                       "  status: afsluttet\n"
                       "  afsluttet: {dato: 2027-01-19, besluttet_med_den_unge: true}\n");
        char *m = edit(MIN_MOEDE, "  type: netvaerksmoede\n", "  type: afsluttende\n");
        EXPECT(check_files("sag.yaml", s, "moede-1.yaml", m, NULL),
               "t/sag.yaml:11:3: advarsel: CPR-nummeret er maskeret (XXXX); sagen behandles "
               "som fiktiv.\n", "R31: the case closed before the year was over");
        free(m);
        free(s);
        REF_DAY = ref;
    }
}

static void test_calendar(void)
{
    static const struct {
        const char *dato, *name;
    } days[] = {
        {"2026-01-01", "nytårsdag"},  {"2026-04-02", "skærtorsdag"},
        {"2026-04-03", "langfredag"}, {"2026-04-05", "påskedag"},
        {"2026-04-06", "2. påskedag"}, {"2026-05-14", "Kristi himmelfartsdag"},
        {"2026-05-24", "pinsedag"},   {"2026-05-25", "2. pinsedag"},
        {"2026-06-05", "grundlovsdag"}, {"2026-12-24", "juleaftensdag"},
        {"2026-12-25", "juledag"},    {"2026-12-26", "2. juledag"},
        {"2023-05-05", "store bededag"}, {"2024-04-26", NULL},
        {"2024-03-31", "påskedag"},   {"2025-04-20", "påskedag"},
        {"2038-04-25", "påskedag"},   {"2285-03-22", "påskedag"},   /* latest, earliest */
        {"2000-04-23", "påskedag"},   {"2026-12-31", NULL},
        {"2026-03-10", NULL},
    };
    for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
        const char *got = sd_holiday_name(sd_date_parse(days[i].dato));
        CHECK(days[i].name ? got && strcmp(got, days[i].name) == 0 : got == NULL,
              "sd_holiday_name(%s) = %s", days[i].dato, got ? got : "NULL");
    }
    CHECK(sd_holiday_name(SD_NO_DAY) == NULL, "no day, no holiday");

    long v = sd_date_parse("2026-01-20");
    long d[] = {sd_date_parse("2026-03-10"), sd_date_parse("2026-06-09"),
                sd_date_parse("2027-01-19"), sd_date_parse("2027-01-20")};
    CHECK(sd_first_thin_period(d, 3, 3, 12, v, sd_date_parse("2027-01-20")) == SD_NO_DAY,
          "three meetings in the first year, the last on its last day");
    CHECK(sd_first_thin_period(d, 2, 3, 12, v, sd_date_parse("2027-01-19")) == SD_NO_DAY,
          "a year not over is not judged");
    CHECK(sd_first_thin_period(d, 2, 3, 12, v, sd_date_parse("2027-01-20")) == v,
          "two meetings in the first year");
    CHECK(sd_first_thin_period(d, 4, 3, 12, v, sd_date_parse("2028-01-20")) ==
          sd_date_parse("2027-01-20"), "the second year has one");
    CHECK(sd_first_thin_period(d, 4, 3, 12, SD_NO_DAY, sd_date_parse("2028-01-20")) == SD_NO_DAY,
          "no start");
}

int main(void)
{
    REF_DAY = sd_date_parse("2026-11-23");
    sd_diags *d = sd_diags_new();
    V = sd_validator_new(SCHEMAS, d);
    CHECK(V != NULL && sd_diags_count(d, SD_ERROR) == 0, "the real schemas and rules load");
    if (!V) {
        sd_diags_print(d, stdout);
        sd_diags_free(d);
        return CHECK_REPORT();
    }
    sd_diags_free(d);

    test_examples();
    test_schema_messages();
    test_dates();
    test_cpr();
    test_network();
    test_consent();
    test_age();
    test_consent_age();
    test_housing_support();
    test_minutes_late();
    test_followup();
    test_closing();
    test_invited();
    test_set_functions();
    test_persons();
    test_meeting();
    test_checklist();
    test_course();
    test_calendar();
    test_goals();
    test_ids();
    test_sagsnr();
    test_no_cpr_echo();
    test_too_many();
    test_rule_files();
    test_runtime_error();
    test_tree_restored();

    sd_validator_free(V);
    xmlCleanupParser();
    return CHECK_REPORT();
}
