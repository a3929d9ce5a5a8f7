/* diag.h — diagnostics: every problem of a run, collected and printed together.
 *
 * A diagnostic names a file, a 1-based line and column, a severity and a
 * message in Danish for a coordinator. Messages never contain a CPR number:
 * they name the field (YAML path), not its value.
 */
#ifndef SD_DIAG_H
#define SD_DIAG_H

#include <stdio.h>

/* A position in a record file. `file` is borrowed (it lives as long as the
 * sd_records or sd_diags that handed it out). line/col are 1-based; 0 means
 * "the file as a whole". */
typedef struct sd_pos {
    const char *file;
    unsigned line;
    unsigned col;
} sd_pos;

typedef enum sd_severity {
    SD_WARNING = 1,   /* printed as "advarsel"; documents are still written */
    SD_ERROR = 2      /* printed as "fejl"; nothing is written (exit 1) */
} sd_severity;

typedef struct sd_diags sd_diags;   /* opaque */

sd_diags *sd_diags_new(void);       /* free with sd_diags_free */
void sd_diags_free(sd_diags *d);    /* NULL is fine */

/* Records one diagnostic. `file` may be NULL (a problem with no file, e.g. the
 * command line); it is copied. Identical diagnostics are kept once. */
void sd_diag(sd_diags *d, sd_severity sev, const char *file, unsigned line,
             unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void sd_diag_at(sd_diags *d, sd_severity sev, sd_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

size_t sd_diags_count(const sd_diags *d, sd_severity sev);

/* Prints all diagnostics sorted by file, line, column (stable for equal
 * positions) as "file:line:col: fejl|advarsel: message", one per line. */
void sd_diags_print(sd_diags *d, FILE *out);

/* Moves every diagnostic of `from` into `to`; `from` is left empty. */
void sd_diags_move(sd_diags *to, sd_diags *from);

#endif
