/*
 * event.c — the event file over its defaults. Like the pack checker, it keeps
 * going after a problem so that one `prescreen event check` run lists them
 * all; the seed's question mix is advice, so falling short of it only warns.
 */
#include "event.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"
#include "lang.h"
#include "seal.h"

/* An event file is a dozen settings; anything near this is something else. */
#define EVENT_MAX_BYTES (1u << 20)

/* The seed's recommended selection from the bundled pack. */
static const char *const default_questions[] = {
	"q01", "q05", "q07", "q12", "q16", "q21", "q22",
};
#define DEFAULT_QUESTION_COUNT \
	((int)(sizeof default_questions / sizeof default_questions[0]))

static const char *const contact_names[SESSION_MAX_CONTACTS] = {
	"email", "phone", "city", "linkedin",
};

typedef struct {
	const char *file;
	jsonpos *pos;
	diag_list *d;
} event_ctx;

/* Copies at most cap - 1 bytes without cutting a UTF-8 sequence in half. */
static void copy_utf8(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void event_defaults(event_config *ev, const pack *p)
{
	const lang_info *langs = lang_all();
	int all = p != NULL;

	memset(ev, 0, sizeof *ev);
	strcpy(ev->id, "default");
	/* No title of its own: the pack's, in the pack's translations. */
	if (p != NULL)
		copy_utf8(ev->pack_id, sizeof ev->pack_id, p->id);

	for (int i = 0; all && i < DEFAULT_QUESTION_COUNT; i++)
		all = pack_find(p, default_questions[i]) != NULL;
	if (all) {
		for (int i = 0; i < DEFAULT_QUESTION_COUNT; i++)
			strcpy(ev->questions[i], default_questions[i]);
		ev->question_count = DEFAULT_QUESTION_COUNT;
	} else if (p != NULL) {
		/* A foreign pack: its opening questions, as many as a slot holds. */
		int n = p->question_count < DEFAULT_QUESTION_COUNT
		    ? p->question_count : DEFAULT_QUESTION_COUNT;
		for (int i = 0; i < n; i++)
			copy_utf8(ev->questions[i], SESSION_SHORT, p->questions[i].id);
		ev->question_count = n;
	}

	for (int i = 0; i < LANG_COUNT && i < EVENT_MAX_LANGUAGES; i++)
		copy_utf8(ev->languages[i], sizeof ev->languages[i], langs[i].code);
	ev->language_count = LANG_COUNT < EVENT_MAX_LANGUAGES
	    ? LANG_COUNT : EVENT_MAX_LANGUAGES;

	ev->time_limit_s = 240;
	ev->idle_s = 90;
	ev->idle_prompt_s = 30;
	ev->done_s = 30;
	ev->max_answer_chars = 4000;
	strcpy(ev->kiosk_id, "kiosk");
	strcpy(ev->contacts[0], "email");
	ev->contact_count = 1;
	ev->threshold = 60;
	strcpy(ev->consent_version, "1");
	/* The bundled example's; a real event names its own (SPEC §3, consent). */
	strcpy(ev->organisation, "Example GmbH");
	strcpy(ev->contact, "privacy@example.com");
	ev->retention_days = 180;
	/* No key can be built in: the default event runs unsealed, and says so. */
	ev->unsealed = true;
	event_rehash(ev, p);
}

const char *event_title(const event_config *ev, const char *language)
{
	for (int i = 0; language != NULL && i < ev->title_count; i++)
		if (strcmp(ev->title_langs[i], language) == 0)
			return ev->titles[i];
	return ev->title[0] != '\0' ? ev->title : NULL;
}

void event_rehash(event_config *ev, const pack *p)
{
	char text[2048];
	size_t n;

	/*
	 * One field per line, in a fixed order: ids cannot hold a newline or a
	 * comma, so two different events cannot produce the same text.
	 */
	n = (size_t)snprintf(text, sizeof text,
	    "prescreen.event.v1\npack=%s\npack_version=%s\npack_hash=%s\nquestions=",
	    ev->pack_id, p ? p->version : "", p ? p->hash : "");
	for (int i = 0; i < ev->question_count && n < sizeof text; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s%s",
		    i ? "," : "", ev->questions[i]);
	if (n < sizeof text)
		n += (size_t)snprintf(text + n, sizeof text - n, "\nthreshold=%d\n",
		    ev->threshold);
	if (n >= sizeof text)
		n = sizeof text - 1;
	hash_sha256_tagged(text, n, ev->hash);
}

static int event_read(const char *path, char **data, size_t *len)
{
	FILE *f;
	char *buf;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if ((buf = malloc(EVENT_MAX_BYTES + 1)) == NULL) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, EVENT_MAX_BYTES + 1, f);
	if (ferror(f) || n > EVENT_MAX_BYTES) {
		if (!ferror(f))
			errno = EFBIG;
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*data = buf;
	*len = n;
	return 0;
}

static int event_line(event_ctx *c, const char *key)
{
	char ptr[256];
	size_t n = 0;

	ptr[n++] = '/';
	for (; *key != '\0' && n + 3 < sizeof ptr; key++) {
		if (*key == '~' || *key == '/') {
			ptr[n++] = '~';
			ptr[n++] = *key == '~' ? '0' : '1';
		} else
			ptr[n++] = *key;
	}
	ptr[n] = '\0';
	return jsonpos_line(c->pos, ptr);
}

static int event_item_line(event_ctx *c, const char *key, size_t index)
{
	char ptr[128];

	snprintf(ptr, sizeof ptr, "/%s/%zu", key, index);
	return jsonpos_line(c->pos, ptr);
}

/* An optional string member: NULL when absent or reported as mistyped. */
static const char *event_string(event_ctx *c, json_t *root, const char *key)
{
	json_t *v = json_object_get(root, key);

	if (v == NULL)
		return NULL;
	if (!json_is_string(v)) {
		diag_error(c->d, c->file, event_line(c, key),
		    "\"%s\" must be a string", key);
		return NULL;
	}
	return json_string_value(v);
}

static int name_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
		    || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
			return 0;
	}
	return 1;
}

static void event_name(event_ctx *c, json_t *root, const char *key,
    char *dst, size_t max)
{
	const char *s = event_string(c, root, key);

	if (s == NULL)
		return;
	if (!name_ok(s, max))
		diag_error(c->d, c->file, event_line(c, key),
		    "\"%s\" \"%s\" must be 1 to %zu of A-Z a-z 0-9 . _ -",
		    key, s, max);
	else
		strcpy(dst, s);
}

/* An optional integer member in lo..hi (or exactly 0 when zero_ok). */
static void event_int(event_ctx *c, json_t *root, const char *key,
    int lo, int hi, int zero_ok, int *dst)
{
	json_t *v = json_object_get(root, key);
	json_int_t n;

	if (v == NULL)
		return;
	if (!json_is_integer(v)) {
		diag_error(c->d, c->file, event_line(c, key),
		    "\"%s\" must be a whole number", key);
		return;
	}
	n = json_integer_value(v);
	if ((n < lo || n > hi) && !(zero_ok && n == 0)) {
		diag_error(c->d, c->file, event_line(c, key),
		    "\"%s\" must be %sbetween %d and %d (got %lld)", key,
		    zero_ok ? "0 (no limit) or " : "", lo, hi, (long long)n);
		return;
	}
	*dst = (int)n;
}

/*
 * The strings of an optional array member, each checked by known() and for
 * repeats. Returns the element count when all are good, -1 when absent,
 * -2 after reporting a problem.
 */
static int event_list(event_ctx *c, json_t *root, const char *key,
    int (*known)(event_ctx *, const char *, int, const void *), const void *arg,
    const char *what, int max, char *dst, size_t stride)
{
	json_t *arr = json_object_get(root, key);
	size_t n;
	int bad = 0;

	if (arr == NULL)
		return -1;
	if (!json_is_array(arr)) {
		diag_error(c->d, c->file, event_line(c, key),
		    "\"%s\" must be an array of strings", key);
		return -2;
	}
	n = json_array_size(arr);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(arr, i);
		int line = event_item_line(c, key, i);
		const char *s;

		if (!json_is_string(v)) {
			diag_error(c->d, c->file, line,
			    "\"%s\" must hold only strings", key);
			bad = 1;
			continue;
		}
		s = json_string_value(v);
		if (!known(c, s, line, arg)) {
			bad = 1;
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			json_t *w = json_array_get(arr, j);
			if (json_is_string(w) && strcmp(json_string_value(w), s) == 0) {
				diag_error(c->d, c->file, line,
				    "%s \"%s\" is listed twice (first at line %d)",
				    what, s, event_item_line(c, key, j));
				bad = 1;
				break;
			}
		}
		if (!bad && (int)i < max)
			copy_utf8(dst + i * stride, stride, s);
	}
	return bad ? -2 : (int)n;
}

static int known_question(event_ctx *c, const char *s, int line, const void *arg)
{
	const pack *p = arg;

	if (strlen(s) >= SESSION_SHORT) {
		diag_error(c->d, c->file, line, "question id \"%.20s...\" is too long",
		    s);
		return 0;
	}
	if (p == NULL || pack_find(p, s) != NULL)
		return 1;
	diag_error(c->d, c->file, line, "question \"%s\" is not in pack \"%s\"",
	    s, p->id);
	return 0;
}

static int known_language(event_ctx *c, const char *s, int line, const void *arg)
{
	(void)arg;
	if (lang_find(s) != NULL)
		return 1;
	diag_error(c->d, c->file, line, "unknown language \"%s\" (expected en, es, "
	    "fr, de, pt_BR, ar, hi, zh_CN or ja)", s);
	return 0;
}

static int known_contact(event_ctx *c, const char *s, int line, const void *arg)
{
	(void)arg;
	for (int i = 0; i < SESSION_MAX_CONTACTS; i++)
		if (strcmp(contact_names[i], s) == 0)
			return 1;
	diag_error(c->d, c->file, line, "unknown contact field \"%s\" (expected "
	    "email, phone, city or linkedin)", s);
	return 0;
}

/* Returns whether the question selection in force is a checked one. */
static int event_selection(event_ctx *c, json_t *root, const pack *p,
    event_config *ev)
{
	/* Zeroed: the whole arrays are copied into ev, padding and all. */
	char qs[SESSION_MAX_QUESTIONS][SESSION_SHORT] = { { 0 } };
	char langs[EVENT_MAX_LANGUAGES][16] = { { 0 } };
	char contacts[SESSION_MAX_CONTACTS][SESSION_SHORT] = { { 0 } };
	int n, selection_ok;

	n = event_list(c, root, "questions", known_question, p, "question",
	    SESSION_MAX_QUESTIONS, qs[0], sizeof qs[0]);
	selection_ok = n == -1;
	if (n >= 0 && (n < 6 || n > SESSION_MAX_QUESTIONS))
		diag_error(c->d, c->file, event_line(c, "questions"),
		    "\"questions\" selects %d questions (6 to 8 are needed)", n);
	else if (n >= 0) {
		memcpy(ev->questions, qs, sizeof qs);
		ev->question_count = n;
		selection_ok = 1;
	}

	n = event_list(c, root, "languages", known_language, NULL, "language",
	    EVENT_MAX_LANGUAGES, langs[0], sizeof langs[0]);
	if (n == 0)
		diag_error(c->d, c->file, event_line(c, "languages"),
		    "\"languages\" is empty (at least one is needed)");
	else if (n > 0) {
		memcpy(ev->languages, langs, sizeof langs);
		ev->language_count = n;
	}

	n = event_list(c, root, "contact_fields", known_contact, NULL,
	    "contact field", SESSION_MAX_CONTACTS, contacts[0], sizeof contacts[0]);
	if (n > SESSION_MAX_CONTACTS)
		diag_error(c->d, c->file, event_line(c, "contact_fields"),
		    "\"contact_fields\" lists %d fields (at most %d)", n,
		    SESSION_MAX_CONTACTS);
	else if (n >= 0) {
		memcpy(ev->contacts, contacts, sizeof contacts);
		ev->contact_count = n;
	}
	return selection_ok;
}

void event_mix_count(const event_config *ev, const pack *p, event_mix *out)
{
	memset(out, 0, sizeof *out);
	for (int i = 0; i < ev->question_count; i++) {
		const pack_question *q = pack_find(p, ev->questions[i]);
		if (q != NULL && (int)q->type < QTYPE_COUNT_)
			out->count[q->type]++;
	}
	out->no_background = out->count[QTYPE_GENERAL] == 0;
	out->few_experience = out->count[QTYPE_EXPERIENCE] + out->count[QTYPE_BEHAVIORAL] < 2;
	out->no_situational = out->count[QTYPE_SITUATIONAL] + out->count[QTYPE_MOTIVATION] == 0;
}

/* SPEC §7: one background, two past-example, one situational or motivation. */
static void event_check_mix(event_ctx *c, const pack *p, const event_config *ev)
{
	event_mix mix;
	int line = event_line(c, "questions");

	event_mix_count(ev, p, &mix);
	if (mix.no_background)
		diag_warning(c->d, c->file, line, "the selection has no \"general\" "
		    "(background) question; the seed's mix asks for at least one");
	if (mix.few_experience)
		diag_warning(c->d, c->file, line, "the selection has %d "
		    "\"experience\" or \"behavioral\" question(s) about specific past "
		    "examples; the seed's mix asks for at least two",
		    mix.count[QTYPE_EXPERIENCE] + mix.count[QTYPE_BEHAVIORAL]);
	if (mix.no_situational)
		diag_warning(c->d, c->file, line, "the selection has no "
		    "\"situational\" or \"motivation\" question; the seed's mix asks "
		    "for at least one");
}

/*
 * The seed plans a 20 to 30 minute slot per candidate: answers at their time
 * limit must fit it. Without a limit nothing bounds the total, so nothing is
 * said.
 */
static void event_check_slot(event_ctx *c, json_t *root, const event_config *ev)
{
	int total = ev->time_limit_s * ev->question_count;
	const char *key = json_object_get(root, "answer_time_limit_s") != NULL
	    ? "answer_time_limit_s" : "questions";
	char minutes[32];

	if (ev->time_limit_s <= 0 || (total >= EVENT_SLOT_MIN_S && total <= EVENT_SLOT_MAX_S))
		return;
	if (total % 60 != 0)
		snprintf(minutes, sizeof minutes, "%d min %d s", total / 60, total % 60);
	else
		snprintf(minutes, sizeof minutes, "%d min", total / 60);
	diag_warning(c->d, c->file, event_line(c, key), "%d questions at %d s each "
	    "take up to %s; the seed's slot is %d to %d minutes", ev->question_count,
	    ev->time_limit_s, minutes, EVENT_SLOT_MIN_S / 60, EVENT_SLOT_MAX_S / 60);
}

/* Text shown to candidates: no control characters, not blank, fits. */
static const char *text_problem(const char *s, size_t cap)
{
	int blank = 1;

	if (strlen(s) >= cap)
		return "is too long";
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		if (*u < 0x20 || *u == 0x7f)
			return "holds a control character";
		if (*u != ' ')
			blank = 0;
	}
	return blank ? "is empty" : NULL;
}

static int text_ok(event_ctx *c, int line, const char *what, const char *s,
    size_t cap)
{
	const char *problem = text_problem(s, cap);

	if (problem == NULL)
		return 1;
	if (strcmp(problem, "is too long") == 0)
		diag_error(c->d, c->file, line, "%s is longer than %zu bytes", what,
		    cap - 1);
	else
		diag_error(c->d, c->file, line, "%s %s", what, problem);
	return 0;
}

/* An optional text member such as "organisation". */
static void event_text(event_ctx *c, json_t *root, const char *key, char *dst,
    size_t cap)
{
	const char *s = event_string(c, root, key);
	char what[80];

	snprintf(what, sizeof what, "\"%s\"", key);
	if (s != NULL && text_ok(c, event_line(c, key), what, s, cap))
		strcpy(dst, s);
}

/* "title": one string for all, or {"en": "...", "de": "...", ...}. */
static void event_title_field(event_ctx *c, json_t *root, event_config *ev)
{
	json_t *v = json_object_get(root, "title"), *t;
	const char *code;
	char ptr[64], what[64];
	int n = 0;

	if (v == NULL)
		return;
	if (json_is_string(v)) {
		if (text_ok(c, event_line(c, "title"), "\"title\"", json_string_value(v),
		    sizeof ev->title))
			strcpy(ev->title, json_string_value(v));
		return;
	}
	if (!json_is_object(v) || json_object_size(v) == 0) {
		diag_error(c->d, c->file, event_line(c, "title"), "\"title\" must be "
		    "a string or an object of titles by language ({\"en\": \"...\"})");
		return;
	}
	json_object_foreach(v, code, t) {
		snprintf(ptr, sizeof ptr, "/title/%s", code);
		int line = jsonpos_line(c->pos, ptr);
		snprintf(what, sizeof what, "\"title\" \"%.16s\"", code);
		if (lang_find(code) == NULL) {
			diag_error(c->d, c->file, line, "\"title\" has unknown language "
			    "\"%.16s\" (expected en, es, fr, de, pt_BR, ar, hi, zh_CN or ja)",
			    code);
			continue;
		}
		if (!json_is_string(t)) {
			diag_error(c->d, c->file, line, "%s must be a string", what);
			continue;
		}
		if (!text_ok(c, line, what, json_string_value(t), EVENT_TITLE_MAX)
		    || n >= EVENT_MAX_LANGUAGES)
			continue;
		copy_utf8(ev->title_langs[n], sizeof ev->title_langs[n], code);
		strcpy(ev->titles[n], json_string_value(t));
		n++;
	}
	ev->title_count = n;
}

/* A language on offer without its title falls back to the pack's: say so. */
static void event_title_coverage(event_ctx *c, json_t *root, const event_config *ev)
{
	if (!json_is_object(json_object_get(root, "title")) || ev->title_count == 0)
		return;
	for (int i = 0; i < ev->language_count; i++) {
		int found = 0;
		for (int j = 0; j < ev->title_count && !found; j++)
			found = strcmp(ev->title_langs[j], ev->languages[i]) == 0;
		if (!found)
			diag_warning(c->d, c->file, event_line(c, "title"), "\"title\" has "
			    "no \"%s\" entry: candidates choosing %s see the pack's title",
			    ev->languages[i], ev->languages[i]);
	}
}

/*
 * "public_key" and "sealed" (SPEC §14): a file must either name the reviewing
 * team's key or say in so many words that candidates' answers are stored in
 * clear; forgetting the key must never quietly mean "unsealed".
 */
static void event_seal(event_ctx *c, json_t *root, event_config *ev)
{
	json_t *key = json_object_get(root, "public_key");
	json_t *sealed = json_object_get(root, "sealed");
	bool key_ok = false;

	ev->has_public_key = false;
	ev->unsealed = false;
	if (sealed != NULL && !json_is_boolean(sealed)) {
		diag_error(c->d, c->file, event_line(c, "sealed"),
		    "\"sealed\" must be true or false");
		return;
	}
	if (key != NULL) {
		if (!json_is_string(key) ||
		    seal_public_parse(json_string_value(key), ev->public_key) != 0)
			diag_error(c->d, c->file, event_line(c, "public_key"),
			    "\"public_key\" is not a public key (44 characters of base64, "
			    "the line in " SEAL_PUB_FILE ")");
		else
			key_ok = true;
	}
	if (key != NULL && sealed != NULL && json_is_false(sealed))
		diag_error(c->d, c->file, event_line(c, "sealed"),
		    "\"sealed\": false but a \"public_key\" is named: remove one of them");
	else if (key == NULL && sealed != NULL && json_is_true(sealed))
		diag_error(c->d, c->file, event_line(c, "sealed"),
		    "\"sealed\": true but no \"public_key\": name the reviewing team's key "
		    "(prescreen keygen --out DIR; the line in DIR/" SEAL_PUB_FILE ")");
	else if (key == NULL && sealed == NULL)
		diag_error(c->d, c->file, 1,
		    "no \"public_key\": name the reviewing team's key (prescreen keygen "
		    "--out DIR; the line in DIR/" SEAL_PUB_FILE ") or say \"sealed\": false "
		    "to store candidates' answers unencrypted");
	else if (key_ok)
		ev->has_public_key = true;
	else if (key == NULL)
		ev->unsealed = true;
	if (!ev->has_public_key)
		memset(ev->public_key, 0, sizeof ev->public_key);
}

/* Returns whether the mix of the selection in force is worth checking. */
static int event_fields(event_ctx *c, json_t *root, const pack *p,
    event_config *ev)
{
	static const char *const known[] = {
		"schema", "id", "title", "pack", "questions", "languages",
		"answer_time_limit_s", "idle_s", "idle_prompt_s", "done_s",
		"max_answer_chars", "kiosk_id", "contact_fields", "threshold",
		"consent_version", "admin_pin_hash", "organisation", "contact",
		"retention_days", "practice", "public_key", "sealed", NULL,
	};
	const char *s, *key;
	json_t *v;
	int selection_ok;

	if ((s = event_string(c, root, "schema")) != NULL
	    && strcmp(s, "prescreen.event.v1") != 0)
		diag_error(c->d, c->file, event_line(c, "schema"),
		    "unknown schema \"%s\" (expected \"prescreen.event.v1\")", s);
	event_name(c, root, "id", ev->id, SESSION_SHORT - 1);
	event_name(c, root, "kiosk_id", ev->kiosk_id, SESSION_SHORT - 1);
	/* Short: sessions store it with the hash of the consent text appended. */
	event_name(c, root, "consent_version", ev->consent_version,
	    EVENT_CONSENT_LABEL_MAX);

	event_title_field(c, root, ev);
	event_text(c, root, "organisation", ev->organisation, sizeof ev->organisation);
	event_text(c, root, "contact", ev->contact, sizeof ev->contact);
	if ((s = event_string(c, root, "pack")) != NULL && p != NULL
	    && strcmp(s, p->id) != 0)
		diag_error(c->d, c->file, event_line(c, "pack"),
		    "the event is for pack \"%s\" but the loaded pack is \"%s\"",
		    s, p->id);

	selection_ok = event_selection(c, root, p, ev);
	event_int(c, root, "answer_time_limit_s", 30, 3600, 1, &ev->time_limit_s);
	event_int(c, root, "idle_s", 15, 3600, 0, &ev->idle_s);
	event_int(c, root, "idle_prompt_s", 5, 300, 0, &ev->idle_prompt_s);
	event_int(c, root, "done_s", 3, 120, 0, &ev->done_s);
	event_int(c, root, "max_answer_chars", 100, 20000, 0, &ev->max_answer_chars);
	event_int(c, root, "threshold", 0, 100, 0, &ev->threshold);
	event_int(c, root, "retention_days", 1, 3650, 0, &ev->retention_days);
	event_title_coverage(c, root, ev);

	if ((v = json_object_get(root, "practice")) != NULL) {
		if (json_is_boolean(v))
			ev->practice = json_is_true(v);
		else
			diag_error(c->d, c->file, event_line(c, "practice"),
			    "\"practice\" must be true or false");
	}

	event_seal(c, root, ev);

	if ((s = event_string(c, root, "admin_pin_hash")) != NULL) {
		if (s[0] != '\0' && strncmp(s, "$argon2id$", 10) != 0)
			diag_error(c->d, c->file, event_line(c, "admin_pin_hash"),
			    "\"admin_pin_hash\" must be an Argon2id hash (set it with "
			    "\"prescreen event set-pin\")");
		else if (strlen(s) >= sizeof ev->pin_hash)
			diag_error(c->d, c->file, event_line(c, "admin_pin_hash"),
			    "\"admin_pin_hash\" is longer than %zu bytes",
			    sizeof ev->pin_hash - 1);
		else
			strcpy(ev->pin_hash, s);
	}

	json_object_foreach(root, key, v) {
		int found = 0;
		for (int i = 0; known[i] != NULL && !found; i++)
			found = strcmp(known[i], key) == 0;
		if (!found)
			diag_warning(c->d, c->file, event_line(c, key),
			    "unknown key \"%s\"", key);
	}
	return selection_ok;
}

int event_load(const char *path, const pack *p, event_config *ev, diag_list *d)
{
	int errors_before = d->errors;
	char *data = NULL;
	size_t len = 0;
	json_error_t jerr;
	json_t *root;
	event_ctx c;

	event_defaults(ev, p);
	if (event_read(path, &data, &len) < 0) {
		diag_error(d, path, 0, "%s", errno == EFBIG ? "file too large"
		    : strerror(errno));
		return -1;
	}
	memset(&c, 0, sizeof c);
	c.file = path;
	c.d = d;
	c.pos = jsonpos_index(data, len);

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		diag_error(d, path, jerr.line, "%s", jerr.text);
	else if (!json_is_object(root))
		diag_error(d, path, 1, "the top level must be an object");
	/* Advice about the mix is noise while the selection itself is wrong. */
	else if (event_fields(&c, root, p, ev)) {
		if (p != NULL)
			event_check_mix(&c, p, ev);
		event_check_slot(&c, root, ev);
	}
	json_decref(root);
	jsonpos_free(c.pos);
	free(data);
	event_rehash(ev, p);
	return d->errors == errors_before ? 0 : -1;
}
