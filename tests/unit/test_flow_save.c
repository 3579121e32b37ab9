/*
 * test_flow_save.c — the flow and a store that writes on another thread or
 * refuses: commit points move on only once their revision is on disk, input
 * is held meanwhile, refusals are retried 1 s, 2 s, 4 s ... 30 s apart, and
 * reports about an earlier candidate change nothing.
 */
#include "flow_fixture.h"

/* Language, then a consent the queued store holds on to. */
static void queued_consent(flow *f, fixture *fx)
{
	fx->queue = true;
	flow_touch(f);
	flow_press(f, "lang:fr");
	advance(f, fx, 1000);
	assert_true(flow_press(f, "agree"));
}

static void test_queued_commit_waits_for_disk(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	queued_consent(f, &fx);
	flow_view v = view(f);
	assert_int_equal(v.screen, SCREEN_CONSENT);      /* not on disk yet */
	assert_true(v.saving);
	int attempts = fx.attempts;
	assert_true(flow_press(f, "agree"));              /* held: no second consent */
	assert_int_equal(fx.attempts, attempts);
	flow_saved(f, fx.queued_rev, true);
	v = view(f);
	assert_int_equal(v.screen, SCREEN_IDENTITY);
	assert_false(v.saving);

	flow_text(f, "Ana");
	settle(f, &fx);
	flow_press(f, "next");
	int64_t identity_rev = fx.queued_rev;
	assert_true(view(f).saving);
	flow_text(f, " Lima");                            /* held: dropped, not queued */
	assert_string_equal(view(f).fields[0]->text, "Ana");
	flow_saved(f, identity_rev, true);
	assert_int_equal(screen(f), SCREEN_QUESTION);
	assert_string_equal(fx.last.name, "Ana");
	/* Showing a question saves too, but nothing waits for that. */
	assert_true(fx.queued_rev > identity_rev);
	assert_false(view(f).saving);

	int64_t shown_rev = fx.queued_rev;
	flow_text(f, "Oui");
	settle(f, &fx);
	flow_press(f, "next");
	int64_t answer_rev = fx.queued_rev;
	assert_true(answer_rev > shown_rev);
	assert_true(fx.last.answers[0].submitted);
	/* The time limit passes while the store is slow: nothing is submitted twice. */
	attempts = fx.attempts;
	advance(f, &fx, (int64_t)ev.time_limit_s * 1000 + 5000);
	assert_int_equal(fx.attempts, attempts);
	assert_true(flow_next_deadline(f) == FLOW_NO_DEADLINE);
	flow_saved(f, shown_rev, true);                    /* an earlier revision: still waiting */
	assert_true(view(f).saving);
	assert_int_equal(view(f).question_index, 0);
	flow_saved(f, answer_rev, true);
	v = view(f);
	assert_false(v.saving);
	assert_int_equal(v.question_index, 1);
	finish(f, &fx);
}

static void test_queued_failure_retries(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	queued_consent(f, &fx);
	int64_t rev = fx.queued_rev;
	flow_saved(f, rev, false);
	flow_view v = view(f);
	assert_int_equal(v.notice, NOTICE_SAVE_FAILED);
	assert_true(v.saving);
	assert_int_equal(v.screen, SCREEN_CONSENT);
	assert_true(flow_next_deadline(f) == fx.mono + 1000);
	advance(f, &fx, 1000);
	assert_true(fx.queued_rev > rev);                  /* resent as a new revision */
	assert_true(fx.last.consent_at > 0);
	/* In flight: nothing more is due until it is reported. */
	assert_true(flow_next_deadline(f) == FLOW_NO_DEADLINE);
	flow_saved(f, fx.queued_rev, false);
	assert_true(flow_next_deadline(f) == fx.mono + 2000);
	advance(f, &fx, 2000);
	flow_saved(f, fx.queued_rev, true);
	v = view(f);
	assert_int_equal(v.notice, NOTICE_NONE);
	assert_int_equal(v.screen, SCREEN_IDENTITY);
	finish(f, &fx);
}

/* Attempts of the last span ms, with their spacing checked against the back-off. */
static void expect_backoff(flow *f, fixture *fx, int64_t span)
{
	int first = fx->attempts;
	int64_t end = fx->mono + span;
	/* Small steps, as a busy kiosk ticks: a retry on every tick would show. */
	while (fx->mono < end) {
		advance(f, fx, 100);
		assert_true(flow_next_deadline(f) > fx->mono);   /* never a past deadline */
	}
	int n = fx->attempts - first;
	assert_true(n >= 3);
	/* 1 s, 2 s, 4 s, 8 s, 16 s, then 30 s apart: at most 8 attempts in 90 s. */
	assert_true(n <= 8);
	for (int i = first; i + 2 < fx->attempts; i++) {
		int64_t gap = fx->attempt_mono[i + 1] - fx->attempt_mono[i];
		int64_t then = fx->attempt_mono[i + 2] - fx->attempt_mono[i + 1];
		assert_true(gap >= 1000);
		assert_int_equal(then, gap * 2 > 30000 ? 30000 : gap * 2);
	}
	assert_int_equal(view(f).notice, NOTICE_SAVE_FAILED);
}

static void test_refused_at_time_limit_backs_off(void **state)
{
	(void)state;
	fixture fx;
	event_config e = ev;
	e.time_limit_s = 60;                              /* before the idle prompt */
	flow *f = start_with(&fx, &e);
	to_first_question(f, &fx);
	flow_text(f, "typed");
	advance(f, &fx, 1000);
	fx.fail_saves = 100000;                           /* the disk is full */
	advance(f, &fx, (int64_t)e.time_limit_s * 1000 - 1000);
	expect_backoff(f, &fx, 90000);
	assert_int_equal(view(f).question_index, 0);      /* held until it is on disk */
	fx.fail_saves = 0;
	advance(f, &fx, 30000);
	flow_view v = view(f);
	assert_int_equal(v.notice, NOTICE_NONE);
	assert_int_equal(v.question_index, 1);
	assert_true(fx.last.answers[0].timed_out);
	assert_string_equal(fx.last.answers[0].answer, "typed");
	finish(f, &fx);
}

static void test_refused_at_idle_backs_off(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_text(f, "left");
	advance(f, &fx, 1000);
	fx.fail_saves = 100000;
	advance(f, &fx, (int64_t)(ev.idle_s + ev.idle_prompt_s) * 1000);
	expect_backoff(f, &fx, 90000);
	assert_int_equal(screen(f), SCREEN_QUESTION);     /* not reset: not on disk */
	fx.fail_saves = 0;
	advance(f, &fx, 30000);
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_int_equal(fx.last.status, SESSION_ABANDONED);
	finish(f, &fx);
}

static void test_refused_autosave_backs_off(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	fx.fail_saves = 100000;
	int before = fx.attempts;
	flow_text(f, "a");
	advance(f, &fx, 600);                             /* the autosave is refused */
	assert_int_equal(view(f).notice, NOTICE_SAVE_FAILED);
	/* Typing goes on; it does not bring the retry forward. */
	for (int i = 0; i < 10; i++) {
		flow_text(f, "b");
		advance(f, &fx, 3000);
	}
	/* At 0.5, 1.5, 3.5, 7.5 and 15.5 s; a retry every second would be 30. */
	assert_true(fx.attempts - before <= 5);
	fx.fail_saves = 0;
	advance(f, &fx, 30000);
	assert_int_equal(view(f).notice, NOTICE_NONE);
	assert_string_equal(fx.last.answers[0].answer, "abbbbbbbbbb");
	finish(f, &fx);
}

/* The disk fills while typing; once Next is pressed, space back soon moves on soon. */
static void test_commit_retries_from_first_step(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	fx.fail_saves = 100000;
	flow_text(f, "a");
	for (int i = 0; i < 10; i++) {                    /* autosave retries grow to 16 s */
		flow_text(f, "b");
		advance(f, &fx, 3000);
	}
	advance(f, &fx, 800);                             /* past the Next guard */
	assert_true(flow_press(f, "next"));               /* refused too: held on the question */
	assert_int_equal(screen(f), SCREEN_QUESTION);
	fx.fail_saves = 0;                                /* space is back */
	advance(f, &fx, 1000);
	assert_int_equal(view(f).notice, NOTICE_NONE);
	assert_int_equal(view(f).question_index, 1);
	assert_string_equal(fx.last.answers[0].answer, "abbbbbbbbbb");
	finish(f, &fx);
}

static void test_report_for_earlier_candidate_ignored(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	fx.queue = true;
	flow_text(f, "first candidate");
	advance(f, &fx, 600);                             /* an autosave in flight */
	int64_t old_rev = fx.queued_rev;
	assert_true(flow_press(f, "erase"));
	settle(f, &fx);
	assert_true(flow_press(f, "erase-confirm"));
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	flow_saved(f, old_rev, false);                    /* about someone already gone */
	flow_view v = view(f);
	assert_int_equal(v.notice, NOTICE_NONE);
	assert_true(flow_next_deadline(f) == fx.mono + FLOW_ATTRACT_CYCLE_MS);
	/* The next candidate's saves go on from a higher revision. */
	queued_consent(f, &fx);
	assert_true(fx.queued_rev > old_rev);
	flow_saved(f, old_rev, true);
	assert_int_equal(screen(f), SCREEN_CONSENT);
	flow_saved(f, fx.queued_rev, true);
	assert_int_equal(screen(f), SCREEN_IDENTITY);
	finish(f, &fx);
}

static void test_shutdown_while_waiting(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	fx.queue = true;
	flow_text(f, "almost");
	settle(f, &fx);
	flow_press(f, "next");
	int64_t answer_rev = fx.queued_rev;
	flow_shutdown(f);
	assert_true(fx.queued_rev > answer_rev);
	assert_int_equal(fx.last.status, SESSION_INTERRUPTED);
	assert_true(fx.last.answers[0].submitted);
	/* The answer's report arrives after the stop: no question follows it. */
	int attempts = fx.attempts;
	flow_saved(f, answer_rev, true);
	flow_saved(f, fx.queued_rev, true);
	assert_int_equal(fx.attempts, attempts);
	assert_int_equal(view(f).question_index, 0);
	finish(f, &fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queued_commit_waits_for_disk),
		cmocka_unit_test(test_queued_failure_retries),
		cmocka_unit_test(test_refused_at_time_limit_backs_off),
		cmocka_unit_test(test_refused_at_idle_backs_off),
		cmocka_unit_test(test_refused_autosave_backs_off),
		cmocka_unit_test(test_commit_retries_from_first_step),
		cmocka_unit_test(test_report_for_earlier_candidate_ignored),
		cmocka_unit_test(test_shutdown_while_waiting),
	};
	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
