/*
 * audit.h — the admin audit trail and the PIN lock (SPEC §7), kept in the
 * session store's database: every admin action with its time, and the
 * count of wrong PINs with the time the lock ends, so that a restart does
 * not lift a lock. Plain store calls; in the running kiosk the writer
 * thread makes them (the drawing thread never waits on the disk).
 */
#ifndef PRESCREEN_AUDIT_H
#define PRESCREEN_AUDIT_H

#include <stdint.h>

#include "store.h"

/* Actions: "login", "pin-wrong", "locked", "event-change", "pack-install",
 * "export", "export-failed", "export-erase" ("N BUNDLE": the sessions of a
 * verified bundle erased), "erase" ("CODE ID": one session by its receipt
 * code), "extra-time", "leave", "close". detail is free text without
 * candidates' data (a bundle's folder, an event id, a session id). */
int audit_add(store *st, int64_t wall_ms, const char *action, const char *detail);

typedef int (*audit_each_fn)(void *ctx, int64_t wall_ms, const char *action, const char *detail);
/* Oldest first; non-zero from fn stops. 0, 1 stopped, -1 error. */
int audit_each(store *st, audit_each_fn fn, void *ctx);

typedef struct {
	int failures;                /* wrong PINs in a row */
	int64_t locked_until_ms;     /* wall ms; 0 when not locked */
} audit_lock;

int audit_lock_get(store *st, audit_lock *out);
int audit_lock_put(store *st, const audit_lock *l);

#endif
