/*
 * textrun.h — one line of text as runs of the faces that can draw it, so a
 * Japanese word typed on an English screen, or an emoji in an Arabic answer,
 * shows its own glyphs instead of boxes. Measures and draws such lines.
 */
#ifndef PRESCREEN_TEXTRUN_H
#define PRESCREEN_TEXTRUN_H

#include <SDL2/SDL.h>

#include "fonts.h"

/* Advance width of s[0..len) in pixels. */
int textrun_width(fonts *fs, const char *lang, ui_font font, const char *s, int len);
/* The line rendered with every run on one baseline; NULL on failure. */
SDL_Surface *textrun_render(fonts *fs, const char *lang, ui_font font, const char *s, int len,
                            SDL_Color color);

#endif
