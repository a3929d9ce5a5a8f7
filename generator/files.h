/* files.h — writing an output file so that it appears complete or not at
 * all, in two steps, so that a run can write every file before it replaces
 * any: stage each (a temporary file beside the target, mode 0600, synced),
 * then commit each (rename over the target). A run that fails while staging
 * discards what it staged and leaves every existing file as it was.
 */
#ifndef SD_FILES_H
#define SD_FILES_H

#include "diag.h"

#include <stddef.h>

/* Writes `len` bytes into a new temporary file in the folder of `path`
 * (which must exist), mode 0600 whatever the umask, synced to disk. Returns
 * its name (caller frees, after sd_file_commit or sd_file_discard), or NULL
 * with an error diagnostic naming `path` (nothing is left behind). */
char *sd_file_stage(const void *data, size_t len, const char *path, sd_diags *diags);

/* Renames the staged file `tmp` over `path` and syncs the folder. Returns 0,
 * or -1 with an error diagnostic (the staged file is then removed). */
int sd_file_commit(const char *tmp, const char *path, sd_diags *diags);

/* Removes a staged file that will not be committed. */
void sd_file_discard(const char *tmp);

#endif
