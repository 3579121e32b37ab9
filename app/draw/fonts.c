#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

typedef struct {
	const char *script;
	const char *family;
	const char *package;
} face_need;

/* Han text takes the SC face for Chinese and the JP face for Japanese. */
static const face_need needs[] = {
	{ "Latn", "Noto Sans", "fonts-noto-core" },
	{ "Arab", "Noto Sans Arabic", "fonts-noto-core" },
	{ "Deva", "Noto Sans Devanagari", "fonts-noto-core" },
	{ "Hans", "Noto Sans CJK SC", "fonts-noto-cjk" },
	{ "Jpan", "Noto Sans CJK JP", "fonts-noto-cjk" },
	{ "Zsye", "Noto Color Emoji", "fonts-noto-color-emoji" },
};
#define EMOJI 5           /* optional: emoji draw as boxes without it */
#define NEEDS (int)(sizeof needs / sizeof needs[0])

typedef struct {
	char path[1024];
	int index;
	int found;        /* 0 unknown, 1 found, -1 missing */
	TTF_Font *open[FONT_COUNT_];
} face;

/* Faces found by coverage alone, the last resort for rare scripts. */
#define EXTRAS 8
#define MISSES 64

struct fonts {
	int height;
	face faces[NEEDS];
	face extras[EXTRAS];
	int nextras;
	uint32_t misses[MISSES];   /* code points no installed font covers */
	char err[1200];
};

static int need_for_script(const char *script)
{
	for (int i = 0; i < NEEDS; i++)
		if (strcmp(needs[i].script, script) == 0)
			return i;
	return 0;
}

static int locate(fonts *fs, int i)
{
	face *f = &fs->faces[i];
	if (f->found)
		return f->found;
	f->found = -1;
	FcPattern *pat = FcNameParse((const FcChar8 *)needs[i].family);
	if (!pat)
		return -1;
	FcPatternAddString(pat, FC_STYLE, (const FcChar8 *)"Regular");
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *match = FcFontMatch(NULL, pat, &res);
	FcChar8 *family = NULL, *file = NULL;
	int index = 0;
	/* fontconfig always matches something: accept only the family asked for. */
	if (match && FcPatternGetString(match, FC_FAMILY, 0, &family) == FcResultMatch &&
	    strcmp((const char *)family, needs[i].family) == 0 &&
	    FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
		FcPatternGetInteger(match, FC_INDEX, 0, &index);
		snprintf(f->path, sizeof f->path, "%s", (const char *)file);
		f->index = index;
		f->found = 1;
	} else {
		snprintf(fs->err, sizeof fs->err,
		         "font \"%s\" is not installed (Debian package %s)", needs[i].family,
		         needs[i].package);
	}
	if (match)
		FcPatternDestroy(match);
	FcPatternDestroy(pat);
	return f->found;
}

fonts *fonts_new(int window_height, char *err, size_t errlen)
{
	if (!FcInit()) {
		snprintf(err, errlen, "fontconfig could not be initialised");
		return NULL;
	}
	fonts *fs = calloc(1, sizeof *fs);
	if (!fs) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	fs->height = window_height;
	if (locate(fs, 0) < 0) {
		snprintf(err, errlen, "%s", fs->err);
		free(fs);
		return NULL;
	}
	return fs;
}

int fonts_check(fonts *fs, char *err, size_t errlen)
{
	for (int i = 0; i < EMOJI; i++) {
		if (locate(fs, i) < 0) {
			snprintf(err, errlen, "%s", fs->err);
			return -1;
		}
	}
	return 0;
}

void fonts_free(fonts *fs)
{
	if (!fs)
		return;
	for (int i = 0; i < NEEDS; i++)
		for (int s = 0; s < FONT_COUNT_; s++)
			if (fs->faces[i].open[s])
				TTF_CloseFont(fs->faces[i].open[s]);
	for (int i = 0; i < fs->nextras; i++)
		for (int s = 0; s < FONT_COUNT_; s++)
			if (fs->extras[i].open[s])
				TTF_CloseFont(fs->extras[i].open[s]);
	free(fs);
	FcFini();
}

static TTF_Font *open_face(fonts *fs, int i, const lang_info *li, ui_font font)
{
	face *f = &fs->faces[i];
	if (f->open[font])
		return f->open[font];
	if (locate(fs, i) < 0)
		return NULL;
	int px = ui_font_px(font, fs->height);
	/* Devanagari's letters sit small beside Latin ones of the same size. */
	if (strcmp(needs[i].script, "Deva") == 0)
		px = px * 11 / 10;
	TTF_Font *t = TTF_OpenFontIndex(f->path, px, f->index);
	if (!t) {
		snprintf(fs->err, sizeof fs->err, "%s: %s", f->path, TTF_GetError());
		return NULL;
	}
	TTF_SetFontHinting(t, TTF_HINTING_LIGHT);
	/* HarfBuzz knows Han as "Hani"; the SC/JP forms come from the face itself. */
	const char *script = needs[i].script;
	if (strcmp(script, "Hans") == 0 || strcmp(script, "Jpan") == 0 || i == EMOJI)
		script = i == EMOJI ? "Zyyy" : "Hani";
	TTF_SetFontScriptName(t, script);
	bool rtl = i == 1 || (li && li->rtl && i == need_for_script(li->script));
	TTF_SetFontDirection(t, rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
	f->open[font] = t;
	return t;
}

TTF_Font *fonts_get(fonts *fs, const char *lang, ui_font font)
{
	const lang_info *li = lang_find(lang);
	return open_face(fs, need_for_script(li ? li->script : "Latn"), li, font);
}

static TTF_Font *open_extra(fonts *fs, face *f, ui_font font)
{
	if (!f->open[font]) {
		f->open[font] = TTF_OpenFontIndex(f->path, ui_font_px(font, fs->height), f->index);
		if (f->open[font])
			TTF_SetFontHinting(f->open[font], TTF_HINTING_LIGHT);
	}
	return f->open[font];
}

/* Any installed font that has the glyph, asked of fontconfig once per code point. */
static TTF_Font *last_resort(fonts *fs, ui_font font, uint32_t cp)
{
	for (int i = 0; i < fs->nextras; i++) {
		TTF_Font *t = open_extra(fs, &fs->extras[i], font);
		if (t && TTF_GlyphIsProvided32(t, cp))
			return t;
	}
	uint32_t *miss = &fs->misses[cp % MISSES];
	if (*miss == cp + 1 || fs->nextras == EXTRAS)
		return NULL;
	TTF_Font *found = NULL;
	FcPattern *pat = FcPatternCreate();
	FcCharSet *cs = FcCharSetCreate();
	FcCharSetAddChar(cs, cp);
	FcPatternAddCharSet(pat, FC_CHARSET, cs);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *match = FcFontMatch(NULL, pat, &res);
	FcCharSet *has = NULL;
	FcChar8 *file = NULL;
	if (match && FcPatternGetCharSet(match, FC_CHARSET, 0, &has) == FcResultMatch &&
	    FcCharSetHasChar(has, cp) &&
	    FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
		face *f = &fs->extras[fs->nextras];
		memset(f, 0, sizeof *f);
		snprintf(f->path, sizeof f->path, "%s", (const char *)file);
		FcPatternGetInteger(match, FC_INDEX, 0, &f->index);
		f->found = 1;
		fs->nextras++;
		found = open_extra(fs, f, font);
	}
	if (!found)
		*miss = cp + 1;
	if (match)
		FcPatternDestroy(match);
	FcCharSetDestroy(cs);
	FcPatternDestroy(pat);
	return found;
}

/*
 * The language's own face first; then the others, Han in the language's own
 * regional form (JP for Japanese, SC otherwise); emoji last.
 */
TTF_Font *fonts_for(fonts *fs, const char *lang, ui_font font, uint32_t cp)
{
	const lang_info *li = lang_find(lang);
	int own = need_for_script(li ? li->script : "Latn");
	int han = li && strcmp(li->code, "ja") == 0 ? 4 : 3;
	int order[] = { own, 0, 1, 2, han, EMOJI };
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		if (k > 0 && order[k] == own)
			continue;
		if (locate(fs, order[k]) < 0)
			continue;
		TTF_Font *t = open_face(fs, order[k], li, font);
		if (t && TTF_GlyphIsProvided32(t, cp))
			return t;
	}
	TTF_Font *t = last_resort(fs, font, cp);
	/* Nothing covers it: the own face draws its visible "missing" box. */
	return t ? t : open_face(fs, own, li, font);
}

TTF_Font *fonts_emoji(fonts *fs, const char *lang, ui_font font, uint32_t cp)
{
	if (locate(fs, EMOJI) < 0)
		return NULL;
	TTF_Font *t = open_face(fs, EMOJI, lang_find(lang), font);
	return t && TTF_GlyphIsProvided32(t, cp) ? t : NULL;
}

void fonts_release(fonts *fs)
{
	/* The attract screen's language names are cached images: Latin is enough. */
	for (int i = 1; i < NEEDS; i++)
		for (int s = 0; s < FONT_COUNT_; s++)
			if (fs->faces[i].open[s]) {
				TTF_CloseFont(fs->faces[i].open[s]);
				fs->faces[i].open[s] = NULL;
			}
	for (int i = 0; i < fs->nextras; i++)
		for (int s = 0; s < FONT_COUNT_; s++)
			if (fs->extras[i].open[s]) {
				TTF_CloseFont(fs->extras[i].open[s]);
				fs->extras[i].open[s] = NULL;
			}
}

bool fonts_is_bitmap(const fonts *fs, const TTF_Font *f)
{
	for (int s = 0; s < FONT_COUNT_; s++)
		if (f && fs->faces[EMOJI].open[s] == f)
			return true;
	return false;
}

bool fonts_is_rtl(const fonts *fs, const TTF_Font *f)
{
	for (int s = 0; s < FONT_COUNT_; s++)
		if (f && fs->faces[1].open[s] == f)
			return true;
	return false;
}

const char *fonts_error(const fonts *fs)
{
	return fs->err;
}
