/*
 * admin_host.h — admin mode (app/admin/admin.h) wired into the running
 * kiosk: the host callbacks, with everything slow (PIN check, counts, media
 * scan, pack install, event save, export and its read-back) done on a worker
 * thread of its own and handed back on the drawing thread, as the writer
 * does with saves; audit entries and the PIN lock go through the writer.
 * Also what must change in the kiosk when staff save an event or install a
 * pack: the event, the pack and the flow, replaced between candidates.
 */
#ifndef PRESCREEN_ADMIN_HOST_H
#define PRESCREEN_ADMIN_HOST_H

#include <stdbool.h>

#include "admin.h"

typedef struct admin_shell admin_shell;

/* Starts the worker; the app (app.h) must outlive it. NULL when out of memory. */
admin_shell *admin_shell_new(void *app);
/* Waits for the job under way, then ends the worker. */
void admin_shell_free(admin_shell *s);
admin *admin_shell_admin(admin_shell *s);
/* Between candidates only: the flow on attract or the language screen, nothing recorded. */
bool admin_shell_may_open(const admin_shell *s);
/* The chord or the long press; ignored while a candidate is at the kiosk. */
void admin_shell_open(admin_shell *s);
/* Drawing thread: hands the worker's answers on; true when there were any. */
bool admin_shell_poll(admin_shell *s);
/* A job is queued or under way, or an answer waits to be polled. */
bool admin_shell_busy(admin_shell *s);
/* Headless: waits until every job queued is done and its answer handed on. */
void admin_shell_settle(admin_shell *s);

#endif
