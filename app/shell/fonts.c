#include "fonts.h"

#include <fontconfig/fontconfig.h>
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
};
#define NEEDS (int)(sizeof needs / sizeof needs[0])

typedef struct {
	char path[1024];
	int index;
	int found;        /* 0 unknown, 1 found, -1 missing */
	TTF_Font *open[FONT_COUNT_];
} face;

struct fonts {
	int height;
	face faces[NEEDS];
	char err[512];
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
	for (int i = 0; i < NEEDS; i++) {
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
	free(fs);
	FcFini();
}

TTF_Font *fonts_get(fonts *fs, const char *lang, ui_font font)
{
	const lang_info *li = lang_find(lang);
	int i = need_for_script(li ? li->script : "Latn");
	face *f = &fs->faces[i];
	if (f->open[font])
		return f->open[font];
	if (locate(fs, i) < 0)
		return NULL;
	TTF_Font *t = TTF_OpenFontIndex(f->path, ui_font_px(font, fs->height), f->index);
	if (!t) {
		snprintf(fs->err, sizeof fs->err, "%s: %s", f->path, TTF_GetError());
		return NULL;
	}
	TTF_SetFontHinting(t, TTF_HINTING_LIGHT);
	/* HarfBuzz knows Han as "Hani"; the SC/JP forms come from the face itself. */
	const char *script = li ? li->script : "Latn";
	if (strcmp(script, "Hans") == 0 || strcmp(script, "Jpan") == 0)
		script = "Hani";
	TTF_SetFontScriptName(t, script);
	TTF_SetFontDirection(t, li && li->rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
	f->open[font] = t;
	return t;
}

const char *fonts_error(const fonts *fs)
{
	return fs->err;
}
