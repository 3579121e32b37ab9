/*
 * audit.c — the audit trail and the PIN lock in the session store's
 * database (tables of schema version 4, store_open.c). The statements are
 * prepared per call: admin actions come a few a minute, and the session
 * statements the kiosk caches stay the store's own business.
 */
#include "audit.h"

#include <string.h>

#include "store_internal.h"

static int prepare(store *st, const char *sql, sqlite3_stmt **q, const char *what)
{
	int rc = store_note(st, sqlite3_prepare_v2(st->db, sql, -1, q, NULL));

	return rc == SQLITE_OK ? 0 : store_fail(st, rc, what);
}

/* A store of schema version 2 or 3 opened read-only has no audit table. */
static int has_table(store *st, const char *name)
{
	sqlite3_stmt *q;
	int rc;

	if (prepare(st, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
	    &q, "cannot read the schema") != 0)
		return -1;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	rc = store_step(st, q);
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "cannot read the schema");
}

/* One statement, run to its end in its own transaction. */
static int write_one(store *st, sqlite3_stmt *q, const char *what)
{
	int rc = store_step(st, q);

	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, what);
}

int audit_add(store *st, int64_t wall_ms, const char *action, const char *detail)
{
	static const char what[] = "cannot write the audit trail";
	sqlite3_stmt *q;

	if (st->read_only)
		return BAD(st, "%s: opened read-only", what);
	if (action == NULL || action[0] == '\0')
		return BAD(st, "%s: no action", what);
	if (prepare(st, "INSERT INTO audit (at, action, detail) VALUES (?, ?, ?)", &q,
	    what) != 0)
		return -1;
	sqlite3_bind_int64(q, 1, wall_ms);
	sqlite3_bind_text(q, 2, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, detail ? detail : "", -1, SQLITE_STATIC);
	return write_one(st, q, what);
}

int audit_each(store *st, audit_each_fn fn, void *ctx)
{
	static const char what[] = "cannot read the audit trail";
	sqlite3_stmt *q;
	int rc = SQLITE_DONE, has = has_table(st, "audit"), stop = 0;

	if (has <= 0)
		return has;
	/* id breaks ties of one millisecond, and survives a clock set back. */
	if (prepare(st, "SELECT at, action, detail FROM audit ORDER BY id", &q, what) != 0)
		return -1;
	while (!stop && (rc = store_step(st, q)) == SQLITE_ROW) {
		const unsigned char *action = sqlite3_column_text(q, 1);
		const unsigned char *detail = sqlite3_column_text(q, 2);
		stop = fn(ctx, sqlite3_column_int64(q, 0),
		    action ? (const char *)action : "", detail ? (const char *)detail : "");
	}
	sqlite3_finalize(q);
	if (stop)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, what);
}

int audit_lock_get(store *st, audit_lock *out)
{
	static const char what[] = "cannot read the PIN lock";
	sqlite3_stmt *q;
	int rc, has = has_table(st, "admin_lock");

	memset(out, 0, sizeof *out);
	if (has <= 0)
		return has;
	if (prepare(st, "SELECT failures, locked_until FROM admin_lock WHERE id = 1", &q,
	    what) != 0)
		return -1;
	if ((rc = store_step(st, q)) == SQLITE_ROW) {
		out->failures = sqlite3_column_int(q, 0);
		out->locked_until_ms = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, rc, what);
}

int audit_lock_put(store *st, const audit_lock *l)
{
	static const char what[] = "cannot write the PIN lock";
	sqlite3_stmt *q;

	if (st->read_only)
		return BAD(st, "%s: opened read-only", what);
	if (prepare(st, "INSERT OR REPLACE INTO admin_lock (id, failures, locked_until) "
	    "VALUES (1, ?, ?)", &q, what) != 0)
		return -1;
	sqlite3_bind_int(q, 1, l->failures);
	sqlite3_bind_int64(q, 2, l->locked_until_ms);
	return write_one(st, q, what);
}
