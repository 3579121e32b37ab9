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

/* Advance width of s[0..len) in pixels. */
int textrun_width(fonts *fs, const char *lang, ui_font font, const char *s, int len);
/*
 * Where the caret stands, in pixels from the line's left edge, when it is at
 * byte index of the line: after the character before it, in visual order.
 */
int textrun_caret_x(fonts *fs, const char *lang, ui_font font, const char *s, int len, int index);
/*
 * The line rendered with every run on one baseline; NULL on failure. *ascent
 * gets the baseline's distance from the image's top, so lines in different
 * scripts can share a baseline on screen.
 */
SDL_Surface *textrun_render(fonts *fs, const char *lang, ui_font font, const char *s, int len,
                            SDL_Color color, int *ascent);

#endif
