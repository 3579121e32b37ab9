/*
 * review_window.h — the reviewer's window (SPEC §9): the answers of the
 * loaded sessions beside the rubric, scored with keys 1–5, a note per
 * answer, blind by default, candidate by candidate or question by question.
 * Drawn with the kiosk's text engine; headless with a script for the tests.
 */
#ifndef PRESCREEN_REVIEW_WINDOW_H
#define PRESCREEN_REVIEW_WINDOW_H

#include <stdbool.h>

#include "review_load.h"

typedef struct {
	const char *lang;           /* the reviewer's UI language; NULL: from the environment */
	bool calibrate;             /* score the pack's calibration samples first */
	bool by_question;           /* start in question-by-question order */
	bool headless;
	const char *script_path;    /* --script (headless) */
	const char *shots_dir;      /* --shots */
	const char *trace_path;     /* --trace: script lines done, for kill tests */
	bool realtime;              /* --realtime: headless waits take real time too */
	bool list_controls;
	bool windowed;
	int width, height;          /* --size; 0: the screen's */
} review_window_options;

/* Runs the window until closed; returns the exit status (0, 1 bad input). */
int review_window_run(review_data *rd, const review_window_options *o);

#endif
