/*
 * jsonpos.h — line numbers for JSON values. jansson parses and reports syntax
 * errors with a line, but keeps no positions for values; checkers that find a
 * semantic problem (a duplicate id in questions[7]) look the line up here.
 * Paths are JSON Pointers: "" is the root, "/questions/7/id" a member.
 */
#ifndef PRESCREEN_JSONPOS_H
#define PRESCREEN_JSONPOS_H

#include <stddef.h>

typedef struct jsonpos jsonpos;

/* Indexes text (need not be valid JSON: scanning stops at the first error). */
jsonpos *jsonpos_index(const char *text, size_t len);
/*
 * The line where the value at pointer starts; for a path not present, the
 * line of its nearest present ancestor; 1 at worst.
 */
int jsonpos_line(const jsonpos *p, const char *pointer);
void jsonpos_free(jsonpos *p);

#endif
