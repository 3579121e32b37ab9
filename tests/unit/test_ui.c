/*
 * Layout of every screen in every language at 1280x720 and 1920x1080, built
 * from hand-made views against a measure whose glyphs are as wide as real
 * ones on average (and a quarter wider, for translations longer than
 * today's): what fits, what overlaps, what can be tapped, where the caret
 * goes, and which byte a tap lands on.
 */
#define _GNU_SOURCE   /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "i18n.h"
#include "lang.h"
#include "numfmt.h"
#include "textbuf.h"
#include "ui.h"
#include "wrap.h"

typedef struct {
	int height;      /* of the window: fonts scale with it */
	int scale;       /* per mille: how much wider than average the glyphs are */
} fake;

static bool lang_rtl(const char *lang)
{
	const lang_info *li = lang ? lang_find(lang) : NULL;
	return li && li->rtl;
}

static int fake_width(void *ctx, ui_font font, const char *lang, const char *s, int len)
{
	fake *fk = ctx;
	(void)lang;
	int px = ui_font_px(font, fk->height), w = 0;
	for (int32_t i = 0; i < len;) {
		UChar32 c;
		U8_NEXT(s, i, len, c);
		if (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK)
			continue;
		int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
		w += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? px : px * 55 / 100;
	}
	return w * fk->scale / 1000;
}

static int fake_height(void *ctx, ui_font font)
{
	fake *fk = ctx;
	return ui_font_px(font, fk->height) * 3 / 2;
}

/* One direction per line, from the language: enough for unmixed text. */
static int fake_caret(void *ctx, ui_font font, const char *lang, const char *s, int len,
                      int index)
{
	int before = fake_width(ctx, font, lang, s, index);
	return lang_rtl(lang) ? fake_width(ctx, font, lang, s, len) - before : before;
}

static fake fk;
static ui_measure measure = { fake_width, fake_height, fake_caret, &fk };
static ui_frame frame;

static const int heights[] = { 720, 1080 };

static int width_for(int h)
{
	return h * 16 / 9;
}

static void use(const char *lang, int h, int scale)
{
	fk.height = h;
	fk.scale = scale;
	i18n_use(lang);
}

static flow_view base_view(flow_screen screen, const char *lang)
{
	flow_view v;
	memset(&v, 0, sizeof v);
	v.screen = screen;
	v.language = screen == SCREEN_ATTRACT || screen == SCREEN_LANGUAGE ? NULL : lang;
	v.ui_language = lang;
	v.title = "Backend Developer pre-screening";
	v.language_count = LANG_COUNT;
	for (int i = 0; i < LANG_COUNT; i++)
		v.languages[i] = lang_all()[i].code;
	v.organisation = "Northwind Software GmbH & Co. KG, Recruiting";
	v.contact = "datenschutz-recruiting@northwind-software.example";
	v.retention_days = 180;
	v.question_count = 7;
	v.remaining_s = 239;
	v.dialog = DIALOG_NONE;
	return v;
}

static bool intersects(ui_rect a, ui_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static const ui_control *must_find(const char *id)
{
	const ui_control *c = ui_find(&frame, id);
	if (!c)
		fail_msg("no control %s", id);
	return c;
}

static void build(const flow_view *v, int h)
{
	ui_build(v, &measure, width_for(h), h, false, &frame);
}

/* Every text command inside the window. */
static void assert_texts_on_screen(const char *what)
{
	for (int i = 0; i < frame.ncmds; i++) {
		const ui_cmd *c = &frame.cmds[i];
		if (c->kind != UI_TEXT)
			continue;
		if (c->rect.x < 0 || c->rect.x + c->rect.w > frame.width || c->rect.y < 0 ||
		    c->rect.y + c->rect.h > frame.height)
			fail_msg("%s: \"%.*s\" at %d,%d %dx%d leaves the %dx%d window", what, c->len,
			         c->text, c->rect.x, c->rect.y, c->rect.w, c->rect.h, frame.width,
			         frame.height);
	}
}

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
			const char *staff = _("Staff: press Ctrl+Alt+Q to leave the kiosk (no admin PIN is set).");
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

static textbuf tbs[5];
static const char *const keys[] = { "name", "email", "phone", "city", "linkedin" };

static flow_view identity_view(const char *code, int nfields)
{
	flow_view v = base_view(SCREEN_IDENTITY, code);
	v.field_count = nfields;
	for (int i = 0; i < 5; i++) {
		textbuf_free(&tbs[i]);
		textbuf_init(&tbs[i], 0);
	}
	for (int i = 0; i < nfields; i++) {
		v.field_keys[i] = keys[i];
		v.fields[i] = &tbs[i];
	}
	textbuf_set(&tbs[0], "");
	textbuf_set(&tbs[1], "ana@example.org");
	textbuf_set(&tbs[2], "+49 30 1234567");
	textbuf_set(&tbs[3], lang_rtl(code) ? "القاهرة" : "Berlin");
	textbuf_set(&tbs[4], "https://www.linkedin.com/in/ana");
	v.focus = 1;
	return v;
}

static const ui_cmd *text_cmd_within(ui_rect r)
{
	for (int i = 0; i < frame.ncmds; i++)
		if (frame.cmds[i].kind == UI_TEXT && frame.cmds[i].len > 0 &&
		    intersects(frame.cmds[i].rect, r))
			return &frame.cmds[i];
	return NULL;
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

static textbuf answer;

static flow_view question_view(const char *code, const char *text)
{
	flow_view v = base_view(SCREEN_QUESTION, code);
	v.question_index = 1;
	v.question_text = "How many years of hands-on back-end experience do you have?";
	textbuf_free(&answer);
	textbuf_init(&answer, 0);
	textbuf_set(&answer, text);
	v.answer = &answer;
	v.answer_limit = 4000;
	v.answer_words = 2;
	return v;
}

static bool has_text(const char *s)
{
	for (int i = 0; i < frame.ncmds; i++)
		if (frame.cmds[i].kind == UI_TEXT && (size_t)frame.cmds[i].len == strlen(s) &&
		    memcmp(frame.cmds[i].text, s, strlen(s)) == 0)
			return true;
	return false;
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

/* The screen point of the caret before byte index of the answer's first line. */
static void tap_point(const ui_tapline *t, int index, int *x, int *y)
{
	const char *s = t->text + t->start;
	int len = t->end - t->start;
	int cx = fake_caret(&fk, t->font, t->lang, s, len, index);
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

static int setup(void **state)
{
	(void)state;
	/* Another set of catalogs (translations not merged yet) may be tried. */
	const char *dir = getenv("PRESCREEN_LOCALEDIR");
	i18n_init(dir && *dir ? dir : TEST_BUILD_DIR "/locale");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	textbuf_free(&answer);
	for (int i = 0; i < 5; i++)
		textbuf_free(&tbs[i]);
	wrap_cleanup();
	numfmt_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attract_language_buttons),
		cmocka_unit_test(test_consent_fits_above_buttons),
		cmocka_unit_test(test_identity_five_fields),
		cmocka_unit_test(test_question_counter_and_buttons),
		cmocka_unit_test(test_caret_beside_last_glyph),
		cmocka_unit_test(test_ime_segment_marked),
		cmocka_unit_test(test_dialogs),
		cmocka_unit_test(test_idle_curtain_hides_answer),
		cmocka_unit_test(test_done_countdown),
		cmocka_unit_test(test_banner_hides_nothing),
		cmocka_unit_test(test_offset_at),
		cmocka_unit_test(test_offset_in_fields),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
