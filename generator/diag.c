/* diag.c — see diag.h. */
#include "diag.h"
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct diag {
    sd_severity sev;
    char *file;      /* owned, may be NULL */
    unsigned line, col;
    char *message;   /* owned */
    size_t seq;      /* insertion order, keeps the sort stable */
} diag;

/* Diagnostics are kept once: a hash set of item indices (+1; 0 = empty)
 * finds an identical one without comparing against all before it. */
struct sd_diags {
    diag *items;
    size_t n, cap;
    size_t next_seq;
    size_t *slots;    /* owned; capacity a power of two, at least 2 * n */
    size_t nslots;
};

sd_diags *sd_diags_new(void)
{
    return sd_xcalloc(1, sizeof(sd_diags));
}

void sd_diags_free(sd_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    free(d->slots);
    free(d);
}

static int same_text(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static size_t hash_diag(sd_severity sev, const char *file, unsigned line,
                        unsigned col, const char *msg)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    unsigned nums[3] = {(unsigned)sev, line, col};
    for (size_t i = 0; i < sizeof nums; i++) {
        h ^= ((const unsigned char *)nums)[i];
        h *= 1099511628211ULL;
    }
    for (const char *p = file ? file : ""; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 1099511628211ULL;
    }
    for (const char *p = msg; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

static int same_diag(const diag *x, sd_severity sev, const char *file, unsigned line,
                     unsigned col, const char *msg)
{
    return x->sev == sev && x->line == line && x->col == col &&
           same_text(x->file, file) && strcmp(x->message, msg) == 0;
}

/* The slot for this diagnostic: one holding an identical item, or an empty
 * one where it belongs. */
static size_t *find_slot(const sd_diags *d, sd_severity sev, const char *file,
                         unsigned line, unsigned col, const char *msg)
{
    size_t mask = d->nslots - 1;
    for (size_t i = hash_diag(sev, file, line, col, msg) & mask;; i = (i + 1) & mask) {
        size_t *slot = &d->slots[i];
        if (!*slot || same_diag(&d->items[*slot - 1], sev, file, line, col, msg))
            return slot;
    }
}

static void rehash(sd_diags *d, size_t nslots)
{
    free(d->slots);
    d->nslots = nslots;
    d->slots = sd_xcalloc(d->nslots, sizeof(size_t));
    for (size_t i = 0; i < d->n; i++) {
        const diag *x = &d->items[i];
        *find_slot(d, x->sev, x->file, x->line, x->col, x->message) = i + 1;
    }
}

static void add(sd_diags *d, sd_severity sev, const char *file, unsigned line,
                unsigned col, char *msg /* taken */)
{
    if ((d->n + 1) * 2 > d->nslots)
        rehash(d, d->nslots ? d->nslots * 2 : 64);
    size_t *slot = find_slot(d, sev, file, line, col, msg);
    if (*slot) {
        free(msg);
        return;
    }
    *slot = d->n + 1;
    void *items = d->items;
    sd_grow(&items, &d->cap, d->n + 1, sizeof(diag));
    d->items = items;
    d->items[d->n++] = (diag){sev, file ? sd_xstrdup(file) : NULL, line, col,
                              msg, d->next_seq++};
}

static void vadd(sd_diags *d, sd_severity sev, const char *file, unsigned line,
                 unsigned col, const char *fmt, va_list ap)
{
    sd_buf b = {0};
    sd_buf_vprintf(&b, fmt, ap);
    add(d, sev, file, line, col, sd_buf_take(&b));
}

void sd_diag(sd_diags *d, sd_severity sev, const char *file, unsigned line,
             unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd(d, sev, file, line, col, fmt, ap);
    va_end(ap);
}

void sd_diag_at(sd_diags *d, sd_severity sev, sd_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd(d, sev, pos.file, pos.line, pos.col, fmt, ap);
    va_end(ap);
}

size_t sd_diags_count(const sd_diags *d, sd_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->items[i].sev == sev;
    return n;
}

static int compare(const void *pa, const void *pb)
{
    const diag *a = pa, *b = pb;
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void sd_diags_print(sd_diags *d, FILE *out)
{
    if (d->n) {
        qsort(d->items, d->n, sizeof(diag), compare);
        rehash(d, d->nslots);   /* the slots hold indices, which the sort changed */
    }
    for (size_t i = 0; i < d->n; i++) {
        const diag *x = &d->items[i];
        const char *sev = x->sev == SD_ERROR ? "fejl" : "advarsel";
        if (x->file && x->line)
            fprintf(out, "%s:%u:%u: %s: %s\n", x->file, x->line, x->col, sev,
                    x->message);
        else if (x->file)
            fprintf(out, "%s: %s: %s\n", x->file, sev, x->message);
        else
            fprintf(out, "samdoc: %s: %s\n", sev, x->message);
    }
}

void sd_diags_move(sd_diags *to, sd_diags *from)
{
    for (size_t i = 0; i < from->n; i++) {
        diag *x = &from->items[i];
        add(to, x->sev, x->file, x->line, x->col, x->message);
        free(x->file);
    }
    from->n = 0;
    if (from->slots)
        memset(from->slots, 0, from->nslots * sizeof(size_t));
}
