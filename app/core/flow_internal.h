/*
 * flow_internal.h — the flow's state, shared by its parts: flow.c
 * (transitions and controls), flow_input.c (typing and its recording),
 * flow_save.c (handing the session to the store and waiting for it) and
 * flow_view.c (what the screen shows, and when it next changes). Not for use
 * outside the flow.
 */
#ifndef PRESCREEN_FLOW_INTERNAL_H
#define PRESCREEN_FLOW_INTERNAL_H

#include "flow.h"

#define FLOW_RETRY_FIRST_MS 1000  /* a refused write is tried again after 1 s, */
#define FLOW_RETRY_MAX_MS 30000   /* then 2 s, 4 s ... and never less often than this */
#define FLOW_FIELD_LIMIT 200      /* clusters in a name or contact field */

/* What is known of the question on screen that the record doesn't keep. */
typedef struct {
	int64_t shown_mono;
	int64_t last_input_mono;     /* -1 before the first input */
	int64_t prompt_ms;           /* time spent under the idle prompt */
} question_clock;

/* The move a commit point makes once its save is on disk. */
typedef enum {
	ACT_NONE,
	ACT_IDENTITY,                /* consent given: who are you */
	ACT_QUESTIONS,               /* identity given: the practice or first question */
	ACT_NEXT,                    /* an answer submitted: the next question */
	ACT_DONE,                    /* the last answer submitted: thank you */
	ACT_RESET,                   /* abandoned or interrupted: back to attract */
	ACT_HOLD,                    /* the kiosk is stopping: nothing moves on */
} flow_action;

/* A write the store refused, tried again later and later. */
typedef struct {
	int64_t at;                  /* monotonic ms of the next attempt */
	int64_t ms;                  /* the wait that led to it; 0 = nothing to retry */
} flow_retry;

struct flow {
	const event_config *ev;
	const pack *pack;
	flow_clock clock;
	flow_sink sink;
	flow_translate translate;
	void *translate_ctx;
	char consent_version[16];    /* label-texthash, stored with each session */

	flow_screen screen;
	uint64_t version;
	flow_notice notice;
	flow_dialog dialog;
	int64_t dialog_since;

	session_record session;
	bool stored;                 /* consent given: the store holds it */
	bool dirty;                  /* typed text not yet saved */
	int64_t dirty_since;

	textbuf answer;              /* on the practice screen too: wiped when left */
	int practice_words;          /* the practice answer's word count, never recorded */
	question_clock qclock;
	int extra_time;              /* percent granted to the next session (100 = none) */

	uint64_t compose_resets;      /* see flow_compose_resets() */

	int field_count;
	textbuf fields[FLOW_MAX_FIELDS];
	int focus;

	/* Typing since the screen appeared disarms the double-tap guard: events
	 * are ordered by a count, for a script types in the same millisecond. */
	uint64_t seq, shown_seq, typed_seq;
	int64_t last_activity;
	bool idle_prompt;
	int64_t prompt_since;
	int64_t screen_since;
	int attract_language;        /* index the attract screen showed when left */
	int64_t shown_tick;          /* the whole second (or cycle) last shown */

	/* The save protocol (flow_save.c). Revisions grow over the flow's life,
	 * so that a late report about an earlier candidate is recognised. */
	int64_t rev;                 /* the last revision handed to the sink */
	int64_t first_rev;           /* this session's revisions are above this */
	int64_t saved_rev;           /* the highest one known to be on disk */
	flow_action pending;         /* waits for pending_rev to be on disk */
	int64_t pending_rev;
	int64_t failed_rev;          /* the save whose failure is outstanding */
	flow_retry retry;
	char erase_id[SESSION_ID_LEN + 1];   /* a Stop and delete the store refused */
	flow_retry erase_retry;
};

static inline int64_t now_mono(const flow *f)
{
	return f->clock.mono_ms(f->clock.ctx);
}

static inline int64_t now_wall(const flow *f)
{
	return f->clock.wall_ms(f->clock.ctx);
}

static inline void flow_changed(flow *f)
{
	f->version++;
}

/* Input waits: a commit point is not on disk yet. */
static inline bool flow_held(const flow *f)
{
	return f->pending != ACT_NONE;
}

/* flow.c */
void flow_show(flow *f, flow_screen s);
void flow_reset(flow *f);
void flow_perform(flow *f, flow_action act);
/* Copies what was typed into the record, so a save carries it. */
void flow_sync(flow *f);
void flow_submit_identity(flow *f);

/* flow_input.c */
textbuf *flow_focused(flow *f);
void flow_note_activity(flow *f);
/* Keeps a composition in progress as typed text (it was shown, so it counts). */
void flow_commit_compose(flow *f);
/* Moves the identity focus, keeping what was being composed in the old field. */
void flow_focus(flow *f, int field);

/* flow_save.c */
/* Saves the record as it is; a refusal is retried later. */
void flow_save(flow *f);
/* Saves at a commit point: act happens once this save is on disk. */
void flow_commit(flow *f, flow_action act);
/* Stop and delete: asks the store to remove the session (retried if refused). */
void flow_erase_stored(flow *f);
/* Retries that have come due. */
void flow_save_tick(flow *f);
/* Forgets the save state of the session that ends. */
void flow_save_forget(flow *f);
/* The earliest retry, FLOW_NO_DEADLINE without one. */
int64_t flow_save_deadline(const flow *f);

/* flow_view.c */
/* Monotonic ms when the question on screen times out; FLOW_NO_DEADLINE without. */
int64_t flow_question_deadline(const flow *f);
/* Monotonic ms when the idle prompt gives up. */
int64_t flow_prompt_deadline(const flow *f);
/* Index into the event's languages the attract screen is inviting in. */
int flow_attract_language(const flow *f);
/* What flow_tick compares to mark a countdown's or the attract cycle's change. */
int64_t flow_view_tick(const flow *f);

#endif
