/*
 * ui_fixture.h — what the layout tests share: a measure whose glyphs are as
 * wide as real ones on average (a scale makes them wider, for translations
 * longer than today's), views built by hand for each screen, and frame
 * queries. Included by one test file each; everything is static.
 */
#ifndef PRESCREEN_UI_FIXTURE_H
#define PRESCREEN_UI_FIXTURE_H

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

static inline bool lang_rtl(const char *lang)
{
	const lang_info *li = lang ? lang_find(lang) : NULL;
	return li && li->rtl;
}

static inline int fake_width(void *ctx, ui_font font, const char *lang, const char *s, int len)
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

static inline int fake_height(void *ctx, ui_font font)
{
	fake *fk = ctx;
	return ui_font_px(font, fk->height) * 3 / 2;
}

/* One direction per line, from the language: enough for unmixed text. */
static inline int fake_caret(void *ctx, ui_font font, const char *lang, bool rtl, const char *s,
                             int len, int index)
{
	int before = fake_width(ctx, font, lang, s, index);
	return rtl ? fake_width(ctx, font, lang, s, len) - before : before;
}

static fake fk;
static ui_measure measure = { fake_width, fake_height, fake_caret, &fk };
static ui_frame frame;

static const int heights[] = { 720, 1080 };

static inline int width_for(int h)
{
	return h * 16 / 9;
}

static inline void use(const char *lang, int h, int scale)
{
	fk.height = h;
	fk.scale = scale;
	i18n_use(lang);
}

static inline flow_view base_view(flow_screen screen, const char *lang)
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

static inline bool intersects(ui_rect a, ui_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static inline const ui_control *must_find(const char *id)
{
	const ui_control *c = ui_find(&frame, id);
	if (!c)
		fail_msg("no control %s", id);
	return c;
}

static inline void build(const flow_view *v, int h)
{
	ui_build(v, &measure, width_for(h), h, false, &frame);
}

/* Every text command inside the window. */
static inline void assert_texts_on_screen(const char *what)
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

static textbuf tbs[5];
static const char *const keys[] = { "name", "email", "phone", "city", "linkedin" };

static inline flow_view identity_view(const char *code, int nfields)
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

static inline const ui_cmd *text_cmd_within(ui_rect r)
{
	for (int i = 0; i < frame.ncmds; i++)
		if (frame.cmds[i].kind == UI_TEXT && frame.cmds[i].len > 0 &&
		    intersects(frame.cmds[i].rect, r))
			return &frame.cmds[i];
	return NULL;
}

static textbuf answer;

static inline flow_view question_view(const char *code, const char *text)
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

static inline bool has_text(const char *s)
{
	for (int i = 0; i < frame.ncmds; i++)
		if (frame.cmds[i].kind == UI_TEXT && (size_t)frame.cmds[i].len == strlen(s) &&
		    memcmp(frame.cmds[i].text, s, strlen(s)) == 0)
			return true;
	return false;
}

static inline int setup(void **state)
{
	(void)state;
	/* Another set of catalogs (translations not merged yet) may be tried. */
	const char *dir = getenv("PRESCREEN_LOCALEDIR");
	i18n_init(dir && *dir ? dir : TEST_BUILD_DIR "/locale");
	return 0;
}

static inline int teardown(void **state)
{
	(void)state;
	textbuf_free(&answer);
	for (int i = 0; i < 5; i++)
		textbuf_free(&tbs[i]);
	wrap_cleanup();
	numfmt_cleanup();
	return 0;
}

#endif
