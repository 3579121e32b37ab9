/*
 * store_retain.c — finding a session by its receipt code and purging those
 * past the retention period (SPEC §14). Both read only the columns kept in
 * clear (id, started_at), so they work the same on a sealed store.
 */
#include "store_internal.h"

#include <stdio.h>
#include <string.h>

#include "receipt.h"

/*
 * The code is a hash of the id, so nothing can look it up: every id is
 * hashed in turn. A kiosk holds a few thousand sessions at most, and erasing
 * is rare.
 */
int store_find_receipt(store *st, const char *code, char id[SESSION_ID_LEN + 1])
{
	char want[RECEIPT_LEN + 1], got[RECEIPT_LEN + 1];
	sqlite3_stmt *q;
	int rc, found = 1;

	id[0] = '\0';
	if (code == NULL || !receipt_normalise(code, want))
		return 1;
	rc = store_note(st, sqlite3_prepare_v2(st->db, "SELECT id FROM sessions ORDER BY id",
	                                       -1, &q, NULL));
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "cannot look up the receipt code");
	while ((rc = store_step(st, q)) == SQLITE_ROW) {
		const unsigned char *row = sqlite3_column_text(q, 0);
		if (row == NULL || strlen((const char *)row) != SESSION_ID_LEN)
			continue;
		receipt_code((const char *)row, got);
		if (strcmp(got, want) == 0) {
			memcpy(id, row, SESSION_ID_LEN + 1);
			found = 0;
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, "cannot look up the receipt code");
	return found;
}

/* Answers first: they name their session, the session row does not name them. */
static const char purge_sql[][96] = {
	"DELETE FROM answers WHERE session_id IN (SELECT id FROM sessions WHERE started_at < ?1)",
	"DELETE FROM sessions WHERE started_at < ?1",
};

int store_purge_before(store *st, int64_t cutoff_ms)
{
	const char *what = "cannot purge old sessions";
	sqlite3_stmt *q = NULL;
	int rc, purged = 0;

	if (st->read_only)
		return BAD(st, "%s: opened read-only", what);
	if ((rc = store_exec(st, "BEGIN IMMEDIATE")) != SQLITE_OK)
		return store_fail(st, rc, what);
	for (size_t i = 0; rc == SQLITE_OK && i < sizeof purge_sql / sizeof purge_sql[0]; i++) {
		rc = store_note(st, sqlite3_prepare_v2(st->db, purge_sql[i], -1, &q, NULL));
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(q, 1, cutoff_ms);
			if ((rc = store_step(st, q)) == SQLITE_DONE)
				rc = SQLITE_OK;
			purged = sqlite3_changes(st->db);
		}
		sqlite3_finalize(q);
		q = NULL;
	}
	if (rc == SQLITE_OK)
		rc = store_exec(st, "COMMIT");
	if (rc == SQLITE_OK)
		return purged;
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return store_fail(st, rc, what);
}
