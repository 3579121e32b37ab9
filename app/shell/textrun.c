#include "textrun.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "lang.h"

#define MAX_RUNS 64

typedef struct {
	int start, end;
	TTF_Font *font;
} run;

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

static int split(fonts *fs, const char *lang, ui_font font, const char *s, int len, run *runs)
{
	const lang_info *li = lang_find(lang);
	bool line_rtl = li && li->rtl;
	int n = 0;
	int32_t i = 0;
	while (i < len) {
		int32_t at = i;
		UChar32 c;
		U8_NEXT(s, i, len, c);
		if (c < 0)
			c = 0xFFFD;
		if (n > 0 && (clings(c) ||
		              /* Spaces join a run only in the line's own direction. */
		              (common(c) && !fonts_is_bitmap(fs, runs[n - 1].font) &&
		               fonts_is_rtl(fs, runs[n - 1].font) == line_rtl &&
		               TTF_GlyphIsProvided32(runs[n - 1].font, (Uint32)c)))) {
			runs[n - 1].end = i;
			continue;
		}
		TTF_Font *f = fonts_for(fs, lang, font, (Uint32)c);
		if (n > 0 && runs[n - 1].font == f) {
			runs[n - 1].end = i;
			continue;
		}
		if (n == MAX_RUNS) {
			runs[n - 1].end = len;   /* absurdly mixed: the rest in one run */
			break;
		}
		runs[n++] = (run){ at, i, f };
	}
	return n;
}

/*
 * Colour emoji come as fixed-size bitmaps (136 px in Noto Color Emoji) that
 * SDL_ttf cannot scale: such a run is scaled to the line's own height here.
 * Returns the factor, 1 for ordinary outline faces.
 */
static double run_scale(fonts *fs, const char *lang, ui_font font, TTF_Font *f)
{
	TTF_Font *own = fonts_get(fs, lang, font);
	if (!own || !f || !fonts_is_bitmap(fs, f))
		return 1.0;
	return (double)TTF_FontHeight(own) / TTF_FontHeight(f);
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

int textrun_width(fonts *fs, const char *lang, ui_font font, const char *s, int len)
{
	run runs[MAX_RUNS];
	int n = split(fs, lang, font, s, len, runs), total = 0;
	for (int i = 0; i < n; i++) {
		char *part = copy(s, runs[i].start, runs[i].end);
		int w = 0, h = 0;
		if (part && runs[i].font)
			TTF_SizeUTF8(runs[i].font, part, &w, &h);
		free(part);
		total += (int)(w * run_scale(fs, lang, font, runs[i].font));
	}
	return total;
}

SDL_Surface *textrun_render(fonts *fs, const char *lang, ui_font font, const char *s, int len,
                            SDL_Color color)
{
	run runs[MAX_RUNS];
	SDL_Surface *parts[MAX_RUNS] = { 0 };
	int scaled_ascent[MAX_RUNS] = { 0 };
	int n = split(fs, lang, font, s, len, runs);
	int width = 0, ascent = 0, descent = 0;
	for (int i = 0; i < n; i++) {
		char *part = copy(s, runs[i].start, runs[i].end);
		if (part && runs[i].font)
			parts[i] = TTF_RenderUTF8_Blended(runs[i].font, part, color);
		free(part);
		if (!parts[i])
			continue;
		double scale = run_scale(fs, lang, font, runs[i].font);
		if (scale < 1.0) {
			SDL_Surface *small = SDL_CreateRGBSurfaceWithFormat(
				0, (int)(parts[i]->w * scale), (int)(parts[i]->h * scale), 32,
				SDL_PIXELFORMAT_ARGB8888);
			if (small) {
				SDL_SetSurfaceBlendMode(parts[i], SDL_BLENDMODE_NONE);
				SDL_BlitScaled(parts[i], NULL, small, NULL);
			}
			SDL_FreeSurface(parts[i]);
			parts[i] = small;
			if (!small)
				continue;
			/* Sits on the baseline like a capital letter of the line's face. */
			scaled_ascent[i] = TTF_FontAscent(fonts_get(fs, lang, font));
		} else {
			scaled_ascent[i] = TTF_FontAscent(runs[i].font);
		}
		width += parts[i]->w;
		int a = scaled_ascent[i];
		if (a > ascent)
			ascent = a;
		if (parts[i]->h - a > descent)
			descent = parts[i]->h - a;
	}
	if (n == 1 && run_scale(fs, lang, font, runs[0].font) == 1.0)
		return parts[0];   /* the common case: nothing to compose */
	if (width == 0) {
		for (int i = 0; i < n; i++)
			SDL_FreeSurface(parts[i]);
		return NULL;
	}
	SDL_Surface *line = SDL_CreateRGBSurfaceWithFormat(0, width, ascent + descent, 32,
	                                                   SDL_PIXELFORMAT_ARGB8888);
	int x = 0;
	for (int i = 0; i < n; i++) {
		if (!parts[i])
			continue;
		if (line) {
			SDL_Rect at = { x, ascent - scaled_ascent[i], 0, 0 };
			SDL_SetSurfaceBlendMode(parts[i], SDL_BLENDMODE_NONE);
			SDL_BlitSurface(parts[i], NULL, line, &at);
		}
		x += parts[i]->w;
		SDL_FreeSurface(parts[i]);
	}
	return line;
}
