#include "store.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store_rows.h"

#define STORE_FILE "prescreen.db"
#define STORE_SCHEMA_VERSION 2
#define STORE_BUSY_MS 3000      /* another writer gets this long before we give up */
/* A session is a few pages: checkpointing every 16 (64 kB) and cutting the
 * WAL back to 64 kB after each keeps the store working with 1 MB free. */
#define STORE_WAL_PAGES 16
#define STORE_WAL_LIMIT 65536

enum {
	Q_BEGIN, Q_BEGIN_READ, Q_COMMIT, Q_ROLLBACK,
	Q_LOAD, Q_LOAD_ANSWERS, Q_COUNT, Q_EVENT_HASH,
	Q_READ_ONLY_MAX,        /* a read-only store prepares only those above */
	Q_PUT_SESSION = Q_READ_ONLY_MAX, Q_DEL_ANSWERS, Q_PUT_ANSWER, Q_RECOVER,
	Q_DEL_SESSION, Q_MAX
};

static const char *const sql_text[Q_MAX] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_BEGIN_READ] = "BEGIN",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	/* No foreign keys, so REPLACE cannot cascade: answers are replaced
	 * explicitly by the next two statements. */
	[Q_PUT_SESSION] = "INSERT OR REPLACE INTO sessions (" STORE_SESSION_COLS ") "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_DEL_ANSWERS] = "DELETE FROM answers WHERE session_id = ?",
	[Q_DEL_SESSION] = "DELETE FROM sessions WHERE id = ?",
	[Q_PUT_ANSWER] = "INSERT INTO answers (session_id, idx, " STORE_ANSWER_COLS ") "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_RECOVER] = "UPDATE sessions SET status = 'interrupted' "
		"WHERE status = 'in_progress'",
	/* All sessions, or the one whose id is bound. */
	[Q_LOAD] = "SELECT " STORE_SESSION_COLS " FROM sessions "
		"WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
	[Q_LOAD_ANSWERS] = "SELECT " STORE_ANSWER_COLS " FROM answers "
		"WHERE session_id = ? ORDER BY idx",
	[Q_EVENT_HASH] = "SELECT event_hash FROM sessions WHERE event_id = ? AND event_hash <> ? "
	                 "LIMIT 1",
	/* Column order is that of store_counts. */
	[Q_COUNT] = "SELECT count(*), total(status = 'completed'), "
		"total(status = 'abandoned'), total(status = 'interrupted'), "
		"total(status = 'in_progress'), "
		"total(started_at >= ?1 AND started_at < ?2) FROM sessions",
};
/* A version 1 database that cannot be upgraded (read-only): each of its
 * sessions is at its first revision. */
static const char load_v1_sql[] = "SELECT " STORE_SESSION_COLS_V1 ", 1 FROM sessions "
	"WHERE ?1 IS NULL OR id = ?1 ORDER BY id";

/* STRICT enforces the types; question_ids is a JSON array of ids and
 * contacts a JSON array of {key, value}, in the order the event asks. */
static const char schema_sql[] =
	"BEGIN IMMEDIATE;"
	"CREATE TABLE sessions (id TEXT PRIMARY KEY NOT NULL, kiosk_id TEXT,"
	" event_id TEXT, event_hash TEXT, threshold INT, pack_id TEXT, pack_version TEXT,"
	" pack_hash TEXT, language TEXT, consent_version TEXT, consent_at INT, name TEXT,"
	" started_at INT, ended_at INT, question_ids TEXT, contacts TEXT, status TEXT"
	" CHECK (status IN ('in_progress', 'completed', 'abandoned', 'interrupted')),"
	" revision INT NOT NULL DEFAULT 1)"
	" STRICT;"
	"CREATE INDEX sessions_started ON sessions (started_at);"
	"CREATE TABLE answers (session_id TEXT NOT NULL, idx INT NOT NULL,"
	" question_id TEXT, type TEXT, question_text TEXT, answer TEXT, shown_at INT,"
	" first_input_ms INT, submitted_ms INT, total_ms INT, active_ms INT,"
	" keystrokes INT, deletions INT, characters INT, words INT, timed_out INT,"
	" skipped INT, submitted INT, PRIMARY KEY (session_id, idx))"
	" STRICT, WITHOUT ROWID;"
	"PRAGMA user_version = 2;"
	"COMMIT;";

/* Version 1 had no revision: its sessions are each at their first. The
 * column goes last, as in a fresh schema, so both look the same. */
static const char migrate_v1_sql[] =
	"BEGIN IMMEDIATE;"
	"ALTER TABLE sessions ADD COLUMN revision INT NOT NULL DEFAULT 1;"
	"PRAGMA user_version = 2;"
	"COMMIT;";

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
};

__attribute__((format(printf, 3, 4)))
static void set_err(char *err, size_t errlen, const char *fmt, ...)
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

/* A problem of our own finding, as "<database path>: <problem>". */
#define BAD(st, fmt, ...) (set_err((st)->err, sizeof (st)->err, \
	"%s: " fmt, (st)->path, __VA_ARGS__), -1)

/* Keeps SQLite's message for rc while it is still the connection's. */
static int note(store *st, int rc)
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
static int step(store *st, sqlite3_stmt *q)
{
	errno = 0;
	return note(st, sqlite3_step(q));
}

/* An SQLite failure, in words staff can act on. */
static int fail(store *st, int rc, const char *what)
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
static sqlite3_stmt *stmt(store *st, int q)
{
	sqlite3_reset(st->q[q]);
	sqlite3_clear_bindings(st->q[q]);
	return st->q[q];
}

static int run(store *st, int q)
{
	int rc = step(st, stmt(st, q));

	sqlite3_reset(st->q[q]);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static int exec(store *st, const char *sql)
{
	errno = 0;
	return note(st, sqlite3_exec(st->db, sql, NULL, NULL, NULL));
}

/* mkdir -p, owner only; errno tells why on failure. */
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

/* The database and its WAL companions hold candidate data: owner only. */
static int secure_files(store *st)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char file[4096];

	for (int i = 0; i < 3; i++) {
		snprintf(file, sizeof file, "%s%s", st->path, suffix[i]);
		if (chmod(file, 0600) != 0 && errno != ENOENT)
			return BAD(st, "cannot make %s private: %s", file, strerror(errno));
	}
	return 0;
}

/* The first column of the first row of sql, as text, such as a PRAGMA's. */
static int query_text(store *st, const char *sql, char *buf, size_t len)
{
	sqlite3_stmt *q;
	int rc = note(st, sqlite3_prepare_v2(st->db, sql, -1, &q, NULL));

	buf[0] = '\0';
	if (rc == SQLITE_OK && (rc = step(st, q)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);
		snprintf(buf, len, "%s", t ? (const char *)t : "");
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Settings of the connection, before any statement touches the database. */
static int connection(store *st)
{
	int rc;

	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	/* Lookaside slots are reused without being freed, so free() can never
	 * wipe the candidate text left in them: no lookaside at all. */
	if ((rc = sqlite3_db_config(st->db, SQLITE_DBCONFIG_LOOKASIDE, NULL, 0, 0)))
		return fail(st, rc, "cannot disable lookaside memory");
	/* A reader never checkpoints, not even as the last one to close. */
	if (st->read_only &&
	    (rc = sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL)))
		return fail(st, rc, "cannot open read-only");
	/* Sessions are a few kB: a small page cache keeps the kiosk's memory small. */
	exec(st, "PRAGMA cache_size=-256");
	return 0;
}

/* The schema version, checked against this build's. */
static int schema_version(store *st, int *version)
{
	char text[256];
	int rc;

	/* Corruption found now is a message to staff; found mid-session it
	 * would be a lost answer. */
	if ((rc = query_text(st, "PRAGMA quick_check", text, sizeof text)))
		return fail(st, rc, "integrity check failed");
	if (strcmp(text, "ok") != 0)
		return BAD(st, "database is corrupt (%s)", text);
	if ((rc = query_text(st, "PRAGMA user_version", text, sizeof text)))
		return fail(st, rc, "cannot read schema version");
	if ((*version = atoi(text)) > STORE_SCHEMA_VERSION)
		return BAD(st, "written by a newer prescreen (schema version %d, this "
		           "build knows %d)", *version, STORE_SCHEMA_VERSION);
	return 0;
}

static int configure(store *st)
{
	char text[256], sql[64];
	int rc, version;

	if (connection(st) != 0)
		return -1;
	/* Deleted and overwritten rows are zeroed on disk, not just unlinked. */
	if ((rc = query_text(st, "PRAGMA secure_delete=ON", text, sizeof text)))
		return fail(st, rc, "cannot open");
	if (strcmp(text, "1") != 0)
		return BAD(st, "cannot turn on secure_delete (got '%s')", text);
	if ((rc = query_text(st, "PRAGMA journal_mode=WAL", text, sizeof text)))
		return fail(st, rc, "cannot open");
	if (strcmp(text, "wal") != 0)
		return BAD(st, "cannot switch to WAL journal (got '%s')", text);
	if ((rc = exec(st, "PRAGMA synchronous=FULL")))
		return fail(st, rc, "cannot set synchronous mode");
	snprintf(sql, sizeof sql, "PRAGMA wal_autocheckpoint=%d", STORE_WAL_PAGES);
	if ((rc = exec(st, sql)))
		return fail(st, rc, "cannot set the checkpoint interval");
	snprintf(sql, sizeof sql, "PRAGMA journal_size_limit=%d", STORE_WAL_LIMIT);
	if ((rc = query_text(st, sql, text, sizeof text)))
		return fail(st, rc, "cannot limit the journal");

	if (schema_version(st, &version) != 0)
		return -1;
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	/* A foreign database with a table of the same name fails here. */
	if ((rc = exec(st, version == 1 ? migrate_v1_sql : schema_sql)) == SQLITE_OK)
		return 0;
	fail(st, rc, version == 1 ? "cannot upgrade schema from version 1"
	                          : "cannot create schema");
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int prepare(store *st, int version)
{
	int n = st->read_only ? Q_READ_ONLY_MAX : Q_MAX;

	for (int i = 0; i < n; i++) {
		const char *sql = i == Q_LOAD && version == 1 ? load_v1_sql : sql_text[i];
		int rc = note(st, sqlite3_prepare_v3(st->db, sql, -1,
		                                     SQLITE_PREPARE_PERSISTENT, &st->q[i],
		                                     NULL));
		if (rc != SQLITE_OK)
			return fail(st, rc, "not a prescreen database");
	}
	return 0;
}

static store *store_new(const char *dir, char *err, size_t errlen)
{
	size_t len = strlen(dir);
	store *st = calloc(1, sizeof *st);

	if (st == NULL || (st->path = malloc(len + sizeof "/" STORE_FILE)) == NULL) {
		set_err(err, errlen, "%s: out of memory", dir);
		free(st);
		return NULL;
	}
	memcpy(st->path, dir, len + 1);
	return st;
}

store *store_open(const char *dir, char *err, size_t errlen)
{
	size_t len = strlen(dir = dir ? dir : "");
	store *st = store_new(dir, err, errlen);
	struct stat sb;
	mode_t old;
	int rc;

	if (st == NULL)
		return NULL;
	if (mkdir_parents(st->path) != 0 || stat(dir, &sb) != 0 ||
	    (!S_ISDIR(sb.st_mode) && (errno = ENOTDIR) != 0)) {
		set_err(err, errlen, "%s: cannot create data directory: %s", dir,
		        strerror(errno));
		goto fail;
	}
	/* Root passes access() for permissions but not on a read-only mount;
	 * either way the message names the directory, not a SQLite code. */
	if (access(dir, W_OK | X_OK) != 0) {
		set_err(err, errlen, "%s: data directory is not writable: %s", dir,
		        strerror(errno));
		goto fail;
	}
	memcpy(st->path + len, "/" STORE_FILE, sizeof "/" STORE_FILE);

	/* SQLite creates the -wal and -shm files with the database's own mode,
	 * so getting the database right at creation covers all three. */
	old = umask(077);
	rc = sqlite3_open_v2(st->path, &st->db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK)
		fail(st, rc, "cannot open");
	else if (configure(st) != 0 || secure_files(st) != 0 ||
	         prepare(st, STORE_SCHEMA_VERSION) != 0)
		rc = SQLITE_ERROR;
	umask(old);
	if (rc == SQLITE_OK)
		return st;
	set_err(err, errlen, "%s", st->err);
fail:
	store_close(st);
	return NULL;
}

/* path as a file: URI, every byte outside a path's plain characters escaped. */
static char *file_uri(const char *path, const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(path), n = 0;
	char *uri = malloc(sizeof "file:" + 3 * len + strlen(query));

	if (uri == NULL)
		return NULL;
	n += (size_t)sprintf(uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p) != NULL) {
			uri[n++] = (char)*p;
		} else {
			uri[n++] = '%';
			uri[n++] = hex[*p >> 4];
			uri[n++] = hex[*p & 15];
		}
	}
	strcpy(uri + n, query);
	return uri;
}

static int open_flags(store *st, const char *name, int flags)
{
	int rc = sqlite3_open_v2(name, &st->db, flags, NULL);

	if (rc != SQLITE_OK) {
		fail(st, rc, "cannot open read-only");
		sqlite3_close(st->db);
		st->db = NULL;
		return -1;
	}
	return 0;
}

/*
 * Opens without creating or changing a byte in the directory. Without a WAL
 * no connection is live and every session is in the database file: it is
 * read as immutable. With one, a kiosk may be writing, or died with sessions
 * in it: its shared index is used read-only (readonly_shm; SQLite keeps a
 * private copy when no writer maintains it).
 */
static int open_read_only(store *st)
{
	char wal[4096], text[16];
	struct stat sb;
	bool has_wal;
	char *uri;
	int rc;

	snprintf(wal, sizeof wal, "%s-wal", st->path);
	has_wal = stat(wal, &sb) == 0;
	uri = file_uri(st->path, has_wal ? "?mode=ro&readonly_shm=1" : "?immutable=1");
	if (uri == NULL)
		return BAD(st, "%s", "out of memory");
	rc = open_flags(st, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
	/* The first read shows whether the WAL could be used. */
	if (rc == 0 && has_wal &&
	    (rc = query_text(st, "PRAGMA user_version", text, sizeof text)) != 0) {
		fail(st, rc, "cannot read its journal (prescreen.db-wal) without "
		     "changing the directory; copy the directory elsewhere and export "
		     "from the copy");
		sqlite3_close(st->db);
		st->db = NULL;
		rc = -1;
	}
	free(uri);
	/* An empty WAL (its index gone) holds nothing the file lacks. */
	if (rc != 0 && has_wal && sb.st_size == 0) {
		if ((uri = file_uri(st->path, "?immutable=1")) == NULL)
			return BAD(st, "%s", "out of memory");
		rc = open_flags(st, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
		free(uri);
	}
	return rc;
}

store *store_open_read_only(const char *dir, char *err, size_t errlen)
{
	size_t len = strlen(dir = dir ? dir : "");
	store *st = store_new(dir, err, errlen);
	struct stat sb;
	int version;

	if (st == NULL)
		return NULL;
	st->read_only = true;
	memcpy(st->path + len, "/" STORE_FILE, sizeof "/" STORE_FILE);
	if (stat(st->path, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
		set_err(err, errlen, "%s: no prescreen database here", dir);
		goto fail;
	}
	if (open_read_only(st) != 0 || connection(st) != 0 ||
	    schema_version(st, &version) != 0 || prepare(st, version) != 0) {
		set_err(err, errlen, "%s", st->err);
		goto fail;
	}
	return st;
fail:
	store_close(st);
	return NULL;
}

void store_close(store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < Q_MAX; i++)
		sqlite3_finalize(st->q[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
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
	if ((rc = run(st, Q_RECOVER)) != SQLITE_OK)
		return fail(st, rc, "cannot recover interrupted sessions");
	return sqlite3_changes(st->db);
}

/* The session row, then its answers replaced wholesale. */
static int put_rows(store *st, sqlite3_stmt *session, const session_record *s)
{
	sqlite3_stmt *q = stmt(st, Q_DEL_ANSWERS);
	int rc;

	sqlite3_reset(session);
	if ((rc = step(st, session)) != SQLITE_DONE)
		return rc;
	store_bind_text(q, 1, s->id, sizeof s->id);
	if ((rc = step(st, q)) != SQLITE_DONE)
		return rc;
	for (int i = 0; i < s->answer_count; i++) {
		q = stmt(st, Q_PUT_ANSWER);
		store_bind_text(q, 1, s->id, sizeof s->id);
		sqlite3_bind_int(q, 2, i);
		store_bind_answer(q, 3, &s->answers[i]);
		if ((rc = step(st, q)) != SQLITE_DONE)
			return rc;
	}
	return SQLITE_OK;
}

/* One whole transaction, rolled back on any failure. */
static int put_once(store *st, sqlite3_stmt *q, const session_record *s)
{
	int rc;

	if ((rc = run(st, Q_BEGIN)) == SQLITE_OK &&
	    (rc = put_rows(st, q, s)) == SQLITE_OK)
		rc = run(st, Q_COMMIT);
	sqlite3_reset(st->q[Q_PUT_ANSWER]);
	if (rc != SQLITE_OK && !sqlite3_get_autocommit(st->db))
		run(st, Q_ROLLBACK);
	return rc;
}

/* A reader that keeps the WAL from being truncated is not waited for: the
 * save fails now and is retried later, instead of blocking the kiosk. */
static int make_room(store *st)
{
	int rc;

	sqlite3_busy_timeout(st->db, 0);
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	return rc;
}

int store_put(store *st, const session_record *s)
{
	sqlite3_stmt *q;
	char what[128];
	int rc;

	snprintf(what, sizeof what, "cannot save session %.*s", SESSION_ID_LEN, s->id);
	WRITABLE(st, what);
	if (s->question_count < 0 || s->question_count > SESSION_MAX_QUESTIONS ||
	    s->answer_count < 0 || s->answer_count > SESSION_MAX_QUESTIONS ||
	    s->contact_count < 0 || s->contact_count > SESSION_MAX_CONTACTS)
		return BAD(st, "%s: counts out of range", what);
	/* Bound before the transaction: a bad record never opens one. */
	q = stmt(st, Q_PUT_SESSION);
	if (store_bind_session(q, 1, s) != 0) {
		sqlite3_clear_bindings(q);
		return BAD(st, "%s: a question id or contact is not valid UTF-8", what);
	}
	/* On a full disk the WAL may hold most of the space: fold it into the
	 * database and cut it to nothing, then try once more. */
	if ((rc = put_once(st, q, s)) != SQLITE_OK && (rc & 0xff) == SQLITE_FULL &&
	    make_room(st) == SQLITE_OK)
		rc = put_once(st, q, s);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);      /* releases the JSON columns now */
	return rc == SQLITE_OK ? 0 : fail(st, rc, what);
}

/* Fills s from the current row of a session query, then its answers. */
static int load_row(store *st, sqlite3_stmt *row, session_record *s)
{
	sqlite3_stmt *q = stmt(st, Q_LOAD_ANSWERS);
	int rc;

	session_init(s);
	if ((rc = store_read_session(row, s)) != SQLITE_OK)
		return rc;
	store_bind_text(q, 1, s->id, sizeof s->id);
	while (s->answer_count < SESSION_MAX_QUESTIONS &&
	       (rc = step(st, q)) == SQLITE_ROW) {
		answer_record *a = &s->answers[s->answer_count++];
		if ((rc = store_read_answer(q, a)) != SQLITE_OK)
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

	if ((rc = run(st, Q_BEGIN_READ)) != SQLITE_OK)
		return fail(st, rc, "cannot read sessions");
	q = stmt(st, Q_LOAD);
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	while (stop == 0 && (rc = step(st, q)) == SQLITE_ROW) {
		if ((rc = load_row(st, q, &s)) == SQLITE_OK)
			stop = fn(ctx, &s);
		session_clear(&s);
		if (rc != SQLITE_OK)
			break;
	}
	sqlite3_reset(q);
	if (stop == 0 && rc != SQLITE_DONE) {
		fail(st, rc, "cannot read sessions");
		run(st, Q_ROLLBACK);
		return -1;
	}
	run(st, Q_COMMIT);
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
			set_err(st->err, sizeof st->err, "%s: cannot read sessions: out of memory", st->path);
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
	if ((rc = run(st, Q_BEGIN)) == SQLITE_OK) {
		q = stmt(st, Q_DEL_ANSWERS);
		store_bind_text(q, 1, id, SESSION_ID_LEN + 1);
		if ((rc = step(st, q)) == SQLITE_DONE) {
			q = stmt(st, Q_DEL_SESSION);
			store_bind_text(q, 1, id, SESSION_ID_LEN + 1);
			rc = step(st, q);
		}
		if (rc == SQLITE_DONE)
			rc = run(st, Q_COMMIT);
		sqlite3_reset(st->q[Q_DEL_ANSWERS]);
		sqlite3_reset(st->q[Q_DEL_SESSION]);
	}
	if (rc == SQLITE_OK)
		return 0;
	if (!sqlite3_get_autocommit(st->db))
		run(st, Q_ROLLBACK);
	return fail(st, rc, what);
}

int store_scrub(store *st)
{
	int rc;

	WRITABLE(st, "cannot checkpoint the journal");
	/* TRUNCATE: the newest version of every page in the WAL is copied
	 * into the database, then the WAL is cut to nothing, so no superseded
	 * draft of an answer stays on disk. */
	rc = note(st, sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	                                        NULL, NULL));
	sqlite3_db_release_memory(st->db);
	return rc == SQLITE_OK ? 0 : fail(st, rc, "cannot checkpoint the journal");
}

int store_count(store *st, const char *today_prefix, store_counts *out)
{
	sqlite3_stmt *q = stmt(st, Q_COUNT);
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
	if ((rc = step(st, q)) == SQLITE_ROW)
		for (int i = 0; i < 6; i++)
			*fields[i] = sqlite3_column_int(q, i);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : fail(st, rc, "cannot count sessions");
}

int store_event_changed(store *st, const char *event_id, const char *event_hash)
{
	sqlite3_stmt *q = stmt(st, Q_EVENT_HASH);
	int rc;

	sqlite3_bind_text(q, 1, event_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, event_hash, -1, SQLITE_STATIC);
	rc = step(st, q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail(st, rc, "cannot read events");
}
