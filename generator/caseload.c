/* caseload.c — see caseload.h. */
#include "caseload.h"
#include "text.h"
#include "util.h"

#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>

/* One case's bostøtte: worker and method, when active. */
typedef struct support {
    sd_records *r;        /* borrowed */
    xmlNodePtr at;        /* the medarbejder element: where to warn */
    char *worker;         /* owned: the worker's name as written */
    char *key;            /* owned: method and name folded, for grouping */
    int cti;              /* 1 CTI, 0 ICM */
} support;

/* The first node `expr` selects in r's tree, or NULL. */
static xmlNodePtr first_node(sd_records *r, const char *expr)
{
    xmlXPathContextPtr xp = xmlXPathNewContext(sd_records_doc(r));
    xmlXPathObjectPtr o = xp ? xmlXPathEvalExpression(BAD_CAST expr, xp) : NULL;
    xmlNodePtr n = o && o->type == XPATH_NODESET && o->nodesetval && o->nodesetval->nodeNr
                       ? o->nodesetval->nodeTab[0] : NULL;
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(xp);
    return n;
}

/* The text of the first node `expr` selects, or "" (caller frees). */
static char *text_of(sd_records *r, const char *expr)
{
    xmlNodePtr n = first_node(r, expr);
    xmlChar *s = n ? xmlNodeGetContent(n) : NULL;
    char *out = sd_xstrdup(s ? (const char *)s : "");
    xmlFree(s);
    return out;
}

/* Lower case, single spaces: "Jonas  Berg" and "jonas berg" are one worker. */
static char *folded(const char *method, const char *name)
{
    sd_buf b = {0};
    sd_buf_printf(&b, "%s:", method);
    int space = 0;
    for (const char *p = name; *p; p++) {
        if (*p == ' ' || *p == '\t') {
            space = b.len > 0;
            continue;
        }
        if (space)
            sd_buf_putc(&b, ' ');
        space = 0;
        sd_buf_putc(&b, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
    }
    return sd_buf_take(&b);
}

/* Fills *s for an active CTI or ICM support of case r; 0 if none. */
static int active_support(sd_records *r, long ref_day, support *s)
{
    char *status = text_of(r, "/sagsmappe/sagsfil/sag/status");
    char *method = text_of(r, "/sagsmappe/sagsfil/bostoette/metode");
    char *slut = text_of(r, "/sagsmappe/sagsfil/bostoette/slut");
    long end = *slut ? sd_date_parse(slut) : SD_NO_DAY;
    int active = strcmp(status, "aktiv") == 0 &&
                 (strcmp(method, "cti") == 0 || strcmp(method, "icm") == 0) &&
                 (end == SD_NO_DAY || end > ref_day);
    xmlNodePtr at = active ? first_node(r, "/sagsmappe/sagsfil/bostoette/medarbejder") : NULL;
    if (at) {
        xmlChar *id = xmlNodeGetContent(at);
        sd_buf expr = {0};
        /* ids are [a-z0-9-] (the schema), so they can stand in a literal */
        sd_buf_printf(&expr, "/sagsmappe/sagsfil/netvaerk/personer/item[id = '%s']/navn",
                      id ? (const char *)id : "");
        xmlFree(id);
        s->worker = text_of(r, sd_buf_cstr(&expr));
        sd_buf_free(&expr);
        s->key = folded(method, s->worker);
        s->r = r;
        s->at = at;
        s->cti = method[0] == 'c';
        active = *s->worker != '\0';
        if (!active) {
            free(s->worker);
            free(s->key);
        }
    } else {
        active = 0;
    }
    free(status);
    free(method);
    free(slut);
    return active;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const support *)a)->key, ((const support *)b)->key);
}

void sd_caseload_check(sd_records *const *cases, size_t n, long ref_day, sd_diags *diags)
{
    support *all = sd_xcalloc(n + 1, sizeof(support));
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += cases[i] && active_support(cases[i], ref_day, &all[m]);
    qsort(all, m, sizeof(support), by_key);
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && strcmp(all[j].key, all[i].key) == 0)
            j++;
        size_t count = j - i, limit = all[i].cti ? SD_CTI_CASELOAD : SD_ICM_CASELOAD;
        for (size_t k = i; count > limit && k < j; k++)
            sd_diag_at(diags, SD_WARNING, sd_records_pos(all[k].r, all[k].at),
                       "%s har %zu unge i %s i de sager, der er kontrolleret sammen (højst %zu "
                       "pr. bostøttemedarbejder). Fordel de unge, eller tjek at sagerne er "
                       "afsluttet.", all[k].worker, count, all[k].cti ? "CTI" : "ICM", limit);
        i = j;
    }
    for (size_t i = 0; i < m; i++) {
        free(all[i].worker);
        free(all[i].key);
    }
    free(all);
}
