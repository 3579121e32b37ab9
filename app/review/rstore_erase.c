/*
 * rstore_erase.c — a candidate's session erased from the review store on
 * request, and the tombstone that keeps it from coming back with a bundle
 * (rstore.h). Only the id is remembered: nothing of the candidate.
 */
#include "rstore_internal.h"

#include <string.h>

#include "receipt.h"

int rstore_find_receipt(rstore *rs, const char *code, char id[SESSION_ID_LEN + 1])
{
	char want[RECEIPT_LEN + 1], got[RECEIPT_LEN + 1];
	sqlite3_stmt *q;
	int rc, found = 1;

	id[0] = '\0';
	if (code == NULL || !receipt_normalise(code, want))
		return 1;
	/* The code is a hash of the id: every id is hashed in turn. */
	if (sqlite3_prepare_v2(rs->db, "SELECT id FROM sessions", -1, &q, NULL) != SQLITE_OK)
		return rs_fail(rs, "cannot look up the receipt code");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
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
	if (rc != SQLITE_DONE) {
		rs_fail(rs, "cannot look up the receipt code");
		found = -1;
	}
	sqlite3_finalize(q);
	return found;
}

int rstore_was_erased(rstore *rs, const char *session_id)
{
	sqlite3_stmt *q = rs_stmt(rs, Q_ERASED_GET);
	int rc;

	rs_bind_str(q, 1, session_id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : rs_fail(rs, "cannot read the erased sessions");
}

/* Runs sql with the id as ?1 (and at as ?2 where it takes one). */
static int run_with(rstore *rs, const char *sql, const char *id, int64_t at)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(rs->db, sql, -1, &q, NULL) != SQLITE_OK)
		return rs_fail(rs, "cannot erase the session");
	rs_bind_str(q, 1, id);
	if (sqlite3_bind_parameter_count(q) > 1)
		sqlite3_bind_int64(q, 2, at);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : rs_fail(rs, "cannot erase the session");
}

static int erase_rows(rstore *rs, const char *id, int64_t at, int64_t *started_at, int *found)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(rs->db, "SELECT started_at FROM sessions WHERE id = ?", -1, &q,
	                       NULL) != SQLITE_OK)
		return rs_fail(rs, "cannot erase the session");
	rs_bind_str(q, 1, id);
	rc = sqlite3_step(q);
	*found = rc == SQLITE_ROW;
	if (*found && started_at != NULL)
		*started_at = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rs_fail(rs, "cannot erase the session");
	/* Answer i of the session in row r is row r * 8 + i (rstore.c). */
	if (run_with(rs, "DELETE FROM answers WHERE rowid BETWEEN "
	             "(SELECT rowid FROM sessions WHERE id = ?1) * 8 AND "
	             "(SELECT rowid FROM sessions WHERE id = ?1) * 8 + 7", id, at) != 0 ||
	    run_with(rs, "DELETE FROM scores WHERE session_id = ?1", id, at) != 0 ||
	    run_with(rs, "DELETE FROM sessions WHERE id = ?1", id, at) != 0 ||
	    run_with(rs, "INSERT OR IGNORE INTO erased (id, erased_at) VALUES (?1, ?2)", id, at) != 0)
		return -1;
	return 0;
}

int rstore_erase(rstore *rs, const char *session_id, int64_t at, int64_t *started_at)
{
	int found = 0, rc;

	if (session_id == NULL || strlen(session_id) != SESSION_ID_LEN)
		return rs_bad(rs, "cannot erase '%s': not a session id", session_id ? session_id : "");
	if (rs->in_tx)
		return rs_bad(rs, "cannot erase inside another transaction");
	if (rs_run(rs, rs_stmt(rs, Q_BEGIN), "cannot begin") != 0)
		return -1;
	rc = erase_rows(rs, session_id, at, started_at, &found);
	if (rc == 0 && rs_run(rs, rs_stmt(rs, Q_COMMIT), "cannot commit") != 0)
		rc = -1;
	if (rc != 0) {
		if (!sqlite3_get_autocommit(rs->db))
			rs_run(rs, rs_stmt(rs, Q_ROLLBACK), "cannot roll back");
		rs->event_cached = false;
		return -1;
	}
	/* secure_delete zeroed the pages in the WAL; the database file still
	 * holds their old copies until they are checkpointed over. */
	if (sqlite3_wal_checkpoint_v2(rs->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) !=
	    SQLITE_OK)
		return rs_fail(rs, "erased, but the journal could not be folded into the file");
	return found ? 0 : 1;
}
