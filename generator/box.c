/* box.c — see box.h. */
#include "box.h"
#include "netmap.h"
#include "timeline.h"
#include "util.h"

#include <stdlib.h>

sd_box *sd_box_new(sd_box_kind kind)
{
    sd_box *b = sd_xcalloc(1, sizeof(*b));
    b->kind = kind;
    b->border_color = (sd_rgb){0, 0, 0};
    return b;
}

void sd_box_add(sd_box *parent, sd_box *child)
{
    void *items = parent->children;
    sd_grow(&items, &parent->capchildren, parent->nchildren + 1, sizeof(sd_box *));
    parent->children = items;
    parent->children[parent->nchildren++] = child;
}

sd_run *sd_box_add_run(sd_box *para, sd_run_kind kind, const char *text,
                       sd_face face, float size, sd_pos src)
{
    void *items = para->runs;
    sd_grow(&items, &para->capruns, para->nruns + 1, sizeof(sd_run));
    para->runs = items;
    sd_run *r = &para->runs[para->nruns++];
    *r = (sd_run){kind, NULL, face, size, 0, src};
    if (kind == SD_RUN_TEXT)
        r->text = sd_xstrdup(text ? text : "");
    return r;
}

void sd_box_set_columns(sd_box *table, const sd_column *cols, size_t n)
{
    free(table->columns);
    table->columns = sd_xmalloc(n * sizeof(sd_column));
    for (size_t i = 0; i < n; i++)
        table->columns[i] = cols[i];
    table->ncolumns = n;
}

void sd_box_free(sd_box *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->nchildren; i++)
        sd_box_free(b->children[i]);
    free(b->children);
    for (size_t i = 0; i < b->nruns; i++)
        free(b->runs[i].text);
    free(b->runs);
    free(b->bullet);
    free(b->columns);
    free(b->src);
    sd_netmap_free(b->netmap);
    sd_timeline_free(b->timeline);
    free(b);
}

sd_document *sd_document_new(void)
{
    sd_document *d = sd_xcalloc(1, sizeof(*d));
    d->page_width = 595.28f;
    d->page_height = 841.89f;
    d->margin_top = d->margin_right = d->margin_bottom = d->margin_left = SD_MM(15);
    d->footer_size = 8;
    d->body = sd_box_new(SD_BOX_FRAME);
    return d;
}

static void meta_free(sd_meta *m)
{
    free(m->title);
    free(m->subject);
    free(m->author);
    free(m->keywords);
    free(m->creator);
    free(m->lang);
    free(m->date);
}

void sd_document_free(sd_document *d)
{
    if (!d)
        return;
    free(d->footer);
    free(d->running_head);
    meta_free(&d->meta);
    sd_box_free(d->body);
    free(d);
}
