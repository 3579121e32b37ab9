/*
 * test_audit.c — the audit trail and the PIN lock in the session store:
 * actions come back oldest first with their time and detail, survive a
 * reopen, the lock survives a restart, a version 2 database gains the tables
 * and keeps its sessions, and a read-only store reads but does not write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit.h"
#include "store.h"

#define JOIN(buf, ...) \
	assert_true(snprintf(buf, sizeof buf, __VA_ARGS__) < (int)sizeof buf)

static char *temp_dir(void)
{
	char tmpl[] = TEST_BUILD_DIR "/audit-test-XXXXXX";
	char *dir = mkdtemp(tmpl);

	assert_non_null(dir);
	return strdup(dir);
}

static void rm_dir(char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		JOIN(path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
	free(dir);
}

static store *open_ok(const char *dir, int read_only)
{
	char err[512] = "";
	store *st = read_only ? store_open_read_only(dir, err, sizeof err)
	                      : store_open(dir, err, sizeof err);

	if (st == NULL)
		fail_msg("open %s: %s", dir, err);
	return st;
}

typedef struct {
	char text[2048];
	int rows;
	int stop_after;
} collected;

static int collect(void *ctx, int64_t wall_ms, const char *action, const char *detail)
{
	collected *c = ctx;
	size_t n = strlen(c->text);

	snprintf(c->text + n, sizeof c->text - n, "%lld %s [%s]\n", (long long)wall_ms,
	    action, detail);
	return ++c->rows == c->stop_after;
}

static void test_audit_order_and_reopen(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir, 0);
	collected c = { "", 0, 0 };

	(void)state;
	assert_int_equal(audit_each(st, collect, &c), 0);
	assert_int_equal(c.rows, 0);
	assert_int_equal(audit_add(st, 1764600000000, "login", ""), 0);
	assert_int_equal(audit_add(st, 1764600005000, "pin-wrong", NULL), 0);
	/* A clock set back keeps the order things happened in. */
	assert_int_equal(audit_add(st, 1764599990000, "export", "prescreen-export-k-1\tx"), 0);
	assert_int_equal(audit_add(st, 1764600010000, "event-change", "walk-in-2"), 0);
	assert_int_equal(audit_add(st, 1, "", "x"), -1);
	assert_non_null(strstr(store_error(st), "no action"));
	store_close(st);

	st = open_ok(dir, 1);
	assert_int_equal(audit_each(st, collect, &c), 0);
	assert_string_equal(c.text,
	    "1764600000000 login []\n"
	    "1764600005000 pin-wrong []\n"
	    "1764599990000 export [prescreen-export-k-1\tx]\n"
	    "1764600010000 event-change [walk-in-2]\n");
	/* Read-only: the trail cannot be written. */
	assert_int_equal(audit_add(st, 2, "login", ""), -1);
	assert_non_null(strstr(store_error(st), "read-only"));

	memset(&c, 0, sizeof c);
	c.stop_after = 2;
	assert_int_equal(audit_each(st, collect, &c), 1);
	assert_int_equal(c.rows, 2);
	store_close(st);
	rm_dir(dir);
}

static void test_audit_lock_survives_restart(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir, 0);
	audit_lock l = { 7, 7 };

	(void)state;
	assert_int_equal(audit_lock_get(st, &l), 0);
	assert_int_equal(l.failures, 0);
	assert_int_equal(l.locked_until_ms, 0);

	l.failures = 3;
	assert_int_equal(audit_lock_put(st, &l), 0);
	l.failures = 5;
	l.locked_until_ms = 1764600060000;
	assert_int_equal(audit_lock_put(st, &l), 0);
	store_close(st);

	st = open_ok(dir, 0);
	memset(&l, 0, sizeof l);
	assert_int_equal(audit_lock_get(st, &l), 0);
	assert_int_equal(l.failures, 5);
	assert_int_equal(l.locked_until_ms, 1764600060000);
	/* One row, whatever was written before. */
	l.failures = 0;
	l.locked_until_ms = 0;
	assert_int_equal(audit_lock_put(st, &l), 0);
	store_close(st);

	st = open_ok(dir, 1);
	l.failures = 9;
	assert_int_equal(audit_lock_get(st, &l), 0);
	assert_int_equal(l.failures, 0);
	assert_int_equal(l.locked_until_ms, 0);
	assert_int_equal(audit_lock_put(st, &l), -1);
	store_close(st);
	rm_dir(dir);
}

/* The sessions and answers tables of schema version 2, with one session. */
static const char v2[] =
	"CREATE TABLE sessions (id TEXT PRIMARY KEY NOT NULL, kiosk_id TEXT,"
	" event_id TEXT, event_hash TEXT, threshold INT, pack_id TEXT, pack_version TEXT,"
	" pack_hash TEXT, language TEXT, consent_version TEXT, consent_at INT, name TEXT,"
	" started_at INT, ended_at INT, question_ids TEXT, contacts TEXT, status TEXT"
	" CHECK (status IN ('in_progress', 'completed', 'abandoned', 'interrupted')),"
	" revision INT NOT NULL DEFAULT 1) STRICT;"
	"CREATE INDEX sessions_started ON sessions (started_at);"
	"CREATE TABLE answers (session_id TEXT NOT NULL, idx INT NOT NULL,"
	" question_id TEXT, type TEXT, question_text TEXT, answer TEXT, shown_at INT,"
	" first_input_ms INT, submitted_ms INT, total_ms INT, active_ms INT,"
	" keystrokes INT, deletions INT, characters INT, words INT, timed_out INT,"
	" skipped INT, submitted INT, PRIMARY KEY (session_id, idx))"
	" STRICT, WITHOUT ROWID;"
	"INSERT INTO sessions VALUES ('01JDX5R7Q8W2M4N6P8R0T2V4X6', 'k', 'e',"
	" 'sha256:x', 60, 'p', '1.0.0', 'sha256:y', 'en', '1', 0, 'Old Kim', 1000, 2000,"
	" '[\"q01\"]', '[]', 'completed', 1);"
	"PRAGMA user_version = 2;";

static void test_audit_v2_database(void **state)
{
	char *dir = temp_dir(), path[4096];
	collected c = { "", 0, 0 };
	session_record s;
	audit_lock l;
	sqlite3 *db;
	store *st;

	(void)state;
	JOIN(path, "%s/prescreen.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, v2, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	/* Read-only it cannot gain the tables: an empty trail, no lock. */
	st = open_ok(dir, 1);
	assert_int_equal(audit_each(st, collect, &c), 0);
	assert_int_equal(c.rows, 0);
	assert_int_equal(audit_lock_get(st, &l), 0);
	assert_int_equal(l.failures, 0);
	store_close(st);

	st = open_ok(dir, 0);
	assert_int_equal(store_load(st, "01JDX5R7Q8W2M4N6P8R0T2V4X6", &s), 0);
	assert_string_equal(s.name, "Old Kim");
	session_clear(&s);
	assert_int_equal(audit_add(st, 5, "login", ""), 0);
	store_close(st);
	st = open_ok(dir, 1);
	assert_int_equal(audit_each(st, collect, &c), 0);
	assert_string_equal(c.text, "5 login []\n");
	store_close(st);
	rm_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_order_and_reopen),
		cmocka_unit_test(test_audit_lock_survives_restart),
		cmocka_unit_test(test_audit_v2_database),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
