/*
 * test_flow_practice.c — the event's practice question (after identity, no
 * time limit, idle as on questions, never handed to the store) and staff's
 * extra time (the next recorded session gets it, then it is used up).
 */
#include "flow_fixture.h"

#define SECRET "Mein Übungsgeheimnis"

/* Every save the flow hands over, scanned for what was typed in practice. */
typedef struct {
	fixture fx;
	int leaks;                /* saves that carried SECRET anywhere */
	int saves;
} watch;

static bool has_secret(const char *s)
{
	return s != NULL && strstr(s, "Übungsgeheimnis") != NULL;
}

static int watch_save(void *ctx, const session_record *s)
{
	watch *w = ctx;
	bool leak = has_secret(s->name);
	for (int i = 0; i < SESSION_MAX_CONTACTS; i++)
		leak |= has_secret(s->contacts[i].value);
	for (int i = 0; i < SESSION_MAX_QUESTIONS; i++)
		leak |= has_secret(s->answers[i].answer) || has_secret(s->answers[i].question_text);
	w->leaks += leak;
	w->saves++;
	return fx_save(&w->fx, s);
}

static int watch_erase(void *ctx, const char *id)
{
	return fx_erase(&((watch *)ctx)->fx, id);
}

static event_config practice_ev;

static flow *start_watched(watch *w, const event_config *e)
{
	memset(w, 0, sizeof *w);
	session_init(&w->fx.last);
	w->fx.wall_base = 1764410525000;
	flow_clock clk = { fx_mono, fx_wall, fx_rnd, &w->fx };
	flow_sink sink = { watch_save, watch_erase, w };
	return flow_new(e, &bundled, clk, sink, NULL, NULL);
}

/* Identity given: with practice on, the practice screen shows. */
static void to_practice(flow *f, fixture *fx)
{
	to_identity(f, fx);
	flow_text(f, "Jürgen Groß");
	settle(f, fx);
	assert_true(flow_press(f, "next"));
	assert_int_equal(screen(f), SCREEN_PRACTICE);
}

static void test_practice_after_identity_never_saved(void **state)
{
	(void)state;
	watch w;
	flow *f = start_watched(&w, &practice_ev);
	to_practice(f, &w.fx);
	int saves = w.saves;
	flow_view v = view(f);
	assert_non_null(v.answer);
	assert_int_equal(v.remaining_s, -1);      /* no countdown */
	assert_int_equal(v.answer_limit, practice_ev.max_answer_chars);

	flow_text(f, SECRET);
	flow_key(f, FLOW_KEY_RETURN);             /* a new line, not the identity fields */
	flow_text(f, "zwei Wörter");
	flow_compose(f, "Übungsgeheimnis");       /* an input method's preedit too */
	v = view(f);
	assert_string_equal(v.answer->text, SECRET "\nzwei Wörter");
	assert_int_equal(v.answer_words, 4);    /* the preedit counts once committed */
	advance(f, &w.fx, 5000);                  /* long past autosave */
	assert_int_equal(w.saves, saves);         /* nothing to save: nothing recorded */
	assert_int_equal(flow_session(f)->answer_count, 0);

	assert_true(flow_press(f, "next"));       /* an answer: no skip dialog either way */
	assert_int_equal(screen(f), SCREEN_QUESTION);
	v = view(f);
	assert_int_equal(v.question_index, 0);
	assert_int_equal(v.answer->len, 0);       /* a fresh box */
	assert_string_equal(w.fx.last.answers[0].answer, "");
	assert_int_equal(w.fx.last.answers[0].keystrokes, 0);
	assert_int_equal(w.fx.last.answers[0].first_input_ms, -1);

	/* The real question's timings start when it shows. */
	advance(f, &w.fx, 1000);
	flow_text(f, "echt");
	advance(f, &w.fx, 1000);
	assert_int_equal(w.fx.last.answers[0].first_input_ms, 1000);
	assert_int_equal(w.leaks, 0);
	assert_true(w.saves > saves);
	finish(f, &w.fx);
}

static void test_practice_empty_goes_on(void **state)
{
	(void)state;
	watch w;
	flow *f = start_watched(&w, &practice_ev);
	to_practice(f, &w.fx);
	/* A double tap of identity's Next does not skip past the practice. */
	assert_true(flow_press(f, "next"));
	assert_int_equal(screen(f), SCREEN_PRACTICE);
	settle(f, &w.fx);
	assert_true(flow_press(f, "next"));
	flow_view v = view(f);
	assert_int_equal(v.screen, SCREEN_QUESTION);
	assert_int_equal(v.dialog, DIALOG_NONE);
	assert_false(flow_press(f, "skip-confirm"));
	finish(f, &w.fx);
}

static void test_practice_no_time_limit_idle_abandons(void **state)
{
	(void)state;
	watch w;
	flow *f = start_watched(&w, &practice_ev);
	to_practice(f, &w.fx);
	flow_text(f, SECRET);
	/* Typing now and then for twice the answer limit: still practising. */
	for (int i = 0; i < 2 * practice_ev.time_limit_s / 60; i++) {
		advance(f, &w.fx, 60000);
		flow_text(f, ".");
	}
	assert_int_equal(screen(f), SCREEN_PRACTICE);
	assert_int_equal(view(f).remaining_s, -1);

	advance(f, &w.fx, (int64_t)practice_ev.idle_s * 1000);
	flow_view v = view(f);
	assert_true(v.idle_prompt);
	flow_press(f, "still-here");
	assert_false(view(f).idle_prompt);
	advance(f, &w.fx, (int64_t)(practice_ev.idle_s + practice_ev.idle_prompt_s) * 1000);
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_int_equal(w.fx.last.status, SESSION_ABANDONED);
	assert_int_equal(w.fx.last.answer_count, 0);
	assert_string_equal(w.fx.last.name, "Jürgen Groß");
	assert_int_equal(w.leaks, 0);
	assert_null(flow_session(f));
	finish(f, &w.fx);
}

static void test_practice_stop_and_delete(void **state)
{
	(void)state;
	watch w;
	flow *f = start_watched(&w, &practice_ev);
	to_practice(f, &w.fx);
	char id[SESSION_ID_LEN + 1];
	snprintf(id, sizeof id, "%s", flow_session(f)->id);
	flow_text(f, SECRET);
	assert_true(flow_press(f, "erase"));
	assert_int_equal(view(f).dialog, DIALOG_ERASE);
	flow_text(f, "x");                        /* the dialog covers the answer box */
	settle(f, &w.fx);
	assert_true(flow_press(f, "erase-confirm"));
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_string_equal(w.fx.erased, id);
	assert_int_equal(w.leaks, 0);
	finish(f, &w.fx);
}

static void test_practice_shutdown_saves_no_practice(void **state)
{
	(void)state;
	watch w;
	flow *f = start_watched(&w, &practice_ev);
	to_practice(f, &w.fx);
	flow_text(f, SECRET);
	flow_compose(f, "Übungsgeheimnis");
	flow_shutdown(f);
	assert_int_equal(w.fx.last.status, SESSION_INTERRUPTED);
	assert_int_equal(w.fx.last.answer_count, 0);
	assert_int_equal(w.leaks, 0);
	finish(f, &w.fx);
}

/* Without "practice" the first question follows identity, as before. */
static void test_no_practice_by_default(void **state)
{
	(void)state;
	fixture fx;
	assert_false(ev.practice);
	flow *f = start(&fx);
	to_first_question(f, &fx);
	assert_int_equal(fx.last.answer_count, 1);
	finish(f, &fx);
}

/* Types now and then so that no idle prompt shows, until the question moves on. */
static int64_t time_to_time_out(flow *f, fixture *fx)
{
	int64_t shown = fx->mono;
	int index = view(f).question_index;
	while (view(f).question_index == index && screen(f) == SCREEN_QUESTION) {
		advance(f, fx, 1000);
		if ((fx->mono - shown) % 30000 == 0)
			flow_text(f, "a");
	}
	return fx->mono - shown;
}

static void test_extra_time_next_session_only(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	assert_int_equal(flow_extra_time(f), 100);
	flow_grant_extra_time(f, 150);
	assert_int_equal(flow_extra_time(f), 150);

	to_first_question(f, &fx);
	assert_int_equal(flow_extra_time(f), 100);     /* used up */
	assert_int_equal(fx.last.time_percent, 150);
	assert_int_equal(view(f).remaining_s, ev.time_limit_s * 3 / 2);
	int64_t took = time_to_time_out(f, &fx);
	assert_int_equal(took, (int64_t)ev.time_limit_s * 1500);
	assert_true(fx.last.answers[0].timed_out);
	assert_int_equal(fx.last.answers[0].submitted_ms, (int64_t)ev.time_limit_s * 1500);
	/* Every question of the session, not only the first. */
	assert_int_equal(view(f).remaining_s, ev.time_limit_s * 3 / 2);
	assert_int_equal(fx.last.time_percent, 150);
	flow_shutdown(f);
	assert_int_equal(fx.last.time_percent, 150);
	finish(f, &fx);

	/* The candidate after gets the event's time. */
	f = start(&fx);
	flow_grant_extra_time(f, 200);
	to_first_question(f, &fx);
	assert_int_equal(view(f).remaining_s, ev.time_limit_s * 2);
	flow_press(f, "erase");
	settle(f, &fx);
	flow_press(f, "erase-confirm");
	to_first_question(f, &fx);
	assert_int_equal(fx.last.time_percent, 100);
	assert_int_equal(view(f).remaining_s, ev.time_limit_s);
	assert_int_equal(time_to_time_out(f, &fx), (int64_t)ev.time_limit_s * 1000);
	finish(f, &fx);
}

static void test_extra_time_grant_during_session(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	to_first_question(f, &fx);
	flow_grant_extra_time(f, 125);
	/* The session running keeps its time; the grant waits. */
	assert_int_equal(view(f).remaining_s, ev.time_limit_s);
	assert_int_equal(fx.last.time_percent, 100);
	assert_int_equal(time_to_time_out(f, &fx), (int64_t)ev.time_limit_s * 1000);
	assert_int_equal(fx.last.time_percent, 100);
	assert_int_equal(flow_extra_time(f), 125);
	advance(f, &fx, (int64_t)(ev.idle_s + ev.idle_prompt_s) * 1000);
	assert_int_equal(screen(f), SCREEN_ATTRACT);

	/* Declining is no session: the grant stays for whoever agrees next. */
	flow_touch(f);
	flow_press(f, "lang:fr");
	advance(f, &fx, 2000);
	flow_press(f, "decline");
	assert_int_equal(screen(f), SCREEN_ATTRACT);
	assert_int_equal(flow_extra_time(f), 125);
	to_first_question(f, &fx);
	assert_int_equal(fx.last.time_percent, 125);
	assert_int_equal(view(f).remaining_s, ev.time_limit_s * 5 / 4);
	assert_int_equal(flow_extra_time(f), 100);
	finish(f, &fx);
}

static void test_extra_time_only_known_values(void **state)
{
	(void)state;
	fixture fx;
	flow *f = start(&fx);
	int refused[] = { 0, 99, 101, 175, 300, -150 };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		flow_grant_extra_time(f, refused[i]);
		assert_int_equal(flow_extra_time(f), 100);
	}
	flow_grant_extra_time(f, 200);
	flow_grant_extra_time(f, 175);
	assert_int_equal(flow_extra_time(f), 200);
	flow_grant_extra_time(f, 100);                 /* staff change their mind */
	assert_int_equal(flow_extra_time(f), 100);
	finish(f, &fx);
}

/* Extra time and practice together: the practice has no limit, question 1 has the longer one. */
static void test_extra_time_with_practice(void **state)
{
	(void)state;
	watch w;
	flow *f = start_watched(&w, &practice_ev);
	flow_grant_extra_time(f, 200);
	to_practice(f, &w.fx);
	assert_int_equal(view(f).remaining_s, -1);
	settle(f, &w.fx);
	flow_press(f, "next");
	assert_int_equal(view(f).remaining_s, practice_ev.time_limit_s * 2);
	assert_int_equal(w.fx.last.time_percent, 200);
	finish(f, &w.fx);
}

static int setup(void **state)
{
	if (fixture_setup(state) != 0)
		return -1;
	practice_ev = ev;
	practice_ev.practice = true;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_practice_after_identity_never_saved),
		cmocka_unit_test(test_practice_empty_goes_on),
		cmocka_unit_test(test_practice_no_time_limit_idle_abandons),
		cmocka_unit_test(test_practice_stop_and_delete),
		cmocka_unit_test(test_practice_shutdown_saves_no_practice),
		cmocka_unit_test(test_no_practice_by_default),
		cmocka_unit_test(test_extra_time_next_session_only),
		cmocka_unit_test(test_extra_time_grant_during_session),
		cmocka_unit_test(test_extra_time_only_known_values),
		cmocka_unit_test(test_extra_time_with_practice),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
