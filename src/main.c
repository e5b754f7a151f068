/* main.c: the triage command: dispatches to a subcommand and finds the rules. */
#include "datadir.h"
#include "engine.h"
#include "triage.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: triage [--help] [--version] [COMMAND] [ARGS]\n"
    "\n"
    "Rule-based triage of lower back pain: what to do, how urgently, and why.\n"
    "It is not a diagnosis. If you have numbness around the groin, lose control\n"
    "of your bladder or bowel, or a leg is getting weaker, call your emergency\n"
    "number (999 UK, 112 Europe, 911 US) now.\n"
    "\n"
    "Commands:\n"
    "  ask               the question-and-answer shell (the default)\n"
    "  audit TRANSCRIPT  show a recorded session's reasoning and replay it\n"
    "  batch [FILE|-]    triage cases (JSON lines) into results (JSON lines)\n"
    "  interview --case FILE\n"
    "                    play the interview with the answers of a case\n"
    "  explain --case FILE [ID | why-not ID]\n"
    "                    how a case's result was reached, or why not ID\n"
    "  graph [--case FILE]\n"
    "                    the knowledge base as a Graphviz DOT graph\n"
    "  lint              check the rule files (FILE:LINE: severity: message)\n"
    "  check-safety      prove a worrying answer never lowers the disposition\n"
    "  test [FILE|DIR]   run vignettes: answers with the result they must give\n"
    "  help [COMMAND]    show help for a command\n"
    "\n"
    "Every command takes --rules DIR (repeatable; later directories add to\n"
    "earlier ones) and --help. Without --rules the rules come from\n"
    "$TRIAGE_RULES, else ./rules beside the program, else " TRIAGE_DATADIR "/rules.\n"
    "\n"
    "Exit status: 0 ok, 1 a finding (a case in error, a counterexample), 2 usage\n"
    "error or unreadable input, 3 the rules failed to load or lint rejects them,\n"
    "4 incomplete (something left unchecked, a session unfinished).\n";

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    { "ask", shell_main },
    { "audit", audit_main },
    { "batch", batch_main },
    { "check-safety", safety_main },
    { "diff", diff_main },
    { "explain", explain_main },
    { "graph", graph_main },
    { "lint", lint_main },
    { "test", test_main },
    { "interview", interview_main },
};

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2 || (argv[1][0] == '-' && strcmp(argv[1], "--help") != 0 &&
                     strcmp(argv[1], "-h") != 0 && strcmp(argv[1], "--version") != 0))
        return shell_main(argc, argv);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage, stdout);
        return TRIAGE_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("triage %s\n", TRIAGE_VERSION);
        return TRIAGE_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            fputs(usage, stdout);
            return TRIAGE_OK;
        }
        const command *c = find_command(argv[2]);
        if (!c) {
            triage_error("no command '%s' (try 'triage --help')", argv[2]);
            return TRIAGE_USAGE;
        }
        char *help_argv[] = { argv[2], (char *)"--help", NULL };
        return c->run(2, help_argv);
    }
    const command *c = find_command(cmd);
    if (!c) {
        triage_error("no command '%s' (try 'triage --help')", cmd);
        return TRIAGE_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
