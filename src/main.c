/* main.c: the triage command: dispatches to a subcommand and finds the rules. */
#include "datadir.h"
#include "engine.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct command {
    const char *name;
    const char *args;       /* what follows the name in the usage, "" when nothing */
    const char *summary;
    int (*run)(int argc, char **argv);
} command;

static int help_main(int argc, char **argv);

/* Every command, in the order --help lists them; the usage is written from it. */
static const command commands[] = {
    { "ask", "", "the question-and-answer shell (the default)", shell_main },
    { "batch", "[FILE|-]", "triage cases (JSON lines) into results (JSON lines)", batch_main },
    { "interview", "--case FILE", "play the interview with the answers of a case", interview_main },
    { "explain", "--case FILE [ID | why-not ID]", "how a case's result was reached, or why not ID",
      explain_main },
    { "audit", "TRANSCRIPT", "a recorded session's results, reasoning and replay", audit_main },
    { "graph", "[--case FILE [--all]]", "the knowledge base, or what a case reached, as DOT",
      graph_main },
    { "lint", "", "check the rule files (FILE:LINE: severity: message)", lint_main },
    { "test", "[FILE|DIR]...", "run vignettes: answers with the result they must give", test_main },
    { "check-safety", "", "prove a worrying answer never lowers the disposition", safety_main },
    { "diff", "--old DIR...", "how a rule change moves a whole set of cases", diff_main },
    { "serve", "[--listen ADDR:PORT]", "the API and the web page over HTTP", serve_main },
    { "help", "[COMMAND]", "show help for a command", help_main },
};

static void usage(FILE *out)
{
    fputs("usage: triage [--help] [--version] [COMMAND] [ARGS]\n"
          "\n"
          "Rule-based triage of lower back pain: what to do, how urgently, and why.\n"
          "It is not a diagnosis. If you have numbness around the groin, lose control\n"
          "of your bladder or bowel, or a leg is getting weaker, call your emergency\n"
          "number (999 UK, 112 Europe, 911 US) now.\n"
          "\n"
          "Commands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        char head[96];
        snprintf(head, sizeof head, "%s%s%s", commands[i].name, *commands[i].args ? " " : "",
                 commands[i].args);
        if (strlen(head) < 18)
            fprintf(out, "  %-18s%s\n", head, commands[i].summary);
        else
            fprintf(out, "  %s\n  %-18s%s\n", head, "", commands[i].summary);
    }
    fputs("\n"
          "Every command but help takes --rules DIR (repeatable; later directories\n"
          "add to earlier ones) and --help. Without --rules the rules come from\n"
          "$TRIAGE_RULES, else ./rules beside the program, else\n"
          "  " TRIAGE_DATADIR "/rules, then the overlay\n"
          "  " TRIAGE_OVERLAYDIR " when it exists.\n"
          "Every command that loads rules refuses rules that triage lint rejects.\n"
          "\n"
          "Exit status: 0 ok, 1 a finding (a case in error, a counterexample), 2 usage\n"
          "error or unreadable input, 3 the rules failed to load or lint rejects them,\n"
          "4 incomplete (something left unchecked, a session unfinished).\n", out);
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* triage help [COMMAND]: the usage, or that command's --help. */
static int help_main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return TRIAGE_OK;
    }
    const command *c = find_command(argv[1]);
    if (!c) {
        triage_error("no command '%s' (try 'triage --help')", argv[1]);
        return TRIAGE_USAGE;
    }
    char *help_argv[] = { argv[1], (char *)"--help", NULL };
    return c->run(2, help_argv);
}

int main(int argc, char **argv)
{
    if (argc < 2 || (argv[1][0] == '-' && strcmp(argv[1], "--help") != 0 &&
                     strcmp(argv[1], "-h") != 0 && strcmp(argv[1], "--version") != 0))
        return shell_main(argc, argv);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return TRIAGE_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("triage %s\n", TRIAGE_VERSION);
        return TRIAGE_OK;
    }
    const command *c = find_command(cmd);
    if (!c) {
        triage_error("no command '%s' (try 'triage --help')", cmd);
        return TRIAGE_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
