/*
 * test_flow_screens.c — what the candidate sees and taps: the double-tap
 * guard, the skip and Stop-and-delete dialogs, the attract screen's cycle of
 * languages, the title in the screen's language, the done countdown, the
 * staff hint, and when a session is recorded as ended.
 */
#include "flow_fixture.h"

static void test_double_tap_does_not_skip(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	assert_true(flow_press(f, "next"));        /* the question has just appeared */
	flow_view v = view(f);
	assert_int_equal(v.question_index, 0);
	assert_int_equal(v.dialog, DIALOG_NONE);
	advance(f, &fx, 300);
	flow_text(f, "An answer");
	assert_true(flow_press(f, "next"));
	assert_int_equal(view(f).question_index, 1);
	advance(f, &fx, 119);
	assert_true(flow_press(f, "next"));        /* the second tap of a double tap */
	v = view(f);
	assert_int_equal(v.question_index, 1);
	assert_int_equal(v.dialog, DIALOG_NONE);
	assert_false(fx.last.answers[1].submitted);
	/* Typing since it appeared shows a tap is meant, however fast (a script). */
	flow_text(f, "Second");
	assert_true(flow_press(f, "next"));
	assert_int_equal(view(f).question_index, 2);
	assert_string_equal(fx.last.answers[1].answer, "Second");
	/* The same on the identity screen. */
	finish(f, &fx);
	f = start(&fx);
	to_identity(f, &fx);
	assert_true(flow_press(f, "next"));
	assert_int_equal(view(f).notice, NOTICE_NONE);   /* ignored, not "name required" */
	flow_text(f, "Ana");
	assert_true(flow_press(f, "next"));
	assert_int_equal(screen(f), SCREEN_QUESTION);
	finish(f, &fx);
}

static void test_empty_answer_asks_before_skipping(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	settle(f, &fx);
	int saves = fx.saves;
	assert_true(flow_press(f, "next"));
	flow_view v = view(f);
	assert_int_equal(v.dialog, DIALOG_SKIP);
	assert_int_equal(fx.saves, saves);         /* nothing submitted yet */
	assert_false(flow_press(f, "next"));        /* covered by the dialog */
	assert_true(flow_press(f, "skip-confirm")); /* too soon after it appeared */
	assert_int_equal(view(f).dialog, DIALOG_SKIP);
	settle(f, &fx);
	assert_true(flow_press(f, "skip-cancel"));
	v = view(f);
	assert_int_equal(v.dialog, DIALOG_NONE);
	assert_int_equal(v.question_index, 0);
	flow_text(f, "x");                         /* typing works again */
	flow_key(f, FLOW_KEY_BACKSPACE);
	flow_press(f, "next");
	settle(f, &fx);
	assert_true(flow_press(f, "skip-confirm"));
	v = view(f);
	assert_int_equal(v.dialog, DIALOG_NONE);
	assert_int_equal(v.question_index, 1);
	assert_true(fx.last.answers[0].skipped);
	assert_true(fx.last.answers[0].submitted);
	finish(f, &fx);
}

static void test_time_out_closes_dialog(void **state)
{
	(void)state;
	fixture fx;
	event_config e = ev;
	e.time_limit_s = 60;
	flow *f = start_with(&fx, &e);
	to_first_question(f, &fx);
	settle(f, &fx);
	flow_press(f, "next");
	assert_int_equal(view(f).dialog, DIALOG_SKIP);
	flow_text(f, "ignored");                   /* the dialog has the screen */
	advance(f, &fx, 60000);
	flow_view v = view(f);
	assert_int_equal(v.dialog, DIALOG_NONE);
	assert_int_equal(v.question_index, 1);
	assert_true(fx.last.answers[0].timed_out);
	assert_false(fx.last.answers[0].skipped);
	assert_string_equal(fx.last.answers[0].answer, "");
	finish(f, &fx);
}

static void test_stop_and_delete(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	char id[SESSION_ID_LEN + 1];
	snprintf(id, sizeof id, "%s", flow_session(f)->id);
	flow_text(f, "I changed my mind");
	assert_true(flow_press(f, "erase"));
	assert_int_equal(view(f).dialog, DIALOG_ERASE);
	settle(f, &fx);
	assert_true(flow_press(f, "erase-cancel"));
	flow_view v = view(f);
	assert_int_equal(v.dialog, DIALOG_NONE);
	assert_string_equal(v.answer->text, "I changed my mind");
	assert_int_equal(fx.erases, 0);

	flow_press(f, "erase");
	assert_true(flow_press(f, "erase-confirm")); /* too soon: ignored */
	assert_int_equal(fx.erases, 0);
	settle(f, &fx);
	int saves = fx.saves;
	assert_true(flow_press(f, "erase-confirm"));
	assert_int_equal(fx.erases, 1);
	assert_string_equal(fx.erased, id);
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_null(flow_session(f));
	assert_null(view(f).answer);
	advance(f, &fx, 10000);
	assert_int_equal(fx.saves, saves);          /* nothing written after it */
	finish(f, &fx);
}

static void test_stop_and_delete_refused_or_without_store(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	fx.fail_erases = 1;
	flow_press(f, "erase");
	settle(f, &fx);
	flow_press(f, "erase-confirm");
	flow_view v = view(f);
	assert_int_equal(v.screen, SCREEN_ATTRACT);  /* the candidate is not kept waiting */
	assert_int_equal(v.notice, NOTICE_SAVE_FAILED);  /* staff are told */
	assert_true(flow_next_deadline(f) == fx.mono + 1000);
	advance(f, &fx, 1000);
	assert_int_equal(fx.erases, 2);
	assert_int_equal(view(f).notice, NOTICE_NONE);
	assert_int_equal(strlen(fx.erased), SESSION_ID_LEN);
	finish(f, &fx);

	/* A sink without erase (tests, tools): the session is still forgotten. */
	memset(&fx, 0, sizeof fx);
	session_init(&fx.last);
	flow_clock clk = { fx_mono, fx_wall, fx_rnd, &fx };
	flow_sink sink = { fx_save, NULL, &fx };
	f = flow_new(&ev, &bundled, clk, sink, NULL, NULL);
	to_first_question(f, &fx);
	flow_press(f, "erase");
	settle(f, &fx);
	assert_true(flow_press(f, "erase-confirm"));
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_null(flow_session(f));
	finish(f, &fx);
}

static void test_idle_over_dialog(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_press(f, "erase");
	advance(f, &fx, (int64_t)ev.idle_s * 1000);
	flow_view v = view(f);
	assert_true(v.idle_prompt);
	assert_int_equal(v.dialog, DIALOG_ERASE);
	flow_press(f, "still-here");
	v = view(f);
	assert_false(v.idle_prompt);
	assert_int_equal(v.dialog, DIALOG_ERASE);
	advance(f, &fx, (int64_t)(ev.idle_s + ev.idle_prompt_s) * 1000);
	v = view(f);
	assert_int_equal(v.screen, SCREEN_ATTRACT);
	assert_int_equal(v.dialog, DIALOG_NONE);
	assert_int_equal(fx.last.status, SESSION_ABANDONED);
	assert_int_equal(fx.erases, 0);
	finish(f, &fx);
}

static void test_attract_cycles_languages(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	assert_string_equal(view(f).ui_language, "en");
	uint64_t v0 = flow_version(f);
	advance(f, &fx, FLOW_ATTRACT_CYCLE_MS);
	assert_string_equal(view(f).ui_language, "es");
	assert_true(flow_version(f) > v0);
	advance(f, &fx, FLOW_ATTRACT_CYCLE_MS * 10);     /* eleven steps of nine: fr */
	assert_string_equal(view(f).ui_language, "fr");
	assert_null(view(f).language);
	/* The language screen goes on in the language that invited. */
	flow_press(f, "start");
	flow_view v = view(f);
	assert_int_equal(v.screen, SCREEN_LANGUAGE);
	assert_string_equal(v.ui_language, "fr");
	advance(f, &fx, FLOW_ATTRACT_CYCLE_MS);
	assert_string_equal(view(f).ui_language, "fr");
	flow_press(f, "lang:ja");
	assert_string_equal(view(f).ui_language, "ja");
	/* Back at attract, the cycle starts again. */
	flow_press(f, "decline");
	assert_string_equal(view(f).ui_language, "en");
	assert_true(flow_next_deadline(f) == fx.mono + FLOW_ATTRACT_CYCLE_MS);
	/* A language name on attract goes straight to consent. */
	assert_true(flow_press(f, "lang:ar"));
	v = view(f);
	assert_int_equal(v.screen, SCREEN_CONSENT);
	assert_string_equal(v.language, "ar");
	assert_string_equal(v.ui_language, "ar");
	finish(f, &fx);
}

static const char *translate(void *ctx, const char *language, const char *question_id,
                             const char *field, const char *source)
{
	static char out[128];
	(void)ctx;
	snprintf(out, sizeof out, "%s|%s|%s:%s", language, question_id, field, source);
	return out;
}

static void test_title_in_screen_language(void **state)
{
	(void)state;
	fixture fx;
	flow_clock clk = { fx_mono, fx_wall, fx_rnd, &fx };
	flow_sink sink = { fx_save, fx_erase, &fx };
	char want[160];

	/* No title of the event's own: the pack's, through its catalog. */
	memset(&fx, 0, sizeof fx);
	flow *f = flow_new(&ev, &bundled, clk, sink, translate, NULL);
	snprintf(want, sizeof want, "en|pack|title:%s", bundled.title);
	assert_string_equal(view(f).title, want);
	advance(f, &fx, FLOW_ATTRACT_CYCLE_MS);
	snprintf(want, sizeof want, "es|pack|title:%s", bundled.title);
	assert_string_equal(view(f).title, want);
	flow_free(f);

	/* One per language where given, else the plain one. */
	event_config e = ev;
	strcpy(e.title, "Walk-in day");
	e.title_count = 1;
	strcpy(e.title_langs[0], "de");
	strcpy(e.titles[0], "Offener Tag");
	f = flow_new(&e, &bundled, clk, sink, translate, NULL);
	assert_string_equal(view(f).title, "Walk-in day");
	flow_touch(f);
	flow_press(f, "lang:de");
	assert_string_equal(view(f).title, "Offener Tag");
	flow_free(f);
}

static void test_done_countdown_and_staff_hint(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	assert_true(view(f).staff_hint);            /* no admin PIN: staff are shown the way out */
	to_first_question(f, &fx);
	for (int q = 0; q < ev.question_count; q++) {
		flow_text(f, "ok");
		settle(f, &fx);
		flow_press(f, "next");
	}
	flow_view v = view(f);
	assert_int_equal(v.screen, SCREEN_DONE);
	assert_int_equal(v.done_remaining_s, ev.done_s);
	int64_t d = flow_next_deadline(f);
	assert_true(d == fx.mono + 1000);            /* the countdown moves each second */
	advance(f, &fx, 1500);
	assert_int_equal(view(f).done_remaining_s, ev.done_s - 1);
	finish(f, &fx);

	event_config e = ev;
	strcpy(e.pin_hash, "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA");
	f = start_with(&fx, &e);
	assert_false(view(f).staff_hint);
	finish(f, &fx);
}

static void test_consent_in_view_and_session(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_view v = view(f);
	assert_string_equal(v.organisation, ev.organisation);
	assert_string_equal(v.contact, ev.contact);
	assert_int_equal(v.retention_days, ev.retention_days);
	/* The session keeps which text was agreed to: label and text hash. */
	assert_memory_equal(fx.last.consent_version, "1-", 2);
	assert_int_equal(strlen(fx.last.consent_version), 10);
	finish(f, &fx);
}

static void test_ended_at(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	/* Abandoned: when the idle prompt ran out, however late the tick. */
	advance(f, &fx, (int64_t)ev.idle_s * 1000);
	assert_true(view(f).idle_prompt);
	int64_t expiry = fx.mono + (int64_t)ev.idle_prompt_s * 1000;
	fx.mono = expiry + 5000;
	flow_tick(f);
	assert_int_equal(fx.last.status, SESSION_ABANDONED);
	assert_int_equal(fx.last.ended_at, fx.wall_base + expiry);
	finish(f, &fx);

	/* Interrupted: when the kiosk was stopped. */
	f = start(&fx);
	to_first_question(f, &fx);
	advance(f, &fx, 5000);
	flow_shutdown(f);
	assert_int_equal(fx.last.status, SESSION_INTERRUPTED);
	assert_int_equal(fx.last.ended_at, fx.wall_base + fx.mono);
	finish(f, &fx);

	/* Completed: when the last answer was given. */
	f = start(&fx);
	to_first_question(f, &fx);
	int64_t at = 0;
	for (int q = 0; q < ev.question_count; q++) {
		flow_text(f, "ok");
		settle(f, &fx);
		at = fx.mono;
		flow_press(f, "next");
	}
	assert_int_equal(fx.last.status, SESSION_COMPLETED);
	assert_int_equal(fx.last.ended_at, fx.wall_base + at);
	/* Stopping on the thank-you screen changes nothing. */
	int saves = fx.saves;
	advance(f, &fx, 2000);
	flow_shutdown(f);
	assert_int_equal(fx.saves, saves);
	finish(f, &fx);
}

static void test_interrupt_goes_on(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	fx.queue = true;
	flow_text(f, "display lost");
	flow_interrupt(f);
	assert_true(view(f).saving);                 /* waits for the store */
	assert_int_equal(fx.last.status, SESSION_INTERRUPTED);
	assert_int_equal(fx.last.ended_at, fx.wall_base + fx.mono);
	assert_string_equal(fx.last.answers[0].answer, "display lost");
	flow_saved(f, fx.queued_rev, true);
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_null(flow_session(f));
	fx.queue = false;
	/* The kiosk goes on: the next candidate starts afresh. */
	flow_touch(f);
	flow_press(f, "lang:en");
	assert_int_equal(screen(f), SCREEN_CONSENT);
	finish(f, &fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_double_tap_does_not_skip),
		cmocka_unit_test(test_empty_answer_asks_before_skipping),
		cmocka_unit_test(test_time_out_closes_dialog),
		cmocka_unit_test(test_stop_and_delete),
		cmocka_unit_test(test_stop_and_delete_refused_or_without_store),
		cmocka_unit_test(test_idle_over_dialog),
		cmocka_unit_test(test_attract_cycles_languages),
		cmocka_unit_test(test_title_in_screen_language),
		cmocka_unit_test(test_done_countdown_and_staff_hint),
		cmocka_unit_test(test_consent_in_view_and_session),
		cmocka_unit_test(test_ended_at),
		cmocka_unit_test(test_interrupt_goes_on),
	};
	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
