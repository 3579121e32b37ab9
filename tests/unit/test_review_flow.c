/*
 * The reviewer's flow over a real review store and a virtual clock: the
 * seeded order (stable, a permutation), both orders, blind reveal exactly at
 * the last answer, others' scores hidden then shown, empty answers scored 1
 * automatically and changeable, progress, notes saved while typing, and the
 * calibration difference (kept out of the store).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "review_flow.h"
#include "rstore.h"

#define HASH_1 "sha256:1111111111111111111111111111111111111111111111111111111111111111"
#define PACK_H "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define NSESS 5

typedef struct {
	char dir[512], path[600];
	rstore *rs;
	int64_t mono;
	rstore_row *rows;
	int nrows;
	rstore_event *events;
	int nevents;
} fixture;

static int64_t fx_mono(void *ctx)
{
	return ((fixture *)ctx)->mono;
}

static int64_t fx_wall(void *ctx)
{
	return INT64_C(1795946400000) + ((fixture *)ctx)->mono;
}

static int be_load(void *ctx, const char *id, session_record *out)
{
	return rstore_load(ctx, id, out);
}

static int be_scores(void *ctx, const char *r, const char *id, rstore_score **out, int *n)
{
	return rstore_scores(ctx, r, id, out, n);
}

static int be_score(void *ctx, const char *r, const char *id, const char *q, int s, bool a,
                    int64_t at)
{
	return rstore_score_put(ctx, r, id, q, s, a, at);
}

static int be_note(void *ctx, const char *r, const char *id, const char *q, const char *n,
                   int64_t at)
{
	return rstore_note_put(ctx, r, id, q, n, at);
}

static void session_id(int i, char out[SESSION_ID_LEN + 1])
{
	snprintf(out, SESSION_ID_LEN + 1, "01JDX5R7Q8W2M4N6P8R0T2V4%02d", i);
}

/* Session i: three answers; session 3's second answer is empty. */
static void add_session(fixture *fx, int i)
{
	session_record s;
	session_init(&s);
	session_id(i, s.id);
	s.revision = 1;
	snprintf(s.kiosk_id, sizeof s.kiosk_id, "berlin-01");
	snprintf(s.event_id, sizeof s.event_id, "ev1");
	snprintf(s.event_hash, sizeof s.event_hash, HASH_1);
	s.threshold = 60;
	s.question_count = 3;
	static const char *qs[3] = { "q01", "q05", "q21" };
	for (int q = 0; q < 3; q++)
		snprintf(s.question_ids[q], SESSION_SHORT, "%s", qs[q]);
	snprintf(s.pack_id, sizeof s.pack_id, "backend-developer");
	snprintf(s.pack_version, sizeof s.pack_version, "1.2.0");
	snprintf(s.pack_hash, sizeof s.pack_hash, PACK_H);
	snprintf(s.language, sizeof s.language, i % 2 ? "ar" : "ja");
	char name[64];
	snprintf(name, sizeof name, "Candidate Name %d", i);
	assert_int_equal(session_set_string(&s.name, name), 0);
	s.status = SESSION_COMPLETED;
	s.time_percent = i % 3 == 1 ? 150 : 100;   /* staff's extra time for some */
	s.answer_count = 3;
	for (int q = 0; q < 3; q++) {
		answer_record *a = &s.answers[q];
		snprintf(a->question_id, SESSION_SHORT, "%s", qs[q]);
		snprintf(a->type, SESSION_SHORT, "general");
		assert_int_equal(session_set_string(&a->question_text, "question"), 0);
		char text[64];
		snprintf(text, sizeof text, "answer %d to %s", i, qs[q]);
		assert_int_equal(session_set_string(&a->answer, i == 3 && q == 1 ? " \n" : text), 0);
		a->first_input_ms = 1000;
		a->submitted = true;
	}
	rstore_add_result res;
	assert_int_equal(rstore_add_session(fx->rs, &s, HASH_1, &res), 0);
	assert_int_equal(res, RSTORE_ADDED);
	session_clear(&s);
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "%s/review-flow-XXXXXX", TEST_BUILD_DIR);
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/review.db", fx->dir);
	char err[512];
	fx->rs = rstore_open(fx->path, err, sizeof err);
	assert_non_null(fx->rs);
	for (int i = 0; i < NSESS; i++)
		add_session(fx, i);
	assert_int_equal(rstore_rows(fx->rs, &fx->rows, &fx->nrows), 0);
	assert_int_equal(rstore_events(fx->rs, &fx->events, &fx->nevents), 0);
	assert_int_equal(fx->nrows, NSESS);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	free(fx->rows);
	free(fx->events);
	rstore_close(fx->rs);
	char path[700];
	static const char *files[] = { "review.db", "review.db-wal", "review.db-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", fx->dir, files[i]);
		unlink(path);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static review_flow *start(fixture *fx, const char *reviewer, uint64_t seed, bool by_question,
                          const pack_sample *samples, int nsamples)
{
	review_setup s = {
		.reviewer = reviewer, .seed = seed, .rows = fx->rows, .nrows = fx->nrows,
		.events = fx->events, .nevents = fx->nevents, .samples = samples,
		.nsamples = nsamples, .by_question = by_question,
		.backend = { be_load, be_scores, rstore_scores_free, be_score, be_note, fx->rs },
		.clock = { fx_mono, fx_wall, fx },
	};
	review_flow *f = review_flow_new(&s);
	assert_non_null(f);
	return f;
}

/* This reviewer's stored score of one answer, 0 when none; *automatic too. */
static int stored(fixture *fx, const char *reviewer, const char *sid, const char *qid,
                  bool *automatic, char *note, size_t note_len)
{
	rstore_score *list;
	int n, score = 0;
	assert_int_equal(rstore_scores(fx->rs, reviewer, sid, &list, &n), 0);
	if (note)
		note[0] = '\0';
	for (int i = 0; i < n; i++)
		if (strcmp(list[i].question_id, qid) == 0) {
			score = list[i].score;
			if (automatic)
				*automatic = list[i].automatic;
			if (note && list[i].note)
				snprintf(note, note_len, "%s", list[i].note);
		}
	rstore_scores_free(list, n);
	return score;
}

static void test_shuffle_is_a_stable_permutation(void **state)
{
	(void)state;
	enum { N = 1000 };
	static int a[N], b[N], c[N];
	review_shuffle(42, a, N);
	review_shuffle(42, b, N);
	review_shuffle(43, c, N);
	assert_memory_equal(a, b, sizeof a);
	assert_memory_not_equal(a, c, sizeof a);
	static bool seen[N];
	int fixed = 0;
	for (int i = 0; i < N; i++) {
		assert_true(a[i] >= 0 && a[i] < N);
		assert_false(seen[a[i]]);
		seen[a[i]] = true;
		fixed += a[i] == i;
	}
	/* A shuffle, not the identity: a random permutation fixes ~1 point. */
	assert_true(fixed < 20);
}

static void test_order_from_seed(void **state)
{
	fixture *fx = *state;
	review_flow *f1 = start(fx, "maria", 7, false, NULL, 0);
	review_flow *f2 = start(fx, "maria", 7, false, NULL, 0);
	int n1, n2, r1, a1, r2, a2;
	review_flow_items(f1, &n1);
	review_flow_items(f2, &n2);
	assert_int_equal(n1, NSESS * 3);
	assert_int_equal(n1, n2);
	bool seen[NSESS] = { 0 };
	for (int i = 0; i < n1; i++) {
		review_flow_item(f1, i, &r1, &a1);
		review_flow_item(f2, i, &r2, &a2);
		assert_int_equal(r1, r2);
		assert_int_equal(a1, a2);
		/* Candidate by candidate: a candidate's answers in a row, in order. */
		assert_int_equal(a1, i % 3);
		if (a1 == 0) {
			assert_false(seen[r1]);
			seen[r1] = true;
		}
	}
	review_flow_free(f1);
	review_flow_free(f2);
	/* Another seed, another order of candidates (5! orders: this one differs). */
	int first7[NSESS], first9[NSESS];
	f1 = start(fx, "maria", 7, false, NULL, 0);
	f2 = start(fx, "maria", 9, false, NULL, 0);
	for (int i = 0; i < NSESS; i++) {
		review_flow_item(f1, i * 3, &first7[i], &a1);
		review_flow_item(f2, i * 3, &first9[i], &a2);
	}
	assert_memory_not_equal(first7, first9, sizeof first7);
	review_flow_free(f1);
	review_flow_free(f2);
}

static void test_question_order(void **state)
{
	fixture *fx = *state;
	review_flow *byc = start(fx, "maria", 7, false, NULL, 0);
	review_flow *byq = start(fx, "maria", 7, true, NULL, 0);
	int n, r, a, rc, ac;
	review_flow_items(byq, &n);
	assert_int_equal(n, NSESS * 3);
	for (int i = 0; i < n; i++) {
		review_flow_item(byq, i, &r, &a);
		/* One question's answers in a row, in the same shuffled candidate order. */
		assert_int_equal(a, i / NSESS);
		review_flow_item(byc, (i % NSESS) * 3, &rc, &ac);
		assert_int_equal(r, rc);
	}
	review_view v;
	review_flow_view(byq, &v);
	assert_int_equal(v.order, REVIEW_BY_QUESTION);
	assert_string_equal(v.question_id, "q01");
	/* PageDown: the next question. */
	review_flow_key(byq, REVIEW_KEY_NEXT_GROUP);
	review_flow_view(byq, &v);
	assert_string_equal(v.question_id, "q05");
	assert_int_equal(review_flow_position(byq), NSESS);
	/* Tab: candidate by candidate, on the same answer. */
	review_flow_item(byq, review_flow_position(byq), &r, &a);
	review_flow_key(byq, REVIEW_KEY_ORDER);
	review_flow_view(byq, &v);
	assert_int_equal(v.order, REVIEW_BY_CANDIDATE);
	review_flow_item(byq, review_flow_position(byq), &rc, &ac);
	assert_int_equal(r, rc);
	assert_int_equal(a, ac);
	assert_string_equal(v.question_id, "q05");
	/* PageDown there: the next candidate's first answer. */
	review_flow_key(byq, REVIEW_KEY_NEXT_GROUP);
	review_flow_item(byq, review_flow_position(byq), &rc, &ac);
	assert_int_not_equal(rc, r);
	assert_int_equal(ac, 0);
	review_flow_free(byc);
	review_flow_free(byq);
}

/* Moves to the first item of a session other than 3 (which has an empty answer). */
static void to_plain_candidate(review_flow *f)
{
	int r, a;
	review_flow_item(f, review_flow_position(f), &r, &a);
	while (r == 3) {
		review_flow_key(f, REVIEW_KEY_NEXT_GROUP);
		review_flow_item(f, review_flow_position(f), &r, &a);
	}
}

static void test_blind_until_last_answer(void **state)
{
	fixture *fx = *state;
	review_flow *f = start(fx, "maria", 7, false, NULL, 0);
	to_plain_candidate(f);
	review_view v;
	for (int q = 0; q < 3; q++) {
		review_flow_view(f, &v);
		assert_false(v.revealed);
		assert_null(v.name);
		assert_null(v.contacts);
		assert_non_null(v.code);
		assert_int_equal(strncmp(v.code, "C-", 2), 0);
		assert_int_equal(review_flow_score(f, 2 + q), 0);
		review_flow_view(f, &v);
		if (q < 2) {
			assert_false(v.revealed);
			assert_null(v.name);
			review_flow_key(f, REVIEW_KEY_NEXT);
		}
	}
	/* Exactly after the last answer is scored. */
	assert_true(v.revealed);
	assert_non_null(v.name);
	assert_int_equal(strncmp(v.name, "Candidate Name ", 15), 0);
	/* And on every answer of that candidate, later too. */
	review_flow_key(f, REVIEW_KEY_PREV);
	review_flow_view(f, &v);
	assert_true(v.revealed);
	/* Clearing nothing, re-scoring keeps it revealed. */
	assert_int_equal(review_flow_score(f, 5), 0);
	review_flow_view(f, &v);
	assert_true(v.revealed);
	review_flow_free(f);
}

/* Every answer of a session given extra time says so; the others do not. */
static void test_extra_time_in_view(void **state)
{
	fixture *fx = *state;
	review_flow *f = start(fx, "maria", 7, false, NULL, 0);
	int shown = 0, extra = 0;
	for (int n = 0; n < NSESS * 3; n++) {
		int r, a;
		review_view v;
		review_flow_item(f, review_flow_position(f), &r, &a);
		review_flow_view(f, &v);
		assert_int_equal(v.kind, REVIEW_ITEM_ANSWER);
		assert_int_equal(v.time_percent, r % 3 == 1 ? 150 : 100);
		extra += v.time_percent == 150;
		shown++;
		review_flow_key(f, REVIEW_KEY_NEXT);
	}
	assert_int_equal(shown, NSESS * 3);
	assert_int_equal(extra, 2 * 3);   /* sessions 1 and 4 */
	review_flow_free(f);
}

static void test_others_hidden_then_shown(void **state)
{
	fixture *fx = *state;
	review_flow *f = start(fx, "maria", 7, false, NULL, 0);
	to_plain_candidate(f);
	review_view v;
	review_flow_view(f, &v);
	char sid[SESSION_ID_LEN + 1];
	int r, a;
	review_flow_item(f, review_flow_position(f), &r, &a);
	snprintf(sid, sizeof sid, "%s", fx->rows[r].session_id);
	review_flow_free(f);
	/* Another reviewer of the shared store scored the first answer. */
	assert_int_equal(rstore_score_put(fx->rs, "li", sid, "q01", 4, false, 1), 0);
	f = start(fx, "maria", 7, false, NULL, 0);
	to_plain_candidate(f);
	review_flow_view(f, &v);
	assert_true(v.others_hidden);
	assert_int_equal(v.others_count, 0);
	for (int q = 0; q < 3; q++) {
		review_flow_score(f, 3);
		review_flow_view(f, &v);
		if (q < 2)
			review_flow_key(f, REVIEW_KEY_NEXT);
	}
	review_flow_key(f, REVIEW_KEY_PREV_GROUP);   /* back to the candidate's first answer */
	review_flow_view(f, &v);
	assert_string_equal(v.question_id, "q01");
	assert_false(v.others_hidden);
	assert_int_equal(v.others_count, 1);
	assert_string_equal(v.others[0].reviewer, "li");
	assert_int_equal(v.others[0].score, 4);
	review_flow_free(f);
}

static void test_empty_answer_scored_1_automatically(void **state)
{
	fixture *fx = *state;
	review_flow *f = start(fx, "maria", 7, false, NULL, 0);
	char sid[SESSION_ID_LEN + 1];
	session_id(3, sid);
	review_view v;
	/* Not before it is shown. */
	assert_int_equal(stored(fx, "maria", sid, "q05", NULL, NULL, 0), 0);
	int n, r, a, at = -1;
	review_flow_items(f, &n);
	for (int i = 0; i < n; i++) {
		review_flow_item(f, i, &r, &a);
		if (strcmp(fx->rows[r].session_id, sid) == 0 && a == 1)
			at = i;
	}
	assert_true(at >= 0);
	review_flow_goto(f, at);
	review_flow_view(f, &v);
	assert_true(v.answer_empty);
	assert_int_equal(v.score, 1);
	assert_true(v.automatic);
	bool automatic = false;
	assert_int_equal(stored(fx, "maria", sid, "q05", &automatic, NULL, 0), 1);
	assert_true(automatic);
	assert_int_equal(v.scored, 1);
	/* The reviewer may change it. */
	assert_int_equal(review_flow_score(f, 3), 0);
	review_flow_view(f, &v);
	assert_false(v.automatic);
	assert_int_equal(stored(fx, "maria", sid, "q05", &automatic, NULL, 0), 3);
	assert_false(automatic);
	review_flow_free(f);
	/* Shown again later: the reviewer's 3 stays. */
	f = start(fx, "maria", 7, false, NULL, 0);
	review_flow_goto(f, at);
	review_flow_view(f, &v);
	assert_int_equal(v.score, 3);
	assert_false(v.automatic);
	review_flow_free(f);
}

static void test_progress_counts(void **state)
{
	fixture *fx = *state;
	review_flow *f = start(fx, "maria", 7, false, NULL, 0);
	to_plain_candidate(f);
	review_view v;
	review_flow_view(f, &v);
	assert_int_equal(v.total, NSESS * 3);
	assert_int_equal(v.scored, 0);
	review_flow_score(f, 4);
	review_flow_score(f, 5);      /* the same answer again: still one */
	review_flow_key(f, REVIEW_KEY_NEXT);
	review_flow_score(f, 2);
	review_flow_view(f, &v);
	assert_int_equal(v.scored, 2);
	review_flow_free(f);
	/* Counted from the store at start; another reviewer's do not count. */
	f = start(fx, "maria", 11, true, NULL, 0);
	review_flow_view(f, &v);
	assert_int_equal(v.scored, 2);
	review_flow_free(f);
	f = start(fx, "li", 11, true, NULL, 0);
	to_plain_candidate(f);
	review_flow_view(f, &v);
	assert_int_equal(v.scored, 0);
	review_flow_free(f);
}

static void test_note_saved_while_typing_and_on_close(void **state)
{
	fixture *fx = *state;
	review_flow *f = start(fx, "maria", 7, false, NULL, 0);
	to_plain_candidate(f);
	int r, a;
	review_flow_item(f, review_flow_position(f), &r, &a);
	const char *sid = fx->rows[r].session_id;
	char note[256];
	assert_true(review_flow_key(f, REVIEW_KEY_NOTE));
	review_view v;
	review_flow_view(f, &v);
	assert_true(v.note_open);
	/* Digits typed into a note are text, not scores. */
	fx->mono += 2000;
	review_flow_text(f, "Good 5 ");
	assert_int_equal(stored(fx, "maria", sid, "q01", NULL, note, sizeof note), 0);
	assert_string_equal(note, "Good 5 ");
	fx->mono += 200;
	review_flow_text(f, "نقطة");
	review_flow_key(f, REVIEW_KEY_RETURN);
	review_flow_text(f, "日本語");
	/* Within a second: not yet, but due. */
	stored(fx, "maria", sid, "q01", NULL, note, sizeof note);
	assert_string_equal(note, "Good 5 ");
	assert_true(review_flow_next_deadline(f) <= fx->mono + REVIEW_NOTE_SAVE_MS);
	fx->mono = review_flow_next_deadline(f);
	review_flow_tick(f);
	stored(fx, "maria", sid, "q01", NULL, note, sizeof note);
	assert_string_equal(note, "Good 5 نقطة\n日本語");
	assert_int_equal(review_flow_next_deadline(f), REVIEW_NO_DEADLINE);
	/* Closing saves what was typed since. */
	review_flow_key(f, REVIEW_KEY_BACKSPACE);
	review_flow_key(f, REVIEW_KEY_CLOSE);
	review_flow_view(f, &v);
	assert_false(v.note_open);
	assert_string_equal(v.note, "Good 5 نقطة\n日本");
	stored(fx, "maria", sid, "q01", NULL, note, sizeof note);
	assert_string_equal(note, "Good 5 نقطة\n日本");
	/* A note alone is no score. */
	assert_int_equal(v.score, 0);
	assert_int_equal(v.scored, 0);
	/* Text with the note closed goes nowhere. */
	review_flow_text(f, "3");
	review_flow_view(f, &v);
	assert_int_equal(v.score, 0);
	review_flow_free(f);
}

static void test_calibration_difference(void **state)
{
	fixture *fx = *state;
	pack_sample samples[2] = {
		{ .id = "cal01", .question_id = "q05", .language = "en", .answer = "I used REST.",
		  .score = 4, .why = "Specific." },
		{ .id = "cal02", .question_id = "q01", .language = "en", .answer = "", .score = 1,
		  .why = "Nothing." },
	};
	review_flow *f = start(fx, "maria", 7, false, samples, 2);
	review_view v;
	review_flow_view(f, &v);
	assert_int_equal(v.kind, REVIEW_ITEM_SAMPLE);
	assert_int_equal(v.sample_index, 1);
	assert_int_equal(v.sample_count, 2);
	assert_false(v.reference_shown);
	assert_int_equal(review_flow_score(f, 2), 0);
	review_flow_view(f, &v);
	assert_true(v.reference_shown);
	assert_int_equal(v.score, 2);
	assert_int_equal(v.reference, 4);
	assert_int_equal(v.score - v.reference, -2);
	/* Samples are not sessions: nothing stored, no progress. */
	rstore_score *list;
	int n;
	assert_int_equal(rstore_scores(fx->rs, "maria", NULL, &list, &n), 0);
	assert_int_equal(n, 0);
	rstore_scores_free(list, n);
	assert_int_equal(v.scored, 0);
	/* Then the sessions. */
	review_flow_key(f, REVIEW_KEY_NEXT);
	review_flow_key(f, REVIEW_KEY_NEXT);
	review_flow_view(f, &v);
	assert_int_equal(v.kind, REVIEW_ITEM_ANSWER);
	review_flow_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shuffle_is_a_stable_permutation),
		cmocka_unit_test_setup_teardown(test_order_from_seed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extra_time_in_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_question_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blind_until_last_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_others_hidden_then_shown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_answer_scored_1_automatically, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_note_saved_while_typing_and_on_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calibration_difference, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
