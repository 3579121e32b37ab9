/*
 * stats.h — figures for the benchmark (tests/perf): time to first frame,
 * per-frame draw times after typing, autosave commit times. Collected only
 * when $PRESCREEN_STATS names a file, written there when the kiosk exits.
 */
#ifndef PRESCREEN_STATS_H
#define PRESCREEN_STATS_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
	STATS_FRAME_TYPING,     /* a frame drawn after a text or editing key */
	STATS_FRAME_OTHER,
	STATS_COMMIT,           /* one store_put */
	STATS_KEY_TO_FRAME,     /* X key press (server time) to the frame that shows it */
	STATS_KINDS_
} stats_kind;

bool stats_enabled(void);
void stats_start(void);
void stats_add(stats_kind kind, int64_t us);
/* The first frame reached the display: records time since the process began. */
void stats_first_frame(void);
void stats_write(void);
/*
 * A key press the X server stamped at xtime (its ms clock, CLOCK_MONOTONIC);
 * stats_key_shown() after the next frame that shipped pixels records the
 * time from the earliest such press to now.
 */
void stats_key_pressed(uint32_t xtime);
void stats_key_shown(void);

#endif
