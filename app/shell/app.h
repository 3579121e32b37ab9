/*
 * app.h — the kiosk's running state, shared by the shell's own modules
 * (kiosk.c sets it up and runs the window, input.c turns SDL events into flow
 * calls, headless.c runs scripts). Not for the core.
 */
#ifndef PRESCREEN_APP_H
#define PRESCREEN_APP_H

#include <SDL2/SDL.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "admin_host.h"
#include "event.h"
#include "flow.h"
#include "fonts.h"
#include "kiosk.h"
#include "pack.h"
#include "render.h"
#include "store.h"
#include "ui.h"
#include "writer.h"

typedef struct {
	kiosk_options opt;
	char data_dir[PATH_MAX];
	store *store;
	pack pack;
	event_config event;
	flow *flow;
	fonts *fonts;
	render *render;
	SDL_Window *window;
	ui_frame *frame;
	bool text_input_on;
	bool virtual_clock;
	int64_t vmono;              /* virtual monotonic ms */
	int64_t vwall_base;         /* wall ms at virtual 0 */
	uint64_t random_draws;      /* --wall-clock: how many ids were drawn */
	int64_t frame_us;           /* time the last frame took to build and draw */
	bool typed;                 /* the frame being drawn follows typing */
	bool rtl;                   /* the UI's language reads right to left */
	flow_screen last_screen;    /* to notice the return to attract */
	bool release_pending;       /* free the last candidate's faces after this frame */
	uint64_t frames;
	bool full_redraw;           /* $PRESCREEN_FULL_REDRAW: every frame drawn whole */
	bool fullscreen_pending;    /* go fullscreen once the first frame is shown */
	bool trim_due;              /* typed since the heap was last trimmed */
	uint64_t typed_at;          /* performance counter when that input arrived */
	bool after_chord;           /* the last event was a key with Ctrl, Alt or Super held */
	int exit_status;            /* of the window loop: non-zero when the display was lost */
	char pack_domain[128];
	writer *writer;             /* owns the store once the flow runs */
	/* What a new flow is made with when staff change the event. */
	flow_clock clock;
	flow_sink sink;
	flow_translate translate;
	admin_shell *admin;         /* admin mode and its worker thread */
	bool left;                  /* staff left kiosk mode from admin mode */
	bool admin_was_open;        /* to redraw whole when admin mode opens or closes */
	int64_t corner_down_at;     /* the top-left corner pressed since (mono ms); -1 not */
} app;

extern volatile sig_atomic_t app_stop;

/* Builds the frame from the flow and draws what changed. */
void app_frame(app *a);
int64_t app_mono(app *a);
/* Opens the kiosk's window (again, after it was destroyed from outside). */
int app_window_create(app *a);
/* Hands the writer's results to the flow; returns how many there were. */
int app_saved(app *a);
/* Waits for the writer, then hands on its results, until nothing is queued. */
void app_settle(app *a);

/* input.c */
void input_event(app *a, const SDL_Event *e);
void input_tap(app *a, int x, int y);
/* Parses "Ctrl+Left" into a key event; returns -1 for an unknown name. */
int input_key_from_name(const char *name, SDL_Event *out);
/*
 * Where a left click or a finger touched the window, in its pixels (touch
 * also sends an emulated click, which is left out). False for other events.
 */
bool input_tap_point(SDL_Window *window, const SDL_Event *e, int *x, int *y);
void input_text(app *a, const char *utf8);
void input_compose(app *a, const char *utf8);

/* Opens admin mode when the corner has been held long enough. */
void input_long_press(app *a);
/* When the held corner opens admin mode (mono ms), or FLOW_NO_DEADLINE. */
int64_t input_long_press_deadline(const app *a);

/* headless.c */
int headless_run(app *a);

#endif
