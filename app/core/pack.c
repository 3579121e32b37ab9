/*
 * pack.c — loads and checks pack.json. The checker keeps going after a
 * problem so that HR staff fix a translated pack in one round trip: every
 * missing field, bad id and stray byte is reported together, each with the
 * line that jsonpos found for it.
 */
#include "pack.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"
#include "lang.h"
#include "readall.h"

/* A pack is a few hundred strings; anything near this is not a pack. */
#define PACK_MAX_BYTES (16u << 20)
/* A binary file would otherwise drown the real problems. */
#define PACK_MAX_UTF8_REPORTS 20

static const char *const type_names[QTYPE_COUNT_] = {
	"general", "experience", "behavioral", "situational", "motivation",
};

static const char *const anchor_keys[3] = { "1", "3", "5" };

typedef struct {
	const char *file;
	jsonpos *pos;
	diag_list *d;
	int oom;
} pack_ctx;

const char *pack_type_name(question_type t)
{
	if ((int)t < 0 || t >= QTYPE_COUNT_)
		return NULL;
	return type_names[t];
}

int pack_type_parse(const char *name, question_type *out)
{
	for (int i = 0; name != NULL && i < QTYPE_COUNT_; i++)
		if (strcmp(type_names[i], name) == 0) {
			*out = (question_type)i;
			return 0;
		}
	return -1;
}

static int utf8_tail(const unsigned char *s, size_t left, size_t need,
    unsigned char lo, unsigned char hi)
{
	if (left < need + 1 || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i <= need; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return 1;
}

static size_t utf8_valid(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return utf8_tail(s, left, 1, 0x80, 0xbf) ? 2 : 0;
	if (c == 0xe0)
		return utf8_tail(s, left, 2, 0xa0, 0xbf) ? 3 : 0;
	if (c == 0xed)
		return utf8_tail(s, left, 2, 0x80, 0x9f) ? 3 : 0;
	if (c >= 0xe1 && c <= 0xef)
		return utf8_tail(s, left, 2, 0x80, 0xbf) ? 3 : 0;
	if (c == 0xf0)
		return utf8_tail(s, left, 3, 0x90, 0xbf) ? 4 : 0;
	if (c >= 0xf1 && c <= 0xf3)
		return utf8_tail(s, left, 3, 0x80, 0xbf) ? 4 : 0;
	if (c == 0xf4)
		return utf8_tail(s, left, 3, 0x80, 0x8f) ? 4 : 0;
	return 0;
}

size_t pack_utf8_patch(const char *file, char *text, size_t len, diag_list *d)
{
	unsigned char *s = (unsigned char *)text;
	int line = 1, last_line = 0, reports = 0;
	size_t patched = 0;

	for (size_t i = 0; i < len;) {
		size_t n = utf8_valid(s + i, len - i);

		if (n > 0) {
			if (s[i] == '\n')
				line++;
			i += n;
			continue;
		}
		if (line != last_line && reports < PACK_MAX_UTF8_REPORTS) {
			diag_error(d, file, line, "invalid UTF-8 (byte 0x%02x)", s[i]);
			reports++;
		}
		last_line = line;
		s[i++] = '?';
		patched++;
	}
	return patched;
}

/* The line of obj_ptr's member key (of obj_ptr itself for key NULL). */
static int pack_line(pack_ctx *c, const char *obj_ptr, const char *key)
{
	char ptr[512];
	size_t n;

	n = (size_t)snprintf(ptr, sizeof ptr, "%s%s", obj_ptr, key ? "/" : "");
	for (; key != NULL && *key != '\0' && n + 3 < sizeof ptr; key++) {
		if (*key == '~' || *key == '/') {
			ptr[n++] = '~';
			ptr[n++] = *key == '~' ? '0' : '1';
		} else
			ptr[n++] = *key;
	}
	ptr[n < sizeof ptr ? n : sizeof ptr - 1] = '\0';
	return jsonpos_line(c->pos, ptr);
}

static int is_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

/*
 * The non-empty string obj[key], or NULL once the reason is reported.
 * who prefixes the message ("question \"q03\": ") so a line is self-explaining.
 */
static const char *pack_string(pack_ctx *c, json_t *obj, const char *ptr,
    const char *key, const char *who)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		diag_error(c->d, c->file, pack_line(c, ptr, NULL),
		    "%smissing \"%s\"", who, key);
		return NULL;
	}
	if (!json_is_string(v)) {
		diag_error(c->d, c->file, pack_line(c, ptr, key),
		    "%s\"%s\" must be a string", who, key);
		return NULL;
	}
	if (is_blank(json_string_value(v))) {
		diag_error(c->d, c->file, pack_line(c, ptr, key),
		    "%s\"%s\" is empty", who, key);
		return NULL;
	}
	return json_string_value(v);
}

static char *pack_strdup(pack_ctx *c, const char *s)
{
	char *copy;

	if (s == NULL)
		return NULL;
	if ((copy = strdup(s)) == NULL && !c->oom) {
		c->oom = 1;
		diag_error(c->d, c->file, 0, "out of memory");
	}
	return copy;
}

static void pack_unknown_keys(pack_ctx *c, json_t *obj, const char *ptr,
    const char *const *known, const char *who)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		int found = 0;
		for (int i = 0; known[i] != NULL && !found; i++)
			found = strcmp(known[i], key) == 0;
		if (!found)
			diag_warning(c->d, c->file, pack_line(c, ptr, key),
			    "%sunknown key \"%s\"", who, key);
	}
}

static int id_char(char ch, int question)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')
		return 1;
	return question && ((ch >= 'A' && ch <= 'Z') || ch == '_');
}

static void pack_anchors(pack_ctx *c, json_t *q, const char *qptr,
    const char *who, pack_question *out)
{
	static const char *const known[] = { "1", "3", "5", NULL };
	char ptr[128], sub[160];
	json_t *a = json_object_get(q, "anchors");

	snprintf(ptr, sizeof ptr, "%s/anchors", qptr);
	if (a == NULL) {
		diag_error(c->d, c->file, pack_line(c, qptr, NULL),
		    "%smissing \"anchors\" (what scores 1, 3 and 5 look like)", who);
		return;
	}
	if (!json_is_object(a)) {
		diag_error(c->d, c->file, pack_line(c, ptr, NULL),
		    "%s\"anchors\" must be an object with \"1\", \"3\" and \"5\"", who);
		return;
	}
	snprintf(sub, sizeof sub, "%sanchors: ", who);
	for (int i = 0; i < 3; i++)
		out->anchor[i] = pack_strdup(c,
		    pack_string(c, a, ptr, anchor_keys[i], sub));
	pack_unknown_keys(c, a, ptr, known, sub);
}

static void pack_question_load(pack_ctx *c, json_t *q, int index,
    pack_question *out, int *id_line)
{
	static const char *const known[] = {
		"id", "type", "text", "look_for", "red_flag", "anchors", NULL,
	};
	char ptr[64], who[PACK_SHORT + 32];
	const char *id, *type;
	json_t *idv;

	snprintf(ptr, sizeof ptr, "/questions/%d", index);
	*id_line = 0;
	if (!json_is_object(q)) {
		diag_error(c->d, c->file, pack_line(c, ptr, NULL),
		    "question %d must be an object", index + 1);
		return;
	}

	/* Name the question by its id when it has a usable one. */
	idv = json_object_get(q, "id");
	if (json_is_string(idv) && json_string_length(idv) > 0
	    && json_string_length(idv) < PACK_SHORT)
		snprintf(who, sizeof who, "question \"%s\": ", json_string_value(idv));
	else
		snprintf(who, sizeof who, "question %d: ", index + 1);

	if ((id = pack_string(c, q, ptr, "id", who)) != NULL) {
		size_t n = strlen(id);
		int ok = n < PACK_SHORT;
		for (size_t i = 0; ok && i < n; i++)
			ok = id_char(id[i], 1);
		if (!ok)
			diag_error(c->d, c->file, pack_line(c, ptr, "id"),
			    "%s\"id\" must be 1 to %d of A-Z a-z 0-9 _ -",
			    who, PACK_SHORT - 1);
		else {
			memcpy(out->id, id, n + 1);
			*id_line = pack_line(c, ptr, "id");
		}
	}
	if ((type = pack_string(c, q, ptr, "type", who)) != NULL
	    && pack_type_parse(type, &out->type) < 0)
		diag_error(c->d, c->file, pack_line(c, ptr, "type"),
		    "%sunknown type \"%s\" (expected general, experience, "
		    "behavioral, situational or motivation)", who, type);
	out->text = pack_strdup(c, pack_string(c, q, ptr, "text", who));
	out->look_for = pack_strdup(c, pack_string(c, q, ptr, "look_for", who));
	out->red_flag = pack_strdup(c, pack_string(c, q, ptr, "red_flag", who));
	pack_anchors(c, q, ptr, who, out);
	pack_unknown_keys(c, q, ptr, known, who);
}

static void pack_questions(pack_ctx *c, json_t *root, pack *out)
{
	json_t *qs = json_object_get(root, "questions");
	int *lines;
	size_t n;

	if (qs == NULL) {
		diag_error(c->d, c->file, 1, "missing \"questions\"");
		return;
	}
	if (!json_is_array(qs)) {
		diag_error(c->d, c->file, pack_line(c, "/questions", NULL),
		    "\"questions\" must be an array");
		return;
	}
	if ((n = json_array_size(qs)) == 0) {
		diag_error(c->d, c->file, pack_line(c, "/questions", NULL),
		    "\"questions\" is empty");
		return;
	}
	if (n > 10000) {
		diag_error(c->d, c->file, pack_line(c, "/questions", NULL),
		    "\"questions\" holds %zu entries (at most 10000)", n);
		return;
	}
	out->questions = calloc(n, sizeof *out->questions);
	lines = calloc(n, sizeof *lines);
	if (out->questions == NULL || lines == NULL) {
		free(lines);
		diag_error(c->d, c->file, 0, "out of memory");
		return;
	}
	out->question_count = (int)n;
	for (size_t i = 0; i < n; i++) {
		pack_question *q = &out->questions[i];

		pack_question_load(c, json_array_get(qs, i), (int)i, q, &lines[i]);
		if (lines[i] == 0)
			continue;
		for (size_t j = 0; j < i; j++)
			if (lines[j] != 0 && strcmp(out->questions[j].id, q->id) == 0) {
				diag_error(c->d, c->file, lines[i],
				    "duplicate question id \"%s\" (first at line %d)",
				    q->id, lines[j]);
				break;
			}
	}
	free(lines);
}

static void pack_sample_load(pack_ctx *c, const pack *p, json_t *o, int index,
    pack_sample *out, int *id_line)
{
	static const char *const known[] = {
		"id", "question_id", "language", "answer", "score", "why", NULL,
	};
	char ptr[64], who[PACK_SHORT + 32];
	const char *s;
	json_t *v;

	snprintf(ptr, sizeof ptr, "/calibration/%d", index);
	*id_line = 0;
	if (!json_is_object(o)) {
		diag_error(c->d, c->file, pack_line(c, ptr, NULL),
		    "calibration sample %d must be an object", index + 1);
		return;
	}
	v = json_object_get(o, "id");
	if (json_is_string(v) && json_string_length(v) > 0
	    && json_string_length(v) < PACK_SHORT)
		snprintf(who, sizeof who, "sample \"%s\": ", json_string_value(v));
	else
		snprintf(who, sizeof who, "calibration sample %d: ", index + 1);

	if ((s = pack_string(c, o, ptr, "id", who)) != NULL) {
		size_t n = strlen(s);
		int ok = n < PACK_SHORT;
		for (size_t i = 0; ok && i < n; i++)
			ok = id_char(s[i], 1);
		if (!ok)
			diag_error(c->d, c->file, pack_line(c, ptr, "id"),
			    "%s\"id\" must be 1 to %d of A-Z a-z 0-9 _ -",
			    who, PACK_SHORT - 1);
		else {
			memcpy(out->id, s, n + 1);
			*id_line = pack_line(c, ptr, "id");
		}
	}
	if ((s = pack_string(c, o, ptr, "question_id", who)) != NULL) {
		if (pack_find(p, s) == NULL)
			diag_error(c->d, c->file, pack_line(c, ptr, "question_id"),
			    "%s\"question_id\" \"%s\" is not a question of this pack",
			    who, s);
		else
			strcpy(out->question_id, s);  /* a question's id fits */
	}
	if ((s = pack_string(c, o, ptr, "language", who)) != NULL) {
		if (lang_find(s) == NULL)
			diag_error(c->d, c->file, pack_line(c, ptr, "language"),
			    "%s\"language\" \"%s\" is not one of en, es, fr, de, "
			    "pt_BR, ar, hi, zh_CN, ja", who, s);
		else
			snprintf(out->language, sizeof out->language, "%s", s);
	}
	out->answer = pack_strdup(c, pack_string(c, o, ptr, "answer", who));
	v = json_object_get(o, "score");
	if (v == NULL)
		diag_error(c->d, c->file, pack_line(c, ptr, NULL),
		    "%smissing \"score\"", who);
	else if (!json_is_integer(v))
		diag_error(c->d, c->file, pack_line(c, ptr, "score"),
		    "%s\"score\" must be a whole number from 1 to 5", who);
	else if (json_integer_value(v) < 1 || json_integer_value(v) > 5)
		diag_error(c->d, c->file, pack_line(c, ptr, "score"),
		    "%s\"score\" %" JSON_INTEGER_FORMAT " is outside 1 to 5",
		    who, json_integer_value(v));
	else
		out->score = (int)json_integer_value(v);
	out->why = pack_strdup(c, pack_string(c, o, ptr, "why", who));
	pack_unknown_keys(c, o, ptr, known, who);
}

/* Optional: a pack without samples simply offers no calibration round. */
static void pack_samples(pack_ctx *c, json_t *root, pack *out)
{
	json_t *a = json_object_get(root, "calibration");
	int *lines;
	size_t n;

	if (a == NULL)
		return;
	if (!json_is_array(a)) {
		diag_error(c->d, c->file, pack_line(c, "/calibration", NULL),
		    "\"calibration\" must be an array");
		return;
	}
	if ((n = json_array_size(a)) == 0)
		return;
	if (n > 1000) {
		diag_error(c->d, c->file, pack_line(c, "/calibration", NULL),
		    "\"calibration\" holds %zu samples (at most 1000)", n);
		return;
	}
	out->samples = calloc(n, sizeof *out->samples);
	lines = calloc(n, sizeof *lines);
	if (out->samples == NULL || lines == NULL) {
		free(lines);
		free(out->samples);
		out->samples = NULL;
		diag_error(c->d, c->file, 0, "out of memory");
		return;
	}
	out->sample_count = (int)n;
	for (size_t i = 0; i < n; i++) {
		pack_sample *s = &out->samples[i];

		pack_sample_load(c, out, json_array_get(a, i), (int)i, s, &lines[i]);
		if (lines[i] == 0)
			continue;
		for (size_t j = 0; j < i; j++)
			if (lines[j] != 0 && strcmp(out->samples[j].id, s->id) == 0) {
				diag_error(c->d, c->file, lines[i],
				    "duplicate sample id \"%s\" (first at line %d)",
				    s->id, lines[j]);
				break;
			}
	}
	free(lines);
}

static void pack_header(pack_ctx *c, json_t *root, pack *out)
{
	static const char *const known[] = {
		"schema", "id", "version", "source_language", "title", "role",
		"questions", "calibration", NULL,
	};
	const char *s;

	if ((s = pack_string(c, root, "", "schema", "")) != NULL
	    && strcmp(s, "prescreen.pack.v1") != 0)
		diag_error(c->d, c->file, pack_line(c, "", "schema"),
		    "unknown schema \"%s\" (expected \"prescreen.pack.v1\")", s);

	if ((s = pack_string(c, root, "", "id", "")) != NULL) {
		size_t n = strlen(s);
		int ok = n < PACK_SHORT && s[0] != '-';
		for (size_t i = 0; ok && i < n; i++)
			ok = id_char(s[i], 0);
		if (!ok)
			diag_error(c->d, c->file, pack_line(c, "", "id"),
			    "\"id\" \"%s\" must match [a-z0-9][a-z0-9-]* (at most %d "
			    "characters)", s, PACK_SHORT - 1);
		else
			memcpy(out->id, s, n + 1);
	}

	if ((s = pack_string(c, root, "", "version", "")) != NULL) {
		if (strlen(s) >= PACK_SHORT)
			diag_error(c->d, c->file, pack_line(c, "", "version"),
			    "\"version\" is longer than %d characters", PACK_SHORT - 1);
		else
			strcpy(out->version, s);
	}

	if ((s = pack_string(c, root, "", "source_language", "")) != NULL
	    && lang_find(s) == NULL)
		diag_error(c->d, c->file, pack_line(c, "", "source_language"),
		    "\"source_language\" \"%s\" is not one of en, es, fr, de, pt_BR, "
		    "ar, hi, zh_CN, ja", s);

	out->title = pack_strdup(c, pack_string(c, root, "", "title", ""));
	out->role = pack_strdup(c, pack_string(c, root, "", "role", ""));
	pack_unknown_keys(c, root, "", known, "");
}

int pack_load(const char *dir, pack *out, diag_list *d)
{
	char file[PATH_MAX + 16];
	char *data = NULL;
	size_t len = 0, dirlen;
	json_error_t jerr;
	json_t *root;
	pack_ctx c;
	int errors_before = d->errors;

	memset(out, 0, sizeof *out);
	dirlen = strlen(dir);
	/* "packs/x/" must not turn into "packs/x//pack.json" in messages. */
	while (dirlen > 1 && dir[dirlen - 1] == '/')
		dirlen--;
	if (dirlen >= sizeof out->dir) {
		diag_error(d, dir, 0, "path too long");
		return -1;
	}
	memcpy(out->dir, dir, dirlen);
	out->dir[dirlen] = '\0';
	snprintf(file, sizeof file, "%s%spack.json", out->dir,
	    strcmp(out->dir, "/") == 0 ? "" : "/");

	if (readall(file, PACK_MAX_BYTES, &data, &len) < 0) {
		diag_error(d, file, 0, "%s", errno == EFBIG ? "file too large"
		    : strerror(errno));
		pack_free(out);
		return -1;
	}
	hash_sha256_tagged(data, len, out->hash);

	memset(&c, 0, sizeof c);
	c.file = file;
	c.d = d;
	/* jansson stops at the first bad byte: report each, check the rest. */
	pack_utf8_patch(file, data, len, d);
	c.pos = jsonpos_index(data, len);

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		diag_error(d, file, jerr.line, "%s", jerr.text);
	else if (!json_is_object(root))
		diag_error(d, file, 1, "the top level must be an object");
	else {
		pack_header(&c, root, out);
		pack_questions(&c, root, out);
		pack_samples(&c, root, out);
	}
	json_decref(root);
	jsonpos_free(c.pos);
	free(data);
	if (d->errors != errors_before) {
		pack_free(out);
		return -1;
	}
	return 0;
}

void pack_free(pack *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->question_count; i++) {
		pack_question *q = &p->questions[i];
		free(q->text);
		free(q->look_for);
		free(q->red_flag);
		for (int k = 0; k < 3; k++)
			free(q->anchor[k]);
	}
	free(p->questions);
	for (int i = 0; i < p->sample_count; i++) {
		free(p->samples[i].answer);
		free(p->samples[i].why);
	}
	free(p->samples);
	free(p->title);
	free(p->role);
	memset(p, 0, sizeof *p);
}

const pack_question *pack_find(const pack *p, const char *id)
{
	for (int i = 0; p != NULL && id != NULL && i < p->question_count; i++)
		if (strcmp(p->questions[i].id, id) == 0)
			return &p->questions[i];
	return NULL;
}
