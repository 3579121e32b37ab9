/*
 * pack.h — a question pack (SPEC §6): pack.json's source-language strings,
 * loaded and checked. Translations live in the pack's own po/ and are looked
 * up through i18n.h; this module owns only the source.
 */
#ifndef PRESCREEN_PACK_H
#define PRESCREEN_PACK_H

#include <limits.h>
#include "diag.h"
#include "hash.h"

#define PACK_SHORT 64

typedef enum {
	QTYPE_GENERAL,
	QTYPE_EXPERIENCE,
	QTYPE_BEHAVIORAL,
	QTYPE_SITUATIONAL,
	QTYPE_MOTIVATION,
	QTYPE_COUNT_
} question_type;

typedef struct {
	char id[PACK_SHORT];
	question_type type;
	char *text;
	char *look_for;
	char *red_flag;
	char *anchor[3];      /* what scores 1, 3 and 5 look like */
} pack_question;

/*
 * A calibration sample (SPEC §9): an answer with the score the pack's
 * authors gave it and why, for reviewers to score before the real sessions.
 * answer and why are translated like every pack string ("cal01|answer",
 * "cal01|why"); language is the language the sample was written in.
 */
typedef struct {
	char id[PACK_SHORT];
	char question_id[PACK_SHORT];
	char language[16];
	char *answer;
	int score;            /* 1..5 */
	char *why;
} pack_sample;

typedef struct {
	char dir[PATH_MAX];
	char id[PACK_SHORT];
	char version[PACK_SHORT];
	char hash[HASH_TAGGED_LEN + 1];  /* of pack.json's bytes */
	char *title;
	char *role;
	int question_count;
	pack_question *questions;
	int sample_count;
	pack_sample *samples;
} pack;

/* "general", "experience", ...; NULL for an out-of-range value. */
const char *pack_type_name(question_type t);
int pack_type_parse(const char *name, question_type *out);

/*
 * Loads DIR/pack.json. Every problem goes to d as "DIR/pack.json:line: ...".
 * Returns 0 when d gained no error (the pack is then usable), else -1 and
 * *out is released.
 */
int pack_load(const char *dir, pack *out, diag_list *d);
void pack_free(pack *p);
const pack_question *pack_find(const pack *p, const char *id);

/*
 * Names each line of text that holds invalid UTF-8 (by jansson's rules; at
 * most 20 lines) as "file:line: invalid UTF-8 (byte 0x..)" and replaces
 * every bad byte with '?', so that a parser can still check the rest in the
 * same run. Returns how many bytes it replaced.
 */
size_t pack_utf8_patch(const char *file, char *text, size_t len, diag_list *d);

#endif
