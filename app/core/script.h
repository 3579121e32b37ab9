/*
 * script.h — the headless script of SPEC §13: one command per line, '#'
 * comments, durations like 500ms / 90s / 2m. Parsing only; the kiosk shell
 * carries the commands out against the real flow.
 */
#ifndef PRESCREEN_SCRIPT_H
#define PRESCREEN_SCRIPT_H

#include <stdint.h>

#include "diag.h"

typedef enum {
	SCRIPT_PRESS,
	SCRIPT_TEXT,
	SCRIPT_COMPOSE,
	SCRIPT_KEY,
	SCRIPT_WAIT,
	SCRIPT_SHOT,
	SCRIPT_EXPECT_SCREEN,
	SCRIPT_EXPECT_TEXT,     /* beyond SPEC §13: a line of text on screen contains this */
} script_kind;

typedef struct {
	script_kind kind;
	int line;
	char *arg;          /* id, text, key name, shot or screen name */
	int64_t ms;         /* wait */
} script_cmd;

typedef struct {
	char path[512];
	int count;
	script_cmd *cmds;
} script;

/* Parses a whole script; every problem goes to d as "path:line: ...". */
int script_load(const char *path, script *out, diag_list *d);
/* Parses from memory (fuzzing, tests); path only names it in messages. */
int script_parse(const char *path, const char *text, size_t len, script *out, diag_list *d);
void script_free(script *s);
/* "500ms", "90s", "2m", "1.5s" -> ms; -1 when malformed. */
int64_t script_duration(const char *text);

#endif
