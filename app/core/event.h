/*
 * event.h — the event file of SPEC §7: which pack and questions, languages on
 * offer, time limits, kiosk id, contact fields, pass threshold. JSON on disk;
 * defaults for the bundled pack when no file is given. The event hash covers
 * what may not change once a session is recorded (questions, threshold, pack).
 */
#ifndef PRESCREEN_EVENT_H
#define PRESCREEN_EVENT_H

#include "diag.h"
#include "hash.h"
#include "pack.h"
#include "session.h"

#define EVENT_MAX_LANGUAGES 9

typedef struct {
	char id[SESSION_SHORT];
	char title[256];
	char pack_id[SESSION_SHORT];
	int question_count;
	char questions[SESSION_MAX_QUESTIONS][SESSION_SHORT];
	int language_count;
	char languages[EVENT_MAX_LANGUAGES][16];
	int time_limit_s;        /* per answer; 0 = no limit */
	int idle_s;              /* no input this long -> "Are you still there?" */
	int idle_prompt_s;       /* the prompt's own countdown before abandoning */
	int done_s;              /* the thank-you screen's stay */
	int max_answer_chars;    /* grapheme clusters per answer */
	char kiosk_id[SESSION_SHORT];
	int contact_count;
	char contacts[SESSION_MAX_CONTACTS][SESSION_SHORT];  /* "email", "phone" */
	int threshold;           /* 0..100 */
	char consent_version[16];
	char pin_hash[256];      /* Argon2id string; empty = none set */
	char hash[HASH_TAGGED_LEN + 1];
} event_config;

/* Defaults for pack p: its first questions of a seed-like mix, all nine languages. */
void event_defaults(event_config *ev, const pack *p);
/*
 * Loads an event file over the defaults, checks it against the pack and adds
 * every problem to d as "path:line: ...". Shortfalls against the seed's mix
 * are warnings. Returns 0 when no error was added.
 */
int event_load(const char *path, const pack *p, event_config *ev, diag_list *d);
/* Recomputes ev->hash from pack identity, questions and threshold. */
void event_rehash(event_config *ev, const pack *p);

#endif
