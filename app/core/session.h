/*
 * session.h — the record of one candidate's session: what is stored (store.c)
 * and exported (export.c). Owns no behaviour beyond allocation; the flow fills
 * it in, the store persists it whole, the exporter serialises it.
 *
 * Times: *_at fields are UTC wall-clock milliseconds since the epoch (0 = not
 * yet); *_ms durations come from the monotonic (or virtual) clock only.
 */
#ifndef PRESCREEN_SESSION_H
#define PRESCREEN_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SESSION_ID_LEN 26          /* ULID, Crockford base32 */
#define SESSION_MAX_QUESTIONS 8
#define SESSION_MAX_CONTACTS 4
#define SESSION_SHORT 64           /* ids, codes, versions */
#define SESSION_HASH 72            /* "sha256:" + 64 hex + NUL */

typedef enum {
	SESSION_IN_PROGRESS,
	SESSION_COMPLETED,
	SESSION_ABANDONED,
	SESSION_INTERRUPTED,
} session_status;

typedef struct {
	char question_id[SESSION_SHORT];
	char type[SESSION_SHORT];
	char *question_text;        /* as shown, in the session's language */
	char *answer;               /* UTF-8, NFC; never NULL once shown */
	int64_t shown_at;           /* wall ms */
	int64_t first_input_ms;     /* after shown; -1 = no input */
	int64_t submitted_ms;       /* after shown; -1 = not submitted */
	int64_t total_ms;           /* time this question was on screen */
	int64_t active_ms;          /* time spent typing (gaps under 5 s) */
	int keystrokes;
	int deletions;
	int characters;             /* grapheme clusters */
	int words;                  /* ICU word boundaries */
	bool timed_out;
	bool skipped;
	bool submitted;
} answer_record;

typedef struct {
	char key[SESSION_SHORT];    /* "email", "phone", ... */
	char *value;
} contact_field;

typedef struct {
	char id[SESSION_ID_LEN + 1];
	int64_t revision;           /* grows with every save: a merge keeps the highest */
	char kiosk_id[SESSION_SHORT];
	char event_id[SESSION_SHORT];
	char event_hash[SESSION_HASH];
	int threshold;
	int question_count;
	char question_ids[SESSION_MAX_QUESTIONS][SESSION_SHORT];
	char pack_id[SESSION_SHORT];
	char pack_version[SESSION_SHORT];
	char pack_hash[SESSION_HASH];
	char language[16];
	char consent_version[16];
	int64_t consent_at;
	char *name;
	int contact_count;
	contact_field contacts[SESSION_MAX_CONTACTS];
	int64_t started_at;
	/* Extra time granted by staff as an accommodation: every time limit of
	 * this session × time_percent / 100 (100, 125, 150 or 200). */
	int time_percent;
	/*
	 * When the session ended, by status: completed = when the last answer
	 * was given; abandoned = when the idle prompt ran out (not when the
	 * flow next ticked); interrupted = when the kiosk was stopped (SIGTERM,
	 * flow_shutdown) or lost its display (flow_interrupt). 0 while in
	 * progress, and after a kill -9: the store's recovery marks such a
	 * session interrupted without an end time, for none is known.
	 */
	int64_t ended_at;
	session_status status;
	int answer_count;           /* questions shown so far */
	answer_record answers[SESSION_MAX_QUESTIONS];
	/*
	 * A sealed store's session (SPEC §14) as store_load gives it: the
	 * prescreen.session.v1 JSON sealed for the reviewing team's key, copied
	 * byte for byte into the bundle; name, contacts and answer texts are
	 * then empty, for the kiosk cannot read them. NULL when in clear.
	 */
	unsigned char *sealed;
	size_t sealed_len;
	unsigned char sealed_key[32];   /* the public key it is sealed for (seal.h) */
} session_record;

/* Zeroes *s; pointers become NULL. */
void session_init(session_record *s);
/* Frees every owned string and re-initialises *s. */
void session_clear(session_record *s);
/* Deep copy of src into dst (dst is cleared first). Returns 0, -1 on OOM. */
int session_copy(session_record *dst, const session_record *src);
/* Replaces *slot with a copy of value (NULL allowed). Returns 0, -1 on OOM. */
int session_set_string(char **slot, const char *value);

const char *session_status_name(session_status st);
/* Returns 0 and sets *out, or -1 for an unknown name. */
int session_status_parse(const char *name, session_status *out);

/* Formats wall ms as "2026-11-29T10:02:05Z" (second precision, UTC). */
void session_format_time(int64_t wall_ms, char out[32]);
/* Parses the same format back; returns -1 when malformed. */
int session_parse_time(const char *text, int64_t *wall_ms);

#endif
