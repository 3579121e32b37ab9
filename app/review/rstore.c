#include "rstore.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#include "score.h"
#include "store_rows.h"

#define RSTORE_SCHEMA_VERSION 1
/* The answers' row numbers below assume 8 answers at most. */
_Static_assert(SESSION_MAX_QUESTIONS == 8, "answer rows are session row * 8 + index");
#define RSTORE_BUSY_MS 3000

enum {
	Q_BEGIN, Q_COMMIT, Q_ROLLBACK,
	Q_BUNDLE_SEEN, Q_BUNDLE_DONE,
	Q_EVENT_GET, Q_EVENT_PUT,
	Q_SESSION_GET, Q_SESSION_SOURCE, Q_SESSION_PUT, Q_ANSWERS_DEL, Q_ANSWER_PUT,
	Q_ROWS, Q_EVENTS, Q_LOAD, Q_LOAD_ANSWERS,
	Q_SEED_GET, Q_SEED_PUT,
	Q_SCORE_PUT, Q_NOTE_PUT, Q_SCORE_PRUNE, Q_SCORES,
	Q_MAX
};

/* The sessions and answers columns are the kiosk store's (store_rows.h), so
 * a session goes in and comes out through the same binding code; the review
 * adds what it lists and compares by. */
static const char *const sql_text[Q_MAX] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_BUNDLE_SEEN] = "SELECT 1 FROM bundles WHERE fingerprint = ?",
	[Q_BUNDLE_DONE] = "INSERT OR REPLACE INTO bundles (fingerprint, dir, imported_at) "
		"VALUES (?, ?, CAST((julianday('now') - 2440587.5) * 86400000 AS INT))",
	[Q_EVENT_GET] = "SELECT hash, pack_hash, threshold, questions FROM events WHERE id = ?",
	[Q_EVENT_PUT] = "INSERT INTO events (id, hash, pack_hash, threshold, questions) "
		"VALUES (?, ?, ?, ?, ?)",
	[Q_SESSION_GET] = "SELECT revision, content_hash, rowid FROM sessions WHERE id = ?",
	[Q_SESSION_SOURCE] = "SELECT source FROM sessions WHERE id = ?",
	[Q_SESSION_PUT] = "INSERT OR REPLACE INTO sessions (" STORE_SESSION_COLS ", "
		"content_hash, code, answer_count, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* Answer i of the session in row r is row r * 8 + i: a session's answers
	 * are one range of the table's own key, and the rows (a few hundred
	 * bytes to a few kB) stay in the pages of a rowid table instead of
	 * spilling into overflow pages as they would in an index. */
	[Q_ANSWERS_DEL] = "DELETE FROM answers WHERE rowid BETWEEN ?1 * 8 AND ?1 * 8 + 7",
	[Q_ANSWER_PUT] = "INSERT INTO answers (rowid, " STORE_ANSWER_COLS ") "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_ROWS] = "SELECT id, code, event_id, language, status, answer_count "
		"FROM sessions ORDER BY id",
	[Q_EVENTS] = "SELECT id, hash, pack_hash, threshold, questions FROM events ORDER BY id",
	[Q_LOAD] = "SELECT " STORE_SESSION_COLS ", answer_count, rowid FROM sessions WHERE id = ?",
	[Q_LOAD_ANSWERS] = "SELECT " STORE_ANSWER_COLS " FROM answers "
		"WHERE rowid BETWEEN ?1 * 8 AND ?1 * 8 + 7 ORDER BY rowid",
	[Q_SEED_GET] = "SELECT seed FROM reviewers WHERE name = ?",
	[Q_SEED_PUT] = "INSERT INTO reviewers (name, seed) VALUES (?, ?)",
	[Q_SCORE_PUT] = "INSERT INTO scores (reviewer, session_id, question_id, score, "
		"automatic, scored_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
		"ON CONFLICT DO UPDATE SET score = ?4, automatic = ?5, scored_at = ?6",
	[Q_NOTE_PUT] = "INSERT INTO scores (reviewer, session_id, question_id, score, "
		"automatic, note, scored_at) VALUES (?1, ?2, ?3, 0, 0, ?4, ?5) "
		"ON CONFLICT DO UPDATE SET note = ?4",
	/* A row with neither score nor note says nothing. */
	[Q_SCORE_PRUNE] = "DELETE FROM scores WHERE reviewer = ? AND session_id = ? "
		"AND question_id = ? AND score = 0 AND note IS NULL",
	[Q_SCORES] = "SELECT reviewer, session_id, question_id, score, automatic, note, "
		"scored_at FROM scores WHERE (?1 IS NULL OR reviewer = ?1) "
		"AND (?2 IS NULL OR session_id = ?2) ORDER BY reviewer, session_id, question_id",
};

/* questions is a JSON array of ids; record lives in the sessions columns of
 * the kiosk store plus the answers table, read back one session at a time. */
static const char schema_sql[] =
	"BEGIN IMMEDIATE;"
	"CREATE TABLE bundles (fingerprint TEXT PRIMARY KEY NOT NULL, dir TEXT,"
	" imported_at INT) STRICT;"
	"CREATE TABLE events (id TEXT PRIMARY KEY NOT NULL, hash TEXT, pack_hash TEXT,"
	" threshold INT, questions TEXT) STRICT;"
	"CREATE TABLE sessions (id TEXT PRIMARY KEY NOT NULL, kiosk_id TEXT,"
	" event_id TEXT, event_hash TEXT, threshold INT, pack_id TEXT, pack_version TEXT,"
	" pack_hash TEXT, language TEXT, consent_version TEXT, consent_at INT, name TEXT,"
	" started_at INT, ended_at INT, question_ids TEXT, contacts TEXT, status TEXT,"
	" revision INT NOT NULL, content_hash TEXT NOT NULL, code TEXT NOT NULL,"
	" answer_count INT NOT NULL, source TEXT) STRICT;"
	"CREATE TABLE answers (question_id TEXT, type TEXT, question_text TEXT, answer TEXT, shown_at INT,"
	" first_input_ms INT, submitted_ms INT, total_ms INT, active_ms INT,"
	" keystrokes INT, deletions INT, characters INT, words INT, timed_out INT,"
	" skipped INT, submitted INT) STRICT;"
	"CREATE TABLE reviewers (name TEXT PRIMARY KEY NOT NULL, seed INT NOT NULL) STRICT;"
	"CREATE TABLE scores (reviewer TEXT NOT NULL, session_id TEXT NOT NULL,"
	" question_id TEXT NOT NULL, score INT NOT NULL CHECK (score BETWEEN 0 AND 5),"
	" automatic INT NOT NULL, note TEXT, scored_at INT NOT NULL,"
	" PRIMARY KEY (reviewer, session_id, question_id)) STRICT, WITHOUT ROWID;"
	"PRAGMA user_version = 1;"
	"COMMIT;";

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
};

__attribute__((format(printf, 2, 3)))
static int bad(rstore *rs, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(rs->err, sizeof rs->err, "%s: ", rs->path);

	va_start(ap, fmt);
	vsnprintf(rs->err + n, sizeof rs->err - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int fail(rstore *rs, const char *what)
{
	return bad(rs, "%s: %s", what, sqlite3_errmsg(rs->db));
}

static sqlite3_stmt *stmt(rstore *rs, int q)
{
	sqlite3_reset(rs->q[q]);
	sqlite3_clear_bindings(rs->q[q]);
	return rs->q[q];
}

/* Runs a statement to its end; SQLITE_DONE becomes 0. */
static int run(rstore *rs, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : fail(rs, what);
}

static void bind_str(sqlite3_stmt *q, int col, const char *text)
{
	if (text == NULL)
		sqlite3_bind_null(q, col);
	else
		sqlite3_bind_text(q, col, text, -1, SQLITE_STATIC);
}

static void copy_col(sqlite3_stmt *q, int col, char *out, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(q, col);
	snprintf(out, cap, "%s", t ? (const char *)t : "");
}

/* mkdir -p, owner only. */
static int mkdir_parents(char *path)
{
	char *slash = strrchr(path, '/');
	int rc;

	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT || slash == NULL || slash == path)
		return -1;
	*slash = '\0';
	rc = mkdir_parents(path);
	*slash = '/';
	return rc == 0 && mkdir(path, 0700) != 0 && errno != EEXIST ? -1 : rc;
}

/* The file exists, owner only, before SQLite opens it; the umask covers the
 * -wal and -shm files SQLite creates beside it. */
static int create_private(rstore *rs)
{
	char *dir = strdup(rs->path), *slash;
	int fd, rc = 0;

	if (dir == NULL)
		return bad(rs, "out of memory");
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir_parents(dir) != 0)
			rc = bad(rs, "cannot create the folder %s: %s", dir, strerror(errno));
	}
	free(dir);
	if (rc != 0)
		return rc;
	if ((fd = open(rs->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
		return bad(rs, "cannot open: %s", strerror(errno));
	if (fchmod(fd, 0600) != 0)
		rc = bad(rs, "cannot make it private: %s", strerror(errno));
	close(fd);
	return rc;
}

static int pragma_is(rstore *rs, const char *sql, const char *want)
{
	sqlite3_stmt *q;
	int ok = 0;

	if (sqlite3_prepare_v2(rs->db, sql, -1, &q, NULL) != SQLITE_OK)
		return fail(rs, sql);
	if (sqlite3_step(q) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);
		ok = t != NULL && strcmp((const char *)t, want) == 0;
	}
	sqlite3_finalize(q);
	return ok ? 0 : bad(rs, "%s did not give %s", sql, want);
}

static int configure(rstore *rs)
{
	sqlite3_stmt *q;
	int version = -1;

	sqlite3_extended_result_codes(rs->db, 1);
	sqlite3_busy_timeout(rs->db, RSTORE_BUSY_MS);
	/* Lookaside slots are reused without being freed: no wiping free() could
	 * reach the answers and notes left in them. */
	sqlite3_db_config(rs->db, SQLITE_DBCONFIG_LOOKASIDE, NULL, 0, 0);
	if (pragma_is(rs, "PRAGMA secure_delete=ON", "1") != 0 ||
	    pragma_is(rs, "PRAGMA journal_mode=WAL", "wal") != 0)
		return -1;
	if (sqlite3_exec(rs->db, "PRAGMA synchronous=FULL; PRAGMA cache_size=-8192",
	                 NULL, NULL, NULL) != SQLITE_OK)
		return fail(rs, "cannot configure");
	if (sqlite3_prepare_v2(rs->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
		return fail(rs, "not a database");
	if (sqlite3_step(q) == SQLITE_ROW)
		version = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (version < 0)
		return fail(rs, "not a database");
	if (version > RSTORE_SCHEMA_VERSION)
		return bad(rs, "written by a newer prescreen (schema version %d)", version);
	if (version == 0 && sqlite3_exec(rs->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
		fail(rs, "cannot create the review store");
		sqlite3_exec(rs->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	for (int i = 0; i < Q_MAX; i++)
		if (sqlite3_prepare_v3(rs->db, sql_text[i], -1, SQLITE_PREPARE_PERSISTENT,
		                       &rs->q[i], NULL) != SQLITE_OK)
			return fail(rs, "not a review store");
	return 0;
}

rstore *rstore_open(const char *path, char *err, size_t errlen)
{
	rstore *rs = calloc(1, sizeof *rs);
	mode_t old;
	int rc;

	if (rs == NULL || (rs->path = strdup(path)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		free(rs);
		return NULL;
	}
	old = umask(077);
	rc = create_private(rs);
	if (rc == 0 && sqlite3_open_v2(path, &rs->db, SQLITE_OPEN_READWRITE |
	                               SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		rc = fail(rs, "cannot open");
	if (rc == 0)
		rc = configure(rs);
	umask(old);
	if (rc != 0) {
		snprintf(err, errlen, "%s", rs->err);
		rstore_close(rs);
		return NULL;
	}
	return rs;
}

void rstore_close(rstore *rs)
{
	if (rs == NULL)
		return;
	if (rs->in_tx)
		rstore_rollback(rs);
	for (int i = 0; i < Q_MAX; i++)
		sqlite3_finalize(rs->q[i]);
	sqlite3_close(rs->db);
	free(rs->source);
	free(rs->path);
	free(rs);
}

const char *rstore_error(const rstore *rs)
{
	return rs->err;
}

int rstore_begin(rstore *rs)
{
	if (rs->in_tx)
		return bad(rs, "a transaction is already open");
	if (run(rs, stmt(rs, Q_BEGIN), "cannot begin") != 0)
		return -1;
	rs->in_tx = true;
	return 0;
}

int rstore_commit(rstore *rs)
{
	if (run(rs, stmt(rs, Q_COMMIT), "cannot commit") != 0) {
		rstore_rollback(rs);
		return -1;
	}
	rs->in_tx = false;
	return 0;
}

int rstore_rollback(rstore *rs)
{
	int rc = sqlite3_get_autocommit(rs->db) ? 0 : run(rs, stmt(rs, Q_ROLLBACK), "cannot roll back");
	rs->in_tx = false;
	rs->event_cached = false;
	return rc;
}

/* Outside rstore_begin, each write is its own committed transaction. */
static int write_begin(rstore *rs)
{
	return rs->in_tx ? 0 : run(rs, stmt(rs, Q_BEGIN), "cannot begin");
}

static int write_end(rstore *rs, int rc)
{
	if (rs->in_tx)
		return rc;
	if (rc == 0 && run(rs, stmt(rs, Q_COMMIT), "cannot commit") == 0)
		return 0;
	if (!sqlite3_get_autocommit(rs->db))
		run(rs, stmt(rs, Q_ROLLBACK), "cannot roll back");
	rs->event_cached = false;
	return -1;
}

int rstore_bundle_seen(rstore *rs, const char *fingerprint)
{
	sqlite3_stmt *q = stmt(rs, Q_BUNDLE_SEEN);
	int rc;

	bind_str(q, 1, fingerprint);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail(rs, "cannot read bundles");
}

int rstore_bundle_done(rstore *rs, const char *fingerprint, const char *dir)
{
	sqlite3_stmt *q;
	int rc = write_begin(rs);

	if (rc == 0) {
		q = stmt(rs, Q_BUNDLE_DONE);
		bind_str(q, 1, fingerprint);
		bind_str(q, 2, dir);
		rc = run(rs, q, "cannot record the bundle");
	}
	return write_end(rs, rc);
}

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
	q = stmt(rs, Q_EVENT_GET);
	if (questions == NULL)
		return bad(rs, "session %s: out of memory", s->id);
	bind_str(q, 1, s->event_id);
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
		q = stmt(rs, Q_EVENT_PUT);
		bind_str(q, 1, s->event_id);
		bind_str(q, 2, s->event_hash);
		bind_str(q, 3, s->pack_hash);
		sqlite3_bind_int(q, 4, s->threshold);
		bind_str(q, 5, questions);
		rc = run(rs, q, "cannot record the event");
	} else {
		sqlite3_reset(q);
		rc = fail(rs, "cannot read events");
	}
	free(questions);
	if (rc == 0)
		event_cache(rs, s);
	return rc;
}

/* old_row: the row of the revision it replaces, 0 when new. */
static int put_session(rstore *rs, const session_record *s, const char *content_hash,
                       sqlite3_int64 old_row)
{
	char code[SCORE_CODE_LEN];
	sqlite3_stmt *q;
	sqlite3_int64 row;

	if (old_row > 0) {
		q = stmt(rs, Q_ANSWERS_DEL);
		sqlite3_bind_int64(q, 1, old_row);
		if (run(rs, q, "cannot store the session") != 0)
			return -1;
	}
	q = stmt(rs, Q_SESSION_PUT);

	score_candidate_code(s->id, code);
	if (store_bind_session(q, 1, s) != 0)
		return bad(rs, "session %s: not UTF-8", s->id);
	bind_str(q, 19, content_hash);
	bind_str(q, 20, code);
	sqlite3_bind_int(q, 21, s->answer_count);
	bind_str(q, 22, rs->source);
	if (run(rs, q, "cannot store the session") != 0)
		return -1;
	row = sqlite3_last_insert_rowid(rs->db);
	for (int i = 0; i < s->answer_count && i < SESSION_MAX_QUESTIONS; i++) {
		q = stmt(rs, Q_ANSWER_PUT);
		sqlite3_bind_int64(q, 1, row * SESSION_MAX_QUESTIONS + i);
		store_bind_answer(q, 2, &s->answers[i]);
		if (run(rs, q, "cannot store an answer") != 0)
			return -1;
	}
	return 0;
}

static int add_session(rstore *rs, const session_record *s, const char *content_hash,
                       rstore_add_result *result)
{
	sqlite3_stmt *q;
	sqlite3_int64 old_row = 0;
	int rc;

	/* Even a copy of a session already kept is held against its event, so
	 * a tampered copy is reported wherever it turns up. */
	if ((rc = check_event(rs, s)) != 0) {
		*result = RSTORE_TAMPERED;
		return rc < 0 ? -1 : 0;
	}
	q = stmt(rs, Q_SESSION_GET);
	bind_str(q, 1, s->id);
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
		return fail(rs, "cannot read sessions");
	}
	return put_session(rs, s, content_hash, old_row);
}

int rstore_add_session(rstore *rs, const session_record *s, const char *content_hash,
                       rstore_add_result *result)
{
	int rc = write_begin(rs);

	if (rc == 0)
		rc = add_session(rs, s, content_hash, result);
	return write_end(rs, rc);
}

void rstore_set_source(rstore *rs, const char *dir)
{
	free(rs->source);
	rs->source = dir ? strdup(dir) : NULL;
}

int rstore_session_source(rstore *rs, const char *session_id, char *dir, size_t len)
{
	sqlite3_stmt *q = stmt(rs, Q_SESSION_SOURCE);
	int rc;

	bind_str(q, 1, session_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		copy_col(q, 0, dir, len);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : fail(rs, "cannot read sessions");
}

int rstore_rows(rstore *rs, rstore_row **out, int *count)
{
	sqlite3_stmt *q = stmt(rs, Q_ROWS);
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
				return bad(rs, "out of memory");
			}
			rows = grown;
		}
		rstore_row *r = &rows[n++];
		memset(r, 0, sizeof *r);
		copy_col(q, 0, r->session_id, sizeof r->session_id);
		copy_col(q, 1, r->code, sizeof r->code);
		copy_col(q, 2, r->event_id, sizeof r->event_id);
		copy_col(q, 3, r->language, sizeof r->language);
		const char *st = (const char *)sqlite3_column_text(q, 4);
		if (st == NULL || session_status_parse(st, &r->status) != 0)
			r->status = SESSION_INTERRUPTED;
		r->answer_count = sqlite3_column_int(q, 5);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(rows);
		return fail(rs, "cannot list sessions");
	}
	*out = rows;
	*count = n;
	return 0;
}

int rstore_events(rstore *rs, rstore_event **out, int *count)
{
	sqlite3_stmt *q = stmt(rs, Q_EVENTS);
	rstore_event *list = NULL, *grown;
	int n = 0, rc;

	*out = NULL;
	*count = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((grown = realloc(list, (size_t)(n + 1) * sizeof *list)) == NULL) {
			sqlite3_reset(q);
			free(list);
			return bad(rs, "out of memory");
		}
		list = grown;
		rstore_event *e = &list[n++];
		memset(e, 0, sizeof *e);
		copy_col(q, 0, e->id, sizeof e->id);
		copy_col(q, 1, e->hash, sizeof e->hash);
		copy_col(q, 2, e->pack_hash, sizeof e->pack_hash);
		e->threshold = sqlite3_column_int(q, 3);
		questions_parse((const char *)sqlite3_column_text(q, 4), e);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(list);
		return fail(rs, "cannot list events");
	}
	*out = list;
	*count = n;
	return 0;
}

int rstore_load(rstore *rs, const char *session_id, session_record *out)
{
	sqlite3_stmt *q = stmt(rs, Q_LOAD);
	sqlite3_int64 row;
	int rc, n = 0;

	session_clear(out);
	bind_str(q, 1, session_id);
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		sqlite3_reset(q);
		return rc == SQLITE_DONE ? 1 : fail(rs, "cannot read the session");
	}
	rc = store_read_session(q, out);
	out->answer_count = sqlite3_column_int(q, 18);
	row = sqlite3_column_int64(q, 19);
	sqlite3_reset(q);
	if (rc != SQLITE_OK)
		goto failed;
	q = stmt(rs, Q_LOAD_ANSWERS);
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
	return bad(rs, "cannot read session %s", session_id);
}

int rstore_reviewer_seed(rstore *rs, const char *reviewer, uint64_t *seed)
{
	sqlite3_stmt *q = stmt(rs, Q_SEED_GET);
	int rc;

	bind_str(q, 1, reviewer);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*seed = (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return fail(rs, "cannot read the reviewer's seed");
	if (sodium_init() < 0)
		return bad(rs, "no random source");
	randombytes_buf(seed, sizeof *seed);
	if ((rc = write_begin(rs)) == 0) {
		q = stmt(rs, Q_SEED_PUT);
		bind_str(q, 1, reviewer);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)*seed);
		rc = run(rs, q, "cannot record the reviewer's seed");
	}
	return write_end(rs, rc);
}

static int prune(rstore *rs, const char *reviewer, const char *session_id,
                 const char *question_id)
{
	sqlite3_stmt *q = stmt(rs, Q_SCORE_PRUNE);

	bind_str(q, 1, reviewer);
	bind_str(q, 2, session_id);
	bind_str(q, 3, question_id);
	return run(rs, q, "cannot store the score");
}

int rstore_score_put(rstore *rs, const char *reviewer, const char *session_id,
                     const char *question_id, int score, bool automatic, int64_t at)
{
	sqlite3_stmt *q;
	int rc;

	if (score < 0 || score > 5)
		return bad(rs, "score %d is not 1 to 5", score);
	if ((rc = write_begin(rs)) == 0) {
		q = stmt(rs, Q_SCORE_PUT);
		bind_str(q, 1, reviewer);
		bind_str(q, 2, session_id);
		bind_str(q, 3, question_id);
		sqlite3_bind_int(q, 4, score);
		sqlite3_bind_int(q, 5, automatic && score != 0);
		sqlite3_bind_int64(q, 6, at);
		rc = run(rs, q, "cannot store the score");
		if (rc == 0 && score == 0)
			rc = prune(rs, reviewer, session_id, question_id);
	}
	return write_end(rs, rc);
}

int rstore_note_put(rstore *rs, const char *reviewer, const char *session_id,
                    const char *question_id, const char *note, int64_t at)
{
	sqlite3_stmt *q;
	int rc;

	if (note != NULL && note[0] == '\0')
		note = NULL;
	if ((rc = write_begin(rs)) == 0) {
		q = stmt(rs, Q_NOTE_PUT);
		bind_str(q, 1, reviewer);
		bind_str(q, 2, session_id);
		bind_str(q, 3, question_id);
		bind_str(q, 4, note);
		sqlite3_bind_int64(q, 5, at);
		rc = run(rs, q, "cannot store the note");
		if (rc == 0 && note == NULL)
			rc = prune(rs, reviewer, session_id, question_id);
	}
	return write_end(rs, rc);
}

int rstore_scores(rstore *rs, const char *reviewer, const char *session_id,
                  rstore_score **out, int *count)
{
	sqlite3_stmt *q = stmt(rs, Q_SCORES);
	rstore_score *list = NULL, *grown;
	int n = 0, cap = 0, rc;

	*out = NULL;
	*count = 0;
	bind_str(q, 1, reviewer);
	bind_str(q, 2, session_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((grown = realloc(list, (size_t)cap * sizeof *list)) == NULL)
				goto oom;
			list = grown;
		}
		rstore_score *e = &list[n];
		memset(e, 0, sizeof *e);
		copy_col(q, 0, e->reviewer, sizeof e->reviewer);
		copy_col(q, 1, e->session_id, sizeof e->session_id);
		copy_col(q, 2, e->question_id, sizeof e->question_id);
		e->score = sqlite3_column_int(q, 3);
		e->automatic = sqlite3_column_int(q, 4) != 0;
		const char *note = (const char *)sqlite3_column_text(q, 5);
		if (note != NULL && (e->note = strdup(note)) == NULL)
			goto oom;
		e->scored_at = sqlite3_column_int64(q, 6);
		n++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		rstore_scores_free(list, n);
		return fail(rs, "cannot read scores");
	}
	*out = list;
	*count = n;
	return 0;
oom:
	sqlite3_reset(q);
	rstore_scores_free(list, n);
	return bad(rs, "out of memory");
}

void rstore_scores_free(rstore_score *list, int count)
{
	for (int i = 0; list != NULL && i < count; i++) {
		if (list[i].note != NULL) {
			explicit_bzero(list[i].note, strlen(list[i].note));
			free(list[i].note);
		}
	}
	free(list);
}
