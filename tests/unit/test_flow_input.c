/*
 * test_flow_input.c — typing through the flow: an input method's
 * composition is typing and is kept as shown whenever the candidate moves
 * on; identity fields are single lines, stored trimmed and in NFC.
 */
#include "flow_fixture.h"

static const char *answer_text(flow *f)
{
	return view(f).answer->text;
}

static void test_compose_kept_on_next(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_text(f, "测试");
	flow_compose(f, "时间");                 /* still being composed */
	settle(f, &fx);
	uint64_t resets = flow_compose_resets(f);
	assert_true(flow_press(f, "next"));
	assert_true(flow_compose_resets(f) > resets);   /* the shell cancels the preedit */
	assert_string_equal(fx.last.answers[0].answer, "测试时间");
	assert_int_equal(fx.last.answers[0].characters, 4);
	/* Nothing of it carries into the next question. */
	flow_view v = view(f);
	assert_int_equal(v.question_index, 1);
	assert_string_equal(v.answer->compose, "");
	assert_string_equal(v.answer->text, "");
	/* A composition alone is an answer, not a skip. */
	flow_compose(f, "再见");
	settle(f, &fx);
	flow_press(f, "next");
	assert_int_equal(view(f).dialog, DIALOG_NONE);
	assert_string_equal(fx.last.answers[1].answer, "再见");
	assert_false(fx.last.answers[1].skipped);
	finish(f, &fx);
}

static void test_compose_kept_on_time_out_and_idle(void **state)
{
	(void)state;
	fixture fx;
	event_config e = ev;
	e.time_limit_s = 60;
	flow *f = start_with(&fx, &e);
	to_first_question(f, &fx);
	flow_compose(f, "にほんご");
	advance(f, &fx, 60000);
	assert_int_equal(view(f).question_index, 1);
	assert_true(fx.last.answers[0].timed_out);
	assert_string_equal(fx.last.answers[0].answer, "にほんご");
	finish(f, &fx);

	f = start(&fx);
	to_first_question(f, &fx);
	flow_compose(f, "さようなら");
	advance(f, &fx, (int64_t)(ev.idle_s + ev.idle_prompt_s) * 1000);
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_int_equal(fx.last.status, SESSION_ABANDONED);
	assert_string_equal(fx.last.answers[0].answer, "さようなら");
	finish(f, &fx);
}

static void test_compose_kept_on_shutdown_and_interrupt(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_text(f, "停");
	flow_compose(f, "止");
	flow_shutdown(f);
	assert_int_equal(fx.last.status, SESSION_INTERRUPTED);
	assert_string_equal(fx.last.answers[0].answer, "停止");
	finish(f, &fx);

	f = start(&fx);
	to_first_question(f, &fx);
	flow_compose(f, "画面");
	flow_interrupt(f);
	assert_int_equal(fx.last.status, SESSION_INTERRUPTED);
	assert_string_equal(fx.last.answers[0].answer, "画面");
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	finish(f, &fx);
}

static void test_compose_kept_on_caret_and_focus(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_text(f, "ab");
	flow_compose(f, "c");
	flow_caret_to(f, 0);                       /* a tap elsewhere in the answer */
	assert_string_equal(answer_text(f), "abc");
	assert_string_equal(view(f).answer->compose, "");
	assert_int_equal(view(f).answer->caret, 0);
	flow_compose(f, "x");
	flow_key(f, FLOW_KEY_END);
	assert_string_equal(answer_text(f), "xabc");
	finish(f, &fx);

	f = start(&fx);
	to_identity(f, &fx);
	flow_compose(f, "山田");
	uint64_t resets = flow_compose_resets(f);
	flow_press(f, "field:email");
	assert_true(flow_compose_resets(f) > resets);
	flow_view v = view(f);
	assert_string_equal(v.fields[0]->text, "山田");
	assert_string_equal(v.fields[0]->compose, "");
	assert_string_equal(v.fields[1]->compose, "");
	flow_compose(f, "ya");
	flow_key(f, FLOW_KEY_TAB);
	v = view(f);
	assert_string_equal(v.fields[1]->text, "ya");
	assert_int_equal(v.focus, 0);
	finish(f, &fx);
}

static void test_compose_counts_as_typing(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	int64_t shown = fx.mono;
	advance(f, &fx, 3000);
	flow_compose(f, "に");
	advance(f, &fx, 200);
	flow_compose(f, "にほ");
	advance(f, &fx, 200);
	flow_compose(f, "に");                     /* a Backspace inside the preedit */
	advance(f, &fx, 200);
	flow_compose(f, "日本");
	advance(f, &fx, 200);
	flow_text(f, "日本");                      /* the commit: one more */
	flow_compose(f, "");                       /* the input method's empty update: none */
	const answer_record *a = &flow_session(f)->answers[0];
	assert_int_equal(a->first_input_ms, fx.mono - shown - 800);
	assert_int_equal(a->keystrokes, 5);
	assert_int_equal(a->deletions, 1);
	assert_int_equal(a->active_ms, 800);
	/* Composing keeps the idle prompt away (within the time limit). */
	for (int i = 0; i < 2; i++) {
		advance(f, &fx, (int64_t)ev.idle_s * 1000 - 1000);
		flow_compose(f, i % 2 ? "か" : "かな");
	}
	assert_false(view(f).idle_prompt);
	assert_int_equal(screen(f), SCREEN_QUESTION);
	assert_int_equal(view(f).question_index, 0);
	finish(f, &fx);
}

static void test_compose_segment(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_compose(f, "にほんご");
	flow_compose_segment(f, 2, 2);             /* code points, as SDL gives them */
	const textbuf *tb = view(f).answer;
	assert_int_equal(tb->compose_sel, 6);
	assert_int_equal(tb->compose_sel_len, 6);
	flow_compose_segment(f, 3, 10);            /* clamped to the preedit */
	assert_int_equal(tb->compose_sel, 9);
	assert_int_equal(tb->compose_sel_len, 3);
	flow_compose(f, "日本語");                 /* a new preedit brings its own */
	assert_int_equal(tb->compose_sel_len, 0);
	finish(f, &fx);
}

static void test_identity_single_line(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_identity(f, &fx);
	flow_text(f, "Ana\nMaria\tLima");
	assert_string_equal(view(f).fields[0]->text, "Ana Maria Lima");
	flow_key(f, FLOW_KEY_RETURN);              /* to the next field, no line break */
	flow_view v = view(f);
	assert_int_equal(v.focus, 1);
	assert_string_equal(v.fields[0]->text, "Ana Maria Lima");
	assert_int_equal(v.screen, SCREEN_IDENTITY);
	flow_text(f, "ana@example.org");
	flow_key(f, FLOW_KEY_RETURN);              /* on the last field: submits */
	assert_int_equal(screen(f), SCREEN_QUESTION);
	assert_string_equal(fx.last.name, "Ana Maria Lima");
	finish(f, &fx);
}

static void test_identity_trimmed_nfc(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_identity(f, &fx);
	flow_text(f, "\u3000 ");                   /* ideographic space: still blank */
	settle(f, &fx);
	flow_press(f, "next");
	assert_int_equal(view(f).notice, NOTICE_NAME_REQUIRED);
	assert_int_equal(screen(f), SCREEN_IDENTITY);
	flow_text(f, "Jose\xCC\x81 Pe\xCC\x81rez \u00a0");
	flow_press(f, "field:email");
	flow_text(f, "  jp@example.org\u2003");
	flow_press(f, "next");
	assert_int_equal(screen(f), SCREEN_QUESTION);
	assert_string_equal(fx.last.name, "Jos\xC3\xA9 P\xC3\xA9rez");
	assert_string_equal(fx.last.contacts[0].value, "jp@example.org");
	finish(f, &fx);
}

static void test_answer_controls_visible(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_text(f, "a\tb\x01" "c\nd");
	settle(f, &fx);
	flow_press(f, "next");
	assert_string_equal(fx.last.answers[0].answer, "a b\xEF\xBF\xBD" "c\nd");
	finish(f, &fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compose_kept_on_next),
		cmocka_unit_test(test_compose_kept_on_time_out_and_idle),
		cmocka_unit_test(test_compose_kept_on_shutdown_and_interrupt),
		cmocka_unit_test(test_compose_kept_on_caret_and_focus),
		cmocka_unit_test(test_compose_counts_as_typing),
		cmocka_unit_test(test_compose_segment),
		cmocka_unit_test(test_identity_single_line),
		cmocka_unit_test(test_identity_trimmed_nfc),
		cmocka_unit_test(test_answer_controls_visible),
	};
	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
