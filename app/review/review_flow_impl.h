/*
 * review_flow_impl.h — the review flow's state, shared by its two halves:
 * review_flow.c (moving, scoring, notes) and review_view.c (what is shown).
 * Private to app/review.
 */
#ifndef PRESCREEN_REVIEW_FLOW_IMPL_H
#define PRESCREEN_REVIEW_FLOW_IMPL_H

#include "review_flow.h"

typedef struct {
	int row;        /* -1: a calibration sample */
	int answer;     /* answer index, or sample index */
} item;

typedef struct {
	rstore_row r;
	int event;      /* index into events, -1 when unknown */
	uint8_t mask;   /* answers this reviewer scored */
} row_state;

struct review_flow {
	char reviewer[SESSION_SHORT];
	review_backend be;
	review_clock clk;
	row_state *rows;
	int nrows;
	rstore_event *events;
	int nevents;
	const pack_sample *samples;
	int nsamples;
	int *sample_score;      /* calibration scores: kept in memory only */
	int *perm;
	review_order order;
	item *items;
	int nitems, pos;
	long scored, total;
	/* The session shown, read when reached. */
	int loaded;             /* row, -1 none */
	session_record session;
	int my_score[SESSION_MAX_QUESTIONS];
	bool my_auto[SESSION_MAX_QUESTIONS];
	char *my_note[SESSION_MAX_QUESTIONS];
	review_other others[SESSION_MAX_QUESTIONS][REVIEW_MAX_OTHERS];
	int nothers[SESSION_MAX_QUESTIONS];
	/* The note being typed. */
	bool note_open;
	textbuf note;
	bool note_dirty;
	int64_t note_saved_at, note_due;
	bool failed;
};

#endif
