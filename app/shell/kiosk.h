/*
 * kiosk.h — the candidate kiosk: wires the store, pack, event and flow to an
 * SDL window (or, headless, to a script and a virtual clock) and draws the
 * flow's state. The only place where the core meets the screen.
 */
#ifndef PRESCREEN_KIOSK_H
#define PRESCREEN_KIOSK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	const char *data_dir;       /* --data */
	const char *event_path;     /* --event */
	const char *pack_dir;       /* --pack */
	const char *script_path;    /* --script (headless) */
	const char *shots_dir;      /* --shots */
	const char *trace_path;     /* --trace: script lines done, for kill tests */
	bool windowed;
	bool headless;
	bool list_controls;
	bool realtime;              /* headless waits take real time too */
	bool list_text;             /* --list-text: the texts of the last frame */
	/* --wall-clock: the headless wall time at virtual 0, and ids drawn from a
	 * fixed sequence, so a script gives the same ids and receipt codes. */
	bool fixed_wall;
	int64_t wall_start_ms;
	int width, height;          /* --size */
	const char *media_dirs[8];  /* --media DIR: folders standing in for USB sticks */
	int media_count;
} kiosk_options;

/* Runs the kiosk; returns the process exit status (0, 1 bad input, 2 usage). */
int kiosk_main(const kiosk_options *o);

/* After SDL_Init: lets the Wayland driver have a window surface at all. */
void kiosk_framebuffer_hint(void);

#endif
