#include "export.h"
#include "export_format.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

static json_t *time_or_null(int64_t wall_ms)
{
	char t[32];

	/* 0 is "no time": an in-progress session, or one the kiosk lost
	 * without warning (recovered at the next start). */
	if (wall_ms == 0)
		return json_null();
	session_format_time(wall_ms, t);
	return json_string(t);
}

static json_t *ms_or_null(int64_t ms)
{
	return ms < 0 ? json_null() : json_integer(ms);
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *answer_json(const answer_record *a)
{
	return json_pack("{s:s%, s:s%, s:o, s:o, s:o, s:o, s:o, s:I, s:I,"
	                 " s:i, s:i, s:i, s:i, s:b, s:b}",
		"question_id", FIXED(a->question_id),
		"type", FIXED(a->type),
		"question_text", text_or_null(a->question_text),
		"answer", text_or_null(a->answer),
		"shown_at", time_or_null(a->shown_at),
		"first_input_ms", ms_or_null(a->first_input_ms),
		"submitted_ms", ms_or_null(a->submitted_ms),
		"total_ms", (json_int_t)a->total_ms,
		"active_ms", (json_int_t)a->active_ms,
		"keystrokes", a->keystrokes,
		"deletions", a->deletions,
		"characters", a->characters,
		"words", a->words,
		"timed_out", (int)a->timed_out,
		"skipped", (int)a->skipped);
}

json_t *export_questions_json(const session_record *s)
{
	json_t *arr = json_array();
	int n = s->question_count < SESSION_MAX_QUESTIONS ? s->question_count
	                                                   : SESSION_MAX_QUESTIONS;

	for (int i = 0; arr != NULL && i < n; i++) {
		const char *id = s->question_ids[i];
		json_t *v = json_stringn(id, strnlen(id, SESSION_SHORT));
		if (json_array_append_new(arr, v) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *candidate_json(const session_record *s)
{
	json_t *o = json_pack("{s:o}", "name", text_or_null(s->name));
	int n = s->contact_count < SESSION_MAX_CONTACTS ? s->contact_count
	                                                 : SESSION_MAX_CONTACTS;
	char key[SESSION_SHORT];

	for (int i = 0; o != NULL && i < n; i++) {
		const contact_field *c = &s->contacts[i];
		snprintf(key, sizeof key, "%.*s", (int)sizeof key - 1, c->key);
		/* A contact may not overwrite the name or an earlier contact. */
		if (json_object_get(o, key) != NULL)
			continue;
		if (json_object_set_new(o, key, text_or_null(c->value)) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

json_t *export_session_object(const session_record *s)
{
	json_t *answers = json_array();

	for (int i = 0; answers != NULL && i < s->answer_count &&
	     i < SESSION_MAX_QUESTIONS; i++) {
		if (json_array_append_new(answers, answer_json(&s->answers[i]))) {
			json_decref(answers);
			return NULL;
		}
	}
	return json_pack("{s:s, s:s%, s:I, s:s%, s:{s:s%, s:i, s:o, s:s%},"
	                 " s:{s:s%, s:s%, s:s%}, s:s%, s:{s:s%, s:o}, s:o,"
	                 " s:o, s:o, s:s, s:o}",
		"schema", EXPORT_SCHEMA_SESSION,
		"session_id", FIXED(s->id),
		"revision", (json_int_t)s->revision,
		"kiosk_id", FIXED(s->kiosk_id),
		"event",
			"id", FIXED(s->event_id),
			"threshold", s->threshold,
			"questions", export_questions_json(s),
			"hash", FIXED(s->event_hash),
		"pack",
			"id", FIXED(s->pack_id),
			"version", FIXED(s->pack_version),
			"hash", FIXED(s->pack_hash),
		"language", FIXED(s->language),
		"consent",
			"version", FIXED(s->consent_version),
			"given_at", time_or_null(s->consent_at),
		"candidate", candidate_json(s),
		"started_at", time_or_null(s->started_at),
		"ended_at", time_or_null(s->ended_at),
		"status", session_status_name(s->status),
		"answers", answers);
}

char *export_dump(const json_t *root)
{
	char *text = root ? json_dumps(root, DUMP_FLAGS) : NULL;
	size_t len = text ? strlen(text) : 0;
	char *out = text ? malloc(len + 2) : NULL;

	/* Copied rather than grown: realloc would leave the text behind. */
	if (out != NULL) {
		memcpy(out, text, len);
		memcpy(out + len, "\n", 2);
	}
	export_wipe_free(text);
	return out;
}

void export_wipe_free(char *text)
{
	if (text != NULL) {
		explicit_bzero(text, strlen(text));
		free(text);
	}
}

char *export_session_json(const session_record *s)
{
	json_t *root = export_session_object(s);
	char *text = export_dump(root);

	json_decref(root);
	return text;
}

/*
 * One RFC 4180 field, preceded by its separator unless it starts a row. A
 * field a spreadsheet would take for a formula gets a leading apostrophe
 * (OWASP's advice), which spreadsheets show as text and do not display.
 */
static void csv_field(FILE *f, const char *s, bool first)
{
	bool formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;

	if (!first)
		fputc(',', f);
	if (!formula && s[strcspn(s, ",\"\r\n")] == '\0') {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);    /* a quote is written twice */
		fputc(*s, f);
	}
	fputc('"', f);
}

/* A JSON value as a CSV field: null is empty, booleans are true/false. */
static void csv_json(FILE *f, json_t *v, bool first)
{
	char num[32];
	const char *text = "";

	if (json_is_string(v))
		text = json_string_value(v);
	else if (json_is_integer(v) && snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
	                                        json_integer_value(v)) > 0)
		text = num;
	else if (json_is_boolean(v))
		text = json_is_true(v) ? "true" : "false";
	csv_field(f, text, first);
}

/* Session columns as (header, member, member of that): the CSV is made
 * from the same JSON as the session files, so the two cannot disagree. */
static const char *const csv_session_cols[][3] = {
	{ "session_id", "session_id", NULL }, { "kiosk_id", "kiosk_id", NULL },
	{ "event_id", "event", "id" }, { "pack_id", "pack", "id" },
	{ "pack_version", "pack", "version" }, { "language", "language", NULL },
	{ "status", "status", NULL }, { "started_at", "started_at", NULL },
	{ "ended_at", "ended_at", NULL }, { "candidate_name", "candidate", "name" },
};
/* Every contact field an event can ask for (event.c), in that order, so the
 * header is the same whichever fields the sessions hold. */
static const char *const csv_contacts[] = { "email", "phone", "city", "linkedin" };
/* After question_index, each is a member of the answer object. */
static const char *const csv_answer_cols[] = {
	"question_index", "question_id", "type", "question_text", "answer",
	"shown_at", "first_input_ms", "submitted_ms", "total_ms", "active_ms",
	"keystrokes", "deletions", "characters", "words", "timed_out", "skipped",
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

void export_csv_header(FILE *f)
{
	char name[32];
	size_t i;

	/* The byte-order mark tells spreadsheets the file is UTF-8: without it
	 * Excel shows Arabic, Hindi, Chinese and Japanese as mojibake. */
	fputs("\xef\xbb\xbf", f);
	for (i = 0; i < COUNT(csv_session_cols); i++)
		csv_field(f, csv_session_cols[i][0], i == 0);
	for (i = 0; i < COUNT(csv_contacts); i++) {
		snprintf(name, sizeof name, "contact_%s", csv_contacts[i]);
		csv_field(f, name, false);
	}
	for (i = 0; i < COUNT(csv_answer_cols); i++)
		csv_field(f, csv_answer_cols[i], false);
	fputs("\r\n", f);
}

static void csv_row(FILE *f, json_t *s, json_t *answer, int index)
{
	json_t *cand = json_object_get(s, "candidate");
	char num[16];

	for (size_t i = 0; i < COUNT(csv_session_cols); i++) {
		const char *const *c = csv_session_cols[i];
		json_t *v = json_object_get(s, c[1]);
		csv_json(f, c[2] ? json_object_get(v, c[2]) : v, i == 0);
	}
	for (size_t k = 0; k < COUNT(csv_contacts); k++)
		csv_json(f, json_object_get(cand, csv_contacts[k]), false);
	snprintf(num, sizeof num, "%d", index + 1);
	csv_field(f, answer ? num : "", false);
	for (size_t i = 1; i < COUNT(csv_answer_cols); i++)
		csv_json(f, json_object_get(answer, csv_answer_cols[i]), false);
	fputs("\r\n", f);
}

void export_csv_rows(FILE *f, json_t *session)
{
	json_t *answers = json_object_get(session, "answers");

	/* A session without answers still shows up, once. */
	csv_row(f, session, json_array_get(answers, 0), 0);
	for (size_t a = 1; a < json_array_size(answers); a++)
		csv_row(f, session, json_array_get(answers, a), (int)a);
}

char *export_sessions_csv(const session_record *list, int count)
{
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);
	bool ok = f != NULL;

	if (ok)
		export_csv_header(f);
	for (int n = 0; ok && n < count; n++) {
		json_t *s = export_session_object(&list[n]);
		if ((ok = s != NULL))
			export_csv_rows(f, s);
		json_decref(s);
	}
	/* A failed allocation inside the stream shows up as an error. */
	if (f != NULL && (ferror(f) || fclose(f) != 0))
		ok = false;
	if (!ok) {
		free(out);
		out = NULL;
	}
	return out;
}
