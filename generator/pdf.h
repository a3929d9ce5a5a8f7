/* pdf.h — writing laid-out pages to a PDF file with libharu 2.3.0.
 *
 * The only module that includes hpdf.h. Fonts are embedded once per
 * document as UTF-8 CID fonts holding only the characters the document
 * prints, their subsets completed against the 2.3.0 nested-composite
 * subsetting bug (the ring of 'å'). libharu's error handler only records;
 * it never longjmps. Output is reproducible: same pages and metadata, same
 * bytes (no wall-clock time; the creation date comes from meta.date).
 *
 * The file is written to a temporary file in the target folder and renamed
 * over `path` only when complete; it gets mode 0600. On any failure nothing
 * is left behind and an existing file at `path` is untouched.
 */
#ifndef SD_PDF_H
#define SD_PDF_H

#include "box.h"
#include "diag.h"
#include "layout.h"

/* Writes `pages` to `path` with the TrueType files `font_paths` (indexed by
 * sd_face; the same files layout measured with) and `meta`. Returns 0, or -1
 * with an error diagnostic naming `path` (an environment problem: the folder
 * cannot be written, a font cannot be loaded, libharu failed). */
int sd_pdf_write(const sd_pages *pages, const sd_meta *meta,
                 const char *const font_paths[SD_FACE_COUNT], const char *path,
                 sd_diags *diags);

/* The same, into memory: on success *out is a malloc'ed buffer of *len bytes
 * (caller frees). Used by tests. */
int sd_pdf_render(const sd_pages *pages, const sd_meta *meta,
                  const char *const font_paths[SD_FACE_COUNT],
                  unsigned char **out, size_t *len, sd_diags *diags);

/* Writes `len` bytes of a rendered PDF to `path` the same careful way as
 * sd_pdf_write (temporary file, mode 0600, rename). Returns 0 or -1 with an
 * error diagnostic naming `path`. */
int sd_pdf_save(const unsigned char *pdf, size_t len, const char *path, sd_diags *diags);

#endif
