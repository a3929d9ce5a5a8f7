/* box.h — the box tree: what template.c produces and layout.c reads.
 *
 * A document is a page set-up plus a vertical list of blocks. Blocks are
 * paragraphs (runs of text), tables (rows of cells, each cell a vertical list
 * of blocks), framed blocks, vertical space and page breaks. Nothing here
 * knows about YAML, XPath or PDF; lengths are in PDF points (1/72 inch).
 *
 * Ownership: a parent owns its children, runs and strings; free the whole
 * document with sd_document_free. Builders below copy the strings they get.
 */
#ifndef SD_BOX_H
#define SD_BOX_H

#include "diag.h"

#include <stddef.h>

/* The typefaces a document can use. The serif pair is for display text
 * (the diploma); a PDF embeds only the faces its pages use. */
typedef enum sd_face {
    SD_FACE_REGULAR = 0,
    SD_FACE_BOLD = 1,
    SD_FACE_SERIF = 2,
    SD_FACE_SERIF_BOLD = 3,
    SD_FACE_COUNT
} sd_face;

typedef struct sd_rgb { float r, g, b; } sd_rgb;   /* 0..1 each */

typedef enum sd_run_kind {
    SD_RUN_TEXT,          /* UTF-8 text; may contain U+00AD (soft hyphen) and U+00A0 */
    SD_RUN_CHECKBOX,      /* a vector square of side 0.75 x size; checked = crossed */
    SD_RUN_LINEBREAK      /* forced line break */
} sd_run_kind;

typedef struct sd_run {
    sd_run_kind kind;
    char *text;           /* owned; SD_RUN_TEXT only */
    sd_face face;
    float size;           /* font size in pt */
    int checked;          /* SD_RUN_CHECKBOX only */
    sd_pos src;           /* where the text came from (file borrowed from sd_records);
                             file NULL for template text */
} sd_run;

typedef enum sd_align { SD_ALIGN_LEFT, SD_ALIGN_CENTER, SD_ALIGN_RIGHT } sd_align;

typedef enum sd_box_kind {
    SD_BOX_PARA,          /* runs, broken into lines */
    SD_BOX_TABLE,         /* children are SD_BOX_ROW */
    SD_BOX_ROW,           /* children are SD_BOX_CELL, one per column (span aside) */
    SD_BOX_CELL,          /* children are blocks */
    SD_BOX_FRAME,         /* children are blocks, drawn inside padding/border/fill */
    SD_BOX_SPACE,         /* vertical gap of `height` */
    SD_BOX_RULE,          /* horizontal line across the width, `line_width` thick */
    SD_BOX_IMAGE,         /* a PNG or JPEG file `src`, `width` wide (height from its
                             aspect), placed by `align` */
    SD_BOX_NETMAP,        /* the network card: `netmap` placed by netmap.c as one
                             block the width of the column */
    SD_BOX_TIMELINE,      /* the course overview's time axis: `timeline` drawn by
                             timeline.c as one block the width of the column */
    SD_BOX_PAGEBREAK
} sd_box_kind;

/* Border sides, a bitmask. */
enum { SD_BORDER_TOP = 1, SD_BORDER_RIGHT = 2, SD_BORDER_BOTTOM = 4,
       SD_BORDER_LEFT = 8, SD_BORDER_ALL = 15 };

/* A table column: fixed width in pt, or a share of what remains. */
typedef struct sd_column {
    float width;          /* pt; used when weight == 0 */
    float weight;         /* > 0: proportional share of the width left after fixed columns */
} sd_column;

struct sd_netmap;         /* netmap.h */
struct sd_timeline;       /* timeline.h */

typedef struct sd_box sd_box;
struct sd_box {
    sd_box_kind kind;
    sd_box **children;    /* owned */
    size_t nchildren, capchildren;

    /* SD_BOX_PARA */
    sd_run *runs;         /* owned */
    size_t nruns, capruns;
    sd_align align;
    float leading;        /* line height as a multiple of the largest run size; 0 = 1.2 */
    float indent;         /* left indent of every line, pt */
    char *bullet;         /* owned or NULL: drawn in the indent of the first line
                             (hanging bullet), in the first run's face and size */
    sd_rgb color;         /* text colour */

    /* every block */
    float space_before, space_after;   /* pt */
    int keep_with_next;   /* PARA/FRAME/ROW: do not break the page after this one if avoidable */

    /* SD_BOX_TABLE */
    sd_column *columns;   /* owned */
    size_t ncolumns;
    size_t header_rows;   /* the first header_rows rows repeat on every page */

    /* SD_BOX_CELL, SD_BOX_FRAME (and SD_BOX_TABLE as defaults for its cells) */
    float padding;        /* pt, all four sides */
    unsigned borders;     /* SD_BORDER_* mask */
    float border_width;   /* pt; 0 = 0.5 */
    sd_rgb border_color;
    int has_fill;
    sd_rgb fill;
    size_t colspan;       /* SD_BOX_CELL: 0 or 1 = one column */
    /* SD_BOX_CELL: 0 = a padding, border or fill left at zero comes from the
     * table; 1 = the cell's values are final (a template that resolved
     * inheritance itself, and can so ask for "no border" in a ruled table). */
    int own_frame;
    sd_align valign_unused; /* reserved */

    char *src;            /* SD_BOX_IMAGE: owned path of the image file */
    struct sd_netmap *netmap;   /* SD_BOX_NETMAP: owned, freed with sd_netmap_free */
    struct sd_timeline *timeline; /* SD_BOX_TIMELINE: owned, freed with sd_timeline_free */

    /* SD_BOX_SPACE: height; SD_BOX_FRAME: height = minimum height of a frame
     * that is not split; SD_BOX_RULE: line_width, width (0 = full width) and
     * the colour in `color` */
    float height;
    float line_width;
    float width;
};

/* Document metadata, copied into the PDF Info dictionary. Never a CPR number. */
typedef struct sd_meta {
    char *title;          /* owned, e.g. "Mål- og aftaleskema" */
    char *subject;        /* owned, e.g. "Netværksmøde nr. 2, 10. marts 2026" */
    char *author;         /* owned: the municipality */
    char *keywords;       /* owned: contains the case id */
    char *creator;        /* owned: "samdoc VERSION" */
    char *lang;           /* owned: "da-DK" */
    char *date;           /* owned or NULL: creation date "YYYY-MM-DD" */
} sd_meta;

typedef struct sd_document {
    float page_width, page_height;            /* pt; A4 portrait 595.28 x 841.89 */
    float margin_top, margin_right, margin_bottom, margin_left;
    /* Footer text drawn at the bottom margin on every page, centred, in
     * footer_size pt; "{side}" and "{sider}" are replaced by the page number
     * and the page count. Owned or NULL. */
    char *footer;
    float footer_size;
    /* Optional header text drawn above the top margin on pages after the
     * first. Owned or NULL. */
    char *running_head;
    sd_meta meta;
    sd_box *body;         /* owned; an SD_BOX_FRAME without border holding the blocks */
} sd_document;

/* Builders. Each returns a new box (owned by the caller until added). */
sd_box *sd_box_new(sd_box_kind kind);
void sd_box_add(sd_box *parent, sd_box *child);        /* parent takes child */
/* Appends a run; `text` is copied (ignored for non-text kinds). Returns it
 * (borrowed, valid until the next sd_box_add_run on the same box). */
sd_run *sd_box_add_run(sd_box *para, sd_run_kind kind, const char *text,
                       sd_face face, float size, sd_pos src);
void sd_box_set_columns(sd_box *table, const sd_column *cols, size_t n);   /* copied */
void sd_box_free(sd_box *b);                           /* NULL is fine; recursive */

sd_document *sd_document_new(void);   /* A4 portrait, 15 mm margins, empty body */
void sd_document_free(sd_document *d); /* NULL is fine */

#define SD_MM(x) ((float)(x) * 72.0f / 25.4f)

#endif
