/*
 * scores_file.c — reading and writing prescreen.scores.v1. The reader checks
 * everything the schema says and what it cannot (one score per session and
 * question, real calendar times), naming each problem's line; the writer
 * lays keys out in the schema's order so that files diff cleanly.
 */
#include "scores_file.h"
#include "scores_file_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "jsonpos.h"

/* 70,000 answers with long notes stay well below this. */
#define SCORES_MAX_BYTES (256u << 20)

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void wiped_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void scores_file_free(scores_file *f)
{
	if (f == NULL)
		return;
	for (int i = 0; f->entries != NULL && i < f->count; i++)
		wiped_free(f->entries[i].note);
	free(f->entries);
	free(f->events);
	memset(f, 0, sizeof *f);
}

bool scores_is_ulid(const char *s)
{
	if (strlen(s) != SESSION_ID_LEN)
		return false;
	for (const char *p = s; *p; p++)
		if (strchr(crockford, *p) == NULL)
			return false;
	return true;
}

bool scores_is_hash(const char *s)
{
	if (strncmp(s, "sha256:", 7) != 0 || strlen(s) != 7 + 64)
		return false;
	for (const char *p = s + 7; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* jansson already refuses \u0000 (no JSON_ALLOW_NUL): strings end at their NUL. */
static bool is_note(json_t *v)
{
	return json_is_null(v) || json_is_string(v);
}

/* jansson's copies of the notes, wiped before the tree is freed. */
static void wipe_notes(json_t *scores)
{
	json_t *item;
	size_t i;

	json_array_foreach(scores, i, item) {
		json_t *note = json_object_get(item, "note");
		if (json_is_string(note))
			explicit_bzero((char *)json_string_value(note), json_string_length(note));
	}
}

/* ---- writing ---- */

static json_t *time_json(int64_t wall_ms)
{
	char t[32];

	session_format_time(wall_ms, t);
	return json_string(t);
}

/* Takes v; a failed NULL (bad UTF-8, no memory) marks the build failed. */
static void put(json_t *obj, const char *key, json_t *v, bool *ok)
{
	if (v == NULL || json_object_set_new(obj, key, v) != 0)
		*ok = false;
}

static const char *check_entry(const score_entry *e)
{
	if (!scores_is_ulid(e->session_id))
		return "a session id is not a ULID";
	if (e->question_id[0] == '\0')
		return "a question id is empty";
	if (e->score < 1 || e->score > 5)
		return "a score is outside 1..5";
	return NULL;
}

/* By session and question, then place in the file: the first of equals first. */
static int by_key(const void *a, const void *b)
{
	const score_entry *x = *(const score_entry *const *)a;
	const score_entry *y = *(const score_entry *const *)b;
	int c;

	if ((c = strcmp(x->session_id, y->session_id)) != 0)
		return c;
	if ((c = strcmp(x->question_id, y->question_id)) != 0)
		return c;
	return (x > y) - (x < y);
}

/* Pointers to the entries, sorted by_key; NULL when out of memory. */
static const score_entry **sorted(const score_entry *e, int n)
{
	const score_entry **order = malloc((size_t)(n > 0 ? n : 1) * sizeof *order);

	if (order == NULL)
		return NULL;
	for (int i = 0; i < n; i++)
		order[i] = &e[i];
	qsort(order, (size_t)n, sizeof *order, by_key);
	return order;
}

/* The reader refuses a second score for one answer: never write one. */
static bool has_duplicates(const score_entry *e, int n)
{
	const score_entry **order = sorted(e, n);
	bool dup = false;

	if (order == NULL)
		return true;
	for (int k = 1; k < n && !dup; k++)
		dup = strcmp(order[k - 1]->session_id, order[k]->session_id) == 0 &&
		    strcmp(order[k - 1]->question_id, order[k]->question_id) == 0;
	free(order);
	return dup;
}

static json_t *build(const scores_file *f, const char **why)
{
	json_t *root = json_object(), *events = json_array(), *scores = json_array();
	bool ok = root != NULL && events != NULL && scores != NULL;

	/* json_string refuses invalid UTF-8; running out of memory is rarer. */
	*why = "a name or note is not valid UTF-8";
	if (f->reviewer[0] == '\0') {
		*why = "no reviewer name";
		ok = false;
	} else if (has_duplicates(f->entries, f->count)) {
		*why = "an answer is scored twice";
		ok = false;
	}
	put(root, "schema", json_string(SCORES_SCHEMA), &ok);
	put(root, "reviewer", json_string(f->reviewer), &ok);
	put(root, "exported_at", time_json(f->exported_at), &ok);
	for (int i = 0; ok && i < f->nevents; i++) {
		const scores_event *e = &f->events[i];
		json_t *o = json_object();
		if (!scores_is_hash(e->hash) || !scores_is_hash(e->pack_hash) || e->id[0] == '\0') {
			*why = "an event has no id or a malformed hash";
			ok = false;
		}
		put(o, "id", json_string(e->id), &ok);
		put(o, "hash", json_string(e->hash), &ok);
		put(o, "pack_hash", json_string(e->pack_hash), &ok);
		if (json_array_append_new(events, o) != 0)
			ok = false;
	}
	for (int i = 0; ok && i < f->count; i++) {
		const score_entry *e = &f->entries[i];
		json_t *o = json_object();
		const char *bad = check_entry(e);
		if (bad != NULL) {
			*why = bad;
			ok = false;
		}
		put(o, "session_id", json_string(e->session_id), &ok);
		put(o, "question_id", json_string(e->question_id), &ok);
		put(o, "score", json_integer(e->score), &ok);
		put(o, "automatic", json_boolean(e->automatic), &ok);
		put(o, "note", e->note ? json_string(e->note) : json_null(), &ok);
		put(o, "scored_at", time_json(e->scored_at), &ok);
		if (json_array_append_new(scores, o) != 0)
			ok = false;
	}
	if (!ok) {
		wipe_notes(scores);
		json_decref(events);
		json_decref(scores);
		json_decref(root);
		return NULL;
	}
	/* Last, so that they come after the header keys. */
	put(root, "events", events, &ok);
	put(root, "scores", scores, &ok);
	if (!ok) {
		*why = "out of memory";
		json_decref(root);
		return NULL;
	}
	return root;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Until the folder is synced the rename may not survive a power cut. */
static int sync_parent(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = 0;

	if (copy == NULL)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	if (fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP)
		rc = -1;
	close(fd);
	return rc;
}

int scores_file_write(const char *path, const scores_file *f, char *err, size_t errlen)
{
	char tmp[PATH_MAX];
	const char *why = NULL;
	json_t *root;
	char *text;
	int fd, rc = -1, saved = 0;

	if (path == NULL || f == NULL || (f->nevents > 0 && f->events == NULL) ||
	    (f->count > 0 && f->entries == NULL) || f->nevents < 0 || f->count < 0) {
		snprintf(err, errlen, "%s: nothing to write", path ? path : "(null)");
		return -1;
	}
	if ((root = build(f, &why)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	wipe_notes(json_object_get(root, "scores"));
	json_decref(root);
	if (text == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path) >= (int)sizeof tmp) {
		snprintf(err, errlen, "%s: name too long", path);
		wiped_free(text);
		return -1;
	}
	/* mkstemp creates 0600 whatever the umask: the notes may quote answers. */
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		wiped_free(text);
		return -1;
	}
	if (fchmod(fd, 0600) != 0 || write_all(fd, text, strlen(text)) != 0 ||
	    write_all(fd, "\n", 1) != 0 || fsync(fd) != 0)
		saved = errno;
	if (close(fd) != 0 && saved == 0)
		saved = errno;
	if (saved == 0 && rename(tmp, path) != 0)
		saved = errno;
	if (saved == 0 && sync_parent(path) != 0)
		saved = errno;
	if (saved != 0) {
		unlink(tmp);
		snprintf(err, errlen, "%s: %s", path, strerror(saved));
	} else {
		rc = 0;
	}
	wiped_free(text);
	return rc;
}

/* ---- reading ---- */

typedef struct {
	const char *file;
	diag_list *d;
	const char *data;
	size_t len;
	jsonpos *pos;           /* indexed at the first problem: good files never need it */
} reader;

static int line_of(reader *r, const char *pointer)
{
	if (r->pos == NULL)
		r->pos = jsonpos_index(r->data, r->len);
	return r->pos ? jsonpos_line(r->pos, pointer) : 0;
}

/* Where a problem is: an item of "events" or "scores", or the top level. */
typedef struct {
	const char *array;      /* NULL: the top level */
	int index;
} place;

static const place top = { NULL, 0 };

/*
 * "scores[3]: message" on the line of /scores/3/key (of the item itself
 * when key is NULL). Built only when something is wrong: a good file of
 * 70,000 scores must not pay for 400,000 pointers it never prints.
 */
__attribute__((format(printf, 4, 5)))
static void problem(reader *r, place at, const char *key, const char *fmt, ...)
{
	char msg[512], pointer[160] = "", prefix[48] = "";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (at.array != NULL) {
		snprintf(pointer, sizeof pointer, "/%s/%d", at.array, at.index);
		snprintf(prefix, sizeof prefix, "%s[%d]: ", at.array, at.index);
	}
	/* A key needing JSON Pointer escapes is only ever an unknown one:
	 * its object's line will do. */
	if (key != NULL && strpbrk(key, "~/") == NULL && strlen(key) < 64) {
		size_t n = strlen(pointer);
		snprintf(pointer + n, sizeof pointer - n, "/%s", key);
	}
	diag_error(r->d, r->file, line_of(r, pointer), "%s%s", prefix, msg);
}

static int read_whole(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (f == NULL)
		return -1;
	for (;;) {
		if (n == cap) {
			size_t grown = cap ? cap * 2 : 65536;
			char *b;
			if (cap > SCORES_MAX_BYTES) {
				errno = EFBIG;
				goto fail;
			}
			/* By hand, not realloc: the old copy is wiped first. */
			if ((b = malloc(grown + 1)) == NULL)
				goto fail;
			if (buf != NULL) {
				memcpy(b, buf, n);
				explicit_bzero(buf, cap);
				free(buf);
			}
			buf = b;
			cap = grown;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
fail:
	if (buf != NULL) {
		explicit_bzero(buf, cap);
		free(buf);
	}
	fclose(f);
	return -1;
}

/* The member, or NULL after saying it is missing. */
static json_t *need(reader *r, json_t *obj, place at, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		problem(r, at, NULL, "missing \"%s\"", key);
	return v;
}

/* A non-empty string shorter than size, copied into out. */
static bool short_string(reader *r, json_t *obj, place at, const char *key,
                         char *out, size_t size)
{
	json_t *v = need(r, obj, at, key);

	if (v == NULL)
		return false;
	if (!json_is_string(v) || json_string_length(v) == 0) {
		problem(r, at, key, "\"%s\" must be a non-empty string", key);
		return false;
	}
	if (json_string_length(v) >= size) {
		problem(r, at, key, "\"%s\" is longer than %zu bytes", key, size - 1);
		return false;
	}
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return true;
}

static bool time_value(reader *r, json_t *obj, place at, const char *key, int64_t *out)
{
	json_t *v = need(r, obj, at, key);

	if (v == NULL)
		return false;
	if (!json_is_string(v) || session_parse_time(json_string_value(v), out) != 0) {
		problem(r, at, key, "\"%s\" must be a UTC time like 2026-03-14T09:30:00Z",
		    key);
		return false;
	}
	return true;
}

static void unknown_keys(reader *r, json_t *obj, place at, const char *const *known)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		bool found = false;
		for (int i = 0; known[i] != NULL && !found; i++)
			found = strcmp(known[i], key) == 0;
		(void)v;
		if (!found)
			problem(r, at, key, "unknown key \"%s\"", key);
	}
}

static bool is_object(reader *r, json_t *o, place at)
{
	if (!json_is_object(o)) {
		problem(r, at, NULL, "must be an object");
		return false;
	}
	return true;
}

static bool read_event(reader *r, json_t *o, place at, scores_event *ev)
{
	static const char *const known[] = { "id", "hash", "pack_hash", NULL };
	bool ok;

	if (!is_object(r, o, at))
		return false;
	ok = short_string(r, o, at, "id", ev->id, sizeof ev->id);
	for (int k = 0; k < 2; k++) {
		const char *key = k == 0 ? "hash" : "pack_hash";
		char *dst = k == 0 ? ev->hash : ev->pack_hash;
		json_t *v = need(r, o, at, key);
		if (v == NULL) {
			ok = false;
		} else if (!json_is_string(v) || !scores_is_hash(json_string_value(v))) {
			problem(r, at, key, "\"%s\" must be \"sha256:\" and 64 lower-case "
			    "hex digits", key);
			ok = false;
		} else {
			strcpy(dst, json_string_value(v));
		}
	}
	unknown_keys(r, o, at, known);
	return ok;
}

static bool read_score(reader *r, json_t *o, place at, score_entry *e)
{
	static const char *const known[] = { "session_id", "question_id", "score",
		"automatic", "note", "scored_at", NULL };
	bool ok = true;
	json_t *v;

	if (!is_object(r, o, at))
		return false;
	if ((v = need(r, o, at, "session_id")) == NULL) {
		ok = false;
	} else if (!json_is_string(v) || !scores_is_ulid(json_string_value(v))) {
		problem(r, at, "session_id", "\"session_id\" must be a session's ULID "
		    "(26 characters of Crockford base32)");
		ok = false;
	} else {
		strcpy(e->session_id, json_string_value(v));
	}
	ok &= short_string(r, o, at, "question_id", e->question_id, sizeof e->question_id);
	if ((v = need(r, o, at, "score")) == NULL) {
		ok = false;
	} else if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	           json_integer_value(v) > 5) {
		problem(r, at, "score", "\"score\" must be a whole number from 1 to 5");
		ok = false;
	} else {
		e->score = (int)json_integer_value(v);
	}
	if ((v = need(r, o, at, "automatic")) == NULL) {
		ok = false;
	} else if (!json_is_boolean(v)) {
		problem(r, at, "automatic", "\"automatic\" must be true or false");
		ok = false;
	} else {
		e->automatic = json_is_true(v);
	}
	if ((v = need(r, o, at, "note")) == NULL) {
		ok = false;
	} else if (!is_note(v)) {
		problem(r, at, "note", "\"note\" must be a string or null");
		ok = false;
	} else if (json_is_string(v) && (e->note = strdup(json_string_value(v))) == NULL) {
		problem(r, at, "note", "out of memory");
		ok = false;
	}
	ok &= time_value(r, o, at, "scored_at", &e->scored_at);
	unknown_keys(r, o, at, known);
	return ok;
}

static void check_duplicates(reader *r, const score_entry *e, int n)
{
	const score_entry **order = sorted(e, n);

	if (order == NULL) {
		diag_error(r->d, r->file, 0, "out of memory");
		return;
	}
	for (int k = 1, first = 0; k < n; k++) {
		const score_entry *a = order[first], *b = order[k];
		char first_ptr[48];
		/* Entries that failed their own checks have empty ids: not duplicates. */
		if (b->session_id[0] == '\0' || b->question_id[0] == '\0' ||
		    strcmp(a->session_id, b->session_id) != 0 ||
		    strcmp(a->question_id, b->question_id) != 0) {
			first = k;
			continue;
		}
		snprintf(first_ptr, sizeof first_ptr, "/scores/%td", a - e);
		problem(r, (place){ "scores", (int)(b - e) }, NULL, "a second score for "
		    "session %s question %s (the first is at line %d)", b->session_id,
		    b->question_id, line_of(r, first_ptr));
	}
	free(order);
}

static void read_root(reader *r, json_t *root, scores_file *out)
{
	static const char *const known[] = { "schema", "reviewer", "exported_at",
		"events", "scores", NULL };
	json_t *v, *item;
	size_t i;

	if ((v = need(r, root, top, "schema")) == NULL)
		return;
	if (!json_is_string(v) || strcmp(json_string_value(v), SCORES_SCHEMA) != 0) {
		problem(r, top, "schema", "not a scores file: \"schema\" must be \"%s\"",
		    SCORES_SCHEMA);
		return;
	}
	short_string(r, root, top, "reviewer", out->reviewer, sizeof out->reviewer);
	time_value(r, root, top, "exported_at", &out->exported_at);

	if ((v = need(r, root, top, "events")) != NULL && !json_is_array(v))
		problem(r, top, "events", "\"events\" must be an array");
	else if (v != NULL && json_array_size(v) > 0) {
		if ((out->events = calloc(json_array_size(v), sizeof *out->events)) == NULL) {
			diag_error(r->d, r->file, 0, "out of memory");
			return;
		}
		out->nevents = (int)json_array_size(v);
		json_array_foreach(v, i, item) {
			place at = { "events", (int)i };
			read_event(r, item, at, &out->events[i]);
			for (size_t k = 0; k < i; k++)
				if (out->events[i].id[0] != '\0' &&
				    strcmp(out->events[k].id, out->events[i].id) == 0) {
					problem(r, at, NULL, "event \"%s\" is listed twice",
					    out->events[i].id);
					break;
				}
		}
	}

	if ((v = need(r, root, top, "scores")) != NULL && !json_is_array(v))
		problem(r, top, "scores", "\"scores\" must be an array");
	else if (v != NULL && json_array_size(v) > 0) {
		if (json_array_size(v) > INT_MAX ||
		    (out->entries = calloc(json_array_size(v), sizeof *out->entries)) == NULL) {
			diag_error(r->d, r->file, 0, "out of memory");
			return;
		}
		out->count = (int)json_array_size(v);
		json_array_foreach(v, i, item)
			read_score(r, item, (place){ "scores", (int)i }, &out->entries[i]);
		check_duplicates(r, out->entries, out->count);
	}
	unknown_keys(r, root, top, known);
}

int scores_file_tree(const char *file, const char *data, size_t len, scores_file *out,
                     diag_list *d)
{
	int errors_before = d->errors;
	json_error_t jerr;
	json_t *root;
	reader r = { .file = file, .d = d, .data = data, .len = len };

	memset(out, 0, sizeof *out);
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		diag_error(d, file, jerr.line > 0 ? jerr.line : 1, "%s", jerr.text);
	else if (!json_is_object(root))
		diag_error(d, file, 1, "the top level must be an object");
	else
		read_root(&r, root, out);
	if (root != NULL) {
		wipe_notes(json_object_get(root, "scores"));
		json_decref(root);
	}
	jsonpos_free(r.pos);
	if (d->errors != errors_before) {
		scores_file_free(out);
		return -1;
	}
	return 0;
}

int scores_file_read(const char *path, scores_file *out, diag_list *d)
{
	int errors_before = d->errors;
	char *data = NULL;
	size_t len = 0;

	memset(out, 0, sizeof *out);
	if (read_whole(path, &data, &len) < 0) {
		diag_error(d, path, 0, "%s", errno == EFBIG ? "file too large"
		    : strerror(errno));
		return -1;
	}
	/* A good file, the usual one, needs no tree; what is not is read again
	 * with jansson, which says what is wrong and where. */
	if (scores_file_fast(data, len, out) == 0) {
		reader r = { .file = path, .d = d, .data = data, .len = len };
		check_duplicates(&r, out->entries, out->count);
		jsonpos_free(r.pos);
	} else {
		scores_file_tree(path, data, len, out, d);
	}
	explicit_bzero(data, len);
	free(data);
	if (d->errors != errors_before) {
		scores_file_free(out);
		return -1;
	}
	return 0;
}
