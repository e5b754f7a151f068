/* test_engine.c: the engine as a library: loading untrusted rule files,
 * answers as data, truth maintenance, derivations and the firing cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <limits.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "jbuf.h"
#include "strata.h"
#include "scan.h"

static char tmpdir[64];
static char sentinel[128];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/triage-test-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(sentinel, sizeof sentinel, "%s/SENTINEL", tmpdir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd);
}

static void write_overlay(const char *name, const char *text)
{
    char cmd[160], path[160];
    snprintf(cmd, sizeof cmd, "rm -f '%s'/*.clp", tmpdir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Loads the shipped rules with the overlay directory on top. */
static int load_with_overlay(engine *e)
{
    const char *dirs[] = { "rules", tmpdir };
    return engine_load(e, dirs, 2);
}

static engine *shipped(void)
{
    engine *e = engine_new();
    const char *dirs[] = { "rules" };
    assert_non_null(e);
    assert_int_equal(engine_load(e, dirs, 1), 0);
    return e;
}

static json_t *run_case(engine *e, const char *answers_json)
{
    json_error_t jerr;
    json_t *answers = json_loads(answers_json, 0, &jerr);
    assert_non_null(answers);
    assert_int_equal(engine_reset(e), 0);
    const char *k;
    json_t *v;
    json_object_foreach(answers, k, v)
        assert_int_equal(engine_answer(e, k, v), 0);
    json_decref(answers);
    assert_int_equal(engine_run(e), 0);
    json_t *res = engine_result(e);
    assert_non_null(res);
    return res;
}

static const char *disposition(const json_t *res)
{
    return json_string_value(json_object_get(res, "disposition"));
}

static int has_id(const json_t *arr, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const json_t *x = json_is_string(v) ? v : json_object_get(v, "id");
        if (strcmp(json_string_value(x), id) == 0)
            return 1;
    }
    return 0;
}

/* ---- loading ---------------------------------------------------------------- */

static void test_load_shipped_rules(void **state)
{
    (void)state;
    engine *e = shipped();
    assert_true(engine_rule_count(e) > 40);
    assert_int_equal(strlen(engine_rules_version(e)), 64);
    assert_true(engine_question_count(e) >= 41);
    const engine_question *q = engine_question_at(e, 0);
    assert_true(q->red_flag);
    assert_string_equal(q->id, "saddle_numbness");
    assert_string_equal(engine_question_at(e, 1)->id, "bladder_bowel_change");
    /* policy version 2: every red-flag question is asked before the rest */
    assert_int_equal(engine_policy_version(e), 2);
    int seen_other = 0;
    for (size_t i = 0; i < engine_question_count(e); i++) {
        const engine_question *x = engine_question_at(e, i);
        if (x->red_flag && seen_other)
            fail_msg("red-flag question %s comes after a question that is not", x->id);
        seen_other |= !x->red_flag;
    }
    const engine_question *ww = engine_question_find(e, "weakness_worsening");
    assert_non_null(ww);
    assert_string_equal(ww->relevant_if, "leg_weakness");
    assert_true(ww->unknown_means_yes);
    engine_free(e);
}

static void test_parse_error_names_file_and_line(void **state)
{
    (void)state;
    write_overlay("90-broken.clp",
                  "; a comment\n"
                  "(defrule broken\n"
                  "   (logical (answer (id fever) (value yes)))\n"
                  "   =>\n"
                  "   (assert (trigger (idd spinal_infection))))\n");
    engine *e = engine_new();
    assert_int_equal(load_with_overlay(e), -1);
    const char *msg = engine_errmsg(e);
    assert_non_null(strstr(msg, "90-broken.clp:5:"));
    assert_non_null(strstr(msg, "idd"));
    assert_int_equal(engine_rule_count(e), 0);
    engine_free(e);
}

static void test_unbalanced_text_names_line(void **state)
{
    (void)state;
    write_overlay("90-open.clp", "(deftemplate ok (slot a))\n\n(defrule r\n  (logical (ok))\n  =>\n");
    engine *e = engine_new();
    assert_int_equal(load_with_overlay(e), -1);
    assert_non_null(strstr(engine_errmsg(e), "90-open.clp:"));
    assert_non_null(strstr(engine_errmsg(e), "a ')' is missing"));
    engine_free(e);
}

/* What lint reads of a file: its rules and definitions with their lines,
 * what a rule uses and concludes; a refused text, why and where. */
static void test_source_reads_a_file_on_its_own(void **state)
{
    (void)state;
    static const char text[] =
        "(deffacts d\n"
        "   (question (id fever) (type yesno)))\n"
        "\n"
        "(defrule r \"Fever. Source: x\"\n"
        "   (logical (answer (id fever) (value yes)))\n"
        "   =>\n"
        "   (assert (trigger (id spinal_infection))))\n";
    engine_source *src = engine_source_new(text, sizeof text - 1);
    assert_non_null(src);
    int line = -1;
    assert_string_equal(engine_source_errmsg(src, &line), "");
    assert_int_equal(line, 0);
    assert_int_equal(engine_source_def_count(src), 1);
    assert_string_equal(engine_source_def_at(src, 0)->ref, "question:fever");
    assert_int_equal(engine_source_def_at(src, 0)->line, 2);
    assert_int_equal(engine_source_rule_count(src), 1);
    const engine_source_rule *r = engine_source_rule_at(src, 0);
    assert_string_equal(r->name, "r");
    assert_int_equal(r->line, 4);
    assert_int_equal(r->nuses, 1);
    assert_string_equal(r->uses[0], "answer:fever");
    assert_int_equal(r->nconcludes, 1);
    assert_string_equal(r->concludes[0], "trigger:spinal_infection");
    assert_null(engine_source_rule_at(src, 1));
    engine_source_free(src);

    static const char bad[] = "(defrule r\n  (logical (ok))\n  =>\n  (system \"ls\"))\n";
    src = engine_source_new(bad, sizeof bad - 1);
    assert_non_null(src);
    assert_true(strlen(engine_source_errmsg(src, &line)) > 0);
    assert_int_equal(line, 4);
    assert_int_equal(engine_source_rule_count(src), 0);
    engine_source_free(src);
    engine_source_free(NULL);
}

static void test_failed_load_leaves_no_rules(void **state)
{
    (void)state;
    /* a good rule first, then a broken one, in the same file */
    write_overlay("90-mixed.clp",
                  "(defrule good (logical (answer (id fever) (value no))) => (assert (trigger (id spinal_infection))))\n"
                  "(defrule bad (logical (answer (id fever))) => (assert (nosuch (a 1))))\n");
    engine *e = shipped();
    assert_int_equal(load_with_overlay(e), -1);
    assert_int_equal(engine_rule_count(e), 0);
    assert_int_equal(engine_question_count(e), 0);
    assert_int_equal(engine_reset(e), -1);
    assert_int_equal(engine_run(e), -1);
    engine_free(e);
}

static void test_every_denied_function_is_refused(void **state)
{
    (void)state;
    for (size_t i = 0; scan_denied_functions[i]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "(deftemplate probe (slot x))\n"
                 "(defrule probe-rule\n"
                 "   (logical (answer (id fever) (value yes)))\n"
                 "   =>\n"
                 "   (assert (probe (x (%s \"%s\")))))\n",
                 scan_denied_functions[i], sentinel);
        write_overlay("90-deny.clp", text);
        engine *e = engine_new();
        assert_int_equal(load_with_overlay(e), -1);
        char want[128];
        snprintf(want, sizeof want, "90-deny.clp:5: function '%s' is not allowed",
                 scan_denied_functions[i]);
        if (!strstr(engine_errmsg(e), want))
            fail_msg("%s: got \"%s\"", scan_denied_functions[i], engine_errmsg(e));
        assert_int_equal(engine_rule_count(e), 0);
        engine_free(e);
        assert_int_equal(access(sentinel, F_OK), -1);
    }
}

static void test_denied_in_deffacts_is_refused(void **state)
{
    (void)state;
    char text[256];
    snprintf(text, sizeof text, "(deffacts sneak\n  (notice (id x) (text (system \"touch %s\"))))\n",
             sentinel);
    write_overlay("90-facts.clp", text);
    engine *e = engine_new();
    assert_int_equal(load_with_overlay(e), -1);
    assert_non_null(strstr(engine_errmsg(e), "90-facts.clp:2: function 'system'"));
    engine_free(e);
    assert_int_equal(access(sentinel, F_OK), -1);
}

static void test_known_crashers_are_refused(void **state)
{
    (void)state;
    static const char *const crashers[] = {
        "(defrule r (logical (::foo)) => (assert (trigger (id x))))\n",
        "(defrule r (logical (answer (id age) (value ?a))) => (assert (notice (id x) (text (format nil \"%250s\" ?a)))))\n",
        "(defrule r (logical (answer (id age) (value ?a))) => (assert (notice (id x) (text (format nil \"%.99999f\" 1.0)))))\n",
        "(deffunction f (?n) (f (+ ?n 1)))\n",
        "(defmodule M (export ?ALL))\n",
        "(defglobal ?*x* = (system \"true\"))\n",
        "(defrule r (logical (answer (id age))) => (while TRUE (assert (trigger (id x)))))\n",
    };
    for (size_t i = 0; i < sizeof crashers / sizeof *crashers; i++) {
        write_overlay("90-crash.clp", crashers[i]);
        engine *e = engine_new();
        assert_int_equal(load_with_overlay(e), -1);
        assert_non_null(strstr(engine_errmsg(e), "90-crash.clp:1:"));
        engine_free(e);
    }
    /* nesting deep enough to exhaust a recursive parser */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 64);
    assert_non_null(deep);
    char *p = deep + sprintf(deep, "(deffacts d ");
    for (size_t i = 0; i < depth; i++)
        *p++ = '(';
    for (size_t i = 0; i < depth; i++)
        *p++ = ')';
    strcpy(p, ")\n");
    write_overlay("90-deep.clp", deep);
    free(deep);
    engine *e = engine_new();
    assert_int_equal(load_with_overlay(e), -1);
    assert_non_null(strstr(engine_errmsg(e), "nesting deeper"));
    engine_free(e);
}

static void test_assert_without_logical_is_refused(void **state)
{
    (void)state;
    write_overlay("90-nolog.clp",
                  "\n(defrule sticky (answer (id fever) (value yes)) => (assert (trigger (id spinal_infection))))\n");
    engine *e = engine_new();
    assert_int_equal(load_with_overlay(e), -1);
    assert_non_null(strstr(engine_errmsg(e), "90-nolog.clp:2: rule sticky asserts without logical"));
    engine_free(e);
}

static void test_rules_version_tracks_content(void **state)
{
    (void)state;
    write_overlay("90-extra.clp", "(deftemplate extra (slot a))\n");
    engine *e = engine_new();
    assert_int_equal(load_with_overlay(e), 0);
    char v1[65];
    strcpy(v1, engine_rules_version(e));
    write_overlay("90-extra.clp", "(deftemplate extra (slot b))\n");
    assert_int_equal(load_with_overlay(e), 0);
    assert_string_not_equal(v1, engine_rules_version(e));
    const char *dirs[] = { "rules" };
    assert_int_equal(engine_load(e, dirs, 1), 0);
    assert_string_not_equal(v1, engine_rules_version(e));
    size_t nclp = 0;
    DIR *d = opendir("rules");
    assert_non_null(d);
    for (struct dirent *de; (de = readdir(d)) != NULL;)
        nclp += strlen(de->d_name) > 4 && !strcmp(de->d_name + strlen(de->d_name) - 4, ".clp");
    closedir(d);
    assert_int_equal(engine_file_count(e), nclp);
    assert_int_equal(strlen(engine_file_sha256(e, 0)), 64);
    engine_free(e);
}

/* ---- compiled images ----------------------------------------------------------- */

static void same_list(const char *const *a, size_t na, const char *const *b, size_t nb)
{
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++)
        assert_string_equal(a[i], b[i]);
}

/* Loads the shipped rules with images kept in dir; says whether it used one. */
static engine *load_imaged(const char *dir, int *from_image)
{
    engine *e = engine_new();
    const char *dirs[] = { "rules" };
    assert_int_equal(engine_set_image_dir(e, dir), 0);
    assert_int_equal(engine_load(e, dirs, 1), 0);
    *from_image = engine_loaded_image(e);
    return e;
}

static char *result_of(engine *e, const char *answers)
{
    json_t *res = run_case(e, answers);
    char *text = json_dumps(res, JSON_COMPACT);
    json_decref(res);
    return text;
}

static void test_image_is_the_same_rules(void **state)
{
    (void)state;
    char dir[160], path[256], cmd[512];
    snprintf(dir, sizeof dir, "%s/cache/triage", tmpdir);
    int img;
    engine *parsed = load_imaged(dir, &img);
    assert_false(img);
    engine *loaded = load_imaged(dir, &img);
    assert_true(img);

    assert_string_equal(engine_rules_version(parsed), engine_rules_version(loaded));
    assert_int_equal(engine_rule_count(parsed), engine_rule_count(loaded));
    for (size_t i = 0; i < engine_rule_count(parsed); i++) {
        const engine_rule *a = engine_rule_at(parsed, i), *b = engine_rule_at(loaded, i);
        assert_string_equal(a->name, b->name);
        assert_string_equal(a->file, b->file);
        assert_int_equal(a->line, b->line);
        assert_string_equal(a->says, b->says);
        assert_string_equal(a->source, b->source);
        assert_int_equal(a->salience, b->salience);
        same_list(a->uses, a->nuses, b->uses, b->nuses);
        same_list(a->concludes, a->nconcludes, b->concludes, b->nconcludes);
        same_list(a->thresholds, a->nthresholds, b->thresholds, b->nthresholds);
        same_list(a->values, a->nvalues, b->values, b->nvalues);
        same_list(a->comparisons, a->ncomparisons, b->comparisons, b->ncomparisons);
    }
    static const char *const cases[] = {
        "{\"saddle_numbness\": \"yes\"}",
        "{\"fever\": \"unknown\", \"hamstring_tightness\": \"yes\", \"age\": 70}",
        "{\"hamstring_tightness\": \"yes\", \"pain_location\": [\"lower_back\", \"buttock\"],"
        " \"pregnant\": \"yes\", \"sex\": \"female\", \"weak_core\": \"yes\"}",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *x = result_of(parsed, cases[i]), *y = result_of(loaded, cases[i]);
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
    engine_free(loaded);

    /* a damaged image is not used: the rules are parsed again */
    snprintf(path, sizeof path, "%s/%s.img", dir, engine_rules_version(parsed));
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, -100, SEEK_END);
    fputc('#', f);
    fclose(f);
    loaded = load_imaged(dir, &img);
    assert_false(img);
    char *x = result_of(parsed, "{\"fever\": \"yes\"}"), *y = result_of(loaded, "{\"fever\": \"yes\"}");
    assert_string_equal(x, y);
    free(x);
    free(y);
    engine_free(loaded);
    loaded = load_imaged(dir, &img);   /* which saved a good one again */
    assert_true(img);
    engine_free(loaded);

    /* an image others may write is not trusted */
    snprintf(cmd, sizeof cmd, "chmod g+w '%s'", path);
    assert_int_equal(system(cmd), 0);
    loaded = load_imaged(dir, &img);
    assert_false(img);
    engine_free(loaded);
    snprintf(cmd, sizeof cmd, "chmod g-w '%s' && chmod o+w '%s'", path, dir);
    assert_int_equal(system(cmd), 0);
    loaded = load_imaged(dir, &img);
    assert_false(img);
    engine_free(loaded);
    engine_free(parsed);
}

/* ---- answers ------------------------------------------------------------------ */

static void test_answers_are_validated_and_never_code(void **state)
{
    (void)state;
    engine *e = shipped();
    assert_int_equal(engine_reset(e), 0);
    static const char *const evil[] = {
        "\"sudden) (assert (trigger (id cauda_equina)))\"",
        "\"yes\\\" ) (system \\\"touch x\\\")\"",
        "[\"lower_back) (assert (trigger (id cauda_equina))\"]",
    };
    const char *ids[] = { "pain_onset", "fever", "pain_location" };
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_loads(evil[i], JSON_DECODE_ANY, NULL);
        assert_non_null(v);
        assert_int_equal(engine_answer(e, ids[i], v), -1);
        assert_true(strlen(engine_errmsg(e)) > 0);
        assert_null(engine_answer_value(e, ids[i]));
        json_decref(v);
    }
    json_t *one = json_integer(1);
    assert_int_equal(engine_answer(e, "age) (assert (trigger (id cauda_equina))", one), -1);
    assert_non_null(strstr(engine_errmsg(e), "unknown question id"));
    json_decref(one);
    assert_int_equal(engine_run(e), 0);
    json_t *res = engine_result(e);
    assert_string_equal(disposition(res), "self_care");
    assert_int_equal(json_array_size(json_object_get(res, "triggers")), 0);
    json_decref(res);
    engine_free(e);
}

static void test_bad_answer_keeps_the_previous_one(void **state)
{
    (void)state;
    engine *e = shipped();
    assert_int_equal(engine_reset(e), 0);
    json_t *v = json_integer(40), *bad = json_integer(400);
    assert_int_equal(engine_answer(e, "age", v), 0);
    assert_int_equal(engine_answer(e, "age", bad), -1);
    assert_non_null(strstr(engine_errmsg(e), "out of range"));
    assert_true(json_equal(engine_answer_value(e, "age"), v));
    json_decref(v);
    json_decref(bad);
    engine_free(e);
}

/* ---- truth maintenance --------------------------------------------------------- */

static void test_changing_an_answer_retracts_conclusions(void **state)
{
    (void)state;
    engine *e = shipped();
    json_t *res = run_case(e, "{\"saddle_numbness\": \"yes\", \"hamstring_tightness\": \"yes\","
                              " \"pain_location\": [\"lower_back\"]}");
    assert_string_equal(disposition(res), "emergency");
    assert_true(has_id(json_object_get(res, "contributors"), "pelvic_tilt"));
    json_decref(res);

    json_t *no = json_string("no");
    assert_int_equal(engine_answer(e, "saddle_numbness", no), 0);
    assert_int_equal(engine_answer(e, "hamstring_tightness", no), 0);
    json_decref(no);
    assert_null(engine_result(e)); /* no run since the change */
    assert_int_equal(engine_run(e), 0);
    res = engine_result(e);
    assert_string_equal(disposition(res), "self_care");
    assert_false(has_id(json_object_get(res, "triggers"), "cauda_equina"));
    assert_false(has_id(json_object_get(res, "contributors"), "tight_hamstrings"));
    assert_false(has_id(json_object_get(res, "contributors"), "pelvic_tilt"));
    assert_true(json_array_size(json_object_get(res, "recommendations")) > 0);
    char *dump = json_dumps(json_object_get(res, "explanation"), 0);
    assert_null(strstr(dump, "cauda_equina"));
    assert_null(strstr(dump, "pelvic_tilt"));
    free(dump);
    json_decref(res);

    assert_int_equal(engine_unanswer(e, "pain_location"), 0);
    assert_int_equal(engine_run(e), 0);
    res = engine_result(e);
    assert_false(has_id(json_object_get(res, "recommendations"), "heat_or_cold"));
    json_decref(res);
    engine_free(e);
}

static void test_explanation_reaches_the_answers(void **state)
{
    (void)state;
    engine *e = shipped();
    json_t *res = run_case(e, "{\"saddle_numbness\": \"unknown\"}");
    json_t *steps = json_object_get(res, "explanation");
    const json_t *assume = NULL, *flag = NULL;
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        const char *rule = json_string_value(json_object_get(s, "rule"));
        if (strcmp(rule, "unknown-taken-as-yes") == 0)
            assume = s;
        if (strcmp(rule, "red-flag-saddle-numbness") == 0)
            flag = s;
    }
    assert_non_null(assume);
    assert_non_null(flag);
    assert_string_equal(json_string_value(json_array_get(json_object_get(assume, "used"), 0)),
                        "answer: saddle_numbness = unknown");
    assert_true(has_id(json_object_get(assume, "concluded"), "answer: saddle_numbness = yes (assumed)"));
    assert_string_equal(json_string_value(json_array_get(json_object_get(flag, "used"), 0)),
                        "answer: saddle_numbness = yes (assumed)");
    assert_string_equal(json_string_value(json_array_get(json_object_get(flag, "concluded"), 0)),
                        "trigger: cauda_equina");
    assert_non_null(strstr(json_string_value(json_object_get(flag, "source")), "NICE"));
    assert_string_equal(json_string_value(json_object_get(flag, "file")), "30-red-flags.clp");
    assert_true(json_integer_value(json_object_get(flag, "line")) > 0);
    json_decref(res);
    engine_free(e);
}

static void test_new_rule_is_explained_without_boilerplate(void **state)
{
    (void)state;
    write_overlay("90-new-flag.clp",
                  "(deffacts new-flag (trigger-def (id test_flag) (disposition urgent) (kind red-flag)\n"
                  "   (says \"a test flag\") (safety-net \"the test applies\") (source \"test\")))\n"
                  "(defrule test-flag \"A test red flag. Source: test suite\"\n"
                  "   (logical (answer (id morning_stiffness) (value yes)))\n"
                  "   =>\n"
                  "   (assert (trigger (id test_flag))))\n");
    engine *e = engine_new();
    assert_int_equal(load_with_overlay(e), 0);
    json_t *res = run_case(e, "{\"morning_stiffness\": \"yes\"}");
    assert_string_equal(disposition(res), "urgent");
    size_t i;
    json_t *s;
    int found = 0;
    json_array_foreach(json_object_get(res, "explanation"), i, s) {
        if (strcmp(json_string_value(json_object_get(s, "rule")), "test-flag") == 0) {
            found = 1;
            assert_string_equal(json_string_value(json_object_get(s, "source")), "test suite");
            assert_string_equal(json_string_value(json_object_get(s, "says")), "A test red flag");
            assert_int_equal(json_integer_value(json_object_get(s, "line")), 3);
        }
    }
    assert_true(found);
    json_decref(res);
    res = run_case(e, "{}");
    char *dump = json_dumps(json_object_get(res, "safety_net"), 0);
    assert_non_null(strstr(dump, "the test applies"));
    free(dump);
    json_decref(res);
    engine_free(e);
}

static void test_rule_text_comes_through_the_result_exactly(void **state)
{
    (void)state;
    write_overlay("90-text.clp",
                  "(deffacts odd-text (trigger-def (id odd_flag) (disposition urgent) (kind red-flag)\n"
                  "   (says \"say \\\"stop\\\" \\\\ now\ttab\nline caf\xc3\xa9\")\n"
                  "   (safety-net \"x\") (source \"test\")))\n"
                  "(defrule odd-flag \"A \\\"quoted\\\" rule. Source: test\"\n"
                  "   (logical (answer (id morning_stiffness) (value yes)))\n"
                  "   =>\n"
                  "   (assert (trigger (id odd_flag))))\n");
    engine *e = engine_new();
    assert_int_equal(load_with_overlay(e), 0);
    json_t *res = run_case(e, "{\"morning_stiffness\": \"yes\"}");
    size_t i;
    json_t *r;
    int found = 0;
    json_array_foreach(json_object_get(res, "reasons"), i, r)
        if (strcmp(json_string_value(json_object_get(r, "trigger")), "odd_flag") == 0) {
            assert_string_equal(json_string_value(json_object_get(r, "says")),
                                "say \"stop\" \\ now\ttab\nline caf\xc3\xa9");
            found = 1;
        }
    assert_true(found);
    json_decref(res);
    const char *text = engine_result_text(e, "\"case \\\"1\\\"\"", NULL);
    assert_non_null(text);
    assert_null(strchr(text, '\t'));
    assert_null(strchr(text, '\n'));
    json_error_t jerr;
    json_t *back = json_loads(text, 0, &jerr);
    assert_non_null(back);
    assert_string_equal(json_string_value(json_object_get(back, "id")), "case \"1\"");
    json_decref(back);
    engine_free(e);
}

/* Probes id with the JSON value, expects the answer, and checks that the
 * result is still the text given. */
static void probe_leaves(engine *e, const char *id, const char *value, int expect,
                         int expect_quiet, const char *result)
{
    json_t *v = json_loads(value, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    int quiet;
    assert_int_equal(engine_probe(e, id, v, &quiet), expect);
    if (expect_quiet >= 0)
        assert_int_equal(quiet, expect_quiet);
    json_decref(v);
    json_t *now = engine_result(e);
    assert_non_null(now);
    char *text = json_dumps(now, JSON_COMPACT);
    if (strcmp(text, result) != 0)
        fail_msg("probing %s = %s changed the result", id, value);
    free(text);
    json_decref(now);
}

static void test_probe_tells_change_and_leaves_the_run_as_it_was(void **state)
{
    (void)state;
    engine *e = shipped();
    json_t *before = run_case(e, "{\"age\": 30, \"hamstring_tightness\": \"no\"}");
    char *r = json_dumps(before, JSON_COMPACT);
    /* saddle numbness is a red flag; with no tight hamstrings, their causes
     * change nothing; a not-sure red flag is an assumption, not a change */
    probe_leaves(e, "saddle_numbness", "\"yes\"", 1, 0, r);
    probe_leaves(e, "saddle_numbness", "\"no\"", 0, -1, r);
    probe_leaves(e, "saddle_numbness", "\"unknown\"", 1, 0, r);   /* taken as yes */
    probe_leaves(e, "fever", "\"no\"", 0, -1, r);
    probe_leaves(e, "tight_clothing_or_footwear", "\"yes\"", 0, 1, r);
    probe_leaves(e, "tight_clothing_or_footwear", "\"unknown\"", 0, 1, r);
    probe_leaves(e, "age", "12", 1, 0, r);   /* under 16: replaces an answer */
    probe_leaves(e, "age", "31", 0, 0, r);   /* an answer replaced is never quiet */
    probe_leaves(e, "hamstring_tightness", "\"yes\"", 1, 0, r);
    json_t *yes = json_string("yes");
    assert_int_equal(engine_probe(e, "no_such_question", yes, NULL), -1);
    json_decref(yes);
    assert_int_equal(json_integer_value(engine_answer_value(e, "age")), 30);
    assert_null(engine_answer_value(e, "saddle_numbness"));
    free(r);
    json_decref(before);
    engine_free(e);
}

/* ---- running ------------------------------------------------------------------- */

static void test_firing_cap_stops_a_loop(void **state)
{
    (void)state;
    write_overlay("90-loop.clp",
                  "(deftemplate counter (slot n))\n"
                  "(defrule count-start (logical (answer (id fever) (value yes))) => (assert (counter (n 0))))\n"
                  "(defrule count-up (logical (counter (n ?n))) => (assert (counter (n (+ ?n 1)))))\n");
    engine *e = engine_new();
    assert_int_equal(load_with_overlay(e), 0);
    engine_set_max_firings(e, 5000);
    assert_int_equal(engine_reset(e), 0);
    json_t *yes = json_string("yes");
    assert_int_equal(engine_answer(e, "fever", yes), 0);
    json_decref(yes);
    assert_int_equal(engine_run(e), -1);
    assert_non_null(strstr(engine_errmsg(e), "may loop"));
    assert_null(engine_result(e));
    /* the engine is still usable */
    json_t *res = run_case(e, "{\"fever\": \"no\"}");
    assert_string_equal(disposition(res), "self_care");
    json_decref(res);
    engine_free(e);
}

static void test_runtime_error_is_reported(void **state)
{
    (void)state;
    write_overlay("90-error.clp",
                  "(defrule bad-maths (logical (answer (id pain_onset) (value ?v)))\n"
                  "   => (assert (finding (id x) (cf (+ ?v 1.0)))))\n");
    engine *e = engine_new();
    assert_int_equal(load_with_overlay(e), 0);
    assert_int_equal(engine_reset(e), 0);
    json_t *v = json_string("sudden");
    assert_int_equal(engine_answer(e, "pain_onset", v), 0);
    json_decref(v);
    assert_int_equal(engine_run(e), -1);
    assert_non_null(strstr(engine_errmsg(e), "a rule failed while running"));
    engine_free(e);
}

static void test_undefined_trigger_is_an_error_not_silence(void **state)
{
    (void)state;
    write_overlay("90-undef.clp",
                  "(defrule typo (logical (answer (id fever) (value yes))) => (assert (trigger (id spinal_infektion))))\n");
    engine *e = engine_new();
    assert_int_equal(load_with_overlay(e), 0);
    assert_int_equal(engine_reset(e), 0);
    json_t *v = json_string("yes");
    assert_int_equal(engine_answer(e, "fever", v), 0);
    json_decref(v);
    assert_int_equal(engine_run(e), 0);
    assert_null(engine_result(e));
    assert_non_null(strstr(engine_errmsg(e), "spinal_infektion"));
    engine_free(e);
}

static void test_free_null_is_a_no_op(void **state)
{
    (void)state;
    engine_free(NULL);
    assert_string_equal(engine_errmsg(NULL), "");
}

/* The reference: jbuf_str's contract, one byte at a time. */
static void escape_slowly(const char *s, char *out)
{
    char *o = out;
    *o++ = '"';
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            o += sprintf(o, "\\%c", *c);
        else if (*c == '\n')
            o += sprintf(o, "\\n");
        else if (*c == '\t')
            o += sprintf(o, "\\t");
        else if (*c == '\r')
            o += sprintf(o, "\\r");
        else if (*c == '\b')
            o += sprintf(o, "\\b");
        else if (*c == '\f')
            o += sprintf(o, "\\f");
        else if (*c < 0x20)
            o += sprintf(o, "\\u%04x", *c);
        else
            *o++ = (char)*c;
    }
    *o++ = '"';
    *o = '\0';
}

/* Strings of every length to 40 with a character JSON escapes (or a UTF-8
 * sequence) at every place, as the explanation's names and rule texts are. */
static void test_json_text_escapes_every_place(void **state)
{
    (void)state;
    static const char *const specials[] = { "\"", "\\", "\n", "\x01", "\x1f", "\t", "\xc3\xa9",
                                            "\xe2\x80\x94", " ", "~", "\x7f" };
    char s[64], want[64 * 6 + 3];
    for (size_t len = 0; len <= 40; len++)
        for (size_t at = 0; at <= len; at++)
            for (size_t k = 0; k < sizeof specials / sizeof *specials; k++) {
                memset(s, 'a' + (int)(len % 26), len);
                s[len] = '\0';
                size_t sl = strlen(specials[k]);
                if (at + sl > len)
                    continue;
                memcpy(s + at, specials[k], sl);
                jbuf b = { 0 };
                jbuf_raw(&b, "[", 1);
                jbuf_str(&b, s);
                escape_slowly(s, want);
                assert_string_equal(jbuf_text(&b) + 1, want);
                jbuf_raw(&b, "]", 1);
                json_t *back = json_loads(jbuf_text(&b), 0, NULL);
                assert_non_null(back);
                assert_string_equal(json_string_value(json_array_get(back, 0)), s);
                json_decref(back);
                jbuf_free(&b);
            }
    static const long long ints[] = { 0, 7, -7, 10, -10, 1234567890123LL, LLONG_MAX, LLONG_MIN };
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        char num[32];
        snprintf(num, sizeof num, "%lld", ints[i]);
        jbuf b = { 0 };
        jbuf_int(&b, ints[i]);
        assert_string_equal(jbuf_text(&b), num);
        jbuf_free(&b);
    }
}

/* A rule for strata_check(): uses (those starting with '!' are negated) and
 * conclusions, up to four each. */
typedef struct mini_rule {
    const char *uses[4], *negated[4], *concludes[4];
} mini_rule;

static engine_rule make_rule(mini_rule *m, const char *const *uses, const char *const *concludes)
{
    engine_rule r = { .name = "r", .file = "f.clp" };
    size_t nu = 0, nn = 0, nc = 0;
    for (; uses[nu]; nu++) {
        m->uses[nu] = uses[nu][0] == '!' ? uses[nu] + 1 : uses[nu];
        if (uses[nu][0] == '!')
            m->negated[nn++] = m->uses[nu];
    }
    for (; concludes[nc]; nc++)
        m->concludes[nc] = concludes[nc];
    r.uses = m->uses;
    r.nuses = nu;
    r.negated = m->negated;
    r.nnegated = nn;
    r.concludes = m->concludes;
    r.nconcludes = nc;
    return r;
}

/* Negation must be stratified: a conclusion may not depend, through a not,
 * on itself; positive cycles and negations outside cycles are fine. */
static void test_negation_cycles_are_found(void **state)
{
    (void)state;
    mini_rule minis[6];
    engine_rule rules[6];
    unsigned char bad[6];
    /* a chain with a negation that is not on a cycle, and a positive cycle */
    rules[0] = make_rule(&minis[0], (const char *const[]){ "answer:x", NULL },
                         (const char *const[]){ "finding:a", NULL });
    rules[1] = make_rule(&minis[1], (const char *const[]){ "answer:x", "!finding:a", NULL },
                         (const char *const[]){ "finding:b", NULL });
    rules[2] = make_rule(&minis[2], (const char *const[]){ "finding:b", NULL },
                         (const char *const[]){ "finding:c", NULL });
    rules[3] = make_rule(&minis[3], (const char *const[]){ "finding:c", NULL },
                         (const char *const[]){ "finding:b", NULL });
    assert_int_equal(strata_check(rules, 4, bad), 0);
    /* two findings, each concluded when the other is absent */
    rules[4] = make_rule(&minis[4], (const char *const[]){ "!finding:b", NULL },
                         (const char *const[]){ "finding:a", NULL });
    assert_int_equal(strata_check(rules, 5, bad), 2);
    assert_true(bad[1] && bad[4]);
    assert_false(bad[0] || bad[2] || bad[3]);
    /* a rule that concludes what it needs absent */
    rules[0] = make_rule(&minis[0], (const char *const[]){ "answer:x", "!caution:c", NULL },
                         (const char *const[]){ "caution:c", NULL });
    assert_int_equal(strata_check(rules, 1, bad), 1);
    /* a variable id ("*") in a conclusion or a negated use meets every id */
    rules[0] = make_rule(&minis[0], (const char *const[]){ "finding:y", NULL },
                         (const char *const[]){ "finding:*", NULL });
    rules[1] = make_rule(&minis[1], (const char *const[]){ "!finding:x", NULL },
                         (const char *const[]){ "finding:y", NULL });
    assert_int_equal(strata_check(rules, 2, bad), 1);
    assert_true(bad[1]);
    rules[0] = make_rule(&minis[0], (const char *const[]){ "!contributor:*", NULL },
                         (const char *const[]){ "finding:z", NULL });
    rules[1] = make_rule(&minis[1], (const char *const[]){ "finding:z", NULL },
                         (const char *const[]){ "contributor:c", NULL });
    assert_int_equal(strata_check(rules, 2, bad), 1);
    assert_true(bad[0]);
    /* the same with another template's conclusion: no cycle */
    rules[1] = make_rule(&minis[1], (const char *const[]){ "finding:z", NULL },
                         (const char *const[]){ "cause:c", NULL });
    assert_int_equal(strata_check(rules, 2, bad), 0);
}

/* The engine refuses such rules, naming file and line, rather than give
 * answers that depend on the order rules fire in. */
static void test_negation_cycle_is_refused_on_load(void **state)
{
    (void)state;
    const char *dirs[] = { "rules", "tests/lint/negation-cycle" };
    engine *e = engine_new();
    assert_int_equal(engine_load(e, dirs, 2), -1);
    assert_non_null(strstr(engine_errmsg(e), "tests/lint/negation-cycle/90-cycle.clp:3: rule "
                                             "fatigue-unless-strain is on a cycle through a negation"));
    assert_int_equal(engine_rule_count(e), 0);
    engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_shipped_rules),
        cmocka_unit_test(test_parse_error_names_file_and_line),
        cmocka_unit_test(test_unbalanced_text_names_line),
        cmocka_unit_test(test_failed_load_leaves_no_rules),
        cmocka_unit_test(test_every_denied_function_is_refused),
        cmocka_unit_test(test_denied_in_deffacts_is_refused),
        cmocka_unit_test(test_known_crashers_are_refused),
        cmocka_unit_test(test_assert_without_logical_is_refused),
        cmocka_unit_test(test_rules_version_tracks_content),
        cmocka_unit_test(test_image_is_the_same_rules),
        cmocka_unit_test(test_probe_tells_change_and_leaves_the_run_as_it_was),
        cmocka_unit_test(test_answers_are_validated_and_never_code),
        cmocka_unit_test(test_bad_answer_keeps_the_previous_one),
        cmocka_unit_test(test_changing_an_answer_retracts_conclusions),
        cmocka_unit_test(test_explanation_reaches_the_answers),
        cmocka_unit_test(test_new_rule_is_explained_without_boilerplate),
        cmocka_unit_test(test_rule_text_comes_through_the_result_exactly),
        cmocka_unit_test(test_firing_cap_stops_a_loop),
        cmocka_unit_test(test_runtime_error_is_reported),
        cmocka_unit_test(test_undefined_trigger_is_an_error_not_silence),
        cmocka_unit_test(test_json_text_escapes_every_place),
        cmocka_unit_test(test_negation_cycles_are_found),
        cmocka_unit_test(test_negation_cycle_is_refused_on_load),
        cmocka_unit_test(test_free_null_is_a_no_op),
        cmocka_unit_test(test_source_reads_a_file_on_its_own),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
