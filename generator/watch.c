/* watch.c — see watch.h. One loop: wait for a change (inotify) or a stop
 * signal (signalfd) with poll(), let the burst of events settle, render. */
#include "watch.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

/* What a wait ended with; the CHANGE_ bits can come together. */
enum {
    CHANGE_RECORDS = 1,   /* a record (or picture) in the case folder */
    CHANGE_DATA = 2,      /* a template or schema: reload the context */
    STOP = 4,             /* SIGINT or SIGTERM */
    GONE = 8,             /* the case folder was deleted or moved */
    FAILED = 16,          /* reading inotify or the signalfd failed */
    LAST_REMOVED = 32     /* the last change that mattered removed a file */
};

/* The data folders a change is looked for in, relative to the data folder. */
static const char *const data_dirs[] = {"templates", "templates/assets", "schemas",
                                        "schemas/rules"};
#define NDATA (sizeof data_dirs / sizeof data_dirs[0])

typedef struct watcher {
    int inotify;          /* owned fd; -1 if not open */
    int signals;          /* owned signalfd; -1 if not open */
    int case_wd;          /* the case folder's watch */
    int data_wd[NDATA];   /* -1 for a data folder that does not exist */
    sigset_t old_mask;    /* the caller's, restored by watcher_close */
    int mask_saved;
} watcher;

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Only the files samdoc reads matter: an editor's swap file (".sag.yaml.swp",
 * "4913", "sag.yaml~") or a PDF written into the folder is no reason to
 * render. */
static int matters(const char *name, int in_case)
{
    if (name[0] == '.')
        return 0;
    if (ends_with(name, ".png") || ends_with(name, ".jpg") || ends_with(name, ".jpeg"))
        return 1;
    return in_case ? ends_with(name, ".yaml") : ends_with(name, ".xml") || ends_with(name, ".xsd");
}

static void watcher_close(watcher *w)
{
    if (w->inotify >= 0)
        close(w->inotify);
    if (w->signals >= 0) {
        /* Read what is pending, so that unblocking does not deliver a second
         * signal that arrived meanwhile and kill the process. */
        struct signalfd_siginfo si;
        while (read(w->signals, &si, sizeof si) == (ssize_t)sizeof si)
            continue;
        close(w->signals);
    }
    if (w->mask_saved)
        sigprocmask(SIG_SETMASK, &w->old_mask, NULL);
}

/* Blocks SIGINT and SIGTERM into a signalfd and watches the case folder and
 * the data folders. -1 with a diagnostic if that cannot be done. */
static int watcher_open(watcher *w, const char *datadir, const char *dir, sd_diags *diags)
{
    *w = (watcher){.inotify = -1, .signals = -1, .case_wd = -1};
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    w->mask_saved = sigprocmask(SIG_BLOCK, &stop, &w->old_mask) == 0;
    w->signals = signalfd(-1, &stop, SFD_NONBLOCK | SFD_CLOEXEC);
    w->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (!w->mask_saved || w->signals < 0 || w->inotify < 0) {
        sd_diag(diags, SD_ERROR, NULL, 0, 0, "Ændringer kan ikke følges: %s.", strerror(errno));
        return -1;
    }
    const uint32_t files = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ONLYDIR;
    w->case_wd = inotify_add_watch(w->inotify, dir, files | IN_DELETE_SELF | IN_MOVE_SELF);
    if (w->case_wd < 0) {
        sd_diag(diags, SD_ERROR, dir, 0, 0, "Sagsmappen kan ikke følges: %s.", strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < NDATA; i++) {
        sd_buf path = {0};
        sd_buf_printf(&path, "%s/%s", datadir, data_dirs[i]);
        w->data_wd[i] = inotify_add_watch(w->inotify, sd_buf_cstr(&path), files);
        /* a data folder that is missing (templates/assets/) has nothing to follow */
        int failed = w->data_wd[i] < 0 && errno != ENOENT;
        if (failed)
            sd_diag(diags, SD_ERROR, sd_buf_cstr(&path), 0, 0, "Mappen kan ikke følges: %s.",
                    strerror(errno));
        sd_buf_free(&path);
        if (failed)
            return -1;
    }
    return 0;
}

/* The CHANGE_/GONE/LAST_REMOVED bits of the inotify events waiting to be
 * read (0 if none matter), or FAILED. */
static int read_events(const watcher *w)
{
    /* aligned as the kernel writes whole struct inotify_event records */
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    int what = 0;
    for (;;) {
        ssize_t n = read(w->inotify, buf, sizeof buf);
        if (n < 0)
            return errno == EAGAIN ? what : FAILED;
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW)   /* events were lost: assume everything */
                what |= CHANGE_RECORDS | CHANGE_DATA;
            else if (ev->wd == w->case_wd && (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)))
                what |= GONE;
            else if (ev->len && !(ev->mask & IN_ISDIR) && matters(ev->name, ev->wd == w->case_wd)) {
                what |= ev->wd == w->case_wd ? CHANGE_RECORDS : CHANGE_DATA;
                what &= ~LAST_REMOVED;
                what |= ev->mask & (IN_MOVED_FROM | IN_DELETE) ? LAST_REMOVED : 0;
            }
        }
    }
}

/* STOP if a stop signal is waiting, else 0. */
static int read_signal(const watcher *w)
{
    struct signalfd_siginfo si;
    return read(w->signals, &si, sizeof si) == (ssize_t)sizeof si ? STOP : 0;
}

/* Waits for a change that matters, then until the files have been quiet for
 * SD_WATCH_QUIET_MS (SD_WATCH_GONE_MS when the last change removed a file);
 * returns the CHANGE_ bits seen. A stop signal ends the wait at once, also
 * in the quiet period. */
static int wait_for_change(const watcher *w)
{
    int what = 0;
    for (;;) {
        struct pollfd fds[2] = {{w->signals, POLLIN, 0}, {w->inotify, POLLIN, 0}};
        int quiet = what & LAST_REMOVED ? SD_WATCH_GONE_MS : SD_WATCH_QUIET_MS;
        int n = poll(fds, 2, what ? quiet : -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return what | FAILED;
        if (n == 0)
            return what;   /* quiet long enough */
        if (fds[0].revents)
            what |= read_signal(w);
        if (fds[1].revents) {
            int seen = read_events(w);
            /* LAST_REMOVED tells of the latest change only */
            if (seen & (CHANGE_RECORDS | CHANGE_DATA))
                what &= ~LAST_REMOVED;
            what |= seen;
        }
        if (what & (STOP | GONE | FAILED))
            return what;
    }
}

/* Loads the data folder's schemas and fonts; NULL after printing why. The
 * caller frees with sd_context_free. */
static sd_context *load_context(const char *datadir, FILE *err)
{
    sd_diags *diags = sd_diags_new();
    sd_context *ctx = sd_context_new(datadir, diags);
    sd_diags_print(diags, err);
    sd_diags_free(diags);
    return ctx;
}

/* One rendering: the PDFs written are named on `log`; on failure the
 * diagnostics and a line saying the old PDF stays go to `err`. Returns the
 * status of sd_render_case. */
static int render_once(sd_context *ctx, const char *dir, const sd_request *req, FILE *log,
                        FILE *err)
{
    sd_diags *diags = sd_diags_new();
    int status = sd_render_case(ctx, dir, req, diags, log);
    sd_diags_print(diags, err);
    sd_diags_free(diags);
    if (status != SD_OK)
        fprintf(err, "samdoc: intet er skrevet; ret fejlene ovenfor, så skrives PDF'en igen "
                     "(den forrige bliver stående).\n");
    /* the log is a pipe to a script, or a terminal someone is watching */
    fflush(log);
    fflush(err);
    return status;
}

int sd_watch(const char *datadir, const char *dir, const sd_request *req, FILE *log,
             FILE *err)
{
    watcher w;
    sd_diags *diags = sd_diags_new();
    int status = watcher_open(&w, datadir, dir, diags) == 0 ? SD_OK : SD_ENVIRONMENT;
    sd_diags_print(diags, err);
    sd_diags_free(diags);
    /* ctx is owned here; NULL while the data folder is broken (a template
     * being edited), in which case the next change tries again */
    sd_context *ctx = status == SD_OK ? load_context(datadir, err) : NULL;
    /* invalid records at the start are the referent's to correct while we
     * watch; an unknown document or an unwritable folder is not */
    if (!ctx || render_once(ctx, dir, req, log, err) == SD_ENVIRONMENT)
        status = SD_ENVIRONMENT;
    while (status == SD_OK) {
        int what = wait_for_change(&w);
        if (what & STOP)
            break;
        if (what & (GONE | FAILED)) {
            fprintf(err, "%s: fejl: %s\n", dir, what & GONE ? "Sagsmappen er slettet eller flyttet."
                                                            : "Ændringer kan ikke længere følges.");
            status = SD_ENVIRONMENT;
            break;
        }
        if ((what & CHANGE_DATA) || !ctx) {
            sd_context_free(ctx);
            ctx = load_context(datadir, err);
        }
        if (ctx)
            render_once(ctx, dir, req, log, err);
    }
    sd_context_free(ctx);
    watcher_close(&w);
    return status;
}
