#include "store.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#define STORE_FILE "prescreen.db"
#define STORE_SCHEMA_VERSION 2
#define STORE_BUSY_MS 3000      /* another writer gets this long before we give up */

enum {
	Q_BEGIN, Q_BEGIN_READ, Q_COMMIT, Q_ROLLBACK,
	Q_PUT_SESSION, Q_DEL_ANSWERS, Q_PUT_ANSWER, Q_RECOVER,
	Q_LOAD, Q_LOAD_ANSWERS, Q_COUNT, Q_EVENT_HASH, Q_DEL_SESSION, Q_MAX
};

/* Column order here is the order of session_cols and answer_cols below. */
#define SESSION_COLS \
	"id, kiosk_id, event_id, event_hash, threshold, pack_id, pack_version, " \
	"pack_hash, language, consent_version, consent_at, name, started_at, " \
	"ended_at, question_ids, contacts, status, revision"
#define ANSWER_COLS \
	"question_id, type, question_text, answer, shown_at, first_input_ms, " \
	"submitted_ms, total_ms, active_ms, keystrokes, deletions, characters, " \
	"words, timed_out, skipped, submitted"

static const char *const sql_text[Q_MAX] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_BEGIN_READ] = "BEGIN",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	/* No foreign keys, so REPLACE cannot cascade: answers are replaced
	 * explicitly by the next two statements. */
	[Q_PUT_SESSION] = "INSERT OR REPLACE INTO sessions (" SESSION_COLS ") VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_DEL_ANSWERS] = "DELETE FROM answers WHERE session_id = ?",
	[Q_DEL_SESSION] = "DELETE FROM sessions WHERE id = ?",
	[Q_PUT_ANSWER] = "INSERT INTO answers (session_id, idx, " ANSWER_COLS ") "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_RECOVER] = "UPDATE sessions SET status = 'interrupted' "
		"WHERE status = 'in_progress'",
	/* All sessions, or the one whose id is bound. */
	[Q_LOAD] = "SELECT " SESSION_COLS " FROM sessions "
		"WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
	[Q_LOAD_ANSWERS] = "SELECT " ANSWER_COLS " FROM answers "
		"WHERE session_id = ? ORDER BY idx",
	/* Column order is that of store_counts. */
	[Q_EVENT_HASH] = "SELECT event_hash FROM sessions WHERE event_id = ? AND event_hash <> ? "
	                 "LIMIT 1",
	[Q_COUNT] = "SELECT count(*), total(status = 'completed'), "
		"total(status = 'abandoned'), total(status = 'interrupted'), "
		"total(status = 'in_progress'), "
		"total(started_at >= ?1 AND started_at < ?2) FROM sessions",
};

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

/* Each column maps to one member, so binding and reading are loops. */
typedef enum {
	F_CHARS, F_STR, F_I64, F_INT, F_BOOL,
	F_STATUS, F_IDS, F_CONTACTS,      /* the whole session_record */
} field_kind;
typedef struct {
	field_kind kind;
	size_t off;
	size_t cap;         /* F_CHARS: the array's size */
} field;

#define FIELD(type, m, k) { k, offsetof(type, m), sizeof(((type *)0)->m) }
#define S(m, k) FIELD(session_record, m, k)
#define A(m, k) FIELD(answer_record, m, k)

static const field session_cols[] = {
	S(id, F_CHARS), S(kiosk_id, F_CHARS), S(event_id, F_CHARS),
	S(event_hash, F_CHARS), S(threshold, F_INT), S(pack_id, F_CHARS),
	S(pack_version, F_CHARS), S(pack_hash, F_CHARS), S(language, F_CHARS),
	S(consent_version, F_CHARS), S(consent_at, F_I64), S(name, F_STR),
	S(started_at, F_I64), S(ended_at, F_I64), S(question_ids, F_IDS),
	S(contacts, F_CONTACTS), S(status, F_STATUS), S(revision, F_I64),
};
static const field answer_cols[] = {
	A(question_id, F_CHARS), A(type, F_CHARS), A(question_text, F_STR),
	A(answer, F_STR), A(shown_at, F_I64), A(first_input_ms, F_I64),
	A(submitted_ms, F_I64), A(total_ms, F_I64), A(active_ms, F_I64),
	A(keystrokes, F_INT), A(deletions, F_INT), A(characters, F_INT),
	A(words, F_INT), A(timed_out, F_BOOL), A(skipped, F_BOOL),
	A(submitted, F_BOOL),
};
#define NCOLS(t) ((int)(sizeof(t) / sizeof((t)[0])))

struct store {
	sqlite3 *db;
	char *path;
	char err[1024];
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

/* An SQLite failure, in words staff can act on. */
static int fail(store *st, int rc, const char *what)
{
	int code = rc & 0xff, sys = sqlite3_system_errno(st->db);
	const char *why = sqlite3_errmsg(st->db);

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
	int rc = sqlite3_step(stmt(st, q));

	sqlite3_reset(st->q[q]);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* question_ids or contacts as compact JSON; NULL on invalid UTF-8. */
static char *encode_json(const session_record *s, bool contacts)
{
	json_t *arr = json_array(), *v;
	int n = contacts ? s->contact_count : s->question_count;
	bool ok = arr != NULL;
	char *out;

	for (int i = 0; ok && i < n; i++) {
		const char *id = contacts ? s->contacts[i].key : s->question_ids[i];
		size_t len = strnlen(id, SESSION_SHORT);
		if (contacts)
			v = json_pack("{s:s%,s:s?}", "key", id, len,
			              "value", s->contacts[i].value);
		else
			v = json_stringn(id, len);
		ok = json_array_append_new(arr, v) == 0;
	}
	out = ok ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	return out;
}

static int decode_json(const char *text, session_record *s, bool contacts)
{
	json_t *arr = json_loads(text ? text : "", 0, NULL), *v, *value;
	int rc = json_is_array(arr) ? 0 : -1;
	const char *key;
	size_t i;

	json_array_foreach(arr, i, v) {
		contact_field *c = &s->contacts[s->contact_count];
		if (!contacts && i < SESSION_MAX_QUESTIONS && json_is_string(v))
			snprintf(s->question_ids[s->question_count++], SESSION_SHORT,
			         "%s", json_string_value(v));
		if (!contacts || rc != 0 || i >= SESSION_MAX_CONTACTS ||
		    json_unpack(v, "{s:s,s:o}", "key", &key, "value", &value) != 0)
			continue;
		snprintf(c->key, SESSION_SHORT, "%s", key);
		rc = session_set_string(&c->value, json_string_value(value));
		s->contact_count++;
	}
	json_decref(arr);
	return rc;
}

static void bind_text(sqlite3_stmt *q, int col, const char *text, size_t cap)
{
	/* Fixed buffers from a caller may lack their NUL; never read past them. */
	if (text == NULL)
		sqlite3_bind_null(q, col);
	else
		sqlite3_bind_text(q, col, text, (int)strnlen(text, cap), SQLITE_STATIC);
}

/* Returns -1 when a question id or contact is not valid UTF-8. */
static int bind_fields(sqlite3_stmt *q, int col, const void *base,
                       const field *f, int n)
{
	char *json;

	for (int i = 0; i < n; i++, col++) {
		const char *p = (const char *)base + f[i].off;
		switch (f[i].kind) {
		case F_CHARS: bind_text(q, col, p, f[i].cap); break;
		case F_STR: bind_text(q, col, *(char *const *)p, SIZE_MAX); break;
		case F_I64: sqlite3_bind_int64(q, col, *(const int64_t *)p); break;
		case F_INT: sqlite3_bind_int(q, col, *(const int *)p); break;
		case F_BOOL: sqlite3_bind_int(q, col, *(const bool *)p); break;
		case F_STATUS:
			bind_text(q, col, session_status_name(*(const session_status *)p),
			          SIZE_MAX);
			break;
		case F_IDS:
		case F_CONTACTS:
			if ((json = encode_json(base, f[i].kind == F_CONTACTS)) == NULL)
				return -1;
			sqlite3_bind_text(q, col, json, -1, free);
			break;
		}
	}
	return 0;
}

/* Columns from 0 of the current row; returns an SQLite code. */
static int read_fields(sqlite3_stmt *q, void *base, const field *f, int n)
{
	for (int col = 0; col < n; col++) {
		char *p = (char *)base + f[col].off;
		const char *t = (const char *)sqlite3_column_text(q, col);
		size_t len = (size_t)sqlite3_column_bytes(q, col);
		char **slot = (char **)p;

		switch (f[col].kind) {
		case F_CHARS: snprintf(p, f[col].cap, "%s", t ? t : ""); break;
		case F_STR:
			/* NULL stays NULL: not the same as "". */
			if (t != NULL && (*slot = strndup(t, len)) == NULL)
				return SQLITE_NOMEM;
			break;
		case F_I64: *(int64_t *)p = sqlite3_column_int64(q, col); break;
		case F_INT: *(int *)p = sqlite3_column_int(q, col); break;
		case F_BOOL: *(bool *)p = sqlite3_column_int(q, col) != 0; break;
		case F_STATUS:
			if (session_status_parse(t, (session_status *)p) != 0)
				return SQLITE_CORRUPT;
			break;
		case F_IDS:
		case F_CONTACTS:
			if (decode_json(t, base, f[col].kind == F_CONTACTS) != 0)
				return SQLITE_CORRUPT;
			break;
		}
	}
	return SQLITE_OK;
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
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);

	buf[0] = '\0';
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);
		snprintf(buf, len, "%s", t ? (const char *)t : "");
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc;
}

static int configure(store *st)
{
	char text[256];
	int rc, version;

	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	/* Lookaside slots are reused without being freed, so free() can never
	 * wipe the candidate text left in them: no lookaside at all. */
	if ((rc = sqlite3_db_config(st->db, SQLITE_DBCONFIG_LOOKASIDE, NULL, 0, 0)))
		return fail(st, rc, "cannot disable lookaside memory");
	/* Deleted and overwritten rows are zeroed on disk, not just unlinked. */
	if ((rc = query_text(st, "PRAGMA secure_delete=ON", text, sizeof text)))
		return fail(st, rc, "cannot open");
	if (strcmp(text, "1") != 0)
		return BAD(st, "cannot turn on secure_delete (got '%s')", text);
	if ((rc = query_text(st, "PRAGMA journal_mode=WAL", text, sizeof text)))
		return fail(st, rc, "cannot open");
	if (strcmp(text, "wal") != 0)
		return BAD(st, "cannot switch to WAL journal (got '%s')", text);
	if ((rc = sqlite3_exec(st->db, "PRAGMA synchronous=FULL", NULL, NULL, NULL)))
		return fail(st, rc, "cannot set synchronous mode");
	/* Sessions are a few kB: a small page cache keeps the kiosk's memory small. */
	sqlite3_exec(st->db, "PRAGMA cache_size=-256", NULL, NULL, NULL);

	/* Corruption found now is a message to staff; found mid-session it
	 * would be a lost answer. */
	if ((rc = query_text(st, "PRAGMA quick_check", text, sizeof text)))
		return fail(st, rc, "integrity check failed");
	if (strcmp(text, "ok") != 0)
		return BAD(st, "database is corrupt (%s)", text);

	if ((rc = query_text(st, "PRAGMA user_version", text, sizeof text)))
		return fail(st, rc, "cannot read schema version");
	if ((version = atoi(text)) > STORE_SCHEMA_VERSION)
		return BAD(st, "written by a newer prescreen (schema version %d, this "
		           "build knows %d)", version, STORE_SCHEMA_VERSION);
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	/* A foreign database with a table of the same name fails here. */
	rc = sqlite3_exec(st->db, version == 1 ? migrate_v1_sql : schema_sql,
	                  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
	fail(st, rc, version == 1 ? "cannot upgrade schema from version 1"
	                          : "cannot create schema");
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

store *store_open(const char *dir, char *err, size_t errlen)
{
	size_t len = strlen(dir = dir ? dir : "");
	store *st = calloc(1, sizeof *st);
	struct stat sb;
	mode_t old;
	int rc;

	if (st == NULL || (st->path = malloc(len + sizeof "/" STORE_FILE)) == NULL) {
		set_err(err, errlen, "%s: out of memory", dir);
		free(st);
		return NULL;
	}
	memcpy(st->path, dir, len + 1);
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
	else if (configure(st) != 0 || secure_files(st) != 0)
		rc = SQLITE_ERROR;
	umask(old);
	for (int i = 0; rc == SQLITE_OK && i < Q_MAX; i++) {
		rc = sqlite3_prepare_v3(st->db, sql_text[i], -1,
		                        SQLITE_PREPARE_PERSISTENT, &st->q[i], NULL);
		if (rc != SQLITE_OK)
			fail(st, rc, "not a prescreen database");
	}
	if (rc == SQLITE_OK)
		return st;
	set_err(err, errlen, "%s", st->err);
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

int store_recover(store *st)
{
	int rc = run(st, Q_RECOVER);

	if (rc != SQLITE_OK)
		return fail(st, rc, "cannot recover interrupted sessions");
	return sqlite3_changes(st->db);
}

/* The session row, then its answers replaced wholesale. */
static int put_rows(store *st, sqlite3_stmt *session, const session_record *s)
{
	sqlite3_stmt *q = stmt(st, Q_DEL_ANSWERS);
	int rc;

	if ((rc = sqlite3_step(session)) != SQLITE_DONE)
		return rc;
	bind_text(q, 1, s->id, sizeof s->id);
	if ((rc = sqlite3_step(q)) != SQLITE_DONE)
		return rc;
	for (int i = 0; i < s->answer_count; i++) {
		q = stmt(st, Q_PUT_ANSWER);
		bind_text(q, 1, s->id, sizeof s->id);
		sqlite3_bind_int(q, 2, i);
		bind_fields(q, 3, &s->answers[i], answer_cols, NCOLS(answer_cols));
		if ((rc = sqlite3_step(q)) != SQLITE_DONE)
			return rc;
	}
	return SQLITE_OK;
}

int store_put(store *st, const session_record *s)
{
	sqlite3_stmt *q = stmt(st, Q_PUT_SESSION);
	char what[128];
	int rc;

	snprintf(what, sizeof what, "cannot save session %.*s", SESSION_ID_LEN, s->id);
	if (s->question_count < 0 || s->question_count > SESSION_MAX_QUESTIONS ||
	    s->answer_count < 0 || s->answer_count > SESSION_MAX_QUESTIONS ||
	    s->contact_count < 0 || s->contact_count > SESSION_MAX_CONTACTS)
		return BAD(st, "%s: counts out of range", what);
	/* Bound before the transaction: a bad record never opens one. */
	if (bind_fields(q, 1, s, session_cols, NCOLS(session_cols)) != 0) {
		sqlite3_clear_bindings(q);
		return BAD(st, "%s: a question id or contact is not valid UTF-8", what);
	}
	if ((rc = run(st, Q_BEGIN)) == SQLITE_OK &&
	    (rc = put_rows(st, q, s)) == SQLITE_OK)
		rc = run(st, Q_COMMIT);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);      /* releases the JSON columns now */
	if (rc == SQLITE_OK)
		return 0;
	fail(st, rc, what);
	if (!sqlite3_get_autocommit(st->db))
		run(st, Q_ROLLBACK);
	return -1;
}

/* Fills s from the current row of a session query, then its answers. */
static int load_row(store *st, sqlite3_stmt *row, session_record *s)
{
	sqlite3_stmt *q = stmt(st, Q_LOAD_ANSWERS);
	int rc;

	session_init(s);
	if ((rc = read_fields(row, s, session_cols, NCOLS(session_cols))) != SQLITE_OK)
		return rc;
	bind_text(q, 1, s->id, sizeof s->id);
	while (s->answer_count < SESSION_MAX_QUESTIONS &&
	       (rc = sqlite3_step(q)) == SQLITE_ROW) {
		answer_record *a = &s->answers[s->answer_count++];
		if ((rc = read_fields(q, a, answer_cols, NCOLS(answer_cols))) != SQLITE_OK)
			break;
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Every session, or only the one with id, from one snapshot. */
static int load(store *st, const char *id, session_record **out, int *count)
{
	session_record *list = NULL, *grown;
	int n = 0, cap = 0, rc;
	sqlite3_stmt *q;

	*out = NULL;
	*count = 0;
	if ((rc = run(st, Q_BEGIN_READ)) != SQLITE_OK)
		return fail(st, rc, "cannot read sessions");
	q = stmt(st, Q_LOAD);
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			if ((grown = realloc(list, (size_t)cap * sizeof *list)) == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			list = grown;
		}
		if ((rc = load_row(st, q, &list[n++])) != SQLITE_OK)
			break;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		fail(st, rc, "cannot read sessions");
		run(st, Q_ROLLBACK);
		store_free_sessions(list, n);
		return -1;
	}
	run(st, Q_COMMIT);
	*out = list;
	*count = n;
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
	if (id == NULL)
		return BAD(st, "%s: no id", what);
	if ((rc = run(st, Q_BEGIN)) == SQLITE_OK) {
		q = stmt(st, Q_DEL_ANSWERS);
		bind_text(q, 1, id, SESSION_ID_LEN + 1);
		if ((rc = sqlite3_step(q)) == SQLITE_DONE) {
			q = stmt(st, Q_DEL_SESSION);
			bind_text(q, 1, id, SESSION_ID_LEN + 1);
			rc = sqlite3_step(q);
		}
		if (rc == SQLITE_DONE)
			rc = run(st, Q_COMMIT);
		sqlite3_reset(st->q[Q_DEL_ANSWERS]);
		sqlite3_reset(st->q[Q_DEL_SESSION]);
	}
	if (rc == SQLITE_OK)
		return 0;
	fail(st, rc, what);
	if (!sqlite3_get_autocommit(st->db))
		run(st, Q_ROLLBACK);
	return -1;
}

int store_scrub(store *st)
{
	/* TRUNCATE: the older versions of every page in the WAL are copied
	 * over, then the WAL is cut to nothing, so no superseded draft of an
	 * answer stays on disk. */
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	                                   NULL, NULL);

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
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		for (int i = 0; i < 6; i++)
			*fields[i] = sqlite3_column_int(q, i);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : fail(st, rc, "cannot count sessions");
}

int store_event_changed(store *st, const char *event_id, const char *event_hash)
{
	sqlite3_stmt *q = stmt(st, Q_EVENT_HASH);
	sqlite3_bind_text(q, 1, event_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, event_hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail(st, rc, "cannot read events");
}
