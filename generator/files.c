/* files.c — see files.h. */
#include "files.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder part of `path`: "." for a bare name, "/" for "/x". Caller frees. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return sd_xstrdup(".");
    if (slash == path)
        return sd_xstrdup("/");
    return sd_xstrndup(path, (size_t)(slash - path));
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

char *sd_file_stage(const void *data, size_t len, const char *path, sd_diags *diags)
{
    /* Beside the target (the same file system, so the rename is atomic);
     * mkstemp needs the X's last, hence no ".tmp". A full disk or a
     * file-size limit (ulimit -f; main.c ignores SIGXFSZ, so write fails
     * with EFBIG instead of the process dying) shows here. */
    char *folder = folder_of(path);
    sd_buf tmp = {0};
    sd_buf_printf(&tmp, "%s/.samdoc-XXXXXX", folder);
    free(folder);
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        sd_diag(diags, SD_ERROR, path, 0, 0, "Mappen kan ikke skrives: %s.", sd_errno_text(errno));
        sd_buf_free(&tmp);
        return NULL;
    }
    /* The PDF holds personal data: owner only, whatever the umask says. */
    if (fchmod(fd, 0600) || write_all(fd, data, len) || fsync(fd)) {
        int e = errno;
        close(fd);
        errno = e;
    } else if (close(fd) == 0) {
        return sd_buf_take(&tmp);
    }
    sd_diag(diags, SD_ERROR, path, 0, 0, "PDF-filen kan ikke skrives: %s.", sd_errno_text(errno));
    unlink(tmp.data);
    sd_buf_free(&tmp);
    return NULL;
}

int sd_file_commit(const char *tmp, const char *path, sd_diags *diags)
{
    if (rename(tmp, path) != 0) {
        sd_diag(diags, SD_ERROR, path, 0, 0, "PDF-filen kan ikke skrives: %s.", sd_errno_text(errno));
        unlink(tmp);
        return -1;
    }
    /* Make the rename itself durable; a folder that cannot be synced (some
     * file systems) leaves the file written all the same. */
    char *folder = folder_of(path);
    int dfd = open(folder, O_RDONLY);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(folder);
    return 0;
}

void sd_file_discard(const char *tmp)
{
    if (tmp)
        unlink(tmp);
}
