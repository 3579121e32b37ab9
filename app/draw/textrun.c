#include "textrun.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "lang.h"

/*
 * A line goes through ICU's bidi algorithm (paragraph direction from the
 * command: an e-mail field in an Arabic form is left to right), each
 * directional run is cut again where the face must change, and the pieces
 * are kept in visual order: left to right as they are drawn.
 */
#define MAX_RUNS 96

typedef struct {
	int start, end;        /* bytes of the line */
	TTF_Font *font;
	bool rtl;
	double scale;          /* < 1 for fixed-size colour emoji */
	bool emoji;
	int width;             /* pixels, after scaling */
} run;

typedef struct {
	int n;
	run runs[MAX_RUNS];
	int width;
} line_layout;

/* Code points that belong to the cluster before them, never a run of their own. */
static bool clings(UChar32 c)
{
	int8_t type = u_charType(c);
	return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
	       type == U_COMBINING_SPACING_MARK || c == 0x200D || c == 0x200C ||
	       (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF) ||
	       (c >= 0xE0020 && c <= 0xE007F) || c == 0x20E3;
}

/* Spaces and punctuation shared by all scripts stay in the run they are in. */
static bool common(UChar32 c)
{
	UErrorCode err = U_ZERO_ERROR;
	UScriptCode sc = uscript_getScript(c, &err);
	return sc == USCRIPT_COMMON && !u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION);
}

static char *copy(const char *s, int start, int end)
{
	char *out = malloc((size_t)(end - start) + 1);
	if (out) {
		memcpy(out, s + start, (size_t)(end - start));
		out[end - start] = '\0';
	}
	return out;
}

/* Shaped width of s[start..end) in f, in direction rtl. */
static int shaped_width(TTF_Font *f, bool rtl, const char *s, int start, int end)
{
	if (!f || end <= start)
		return 0;
	char *part = copy(s, start, end);
	int w = 0, h = 0;
	if (part) {
		TTF_SetFontDirection(f, rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
		TTF_SizeUTF8(f, part, &w, &h);
	}
	free(part);
	return w;
}

/*
 * Colour emoji come at one fixed size: they are scaled to the Latin face's
 * height, the same in every script (the Arabic and CJK faces are far taller
 * for the same size, which made emoji grow with the language).
 */
static double run_scale(fonts *fs, ui_font font, TTF_Font *f)
{
	TTF_Font *latin = fonts_get(fs, "en", font);
	if (!latin || !f || !fonts_is_bitmap(fs, f))
		return 1.0;
	return (double)TTF_FontHeight(latin) / TTF_FontHeight(f);
}

/* Cuts one directional run [start, end) where the face must change. */
static void split_faces(fonts *fs, const char *lang, ui_font font, const char *s, int start,
                        int end, bool rtl, line_layout *out)
{
	int first = out->n;
	int32_t i = start;
	while (i < end) {
		int32_t at = i;
		UChar32 c;
		U8_NEXT(s, i, end, c);
		if (c < 0)
			c = 0xFFFD;
		run *prev = out->n > first ? &out->runs[out->n - 1] : NULL;
		if (prev && clings(c)) {
			prev->end = i;
			continue;
		}
		/* ⚠️ and 1️⃣ ask for the emoji face with U+FE0F; their first code point alone would not. */
		UChar32 next = 0;
		if (i < end) {
			int32_t k = i;
			U8_NEXT(s, k, end, next);
		}
		TTF_Font *f = next == 0xFE0F ? fonts_emoji(fs, lang, font, (Uint32)c) : NULL;
		if (!f && prev && common(c) && !fonts_is_bitmap(fs, prev->font) &&
		    TTF_GlyphIsProvided32(prev->font, (Uint32)c)) {
			prev->end = i;
			continue;
		}
		if (!f)
			f = fonts_for(fs, lang, font, (Uint32)c);
		if (prev && prev->font == f) {
			prev->end = i;
			continue;
		}
		if (out->n == MAX_RUNS) {
			out->runs[out->n - 1].end = end;   /* absurdly mixed: the rest in one run */
			break;
		}
		out->runs[out->n++] = (run){ at, i, f, rtl, 1.0, false, 0 };
	}
	/* A right-to-left run's pieces are drawn from its end to its start. */
	if (rtl) {
		for (int a = first, b = out->n - 1; a < b; a++, b--) {
			run t = out->runs[a];
			out->runs[a] = out->runs[b];
			out->runs[b] = t;
		}
	}
}

static void lay_out(fonts *fs, const char *lang, ui_font font, const char *s, int len,
                    bool para_rtl, line_layout *out)
{
	out->n = 0;
	out->width = 0;

	bool done = false;
	UChar stack16[512];
	int32_t stack_map[513];
	UChar *u16 = stack16;
	int32_t *map = stack_map;   /* UTF-16 index -> byte offset */
	int32_t cap = 512;
	if (len > 256) {
		cap = 2 * len;
		u16 = malloc(sizeof *u16 * (size_t)cap);
		map = malloc(sizeof *map * (size_t)(cap + 1));
	}
	int32_t n16 = 0;
	if (u16 && map) {
		for (int32_t i = 0; i < len && n16 + 2 <= cap;) {
			int32_t at = i;
			UChar32 c;
			U8_NEXT(s, i, len, c);
			if (c < 0)
				c = 0xFFFD;
			map[n16] = at;
			if (c > 0xFFFF)
				map[n16 + 1] = at;
			U16_APPEND_UNSAFE(u16, n16, c);
		}
		map[n16] = len;

		UErrorCode err = U_ZERO_ERROR;
		UBiDi *bidi = ubidi_openSized(n16, 0, &err);
		ubidi_setPara(bidi, u16, n16, para_rtl ? 1 : 0, NULL, &err);
		int32_t runs = U_SUCCESS(err) ? ubidi_countRuns(bidi, &err) : 0;
		for (int32_t r = 0; U_SUCCESS(err) && r < runs; r++) {
			int32_t start, length;
			UBiDiDirection dir = ubidi_getVisualRun(bidi, r, &start, &length);
			split_faces(fs, lang, font, s, map[start], map[start + length],
			            dir == UBIDI_RTL, out);
		}
		done = U_SUCCESS(err);
		ubidi_close(bidi);
	}
	if (u16 != stack16)
		free(u16);
	if (map != stack_map)
		free(map);
	if (!done) {
		out->n = 0;
		split_faces(fs, lang, font, s, 0, len, para_rtl, out);
	}
	for (int i = 0; i < out->n; i++) {
		run *r = &out->runs[i];
		r->emoji = fonts_is_bitmap(fs, r->font);
		r->scale = run_scale(fs, font, r->font);
		r->width = (int)(shaped_width(r->font, r->rtl, s, r->start, r->end) * r->scale);
		out->width += r->width;
	}
}

bool textrun_lang_rtl(const char *lang)
{
	const lang_info *li = lang_find(lang);
	return li && li->rtl;
}

int textrun_width(fonts *fs, const char *lang, ui_font font, const char *s, int len)
{
	line_layout L;
	lay_out(fs, lang, font, s, len, textrun_lang_rtl(lang), &L);
	return L.width;
}

int textrun_runs(fonts *fs, const char *lang, ui_font font, const char *s, int len, bool rtl,
                 textrun_run *out, int max)
{
	line_layout L;
	lay_out(fs, lang, font, s, len, rtl, &L);
	int x = 0;
	for (int i = 0; i < L.n && i < max; i++) {
		const run *r = &L.runs[i];
		out[i] = (textrun_run){ r->start, r->end, r->rtl, r->emoji, x, r->width };
		x += r->width;
	}
	return L.n;
}

int textrun_caret_x(fonts *fs, const char *lang, ui_font font, const char *s, int len, bool rtl,
                    int index)
{
	line_layout L;
	lay_out(fs, lang, font, s, len, rtl, &L);
	/* The caret sits after the character before it: find the run holding that one. */
	int x = 0, hit = -1, hit_x = 0;
	for (int i = 0; i < L.n; i++) {
		run *r = &L.runs[i];
		if (index > r->start && index <= r->end) {
			hit = i;
			hit_x = x;
			break;
		}
		x += r->width;
	}
	if (hit < 0) {
		/* At the very start of the text: the paragraph's starting edge. */
		return rtl ? L.width : 0;
	}
	run *r = &L.runs[hit];
	int into = (int)(shaped_width(r->font, r->rtl, s, r->start, index) * r->scale);
	return r->rtl ? hit_x + r->width - into : hit_x + into;
}

SDL_Surface *textrun_render(fonts *fs, const char *lang, ui_font font, const char *s, int len,
                            bool rtl, SDL_Color color, int *ascent_out)
{
	line_layout L;
	lay_out(fs, lang, font, s, len, rtl, &L);
	if (L.n == 0 || L.width <= 0)
		return NULL;
	TTF_Font *own = fonts_get(fs, lang, font), *latin = fonts_get(fs, "en", font);
	int ascent = own ? TTF_FontAscent(own) : 0, descent = own ? -TTF_FontDescent(own) : 0;
	if (latin && TTF_FontAscent(latin) > ascent)
		ascent = TTF_FontAscent(latin);
	if (latin && -TTF_FontDescent(latin) > descent)
		descent = -TTF_FontDescent(latin);
	for (int i = 0; i < L.n; i++) {
		if (L.runs[i].emoji || !L.runs[i].font)
			continue;
		if (TTF_FontAscent(L.runs[i].font) > ascent)
			ascent = TTF_FontAscent(L.runs[i].font);
		if (-TTF_FontDescent(L.runs[i].font) > descent)
			descent = -TTF_FontDescent(L.runs[i].font);
	}
	SDL_Surface *line = SDL_CreateRGBSurfaceWithFormat(0, L.width, ascent + descent + 1, 32,
	                                                   SDL_PIXELFORMAT_ARGB8888);
	if (!line)
		return NULL;
	*ascent_out = ascent;
	int x = 0;
	for (int i = 0; i < L.n; i++) {
		run *r = &L.runs[i];
		char *part = copy(s, r->start, r->end);
		SDL_Surface *glyphs = NULL;
		if (part && r->font) {
			TTF_SetFontDirection(r->font, r->rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
			glyphs = TTF_RenderUTF8_Blended(r->font, part, color);
		}
		free(part);
		if (glyphs) {
			SDL_SetSurfaceBlendMode(glyphs, SDL_BLENDMODE_NONE);
			if (r->emoji) {
				/* Emoji fill the Latin face's box on the shared baseline, in every script. */
				int h = (int)(glyphs->h * r->scale + 0.5);
				SDL_Rect at = { x, ascent - (latin ? TTF_FontAscent(latin) : h), r->width, h };
				SDL_BlitScaled(glyphs, NULL, line, &at);
			} else {
				SDL_Rect at = { x, ascent - TTF_FontAscent(r->font), 0, 0 };
				SDL_BlitSurface(glyphs, NULL, line, &at);
			}
			SDL_FreeSurface(glyphs);
		}
		x += r->width;
	}
	return line;
}
