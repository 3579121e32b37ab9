/* The review store: sessions merged by id (same, newer, older, conflict,
 * tampered), read back whole, each score and note committed as it is given
 * (a kill -9 loses none the writer saw committed), a stable seed per
 * reviewer, private files. */
#define _GNU_SOURCE     /* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "rstore.h"
#include "score.h"
#include "session.h"

#define JOIN(buf, ...) \
	assert_true(snprintf(buf, sizeof buf, __VA_ARGS__) < (int)sizeof buf)

#define ID_A "01JDX5R7Q8W2M4N6P8R0T2V4X6"
#define ID_B "01JDX5R7Q8W2M4N6P8R0T2V4X7"
#define ID_C "01JDX5R7Q8W2M4N6P8R0T2V4X8"
#define HASH_1 "sha256:1111111111111111111111111111111111111111111111111111111111111111"
#define HASH_2 "sha256:2222222222222222222222222222222222222222222222222222222222222222"
#define PACK_H "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

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

typedef struct {
	char dir[4096];
	char path[4096];
	rstore *rs;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	char tmpl[] = TEST_BUILD_DIR "/rstore-test-XXXXXX", err[1024];

	assert_non_null(f);
	assert_non_null(mkdtemp(tmpl));
	JOIN(f->dir, "%s", tmpl);
	JOIN(f->path, "%s/review.db", tmpl);
	f->rs = rstore_open(f->path, err, sizeof err);
	assert_non_null(f->rs);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	rstore_close(f->rs);
	rm_tree(f->dir);
	free(f);
	return 0;
}

static void make_session(session_record *s, const char *id, int64_t revision, int threshold)
{
	session_init(s);
	snprintf(s->id, sizeof s->id, "%s", id);
	s->revision = revision;
	snprintf(s->kiosk_id, sizeof s->kiosk_id, "berlin-01");
	snprintf(s->event_id, sizeof s->event_id, "2026-11-29-berlin");
	snprintf(s->event_hash, sizeof s->event_hash, HASH_1);
	s->threshold = threshold;
	s->question_count = 3;
	snprintf(s->question_ids[0], SESSION_SHORT, "q01");
	snprintf(s->question_ids[1], SESSION_SHORT, "q05");
	snprintf(s->question_ids[2], SESSION_SHORT, "q21");
	snprintf(s->pack_id, sizeof s->pack_id, "backend-developer");
	snprintf(s->pack_version, sizeof s->pack_version, "1.1.0");
	snprintf(s->pack_hash, sizeof s->pack_hash, PACK_H);
	snprintf(s->language, sizeof s->language, "ar");
	snprintf(s->consent_version, sizeof s->consent_version, "2");
	s->consent_at = INT64_C(1795946406000);
	assert_int_equal(session_set_string(&s->name, "Layla Haddad"), 0);
	s->contact_count = 1;
	snprintf(s->contacts[0].key, SESSION_SHORT, "email");
	assert_int_equal(session_set_string(&s->contacts[0].value, "layla@example.org"), 0);
	s->started_at = INT64_C(1795946400000);
	s->ended_at = INT64_C(1795947800000);
	s->status = SESSION_COMPLETED;
	s->answer_count = 3;
	for (int i = 0; i < 3; i++) {
		answer_record *a = &s->answers[i];
		snprintf(a->question_id, SESSION_SHORT, "%s", s->question_ids[i]);
		snprintf(a->type, SESSION_SHORT, i ? "experience" : "general");
		assert_int_equal(session_set_string(&a->question_text, "سؤال"), 0);
		assert_int_equal(session_set_string(&a->answer, i == 2 ? "" : i ? EMOJI : ARABIC), 0);
		a->shown_at = s->started_at + 60000 * (i + 1);
		a->first_input_ms = i == 2 ? -1 : 4000 + i;
		a->submitted_ms = 140000 + i;
		a->total_ms = 145000 + i;
		a->active_ms = 90000 + i;
		a->keystrokes = 700 + i;
		a->deletions = 40 + i;
		a->characters = 41 + i;
		a->words = 7 + i;
		a->timed_out = i == 1;
		a->skipped = i == 2;
		a->submitted = true;
	}
}

static rstore_add_result add(rstore *rs, const session_record *s, const char *hash)
{
	rstore_add_result res = (rstore_add_result)-1;

	assert_int_equal(rstore_add_session(rs, s, hash, &res), 0);
	return res;
}

static void test_private_files(void **state)
{
	char tmpl[] = TEST_BUILD_DIR "/rstore-perm-XXXXXX", path[4096], file[4200], err[1024];
	struct stat sb;
	rstore *rs;
	mode_t old = umask(0);       /* the most permissive a user might have */
	uint64_t seed;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	JOIN(path, "%s/deep/er/review.db", tmpl);
	rs = rstore_open(path, err, sizeof err);
	umask(old);
	assert_non_null(rs);
	assert_int_equal(rstore_reviewer_seed(rs, "maria", &seed), 0);
	JOIN(file, "%s/deep/er", tmpl);
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	JOIN(file, "%s/deep", tmpl);
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	JOIN(file, "%s-wal", path);
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	JOIN(file, "%s-shm", path);
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	rstore_close(rs);

	/* A file that was made readable to others is made private again. */
	assert_int_equal(chmod(path, 0644), 0);
	assert_non_null(rs = rstore_open(path, err, sizeof err));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	rstore_close(rs);
	rm_tree(tmpl);
}

static void test_not_a_store(void **state)
{
	fixture *f = *state;
	char path[4200], err[1024] = "";
	FILE *fp;

	JOIN(path, "%s/foreign.db", f->dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("this is not a database, just some text that is long enough to look at\n", fp);
	fclose(fp);
	assert_null(rstore_open(path, err, sizeof err));
	assert_non_null(strstr(err, path));
}

static void test_round_trip(void **state)
{
	fixture *f = *state;
	session_record s, back;

	make_session(&s, ID_A, 3, 60);
	s.time_percent = 125;
	session_init(&back);
	assert_int_equal(add(f->rs, &s, HASH_1), RSTORE_ADDED);
	assert_int_equal(rstore_load(f->rs, ID_A, &back), 0);
	assert_string_equal(back.id, ID_A);
	assert_int_equal(back.revision, 3);
	assert_int_equal(back.time_percent, 125);
	assert_string_equal(back.kiosk_id, "berlin-01");
	assert_string_equal(back.event_hash, HASH_1);
	assert_int_equal(back.threshold, 60);
	assert_int_equal(back.question_count, 3);
	assert_string_equal(back.question_ids[2], "q21");
	assert_string_equal(back.pack_hash, PACK_H);
	assert_string_equal(back.language, "ar");
	assert_string_equal(back.name, "Layla Haddad");
	assert_int_equal(back.contact_count, 1);
	assert_string_equal(back.contacts[0].value, "layla@example.org");
	assert_int_equal(back.status, SESSION_COMPLETED);
	assert_int_equal(back.ended_at, s.ended_at);
	assert_int_equal(back.answer_count, 3);
	for (int i = 0; i < 3; i++) {
		assert_string_equal(back.answers[i].answer, s.answers[i].answer);
		assert_string_equal(back.answers[i].question_id, s.answers[i].question_id);
		assert_int_equal(back.answers[i].first_input_ms, s.answers[i].first_input_ms);
		assert_int_equal(back.answers[i].active_ms, s.answers[i].active_ms);
		assert_int_equal(back.answers[i].timed_out, s.answers[i].timed_out);
		assert_int_equal(back.answers[i].skipped, s.answers[i].skipped);
	}
	assert_int_equal(rstore_load(f->rs, ID_B, &back), 1);
	session_clear(&back);
	session_clear(&s);
}

/* A review store of version 1 (no time_percent) opens: its sessions had the
 * event's own time, and extra time is kept from then on. */
static void test_migrate_v1(void **state)
{
	fixture *f = *state;
	session_record s, back;
	char err[1024] = "";
	sqlite3 *db;

	make_session(&s, ID_A, 3, 60);
	s.time_percent = 200;
	session_init(&back);
	assert_int_equal(add(f->rs, &s, HASH_1), RSTORE_ADDED);
	rstore_close(f->rs);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "ALTER TABLE sessions DROP COLUMN time_percent;"
	                              "PRAGMA user_version = 1;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	f->rs = rstore_open(f->path, err, sizeof err);
	if (f->rs == NULL)
		fail_msg("%s", err);
	assert_int_equal(rstore_load(f->rs, ID_A, &back), 0);
	assert_int_equal(back.time_percent, 100);
	assert_string_equal(back.answers[0].answer, ARABIC);
	session_clear(&s);
	make_session(&s, ID_B, 1, 60);
	s.time_percent = 150;
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_ADDED);
	assert_int_equal(rstore_load(f->rs, ID_B, &back), 0);
	assert_int_equal(back.time_percent, 150);
	session_clear(&back);
	session_clear(&s);
}

static void test_same_newer_older_conflict(void **state)
{
	fixture *f = *state;
	session_record s, back;
	char source[4096];

	session_init(&back);
	make_session(&s, ID_A, 5, 60);
	rstore_set_source(f->rs, "/media/usb/bundle-one");
	assert_int_equal(add(f->rs, &s, HASH_1), RSTORE_ADDED);
	rstore_set_source(f->rs, "/media/usb/bundle-two");
	assert_int_equal(add(f->rs, &s, HASH_1), RSTORE_SAME);

	/* Same revision, other bytes: the first copy stays. */
	session_set_string(&s.answers[0].answer, "altered");
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_CONFLICT);
	assert_int_equal(rstore_load(f->rs, ID_A, &back), 0);
	assert_string_equal(back.answers[0].answer, ARABIC);
	assert_int_equal(rstore_session_source(f->rs, ID_A, source, sizeof source), 0);
	assert_string_equal(source, "/media/usb/bundle-one");

	/* An older revision is ignored, a newer one replaces. */
	s.revision = 4;
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_OLDER);
	assert_int_equal(rstore_load(f->rs, ID_A, &back), 0);
	assert_string_equal(back.answers[0].answer, ARABIC);
	s.revision = 9;
	s.answer_count = 2;
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_NEWER);
	assert_int_equal(rstore_load(f->rs, ID_A, &back), 0);
	assert_int_equal(back.revision, 9);
	assert_int_equal(back.answer_count, 2);
	assert_string_equal(back.answers[0].answer, "altered");
	assert_int_equal(rstore_session_source(f->rs, ID_A, source, sizeof source), 0);
	assert_string_equal(source, "/media/usb/bundle-two");
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_SAME);

	rstore_row *rows;
	int n;
	assert_int_equal(rstore_rows(f->rs, &rows, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].answer_count, 2);
	free(rows);
	session_clear(&back);
	session_clear(&s);
}

static void test_tampered(void **state)
{
	fixture *f = *state;
	session_record s;
	rstore_event *events;
	rstore_row *rows;
	int n;

	make_session(&s, ID_A, 1, 60);
	assert_int_equal(add(f->rs, &s, HASH_1), RSTORE_ADDED);

	snprintf(s.id, sizeof s.id, ID_B);
	s.threshold = 70;
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_TAMPERED);
	s.threshold = 60;
	snprintf(s.question_ids[1], SESSION_SHORT, "q06");
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_TAMPERED);
	snprintf(s.question_ids[1], SESSION_SHORT, "q05");
	s.pack_hash[10] = 'b';
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_TAMPERED);
	/* Even a copy of a kept session is held against its event. */
	snprintf(s.id, sizeof s.id, ID_A);
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_TAMPERED);

	snprintf(s.id, sizeof s.id, ID_C);
	snprintf(s.pack_hash, sizeof s.pack_hash, PACK_H);
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_ADDED);
	/* Another event is free to have its own threshold. */
	snprintf(s.id, sizeof s.id, ID_B);
	snprintf(s.event_id, sizeof s.event_id, "2026-12-01-paris");
	s.threshold = 75;
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_ADDED);

	assert_int_equal(rstore_rows(f->rs, &rows, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].session_id, ID_A);
	assert_string_equal(rows[1].event_id, "2026-12-01-paris");
	assert_string_equal(rows[2].session_id, ID_C);
	free(rows);
	assert_int_equal(rstore_events(f->rs, &events, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(events[0].id, "2026-11-29-berlin");
	assert_int_equal(events[0].threshold, 60);
	assert_int_equal(events[0].question_count, 3);
	assert_string_equal(events[0].question_ids[1], "q05");
	assert_string_equal(events[0].pack_hash, PACK_H);
	assert_string_equal(events[0].hash, HASH_1);
	assert_int_equal(events[1].threshold, 75);
	free(events);
	session_clear(&s);
}

static void test_rows(void **state)
{
	fixture *f = *state;
	session_record s;
	rstore_row *rows;
	char code[SCORE_CODE_LEN];
	int n;

	make_session(&s, ID_C, 1, 60);
	assert_int_equal(add(f->rs, &s, HASH_1), RSTORE_ADDED);
	session_clear(&s);
	make_session(&s, ID_A, 1, 60);
	s.status = SESSION_ABANDONED;
	s.answer_count = 1;
	snprintf(s.language, sizeof s.language, "zh_CN");
	assert_int_equal(add(f->rs, &s, HASH_1), RSTORE_ADDED);
	assert_int_equal(rstore_rows(f->rs, &rows, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].session_id, ID_A);
	assert_int_equal(rows[0].status, SESSION_ABANDONED);
	assert_int_equal(rows[0].answer_count, 1);
	assert_string_equal(rows[0].language, "zh_CN");
	score_candidate_code(ID_A, code);
	assert_string_equal(rows[0].code, code);
	score_candidate_code(ID_C, code);
	assert_string_equal(rows[1].code, code);
	assert_int_equal(rows[1].status, SESSION_COMPLETED);
	free(rows);
	session_clear(&s);
}

static void test_bundles(void **state)
{
	fixture *f = *state;
	char err[1024];

	assert_int_equal(rstore_bundle_seen(f->rs, HASH_1), 0);
	assert_int_equal(rstore_bundle_done(f->rs, HASH_1, "/media/usb/b1"), 0);
	assert_int_equal(rstore_bundle_seen(f->rs, HASH_1), 1);
	assert_int_equal(rstore_bundle_seen(f->rs, HASH_2), 0);
	/* Rolled back: not seen. */
	assert_int_equal(rstore_begin(f->rs), 0);
	assert_int_equal(rstore_bundle_done(f->rs, HASH_2, "/media/usb/b2"), 0);
	assert_int_equal(rstore_rollback(f->rs), 0);
	assert_int_equal(rstore_bundle_seen(f->rs, HASH_2), 0);
	rstore_close(f->rs);
	assert_non_null(f->rs = rstore_open(f->path, err, sizeof err));
	assert_int_equal(rstore_bundle_seen(f->rs, HASH_1), 1);
}

static void test_seed_stable(void **state)
{
	fixture *f = *state;
	uint64_t a, a2, b;
	char err[1024];

	assert_int_equal(rstore_reviewer_seed(f->rs, "maria", &a), 0);
	assert_int_equal(rstore_reviewer_seed(f->rs, "maria", &a2), 0);
	assert_true(a == a2);
	assert_int_equal(rstore_reviewer_seed(f->rs, "jun", &b), 0);
	assert_true(a != b);
	rstore_close(f->rs);
	assert_non_null(f->rs = rstore_open(f->path, err, sizeof err));
	assert_int_equal(rstore_reviewer_seed(f->rs, "maria", &a2), 0);
	assert_true(a == a2);
}

/* What another process sees: committed rows only. */
static int count_committed(const char *path, const char *where)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	char sql[512];
	int n = -1;

	JOIN(sql, "SELECT count(*) FROM scores WHERE %s", where);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

static void test_scores(void **state)
{
	fixture *f = *state;
	rstore_score *list;
	int n;

	assert_int_equal(rstore_score_put(f->rs, "maria", ID_A, "q01", 4, false, 1000), 0);
	assert_int_equal(count_committed(f->path, "score = 4 AND reviewer = 'maria'"), 1);
	assert_int_equal(rstore_score_put(f->rs, "maria", ID_A, "q05", 1, true, 1001), 0);
	assert_int_equal(rstore_note_put(f->rs, "maria", ID_A, "q05", "empty — الجواب فارغ", 1002), 0);
	assert_int_equal(count_committed(f->path, "note IS NOT NULL"), 1);
	assert_int_equal(rstore_score_put(f->rs, "jun", ID_A, "q01", 2, false, 1003), 0);
	assert_int_equal(rstore_note_put(f->rs, "jun", ID_B, "q21", "a note alone", 1004), 0);
	/* A change replaces, never adds. */
	assert_int_equal(rstore_score_put(f->rs, "maria", ID_A, "q01", 5, false, 1005), 0);

	assert_int_equal(rstore_scores(f->rs, "maria", NULL, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].question_id, "q01");
	assert_int_equal(list[0].score, 5);
	assert_int_equal(list[0].scored_at, 1005);
	assert_false(list[0].automatic);
	assert_null(list[0].note);
	assert_int_equal(list[1].score, 1);
	assert_true(list[1].automatic);
	assert_string_equal(list[1].note, "empty — الجواب فارغ");
	rstore_scores_free(list, n);

	assert_int_equal(rstore_scores(f->rs, NULL, ID_B, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].reviewer, "jun");
	assert_int_equal(list[0].score, 0);
	assert_string_equal(list[0].note, "a note alone");
	rstore_scores_free(list, n);

	/* Changing an automatic score makes it the reviewer's. */
	assert_int_equal(rstore_score_put(f->rs, "maria", ID_A, "q05", 2, false, 1006), 0);
	assert_int_equal(count_committed(f->path, "question_id = 'q05' AND automatic = 0"), 1);

	/* Clearing both score and note leaves no row; clearing one keeps the other. */
	assert_int_equal(rstore_note_put(f->rs, "jun", ID_B, "q21", "", 1007), 0);
	assert_int_equal(rstore_score_put(f->rs, "maria", ID_A, "q05", 0, false, 1008), 0);
	assert_int_equal(rstore_scores(f->rs, NULL, NULL, &list, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].reviewer, "jun");
	assert_string_equal(list[0].session_id, ID_A);
	assert_string_equal(list[2].question_id, "q05");
	assert_int_equal(list[2].score, 0);
	assert_non_null(list[2].note);
	rstore_scores_free(list, n);
	assert_int_equal(rstore_note_put(f->rs, "maria", ID_A, "q05", NULL, 1009), 0);
	assert_int_equal(count_committed(f->path, "1"), 2);

	assert_int_equal(rstore_score_put(f->rs, "maria", ID_A, "q01", 6, false, 1010), -1);
	assert_non_null(strstr(rstore_error(f->rs), "6"));
}

/* Every answer count from none to the most, several sessions of each count
 * in one transaction (each count has its own INSERT), each answer back in
 * its place; a newer revision with fewer answers leaves none of the old. */
static void test_answer_counts(void **state)
{
	fixture *f = *state;
	session_record s, back;
	char id[SESSION_SHORT], text[64];

	session_init(&back);
	assert_int_equal(rstore_begin(f->rs), 0);
	for (int k = 0; k < 2 * (SESSION_MAX_QUESTIONS + 1); k++) {
		int n = k % (SESSION_MAX_QUESTIONS + 1);
		make_session(&s, ID_A, 1, 60);
		JOIN(id, "01JDX5R7Q8W2M4N6P8R0T2V%03d", k);
		JOIN(s.id, "%s", id);
		for (int i = 0; i < n; i++) {
			if (i >= 3) {
				s.answers[i] = s.answers[0];
				s.answers[i].question_text = s.answers[i].answer = NULL;
			}
			JOIN(text, "answer %d of %s", i, id);
			assert_int_equal(session_set_string(&s.answers[i].answer, text), 0);
			assert_int_equal(session_set_string(&s.answers[i].question_text, "q"), 0);
			s.answers[i].keystrokes = 100 * k + i;
		}
		s.answer_count = n;
		assert_int_equal(add(f->rs, &s, HASH_1), RSTORE_ADDED);
		session_clear(&s);
	}
	assert_int_equal(rstore_commit(f->rs), 0);
	for (int k = 0; k < 2 * (SESSION_MAX_QUESTIONS + 1); k++) {
		int n = k % (SESSION_MAX_QUESTIONS + 1);
		JOIN(id, "01JDX5R7Q8W2M4N6P8R0T2V%03d", k);
		assert_int_equal(rstore_load(f->rs, id, &back), 0);
		assert_int_equal(back.answer_count, n);
		for (int i = 0; i < n; i++) {
			JOIN(text, "answer %d of %s", i, id);
			assert_string_equal(back.answers[i].answer, text);
			assert_int_equal(back.answers[i].keystrokes, 100 * k + i);
		}
	}
	make_session(&s, ID_A, 2, 60);
	JOIN(id, "01JDX5R7Q8W2M4N6P8R0T2V%03d", SESSION_MAX_QUESTIONS);
	JOIN(s.id, "%s", id);
	s.answer_count = 2;
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_NEWER);
	assert_int_equal(rstore_load(f->rs, id, &back), 0);
	assert_int_equal(back.answer_count, 2);
	assert_string_equal(back.answers[1].answer, EMOJI);
	session_clear(&back);
	session_clear(&s);
}

/* Checkpoints wait (rstore.c): whatever an import left in the WAL is in the
 * database file itself once the store is closed, and no WAL is left. */
static void test_close_checkpoints(void **state)
{
	fixture *f = *state;
	session_record s;
	char wal[4096], err[1024];
	struct stat sb;
	sqlite3 *db;
	sqlite3_stmt *q;

	make_session(&s, ID_A, 1, 60);
	assert_int_equal(rstore_begin(f->rs), 0);
	assert_int_equal(add(f->rs, &s, HASH_1), RSTORE_ADDED);
	assert_int_equal(rstore_commit(f->rs), 0);
	JOIN(wal, "%s-wal", f->path);
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(sb.st_size > 0);
	rstore_close(f->rs);
	assert_int_equal(stat(wal, &sb), -1);
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM answers", -1, &q, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 3);
	sqlite3_finalize(q);
	sqlite3_close(db);
	f->rs = rstore_open(f->path, err, sizeof err);
	assert_non_null(f->rs);
	session_clear(&s);
}

static void test_transaction_groups(void **state)
{
	fixture *f = *state;
	session_record s;

	make_session(&s, ID_A, 1, 60);
	assert_int_equal(rstore_begin(f->rs), 0);
	assert_int_equal(add(f->rs, &s, HASH_1), RSTORE_ADDED);
	assert_int_equal(rstore_score_put(f->rs, "maria", ID_A, "q01", 3, false, 1), 0);
	assert_int_equal(count_committed(f->path, "1"), 0);
	assert_int_equal(rstore_commit(f->rs), 0);
	assert_int_equal(count_committed(f->path, "1"), 1);
	session_clear(&s);
}

/* A rolled-back import leaves no trace of its event: the next session of
 * that event fixes it again, and may differ from the undone one. */
static void test_rollback_forgets_event(void **state)
{
	fixture *f = *state;
	session_record s;
	rstore_event *events;
	int n;

	make_session(&s, ID_A, 1, 60);
	assert_int_equal(rstore_begin(f->rs), 0);
	assert_int_equal(add(f->rs, &s, HASH_1), RSTORE_ADDED);
	assert_int_equal(rstore_rollback(f->rs), 0);
	assert_int_equal(rstore_events(f->rs, &events, &n), 0);
	assert_int_equal(n, 0);
	free(events);
	s.threshold = 70;
	snprintf(s.id, sizeof s.id, ID_B);
	assert_int_equal(add(f->rs, &s, HASH_2), RSTORE_ADDED);
	assert_int_equal(rstore_events(f->rs, &events, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(events[0].threshold, 70);
	free(events);
	session_clear(&s);
}

/* The note's words are not left in the file once it is removed. */
static void test_removed_note_wiped(void **state)
{
	fixture *f = *state;
	static const char secret[] = "SECRET-NOTE-7f3a9c about the candidate";
	char err[1024], *buf;
	FILE *fp;
	long len;

	assert_int_equal(rstore_note_put(f->rs, "maria", ID_A, "q01", secret, 1), 0);
	assert_int_equal(rstore_note_put(f->rs, "maria", ID_A, "q02", secret, 1), 0);
	for (int i = 3; i < 20; i++) {
		char qid[16];
		JOIN(qid, "q%02d", i);
		assert_int_equal(rstore_score_put(f->rs, "maria", ID_A, qid, 3, false, 1), 0);
	}
	/* One note removed with its row, one replaced in place. */
	assert_int_equal(rstore_note_put(f->rs, "maria", ID_A, "q01", NULL, 2), 0);
	assert_int_equal(rstore_note_put(f->rs, "maria", ID_A, "q02", "short", 2), 0);
	rstore_close(f->rs);        /* checkpoints the WAL into the file */
	assert_non_null(fp = fopen(f->path, "rb"));
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	assert_non_null(buf = malloc((size_t)len));
	assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	assert_null(memmem(buf, (size_t)len, "SECRET-NOTE-7f3a9c", 18));
	free(buf);
	assert_non_null(f->rs = rstore_open(f->path, err, sizeof err));
}

/*
 * A child puts scores in a loop and says over a pipe which ones returned
 * (committed); it is killed -9 at a random moment. Every score it reported
 * must be in the store, 20 times over.
 */
static void test_kill_keeps_committed(void **state)
{
	fixture *f = *state;
	char err[1024];
	unsigned seed = (unsigned)time(NULL);

	rstore_close(f->rs);
	f->rs = NULL;
	print_message("kill test seed %u\n", seed);
	srand(seed);
	for (int round = 0; round < 20; round++) {
		int fds[2];
		pid_t pid;

		assert_int_equal(pipe(fds), 0);
		assert_true((pid = fork()) >= 0);
		if (pid == 0) {
			close(fds[0]);
			rstore *rs = rstore_open(f->path, err, sizeof err);
			if (rs == NULL)
				_exit(3);
			for (int i = 0;; i++) {
				char qid[32];
				snprintf(qid, sizeof qid, "r%02d-q%06d", round, i);
				if (rstore_score_put(rs, "maria", ID_A, qid, i % 5 + 1, false, i) != 0)
					_exit(4);
				if (write(fds[1], &i, sizeof i) != (ssize_t)sizeof i)
					_exit(5);
			}
		}
		close(fds[1]);
		/* Up to 60 ms: some rounds die before the first score, most mid-loop. */
		struct timespec ts = { 0, (long)(rand() % 60000) * 1000 };
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));

		int i, reported = 0, last = -1;
		rstore *rs = rstore_open(f->path, err, sizeof err);
		assert_non_null(rs);
		rstore_score *list;
		int n;
		assert_int_equal(rstore_scores(rs, "maria", ID_A, &list, &n), 0);
		while (read(fds[0], &i, sizeof i) == (ssize_t)sizeof i) {
			char qid[32];
			bool found = false;
			snprintf(qid, sizeof qid, "r%02d-q%06d", round, i);
			for (int k = 0; k < n && !found; k++)
				found = strcmp(list[k].question_id, qid) == 0 && list[k].score == i % 5 + 1;
			if (!found)
				fail_msg("round %d: score %s reported committed but not in the store",
				         round, qid);
			reported++;
			last = i;
		}
		close(fds[0]);
		print_message("round %2d: %d reported, %d in the store in all, last %d\n", round,
		              reported, n, last);
		rstore_scores_free(list, n);
		rstore_close(rs);
	}
	assert_non_null(f->rs = rstore_open(f->path, err, sizeof err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_private_files),
		cmocka_unit_test_setup_teardown(test_not_a_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_newer_older_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bundles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_stable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transaction_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_forgets_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_note_wiped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_keeps_committed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_checkpoints, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
