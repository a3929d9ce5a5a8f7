/* batch.h — rendering many cases in one run: `samdoc render DIR...` where a
 * DIR is a folder of case folders.
 *
 * Each case stands alone: it is loaded, validated, laid out and rendered in
 * memory, and its files are written only if all of its documents succeeded
 * (sd_render_case). A bad case writes nothing and is reported; the others
 * are written all the same. Cases run in `jobs` worker processes forked
 * after the context (schemas, rules, fonts, templates) is loaded, so that
 * each is loaded once. Whatever the number of workers, the files written
 * are the same bytes, and stdout (the files written) and stderr (each
 * case's diagnostics) come in the order of the cases, sorted by path.
 */
#ifndef SD_BATCH_H
#define SD_BATCH_H

#include "samdoc.h"

#include <stdio.h>

/* 1 if `path` is a folder of cases: a folder without a sag.yaml of its own
 * that holds at least one folder with a sag.yaml. */
int sd_is_case_folder_folder(const char *path);

/* The case folders `paths` stand for: a folder of cases stands for its
 * subfolders that hold a .yaml file, sorted by name; any other path is one
 * case. Sets *count; the caller frees each string and the array (NULL when
 * there are none). */
char **sd_case_folders(const char *const *paths, size_t npaths, size_t *count);

/* The number of processors online (at least 1): the default for jobs. */
int sd_batch_default_jobs(void);

/* Renders every case of `paths`: a folder of cases stands for its
 * subfolders that hold a .yaml file, sorted by name; any other path is one
 * case. `jobs` worker processes (1: none, the cases run in this process).
 * Prints each file written to `out`, each case's diagnostics to `err`, a
 * progress line to `err` if `progress` (a terminal), and a closing summary
 * line to `err`: documents, time, failed cases. If the environment variable
 * SAMDOC_CASE_TIMES names a file, one line per case goes there, in case
 * order: "wall-ms cpu-ms documents case" (bench/run.sh reads it). Returns the
 * worst status of any case: SD_OK, SD_INVALID (some case's records are
 * invalid) or SD_ENVIRONMENT. */
int sd_render_batch(sd_context *ctx, const char *const *paths, size_t npaths,
                    const sd_request *req, int jobs, FILE *out, FILE *err,
                    int progress);

#endif
