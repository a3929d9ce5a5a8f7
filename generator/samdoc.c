/* samdoc.c — see samdoc.h. The glue of the pipeline: case folder → records
 * (load.c) → validation (validate.c) → template (template.c) → layout
 * (layout.c) → PDF (pdf.c). */
#include "samdoc.h"
#include "batch.h"
#include "box.h"
#include "caseload.h"
#include "files.h"
#include "font.h"
#include "glyphs.h"
#include "layout.h"
#include "load.h"
#include "pdf.h"
#include "records.h"
#include "template.h"
#include "text.h"
#include "util.h"
#include "validate.h"

#include <dirent.h>
#include <errno.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#ifndef SD_DATADIR
#define SD_DATADIR "."
#endif
#ifndef SD_VERSION
#define SD_VERSION "0"
#endif

/* Which meeting a meeting document is about. */
typedef enum meeting_use {
    FOR_CASE,       /* not a meeting document: <name>.pdf */
    FOR_HELD,       /* a held meeting only; by default the latest held one */
    FOR_PLANNED     /* by default the latest planned meeting; with -m any meeting */
} meeting_use;

/* The documents and the records each needs. Wording and layout live in
 * templates/<name>.xml; output is <name>-moede-<N>.pdf for meetings. */
typedef struct doc_kind {
    const char *name;
    meeting_use use;
    int any_numbered;   /* with -m: printed for a meeting of any status */
    const char *needs;  /* a case document needs this file element (its record) */
    const char *file;   /* …read from this file, for the message */
    int no_blank;       /* made from records only: no empty form for --blank */
} doc_kind;

static const doc_kind documents[] = {
    {"netvaerkskort", FOR_CASE, 0, NULL, NULL, 0},
    {"netvaerksoverblik", FOR_CASE, 0, NULL, NULL, 0},
    {"maalskema", FOR_HELD, 0, NULL, NULL, 0},
    {"tjekliste", FOR_HELD, 1, NULL, NULL, 0},
    {"dagsorden", FOR_PLANNED, 1, NULL, NULL, 0},
    {"diplom", FOR_CASE, 0, "diplomfil", "diplom.yaml", 0},
    {"forloeb", FOR_CASE, 0, NULL, NULL, 1},
};
#define NDOCS (sizeof documents / sizeof documents[0])

static const char *const document_names[NDOCS + 1] = {
    "netvaerkskort", "netvaerksoverblik", "maalskema", "tjekliste", "dagsorden", "diplom",
    "forloeb", NULL};

const char *const *sd_document_names(void) { return document_names; }

struct sd_context {
    char *datadir;                     /* owned */
    sd_validator *validator;           /* owned */
    sd_fonts *fonts;                   /* owned */
    char *font_paths[SD_FACE_COUNT];   /* owned */
    sd_template *templates[NDOCS];     /* owned, loaded on first use */
    sd_template_schema *template_schema;   /* owned, compiled on first use */
    sd_template *report;               /* owned: templates/rapport.xml, on first use */
};

const char *sd_default_datadir(void)
{
    const char *env = getenv("SAMDOC_DATA");
    return env && *env ? env : SD_DATADIR;
}

/* "a/b", without doubling a slash that `a` already ends with. */
static char *join(const char *a, const char *b)
{
    size_t n = strlen(a);
    sd_buf buf = {0};
    sd_buf_printf(&buf, "%s%s%s", a, n && a[n - 1] == '/' ? "" : "/", b);
    return sd_buf_take(&buf);
}

sd_context *sd_context_new(const char *datadir, sd_diags *diags)
{
    sd_context *ctx = sd_xcalloc(1, sizeof(*ctx));
    ctx->datadir = sd_xstrdup(datadir);
    char *schemas = join(datadir, "schemas");
    ctx->validator = sd_validator_new(schemas, diags);
    free(schemas);
    ctx->font_paths[SD_FACE_REGULAR] = join(datadir, "fonts/SamdocSans.ttf");
    ctx->font_paths[SD_FACE_BOLD] = join(datadir, "fonts/SamdocSans-Bold.ttf");
    ctx->font_paths[SD_FACE_SERIF] = join(datadir, "fonts/SamdocSerif.ttf");
    ctx->font_paths[SD_FACE_SERIF_BOLD] = join(datadir, "fonts/SamdocSerif-Bold.ttf");
    ctx->fonts = sd_fonts_load((const char *const *)ctx->font_paths, diags);
    if (!ctx->validator || !ctx->fonts) {
        sd_context_free(ctx);
        return NULL;
    }
    return ctx;
}

void sd_context_free(sd_context *ctx)
{
    if (!ctx)
        return;
    sd_validator_free(ctx->validator);
    sd_fonts_free(ctx->fonts);
    for (int i = 0; i < SD_FACE_COUNT; i++)
        free(ctx->font_paths[i]);
    for (size_t i = 0; i < NDOCS; i++)
        sd_template_free(ctx->templates[i]);
    sd_template_free(ctx->report);
    sd_template_schema_free(ctx->template_schema);
    free(ctx->datadir);
    free(ctx);
}

sd_request sd_request_default(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    sd_request r = {.document = NULL, .out_dir = "out"};
    r.ref_day = sd_date_make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return r;
}

/* Loads templates/<name>.xml into *slot on first use (template.xsd is
 * compiled once per context). */
static const sd_template *template_named(sd_context *ctx, const char *name, sd_template **slot,
                                         sd_diags *diags)
{
    if (!*slot) {
        if (!ctx->template_schema) {
            char *schema = join(ctx->datadir, "templates/template.xsd");
            ctx->template_schema = sd_template_schema_load(schema, diags);
            free(schema);
            if (!ctx->template_schema)
                return NULL;
        }
        sd_buf path = {0};
        sd_buf_printf(&path, "%s/templates/%s.xml", ctx->datadir, name);
        *slot = sd_template_load_with(sd_buf_cstr(&path), ctx->template_schema, diags);
        sd_buf_free(&path);
    }
    return *slot;
}

static const sd_template *template_for(sd_context *ctx, size_t doc, sd_diags *diags)
{
    return template_named(ctx, documents[doc].name, &ctx->templates[doc], diags);
}

static int find_document(const char *name, size_t *k, sd_diags *diags);

int sd_context_preload(sd_context *ctx, const char *document, sd_diags *diags)
{
    size_t only = 0;
    if (document && find_document(document, &only, diags) != SD_OK)
        return SD_ENVIRONMENT;
    for (size_t k = 0; k < NDOCS; k++)
        if ((!document || k == only) && !template_for(ctx, k, diags))
            return SD_ENVIRONMENT;
    return SD_OK;
}

/* ---- the case folder ---- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .yaml files of `dir`, sorted by name (caller frees each and the array). */
/* The .yaml files of `dir`, sorted by name, into *out (caller frees each and
 * the array). -1 (errno set) if the folder cannot be read. */
static int yaml_files(const char *dir, char ***out, size_t *count)
{
    *out = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        if (ent->d_name[0] == '.' || !ends_with(ent->d_name, ".yaml"))
            continue;
        void *items = names;
        sd_grow(&items, &cap, n + 1, sizeof(char *));
        names = items;
        names[n++] = sd_xstrdup(ent->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(char *), compare_names);
    *out = names;
    *count = n;
    return 0;
}

/* Which record a file holds, by its name (domain.md §5.1). */
static const char *root_for(const char *name)
{
    if (strcmp(name, "sag.yaml") == 0)
        return "sagsfil";
    if (strcmp(name, "diplom.yaml") == 0)
        return "diplomfil";
    if (strncmp(name, "moede", 5) == 0)
        return "moedefil";
    return NULL;
}

/* Loads every record file of `dir`. NULL (with diagnostics) if the folder
 * cannot be read or has no sag.yaml. */
static sd_records *load_case(const char *dir, sd_diags *diags, int *status)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        sd_diag(diags, SD_ERROR, dir, 0, 0,
                "Sagsmappen findes ikke (angiv en mappe med sag.yaml og moede-*.yaml).");
        *status = SD_ENVIRONMENT;
        return NULL;
    }
    size_t n;
    char **names;
    if (yaml_files(dir, &names, &n) != 0) {
        sd_diag(diags, SD_ERROR, dir, 0, 0, "Sagsmappen kan ikke læses: %s.", sd_errno_text(errno));
        *status = SD_ENVIRONMENT;
        return NULL;
    }
    sd_records *r = sd_records_new(dir);
    int has_sag = 0, unreadable = 0;
    for (size_t i = 0; i < n; i++) {
        char *path = join(dir, names[i]);
        const char *root = root_for(names[i]);
        if (root) {
            has_sag |= strcmp(root, "sagsfil") == 0;
            /* -2: the file could not be read at all, an environment problem */
            unreadable |= sd_load_file(r, path, root, diags) == -2;
        } else {
            sd_diag(diags, SD_WARNING, path, 0, 0,
                    "Filen bruges ikke: samdoc læser sag.yaml, moede-*.yaml og diplom.yaml.");
        }
        free(path);
        free(names[i]);
    }
    free(names);
    if (!has_sag) {
        char *path = join(dir, "sag.yaml");
        sd_diag(diags, SD_ERROR, path, 0, 0, "Sagsmappen mangler sag.yaml.");
        free(path);
    }
    *status = unreadable ? SD_ENVIRONMENT
            : sd_diags_count(diags, SD_ERROR) ? SD_INVALID : SD_OK;
    return r;
}

static int load_and_validate(sd_context *ctx, const char *dir, long ref_day,
                             sd_diags *diags, sd_records **out)
{
    sd_diags *local = sd_diags_new();
    int status;
    sd_records *r = load_case(dir, local, &status);
    if (r) {
        sd_validate(ctx->validator, r, ref_day, local);
        sd_glyphs_check(r, ctx->fonts->face[SD_FACE_REGULAR], local);
    }
    if (status == SD_OK && sd_diags_count(local, SD_ERROR))
        status = SD_INVALID;
    sd_diags_move(diags, local);
    sd_diags_free(local);
    if (status != SD_OK) {
        sd_records_free(r);
        r = NULL;
    }
    *out = r;
    return status;
}

/* ---- rendering ---- */

/* The text of the child element `name` of `parent`, or NULL (caller xmlFree). */
static xmlChar *child_text(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, BAD_CAST name) == 0)
            return xmlNodeGetContent(c);
    return NULL;
}

static xmlNodePtr child_element(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, BAD_CAST name) == 0)
            return c;
    return NULL;
}

/* A meeting file's number and status. */
static void meeting_facts(xmlNodePtr file, int *nr, int *held, int *planned)
{
    xmlNodePtr m = child_element(file, "moede");
    xmlChar *nr_text = child_text(m, "nr"), *status = child_text(m, "status");
    *nr = nr_text ? atoi((const char *)nr_text) : 0;   /* the schema keeps it 1..9999 */
    *held = status && xmlStrcmp(status, BAD_CAST "afholdt") == 0;
    *planned = status && xmlStrcmp(status, BAD_CAST "planlagt") == 0;
    xmlFree(nr_text);
    xmlFree(status);
}

/* How well a meeting file suits a document of `use`: 2 its own status (held
 * for the goal sheet, planned for the agenda), 1 the other of those two, 0
 * cancelled. */
static int suitability(meeting_use use, int held, int planned)
{
    int own = use == FOR_HELD ? held : planned;
    return own ? 2 : held || planned ? 1 : 0;
}

/* The meeting's date as a day number (SD_NO_DAY if it has none). */
static long meeting_day(xmlNodePtr file)
{
    xmlChar *dato = child_text(child_element(file, "moede"), "dato");
    long day = dato ? sd_date_parse((const char *)dato) : SD_NO_DAY;
    xmlFree(dato);
    return day;
}

/* 1 if planned meeting a (on day da) is a better default agenda than b (on
 * day db): the next meeting from the reference date on — the agenda to send
 * — or, when every planned meeting has passed, the latest. */
static int sooner_agenda(long da, long db, long ref_day)
{
    int a_ahead = da != SD_NO_DAY && da >= ref_day, b_ahead = db != SD_NO_DAY && db >= ref_day;
    if (a_ahead != b_ahead)
        return a_ahead;
    return a_ahead ? da < db : da > db;
}

/* The meeting file a document of `use` is about: meeting `nr`, the most
 * suitable file of that number (a number can have a cancelled and a held
 * file); or with nr 0 the latest held meeting (goal sheet, checklist) or the
 * next planned one (agenda). NULL if none. *fits tells whether the file has
 * the document's own status. */
static xmlNodePtr find_meeting(sd_records *r, int nr, meeting_use use, long ref_day,
                               int *found_nr, int *fits)
{
    xmlNodePtr best = NULL;
    int best_nr = 0, best_score = -1;
    long best_day = SD_NO_DAY;
    for (xmlNodePtr f = sd_records_root(r)->children; f; f = f->next) {
        if (f->type != XML_ELEMENT_NODE || xmlStrcmp(f->name, BAD_CAST "moedefil") != 0)
            continue;
        int this_nr, held, planned;
        meeting_facts(f, &this_nr, &held, &planned);
        long day = meeting_day(f);
        int score = suitability(use, held, planned);
        int wanted = nr ? this_nr == nr : score == 2;
        int better = nr ? score > best_score
                   : use == FOR_PLANNED ? sooner_agenda(day, best_day, ref_day)
                   : this_nr > best_nr;
        if (wanted && (!best || better)) {
            best = f;
            best_nr = this_nr;
            best_score = score;
            best_day = day;
        }
    }
    *found_nr = best_nr;
    *fits = best_score == 2;
    return best;
}

/* One laid-out document waiting to be written. */
typedef struct pending {
    char *path;         /* owned */
    sd_document *doc;   /* owned */
    sd_pages *pages;    /* owned */
    unsigned char *pdf; /* owned; the rendered bytes, once rendered */
    size_t len;
} pending;

typedef struct pending_list {
    pending *items;
    size_t n, cap;
} pending_list;

static void pending_free(pending_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].path);
        sd_document_free(l->items[i].doc);
        sd_pages_free(l->items[i].pages);
        free(l->items[i].pdf);
    }
    free(l->items);
}

/* Expands and lays out document `k`; adds it to `out` on success. */
static int prepare_with(sd_context *ctx, const sd_template *t, sd_records *r,
                        xmlNodePtr meeting, const sd_request *req, const char *path,
                        pending_list *out, sd_diags *diags);

static int prepare(sd_context *ctx, size_t k, sd_records *r, xmlNodePtr meeting,
                   const sd_request *req, const char *path, pending_list *out,
                   sd_diags *diags)
{
    const sd_template *t = template_for(ctx, k, diags);
    if (!t)
        return SD_ENVIRONMENT;
    return prepare_with(ctx, t, r, meeting, req, path, out, diags);
}

/* Expands, lays out and queues one document made from template `t`. */
static int prepare_with(sd_context *ctx, const sd_template *t, sd_records *r,
                        xmlNodePtr meeting, const sd_request *req, const char *path,
                        pending_list *out, sd_diags *diags)
{
    sd_expand_opts opts = {req->ref_day, req->blank, req->cpr_full, "samdoc " SD_VERSION,
                           req->ref_day_given ? req->ref_day : SD_NO_DAY};
    sd_document *doc = sd_template_expand(t, r, meeting, &opts, diags);
    if (!doc)
        return SD_ENVIRONMENT;   /* an XPath error is the template's fault */
    sd_pages *pages = sd_layout(doc, ctx->fonts, diags);
    if (!pages) {
        sd_document_free(doc);
        return SD_INVALID;       /* a character the fonts cannot print */
    }
    void *items = out->items;
    sd_grow(&items, &out->cap, out->n + 1, sizeof(pending));
    out->items = items;
    out->items[out->n++] = (pending){sd_xstrdup(path), doc, pages, NULL, 0};
    return SD_OK;
}

/* Creates `path` and the folders above it that are missing (mode 0700: they
 * will hold personal data). */
static int make_dirs(const char *path, sd_diags *diags)
{
    char *p = sd_xstrdup(path);
    int status = SD_OK;
    for (char *slash = p + 1;; slash++) {
        if (*slash != '/' && *slash != '\0')
            continue;
        char c = *slash;
        *slash = '\0';
        struct stat st;
        if (mkdir(p, 0700) != 0 && !(errno == EEXIST && stat(p, &st) == 0 && S_ISDIR(st.st_mode))) {
            sd_diag(diags, SD_ERROR, p, 0, 0, "Mappen kan ikke oprettes: %s.",
                    sd_errno_text(errno == EEXIST ? ENOTDIR : errno));
            status = SD_ENVIRONMENT;
        }
        *slash = c;
        if (!c || status != SD_OK)
            break;
    }
    free(p);
    return status;
}

/* The folder part of `path` (caller frees). */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? sd_xstrndup(path, (size_t)(slash - path)) : sd_xstrdup(".");
}

/* Renders every pending document into memory, then — only when all of them
 * succeeded — creates the folders, writes every file to a temporary file
 * beside its target, and only when all of those are written renames each
 * into place (files.h). So a failing document leaves no folder and no file
 * behind, and a full disk or a file-size limit leaves every earlier PDF as
 * it was. */
static int write_all(sd_context *ctx, const sd_request *req, pending_list *l, sd_diags *diags,
                     FILE *log)
{
    sd_pdf_options opts = {.pdfa = req->pdfa};
    for (size_t i = 0; i < l->n; i++) {
        pending *p = &l->items[i];
        if (sd_pdf_render(p->pages, &p->doc->meta, (const char *const *)ctx->font_paths, &opts,
                          &p->pdf, &p->len, diags) != 0)
            return SD_ENVIRONMENT;
    }
    char **staged = sd_xcalloc(l->n + 1, sizeof(char *));
    int status = SD_OK;
    for (size_t i = 0; i < l->n && status == SD_OK; i++) {
        pending *p = &l->items[i];
        char *folder = folder_of(p->path);
        status = make_dirs(folder, diags);
        free(folder);
        if (status == SD_OK && !(staged[i] = sd_file_stage(p->pdf, p->len, p->path, diags)))
            status = SD_ENVIRONMENT;
    }
    for (size_t i = 0; i < l->n; i++) {
        pending *p = &l->items[i];
        if (staged[i] && status == SD_OK) {
            status = sd_file_commit(staged[i], p->path, diags) ? SD_ENVIRONMENT : SD_OK;
            if (status == SD_OK && log)
                fprintf(log, "%s\n", p->path);
        } else {
            sd_file_discard(staged[i]);   /* after a failure: nothing more replaced */
        }
        free(staged[i]);
    }
    free(staged);
    return status;
}

static int find_document(const char *name, size_t *k, sd_diags *diags)
{
    for (size_t i = 0; i < NDOCS; i++) {
        if (!name || strcmp(name, documents[i].name) == 0) {
            *k = i;
            return SD_OK;
        }
    }
    sd_buf known = {0};
    for (size_t i = 0; i < NDOCS; i++)
        sd_buf_printf(&known, "%s%s", i ? ", " : "", documents[i].name);
    sd_diag(diags, SD_ERROR, NULL, 0, 0, "Ukendt dokument \"%s\". Kendte dokumenter: %s.",
            name, sd_buf_cstr(&known));
    sd_buf_free(&known);
    return SD_ENVIRONMENT;
}

/* The case id (sag.id) of the records; caller frees with xmlFree. */
static xmlChar *case_id(sd_records *r)
{
    return child_text(child_element(child_element(sd_records_root(r), "sagsfil"), "sag"), "id");
}

/* Prepares document `k` of the case for `meeting` (its file element and
 * number; NULL for a case document). */
static int prepare_for(sd_context *ctx, size_t k, sd_records *r, xmlNodePtr meeting,
                       int nr, const sd_request *req, pending_list *out, sd_diags *diags)
{
    xmlChar *id = case_id(r);
    char *dir = join(req->out_dir, (const char *)id);
    xmlFree(id);
    sd_buf file = {0};
    if (documents[k].use != FOR_CASE)
        sd_buf_printf(&file, "%s-moede-%d.pdf", documents[k].name, nr);
    else
        sd_buf_printf(&file, "%s.pdf", documents[k].name);
    char *path = join(dir, sd_buf_cstr(&file));
    int status = prepare(ctx, k, r, meeting, req, path, out, diags);
    free(path);
    sd_buf_free(&file);
    free(dir);
    return status;
}

/* 1 if the records hold what case document `kind` is made from. */
static int has_record(sd_records *r, const doc_kind *kind)
{
    return !kind->needs || child_element(sd_records_root(r), kind->needs) != NULL;
}

/* Prepares document `k` for the meeting the request names (or the default
 * meeting of the document). A document asked for by name that the records do
 * not allow is an error; one that is only part of "every document" is
 * skipped quietly. */
static int prepare_requested(sd_context *ctx, size_t k, sd_records *r,
                             const char *case_dir, const sd_request *req,
                             pending_list *out, sd_diags *diags)
{
    const doc_kind *kind = &documents[k];
    if (kind->use == FOR_CASE) {
        if (has_record(r, kind))
            return prepare_for(ctx, k, r, NULL, 0, req, out, diags);
        if (!req->document)
            return SD_OK;   /* only part of "every document" */
        sd_diag(diags, SD_ERROR, case_dir, 0, 0,
                "Sagsmappen har ingen %s, så der er intet %s at skrive.", kind->file, kind->name);
        return SD_INVALID;
    }
    int nr = 0, fits = 0;
    xmlNodePtr meeting = find_meeting(r, req->meeting, kind->use, req->ref_day, &nr, &fits);
    /* the agenda and the checklist can be printed for any meeting asked for
     * by number (a cancelled meeting's checklist records why) */
    if (meeting && (fits || (kind->any_numbered && req->meeting)))
        return prepare_for(ctx, k, r, meeting, nr, req, out, diags);
    if (req->meeting && !meeting) {
        sd_diag(diags, SD_ERROR, case_dir, 0, 0,
                "Der er intet netværksmøde nr. %d i sagsmappen.", req->meeting);
        return SD_INVALID;
    }
    if (!req->document)
        return SD_OK;   /* only part of "every document": nothing to print */
    if (req->meeting)
        sd_diag(diags, SD_ERROR, case_dir, 0, 0,
                "Netværksmøde nr. %d er ikke afholdt, så der er intet %s at skrive.",
                req->meeting, kind->name);
    else if (kind->use == FOR_HELD)
        sd_diag(diags, SD_ERROR, case_dir, 0, 0,
                "Sagen har intet afholdt netværksmøde, så der er intet %s at skrive.", kind->name);
    else
        sd_diag(diags, SD_ERROR, case_dir, 0, 0,
                "Sagen har intet planlagt netværksmøde, så der er ingen %s at skrive "
                "(vælg et møde med -m).", kind->name);
    return SD_INVALID;
}

/* Prepares every document of every meeting the records allow: the dry run
 * behind `samdoc check`, so that what check accepts, render can print. */
static int prepare_everything(sd_context *ctx, sd_records *r, const sd_request *req,
                              pending_list *out, sd_diags *diags)
{
    int status = SD_OK;
    for (size_t k = 0; k < NDOCS && status == SD_OK; k++) {
        if (documents[k].use == FOR_CASE) {
            if (has_record(r, &documents[k]))
                status = prepare_for(ctx, k, r, NULL, 0, req, out, diags);
            continue;
        }
        for (xmlNodePtr f = sd_records_root(r)->children; f && status == SD_OK; f = f->next) {
            if (f->type != XML_ELEMENT_NODE || xmlStrcmp(f->name, BAD_CAST "moedefil") != 0)
                continue;
            int nr, held, planned;
            meeting_facts(f, &nr, &held, &planned);
            if (documents[k].use == FOR_HELD ? held : planned)
                status = prepare_for(ctx, k, r, f, nr, req, out, diags);
        }
    }
    return status;
}

/* check of one case; *kept gets its records when they are valid (caller
 * frees), else NULL. */
static int check_one(sd_context *ctx, const char *dir, long ref_day, sd_diags *diags,
                     sd_records **kept)
{
    sd_records *r;
    int status = load_and_validate(ctx, dir, ref_day, diags, &r);
    if (status == SD_OK) {
        sd_request req = sd_request_default();
        req.ref_day = ref_day;
        pending_list dry = {0};
        status = prepare_everything(ctx, r, &req, &dry, diags);
        pending_free(&dry);
    }
    *kept = r;
    return status;
}

int sd_check_case(sd_context *ctx, const char *dir, long ref_day, sd_diags *diags)
{
    sd_records *r;
    int status = check_one(ctx, dir, ref_day, diags, &r);
    sd_records_free(r);
    return status;
}

int sd_check_cases(sd_context *ctx, const char *const *paths, size_t npaths, long ref_day,
                   sd_diags *diags)
{
    size_t n;
    char **dirs = sd_case_folders(paths, npaths, &n);
    sd_records **records = sd_xcalloc(n + 1, sizeof(sd_records *));
    int status = SD_OK;
    for (size_t i = 0; i < n; i++) {
        int s = check_one(ctx, dirs[i], ref_day, diags, &records[i]);
        status = s > status ? s : status;
    }
    sd_caseload_check(records, n, ref_day, diags);
    for (size_t i = 0; i < n; i++) {
        sd_records_free(records[i]);
        free(dirs[i]);
    }
    free(records);
    free(dirs);
    return status;
}

/* The status report: every case of `paths` loaded and valid, then one
 * record tree <sagsmappe mappe= fra= til=> holding a copy of each case's
 * <sagsmappe>, expanded through templates/rapport.xml. */
int sd_report(sd_context *ctx, const char *const *paths, size_t npaths, const sd_request *req,
              long from, long to, sd_diags *diags, FILE *log)
{
    size_t n;
    char **dirs = sd_case_folders(paths, npaths, &n);
    sd_buf label = {0};
    for (size_t i = 0; i < npaths; i++)
        sd_buf_printf(&label, "%s%s", i ? ", " : "", paths[i]);
    sd_records *all = sd_records_new(sd_buf_cstr(&label));
    sd_buf_free(&label);
    char *fra = sd_fmt_date_iso(from), *til = sd_fmt_date_iso(to);
    xmlSetProp(sd_records_root(all), BAD_CAST "fra", BAD_CAST fra);
    xmlSetProp(sd_records_root(all), BAD_CAST "til", BAD_CAST til);
    int status = SD_OK;
    sd_records **records = sd_xcalloc(n + 1, sizeof(sd_records *));
    for (size_t i = 0; i < n; i++) {
        int s = load_and_validate(ctx, dirs[i], req->ref_day, diags, &records[i]);
        status = s > status ? s : status;
        if (records[i])
            xmlAddChild(sd_records_root(all),
                        xmlDocCopyNode(sd_records_root(records[i]), sd_records_doc(all), 1));
    }
    sd_caseload_check(records, n, req->ref_day, diags);
    if (status == SD_OK && n == 0) {
        sd_diag(diags, SD_ERROR, paths[0], 0, 0,
                "Her er ingen sagsmapper (mapper med en sag.yaml) at lave en rapport over.");
        status = SD_ENVIRONMENT;
    }
    pending_list todo = {0};
    if (status == SD_OK) {
        const sd_template *t = template_named(ctx, "rapport", &ctx->report, diags);
        sd_buf file = {0};
        sd_buf_printf(&file, "statusrapport-%s-%s.pdf", fra, til);
        char *path = join(req->out_dir, sd_buf_cstr(&file));
        status = t ? prepare_with(ctx, t, all, NULL, req, path, &todo, diags) : SD_ENVIRONMENT;
        free(path);
        sd_buf_free(&file);
    }
    if (status == SD_OK)
        status = write_all(ctx, req, &todo, diags, log);
    pending_free(&todo);
    for (size_t i = 0; i < n; i++) {
        sd_records_free(records[i]);
        free(dirs[i]);
    }
    free(records);
    free(dirs);
    free(fra);
    free(til);
    sd_records_free(all);
    return status;
}

static int worst(int a, int b)
{
    return a > b ? a : b;
}

/* Loads, validates and lays out the requested documents of one case into
 * `todo`. */
static int prepare_case(sd_context *ctx, const char *dir, const sd_request *req,
                        size_t only, pending_list *todo, sd_diags *diags)
{
    sd_records *r;
    int status = load_and_validate(ctx, dir, req->ref_day, diags, &r);
    for (size_t k = 0; k < NDOCS && status == SD_OK; k++)
        if (!req->document || k == only)
            status = worst(status, prepare_requested(ctx, k, r, dir, req, todo, diags));
    sd_records_free(r);
    return status;
}

int sd_render_cases(sd_context *ctx, const char *const *dirs, size_t ndirs,
                    const sd_request *req, sd_diags *diags, FILE *log)
{
    size_t only = 0;
    if (req->document && find_document(req->document, &only, diags) != SD_OK)
        return SD_ENVIRONMENT;
    pending_list todo = {0};
    int status = SD_OK;
    /* every case is checked (all problems reported together) before any
     * file is written */
    for (size_t i = 0; i < ndirs; i++)
        status = worst(status, prepare_case(ctx, dirs[i], req, only, &todo, diags));
    if (status == SD_OK)
        status = write_all(ctx, req, &todo, diags, log);
    pending_free(&todo);
    return status;
}

int sd_render_case(sd_context *ctx, const char *dir, const sd_request *req,
                   sd_diags *diags, FILE *log)
{
    return sd_render_cases(ctx, &dir, 1, req, diags, log);
}

int sd_render_blank(sd_context *ctx, const sd_request *request, sd_diags *diags, FILE *log)
{
    sd_request blank = *request;
    blank.blank = 1;
    const sd_request *req = &blank;
    size_t only = 0;
    if (req->document && find_document(req->document, &only, diags) != SD_OK)
        return SD_ENVIRONMENT;
    pending_list todo = {0};
    int status = SD_OK;
    char *dir = join(req->out_dir, "blank");
    if (req->document && documents[only].no_blank) {
        sd_diag(diags, SD_ERROR, NULL, 0, 0,
                "Dokumentet %s findes ikke som tom blanket; det laves ud fra en sags oplysninger.",
                documents[only].name);
        free(dir);
        return SD_ENVIRONMENT;
    }
    for (size_t k = 0; k < NDOCS && status == SD_OK; k++) {
        if ((req->document && k != only) || documents[k].no_blank)
            continue;
        char *path = join(dir, documents[k].name);
        sd_buf file = {0};
        sd_buf_printf(&file, "%s.pdf", path);
        status = prepare(ctx, k, NULL, NULL, req, sd_buf_cstr(&file), &todo, diags);
        sd_buf_free(&file);
        free(path);
    }
    if (status == SD_OK)
        status = write_all(ctx, req, &todo, diags, log);
    free(dir);
    pending_free(&todo);
    return status;
}
