/*
 * bundle_json.c — a session file's JSON made into jansson's tree without
 * jansson's lexer, which copies its input one byte at a time (three
 * quarters of a bundle walk's CPU). Only input jansson would give the same
 * tree for is taken: anything else (a real number, a negative one, an
 * escape or a byte in doubt, a key twice) gives NULL, and json_loadb then
 * reads it and says what is wrong and where.
 */
#include "bundle_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

typedef struct {
	const unsigned char *p, *end;
	char *scratch;          /* decoded escapes; as long as the input */
} lexer;

static void skip_ws(lexer *l)
{
	while (l->p < l->end && (*l->p == ' ' || *l->p == '\n' || *l->p == '\r' || *l->p == '\t'))
		l->p++;
}

/* One UTF-8 sequence at p as RFC 3629 has it (what jansson accepts); its length or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static int hex4(const unsigned char *p, const unsigned char *end, uint32_t *out)
{
	uint32_t v = 0;

	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		unsigned c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The string at p (after its quote): its bytes in *s (the input itself when it
 * has no escapes, else scratch), its length in *n. -1 when in doubt. */
static int string(lexer *l, const char **s, size_t *n)
{
	const unsigned char *start = ++l->p;
	char *o = NULL;

	while (l->p < l->end) {
		unsigned c = *l->p;
		if (c == '"') {
			if (o == NULL) {
				*s = (const char *)start;
				*n = (size_t)(l->p - start);
			} else {
				*s = l->scratch;
				*n = (size_t)(o - l->scratch);
			}
			l->p++;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c == '\\') {
			uint32_t cp, lo;
			if (o == NULL) {
				memcpy(l->scratch, start, (size_t)(l->p - start));
				o = l->scratch + (l->p - start);
			}
			if (++l->p >= l->end)
				return -1;
			switch (*l->p++) {
			case '"': *o++ = '"'; continue;
			case '\\': *o++ = '\\'; continue;
			case '/': *o++ = '/'; continue;
			case 'b': *o++ = '\b'; continue;
			case 'f': *o++ = '\f'; continue;
			case 'n': *o++ = '\n'; continue;
			case 'r': *o++ = '\r'; continue;
			case 't': *o++ = '\t'; continue;
			case 'u': break;
			default: return -1;
			}
			if (hex4(l->p, l->end, &cp) != 0 || cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff))
				return -1;
			l->p += 4;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (l->end - l->p < 6 || l->p[0] != '\\' || l->p[1] != 'u' ||
				    hex4(l->p + 2, l->end, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
					return -1;
				l->p += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			/* \uXXXX is 6 bytes in, at most 4 out: scratch never overruns. */
			o += put_utf8(o, cp);
			continue;
		}
		size_t k = utf8_len(l->p, l->end);
		if (k == 0)
			return -1;
		if (o != NULL) {
			memcpy(o, l->p, k);
			o += k;
		}
		l->p += k;
	}
	return -1;
}

static bool word(lexer *l, const char *w, size_t n)
{
	if ((size_t)(l->end - l->p) < n || memcmp(l->p, w, n) != 0)
		return false;
	l->p += n;
	return true;
}

static json_t *value(lexer *l, int depth);

static json_t *object(lexer *l, int depth)
{
	json_t *obj = json_object();

	l->p++;
	skip_ws(l);
	if (obj == NULL)
		return NULL;
	if (l->p < l->end && *l->p == '}') {
		l->p++;
		return obj;
	}
	for (;;) {
		const char *key;
		size_t klen, size;
		json_t *v;
		if (l->p >= l->end || *l->p != '"' || string(l, &key, &klen) != 0)
			goto fail;
		/* value() reuses scratch: a decoded key is copied first. */
		char kbuf[256];
		if (klen >= sizeof kbuf)
			goto fail;
		memcpy(kbuf, key, klen);
		kbuf[klen] = '\0';
		skip_ws(l);
		if (l->p >= l->end || *l->p++ != ':')
			goto fail;
		if ((v = value(l, depth + 1)) == NULL)
			goto fail;
		size = json_object_size(obj);
		if (json_object_setn_new_nocheck(obj, kbuf, klen, v) != 0 ||
		    json_object_size(obj) != size + 1)
			goto fail;
		skip_ws(l);
		if (l->p < l->end && *l->p == ',') {
			l->p++;
			skip_ws(l);
			continue;
		}
		if (l->p < l->end && *l->p == '}') {
			l->p++;
			return obj;
		}
		goto fail;
	}
fail:
	json_decref(obj);
	return NULL;
}

static json_t *array(lexer *l, int depth)
{
	json_t *arr = json_array(), *v;

	l->p++;
	skip_ws(l);
	if (arr == NULL)
		return NULL;
	if (l->p < l->end && *l->p == ']') {
		l->p++;
		return arr;
	}
	for (;;) {
		if ((v = value(l, depth + 1)) == NULL || json_array_append_new(arr, v) != 0)
			break;
		skip_ws(l);
		if (l->p < l->end && *l->p == ',') {
			l->p++;
			continue;
		}
		if (l->p < l->end && *l->p == ']') {
			l->p++;
			return arr;
		}
		break;
	}
	json_decref(arr);
	return NULL;
}

/* Whole numbers from 0 up only: what a session file holds. */
static json_t *number(lexer *l)
{
	json_int_t v = 0;
	int digits = 0;

	if (*l->p == '0') {
		l->p++;
		digits = 1;
	} else {
		while (l->p < l->end && *l->p >= '0' && *l->p <= '9' && digits < 18) {
			v = v * 10 + (*l->p++ - '0');
			digits++;
		}
	}
	if (l->p < l->end && ((*l->p >= '0' && *l->p <= '9') || *l->p == '.' || *l->p == 'e' ||
	                      *l->p == 'E'))
		return NULL;
	return json_integer(v);
}

static json_t *value(lexer *l, int depth)
{
	const char *s;
	size_t n;

	skip_ws(l);
	if (l->p >= l->end || depth > MAX_DEPTH)
		return NULL;
	switch (*l->p) {
	case '{':
		return object(l, depth);
	case '[':
		return array(l, depth);
	case '"':
		return string(l, &s, &n) == 0 ? json_stringn_nocheck(s, n) : NULL;
	case 't':
		return word(l, "true", 4) ? json_true() : NULL;
	case 'f':
		return word(l, "false", 5) ? json_false() : NULL;
	case 'n':
		return word(l, "null", 4) ? json_null() : NULL;
	default:
		return *l->p >= '1' && *l->p <= '9' ? number(l) : *l->p == '0' ? number(l) : NULL;
	}
}

json_t *bundle_json_fast(const char *text, size_t len)
{
	lexer l = { (const unsigned char *)text, (const unsigned char *)text + len, NULL };
	json_t *root = NULL;

	skip_ws(&l);
	if (l.p >= l.end || *l.p != '{' || (l.scratch = malloc(len + 1)) == NULL)
		return NULL;
	root = object(&l, 1);
	skip_ws(&l);
	if (root != NULL && l.p != l.end) {
		json_decref(root);
		root = NULL;
	}
	explicit_bzero(l.scratch, len + 1);
	free(l.scratch);
	return root;
}
