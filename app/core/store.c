#include "store_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_rows.h"

__attribute__((format(printf, 3, 4)))
void store_set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	/* One line, whatever SQLite or strerror put in it. */
	for (char *p = err; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

/* Keeps SQLite's message for rc while it is still the connection's. */
int store_note(store *st, int rc)
{
	if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) {
		st->sql_rc = rc;
		/* SQLite records the OS error only for some failures; a failed
		 * write (EFBIG, EIO, EROFS) is left in errno. */
		st->sql_sys = sqlite3_system_errno(st->db);
		if (st->sql_sys == 0)
			st->sql_sys = errno;
		snprintf(st->sql_msg, sizeof st->sql_msg, "%s",
		         sqlite3_extended_errcode(st->db) == rc ? sqlite3_errmsg(st->db)
		                                                : sqlite3_errstr(rc));
	}
	return rc;
}

/* errno cleared first, so that what it holds after is this step's. */
int store_step(store *st, sqlite3_stmt *q)
{
	errno = 0;
	return store_note(st, sqlite3_step(q));
}

/* An SQLite failure, in words staff can act on. */
int store_fail(store *st, int rc, const char *what)
{
	int code = rc & 0xff, sys = 0;
	const char *why = sqlite3_errstr(rc);

	if (st->sql_rc == rc) {
		why = st->sql_msg;
		sys = st->sql_sys;
	} else if (sqlite3_extended_errcode(st->db) == rc) {
		why = sqlite3_errmsg(st->db);
		sys = sqlite3_system_errno(st->db);
	}
	st->sql_rc = SQLITE_OK;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		why = "database is locked by another process";
	else if (code == SQLITE_NOTADB)
		why = "not an SQLite database (file is not a database)";
	else if (code == SQLITE_FULL)
		why = "disk full";
	else if (code == SQLITE_CORRUPT)
		return BAD(st, "%s: database is corrupt (%s)", what, why);
	/* The OS error is stale unless the failure was the OS's. */
	else if (sys != 0 && (code == SQLITE_CANTOPEN || code == SQLITE_IOERR ||
	                      code == SQLITE_READONLY || code == SQLITE_PERM))
		return BAD(st, "%s: %s: %s", what, why, strerror(sys));
	return BAD(st, "%s: %s", what, why);
}

/* A cached statement, reset and ready for new bindings. */
sqlite3_stmt *store_stmt(store *st, int q)
{
	sqlite3_reset(st->q[q]);
	sqlite3_clear_bindings(st->q[q]);
	return st->q[q];
}

int store_run(store *st, int q)
{
	int rc = store_step(st, store_stmt(st, q));

	sqlite3_reset(st->q[q]);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

int store_exec(store *st, const char *sql)
{
	errno = 0;
	return store_note(st, sqlite3_exec(st->db, sql, NULL, NULL, NULL));
}

const char *store_error(const store *st)
{
	return st ? st->err : "no store";
}

/* Writing through a store opened read-only is the caller's mistake. */
#define WRITABLE(st, what) \
	do { if ((st)->read_only) return BAD(st, "%s: opened read-only", what); } while (0)

int store_recover(store *st)
{
	int rc;

	WRITABLE(st, "cannot recover interrupted sessions");
	if ((rc = store_run(st, Q_RECOVER)) != SQLITE_OK)
		return store_fail(st, rc, "cannot recover interrupted sessions");
	return sqlite3_changes(st->db);
}

/* The session row, then its answers replaced wholesale. */
int store_put_rows(store *st, sqlite3_stmt *session, const session_record *s)
{
	sqlite3_stmt *q = store_stmt(st, Q_DEL_ANSWERS);
	int rc;

	sqlite3_reset(session);
	if ((rc = store_step(st, session)) != SQLITE_DONE)
		return rc;
	store_bind_text(q, 1, s->id, sizeof s->id);
	if ((rc = store_step(st, q)) != SQLITE_DONE)
		return rc;
	for (int i = 0; i < s->answer_count; i++) {
		q = store_stmt(st, Q_PUT_ANSWER);
		store_bind_text(q, 1, s->id, sizeof s->id);
		sqlite3_bind_int(q, 2, i);
		store_bind_answer(q, 3, &s->answers[i]);
		if ((rc = store_step(st, q)) != SQLITE_DONE)
			return rc;
	}
	return SQLITE_OK;
}

/* One whole transaction, rolled back on any failure. */
static int put_once(store *st, sqlite3_stmt *q, const session_record *s)
{
	int rc;

	if ((rc = store_run(st, Q_BEGIN)) == SQLITE_OK &&
	    (rc = store_put_rows(st, q, s)) == SQLITE_OK)
		rc = store_run(st, Q_COMMIT);
	sqlite3_reset(st->q[Q_PUT_ANSWER]);
	if (rc != SQLITE_OK && !sqlite3_get_autocommit(st->db))
		store_run(st, Q_ROLLBACK);
	return rc;
}

/* A reader that keeps the WAL from being truncated is not waited for: the
 * save fails now and is retried later, instead of blocking the kiosk. */
int store_checkpoint(store *st)
{
	int rc;

	sqlite3_busy_timeout(st->db, 0);
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	return rc;
}

int store_put(store *st, const session_record *s)
{
	session_record clear;
	sqlite3_stmt *q;
	char what[128];
	int rc;

	snprintf(what, sizeof what, "cannot save session %.*s", SESSION_ID_LEN, s->id);
	WRITABLE(st, what);
	if (s->question_count < 0 || s->question_count > SESSION_MAX_QUESTIONS ||
	    s->answer_count < 0 || s->answer_count > SESSION_MAX_QUESTIONS ||
	    s->contact_count < 0 || s->contact_count > SESSION_MAX_CONTACTS)
		return BAD(st, "%s: counts out of range", what);
	/* Under a key only the box and what stays in clear reach SQLite; a
	 * session that is a box already (loaded sealed) is kept as it is. */
	if (st->sealing && s->sealed == NULL) {
		if (store_seal_record(st, s, &clear) != 0)
			return BAD(st, "%s: cannot seal it (out of memory or invalid UTF-8)", what);
		s = &clear;
	}
	/* Bound before the transaction: a bad record never opens one. */
	q = store_stmt(st, Q_PUT_SESSION);
	if (store_bind_session(q, 1, s) != 0) {
		sqlite3_clear_bindings(q);
		if (s == &clear)
			store_seal_release(&clear);
		return BAD(st, "%s: a question id or contact is not valid UTF-8", what);
	}
	store_bind_sealed(q, STORE_SESSION_NCOLS + 1, s);
	/* On a full disk the WAL may hold most of the space: fold it into the
	 * database and cut it to nothing, then try once more. */
	if ((rc = put_once(st, q, s)) != SQLITE_OK && (rc & 0xff) == SQLITE_FULL &&
	    store_checkpoint(st) == SQLITE_OK)
		rc = put_once(st, q, s);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);      /* releases the JSON columns now */
	if (s == &clear)
		store_seal_release(&clear);
	return rc == SQLITE_OK ? 0 : store_fail(st, rc, what);
}

/* Fills s from the current row of a session query, then its answers. */
int store_load_row(store *st, sqlite3_stmt *row, session_record *s)
{
	sqlite3_stmt *q = store_stmt(st, Q_LOAD_ANSWERS);
	int rc;

	session_init(s);
	if ((rc = store_read_session(row, s)) != SQLITE_OK ||
	    (rc = store_read_sealed(row, STORE_SESSION_NCOLS, s)) != SQLITE_OK)
		return rc;
	store_bind_text(q, 1, s->id, sizeof s->id);
	while (s->answer_count < SESSION_MAX_QUESTIONS &&
	       (rc = store_step(st, q)) == SQLITE_ROW) {
		answer_record *a = &s->answers[s->answer_count++];
		if ((rc = store_read_answer(q, a)) != SQLITE_OK)
			break;
		/* A sealed answer's text is in the box: empty, never NULL, here. */
		if (s->sealed != NULL && a->answer == NULL && (a->answer = strdup("")) == NULL)
			rc = SQLITE_NOMEM;
		if (rc == SQLITE_NOMEM)
			break;
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * Every session, or only the one with id, from one snapshot: each is passed
 * to fn, then wiped. Returns 0, 1 when fn stopped early, -1 on error.
 */
static int each(store *st, const char *id, store_each_fn fn, void *ctx)
{
	session_record s;
	sqlite3_stmt *q;
	int rc, stop = 0;

	if ((rc = store_run(st, Q_BEGIN_READ)) != SQLITE_OK)
		return store_fail(st, rc, "cannot read sessions");
	q = store_stmt(st, Q_LOAD);
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	while (stop == 0 && (rc = store_step(st, q)) == SQLITE_ROW) {
		if ((rc = store_load_row(st, q, &s)) == SQLITE_OK)
			stop = fn(ctx, &s);
		session_clear(&s);
		if (rc != SQLITE_OK)
			break;
	}
	sqlite3_reset(q);
	if (stop == 0 && rc != SQLITE_DONE) {
		store_fail(st, rc, "cannot read sessions");
		store_run(st, Q_ROLLBACK);
		return -1;
	}
	store_run(st, Q_COMMIT);
	return stop != 0;
}

int store_each(store *st, store_each_fn fn, void *ctx)
{
	return each(st, NULL, fn, ctx);
}

typedef struct {
	session_record *list;
	int n, cap;
} collected;

static int collect(void *ctx, const session_record *s)
{
	collected *c = ctx;
	session_record *grown;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		if ((grown = realloc(c->list, (size_t)c->cap * sizeof *grown)) == NULL)
			return -1;
		c->list = grown;
	}
	session_init(&c->list[c->n]);
	if (session_copy(&c->list[c->n], s) != 0)
		return -1;
	c->n++;
	return 0;
}

static int load(store *st, const char *id, session_record **out, int *count)
{
	collected c = { 0 };
	int rc = each(st, id, collect, &c);

	*out = NULL;
	*count = 0;
	if (rc != 0) {
		if (rc > 0)
			store_set_err(st->err, sizeof st->err, "%s: cannot read sessions: out of memory", st->path);
		store_free_sessions(c.list, c.n);
		return -1;
	}
	*out = c.list;
	*count = c.n;
	return 0;
}

int store_load_all(store *st, session_record **out, int *count)
{
	return load(st, NULL, out, count);
}

int store_load(store *st, const char *id, session_record *out)
{
	session_record *list;
	int n;

	session_init(out);
	if (id == NULL || load(st, id, &list, &n) != 0)
		return -1;
	if (n > 0)
		*out = list[0];     /* takes over its strings */
	free(list);
	return n > 0 ? 0 : 1;
}

void store_free_sessions(session_record *list, int count)
{
	for (int i = 0; list != NULL && i < count; i++)
		session_clear(&list[i]);
	free(list);
}

int store_delete(store *st, const char *id)
{
	sqlite3_stmt *q;
	char what[128];
	int rc;

	snprintf(what, sizeof what, "cannot delete session %.*s", SESSION_ID_LEN,
	         id ? id : "");
	WRITABLE(st, what);
	if (id == NULL)
		return BAD(st, "%s: no id", what);
	if ((rc = store_run(st, Q_BEGIN)) == SQLITE_OK) {
		q = store_stmt(st, Q_DEL_ANSWERS);
		store_bind_text(q, 1, id, SESSION_ID_LEN + 1);
		if ((rc = store_step(st, q)) == SQLITE_DONE) {
			q = store_stmt(st, Q_DEL_SESSION);
			store_bind_text(q, 1, id, SESSION_ID_LEN + 1);
			rc = store_step(st, q);
		}
		if (rc == SQLITE_DONE)
			rc = store_run(st, Q_COMMIT);
		sqlite3_reset(st->q[Q_DEL_ANSWERS]);
		sqlite3_reset(st->q[Q_DEL_SESSION]);
	}
	if (rc == SQLITE_OK)
		return 0;
	if (!sqlite3_get_autocommit(st->db))
		store_run(st, Q_ROLLBACK);
	return store_fail(st, rc, what);
}

int store_scrub(store *st)
{
	int rc;

	WRITABLE(st, "cannot checkpoint the journal");
	/* TRUNCATE: the newest version of every page in the WAL is copied
	 * into the database, then the WAL is cut to nothing, so no superseded
	 * draft of an answer stays on disk. */
	rc = store_note(st, sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	                                        NULL, NULL));
	sqlite3_db_release_memory(st->db);
	return rc == SQLITE_OK ? 0 : store_fail(st, rc, "cannot checkpoint the journal");
}

int store_count(store *st, const char *today_prefix, store_counts *out)
{
	sqlite3_stmt *q = store_stmt(st, Q_COUNT);
	int *fields[] = { &out->total, &out->completed, &out->abandoned,
	                  &out->interrupted, &out->in_progress, &out->today };
	int64_t day = INT64_MIN;
	char stamp[32];
	int rc;

	memset(out, 0, sizeof *out);
	if (today_prefix != NULL) {
		snprintf(stamp, sizeof stamp, "%.10sT00:00:00Z", today_prefix);
		if (strlen(today_prefix) != 10 || session_parse_time(stamp, &day))
			return BAD(st, "bad day '%s' (want YYYY-MM-DD)", today_prefix);
	}
	sqlite3_bind_int64(q, 1, day);
	sqlite3_bind_int64(q, 2, day == INT64_MIN ? day : day + 86400000);
	if ((rc = store_step(st, q)) == SQLITE_ROW)
		for (int i = 0; i < 6; i++)
			*fields[i] = sqlite3_column_int(q, i);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : store_fail(st, rc, "cannot count sessions");
}

int store_event_changed(store *st, const char *event_id, const char *event_hash)
{
	sqlite3_stmt *q = store_stmt(st, Q_EVENT_HASH);
	int rc;

	sqlite3_bind_text(q, 1, event_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, event_hash, -1, SQLITE_STATIC);
	rc = store_step(st, q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "cannot read events");
}
