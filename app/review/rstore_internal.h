/*
 * rstore_internal.h — private to the review store: the connection, its
 * statements (prepared once in rstore.c) and the helpers that rstore.c
 * (opening, transactions, bundles, seeds, scores) and rstore_sessions.c
 * (events, sessions, answers) share.
 */
#ifndef PRESCREEN_RSTORE_INTERNAL_H
#define PRESCREEN_RSTORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>

#include "rstore.h"

enum {
	Q_BEGIN, Q_COMMIT, Q_ROLLBACK,
	Q_BUNDLE_SEEN, Q_BUNDLE_DONE,
	Q_EVENT_GET, Q_EVENT_PUT,
	Q_SESSION_GET, Q_SESSION_SOURCE, Q_SESSION_PUT, Q_ANSWERS_DEL,
	Q_ROWS, Q_EVENTS, Q_LOAD, Q_LOAD_ANSWERS,
	Q_SEED_GET, Q_SEED_PUT,
	Q_SCORE_PUT, Q_NOTE_PUT, Q_SCORE_PRUNE, Q_SCORES,
	Q_ERASED_GET,
	Q_MAX
};

struct rstore {
	sqlite3 *db;
	char *path;
	bool in_tx;
	char *source;
	/* The event the last session matched (or created): a bundle's sessions
	 * are nearly all of one event, so most checks need no query. Dropped at
	 * every rollback, which may undo the event's row. */
	bool event_cached;
	rstore_event event;
	char err[1024];
	sqlite3_stmt *q[Q_MAX];
	/* A session's n answers in one INSERT of n rows, prepared when first
	 * needed: a step per answer was most of an import's per-row cost. */
	sqlite3_stmt *answers_put[SESSION_MAX_QUESTIONS + 1];
};

/* "<path>: <message>" in rs->err; -1. */
__attribute__((format(printf, 2, 3)))
int rs_bad(rstore *rs, const char *fmt, ...);
/* An SQLite failure: "<path>: <what>: <SQLite's words>"; -1. */
int rs_fail(rstore *rs, const char *what);
/* A prepared statement, reset and unbound. */
sqlite3_stmt *rs_stmt(rstore *rs, int q);
/* Runs a statement to its end: 0, or -1 with the error. */
int rs_run(rstore *rs, sqlite3_stmt *q, const char *what);
/* Binds text without copying (NULL binds NULL). */
void rs_bind_str(sqlite3_stmt *q, int col, const char *text);
void rs_copy_col(sqlite3_stmt *q, int col, char *out, size_t cap);
/* Outside rstore_begin, each write is its own committed transaction. */
int rs_write_begin(rstore *rs);
int rs_write_end(rstore *rs, int rc);

#endif
