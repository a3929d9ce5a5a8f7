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
 *   files larger than SD_LOAD_MAX_BYTES, characters past U+FFFF (emoji;
 *   libharu 2.3.0 drops them silently from PDF text and metadata), each at
 *   its line:col, comments included, and "\U" codes for them in
 *   double-quoted text (at the text's start); NEL, LS and PS (line ends to
 *   libyaml, not to an editor; at the place an editor shows, and the file is
 *   not parsed); in a value, raw or escaped: C1 controls, bidirectional
 *   controls and invisible characters (zero-width space, joiners, a BOM
 *   inside text), at the value's start, naming its field.
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
 * root. Returns
 *    0  on success;
 *   -1  if the content is invalid, including a file larger than
 *       SD_LOAD_MAX_BYTES (diagnostics added, nothing appended): the
 *       writer's problem, exit status 1;
 *   -2  if the file cannot be read at all: it cannot be opened, is a
 *       directory, a FIFO or another non-regular file (refused without
 *       waiting for a writer), or reading fails (one diagnostic naming the
 *       file, nothing appended): an environment problem, exit status 2. */
int sd_load_file(sd_records *r, const char *path, const char *root_name,
                 sd_diags *diags);

/* The same for bytes already in memory; `path` is used for the fil=
 * attribute and the diagnostics only. Returns 0 or -1 (never -2). Used by
 * tests and fuzz targets. */
int sd_load_buffer(sd_records *r, const char *path, const unsigned char *data,
                   size_t len, const char *root_name, sd_diags *diags);

#endif
