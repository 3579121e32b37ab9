#include "store_internal.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_rows.h"

#define STORE_FILE "prescreen.db"
#define STORE_SCHEMA_VERSION 5
/* A session is a few pages: checkpointing every 16 (64 kB) and cutting the
 * WAL back to 64 kB after each keeps the store working with 1 MB free. */
#define STORE_WAL_PAGES 16
#define STORE_WAL_LIMIT 65536

static const char *const sql_text[Q_MAX] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_BEGIN_READ] = "BEGIN",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	/* No foreign keys, so REPLACE cannot cascade: answers are replaced
	 * explicitly by the next two statements. */
	[Q_PUT_SESSION] = "INSERT OR REPLACE INTO sessions (" STORE_SESSION_COLS ", "
		STORE_SEALED_COLS ") "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_DEL_ANSWERS] = "DELETE FROM answers WHERE session_id = ?",
	[Q_DEL_SESSION] = "DELETE FROM sessions WHERE id = ?",
	[Q_PUT_ANSWER] = "INSERT INTO answers (session_id, idx, " STORE_ANSWER_COLS ") "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_RECOVER] = "UPDATE sessions SET status = 'interrupted' "
		"WHERE status = 'in_progress'",
	/* All sessions, or the one whose id is bound. */
	[Q_LOAD] = "SELECT " STORE_SESSION_COLS ", " STORE_SEALED_COLS " FROM sessions "
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
	[Q_CLEAR_IDS] = "SELECT id FROM sessions WHERE sealed IS NULL ORDER BY id",
};
/* A version 1 database that cannot be upgraded (read-only): each of its
 * sessions is at its first revision. Before version 3 nobody had extra time. */
static const char load_v1_sql[] = "SELECT " STORE_SESSION_COLS_V1 ", 1, 100, NULL, NULL "
	"FROM sessions WHERE ?1 IS NULL OR id = ?1 ORDER BY id";
static const char load_v2_sql[] = "SELECT " STORE_SESSION_COLS_V2 ", 100, NULL, NULL "
	"FROM sessions WHERE ?1 IS NULL OR id = ?1 ORDER BY id";
/* Before version 5 nothing was sealed. */
static const char load_v4_sql[] = "SELECT " STORE_SESSION_COLS ", NULL, NULL FROM sessions "
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
	" revision INT NOT NULL DEFAULT 1, time_percent INT NOT NULL DEFAULT 100)"
	" STRICT;"
	"CREATE INDEX sessions_started ON sessions (started_at);"
	"CREATE TABLE answers (session_id TEXT NOT NULL, idx INT NOT NULL,"
	" question_id TEXT, type TEXT, question_text TEXT, answer TEXT, shown_at INT,"
	" first_input_ms INT, submitted_ms INT, total_ms INT, active_ms INT,"
	" keystrokes INT, deletions INT, characters INT, words INT, timed_out INT,"
	" skipped INT, submitted INT, PRIMARY KEY (session_id, idx))"
	" STRICT, WITHOUT ROWID;"
	"PRAGMA user_version = 3;"
	"COMMIT;";

/* Version 1 had no revision: its sessions are each at their first. The
 * column goes last, as in a fresh schema, so both look the same. */
static const char migrate_v1_sql[] =
	"BEGIN IMMEDIATE;"
	"ALTER TABLE sessions ADD COLUMN revision INT NOT NULL DEFAULT 1;"
	"ALTER TABLE sessions ADD COLUMN time_percent INT NOT NULL DEFAULT 100;"
	"PRAGMA user_version = 3;"
	"COMMIT;";
/* Version 2 had no extra time: its sessions had the event's own. */
static const char migrate_v2_sql[] =
	"BEGIN IMMEDIATE;"
	"ALTER TABLE sessions ADD COLUMN time_percent INT NOT NULL DEFAULT 100;"
	"PRAGMA user_version = 3;"
	"COMMIT;";

/* Version 4 adds the admin audit trail and the one-row PIN lock (audit.c).
 * IF NOT EXISTS: a crash between the steps of an upgrade repeats this one. */
static const char admin_sql[] =
	"BEGIN IMMEDIATE;"
	"CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, at INTEGER,"
	" action TEXT, detail TEXT) STRICT;"
	"CREATE TABLE IF NOT EXISTS admin_lock (id INTEGER PRIMARY KEY CHECK (id = 1),"
	" failures INTEGER NOT NULL, locked_until INTEGER NOT NULL) STRICT;"
	"PRAGMA user_version = 4;"
	"COMMIT;";

/* Version 5 keeps a sealed session as its box (SPEC §14) and the key it
 * is sealed for; sessions of version 4 stay in clear until a key is set. */
static const char seal_sql[] =
	"BEGIN IMMEDIATE;"
	"ALTER TABLE sessions ADD COLUMN sealed BLOB;"
	"ALTER TABLE sessions ADD COLUMN sealed_key BLOB;"
	"PRAGMA user_version = 5;"
	"COMMIT;";

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
	int rc = store_note(st, sqlite3_prepare_v2(st->db, sql, -1, &q, NULL));

	buf[0] = '\0';
	if (rc == SQLITE_OK && (rc = store_step(st, q)) == SQLITE_ROW) {
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
		return store_fail(st, rc, "cannot disable lookaside memory");
	/* A reader never checkpoints, not even as the last one to close. */
	if (st->read_only &&
	    (rc = sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL)))
		return store_fail(st, rc, "cannot open read-only");
	/* Sessions are a few kB: a small page cache keeps the kiosk's memory small. */
	store_exec(st, "PRAGMA cache_size=-256");
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
		return store_fail(st, rc, "integrity check failed");
	if (strcmp(text, "ok") != 0)
		return BAD(st, "database is corrupt (%s)", text);
	if ((rc = query_text(st, "PRAGMA user_version", text, sizeof text)))
		return store_fail(st, rc, "cannot read schema version");
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
		return store_fail(st, rc, "cannot open");
	if (strcmp(text, "1") != 0)
		return BAD(st, "cannot turn on secure_delete (got '%s')", text);
	if ((rc = query_text(st, "PRAGMA journal_mode=WAL", text, sizeof text)))
		return store_fail(st, rc, "cannot open");
	if (strcmp(text, "wal") != 0)
		return BAD(st, "cannot switch to WAL journal (got '%s')", text);
	if ((rc = store_exec(st, "PRAGMA synchronous=FULL")))
		return store_fail(st, rc, "cannot set synchronous mode");
	snprintf(sql, sizeof sql, "PRAGMA wal_autocheckpoint=%d", STORE_WAL_PAGES);
	if ((rc = store_exec(st, sql)))
		return store_fail(st, rc, "cannot set the checkpoint interval");
	snprintf(sql, sizeof sql, "PRAGMA journal_size_limit=%d", STORE_WAL_LIMIT);
	if ((rc = query_text(st, sql, text, sizeof text)))
		return store_fail(st, rc, "cannot limit the journal");

	if (schema_version(st, &version) != 0)
		return -1;
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	/* A foreign database with a table of the same name fails here. */
	const char *upgrade = version == 1 ? migrate_v1_sql : version == 2 ? migrate_v2_sql
	                    : version >= 3 ? NULL : schema_sql;
	if (upgrade && (rc = store_exec(st, upgrade)) != SQLITE_OK) {
		store_fail(st, rc, version == 1 ? "cannot upgrade schema from version 1"
		                 : version == 2 ? "cannot upgrade schema from version 2"
		                 : "cannot create schema");
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (version < 4 && (rc = store_exec(st, admin_sql)) != SQLITE_OK) {
		store_fail(st, rc, "cannot add the admin tables (schema version 4)");
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if ((rc = store_exec(st, seal_sql)) == SQLITE_OK)
		return 0;
	store_fail(st, rc, "cannot add the sealed columns (schema version 5)");
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int prepare(store *st, int version)
{
	int n = st->read_only ? Q_READ_ONLY_MAX : Q_MAX;

	for (int i = 0; i < n; i++) {
		const char *sql = i != Q_LOAD ? sql_text[i] : version == 1 ? load_v1_sql
		                : version == 2 ? load_v2_sql : version < 5 ? load_v4_sql
		                : sql_text[i];
		int rc = store_note(st, sqlite3_prepare_v3(st->db, sql, -1,
		                                     SQLITE_PREPARE_PERSISTENT, &st->q[i],
		                                     NULL));
		if (rc != SQLITE_OK)
			return store_fail(st, rc, "not a prescreen database");
	}
	return 0;
}

static store *store_new(const char *dir, char *err, size_t errlen)
{
	size_t len = strlen(dir);
	store *st = calloc(1, sizeof *st);

	if (st == NULL || (st->path = malloc(len + sizeof "/" STORE_FILE)) == NULL) {
		store_set_err(err, errlen, "%s: out of memory", dir);
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
		store_set_err(err, errlen, "%s: cannot create data directory: %s", dir,
		        strerror(errno));
		goto fail;
	}
	/* Root passes access() for permissions but not on a read-only mount;
	 * either way the message names the directory, not a SQLite code. */
	if (access(dir, W_OK | X_OK) != 0) {
		store_set_err(err, errlen, "%s: data directory is not writable: %s", dir,
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
		store_fail(st, rc, "cannot open");
	else if (configure(st) != 0 || secure_files(st) != 0 ||
	         prepare(st, STORE_SCHEMA_VERSION) != 0)
		rc = SQLITE_ERROR;
	umask(old);
	if (rc == SQLITE_OK)
		return st;
	store_set_err(err, errlen, "%s", st->err);
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
		store_fail(st, rc, "cannot open read-only");
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
		store_fail(st, rc, "cannot read its journal (prescreen.db-wal) without "
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
		store_set_err(err, errlen, "%s: no prescreen database here", dir);
		goto fail;
	}
	if (open_read_only(st) != 0 || connection(st) != 0 ||
	    schema_version(st, &version) != 0 || prepare(st, version) != 0) {
		store_set_err(err, errlen, "%s", st->err);
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
