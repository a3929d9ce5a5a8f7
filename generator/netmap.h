/* netmap.h — the geometry of the network card (domain.md §2): persons in,
 * positioned shapes out.
 *
 * The card is five (generally: nsectors) equal sectors around the young
 * person, three closeness bands, one node per person in its (sector, band)
 * cell and a horizontal label beside it. Placement is a search, not a grid:
 * each person's node and label are tried at candidate positions in order of
 * distance from an ideal spot (spread evenly over the cell, radii staggered
 * where the cell is crowded) and the first position where nothing collides
 * wins. A cell whose persons do not all fit is laid out again with smaller
 * labels, down to a minimum legible size; persons that still do not fit go
 * to a list under the card, and the cell is marked "+k". Same input, same
 * shapes: every choice is ordered and ties are broken by input order.
 *
 * Nothing here knows about YAML, templates or PDF. The template stage fills
 * an sd_netmap; layout calls sd_netmap_place to get drawing operations for
 * one block; pdf.c draws them like any other.
 */
#ifndef SD_NETMAP_H
#define SD_NETMAP_H

#include "box.h"
#include "font.h"
#include "layout.h"
#include "shapes.h"

#include <stddef.h>

#define SD_NETMAP_MAX_SECTORS 8
#define SD_NETMAP_BANDS 3

typedef struct sd_netmap_person {
    char *key;            /* owned: the id links name; never printed */
    char *name;           /* owned: the first line of the label */
    char *detail;         /* owned or NULL: relation or role, the second line */
    int sector;           /* index into the sectors */
    int band;             /* 1 = closest … SD_NETMAP_BANDS */
    int team;             /* member of the team: filled node */
    int vip;              /* the young person's adult: double ring */
    double order;         /* `plads`, or NAN: then by name, Danish order */
    sd_pos src;           /* where the name is written (file borrowed from
                             sd_records); for glyph errors */
    sd_pos detail_src;    /* where the detail is written */
} sd_netmap_person;

typedef struct sd_netmap_link {
    size_t a, b;          /* indexes into persons */
} sd_netmap_link;

/* What the template asks for. Every string is owned and may be NULL. */
typedef struct sd_netmap {
    char *sector_label[SD_NETMAP_MAX_SECTORS];
    size_t nsectors;               /* 1 … SD_NETMAP_MAX_SECTORS; the first is
                                      centred at the top, clockwise */
    char *centre_label;            /* "Den unge", small, above the name */
    char *centre_name;             /* the young person's name in the centre */
    char *legend_team, *legend_other, *legend_vip;   /* NULL: no legend */
    char *overflow_title;          /* "Flere personer i feltet" */
    char *band_word;               /* "nærhed" */
    sd_netmap_person *persons;     /* owned */
    size_t npersons, cappersons;
    sd_netmap_link *links;         /* owned */
    size_t nlinks, caplinks;
    int blank;                     /* the empty card: no persons, no legend */
} sd_netmap;

sd_netmap *sd_netmap_new(void);                /* free with sd_netmap_free */
void sd_netmap_free(sd_netmap *m);             /* NULL is fine */
/* Appends a zeroed person (order NAN, band 1) and returns it, borrowed until
 * the next sd_netmap_add_person. */
sd_netmap_person *sd_netmap_add_person(sd_netmap *m);
void sd_netmap_add_link(sd_netmap *m, size_t a, size_t b);

/* ---- the placed card ---- */

typedef enum sd_netmap_shape {
    SD_NM_LABEL,          /* a person's label */
    SD_NM_NODE,           /* a person's node: the circle inscribed in the box */
    SD_NM_SECTOR,         /* a sector's label */
    SD_NM_CENTRE,         /* the text in the centre */
    SD_NM_MARKER,         /* "+k" on a cell with persons in the list */
    SD_NM_LEGEND,         /* an entry of the legend or the list under the card */
} sd_netmap_shape;

/* A box in the card's coordinates: pt, origin at the card's top-left, y
 * downwards. */
typedef struct sd_netmap_box {
    sd_netmap_shape kind;
    float x, y, w, h;
    size_t person;        /* LABEL, NODE: index into persons */
} sd_netmap_box;

typedef struct sd_netmap_result {
    /* Drawing operations relative to the card's top-left corner, y upwards
     * (so y is negative), as layout's items hold them; in drawing order:
     * rings and sector lines, links, nodes, labels. Owned. */
    sd_oplist draw;
    sd_netmap_box *boxes;          /* owned: what was placed, for tests */
    size_t nboxes, capboxes;
    float width, height;           /* the whole block, pt */
    float cx, cy;                  /* the centre, in box coordinates */
    float centre_r, band_w;        /* band b spans centre_r + (b-1)·band_w … +b·band_w */
    float sector_deg;              /* sector s spans (s - ½)·sector_deg … (s + ½)·sector_deg,
                                      clockwise from 12 o'clock */
    size_t placed;                 /* persons drawn on the card */
    size_t overflow;               /* persons in the list under it */
    float label_size;              /* the smallest name size used, pt */
    /* Where the block may be split across pages, in pt from its top,
     * ascending: the top of each line of the list under the card. 300
     * persons make a list longer than a page. Owned; ncuts may be 0. */
    float *cuts;
    size_t ncuts, capcuts;
} sd_netmap_result;

/* Places `m` in a block `width` pt wide, measuring text with `fonts`
 * (regular and bold). The text must already have passed the glyph check.
 * Returns the result (free with sd_netmap_result_free); cannot fail. */
sd_netmap_result *sd_netmap_place(const sd_netmap *m, const sd_fonts *fonts, float width);
void sd_netmap_result_free(sd_netmap_result *r);   /* NULL is fine */

#endif
