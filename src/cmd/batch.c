/* batch.c: `triage batch`: cases as JSON lines in, results as JSON lines out,
 * streamed one line at a time so memory stays flat whatever the input size. */
#include "atomic.h"
#include "cases.h"
#include "engine.h"
#include "lines.h"
#include "pool.h"
#include "progress.h"
#include "text.h"
#include "transcript.h"
#include "cli.h"
#include "startup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BATCH_MAX_LINE (1024 * 1024)

/* --detail: how much each JSON result says (the workers, forks, inherit it). */
static engine_detail batch_detail = ENGINE_DETAIL_FULL;

static const char batch_usage[] =
    "usage: triage batch [--rules DIR]... [--format json|text] [--detail full|summary]\n"
    "                    [--transcripts DIR] [--jobs N] [--quiet] [FILE|-]\n"
    "\n"
    "Reads cases, one JSON object a line (see case-format.md), from FILE or\n"
    "standard input, and writes one result a line, in input order. A case with\n"
    "a bad answer gives {\"id\": ..., \"error\": {\"field\": ..., \"message\": ...}}\n"
    "and the other cases go on. Lines longer than 1 MiB are rejected.\n"
    "\n"
    "  --format json   one JSON result a line (the default)\n"
    "  --format text   each result for a person: what to do first, why, the\n"
    "                  plan and when to seek help\n"
    "  --detail full   JSON results with every text and the derivation (the\n"
    "                  default; about 20 KB a case)\n"
    "  --detail summary\n"
    "                  JSON results with \"detail\": \"summary\": the disposition,\n"
    "                  triggers, reasons (trigger, disposition, plain words), the\n"
    "                  ids of the cautions and of the plan's items with their\n"
    "                  rank, the safety net by disposition (trigger ids),\n"
    "                  assumptions, notice, rules_version and policy; no\n"
    "                  how-to or dose texts, no derivation (about 2 KB a case).\n"
    "                  Transcripts still record everything.\n"
    "  --rules DIR     load the rules from DIR (repeatable)\n"
    "  --transcripts DIR\n"
    "                  write each evaluated case's transcript to DIR/ID.jsonl\n"
    "                  (for triage audit)\n"
    "  --jobs N        evaluate JSON results in up to N processes (1-8; default:\n"
    "                  one per processor). Past the first 64 KB of input, N - 1\n"
    "                  helpers take chunks of cases at idle priority, on\n"
    "                  processors nothing else wants; the output is the same\n"
    "                  bytes, in input order. Text output and transcripts use\n"
    "                  one process.\n"
    "  --quiet, -q     no progress line (shown on standard error, when it is a\n"
    "                  terminal, after half a second: cases done, rate, time left)\n"
    "\n"
    "Exit status: 0 every case evaluated, 1 a case was in error, 2 usage error,\n"
    "3 the rules failed to load.\n";

/* Writes a result object as a JSON line, or as text for a person. 0 written,
 * -1 out of memory. */
static int emit(const engine *e, json_t *res, int text, int *first)
{
    if (!res)
        return -1;
    if (text) {
        if (!*first)
            fputs("\n", stdout);
        text_result(stdout, e, res, text_width());
    } else {
        char *s = json_dumps(res, JSON_COMPACT | JSON_REAL_PRECISION(6));
        if (!s) {
            json_decref(res);
            return -1;
        }
        fputs(s, stdout);
        fputc('\n', stdout);
        free(s);
    }
    *first = 0;
    json_decref(res);
    return 0;
}

/* Writes the transcript of an evaluated case c with result res into dir, named
 * after the case id (made safe for a file name), or its line number. */
static int write_transcript(engine *e, const char *dir, json_t *written, const json_t *c,
                            const json_t *res, long lineno)
{
    char name[160], path[4352];
    const json_t *id = json_object_get(c, "id");
    if (json_is_string(id) && json_string_length(id) > 0) {
        snprintf(name, sizeof name, "%s", json_string_value(id));
        for (char *p = name; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
                *p = '_';
        if (name[0] == '.')
            name[0] = '_';
    } else if (json_is_integer(id)) {
        snprintf(name, sizeof name, "%lld", (long long)json_integer_value(id));
    } else {
        snprintf(name, sizeof name, "line-%ld", lineno);
    }
    if (json_object_get(written, name))
        snprintf(name + strlen(name), sizeof name - strlen(name), "-line-%ld", lineno);
    json_object_set_new(written, name, json_true());
    snprintf(path, sizeof path, "%s/%s.jsonl", dir, name);
    transcript *t = transcript_new(e, path, id);
    if (!t) {
        char why[4608];
        if (atomic_may_replace(path, ATOMIC_TRANSCRIPT, why, sizeof why) != 0)
            triage_error("%s", why);
        else
            triage_error("%s: cannot write the transcript: %s", path, strerror(errno));
        return -1;
    }
    int rc = 0;
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(c, "answers"), k, v)
        if (rc == 0)
            rc = transcript_event(t, "answer", k, v);
    json_t *body = json_deep_copy(res), *none = json_object();
    json_object_del(body, "id");
    const json_t *answers = json_object_get(c, "answers");
    if (rc == 0)
        rc = transcript_result(t, answers ? answers : none, body);
    json_decref(body);
    json_decref(none);
    if (rc == 0)
        rc = transcript_write(t);
    if (rc != 0 && *transcript_errmsg(t))
        triage_error("%s", transcript_errmsg(t));
    else if (rc != 0)
        triage_error("%s: cannot write the transcript: %s", path, strerror(errno));
    transcript_free(t);
    return rc;
}

static int emit_error(json_t *res, FILE *out)
{
    char *text = res ? json_dumps(res, JSON_COMPACT) : NULL;
    json_decref(res);
    if (!text)
        return -1;
    fputs(text, out);
    fputc('\n', out);
    free(text);
    return 1;
}

static json_t *line_error(long lineno, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof msg, "line %ld: %s", lineno, what);
    json_t *res = cases_error(NULL, NULL, msg);
    if (res)
        json_object_set_new(res, "line", json_integer(lineno));
    return res;
}

static int overlong_line(long lineno, FILE *out)
{
    return emit_error(line_error(lineno, "line longer than 1 MiB"), out);
}

static json_t *parse_case(const char *line, size_t len, long lineno, json_t **error)
{
    json_error_t jerr;
    json_t *c = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!c) {
        char what[300];
        snprintf(what, sizeof what, "invalid JSON: %s",
                 memchr(line, '\0', len) ? "the line has a NUL byte in it" : jerr.text);
        *error = line_error(lineno, what);
    }
    return c;
}

/* Evaluates the case on one input line and writes its JSON result line to
 * out, straight from the engine's text. 0 evaluated, 1 error result, -1 out
 * of memory. */
static int eval_line(engine *e, const char *line, size_t len, long lineno, FILE *out)
{
    json_t *error = NULL;
    json_t *c = parse_case(line, len, lineno, &error);
    if (!c)
        return emit_error(error, out);
    if (cases_run(e, c, &error) != 0) {
        json_decref(c);
        return emit_error(error, out);
    }
    char *id = cases_id_text(c);
    size_t n;
    const char *text = id ? engine_result_text_detail(e, id, batch_detail, &n) : NULL;
    free(id);
    if (!text) {
        error = cases_error(json_object_get(c, "id"), NULL, engine_errmsg(e));
        json_decref(c);
        return emit_error(error, out);
    }
    json_decref(c);
    fwrite(text, 1, n, out);
    fputc('\n', out);
    return 0;
}

/* The share of a regular input file read so far, or -1. */
static double read_share(int fd, long long size)
{
    off_t at = size > 0 ? lseek(fd, 0, SEEK_CUR) : -1;
    return at < 0 ? -1 : (double)at / (double)size;
}

/* Evaluates the cases one after the other in this process. Returns 1 when a
 * case failed or the input could not be read, else 0. */
static int run_serial(engine *e, int fd, const char *path, int text, const char *tdir,
                      progress *prog)
{
    struct stat sb;
    long long size = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? (long long)sb.st_size : 0;
    long long done = 0;
    json_t *written = json_object();
    lines l;
    lines_init(&l, fd, BATCH_MAX_LINE);
    int any_failed = 0, first = 1, rc;
    char *line;
    size_t len;
    while ((rc = lines_next(&l, &line, &len)) != 0) {
        if (!lines_ready(&l))
            fflush(stdout);
        if (rc == -2) {
            triage_error("%s: cannot read: %s", path ? path : "stdin", strerror(errno));
            any_failed = 1;
            break;
        }
        if (rc == 1 && lines_blank(line, len))
            continue;
        int st;
        if (rc == -1) {
            st = text ? emit(e, line_error(l.lineno, "line longer than 1 MiB"), 1, &first)
                      : overlong_line(l.lineno, stdout);
            st = st < 0 ? -1 : 1;
        } else if (!text && !tdir) {
            st = eval_line(e, line, len, l.lineno, stdout);
        } else {
            json_t *res = NULL, *c = parse_case(line, len, l.lineno, &res);
            int failed = 1;
            char *brief = NULL;   /* the summary written, while the transcript has it all */
            if (c) {
                res = cases_evaluate(e, c, &failed);
                if (!failed && res && !text && batch_detail == ENGINE_DETAIL_SUMMARY) {
                    char *id = cases_id_text(c);
                    const char *t = id ? engine_result_text_detail(e, id, batch_detail, NULL) : NULL;
                    brief = t ? strdup(t) : NULL;
                    free(id);
                    if (!brief)
                        failed = -1;
                }
                if (tdir && !failed && res &&
                    write_transcript(e, tdir, written, c, res, l.lineno) != 0)
                    failed = 1;
                json_decref(c);
            }
            if (brief) {
                fputs(brief, stdout);
                fputc('\n', stdout);
                free(brief);
                json_decref(res);
                st = failed;
            } else {
                st = failed < 0 || emit(e, res, text, &first) != 0 ? -1 : failed;
            }
        }
        if (st < 0) {
            triage_error("out of memory");
            any_failed = 1;
            break;
        }
        any_failed |= st;
        progress_update(prog, ++done, 0, read_share(fd, size));
    }
    lines_free(&l);
    json_decref(written);
    return any_failed;
}

int batch_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    const char *path = NULL, *tdir = NULL;
    int text = 0, quiet = 0, jobs = pool_default_jobs();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(batch_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (triage_option(argc, argv, &i, "--transcripts", &tdir)) {
            if (!tdir)
                return TRIAGE_USAGE;
        } else if (triage_option(argc, argv, &i, "--format", &v)) {
            if (v && strcmp(v, "json") == 0) {
                text = 0;
            } else if (v && strcmp(v, "text") == 0) {
                text = 1;
            } else {
                triage_error("--format takes json or text");
                return TRIAGE_USAGE;
            }
        } else if (triage_option(argc, argv, &i, "--detail", &v)) {
            if (v && strcmp(v, "full") == 0) {
                batch_detail = ENGINE_DETAIL_FULL;
            } else if (v && strcmp(v, "summary") == 0) {
                batch_detail = ENGINE_DETAIL_SUMMARY;
            } else {
                triage_error("--detail takes full or summary");
                return TRIAGE_USAGE;
            }
        } else if (triage_option(argc, argv, &i, "--jobs", &v)) {
            char *end;
            long n = v ? strtol(v, &end, 10) : 0;
            if (!v || *end || n < 1 || n > 8) {
                triage_error("--jobs takes a number from 1 to 8");
                return TRIAGE_USAGE;
            }
            jobs = (int)n;
        } else if (a[0] == '-' && a[1] != '\0') {
            triage_error("unknown option '%s' (try 'triage batch --help')", a);
            return TRIAGE_USAGE;
        } else if (path) {
            triage_error("batch takes one input file");
            return TRIAGE_USAGE;
        } else {
            path = a;
        }
    }

    if (text && batch_detail == ENGINE_DETAIL_SUMMARY) {
        triage_error("--detail summary is for JSON results, not --format text");
        return TRIAGE_USAGE;
    }
    int fd = 0;
    if (path && strcmp(path, "-") != 0) {
        fd = open(path, O_RDONLY);
        if (fd < 0) {
            triage_error("%s: %s", path, strerror(errno));
            return TRIAGE_USAGE;
        }
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            triage_error("%s: is a directory, not a file of cases", path);
            close(fd);
            return TRIAGE_USAGE;
        }
    }
    engine *e = triage_open_engine(&rd);
    if (!e) {
        if (fd != 0)
            close(fd);
        return TRIAGE_NO_RULES;
    }

    int any_failed = 0;
    progress *prog = progress_new("batch", "cases", progress_wanted(quiet));
    if (jobs > 1 && !text && !tdir) {
        char why[256];
        int rc = pool_run(e, fd, BATCH_MAX_LINE, jobs, eval_line, overlong_line, prog, why,
                          sizeof why);
        if (rc < 0 && why[0])
            triage_error("%s", why);
        any_failed = rc != 0;
    } else {
        any_failed = run_serial(e, fd, path, text, tdir, prog);
    }
    progress_end(prog);
    if (fd != 0)
        close(fd);
    if (startup_free_at_exit())
        engine_free(e);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        triage_error("cannot write the results: %s", strerror(errno));
        return TRIAGE_FAILED;
    }
    return any_failed ? TRIAGE_FAILED : TRIAGE_OK;
}
