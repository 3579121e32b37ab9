/*
 * fonts.h — the faces each language needs, found through fontconfig and
 * opened on first use (the CJK faces are large; a Latin-only screen never
 * loads them). A missing face is an error naming the Debian package.
 */
#ifndef PRESCREEN_FONTS_H
#define PRESCREEN_FONTS_H

#include <SDL2/SDL_ttf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui.h"

typedef struct fonts fonts;

fonts *fonts_new(int window_height, char *err, size_t errlen);
void fonts_free(fonts *fs);
/* The face for text of language lang in size font; NULL (and err) when missing. */
TTF_Font *fonts_get(fonts *fs, const char *lang, ui_font font);
/*
 * The face that draws code point cp in text of language lang: the language's
 * own when it has the glyph, else the first fallback that does.
 */
TTF_Font *fonts_for(fonts *fs, const char *lang, ui_font font, uint32_t cp);
/* The colour emoji face when it has cp (for an emoji asked for with U+FE0F), else NULL. */
TTF_Font *fonts_emoji(fonts *fs, const char *lang, ui_font font, uint32_t cp);
/*
 * Closes the faces the attract screen does not need (CJK faces hold ~3 MB a
 * size): between candidates, so memory does not grow with each language shown.
 */
void fonts_release(fonts *fs);
/* True for the fixed-size colour emoji face, which callers must scale. */
bool fonts_is_bitmap(const fonts *fs, const TTF_Font *f);
/* True for a face shaped right-to-left (Arabic). */
bool fonts_is_rtl(const fonts *fs, const TTF_Font *f);
/* Checks that every language's face exists, without opening it. */
int fonts_check(fonts *fs, char *err, size_t errlen);
const char *fonts_error(const fonts *fs);

#endif
