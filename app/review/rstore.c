#include "rstore_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store_rows.h"

#define RSTORE_SCHEMA_VERSION 3
/* The answers' row numbers below assume 8 answers at most. */
_Static_assert(SESSION_MAX_QUESTIONS == 8, "answer rows are session row * 8 + index");
#define RSTORE_BUSY_MS 3000

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
		"content_hash, answer_count, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* Answer i of the session in row r is row r * 8 + i: a session's answers
	 * are one range of the table's own key, and the rows (a few hundred
	 * bytes to a few kB) stay in the pages of a rowid table instead of
	 * spilling into overflow pages as they would in an index. */
	[Q_ANSWERS_DEL] = "DELETE FROM answers WHERE rowid BETWEEN ?1 * 8 AND ?1 * 8 + 7",
	[Q_ROWS] = "SELECT id, event_id, language, status, answer_count "
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
	[Q_ERASED_GET] = "SELECT 1 FROM erased WHERE id = ?",
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
	" revision INT NOT NULL, time_percent INT NOT NULL DEFAULT 100,"
	" content_hash TEXT NOT NULL, answer_count INT NOT NULL, source TEXT) STRICT;"
	"CREATE TABLE answers (question_id TEXT, type TEXT, question_text TEXT, answer TEXT, shown_at INT,"
	" first_input_ms INT, submitted_ms INT, total_ms INT, active_ms INT,"
	" keystrokes INT, deletions INT, characters INT, words INT, timed_out INT,"
	" skipped INT, submitted INT) STRICT;"
	"CREATE TABLE reviewers (name TEXT PRIMARY KEY NOT NULL, seed INT NOT NULL) STRICT;"
	"CREATE TABLE scores (reviewer TEXT NOT NULL, session_id TEXT NOT NULL,"
	" question_id TEXT NOT NULL, score INT NOT NULL CHECK (score BETWEEN 0 AND 5),"
	" automatic INT NOT NULL, note TEXT, scored_at INT NOT NULL,"
	" PRIMARY KEY (reviewer, session_id, question_id)) STRICT, WITHOUT ROWID;"
	"PRAGMA user_version = 2;"
	"COMMIT;";
/* Version 1 kept no extra time: its sessions are re-read from their bundles
 * only when a bundle changes, so they keep the event's own time. */
static const char migrate_v1_sql[] =
	"BEGIN IMMEDIATE;"
	"ALTER TABLE sessions ADD COLUMN time_percent INT NOT NULL DEFAULT 100;"
	"PRAGMA user_version = 2;"
	"COMMIT;";
/* Version 3 remembers the sessions erased on request (rstore_erase): their
 * ids only, so that no later import brings them back. */
static const char migrate_v2_sql[] =
	"BEGIN IMMEDIATE;"
	"CREATE TABLE IF NOT EXISTS erased (id TEXT PRIMARY KEY NOT NULL, erased_at INT NOT NULL)"
	" STRICT;"
	"PRAGMA user_version = 3;"
	"COMMIT;";


__attribute__((format(printf, 2, 3)))
int rs_bad(rstore *rs, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(rs->err, sizeof rs->err, "%s: ", rs->path);

	va_start(ap, fmt);
	vsnprintf(rs->err + n, sizeof rs->err - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

int rs_fail(rstore *rs, const char *what)
{
	return rs_bad(rs, "%s: %s", what, sqlite3_errmsg(rs->db));
}

sqlite3_stmt *rs_stmt(rstore *rs, int q)
{
	sqlite3_reset(rs->q[q]);
	sqlite3_clear_bindings(rs->q[q]);
	return rs->q[q];
}

/* Runs a statement to its end; SQLITE_DONE becomes 0. */
int rs_run(rstore *rs, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : rs_fail(rs, what);
}

void rs_bind_str(sqlite3_stmt *q, int col, const char *text)
{
	if (text == NULL)
		sqlite3_bind_null(q, col);
	else
		sqlite3_bind_text(q, col, text, -1, SQLITE_STATIC);
}

void rs_copy_col(sqlite3_stmt *q, int col, char *out, size_t cap)
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
		return rs_bad(rs, "out of memory");
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir_parents(dir) != 0)
			rc = rs_bad(rs, "cannot create the folder %s: %s", dir, strerror(errno));
	}
	free(dir);
	if (rc != 0)
		return rc;
	if ((fd = open(rs->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
		return rs_bad(rs, "cannot open: %s", strerror(errno));
	if (fchmod(fd, 0600) != 0)
		rc = rs_bad(rs, "cannot make it private: %s", strerror(errno));
	close(fd);
	return rc;
}

static int pragma_is(rstore *rs, const char *sql, const char *want)
{
	sqlite3_stmt *q;
	int ok = 0;

	if (sqlite3_prepare_v2(rs->db, sql, -1, &q, NULL) != SQLITE_OK)
		return rs_fail(rs, sql);
	if (sqlite3_step(q) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);
		ok = t != NULL && strcmp((const char *)t, want) == 0;
	}
	sqlite3_finalize(q);
	return ok ? 0 : rs_bad(rs, "%s did not give %s", sql, want);
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
	/* Before the first write fixes it: answers of a few kB fit a 16 kB page
	 * whole, which cut a 10,000-session import's CPU by a fifth. */
	sqlite3_exec(rs->db, "PRAGMA page_size=16384", NULL, NULL, NULL);
	if (pragma_is(rs, "PRAGMA secure_delete=ON", "1") != 0 ||
	    pragma_is(rs, "PRAGMA journal_mode=WAL", "wal") != 0)
		return -1;
	/* A bundle's import leaves a WAL of several MB: cut back once checkpointed.
	 * Checkpoints every 128 MB of WAL, not SQLite's 16 MB at these pages: a
	 * first open of 10,000 sessions (52 MB) then copies nothing into the
	 * database before its first frame (that cost 40-100 ms of the import's
	 * wall time in fsyncs and writes), the closing connection checkpoints.
	 * Each commit is in the WAL, fsynced, whatever is checkpointed when. */
	if (sqlite3_exec(rs->db, "PRAGMA synchronous=FULL; PRAGMA cache_size=-8192;"
	                 "PRAGMA journal_size_limit=1048576; PRAGMA wal_autocheckpoint=8192",
	                 NULL, NULL, NULL) != SQLITE_OK)
		return rs_fail(rs, "cannot configure");
	if (sqlite3_prepare_v2(rs->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
		return rs_fail(rs, "not a database");
	if (sqlite3_step(q) == SQLITE_ROW)
		version = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (version < 0)
		return rs_fail(rs, "not a database");
	if (version > RSTORE_SCHEMA_VERSION)
		return rs_bad(rs, "written by a newer prescreen (schema version %d)", version);
	if (version == 0 && sqlite3_exec(rs->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
		rs_fail(rs, "cannot create the review store");
		sqlite3_exec(rs->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (version == 1 && sqlite3_exec(rs->db, migrate_v1_sql, NULL, NULL, NULL) != SQLITE_OK) {
		rs_fail(rs, "cannot upgrade the review store from version 1");
		sqlite3_exec(rs->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (version < 3 && sqlite3_exec(rs->db, migrate_v2_sql, NULL, NULL, NULL) != SQLITE_OK) {
		rs_fail(rs, "cannot upgrade the review store to version 3");
		sqlite3_exec(rs->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	for (int i = 0; i < Q_MAX; i++)
		if (sqlite3_prepare_v3(rs->db, sql_text[i], -1, SQLITE_PREPARE_PERSISTENT,
		                       &rs->q[i], NULL) != SQLITE_OK)
			return rs_fail(rs, "not a review store");
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
		rc = rs_fail(rs, "cannot open");
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
	for (int n = 0; n <= SESSION_MAX_QUESTIONS; n++)
		sqlite3_finalize(rs->answers_put[n]);
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
		return rs_bad(rs, "a transaction is already open");
	if (rs_run(rs, rs_stmt(rs, Q_BEGIN), "cannot begin") != 0)
		return -1;
	rs->in_tx = true;
	return 0;
}

int rstore_commit(rstore *rs)
{
	if (rs_run(rs, rs_stmt(rs, Q_COMMIT), "cannot commit") != 0) {
		rstore_rollback(rs);
		return -1;
	}
	rs->in_tx = false;
	return 0;
}

int rstore_rollback(rstore *rs)
{
	int rc = sqlite3_get_autocommit(rs->db) ? 0 : rs_run(rs, rs_stmt(rs, Q_ROLLBACK), "cannot roll back");
	rs->in_tx = false;
	rs->event_cached = false;
	return rc;
}

/* Outside rstore_begin, each write is its own committed transaction. */
int rs_write_begin(rstore *rs)
{
	return rs->in_tx ? 0 : rs_run(rs, rs_stmt(rs, Q_BEGIN), "cannot begin");
}

int rs_write_end(rstore *rs, int rc)
{
	if (rs->in_tx)
		return rc;
	if (rc == 0 && rs_run(rs, rs_stmt(rs, Q_COMMIT), "cannot commit") == 0)
		return 0;
	if (!sqlite3_get_autocommit(rs->db))
		rs_run(rs, rs_stmt(rs, Q_ROLLBACK), "cannot roll back");
	rs->event_cached = false;
	return -1;
}

int rstore_bundle_seen(rstore *rs, const char *fingerprint)
{
	sqlite3_stmt *q = rs_stmt(rs, Q_BUNDLE_SEEN);
	int rc;

	rs_bind_str(q, 1, fingerprint);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : rs_fail(rs, "cannot read bundles");
}

int rstore_bundle_done(rstore *rs, const char *fingerprint, const char *dir)
{
	sqlite3_stmt *q;
	int rc = rs_write_begin(rs);

	if (rc == 0) {
		q = rs_stmt(rs, Q_BUNDLE_DONE);
		rs_bind_str(q, 1, fingerprint);
		rs_bind_str(q, 2, dir);
		rc = rs_run(rs, q, "cannot record the bundle");
	}
	return rs_write_end(rs, rc);
}

int rstore_reviewer_seed(rstore *rs, const char *reviewer, uint64_t *seed)
{
	sqlite3_stmt *q = rs_stmt(rs, Q_SEED_GET);
	int rc;

	rs_bind_str(q, 1, reviewer);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*seed = (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return rs_fail(rs, "cannot read the reviewer's seed");
	if (sodium_init() < 0)
		return rs_bad(rs, "no random source");
	randombytes_buf(seed, sizeof *seed);
	if ((rc = rs_write_begin(rs)) == 0) {
		q = rs_stmt(rs, Q_SEED_PUT);
		rs_bind_str(q, 1, reviewer);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)*seed);
		rc = rs_run(rs, q, "cannot record the reviewer's seed");
	}
	return rs_write_end(rs, rc);
}

static int prune(rstore *rs, const char *reviewer, const char *session_id,
                 const char *question_id)
{
	sqlite3_stmt *q = rs_stmt(rs, Q_SCORE_PRUNE);

	rs_bind_str(q, 1, reviewer);
	rs_bind_str(q, 2, session_id);
	rs_bind_str(q, 3, question_id);
	return rs_run(rs, q, "cannot store the score");
}

int rstore_score_put(rstore *rs, const char *reviewer, const char *session_id,
                     const char *question_id, int score, bool automatic, int64_t at)
{
	sqlite3_stmt *q;
	int rc;

	if (score < 0 || score > 5)
		return rs_bad(rs, "score %d is not 1 to 5", score);
	if ((rc = rs_write_begin(rs)) == 0) {
		q = rs_stmt(rs, Q_SCORE_PUT);
		rs_bind_str(q, 1, reviewer);
		rs_bind_str(q, 2, session_id);
		rs_bind_str(q, 3, question_id);
		sqlite3_bind_int(q, 4, score);
		sqlite3_bind_int(q, 5, automatic && score != 0);
		sqlite3_bind_int64(q, 6, at);
		rc = rs_run(rs, q, "cannot store the score");
		if (rc == 0 && score == 0)
			rc = prune(rs, reviewer, session_id, question_id);
	}
	return rs_write_end(rs, rc);
}

int rstore_note_put(rstore *rs, const char *reviewer, const char *session_id,
                    const char *question_id, const char *note, int64_t at)
{
	sqlite3_stmt *q;
	int rc;

	if (note != NULL && note[0] == '\0')
		note = NULL;
	if ((rc = rs_write_begin(rs)) == 0) {
		q = rs_stmt(rs, Q_NOTE_PUT);
		rs_bind_str(q, 1, reviewer);
		rs_bind_str(q, 2, session_id);
		rs_bind_str(q, 3, question_id);
		rs_bind_str(q, 4, note);
		sqlite3_bind_int64(q, 5, at);
		rc = rs_run(rs, q, "cannot store the note");
		if (rc == 0 && note == NULL)
			rc = prune(rs, reviewer, session_id, question_id);
	}
	return rs_write_end(rs, rc);
}

int rstore_scores(rstore *rs, const char *reviewer, const char *session_id,
                  rstore_score **out, int *count)
{
	sqlite3_stmt *q = rs_stmt(rs, Q_SCORES);
	rstore_score *list = NULL, *grown;
	int n = 0, cap = 0, rc;

	*out = NULL;
	*count = 0;
	rs_bind_str(q, 1, reviewer);
	rs_bind_str(q, 2, session_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((grown = realloc(list, (size_t)cap * sizeof *list)) == NULL)
				goto oom;
			list = grown;
		}
		rstore_score *e = &list[n];
		memset(e, 0, sizeof *e);
		rs_copy_col(q, 0, e->reviewer, sizeof e->reviewer);
		rs_copy_col(q, 1, e->session_id, sizeof e->session_id);
		rs_copy_col(q, 2, e->question_id, sizeof e->question_id);
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
		return rs_fail(rs, "cannot read scores");
	}
	*out = list;
	*count = n;
	return 0;
oom:
	sqlite3_reset(q);
	rstore_scores_free(list, n);
	return rs_bad(rs, "out of memory");
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
