/*
 * flow.h — the candidate's flow of SPEC §3 as a state machine: attract →
 * language → consent → identity → (practice) → questions → done → attract, with the idle
 * prompt, time-outs and recording of SPEC §4. Plain C, no SDL: input arrives
 * as calls, time from an injected clock, and every change a candidate must not
 * lose is handed to the sink (the store) before the flow moves on.
 */
#ifndef PRESCREEN_FLOW_H
#define PRESCREEN_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "pack.h"
#include "receipt.h"
#include "session.h"
#include "textbuf.h"

#define FLOW_NO_DEADLINE INT64_MAX
#define FLOW_AUTOSAVE_MS 500      /* typing reaches the disk this soon */
#define FLOW_ACTIVE_GAP_MS 5000   /* longer pauses don't count as typing */
#define FLOW_WARNING_S 60         /* countdown turns to a warning */
#define FLOW_NEXT_GUARD_MS 700    /* a second tap this soon after a screen or dialog appears is ignored */
#define FLOW_ATTRACT_CYCLE_MS 4000 /* the attract screen invites in the next language this often */

typedef enum {
	SCREEN_ATTRACT,
	SCREEN_LANGUAGE,
	SCREEN_CONSENT,
	SCREEN_IDENTITY,
	SCREEN_PRACTICE,        /* the event's practice question: not recorded, says so */
	SCREEN_QUESTION,
	SCREEN_DONE,
} flow_screen;

typedef struct {
	int64_t (*mono_ms)(void *ctx);   /* monotonic, never wall-clock */
	int64_t (*wall_ms)(void *ctx);   /* UTC ms since the epoch */
	void (*random)(void *ctx, void *buf, int len);
	void *ctx;
} flow_clock;

/* What a sink did with a save or an erase. */
#define FLOW_SAVE_DONE 0        /* on disk now */
#define FLOW_SAVE_QUEUED 1      /* in flight: flow_saved() reports the outcome later */
#define FLOW_SAVE_FAILED (-1)

typedef struct {
	/*
	 * Persists the session whole (s->revision grows with every call). A sink
	 * that writes on another thread copies *s, returns FLOW_SAVE_QUEUED and
	 * later calls flow_saved() with that revision from the flow's thread.
	 */
	int (*save)(void *ctx, const session_record *s);
	/* Removes the session with this id from the store (Stop and delete). */
	int (*erase)(void *ctx, const char *session_id);
	void *ctx;
} flow_sink;

/* Translates a pack string (question text) into the session's language. */
typedef const char *(*flow_translate)(void *ctx, const char *language,
                                      const char *question_id, const char *field,
                                      const char *source);

typedef enum {
	FLOW_KEY_BACKSPACE,
	FLOW_KEY_DELETE,
	FLOW_KEY_LEFT,
	FLOW_KEY_RIGHT,
	FLOW_KEY_WORD_LEFT,
	FLOW_KEY_WORD_RIGHT,
	FLOW_KEY_HOME,
	FLOW_KEY_END,
	FLOW_KEY_RETURN,
	FLOW_KEY_TAB,
} flow_key_id;

typedef enum {
	NOTICE_NONE,
	NOTICE_NAME_REQUIRED,
	NOTICE_SAVE_FAILED,     /* staff-visible: the store refused a write */
} flow_notice;

typedef enum {
	DIALOG_NONE,
	DIALOG_SKIP,            /* "Skip this question?" for an empty answer */
	DIALOG_ERASE,           /* "Stop and delete your answers?" */
} flow_dialog;

#define FLOW_MAX_FIELDS (1 + SESSION_MAX_CONTACTS)

/* What the screen shows; pointers stay valid until the next flow call. */
typedef struct {
	flow_screen screen;
	const char *language;           /* NULL before one is picked */
	/* The language the screen speaks: the session's, else on attract and the
	 * language screen the one the attract screen is inviting in right now. */
	const char *ui_language;
	const char *title;              /* the event title in ui_language */
	bool idle_prompt;
	int idle_remaining_s;
	int question_index;             /* 0-based */
	int question_count;
	const char *question_text;
	const textbuf *answer;
	int answer_limit;
	int answer_words;
	int remaining_s;                /* -1 without a time limit */
	bool warning;                   /* under FLOW_WARNING_S left */
	int field_count;                /* identity: name, then contacts */
	const char *field_keys[FLOW_MAX_FIELDS];
	const textbuf *fields[FLOW_MAX_FIELDS];
	int focus;                      /* focused identity field */
	flow_notice notice;
	flow_dialog dialog;             /* over the question screen */
	bool saving;                    /* a submit waits for the store; input is held */
	int done_remaining_s;           /* done: seconds until the reset to attract */
	char receipt[RECEIPT_LEN + 1];  /* done: the session's receipt code */
	bool staff_hint;                /* no admin PIN set: show staff how to leave */
	/* Consent: who is responsible, whom to ask, how long data is kept. */
	const char *organisation;
	const char *contact;
	int retention_days;
	int language_count;
	const char *languages[EVENT_MAX_LANGUAGES];
} flow_view;

typedef struct flow flow;

flow *flow_new(const event_config *ev, const pack *p, flow_clock clock, flow_sink sink,
               flow_translate translate, void *translate_ctx);
void flow_free(flow *f);

/*
 * Taps the control named id; returns false when no such control is showing.
 * Controls: attract "lang:<code>" (straight to consent) or anything else
 * (the language screen); language "lang:<code>", "back"; consent "agree",
 * "decline"; identity "field:<key>", "next"; question "answer", "next"
 * (an empty answer opens DIALOG_SKIP), "erase" (DIALOG_ERASE); in the
 * dialogs "skip-confirm", "skip-cancel", "erase-confirm", "erase-cancel";
 * done "finish"; practice "answer", "next" (on to question 1, no dialog),
 * "erase"; the idle prompt takes any tap. "next" within
 * FLOW_NEXT_GUARD_MS of its screen appearing with nothing typed since, and
 * a dialog's buttons within it of the dialog appearing, are ignored (true).
 * While view.saving, taps are ignored (true).
 */
bool flow_press(flow *f, const char *id);
/* Any touch or key anywhere; starts from attract, dismisses the idle prompt. */
void flow_touch(flow *f);
void flow_text(flow *f, const char *utf8);
/* The input method's preedit: every change counts as typing (SPEC §4). */
void flow_compose(flow *f, const char *utf8);
/*
 * The active conversion segment of the preedit, in code points from its
 * start, as SDL_TEXTEDITING's start and length give it (call after
 * flow_compose, which clears it).
 */
void flow_compose_segment(flow *f, size_t start, size_t len);
/*
 * Grows whenever the flow ended a composition itself: kept it as typed text
 * (Next, time-out, a caret move, a focus change, the end) or moved to
 * another screen or field. The shell then cancels the input method's
 * preedit (SDL_ClearComposition), so that it is not committed a second time
 * into whatever is focused now.
 */
uint64_t flow_compose_resets(const flow *f);
/*
 * Staff's accommodation for the next candidate (admin mode): the session the
 * flow starts next gets every time limit × percent / 100 (100, 125, 150,
 * 200; others are ignored) and records it; then the grant is used up.
 * "Starts" is consent given, the moment a session is first recorded: a
 * session already past consent keeps its own time, and a candidate who
 * declines leaves the grant to the next.
 */
void flow_grant_extra_time(flow *f, int percent);
/* The grant waiting for the next candidate (100 when none). */
int flow_extra_time(const flow *f);

/* Moves the caret of the focused text to a byte offset (Home/End per visual line). */
void flow_caret_to(flow *f, size_t offset);
void flow_key(flow *f, flow_key_id key);
/* The outcome of a save the sink queued: every revision up to rev is on disk when ok. */
void flow_saved(flow *f, int64_t rev, bool ok);
/* Runs whatever the clock has made due: autosave, time-out, idle, reset. */
void flow_tick(flow *f);
/* Monotonic ms at which flow_tick next has work or the view next changes. */
int64_t flow_next_deadline(const flow *f);
/* Counts visible changes, so the shell redraws only when it moved. */
uint64_t flow_version(const flow *f);
void flow_view_get(const flow *f, flow_view *v);
/* The session being recorded, or NULL between candidates. */
const session_record *flow_session(const flow *f);
/*
 * The kiosk is stopping (SIGTERM): what is being composed is kept, the
 * session is saved as interrupted (ended_at = now) and input stays held.
 */
void flow_shutdown(flow *f);
/* The display was lost: as flow_shutdown, then back to attract once that
 * save is on disk (the kiosk goes on). */
void flow_interrupt(flow *f);

const char *flow_screen_name(flow_screen s);

#endif
