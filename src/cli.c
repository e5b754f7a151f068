/* cli.c: what the commands share: options, where the rules come from and
 * loading them through lint's checks, case files, the error line. */
#include "datadir.h"
#include "cases.h"
#include "engine.h"
#include "lint.h"
#include "cli.h"
#include "startup.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void triage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("triage: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int rules_dirs_add(rules_dirs *rd, const char *dir)
{
    if (rd->n == sizeof rd->dirs / sizeof *rd->dirs) {
        triage_error("too many --rules directories (at most %zu)",
                     sizeof rd->dirs / sizeof *rd->dirs);
        return -1;
    }
    rd->dirs[rd->n++] = dir;
    return 0;
}

int triage_option(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '='))
        return 0;
    *value = a[n] == '=' ? a + n + 1 : (*i + 1 < argc ? argv[++*i] : NULL);
    if (*value && !**value)
        *value = NULL;
    if (!*value)
        triage_error("%s needs a value", name);
    return 1;
}

int triage_rules_option(int argc, char **argv, int *i, rules_dirs *rd)
{
    const char *dir;
    if (!triage_option(argc, argv, i, "--rules", &dir))
        return 0;
    if (!dir || rules_dirs_add(rd, dir) != 0)
        rd->bad = 1;
    return 1;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Fills dirs from $TRIAGE_RULES, ./rules beside the binary or the data
 * directory; storage points into buf. Only with the data directory, the
 * installed overlay directory (TRIAGE_OVERLAYDIR, /etc/triage/rules.d in the
 * Debian package) comes after it whenever it exists: an administrator's
 * local rules, loaded on top of the shipped ones. Empty, it loads nothing
 * and leaves rules_version as it was; listed even then, so that a reload
 * (the shell's, serve's SIGHUP) picks up a file added later, and, unreadable,
 * it fails the load rather than silently leaving those rules out. Explicit
 * rules (--rules, $TRIAGE_RULES) and a development tree's ./rules never pick
 * it up. */
static size_t default_dirs(const char **dirs, size_t max, char *buf, size_t buflen)
{
    const char *env = getenv("TRIAGE_RULES");
    if (env && *env) {
        snprintf(buf, buflen, "%s", env);
        size_t n = 0;
        for (char *tok = strtok(buf, ":"); tok && n < max; tok = strtok(NULL, ":"))
            dirs[n++] = tok;
        return n;
    }
    ssize_t len = readlink("/proc/self/exe", buf, buflen - sizeof "/rules");
    if (len > 0) {
        buf[len] = '\0';
        char *slash = strrchr(buf, '/');
        if (slash) {
            strcpy(slash, "/rules");
            if (is_dir(buf)) {
                dirs[0] = buf;
                return 1;
            }
        }
    }
    dirs[0] = TRIAGE_DATADIR "/rules";
    if (max > 1 && is_dir(TRIAGE_OVERLAYDIR)) {
        dirs[1] = TRIAGE_OVERLAYDIR;
        return 2;
    }
    return 1;
}

size_t triage_resolve_dirs(const rules_dirs *rd, const char **dirs, size_t max)
{
    static char buf[4096];
    if (rd && rd->n) {
        size_t n = rd->n < max ? rd->n : max;
        memcpy(dirs, rd->dirs, n * sizeof *dirs);
        return n;
    }
    return default_dirs(dirs, max, buf, sizeof buf);
}

const char *triage_image_dir(void)
{
    static char dir[4096];
    const char *v = getenv("TRIAGE_CACHE_DIR");
    if (v)
        return v[0] && strlen(v) < sizeof dir ? v : NULL;
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(dir, sizeof dir, "%s/triage", xdg);
    else if (home && home[0] == '/')
        n = snprintf(dir, sizeof dir, "%s/.cache/triage", home);
    else
        return NULL;
    return n > 0 && (size_t)n < sizeof dir ? dir : NULL;
}

/* Whether lint has passed this rule set before (write 0), or records that it
 * has (write 1): a stamp beside the compiled images, named by the rules'
 * version and trusted, like an image, only in a directory and file of the
 * user's own that no one else may write. The stamp names the program's
 * version, so a program with new checks runs them again. */
static int lint_verdict(const engine *e, int write)
{
    const char *dir = triage_image_dir();
    char path[4096], want[256];
    struct stat st;
    if (!dir || snprintf(path, sizeof path, "%s/%s.lint-ok", dir, engine_rules_version(e)) >=
                    (int)sizeof path)
        return 0;
    snprintf(want, sizeof want, "triage %s lint %d passed\n", TRIAGE_VERSION, LINT_CHECKS);
    if (stat(dir, &st) != 0 || st.st_uid != geteuid() || (st.st_mode & 022))
        return 0;
    if (write) {
        char tmp[4200];
        snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid());
        FILE *f = fopen(tmp, "wx");
        if (!f)
            return 0;
        int ok = fputs(want, f) >= 0;
        ok &= fclose(f) == 0;
        if (!ok || rename(tmp, path) != 0) {
            unlink(tmp);
            return 0;
        }
        return 1;
    }
    char got[256] = "";
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int ok = fstat(fileno(f), &st) == 0 && st.st_uid == geteuid() && !(st.st_mode & 022) &&
             fgets(got, sizeof got, f) && strcmp(got, want) == 0;
    fclose(f);
    return ok;
}

engine *triage_load_checked(const char *const *dirs, size_t n, FILE *err, const char *prefix)
{
    startup_prepare_heap();
    engine *e = engine_new();
    if (!e || engine_set_image_dir(e, triage_image_dir()) != 0) {
        engine_free(e);
        fprintf(err, "%sout of memory\n", prefix);
        return NULL;
    }
    int loaded = engine_load(e, dirs, n) == 0;
    json_t *diags = json_array();
    if (loaded && lint_verdict(e, 0)) {
        json_decref(diags);
        return e;
    }
    int errors = lint_rules(dirs, n, loaded ? e : NULL, diags);
    if (errors == 0 && loaded)
        lint_verdict(e, 1);
    if (errors != 0) {
        lint_print(err, diags, "error", prefix);
        if (errors < 0 || json_array_size(diags) == 0)
            fprintf(err, "%s%s\n", prefix, loaded ? "out of memory" : engine_errmsg(e));
        else
            fprintf(err, "%striage: the rules were not loaded: %d error%s (triage lint lists them all)\n",
                    prefix, errors, errors == 1 ? "" : "s");
        engine_free(e);
        e = NULL;
    }
    json_decref(diags);
    return e;
}

engine *triage_open_engine(const rules_dirs *rd)
{
    const char *dirs[16];
    size_t n = triage_resolve_dirs(rd, dirs, sizeof dirs / sizeof *dirs);
    return triage_load_checked(dirs, n, stderr, "");
}


json_t *cli_read_case(const char *path)
{
    char err[600];
    json_t *all = cases_read_file(path, err, sizeof err);
    if (!all) {
        triage_error("%s", err);
        return NULL;
    }
    json_t *c = json_incref(json_array_get(all, 0));
    json_decref(all);
    if (!c) {
        triage_error("%s: no case in the file", path);
        return NULL;
    }
    if (json_object_get(c, "error") && !json_object_get(c, "answers")) {
        char why[600];
        triage_error("%s:%lld: %s", path, (long long)json_integer_value(json_object_get(c, "line")),
                     cases_error_text(c, why, sizeof why));
        json_decref(c);
        return NULL;
    }
    return c;
}

json_t *cli_evaluate(engine *e, const json_t *c)
{
    int failed;
    json_t *res = cases_evaluate(e, c, &failed);
    if (failed) {
        char why[1024];
        triage_error("the case cannot be evaluated: %s", cases_error_text(res, why, sizeof why));
        json_decref(res);
        return NULL;
    }
    return res;
}

int cli_collect_cases(const char *path, json_t *files)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        triage_error("%s: no such file or directory", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return json_array_append_new(files, json_string(path));
    static const char *const kinds[] = { ".vignette", ".txt", ".jsonl", NULL };
    if (util_list_dir(path, kinds, files) != 0) {
        triage_error("%s: cannot open", path);
        return -1;
    }
    return 0;
}
