/*
 * flow_internal.h — the flow's state, shared by flow.c (transitions and
 * recording) and flow_view.c (what the screen shows, and when it next
 * changes). Not for use outside the flow.
 */
#ifndef PRESCREEN_FLOW_INTERNAL_H
#define PRESCREEN_FLOW_INTERNAL_H

#include "flow.h"

/* What is known of the question on screen that the record doesn't keep. */
typedef struct {
	int64_t shown_mono;
	int64_t last_input_mono;     /* -1 before the first input */
	int64_t prompt_ms;           /* time spent under the idle prompt */
} question_clock;

struct flow {
	const event_config *ev;
	const pack *pack;
	flow_clock clock;
	flow_sink sink;
	flow_translate translate;
	void *translate_ctx;

	flow_screen screen;
	uint64_t version;
	flow_notice notice;

	session_record session;
	bool stored;                 /* consent given: the store holds it */
	bool dirty;                  /* typed text not yet saved */
	int64_t dirty_since;

	textbuf answer;
	question_clock qclock;

	int field_count;
	textbuf fields[FLOW_MAX_FIELDS];
	int focus;

	int64_t last_activity;
	bool idle_prompt;
	int64_t prompt_since;
	int64_t screen_since;
};

static inline int64_t now_mono(const flow *f)
{
	return f->clock.mono_ms(f->clock.ctx);
}

/* Monotonic ms when the question on screen times out; FLOW_NO_DEADLINE without. */
int64_t flow_question_deadline(const flow *f);

#endif
