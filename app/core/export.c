#include "export.h"
#include "export_format.h"
#include "csv.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* ---- buffers that may hold a candidate's words ---- */

void export_buf_grow(export_buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *grown;
		while (cap < b->len + n + 1)
			cap *= 2;
		/* Moved by hand: realloc would leave the old copy in freed memory. */
		if ((grown = malloc(cap)) == NULL) {
			b->failed = true;
			return;
		}
		if (b->data != NULL) {
			memcpy(grown, b->data, b->len);
			explicit_bzero(b->data, b->cap);
			free(b->data);
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void put(export_buf *b, const char *s)
{
	export_buf_put(b, s, strlen(s));
}

void export_buf_free(export_buf *b)
{
	if (b->data != NULL) {
		explicit_bzero(b->data, b->cap);
		free(b->data);
	}
	*b = (export_buf){ 0 };
}

void export_wipe_free(char *text)
{
	if (text != NULL) {
		explicit_bzero(text, strlen(text));
		free(text);
	}
}

/* Length of the valid UTF-8 sequence at s (one code point), 0 if invalid:
 * the rules jansson applies (no overlong forms, surrogates or > U+10FFFF). */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2 || s[0] > 0xf4 || (s[1] & 0xc0) != 0x80)
		return 0;
	if (s[0] < 0xe0)
		return 2;
	if ((s[2] & 0xc0) != 0x80 || (s[0] == 0xe0 && s[1] < 0xa0) ||
	    (s[0] == 0xed && s[1] > 0x9f))
		return 0;
	if (s[0] < 0xf0)
		return 3;
	if ((s[3] & 0xc0) != 0x80 || (s[0] == 0xf0 && s[1] < 0x90) ||
	    (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return 4;
}

static bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		uint64_t word;
		/* Eight ASCII bytes at a time: most answers are mostly ASCII. */
		if (end - p >= 8) {
			memcpy(&word, p, 8);
			if ((word & UINT64_C(0x8080808080808080)) == 0) {
				p += 8;
				continue;
			}
		}
		size_t k = *p < 0x80 ? 1 : utf8_len(p);
		if (k == 0 || k > (size_t)(end - p))
			return false;
		p += k;
	}
	return true;
}

/* ---- the session JSON, written as jansson's JSON_INDENT(2) would ---- */

typedef struct {
	export_buf *b;
	int depth;
	bool first;         /* no member yet in the innermost object or array */
	bool bad;           /* a string was not valid UTF-8 */
} json_writer;

static void indent(json_writer *w)
{
	static const char spaces[] = "                                ";

	put(w->b, "\n");
	for (int n = 2 * w->depth; n > 0; n -= 32)
		export_buf_put(w->b, spaces, n < 32 ? (size_t)n : 32);
}

/* The separator and indent before a member; key NULL inside an array. */
static void member(json_writer *w, const char *key);

static void string(json_writer *w, const char *s, size_t n)
{
	const char *run = s, *end = s + n;
	char esc[8];

	if (!utf8_valid(s, n)) {
		w->bad = true;
		return;
	}
	put(w->b, "\"");
	for (const char *p = s; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		const char *text = NULL;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		switch (c) {
		case '"': text = "\\\""; break;
		case '\\': text = "\\\\"; break;
		case '\b': text = "\\b"; break;
		case '\f': text = "\\f"; break;
		case '\n': text = "\\n"; break;
		case '\r': text = "\\r"; break;
		case '\t': text = "\\t"; break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", c);
			text = esc;
		}
		export_buf_put(w->b, run, (size_t)(p - run));
		put(w->b, text);
		run = p + 1;
	}
	export_buf_put(w->b, run, (size_t)(end - run));
	put(w->b, "\"");
}

static void member(json_writer *w, const char *key)
{
	if (!w->first)
		put(w->b, ",");
	w->first = false;
	indent(w);
	if (key != NULL) {
		string(w, key, strlen(key));
		put(w->b, ": ");
	}
}

static void open_(json_writer *w, const char *key, const char *bracket)
{
	if (w->depth > 0)
		member(w, key);
	put(w->b, bracket);
	w->depth++;
	w->first = true;
}

static void close_(json_writer *w, const char *bracket)
{
	w->depth--;
	if (!w->first)          /* empty: "{}" and "[]" on one line */
		indent(w);
	put(w->b, bracket);
	w->first = false;
}

static void str_n(json_writer *w, const char *key, const char *s, size_t n)
{
	member(w, key);
	string(w, s, n);
}

#define STR_FIXED(w, key, m) str_n((w), (key), (m), strnlen((m), sizeof(m)))

static void text_or_null(json_writer *w, const char *key, const char *s)
{
	member(w, key);
	if (s == NULL)
		put(w->b, "null");
	else
		string(w, s, strlen(s));
}

static void integer(json_writer *w, const char *key, int64_t v)
{
	char num[32];

	member(w, key);
	snprintf(num, sizeof num, "%" PRId64, v);
	put(w->b, num);
}

static void boolean(json_writer *w, const char *key, bool v)
{
	member(w, key);
	put(w->b, v ? "true" : "false");
}

/* 0 is "no time": in progress, or lost without warning (see the schema). */
static void time_or_null(json_writer *w, const char *key, int64_t wall_ms)
{
	char t[32];

	member(w, key);
	if (wall_ms == 0) {
		put(w->b, "null");
		return;
	}
	session_format_time(wall_ms, t);
	put(w->b, "\"");
	put(w->b, t);
	put(w->b, "\"");
}

static void ms_or_null(json_writer *w, const char *key, int64_t ms)
{
	if (ms < 0) {
		member(w, key);
		put(w->b, "null");
	} else {
		integer(w, key, ms);
	}
}

static int question_count(const session_record *s)
{
	return s->question_count < 0 ? 0 : s->question_count < SESSION_MAX_QUESTIONS
	                                   ? s->question_count : SESSION_MAX_QUESTIONS;
}

/* The value of the first contact with this key; the name and an earlier
 * contact of the same key win over a later one. */
static const contact_field *contact(const session_record *s, const char *key, int *index)
{
	int n = s->contact_count < SESSION_MAX_CONTACTS ? s->contact_count
	                                                 : SESSION_MAX_CONTACTS;

	for (int i = 0; i < n; i++) {
		if (strncmp(s->contacts[i].key, key, SESSION_SHORT) == 0) {
			if (index != NULL)
				*index = i;
			return &s->contacts[i];
		}
	}
	return NULL;
}

static void candidate(json_writer *w, const session_record *s)
{
	int n = s->contact_count < SESSION_MAX_CONTACTS ? s->contact_count
	                                                 : SESSION_MAX_CONTACTS;
	char key[SESSION_SHORT];

	open_(w, "candidate", "{");
	text_or_null(w, "name", s->name);
	for (int i = 0, first; i < n; i++) {
		snprintf(key, sizeof key, "%.*s", (int)sizeof key - 1, s->contacts[i].key);
		if (strcmp(key, "name") == 0 || (contact(s, key, &first) && first != i))
			continue;
		text_or_null(w, key, s->contacts[i].value);
	}
	close_(w, "}");
}

static void answer(json_writer *w, const answer_record *a)
{
	open_(w, NULL, "{");
	STR_FIXED(w, "question_id", a->question_id);
	STR_FIXED(w, "type", a->type);
	text_or_null(w, "question_text", a->question_text);
	text_or_null(w, "answer", a->answer);
	time_or_null(w, "shown_at", a->shown_at);
	ms_or_null(w, "first_input_ms", a->first_input_ms);
	ms_or_null(w, "submitted_ms", a->submitted_ms);
	integer(w, "total_ms", a->total_ms);
	integer(w, "active_ms", a->active_ms);
	integer(w, "keystrokes", a->keystrokes);
	integer(w, "deletions", a->deletions);
	integer(w, "characters", a->characters);
	integer(w, "words", a->words);
	boolean(w, "timed_out", a->timed_out);
	boolean(w, "skipped", a->skipped);
	close_(w, "}");
}

int export_session_write(export_buf *b, const session_record *s)
{
	json_writer w = { .b = b };
	const char *status = session_status_name(s->status);

	open_(&w, NULL, "{");
	str_n(&w, "schema", EXPORT_SCHEMA_SESSION, strlen(EXPORT_SCHEMA_SESSION));
	STR_FIXED(&w, "session_id", s->id);
	integer(&w, "revision", s->revision);
	STR_FIXED(&w, "kiosk_id", s->kiosk_id);
	open_(&w, "event", "{");
	STR_FIXED(&w, "id", s->event_id);
	integer(&w, "threshold", s->threshold);
	open_(&w, "questions", "[");
	for (int i = 0; i < question_count(s); i++)
		STR_FIXED(&w, NULL, s->question_ids[i]);
	close_(&w, "]");
	STR_FIXED(&w, "hash", s->event_hash);
	close_(&w, "}");
	open_(&w, "pack", "{");
	STR_FIXED(&w, "id", s->pack_id);
	STR_FIXED(&w, "version", s->pack_version);
	STR_FIXED(&w, "hash", s->pack_hash);
	close_(&w, "}");
	STR_FIXED(&w, "language", s->language);
	open_(&w, "consent", "{");
	STR_FIXED(&w, "version", s->consent_version);
	time_or_null(&w, "given_at", s->consent_at);
	close_(&w, "}");
	candidate(&w, s);
	time_or_null(&w, "started_at", s->started_at);
	time_or_null(&w, "ended_at", s->ended_at);
	str_n(&w, "status", status, strlen(status));
	integer(&w, "time_percent", s->time_percent);
	open_(&w, "answers", "[");
	for (int i = 0; i < s->answer_count && i < SESSION_MAX_QUESTIONS; i++)
		answer(&w, &s->answers[i]);
	close_(&w, "]");
	close_(&w, "}");
	put(b, "\n");
	return w.bad || b->failed ? -1 : 0;
}

char *export_session_json(const session_record *s)
{
	export_buf b = { 0 };
	char *out;

	if (export_session_write(&b, s) != 0) {
		export_buf_free(&b);
		return NULL;
	}
	out = b.data;       /* handed over, not copied */
	return out;
}

json_t *export_questions_json(const session_record *s)
{
	json_t *arr = json_array();

	for (int i = 0; arr != NULL && i < question_count(s); i++) {
		const char *id = s->question_ids[i];
		json_t *v = json_stringn(id, strnlen(id, SESSION_SHORT));
		if (json_array_append_new(arr, v) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* ---- the CSV ---- */

/*
 * One RFC 4180 field, preceded by its separator unless it starts a row. A
 * field a spreadsheet would take for a formula gets a leading apostrophe
 * (OWASP's advice), which spreadsheets show as text and do not display.
 * Returns false when s is not valid UTF-8.
 */
static bool csv_field(export_buf *b, const char *s, size_t n, bool first)
{
	bool formula = csv_cell_neutral(s, n);
	const char *run = s, *end = s + n;

	if (!utf8_valid(s, n))
		return false;
	if (!first)
		put(b, ",");
	if (!formula && memchr(s, ',', n) == NULL && memchr(s, '"', n) == NULL &&
	    memchr(s, '\r', n) == NULL && memchr(s, '\n', n) == NULL) {
		export_buf_put(b, s, n);
		return true;
	}
	put(b, formula ? "\"'" : "\"");
	for (const char *p = s; p < end; p++) {
		if (*p != '"')
			continue;
		export_buf_put(b, run, (size_t)(p - run) + 1);
		run = p;        /* a quote is written twice */
	}
	export_buf_put(b, run, (size_t)(end - run));
	put(b, "\"");
	return true;
}

#define CSV_FIXED(b, m) csv_field((b), (m), strnlen((m), sizeof(m)), false)

static bool csv_text(export_buf *b, const char *s)
{
	return csv_field(b, s ? s : "", s ? strlen(s) : 0, false);
}

static void csv_num(export_buf *b, int64_t v, bool empty)
{
	char num[32];

	put(b, ",");
	if (!empty) {
		snprintf(num, sizeof num, "%" PRId64, v);
		put(b, num);
	}
}

/* Every contact field an event can ask for (event.c), in that order, so the
 * header is the same whichever fields the sessions hold. */
static const char *const csv_contacts[] = { "email", "phone", "city", "linkedin" };
#define NCONTACTS (sizeof csv_contacts / sizeof csv_contacts[0])

static void csv_time(export_buf *b, int64_t wall_ms)
{
	char t[32];

	put(b, ",");
	if (wall_ms != 0) {
		session_format_time(wall_ms, t);
		put(b, t);
	}
}

/* A session's own columns are the same on each of its rows: made once. */
static bool csv_session_cols(export_buf *b, const session_record *s)
{
	bool ok = csv_field(b, s->id, strnlen(s->id, sizeof s->id), true);

	ok = ok && CSV_FIXED(b, s->kiosk_id) && CSV_FIXED(b, s->event_id) &&
	     CSV_FIXED(b, s->pack_id) && CSV_FIXED(b, s->pack_version) &&
	     CSV_FIXED(b, s->language);
	put(b, ",");
	put(b, session_status_name(s->status));
	csv_time(b, s->started_at);
	csv_time(b, s->ended_at);
	ok = ok && csv_text(b, s->name);
	for (size_t i = 0; ok && i < NCONTACTS; i++) {
		const contact_field *c = contact(s, csv_contacts[i], NULL);
		ok = csv_text(b, c ? c->value : NULL);
	}
	return ok;
}

void export_csv_header(export_buf *b)
{
	/* The byte-order mark tells spreadsheets the file is UTF-8: without it
	 * Excel shows Arabic, Hindi, Chinese and Japanese as mojibake. */
	put(b, "\xef\xbb\xbf" "session_id,kiosk_id,event_id,pack_id,pack_version,"
	       "language,status,started_at,ended_at,candidate_name");
	for (size_t i = 0; i < NCONTACTS; i++) {
		put(b, ",contact_");
		put(b, csv_contacts[i]);
	}
	put(b, ",question_index,question_id,type,question_text,answer,shown_at,"
	       "first_input_ms,submitted_ms,total_ms,active_ms,keystrokes,deletions,"
	       "characters,words,timed_out,skipped\r\n");
}

/* The session's columns (prefix), then an answer's (a is NULL for none). */
static bool csv_row(export_buf *b, const export_buf *prefix, const answer_record *a,
                    int index)
{
	bool ok = true;

	export_buf_put(b, prefix->data, prefix->len);
	if (a == NULL) {
		put(b, ",,,,,,,,,,,,,,,,\r\n");
		return ok;
	}
	csv_num(b, index + 1, false);
	ok = ok && CSV_FIXED(b, a->question_id) && CSV_FIXED(b, a->type) &&
	     csv_text(b, a->question_text) && csv_text(b, a->answer);
	csv_time(b, a->shown_at);
	csv_num(b, a->first_input_ms, a->first_input_ms < 0);
	csv_num(b, a->submitted_ms, a->submitted_ms < 0);
	csv_num(b, a->total_ms, false);
	csv_num(b, a->active_ms, false);
	csv_num(b, a->keystrokes, false);
	csv_num(b, a->deletions, false);
	csv_num(b, a->characters, false);
	csv_num(b, a->words, false);
	put(b, a->timed_out ? ",true" : ",false");
	put(b, a->skipped ? ",true\r\n" : ",false\r\n");
	return ok;
}

int export_csv_rows(export_buf *b, const session_record *s)
{
	export_buf prefix = { 0 };
	int n = s->answer_count < SESSION_MAX_QUESTIONS ? s->answer_count
	                                                 : SESSION_MAX_QUESTIONS;
	bool ok = csv_session_cols(&prefix, s) && !prefix.failed;

	/* A session without answers still shows up, once. */
	if (ok && n <= 0)
		ok = csv_row(b, &prefix, NULL, 0);
	for (int i = 0; ok && i < n; i++)
		ok = csv_row(b, &prefix, &s->answers[i], i);
	export_buf_free(&prefix);
	return ok && !b->failed ? 0 : -1;
}

char *export_sessions_csv(const session_record *list, int count)
{
	export_buf b = { 0 };
	int rc = 0;

	export_csv_header(&b);
	for (int n = 0; rc == 0 && n < count; n++)
		rc = export_csv_rows(&b, &list[n]);
	if (rc != 0 || b.failed) {
		export_buf_free(&b);
		return NULL;
	}
	return b.data;
}
