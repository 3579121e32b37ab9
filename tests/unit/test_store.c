/* The session store: every field survives, writes replace whole sessions,
 * recovery keeps text, files stay private, and bad disks get clear errors. */
#define _GNU_SOURCE     /* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "session.h"
#include "store.h"

#define JOIN(buf, ...) \
	assert_true(snprintf(buf, sizeof buf, __VA_ARGS__) < (int)sizeof buf)

#define ID_A "01JDX5R7Q8W2M4N6P8R0T2V4X6"
#define ID_B "01JDX5R7Q8W2M4N6P8R0T2V4X7"
#define ID_C "01JDX5R7Q8W2M4N6P8R0T2V4X8"

static const char *ARABIC = "أستخدم REST API مع قاعدة بيانات PostgreSQL";
static const char *EMOJI = "🚀 done — naïve café, 简体中文, हिन्दी 👩🏽‍💻";

static void rm_tree(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	char sub[4096];

	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode) && (d = opendir(path)) != NULL) {
		chmod(path, 0700);
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			JOIN(sub, "%s/%s", path, e->d_name);
			rm_tree(sub);
		}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static char *temp_dir(void)
{
	char tmpl[] = TEST_BUILD_DIR "/store-test-XXXXXX";
	char *dir = mkdtemp(tmpl);

	assert_non_null(dir);
	return strdup(dir);
}

static int64_t at(const char *stamp)
{
	int64_t ms;

	assert_int_equal(session_parse_time(stamp, &ms), 0);
	return ms;
}

/* A session with every field set to something distinctive. */
static void fill(session_record *s, const char *id, session_status st, int answers)
{
	session_init(s);
	snprintf(s->id, sizeof s->id, "%.*s", SESSION_ID_LEN, id);
	s->revision = 7;
	s->time_percent = 150;
	snprintf(s->kiosk_id, sizeof s->kiosk_id, "berlin-01");
	snprintf(s->event_id, sizeof s->event_id, "2026-11-29-berlin");
	snprintf(s->event_hash, sizeof s->event_hash, "sha256:%064d", 1);
	s->threshold = 60;
	s->question_count = 6;
	for (int i = 0; i < 6; i++)
		snprintf(s->question_ids[i], SESSION_SHORT, "q%02d", i * 3 + 1);
	snprintf(s->pack_id, sizeof s->pack_id, "backend-developer");
	snprintf(s->pack_version, sizeof s->pack_version, "1.0.0");
	snprintf(s->pack_hash, sizeof s->pack_hash, "sha256:%064d", 2);
	snprintf(s->language, sizeof s->language, "ar");
	snprintf(s->consent_version, sizeof s->consent_version, "1");
	s->consent_at = at("2026-11-29T10:02:11Z");
	session_set_string(&s->name, "ليلى Müller-O'Brien");
	s->contact_count = 2;
	snprintf(s->contacts[0].key, SESSION_SHORT, "email");
	session_set_string(&s->contacts[0].value, "laila@example.com");
	snprintf(s->contacts[1].key, SESSION_SHORT, "phone");
	session_set_string(&s->contacts[1].value, "+49 30 1234, ext. \"7\"");
	s->started_at = at("2026-11-29T10:02:05Z") + 123;
	s->ended_at = st == SESSION_IN_PROGRESS ? 0 : at("2026-11-29T10:24:40Z");
	s->status = st;
	s->answer_count = answers;
	for (int i = 0; i < answers; i++) {
		answer_record *a = &s->answers[i];
		char text[256];
		snprintf(a->question_id, SESSION_SHORT, "%s", s->question_ids[i]);
		snprintf(a->type, SESSION_SHORT, i % 2 ? "experience" : "general");
		snprintf(text, sizeof text, "السؤال %d: %s", i + 1, ARABIC);
		session_set_string(&a->question_text, text);
		snprintf(text, sizeof text, "line one, \"quoted\"\r\nline two %s #%d",
		         EMOJI, i);
		session_set_string(&a->answer, text);
		a->shown_at = at("2026-11-29T10:04:00Z") + i * 60000;
		a->first_input_ms = i == 2 ? -1 : 8200 + i;
		a->submitted_ms = i == answers - 1 ? -1 : 182000 + i;
		a->total_ms = 190000 + i;
		a->active_ms = 121000 + i;
		a->keystrokes = 912 + i;
		a->deletions = 77 + i;
		a->characters = 640 + i;
		a->words = 112 + i;
		a->timed_out = i == 1;
		a->skipped = i == 2;
		a->submitted = i != answers - 1;
	}
}

static void assert_text(const char *want, const char *got)
{
	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(want, got);
}

static void assert_same(const session_record *w, const session_record *g)
{
	assert_string_equal(w->id, g->id);
	assert_int_equal(w->revision, g->revision);
	assert_int_equal(w->time_percent, g->time_percent);
	assert_string_equal(w->kiosk_id, g->kiosk_id);
	assert_string_equal(w->event_id, g->event_id);
	assert_string_equal(w->event_hash, g->event_hash);
	assert_int_equal(w->threshold, g->threshold);
	assert_int_equal(w->question_count, g->question_count);
	for (int i = 0; i < w->question_count; i++)
		assert_string_equal(w->question_ids[i], g->question_ids[i]);
	assert_string_equal(w->pack_id, g->pack_id);
	assert_string_equal(w->pack_version, g->pack_version);
	assert_string_equal(w->pack_hash, g->pack_hash);
	assert_string_equal(w->language, g->language);
	assert_string_equal(w->consent_version, g->consent_version);
	assert_int_equal(w->consent_at, g->consent_at);
	assert_text(w->name, g->name);
	assert_int_equal(w->contact_count, g->contact_count);
	for (int i = 0; i < w->contact_count; i++) {
		assert_string_equal(w->contacts[i].key, g->contacts[i].key);
		assert_text(w->contacts[i].value, g->contacts[i].value);
	}
	assert_int_equal(w->started_at, g->started_at);
	assert_int_equal(w->ended_at, g->ended_at);
	assert_int_equal(w->status, g->status);
	assert_int_equal(w->answer_count, g->answer_count);
	for (int i = 0; i < w->answer_count; i++) {
		const answer_record *a = &w->answers[i], *b = &g->answers[i];
		assert_string_equal(a->question_id, b->question_id);
		assert_string_equal(a->type, b->type);
		assert_text(a->question_text, b->question_text);
		assert_text(a->answer, b->answer);
		assert_int_equal(a->shown_at, b->shown_at);
		assert_int_equal(a->first_input_ms, b->first_input_ms);
		assert_int_equal(a->submitted_ms, b->submitted_ms);
		assert_int_equal(a->total_ms, b->total_ms);
		assert_int_equal(a->active_ms, b->active_ms);
		assert_int_equal(a->keystrokes, b->keystrokes);
		assert_int_equal(a->deletions, b->deletions);
		assert_int_equal(a->characters, b->characters);
		assert_int_equal(a->words, b->words);
		assert_int_equal(a->timed_out, b->timed_out);
		assert_int_equal(a->skipped, b->skipped);
		assert_int_equal(a->submitted, b->submitted);
	}
}

static store *open_ok(const char *dir)
{
	char err[512] = "";
	store *st = store_open(dir, err, sizeof err);

	if (st == NULL)
		fail_msg("store_open(%s): %s", dir, err);
	return st;
}

static void test_round_trip(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir);
	session_record s, got, *all;
	int n;

	(void)state;
	fill(&s, ID_A, SESSION_COMPLETED, 8);
	assert_int_equal(store_put(st, &s), 0);
	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_same(&s, &got);
	session_clear(&got);

	/* And again after a reopen, so nothing came from a cache. */
	store_close(st);
	st = open_ok(dir);
	assert_int_equal(store_load_all(st, &all, &n), 0);
	assert_int_equal(n, 1);
	assert_same(&s, &all[0]);
	store_free_sessions(all, n);
	assert_int_equal(store_load(st, ID_B, &got), 1);

	session_clear(&s);
	store_close(st);
	rm_tree(dir);
	free(dir);
}

static void test_null_vs_empty(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir);
	session_record s, got;

	(void)state;
	fill(&s, ID_A, SESSION_IN_PROGRESS, 3);
	session_set_string(&s.name, NULL);
	session_set_string(&s.contacts[0].value, "");
	session_set_string(&s.contacts[1].value, NULL);
	session_set_string(&s.answers[0].answer, "");
	session_set_string(&s.answers[1].question_text, NULL);
	session_set_string(&s.answers[2].question_text, "");
	s.question_count = 0;
	assert_int_equal(store_put(st, &s), 0);
	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_same(&s, &got);
	assert_null(got.name);
	assert_string_equal(got.contacts[0].value, "");
	assert_null(got.contacts[1].value);
	assert_string_equal(got.answers[0].answer, "");
	assert_null(got.answers[1].question_text);
	session_clear(&got);

	/* An empty name is a value, not a missing one. */
	session_set_string(&s.name, "");
	assert_int_equal(store_put(st, &s), 0);
	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_non_null(got.name);
	assert_string_equal(got.name, "");
	session_clear(&got);

	session_clear(&s);
	store_close(st);
	rm_tree(dir);
	free(dir);
}

static void test_put_twice_replaces(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir);
	session_record s, other, got;

	(void)state;
	fill(&s, ID_A, SESSION_IN_PROGRESS, 5);
	fill(&other, ID_B, SESSION_COMPLETED, 4);
	assert_int_equal(store_put(st, &other), 0);
	assert_int_equal(store_put(st, &s), 0);

	/* The session shrinks to two answers with new text: nothing stale. */
	s.answer_count = 2;
	session_set_string(&s.answers[1].answer, "rewritten ✍️");
	s.answers[1].keystrokes = 5;
	s.status = SESSION_COMPLETED;
	s.ended_at = s.started_at + 1000;
	session_set_string(&s.name, "Renamed");
	assert_int_equal(store_put(st, &s), 0);
	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_int_equal(got.answer_count, 2);
	assert_same(&s, &got);
	session_clear(&got);

	assert_int_equal(store_load(st, ID_B, &got), 0);
	assert_same(&other, &got);
	session_clear(&got);

	/* session_clear frees the slots past answer_count too. */
	session_clear(&s);
	session_clear(&other);
	store_close(st);
	rm_tree(dir);
	free(dir);
}

static void test_recover(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir);
	session_record live, done, got;

	(void)state;
	fill(&live, ID_A, SESSION_IN_PROGRESS, 3);
	fill(&done, ID_B, SESSION_COMPLETED, 6);
	assert_int_equal(store_put(st, &live), 0);
	assert_int_equal(store_put(st, &done), 0);
	/* As after a kill -9: the next start opens the store afresh. */
	store_close(st);
	st = open_ok(dir);
	assert_int_equal(store_recover(st), 1);
	assert_int_equal(store_recover(st), 0);

	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_int_equal(got.status, SESSION_INTERRUPTED);
	assert_int_equal(got.ended_at, 0);
	live.status = SESSION_INTERRUPTED;
	assert_same(&live, &got);
	assert_string_equal(got.answers[2].answer, live.answers[2].answer);
	session_clear(&got);
	assert_int_equal(store_load(st, ID_B, &got), 0);
	assert_int_equal(got.status, SESSION_COMPLETED);
	session_clear(&got);

	session_clear(&live);
	session_clear(&done);
	store_close(st);
	rm_tree(dir);
	free(dir);
}

static void assert_mode(const char *dir, const char *name, mode_t want)
{
	char path[4096];
	struct stat sb;

	JOIN(path, "%s/%s", dir, name);
	if (stat(path, &sb) != 0)
		fail_msg("%s: %s", path, strerror(errno));
	if ((sb.st_mode & 07777) != want)
		fail_msg("%s: mode %o, want %o", path, sb.st_mode & 07777, want);
}

static void test_file_modes(void **state)
{
	char *top = temp_dir();
	char dir[4096], path[4096];
	session_record s;
	store *st;
	mode_t old = umask(022);

	(void)state;
	/* Missing parents are created, owner only. */
	JOIN(dir, "%s/a/b/data", top);
	st = open_ok(dir);
	fill(&s, ID_A, SESSION_IN_PROGRESS, 2);
	assert_int_equal(store_put(st, &s), 0);
	assert_mode(top, "a", 0700);
	assert_mode(top, "a/b/data", 0700);
	assert_mode(dir, "prescreen.db", 0600);
	assert_mode(dir, "prescreen.db-wal", 0600);
	assert_mode(dir, "prescreen.db-shm", 0600);
	store_close(st);

	/* Files that pre-exist with loose modes are tightened on open. */
	JOIN(path, "%s/prescreen.db", dir);
	assert_int_equal(chmod(path, 0644), 0);
	st = open_ok(dir);
	assert_mode(dir, "prescreen.db", 0600);
	assert_mode(dir, "prescreen.db-wal", 0600);
	assert_mode(dir, "prescreen.db-shm", 0600);
	assert_int_equal(store_put(st, &s), 0);
	store_close(st);
	/* The process umask is left as it was. */
	assert_int_equal(umask(old), 022);

	session_clear(&s);
	rm_tree(top);
	free(top);
}

static void test_unwritable_dir(void **state)
{
	char err[512] = "";
	char *top = temp_dir();
	char dir[4096];

	(void)state;
	/* A path under a regular file fails even for root. */
	assert_null(store_open("/dev/null/prescreen", err, sizeof err));
	assert_non_null(strstr(err, "/dev/null/prescreen"));
	assert_non_null(strstr(err, strerror(ENOTDIR)));
	assert_null(strchr(err, '\n'));

	if (geteuid() != 0) {
		JOIN(dir, "%s/ro", top);
		assert_int_equal(mkdir(dir, 0500), 0);
		err[0] = '\0';
		assert_null(store_open(dir, err, sizeof err));
		assert_non_null(strstr(err, dir));
		assert_non_null(strstr(err, strerror(EACCES)));
	}
	rm_tree(top);
	free(top);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_garbage_db(void **state)
{
	char *dir = temp_dir();
	char path[4096], err[512] = "", junk[8192];

	(void)state;
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)("garbage, not a database\n"[i % 24]);
	JOIN(path, "%s/prescreen.db", dir);
	write_file(path, junk, sizeof junk);
	assert_null(store_open(dir, err, sizeof err));
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "not an SQLite database"));
	assert_null(strchr(err, '\n'));
	rm_tree(dir);
	free(dir);
}

static void test_corrupt_db(void **state)
{
	char *dir = temp_dir();
	char path[4096], err[512] = "", junk[4096];
	session_record s;
	store *st = open_ok(dir);
	int fd;

	(void)state;
	for (int i = 0; i < 40; i++) {
		char id[32];
		snprintf(id, sizeof id, "01JDX5R7Q8W2M4N6P8R0T2V%03d", i);
		fill(&s, id, SESSION_COMPLETED, 8);
		assert_int_equal(store_put(st, &s), 0);
		session_clear(&s);
	}
	store_close(st);
	/* Scribble over pages in the middle; the header stays valid. */
	JOIN(path, "%s/prescreen.db", dir);
	memset(junk, 0xA5, sizeof junk);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, junk, sizeof junk, 4096 * 2), (ssize_t)sizeof junk);
	assert_int_equal(pwrite(fd, junk, sizeof junk, 4096 * 5), (ssize_t)sizeof junk);
	close(fd);
	assert_null(store_open(dir, err, sizeof err));
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "corrupt"));
	assert_null(strchr(err, '\n'));
	rm_tree(dir);
	free(dir);
}

static void test_foreign_and_newer(void **state)
{
	char *dir = temp_dir();
	char path[4096], err[512] = "";
	sqlite3 *db;
	store *st;

	(void)state;
	JOIN(path, "%s/prescreen.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE sessions (y)", NULL, NULL,
	                              NULL), 0);
	sqlite3_close(db);
	assert_null(store_open(dir, err, sizeof err));
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "cannot create schema"));

	unlink(path);
	st = open_ok(dir);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), 0);
	sqlite3_close(db);
	assert_null(store_open(dir, err, sizeof err));
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "newer"));
	rm_tree(dir);
	free(dir);
}

static void test_locked(void **state)
{
	char *dir = temp_dir();
	char path[4096];
	store *st = open_ok(dir);
	session_record s, got;
	sqlite3 *db;

	(void)state;
	fill(&s, ID_A, SESSION_IN_PROGRESS, 1);
	assert_int_equal(store_put(st, &s), 0);
	JOIN(path, "%s/prescreen.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), 0);

	s.answer_count = 2;
	assert_int_equal(store_put(st, &s), -1);
	assert_non_null(strstr(store_error(st), path));
	assert_non_null(strstr(store_error(st), "locked"));
	assert_null(strchr(store_error(st), '\n'));

	/* The failed write left the previous version whole. */
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_int_equal(got.answer_count, 1);
	session_clear(&got);
	assert_int_equal(store_put(st, &s), 0);

	session_clear(&s);
	store_close(st);
	rm_tree(dir);
	free(dir);
}

static void test_counts(void **state)
{
	static const struct {
		session_status st;
		const char *start;
	} rows[] = {
		{ SESSION_COMPLETED, "2026-11-29T00:00:00Z" },
		{ SESSION_COMPLETED, "2026-11-29T23:59:59Z" },
		{ SESSION_ABANDONED, "2026-11-29T12:00:00Z" },
		{ SESSION_INTERRUPTED, "2026-11-28T23:59:59Z" },
		{ SESSION_IN_PROGRESS, "2026-11-30T00:00:00Z" },
		{ SESSION_COMPLETED, "2026-11-27T09:00:00Z" },
	};
	char *dir = temp_dir();
	store *st = open_ok(dir);
	store_counts c;
	session_record s;

	(void)state;
	assert_int_equal(store_count(st, "2026-11-29", &c), 0);
	assert_int_equal(c.total, 0);
	assert_int_equal(c.today, 0);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char id[32];
		JOIN(id, "01JDX5R7Q8W2M4N6P8R0T2V%03zu", i);
		fill(&s, id, rows[i].st, 1);
		s.started_at = at(rows[i].start) + (i == 1 ? 999 : 0);
		assert_int_equal(store_put(st, &s), 0);
		session_clear(&s);
	}
	assert_int_equal(store_count(st, "2026-11-29", &c), 0);
	assert_int_equal(c.total, 6);
	assert_int_equal(c.completed, 3);
	assert_int_equal(c.abandoned, 1);
	assert_int_equal(c.interrupted, 1);
	assert_int_equal(c.in_progress, 1);
	assert_int_equal(c.today, 3);
	assert_int_equal(store_count(st, "2026-11-30", &c), 0);
	assert_int_equal(c.today, 1);
	assert_int_equal(store_count(st, NULL, &c), 0);
	assert_int_equal(c.total, 6);
	assert_int_equal(c.today, 0);
	assert_int_equal(store_count(st, "29/11/2026", &c), -1);
	assert_non_null(strstr(store_error(st), "29/11/2026"));

	assert_int_equal(store_recover(st), 1);
	assert_int_equal(store_count(st, "2026-11-29", &c), 0);
	assert_int_equal(c.interrupted, 2);
	assert_int_equal(c.in_progress, 0);
	store_close(st);
	rm_tree(dir);
	free(dir);
}

/* The files of dir, concatenated, as the disk holds them. */
static char *dir_bytes(const char *dir, size_t *len)
{
	char path[4096], *all = NULL;
	size_t size = 0;
	struct dirent *e;
	FILE *out = open_memstream(&all, &size);
	DIR *d = opendir(dir);

	assert_non_null(out);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char buf[65536];
		size_t n;
		FILE *f;
		if (e->d_name[0] == '.')
			continue;
		JOIN(path, "%s/%s", dir, e->d_name);
		assert_non_null(f = fopen(path, "rb"));
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			fwrite(buf, 1, n, out);
		fclose(f);
	}
	closedir(d);
	assert_int_equal(fclose(out), 0);
	*len = size;
	return all;
}

static bool on_disk(const char *dir, const char *text)
{
	size_t len;
	char *all = dir_bytes(dir, &len);
	bool found = memmem(all, len, text, strlen(text)) != NULL;

	free(all);
	return found;
}

/* Autosaves while a candidate types, backspaces and corrects the name:
 * after the scrub only the last version is anywhere in the directory. */
static void test_scrub_leaves_current_only(void **state)
{
	static const char *const names[] = { "Quentin Oldname", "Quentin Midname",
	                                     "Quentin Lastname" };
	char *dir = temp_dir();
	store *st = open_ok(dir);
	session_record s, other;
	char text[512];

	(void)state;
	fill(&other, ID_B, SESSION_COMPLETED, 3);
	assert_int_equal(store_put(st, &other), 0);
	fill(&s, ID_A, SESSION_IN_PROGRESS, 2);
	for (int i = 0; i < 12; i++) {
		/* Typed up to "...ZEBRA-BACKSPACED-11", then rubbed out. */
		snprintf(text, sizeof text, "Kept prefix. ZEBRA-BACKSPACED-%02d", i);
		session_set_string(&s.answers[1].answer, text);
		session_set_string(&s.name, names[i * 3 / 12]);
		s.revision = i + 1;
		assert_int_equal(store_put(st, &s), 0);
	}
	session_set_string(&s.answers[1].answer, "Kept prefix.");
	s.revision = 13;
	assert_int_equal(store_put(st, &s), 0);
	assert_true(on_disk(dir, "ZEBRA-BACKSPACED"));   /* the WAL has them */
	assert_int_equal(store_scrub(st), 0);
	assert_false(on_disk(dir, "ZEBRA-BACKSPACED"));
	assert_false(on_disk(dir, "Oldname"));
	assert_false(on_disk(dir, "Midname"));
	assert_true(on_disk(dir, "Quentin Lastname"));
	assert_true(on_disk(dir, "Kept prefix."));

	/* Deleted, then scrubbed: nothing of it, not even its id. */
	assert_int_equal(store_delete(st, ID_A), 0);
	assert_int_equal(store_scrub(st), 0);
	assert_false(on_disk(dir, "Quentin"));
	assert_false(on_disk(dir, "Kept prefix."));
	assert_false(on_disk(dir, ID_A));
	/* The other session is whole. */
	assert_true(on_disk(dir, ID_B));
	store_close(st);
	st = open_ok(dir);
	session_clear(&s);
	assert_int_equal(store_load(st, ID_A, &s), 1);
	assert_int_equal(store_load(st, ID_B, &s), 0);
	assert_same(&other, &s);
	session_clear(&s);
	session_clear(&other);
	store_close(st);
	rm_tree(dir);
	free(dir);
}

static void test_delete(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir);
	session_record a, b, *all;
	int n;

	(void)state;
	fill(&a, ID_A, SESSION_COMPLETED, 8);
	fill(&b, ID_B, SESSION_IN_PROGRESS, 2);
	assert_int_equal(store_put(st, &a), 0);
	assert_int_equal(store_put(st, &b), 0);
	assert_int_equal(store_delete(st, ID_A), 0);
	/* Deleting what is not there is not an error. */
	assert_int_equal(store_delete(st, ID_C), 0);
	assert_int_equal(store_load_all(st, &all, &n), 0);
	assert_int_equal(n, 1);
	assert_same(&b, &all[0]);
	store_free_sessions(all, n);
	/* Its answers went with it: a new session under the same id has none. */
	a.answer_count = 0;
	assert_int_equal(store_put(st, &a), 0);
	session_clear(&b);
	assert_int_equal(store_load(st, ID_A, &b), 0);
	assert_int_equal(b.answer_count, 0);
	session_clear(&a);
	session_clear(&b);
	store_close(st);
	rm_tree(dir);
	free(dir);
}

/* Schema version 1 as the kiosk wrote it, with one session. */
static const char v1[] =
		"CREATE TABLE sessions (id TEXT PRIMARY KEY NOT NULL, kiosk_id TEXT,"
		" event_id TEXT, event_hash TEXT, threshold INT, pack_id TEXT, pack_version TEXT,"
		" pack_hash TEXT, language TEXT, consent_version TEXT, consent_at INT, name TEXT,"
		" started_at INT, ended_at INT, question_ids TEXT, contacts TEXT, status TEXT"
		" CHECK (status IN ('in_progress', 'completed', 'abandoned', 'interrupted')))"
		" STRICT;"
		"CREATE INDEX sessions_started ON sessions (started_at);"
		"CREATE TABLE answers (session_id TEXT NOT NULL, idx INT NOT NULL,"
		" question_id TEXT, type TEXT, question_text TEXT, answer TEXT, shown_at INT,"
		" first_input_ms INT, submitted_ms INT, total_ms INT, active_ms INT,"
		" keystrokes INT, deletions INT, characters INT, words INT, timed_out INT,"
		" skipped INT, submitted INT, PRIMARY KEY (session_id, idx))"
		" STRICT, WITHOUT ROWID;"
		"INSERT INTO sessions VALUES ('" ID_A "', 'berlin-01', 'e', 'sha256:x', 60,"
		" 'p', '1.0.0', 'sha256:y', 'en', '1', 0, 'Old Kim', 1000, 2000, '[\"q01\"]',"
		" '[]', 'completed');"
		"INSERT INTO answers VALUES ('" ID_A "', 0, 'q01', 'general', 'Q?', 'A.', 1500,"
		" 10, 20, 30, 5, 3, 0, 2, 1, 0, 0, 1);"
		"PRAGMA user_version = 1;";

static void db_user_version(const char *path, char *version, size_t len)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	snprintf(version, len, "%s", sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* A database of schema version 1 (no revision) opens, keeps its sessions at
 * revision 1, and stores revisions from then on. */
static void test_migrate_v1(void **state)
{
	char *dir = temp_dir(), path[4096], version[16] = "";
	session_record s;
	sqlite3 *db;
	store *st;

	(void)state;
	JOIN(path, "%s/prescreen.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, v1, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	/* Read-only (a rescue export) it cannot be upgraded, yet reads. */
	{
		char err[512] = "";
		session_record *all;
		int n;
		st = store_open_read_only(dir, err, sizeof err);
		if (st == NULL)
			fail_msg("read-only: %s", err);
		assert_int_equal(store_load_all(st, &all, &n), 0);
		assert_int_equal(n, 1);
		assert_int_equal(all[0].revision, 1);
		assert_int_equal(all[0].time_percent, 100);
		assert_string_equal(all[0].name, "Old Kim");
		store_free_sessions(all, n);
		store_close(st);
	}

	st = open_ok(dir);
	assert_int_equal(store_load(st, ID_A, &s), 0);
	assert_int_equal(s.revision, 1);
	assert_int_equal(s.time_percent, 100);
	assert_string_equal(s.name, "Old Kim");
	assert_int_equal(s.answer_count, 1);
	assert_string_equal(s.answers[0].answer, "A.");
	s.revision = 2;
	assert_int_equal(store_put(st, &s), 0);
	session_clear(&s);
	store_close(st);

	st = open_ok(dir);
	assert_int_equal(store_load(st, ID_A, &s), 0);
	assert_int_equal(s.revision, 2);
	session_clear(&s);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	{
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q,
		                                    NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		snprintf(version, sizeof version, "%s", sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	assert_string_equal(version, "5");
	rm_tree(dir);
	free(dir);
}

/* Version 2 (no time_percent): its sessions had the event's own time, read
 * as 100 read-only and after the upgrade; extra time is kept from then on. */
static void test_migrate_v2(void **state)
{
	char *dir = temp_dir(), path[4096], version[16] = "";
	session_record s;
	sqlite3 *db;
	store *st;

	(void)state;
	JOIN(path, "%s/prescreen.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, v1, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "ALTER TABLE sessions ADD COLUMN revision INT NOT NULL "
	                              "DEFAULT 1; UPDATE sessions SET revision = 4;"
	                              "PRAGMA user_version = 2;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	{
		char err[512] = "";
		session_record *all;
		int n;
		st = store_open_read_only(dir, err, sizeof err);
		if (st == NULL)
			fail_msg("read-only: %s", err);
		assert_int_equal(store_load_all(st, &all, &n), 0);
		assert_int_equal(n, 1);
		assert_int_equal(all[0].revision, 4);
		assert_int_equal(all[0].time_percent, 100);
		store_free_sessions(all, n);
		store_close(st);
	}
	db_user_version(path, version, sizeof version);
	assert_string_equal(version, "2");   /* read-only changed nothing */

	st = open_ok(dir);
	assert_int_equal(store_load(st, ID_A, &s), 0);
	assert_int_equal(s.revision, 4);
	assert_int_equal(s.time_percent, 100);
	assert_string_equal(s.answers[0].answer, "A.");
	s.revision = 5;
	s.time_percent = 200;
	assert_int_equal(store_put(st, &s), 0);
	session_clear(&s);
	store_close(st);

	st = open_ok(dir);
	assert_int_equal(store_load(st, ID_A, &s), 0);
	assert_int_equal(s.time_percent, 200);
	session_clear(&s);
	store_close(st);
	db_user_version(path, version, sizeof version);
	assert_string_equal(version, "5");
	rm_tree(dir);
	free(dir);
}

/* A disk that refuses writes at COMMIT (the file size limit stands in for a
 * failing or read-only disk): the message names SQLite's error and the OS's,
 * never "not an error". */
static void test_commit_error_named(void **state)
{
	char *dir = temp_dir(), path[4096];
	store *st = open_ok(dir);
	session_record s, got;
	struct rlimit old, small;
	struct stat sb;
	const char *err;

	(void)state;
	fill(&s, ID_A, SESSION_IN_PROGRESS, 1);
	assert_int_equal(store_put(st, &s), 0);
	JOIN(path, "%s/prescreen.db-wal", dir);
	assert_int_equal(stat(path, &sb), 0);
	s.answer_count = 8;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = (rlim_t)sb.st_size + 2000;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	assert_int_equal(store_put(st, &s), -1);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	err = store_error(st);
	print_message("%s\n", err);
	assert_null(strstr(err, "not an error"));
	assert_non_null(strstr(err, "cannot save session " ID_A));
	assert_non_null(strstr(err, "disk I/O error"));
	assert_non_null(strstr(err, strerror(EFBIG)));
	assert_null(strchr(err, '\n'));
	/* The previous version is whole, and the store works again. */
	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_int_equal(got.answer_count, 1);
	session_clear(&got);
	assert_int_equal(store_put(st, &s), 0);
	session_clear(&s);
	store_close(st);
	rm_tree(dir);
	free(dir);
}

/* A small tmpfs of our own (root only: the tests run as root in CI). */
static char *small_disk(const char *size)
{
	char *dir = temp_dir(), opts[64];

	JOIN(opts, "size=%s,mode=0700", size);
	if (mount("tmpfs", dir, "tmpfs", 0, opts) != 0) {
		rmdir(dir);
		free(dir);
		return NULL;
	}
	return dir;
}

static void small_disk_done(char *dir)
{
	assert_int_equal(umount(dir), 0);
	rm_tree(dir);
	free(dir);
}

static long long free_bytes(const char *dir)
{
	struct statvfs vs;

	assert_int_equal(statvfs(dir, &vs), 0);
	return (long long)vs.f_bavail * (long long)vs.f_frsize;
}

/* Takes all but keep bytes of the free space. */
static void fill_disk(const char *dir, long long keep)
{
	char path[4096];
	int fd;

	JOIN(path, "%s/filler", dir);
	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) >= 0);
	assert_int_equal(posix_fallocate(fd, 0, free_bytes(dir) - keep), 0);
	close(fd);
}

/* Answers of a candidate who writes a lot: 8 x about 1.5 kB. */
static void long_answers(session_record *s, int round)
{
	char text[1600];

	for (int i = 0; i < s->answer_count; i++) {
		int n = snprintf(text, sizeof text, "round %d answer %d: ", round, i);
		while (n < (int)sizeof text - 40)
			n += snprintf(text + n, sizeof text - (size_t)n, "%s ", ARABIC);
		session_set_string(&s->answers[i].answer, text);
	}
}

/* With 1 MB free the store keeps saving: the WAL never grows past a few
 * pages (it used to need 4 MB before its first checkpoint). */
static void test_saves_with_1mb_free(void **state)
{
	char *disk = small_disk("6m"), dir[4096], id[32];
	session_record s, got;
	store *st;

	(void)state;
	if (disk == NULL)
		skip();
	JOIN(dir, "%s/data", disk);
	st = open_ok(dir);
	fill(&s, ID_A, SESSION_IN_PROGRESS, 8);
	assert_int_equal(store_put(st, &s), 0);
	fill_disk(disk, 1 << 20);
	print_message("free: %lld kB\n", free_bytes(disk) / 1024);
	/* A candidate's autosaves, twice a second for ten minutes... */
	for (int round = 0; round < 1200; round++) {
		long_answers(&s, round);
		s.revision = round + 1;
		if (store_put(st, &s) != 0)
			fail_msg("save %d with %lld kB free: %s", round,
			         free_bytes(disk) / 1024, store_error(st));
	}
	/* ...and ten more candidates. */
	for (int i = 0; i < 10; i++) {
		session_record other;
		JOIN(id, "01JDX5R7Q8W2M4N6P8R0T2W%03d", i);
		fill(&other, id, SESSION_COMPLETED, 8);
		if (store_put(st, &other) != 0)
			fail_msg("session %d: %s", i, store_error(st));
		session_clear(&other);
	}
	assert_int_equal(store_scrub(st), 0);
	print_message("free after: %lld kB\n", free_bytes(disk) / 1024);
	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_same(&s, &got);
	session_clear(&got);
	session_clear(&s);
	store_close(st);
	small_disk_done(disk);
}

/* The disk fills while the WAL is large (a reader kept it from being
 * checkpointed): the failed save checkpoints, truncates and succeeds. */
static void test_full_disk_checkpoints_and_retries(void **state)
{
	char *disk = small_disk("3m"), dir[4096], path[4096];
	session_record s, got;
	sqlite3 *reader;
	struct stat sb;
	store *st;

	(void)state;
	if (disk == NULL)
		skip();
	JOIN(dir, "%s/data", disk);
	st = open_ok(dir);
	fill(&s, ID_A, SESSION_IN_PROGRESS, 8);
	long_answers(&s, 0);
	assert_int_equal(store_put(st, &s), 0);
	assert_int_equal(store_scrub(st), 0);

	JOIN(path, "%s/prescreen.db", dir);
	assert_int_equal(sqlite3_open(path, &reader), SQLITE_OK);
	assert_int_equal(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM sessions",
	                              NULL, NULL, NULL), SQLITE_OK);
	for (int round = 1; round <= 30; round++) {
		long_answers(&s, round);
		assert_int_equal(store_put(st, &s), 0);
	}
	JOIN(path, "%s/prescreen.db-wal", dir);
	assert_int_equal(stat(path, &sb), 0);
	print_message("WAL held open by a reader: %lld kB\n", (long long)sb.st_size / 1024);
	assert_true(sb.st_size > 200 * 1024);
	sqlite3_close(reader);
	fill_disk(disk, 0);

	long_answers(&s, 31);
	if (store_put(st, &s) != 0)
		fail_msg("on a full disk: %s", store_error(st));
	assert_int_equal(stat(path, &sb), 0);
	print_message("WAL after the retry: %lld kB\n", (long long)sb.st_size / 1024);
	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_same(&s, &got);
	session_clear(&got);
	session_clear(&s);
	store_close(st);
	small_disk_done(disk);
}

/* Read-only: the sessions as written, nothing created, writes refused. */
static void test_read_only(void **state)
{
	char *dir = temp_dir(), sub[4096], err[512] = "";
	session_record s, *all;
	store *st = open_ok(dir), *ro;
	int n;

	(void)state;
	JOIN(sub, "%s/nothing", dir);
	assert_null(store_open_read_only(sub, err, sizeof err));
	JOIN(sub, "%s/nothing: no prescreen database here", dir);
	assert_string_equal(err, sub);
	JOIN(sub, "%s/nothing", dir);
	assert_int_equal(access(sub, F_OK), -1);

	fill(&s, ID_A, SESSION_COMPLETED, 3);
	assert_int_equal(store_put(st, &s), 0);
	/* While the writer is open (a kiosk running), and after. */
	for (int round = 0; round < 2; round++) {
		ro = store_open_read_only(dir, err, sizeof err);
		if (ro == NULL)
			fail_msg("round %d: %s", round, err);
		assert_int_equal(store_load_all(ro, &all, &n), 0);
		assert_int_equal(n, 1);
		assert_same(&s, &all[0]);
		store_free_sessions(all, n);
		assert_int_equal(store_put(ro, &s), -1);
		assert_non_null(strstr(store_error(ro), "opened read-only"));
		assert_int_equal(store_delete(ro, ID_A), -1);
		assert_int_equal(store_recover(ro), -1);
		store_close(ro);
		if (round == 0) {
			store_close(st);
			st = NULL;
		}
	}
	JOIN(sub, "%s/prescreen.db-wal", dir);
	assert_int_equal(access(sub, F_OK), -1);
	session_clear(&s);
	rm_tree(dir);
	free(dir);
}

/* store_put runs twice a second while a candidate types. */
static void test_put_cost(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir);
	session_record s;
	struct timespec t0, t1;
	const int rounds = 40;
	double ms;

	(void)state;
	fill(&s, ID_C, SESSION_IN_PROGRESS, 8);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < rounds; i++) {
		s.answers[7].keystrokes = i;
		assert_int_equal(store_put(st, &s), 0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	      (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / rounds;
	print_message("store_put: %.2f ms per call (8 answers)\n", ms);
	/* Generous: a slow CI disk is fine, a pathological regression is not. */
	assert_true(ms < 500.0);
	session_clear(&s);
	store_close(st);
	rm_tree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_null_vs_empty),
		cmocka_unit_test(test_put_twice_replaces),
		cmocka_unit_test(test_recover),
		cmocka_unit_test(test_file_modes),
		cmocka_unit_test(test_unwritable_dir),
		cmocka_unit_test(test_garbage_db),
		cmocka_unit_test(test_corrupt_db),
		cmocka_unit_test(test_foreign_and_newer),
		cmocka_unit_test(test_locked),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_scrub_leaves_current_only),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_migrate_v1),
		cmocka_unit_test(test_migrate_v2),
		cmocka_unit_test(test_commit_error_named),
		cmocka_unit_test(test_saves_with_1mb_free),
		cmocka_unit_test(test_full_disk_checkpoints_and_retries),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_put_cost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
