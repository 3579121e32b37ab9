/*
 * jsonpos.c — a second, forgiving pass over JSON text that remembers where
 * each value starts. It never builds values and stops quietly at the first
 * thing it does not understand, so whatever jansson says about the same text
 * stays the authority on syntax; lines here only decorate its findings.
 *
 * Every read is bounded by len: the text need not be NUL-terminated and may
 * be anything at all (the pack and event loaders hand it untrusted files).
 */
#include "jsonpos.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper documents are indexed down to here; lookups below fall back to it. */
#define JSONPOS_MAX_DEPTH 512

struct jsonpos_entry {
	size_t off;     /* into paths, NUL-terminated */
	int line;
};

struct jsonpos {
	char *paths;
	size_t paths_len, paths_cap;
	struct jsonpos_entry *entries;
	size_t count, cap;
};

typedef struct {
	char *buf;
	size_t len, cap;
} jsonpos_buf;

typedef struct {
	const unsigned char *s;
	size_t len, pos;
	int line;
	int depth;
	jsonpos_buf path;   /* pointer of the value being scanned */
	jsonpos_buf key;    /* the last decoded member name */
	jsonpos *out;
} jsonpos_scan;

static int buf_reserve(jsonpos_buf *b, size_t extra)
{
	size_t want, cap;
	char *grown;

	if (extra > SIZE_MAX - b->len - 1)
		return -1;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	if ((grown = realloc(b->buf, cap)) == NULL)
		return -1;
	b->buf = grown;
	b->cap = cap;
	return 0;
}

static int buf_append(jsonpos_buf *b, const char *data, size_t n)
{
	if (buf_reserve(b, n) < 0)
		return -1;
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

static int jsonpos_record(jsonpos_scan *sc)
{
	jsonpos *p = sc->out;
	size_t need = sc->path.len + 1;
	struct jsonpos_entry *grown;
	char *pgrown;

	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		if (cap > SIZE_MAX / sizeof *grown)
			return -1;
		if ((grown = realloc(p->entries, cap * sizeof *grown)) == NULL)
			return -1;
		p->entries = grown;
		p->cap = cap;
	}
	if (need > SIZE_MAX - p->paths_len)
		return -1;
	if (p->paths_len + need > p->paths_cap) {
		size_t cap = p->paths_cap ? p->paths_cap : 1024;
		while (cap < p->paths_len + need)
			cap = cap > SIZE_MAX / 2 ? p->paths_len + need : cap * 2;
		if ((pgrown = realloc(p->paths, cap)) == NULL)
			return -1;
		p->paths = pgrown;
		p->paths_cap = cap;
	}
	if (sc->path.len > 0)
		memcpy(p->paths + p->paths_len, sc->path.buf, sc->path.len);
	p->paths[p->paths_len + sc->path.len] = '\0';
	p->entries[p->count].off = p->paths_len;
	p->entries[p->count].line = sc->line;
	p->count++;
	p->paths_len += need;
	return 0;
}

static void jsonpos_skip_ws(jsonpos_scan *sc)
{
	while (sc->pos < sc->len) {
		unsigned char c = sc->s[sc->pos];
		if (c == '\n') {
			if (sc->line < INT_MAX)
				sc->line++;
		} else if (c != ' ' && c != '\t' && c != '\r')
			return;
		sc->pos++;
	}
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the four hex digits after "\u"; pos is on the 'u'. */
static long jsonpos_read_u(jsonpos_scan *sc)
{
	long v = 0;

	if (sc->len - sc->pos < 5)
		return -1;
	for (size_t i = 1; i <= 4; i++) {
		int h = hex_value(sc->s[sc->pos + i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	sc->pos += 5;
	return v;
}

static int put_utf8(jsonpos_buf *b, long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buf_append(b, u, n);
}

/*
 * Scans a string starting at its opening quote. With into != NULL the
 * decoded text is collected, as jansson would see it, so that member names
 * match the keys the checkers look up.
 */
static int jsonpos_string(jsonpos_scan *sc, jsonpos_buf *into)
{
	if (into != NULL) {
		into->len = 0;
		if (buf_reserve(into, 0) < 0)
			return -1;
		into->buf[0] = '\0';
	}
	sc->pos++;
	while (sc->pos < sc->len) {
		unsigned char c = sc->s[sc->pos];
		long cp;

		if (c == '"') {
			sc->pos++;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			if (into != NULL && buf_append(into, (const char *)&c, 1) < 0)
				return -1;
			sc->pos++;
			continue;
		}
		if (++sc->pos >= sc->len)
			return -1;
		c = sc->s[sc->pos];
		switch (c) {
		case '"': case '\\': case '/': cp = c; break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			if ((cp = jsonpos_read_u(sc)) < 0)
				return -1;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				long lo;
				if (sc->len - sc->pos < 2 || sc->s[sc->pos] != '\\'
				    || sc->s[sc->pos + 1] != 'u')
					return -1;
				sc->pos++;
				lo = jsonpos_read_u(sc);
				if (lo < 0xdc00 || lo > 0xdfff)
					return -1;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1;
			/* jansson refuses NUL by default; so do C strings. */
			if (cp == 0)
				return -1;
			if (into != NULL && put_utf8(into, cp) < 0)
				return -1;
			continue;
		default:
			return -1;
		}
		if (into != NULL) {
			char ch = (char)cp;
			if (buf_append(into, &ch, 1) < 0)
				return -1;
		}
		sc->pos++;
	}
	return -1;
}

static int jsonpos_literal(jsonpos_scan *sc, const char *word)
{
	size_t n = strlen(word);

	if (sc->len - sc->pos < n || memcmp(sc->s + sc->pos, word, n) != 0)
		return -1;
	sc->pos += n;
	return 0;
}

/* Loose on purpose: only where a number ends matters here. */
static int jsonpos_number(jsonpos_scan *sc)
{
	size_t start = sc->pos;

	while (sc->pos < sc->len) {
		unsigned char c = sc->s[sc->pos];
		if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'
		    || c == 'e' || c == 'E'))
			break;
		sc->pos++;
	}
	return sc->pos > start ? 0 : -1;
}

static int jsonpos_value(jsonpos_scan *sc);

/* Appends "/" and a reference token, escaped as RFC 6901 wants. */
static int jsonpos_push_key(jsonpos_scan *sc)
{
	if (buf_append(&sc->path, "/", 1) < 0)
		return -1;
	for (size_t i = 0; i < sc->key.len; i++) {
		char c = sc->key.buf[i];
		int rc;
		if (c == '~')
			rc = buf_append(&sc->path, "~0", 2);
		else if (c == '/')
			rc = buf_append(&sc->path, "~1", 2);
		else
			rc = buf_append(&sc->path, &c, 1);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int jsonpos_object(jsonpos_scan *sc)
{
	size_t base = sc->path.len;

	sc->pos++;
	jsonpos_skip_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == '}') {
		sc->pos++;
		return 0;
	}
	for (;;) {
		jsonpos_skip_ws(sc);
		if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
			return -1;
		if (jsonpos_string(sc, &sc->key) < 0)
			return -1;
		jsonpos_skip_ws(sc);
		if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
			return -1;
		sc->pos++;
		if (jsonpos_push_key(sc) < 0)
			return -1;
		if (jsonpos_value(sc) < 0)
			return -1;
		sc->path.len = base;
		sc->path.buf[base] = '\0';
		jsonpos_skip_ws(sc);
		if (sc->pos >= sc->len)
			return -1;
		if (sc->s[sc->pos] == '}') {
			sc->pos++;
			return 0;
		}
		if (sc->s[sc->pos] != ',')
			return -1;
		sc->pos++;
	}
}

static int jsonpos_array(jsonpos_scan *sc)
{
	size_t base = sc->path.len;
	unsigned long index = 0;

	sc->pos++;
	jsonpos_skip_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == ']') {
		sc->pos++;
		return 0;
	}
	for (;;) {
		char tok[32];
		int n = snprintf(tok, sizeof tok, "/%lu", index++);

		if (n < 0 || buf_append(&sc->path, tok, (size_t)n) < 0)
			return -1;
		if (jsonpos_value(sc) < 0)
			return -1;
		sc->path.len = base;
		sc->path.buf[base] = '\0';
		jsonpos_skip_ws(sc);
		if (sc->pos >= sc->len)
			return -1;
		if (sc->s[sc->pos] == ']') {
			sc->pos++;
			return 0;
		}
		if (sc->s[sc->pos] != ',')
			return -1;
		sc->pos++;
	}
}

static int jsonpos_value(jsonpos_scan *sc)
{
	int rc;

	jsonpos_skip_ws(sc);
	if (sc->pos >= sc->len)
		return -1;
	if (jsonpos_record(sc) < 0)
		return -1;
	switch (sc->s[sc->pos]) {
	case '{':
	case '[':
		if (sc->depth >= JSONPOS_MAX_DEPTH)
			return -1;
		sc->depth++;
		rc = sc->s[sc->pos] == '{' ? jsonpos_object(sc) : jsonpos_array(sc);
		sc->depth--;
		return rc;
	case '"':
		return jsonpos_string(sc, NULL);
	case 't':
		return jsonpos_literal(sc, "true");
	case 'f':
		return jsonpos_literal(sc, "false");
	case 'n':
		return jsonpos_literal(sc, "null");
	default:
		return jsonpos_number(sc);
	}
}

jsonpos *jsonpos_index(const char *text, size_t len)
{
	jsonpos_scan sc;
	jsonpos *p;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	memset(&sc, 0, sizeof sc);
	sc.s = (const unsigned char *)text;
	sc.len = text != NULL ? len : 0;
	sc.line = 1;
	sc.out = p;
	if (buf_reserve(&sc.path, 0) == 0) {
		sc.path.buf[0] = '\0';
		/* Whatever was indexed before a stop stays useful. */
		(void)jsonpos_value(&sc);
	}
	free(sc.path.buf);
	free(sc.key.buf);
	return p;
}

static long jsonpos_find(const jsonpos *p, const char *pointer)
{
	/* The last one wins, as it does in jansson for a repeated key. */
	for (size_t i = p->count; i-- > 0;)
		if (strcmp(p->paths + p->entries[i].off, pointer) == 0)
			return p->entries[i].line;
	return -1;
}

int jsonpos_line(const jsonpos *p, const char *pointer)
{
	char *path;
	int line = 1;

	if (p == NULL || p->count == 0 || pointer == NULL)
		return 1;
	if ((path = strdup(pointer)) == NULL)
		return 1;
	for (;;) {
		long found = jsonpos_find(p, path);
		char *slash;

		if (found > 0) {
			line = (int)found;
			break;
		}
		if ((slash = strrchr(path, '/')) == NULL)
			break;
		*slash = '\0';
	}
	free(path);
	return line;
}

void jsonpos_free(jsonpos *p)
{
	if (p == NULL)
		return;
	free(p->paths);
	free(p->entries);
	free(p);
}
