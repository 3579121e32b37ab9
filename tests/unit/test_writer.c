/*
 * The writer thread (app/shell/writer.c) against a real store: what reaches
 * the disk, in which order, when saves and erases are queued faster than the
 * disk takes them. The writer is held after its first write by its own
 * notify callback (it runs on the writer's thread), so the queue fills up
 * behind it exactly as behind a slow fsync.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../app/shell/writer.c"
#include "seal.h"

/* The kiosk's figures and stack wipe are not what is tested here. */
void stats_add(stats_kind kind, int64_t us)
{
	(void)kind;
	(void)us;
}

void wipe_stack(void)
{
}

static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hold_cond = PTHREAD_COND_INITIALIZER;
static int notified;
static bool holding;

static void on_result(void *ctx)
{
	(void)ctx;
	pthread_mutex_lock(&hold_lock);
	notified++;
	pthread_cond_broadcast(&hold_cond);
	while (holding)
		pthread_cond_wait(&hold_cond, &hold_lock);
	pthread_mutex_unlock(&hold_lock);
}

static void wait_notified(int n)
{
	pthread_mutex_lock(&hold_lock);
	while (notified < n)
		pthread_cond_wait(&hold_cond, &hold_lock);
	pthread_mutex_unlock(&hold_lock);
}

static void release(void)
{
	pthread_mutex_lock(&hold_lock);
	holding = false;
	pthread_cond_broadcast(&hold_cond);
	pthread_mutex_unlock(&hold_lock);
}

static char dir[64];

static store *open_store(void)
{
	snprintf(dir, sizeof dir, "/tmp/prescreen-writer.XXXXXX");
	assert_non_null(mkdtemp(dir));
	char err[256];
	store *st = store_open(dir, err, sizeof err);
	assert_non_null(st);
	return st;
}

static void remove_dir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void make_session(session_record *s, const char *id, int64_t rev, const char *answer)
{
	session_init(s);
	snprintf(s->id, sizeof s->id, "%s", id);
	s->revision = rev;
	snprintf(s->event_id, sizeof s->event_id, "ev");
	snprintf(s->language, sizeof s->language, "en");
	s->started_at = 1700000000000;
	s->status = SESSION_IN_PROGRESS;
	s->question_count = 1;
	snprintf(s->question_ids[0], SESSION_SHORT, "q01");
	s->answer_count = 1;
	snprintf(s->answers[0].question_id, SESSION_SHORT, "q01");
	snprintf(s->answers[0].type, SESSION_SHORT, "general");
	session_set_string(&s->answers[0].question_text, "Why?");
	session_set_string(&s->answers[0].answer, answer);
	session_set_string(&s->name, "Ada");
	s->answers[0].first_input_ms = -1;
	s->answers[0].submitted_ms = -1;
}

static const char *A = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
static const char *B = "01BX5ZZKBKACTAV9WEVGEMMVRZ";

/* Queued saves of one session collapse to the newest; each result names what was written. */
static void test_latest_revision_wins(void **state)
{
	(void)state;
	store *st = open_store();
	notified = 0;
	holding = true;
	writer *w = writer_start(st, dir, on_result, NULL);
	assert_non_null(w);
	session_record s;
	make_session(&s, A, 1, "first");
	assert_int_equal(writer_save(w, &s), 0);
	session_clear(&s);
	wait_notified(1);   /* rev 1 is written; the writer now waits in on_result */
	for (int rev = 2; rev <= 5; rev++) {
		char text[32];
		snprintf(text, sizeof text, "draft %d", rev);
		make_session(&s, A, rev, text);
		assert_int_equal(writer_save(w, &s), 0);
		session_clear(&s);
	}
	release();
	writer_drain(w);

	writer_result r = { 0 };
	assert_true(writer_next_result(w, &r));
	assert_int_equal(r.rev, 1);
	assert_true(r.ok);
	assert_true(writer_next_result(w, &r));
	assert_int_equal(r.rev, 5);
	assert_true(r.ok);
	assert_false(writer_next_result(w, &r));

	st = writer_stop(w);
	session_record back;
	session_init(&back);
	assert_int_equal(store_load(st, A, &back), 0);
	assert_string_equal(back.answers[0].answer, "draft 5");
	session_clear(&back);
	store_close(st);
	remove_dir();
}

/* An erase drops the saves of its session still waiting, in order with the others. */
static void test_erase_is_not_undone_by_a_queued_save(void **state)
{
	(void)state;
	store *st = open_store();
	notified = 0;
	holding = true;
	writer *w = writer_start(st, dir, on_result, NULL);
	session_record s;
	make_session(&s, A, 1, "first");
	writer_save(w, &s);
	session_clear(&s);
	wait_notified(1);
	make_session(&s, A, 2, "second");
	writer_save(w, &s);
	session_clear(&s);
	assert_int_equal(writer_erase(w, A), 0);
	/* The next candidate's session, queued after the erase, is written. */
	make_session(&s, B, 3, "next candidate");
	writer_save(w, &s);
	session_clear(&s);
	/* A save of the erased session queued after the erase is the flow's bug,
	 * not the writer's: it would be written. The flow never sends one. */
	release();
	writer_drain(w);

	writer_result r = { 0 };
	assert_true(writer_next_result(w, &r));
	assert_int_equal(r.rev, 1);
	assert_true(writer_next_result(w, &r));
	assert_true(r.erase);
	assert_true(r.ok);
	assert_string_equal(r.id, A);
	assert_true(writer_next_result(w, &r));
	assert_int_equal(r.rev, 3);
	assert_string_equal(r.id, B);
	assert_false(writer_next_result(w, &r));

	st = writer_stop(w);
	session_record back;
	session_init(&back);
	assert_int_equal(store_load(st, A, &back), 1);
	assert_int_equal(store_load(st, B, &back), 0);
	session_clear(&back);
	store_close(st);
	remove_dir();
}

/* Stopping waits for everything queued (SIGTERM: the interrupted session's last save). */
static void test_stop_drains(void **state)
{
	(void)state;
	store *st = open_store();
	notified = 0;
	holding = false;
	writer *w = writer_start(st, dir, NULL, NULL);
	session_record s;
	for (int rev = 1; rev <= 20; rev++) {
		make_session(&s, rev % 2 ? A : B, rev, rev % 2 ? "a" : "b");
		s.status = SESSION_INTERRUPTED;
		writer_save(w, &s);
		session_clear(&s);
	}
	writer_scrub(w);
	st = writer_stop(w);
	assert_non_null(st);
	session_record back;
	session_init(&back);
	assert_int_equal(store_load(st, A, &back), 0);
	assert_int_equal(back.revision, 19);
	assert_int_equal(back.status, SESSION_INTERRUPTED);
	session_clear(&back);
	assert_int_equal(store_load(st, B, &back), 0);
	assert_int_equal(back.revision, 20);
	session_clear(&back);
	store_close(st);
	remove_dir();
}

/* The key is a queued job: saves after it are sealed, a session saved in
 * clear before it is sealed in place, and the scrub's reopened store still
 * seals; NULL (an unsealed event) stores in clear again. */
static void test_seal_key_queued(void **state)
{
	(void)state;
	store *st = open_store();
	notified = 0;
	holding = false;
	writer *w = writer_start(st, dir, NULL, NULL);
	seal_keypair kp;
	assert_int_equal(seal_keygen(&kp), 0);
	session_record s, back;
	make_session(&s, A, 1, "before the key");
	writer_save(w, &s);
	session_clear(&s);
	assert_int_equal(writer_seal_key(w, kp.pk), 0);
	writer_scrub(w);
	make_session(&s, B, 1, "after the scrub");
	writer_save(w, &s);
	session_clear(&s);
	writer_drain(w);
	assert_int_equal(writer_seal_key(w, NULL), 0);
	static const char *const C = "01CX5ZZKBKACTAV9WEVGEMMVRZ";
	make_session(&s, C, 1, "unsealed again");
	writer_save(w, &s);
	session_clear(&s);
	st = writer_stop(w);
	assert_non_null(st);
	const char *ids[] = { A, B };
	const char *texts[] = { "before the key", "after the scrub" };
	for (int i = 0; i < 2; i++) {
		assert_int_equal(store_load(st, ids[i], &back), 0);
		assert_non_null(back.sealed);
		assert_null(back.name);
		assert_string_equal(back.answers[0].answer, "");
		size_t len;
		char *text = seal_open(&kp, back.sealed, back.sealed_len, &len);
		assert_non_null(text);
		assert_non_null(strstr(text, texts[i]));
		seal_free(text, len);
		session_clear(&back);
	}
	assert_int_equal(store_load(st, C, &back), 0);
	assert_null(back.sealed);
	assert_string_equal(back.answers[0].answer, "unsealed again");
	session_clear(&back);
	seal_keypair_wipe(&kp);
	store_close(st);
	remove_dir();
}

typedef struct {
	int n;
	char actions[8][32];
	int64_t at[8];
} trail;

static int collect(void *ctx, int64_t wall_ms, const char *action, const char *detail)
{
	trail *t = ctx;
	(void)detail;
	if (t->n < 8) {
		snprintf(t->actions[t->n], sizeof t->actions[0], "%s", action);
		t->at[t->n++] = wall_ms;
	}
	return 0;
}

/* Admin mode's audit entries and PIN lock reach the store through the writer, in order. */
static void test_audit_and_lock(void **state)
{
	(void)state;
	store *st = open_store();
	writer *w = writer_start(st, dir, NULL, NULL);
	assert_int_equal(writer_audit(w, 1000, "pin-wrong", ""), 0);
	audit_lock l = { 1, 0 };
	assert_int_equal(writer_lock_put(w, &l), 0);
	session_record s;
	make_session(&s, A, 1, "a");
	writer_save(w, &s);
	session_clear(&s);
	assert_int_equal(writer_audit(w, 2000, "login", ""), 0);
	l = (audit_lock){ 0, 0 };
	writer_lock_put(w, &l);
	l = (audit_lock){ 5, 99000 };
	writer_lock_put(w, &l);
	assert_int_equal(writer_audit(w, 3000, "export", "prescreen-export-x"), 0);
	writer_drain(w);
	/* No result to take for them: only the save's. */
	writer_result r;
	int results = 0;
	while (writer_next_result(w, &r))
		results++;
	assert_int_equal(results, 1);
	st = writer_stop(w);
	trail t = { 0 };
	assert_int_equal(audit_each(st, collect, &t), 0);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.actions[0], "pin-wrong");
	assert_string_equal(t.actions[1], "login");
	assert_string_equal(t.actions[2], "export");
	assert_int_equal(t.at[2], 3000);
	audit_lock back;
	assert_int_equal(audit_lock_get(st, &back), 0);
	assert_int_equal(back.failures, 5);
	assert_int_equal(back.locked_until_ms, 99000);
	store_close(st);
	remove_dir();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latest_revision_wins),
		cmocka_unit_test(test_erase_is_not_undone_by_a_queued_save),
		cmocka_unit_test(test_stop_drains),
		cmocka_unit_test(test_audit_and_lock),
		cmocka_unit_test(test_seal_key_queued),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
