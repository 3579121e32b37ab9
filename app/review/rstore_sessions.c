#include "rstore_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "score.h"
#include "store_rows.h"

/* The columns of STORE_ANSWER_COLS (a wrong count fails the prepare). */
#define ANSWER_NCOLS 16

static char *questions_json(int n, const char ids[][SESSION_SHORT])
{
	json_t *arr = json_array();
	char *out;

	for (int i = 0; arr != NULL && i < n; i++)
		json_array_append_new(arr, json_string(ids[i]));
	out = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	return out;
}

static int questions_parse(const char *text, rstore_event *e)
{
	json_t *arr = text ? json_loads(text, 0, NULL) : NULL;
	size_t i;
	json_t *v;

	e->question_count = 0;
	if (!json_is_array(arr)) {
		json_decref(arr);
		return -1;
	}
	json_array_foreach(arr, i, v) {
		if (i >= SESSION_MAX_QUESTIONS || !json_is_string(v))
			break;
		snprintf(e->question_ids[i], SESSION_SHORT, "%s", json_string_value(v));
		e->question_count = (int)i + 1;
	}
	json_decref(arr);
	return 0;
}

/* 0 fits the event (recorded now when new), 1 disagrees with it, -1 error. */
static bool event_matches(const rstore_event *e, const session_record *s)
{
	if (e->threshold != s->threshold || e->question_count != s->question_count ||
	    strcmp(e->pack_hash, s->pack_hash) != 0)
		return false;
	for (int i = 0; i < s->question_count; i++)
		if (strcmp(e->question_ids[i], s->question_ids[i]) != 0)
			return false;
	return true;
}

static void event_cache(rstore *rs, const session_record *s)
{
	rstore_event *e = &rs->event;

	snprintf(e->id, sizeof e->id, "%s", s->event_id);
	snprintf(e->pack_hash, sizeof e->pack_hash, "%s", s->pack_hash);
	e->threshold = s->threshold;
	e->question_count = s->question_count;
	memcpy(e->question_ids, s->question_ids, sizeof e->question_ids);
	rs->event_cached = true;
}

static int check_event(rstore *rs, const session_record *s)
{
	char *questions;
	sqlite3_stmt *q;
	int rc;

	if (rs->event_cached && strcmp(rs->event.id, s->event_id) == 0)
		return event_matches(&rs->event, s) ? 0 : 1;
	questions = questions_json(s->question_count, s->question_ids);
	q = rs_stmt(rs, Q_EVENT_GET);
	if (questions == NULL)
		return rs_bad(rs, "session %s: out of memory", s->id);
	rs_bind_str(q, 1, s->event_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const char *ph = (const char *)sqlite3_column_text(q, 1);
		const char *qs = (const char *)sqlite3_column_text(q, 3);
		rc = sqlite3_column_int(q, 2) != s->threshold ||
		     strcmp(ph ? ph : "", s->pack_hash) != 0 ||
		     strcmp(qs ? qs : "", questions) != 0;
		sqlite3_reset(q);
	} else if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		q = rs_stmt(rs, Q_EVENT_PUT);
		rs_bind_str(q, 1, s->event_id);
		rs_bind_str(q, 2, s->event_hash);
		rs_bind_str(q, 3, s->pack_hash);
		sqlite3_bind_int(q, 4, s->threshold);
		rs_bind_str(q, 5, questions);
		rc = rs_run(rs, q, "cannot record the event");
	} else {
		sqlite3_reset(q);
		rc = rs_fail(rs, "cannot read events");
	}
	free(questions);
	if (rc == 0)
		event_cache(rs, s);
	return rc;
}

/* "INSERT INTO answers ... VALUES (...), (...)" for n rows, reset. */
static sqlite3_stmt *answers_put(rstore *rs, int n)
{
	char sql[4096];
	int len;

	if (rs->answers_put[n] != NULL) {
		sqlite3_reset(rs->answers_put[n]);
		return rs->answers_put[n];
	}
	len = snprintf(sql, sizeof sql, "INSERT INTO answers (rowid, " STORE_ANSWER_COLS
	               ") VALUES ");
	for (int i = 0; i < n && len > 0 && (size_t)len < sizeof sql; i++) {
		len += snprintf(sql + len, sizeof sql - (size_t)len, "%s(?", i ? ", " : "");
		for (int c = 0; c < ANSWER_NCOLS && (size_t)len < sizeof sql; c++)
			len += snprintf(sql + len, sizeof sql - (size_t)len, ", ?");
		if ((size_t)len < sizeof sql)
			len += snprintf(sql + len, sizeof sql - (size_t)len, ")");
	}
	if (len < 0 || (size_t)len >= sizeof sql ||
	    sqlite3_prepare_v3(rs->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	                       &rs->answers_put[n], NULL) != SQLITE_OK)
		return NULL;
	return rs->answers_put[n];
}

/* old_row: the row of the revision it replaces, 0 when new. */
static int put_session(rstore *rs, const session_record *s, const char *content_hash,
                       sqlite3_int64 old_row)
{
	sqlite3_stmt *q;
	sqlite3_int64 row;
	int n;

	if (old_row > 0) {
		q = rs_stmt(rs, Q_ANSWERS_DEL);
		sqlite3_bind_int64(q, 1, old_row);
		if (rs_run(rs, q, "cannot store the session") != 0)
			return -1;
	}
	q = rs_stmt(rs, Q_SESSION_PUT);
	if (store_bind_session(q, 1, s) != 0)
		return rs_bad(rs, "session %s: not UTF-8", s->id);
	rs_bind_str(q, STORE_SESSION_NCOLS + 1, content_hash);
	sqlite3_bind_int(q, STORE_SESSION_NCOLS + 2, s->answer_count);
	rs_bind_str(q, STORE_SESSION_NCOLS + 3, rs->source);
	if (rs_run(rs, q, "cannot store the session") != 0)
		return -1;
	row = sqlite3_last_insert_rowid(rs->db);
	if (s->answer_count <= 0)
		return 0;
	n = s->answer_count < SESSION_MAX_QUESTIONS ? s->answer_count : SESSION_MAX_QUESTIONS;
	if ((q = answers_put(rs, n)) == NULL)
		return rs_fail(rs, "cannot store an answer");
	for (int i = 0; i < n; i++) {
		sqlite3_bind_int64(q, 1 + i * (1 + ANSWER_NCOLS),
		                   row * SESSION_MAX_QUESTIONS + i);
		store_bind_answer(q, 2 + i * (1 + ANSWER_NCOLS), &s->answers[i]);
	}
	return rs_run(rs, q, "cannot store an answer");
}

static int add_session(rstore *rs, const session_record *s, const char *content_hash,
                       rstore_add_result *result)
{
	sqlite3_stmt *q;
	sqlite3_int64 old_row = 0;
	int rc;

	if ((rc = rstore_was_erased(rs, s->id)) != 0) {
		*result = RSTORE_ERASED;
		return rc < 0 ? -1 : 0;
	}
	/* Even a copy of a session already kept is held against its event, so
	 * a tampered copy is reported wherever it turns up. */
	if ((rc = check_event(rs, s)) != 0) {
		*result = RSTORE_TAMPERED;
		return rc < 0 ? -1 : 0;
	}
	q = rs_stmt(rs, Q_SESSION_GET);
	rs_bind_str(q, 1, s->id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		int64_t revision = sqlite3_column_int64(q, 0);
		const char *hash = (const char *)sqlite3_column_text(q, 1);
		bool same = hash != NULL && strcmp(hash, content_hash) == 0;
		old_row = sqlite3_column_int64(q, 2);
		sqlite3_reset(q);
		if (same) {
			*result = RSTORE_SAME;
			return 0;
		}
		if (s->revision < revision) {
			*result = RSTORE_OLDER;
			return 0;
		}
		if (s->revision == revision) {
			*result = RSTORE_CONFLICT;
			return 0;
		}
		*result = RSTORE_NEWER;
	} else if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		*result = RSTORE_ADDED;
	} else {
		sqlite3_reset(q);
		return rs_fail(rs, "cannot read sessions");
	}
	return put_session(rs, s, content_hash, old_row);
}

int rstore_add_session(rstore *rs, const session_record *s, const char *content_hash,
                       rstore_add_result *result)
{
	int rc = rs_write_begin(rs);

	if (rc == 0)
		rc = add_session(rs, s, content_hash, result);
	return rs_write_end(rs, rc);
}

void rstore_set_source(rstore *rs, const char *dir)
{
	free(rs->source);
	rs->source = dir ? strdup(dir) : NULL;
}

int rstore_session_source(rstore *rs, const char *session_id, char *dir, size_t len)
{
	sqlite3_stmt *q = rs_stmt(rs, Q_SESSION_SOURCE);
	int rc;

	rs_bind_str(q, 1, session_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		rs_copy_col(q, 0, dir, len);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : rs_fail(rs, "cannot read sessions");
}

int rstore_rows(rstore *rs, rstore_row **out, int *count)
{
	sqlite3_stmt *q = rs_stmt(rs, Q_ROWS);
	rstore_row *rows = NULL, *grown;
	int n = 0, cap = 0, rc;

	*out = NULL;
	*count = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((grown = realloc(rows, (size_t)cap * sizeof *rows)) == NULL) {
				sqlite3_reset(q);
				free(rows);
				return rs_bad(rs, "out of memory");
			}
			rows = grown;
		}
		rstore_row *r = &rows[n++];
		memset(r, 0, sizeof *r);
		rs_copy_col(q, 0, r->session_id, sizeof r->session_id);
		/* Worked out, not stored: a store made before the codes' scheme
		 * changed shows the codes every other reviewer sees. */
		_Static_assert(sizeof r->code >= SCORE_CODE_LEN, "a candidate code fits");
		score_candidate_code(r->session_id, r->code);
		rs_copy_col(q, 1, r->event_id, sizeof r->event_id);
		rs_copy_col(q, 2, r->language, sizeof r->language);
		const char *st = (const char *)sqlite3_column_text(q, 3);
		if (st == NULL || session_status_parse(st, &r->status) != 0)
			r->status = SESSION_INTERRUPTED;
		r->answer_count = sqlite3_column_int(q, 4);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(rows);
		return rs_fail(rs, "cannot list sessions");
	}
	*out = rows;
	*count = n;
	return 0;
}

int rstore_events(rstore *rs, rstore_event **out, int *count)
{
	sqlite3_stmt *q = rs_stmt(rs, Q_EVENTS);
	rstore_event *list = NULL, *grown;
	int n = 0, rc;

	*out = NULL;
	*count = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((grown = realloc(list, (size_t)(n + 1) * sizeof *list)) == NULL) {
			sqlite3_reset(q);
			free(list);
			return rs_bad(rs, "out of memory");
		}
		list = grown;
		rstore_event *e = &list[n++];
		memset(e, 0, sizeof *e);
		rs_copy_col(q, 0, e->id, sizeof e->id);
		rs_copy_col(q, 1, e->hash, sizeof e->hash);
		rs_copy_col(q, 2, e->pack_hash, sizeof e->pack_hash);
		e->threshold = sqlite3_column_int(q, 3);
		questions_parse((const char *)sqlite3_column_text(q, 4), e);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(list);
		return rs_fail(rs, "cannot list events");
	}
	*out = list;
	*count = n;
	return 0;
}

int rstore_load(rstore *rs, const char *session_id, session_record *out)
{
	sqlite3_stmt *q = rs_stmt(rs, Q_LOAD);
	sqlite3_int64 row;
	int rc, n = 0;

	session_clear(out);
	rs_bind_str(q, 1, session_id);
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		sqlite3_reset(q);
		return rc == SQLITE_DONE ? 1 : rs_fail(rs, "cannot read the session");
	}
	rc = store_read_session(q, out);
	out->answer_count = sqlite3_column_int(q, STORE_SESSION_NCOLS);
	row = sqlite3_column_int64(q, STORE_SESSION_NCOLS + 1);
	sqlite3_reset(q);
	if (rc != SQLITE_OK)
		goto failed;
	q = rs_stmt(rs, Q_LOAD_ANSWERS);
	sqlite3_bind_int64(q, 1, row);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && n < SESSION_MAX_QUESTIONS)
		if ((rc = store_read_answer(q, &out->answers[n++])) != SQLITE_OK)
			break;
	sqlite3_reset(q);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		out->answer_count = n;
		return 0;
	}
failed:
	session_clear(out);
	return rs_bad(rs, "cannot read session %s", session_id);
}
