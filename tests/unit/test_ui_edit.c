/*
 * The texts a candidate edits, at 1280x720 and 1920x1080 against a fake
 * measure: where the caret stands, how the IME's active segment is marked,
 * which byte a tap lands on, left to right and right to left, and what of a
 * text too long for its box is shown.
 */
#include "ui_fixture.h"

/* The caret's box never covers the drawn line it stands at the end of. */
static void test_caret_beside_last_glyph(void **state)
{
	(void)state;
	static const struct { const char *lang, *text; } cases[] = {
		{ "en", "Seven years." },
		{ "ar", "سبع سنوات." },
		{ "ja", "七年です。" },
	};
	for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++)
		for (int k = 0; k < 2; k++) {
			use(cases[t].lang, heights[k], 1000);
			flow_view v = question_view(cases[t].lang, cases[t].text);
			build(&v, heights[k]);
			assert_true(frame.text_input);
			const ui_cmd *line = text_cmd_within(must_find("answer")->rect);
			assert_non_null(line);
			assert_false(intersects(frame.caret, line->rect));
			if (lang_rtl(cases[t].lang))
				assert_true(frame.caret.x + frame.caret.w <= line->rect.x);
			else
				assert_true(frame.caret.x >= line->rect.x + line->rect.w);
			/* ... and at the start of the text it stands before the first one. */
			textbuf_set_caret(&answer, 0);
			build(&v, heights[k]);
			line = text_cmd_within(must_find("answer")->rect);
			assert_false(intersects(frame.caret, line->rect));
			textbuf_free(&answer);
		}
}

static void test_ime_segment_marked(void **state)
{
	(void)state;
	for (int k = 0; k < 2; k++) {
		use("ja", heights[k], 1000);
		flow_view v = question_view("ja", "経験は");
		textbuf_set_compose(&answer, "ななねん");
		/* The second kana (3 bytes each) is the segment being converted. */
		answer.compose_sel = 3;
		answer.compose_sel_len = 3;
		build(&v, heights[k]);
		const ui_cmd *line = text_cmd_within(must_find("answer")->rect);
		assert_non_null(line);
		int kana = fake_width(&fk, FONT_BODY, "ja", "な", 3);
		int pre_x = line->rect.x + fake_width(&fk, FONT_BODY, "ja", "経験は", 9);
		bool thin = false, thick = false, tint = false;
		for (int i = 0; i < frame.ncmds; i++) {
			const ui_cmd *c = &frame.cmds[i];
			if (c->kind != UI_RECT)
				continue;
			if (c->rect.x == pre_x && c->rect.w == 4 * kana && c->rect.h <= 2)
				thin = true;
			if (c->rect.x == pre_x + kana && c->rect.w == kana && c->rect.h >= 4 &&
			    c->rect.h < line->rect.h)
				thick = true;
			if (c->rect.x == pre_x + kana && c->rect.w == kana && c->rect.h == line->rect.h) {
				tint = true;
				assert_true(c < line);   /* behind the text, not over it */
			}
		}
		assert_true(thin);
		assert_true(thick);
		assert_true(tint);
		/* Without a segment only the thin underline remains. */
		answer.compose_sel_len = 0;
		build(&v, heights[k]);
		for (int i = 0; i < frame.ncmds; i++)
			assert_false(frame.cmds[i].kind == UI_RECT && frame.cmds[i].rect.w == kana &&
			             frame.cmds[i].rect.h >= 4);
		textbuf_free(&answer);
	}
}

/* The screen point of the caret before byte index of the answer's first line. */
static void tap_point(const ui_tapline *t, int index, int *x, int *y)
{
	const char *s = t->text + t->start;
	int len = t->end - t->start;
	int cx = fake_caret(&fk, t->font, t->lang, t->rtl, s, len, index);
	*x = t->rtl ? t->drawn.x + t->drawn.w - (fake_width(&fk, t->font, t->lang, s, len) - cx)
	            : t->drawn.x + cx;
	*y = t->drawn.y + t->drawn.h / 2;
}

static void test_offset_at(void **state)
{
	(void)state;
	static const struct { const char *lang, *text; int at; } cases[] = {
		{ "en", "Seven years of Python.", 5 },
		{ "ar", "سبع سنوات من العمل.", 6 },    /* after "سبع", 2 bytes a letter */
		{ "ja", "七年です。", 6 },
	};
	for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++)
		for (int k = 0; k < 2; k++) {
			use(cases[t].lang, heights[k], 1000);
			flow_view v = question_view(cases[t].lang, cases[t].text);
			build(&v, heights[k]);
			assert_true(frame.ntaplines >= 1);
			const ui_tapline *line = &frame.taplines[0];
			assert_string_equal(frame.controls[line->control].id, "answer");
			int x, y;
			tap_point(line, cases[t].at, &x, &y);
			/* A little off the exact boundary still lands on it. */
			assert_int_equal(ui_offset_at(&frame, &measure, x + 1, y), cases[t].at);
			assert_int_equal(ui_offset_at(&frame, &measure, x - 1, y), cases[t].at);
			/* Past the end of the line, and below it in the empty box: the end. */
			int end_x = lang_rtl(cases[t].lang) ? line->drawn.x - 30 : line->drawn.x + line->drawn.w + 30;
			int len = (int)strlen(cases[t].text);
			assert_int_equal(ui_offset_at(&frame, &measure, end_x, y), len);
			ui_rect box = must_find("answer")->rect;
			assert_int_equal(ui_offset_at(&frame, &measure, end_x, box.y + box.h - 5), len);
			/* Before the start: offset 0. */
			int start_x = lang_rtl(cases[t].lang) ? line->drawn.x + line->drawn.w + 10 : line->drawn.x - 10;
			assert_int_equal(ui_offset_at(&frame, &measure, start_x, y), 0);
			/* A preedit at the caret does not count: a tap past it lands in committed text. */
			textbuf_set_caret(&answer, 0);
			textbuf_set_compose(&answer, "xy");
			build(&v, heights[k]);
			assert_int_equal(ui_offset_at(&frame, &measure, end_x, y), len);
			/* Off the answer: no offset. */
			ui_rect next = must_find("next")->rect;
			assert_int_equal(ui_offset_at(&frame, &measure, next.x + 2, next.y + 2), -1);
			textbuf_free(&answer);
		}
	/* A second line of a wrapped answer. */
	use("en", 720, 1000);
	char longtext[600];
	snprintf(longtext, sizeof longtext, "%s", "");
	for (int i = 0; i < 20; i++)
		strcat(longtext, "lorem ipsum ");
	flow_view v = question_view("en", longtext);
	build(&v, 720);
	assert_true(frame.ntaplines >= 2);
	const ui_tapline *second = &frame.taplines[1];
	int x, y;
	tap_point(second, 6, &x, &y);
	assert_int_equal(ui_offset_at(&frame, &measure, x, y), second->start + 6);
	textbuf_free(&answer);
}

static void test_offset_in_fields(void **state)
{
	(void)state;
	/* Arabic UI: the email reads left to right, the city right to left. */
	use("ar", 1080, 1000);
	flow_view v = identity_view("ar", 5);
	build(&v, 1080);
	for (int i = 0; i < frame.ntaplines; i++) {
		const ui_tapline *t = &frame.taplines[i];
		const char *id = frame.controls[t->control].id;
		int x, y;
		if (strcmp(id, "field:email") == 0) {
			assert_false(t->rtl);
			tap_point(t, 3, &x, &y);
			assert_int_equal(ui_offset_at(&frame, &measure, x, y), 3);
		} else if (strcmp(id, "field:city") == 0) {
			assert_true(t->rtl);
			tap_point(t, 4, &x, &y);
			assert_int_equal(ui_offset_at(&frame, &measure, x, y), 4);
		} else if (strcmp(id, "field:name") == 0) {
			/* Empty: any tap puts the caret at 0. */
			ui_rect r = must_find("field:name")->rect;
			assert_int_equal(ui_offset_at(&frame, &measure, r.x + 5, r.y + 5), 0);
		}
	}
}

/* A text longer than its box shows the stretch around the caret, inside the box. */
static void test_long_field_stays_in_its_box(void **state)
{
	(void)state;
	static const char url[] = "https://www.linkedin.com/in/ana-maria-souza-de-oliveira-santos-"
	                          "pereira-da-silva-costa-rodrigues-almeida-0123456789";
	static const char *const codes[] = { "en", "ar", "ja" };
	for (int c = 0; c < 3; c++)
		for (int k = 0; k < 2; k++) {
			use(codes[c], heights[k], 1000);
			flow_view v = identity_view(codes[c], 5);
			textbuf_set(&tbs[4], url);
			v.focus = 4;
			build(&v, heights[k]);
			ui_rect r = must_find("field:linkedin")->rect;
			const ui_cmd *t = text_cmd_within(r);
			assert_non_null(t);
			assert_true(t->rect.x >= r.x && t->rect.x + t->rect.w <= r.x + r.w);
			assert_true(frame.caret.x >= r.x && frame.caret.x + frame.caret.w <= r.x + r.w);
			/* The caret is at the end: the end is what shows. */
			assert_true((size_t)t->len < strlen(url));
			assert_memory_equal(t->text + t->len - 10, "0123456789", 10);
			/* A tap on the first shown character lands on it, not at offset 0. */
			const ui_tapline *line = NULL;
			for (int i = 0; i < frame.ntaplines; i++)
				if (strcmp(frame.controls[frame.taplines[i].control].id, "field:linkedin") == 0)
					line = &frame.taplines[i];
			assert_non_null(line);
			assert_true(line->start > 0);
			assert_int_equal(ui_offset_at(&frame, &measure, t->rect.x + 1, t->rect.y + 2),
			                 line->start);
			/* A short text in the same field is whole. */
			textbuf_set(&tbs[4], "https://x.example");
			build(&v, heights[k]);
			assert_int_equal(text_cmd_within(r)->len, 17);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caret_beside_last_glyph),
		cmocka_unit_test(test_ime_segment_marked),
		cmocka_unit_test(test_offset_at),
		cmocka_unit_test(test_offset_in_fields),
		cmocka_unit_test(test_long_field_stays_in_its_box),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
