/* load.h — reading YAML record files into the record tree (records.h).
 *
 * The only module that includes yaml.h. Uses libyaml's event API and accepts
 * a strict subset of YAML: block and flow mappings/sequences and scalars in
 * one document. Rejected, each with file:line:col and a Danish message that
 * says what to change:
 *   syntax errors (libyaml's problem, translated), invalid UTF-8 (line:col
 *   computed from the byte offset), tab characters, duplicate keys, anchors,
 *   aliases, tags (any "!"), merge keys ("<<"), keys that are not plain ASCII
 *   names [A-Za-z_][A-Za-z0-9_-]*, non-scalar keys, more than one document, a
 *   top level that is not a mapping, nesting deeper than SD_LOAD_MAX_DEPTH,
 *   files larger than SD_LOAD_MAX_BYTES.
 * All problems that can be found in one file are reported, up to 50 (then a
 * summary line). A syntax error, nesting deeper than the cap and a second
 * document end the file's scan. Positions are recorded only for a file that
 * loads, so a rejected file leaves nothing behind in the records.
 */
#ifndef SD_LOAD_H
#define SD_LOAD_H

#include "diag.h"
#include "records.h"

#include <stddef.h>

#define SD_LOAD_MAX_DEPTH 32
#define SD_LOAD_MAX_BYTES (1024 * 1024)

/* Reads the YAML file `path` and appends its content as a new element named
 * `root_name` (e.g. "moedefil") with attribute fil="path" under the records'
 * root. Returns 0 on success; -1 if the file is invalid (diagnostics added,
 * nothing appended) or cannot be read (a diagnostic naming the file). */
int sd_load_file(sd_records *r, const char *path, const char *root_name,
                 sd_diags *diags);

/* The same for bytes already in memory; `path` is used for the fil=
 * attribute and the diagnostics only. Used by tests and fuzz targets. */
int sd_load_buffer(sd_records *r, const char *path, const unsigned char *data,
                   size_t len, const char *root_name, sd_diags *diags);

#endif
