/*
 * admin.h — admin mode of SPEC §7 as a state machine: a PIN pad, a lock
 * after five wrong PINs that a restart does not lift, and the staff's
 * screens (status, event, packs, export, leave), in the staff's choice of
 * the nine languages. Plain C like the flow: taps and keys arrive as calls,
 * time from the flow's clock, and whatever touches the disk or takes long
 * (PIN check, counts, media scan, pack install, event save, export, a
 * receipt code's session, an erase) is asked
 * of the host, which does it off the drawing thread and reports back with
 * the admin_*_done() calls. It never holds or shows a candidate's answers
 * or name: a session found by its receipt code shows only when it started,
 * its language and its status.
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
#include "receipt.h"
#include "seal.h"
#include "store.h"
#include "textbuf.h"

#define ADMIN_MAX_FAILURES 5
#define ADMIN_LOCK_MS 60000
#define ADMIN_LONG_PRESS_MS 3000   /* the top-left corner, held */
#define ADMIN_CORNER_PX 96         /* at 1080p; the shell scales it */
#define ADMIN_MAX_PLACES 16
#define ADMIN_PIN_MAX 16           /* digits the pad takes */
#define ADMIN_PAGE_QUESTIONS 5     /* checklist rows per page of the event screen */
#define ADMIN_CODE_MAX 32          /* characters the receipt code field takes */

/*
 * Controls (stable ids for the shell's headless `press ID`):
 *  PIN pad:  "pin:0".."pin:9", "pin:back", "pin:ok", "close"
 *  every logged-in screen (the tab bar): "tab:status", "tab:event",
 *            "tab:export", "tab:erase", "tab:leave", "close" (back to candidates)
 *  status:   "lang:<code>" (the staff's language), "extra:100", "extra:125",
 *            "extra:150", "extra:200"
 *  event:    "q:<question id>" (toggle), "q-prev", "q-next" (checklist pages),
 *            "limit-", "limit+", "idle-", "idle+", "threshold-", "threshold+",
 *            "offer:<code>" (a language on offer), "contact:email",
 *            "contact:phone", "practice", "load-pack", "save"
 *  packs:    "pack:<n>" (0-based, as listed), "rescan", "back"
 *  export:   "target:<n>" (0-based: export), "export-erase:<n>" (export and
 *            erase: asks first), "rescan"; the question: "export-erase-confirm",
 *            "export-erase-cancel"; after the outcome "export-again"
 *  erase:    "field:code" (the receipt code; typed text goes there), "erase-find"
 *            (or Return); a session found: "erase-confirm", "erase-cancel";
 *            after the outcome "erase-again"
 *  leave:    "leave-confirm", "leave-cancel"
 */

typedef enum {
	ADMIN_CLOSED,
	ADMIN_PIN,          /* the PIN pad; also shows the lock's countdown */
	ADMIN_STATUS,
	ADMIN_EVENT,        /* questions and settings of the event */
	ADMIN_PACKS,        /* packs found on mounted media, to install */
	ADMIN_EXPORT,       /* targets, then progress, then the outcome */
	ADMIN_ERASE,        /* one session, found by its receipt code */
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
	/*
	 * Export, then erase exactly the sessions in the bundle once it is read
	 * back and verified: -> admin_export_erased, or admin_export_done(false).
	 */
	void (*export_erase_to)(void *ctx, const char *parent);
	/* code is normalised ("XXXX-XXXX"): -> admin_receipt_done */
	void (*find_receipt)(void *ctx, const char *code);
	/* Queues the erase (the writer's): true when queued. */
	bool (*erase_session)(void *ctx, const char *session_id);
	void *ctx;
} admin_host;

/* Why Save is held back on the event screen. */
typedef enum {
	ADMIN_SAVE_OK,
	ADMIN_SAVE_FEW,             /* under 6 questions */
	ADMIN_SAVE_MANY,            /* over 8 */
} admin_save_block;

/* A tap the event screen refused, shown until the next change. */
typedef enum {
	ADMIN_REFUSED_NONE,
	ADMIN_REFUSED_FULL,         /* a 9th question */
	ADMIN_REFUSED_LAST_LANGUAGE,
} admin_refusal;

typedef enum {
	ADMIN_EXPORT_CHOOSE,        /* scanning or the list of targets */
	ADMIN_EXPORT_CONFIRM,       /* "export and erase" asks before it starts */
	ADMIN_EXPORT_RUNNING,
	ADMIN_EXPORT_FINISHED,      /* export_ok and export_message tell how */
} admin_export_state;

typedef enum {
	ADMIN_ERASE_TYPING,         /* the code field */
	ADMIN_ERASE_BAD_CODE,       /* what was typed cannot be a receipt code */
	ADMIN_ERASE_FINDING,
	ADMIN_ERASE_UNKNOWN,        /* no session here has that code */
	ADMIN_ERASE_FOUND,          /* shown, waiting for the confirm */
	ADMIN_ERASE_DONE,
	ADMIN_ERASE_FAILED,         /* the lookup or the erase failed */
} admin_erase_state;

/* A session found by its receipt code: nothing the candidate typed. */
typedef struct {
	char id[SESSION_ID_LEN + 1];
	int64_t started_at;         /* wall ms */
	char language[16];
	session_status status;
} admin_found;

typedef struct {
	const char *id;
	const char *type;           /* pack_type_name() */
	const char *text;           /* in the staff's language */
	bool selected;
} admin_question;

/* What the admin screens show; pointers stay valid until the next admin call. */
typedef struct {
	admin_screen screen;
	const char *language;
	bool busy;                  /* the host works for us: tabs and close held */
	bool pin_set;
	/* PIN pad */
	int pin_digits;             /* shown as dots, never the digits */
	bool checking;
	bool pin_wrong;             /* the last PIN was wrong */
	int locked_s;               /* > 0: locked, seconds left */
	/* status */
	bool status_ready;
	admin_status status;
	const char *event_id, *pack_id, *pack_version;
	bool sealed;                /* the event names the reviewing team's key */
	char seal_key_id[SEAL_KEY_ID_LEN];
	int extra_percent;
	/* event (the draft being edited) */
	int page, pages;
	int nquestions;             /* rows on this page */
	admin_question questions[ADMIN_PAGE_QUESTIONS];
	int selected;
	event_mix mix;
	int time_limit_s, idle_s, threshold;
	int total_s;                /* selected × time limit; 0 without a limit */
	int offered_count;
	const char *offered[EVENT_MAX_LANGUAGES];
	bool email, phone, practice;
	admin_save_block save_block;
	admin_refusal refused;
	char new_event_id[SESSION_SHORT]; /* Save makes a new event with this id; "" none */
	bool saving;
	bool event_done, event_ok;  /* the outcome of the last Save or pack install */
	const char *event_message;
	/* packs and export targets */
	bool scanning, scanned;
	int npacks, ntargets;
	const admin_place *packs, *targets;
	bool installing;
	admin_export_state export_state;
	long long export_done_bytes, export_total_bytes;
	bool export_ok;
	const char *export_message;
	const char *export_target;  /* the label of the stick written to */
	bool export_erase;          /* the export asked or running is "export and erase" */
	int export_erase_count;     /* the confirm's question: sessions in the store now */
	int exported, erased;       /* after a verified export and erase; -1 otherwise */
	/* erase by receipt code */
	const textbuf *code;
	admin_erase_state erase_state;
	char erase_code[RECEIPT_LEN + 1];   /* normalised, once looked up */
	admin_found found;
	const char *erase_message;  /* ADMIN_ERASE_FAILED: the problem */
} admin_view;

typedef struct admin admin;

admin *admin_new(flow_clock clock, admin_host host);
void admin_free(admin *a);
/* The lock as the store kept it, before the first admin_open. */
void admin_set_lock(admin *a, const audit_lock *l);
/* The running event and its pack (borrowed until the next call or admin_free). */
void admin_set_event(admin *a, const event_config *ev, const pack *p);

/* Question texts in the staff's language (as the flow's; NULL: the pack's source). */
void admin_set_translate(admin *a, flow_translate translate, void *ctx);
/* The staff's language for the admin screens (a lang.h code; others are ignored). */
void admin_set_language(admin *a, const char *code);
/* The extra time the flow holds for the next candidate (flow_extra_time), before admin_open. */
void admin_set_extra_time(admin *a, int percent);

/* The chord or the long press: the PIN pad, or with no PIN set the status screen. */
void admin_open(admin *a);
bool admin_is_open(const admin *a);
/* Taps the control named id; false when no such control is showing. */
bool admin_press(admin *a, const char *id);
/* Typed text: digits go to the PIN pad, a receipt code to its field. */
void admin_text(admin *a, const char *utf8);
/* Backspace, Return (OK, or look the code up), Escape (back, or closed from status). */
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
void admin_view_get(const admin *a, admin_view *v);

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
/* "Export and erase": bundle verified with exported sessions, erased of them queued. */
void admin_export_erased(admin *a, const char *bundle, int exported, int erased);
/* rc: 0 found (f), 1 no session has the code, -1 failed (message). */
void admin_receipt_done(admin *a, int rc, const admin_found *f, const char *message);

#endif
