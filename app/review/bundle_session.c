/*
 * bundle_session.c — prescreen.session.v1 read back into a session_record,
 * the inverse of export_session_json. Strict: a field missing, of the wrong
 * type, too long for the record or not in the schema is an error with its
 * line, for a file that differs from what the kiosk wrote was edited.
 */
#include "bundle.h"
#include "bundle_internal.h"

#include <inttypes.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export.h"
#include "jsonpos.h"

typedef struct {
	const char *json;
	size_t len;
	const char *file;
	jsonpos *pos;           /* indexed only once something is wrong */
	diag_list *d;
	int errors;
} parse_ctx;

__attribute__((format(printf, 3, 4)))
static void bad(parse_ctx *c, const char *ptr, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (c->pos == NULL)
		c->pos = jsonpos_index(c->json, c->len);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(c->d, c->file, c->pos ? jsonpos_line(c->pos, ptr) : 0, "%s", msg);
	c->errors++;
}

/* ptr of member key inside obj_ptr (keys here need no ~ escapes). Built for
 * every field of every session, used only in messages: no printf. */
static void member_ptr(char *out, size_t len, const char *obj_ptr, const char *key)
{
	size_t a = strlen(obj_ptr), b = strlen(key);

	if (len == 0)
		return;
	if (a > len - 1)
		a = len - 1;
	memcpy(out, obj_ptr, a);
	if (a + 1 < len)
		out[a++] = '/';
	if (b > len - 1 - a)
		b = len - 1 - a;
	memcpy(out + a, key, b);
	out[a + b] = '\0';
}

static json_t *need(parse_ctx *c, json_t *obj, const char *obj_ptr, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		bad(c, obj_ptr, "missing \"%s\"", key);
	return v;
}

/* Only the schema's members: anything else was not written by prescreen. */
static void only(parse_ctx *c, json_t *obj, const char *obj_ptr, const char *const *known)
{
	const char *key;
	json_t *v;
	char ptr[256];

	json_object_foreach(obj, key, v) {
		int found = 0;
		for (int i = 0; known[i] != NULL && !found; i++)
			found = strcmp(known[i], key) == 0;
		if (!found) {
			member_ptr(ptr, sizeof ptr, obj_ptr, key);
			bad(c, ptr, "unknown field \"%s\"", key);
		}
	}
}

static json_t *object(parse_ctx *c, json_t *obj, const char *obj_ptr, const char *key,
                      char *ptr, size_t ptr_len)
{
	json_t *v = need(c, obj, obj_ptr, key);

	member_ptr(ptr, ptr_len, obj_ptr, key);
	if (v != NULL && !json_is_object(v)) {
		bad(c, ptr, "\"%s\" must be an object", key);
		return NULL;
	}
	return v;
}

/* A string into a fixed field; pattern-free, but it must fit. */
static void fixed(parse_ctx *c, json_t *obj, const char *obj_ptr, const char *key,
                  char *out, size_t size)
{
	json_t *v = need(c, obj, obj_ptr, key);
	char ptr[256];

	if (v == NULL)
		return;
	member_ptr(ptr, sizeof ptr, obj_ptr, key);
	if (!json_is_string(v))
		bad(c, ptr, "\"%s\" must be a string", key);
	else if (json_string_length(v) >= size)
		bad(c, ptr, "\"%s\" is longer than %zu bytes", key, size - 1);
	else
		memcpy(out, json_string_value(v), json_string_length(v) + 1);
}

/* A string or null into a malloc'd copy (NULL for null). */
static void text(parse_ctx *c, json_t *v, const char *ptr, const char *key, char **out)
{
	if (v == NULL || json_is_null(v))
		return;
	if (!json_is_string(v)) {
		bad(c, ptr, "\"%s\" must be a string or null", key);
		return;
	}
	if ((*out = strdup(json_string_value(v))) == NULL)
		bad(c, ptr, "out of memory");
}

static void integer(parse_ctx *c, json_t *obj, const char *obj_ptr, const char *key,
                    int64_t lo, int64_t hi, bool nullable, int64_t *out)
{
	json_t *v = need(c, obj, obj_ptr, key);
	char ptr[256];

	if (v == NULL)
		return;
	member_ptr(ptr, sizeof ptr, obj_ptr, key);
	if (nullable && json_is_null(v)) {
		*out = -1;
		return;
	}
	if (!json_is_integer(v))
		bad(c, ptr, "\"%s\" must be an integer%s", key, nullable ? " or null" : "");
	else if (json_integer_value(v) < lo || json_integer_value(v) > hi)
		bad(c, ptr, "\"%s\" is %" PRId64 ", outside %" PRId64 "..%" PRId64, key,
		    (int64_t)json_integer_value(v), lo, hi);
	else
		*out = json_integer_value(v);
}

static int small(parse_ctx *c, json_t *obj, const char *obj_ptr, const char *key)
{
	int64_t v = 0;

	integer(c, obj, obj_ptr, key, 0, INT_MAX, false, &v);
	return (int)v;
}

static bool boolean(parse_ctx *c, json_t *obj, const char *obj_ptr, const char *key)
{
	json_t *v = need(c, obj, obj_ptr, key);
	char ptr[256];

	member_ptr(ptr, sizeof ptr, obj_ptr, key);
	if (v != NULL && !json_is_boolean(v))
		bad(c, ptr, "\"%s\" must be true or false", key);
	return json_is_true(v);
}

/* A time or, when nullable, null (0). 1970-01-01T00:00:00Z is 0 too and
 * would come back as null: no session starts then. */
static void time_(parse_ctx *c, json_t *obj, const char *obj_ptr, const char *key,
                  bool nullable, int64_t *out)
{
	json_t *v = need(c, obj, obj_ptr, key);
	char ptr[256];

	*out = 0;
	if (v == NULL)
		return;
	member_ptr(ptr, sizeof ptr, obj_ptr, key);
	if (nullable && json_is_null(v))
		return;
	if (!json_is_string(v) || session_parse_time(json_string_value(v), out) != 0 || *out <= 0)
		bad(c, ptr, "\"%s\" must be a UTC time like 2026-11-29T10:02:05Z%s", key,
		    nullable ? " or null" : "");
}

static void event(parse_ctx *c, json_t *root, session_record *s)
{
	static const char *const known[] = { "id", "threshold", "questions", "hash", NULL };
	char ptr[64], qptr[96];
	json_t *e = object(c, root, "", "event", ptr, sizeof ptr), *qs;
	int64_t threshold = 0;

	if (e == NULL)
		return;
	fixed(c, e, ptr, "id", s->event_id, sizeof s->event_id);
	integer(c, e, ptr, "threshold", 0, 100, false, &threshold);
	s->threshold = (int)threshold;
	fixed(c, e, ptr, "hash", s->event_hash, sizeof s->event_hash);
	only(c, e, ptr, known);
	if ((qs = need(c, e, ptr, "questions")) == NULL)
		return;
	member_ptr(qptr, sizeof qptr, ptr, "questions");
	if (!json_is_array(qs) || json_array_size(qs) > SESSION_MAX_QUESTIONS) {
		bad(c, qptr, "\"questions\" must be an array of at most %d ids",
		    SESSION_MAX_QUESTIONS);
		return;
	}
	s->question_count = (int)json_array_size(qs);
	for (int i = 0; i < s->question_count; i++) {
		json_t *q = json_array_get(qs, (size_t)i);
		snprintf(qptr, sizeof qptr, "%s/questions/%d", ptr, i);
		if (!json_is_string(q) || json_string_length(q) >= SESSION_SHORT)
			bad(c, qptr, "question %d must be an id of at most %d bytes", i + 1,
			    SESSION_SHORT - 1);
		else
			memcpy(s->question_ids[i], json_string_value(q), json_string_length(q) + 1);
	}
}

static void pack_(parse_ctx *c, json_t *root, session_record *s)
{
	static const char *const known[] = { "id", "version", "hash", NULL };
	char ptr[64];
	json_t *p = object(c, root, "", "pack", ptr, sizeof ptr);

	if (p == NULL)
		return;
	fixed(c, p, ptr, "id", s->pack_id, sizeof s->pack_id);
	fixed(c, p, ptr, "version", s->pack_version, sizeof s->pack_version);
	fixed(c, p, ptr, "hash", s->pack_hash, sizeof s->pack_hash);
	only(c, p, ptr, known);
}

static void consent(parse_ctx *c, json_t *root, session_record *s)
{
	static const char *const known[] = { "version", "given_at", NULL };
	char ptr[64];
	json_t *o = object(c, root, "", "consent", ptr, sizeof ptr);

	if (o == NULL)
		return;
	fixed(c, o, ptr, "version", s->consent_version, sizeof s->consent_version);
	time_(c, o, ptr, "given_at", true, &s->consent_at);
	only(c, o, ptr, known);
}

static void candidate(parse_ctx *c, json_t *root, session_record *s)
{
	char ptr[64], mptr[256];
	json_t *o = object(c, root, "", "candidate", ptr, sizeof ptr), *v;
	const char *key;

	if (o == NULL)
		return;
	if ((v = need(c, o, ptr, "name")) != NULL) {
		member_ptr(mptr, sizeof mptr, ptr, "name");
		text(c, v, mptr, "name", &s->name);
	}
	/* The contact fields in the order the kiosk asked for them. */
	json_object_foreach(o, key, v) {
		contact_field *f;
		if (strcmp(key, "name") == 0)
			continue;
		member_ptr(mptr, sizeof mptr, ptr, key);
		if (s->contact_count == SESSION_MAX_CONTACTS || strlen(key) >= SESSION_SHORT) {
			bad(c, mptr, "more than %d contact fields, or a field name too long",
			    SESSION_MAX_CONTACTS);
			return;
		}
		f = &s->contacts[s->contact_count++];
		memcpy(f->key, key, strlen(key) + 1);
		text(c, v, mptr, key, &f->value);
	}
}

static void answer(parse_ctx *c, json_t *a, int i, answer_record *out)
{
	static const char *const known[] = {
		"question_id", "type", "question_text", "answer", "shown_at",
		"first_input_ms", "submitted_ms", "total_ms", "active_ms", "keystrokes",
		"deletions", "characters", "words", "timed_out", "skipped", NULL,
	};
	char ptr[64], mptr[256];
	json_t *v;

	snprintf(ptr, sizeof ptr, "/answers/%d", i);
	if (!json_is_object(a)) {
		bad(c, ptr, "answer %d must be an object", i + 1);
		return;
	}
	fixed(c, a, ptr, "question_id", out->question_id, sizeof out->question_id);
	fixed(c, a, ptr, "type", out->type, sizeof out->type);
	if ((v = need(c, a, ptr, "question_text")) != NULL) {
		member_ptr(mptr, sizeof mptr, ptr, "question_text");
		text(c, v, mptr, "question_text", &out->question_text);
	}
	if ((v = need(c, a, ptr, "answer")) != NULL) {
		member_ptr(mptr, sizeof mptr, ptr, "answer");
		text(c, v, mptr, "answer", &out->answer);
	}
	time_(c, a, ptr, "shown_at", true, &out->shown_at);
	integer(c, a, ptr, "first_input_ms", 0, INT64_MAX, true, &out->first_input_ms);
	integer(c, a, ptr, "submitted_ms", 0, INT64_MAX, true, &out->submitted_ms);
	integer(c, a, ptr, "total_ms", 0, INT64_MAX, false, &out->total_ms);
	integer(c, a, ptr, "active_ms", 0, INT64_MAX, false, &out->active_ms);
	out->keystrokes = small(c, a, ptr, "keystrokes");
	out->deletions = small(c, a, ptr, "deletions");
	out->characters = small(c, a, ptr, "characters");
	out->words = small(c, a, ptr, "words");
	out->timed_out = boolean(c, a, ptr, "timed_out");
	out->skipped = boolean(c, a, ptr, "skipped");
	out->submitted = out->submitted_ms >= 0;
	only(c, a, ptr, known);
}

static void answers(parse_ctx *c, json_t *root, session_record *s)
{
	json_t *arr = need(c, root, "", "answers");

	if (arr == NULL)
		return;
	if (!json_is_array(arr) || json_array_size(arr) > SESSION_MAX_QUESTIONS) {
		bad(c, "/answers", "\"answers\" must be an array of at most %d answers",
		    SESSION_MAX_QUESTIONS);
		return;
	}
	s->answer_count = (int)json_array_size(arr);
	for (int i = 0; i < s->answer_count; i++)
		answer(c, json_array_get(arr, (size_t)i), i, &s->answers[i]);
}

static void header(parse_ctx *c, json_t *root, session_record *s)
{
	static const char *const known[] = {
		"schema", "session_id", "revision", "kiosk_id", "event", "pack", "language",
		"consent", "candidate", "started_at", "ended_at", "status", "time_percent",
		"answers", NULL,
	};
	char status[32] = "";
	char schema[32] = "";
	int64_t percent = 100;

	fixed(c, root, "", "schema", schema, sizeof schema);
	if (schema[0] != '\0' && strcmp(schema, EXPORT_SCHEMA_SESSION) != 0)
		bad(c, "/schema", "schema \"%s\", expected \"%s\"", schema, EXPORT_SCHEMA_SESSION);
	fixed(c, root, "", "session_id", s->id, sizeof s->id);
	if (s->id[0] != '\0' && strlen(s->id) != SESSION_ID_LEN)
		bad(c, "/session_id", "\"session_id\" must be a ULID of %d characters",
		    SESSION_ID_LEN);
	integer(c, root, "", "revision", 0, INT64_MAX, false, &s->revision);
	fixed(c, root, "", "kiosk_id", s->kiosk_id, sizeof s->kiosk_id);
	fixed(c, root, "", "language", s->language, sizeof s->language);
	time_(c, root, "", "started_at", false, &s->started_at);
	time_(c, root, "", "ended_at", true, &s->ended_at);
	fixed(c, root, "", "status", status, sizeof status);
	if (status[0] != '\0' && session_status_parse(status, &s->status) != 0)
		bad(c, "/status", "unknown status \"%s\"", status);
	/* Absent in bundles from before extra time: the event's own time. */
	if (json_object_get(root, "time_percent") != NULL) {
		integer(c, root, "", "time_percent", 100, 200, false, &percent);
		if (percent != 100 && percent != 125 && percent != 150 && percent != 200)
			bad(c, "/time_percent", "\"time_percent\" is %" PRId64 ", not 100, 125, "
			    "150 or 200", percent);
	}
	s->time_percent = (int)percent;
	only(c, root, "", known);
}

/*
 * jansson's tree of one session lives in an arena on the parsing thread's
 * stack: no malloc and free for each of its thousand values, and one wipe
 * of what was used when the tree is gone. What does not fit, and every
 * allocation outside a parse, is the C library's, wiped when freed.
 */
#define ARENA_BYTES (128u << 10)

typedef struct {
	uintptr_t base;
	size_t used, cap;
} arena;

static _Thread_local arena *parse_arena;

static void *arena_malloc(size_t n)
{
	arena *a = parse_arena;
	size_t need = (n + 15) & ~(size_t)15;

	if (a != NULL && need >= n && a->cap - a->used >= need) {
		void *p = (void *)(a->base + a->used);
		a->used += need;
		return p;
	}
	return malloc(n);
}

static void arena_free(void *p)
{
	arena *a = parse_arena;

	if (p == NULL)
		return;
	/* Freed with the whole arena. */
	if (a != NULL && (uintptr_t)p >= a->base && (uintptr_t)p < a->base + a->cap)
		return;
	explicit_bzero(p, malloc_usable_size(p));
	free(p);
}

static void set_wiping_free(void)
{
	json_set_alloc_funcs(arena_malloc, arena_free);
}

/* jansson's own copies of a candidate's words are wiped when it frees them;
 * set once: bundle_each parses on several threads. */
void bundle_json_wipes(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, set_wiping_free);
}

int bundle_parse_session(const char *json, size_t len, const char *file, session_record *out,
                         diag_list *d)
{
	parse_ctx c = { .json = json, .len = len, .file = file, .d = d };
	_Alignas(max_align_t) char space[ARENA_BYTES];
	arena a = { (uintptr_t)space, 0, sizeof space };
	json_error_t jerr;
	json_t *root;

	session_init(out);
	bundle_json_wipes();
	parse_arena = &a;
	/* Without JSON_DECODE_ANY: a session file is an object, nothing else. */
	root = bundle_json_fast(json, len);
	if (root == NULL)
		root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		parse_arena = NULL;
		explicit_bzero(space, a.used);
		diag_error(d, file, jerr.line, "not a session file: %s", jerr.text);
		return -1;
	}
	if (!json_is_object(root)) {
		bad(&c, "", "not a session file: the top level must be an object");
	} else {
		header(&c, root, out);
		event(&c, root, out);
		pack_(&c, root, out);
		consent(&c, root, out);
		candidate(&c, root, out);
		answers(&c, root, out);
	}
	json_decref(root);
	parse_arena = NULL;
	explicit_bzero(space, a.used);
	jsonpos_free(c.pos);
	if (c.errors > 0) {
		session_clear(out);
		return -1;
	}
	return 0;
}
