/* test_scan.c: the rule-text check that runs before CLIPS sees a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "scan.h"

static int scan(const char *text, scan_result *res)
{
    return scan_text(text, strlen(text), res);
}

static void test_accepts_the_three_constructs(void **state)
{
    (void)state;
    scan_result r;
    const char *text =
        "; comment with (system \"x\") inside\n"
        "(deftemplate t (slot a))\n"
        "(deffacts f (t (a \"a string with (eval \\\"x\\\") and ; semicolons\")))\n"
        "\n"
        "(defrule first \"doc\"\n"
        "   (logical (t (a ?x&:(> (str-length ?x) 0))))\n"
        "   =>\n"
        "   (assert (t (a \"y\"))))\n"
        "(defrule second (t (a ?x)) => )\n";
    assert_int_equal(scan(text, &r), 0);
    assert_int_equal(r.nrules, 2);
    assert_string_equal(r.rules[0].name, "first");
    assert_int_equal(r.rules[0].line, 5);
    assert_string_equal(r.rules[1].name, "second");
    assert_int_equal(r.rules[1].line, 9);
    scan_result_free(&r);
}

static void expect_error(const char *text, int line, const char *msg)
{
    scan_result r;
    assert_int_equal(scan(text, &r), -1);
    assert_int_equal(r.err_line, line);
    if (!strstr(r.err, msg))
        fail_msg("error \"%s\" lacks \"%s\"", r.err, msg);
    scan_result_free(&r);
}

static void test_refuses_other_constructs(void **state)
{
    (void)state;
    expect_error("\n(deffunction f () 1)", 2, "found 'deffunction'");
    expect_error("(defglobal ?*x* = 1)", 1, "found 'defglobal'");
    expect_error("(defmodule M)", 1, "found 'defmodule'");
    expect_error("(defclass C (is-a USER))", 1, "found 'defclass'");
    expect_error("(system \"ls\")", 1, "found 'system'");
}

static void test_refuses_denied_functions_anywhere(void **state)
{
    (void)state;
    expect_error("(defrule r (logical (a)) => (assert (b (x (eval \"(+ 1 2)\")))))", 1,
                 "function 'eval'");
    expect_error("(defrule r\n (logical (a ?x&:(eq (funcall sym-cat a) b)))\n => )", 2,
                 "function 'funcall'");
    expect_error("(deffacts f\n\n (a (b (open \"x\" y))))", 3, "function 'open'");
    expect_error("(defrule r (a) => (retract 1))", 1, "function 'retract'");
}

static void test_refuses_modules_nesting_and_bad_text(void **state)
{
    (void)state;
    expect_error("(defrule r (logical (::foo)) => )", 1, "module names");
    expect_error("(defrule r (logical (MAIN::a)) => )", 1, "module names");
    char deep[300] = "(deffacts f ";
    for (int i = 0; i < 70; i++)
        strcat(deep, "(");
    expect_error(deep, 1, "nesting deeper than 64");
    expect_error("(deftemplate t (slot a)))", 1, "unbalanced ')'");
    /* a missing ')' is reported where the unclosed form opened */
    expect_error("(deftemplate t\n (slot a)", 1, "the deftemplate that opens here is still open");
    expect_error("(defrule r \"d\"\n (logical\n  (answer (id a) (value yes))\n =>\n (assert (x)))",
                 2, "the condition that opens here is not closed before '=>' at line 4");
    expect_error("(defrule r \"d\"\n (logical (answer (id a)))\n =>\n (assert (x))\n\n"
                 "(defrule s \"d\" (logical (answer (id a))) => (assert (x)))",
                 1, "the defrule that opens here is not closed before the defrule at line 6");
    expect_error("(deffacts f (a \"never closed))", 1, "unterminated string");
    expect_error("stray (deftemplate t)", 1, "text outside a construct");
    static const char nul[] = "(deftemplate t)\0(system)";
    scan_result r;
    assert_int_equal(scan_text(nul, sizeof nul - 1, &r), -1);
    assert_non_null(strstr(r.err, "NUL"));
    scan_result_free(&r);
}

static void test_refuses_text_that_is_not_utf8(void **state)
{
    (void)state;
    scan_result r;
    assert_int_equal(scan("(deffacts f (t (a \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82\")))", &r), 0);
    scan_result_free(&r);
    expect_error("(deffacts f\n (t (a \"\xe9t\xe9\")))", 2, "not valid UTF-8");       /* Latin-1 */
    expect_error("(deffacts f (t (a \"\xc0\xaf\")))", 1, "not valid UTF-8");           /* overlong '/' */
    expect_error("(deffacts f (t (a \"\xed\xa0\x80\")))", 1, "not valid UTF-8");       /* surrogate */
    expect_error("(deffacts f (t (a \"\xf4\x90\x80\x80\")))", 1, "not valid UTF-8");  /* past U+10FFFF */
    expect_error("\n\n(deffacts f (t (a \"\xe2\x82", 3, "not valid UTF-8");           /* cut short */
}

static int has(char **list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

static void test_records_what_rules_use_and_conclude(void **state)
{
    (void)state;
    scan_result r;
    const char *text =
        "(defrule offer\n"
        "   (logical (contributor (id ?c&tight_hamstrings|pelvic_tilt))\n"
        "            (answer (id pain_location) (value $? lower_back $?))\n"
        "            (question (id ?q)))\n"
        "   =>\n"
        "   (assert (recommend (id walking) (because ?c)))\n"
        "   (assert (trigger (id ?q))))\n";
    assert_int_equal(scan(text, &r), 0);
    scan_rule *x = &r.rules[0];
    assert_int_equal(x->nuses, 4);
    assert_true(has(x->uses, x->nuses, "contributor:tight_hamstrings"));
    assert_true(has(x->uses, x->nuses, "contributor:pelvic_tilt"));
    assert_true(has(x->uses, x->nuses, "answer:pain_location"));
    assert_true(has(x->uses, x->nuses, "question:*"));
    assert_int_equal(x->nconcludes, 2);
    assert_true(has(x->concludes, x->nconcludes, "recommend:walking"));
    assert_true(has(x->concludes, x->nconcludes, "trigger:*"));
    assert_int_equal(x->answer_patterns, 1);
    assert_int_equal(x->nnegated, 0);
    scan_result_free(&r);

    /* negated uses, and answer patterns counted though named once */
    text = "(defrule absent \"d\"\n"
           "   (logical (answer (id ?a) (value yes)) (answer (id ?b) (value unknown))\n"
           "            (not (answer (id fever)))\n"
           "            (not (and (trigger (id ?t)) (trigger-def (id ?t))))\n"
           "            (forall (cause (id ?c)) (finding (id ?c))))\n"
           "   =>\n"
           "   (assert (assumption (id x))))\n";
    assert_int_equal(scan(text, &r), 0);
    x = &r.rules[0];
    assert_int_equal(x->answer_patterns, 3);
    assert_true(has(x->uses, x->nuses, "answer:*"));
    assert_true(has(x->negated, x->nnegated, "answer:fever"));
    assert_true(has(x->negated, x->nnegated, "trigger:*"));
    assert_true(has(x->negated, x->nnegated, "trigger-def:*"));
    assert_true(has(x->negated, x->nnegated, "cause:*"));
    assert_false(has(x->negated, x->nnegated, "answer:*"));
    scan_result_free(&r);
}

static void test_refuses_assert_without_logical(void **state)
{
    (void)state;
    expect_error("\n\n(defrule sticky (a) => (assert (b)))", 3,
                 "rule sticky asserts without logical support");
    /* every condition inside: a conclusion must not outlive any of them */
    expect_error("(defrule half \"d\" (logical (a))\n  (b) => (assert (c)))", 2,
                 "rule half asserts, but this condition is outside (logical ...)");
    expect_error("(defrule half (logical (a)) ?f <- (b) => (assert (c)))", 1, "outside (logical");
    expect_error("(defrule half (logical (a))\n (not (b)) => (assert (c)))", 2, "outside (logical");
    scan_result r;
    assert_int_equal(scan("(defrule whole \"d\" (declare (salience 5)) (logical (a) (not (b)) (test (> 1 0)))"
                          " => (assert (c)))\n(defrule reads-only (a) (b) => )", &r), 0);
    scan_result_free(&r);
}

/* The conditions a rule tests on answers, as explain and audit show them. */
static void expect_tests(const char *lhs, const char *const *want)
{
    char text[1024];
    snprintf(text, sizeof text, "(defrule r \"doc\"\n  (logical %s)\n  =>\n  (assert (t (id x))))\n",
             lhs);
    scan_result r;
    assert_int_equal(scan(text, &r), 0);
    assert_int_equal(r.nrules, 1);
    size_t n = 0;
    while (want[n])
        n++;
    for (size_t i = 0; i < r.rules[0].ntests && i < n; i++)
        if (strcmp(r.rules[0].tests[i], want[i]) != 0)
            fail_msg("%s: test %zu is \"%s\", not \"%s\"", lhs, i, r.rules[0].tests[i], want[i]);
    if (r.rules[0].ntests != n)
        fail_msg("%s: %zu tests, not %zu", lhs, r.rules[0].ntests, n);
    scan_result_free(&r);
}

static void test_renders_each_answer_test_as_written(void **state)
{
    (void)state;
    expect_tests("(answer (id pain_severity) (value ?p&:(>= ?p 7)))",
                 (const char *[]){ "pain_severity >= 7", NULL });
    expect_tests("(answer (id age) (value ?a&:(< 16 ?a)&:(<= ?a 45)))",
                 (const char *[]){ "age > 16 and age <= 45", NULL });
    expect_tests("(answer (id fever) (value yes)) (answer (id onset) (value sudden|gradual))",
                 (const char *[]){ "fever = yes", "onset = sudden or gradual", NULL });
    expect_tests("(answer (id fever) (value ~no))", (const char *[]){ "fever != no", NULL });
    expect_tests("(answer (id where) (value $? hip|groin $?))",
                 (const char *[]){ "where includes hip or groin", NULL });
    expect_tests("(not (answer (id tight) (value no))) (not (answer (id other)))",
                 (const char *[]){ "not tight = no", "other not answered", NULL });
    expect_tests("(not (answer (id tight) (value yes|no)))",
                 (const char *[]){ "not (tight = yes or no)", NULL });
    expect_tests("(answer (id s) (value unknown) (origin given))",
                 (const char *[]){ "s = unknown (given)", NULL });
    /* what these forms cannot say is shown as written */
    expect_tests("(answer (id p) (value ?v&:(member$ ?v (create$ a b))))",
                 (const char *[]){ "p matches (value ?v&:(member$ ?v (create$ a b)))", NULL });
    expect_tests("(answer (id where) (value lower_back knee))",
                 (const char *[]){ "where matches (value lower_back knee)", NULL });
    /* patterns on another template, or on a variable id, are no answer test */
    expect_tests("(contributor (id c)) (answer (id ?q) (value yes))", (const char *[]){ NULL });
}

static void test_keeps_each_condition_as_written(void **state)
{
    (void)state;
    scan_result r;
    const char *text = "(defrule r \"doc\" (declare (salience 5))\n"
                       "  (logical (answer (id age)   (value ?a&:(>= ?a 50)))  ; a comment\n"
                       "           (contributor (id c)))\n"
                       "  (t (id x))\n"
                       "  =>)\n";
    assert_int_equal(scan(text, &r), 0);
    assert_int_equal(r.rules[0].nconditions, 3);
    assert_string_equal(r.rules[0].conditions[0], "(answer (id age) (value ?a&:(>= ?a 50)))");
    assert_string_equal(r.rules[0].conditions[1], "(contributor (id c))");
    assert_string_equal(r.rules[0].conditions[2], "(t (id x))");
    scan_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_the_three_constructs),
        cmocka_unit_test(test_refuses_other_constructs),
        cmocka_unit_test(test_refuses_denied_functions_anywhere),
        cmocka_unit_test(test_refuses_modules_nesting_and_bad_text),
        cmocka_unit_test(test_refuses_text_that_is_not_utf8),
        cmocka_unit_test(test_refuses_assert_without_logical),
        cmocka_unit_test(test_records_what_rules_use_and_conclude),
        cmocka_unit_test(test_renders_each_answer_test_as_written),
        cmocka_unit_test(test_keeps_each_condition_as_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
