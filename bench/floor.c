/* floor.c — the floor samdoc is measured against: the same PDF bytes written
 * the way samdoc writes them, with no rendering at all.
 *
 *     floor OUT PDF...
 *
 * For each PDF (a file samdoc wrote, OUT2/<folder>/<name>.pdf) the bytes are
 * read into memory and written to OUT/<folder>/<name>.pdf exactly as
 * pdf.c's sd_pdf_save writes: the folder created with mode 0700 if missing,
 * a temporary file beside the target (mkstemp), mode 0600, write, fsync,
 * rename, fsync of the folder. One PDF per process is the floor of a
 * one-document run; a thousand in one process, of a batch. Reading the
 * input stands in for reading the records.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what, const char *path)
{
    fprintf(stderr, "floor: %s %s: %s\n", what, path, strerror(errno));
    exit(2);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot read", path);
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        if (!buf)
            die("out of memory for", path);
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    fclose(f);
    *len = n;
    return buf;
}

static void write_atomically(const char *dir, const char *path, const unsigned char *p,
                             size_t n)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        die("cannot create", dir);
    size_t tlen = strlen(dir) + 32;
    char *tmp = malloc(tlen);
    if (!tmp)
        die("out of memory for", path);
    snprintf(tmp, tlen, "%s/.floor-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0 || fchmod(fd, 0600) != 0)
        die("cannot write", tmp);
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            die("cannot write", tmp);
        p += w;
        n -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0)
        die("cannot write", path);
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(tmp);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: floor OUT PDF...\n");
        return 2;
    }
    const char *out = argv[1];
    if (mkdir(out, 0700) != 0 && errno != EEXIST)
        die("cannot create", out);
    for (int i = 2; i < argc; i++) {
        /* OUT/<the PDF's folder name>/<its name> */
        const char *src = argv[i];
        const char *name = strrchr(src, '/');
        name = name ? name + 1 : src;
        const char *folder = "";
        size_t flen = 0;
        if (name != src) {
            const char *end = name - 1, *start = end;
            while (start > src && start[-1] != '/')
                start--;
            folder = start;
            flen = (size_t)(end - start);
        }
        size_t dlen = strlen(out) + flen + 2, plen = dlen + strlen(name) + 1;
        char *dir = malloc(dlen), *path = malloc(plen);
        if (!dir || !path)
            die("out of memory for", src);
        snprintf(dir, dlen, "%s/%.*s", out, (int)flen, folder);
        snprintf(path, plen, "%s/%s", dir, name);
        size_t n;
        unsigned char *bytes = slurp(src, &n);
        write_atomically(dir, path, bytes, n);
        free(bytes);
        free(dir);
        free(path);
    }
    return 0;
}
