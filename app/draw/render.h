/*
 * render.h — draws a ui_frame into an SDL surface, redrawing only the cells
 * whose commands changed since the last frame, and returns those areas so the
 * shell ships only them to the display. Also measures text for the layout,
 * with a cache, so wrapping a long answer costs lookups, not shaping.
 */
#ifndef PRESCREEN_RENDER_H
#define PRESCREEN_RENDER_H

#include <SDL2/SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "fonts.h"
#include "ui.h"

typedef struct render render;

typedef struct {
	uint64_t frames;
	uint64_t cells;        /* dirty rectangles drawn */
	uint64_t rendered;     /* text surfaces shaped and rasterised */
	uint64_t measured;     /* text widths shaped (cache misses) */
} render_stats;

render *render_new(fonts *fs);
void render_free(render *r);
ui_measure render_measure(render *r);
/* Line images drawn from now on belong to a candidate (or, false, to no one). */
void render_set_candidate(render *r, bool present);
/* Drops (and wipes) every line image drawn for a candidate: between candidates. */
void render_forget(render *r);
/* The next frame is drawn whole (after an expose or a new surface). */
void render_invalidate(render *r);
/* Draws f into dst; fills up to max dirty rectangles; returns their count. */
int render_frame(render *r, SDL_Surface *dst, const ui_frame *f, SDL_Rect *dirty, int max);
const render_stats *render_get_stats(const render *r);

/*
 * Writes the window's surface as DIR/NAME.png (DIR made when missing), for
 * the headless scripts' `shot`. 0, or -1 with one line in err.
 */
int render_save_png(SDL_Window *window, const char *dir, const char *name, char *err,
                    size_t errlen);

#endif
