/*
 * store_rows.h — private to the store: how a session_record maps onto the
 * columns of its sessions row and of its answers rows, both ways. The column
 * lists here are the SQL's; binding and reading follow their order.
 */
#ifndef PRESCREEN_STORE_ROWS_H
#define PRESCREEN_STORE_ROWS_H

#include <stddef.h>
#include <sqlite3.h>
#include "session.h"

/* Schema version 1 ends at status; version 2 added revision, 3 time_percent. */
#define STORE_SESSION_COLS_V1 \
	"id, kiosk_id, event_id, event_hash, threshold, pack_id, pack_version, " \
	"pack_hash, language, consent_version, consent_at, name, started_at, " \
	"ended_at, question_ids, contacts, status"
#define STORE_SESSION_COLS_V2 STORE_SESSION_COLS_V1 ", revision"
#define STORE_SESSION_COLS STORE_SESSION_COLS_V2 ", time_percent"
#define STORE_SESSION_NCOLS 19
/* The kiosk store's own (schema 5), after the session columns: the review
 * store shares the columns above, not these. */
#define STORE_SEALED_COLS "sealed, sealed_key"
#define STORE_ANSWER_COLS \
	"question_id, type, question_text, answer, shown_at, first_input_ms, " \
	"submitted_ms, total_ms, active_ms, keystrokes, deletions, characters, " \
	"words, timed_out, skipped, submitted"

/* Text bound without copying; a fixed buffer is never read past cap. */
void store_bind_text(sqlite3_stmt *q, int col, const char *text, size_t cap);
/* From parameter col on; -1 when a question id or contact is not UTF-8. */
int store_bind_session(sqlite3_stmt *q, int col, const session_record *s);
void store_bind_answer(sqlite3_stmt *q, int col, const answer_record *a);
/* From column 0 of the current row; each returns an SQLite code. */
int store_read_session(sqlite3_stmt *q, session_record *s);
int store_read_answer(sqlite3_stmt *q, answer_record *a);

#endif
