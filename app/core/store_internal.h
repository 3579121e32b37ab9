/*
 * store_internal.h — private to the store: the connection and its cached
 * statements (store_open.c opens and prepares them, store.c runs them), and
 * the error reporting both share.
 */
#ifndef PRESCREEN_STORE_INTERNAL_H
#define PRESCREEN_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>
#include "store.h"

#define STORE_BUSY_MS 3000      /* another writer gets this long before we give up */

enum {
	Q_BEGIN, Q_BEGIN_READ, Q_COMMIT, Q_ROLLBACK,
	Q_LOAD, Q_LOAD_ANSWERS, Q_COUNT, Q_EVENT_HASH,
	Q_READ_ONLY_MAX,        /* a read-only store prepares only those above */
	Q_PUT_SESSION = Q_READ_ONLY_MAX, Q_DEL_ANSWERS, Q_PUT_ANSWER, Q_RECOVER,
	Q_DEL_SESSION, Q_CLEAR_IDS, Q_MAX
};

struct store {
	sqlite3 *db;
	char *path;
	bool read_only;
	char err[1024];
	/* SQLite's own words for the last failure, kept before a reset or a
	 * rollback replaces them with "not an error". */
	int sql_rc;
	int sql_sys;
	char sql_msg[256];
	sqlite3_stmt *q[Q_MAX];
	/* store_set_seal_key: every payload store_put writes is sealed for it. */
	bool sealing;
	unsigned char seal_pk[32];
};

__attribute__((format(printf, 3, 4)))
void store_set_err(char *err, size_t errlen, const char *fmt, ...);
/* A problem of our own finding, as "<database path>: <problem>". */
#define BAD(st, fmt, ...) (store_set_err((st)->err, sizeof (st)->err, \
	"%s: " fmt, (st)->path, __VA_ARGS__), -1)

/* Keeps SQLite's message for rc while it is still the connection's; rc back. */
int store_note(store *st, int rc);
/* sqlite3_step, its failure noted. */
int store_step(store *st, sqlite3_stmt *q);
int store_exec(store *st, const char *sql);
/* An SQLite failure as "<path>: <what>: <why>" in st->err; returns -1. */
int store_fail(store *st, int rc, const char *what);
/* A cached statement, reset and ready for new bindings. */
sqlite3_stmt *store_stmt(store *st, int q);
/* Runs a cached statement to its end; an SQLite code. */
int store_run(store *st, int q);

/*
 * Sealed rows (store_seal.c). store_seal_record makes m a shallow copy of s
 * holding only what stays in clear, with the box of s's JSON in m->sealed
 * (m's own: store_seal_release frees it); -1 when out of memory or s does
 * not encode. The sealed columns follow the session's in Q_PUT_SESSION and
 * Q_LOAD.
 */
int store_seal_record(store *st, const session_record *s, session_record *m);
void store_seal_release(session_record *m);
void store_bind_sealed(sqlite3_stmt *q, int col, const session_record *s);
int store_read_sealed(sqlite3_stmt *q, int col, session_record *s);
/* Shared with store_seal.c, which seals the clear rows in place. */
int store_put_rows(store *st, sqlite3_stmt *session, const session_record *s);
int store_load_row(store *st, sqlite3_stmt *row, session_record *s);
int store_checkpoint(store *st);

#endif
