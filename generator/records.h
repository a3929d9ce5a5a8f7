/* records.h — the record tree of one case: one libxml2 document holding every
 * record file of the case folder, plus the YAML position of every element.
 *
 * Shape (built by load.c, read by validate.c and template.c):
 *
 *   <sagsmappe mappe="examples/sara-nielsen">
 *     <sagsfil fil="examples/sara-nielsen/sag.yaml">     sag.yaml
 *       <sag><id>2026-0147</id>…</sag> <ung>…</ung> <samtykke><item>…</item></samtykke> …
 *     </sagsfil>
 *     <moedefil fil="…/moede-1.yaml"> <moede>…</moede> </moedefil>   one per meeting file
 *     <diplomfil fil="…/diplom.yaml"> <diplom>…</diplom> </diplomfil>
 *   </sagsmappe>
 *
 * YAML → XML: a mapping key becomes an element of that name; a sequence
 * becomes its key's element with one <item> child per entry; a scalar becomes
 * the text of its element (an empty or null scalar: no text). Keys are ASCII
 * names, so they are valid element names (load.c rejects others).
 *
 * Positions: an element made from a key has the key's position; an <item>
 * has the position of the entry's first token. node->line also holds the
 * line (truncated to 65535) so libxml2's own errors carry it.
 */
#ifndef SD_RECORDS_H
#define SD_RECORDS_H

#include "diag.h"

#include <libxml/tree.h>

typedef struct sd_records sd_records;   /* opaque */

/* A new, empty case: the document with its <sagsmappe mappe="dir"> root.
 * `dir` is copied. Free with sd_records_free. */
sd_records *sd_records_new(const char *dir);
void sd_records_free(sd_records *r);          /* NULL is fine; frees the doc too */

xmlDocPtr sd_records_doc(const sd_records *r);     /* borrowed, lives with r */
xmlNodePtr sd_records_root(const sd_records *r);   /* borrowed: <sagsmappe> */

/* Returns a copy of `path` owned by r (lives as long as r); the same string
 * pointer for equal paths. Used for sd_pos.file. */
const char *sd_records_intern(sd_records *r, const char *path);

/* Records the position of `node` (file from sd_records_intern). */
void sd_records_set_pos(sd_records *r, const xmlNode *node, const char *file,
                        unsigned line, unsigned col);

/* The position of `node`, or of its nearest ancestor that has one. An element
 * with none (e.g. a <*fil> element) gives {file, 0, 0} from its fil=
 * attribute; a node outside any file gives {NULL, 0, 0}. */
sd_pos sd_records_pos(const sd_records *r, const xmlNode *node);

/* The file (fil= attribute of the enclosing <*fil> element) of `node`, or
 * NULL. Borrowed, lives with r. */
const char *sd_records_file_of(const sd_records *r, const xmlNode *node);

#endif
