/* util.h — allocation that fails loudly, and a growable string buffer.
 *
 * Every sd_x* allocator aborts the process with a message on out-of-memory,
 * so callers never test their result for NULL.
 */
#ifndef SD_UTIL_H
#define SD_UTIL_H

#include <stdarg.h>
#include <stddef.h>

void *sd_xmalloc(size_t size);                 /* caller frees with free() */
void *sd_xcalloc(size_t n, size_t size);       /* caller frees with free() */
void *sd_xrealloc(void *p, size_t size);       /* caller frees with free() */
char *sd_xstrdup(const char *s);               /* caller frees with free() */
char *sd_xstrndup(const char *s, size_t n);    /* caller frees with free() */

/* Grows *items (an array of elem_size-byte elements with *cap slots) so that
 * it holds at least `need` elements. */
void sd_grow(void **items, size_t *cap, size_t need, size_t elem_size);

/* A growable NUL-terminated byte string. Zero-initialise (`sd_buf b = {0};`),
 * append, then take ownership of b.data (or sd_buf_free). data may be NULL
 * while len == 0; sd_buf_cstr never returns NULL. */
typedef struct sd_buf {
    char *data;   /* owned */
    size_t len;
    size_t cap;
} sd_buf;

void sd_buf_append(sd_buf *b, const char *s, size_t n);
void sd_buf_puts(sd_buf *b, const char *s);
void sd_buf_putc(sd_buf *b, char c);
void sd_buf_printf(sd_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sd_buf_vprintf(sd_buf *b, const char *fmt, va_list ap);
const char *sd_buf_cstr(sd_buf *b);            /* borrowed, valid until next append */
char *sd_buf_take(sd_buf *b);                  /* caller frees; b is reset */
void sd_buf_free(sd_buf *b);

/* What went wrong with a file, in Danish, for a message ("Filen kan ikke
 * læses: %s."): the errno values a coordinator meets (a missing file, no
 * permission, a full disk, a file-size limit …) in words; any other as
 * strerror gives it. Borrowed, static (strerror's may change on the next
 * call). */
const char *sd_errno_text(int err);

#endif
