/*
 * Layout of every screen in every language at 1280x720 and 1920x1080 against
 * a fake measure: what fits, what overlaps, what can be tapped (attract,
 * consent, identity with five fields, the question screen, its dialogs, the
 * idle curtain, done, the staff banner).
 */
#include "ui_fixture.h"

static void test_attract_language_buttons(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		for (int k = 0; k < 2; k++) {
			use(code, heights[k], 1000);
			flow_view v = base_view(SCREEN_ATTRACT, code);
			v.staff_hint = true;
			build(&v, heights[k]);
			assert_texts_on_screen(code);
			for (int i = 0; i < LANG_COUNT; i++) {
				char id[32];
				snprintf(id, sizeof id, "lang:%s", lang_all()[i].code);
				const ui_control *c = must_find(id);
				assert_true(c->rect.h >= 48);
				/* The language takes the tap, not the "start" behind it. */
				const ui_control *hit = ui_hit(&frame, c->rect.x + c->rect.w / 2,
				                               c->rect.y + c->rect.h / 2);
				assert_non_null(hit);
				assert_string_equal(hit->id, id);
			}
			/* The middle of the screen (and a tap anywhere else) starts. */
			assert_string_equal(ui_hit(&frame, frame.width / 2, frame.height / 2)->id, "start");
			assert_string_equal(ui_hit(&frame, 5, 5)->id, "start");
			/* The hint speaks the language the screen is inviting in. */
			const char *hint = _("Touch the screen or press any key to start");
			const char *staff = _("Staff: press Ctrl+Alt+A for admin mode (no admin PIN is set yet).");
			bool saw_hint = false, saw_staff = false;
			for (int i = 0; i < frame.ncmds; i++) {
				const ui_cmd *c = &frame.cmds[i];
				if (c->kind != UI_TEXT)
					continue;
				if (c->len > 0 && strncmp(hint, c->text, (size_t)c->len) == 0) {
					assert_string_equal(c->lang, code);
					saw_hint = true;
				}
				if ((size_t)c->len == strlen(staff) && strncmp(staff, c->text, strlen(staff)) == 0) {
					saw_staff = true;
					assert_int_equal(c->font, FONT_SMALL);
					assert_true(c->rect.y > frame.height * 9 / 10);
					/* In a corner: against the end edge. */
					if (lang_rtl(code))
						assert_true(c->rect.x < frame.width / 20);
					else
						assert_true(c->rect.x + c->rect.w > frame.width * 19 / 20);
				}
			}
			assert_true(saw_hint);
			assert_true(saw_staff);
			v.staff_hint = false;
			build(&v, heights[k]);
			for (int i = 0; i < frame.ncmds; i++)
				assert_false(frame.cmds[i].kind == UI_TEXT && frame.cmds[i].font == FONT_SMALL);
		}
	}
}

static void test_consent_fits_above_buttons(void **state)
{
	(void)state;
	static const int scales[] = { 1000, 1250 };
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		for (int k = 0; k < 2; k++)
			for (int s = 0; s < 2; s++) {
				use(code, heights[k], scales[s]);
				flow_view v = base_view(SCREEN_CONSENT, code);
				build(&v, heights[k]);
				assert_texts_on_screen(code);
				int top = must_find("agree")->rect.y;
				assert_int_equal(must_find("decline")->rect.y, top);
				const char *question = _("Do you agree to continue?");
				int ql = (int)strlen(question);
				bool saw_question_end = false, saw_contact = false;
				for (int i = 0; i < frame.ncmds; i++) {
					const ui_cmd *c = &frame.cmds[i];
					if (c->kind != UI_TEXT || c->rect.y >= top)
						continue;   /* the buttons' own labels */
					if (c->rect.y + c->rect.h > top)
						fail_msg("%s %dp x%d: \"%.*s\" reaches below the buttons' top %d",
						         code, heights[k], scales[s], c->len, c->text, top);
					for (int j = i + 1; j < frame.ncmds; j++)
						if (frame.cmds[j].kind == UI_TEXT && frame.cmds[j].rect.y < top &&
						    intersects(c->rect, frame.cmds[j].rect))
							fail_msg("%s: lines overlap: \"%.*s\"", code, c->len, c->text);
					/* The next line of the same paragraph (the bytes follow on) is below this
					 * one: a paragraph is never parted between two columns. */
					if (i + 1 < frame.ncmds && frame.cmds[i + 1].kind == UI_TEXT) {
						const ui_cmd *d = &frame.cmds[i + 1];
						const char *end = c->text + c->len;
						if (d->text >= end && d->text - end <= 3 &&
						    strspn(end, " ") >= (size_t)(d->text - end) && d->rect.y <= c->rect.y)
							fail_msg("%s %dp x%d: a paragraph continues in another column at "
							         "\"%.*s\"", code, heights[k], scales[s], d->len, d->text);
					}
					if (c->len <= ql && strncmp(question + ql - c->len, c->text, (size_t)c->len) == 0)
						saw_question_end = true;
					if (memmem(c->text, (size_t)c->len, "northwind", 9))
						saw_contact = true;
				}
				/* Nothing was cut: the last paragraph is there to its end. */
				if (!saw_question_end || !saw_contact) {
					for (int i = 0; i < frame.ncmds; i++)
						if (frame.cmds[i].kind == UI_TEXT)
							print_message("  %d,%d f%d | %.*s\n", frame.cmds[i].rect.x,
							              frame.cmds[i].rect.y, frame.cmds[i].font,
							              frame.cmds[i].len, frame.cmds[i].text);
					fail_msg("%s %dp x%d: the consent text was cut", code, heights[k], scales[s]);
				}
			}
	}
}

static void test_identity_five_fields(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		for (int k = 0; k < 2; k++) {
			use(code, heights[k], 1000);
			flow_view v = identity_view(code, 5);
			v.notice = NOTICE_NAME_REQUIRED;
			build(&v, heights[k]);
			assert_texts_on_screen(code);
			ui_rect rects[6];
			for (int i = 0; i < 5; i++) {
				char id[32];
				snprintf(id, sizeof id, "field:%s", keys[i]);
				rects[i] = must_find(id)->rect;
				assert_true(rects[i].h >= 48);
			}
			rects[5] = must_find("next")->rect;
			assert_true(rects[5].h >= 48);
			for (int i = 0; i < 6; i++)
				for (int j = i + 1; j < 6; j++)
					assert_false(intersects(rects[i], rects[j]));
			/* The error right under the name field, the field outlined in the alert colour. */
			ui_rect name = rects[0];
			const char *msg = _("Please enter your name to continue.");
			bool saw_error = false, saw_alert_frame = false;
			for (int i = 0; i < frame.ncmds; i++) {
				const ui_cmd *c = &frame.cmds[i];
				if (c->kind == UI_FRAME && memcmp(&c->rect, &name, sizeof name) == 0) {
					assert_int_equal(c->color.r, 0xC6);
					saw_alert_frame = true;
				}
				if (c->kind == UI_TEXT && (size_t)c->len <= strlen(msg) && c->len > 0 &&
				    strncmp(msg, c->text, (size_t)c->len) == 0) {
					saw_error = true;
					assert_true(c->rect.y >= name.y + name.h);
					assert_true(c->rect.y <= name.y + name.h + heights[k] / 50);
					assert_true(c->rect.x >= name.x && c->rect.x + c->rect.w <= name.x + name.w);
				}
			}
			assert_true(saw_error);
			assert_true(saw_alert_frame);
			/* Each label and error stays clear of the other boxes. */
			for (int i = 0; i < frame.ncmds; i++) {
				const ui_cmd *c = &frame.cmds[i];
				if (c->kind != UI_TEXT)
					continue;
				int inside = 0;
				for (int j = 0; j < 6; j++)
					if (intersects(c->rect, rects[j]))
						inside++;
				assert_true(inside <= 1);
			}
			/* Email, phone and URL read left to right in every language; name and city follow the UI. */
			for (int i = 1; i < 5; i++) {
				const ui_cmd *c = text_cmd_within(rects[i]);
				assert_non_null(c);
				if (i == 3) {
					assert_int_equal(c->rtl, lang_rtl(code));
					continue;
				}
				assert_false(c->rtl);
				assert_false(lang_rtl(c->lang));
				assert_true(c->rect.x - rects[i].x < rects[i].w / 10);
			}
			/* The caret of the focused email field stands after its last character. */
			const ui_cmd *email = text_cmd_within(rects[1]);
			assert_true(frame.caret.x >= email->rect.x + email->rect.w);
		}
	}
}

static void test_question_counter_and_buttons(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		for (int k = 0; k < 2; k++) {
			use(code, heights[k], 1000);
			flow_view v = question_view(code, "Seven years");
			build(&v, heights[k]);
			assert_texts_on_screen(code);
			char count[32], limit[32], words[32], want[256];
			numfmt_int(code, 11, count, sizeof count);
			numfmt_int(code, 4000, limit, sizeof limit);
			numfmt_int(code, 2, words, sizeof words);
			bool cjk = strcmp(code, "zh_CN") == 0 || strcmp(code, "ja") == 0;
			if (cjk)
				snprintf(want, sizeof want, _("%1$s / %2$s characters"), count, limit);
			else
				snprintf(want, sizeof want, ngettext("%1$s / %2$s characters, %3$s word",
				                                     "%1$s / %2$s characters, %3$s words", 2),
				         count, limit, words);
			if (!has_text(want))
				fail_msg("%s: no counter \"%s\"", code, want);
			ui_rect next = must_find("next")->rect, erase = must_find("erase")->rect;
			assert_true(next.h >= 48 && erase.h >= 48);
			assert_false(intersects(next, erase));
			/* Far apart: a third of the screen between them. */
			int gap = next.x > erase.x ? next.x - (erase.x + erase.w) : erase.x - (next.x + next.w);
			assert_true(gap > frame.width / 5);
			assert_true(has_text(_("Stop and delete my answers")));
			/* Next looks disabled while the save is in flight. */
			ui_color live = { 0 }, held = { 0 };
			for (int i = 0; i < frame.ncmds; i++)
				if (frame.cmds[i].kind == UI_RECT && memcmp(&frame.cmds[i].rect, &next, sizeof next) == 0)
					live = frame.cmds[i].color;
			v.saving = true;
			build(&v, heights[k]);
			for (int i = 0; i < frame.ncmds; i++)
				if (frame.cmds[i].kind == UI_RECT && memcmp(&frame.cmds[i].rect, &next, sizeof next) == 0)
					held = frame.cmds[i].color;
			assert_int_equal(live.b, 0xBF);
			assert_true(memcmp(&live, &held, sizeof live) != 0);
		}
	}
	textbuf_free(&answer);
}

/* The opening word of s (at most 12 bytes, whole code points): found on a line however it wraps. */
static const char *opening_word(const char *s, char *out, size_t size)
{
	size_t n = strcspn(s, " ");
	if (n > 12)
		n = 12;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	snprintf(out, size, "%.*s", (int)n, s);
	return out;
}

/* The practice screen: says it is not recorded, no progress or countdown, its own button. */
static void test_practice_screen(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		for (int k = 0; k < 2; k++) {
			use(code, heights[k], 1000);
			flow_view v = question_view(code, "Summer");
			v.screen = SCREEN_PRACTICE;
			v.question_text = NULL;   /* the flow leaves it to the catalog */
			v.remaining_s = -1;
			build(&v, heights[k]);
			assert_texts_on_screen(code);
			for (int i = 0; i < frame.ncmds; i++)
				for (int j = i + 1; j < frame.ncmds; j++)
					if (frame.cmds[i].kind == UI_TEXT && frame.cmds[j].kind == UI_TEXT &&
					    frame.cmds[i].len > 0 && frame.cmds[j].len > 0 &&
					    intersects(frame.cmds[i].rect, frame.cmds[j].rect))
						fail_msg("%s: \"%.*s\" overlaps \"%.*s\"", code, frame.cmds[i].len,
						         frame.cmds[i].text, frame.cmds[j].len, frame.cmds[j].text);
			char first[64];
			const char *banner = _("Practice question — your answer is not recorded");
			if (!ui_has_text(&frame, opening_word(banner, first, sizeof first)))
				fail_msg("%s: no \"%s\"", code, banner);
			assert_true(frame.text_input);
			must_find("answer");
			ui_rect next = must_find("next")->rect, erase = must_find("erase")->rect;
			assert_false(intersects(next, erase));
			assert_true(next.h >= 48);
			char head[64];
			assert_true(ui_has_text(&frame, opening_word(_("Start the real questions"), head,
			                                             sizeof head)));
			assert_false(has_text(_("Next")));
			/* What the question screen would show for this view: neither is here. */
			char num[32], total[32], clock[32], progress[128], left[128];
			numfmt_int(code, v.question_index + 1, num, sizeof num);
			numfmt_int(code, v.question_count, total, sizeof total);
			snprintf(progress, sizeof progress, _("Question %1$s of %2$s"), num, total);
			assert_false(ui_has_text(&frame, progress));
			v.remaining_s = 239;   /* even were there a limit */
			build(&v, heights[k]);
			numfmt_clock(code, 239, clock, sizeof clock);
			snprintf(left, sizeof left, _("Time left: %s"), clock);
			assert_false(ui_has_text(&frame, left));
			/* Stop and delete works over it as over a question. */
			v.dialog = DIALOG_ERASE;
			build(&v, heights[k]);
			must_find("erase-confirm");
			assert_false(frame.text_input);
		}
	}
	use("en", 1080, 1000);
	flow_view v = question_view("en", "");
	v.screen = SCREEN_PRACTICE;
	build(&v, 1080);
	assert_true(has_text("Practice question — your answer is not recorded"));
	assert_true(has_text("Start the real questions"));
	textbuf_free(&answer);
}

static void test_dialogs(void **state)
{
	(void)state;
	static const struct { flow_dialog d; const char *confirm, *cancel; } dialogs[] = {
		{ DIALOG_SKIP, "skip-confirm", "skip-cancel" },
		{ DIALOG_ERASE, "erase-confirm", "erase-cancel" },
	};
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		for (int k = 0; k < 2; k++)
			for (int d = 0; d < 2; d++) {
				use(code, heights[k], 1000);
				flow_view v = question_view(code, "");
				build(&v, heights[k]);
				ui_rect next = must_find("next")->rect, erase = must_find("erase")->rect;
				v.dialog = dialogs[d].d;
				build(&v, heights[k]);
				assert_texts_on_screen(code);
				assert_int_equal(frame.ncontrols, 2);
				assert_false(frame.text_input);
				assert_int_equal(frame.ntaplines, 0);
				ui_rect ok = must_find(dialogs[d].confirm)->rect;
				ui_rect no = must_find(dialogs[d].cancel)->rect;
				assert_true(ok.h >= 48 && no.h >= 48);
				/* A second tap where Next or Stop was hits no button of the dialog. */
				assert_false(intersects(ok, next));
				assert_false(intersects(no, next));
				assert_false(intersects(ok, erase));
				assert_false(intersects(ok, no));
				assert_null(ui_hit(&frame, next.x + next.w / 2, next.y + next.h / 2));
			}
		textbuf_free(&answer);
	}
	use("en", 720, 1000);
	flow_view v = question_view("en", "");
	v.dialog = DIALOG_ERASE;
	build(&v, 720);
	assert_true(has_text("Stop and delete your answers?"));
	v.dialog = DIALOG_SKIP;
	build(&v, 720);
	assert_true(has_text("Skip this question?"));
	textbuf_free(&answer);
}

static void test_idle_curtain_hides_answer(void **state)
{
	(void)state;
	for (int k = 0; k < 2; k++) {
		use("en", heights[k], 1000);
		flow_view v = question_view("en", "A secret only the candidate should see.");
		build(&v, heights[k]);
		ui_rect box = must_find("answer")->rect;
		v.idle_prompt = true;
		v.idle_remaining_s = 30;
		build(&v, heights[k]);
		int last_answer_text = -1;
		for (int i = 0; i < frame.ncmds; i++)
			if (frame.cmds[i].kind == UI_TEXT && memmem(frame.cmds[i].text, (size_t)frame.cmds[i].len, "secret", 6))
				last_answer_text = i;
		assert_true(last_answer_text >= 0);
		/* An opaque rectangle drawn later covers the whole answer box. */
		bool covered = false;
		for (int i = last_answer_text + 1; i < frame.ncmds; i++) {
			const ui_cmd *c = &frame.cmds[i];
			if (c->kind == UI_RECT && c->color.a == 255 && c->rect.x <= box.x && c->rect.y <= box.y &&
			    c->rect.x + c->rect.w >= box.x + box.w && c->rect.y + c->rect.h >= box.y + box.h)
				covered = true;
		}
		assert_true(covered);
		assert_int_equal(frame.ncontrols, 1);
		must_find("still-here");
		textbuf_free(&answer);
	}
}

static void test_done_countdown(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		use(code, 720, 1000);
		flow_view v = base_view(SCREEN_DONE, code);
		v.done_remaining_s = 9;
		build(&v, 720);
		assert_texts_on_screen(code);
		char secs[32], want[256];
		numfmt_int(code, 9, secs, sizeof secs);
		snprintf(want, sizeof want, ngettext("This screen returns to the start in %s second.",
		                                     "This screen returns to the start in %s seconds.", 9),
		         secs);
		bool saw = false;
		/* The sentence may wrap: its first line starts it. */
		for (int i = 0; i < frame.ncmds; i++)
			if (frame.cmds[i].kind == UI_TEXT && frame.cmds[i].len > 4 &&
			    strncmp(want, frame.cmds[i].text, (size_t)frame.cmds[i].len) == 0)
				saw = true;
		if (!saw)
			fail_msg("%s: no \"%s\"", code, want);
	}
}

static void test_banner_hides_nothing(void **state)
{
	(void)state;
	static const flow_screen screens[] = {
		SCREEN_LANGUAGE, SCREEN_CONSENT, SCREEN_IDENTITY, SCREEN_QUESTION, SCREEN_DONE,
	};
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		for (int k = 0; k < 2; k++)
			for (size_t s = 0; s < sizeof screens / sizeof screens[0]; s++) {
				use(code, heights[k], 1000);
				flow_view v = screens[s] == SCREEN_QUESTION ? question_view(code, "Seven years")
				            : screens[s] == SCREEN_IDENTITY ? identity_view(code, 5)
				            : base_view(screens[s], code);
				v.screen = screens[s];
				v.notice = NOTICE_SAVE_FAILED;
				build(&v, heights[k]);
				int b = -1;
				for (int i = 0; i < frame.ncmds && b < 0; i++)
					if (frame.cmds[i].kind == UI_RECT && frame.cmds[i].rect.y == 0 &&
					    frame.cmds[i].rect.w == frame.width && frame.cmds[i].color.r == 0xC6)
						b = i;
				assert_true(b >= 0);
				ui_rect banner = frame.cmds[b].rect;
				for (int i = 0; i < b; i++)
					if (frame.cmds[i].kind == UI_TEXT && intersects(frame.cmds[i].rect, banner))
						fail_msg("%s %s: the banner covers \"%.*s\"", code,
						         flow_screen_name(screens[s]), frame.cmds[i].len, frame.cmds[i].text);
				for (int i = 0; i < frame.ncontrols; i++)
					assert_false(intersects(frame.controls[i].rect, banner));
				if (screens[s] == SCREEN_QUESTION)
					textbuf_free(&answer);
			}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attract_language_buttons),
		cmocka_unit_test(test_consent_fits_above_buttons),
		cmocka_unit_test(test_identity_five_fields),
		cmocka_unit_test(test_question_counter_and_buttons),
		cmocka_unit_test(test_practice_screen),
		cmocka_unit_test(test_dialogs),
		cmocka_unit_test(test_idle_curtain_hides_answer),
		cmocka_unit_test(test_done_countdown),
		cmocka_unit_test(test_banner_hides_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
