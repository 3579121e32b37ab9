/* Receipt codes and retention in the store: a code finds its one session
 * however it is typed, and a purge removes exactly the sessions started
 * before the cutoff, answers and all. */
#define _GNU_SOURCE     /* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "receipt.h"
#include "session.h"
#include "store.h"

#define ID_A "01JDX5R7Q8W2M4N6P8R0T2V4X6"
#define ID_B "01JDX5R7Q8W2M4N6P8R0T2V4X7"
#define ID_C "01JDX5R7Q8W2M4N6P8R0T2V4X8"
#define DAY_MS 86400000LL

static char *temp_dir(void)
{
	char tmpl[] = TEST_BUILD_DIR "/store-retain-XXXXXX";
	char *dir = mkdtemp(tmpl);

	assert_non_null(dir);
	return strdup(dir);
}

static void rm_store(char *dir)
{
	static const char *const files[] = { "prescreen.db", "prescreen.db-wal",
	                                     "prescreen.db-shm" };
	char path[4096];

	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	free(dir);
}

static store *open_ok(const char *dir)
{
	char err[512];
	store *st = store_open(dir, err, sizeof err);

	if (st == NULL)
		fail_msg("%s", err);
	return st;
}

/* A completed session started at started_at, its answer text marked with id. */
static void put(store *st, const char *id, int64_t started_at)
{
	session_record s;
	char text[128];

	session_init(&s);
	snprintf(s.id, sizeof s.id, "%s", id);
	snprintf(s.language, sizeof s.language, "en");
	session_set_string(&s.name, "Kim Example");
	s.started_at = started_at;
	s.ended_at = started_at + 60000;
	s.status = SESSION_COMPLETED;
	s.question_count = 2;
	s.answer_count = 2;
	for (int i = 0; i < 2; i++) {
		snprintf(s.question_ids[i], SESSION_SHORT, "q%02d", i + 1);
		snprintf(s.answers[i].question_id, SESSION_SHORT, "q%02d", i + 1);
		snprintf(s.answers[i].type, SESSION_SHORT, "general");
		snprintf(text, sizeof text, "answer %d of %s", i, id);
		session_set_string(&s.answers[i].answer, text);
	}
	assert_int_equal(store_put(st, &s), 0);
	session_clear(&s);
}

static int answers_of(store *st, const char *id)
{
	session_record s;
	int n, rc = store_load(st, id, &s);

	assert_true(rc == 0 || rc == 1);
	n = rc == 0 ? s.answer_count : -1;
	session_clear(&s);
	return n;
}

/* The code as a candidate might read it out: lower case, spaces, no dash. */
static void spelled_loosely(const char *code, char *out)
{
	int o = 0;

	for (const char *p = code; *p != '\0'; p++) {
		if (*p == '-')
			continue;
		out[o++] = (char)tolower((unsigned char)*p);
		if (o == 2 || o == 7)
			out[o++] = ' ';
	}
	out[o] = '\0';
}

static void test_find_receipt(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir), *ro;
	char code[RECEIPT_LEN + 1], loose[32], id[SESSION_ID_LEN + 1], err[512];

	(void)state;
	put(st, ID_A, 1000);
	put(st, ID_B, 2000);

	receipt_code(ID_B, code);
	assert_int_equal(store_find_receipt(st, code, id), 0);
	assert_string_equal(id, ID_B);
	receipt_code(ID_A, code);
	spelled_loosely(code, loose);
	assert_int_equal(store_find_receipt(st, loose, id), 0);
	assert_string_equal(id, ID_A);

	/* A session's code that is not in this store, and text that is no code. */
	receipt_code(ID_C, code);
	assert_int_equal(store_find_receipt(st, code, id), 1);
	assert_string_equal(id, "");
	assert_int_equal(store_find_receipt(st, "0000-0000", id), 1);
	assert_int_equal(store_find_receipt(st, "", id), 1);
	assert_int_equal(store_find_receipt(st, NULL, id), 1);

	/* Export and rescue open the store read-only: the code is found there too. */
	store_close(st);
	ro = store_open_read_only(dir, err, sizeof err);
	if (ro == NULL)
		fail_msg("%s", err);
	receipt_code(ID_A, code);
	assert_int_equal(store_find_receipt(ro, code, id), 0);
	assert_string_equal(id, ID_A);
	store_close(ro);
	rm_store(dir);
}

static void test_find_receipt_empty(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir);
	char code[RECEIPT_LEN + 1], id[SESSION_ID_LEN + 1];

	(void)state;
	receipt_code(ID_A, code);
	assert_int_equal(store_find_receipt(st, code, id), 1);
	store_close(st);
	rm_store(dir);
}

/* Contents of a file, for a search of its raw bytes. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	*len = 0;
	if (f == NULL)
		return calloc(1, 1);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

static bool on_disk(const char *dir, const char *text)
{
	static const char *const files[] = { "prescreen.db", "prescreen.db-wal" };
	char path[4096];
	bool found = false;

	for (int i = 0; i < 2; i++) {
		size_t len;
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		char *buf = slurp(path, &len);
		found |= memmem(buf, len, text, strlen(text)) != NULL;
		free(buf);
	}
	return found;
}

static void test_purge_before(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir);
	int64_t now = 1796000000000LL;
	store_counts c;

	(void)state;
	put(st, ID_A, now - 40 * DAY_MS);
	put(st, ID_B, now - 30 * DAY_MS - 1);
	put(st, ID_C, now - 30 * DAY_MS);
	assert_true(on_disk(dir, "answer 1 of " ID_A));

	/* Nothing started before the oldest: nothing goes. */
	assert_int_equal(store_purge_before(st, now - 41 * DAY_MS), 0);
	assert_int_equal(store_count(st, NULL, &c), 0);
	assert_int_equal(c.total, 3);

	/* Strictly before: the one started on the cutoff stays. */
	assert_int_equal(store_purge_before(st, now - 30 * DAY_MS), 2);
	assert_int_equal(store_count(st, NULL, &c), 0);
	assert_int_equal(c.total, 1);
	assert_int_equal(answers_of(st, ID_A), -1);
	assert_int_equal(answers_of(st, ID_B), -1);
	assert_int_equal(answers_of(st, ID_C), 2);

	/* Their answers went with them: a session put again under the old id
	 * has only what it brings, and the purged text is gone from the disk. */
	session_record s;
	session_init(&s);
	snprintf(s.id, sizeof s.id, "%s", ID_A);
	s.started_at = now;
	s.status = SESSION_IN_PROGRESS;
	assert_int_equal(store_put(st, &s), 0);
	assert_int_equal(answers_of(st, ID_A), 0);
	session_clear(&s);
	assert_int_equal(store_scrub(st), 0);
	assert_false(on_disk(dir, "answer 1 of " ID_A));
	assert_false(on_disk(dir, "answer 0 of " ID_B));
	assert_true(on_disk(dir, "answer 0 of " ID_C));

	/* Twice is harmless. */
	assert_int_equal(store_purge_before(st, now - 30 * DAY_MS), 0);
	store_close(st);
	rm_store(dir);
}

static void test_purge_read_only(void **state)
{
	char *dir = temp_dir();
	store *st = open_ok(dir);
	char err[512];

	(void)state;
	put(st, ID_A, 1000);
	store_close(st);
	st = store_open_read_only(dir, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(store_purge_before(st, 5000), -1);
	assert_non_null(strstr(store_error(st), "read-only"));
	store_close(st);
	st = open_ok(dir);
	assert_int_equal(answers_of(st, ID_A), 2);
	store_close(st);
	rm_store(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_receipt),
		cmocka_unit_test(test_find_receipt_empty),
		cmocka_unit_test(test_purge_before),
		cmocka_unit_test(test_purge_read_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
