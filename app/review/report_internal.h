/*
 * report_internal.h — what `report` holds between reading and writing: per
 * session only what the report shows (code, name, contacts, language,
 * status, time per question, which answers were empty), never the answers'
 * text; every reviewer's scores in one matrix; and the figures computed
 * from them (combined means, flags, score out of 100, rank, agreement).
 * report.c loads, report_model.c computes, report_csv.c / report_html.c
 * (with report_svg.c's plots) write.
 */
#ifndef PRESCREEN_REPORT_INTERNAL_H
#define PRESCREEN_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "score.h"
#include "session.h"

#define REPORT_NCONTACTS 4
extern const char *const report_contact_keys[REPORT_NCONTACTS];   /* email phone city linkedin */

typedef struct {
	char id[SESSION_ID_LEN + 1];
	int64_t revision;
	char code[SCORE_CODE_LEN];
	char *name;
	char *contacts[REPORT_NCONTACTS];
	char language[16];
	session_status status;
	int event;                                  /* index into report_data.events */
	/* By the event's question index: -1 when never shown. */
	int64_t total_ms[SESSION_MAX_QUESTIONS];
	bool empty[SESSION_MAX_QUESTIONS];          /* shown, and no text */

	/* Computed by report_compute. */
	score_combined combined[SESSION_MAX_QUESTIONS];
	double mean[SESSION_MAX_QUESTIONS];         /* 0: not scored; 1 when empty and unscored */
	int score100;                               /* -1: nothing scored */
	bool pass;
	int reviewers;                              /* reviewers who scored any answer */
	int rank;                                   /* 0: not ranked */
} report_candidate;

typedef struct {
	char id[SESSION_SHORT];
	char hash[SESSION_HASH];
	char pack_id[SESSION_SHORT];
	char pack_hash[SESSION_HASH];
	int threshold;
	int question_count;
	char question_ids[SESSION_MAX_QUESTIONS][SESSION_SHORT];

	/* Computed by report_compute. */
	int count[4];                               /* by session_status */
	int passed;
	score_agreement agreement;
	score_agreement per_question[SESSION_MAX_QUESTIONS];
} report_event;

typedef struct {
	report_event *events;
	int nevents;
	report_candidate *cands;
	int ncands;
	int nreviewers;
	char (*reviewers)[SESSION_SHORT];
	/* ncands × SESSION_MAX_QUESTIONS × nreviewers, 0 = not scored. */
	int *scores;
	/* Candidates in the order of the report: by event, ranked completed
	 * sessions first, then the unscored completed ones, then the rest. */
	int *order;
} report_data;

#define REPORT_MAX_REVIEWERS 64

/*
 * Adds a session (merged by id in report_sessions_done: the highest revision
 * stays). One that disagrees with its event's threshold, questions or pack is
 * left out with a line in d naming file. 0, -1 on OOM.
 */
int report_add_session(report_data *r, const session_record *s, const char *file, diag_list *d);
/* Sorts the sessions by id; call once every session was added. */
void report_sessions_done(report_data *r);
report_candidate *report_find(const report_data *r, const char *session_id);
int report_event_find(const report_data *r, const char *event_id);
/* A new reviewer column (its scores all 0). Returns its index, -1 on OOM. */
int report_add_reviewer(report_data *r, const char *name);
/* The score slot of candidate c, question index q, reviewer k. */
int *report_score(const report_data *r, const report_candidate *c, int q, int k);
int report_question_index(const report_event *e, const char *question_id);

/* Combined scores, flags, score out of 100, pass, ranks, agreement. 0, -1 on OOM. */
int report_compute(report_data *r);
/* Wipes candidates' names and contacts before freeing them. */
void report_free(report_data *r);

/* RFC 4180 results.csv (BOM, CRLF). 0, -1 on a write error. */
int report_write_csv(const report_data *r, FILE *out);
/* report.html in lang (a lang.h code); the UI catalog must be in use. */
int report_write_html(const report_data *r, const char *lang, FILE *out);

/* HTML text with & < > " ' escaped. */
void report_html_escape(FILE *out, const char *s);

/* Inline SVG plots (report_svg.c). Numbers are formatted by fmt for lang. */
void report_svg_histogram(FILE *out, const report_data *r, int event, const char *lang);
void report_svg_boxplot(FILE *out, const report_data *r, int event, const char *lang);
void report_svg_agreement(FILE *out, const report_data *r, int event, const char *lang);
/* value with exactly `decimals` fraction digits, in lang's digits. */
void report_fmt_double(const char *lang, double value, int decimals, char *out, size_t size);
/* Closes the formatters report_fmt_double opened. */
void report_fmt_cleanup(void);

#endif
