/*
 * The review window's layout with a fake measure: the rubric beside the
 * answer from the bundled pack's own catalogs (pack_text), mirrored for an
 * Arabic reviewer, nothing overlapping or leaving the window in any of the
 * nine languages, long answers wrapped inside their box and scrolled, the
 * candidate's name only once revealed.
 */
#include "ui_fixture.h"

#include "pack_text.h"
#include "review_ui.h"

static session_record sess;
static pack_text *texts;
static const char *texts_lang;

static void open_pack(const char *lang)
{
	if (texts && strcmp(texts_lang, lang) == 0)
		return;
	pack_text_free(texts);
	bool fell_back = false;
	diag_list d = { 0 };
	texts = pack_text_open(TEST_SOURCE_DIR "/questions/backend-developer", lang, &fell_back, &d);
	diag_free(&d);
	assert_non_null(texts);
	assert_false(fell_back);
	texts_lang = lang;
}

static const char *pt(const char *key)
{
	return pack_text_get(texts, key);
}

static review_view view_of(const char *answer_lang, const char *text, bool revealed)
{
	review_view v;
	memset(&v, 0, sizeof v);
	session_clear(&sess);
	snprintf(sess.answers[0].question_id, SESSION_SHORT, "q05");
	session_set_string(&sess.answers[0].question_text,
	                   "Describe a back-end system you built from scratch.");
	session_set_string(&sess.answers[0].answer, text);
	sess.answers[0].first_input_ms = 8200;
	sess.answers[0].active_ms = 121000;
	sess.answers[0].total_ms = 182000;
	sess.answers[0].keystrokes = 912;
	sess.answers[0].deletions = 77;
	v.kind = REVIEW_ITEM_ANSWER;
	v.code = "C-4K7Q2M";
	v.revealed = revealed;
	v.name = revealed ? "Layla Haddad" : NULL;
	v.status = SESSION_COMPLETED;
	v.question_id = "q05";
	v.answer_lang = answer_lang;
	v.answer_text = sess.answers[0].answer;
	v.answer = &sess.answers[0];
	v.score = 3;
	v.cand_index = 3;
	v.cand_count = 120;
	v.answer_index = 1;
	v.answer_count = 7;
	v.scored = 123;
	v.total = 840;
	return v;
}

static review_screen screen_of(const review_view *v, const char *lang)
{
	open_pack(lang);
	review_screen s;
	memset(&s, 0, sizeof s);
	s.v = v;
	s.lang = lang;
	s.question = pt("q05|text");
	s.look_for = pt("q05|look_for");
	s.red_flag = pt("q05|red_flag");
	s.anchor[0] = pt("q05|anchor_1");
	s.anchor[1] = pt("q05|anchor_3");
	s.anchor[2] = pt("q05|anchor_5");
	return s;
}

static const char *ARABIC =
	"بنيت واجهة REST API لنظام الحجوزات باستخدام Django و PostgreSQL، ثم أضفت ذاكرة "
	"تخزين مؤقت Redis لتقليل زمن الاستجابة إلى النصف.";
static const char *HINDI =
	"मैंने एक भुगतान सेवा बनाई जिसमें REST API, PostgreSQL डेटाबेस और क्यू का उपयोग किया गया।";

static int build_review(const review_screen *s, int h)
{
	return review_ui_build(s, &measure, width_for(h), h, &frame);
}

/* No two text lines and no two controls overlap; every text is inside the window. */
static void assert_clean(const char *what)
{
	assert_texts_on_screen(what);
	for (int i = 0; i < frame.ncmds; i++) {
		const ui_cmd *a = &frame.cmds[i];
		if (a->kind != UI_TEXT || a->len == 0)
			continue;
		for (int j = i + 1; j < frame.ncmds; j++) {
			const ui_cmd *b = &frame.cmds[j];
			if (b->kind == UI_TEXT && b->len > 0 && intersects(a->rect, b->rect))
				fail_msg("%s: \"%.*s\" overlaps \"%.*s\"", what, a->len, a->text, b->len,
				         b->text);
		}
	}
	/* A button's label stays inside the button. */
	for (int i = 0; i < frame.ncontrols; i++) {
		const ui_control *c = &frame.controls[i];
		if (strcmp(c->id, "answer-text") == 0 || strcmp(c->id, "progress") == 0 ||
		    strcmp(c->id, "answer") == 0)
			continue;
		for (int j = 0; j < frame.ncmds; j++) {
			const ui_cmd *t = &frame.cmds[j];
			int cx = t->rect.x + t->rect.w / 2, cy = t->rect.y + t->rect.h / 2;
			if (t->kind != UI_TEXT || t->len == 0 || cx < c->rect.x || cx >= c->rect.x + c->rect.w ||
			    cy < c->rect.y || cy >= c->rect.y + c->rect.h)
				continue;
			if (t->rect.x < c->rect.x || t->rect.x + t->rect.w > c->rect.x + c->rect.w)
				fail_msg("%s: \"%.*s\" leaves its button %s", what, t->len, t->text, c->id);
		}
	}
	for (int i = 0; i < frame.ncontrols; i++)
		for (int j = i + 1; j < frame.ncontrols; j++) {
			const ui_control *a = &frame.controls[i], *b = &frame.controls[j];
			/* The scroll buttons sit on the answer they scroll. */
			if (strcmp(a->id, "answer-text") == 0 || strcmp(b->id, "answer-text") == 0)
				continue;
			if (intersects(a->rect, b->rect))
				fail_msg("%s: controls %s and %s overlap", what, a->id, b->id);
		}
}

static void test_no_overlap_in_any_language(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		for (int k = 0; k < 2; k++) {
			use(code, heights[k], 1000);
			review_view v = view_of("ar", ARABIC, l % 2 == 0);
			review_screen s = screen_of(&v, code);
			build_review(&s, heights[k]);
			char what[64];
			snprintf(what, sizeof what, "%s %dp", code, heights[k]);
			assert_clean(what);
			for (int i = 1; i <= 5; i++) {
				char id[16];
				snprintf(id, sizeof id, "score:%d", i);
				const ui_control *c = must_find(id);
				assert_true(c->rect.h >= 48 && c->rect.w >= 48);
			}
			must_find("note");
			must_find("next");
			must_find("prev");
			must_find("order");
		}
	}
}

/* The first code points of s (a paragraph's opening words), as a C string. */
static const char *opening(const char *s, int cps)
{
	static char out[64];
	int32_t i = 0, len = (int32_t)strlen(s);
	for (int k = 0; k < cps && i < len && i < 48; k++) {
		UChar32 c;
		U8_NEXT(s, i, len, c);
	}
	memcpy(out, s, (size_t)i);
	out[i] = '\0';
	return out;
}

/* Some line on screen holds the paragraph's opening words. */
static bool has_prefix_line(const char *s)
{
	const char *o = opening(s, 6);
	size_t n = strlen(o);
	for (int i = 0; i < frame.ncmds; i++)
		if (frame.cmds[i].kind == UI_TEXT && (size_t)frame.cmds[i].len >= n &&
		    memmem(frame.cmds[i].text, (size_t)frame.cmds[i].len, o, n))
			return true;
	return false;
}

static void test_panel_from_pack_text(void **state)
{
	(void)state;
	static const char *langs[] = { "de", "ja", "ar", "hi" };
	for (int l = 0; l < 4; l++) {
		use(langs[l], 1080, 1000);
		review_view v = view_of("en", "I built an order service in Go with PostgreSQL.", false);
		review_screen s = screen_of(&v, langs[l]);
		/* The pack's translation, not the English source. */
		assert_string_not_equal(s.look_for, pack_text_pack(texts)->questions[0].look_for);
		build_review(&s, 1080);
		assert_true(has_prefix_line(s.question));
		assert_true(has_prefix_line(s.look_for));
		assert_true(has_prefix_line(s.red_flag));
		for (int a = 0; a < 3; a++)
			assert_true(has_prefix_line(s.anchor[a]));
	}
}

/* The last code points of s, as a C string. */
static const char *ending(const char *s, int cps)
{
	static char out[64];
	int32_t i = (int32_t)strlen(s);
	for (int k = 0; k < cps && i > 0; k++) {
		UChar32 c;
		U8_PREV(s, 0, i, c);
	}
	snprintf(out, sizeof out, "%s", s + i);
	return out;
}

static bool shown_anywhere(const char *o)
{
	size_t n = strlen(o);
	for (int i = 0; i < frame.ncmds; i++)
		if (frame.cmds[i].kind == UI_TEXT && (size_t)frame.cmds[i].len >= n &&
		    memmem(frame.cmds[i].text, (size_t)frame.cmds[i].len, o, n))
			return true;
	return false;
}

/* Every question and its whole rubric, to the last words, in every language and size. */
static void test_rubric_complete(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		for (int k = 0; k < 2; k++) {
			use(code, heights[k], 1000);
			open_pack(code);
			const pack *p = pack_text_pack(texts);
			for (int q = 0; q < p->question_count; q++) {
				review_view v = view_of("en", "An answer.", false);
				review_screen s = screen_of(&v, code);
				char key[6][96];
				const char *fields[6] = { "text", "look_for", "red_flag", "anchor_1", "anchor_3",
				                          "anchor_5" };
				const char **slots[6] = { &s.question, &s.look_for, &s.red_flag, &s.anchor[0],
				                          &s.anchor[1], &s.anchor[2] };
				for (int i = 0; i < 6; i++) {
					snprintf(key[i], sizeof key[i], "%s|%s", p->questions[q].id, fields[i]);
					*slots[i] = pt(key[i]);
				}
				build_review(&s, heights[k]);
				/* The question too: at 720p a German one lost its last line. */
				for (int i = 0; i < 6; i++)
					if (!shown_anywhere(ending(*slots[i], 3)))
						fail_msg("%s %dp %s: the rubric is cut before the end of %s", code,
						         heights[k], p->questions[q].id, fields[i]);
				char what[160];
				snprintf(what, sizeof what, "%s %dp %s", code, heights[k], p->questions[q].id);
				assert_clean(what);
			}
		}
	}
}

/* Where the first text command containing needle is drawn. */
static ui_rect text_rect(const char *needle)
{
	size_t n = strlen(needle);
	for (int i = 0; i < frame.ncmds; i++)
		if (frame.cmds[i].kind == UI_TEXT && (size_t)frame.cmds[i].len >= n &&
		    memmem(frame.cmds[i].text, (size_t)frame.cmds[i].len, needle, n))
			return frame.cmds[i].rect;
	fail_msg("no text %s", needle);
	return (ui_rect){ 0, 0, 0, 0 };
}

static void test_mirrored_for_arabic(void **state)
{
	(void)state;
	int W = width_for(1080);
	use("en", 1080, 1000);
	review_view v = view_of("hi", HINDI, false);
	review_screen s = screen_of(&v, "en");
	build_review(&s, 1080);
	ui_rect en_answer = must_find("answer-text")->rect;
	ui_rect en_prev = must_find("prev")->rect, en_next = must_find("next")->rect;
	ui_rect en_s1 = must_find("score:1")->rect, en_s5 = must_find("score:5")->rect;
	ui_rect en_look = text_rect(opening(s.look_for, 6));
	assert_true(en_answer.x < W / 2);
	assert_true(en_look.x > en_answer.x + en_answer.w);
	assert_true(en_prev.x < en_next.x);
	assert_true(en_s1.x < en_s5.x);

	use("ar", 1080, 1000);
	v = view_of("hi", HINDI, false);
	s = screen_of(&v, "ar");
	build_review(&s, 1080);
	ui_rect ar_answer = must_find("answer-text")->rect;
	ui_rect ar_prev = must_find("prev")->rect, ar_next = must_find("next")->rect;
	ui_rect ar_look = text_rect(opening(s.look_for, 6));
	/* Every box mirrored: the answer on the right, the rubric on the left. */
	assert_int_equal(ar_answer.x, W - en_answer.x - en_answer.w);
	assert_true(ar_look.x + ar_look.w < ar_answer.x);
	assert_true(ar_prev.x > ar_next.x);
	assert_true(must_find("score:1")->rect.x > must_find("score:5")->rect.x);
	/* The rubric right-aligned in its column, the Hindi answer left-aligned in its box. */
	for (int i = 0; i < frame.ncmds; i++) {
		const ui_cmd *c = &frame.cmds[i];
		if (c->kind == UI_TEXT && c->len > 0 && memmem(HINDI, strlen(HINDI), c->text, (size_t)c->len)) {
			assert_false(c->rtl);
			assert_true(c->rect.x <= ar_answer.x + 8 * 10);
		}
		if (c->kind == UI_TEXT && c->len > 4 &&
		    memmem(c->text, (size_t)c->len, opening(s.look_for, 6), strlen(opening(s.look_for, 6))))
			assert_true(c->rtl);
	}
}

static void test_long_answer_wrapped_and_scrolled(void **state)
{
	(void)state;
	use("en", 720, 1000);
	/* German compounds longer than a line, and many lines. */
	static char text[12000];
	text[0] = '\0';
	for (int i = 0; i < 60; i++)
		strcat(text, "Datenbankverbindungspoolkonfigurationsoptimierungsmaßnahmen "
		             "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz und mehr. ");
	review_view v = view_of("de", text, false);
	review_screen s = screen_of(&v, "en");
	int most = build_review(&s, 720);
	const char *shown = v.answer_text, *shown_end = shown + strlen(shown);
	assert_clean("long answer");
	assert_true(most > 10);
	ui_rect box_r = must_find("answer-text")->rect;
	int lines = 0;
	const char *first = NULL;
	for (int i = 0; i < frame.ncmds; i++) {
		const ui_cmd *c = &frame.cmds[i];
		if (c->kind != UI_TEXT || c->text < shown || c->text >= shown_end)
			continue;
		lines++;
		if (!first)
			first = c->text;
		assert_true(c->rect.x >= box_r.x && c->rect.x + c->rect.w <= box_r.x + box_r.w);
		assert_true(c->rect.y >= box_r.y && c->rect.y + c->rect.h <= box_r.y + box_r.h);
	}
	assert_true(lines > 3);
	must_find("scroll-down");
	assert_null(ui_find(&frame, "scroll-up"));
	/* Scrolled: later lines, and a way back. */
	s.scroll = 5;
	build_review(&s, 720);
	const char *first5 = NULL;
	for (int i = 0; i < frame.ncmds && !first5; i++)
		if (frame.cmds[i].kind == UI_TEXT && frame.cmds[i].text >= shown &&
		    frame.cmds[i].text < shown_end)
			first5 = frame.cmds[i].text;
	assert_true(first5 > first);
	must_find("scroll-up");
}

static void test_name_only_when_revealed(void **state)
{
	(void)state;
	use("en", 1080, 1000);
	review_view v = view_of("ar", ARABIC, false);
	review_screen s = screen_of(&v, "en");
	build_review(&s, 1080);
	assert_false(has_prefix_line("Layla Haddad"));
	text_rect("C-4K7Q2M");
	v = view_of("ar", ARABIC, true);
	s = screen_of(&v, "en");
	build_review(&s, 1080);
	text_rect("Layla Haddad");
}

static void test_pack_fallback_notice(void **state)
{
	(void)state;
	use("ja", 1080, 1000);
	review_view v = view_of("en", "An answer.", false);
	review_screen s = screen_of(&v, "ja");
	s.pack_fell_back = true;
	build_review(&s, 1080);
	const char *notice =
		_("The question pack has no translation in your language: its texts are shown in English.");
	text_rect(notice);
	assert_clean("fallback");
}

/* Staff's extra time is shown by the timings, in the reviewer's language and digits. */
static void test_extra_time_shown(void **state)
{
	static const struct {
		const char *lang;
		int percent;
		const char *times;
	} cases[] = {
		{ "en", 150, "1.5" }, { "de", 125, "1,25" }, { "fr", 150, "1,5" },
		{ "ar", 200, "\xd9\xa2" }, { "hi", 150, "1.5" }, { "ja", 200, "2" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		use(cases[i].lang, 1080, 1000);
		review_view v = view_of("en", "An answer.", false);
		v.time_percent = cases[i].percent;
		review_screen s = screen_of(&v, cases[i].lang);
		build_review(&s, 1080);
		char want[256];
		snprintf(want, sizeof want, _("Extra time ×%s (accommodation)"), cases[i].times);
		ui_rect r = text_rect(want);
		/* On the line of the timings, which follow it. */
		char first[64];
		snprintf(first, sizeof first, "%s",
		         _("First input after %1$s · Active typing %2$s · Total %3$s"));
		first[strcspn(first, "%")] = '\0';
		ui_rect t = text_rect(first);
		assert_int_equal(r.y, t.y);
		assert_clean(cases[i].lang);

		/* Without extra time the line is not there. */
		v.time_percent = 100;
		build_review(&s, 1080);
		char prefix[64];
		snprintf(prefix, sizeof prefix, "%s", _("Extra time ×%s (accommodation)"));
		prefix[strcspn(prefix, "%")] = '\0';
		assert_false(ui_has_text(&frame, prefix));
		text_rect(first);
	}
}

static int teardown_all(void **state)
{
	pack_text_free(texts);
	session_clear(&sess);
	return teardown(state);
}

int main(void)
{
	session_init(&sess);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_overlap_in_any_language),
		cmocka_unit_test(test_panel_from_pack_text),
		cmocka_unit_test(test_rubric_complete),
		cmocka_unit_test(test_mirrored_for_arabic),
		cmocka_unit_test(test_long_answer_wrapped_and_scrolled),
		cmocka_unit_test(test_name_only_when_revealed),
		cmocka_unit_test(test_pack_fallback_notice),
		cmocka_unit_test(test_extra_time_shown),
	};
	return cmocka_run_group_tests(tests, setup, teardown_all);
}
