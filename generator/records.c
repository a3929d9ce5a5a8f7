/* records.c — see records.h.
 *
 * Positions live in an open-addressing hash table keyed by node address,
 * because xmlNode has room only for a 16-bit line and no column.
 */
#include "records.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct pos_slot {
    const xmlNode *node;   /* NULL = empty */
    sd_pos pos;
} pos_slot;

struct sd_records {
    xmlDocPtr doc;         /* owned */
    pos_slot *slots;       /* owned; capacity is a power of two */
    size_t nslots, used;
    char **files;          /* owned interned paths */
    size_t nfiles, capfiles;
};

sd_records *sd_records_new(const char *dir)
{
    sd_records *r = sd_xcalloc(1, sizeof(*r));
    r->doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewDocNode(r->doc, NULL, BAD_CAST "sagsmappe", NULL);
    xmlDocSetRootElement(r->doc, root);
    xmlSetProp(root, BAD_CAST "mappe", BAD_CAST(dir ? dir : ""));
    r->nslots = 1024;
    r->slots = sd_xcalloc(r->nslots, sizeof(pos_slot));
    return r;
}

void sd_records_free(sd_records *r)
{
    if (!r)
        return;
    xmlFreeDoc(r->doc);
    free(r->slots);
    for (size_t i = 0; i < r->nfiles; i++)
        free(r->files[i]);
    free(r->files);
    free(r);
}

xmlDocPtr sd_records_doc(const sd_records *r) { return r->doc; }

xmlNodePtr sd_records_root(const sd_records *r)
{
    return xmlDocGetRootElement(r->doc);
}

const char *sd_records_intern(sd_records *r, const char *path)
{
    for (size_t i = 0; i < r->nfiles; i++)
        if (strcmp(r->files[i], path) == 0)
            return r->files[i];
    void *files = r->files;
    sd_grow(&files, &r->capfiles, r->nfiles + 1, sizeof(char *));
    r->files = files;
    r->files[r->nfiles] = sd_xstrdup(path);
    return r->files[r->nfiles++];
}

static size_t hash_ptr(const void *p, size_t mask)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x & mask;
}

static pos_slot *find_slot(pos_slot *slots, size_t nslots, const xmlNode *node)
{
    size_t mask = nslots - 1;
    for (size_t i = hash_ptr(node, mask);; i = (i + 1) & mask)
        if (slots[i].node == node || slots[i].node == NULL)
            return &slots[i];
}

static void rehash(sd_records *r)
{
    size_t n = r->nslots * 2;
    pos_slot *slots = sd_xcalloc(n, sizeof(pos_slot));
    for (size_t i = 0; i < r->nslots; i++)
        if (r->slots[i].node)
            *find_slot(slots, n, r->slots[i].node) = r->slots[i];
    free(r->slots);
    r->slots = slots;
    r->nslots = n;
}

void sd_records_set_pos(sd_records *r, const xmlNode *node, const char *file,
                        unsigned line, unsigned col)
{
    if ((r->used + 1) * 2 > r->nslots)
        rehash(r);
    pos_slot *s = find_slot(r->slots, r->nslots, node);
    if (!s->node)
        r->used++;
    s->node = node;
    s->pos = (sd_pos){file, line, col};
    if (node->type == XML_ELEMENT_NODE)
        ((xmlNode *)node)->line = (unsigned short)(line > 65535 ? 65535 : line);
}

const char *sd_records_file_of(const sd_records *r, const xmlNode *node)
{
    for (; node && node->type == XML_ELEMENT_NODE; node = node->parent) {
        if (node->parent && node->parent->type == XML_ELEMENT_NODE &&
            node->parent == sd_records_root(r)) {
            xmlChar *fil = xmlGetProp(node, BAD_CAST "fil");
            if (!fil)
                return NULL;
            const char *interned = sd_records_intern((sd_records *)r, (char *)fil);
            xmlFree(fil);
            return interned;
        }
    }
    return NULL;
}

sd_pos sd_records_pos(const sd_records *r, const xmlNode *node)
{
    const xmlNode *start = node;
    for (; node; node = node->parent) {
        pos_slot *s = find_slot(r->slots, r->nslots, node);
        if (s->node)
            return s->pos;
    }
    return (sd_pos){sd_records_file_of(r, start), 0, 0};
}
