/* load.c: engine_load(): reading and hashing the rule files, compiling them
 * (or loading their cached image), the rules' metadata saved beside an
 * image, and the definitions read from the rules' facts. */
#include "internal.h"
#include "jbuf.h"
#include "scan.h"
#include "strata.h"

#include <clips.h>

#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_RULE_FILE_BYTES (4L * 1024 * 1024)
#define LOAD_SOURCE "triage-rules"

/* ---- loading ---------------------------------------------------------------- */

typedef struct pending_rule {
    scan_rule scanned;         /* owned */
    const char *file;
    size_t src;                /* its file's index in load_state.src */
} pending_rule;

typedef struct rule_source {
    const char *path;            /* in the arena */
    char *text;                  /* owned until the load ends */
    size_t len;
} rule_source;

typedef struct load_state {
    pending_rule *rules;
    size_t nrules;
    struct sha256_ctx all;
    rule_source *src;            /* every rule file, in load order */
    size_t nsrc;
} load_state;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void hex(const uint8_t *d, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[2 * n] = '\0';
}

static char *read_file(engine *e, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        eng_err_append(e, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_RULE_FILE_BYTES) {
        eng_err_append(e, "%s: not a regular file of at most %ld bytes", path, MAX_RULE_FILE_BYTES);
        fclose(f);
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        eng_err_append(e, "%s: cannot read", path);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Reads a rule file and adds it, with its sha256, to the files loaded. */
static int read_source(engine *e, load_state *ls, const char *path)
{
    size_t len;
    char *text = read_file(e, path, &len);
    if (!text)
        return -1;
    const char *stored = eng_arena_strdup(e, path);
    file_info *files = eng_arena_alloc(e, (e->nfiles + 1) * sizeof *files);
    rule_source *src = realloc(ls->src, (ls->nsrc + 1) * sizeof *src);
    if (src)
        ls->src = src;
    if (!stored || !files || !src) {
        free(text);
        eng_err_append(e, "%s: out of memory", path);
        return -1;
    }
    ls->src[ls->nsrc++] = (rule_source){ stored, text, len };

    uint8_t digest[SHA256_DIGEST_SIZE];
    struct sha256_ctx one;
    sha256_init(&one);
    sha256_update(&one, len, (const uint8_t *)text);
    sha256_digest(&one, sizeof digest, digest);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    sha256_update(&ls->all, strlen(base) + 1, (const uint8_t *)base);
    sha256_update(&ls->all, len, (const uint8_t *)text);
    if (e->nfiles)
        memcpy(files, e->files, e->nfiles * sizeof *files);
    files[e->nfiles].path = stored;
    hex(digest, sizeof digest, files[e->nfiles].sha256);
    e->nfiles++;
    e->files = files;
    return 0;
}

/* Checks a rule file's text, records what its rules use and conclude, and,
 * when parse is set, has CLIPS parse it. */
static int compile_source(engine *e, load_state *ls, const rule_source *src, int parse)
{
    const char *path = src->path;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    scan_result sr;
    int rc = scan_text(src->text, src->len, &sr);
    if (rc != 0) {
        eng_err_append(e, "%s:%d: %s", path, sr.err_line, sr.err);
    } else {
        for (size_t i = 0; i < sr.nrules && rc == 0; i++) {
            pending_rule *p = realloc(ls->rules, (ls->nrules + 1) * sizeof *p);
            if (!p) {
                rc = -1;
                break;
            }
            ls->rules = p;
            p[ls->nrules].scanned = sr.rules[i];
            p[ls->nrules].file = base;
            p[ls->nrules].src = (size_t)(src - ls->src);
            memset(&sr.rules[i], 0, sizeof sr.rules[i]);
            ls->nrules++;
        }
    }
    scan_result_free(&sr);
    if (rc != 0 || !parse)
        return rc;

    size_t before = e->errlen;
    e->clips_errlen = 0;
    e->clips_err[0] = '\0';
    e->load_file = path;
    EnvSetParsingFileName(e->env, path);
    SetLineCount(e->env, 0);
    if (!OpenStringSource(e->env, LOAD_SOURCE, src->text, 0)) {
        eng_err_append(e, "%s: out of memory", path);
        rc = -1;
    } else {
        int ok = LoadConstructsFromLogicalName(e->env, LOAD_SOURCE);
        CloseStringSource(e->env, LOAD_SOURCE);
        if (!ok || e->errlen != before) {
            if (e->errlen == before) {
                char raw[512], msg[1024];
                eng_clips_error_line(e->clips_err, raw, sizeof raw);
                eng_clips_plain(raw, msg, sizeof msg);
                eng_err_append(e, "%s:%ld: %s", path, e->clips_err_line,
                           msg[0] ? msg : "the rules failed to load");
            }
            rc = -1;
        }
    }
    e->load_file = NULL;
    return rc;
}

static int load_dir(engine *e, load_state *ls, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        eng_err_append(e, "%s: cannot open rules directory: %s", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || !ends_with(de->d_name, ".clp"))
            continue;
        char **p = realloc(names, (n + 1) * sizeof *p);
        if (!p || !(p[n] = strdup(de->d_name))) {
            names = p ? p : names;
            rc = -1;
            eng_err_append(e, "%s: out of memory", dir);
            break;
        }
        names = p;
        n++;
    }
    closedir(d);
    if (rc == 0 && n > 1)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) {
            size_t len = strlen(dir) + strlen(names[i]) + 2;
            char *path = malloc(len);
            if (!path) {
                rc = -1;
            } else {
                snprintf(path, len, "%s/%s", dir, names[i]);
                if (read_source(e, ls, path) != 0)
                    rc = -1;
                free(path);
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

/* ---- the rules' metadata, saved beside a compiled image ------------------------ */

/* Written as NUL-terminated fields: the number of rules, then for each its
 * name, file index, line, salience, number of answer patterns, whether it
 * has a docstring and the docstring, then each list (uses, negated,
 * concludes, thresholds, values, comparisons, negated comparisons, tests,
 * conditions) as a count
 * and its items, after a first field naming this format (META_FORMAT). */
static void meta_str(jbuf *b, const char *s)
{
    jbuf_raw(b, s, strlen(s) + 1);
}

static void meta_num(jbuf *b, long long v)
{
    char t[32];
    snprintf(t, sizeof t, "%lld", v);
    meta_str(b, t);
}

static void meta_list(jbuf *b, char *const *v, size_t n)
{
    meta_num(b, (long long)n);
    for (size_t i = 0; i < n; i++)
        meta_str(b, v[i]);
}

#define META_FORMAT "triage-meta-3"

static void meta_write(const load_state *ls, jbuf *b)
{
    meta_str(b, META_FORMAT);
    meta_num(b, (long long)ls->nrules);
    for (size_t i = 0; i < ls->nrules; i++) {
        const scan_rule *r = &ls->rules[i].scanned;
        meta_str(b, r->name);
        meta_num(b, (long long)ls->rules[i].src);
        meta_num(b, r->line);
        meta_num(b, r->salience);
        meta_num(b, r->answer_patterns);
        meta_num(b, r->doc != NULL);
        meta_str(b, r->doc ? r->doc : "");
        meta_list(b, r->uses, r->nuses);
        meta_list(b, r->negated, r->nnegated);
        meta_list(b, r->concludes, r->nconcludes);
        meta_list(b, r->thresholds, r->nthresholds);
        meta_list(b, r->values, r->nvalues);
        meta_list(b, r->comparisons, r->ncomparisons);
        meta_list(b, r->negated_comparisons, r->nnegated_comparisons);
        meta_list(b, r->tests, r->ntests);
        meta_list(b, r->conditions, r->nconditions);
    }
}

typedef struct meta_cursor {
    const char *p, *end;
    int bad;
} meta_cursor;

static const char *meta_next(meta_cursor *c)
{
    const char *nul = c->p < c->end ? memchr(c->p, '\0', (size_t)(c->end - c->p)) : NULL;
    if (!nul) {
        c->bad = 1;
        return "";
    }
    const char *s = c->p;
    c->p = nul + 1;
    return s;
}

static long long meta_int(meta_cursor *c, long long max)
{
    char *end;
    const char *s = meta_next(c);
    long long v = strtoll(s, &end, 10);
    if (*s == '\0' || *end || v < -max || v > max)
        c->bad = 1;
    return v;
}

static char **meta_read_list(meta_cursor *c, size_t *n)
{
    *n = (size_t)meta_int(c, 1 << 20);
    char **v = calloc(*n ? *n : 1, sizeof *v);
    if (!v) {
        c->bad = 1;
        *n = 0;
        return NULL;
    }
    for (size_t i = 0; i < *n; i++)
        if (c->bad || !(v[i] = strdup(meta_next(c))))
            c->bad = 1;
    return v;
}

/* Rebuilds the scanned rules from their saved metadata. */
static int meta_read(load_state *ls, const char *meta, size_t len)
{
    meta_cursor c = { meta, meta + len, 0 };
    if (strcmp(meta_next(&c), META_FORMAT) != 0)
        return -1;
    size_t n = (size_t)meta_int(&c, 1 << 20);
    if (c.bad || !(ls->rules = calloc(n ? n : 1, sizeof *ls->rules)))
        return -1;
    for (size_t i = 0; i < n && !c.bad; i++) {
        pending_rule *pr = &ls->rules[i];
        scan_rule *r = &pr->scanned;
        ls->nrules++;
        r->name = strdup(meta_next(&c));
        pr->src = (size_t)meta_int(&c, 1 << 20);
        r->line = (int)meta_int(&c, 1 << 30);
        r->salience = (int)meta_int(&c, 1 << 30);
        r->answer_patterns = (int)meta_int(&c, 1 << 20);
        int has_doc = (int)meta_int(&c, 1);
        const char *doc = meta_next(&c);
        r->doc = has_doc ? strdup(doc) : NULL;
        r->uses = meta_read_list(&c, &r->nuses);
        r->negated = meta_read_list(&c, &r->nnegated);
        r->concludes = meta_read_list(&c, &r->nconcludes);
        r->thresholds = meta_read_list(&c, &r->nthresholds);
        r->values = meta_read_list(&c, &r->nvalues);
        r->comparisons = meta_read_list(&c, &r->ncomparisons);
        r->negated_comparisons = meta_read_list(&c, &r->nnegated_comparisons);
        r->tests = meta_read_list(&c, &r->ntests);
        r->conditions = meta_read_list(&c, &r->nconditions);
        if (!r->name || (has_doc && !r->doc) || pr->src >= ls->nsrc) {
            c.bad = 1;
            break;
        }
        const char *path = ls->src[pr->src].path;
        pr->file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    }
    return c.bad || c.p != c.end ? -1 : 0;
}

/* Splits a rule's docstring (as written between its quotes, or NULL) at
 * "Source:". */
static int rule_doc(engine *e, engine_rule *ri, const char *raw)
{
    const char *says = "", *source = "";
    char *doc = NULL;
    if (raw) {
        doc = malloc(strlen(raw) + 1);
        if (!doc)
            return -1;
        size_t n = 0;
        for (const char *p = raw; *p; p++) {
            if (*p == '\\' && p[1])
                p++;
            doc[n++] = *p;
        }
        doc[n] = '\0';
        char *src = strstr(doc, "Source:");
        if (src) {
            *src = '\0';
            source = src + strlen("Source:");
            while (*source == ' ')
                source++;
        }
        says = doc;
        size_t sl = strlen(doc);
        while (sl > 0 && (doc[sl - 1] == ' ' || doc[sl - 1] == '.'))
            doc[--sl] = '\0';
    }
    ri->says = eng_arena_strdup(e, says);
    ri->source = eng_arena_strdup(e, source);
    free(doc);
    return ri->says && ri->source ? 0 : -1;
}

/* Each "kind:id" of refs read once into kind and id. */
static const engine_ref *arena_refs(engine *e, const char *const *refs, size_t n)
{
    engine_ref *out = eng_arena_alloc(e, (n ? n : 1) * sizeof *out);
    for (size_t i = 0; out && i < n; i++) {
        const char *colon = strchr(refs[i], ':');
        size_t k = colon ? (size_t)(colon - refs[i]) : strlen(refs[i]);
        char *kind = eng_arena_alloc(e, k + 1);
        if (!kind)
            return NULL;
        memcpy(kind, refs[i], k);
        kind[k] = '\0';
        out[i].kind = kind;
        out[i].id = colon ? colon + 1 : "";
    }
    return out;
}

static const char *const *arena_strings(engine *e, char **src, size_t n)
{
    const char **out = eng_arena_alloc(e, (n ? n : 1) * sizeof *out);
    for (size_t i = 0; out && i < n; i++)
        if (!(out[i] = eng_arena_strdup(e, src[i])))
            return NULL;
    return out;
}

static int collect_rules(engine *e, load_state *ls)
{
    size_t n = 0, nd = 0;
    for (void *r = EnvGetNextDefrule(e->env, NULL); r; r = EnvGetNextDefrule(e->env, r)) {
        n++;
        for (struct defrule *d = r; d; d = d->disjunct)
            nd++;
    }
    engine_rule *rules = eng_arena_alloc(e, (n ? n : 1) * sizeof *rules);
    rule_info *lookup = eng_arena_alloc(e, (nd ? nd : 1) * sizeof *lookup);
    if (!rules || !lookup)
        return -1;
    size_t k = 0, kd = 0;
    for (void *r = EnvGetNextDefrule(e->env, NULL); r; r = EnvGetNextDefrule(e->env, r), k++) {
        engine_rule *ri = &rules[k];
        memset(ri, 0, sizeof *ri);
        ri->name = eng_arena_strdup(e, EnvGetDefruleName(e->env, r));
        ri->file = "";
        ri->uses = ri->negated = ri->concludes = ri->thresholds = ri->values = ri->comparisons =
            ri->negated_comparisons = ri->tests = ri->conditions = arena_strings(e, NULL, 0);
        if (!ri->name || !ri->uses)
            return -1;
        const char *doc = NULL;
        for (size_t i = ls->nrules; i-- > 0;) {
            const scan_rule *sr = &ls->rules[i].scanned;
            if (strcmp(sr->name, ri->name) != 0)
                continue;
            doc = sr->doc;
            ri->file = ls->rules[i].file;
            ri->line = sr->line;
            ri->uses = arena_strings(e, sr->uses, sr->nuses);
            ri->nuses = sr->nuses;
            ri->negated = arena_strings(e, sr->negated, sr->nnegated);
            ri->nnegated = sr->nnegated;
            ri->concludes = arena_strings(e, sr->concludes, sr->nconcludes);
            ri->nconcludes = sr->nconcludes;
            ri->thresholds = arena_strings(e, sr->thresholds, sr->nthresholds);
            ri->nthresholds = sr->nthresholds;
            ri->values = arena_strings(e, sr->values, sr->nvalues);
            ri->nvalues = sr->nvalues;
            ri->comparisons = arena_strings(e, sr->comparisons, sr->ncomparisons);
            ri->ncomparisons = sr->ncomparisons;
            ri->negated_comparisons = arena_strings(e, sr->negated_comparisons,
                                                    sr->nnegated_comparisons);
            ri->nnegated_comparisons = sr->nnegated_comparisons;
            ri->tests = arena_strings(e, sr->tests, sr->ntests);
            ri->ntests = sr->ntests;
            ri->conditions = arena_strings(e, sr->conditions, sr->nconditions);
            ri->nconditions = sr->nconditions;
            ri->salience = sr->salience;
            ri->answer_patterns = sr->answer_patterns;
            if (!ri->uses || !ri->negated || !ri->concludes || !ri->thresholds || !ri->values ||
                !ri->comparisons || !ri->negated_comparisons || !ri->tests || !ri->conditions)
                return -1;
            break;
        }
        ri->use_refs = arena_refs(e, ri->uses, ri->nuses);
        ri->conclude_refs = arena_refs(e, ri->concludes, ri->nconcludes);
        if (!ri->use_refs || !ri->conclude_refs || rule_doc(e, ri, doc) != 0)
            return -1;
        for (struct defrule *d = r; d; d = d->disjunct) {
            lookup[kd].defrule = d;
            lookup[kd++].rule = ri;
        }
    }
    qsort(lookup, kd, sizeof *lookup, eng_cmp_ptr);
    free(e->fired);
    if (!(e->fired = calloc(k ? k : 1, sizeof *e->fired)))
        return -1;
    e->rules = rules;
    e->nrules = k;
    e->lookup = lookup;
    e->nlookup = kd;
    return 0;
}

/* The path of a loaded file from its base name (the one loaded last). */
static const char *path_of(const engine *e, const char *base)
{
    for (size_t i = e->nfiles; i-- > 0;) {
        const char *p = e->files[i].path, *slash = strrchr(p, '/');
        if (strcmp(slash ? slash + 1 : p, base) == 0)
            return p;
    }
    return base;
}

/* Refuses rules whose negation is not stratified (strata.h), naming each
 * rule on a cycle through a negation. */
static int check_strata(engine *e)
{
    unsigned char *bad = malloc(e->nrules ? e->nrules : 1);
    long nbad = bad ? strata_check(e->rules, e->nrules, bad) : -1;
    if (nbad < 0)
        engine_set_error(e, "out of memory checking the rules");
    for (size_t i = 0; nbad > 0 && i < e->nrules; i++) {
        const engine_rule *r = &e->rules[i];
        if (bad[i])
            eng_err_append(e,
                       "%s:%d: rule %s is on a cycle through a negation (not %s ...): what it "
                       "concludes depends on itself being absent, so which rule fires first, and "
                       "in batch the cases before, would decide the result",
                       path_of(e, r->file), r->line, r->name, r->negated[0]);
    }
    free(bad);
    return nbad == 0 ? 0 : -1;
}

/* ---- definitions read from the rules' facts ---------------------------------- */

static const char *slot_text(engine *e, void *fact, const char *slot)
{
    DATA_OBJECT v;
    if (!EnvGetFactSlot(e->env, fact, slot, &v))
        return NULL;
    if (GetType(v) != STRING && GetType(v) != SYMBOL)
        return NULL;
    return DOToString(v);
}

static int slot_present(engine *e, void *fact, const char *slot)
{
    return EnvDeftemplateSlotExistP(e->env, EnvFactDeftemplate(e->env, fact), slot);
}

static int slot_int(engine *e, void *fact, const char *slot, long long *out)
{
    DATA_OBJECT v;
    if (!EnvGetFactSlot(e->env, fact, slot, &v) || GetType(v) != INTEGER)
        return -1;
    *out = DOToLong(v);
    return 0;
}

/* Copies a multislot of symbols into the arena. */
static int slot_symbols(engine *e, void *fact, const char *slot, const char *const **out, size_t *n)
{
    DATA_OBJECT v;
    *out = NULL;
    *n = 0;
    if (!EnvGetFactSlot(e->env, fact, slot, &v) || GetType(v) != MULTIFIELD)
        return -1;
    long b = GetDOBegin(v), end = GetDOEnd(v);
    void *mf = GetValue(v);
    if (end < b)
        return 0;
    const char **arr = eng_arena_alloc(e, (size_t)(end - b + 1) * sizeof *arr);
    if (!arr)
        return -1;
    for (long i = b; i <= end; i++) {
        if (GetMFType(mf, i) != SYMBOL && GetMFType(mf, i) != STRING)
            return -1;
        if (!(arr[i - b] = eng_arena_strdup(e, ValueToString(GetMFValue(mf, i)))))
            return -1;
    }
    *out = arr;
    *n = (size_t)(end - b + 1);
    return 0;
}

/* A multislot of conditions, "question op n" repeated; absent slot: none. */
static int slot_conditions(engine *e, void *fact, const char *slot, const engine_condition **out,
                           size_t *n, const char *what)
{
    DATA_OBJECT v;
    *out = NULL;
    *n = 0;
    if (!slot_present(e, fact, slot))
        return 0;
    if (!EnvGetFactSlot(e->env, fact, slot, &v) || GetType(v) != MULTIFIELD)
        return -1;
    long b = GetDOBegin(v), end = GetDOEnd(v), len = end - b + 1;
    void *mf = GetValue(v);
    if (len <= 0)
        return 0;
    if (len % 3) {
        engine_set_error(e, "%s: %s needs conditions of three words each (question op number)",
                         what, slot);
        return -1;
    }
    engine_condition *arr = eng_arena_alloc(e, (size_t)(len / 3) * sizeof *arr);
    if (!arr)
        return -1;
    for (long i = 0; i < len / 3; i++) {
        long k = b + 3 * i;
        const char *op = GetMFType(mf, k + 1) == SYMBOL ? ValueToString(GetMFValue(mf, k + 1)) : "";
        if (GetMFType(mf, k) != SYMBOL || GetMFType(mf, k + 2) != INTEGER ||
            (strcmp(op, "<") && strcmp(op, "<=") && strcmp(op, ">") && strcmp(op, ">=") &&
             strcmp(op, "="))) {
            engine_set_error(e, "%s: each %s condition is a question id, one of < <= > >= =, "
                             "and a whole number", what, slot);
            return -1;
        }
        arr[i].question = eng_arena_strdup(e, ValueToString(GetMFValue(mf, k)));
        arr[i].op = eng_arena_strdup(e, op);
        arr[i].n = ValueToLong(GetMFValue(mf, k + 2));
        if (!arr[i].question || !arr[i].op)
            return -1;
    }
    *out = arr;
    *n = (size_t)(len / 3);
    return 0;
}

/* A slot the schema may not have (an older rules directory): "" when absent. */
static const char *opt_slot(engine *e, void *fact, const char *slot, int *bad)
{
    if (!slot_present(e, fact, slot))
        return "";
    const char *s = slot_text(e, fact, slot);
    const char *d = s ? eng_arena_strdup(e, s) : NULL;
    if (!d)
        *bad = 1;
    return d;
}

static const char *dup_slot(engine *e, void *fact, const char *slot, int *bad)
{
    const char *s = slot_text(e, fact, slot);
    const char *d = s ? eng_arena_strdup(e, s) : NULL;
    if (!d)
        *bad = 1;
    return d;
}

static void *grow_array(engine *e, void *arr, size_t n, size_t size)
{
    void *p = eng_arena_alloc(e, (n + 1) * size);
    if (p && n)
        memcpy(p, arr, n * size);
    return p;
}

static int cmp_question(const void *a, const void *b)
{
    const engine_question *x = a, *y = b;
    return x->priority != y->priority ? (y->priority > x->priority ? 1 : -1) : strcmp(x->id, y->id);
}

static int cmp_disposition(const void *a, const void *b)
{
    const disposition_def *x = a, *y = b;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static int read_question(engine *e, void *f)
{
    int bad = 0;
    engine_question q = { 0 };
    long long prio = 0;
    q.id = dup_slot(e, f, "id", &bad);
    q.prompt = dup_slot(e, f, "prompt", &bad);
    q.help = dup_slot(e, f, "help", &bad);
    q.source = dup_slot(e, f, "source", &bad);
    const char *type = slot_text(e, f, "type");
    const char *unknown = slot_text(e, f, "if-unknown");
    const char *red = slot_text(e, f, "red-flag");
    if (bad || !type || !unknown || !red || slot_int(e, f, "min", &q.min) ||
        slot_int(e, f, "max", &q.max) || slot_int(e, f, "priority", &prio) ||
        slot_symbols(e, f, "values", &q.values, &q.nvalues) ||
        (slot_present(e, f, "worrying") &&
         slot_symbols(e, f, "worrying", &q.worrying, &q.nworrying))) {
        engine_set_error(e, "a question definition is incomplete");
        return -1;
    }
    q.priority = (int)prio;
    q.label = opt_slot(e, f, "label", &bad);
    if (bad || slot_conditions(e, f, "asked-if", &q.asked_if, &q.nasked_if, q.id) ||
        (slot_present(e, f, "example") &&
         slot_symbols(e, f, "example", &q.examples, &q.nexamples)))
        return -1;
    q.type = strcmp(type, "yesno") == 0 ? ENGINE_YESNO
           : strcmp(type, "integer") == 0 ? ENGINE_INTEGER
           : strcmp(type, "choice") == 0 ? ENGINE_CHOICE : ENGINE_MULTI;
    q.unknown_means_yes = strcmp(unknown, "yes") == 0;
    q.red_flag = strcmp(red, "yes") == 0;
    const char *const *rel;
    size_t nrel;
    if (slot_symbols(e, f, "relevant-if", &rel, &nrel) != 0)
        return -1;
    if (nrel == 1) {
        engine_set_error(e, "question %s: relevant-if needs a question id and at least one value", q.id);
        return -1;
    }
    if (nrel >= 2) {
        q.relevant_if = rel[0];
        q.relevant_values = rel + 1;
        q.nrelevant_values = nrel - 1;
    }
    if (q.type == ENGINE_INTEGER && q.min > q.max) {
        engine_set_error(e, "question %s: min is greater than max", q.id);
        return -1;
    }
    if ((q.type == ENGINE_CHOICE || q.type == ENGINE_MULTI) && q.nvalues == 0) {
        engine_set_error(e, "question %s: a %s question needs values", q.id, type);
        return -1;
    }
    if (engine_question_index(e, q.id) >= 0) {
        engine_set_error(e, "question %s is defined twice", q.id);
        return -1;
    }
    engine_question *arr = grow_array(e, e->questions, e->nquestions, sizeof *arr);
    if (!arr)
        return -1;
    arr[e->nquestions++] = q;
    e->questions = arr;
    return 0;
}

static const disposition_def *find_disposition(const engine *e, const char *id)
{
    for (size_t i = 0; i < e->ndispositions; i++)
        if (strcmp(e->dispositions[i].id, id) == 0)
            return &e->dispositions[i];
    return NULL;
}

#define APPEND(arr, n, val)                                              \
    do {                                                                 \
        void *grown_ = grow_array(e, (arr), (n), sizeof *(arr));         \
        if (!grown_)                                                     \
            return -1;                                                   \
        (arr) = grown_;                                                  \
        (arr)[(n)++] = (val);                                            \
    } while (0)

static int read_definition(engine *e, void *f, const char *tmpl)
{
    int bad = 0;
    if (strcmp(tmpl, "question") == 0)
        return read_question(e, f);
    if (strcmp(tmpl, "disposition-def") == 0) {
        disposition_def d = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "title", &bad),
                              dup_slot(e, f, "action", &bad), dup_slot(e, f, "advice", &bad), 0,
                              1, ENGINE_GO_ON, 0 };
        if (bad || slot_int(e, f, "rank", &d.rank))
            return -1;
        const char *plan = opt_slot(e, f, "plan", &bad), *mode = opt_slot(e, f, "interview", &bad);
        d.plan = strcmp(plan, "no") != 0;
        d.interview = !strcmp(mode, "stop") ? ENGINE_STOP
                    : !strcmp(mode, "raise-only") ? ENGINE_RAISE_ONLY : ENGINE_GO_ON;
        d.announce = !strcmp(opt_slot(e, f, "announce", &bad), "yes");
        if (bad)
            return -1;
        APPEND(e->dispositions, e->ndispositions, d);
    } else if (strcmp(tmpl, "trigger-def") == 0) {
        trigger_def t = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "disposition", &bad),
                          dup_slot(e, f, "kind", &bad), dup_slot(e, f, "says", &bad),
                          dup_slot(e, f, "safety-net", &bad), dup_slot(e, f, "source", &bad), 0,
                          NULL, 0 };
        if (bad || slot_conditions(e, f, "net-if", &t.net_if, &t.nnet_if, t.id))
            return -1;
        APPEND(e->triggers, e->ntriggers, t);
    } else if (strcmp(tmpl, "contributor-def") == 0) {
        contributor_def c = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "name", &bad),
                              dup_slot(e, f, "says", &bad), dup_slot(e, f, "source", &bad) };
        if (bad)
            return -1;
        APPEND(e->contributors, e->ncontributors, c);
    } else if (strcmp(tmpl, "recommendation-def") == 0) {
        recommendation_def r = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "kind", &bad),
                                 dup_slot(e, f, "title", &bad), dup_slot(e, f, "how", &bad),
                                 dup_slot(e, f, "dose", &bad), dup_slot(e, f, "source", &bad),
                                 50, opt_slot(e, f, "rank-source", &bad) };
        if (bad || (slot_present(e, f, "rank") && slot_int(e, f, "rank", &r.rank)))
            return -1;
        APPEND(e->recs, e->nrecs, r);
    } else if (strcmp(tmpl, "caution-def") == 0) {
        caution_def c = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "says", &bad),
                          dup_slot(e, f, "source", &bad), NULL, 0, NULL, 0 };
        if (bad || slot_symbols(e, f, "withholds", &c.withholds, &c.nwithholds) ||
            slot_symbols(e, f, "withholds-kinds", &c.kinds, &c.nkinds))
            return -1;
        APPEND(e->cautions, e->ncautions, c);
    } else if (strcmp(tmpl, "technique") == 0) {
        technique_def t = { dup_slot(e, f, "kind", &bad), dup_slot(e, f, "text", &bad),
                            dup_slot(e, f, "source", &bad), opt_slot(e, f, "heading", &bad) };
        if (bad)
            return -1;
        APPEND(e->techniques, e->ntechniques, t);
    } else if (strcmp(tmpl, "checklist") == 0) {
        engine_checklist c = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "prompt", &bad),
                               dup_slot(e, f, "help", &bad), dup_slot(e, f, "source", &bad),
                               NULL, 0 };
        if (bad || slot_symbols(e, f, "items", &c.items, &c.nitems))
            return -1;
        APPEND(e->checklists, e->nchecklists, c);
    } else if (strcmp(tmpl, "answer-words") == 0 || strcmp(tmpl, "value-words") == 0) {
        int values = tmpl[0] == 'v';
        engine_words w = { values ? dup_slot(e, f, "question", &bad) : NULL,
                           values ? dup_slot(e, f, "value", &bad) : NULL,
                           values ? NULL : dup_slot(e, f, "means", &bad),
                           values ? dup_slot(e, f, "label", &bad) : "", NULL, 0 };
        if (bad || slot_symbols(e, f, "words", &w.words, &w.nwords))
            return -1;
        APPEND(e->words, e->nwords, w);
    } else if (strcmp(tmpl, "override") == 0) {
        engine_override o = { dup_slot(e, f, "kind", &bad), dup_slot(e, f, "id", &bad),
                              dup_slot(e, f, "reason", &bad) };
        if (bad)
            return -1;
        APPEND(e->overrides, e->noverrides, o);
    } else if (strcmp(tmpl, "policy") == 0) {
        if (slot_int(e, f, "version", &e->policy))
            return -1;
    } else if (strcmp(tmpl, "notice") == 0) {
        notice_def n = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "text", &bad) };
        if (bad)
            return -1;
        APPEND(e->notices, e->nnotices, n);
    } else if (strcmp(tmpl, "wording") == 0) {
        wording_def w = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "text", &bad) };
        if (bad)
            return -1;
        APPEND(e->wordings, e->nwordings, w);
    }
    return 0;
}

/* The id of a definition fact: its id slot, or for a technique its kind. */
static const char *definition_id(engine *e, void *f)
{
    return slot_present(e, f, "id") ? slot_text(e, f, "id")
         : slot_present(e, f, "kind") ? slot_text(e, f, "kind") : NULL;
}

/* Retracts every definition that an override fact declares replaced: of the
 * facts of that template and id, only the last (the overlay's) stays. Called
 * after every reset, which asserts them all again. */
int eng_drop_overridden(engine *e)
{
    size_t n = 0, cap = 0;
    void **doomed = NULL;
    int rc = 0;
    for (void *o = EnvGetNextFact(e->env, NULL); o && rc == 0; o = EnvGetNextFact(e->env, o)) {
        if (strcmp(EnvGetDeftemplateName(e->env, EnvFactDeftemplate(e->env, o)), "override") != 0)
            continue;
        const char *kind = slot_text(e, o, "kind"), *id = slot_text(e, o, "id");
        if (!kind || !id || strcmp(kind, "rule") == 0)
            continue;
        void *last = NULL;
        for (void *f = EnvGetNextFact(e->env, NULL); f && rc == 0; f = EnvGetNextFact(e->env, f)) {
            const char *fid;
            if (strcmp(EnvGetDeftemplateName(e->env, EnvFactDeftemplate(e->env, f)), kind) != 0 ||
                !(fid = definition_id(e, f)) || strcmp(fid, id) != 0)
                continue;
            if (last) {
                if (n == cap) {
                    void **grown = realloc(doomed, (cap = cap ? 2 * cap : 8) * sizeof *grown);
                    if (!grown) {
                        rc = -1;
                        break;
                    }
                    doomed = grown;
                }
                doomed[n++] = last;
            }
            last = f;
        }
    }
    for (size_t i = 0; i < n && rc == 0; i++)
        EnvRetract(e->env, doomed[i]);
    free(doomed);
    return rc;
}

static int read_definitions(engine *e)
{
    static const struct { const char *name; size_t off; } tmpl[] = {
        { "answer", offsetof(engine, t_answer) },
        { "trigger", offsetof(engine, t_trigger) },
        { "contributor", offsetof(engine, t_contributor) },
        { "finding", offsetof(engine, t_finding) },
        { "cause", offsetof(engine, t_cause) },
        { "recommend", offsetof(engine, t_recommend) },
        { "caution", offsetof(engine, t_caution) },
        { "assumption", offsetof(engine, t_assumption) },
    };
    for (size_t i = 0; i < sizeof tmpl / sizeof *tmpl; i++) {
        void *t = EnvFindDeftemplate(e->env, tmpl[i].name);
        if (!t) {
            engine_set_error(e, "the rules define no '%s' template (is 00-schema.clp loaded?)",
                             tmpl[i].name);
            return -1;
        }
        *(void **)((char *)e + tmpl[i].off) = t;
    }

    EnvReset(e->env);
    if (eng_drop_overridden(e) != 0) {
        engine_set_error(e, "out of memory reading the rules");
        return -1;
    }
    for (void *f = EnvGetNextFact(e->env, NULL); f; f = EnvGetNextFact(e->env, f)) {
        const char *name = EnvGetDeftemplateName(e->env, EnvFactDeftemplate(e->env, f));
        if (read_definition(e, f, name) != 0) {
            if (e->errlen == 0)
                engine_set_error(e, "a %s definition is incomplete or out of memory", name);
            return -1;
        }
    }

    if (e->ndispositions == 0 || e->nquestions == 0 || e->nnotices == 0) {
        engine_set_error(e, "the rules define no %s",
                         e->ndispositions == 0 ? "dispositions" : e->nquestions == 0 ? "questions" : "notice");
        return -1;
    }
    for (size_t i = 0; i < e->ntriggers; i++) {
        const disposition_def *d = find_disposition(e, e->triggers[i].disposition);
        if (!d) {
            engine_set_error(e, "trigger %s leads to undefined disposition %s",
                             e->triggers[i].id, e->triggers[i].disposition);
            return -1;
        }
        e->triggers[i].rank = d->rank;
    }
    for (size_t i = 0; i < e->nquestions; i++) {
        const char *rel = e->questions[i].relevant_if;
        if (rel && engine_question_index(e, rel) < 0) {
            engine_set_error(e, "question %s is relevant-if undefined question %s",
                             e->questions[i].id, rel);
            return -1;
        }
    }
    qsort(e->questions, e->nquestions, sizeof *e->questions, cmp_question);
    qsort(e->dispositions, e->ndispositions, sizeof *e->dispositions, cmp_disposition);
    e->answers = calloc(e->nquestions, sizeof *e->answers);
    if (!e->answers || eng_index_questions(e) != 0)
        return -1;
    e->last_index = e->base_index =
        FactData(e->env)->LastFact ? FactData(e->env)->LastFact->factIndex : 0;
    return 0;
}

static void free_rules(load_state *ls)
{
    for (size_t i = 0; i < ls->nrules; i++)
        scan_rule_free(&ls->rules[i].scanned);
    free(ls->rules);
    ls->rules = NULL;
    ls->nrules = 0;
}

/* Replaces an environment a refused image left unusable with a new one. */
static int renew_env(engine *e)
{
    DestroyEnvironment(e->env);
    e->env = NULL;
    if (eng_create_env(e) == 0)
        return 0;
    engine_set_error(e, "out of memory creating the rule engine");
    return -1;
}

int engine_load(engine *e, const char *const *dirs, size_t ndirs)
{
    eng_err_clear(e);
    eng_unload(e);
    if (eng_create_env(e) != 0) {
        engine_set_error(e, "out of memory creating the rule engine");
        return -1;
    }
    load_state ls = { 0 };
    sha256_init(&ls.all);
    int rc = 0;
    if (ndirs == 0) {
        engine_set_error(e, "no rules directory given");
        rc = -1;
    }
    for (size_t i = 0; i < ndirs && rc == 0; i++)
        rc = load_dir(e, &ls, dirs[i]);
    if (rc == 0) {
        uint8_t digest[SHA256_DIGEST_SIZE];
        sha256_digest(&ls.all, sizeof digest, digest);
        hex(digest, sizeof digest, e->version);
    }
    if (rc == 0 && e->image_dir) {
        char *meta = NULL;
        size_t metalen = 0;
        int im = image_load(e, e->image_dir, e->version, &meta, &metalen);
        if (im == 0 && meta_read(&ls, meta, metalen) == 0) {
            e->from_image = 1;
        } else {
            free_rules(&ls);
            if (im != -1)
                rc = renew_env(e);
        }
        free(meta);
    }
    for (size_t i = 0; i < ls.nsrc && rc == 0 && !e->from_image; i++)
        rc = compile_source(e, &ls, &ls.src[i], 1);
    if (rc == 0 && collect_rules(e, &ls) != 0) {
        engine_set_error(e, "out of memory reading the rules");
        rc = -1;
    }
    if (rc == 0)
        rc = check_strata(e);
    if (rc == 0)
        rc = read_definitions(e);
    if (rc == 0 && e->image_dir && !e->from_image) {
        jbuf meta = { 0 };
        meta_write(&ls, &meta);
        if (!meta.oom)
            image_save(e, e->image_dir, e->version, meta.p, meta.len);
        jbuf_free(&meta);
    }
    free_rules(&ls);
    for (size_t i = 0; i < ls.nsrc; i++)
        free(ls.src[i].text);
    free(ls.src);
    if (rc != 0) {
        char *keep = e->err;
        size_t keeplen = e->errlen, keepcap = e->errcap;
        e->err = NULL;
        e->errlen = e->errcap = 0;
        eng_unload(e);
        free(e->err);
        e->err = keep;
        e->errlen = keeplen;
        e->errcap = keepcap;
        return -1;
    }
    return 0;
}
