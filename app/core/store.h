/*
 * store.h — the crash-safe session store (SPEC §5). One SQLite database,
 * WAL, synchronous=FULL, file mode 0600, in the data directory. A session is
 * always written whole in one transaction, so a kill -9 leaves either the
 * previous or the new version of it, never a mix.
 */
#ifndef PRESCREEN_STORE_H
#define PRESCREEN_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "session.h"

typedef struct store store;

typedef struct {
	int total;
	int completed;
	int abandoned;
	int interrupted;
	int in_progress;
	int today;          /* sessions started on the current UTC day */
} store_counts;

/*
 * Opens (creating when missing) DIR/prescreen.db. DIR must exist or be
 * creatable (mode 0700). On failure returns NULL and writes one line naming
 * the path and the problem into err.
 */
store *store_open(const char *dir, char *err, size_t errlen);
/*
 * Opens an existing DIR/prescreen.db only to read it, creating and changing
 * nothing in DIR, even on a read-only disk: for export and rescue. A DIR
 * without a database gets "DIR: no prescreen database here".
 */
store *store_open_read_only(const char *dir, char *err, size_t errlen);
void store_close(store *st);

/*
 * From now on every candidate payload (name, contacts, answers) store_put
 * writes is sealed for pk (seal.h) and kept only as that box: in clear stay
 * ids, status, times, counts and sizes. NULL turns sealing off (an unsealed
 * event). Sessions already stored in clear are sealed in place. 0 or -1.
 */
int store_set_seal_key(store *st, const unsigned char *pk);

/* The last error as one line naming the database path. */
const char *store_error(const store *st);

/*
 * Marks every session still in progress as interrupted (ended_at stays 0;
 * saved answers are kept). Returns how many, or -1 on error.
 */
int store_recover(store *st);

/*
 * Inserts or replaces the session and all its answers, in one transaction.
 * On a full disk the WAL is checkpointed and truncated and the write tried
 * once more.
 */
int store_put(store *st, const session_record *s);

/*
 * Loads every session, ordered by id, into a newly allocated array the caller
 * releases with store_free_sessions. Returns 0 or -1.
 */
int store_load_all(store *st, session_record **out, int *count);
/* Loads one session by id; returns 0, 1 when not found, -1 on error. */
int store_load(store *st, const char *id, session_record *out);
void store_free_sessions(session_record *list, int count);

/* Called for each session; the record is wiped after. Non-zero stops. */
typedef int (*store_each_fn)(void *ctx, const session_record *s);
/*
 * Passes every session, ordered by id and from one snapshot, to fn, one at a
 * time: memory stays that of one session however many there are. Returns 0,
 * 1 when fn stopped it, -1 on error (store_error says why).
 */
int store_each(store *st, store_each_fn fn, void *ctx);

/*
 * Whether sessions were recorded for event_id under another event hash (its
 * questions or threshold changed since): 1 yes, 0 no, -1 error.
 */
int store_event_changed(store *st, const char *event_id, const char *event_hash);

/* Removes one session and its answers in one transaction (secure_delete:
 * the bytes are overwritten). An id not in the store is not an error. */
int store_delete(store *st, const char *id);
/*
 * Between candidates: the WAL is checkpointed and truncated, so the data
 * directory holds only the current version of each session, and SQLite's
 * page cache is released (its freed pages are wiped). 0 or -1.
 */
int store_scrub(store *st);

/*
 * The session whose receipt code (receipt.h) is code, any spelling
 * receipt_normalise takes: 0 and its id, 1 when none has it, -1 on error.
 */
int store_find_receipt(store *st, const char *code, char id[SESSION_ID_LEN + 1]);
/*
 * Retention (SPEC §14): removes every session that started before cutoff
 * (wall ms), in one transaction. Returns how many, or -1 on error.
 */
int store_purge_before(store *st, int64_t cutoff_ms);

/* today_prefix is "YYYY-MM-DD" in UTC. */
int store_count(store *st, const char *today_prefix, store_counts *out);

#endif
