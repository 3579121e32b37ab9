/* Erasure in the review store: a receipt code finds its session; erasing
 * takes the session, its answers and every reviewer's scores and notes of it
 * and nothing else; its id is remembered, so an import of the same session
 * is refused as erased; a version 2 store gains the table on opening. */
#define _GNU_SOURCE     /* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "receipt.h"
#include "rstore.h"
#include "session.h"

#define ID_A "01JDX5R7Q8W2M4N6P8R0T2V4X6"
#define ID_B "01JDX5R7Q8W2M4N6P8R0T2V4X7"
#define ID_C "01JDX5R7Q8W2M4N6P8R0T2V4X8"
#define HASH_1 "sha256:1111111111111111111111111111111111111111111111111111111111111111"

typedef struct {
	char dir[4096];
	char path[4200];
	rstore *rs;
} fixture;

static void rm_files(const fixture *f)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char file[4300];

	for (int i = 0; i < 3; i++) {
		snprintf(file, sizeof file, "%s%s", f->path, suffix[i]);
		unlink(file);
	}
	rmdir(f->dir);
}

static rstore *reopen(fixture *f)
{
	char err[1024];

	rstore_close(f->rs);
	f->rs = rstore_open(f->path, err, sizeof err);
	if (f->rs == NULL)
		fail_msg("%s", err);
	return f->rs;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	char tmpl[] = TEST_BUILD_DIR "/rstore-erase-XXXXXX";

	assert_non_null(f);
	assert_non_null(mkdtemp(tmpl));
	snprintf(f->dir, sizeof f->dir, "%s", tmpl);
	snprintf(f->path, sizeof f->path, "%s/review.db", tmpl);
	reopen(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	rstore_close(f->rs);
	rm_files(f);
	free(f);
	return 0;
}

/* A session whose answers carry its id, to be found in the file's bytes. */
static void add(rstore *rs, const char *id, rstore_add_result want)
{
	session_record s;
	rstore_add_result res = (rstore_add_result)-1;
	char text[96];

	session_init(&s);
	snprintf(s.id, sizeof s.id, "%s", id);
	s.revision = 1;
	snprintf(s.event_id, sizeof s.event_id, "ev");
	snprintf(s.event_hash, sizeof s.event_hash, HASH_1);
	snprintf(s.pack_hash, sizeof s.pack_hash, HASH_1);
	s.threshold = 60;
	s.question_count = 2;
	snprintf(s.question_ids[0], SESSION_SHORT, "q01");
	snprintf(s.question_ids[1], SESSION_SHORT, "q05");
	session_set_string(&s.name, "Noor Example");
	s.started_at = INT64_C(1795946400000) + id[SESSION_ID_LEN - 1];
	s.status = SESSION_COMPLETED;
	s.answer_count = 2;
	for (int i = 0; i < 2; i++) {
		snprintf(s.answers[i].question_id, SESSION_SHORT, "%s", s.question_ids[i]);
		snprintf(text, sizeof text, "answer %d of %s", i, id);
		session_set_string(&s.answers[i].answer, text);
	}
	assert_int_equal(rstore_add_session(rs, &s, HASH_1, &res), 0);
	assert_int_equal(res, want);
	session_clear(&s);
}

static int count(const fixture *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	int n = -1;

	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

static bool in_file(const fixture *f, const char *text)
{
	static const char *const suffix[] = { "", "-wal" };
	char file[4300];
	bool found = false;

	for (int i = 0; i < 2; i++) {
		snprintf(file, sizeof file, "%s%s", f->path, suffix[i]);
		FILE *fp = fopen(file, "rb");
		if (fp == NULL)
			continue;
		fseek(fp, 0, SEEK_END);
		long n = ftell(fp);
		rewind(fp);
		char *buf = malloc((size_t)n + 1);
		assert_non_null(buf);
		size_t got = fread(buf, 1, (size_t)n, fp);
		fclose(fp);
		found |= memmem(buf, got, text, strlen(text)) != NULL;
		free(buf);
	}
	return found;
}

static void test_find_receipt(void **state)
{
	fixture *f = *state;
	char code[RECEIPT_LEN + 1], id[SESSION_ID_LEN + 1];

	add(f->rs, ID_A, RSTORE_ADDED);
	add(f->rs, ID_B, RSTORE_ADDED);
	receipt_code(ID_B, code);
	code[1] = (char)(code[1] - 'A' + 'a');
	assert_int_equal(rstore_find_receipt(f->rs, code, id), 0);
	assert_string_equal(id, ID_B);
	receipt_code(ID_C, code);
	assert_int_equal(rstore_find_receipt(f->rs, code, id), 1);
	assert_string_equal(id, "");
	assert_int_equal(rstore_find_receipt(f->rs, "not a code", id), 1);
}

static void test_erase_takes_all_of_it_and_nothing_else(void **state)
{
	fixture *f = *state;
	int64_t started = 0;

	add(f->rs, ID_A, RSTORE_ADDED);
	add(f->rs, ID_B, RSTORE_ADDED);
	for (int r = 0; r < 2; r++) {
		const char *who = r ? "jun" : "maria";
		for (int k = 0; k < 2; k++) {
			const char *id = k ? ID_B : ID_A;
			assert_int_equal(rstore_score_put(f->rs, who, id, "q01", 4, false, 1), 0);
			assert_int_equal(rstore_note_put(f->rs, who, id, "q05", "a note on Noor", 2), 0);
		}
	}
	assert_true(in_file(f, "answer 1 of " ID_A));
	assert_int_equal(rstore_erase(f->rs, ID_A, 77, &started), 0);
	assert_int_equal(started, INT64_C(1795946400000) + '6');

	session_record s;
	session_init(&s);
	assert_int_equal(rstore_load(f->rs, ID_A, &s), 1);
	session_clear(&s);
	assert_int_equal(rstore_load(f->rs, ID_B, &s), 0);
	assert_int_equal(s.answer_count, 2);
	assert_string_equal(s.answers[1].answer, "answer 1 of " ID_B);
	session_clear(&s);

	rstore_score *list;
	int n;
	assert_int_equal(rstore_scores(f->rs, NULL, ID_A, &list, &n), 0);
	assert_int_equal(n, 0);
	rstore_scores_free(list, n);
	assert_int_equal(rstore_scores(f->rs, NULL, ID_B, &list, &n), 0);
	assert_int_equal(n, 4);        /* two reviewers' score and note */
	rstore_scores_free(list, n);
	assert_int_equal(count(f, "SELECT count(*) FROM answers"), 2);

	/* Gone from the bytes of the file and its journal, not only the tables. */
	assert_false(in_file(f, "answer 0 of " ID_A));
	assert_false(in_file(f, "answer 1 of " ID_A));
	assert_true(in_file(f, "answer 1 of " ID_B));
	assert_int_equal(count(f, "SELECT erased_at FROM erased WHERE id = '" ID_A "'"), 77);
}

static void test_tombstone_refuses_import(void **state)
{
	fixture *f = *state;

	add(f->rs, ID_A, RSTORE_ADDED);
	assert_int_equal(rstore_erase(f->rs, ID_A, 5, NULL), 0);
	assert_int_equal(rstore_was_erased(f->rs, ID_A), 1);
	assert_int_equal(rstore_was_erased(f->rs, ID_B), 0);
	/* Inside an import's transaction as outside it, and after a reopen. */
	assert_int_equal(rstore_begin(f->rs), 0);
	add(f->rs, ID_A, RSTORE_ERASED);
	add(f->rs, ID_B, RSTORE_ADDED);
	assert_int_equal(rstore_commit(f->rs), 0);
	reopen(f);
	add(f->rs, ID_A, RSTORE_ERASED);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE id = '" ID_A "'"), 0);

	/* Known only from the kiosk: not there, remembered all the same. */
	assert_int_equal(rstore_erase(f->rs, ID_C, 6, NULL), 1);
	add(f->rs, ID_C, RSTORE_ERASED);
	/* Twice is harmless. */
	assert_int_equal(rstore_erase(f->rs, ID_A, 7, NULL), 1);
	assert_int_equal(rstore_erase(f->rs, "short", 7, NULL), -1);
	assert_non_null(strstr(rstore_error(f->rs), "not a session id"));
}

static void test_version_2_store_upgrades(void **state)
{
	fixture *f = *state;
	sqlite3 *db;

	add(f->rs, ID_A, RSTORE_ADDED);
	rstore_close(f->rs);
	f->rs = NULL;
	/* As a build before erasure left it. */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE erased; PRAGMA user_version = 2", NULL, NULL,
	                              NULL), SQLITE_OK);
	sqlite3_close(db);
	reopen(f);
	assert_int_equal(count(f, "PRAGMA user_version"), 3);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(rstore_erase(f->rs, ID_A, 1, NULL), 0);
	add(f->rs, ID_A, RSTORE_ERASED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_receipt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_takes_all_of_it_and_nothing_else, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_tombstone_refuses_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_2_store_upgrades, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
