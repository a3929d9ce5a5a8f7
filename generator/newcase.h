/* newcase.h — `samdoc new`: a case folder to begin from.
 *
 * Writes DIR/sag.yaml and DIR/moede-1.yaml (a planned first meeting) from the
 * templates in DATADIR/templates/ny/. The templates are data: commented in
 * Danish, every key of the records explained, the optional ones as comments
 * to take into use. Every value only the coordinator knows is a placeholder
 * that `samdoc check` rejects with a message saying what to write there — an
 * empty text, ÅÅÅÅ-MM-DD, "DDMMÅÅ-XXXX", "TT:MM", or the choices written as
 * "hjemloes | risiko" — so a fresh case is a list of things to fill in and is
 * never printed with invented data. Filled in, it passes `check` with two
 * warnings that are right for a case that has just begun: no network
 * mapping date yet (R18) and no topics from the young person yet (R35).
 *
 * In the templates, @SKEMAER@ stands for the absolute path of
 * DATADIR/schemas (a file:// URI if the path holds a space, '#' or '%'), so
 * the first line of each file points an editor's YAML language server at
 * the JSON Schema of that file (README, "Editing the records").
 */
#ifndef SD_NEWCASE_H
#define SD_NEWCASE_H

#include "diag.h"

#include <stdio.h>

/* Creates `dir` (and the folders above it) if missing, mode 0700, and writes
 * sag.yaml and moede-1.yaml into it, each through a temporary file in `dir`
 * with mode 0600 and a link to its name, so a file appears complete or not at
 * all and never replaces one. If either file exists already, nothing is
 * written and each existing one is reported. Prints each path written to
 * `log` (may be NULL). Returns SD_OK, or SD_ENVIRONMENT with error
 * diagnostics (the files exist, a template is missing, `dir` cannot be
 * created or written). */
int sd_new_case(const char *datadir, const char *dir, sd_diags *diags, FILE *log);

#endif
