/*
 * review_ui.h — the reviewer's window as data, like ui_build for the kiosk:
 * from the review view (review_flow.h) and the rubric in the reviewer's
 * language, a frame of draw commands and named controls. The answer is laid
 * out in the candidate's language and direction; the rubric, numbers and
 * controls in the reviewer's, the whole layout mirrored for Arabic.
 */
#ifndef PRESCREEN_REVIEW_UI_H
#define PRESCREEN_REVIEW_UI_H

#include <stdbool.h>

#include "review_flow.h"
#include "ui.h"

typedef struct {
	const review_view *v;
	const char *lang;            /* the reviewer's UI language */
	/* The rubric in the reviewer's language (pack_text_get); NULL: not in the pack. */
	const char *question, *look_for, *red_flag, *anchor[3];
	/* A calibration sample: its answer and why, in the reviewer's language. */
	const char *sample_answer, *why;
	bool pack_fell_back;         /* the pack has no catalog in the reviewer's language */
	bool pack_missing;           /* no pack found for this session's pack hash */
	bool catalog_missing;        /* the UI's own catalog did not load */
	const char *message;         /* a problem to show (a bundle refused), or NULL */
	int scroll;                  /* first line of the answer shown */
} review_screen;

/*
 * Builds the frame; returns the largest useful scroll (lines of the answer
 * beyond the box), so the shell can clamp what the wheel and keys ask for.
 */
int review_ui_build(const review_screen *s, const ui_measure *m, int width, int height,
                    ui_frame *out);

#endif
