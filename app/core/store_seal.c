/*
 * store_seal.c — the store under the reviewing team's key (SPEC §14). Each
 * save becomes the session's prescreen.session.v1 JSON, exactly as the
 * exporter writes it, sealed for the key: SQLite only ever sees that box and
 * what stays in clear (ids, status, times, counts, sizes), so no page, WAL
 * frame or freed cell of the database holds a candidate's words. The box is
 * what the export copies into the bundle byte for byte.
 */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_format.h"
#include "seal.h"
#include "store_rows.h"

int store_seal_record(store *st, const session_record *s, session_record *m)
{
	session_record doc = *s;       /* shallow: the JSON reads s's strings */
	export_buf json = { 0 };
	size_t len = 0;
	int rc;

	/* A box cannot be amended once the kiosk is killed: a session still in
	 * progress is sealed as the recovery after a kill -9 would leave it. */
	if (doc.status == SESSION_IN_PROGRESS) {
		doc.status = SESSION_INTERRUPTED;
		doc.ended_at = 0;
	}
	doc.sealed = NULL;
	doc.sealed_len = 0;
	rc = export_session_write(&json, &doc);
	explicit_bzero(&doc, sizeof doc);
	*m = *s;
	m->sealed = NULL;
	if (rc == 0 && !json.failed)
		m->sealed = seal_box(st->seal_pk, json.data, json.len, &len);
	export_buf_free(&json);        /* wiped */
	if (m->sealed == NULL) {
		explicit_bzero(m, sizeof *m);
		return -1;
	}
	m->sealed_len = len;
	memcpy(m->sealed_key, st->seal_pk, sizeof m->sealed_key);
	/* What is left in clear: the texts go, their counts and times stay. */
	m->name = NULL;
	for (int i = 0; i < SESSION_MAX_CONTACTS; i++)
		m->contacts[i].value = NULL;
	m->contact_count = 0;
	for (int i = 0; i < SESSION_MAX_QUESTIONS; i++)
		m->answers[i].answer = NULL;
	return 0;
}

void store_seal_release(session_record *m)
{
	free(m->sealed);
	explicit_bzero(m, sizeof *m);
}

void store_bind_sealed(sqlite3_stmt *q, int col, const session_record *s)
{
	if (s->sealed == NULL) {
		sqlite3_bind_null(q, col);
		sqlite3_bind_null(q, col + 1);
		return;
	}
	sqlite3_bind_blob(q, col, s->sealed, (int)s->sealed_len, SQLITE_STATIC);
	sqlite3_bind_blob(q, col + 1, s->sealed_key, (int)sizeof s->sealed_key, SQLITE_STATIC);
}

int store_read_sealed(sqlite3_stmt *q, int col, session_record *s)
{
	const void *box = sqlite3_column_blob(q, col);
	int len = sqlite3_column_bytes(q, col);
	const void *key;

	if (box == NULL)
		return SQLITE_OK;
	key = sqlite3_column_blob(q, col + 1);
	if (len <= SEAL_OVERHEAD || key == NULL ||
	    sqlite3_column_bytes(q, col + 1) != (int)sizeof s->sealed_key)
		return SQLITE_CORRUPT;
	memcpy(s->sealed_key, key, sizeof s->sealed_key);
	if ((s->sealed = malloc((size_t)len)) == NULL)
		return SQLITE_NOMEM;
	memcpy(s->sealed, box, (size_t)len);
	s->sealed_len = (size_t)len;
	return SQLITE_OK;
}

/* The ids of the sessions still in clear, in a new array. */
static int clear_ids(store *st, char (**ids)[SESSION_ID_LEN + 1], int *n)
{
	sqlite3_stmt *q = store_stmt(st, Q_CLEAR_IDS);
	int rc, cap = 0;

	*ids = NULL;
	*n = 0;
	while ((rc = store_step(st, q)) == SQLITE_ROW) {
		if (*n == cap) {
			void *grown = realloc(*ids, (size_t)(cap = cap ? 2 * cap : 32) * sizeof **ids);
			if (grown == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			*ids = grown;
		}
		const unsigned char *t = sqlite3_column_text(q, 0);
		snprintf((*ids)[(*n)++], SESSION_ID_LEN + 1, "%s", t ? (const char *)t : "");
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* One clear session read and written back sealed, inside the transaction. */
static int seal_one(store *st, const char *id)
{
	sqlite3_stmt *q = store_stmt(st, Q_LOAD);
	session_record s, m;
	int rc;

	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if ((rc = store_step(st, q)) != SQLITE_ROW) {
		sqlite3_reset(q);
		return rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	rc = store_load_row(st, q, &s);
	sqlite3_reset(q);
	if (rc == SQLITE_OK && s.sealed == NULL) {
		if (store_seal_record(st, &s, &m) != 0) {
			rc = SQLITE_NOMEM;
		} else {
			sqlite3_stmt *put = store_stmt(st, Q_PUT_SESSION);
			if (store_bind_session(put, 1, &m) != 0)
				rc = SQLITE_MISMATCH;
			else {
				store_bind_sealed(put, STORE_SESSION_NCOLS + 1, &m);
				rc = store_put_rows(st, put, &m);
			}
			sqlite3_reset(put);
			sqlite3_clear_bindings(put);
			sqlite3_reset(st->q[Q_PUT_ANSWER]);
			store_seal_release(&m);
		}
	}
	session_clear(&s);
	return rc;
}

/* Every session stored in clear, sealed in one transaction: all or none. */
static int seal_in_place(store *st)
{
	char (*ids)[SESSION_ID_LEN + 1] = NULL;
	int n = 0, rc;

	if ((rc = store_run(st, Q_BEGIN)) == SQLITE_OK &&
	    (rc = clear_ids(st, &ids, &n)) == SQLITE_OK)
		for (int i = 0; i < n && rc == SQLITE_OK; i++)
			rc = seal_one(st, ids[i]);
	if (rc == SQLITE_OK)
		rc = store_run(st, Q_COMMIT);
	free(ids);
	if (rc != SQLITE_OK) {
		if (!sqlite3_get_autocommit(st->db))
			store_run(st, Q_ROLLBACK);
		return store_fail(st, rc, "cannot seal the sessions stored in clear");
	}
	/* The clear versions leave the WAL too; a reader in the way only
	 * delays that to the next scrub between candidates. */
	if (n > 0)
		store_checkpoint(st);
	return 0;
}

int store_set_seal_key(store *st, const unsigned char *pk)
{
	if (pk == NULL) {
		st->sealing = false;
		explicit_bzero(st->seal_pk, sizeof st->seal_pk);
		return 0;
	}
	if (st->read_only)
		return BAD(st, "%s", "cannot seal sessions: opened read-only");
	memcpy(st->seal_pk, pk, sizeof st->seal_pk);
	st->sealing = true;
	return seal_in_place(st);
}
