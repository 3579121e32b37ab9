/*
 * Lines laid out and drawn with the real fonts (fontconfig's Noto faces, as
 * the kiosk uses them at 1280x720): emoji the same size in every script, an
 * e-mail or phone number left to right inside an Arabic form, and no byte of
 * a mixed Arabic and Latin line left out of the runs that draw it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fonts.h"
#include "textrun.h"

#define HEIGHT 720

static fonts *fs;

static int setup(void **state)
{
	(void)state;
	char err[256];
	if (TTF_Init() != 0)
		return -1;
	fs = fonts_new(HEIGHT, err, sizeof err);
	if (!fs) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fonts_free(fs);
	TTF_Quit();
	return 0;
}

static Uint32 pixel(const SDL_Surface *s, int x, int y)
{
	return ((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x];
}

/* The box of the strongly red pixels (🟥) of a line image, ARGB8888. */
static bool red_box(const SDL_Surface *s, SDL_Rect *box)
{
	int x0 = s->w, y0 = s->h, x1 = -1, y1 = -1;
	for (int y = 0; y < s->h; y++) {
		for (int x = 0; x < s->w; x++) {
			Uint32 p = pixel(s, x, y);
			int a = p >> 24, r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
			if (a > 128 && r > 160 && g < 110 && b < 110) {
				x0 = x < x0 ? x : x0;
				x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0;
				y1 = y > y1 ? y : y1;
			}
		}
	}
	*box = (SDL_Rect){ x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
	return x1 >= 0;
}

static const struct {
	const char *lang;
	const char *text;
} emoji_lines[] = {
	{ "en", "I ship it 🟥 on Fridays" },
	{ "ar", "أعمل مع 🟥 الفريق" },
	{ "hi", "मेरे पास 🟥 अनुभव है" },
	{ "zh_CN", "我有七年 🟥 的经验" },
	{ "ja", "実務経験は 🟥 七年です" },
};

/*
 * The red square is drawn as tall, and as high above the baseline, in a
 * Latin, Arabic, Devanagari, Chinese and Japanese line; and as wide.
 */
static void test_emoji_same_size_in_every_script(void **state)
{
	(void)state;
	for (ui_font font = FONT_SMALL; font < FONT_COUNT_; font++) {
		SDL_Rect first = { 0 };
		int first_above = 0;
		for (size_t i = 0; i < sizeof emoji_lines / sizeof emoji_lines[0]; i++) {
			const char *lang = emoji_lines[i].lang, *text = emoji_lines[i].text;
			int ascent = 0;
			SDL_Surface *s = textrun_render(fs, lang, font, text, (int)strlen(text),
			                                textrun_lang_rtl(lang),
			                                (SDL_Color){ 20, 20, 20, 255 }, &ascent);
			assert_non_null(s);
			SDL_Rect box;
			assert_true(red_box(s, &box));
			int above = ascent - box.y;   /* the square's top above the baseline */
			if (i == 0) {
				first = box;
				first_above = above;
			}
			printf("font %d %-5s emoji %dx%d, top %d px above the baseline\n", font, lang,
			       box.w, box.h, above);
			if (box.h != first.h || box.w != first.w || above != first_above)
				fail_msg("font %d: the emoji is %dx%d, %d above the baseline, in %s; "
				         "%dx%d, %d above, in en", font, box.w, box.h, above, lang, first.w,
				         first.h, first_above);
			SDL_FreeSurface(s);
		}
	}
}

/*
 * Emoji asked for with U+FE0F (⚠️, 1️⃣) come from the emoji face too, alone
 * or after a word (a digit or sign there would otherwise join the word's
 * run), at one width in every script.
 */
static void test_emoji_sequences_use_emoji_face(void **state)
{
	(void)state;
	static const char *const seqs[] = { "\u26A0\uFE0F", "1\uFE0F\u20E3", "😀", "🇩🇪", "👍🏽", "❤️" };
	static const char *const words[] = { "ok ", "مع ", "पास ", "经验 ", "経験 " };
	for (size_t k = 0; k < sizeof seqs / sizeof seqs[0]; k++) {
		int en_width = -1;
		for (size_t i = 0; i < sizeof emoji_lines / sizeof emoji_lines[0]; i++) {
			const char *lang = emoji_lines[i].lang;
			char line[64];
			snprintf(line, sizeof line, "%s%s", words[i], seqs[k]);
			int at = (int)strlen(words[i]);
			textrun_run runs[8];
			int n = textrun_runs(fs, lang, FONT_BODY, line, (int)strlen(line),
			                     textrun_lang_rtl(lang), runs, 8);
			const textrun_run *e = NULL;
			for (int r = 0; r < n; r++)
				if (runs[r].start == at)
					e = &runs[r];
			if (!e || !e->emoji || e->end != (int)strlen(line))
				fail_msg("%s: \"%s\" is not one run of the emoji face in \"%s\"", lang,
				         seqs[k], line);
			if (en_width < 0)
				en_width = e->width;
			assert_int_equal(e->width, en_width);
		}
	}
}

/* The runs cover the line, each byte once: nothing is lost between them. */
static void check_covered(const char *lang, const char *text, bool rtl, const textrun_run *runs,
                          int n)
{
	int len = (int)strlen(text);
	char seen[256] = { 0 };
	assert_true(len < (int)sizeof seen);
	int x = 0;
	for (int i = 0; i < n; i++) {
		assert_int_equal(runs[i].x, x);
		x += runs[i].width;
		for (int b = runs[i].start; b < runs[i].end; b++) {
			if (seen[b])
				fail_msg("%s: byte %d of \"%s\" is in two runs", lang, b, text);
			seen[b] = 1;
		}
	}
	for (int b = 0; b < len; b++)
		if (!seen[b])
			fail_msg("%s %s: byte %d of \"%s\" is in no run", lang, rtl ? "rtl" : "ltr", b,
			         text);
}

/*
 * An e-mail or phone number in an Arabic form: a left-to-right paragraph of
 * digits and neutrals reads in logical order (+49 170 1234567), where the
 * Arabic paragraph direction shows 1234567 170 49+.
 */
static void test_ltr_field_in_arabic_form(void **state)
{
	(void)state;
	static const char *const fields[] = {
		"+49 170 1234567", "name@example.com", "https://www.linkedin.com/in/sara-42",
		"(030) 123-45 67",
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *text = fields[i];
		textrun_run runs[32];
		int n = textrun_runs(fs, "ar", FONT_BODY, text, (int)strlen(text), false, runs, 32);
		assert_true(n >= 1 && n <= 32);
		check_covered("ar", text, false, runs, n);
		for (int k = 0; k < n; k++) {
			assert_false(runs[k].rtl);
			if (k > 0 && runs[k].start != runs[k - 1].end)
				fail_msg("\"%s\": run %d starts at byte %d, after a run ending at %d: "
				         "not in logical order", text, k, runs[k].start, runs[k - 1].end);
		}
	}
	/* The Arabic paragraph level really does reorder it: the direction matters. */
	const char *phone = "+49 170 1234567";
	textrun_run runs[32];
	int n = textrun_runs(fs, "ar", FONT_BODY, phone, (int)strlen(phone), true, runs, 32);
	check_covered("ar", phone, true, runs, n);
	assert_true(n > 1);
	assert_true(runs[0].start > runs[n - 1].start);
}

static void check_space_drawn(const char *text, ui_font font)
{
	TTF_Font *latin = fonts_get(fs, "en", font);
	int space = 0, h = 0;
	TTF_SizeUTF8(latin, " ", &space, &h);
	int len = (int)strlen(text);
	textrun_run runs[32];
	int n = textrun_runs(fs, "ar", font, text, len, true, runs, 32);
	check_covered("ar", text, true, runs, n);
	/* The leftmost run is the Latin word the line ends with. */
	assert_false(runs[0].rtl);
	int ascent = 0;
	SDL_Surface *s = textrun_render(fs, "ar", font, text, len, true,
	                                (SDL_Color){ 20, 20, 20, 255 }, &ascent);
	assert_non_null(s);
	/* Columns with ink, from the Latin run's last inked one to the next. */
	int edge = runs[0].x + runs[0].width, last_ink = -1, next_ink = -1;
	for (int x = 0; x < s->w; x++) {
		bool ink = false;
		for (int y = 0; y < s->h && !ink; y++)
			ink = (pixel(s, x, y) >> 24) > 96;
		if (ink && x < edge)
			last_ink = x;
		if (ink && x >= edge && next_ink < 0)
			next_ink = x;
	}
	SDL_FreeSurface(s);
	if (next_ink - last_ink - 1 < space / 2)
		fail_msg("\"%s\" (font %d): %d px between the Latin word and the Arabic (a space is %d)",
		         text, font, next_ink - last_ink - 1, space);
}

/*
 * The space between Arabic and a Latin word that ends the line stays in a
 * run and is drawn as a gap: the Latin ink and the Arabic ink do not touch.
 */
static void test_space_before_latin_at_rtl_line_end(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"أعمل مع REST API", "لدي خبرة في Django", "ما مدى خبرتك في العمل مع Node.js و Express.js",
		"وإطارَي Django و Django REST framework", "أستخدم Python 3.12", "مع Django",
	};
	for (ui_font font = FONT_SMALL; font < FONT_COUNT_; font++)
		for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
			check_space_drawn(lines[i], font);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_emoji_same_size_in_every_script),
		cmocka_unit_test(test_emoji_sequences_use_emoji_face),
		cmocka_unit_test(test_ltr_field_in_arabic_form),
		cmocka_unit_test(test_space_before_latin_at_rtl_line_end),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
