/*
 * The candidate's flow against a virtual clock and a recording sink: every
 * transition of SPEC §3 and the recording rules of SPEC §4.
 */
#include "flow_fixture.h"

static void test_decline_stores_nothing(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	flow_touch(f);
	assert_true(flow_press(f, "lang:ar"));
	assert_true(flow_press(f, "decline"));
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_int_equal(fx.saves, 0);
	assert_null(flow_session(f));
	finish(f, &fx);
}

static void test_unknown_controls_refused(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	flow_touch(f);
	assert_false(flow_press(f, "lang:xx"));
	assert_false(flow_press(f, "agree"));
	assert_int_equal(screen(f), SCREEN_LANGUAGE);
	finish(f, &fx);
}

static void test_name_required(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	flow_touch(f);
	flow_press(f, "lang:en");
	flow_press(f, "agree");
	assert_int_equal(fx.saves, 1);              /* consent is recorded */
	assert_int_equal(fx.last.status, SESSION_IN_PROGRESS);
	assert_true(fx.last.consent_at > 0);
	flow_text(f, "   ");
	settle(f, &fx);
	flow_press(f, "next");
	flow_view v;
	flow_view_get(f, &v);
	assert_int_equal(v.screen, SCREEN_IDENTITY);
	assert_int_equal(v.notice, NOTICE_NAME_REQUIRED);
	finish(f, &fx);
}

static void test_complete_session_records_everything(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	assert_string_equal(fx.last.name, "Jürgen Groß");
	assert_int_equal(fx.last.contact_count, 1);
	assert_string_equal(fx.last.contacts[0].key, "email");
	assert_string_equal(fx.last.contacts[0].value, "jg@example.org");
	assert_int_equal(fx.last.answer_count, 1);   /* shown questions are saved at once */

	for (int q = 0; q < ev.question_count; q++) {
		advance(f, &fx, 3000);                  /* reading */
		flow_text(f, "I built REST APIs");
		advance(f, &fx, 400);
		flow_text(f, " with Django.");
		advance(f, &fx, 300);
		flow_key(f, FLOW_KEY_BACKSPACE);
		advance(f, &fx, 8000);                  /* a pause: not typing time */
		flow_text(f, "!");
		advance(f, &fx, 1000);
		int before = fx.saves;
		flow_press(f, "next");
		assert_true(fx.saves > before);          /* committed before moving on */
		const answer_record *a = &fx.last.answers[q];
		assert_true(a->submitted);
		assert_string_equal(a->answer, "I built REST APIs with Django!");
		assert_string_equal(a->question_id, ev.questions[q]);
		assert_non_null(a->question_text);
		assert_int_equal(a->first_input_ms, 3000);
		assert_int_equal(a->submitted_ms, 3000 + 400 + 300 + 8000 + 1000);
		assert_int_equal(a->active_ms, 400 + 300);
		assert_int_equal(a->keystrokes, 4);
		assert_int_equal(a->deletions, 1);
		assert_int_equal(a->characters, 30);
		assert_int_equal(a->words, 6);
		assert_false(a->timed_out);
		assert_false(a->skipped);
	}
	assert_int_equal(screen(f), SCREEN_DONE);
	assert_int_equal(fx.last.status, SESSION_COMPLETED);
	assert_true(fx.last.ended_at > fx.last.started_at);
	assert_string_equal(fx.last.language, "de");
	assert_int_equal(fx.last.threshold, ev.threshold);
	assert_int_equal(fx.last.question_count, ev.question_count);
	assert_string_equal(fx.last.pack_id, bundled.id);
	assert_int_equal(strlen(fx.last.id), SESSION_ID_LEN);
	/* The thank-you screen shows the stored session's receipt code. */
	flow_view done;
	char code[RECEIPT_LEN + 1];
	flow_view_get(f, &done);
	receipt_code(fx.last.id, code);
	assert_string_equal(done.receipt, code);

	/* The thank-you screen resets by itself and forgets the candidate. */
	advance(f, &fx, (int64_t)ev.done_s * 1000);
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_null(flow_session(f));
	finish(f, &fx);
}

static void test_time_out_submits_as_typed(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_view v;
	flow_view_get(f, &v);
	assert_int_equal(v.remaining_s, ev.time_limit_s);
	assert_false(v.warning);
	/* Keep typing so the idle prompt never shows; stop 1 s before the limit. */
	int64_t limit = fx.mono + (int64_t)ev.time_limit_s * 1000;
	while (fx.mono + 20000 < limit) {
		advance(f, &fx, 20000);
		flow_text(f, "a");
	}
	flow_view_get(f, &v);
	assert_true(v.warning);
	advance(f, &fx, limit - fx.mono + 100);
	flow_view_get(f, &v);
	assert_int_equal(v.question_index, 1);      /* moved on by itself */
	assert_true(fx.last.answers[0].timed_out);
	assert_true(fx.last.answers[0].submitted);
	assert_false(fx.last.answers[0].skipped);
	assert_true(strlen(fx.last.answers[0].answer) > 0);
	finish(f, &fx);
}

static void test_idle_prompt_then_abandoned(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_text(f, "half an answer");
	advance(f, &fx, (int64_t)ev.idle_s * 1000);
	flow_view v;
	flow_view_get(f, &v);
	assert_true(v.idle_prompt);
	assert_int_equal(v.idle_remaining_s, ev.idle_prompt_s);
	/* Answering the prompt keeps the session going. */
	flow_press(f, "still-here");
	flow_view_get(f, &v);
	assert_false(v.idle_prompt);
	assert_int_equal(v.screen, SCREEN_QUESTION);
	/* Ignoring it ends the session as abandoned, with what was typed. */
	advance(f, &fx, (int64_t)(ev.idle_s + ev.idle_prompt_s) * 1000);
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_int_equal(fx.last.status, SESSION_ABANDONED);
	assert_string_equal(fx.last.answers[0].answer, "half an answer");
	assert_false(fx.last.answers[0].submitted);
	assert_true(fx.last.ended_at > 0);
	assert_null(flow_session(f));
	finish(f, &fx);
}

static void test_idle_before_consent_stores_nothing(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	flow_touch(f);
	flow_press(f, "lang:ja");
	advance(f, &fx, (int64_t)(ev.idle_s + ev.idle_prompt_s) * 1000);
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_int_equal(fx.saves, 0);
	finish(f, &fx);
}

static void test_autosave_within_a_second(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	int before = fx.saves;
	flow_text(f, "typed");
	int64_t typed_at = fx.mono;
	assert_int_equal(fx.saves, before);         /* not on every keystroke */
	advance(f, &fx, 1000);
	assert_int_equal(fx.saves, before + 1);
	assert_true(fx.last_save_mono - typed_at <= 1000);
	assert_string_equal(fx.last.answers[0].answer, "typed");
	/* Nothing typed: nothing written. */
	advance(f, &fx, 5000);
	assert_int_equal(fx.saves, before + 1);
	finish(f, &fx);
}

static void test_failed_save_blocks_and_retries(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_text(f, "keep me");
	settle(f, &fx);
	fx.fail_saves = 1;
	flow_press(f, "next");
	flow_view v;
	flow_view_get(f, &v);
	assert_int_equal(v.question_index, 0);      /* not moved on: not committed */
	assert_int_equal(v.notice, NOTICE_SAVE_FAILED);
	assert_true(v.saving);
	flow_text(f, " and me");                     /* held while the store is awaited */
	advance(f, &fx, 1500);                       /* the retry succeeds and moves on */
	flow_view_get(f, &v);
	assert_int_equal(v.notice, NOTICE_NONE);
	assert_false(v.saving);
	assert_int_equal(v.question_index, 1);
	assert_string_equal(fx.last.answers[0].answer, "keep me");
	assert_true(fx.last.answers[0].submitted);
	finish(f, &fx);
}

static void test_shutdown_marks_interrupted(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_text(f, "stopped mid-sentence");
	flow_shutdown(f);
	assert_int_equal(fx.last.status, SESSION_INTERRUPTED);
	assert_string_equal(fx.last.answers[0].answer, "stopped mid-sentence");
	finish(f, &fx);
}

static void test_skipped_and_nfc(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	settle(f, &fx);
	flow_press(f, "next");                       /* empty: asks first */
	settle(f, &fx);
	assert_true(flow_press(f, "skip-confirm"));
	assert_true(fx.last.answers[0].skipped);
	flow_text(f, "Cafe\xCC\x81");                /* e + combining acute */
	settle(f, &fx);
	flow_press(f, "next");
	assert_string_equal(fx.last.answers[1].answer, "Caf\xC3\xA9");
	assert_int_equal(fx.last.answers[1].characters, 4);
	finish(f, &fx);
}

static void test_deadlines_only_when_needed(void **state)
{
	(void)state;
	fixture fx;
	event_config one = ev;
	one.language_count = 1;
	flow *f = start_with(&fx, &one);
	/* An attract screen in one language has nothing to wait for: the kiosk sleeps. */
	assert_true(flow_next_deadline(f) == FLOW_NO_DEADLINE);
	finish(f, &fx);
	f = start(&fx);
	/* In nine, it wakes to invite in the next one. */
	assert_true(flow_next_deadline(f) == fx.mono + FLOW_ATTRACT_CYCLE_MS);
	to_first_question(f, &fx);
	/* With a countdown, the next change is the next whole second. */
	int64_t d = flow_next_deadline(f);
	assert_true(d > fx.mono && d <= fx.mono + 1000);
	uint64_t v0 = flow_version(f);
	flow_text(f, "x");
	assert_true(flow_version(f) > v0);
	finish(f, &fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decline_stores_nothing),
		cmocka_unit_test(test_unknown_controls_refused),
		cmocka_unit_test(test_name_required),
		cmocka_unit_test(test_complete_session_records_everything),
		cmocka_unit_test(test_time_out_submits_as_typed),
		cmocka_unit_test(test_idle_prompt_then_abandoned),
		cmocka_unit_test(test_idle_before_consent_stores_nothing),
		cmocka_unit_test(test_autosave_within_a_second),
		cmocka_unit_test(test_failed_save_blocks_and_retries),
		cmocka_unit_test(test_shutdown_marks_interrupted),
		cmocka_unit_test(test_skipped_and_nfc),
		cmocka_unit_test(test_deadlines_only_when_needed),
	};
	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
