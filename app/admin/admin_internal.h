/*
 * admin_internal.h — the admin state machine's state, shared by admin.c
 * (the PIN pad, the lock, navigation, status), admin_media.c (packs and
 * export), admin_event.c (the event editor's draft) and admin_erase.c (one
 * session erased by its receipt code). Private to app/admin.
 */
#ifndef PRESCREEN_ADMIN_INTERNAL_H
#define PRESCREEN_ADMIN_INTERNAL_H

#include "admin.h"

struct admin {
	flow_clock clock;
	admin_host host;
	flow_translate translate;
	void *translate_ctx;
	admin_screen screen;
	uint64_t version;
	char language[16];
	const event_config *ev;         /* the running event */
	const pack *p;                  /* its pack, or a newly installed one */
	char pack_hash[HASH_TAGGED_LEN + 1];
	audit_lock lock;
	int shown_lock_s;               /* the countdown last shown */

	char pin[ADMIN_PIN_MAX + 1];
	int pin_len;
	bool checking, pin_wrong;

	bool status_ready;
	admin_status status;
	int extra;

	event_config draft;
	int page;
	admin_refusal refused;
	bool saving, event_done, event_ok;
	char event_message[256];
	char old_id[SESSION_SHORT], new_id[SESSION_SHORT];

	bool scanning, scanned, installing;
	admin_place targets[ADMIN_MAX_PLACES], packs[ADMIN_MAX_PLACES];
	int ntargets, npacks;

	admin_export_state export_state;
	long long done_bytes, total_bytes;
	bool export_ok;
	char export_message[256];
	char export_target[160];
	bool export_erase;              /* the export asked or running erases after */
	int erase_target;               /* the stick the confirm waits with */
	int exported, erased;           /* -1 unless a verified export and erase */

	textbuf code;                   /* the receipt code as typed */
	admin_erase_state erase_state;
	char erase_code[RECEIPT_LEN + 1];
	admin_found found;
	char erase_message[256];
};

void admin_changed(admin *a);
void admin_audit(admin *a, const char *action, const char *detail);
void admin_ask_status(admin *a);
void admin_scan(admin *a);
/* A host call runs (save, install, export): tabs and close wait. */
bool admin_busy(const admin *a);
/* From the packs back to the event screen: the draft as it was left. */
void admin_back_to_draft(admin *a);

/* admin_media.c */
bool admin_press_packs(admin *a, const char *id);
bool admin_press_export(admin *a, const char *id);

/* admin_erase.c */
void admin_erase_reset(admin *a);
bool admin_erase_press(admin *a, const char *id);
void admin_erase_text(admin *a, const char *utf8);
void admin_erase_key(admin *a, flow_key_id key);

/* admin_event.c */
/* The draft starts over from the running event (a new pack: its default selection). */
void admin_event_reset(admin *a, bool new_pack);
bool admin_event_press(admin *a, const char *id);
void admin_event_view(const admin *a, admin_view *v);

#endif
