/*
 * The cell renderer with the real fonts: a command added in one corner
 * redraws that corner only, not every cell drawn after it; what the cells
 * redraw is pixel for pixel a whole redraw; and a line image's pixels are
 * the text's (the cached images' format must not change what is seen).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fonts.h"
#include "render.h"
#include "textrun.h"

#define W 1280
#define H 720

static fonts *fs;

static int setup(void **state)
{
	(void)state;
	char err[256];
	if (TTF_Init() != 0)
		return -1;
	fs = fonts_new(H, err, sizeof err);
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

static void add_rect(ui_frame *f, int x, int y, int w, int h, ui_color c)
{
	f->cmds[f->ncmds++] = (ui_cmd){ .kind = UI_RECT, .rect = { x, y, w, h }, .color = c };
}

static void add_text(ui_frame *f, int x, int y, const char *lang, const char *s, ui_color c)
{
	f->cmds[f->ncmds++] = (ui_cmd){ .kind = UI_TEXT, .rect = { x, y, 900, 40 }, .color = c,
	                                .font = FONT_BODY, .text = s, .len = (int)strlen(s),
	                                .lang = lang, .rtl = strcmp(lang, "ar") == 0 };
}

/* A screen of text in four scripts, with an optional badge in the top-left corner. */
static void screen(ui_frame *f, bool badge, const char *answer)
{
	memset(f, 0, sizeof *f);
	f->width = W;
	f->height = H;
	add_rect(f, 0, 0, W, H, (ui_color){ 0xF4, 0xF6, 0xF9, 0xFF });
	if (badge)
		add_rect(f, 8, 8, 40, 20, (ui_color){ 0xC6, 0x28, 0x28, 0xFF });
	add_rect(f, 60, 200, 1000, 400, (ui_color){ 0xFF, 0xFF, 0xFF, 0xFF });
	add_text(f, 80, 220, "en", "What would you look for in a colleague?", (ui_color){ 0x1B, 0x24, 0x30, 0xFF });
	add_text(f, 80, 300, "ar", "أبحث عن الصدق والعمل الجاد", (ui_color){ 0x1B, 0x24, 0x30, 0xFF });
	add_text(f, 80, 380, "ja", "誠実さと責任感を大切にします", (ui_color){ 0x5A, 0x67, 0x78, 0xFF });
	add_text(f, 80, 460, "hi", answer, (ui_color){ 0x1F, 0x5F, 0xBF, 0xFF });
}

static SDL_Surface *window_surface(void)
{
	return SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_RGB888);
}

static long area(const SDL_Rect *d, int n)
{
	long a = 0;
	for (int i = 0; i < n; i++)
		a += (long)d[i].w * d[i].h;
	return a;
}

static void a_command_added_redraws_only_its_cells(void **state)
{
	(void)state;
	static ui_frame f;
	render *r = render_new(fs);
	SDL_Surface *s = window_surface();
	SDL_Rect dirty[256];
	screen(&f, false, "ईमानदारी और मेहनत");
	assert_int_equal(render_frame(r, s, &f, dirty, 256), 1);
	screen(&f, true, "ईमानदारी और मेहनत");
	int n = render_frame(r, s, &f, dirty, 256);
	assert_true(n >= 1);
	/* The badge's one cell, not the text below it that came later in the frame. */
	assert_int_equal(area(dirty, n), 64 * 64);
	render_free(r);
	SDL_FreeSurface(s);
}

/* The largest difference in red, green or blue (RGB888's fourth byte is unused). */
static int worst_channel(const SDL_Surface *a, const SDL_Surface *b)
{
	int worst = 0;
	for (int y = 0; y < a->h; y++) {
		const Uint8 *pa = (const Uint8 *)a->pixels + y * a->pitch;
		const Uint8 *pb = (const Uint8 *)b->pixels + y * b->pitch;
		for (int x = 0; x < a->w * 4; x++)
			if (x % 4 != 3 && abs(pa[x] - pb[x]) > worst)
				worst = abs(pa[x] - pb[x]);
	}
	return worst;
}

static void cells_redrawn_equal_a_whole_redraw(void **state)
{
	(void)state;
	static ui_frame f;
	render *r = render_new(fs), *whole = render_new(fs);
	SDL_Surface *s = window_surface(), *w = window_surface();
	SDL_Rect dirty[256];
	screen(&f, false, "ईमानदारी और मेहनत");
	render_frame(r, s, &f, dirty, 256);
	screen(&f, true, "जिम्मेदारी");
	render_frame(r, s, &f, dirty, 256);
	render_frame(whole, w, &f, dirty, 256);
	assert_int_equal(worst_channel(s, w), 0);
	render_free(r);
	render_free(whole);
	SDL_FreeSurface(s);
	SDL_FreeSurface(w);
}

/* The drawn text is the font's own: blended as SDL blends the image TTF gives. */
static void text_pixels_are_the_fonts(void **state)
{
	(void)state;
	static ui_frame f;
	const char *langs[] = { "en", "ar", "ja", "hi", "en", "ar", "ja", "hi" };
	const char *texts[] = { "Honesty, 42 %", "الصدق والعمل", "誠実さと責任感", "ईमानदारी और मेहनत",
	                        "Honesty 😀", "الصدق 😀", "誠実さ 😀", "ईमानदारी 😀" };
	for (int i = 0; i < 8; i++) {
		render *r = render_new(fs);
		SDL_Surface *s = window_surface(), *ref = window_surface();
		memset(&f, 0, sizeof f);
		add_rect(&f, 0, 0, W, H, (ui_color){ 0xF4, 0xF6, 0xF9, 0xFF });
		add_text(&f, 100, 100, langs[i], texts[i], (ui_color){ 0x1F, 0x5F, 0xBF, 0xFF });
		SDL_Rect dirty[256];
		render_frame(r, s, &f, dirty, 256);
		/* The same line through SDL's own blit of the ARGB image. */
		SDL_FillRect(ref, NULL, SDL_MapRGB(ref->format, 0xF4, 0xF6, 0xF9));
		int ascent = 0;
		SDL_Surface *img = textrun_render(fs, langs[i], FONT_BODY, texts[i],
		                                  (int)strlen(texts[i]), strcmp(langs[i], "ar") == 0,
		                                  (SDL_Color){ 0x1F, 0x5F, 0xBF, 0xFF }, &ascent);
		assert_non_null(img);
		TTF_Font *latin = fonts_get(fs, "en", FONT_BODY);
		SDL_Rect at = { 100, 100 + (40 - TTF_FontHeight(latin)) / 2 + TTF_FontAscent(latin) - ascent,
		                0, 0 };
		SDL_BlitSurface(img, NULL, ref, &at);
		assert_true(worst_channel(s, ref) <= 1);
		SDL_FreeSurface(img);
		render_free(r);
		SDL_FreeSurface(s);
		SDL_FreeSurface(ref);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_command_added_redraws_only_its_cells),
		cmocka_unit_test(cells_redrawn_equal_a_whole_redraw),
		cmocka_unit_test(text_pixels_are_the_fonts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
