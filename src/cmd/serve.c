/* serve.c: `triage serve`: the API of src/api.c and the web page over HTTP,
 * with libmicrohttpd. A pool of threads, each with its own engine (a CLIPS
 * environment is never used by two threads at once); the rules are loaded
 * at start (one engine per thread, by the main thread), SIGHUP loads them
 * again (the old ones stay if the new ones fail), SIGTERM stops taking connections, lets the requests under way
 * finish, and exits 0. One JSON line per request on stderr: method, path,
 * status, microseconds; never an answer. */
#include "api.h"
#include "cli.h"
#include "engine.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <dlfcn.h>
#include <microhttpd.h>

/* libmicrohttpd is loaded when triage serve starts, not linked: linked, it
 * and the GnuTLS it brings (eleven shared libraries) were mapped and
 * relocated at the start of every command, which made `triage --version`
 * take 13 ms of processor time instead of 3.5. */
#define MHD_LIBRARY "libmicrohttpd.so.12"

static struct {
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
    __typeof__(MHD_destroy_response) *destroy_response;
    __typeof__(MHD_get_daemon_info) *get_daemon_info;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_quiesce_daemon) *quiesce_daemon;
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
} mhd;

/* Loads libmicrohttpd's functions. Returns 0, or -1 after printing why. */
static int mhd_load(void)
{
    void *h = dlopen(MHD_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        triage_error("triage serve needs %s (Debian: apt-get install libmicrohttpd12): %s",
                     MHD_LIBRARY, dlerror());
        return -1;
    }
    struct { void **fn; const char *name; } want[] = {
        { (void **)&mhd.add_response_header, "MHD_add_response_header" },
        { (void **)&mhd.create_response_from_buffer, "MHD_create_response_from_buffer" },
        { (void **)&mhd.destroy_response, "MHD_destroy_response" },
        { (void **)&mhd.get_daemon_info, "MHD_get_daemon_info" },
        { (void **)&mhd.lookup_connection_value, "MHD_lookup_connection_value" },
        { (void **)&mhd.queue_response, "MHD_queue_response" },
        { (void **)&mhd.quiesce_daemon, "MHD_quiesce_daemon" },
        { (void **)&mhd.start_daemon, "MHD_start_daemon" },
        { (void **)&mhd.stop_daemon, "MHD_stop_daemon" },
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!(*want[i].fn = dlsym(h, want[i].name))) {
            triage_error("%s lacks %s", MHD_LIBRARY, want[i].name);
            return -1;
        }
    return 0;
}

#define MHD_add_response_header (*mhd.add_response_header)
#define MHD_create_response_from_buffer (*mhd.create_response_from_buffer)
#define MHD_destroy_response (*mhd.destroy_response)
#define MHD_get_daemon_info (*mhd.get_daemon_info)
#define MHD_lookup_connection_value (*mhd.lookup_connection_value)
#define MHD_queue_response (*mhd.queue_response)
#define MHD_quiesce_daemon (*mhd.quiesce_daemon)
#define MHD_start_daemon (*mhd.start_daemon)
#define MHD_stop_daemon (*mhd.stop_daemon)

static const char serve_usage[] =
    "usage: triage serve [--listen ADDR:PORT] [--threads N] [--allow-origin ORIGIN]\n"
    "                    [--rules DIR]...\n"
    "\n"
    "Serves the triage API and the web page over HTTP (see docs/api.md):\n"
    "  POST /v1/triage        a case; the result as triage batch writes it\n"
    "  POST /v1/next          the answers so far; the next step or the result\n"
    "  POST /v1/explain       how a case's result was reached, or why not\n"
    "  GET  /v1/questions, /v1/questionnaire (FHIR R4), /v1/version, /healthz\n"
    "  GET  /                 the interview as a web page\n"
    "The server keeps no session: every request carries all it needs.\n"
    "\n"
    "  --listen ADDR:PORT   where to listen (default 127.0.0.1:8080); a non-loopback\n"
    "                       address is used only when given here\n"
    "  --threads N          worker threads, each with its own engine (default: 2 per\n"
    "                       processor, at most 32)\n"
    "  --allow-origin ORIGIN  answer cross-origin requests from ORIGIN (default: none)\n"
    "\n"
    "Bodies over 64 KiB are refused (413), bodies sent as anything but JSON too\n"
    "(415); a connection idle for 15 s is closed, and so is one whose body takes\n"
    "over 30 s to arrive; connections are limited in all and per address.\n"
    "SIGHUP reloads the rules (keeping the old ones if the new ones fail),\n"
    "SIGTERM or SIGINT drains and exits 0.\n"
    "\n"
    "Exit status: 0 stopped by a signal, 2 usage error or the address cannot be\n"
    "used, 3 the rules failed to load or lint rejects them.\n";

#define CONNECTION_LIMIT 900
#define PER_ADDRESS_LIMIT 200
#define CONNECTION_TIMEOUT 15      /* seconds a connection may sit idle */
#define BODY_SECONDS 30            /* a body dripped in slower is dropped */
#define DRAIN_SECONDS 10

typedef struct server {
    const char *dirs[16];
    size_t ndirs;
    const char *origin;           /* --allow-origin, or NULL */
    long long body_us;            /* how long a body may take after its headers */
    atomic_uint generation;       /* bumped when a new set of engines is ready */
} server;

static server srv;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

/* The rules are read from disk by the main thread only, at start and on
 * SIGHUP: it loads one engine per worker thread (all with the same
 * rules_version, or none is used) and leaves them here; each worker takes
 * one on its next request. So every worker answers from the rules that were
 * checked, never from files changed on disk since, and a worker that had not
 * yet served keeps working when a reload fails. */
static engine *ready[32];         /* engines of the newest generation not yet taken */
static size_t nready;

/* Each worker thread's engine and api; freed when the thread ends. */
typedef struct worker {
    engine *e;
    api *a;
    unsigned generation;
} worker;

static pthread_key_t worker_key;
static pthread_once_t worker_once = PTHREAD_ONCE_INIT;

static void worker_free(void *p)
{
    worker *w = p;
    api_free(w->a);
    pthread_mutex_lock(&load_lock);   /* CLIPS environments come and go one at a time */
    engine_free(w->e);
    pthread_mutex_unlock(&load_lock);
    free(w);
}

static void worker_key_make(void)
{
    pthread_key_create(&worker_key, worker_free);
}

/* This thread's api, on the newest engines when one is ready; NULL when it
 * has none. */
static api *worker_api(void)
{
    pthread_once(&worker_once, worker_key_make);
    worker *w = pthread_getspecific(worker_key);
    if (!w) {
        if (!(w = calloc(1, sizeof *w)) || pthread_setspecific(worker_key, w) != 0) {
            free(w);
            return NULL;
        }
    }
    unsigned g = atomic_load(&srv.generation);
    if (w->a && w->generation == g)
        return w->a;
    pthread_mutex_lock(&load_lock);
    engine *e = nready ? ready[--nready] : NULL;
    pthread_mutex_unlock(&load_lock);
    api *a = e ? api_new(e) : NULL;
    if (!a) {
        pthread_mutex_lock(&load_lock);
        engine_free(e);
        pthread_mutex_unlock(&load_lock);
        return w->a;   /* keep the rules this worker had */
    }
    if (w->a) {
        api_free(w->a);
        pthread_mutex_lock(&load_lock);
        engine_free(w->e);
        pthread_mutex_unlock(&load_lock);
    }
    w->e = e;
    w->a = a;
    w->generation = g;
    return a;
}

/* Loads n engines from the rule files as they are now and makes them the
 * newest generation. 0, or -1 (the old ones stay) when one fails to load or
 * the files changed between two loads. */
static int load_engines(size_t n, const char *prefix)
{
    engine *fresh[32];
    size_t k = 0;
    int ok = 1;
    pthread_mutex_lock(&load_lock);   /* creating CLIPS environments is not thread-safe */
    for (; k < n && ok; k++) {
        fresh[k] = triage_load_checked(srv.dirs, srv.ndirs, stderr, prefix);
        ok = fresh[k] && (k == 0 || !strcmp(engine_rules_version(fresh[k]),
                                            engine_rules_version(fresh[0])));
        if (fresh[k] && !ok)
            fprintf(stderr, "%sthe rule files changed while they were read\n", prefix);
    }
    if (ok) {
        while (nready)
            engine_free(ready[--nready]);   /* a generation no worker took */
        memcpy(ready, fresh, n * sizeof *fresh);
        nready = n;
    } else {
        for (size_t i = 0; i < k; i++)
            engine_free(fresh[i]);
    }
    pthread_mutex_unlock(&load_lock);
    if (ok)
        atomic_fetch_add(&srv.generation, 1);
    return ok ? 0 : -1;
}

/* A request's state between the calls libmicrohttpd makes for it. */
typedef struct request {
    struct timespec start;
    char *body;
    size_t len, cap;
    int too_large;
    int status;
    char method[8];
    char path[128];
} request;

static long long micros_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)(now.tv_sec - t->tv_sec) * 1000000 + (now.tv_nsec - t->tv_nsec) / 1000;
}

/* Writes a JSON string (a method or a path, never an answer) escaped. */
static void log_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", (unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    request *rq = *con_cls;
    if (!rq)
        return;
    flockfile(stderr);
    fputs("{\"method\":", stderr);
    log_string(stderr, rq->method);
    fputs(",\"path\":", stderr);
    log_string(stderr, rq->path);
    fprintf(stderr, ",\"status\":%d,\"us\":%lld%s}\n", rq->status, micros_since(&rq->start),
            why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : ",\"aborted\":true");
    funlockfile(stderr);
    free(rq->body);
    free(rq);
    *con_cls = NULL;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, request *rq, const api_reply *r)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        r->len, r->body, r->fixed ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", r->type);
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (srv.origin) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", srv.origin);
        MHD_add_response_header(resp, "Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        MHD_add_response_header(resp, "Access-Control-Allow-Headers", "Content-Type");
        MHD_add_response_header(resp, "Vary", "Origin");
    }
    rq->status = r->status;
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Whether a request's Content-Type is JSON (application/json or a +json
 * type, any parameters); a missing one is taken as JSON. */
static int is_json_type(const char *type)
{
    if (!type)
        return 1;
    size_t n = strcspn(type, "; \t");
    static const char plain[] = "application/json", suffix[] = "+json";
    return (n == sizeof plain - 1 && !strncasecmp(type, plain, n)) ||
           (n > sizeof suffix - 1 && !strncasecmp(type + n - (sizeof suffix - 1), suffix,
                                                  sizeof suffix - 1) &&
            !strncasecmp(type, "application/", 12));
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    request *rq = *con_cls;
    if (!rq) {
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &rq->start);
        snprintf(rq->method, sizeof rq->method, "%s", method);
        snprintf(rq->path, sizeof rq->path, "%s", url);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        rq->too_large = cl && strtoull(cl, NULL, 10) > API_MAX_BODY;
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (micros_since(&rq->start) > srv.body_us) {
            rq->status = 408;   /* logged, and the connection closed */
            return MHD_NO;
        }
        if (rq->too_large || rq->len + n > API_MAX_BODY) {
            rq->too_large = 1;   /* the rest is read and dropped, never kept */
            return MHD_YES;
        }
        if (rq->len + n > rq->cap) {
            size_t cap = rq->cap ? rq->cap : 4096;
            while (cap < rq->len + n)
                cap *= 2;
            char *p = realloc(rq->body, cap);
            if (!p)
                return MHD_NO;
            rq->body = p;
            rq->cap = cap;
        }
        memcpy(rq->body + rq->len, upload, n);
        rq->len += n;
        return MHD_YES;
    }
    api_reply r = { 0 };
    if (!strcmp(method, "OPTIONS") && srv.origin) {
        r.status = 204;
        r.type = "text/plain";
        r.body = (char *)"";
        r.fixed = 1;
        return send_reply(c, rq, &r);
    }
    if (rq->too_large) {
        static const char big[] = "{\"error\":{\"status\":413,\"message\":\"the body is larger than 64 KiB\"}}";
        r.status = 413;
        r.type = "application/json";
        r.body = (char *)big;
        r.len = sizeof big - 1;
        r.fixed = 1;
        return send_reply(c, rq, &r);
    }
    if (!strcmp(method, "POST") && !is_json_type(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                                         "Content-Type"))) {
        /* a form or text/plain body is not taken: nor can a page on another
         * site post one here without asking first (CORS preflight) */
        static const char wrong[] = "{\"error\":{\"status\":415,\"message\":\"send the body as "
                                    "Content-Type: application/json\"}}";
        r.status = 415;
        r.type = "application/json";
        r.body = (char *)wrong;
        r.len = sizeof wrong - 1;
        r.fixed = 1;
        return send_reply(c, rq, &r);
    }
    char path[1024];
    snprintf(path, sizeof path, "%s", url);
    const char *detail = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "detail");
    if (detail) {
        size_t n = strlen(path);
        snprintf(path + n, sizeof path - n, "?detail=%s", detail);
    }
    api *a = worker_api();
    if (!a) {
        static const char down[] = "{\"error\":{\"status\":503,\"message\":\"the rules are not loaded\"}}";
        r.status = 503;
        r.type = "application/json";
        r.body = (char *)down;
        r.len = sizeof down - 1;
        r.fixed = 1;
        return send_reply(c, rq, &r);
    }
    api_handle(a, method, path, rq->body ? rq->body : "", rq->len, &r);
    enum MHD_Result ret = send_reply(c, rq, &r);
    api_reply_free(&r);
    return ret;
}

/* Parses ADDR:PORT (an IPv4 address); 0 or -1. */
static int parse_listen(const char *s, struct sockaddr_in *sa)
{
    char host[64];
    const char *colon = strrchr(s, ':');
    if (!colon || (size_t)(colon - s) >= sizeof host)
        return -1;
    snprintf(host, sizeof host, "%.*s", (int)(colon - s), s);
    char *end;
    long port = strtol(colon + 1, &end, 10);
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((unsigned short)port);
    if (*end || port < 1 || port > 65535 || inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return -1;
    return 0;
}

static unsigned long current_connections(struct MHD_Daemon *d)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info ? info->num_connections : 0;
}

int serve_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    const char *listen = "127.0.0.1:8080", *origin = NULL;
    long threads = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(serve_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else if (triage_option(argc, argv, &i, "--listen", &v)) {
            if (!v)
                return TRIAGE_USAGE;
            listen = v;
        } else if (triage_option(argc, argv, &i, "--allow-origin", &v)) {
            if (!v)
                return TRIAGE_USAGE;
            origin = v;
        } else if (triage_option(argc, argv, &i, "--threads", &v)) {
            char *end;
            threads = v ? strtol(v, &end, 10) : 0;
            if (!v || *end || threads < 1 || threads > 32) {
                triage_error("--threads needs a whole number from 1 to 32");
                return TRIAGE_USAGE;
            }
        } else {
            triage_error("unknown argument '%s' (try 'triage serve --help')", a);
            return TRIAGE_USAGE;
        }
    }
    struct sockaddr_in sa;
    if (parse_listen(listen, &sa) != 0) {
        triage_error("--listen needs an IPv4 address and a port, as 127.0.0.1:8080 (got '%s')",
                     listen);
        return TRIAGE_USAGE;
    }
    if (!threads) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? (2 * cpus > 32 ? 32 : 2 * cpus) : 2;
    }
    srv.ndirs = triage_resolve_dirs(&rd, srv.dirs, 16);
    srv.origin = origin;
    /* the rules must load before anything listens */
    if (load_engines((size_t)threads, "") != 0)
        return TRIAGE_NO_RULES;

    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGHUP);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);   /* the workers inherit the mask */
    signal(SIGPIPE, SIG_IGN);

    if (mhd_load() != 0)
        return TRIAGE_FAILED;
    const char *body_env = getenv("TRIAGE_TEST_BODY_SECONDS");   /* tests: a shorter wait */
    srv.body_us = (body_env && atoll(body_env) > 0 ? atoll(body_env) : BODY_SECONDS) * 1000000LL;
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
            MHD_USE_ERROR_LOG,
        0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)CONNECTION_LIMIT, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)PER_ADDRESS_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024), MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, MHD_OPTION_END);
    if (!d) {
        triage_error("cannot listen on %s: %s", listen, strerror(errno));
        return TRIAGE_USAGE;
    }
    fprintf(stderr, "triage serve: listening on http://%s/ with %ld threads\n", listen, threads);
    for (;;) {
        int sig;
        if (sigwait(&sigs, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            if (load_engines((size_t)threads, "triage serve: ") == 0) {
                fprintf(stderr, "triage serve: rules reloaded\n");
            } else {
                fprintf(stderr, "triage serve: the new rules did not load; the old ones stay\n");
            }
            continue;
        }
        break;
    }
    fprintf(stderr, "triage serve: stopping: no new connections, finishing the requests under way\n");
    MHD_quiesce_daemon(d);
    for (int i = 0; i < DRAIN_SECONDS * 10 && current_connections(d) > 0; i++) {
        struct timespec ts = { 0, 100 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);   /* joins the workers, which free their engines */
    while (nready)
        engine_free(ready[--nready]);
    return TRIAGE_OK;
}
