/* main.c — the samdoc command line: parses arguments, calls the library
 * (samdoc.h), prints the diagnostics, turns the worst outcome into the exit
 * status: 0 done (warnings allowed), 1 invalid input (nothing written),
 * 2 usage or environment error. */
#include "batch.h"
#include "newcase.h"
#include "samdoc.h"
#include "text.h"
#include "util.h"
#include "watch.h"

#include <libxml/parser.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SD_VERSION
#define SD_VERSION "0"
#endif

static const char usage[] =
    "Brug: samdoc check SAGSMAPPE...\n"
    "      samdoc render SAGSMAPPE... [-o MAPPE] [-d DOKUMENT] [-m N] [--cpr full] [--dato ÅÅÅÅ-MM-DD]\n"
    "                    [--pdfa]\n"
    "      samdoc render --blank [-d DOKUMENT] [-o MAPPE]\n"
    "      samdoc report MAPPE... --fra ÅÅÅÅ-MM-DD --til ÅÅÅÅ-MM-DD [-o MAPPE]\n"
    "      samdoc watch SAGSMAPPE [-d DOKUMENT] [-m N] [-o MAPPE] [--dato ÅÅÅÅ-MM-DD]\n"
    "      samdoc new SAGSMAPPE\n"
    "      samdoc --help | --version\n"
    "\n"
    "  check          kontrollerer sagsmappens filer (sag.yaml, moede-*.yaml, diplom.yaml)\n"
    "  render         skriver dokumenterne som PDF i MAPPE/<sagsnummer>/\n"
    "  report         halvårlig statusrapport over alle sager i mapperne, uden navne,\n"
    "                 CPR-numre og sagsnumre: MAPPE/statusrapport-FRA-TIL.pdf\n"
    "  watch          skriver dem igen, hver gang sagens filer ændres (Ctrl-C stopper)\n"
    "  new            opretter SAGSMAPPE med sag.yaml og moede-1.yaml til at udfylde\n"
    "  -o, --out      mappen PDF-filerne skrives i (standard: out)\n"
    "  -d, --document netvaerkskort, netvaerksoverblik, maalskema, tjekliste, dagsorden,\n"
    "                 diplom eller forloeb (standard: alle, sagen giver grundlag for)\n"
    "  -m, --meeting  netværksmødets nummer (standard: skemaet og tjeklisten for det seneste\n"
    "                 afholdte møde, dagsordenen for det næste planlagte)\n"
    "  --blank        de tomme skemaer til udfyldning i hånden (MAPPE/blank/)\n"
    "  --cpr full     CPR-numre skrives fuldt ud på skemaer med CPR-felt (standard: 010203-XXXX)\n"
    "  --dato         dagens dato for reglerne, der afhænger af den (standard: i dag)\n"
    "  --pdfa         arkivkopi: PDF/A-1b (skrifttyper indlejret, sRGB, ingen\n"
    "                 gennemsigtighed); kræver pakken icc-profiles-free\n"
    "  -j N           antal samtidige processer, når SAGSMAPPE er en mappe med sagsmapper\n"
    "                 (standard: antal kerner); hver sag skrives for sig, en ugyldig sag\n"
    "                 skrives ikke, de andre skrives\n"
    "\n"
    "Afslutningsstatus: 0 udført (evt. med advarsler), 1 ugyldige oplysninger (intet skrevet),\n"
    "2 forkert brug eller fejl i omgivelserne.\n"
    "\n"
    "Hele vejledningen: man samdoc\n";

typedef struct args {
    const char *command;
    const char **paths;    /* owned array of strings borrowed from argv */
    int npaths;
    sd_request req;
    int jobs;              /* worker processes for a batch; 0 = one per core */
    long from, to;         /* report: the period, day numbers (SD_NO_DAY: not given) */
} args;

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "samdoc: %s%s%s\n\n%s", what, arg ? ": " : "", arg ? arg : "", usage);
    return 2;
}

/* The value of an option that takes one: "--out DIR" or "--out=DIR". */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) == 0 && a[n] == '=')
        return a + n + 1;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static int matches(const char *arg, const char *short_name, const char *long_name)
{
    size_t n = strlen(long_name);
    return (short_name && strcmp(arg, short_name) == 0) ||
           (strncmp(arg, long_name, n) == 0 && (arg[n] == '\0' || arg[n] == '='));
}

static int parse_number(const char *s, int *out)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || v < 1 || v > 100000)
        return -1;
    *out = (int)v;
    return 0;
}

/* Parses argv[2..] into a; returns -1 after printing a usage error, 1 after
 * printing the help. */
static int parse_options(int argc, char **argv, args *a)
{
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i], *v;
        if (matches(arg, "-o", "--out")) {
            if (!(v = option_value(argc, argv, &i, "--out")))
                return usage_error("mangler en mappe efter", arg), -1;
            a->req.out_dir = v;
        } else if (matches(arg, "-d", "--document")) {
            if (!(v = option_value(argc, argv, &i, "--document")))
                return usage_error("mangler et dokument efter", arg), -1;
            a->req.document = v;
        } else if (matches(arg, "-m", "--meeting")) {
            v = option_value(argc, argv, &i, "--meeting");
            if (parse_number(v, &a->req.meeting) != 0)
                return usage_error("mødenummeret skal være et tal fra 1", v), -1;
        } else if (matches(arg, "-j", "--jobs")) {
            v = option_value(argc, argv, &i, "--jobs");
            if (parse_number(v, &a->jobs) != 0)
                return usage_error("antal processer skal være et tal fra 1", v), -1;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(usage, stdout);
            return 1;   /* done: nothing more to run */
        } else if (strcmp(arg, "--blank") == 0) {
            a->req.blank = 1;
        } else if (matches(arg, NULL, "--cpr")) {
            v = option_value(argc, argv, &i, "--cpr");
            if (!v || (strcmp(v, "full") != 0 && strcmp(v, "masked") != 0))
                return usage_error("--cpr tager 'full' eller 'masked'", v), -1;
            a->req.cpr_full = strcmp(v, "full") == 0;
        } else if (matches(arg, NULL, "--dato")) {
            v = option_value(argc, argv, &i, "--dato");
            long day = v ? sd_date_parse(v) : SD_NO_DAY;
            if (day == SD_NO_DAY)
                return usage_error("--dato skal være en dato som 2026-11-23", v), -1;
            a->req.ref_day = day;
            a->req.ref_day_given = 1;
        } else if (matches(arg, NULL, "--fra") || matches(arg, NULL, "--til")) {
            int from = strcmp(arg, "--fra") == 0;
            v = option_value(argc, argv, &i, from ? "--fra" : "--til");
            long day = v ? sd_date_parse(v) : SD_NO_DAY;
            if (day == SD_NO_DAY || strcmp(a->command, "report") != 0)
                return usage_error(strcmp(a->command, "report") != 0
                                       ? "--fra og --til bruges kun med report"
                                       : "perioden angives med datoer som 2026-01-01", v), -1;
            *(from ? &a->from : &a->to) = day;
        } else if (strcmp(arg, "--pdfa") == 0) {
            if (strcmp(a->command, "check") == 0)
                return usage_error("--pdfa bruges med render, watch og report", NULL), -1;
            a->req.pdfa = 1;
        } else if (arg[0] == '-' && arg[1]) {
            return usage_error("ukendt tilvalg", arg), -1;
        } else {
            a->paths[a->npaths++] = arg;
        }
    }
    return 0;
}

/* 1 if some folder named is a folder of cases: the run is then a batch. */
static int batch(const args *a)
{
    for (int i = 0; i < a->npaths; i++)
        if (sd_is_case_folder_folder(a->paths[i]))
            return 1;
    return 0;
}

static int run(const args *a)
{
    sd_diags *diags = sd_diags_new();
    sd_context *ctx = sd_context_new(sd_default_datadir(), diags);
    int status = ctx ? 0 : SD_ENVIRONMENT;
    if (ctx && strcmp(a->command, "check") == 0) {
        status = sd_check_cases(ctx, a->paths, (size_t)a->npaths, a->req.ref_day, diags);
    } else if (ctx && strcmp(a->command, "report") == 0) {
        status = sd_report(ctx, a->paths, (size_t)a->npaths, &a->req, a->from, a->to, diags,
                           stdout);
    } else if (ctx && a->req.blank) {
        status = sd_render_blank(ctx, &a->req, diags, stdout);
    } else if (ctx && batch(a)) {
        /* a folder of cases: each case stands alone (batch.h) */
        int jobs = a->jobs ? a->jobs : sd_batch_default_jobs();
        status = sd_render_batch(ctx, a->paths, (size_t)a->npaths, &a->req, jobs, stdout,
                                 stderr, isatty(STDERR_FILENO));
    } else if (ctx) {
        status = sd_render_cases(ctx, a->paths, (size_t)a->npaths, &a->req, diags, stdout);
    }
    sd_diags_print(diags, stderr);
    sd_diags_free(diags);
    sd_context_free(ctx);
    return status;
}

/* samdoc new SAGSMAPPE (newcase.h). */
static int new_case(int argc, char **argv)
{
    if (argc == 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc != 3 || argv[2][0] == '-' || !argv[2][0])
        return usage_error("new tager præcis én sagsmappe", argc > 3 ? argv[3] : NULL);
    sd_diags *diags = sd_diags_new();
    int status = sd_new_case(sd_default_datadir(), argv[2], diags, stdout);
    sd_diags_print(diags, stderr);
    sd_diags_free(diags);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("angiv en kommando", NULL);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("samdoc %s\n", SD_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "new") == 0)
        return new_case(argc, argv);
    int watch = strcmp(argv[1], "watch") == 0, report = strcmp(argv[1], "report") == 0;
    if (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "render") != 0 && !watch && !report)
        return usage_error("ukendt kommando", argv[1]);

    args a = {argv[1], sd_xcalloc((size_t)argc, sizeof(char *)), 0, sd_request_default(), 0,
              SD_NO_DAY, SD_NO_DAY};
    int parsed = parse_options(argc, argv, &a);
    int status = parsed < 0 ? 2 : parsed > 0 ? 0 : -1;
    if (status < 0 && a.req.blank && (a.npaths || strcmp(a.command, "render") != 0))
        status = usage_error("--blank bruges kun med render og uden sagsmapper", NULL);
    else if (status < 0 && a.req.blank && a.req.meeting)
        status = usage_error("--meeting giver ingen mening for de tomme skemaer", NULL);
    else if (status < 0 && !a.req.blank && a.npaths == 0)
        status = usage_error("angiv mindst én sagsmappe", NULL);
    else if (status < 0 && report && (a.from == SD_NO_DAY || a.to == SD_NO_DAY))
        status = usage_error("report skal have en periode: --fra ÅÅÅÅ-MM-DD --til ÅÅÅÅ-MM-DD",
                             NULL);
    else if (status < 0 && report && a.to < a.from)
        status = usage_error("perioden slutter før den begynder", NULL);
    else if (status < 0 && report && (a.req.blank || a.req.document || a.req.meeting))
        status = usage_error("report tager kun sagsmapper, --fra, --til, -o, --dato og --pdfa",
                             NULL);
    else if (status < 0 && watch && a.npaths > 1)
        status = usage_error("watch følger én sagsmappe ad gangen", NULL);
    if (status < 0) {
        /* Past a file-size limit (ulimit -f) the kernel kills the process
         * with SIGXFSZ, leaving a half-written temporary file; ignored, the
         * write fails with EFBIG and is reported like a full disk. */
        signal(SIGXFSZ, SIG_IGN);
        xmlInitParser();
        status = watch ? sd_watch(sd_default_datadir(), a.paths[0], &a.req, stdout, stderr)
                       : run(&a);
        xmlCleanupParser();
    }
    free(a.paths);
    return status;
}
