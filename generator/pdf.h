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

/* How the PDF is made. A NULL options pointer means all zero: an ordinary
 * PDF 1.3, byte for byte what samdoc always wrote. */
typedef struct sd_pdf_options {
    /* 1: an archival copy in PDF/A-1b, by construction (nothing here can
     * validate it): %PDF-1.4; our own XMP packet mirroring the Info
     * dictionary (every value XML-escaped), uncompressed, from the catalog;
     * an sRGB output intent (GTS_PDFA1) with the ICC profile at icc_path;
     * Info /ModDate = /CreationDate; a trailer /ID of two equal MD5s of the
     * file's own bytes (same input, same bytes); every font embedded with a
     * /CIDSet; PNG images composited onto white (no SMask); no annotations,
     * no encryption. */
    int pdfa;
    /* Borrowed; the sRGB profile for pdfa. NULL = SD_ICC_PATH, Debian's
     * icc-profiles-free: /usr/share/color/icc/sRGB.icc. */
    const char *icc_path;
} sd_pdf_options;

/* Writes `pages` to `path` with the TrueType files `font_paths` (indexed by
 * sd_face; the same files layout measured with) and `meta`. Returns 0, or -1
 * with an error diagnostic naming `path` (an environment problem: the folder
 * cannot be written, a font cannot be loaded, libharu failed). */
int sd_pdf_write(const sd_pages *pages, const sd_meta *meta,
                 const char *const font_paths[SD_FACE_COUNT], const sd_pdf_options *opts,
                 const char *path, sd_diags *diags);

/* The same, into memory: on success *out is a malloc'ed buffer of *len bytes
 * (caller frees). samdoc renders every document of a run this way before
 * writing any (samdoc.c); tests use it too. `opts` may be NULL. */
int sd_pdf_render(const sd_pages *pages, const sd_meta *meta,
                  const char *const font_paths[SD_FACE_COUNT], const sd_pdf_options *opts,
                  unsigned char **out, size_t *len, sd_diags *diags);

/* Writes `len` bytes of a rendered PDF to `path` the same careful way as
 * sd_pdf_write (temporary file, mode 0600, rename). Returns 0 or -1 with an
 * error diagnostic naming `path`. */
int sd_pdf_save(const unsigned char *pdf, size_t len, const char *path, sd_diags *diags);

#endif
