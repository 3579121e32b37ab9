/*
 * score.h — SPEC §9's arithmetic, pure: a reviewer's score out of 100 and
 * pass, several reviewers' scores combined and flagged, agreement
 * (Krippendorff's alpha, ordinal; exact and adjacent agreement), and the
 * neutral code a candidate is shown under.
 */
#ifndef PRESCREEN_SCORE_H
#define PRESCREEN_SCORE_H

#include <stdbool.h>

/* A score is 1..5; 0 means "not scored". */
#define SCORE_NONE 0

/*
 * round(100 × mean((s − 1) / 4)) over the scored entries of s (0 entries are
 * left out); -1 when none is scored, or when an entry is neither 0 nor in
 * 1..5. Means may be fractional (combined scores), hence double.
 */
int score_100(const double *s, int n);
bool score_pass(int score100, int threshold);

typedef struct {
	double mean;        /* of the reviewers who scored it; 0 when n == 0 */
	int n;              /* reviewers who scored it */
	int min, max;
	bool flagged;       /* two reviewers differ by 2 or more */
} score_combined;

/* by_reviewer[i] is reviewer i's score (0: not scored). */
score_combined score_combine(const int *by_reviewer, int n);

typedef struct {
	/*
	 * false with fewer than two pairable values or no variation (every
	 * pairable value the same): then expected disagreement is 0 and alpha
	 * is 0/0, which Krippendorff leaves undefined, not 1. alpha is then NaN.
	 */
	bool alpha_defined;
	double alpha;        /* Krippendorff's alpha, ordinal metric */
	double exact;        /* share of reviewer pairs on one answer that agree exactly; 0 without pairs */
	double adjacent;     /* ... that differ by at most 1 */
	int units;           /* answers with at least two scores */
	int pairs;           /* reviewer pairs counted for exact/adjacent */
} score_agreement;

/*
 * matrix is units × coders, row-major: matrix[u * coders + c] is coder c's
 * score for unit u, 0 when missing. Units with fewer than two scores do not
 * count. Returns 0, -1 on bad arguments (a value neither 0 nor 1..5).
 */
int score_agreement_compute(const int *matrix, int units, int coders, score_agreement *out);

/*
 * The neutral code a candidate is shown under: "C-XXXX-XXXX", eight Crockford
 * base32 characters of SHA-256(session_id). The same for every reviewer,
 * revealing neither the start time nor the kiosk.
 */
#define SCORE_CODE_LEN 16
void score_candidate_code(const char *session_id, char out[SCORE_CODE_LEN]);

#endif
