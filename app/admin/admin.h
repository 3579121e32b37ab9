/*
 * admin.h — admin mode of SPEC §7 as a state machine: a PIN pad, a lock
 * after five wrong PINs that a restart does not lift, and the staff's
 * screens (status, event, packs, export, leave), in the staff's choice of
 * the nine languages. Plain C like the flow: taps and keys arrive as calls,
 * time from the flow's clock, and whatever touches the disk or takes long
 * (PIN check, counts, media scan, pack install, event save, export) is asked
 * of the host, which does it off the drawing thread and reports back with
 * the admin_*_done() calls. It never holds or shows a candidate's answers.
 */
#ifndef PRESCREEN_ADMIN_H
#define PRESCREEN_ADMIN_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "audit.h"
#include "event.h"
#include "flow.h"
#include "pack.h"
#include "store.h"

#define ADMIN_MAX_FAILURES 5
#define ADMIN_LOCK_MS 60000
#define ADMIN_LONG_PRESS_MS 3000   /* the top-left corner, held */
#define ADMIN_CORNER_PX 96         /* at 1080p; the shell scales it */
#define ADMIN_MAX_PLACES 16

typedef enum {
	ADMIN_CLOSED,
	ADMIN_PIN,          /* the PIN pad; also shows the lock's countdown */
	ADMIN_STATUS,
	ADMIN_EVENT,        /* questions and settings of the event */
	ADMIN_PACKS,        /* packs found on mounted media, to install */
	ADMIN_EXPORT,       /* targets, then progress, then the outcome */
	ADMIN_LEAVE,        /* confirm leaving kiosk mode */
} admin_screen;

typedef struct {
	store_counts counts;        /* all sessions in the store */
	int event_sessions;         /* sessions of the running event (locks its questions) */
	long long free_bytes;       /* in the data directory; -1 unknown */
	char last_export[256];      /* the last bundle's folder name; "" none */
	int64_t last_export_ms;     /* wall ms */
} admin_status;

/* A folder on mounted media: an export target or a pack to install. */
typedef struct {
	char path[PATH_MAX];
	char label[160];            /* what staff see: the drive and the folder */
	long long free_bytes;       /* targets; -1 unknown */
} admin_place;

typedef struct {
	void (*verify_pin)(void *ctx, const char *hash, const char *pin); /* -> admin_pin_done */
	void (*status)(void *ctx);                                 /* -> admin_status_done */
	void (*scan_media)(void *ctx);                             /* -> admin_media_done */
	void (*install_pack)(void *ctx, const char *src);          /* -> admin_pack_done */
	void (*save_event)(void *ctx, const event_config *ev);     /* -> admin_event_done */
	void (*export_to)(void *ctx, const char *parent);          /* -> admin_export_* */
	void (*audit)(void *ctx, const char *action, const char *detail);
	void (*lock_save)(void *ctx, const audit_lock *l);
	/* The next candidate's time limits × percent / 100 (100 takes it back). */
	void (*extra_time)(void *ctx, int percent);
	void (*leave)(void *ctx);                                  /* ends the kiosk */
	void *ctx;
} admin_host;

typedef struct admin admin;

admin *admin_new(flow_clock clock, admin_host host);
void admin_free(admin *a);
/* The lock as the store kept it, before the first admin_open. */
void admin_set_lock(admin *a, const audit_lock *l);
/* The running event and its pack (borrowed until the next call or admin_free). */
void admin_set_event(admin *a, const event_config *ev, const pack *p);

/* The chord or the long press: the PIN pad, or with no PIN set the status screen. */
void admin_open(admin *a);
bool admin_is_open(const admin *a);
/* Taps the control named id; false when no such control is showing. */
bool admin_press(admin *a, const char *id);
/* Typed text: digits go to the PIN pad or the focused number. */
void admin_text(admin *a, const char *utf8);
/* Backspace, Return (OK), Escape (back, or closed from status). */
void admin_key(admin *a, flow_key_id key);
void admin_escape(admin *a);
void admin_tick(admin *a);
int64_t admin_next_deadline(const admin *a);
uint64_t admin_version(const admin *a);
admin_screen admin_current(const admin *a);
/* The language the staff chose for the admin screens (starts as "en"). */
const char *admin_language(const admin *a);
/* "admin-pin", "admin-status", ... for expect-screen. */
const char *admin_screen_name(admin_screen s);

/* The host's answers. */
void admin_pin_done(admin *a, bool ok);
void admin_status_done(admin *a, const admin_status *s);
void admin_media_done(admin *a, const admin_place *targets, int ntargets,
                      const admin_place *packs, int npacks);
/* message: the first problem, or on success the pack's id and version. */
void admin_pack_done(admin *a, bool ok, const char *message);
void admin_event_done(admin *a, bool ok, const char *message);
void admin_export_progress(admin *a, long long done_bytes, long long total_bytes);
/* ok only once the bundle was read back and verified: then "safe to remove". */
void admin_export_done(admin *a, bool ok, const char *message);

#endif
