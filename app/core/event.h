/*
 * event.h — the event file of SPEC §7: which pack and questions, languages on
 * offer, time limits, kiosk id, contact fields, pass threshold. JSON on disk;
 * defaults for the bundled pack when no file is given. The event hash covers
 * what may not change once a session is recorded (questions, threshold, pack).
 */
#ifndef PRESCREEN_EVENT_H
#define PRESCREEN_EVENT_H

#include <stdbool.h>

#include "diag.h"
#include "hash.h"
#include "pack.h"
#include "session.h"

#define EVENT_MAX_LANGUAGES 9

#define EVENT_TITLE_MAX 256
/* The seed's slot per candidate; event_load warns when the answers' time
 * limits add up to more or less. */
#define EVENT_SLOT_MIN_S (20 * 60)
#define EVENT_SLOT_MAX_S (30 * 60)
#define EVENT_CONSENT_LABEL_MAX 6   /* + "-" + 8 hex fits session consent_version */

typedef struct {
	char id[SESSION_SHORT];
	/* "title" as a string, shown in every language; "" when the file gives
	 * none or gives one per language (then the pack's title is the fallback). */
	char title[EVENT_TITLE_MAX];
	int title_count;                        /* "title" as {"en": ..., "de": ...} */
	char title_langs[EVENT_MAX_LANGUAGES][16];
	char titles[EVENT_MAX_LANGUAGES][EVENT_TITLE_MAX];
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
	char consent_version[16]; /* the label; sessions store label-texthash */
	/* Named in the consent text: who is responsible, whom to write to, how long data is kept. */
	char organisation[256];
	char contact[256];
	int retention_days;      /* 1..3650 */
	bool practice;           /* a practice question after identity, not recorded */
	char pin_hash[256];      /* Argon2id string; empty = none set */
	/*
	 * Sealed data (SPEC §14): "public_key" (base64, seal.h) seals every
	 * candidate payload for the reviewing team. An event file that names no
	 * key must say "sealed": false; event_defaults (the bundled default
	 * event) runs unsealed, which admin status shows in red.
	 */
	bool has_public_key;
	unsigned char public_key[32];
	bool unsealed;
	char hash[HASH_TAGGED_LEN + 1];
} event_config;

/*
 * The selection against the seed's mix (SPEC §7): how many questions of each
 * type, and what falls short (at least one background, two specific past
 * experiences, one situational or motivation). Live in the admin screen,
 * warnings in event check.
 */
typedef struct {
	int count[QTYPE_COUNT_];
	bool no_background;       /* no "general" */
	bool few_experience;      /* under two "experience" or "behavioral" */
	bool no_situational;      /* no "situational" or "motivation" */
} event_mix;
void event_mix_count(const event_config *ev, const pack *p, event_mix *out);

/* Defaults for pack p: its first questions of a seed-like mix, all nine languages. */
void event_defaults(event_config *ev, const pack *p);
/*
 * Loads an event file over the defaults, checks it against the pack and adds
 * every problem to d as "path:line: ...". Shortfalls against the seed's mix
 * are warnings. Returns 0 when no error was added.
 */
int event_load(const char *path, const pack *p, event_config *ev, diag_list *d);
/*
 * The event's own title in language: the per-language one, else the plain
 * string, else NULL (then the pack's title, translated, is shown).
 */
const char *event_title(const event_config *ev, const char *language);
/* Recomputes ev->hash from pack identity, questions and threshold. */
void event_rehash(event_config *ev, const pack *p);

#endif
