/* text.h: a result as text for a person: what to do first, why, the plan,
 * the cautions and when to seek help, wrapped to a width. */
#ifndef TRIAGE_TEXT_H
#define TRIAGE_TEXT_H

#include <jansson.h>
#include <stdio.h>

#include "engine.h"

/* Writes the result (or its error) to out, wrapped to width columns, with
 * the headings e's rules word (engine_wording()). */
void text_result(FILE *out, const engine *e, const json_t *res, int width);

/* Writes a heading after a blank line: words (the rules' wording, NULL when
 * they give none, then fallback) with a colon. */
void text_heading(FILE *out, const char *words, const char *fallback);

/* The width to wrap to: the terminal's when stdout is one, else $COLUMNS,
 * else 80; never below 40 or above 120. */
int text_width(void);

/* Writes text wrapped to width, the first line after `first` and the rest
 * indented by `indent` spaces. */
void text_wrap(FILE *out, const char *first, const char *text, int indent, int width);

#endif
