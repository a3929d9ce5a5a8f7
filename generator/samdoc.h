/* samdoc.h — the library behind the samdoc command: check a case folder,
 * render its documents, render blank forms. main.c is a thin layer over it.
 *
 * ## Use
 *
 *     sd_diags *diags = sd_diags_new();
 *     sd_context *ctx = sd_context_new(sd_default_datadir(), diags);
 *     sd_request req = sd_request_default();
 *     req.out_dir = "out";
 *     int status = sd_render_case(ctx, "examples/sara-nielsen", &req, diags);
 *     sd_diags_print(diags, stderr);
 *
 * Every function reports problems as diagnostics (diag.h) and returns a
 * status: SD_OK, SD_INVALID (the records are invalid: nothing was written) or
 * SD_ENVIRONMENT (a missing data file, an unwritable folder, a bad request).
 */
#ifndef SD_SAMDOC_H
#define SD_SAMDOC_H

#include "diag.h"

#include <stddef.h>

enum { SD_OK = 0, SD_INVALID = 1, SD_ENVIRONMENT = 2 };

/* The data folder (templates/, schemas/, fonts/): $SAMDOC_DATA if set, else
 * the folder compiled in. Borrowed, static. */
const char *sd_default_datadir(void);

typedef struct sd_context sd_context;   /* opaque: schemas, rules, fonts, templates */

/* Loads what every run needs from `datadir`: schemas and rules compiled,
 * fonts read. Templates are read when first used. Returns NULL (with
 * diagnostics) if something is missing or broken. Free with sd_context_free. */
sd_context *sd_context_new(const char *datadir, sd_diags *diags);
void sd_context_free(sd_context *ctx);          /* NULL is fine */

/* Reads now the template of `document` (NULL: of every document) instead of
 * on first use: a batch does it before starting its worker processes, which
 * then share it. Returns SD_OK or SD_ENVIRONMENT (with diagnostics). */
int sd_context_preload(sd_context *ctx, const char *document, sd_diags *diags);

typedef struct sd_request {
    const char *document;   /* "maalskema", …; NULL = every document the records allow */
    int meeting;            /* meeting number; 0 = the latest held meeting */
    int blank;              /* the empty forms instead of a case's */
    int cpr_full;           /* print CPR numbers in full where a form has a CPR field */
    long ref_day;           /* reference date ("today"), a day number of text.h */
    int ref_day_given;      /* ref_day was asked for (--dato): it is then also the
                               PDFs' creation date; otherwise that comes from the
                               records (no wall-clock time in the files) */
    const char *out_dir;    /* output folder, created if missing */
    int pdfa;               /* archival copies: PDF/A-1b (pdf.h, sd_pdf_options) */
} sd_request;

/* document NULL, meeting 0, not blank, masked CPR, today, "out", not PDF/A. */
sd_request sd_request_default(void);

/* The documents samdoc knows, NULL-terminated; borrowed, static. */
const char *const *sd_document_names(void);

/* Loads and validates the case folder `dir`. */
int sd_check_case(sd_context *ctx, const char *dir, long ref_day, sd_diags *diags);
/* Checks every case of `paths` (a folder of case folders stands for its
 * cases), each as sd_check_case does, then the rules across them (R51,
 * caseload.h). Returns the worst status. */
int sd_check_cases(sd_context *ctx, const char *const *paths, size_t npaths, long ref_day,
                   sd_diags *diags);
/* The half-yearly status report over every case of `paths` for the period
 * from … to (day numbers, inclusive): req->out_dir/statusrapport-FRA-TIL.pdf
 * from templates/rapport.xml. Every case must be valid, else nothing is
 * written (SD_INVALID). Prints the file written to `log`. */
int sd_report(sd_context *ctx, const char *const *paths, size_t npaths, const sd_request *req,
              long from, long to, sd_diags *diags, FILE *log);

/* Loads, validates and renders the case folders `dirs` as `req` asks:
 * out_dir/<sag.id>/<document>.pdf or <document>-moede-<N>.pdf. Prints each
 * file written to `log` (may be NULL). Nothing at all is written — no file,
 * no folder — if any case is invalid or any requested document cannot be
 * laid out or rendered. */
int sd_render_cases(sd_context *ctx, const char *const *dirs, size_t ndirs,
                    const sd_request *req, sd_diags *diags, FILE *log);
/* The same for one folder. */
int sd_render_case(sd_context *ctx, const char *dir, const sd_request *req,
                   sd_diags *diags, FILE *log);

/* Renders the blank form(s) to out_dir/blank/<document>.pdf. */
int sd_render_blank(sd_context *ctx, const sd_request *req, sd_diags *diags, FILE *log);

#endif
