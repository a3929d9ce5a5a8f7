/* newcase.c — see newcase.h.
 *
 * Order of work, so that a refusal or a failure leaves nothing behind: read
 * both templates, look for existing files, create the folder, write both
 * temporary files, and only then give them their names. A name is given
 * with link(), which fails if the name exists, so a file that appeared
 * meanwhile is never replaced (rename() would replace it); file systems
 * without hard links get rename(), after the check above.
 */
/* realpath() is XSI, beyond the Makefile's _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include "newcase.h"
#include "files.h"
#include "samdoc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMPLATE_DIR "templates/ny"
#define SCHEMA_TOKEN "@SKEMAER@"
#define MAX_TEMPLATE (256 * 1024)   /* the templates are a few KB */

#define MSG_EXISTS "Filen findes allerede. samdoc new skriver aldrig oven i en sag; " \
    "vælg en ny mappe."
#define MSG_TEMPLATE "Skabelonen til en ny sag kan ikke læses: %s."
#define MSG_FOLDER "Mappen kan ikke oprettes: %s."
#define MSG_WRITE "Filen kan ikke skrives: %s."

static const char *const file_names[] = {"sag.yaml", "moede-1.yaml"};
#define NFILES (sizeof file_names / sizeof *file_names)

/* "a/b", without doubling a slash that `a` ends with. Caller frees. */
static char *join(const char *a, const char *b)
{
    size_t n = strlen(a);
    sd_buf buf = {0};
    sd_buf_printf(&buf, "%s%s%s", a, n && a[n - 1] == '/' ? "" : "/", b);
    return sd_buf_take(&buf);
}

/* The whole of the file at `path` (caller frees), or NULL with errno set. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sd_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= MAX_TEMPLATE)
        sd_buf_append(&b, chunk, n);
    int err = ferror(f) ? EIO : b.len > MAX_TEMPLATE ? EFBIG : 0;
    fclose(f);
    if (err) {
        sd_buf_free(&b);
        errno = err;
        return NULL;
    }
    sd_buf_cstr(&b);            /* an empty file is "" */
    return sd_buf_take(&b);
}

/* Where the modeline points: the absolute schema folder. The language
 * server takes the text after "$schema=" up to white space, and cuts a path
 * at '#'; a path that holds either (or '%', which would read as an escape)
 * is written as a file:// URI with those bytes escaped. Caller frees. */
static char *schema_location(const char *datadir)
{
    char *root = realpath(datadir, NULL);
    char *dir = join(root ? root : datadir, "schemas");
    free(root);
    if (!strpbrk(dir, " \t#%"))
        return dir;
    sd_buf b = {0};
    sd_buf_puts(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)dir; *p; p++) {
        if (*p <= ' ' || *p == '#' || *p == '%' || *p >= 0x7F)
            sd_buf_printf(&b, "%%%02X", *p);
        else
            sd_buf_putc(&b, (char)*p);
    }
    free(dir);
    return sd_buf_take(&b);
}

/* `text` with every SCHEMA_TOKEN replaced by `location`. Caller frees. */
static char *fill_in(const char *text, const char *location)
{
    sd_buf b = {0};
    const char *p = text, *hit;
    while ((hit = strstr(p, SCHEMA_TOKEN)) != NULL) {
        sd_buf_append(&b, p, (size_t)(hit - p));
        sd_buf_puts(&b, location);
        p = hit + strlen(SCHEMA_TOKEN);
    }
    sd_buf_puts(&b, p);
    return sd_buf_take(&b);
}

/* Creates `path` and the folders above it that are missing, mode 0700: they
 * will hold personal data (as samdoc.c does for the PDFs' folders). */
static int make_dirs(const char *path, sd_diags *diags)
{
    char *p = sd_xstrdup(path);
    int rc = 0;
    for (char *slash = p + 1;; slash++) {
        if (*slash != '/' && *slash != '\0')
            continue;
        char c = *slash;
        *slash = '\0';
        struct stat st;
        if (mkdir(p, 0700) != 0 &&
            !(errno == EEXIST && stat(p, &st) == 0 && S_ISDIR(st.st_mode))) {
            sd_diag(diags, SD_ERROR, p, 0, 0, MSG_FOLDER,
                    errno == EEXIST ? strerror(ENOTDIR) : strerror(errno));
            rc = -1;
        }
        *slash = c;
        if (!c || rc)
            break;
    }
    free(p);
    return rc;
}

/* Gives the temporary file `tmp` the name `final` without replacing a file
 * of that name. Returns 0, or -1 with a diagnostic (tmp is left). */
static int give_name(const char *tmp, const char *final, sd_diags *diags)
{
    if (link(tmp, final) == 0) {
        unlink(tmp);
        return 0;
    }
    if (errno == EEXIST) {
        sd_diag(diags, SD_ERROR, final, 0, 0, MSG_EXISTS);
        return -1;
    }
    /* No hard links here (some network and FAT file systems). */
    if (rename(tmp, final) == 0)
        return 0;
    sd_diag(diags, SD_ERROR, final, 0, 0, MSG_WRITE, strerror(errno));
    return -1;
}

/* Makes the new names durable; a folder that cannot be synced (some file
 * systems) leaves the files written all the same. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

int sd_new_case(const char *datadir, const char *dir, sd_diags *diags, FILE *log)
{
    char *text[NFILES] = {0}, *final[NFILES] = {0}, *tmp[NFILES] = {0};
    size_t named = 0;
    int status = SD_ENVIRONMENT;

    char *location = schema_location(datadir);
    char *templates = join(datadir, TEMPLATE_DIR);
    int ok = 1;
    for (size_t i = 0; i < NFILES; i++) {
        char *path = join(templates, file_names[i]);
        char *raw = read_text(path);
        if (raw)
            text[i] = fill_in(raw, location);
        else {
            sd_diag(diags, SD_ERROR, path, 0, 0, MSG_TEMPLATE, strerror(errno));
            ok = 0;
        }
        free(raw);
        free(path);
    }
    free(templates);
    free(location);

    /* Any existing file, even a broken link, is a case begun: refuse. A
     * missing folder is fine (ENOENT); anything else says why it cannot be
     * used. */
    for (size_t i = 0; i < NFILES; i++) {
        final[i] = join(dir, file_names[i]);
        struct stat st;
        if (lstat(final[i], &st) == 0) {
            sd_diag(diags, SD_ERROR, final[i], 0, 0, MSG_EXISTS);
            ok = 0;
        } else if (errno != ENOENT) {
            sd_diag(diags, SD_ERROR, final[i], 0, 0, MSG_WRITE, strerror(errno));
            ok = 0;
        }
    }
    if (!ok || make_dirs(dir, diags) != 0)
        goto done;

    for (size_t i = 0; i < NFILES; i++)
        if (!(tmp[i] = sd_file_stage(text[i], strlen(text[i]), final[i], diags)))
            goto done;
    for (; named < NFILES; named++)
        if (give_name(tmp[named], final[named], diags) != 0)
            goto done;
    sync_dir(dir);
    for (size_t i = 0; i < NFILES; i++)
        if (log)
            fprintf(log, "%s\n", final[i]);
    status = SD_OK;

done:
    for (size_t i = 0; i < NFILES; i++) {
        if (status != SD_OK && i < named)
            unlink(final[i]);          /* ours: the other file failed */
        if (tmp[i] && status != SD_OK)
            sd_file_discard(tmp[i]);   /* gone already if it was named */
        free(tmp[i]);
        free(final[i]);
        free(text[i]);
    }
    return status;
}
