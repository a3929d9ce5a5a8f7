/* batch.c — see batch.h.
 *
 * Workers are forked after the context is loaded, templates included, so
 * schemas, rules, fonts and templates are read and compiled once, by the
 * parent, and shared copy-on-write. The parent hands out one case at a time
 * over a pipe per worker (a worker that is done asks for more by answering),
 * so a slow case never holds up a queue behind it; it knows at every moment
 * which case each worker has, so a worker that dies is reported against its
 * case and the other cases go on.
 *
 * A worker answers with the case's number, status and the two texts the
 * case produced: the files it wrote (stdout) and its diagnostics (stderr).
 * The parent prints them strictly in case order, holding back a case that
 * finished before an earlier one, so the output of `-j 4` is the output of
 * `-j 1`, and so are the files: every document's bytes depend on its case
 * alone (pdf.c starts each PDF afresh).
 */
#include "batch.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_NAMED_FAILURES 10   /* failed cases named in the summary line */

/* ---- finding the cases ---- */

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a);
    sd_buf buf = {0};
    sd_buf_printf(&buf, "%s%s%s", a, n && a[n - 1] == '/' ? "" : "/", b);
    return sd_buf_take(&buf);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int has_file(const char *dir, const char *name)
{
    char *path = join(dir, name);
    struct stat st;
    int found = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return found;
}

/* 1 if folder `dir` holds a file whose name ends in .yaml. */
static int has_yaml(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int found = 0;
    struct dirent *ent;
    while (!found && (ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        found = ent->d_name[0] != '.' && n > 5 && strcmp(ent->d_name + n - 5, ".yaml") == 0;
    }
    closedir(d);
    return found;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The visible subfolders of `dir`, sorted (caller frees each and the array). */
static char **subfolders(const char *dir, size_t *count)
{
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        if (ent->d_name[0] == '.')
            continue;
        char *path = join(dir, ent->d_name);
        if (!is_dir(path)) {
            free(path);
            continue;
        }
        void *items = names;
        sd_grow(&items, &cap, n + 1, sizeof(char *));
        names = items;
        names[n++] = path;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(char *), compare_names);
    *count = n;
    return names;
}

int sd_is_case_folder_folder(const char *path)
{
    if (!is_dir(path) || has_file(path, "sag.yaml"))
        return 0;
    size_t n;
    char **sub = subfolders(path, &n);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        found |= has_file(sub[i], "sag.yaml");
        free(sub[i]);
    }
    free(sub);
    return found;
}

typedef struct case_list {
    char **dirs;   /* owned, each owned */
    size_t n, cap;
} case_list;

static void add_case(case_list *l, char *dir)
{
    void *items = l->dirs;
    sd_grow(&items, &l->cap, l->n + 1, sizeof(char *));
    l->dirs = items;
    l->dirs[l->n++] = dir;
}

/* A folder of cases stands for its subfolders with records in them (one
 * without sag.yaml is then reported as a case that lacks it); anything else
 * is one case, reported by sd_render_case if it is none. */
static void find_cases(const char *const *paths, size_t npaths, case_list *l)
{
    for (size_t i = 0; i < npaths; i++) {
        if (!sd_is_case_folder_folder(paths[i])) {
            add_case(l, sd_xstrdup(paths[i]));
            continue;
        }
        size_t n;
        char **sub = subfolders(paths[i], &n);
        for (size_t j = 0; j < n; j++) {
            if (has_yaml(sub[j]))
                add_case(l, sub[j]);
            else
                free(sub[j]);
        }
        free(sub);
    }
}

char **sd_case_folders(const char *const *paths, size_t npaths, size_t *count)
{
    case_list l = {0};
    find_cases(paths, npaths, &l);
    *count = l.n;
    return l.dirs;
}

/* ---- one case ---- */

/* What a case produced. */
typedef struct result {
    int done;
    int status;
    unsigned ndocs;
    uint32_t wall_us, cpu_us;   /* how long it took, for SAMDOC_CASE_TIMES */
    char *out;   /* owned: the files written, one per line */
    char *err;   /* owned: the diagnostics */
} result;

static unsigned count_lines(const char *s)
{
    unsigned n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static double seconds(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Renders one case, capturing what it prints. */
static void run_case(sd_context *ctx, const char *dir, const sd_request *req, result *res)
{
    double wall0 = seconds(CLOCK_MONOTONIC), cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    char *out = NULL, *err = NULL;
    size_t out_len = 0, err_len = 0;
    FILE *log = open_memstream(&out, &out_len);
    FILE *msgs = open_memstream(&err, &err_len);
    if (!log || !msgs) {
        fprintf(stderr, "samdoc: ikke mere hukommelse\n");
        abort();
    }
    sd_diags *diags = sd_diags_new();
    res->status = sd_render_case(ctx, dir, req, diags, log);
    sd_diags_print(diags, msgs);
    sd_diags_free(diags);
    fclose(log);
    fclose(msgs);
    res->out = out;
    res->err = err;
    res->ndocs = count_lines(out);
    res->wall_us = (uint32_t)((seconds(CLOCK_MONOTONIC) - wall0) * 1e6);
    res->cpu_us = (uint32_t)((seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0) * 1e6);
    res->done = 1;
}

/* ---- the run: results in order, progress, summary ---- */

/* A file written, and by which case: two cases with the same sag.id write
 * the same files, and with workers which one is left is a matter of timing,
 * so that is told. */
typedef struct written {
    char *path;      /* owned */
    size_t by;       /* case number */
} written;

typedef struct run {
    const case_list *cases;
    result *results;
    size_t next;          /* the first case not yet printed */
    size_t finished;      /* cases with a result */
    unsigned ndocs;
    size_t nfailed;
    int status;
    FILE *out, *err;
    int progress;
    double started, last_progress;
    int jobs;
    written *files;       /* owned */
    size_t nfiles, capfiles;
    FILE *times;          /* SAMDOC_CASE_TIMES, or NULL */
} run;

static double now(void)
{
    return seconds(CLOCK_MONOTONIC);
}

static void show_progress(run *r, int force)
{
    double t = now();
    if (!r->progress || (!force && t - r->last_progress < 0.1))
        return;
    r->last_progress = t;
    fprintf(r->err, "\rsamdoc: %zu af %zu sager, %u dokumenter, %zu fejlede", r->finished,
            r->cases->n, r->ndocs, r->nfailed);
    fflush(r->err);
}

static void clear_progress(run *r)
{
    if (r->progress) {
        fputs("\r\033[K", r->err);
        fflush(r->err);
    }
}

static void remember_files(run *r, const char *out, size_t by)
{
    for (const char *p = out; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        void *items = r->files;
        sd_grow(&items, &r->capfiles, r->nfiles + 1, sizeof(written));
        r->files = items;
        r->files[r->nfiles++] = (written){sd_xstrndup(p, n), by};
        p += n + (nl != NULL);
    }
}

static int compare_written(const void *a, const void *b)
{
    const written *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->by > y->by) - (x->by < y->by);
}

/* Warns of every file that two cases wrote. */
static void tell_collisions(run *r)
{
    if (r->nfiles > 1)
        qsort(r->files, r->nfiles, sizeof(written), compare_written);
    const char *told = NULL;   /* the path last warned of: each once */
    for (size_t i = 1; i < r->nfiles; i++) {
        const written *prev = &r->files[i - 1], *cur = &r->files[i];
        if (strcmp(cur->path, prev->path) != 0 || (told && strcmp(told, cur->path) == 0))
            continue;
        told = cur->path;
        fprintf(r->err, "%s: advarsel: Sagerne %s og %s har samme sagsnummer og skriver "
                "begge denne fil; kun den ene er tilbage. Giv dem hver sit sag.id.\n",
                cur->path, r->cases->dirs[prev->by], r->cases->dirs[cur->by]);
    }
}

/* Prints the results that are next in case order. */
static void flush_results(run *r)
{
    int cleared = 0;
    while (r->next < r->cases->n && r->results[r->next].done) {
        result *res = &r->results[r->next++];
        if (res->err && *res->err && !cleared) {
            clear_progress(r);   /* diagnostics start on a clean line */
            cleared = 1;
        }
        fputs(res->out ? res->out : "", r->out);
        remember_files(r, res->out, r->next - 1);
        if (r->times)
            fprintf(r->times, "%.3f %.3f %u %s\n", res->wall_us / 1e3, res->cpu_us / 1e3,
                    res->ndocs, r->cases->dirs[r->next - 1]);
        fputs(res->err ? res->err : "", r->err);
        free(res->out);
        free(res->err);
        res->out = res->err = NULL;
    }
    fflush(r->out);
    fflush(r->err);
}

static void record(run *r, size_t i)
{
    result *res = &r->results[i];
    r->finished++;
    r->ndocs += res->ndocs;
    if (res->status != SD_OK)
        r->nfailed++;
    if (res->status > r->status)
        r->status = res->status;
    flush_results(r);
    show_progress(r, 0);
}

/* "1,25" — a number with a decimal comma, as Danish writes it. */
static void put_decimal(sd_buf *b, double v, int decimals)
{
    sd_buf tmp = {0};
    sd_buf_printf(&tmp, "%.*f", decimals, v);
    for (char *p = tmp.data; p && *p; p++)
        if (*p == '.')
            *p = ',';
    sd_buf_puts(b, sd_buf_cstr(&tmp));
    sd_buf_free(&tmp);
}

static void summary(run *r)
{
    double secs = now() - r->started;
    sd_buf b = {0};
    sd_buf_printf(&b, "samdoc: %zu %s, %u %s på ", r->cases->n, r->cases->n == 1 ? "sag" : "sager",
                  r->ndocs, r->ndocs == 1 ? "dokument" : "dokumenter");
    put_decimal(&b, secs, 2);
    sd_buf_puts(&b, " s");
    if (r->ndocs) {
        sd_buf_puts(&b, " (");
        put_decimal(&b, secs * 1000 / r->ndocs, 2);
        sd_buf_puts(&b, " ms pr. dokument");
        sd_buf_printf(&b, ", %d %s)", r->jobs, r->jobs == 1 ? "proces" : "processer");
    }
    if (r->nfailed == 0) {
        sd_buf_puts(&b, "; ingen sager fejlede.");
    } else {
        sd_buf_printf(&b, "; %zu %s: ", r->nfailed, r->nfailed == 1 ? "sag fejlede" : "sager fejlede");
        size_t named = 0;
        for (size_t i = 0; i < r->cases->n && named < MAX_NAMED_FAILURES; i++)
            if (r->results[i].status != SD_OK)
                sd_buf_printf(&b, "%s%s", named++ ? ", " : "", r->cases->dirs[i]);
        if (r->nfailed > named)
            sd_buf_printf(&b, " og %zu flere", r->nfailed - named);
        sd_buf_puts(&b, ".");
    }
    clear_progress(r);
    tell_collisions(r);
    fprintf(r->err, "%s\n", sd_buf_cstr(&b));
    fflush(r->err);
    sd_buf_free(&b);
}

/* ---- worker processes ---- */

/* A worker's answer: this header, then out_len and err_len bytes. */
typedef struct answer {
    uint32_t index;
    int32_t status;
    uint32_t ndocs;
    uint32_t wall_us, cpu_us;
    uint32_t out_len;
    uint32_t err_len;
} answer;

typedef struct worker {
    pid_t pid;
    int task_fd;       /* parent writes case numbers; -1 once closed */
    int answer_fd;     /* parent reads answers; -1 once the worker is gone */
    long busy;         /* the case it has, or -1 */
    sd_buf in;         /* answer bytes read so far */
} worker;

static int write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *data, size_t n)
{
    char *p = data;
    while (n > 0) {
        ssize_t got = read(fd, p, n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

/* The worker's life: a case number in, an answer out, until the parent
 * closes the pipe. Never returns. */
static void worker_main(sd_context *ctx, const case_list *cases, const sd_request *req,
                        int task_fd, int answer_fd)
{
    uint32_t index;
    while (read_all(task_fd, &index, sizeof index) == 0 && index < cases->n) {
        result res = {0};
        run_case(ctx, cases->dirs[index], req, &res);
        size_t out_len = strlen(res.out), err_len = strlen(res.err);
        answer a = {index, res.status, res.ndocs, res.wall_us, res.cpu_us, (uint32_t)out_len,
                    (uint32_t)err_len};
        int failed = write_all(answer_fd, &a, sizeof a) || write_all(answer_fd, res.out, out_len) ||
                     write_all(answer_fd, res.err, err_len);
        free(res.out);
        free(res.err);
        if (failed)
            break;
    }
    /* No cleanup: the parent owns the context; exit() would also flush
     * stdio buffers inherited from it. */
    _exit(0);
}

/* Gives worker `w` the next case, or tells it there are none. */
static void dispatch(worker *w, size_t *next_task, size_t ncases)
{
    if (w->task_fd < 0)
        return;
    if (*next_task < ncases) {
        uint32_t index = (uint32_t)*next_task;
        if (write_all(w->task_fd, &index, sizeof index) == 0) {
            w->busy = (long)(*next_task)++;
            return;
        }
    }
    close(w->task_fd);
    w->task_fd = -1;
}

/* Takes every complete answer out of w->in. */
static void take_answers(run *r, worker *w, size_t *next_task)
{
    for (;;) {
        answer a;
        if (w->in.len < sizeof a)
            return;
        memcpy(&a, w->in.data, sizeof a);
        size_t need = sizeof a + (size_t)a.out_len + a.err_len;
        if (w->in.len < need)
            return;
        if (a.index < r->cases->n && !r->results[a.index].done) {
            result *res = &r->results[a.index];
            const char *p = w->in.data + sizeof a;
            res->out = sd_xstrndup(p, a.out_len);
            res->err = sd_xstrndup(p + a.out_len, a.err_len);
            res->status = a.status;
            res->ndocs = a.ndocs;
            res->wall_us = a.wall_us;
            res->cpu_us = a.cpu_us;
            res->done = 1;
            record(r, a.index);
        }
        memmove(w->in.data, w->in.data + need, w->in.len - need);
        w->in.len -= need;
        w->busy = -1;
        dispatch(w, next_task, r->cases->n);
    }
}

/* A worker is gone: its case, if it had one, failed. */
static void bury(run *r, worker *w)
{
    close(w->answer_fd);
    w->answer_fd = -1;
    if (w->task_fd >= 0) {
        close(w->task_fd);
        w->task_fd = -1;
    }
    int wstatus = 0;
    while (waitpid(w->pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    if (w->busy >= 0 && !r->results[w->busy].done) {
        result *res = &r->results[w->busy];
        sd_buf msg = {0};
        if (WIFSIGNALED(wstatus))
            sd_buf_printf(&msg, "%s: fejl: samdoc stoppede uventet under sagen (signal %d).\n",
                          r->cases->dirs[w->busy], WTERMSIG(wstatus));
        else
            sd_buf_printf(&msg, "%s: fejl: samdoc stoppede uventet under sagen.\n",
                          r->cases->dirs[w->busy]);
        res->out = sd_xstrdup("");
        res->err = sd_buf_take(&msg);
        res->status = SD_ENVIRONMENT;
        res->done = 1;
        record(r, (size_t)w->busy);
    }
    w->busy = -1;
}

/* Starts up to `jobs` workers; returns how many run (0: fork or pipe
 * failed at once, and the caller runs the cases itself). */
static int start_workers(sd_context *ctx, const case_list *cases, const sd_request *req,
                         worker *ws, int jobs)
{
    int started = 0;
    for (int i = 0; i < jobs; i++) {
        int task[2], ans[2];
        if (pipe(task) != 0)
            break;
        if (pipe(ans) != 0) {
            close(task[0]);
            close(task[1]);
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(task[0]);
            close(task[1]);
            close(ans[0]);
            close(ans[1]);
            break;
        }
        if (pid == 0) {
            /* the parent's ends, and those of the workers before this one */
            close(task[1]);
            close(ans[0]);
            for (int j = 0; j < started; j++) {
                close(ws[j].task_fd);
                close(ws[j].answer_fd);
            }
            free(ws);   /* the parent's bookkeeping */
            worker_main(ctx, cases, req, task[0], ans[1]);
        }
        close(task[0]);
        close(ans[1]);
        ws[started++] = (worker){pid, task[1], ans[0], -1, {0}};
    }
    return started;
}

static void run_parallel(run *r, sd_context *ctx, const sd_request *req)
{
    worker *ws = sd_xcalloc((size_t)r->jobs, sizeof(worker));
    /* a worker that dies must not kill the parent writing to it */
    struct sigaction ignore = {0}, old;
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &old);
    fflush(r->out);
    fflush(r->err);
    int nw = start_workers(ctx, r->cases, req, ws, r->jobs);
    r->jobs = nw ? nw : 1;

    size_t next_task = 0;
    for (int i = 0; i < nw; i++)
        dispatch(&ws[i], &next_task, r->cases->n);
    struct pollfd *fds = sd_xcalloc((size_t)(nw ? nw : 1), sizeof(struct pollfd));
    for (;;) {
        int live = 0;
        for (int i = 0; i < nw; i++) {
            fds[i] = (struct pollfd){ws[i].answer_fd, POLLIN, 0};
            live += ws[i].answer_fd >= 0;
        }
        if (!live)
            break;
        if (poll(fds, (nfds_t)nw, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < nw; i++) {
            if (ws[i].answer_fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buf[65536];
            ssize_t got = read(ws[i].answer_fd, buf, sizeof buf);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                bury(r, &ws[i]);
                continue;
            }
            sd_buf_append(&ws[i].in, buf, (size_t)got);
            take_answers(r, &ws[i], &next_task);
        }
    }
    for (int i = 0; i < nw; i++) {
        if (ws[i].answer_fd >= 0)
            bury(r, &ws[i]);
        sd_buf_free(&ws[i].in);
    }
    /* Cases no worker took (none could be started, or all died): here. */
    for (size_t i = 0; i < r->cases->n; i++)
        if (!r->results[i].done) {
            run_case(ctx, r->cases->dirs[i], req, &r->results[i]);
            record(r, i);
        }
    sigaction(SIGPIPE, &old, NULL);
    free(fds);
    free(ws);
}

int sd_batch_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

int sd_render_batch(sd_context *ctx, const char *const *paths, size_t npaths,
                    const sd_request *req, int jobs, FILE *out, FILE *err, int progress)
{
    case_list cases = {0};
    find_cases(paths, npaths, &cases);
    run r = {&cases, sd_xcalloc(cases.n ? cases.n : 1, sizeof(result)), 0, 0, 0, 0, SD_OK,
             out, err, progress, now(), 0, jobs < 1 ? 1 : jobs, NULL, 0, 0, NULL};
    /* For the benchmark: one line per case, "wall-ms cpu-ms documents case". */
    const char *times = getenv("SAMDOC_CASE_TIMES");
    if (times && *times && !(r.times = fopen(times, "w")))
        fprintf(err, "%s: advarsel: filen kan ikke skrives: %s.\n", times, strerror(errno));
    if ((size_t)r.jobs > cases.n)
        r.jobs = cases.n ? (int)cases.n : 1;

    /* Templates now, so that workers share them instead of each reading its
     * own. A broken template fails every case alike: stop here. */
    sd_diags *diags = sd_diags_new();
    int status = sd_context_preload(ctx, req->document, diags);
    if (status != SD_OK) {
        sd_diags_print(diags, err);
        sd_diags_free(diags);
        r.status = status;
    } else {
        sd_diags_free(diags);
        show_progress(&r, 1);
        if (r.jobs > 1) {
            run_parallel(&r, ctx, req);
        } else {
            for (size_t i = 0; i < cases.n; i++) {
                run_case(ctx, cases.dirs[i], req, &r.results[i]);
                record(&r, i);
            }
        }
        summary(&r);
    }
    for (size_t i = 0; i < cases.n; i++) {
        free(r.results[i].out);
        free(r.results[i].err);
        free(cases.dirs[i]);
    }
    if (r.times)
        fclose(r.times);
    for (size_t i = 0; i < r.nfiles; i++)
        free(r.files[i].path);
    free(r.files);
    free(r.results);
    free(cases.dirs);
    return r.status;
}
