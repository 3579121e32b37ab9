/*
 * review_app.h — the review window's running state, shared by
 * review_window.c (setup, frames, SDL input) and review_headless.c (scripts).
 * Not for the core.
 */
#ifndef PRESCREEN_REVIEW_APP_H
#define PRESCREEN_REVIEW_APP_H

#include <SDL2/SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "fonts.h"
#include "pack_text.h"
#include "render.h"
#include "review_flow.h"
#include "review_ui.h"
#include "review_window.h"
#include "ui.h"

#define RWIN_MAX_PACKS 16

typedef struct {
	char hash[SESSION_HASH];
	pack_text *text;            /* NULL when the pack could not be opened */
	bool fell_back;
} rwin_pack;

typedef struct {
	review_window_options opt;
	review_data *rd;
	const char *lang;           /* the reviewer's UI language */
	review_flow *flow;
	fonts *fonts;
	render *render;
	SDL_Window *window;
	ui_frame *frame;
	int npacks;
	rwin_pack packs[RWIN_MAX_PACKS];
	int scroll, scroll_max, last_pos;
	bool text_input_on;
	bool rtl;
	bool quit;
	bool virtual_clock;
	int64_t vmono, vwall_base;
	char message[512];          /* shown in the window's banner, or "" */
	int64_t frame_us;           /* the last frame's build and draw */
	const char *last_code;      /* the candidate of the last frame */
	uint64_t input_at;          /* performance counter of the input the next frame shows */
} rwin;

/* Builds the frame from the flow and draws what changed. */
void rwin_frame(rwin *w);
int64_t rwin_mono(rwin *w);
void rwin_event(rwin *w, const SDL_Event *e);
void rwin_tap(rwin *w, int x, int y);
void rwin_key(rwin *w, SDL_Keycode sym, Uint16 mod);
void rwin_text(rwin *w, const char *utf8);
void rwin_scroll(rwin *w, int lines);

/* review_headless.c */
int rwin_headless(rwin *w);

#endif
