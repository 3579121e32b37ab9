/*
 * scores_file_fast.c — a scores file of 70,000 entries read in one pass over
 * its bytes: jansson's tree of it cost 0.3 s and 40 MB, this a few ms. Only
 * a file the jansson reader would accept as it is gets through; anything
 * else (an escape it cannot decode, an unknown key, a bad value, a syntax
 * error) gives up, and the jansson reader names the problem and its line.
 */
#include "scores_file_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

typedef struct {
	const char *p, *end;
} cursor;

/* A string token's value: its bytes, or jansson's decoding of its escapes. */
typedef struct {
	const char *s;
	size_t len;
	json_t *decoded;
} token;

static void ws(cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static bool punct(cursor *c, char ch)
{
	ws(c);
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

/* A bare word (true, false, null, a digit) ends where JSON says it does. */
static bool word(cursor *c, const char *w)
{
	size_t n = strlen(w);

	ws(c);
	if ((size_t)(c->end - c->p) <= n || memcmp(c->p, w, n) != 0 ||
	    strchr(" \t\r\n,}]", c->p[n]) == NULL)
		return false;
	c->p += n;
	return true;
}

static void token_drop(token *t)
{
	if (t->decoded != NULL) {
		explicit_bzero((char *)json_string_value(t->decoded), json_string_length(t->decoded));
		json_decref(t->decoded);
	}
	*t = (token){ 0 };
}

static bool string(cursor *c, token *t)
{
	const char *start;
	bool plain = true;

	*t = (token){ 0 };
	ws(c);
	if (c->p >= c->end || *c->p != '"')
		return false;
	start = c->p++;
	for (;; c->p++) {
		if (c->p >= c->end)
			return false;
		unsigned char ch = (unsigned char)*c->p;
		if (ch == '"')
			break;
		if (ch < 0x20)
			return false;
		if (ch == '\\') {
			if (++c->p >= c->end)
				return false;
			plain = false;
		} else if (ch >= 0x7f) {
			plain = false;     /* UTF-8 for jansson to check */
		}
	}
	c->p++;
	if (plain) {
		t->s = start + 1;
		t->len = (size_t)(c->p - start - 2);
		return true;
	}
	t->decoded = json_loadb(start, (size_t)(c->p - start), JSON_DECODE_ANY, NULL);
	if (!json_is_string(t->decoded)) {
		json_decref(t->decoded);
		t->decoded = NULL;
		return false;
	}
	t->s = json_string_value(t->decoded);
	t->len = json_string_length(t->decoded);
	return true;
}

/* A non-empty string shorter than size, into out. */
static bool short_string(cursor *c, char *out, size_t size)
{
	token t;
	bool ok;

	if (!string(c, &t))
		return false;
	ok = t.len > 0 && t.len < size && memchr(t.s, '\0', t.len) == NULL;
	if (ok) {
		memcpy(out, t.s, t.len);
		out[t.len] = '\0';
	}
	token_drop(&t);
	return ok;
}

static bool time_value(cursor *c, int64_t *out)
{
	char text[64];

	return short_string(c, text, sizeof text) && session_parse_time(text, out) == 0;
}

/* The key, which must be one of known and not seen before: its index. */
static int key(cursor *c, const char *const *known, unsigned *seen)
{
	token t;
	int k;

	if (!string(c, &t) || t.decoded != NULL) {
		token_drop(&t);
		return -1;
	}
	for (k = 0; known[k] != NULL; k++)
		if (strlen(known[k]) == t.len && memcmp(known[k], t.s, t.len) == 0)
			break;
	if (known[k] == NULL || (*seen & (1u << k)) || !punct(c, ':'))
		return -1;
	*seen |= 1u << k;
	return k;
}

/* Grows *arr of *cap items of size by hand: the old copy is wiped. */
static bool grow(void **arr, int *cap, int used, size_t size)
{
	int n = *cap ? *cap * 2 : 64;
	void *b = calloc((size_t)n, size);

	if (b == NULL)
		return false;
	if (*arr != NULL) {
		memcpy(b, *arr, (size_t)used * size);
		explicit_bzero(*arr, (size_t)*cap * size);
		free(*arr);
	}
	*arr = b;
	*cap = n;
	return true;
}

static bool event(cursor *c, scores_event *ev)
{
	static const char *const known[] = { "id", "hash", "pack_hash", NULL };
	unsigned seen = 0;

	if (!punct(c, '{'))
		return false;
	do {
		int k = key(c, known, &seen);
		if (k < 0)
			return false;
		if (k == 0 && !short_string(c, ev->id, sizeof ev->id))
			return false;
		if (k > 0 && (!short_string(c, k == 1 ? ev->hash : ev->pack_hash, SESSION_HASH) ||
		              !scores_is_hash(k == 1 ? ev->hash : ev->pack_hash)))
			return false;
	} while (punct(c, ','));
	return seen == 7 && punct(c, '}');
}

static bool score(cursor *c, score_entry *e)
{
	static const char *const known[] = { "session_id", "question_id", "score",
		"automatic", "note", "scored_at", NULL };
	unsigned seen = 0;
	token t;

	if (!punct(c, '{'))
		return false;
	do {
		switch (key(c, known, &seen)) {
		case 0:
			if (!short_string(c, e->session_id, sizeof e->session_id) ||
			    !scores_is_ulid(e->session_id))
				return false;
			break;
		case 1:
			if (!short_string(c, e->question_id, sizeof e->question_id))
				return false;
			break;
		case 2:
			ws(c);
			if (c->p >= c->end || *c->p < '1' || *c->p > '5')
				return false;
			e->score = *c->p - '0';
			c->p++;
			if (c->p >= c->end || strchr(" \t\r\n,}", *c->p) == NULL)
				return false;
			break;
		case 3:
			if (word(c, "true"))
				e->automatic = true;
			else if (word(c, "false"))
				e->automatic = false;
			else
				return false;
			break;
		case 4:
			if (word(c, "null"))
				break;
			if (!string(c, &t))
				return false;
			if (memchr(t.s, '\0', t.len) == NULL && (e->note = malloc(t.len + 1)) != NULL) {
				memcpy(e->note, t.s, t.len);
				e->note[t.len] = '\0';
			}
			token_drop(&t);
			if (e->note == NULL)
				return false;
			break;
		case 5:
			if (!time_value(c, &e->scored_at))
				return false;
			break;
		default:
			return false;
		}
	} while (punct(c, ','));
	return seen == 63 && punct(c, '}');
}

static bool events(cursor *c, scores_file *out)
{
	int cap = 0;

	if (!punct(c, '['))
		return false;
	if (punct(c, ']'))
		return true;
	do {
		if (out->nevents == cap &&
		    !grow((void **)&out->events, &cap, out->nevents, sizeof *out->events))
			return false;
		scores_event *ev = &out->events[out->nevents++];
		if (!event(c, ev))
			return false;
		for (int k = 0; k < out->nevents - 1; k++)
			if (strcmp(out->events[k].id, ev->id) == 0)
				return false;
	} while (punct(c, ','));
	return punct(c, ']');
}

static bool scores(cursor *c, scores_file *out)
{
	int cap = 0;

	if (!punct(c, '['))
		return false;
	if (punct(c, ']'))
		return true;
	do {
		if (out->count == INT32_MAX)
			return false;
		if (out->count == cap &&
		    !grow((void **)&out->entries, &cap, out->count, sizeof *out->entries))
			return false;
		if (!score(c, &out->entries[out->count++]))
			return false;
	} while (punct(c, ','));
	return punct(c, ']');
}

int scores_file_fast(const char *data, size_t len, scores_file *out)
{
	static const char *const known[] = { "schema", "reviewer", "exported_at", "events",
		"scores", NULL };
	cursor c = { data, data + len };
	unsigned seen = 0;
	char schema[sizeof SCORES_SCHEMA];
	bool ok = punct(&c, '{');

	memset(out, 0, sizeof *out);
	while (ok) {
		switch (key(&c, known, &seen)) {
		case 0:
			ok = short_string(&c, schema, sizeof schema) &&
			     strcmp(schema, SCORES_SCHEMA) == 0;
			break;
		case 1:
			ok = short_string(&c, out->reviewer, sizeof out->reviewer);
			break;
		case 2:
			ok = time_value(&c, &out->exported_at);
			break;
		case 3:
			ok = events(&c, out);
			break;
		case 4:
			ok = scores(&c, out);
			break;
		default:
			ok = false;
		}
		if (!punct(&c, ','))
			break;
	}
	ok = ok && seen == 31 && punct(&c, '}');
	ws(&c);
	if (ok && c.p == c.end)
		return 0;
	scores_file_free(out);
	return -1;
}
