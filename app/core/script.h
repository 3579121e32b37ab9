/*
 * script.h — the headless script of SPEC §13: one command per line, '#'
 * comments, durations like 500ms / 90s / 2m. Parsing, and the loop that runs
 * a script (script_drive); each window (the kiosk's, the reviewer's) carries
 * the commands out against its own flow.
 */
#ifndef PRESCREEN_SCRIPT_H
#define PRESCREEN_SCRIPT_H

#include <stdbool.h>
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

/* The window a script drives. */
typedef struct {
	void *ctx;
	/* One command; 0, or -1 after printing "path:line: why" to stderr. */
	int (*run)(void *ctx, const script *s, const script_cmd *c);
	/* After each command: the flow's timers and what must settle (saves). */
	void (*after)(void *ctx);
	/* Builds and draws the frame. */
	void (*frame)(void *ctx);
	/* The window asked to end (SIGTERM, quit). */
	bool (*stopped)(void *ctx);
} script_host;

/*
 * Loads path (NULL: no commands) and runs it: a frame first, then each
 * command, after(), frame(). What a command typed is wiped once used, as a
 * keyboard's would be. With trace_path, each finished command's line number
 * is written and flushed there (the kill tests follow it). Returns the exit
 * status: 0, or 1 when the script did not load or a command failed.
 */
int script_drive(const char *path, const char *trace_path, const script_host *h);

#endif
