/*
 * rstore.h — the reviewer's store (SPEC §9): SQLite, WAL, synchronous=FULL,
 * mode 0600, at $XDG_DATA_HOME/prescreen/review.db unless --store. Holds the
 * sessions imported from bundles (so answers are read when shown, not all
 * kept in memory), the bundles already verified (by fingerprint), each
 * reviewer's random seed, and every score and note, each committed as it is
 * given: a kill -9 loses nothing already typed.
 */
#ifndef PRESCREEN_RSTORE_H
#define PRESCREEN_RSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session.h"

typedef struct rstore rstore;

/* Creates the file (and its folder, 0700) when missing. NULL with err. */
rstore *rstore_open(const char *path, char *err, size_t errlen);
void rstore_close(rstore *rs);
const char *rstore_error(const rstore *rs);

/* Groups many writes (a bundle's import) into one transaction. */
int rstore_begin(rstore *rs);
int rstore_commit(rstore *rs);
int rstore_rollback(rstore *rs);

/* 1 when a bundle with this fingerprint was imported whole, 0 not, -1 error. */
int rstore_bundle_seen(rstore *rs, const char *fingerprint);
int rstore_bundle_done(rstore *rs, const char *fingerprint, const char *dir);

typedef enum {
	RSTORE_ADDED,        /* new session */
	RSTORE_SAME,         /* already there with the same content: counts once */
	RSTORE_NEWER,        /* replaced an older revision of it */
	RSTORE_OLDER,        /* an older revision than the one kept: ignored */
	RSTORE_CONFLICT,     /* same id and revision, different content: first kept */
	RSTORE_TAMPERED,     /* disagrees with its event's threshold, questions or pack hash */
	RSTORE_ERASED,       /* erased on request (rstore_erase): not stored again */
} rstore_add_result;

/*
 * Adds one session from a bundle. content_hash is of the session file's
 * bytes. The first session of an event fixes that event's threshold,
 * questions and pack hash; a later one that differs is RSTORE_TAMPERED and
 * not stored. -1 on error.
 */
int rstore_add_session(rstore *rs, const session_record *s, const char *content_hash,
                       rstore_add_result *result);
/*
 * The bundle folder recorded with every session added from now on (NULL:
 * none), and read back for a session, so that a conflict can name the folder
 * the kept copy came from. rstore_session_source: 0, 1 not found, -1.
 */
void rstore_set_source(rstore *rs, const char *dir);
int rstore_session_source(rstore *rs, const char *session_id, char *dir, size_t len);

/* What the window lists: small, all of them fit in memory. */
typedef struct {
	char session_id[SESSION_ID_LEN + 1];
	char code[16];                  /* score_candidate_code */
	char event_id[SESSION_SHORT];
	char language[16];
	session_status status;
	int answer_count;
} rstore_row;

typedef struct {
	char id[SESSION_SHORT];
	char hash[SESSION_HASH];
	char pack_hash[SESSION_HASH];
	int threshold;
	int question_count;
	char question_ids[SESSION_MAX_QUESTIONS][SESSION_SHORT];
} rstore_event;

/* Every session, ordered by id; free() the array. 0 or -1. */
int rstore_rows(rstore *rs, rstore_row **out, int *count);
int rstore_events(rstore *rs, rstore_event **out, int *count);
/* One whole session (answers included) into out; 0, 1 not found, -1. */
int rstore_load(rstore *rs, const char *session_id, session_record *out);

/* The reviewer's seed, drawn at random (and recorded) the first time. */
int rstore_reviewer_seed(rstore *rs, const char *reviewer, uint64_t *seed);

typedef struct {
	char reviewer[SESSION_SHORT];
	char session_id[SESSION_ID_LEN + 1];
	char question_id[SESSION_SHORT];
	int score;                  /* 0: not scored (a note alone) */
	bool automatic;
	char *note;                 /* NULL when none */
	int64_t scored_at;          /* wall ms */
} rstore_score;

/* Commits one score (0 clears it) at once. */
int rstore_score_put(rstore *rs, const char *reviewer, const char *session_id,
                     const char *question_id, int score, bool automatic, int64_t at);
/* Commits one note (NULL or "" removes it) at once. */
int rstore_note_put(rstore *rs, const char *reviewer, const char *session_id,
                    const char *question_id, const char *note, int64_t at);
/*
 * The scores of one reviewer (reviewer non-NULL) or of all, for one session
 * (session_id non-NULL) or all; free with rstore_scores_free (notes wiped).
 */
int rstore_scores(rstore *rs, const char *reviewer, const char *session_id,
                  rstore_score **out, int *count);
void rstore_scores_free(rstore_score *list, int count);

/*
 * Erasure on request (GDPR art. 17), rstore_erase.c. The session whose
 * receipt code (receipt.h) is code: 0 and its id, 1 none, -1 error.
 */
int rstore_find_receipt(rstore *rs, const char *code, char id[SESSION_ID_LEN + 1]);
/*
 * Removes the session, its answers and every reviewer's scores and notes of
 * it, and remembers its id (at, wall ms) so that no import adds it again,
 * in one transaction; then the journal is folded into the file, so the
 * erased bytes are overwritten there too. started_at (may be NULL) gets
 * when the session started. 0, 1 when it was not there (its id is
 * remembered all the same), -1 on error.
 */
int rstore_erase(rstore *rs, const char *session_id, int64_t at, int64_t *started_at);
/* 1 when session_id was erased, 0 not, -1 error. */
int rstore_was_erased(rstore *rs, const char *session_id);

#endif
