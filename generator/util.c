/* util.c — see util.h. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t size)
{
    fprintf(stderr, "samdoc: ikke nok hukommelse (%zu bytes)\n", size);
    abort();
}

void *sd_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *sd_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *sd_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        out_of_memory(size);
    return q;
}

char *sd_xstrdup(const char *s)
{
    return sd_xstrndup(s, strlen(s));
}

char *sd_xstrndup(const char *s, size_t n)
{
    char *p = sd_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void sd_grow(void **items, size_t *cap, size_t need, size_t elem_size)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    *items = sd_xrealloc(*items, n * elem_size);
    *cap = n;
}

static void buf_reserve(sd_buf *b, size_t extra)
{
    void *data = b->data;
    sd_grow(&data, &b->cap, b->len + extra + 1, 1);
    b->data = data;
}

void sd_buf_append(sd_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sd_buf_puts(sd_buf *b, const char *s)
{
    sd_buf_append(b, s, strlen(s));
}

void sd_buf_putc(sd_buf *b, char c)
{
    sd_buf_append(b, &c, 1);
}

void sd_buf_vprintf(sd_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return;
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void sd_buf_printf(sd_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sd_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *sd_buf_cstr(sd_buf *b)
{
    return b->data ? b->data : "";
}

char *sd_buf_take(sd_buf *b)
{
    char *s = b->data ? b->data : sd_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void sd_buf_free(sd_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

const char *sd_errno_text(int err)
{
    switch (err) {
    case ENOENT: return "den findes ikke";
    case EACCES:
    case EPERM: return "ingen adgang (tjek rettighederne)";
    case EROFS: return "drevet er skrivebeskyttet";
    case ENOSPC: return "der er ikke mere plads på drevet";
#ifdef EDQUOT
    case EDQUOT: return "kvoten på drevet er brugt op";
#endif
    case EFBIG: return "filen bliver større, end systemet tillader";
    case ENOTDIR: return "en del af stien er en fil, ikke en mappe";
    case EISDIR: return "det er en mappe, ikke en fil";
    case ENAMETOOLONG: return "navnet er for langt";
    case ELOOP: return "for mange symbolske links";
    case EIO: return "læse- eller skrivefejl på drevet";
    case EMFILE:
    case ENFILE: return "for mange åbne filer";
    case EBUSY: return "filen er i brug";
    default: return strerror(err);
    }
}
