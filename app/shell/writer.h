/*
 * writer.h — the thread that owns the store once the kiosk runs (issue 6,
 * point 10). The drawing thread hands it whole-session copies, erases and
 * scrubs and never waits for the disk; the writer commits them in the order
 * given and reports each save's outcome back. A queued save that has not
 * started yet is replaced by a newer save of the same session (each save is
 * the whole session, so the latest revision is all that needs writing), and
 * dropped by an erase of it, so nothing queued can bring an erased session
 * back. Every copy is wiped once written.
 */
#ifndef PRESCREEN_WRITER_H
#define PRESCREEN_WRITER_H

#include <stdbool.h>
#include <stdint.h>

#include "audit.h"
#include "session.h"
#include "store.h"

typedef struct writer writer;

typedef struct {
	char id[SESSION_ID_LEN + 1];
	int64_t rev;        /* the revision written (saves); 0 for an erase */
	bool erase;
	bool ok;
} writer_result;

/*
 * Starts the thread; it owns st (opened on data_dir) until writer_stop.
 * notify(ctx), when given, is called on the writer's thread whenever a
 * result is waiting. The kiosk passes none and polls writer_pending instead:
 * an SDL event pushed from this thread makes SDL write to the X server from
 * it, and a dead server's error would then strike on this thread.
 */
writer *writer_start(store *st, const char *data_dir, void (*notify)(void *ctx), void *ctx);
/* Queues a deep copy of *s. 0, or -1 when out of memory (nothing queued). */
int writer_save(writer *w, const session_record *s);
/* Queues the removal of a session, after everything queued before it. */
int writer_erase(writer *w, const char *session_id);
/*
 * Between candidates: queues a store_scrub, then the connection is closed and
 * opened again (SQLite keeps a cell's image in a scratch page and recycles
 * its buffers until it closes) and the writer wipes its own stack.
 */
void writer_scrub(writer *w);
/*
 * Admin mode's writes (audit.h), in order with the sessions' and with no
 * result to take: a refusal is one line on stderr. 0, or -1 when out of
 * memory (nothing queued).
 */
int writer_audit(writer *w, int64_t wall_ms, const char *action, const char *detail);
int writer_lock_put(writer *w, const audit_lock *l);
/*
 * The reviewing team's key (SPEC §14), NULL for an unsealed event: every save
 * queued after it is sealed for it, on this thread, and the sessions stored in
 * clear are sealed in place first. It stays in force across the scrub's
 * reopening. 0, or -1 when out of memory (nothing queued).
 */
int writer_seal_key(writer *w, const unsigned char *pk);
/* Returns once everything queued so far is written (or has failed). */
void writer_drain(writer *w);
/* Something queued is not written yet, or a result is not yet taken. */
bool writer_pending(writer *w);
/* Takes the oldest result not yet taken; false when there is none. */
bool writer_next_result(writer *w, writer_result *out);
/* Drains, ends the thread and frees w; returns the store (the caller's again). */
store *writer_stop(writer *w);

#endif
