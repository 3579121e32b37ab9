/*
 * guard.h — keeps a kiosk a kiosk (SPEC §4, issue 6 points 9–12): which
 * signals end it and which it shrugs off, X errors, a window destroyed from
 * outside or a display that dies, a window manager hiding or iconifying it,
 * a display SDL only pretends to have, and the session bus SDL would launch.
 * The rest of the shell calls in at a few points; the state lives here.
 */
#ifndef PRESCREEN_GUARD_H
#define PRESCREEN_GUARD_H

#include "app.h"

/*
 * Exit status when the display is gone, non-zero so a service manager
 * restarts us (Xlib may still end the process with 1 after the session is saved).
 */
#define GUARD_EXIT_DISPLAY_LOST 3

/* Before SDL_Init: no session bus autolaunched for us (it would outlive the kiosk). */
void guard_session_bus(void);
/* Before any thread starts: which signals stop the kiosk and which are ignored. */
void guard_signals_start(const kiosk_options *o);
/* After SDL_Init: -1 (message printed) when the display is one no one can see. */
int guard_check_driver(const kiosk_options *o);
/* After each window is created: X error handlers, sticky on every workspace. */
void guard_window_created(app *a);
/* SDL window and system events that concern staying on screen. */
void guard_event(app *a, const SDL_Event *e);
/* Caps the main loop's wait so a pending restore is not late. */
int guard_timeout(app *a, int timeout_ms);
/*
 * After each batch of events: restores a hidden window, re-creates a lost
 * one. Returns false when the kiosk must stop (display gone; a->exit_status set).
 */
bool guard_poll(app *a);

#endif
