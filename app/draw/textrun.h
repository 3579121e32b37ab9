/*
 * textrun.h — one line of text laid out the way a reader expects: bidi
 * runs in visual order (Arabic with "REST API" inside), each cut where the
 * face must change, so a Japanese word typed on an English screen or an
 * emoji in an Arabic answer shows its own glyphs. Measures and draws lines.
 */
#ifndef PRESCREEN_TEXTRUN_H
#define PRESCREEN_TEXTRUN_H

#include <SDL2/SDL.h>

#include "fonts.h"

/*
 * rtl is the paragraph direction: the language's for prose, left to right
 * for an e-mail, phone or URL even in an Arabic form.
 */
bool textrun_lang_rtl(const char *lang);
/* Advance width of s[0..len) in pixels (the same in either direction). */
int textrun_width(fonts *fs, const char *lang, ui_font font, const char *s, int len);
/*
 * Where the caret stands, in pixels from the line's left edge, when it is at
 * byte index of the line: after the character before it, in visual order.
 */
int textrun_caret_x(fonts *fs, const char *lang, ui_font font, const char *s, int len, bool rtl,
                    int index);
/*
 * The line rendered with every run on one baseline; NULL on failure. *ascent
 * gets the baseline's distance from the image's top, so lines in different
 * scripts can share a baseline on screen.
 */
SDL_Surface *textrun_render(fonts *fs, const char *lang, ui_font font, const char *s, int len,
                            bool rtl, SDL_Color color, int *ascent);

/* One piece of a laid-out line, left to right as drawn. */
typedef struct {
	int start, end;    /* bytes of the line */
	bool rtl;
	bool emoji;
	int x, width;      /* pixels from the line's left edge */
} textrun_run;

/* Fills up to max runs of the line in visual order; returns how many there are. */
int textrun_runs(fonts *fs, const char *lang, ui_font font, const char *s, int len, bool rtl,
                 textrun_run *out, int max);

#endif
