/* cli.h: what the triage program's commands share: exit codes, options,
 * where the rules come from and loading them (through lint's checks), case
 * files, and the error line every command prints. The commands themselves
 * are in src/cmd/, one file each. */
#ifndef TRIAGE_CLI_H
#define TRIAGE_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "util.h"
#include "version.h"


typedef enum {
    TRIAGE_OK = 0,       /* every case evaluated */
    TRIAGE_FAILED = 1,   /* a case or answer failed */
    TRIAGE_USAGE = 2,    /* bad command line */
    TRIAGE_NO_RULES = 3, /* the rules failed to load (or lint rejects them) */
    TRIAGE_INCOMPLETE = 4 /* something left unchecked, a session unfinished */
} triage_exit;

typedef struct engine engine;

/* Rules directories given with --rules, collected while parsing options. */
typedef struct rules_dirs {
    const char *dirs[16];
    size_t n;
    int bad;            /* a --rules option was malformed (and said so) */
} rules_dirs;

/* Adds one --rules DIR; returns -1 (after printing why) when too many. */
int rules_dirs_add(rules_dirs *rd, const char *dir);

/* Whether argv[*i] is the option name ("--name VALUE" or "--name=VALUE").
 * When it is, *i moves past it and *value is its value, or NULL (after
 * printing "NAME needs a value") when there is none. */
int triage_option(int argc, char **argv, int *i, const char *name, const char **value);

/* Whether argv[*i] is --rules DIR; when it is, adds DIR to rd, or sets
 * rd->bad after printing why it cannot. */
int triage_rules_option(int argc, char **argv, int *i, rules_dirs *rd);

/* The rules directories to load, as triage_open_engine() chooses them, into
 * dirs (at most max; the strings stay valid until the next call). */
size_t triage_resolve_dirs(const rules_dirs *rd, const char **dirs, size_t max);

/* Where compiled rule images are kept (see engine_set_image_dir()):
 * $TRIAGE_CACHE_DIR when set (empty: none), else $XDG_CACHE_HOME/triage, else
 * $HOME/.cache/triage; NULL when there is none. Borrowed, static. */
const char *triage_image_dir(void);

/* Creates an engine, loads the rules of dirs (from a compiled image when
 * there is one) and runs lint's checks on them: returns NULL, after printing
 * each error to err as prefix "FILE:LINE: error: message", when they fail to
 * load or lint finds an error (warnings do not block). */
engine *triage_load_checked(const char *const *dirs, size_t n, FILE *err, const char *prefix);

/* Creates an engine and loads the rules (from a compiled image in
 * triage_image_dir() when there is one for the same files): the --rules directories if any, else
 * $TRIAGE_RULES (colon-separated), else ./rules beside the binary, else the
 * installed data directory followed by the overlay directory when that
 * exists, with triage_load_checked(). Prints the errors on
 * stderr and returns NULL when they fail to load or lint rejects them. */
engine *triage_open_engine(const rules_dirs *rd);

/* The one case of a case file (its first, when it holds several), or NULL
 * after printing why not. New ref. */
json_t *cli_read_case(const char *path);

/* Appends to files the path, when it is a file, or the vignette and case
 * files (.vignette, .txt, .jsonl) of the directory it names, sorted; -1
 * after printing why when it cannot be read. */
int cli_collect_cases(const char *path, json_t *files);

/* Evaluates case c on e and returns its result, or NULL after printing why
 * the case cannot be evaluated. New ref. */
json_t *cli_evaluate(engine *e, const json_t *c);

/* Prints "triage: error: " and the message on stderr. */
void triage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The subcommands. argv[0] is the subcommand's name. */
int batch_main(int argc, char **argv);
int shell_main(int argc, char **argv);

/* Runs the shell on the loaded engine *e, reading from in (a terminal gets
 * line editing; anything else one answer a line), with the rules directories
 * for reload and an optional transcript path; safe turns off save and reload.
 * The engine stays the caller's; reload replaces *e (freeing the old one).
 * Returns an exit code. */
int shell_run(engine **e, const char *const *dirs, size_t ndirs, FILE *in,
              const char *transcript_path, int safe);
int interview_main(int argc, char **argv);
int audit_main(int argc, char **argv);
int explain_main(int argc, char **argv);
int graph_main(int argc, char **argv);
int test_main(int argc, char **argv);
int lint_main(int argc, char **argv);
int safety_main(int argc, char **argv);
int diff_main(int argc, char **argv);
int serve_main(int argc, char **argv);

#endif
