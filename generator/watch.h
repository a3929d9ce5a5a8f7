/* watch.h — the live preview behind `samdoc watch`: render a case, then
 * render it again whenever one of its records, a template or a schema
 * changes, so that a PDF viewer that reloads on change (evince, okular,
 * zathura) follows the referent's typing during the meeting.
 *
 * Linux only: changes are seen through inotify, and SIGINT/SIGTERM through a
 * signalfd, so there are no asynchronous signal handlers.
 */
#ifndef SD_WATCH_H
#define SD_WATCH_H

#include "samdoc.h"

#include <stdio.h>

/* How long the files must be quiet before a change is rendered: an editor's
 * save is a burst of events (write a temporary file, rename it over the old
 * one, touch a backup), and a checkout changes several files at once. */
#define SD_WATCH_QUIET_MS 30
/* …and after a record disappeared (renamed away or deleted) as the last
 * event: an editor such as vim renames the old file away first and writes
 * the new one next, maybe after an fsync; rendering in between would report
 * a missing record. A record really deleted is rare enough to wait for. */
#define SD_WATCH_GONE_MS 500

/* Renders the case folder `dir` as `req` asks (sd_render_case, with the data
 * folder `datadir`), then waits, and renders again after every change to a
 * record of `dir` (*.yaml, or a logo picture) or to a template or schema in
 * `datadir` (templates/, templates/assets/, schemas/, schemas/rules/; a
 * change there reloads them). Folders are watched, not files, because
 * editors replace a file by renaming a new one over it.
 *
 * Each PDF written is named on `log`. A rendering that fails prints its
 * diagnostics to `err`, like `samdoc check`, and writes nothing, so the last
 * good PDF stays where the viewer shows it (the writer replaces files
 * atomically in any case).
 *
 * Runs until SIGINT or SIGTERM arrives and then returns SD_OK. While it runs
 * those two signals are blocked and read from a signalfd; the caller's signal
 * mask is restored before it returns. Returns SD_ENVIRONMENT, with a message
 * on `err`, when the folders cannot be watched, when the first rendering
 * fails for another reason than invalid records (the data folder cannot be
 * loaded, an unknown document, an unwritable output folder), or when the
 * case folder is deleted or moved.
 *
 * All arguments are borrowed for the duration of the call. */
int sd_watch(const char *datadir, const char *dir, const sd_request *req, FILE *log,
             FILE *err);

#endif
