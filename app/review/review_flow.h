/*
 * review_flow.h — the reviewer's state (SPEC §9), plain C without SDL: the
 * loaded sessions in this reviewer's seeded order (candidate by candidate or
 * question by question), the position, scores and notes committed through a
 * backend (the review store) as they are given, blind reveal, others' scores
 * held back until this reviewer finished a candidate, empty answers scored 1
 * automatically, calibration samples first. Time comes from an injected
 * clock, so tests drive it like the kiosk's flow.
 */
#ifndef PRESCREEN_REVIEW_FLOW_H
#define PRESCREEN_REVIEW_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "pack.h"
#include "rstore.h"
#include "session.h"
#include "textbuf.h"

#define REVIEW_NO_DEADLINE INT64_MAX
#define REVIEW_NOTE_SAVE_MS 1000   /* a note being typed reaches the disk this soon */
#define REVIEW_MAX_OTHERS 16
#define REVIEW_NOTE_LIMIT 4000     /* clusters */

/* The store as the flow sees it: rstore's calls with ctx for the store. */
typedef struct {
	int (*load)(void *ctx, const char *session_id, session_record *out);
	/* reviewer NULL: every reviewer's; session_id NULL: every session's. */
	int (*scores)(void *ctx, const char *reviewer, const char *session_id, rstore_score **out,
	              int *count);
	void (*scores_free)(rstore_score *list, int count);
	int (*score_put)(void *ctx, const char *reviewer, const char *session_id,
	                 const char *question_id, int score, bool automatic, int64_t at);
	int (*note_put)(void *ctx, const char *reviewer, const char *session_id,
	                const char *question_id, const char *note, int64_t at);
	void *ctx;
} review_backend;

typedef struct {
	int64_t (*mono_ms)(void *ctx);
	int64_t (*wall_ms)(void *ctx);
	void *ctx;
} review_clock;

typedef struct {
	const char *reviewer;
	uint64_t seed;
	const rstore_row *rows;      /* copied */
	int nrows;
	const rstore_event *events;  /* copied */
	int nevents;
	/* --calibrate: these samples come first (the pack's, source strings). */
	const pack_sample *samples;
	int nsamples;
	bool by_question;
	review_backend backend;
	review_clock clock;
} review_setup;

typedef enum { REVIEW_BY_CANDIDATE, REVIEW_BY_QUESTION } review_order;
typedef enum { REVIEW_ITEM_NONE, REVIEW_ITEM_ANSWER, REVIEW_ITEM_SAMPLE } review_item_kind;

typedef enum {
	REVIEW_KEY_NEXT,          /* Right / Down */
	REVIEW_KEY_PREV,          /* Left / Up */
	REVIEW_KEY_NEXT_GROUP,    /* PageDown: next candidate, or next question */
	REVIEW_KEY_PREV_GROUP,
	REVIEW_KEY_ORDER,         /* Tab */
	REVIEW_KEY_NOTE,          /* N: opens the note */
	REVIEW_KEY_CLOSE,         /* Esc, Ctrl+Enter: closes the note, saved */
	/* Inside an open note: */
	REVIEW_KEY_BACKSPACE,
	REVIEW_KEY_DELETE,
	REVIEW_KEY_LEFT,
	REVIEW_KEY_RIGHT,
	REVIEW_KEY_HOME,
	REVIEW_KEY_END,
	REVIEW_KEY_RETURN,
} review_key;

typedef struct {
	char reviewer[SESSION_SHORT];
	int score;
} review_other;

typedef struct {
	review_item_kind kind;
	review_order order;
	/* The candidate: a code until this reviewer scored every answer of it. */
	const char *code;
	bool revealed;
	const char *name;                /* NULL unless revealed */
	int contact_count;
	const contact_field *contacts;   /* NULL unless revealed */
	session_status status;
	int time_percent;                /* extra time granted (100 = none) */
	const char *event_id;
	const char *pack_hash;
	/* The answer (or calibration sample) shown. */
	const char *question_id;
	const char *answer_lang;         /* the candidate's (the sample's) language */
	const char *answer_text;         /* never NULL */
	bool answer_empty;
	const answer_record *answer;     /* timings; NULL for a sample */
	int score;                       /* this reviewer's, 0 none */
	bool automatic;                  /* given for an empty answer, not by the reviewer */
	const char *note;                /* saved note or NULL (while closed) */
	bool note_open;
	const textbuf *note_buf;         /* while open */
	/* Others in a shared store: shown once this reviewer finished the candidate. */
	int others_count;
	const review_other *others;
	bool others_hidden;              /* there are some, held back */
	/* Calibration: the reference, shown after this reviewer scored the sample. */
	bool calibrating;
	int sample_index, sample_count;
	const char *sample_id;
	int reference;                   /* 1..5 */
	bool reference_shown;
	/* Where the reviewer is. */
	int cand_index, cand_count;      /* the candidate among all (1-based index) */
	int answer_index, answer_count;  /* the answer within the candidate */
	int question_index, question_count;  /* the question within its event */
	long scored, total;              /* progress: this reviewer's scored answers of all */
	bool failed;                     /* the last write was refused by the store */
} review_view;

typedef struct review_flow review_flow;

/* NULL on out of memory or when the backend cannot read this reviewer's scores. */
review_flow *review_flow_new(const review_setup *s);
void review_flow_free(review_flow *f);

/* The view of the current item: valid until the next call on f. */
void review_flow_view(review_flow *f, review_view *out);

/* 1..5: committed at once. Returns 0, -1 when the store refused it (view.failed). */
int review_flow_score(review_flow *f, int score);
/* A key; false when it meant nothing here. */
bool review_flow_key(review_flow *f, review_key k);
/* Text typed (or committed by an IME) into the open note; ignored when closed. */
void review_flow_text(review_flow *f, const char *utf8);
/* IME composition in the open note. */
void review_flow_compose(review_flow *f, const char *utf8);
void review_flow_note_caret(review_flow *f, size_t offset);
/* A tap on a named control: "score:3", "note", "next", "prev", "order", ... */
bool review_flow_press(review_flow *f, const char *id);
/* Saves what fell due (the note being typed). */
void review_flow_tick(review_flow *f);
int64_t review_flow_next_deadline(const review_flow *f);

/* The order's items, for tests: item i is (row, answer) or (-1, sample). */
int review_flow_items(const review_flow *f, int *count);
void review_flow_item(const review_flow *f, int i, int *row, int *answer);
/* Jumps to item i (tests, benchmark). */
void review_flow_goto(review_flow *f, int i);
int review_flow_position(const review_flow *f);

/* The reviewer's order of rows: a permutation of 0..n-1 from seed (Fisher–Yates). */
void review_shuffle(uint64_t seed, int *perm, int n);
/* True when the text holds nothing but white space. */
bool review_answer_empty(const char *text);

#endif
