#include "store_rows.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* Each column maps to one member, so binding and reading are loops; the
 * order is that of STORE_SESSION_COLS and STORE_ANSWER_COLS. */
typedef enum {
	F_CHARS, F_STR, F_I64, F_INT, F_BOOL,
	F_STATUS, F_IDS, F_CONTACTS,      /* the whole session_record */
} field_kind;
typedef struct {
	field_kind kind;
	size_t off;
	size_t cap;         /* F_CHARS: the array's size */
} field;

#define FIELD(type, m, k) { k, offsetof(type, m), sizeof(((type *)0)->m) }
#define S(m, k) FIELD(session_record, m, k)
#define A(m, k) FIELD(answer_record, m, k)

static const field session_cols[] = {
	S(id, F_CHARS), S(kiosk_id, F_CHARS), S(event_id, F_CHARS),
	S(event_hash, F_CHARS), S(threshold, F_INT), S(pack_id, F_CHARS),
	S(pack_version, F_CHARS), S(pack_hash, F_CHARS), S(language, F_CHARS),
	S(consent_version, F_CHARS), S(consent_at, F_I64), S(name, F_STR),
	S(started_at, F_I64), S(ended_at, F_I64), S(question_ids, F_IDS),
	S(contacts, F_CONTACTS), S(status, F_STATUS), S(revision, F_I64),
	S(time_percent, F_INT),
};
static const field answer_cols[] = {
	A(question_id, F_CHARS), A(type, F_CHARS), A(question_text, F_STR),
	A(answer, F_STR), A(shown_at, F_I64), A(first_input_ms, F_I64),
	A(submitted_ms, F_I64), A(total_ms, F_I64), A(active_ms, F_I64),
	A(keystrokes, F_INT), A(deletions, F_INT), A(characters, F_INT),
	A(words, F_INT), A(timed_out, F_BOOL), A(skipped, F_BOOL),
	A(submitted, F_BOOL),
};
#define NCOLS(t) ((int)(sizeof(t) / sizeof((t)[0])))
_Static_assert(NCOLS(session_cols) == STORE_SESSION_NCOLS, "STORE_SESSION_COLS");

/* The contacts' JSON holds a candidate's details: wiped, not just freed. */
static void wipe_free(void *p)
{
	if (p != NULL) {
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

/* Printable ASCII but for quote and backslash is its own JSON: the common case
 * of ids, keys and e-mail addresses, written as json_dumps would write it. */
static bool plain_ascii(const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)t[i] < 0x20 || (unsigned char)t[i] > 0x7e ||
		    t[i] == '"' || t[i] == '\\')
			return false;
	return true;
}

static void put_str(char **w, const char *t, size_t len)
{
	*(*w)++ = '"';
	memcpy(*w, t, len);
	*w += len;
	*(*w)++ = '"';
}

/* The JSON of encode_json without jansson (a quarter of a review import's
 * CPU went to json_pack and json_dumps); NULL when anything needs escaping
 * or checking, and jansson does it. */
static char *encode_plain(const session_record *s, bool contacts)
{
	int n = contacts ? s->contact_count : s->question_count;
	size_t len[2 * SESSION_MAX_CONTACTS + SESSION_MAX_QUESTIONS], need = 3;
	char *out, *w;

	if (n < 0 || n > (contacts ? SESSION_MAX_CONTACTS : SESSION_MAX_QUESTIONS))
		return NULL;
	for (int i = 0; i < n; i++) {
		const char *id = contacts ? s->contacts[i].key : s->question_ids[i];
		const char *value = contacts ? s->contacts[i].value : NULL;
		len[2 * i] = strnlen(id, SESSION_SHORT);
		if (!plain_ascii(id, len[2 * i]))
			return NULL;
		need += len[2 * i] + 3;
		if (!contacts)
			continue;
		len[2 * i + 1] = value ? strlen(value) : 0;
		if (value != NULL && !plain_ascii(value, len[2 * i + 1]))
			return NULL;
		need += len[2 * i + 1] + sizeof "{\"key\":,\"value\":null}";
	}
	if ((out = w = malloc(need)) == NULL)
		return NULL;
	*w++ = '[';
	for (int i = 0; i < n; i++) {
		if (i > 0)
			*w++ = ',';
		if (!contacts) {
			put_str(&w, s->question_ids[i], len[2 * i]);
			continue;
		}
		memcpy(w, "{\"key\":", 7);
		w += 7;
		put_str(&w, s->contacts[i].key, len[2 * i]);
		memcpy(w, ",\"value\":", 9);
		w += 9;
		if (s->contacts[i].value != NULL) {
			put_str(&w, s->contacts[i].value, len[2 * i + 1]);
		} else {
			memcpy(w, "null", 4);
			w += 4;
		}
		*w++ = '}';
	}
	*w++ = ']';
	*w = '\0';
	return out;
}

/* question_ids or contacts as compact JSON; NULL on invalid UTF-8. */
static char *encode_json(const session_record *s, bool contacts)
{
	char *plain = encode_plain(s, contacts);
	if (plain != NULL)
		return plain;
	json_t *arr = json_array(), *v;
	int n = contacts ? s->contact_count : s->question_count;
	bool ok = arr != NULL;
	char *out;

	for (int i = 0; ok && i < n; i++) {
		const char *id = contacts ? s->contacts[i].key : s->question_ids[i];
		size_t len = strnlen(id, SESSION_SHORT);
		if (contacts)
			v = json_pack("{s:s%,s:s?}", "key", id, len,
			              "value", s->contacts[i].value);
		else
			v = json_stringn(id, len);
		ok = json_array_append_new(arr, v) == 0;
	}
	out = ok ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	return out;
}

static int decode_json(const char *text, session_record *s, bool contacts)
{
	json_t *arr = json_loads(text ? text : "", 0, NULL), *v, *value;
	int rc = json_is_array(arr) ? 0 : -1;
	const char *key;
	size_t i;

	json_array_foreach(arr, i, v) {
		contact_field *c = &s->contacts[s->contact_count];
		if (!contacts && i < SESSION_MAX_QUESTIONS && json_is_string(v))
			snprintf(s->question_ids[s->question_count++], SESSION_SHORT,
			         "%s", json_string_value(v));
		if (!contacts || rc != 0 || i >= SESSION_MAX_CONTACTS ||
		    json_unpack(v, "{s:s,s:o}", "key", &key, "value", &value) != 0)
			continue;
		snprintf(c->key, SESSION_SHORT, "%s", key);
		rc = session_set_string(&c->value, json_string_value(value));
		s->contact_count++;
	}
	json_decref(arr);
	return rc;
}

static void bind_text(sqlite3_stmt *q, int col, const char *text, size_t cap)
{
	/* Fixed buffers from a caller may lack their NUL; never read past them. */
	if (text == NULL)
		sqlite3_bind_null(q, col);
	else
		sqlite3_bind_text(q, col, text, (int)strnlen(text, cap), SQLITE_STATIC);
}

/* Returns -1 when a question id or contact is not valid UTF-8. */
static int bind_fields(sqlite3_stmt *q, int col, const void *base,
                       const field *f, int n)
{
	char *json;

	for (int i = 0; i < n; i++, col++) {
		const char *p = (const char *)base + f[i].off;
		switch (f[i].kind) {
		case F_CHARS: bind_text(q, col, p, f[i].cap); break;
		case F_STR: bind_text(q, col, *(char *const *)p, SIZE_MAX); break;
		case F_I64: sqlite3_bind_int64(q, col, *(const int64_t *)p); break;
		case F_INT: sqlite3_bind_int(q, col, *(const int *)p); break;
		case F_BOOL: sqlite3_bind_int(q, col, *(const bool *)p); break;
		case F_STATUS:
			bind_text(q, col, session_status_name(*(const session_status *)p),
			          SIZE_MAX);
			break;
		case F_IDS:
		case F_CONTACTS:
			if ((json = encode_json(base, f[i].kind == F_CONTACTS)) == NULL)
				return -1;
			sqlite3_bind_text(q, col, json, -1, wipe_free);
			break;
		}
	}
	return 0;
}

/* Columns from 0 of the current row; returns an SQLite code. */
static int read_fields(sqlite3_stmt *q, void *base, const field *f, int n)
{
	for (int col = 0; col < n; col++) {
		char *p = (char *)base + f[col].off;
		const char *t = (const char *)sqlite3_column_text(q, col);
		size_t len = (size_t)sqlite3_column_bytes(q, col);
		char **slot = (char **)p;

		switch (f[col].kind) {
		case F_CHARS: snprintf(p, f[col].cap, "%s", t ? t : ""); break;
		case F_STR:
			/* NULL stays NULL: not the same as "". */
			if (t != NULL && (*slot = strndup(t, len)) == NULL)
				return SQLITE_NOMEM;
			break;
		case F_I64: *(int64_t *)p = sqlite3_column_int64(q, col); break;
		case F_INT: *(int *)p = sqlite3_column_int(q, col); break;
		case F_BOOL: *(bool *)p = sqlite3_column_int(q, col) != 0; break;
		case F_STATUS:
			if (session_status_parse(t, (session_status *)p) != 0)
				return SQLITE_CORRUPT;
			break;
		case F_IDS:
		case F_CONTACTS:
			if (decode_json(t, base, f[col].kind == F_CONTACTS) != 0)
				return SQLITE_CORRUPT;
			break;
		}
	}
	return SQLITE_OK;
}

void store_bind_text(sqlite3_stmt *q, int col, const char *text, size_t cap)
{
	bind_text(q, col, text, cap);
}

int store_bind_session(sqlite3_stmt *q, int col, const session_record *s)
{
	return bind_fields(q, col, s, session_cols, NCOLS(session_cols));
}

void store_bind_answer(sqlite3_stmt *q, int col, const answer_record *a)
{
	bind_fields(q, col, a, answer_cols, NCOLS(answer_cols));
}

int store_read_session(sqlite3_stmt *q, session_record *s)
{
	return read_fields(q, s, session_cols, NCOLS(session_cols));
}

int store_read_answer(sqlite3_stmt *q, answer_record *a)
{
	return read_fields(q, a, answer_cols, NCOLS(answer_cols));
}
