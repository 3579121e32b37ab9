/*
 * event_save.c — an event_config back to the JSON event_load reads, and the
 * staff's saved events under DATA/events/ with a `current` symlink. Every
 * key event.c reads is written, so load(write(ev)) is ev, hash and all.
 */
#include "event_save.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "seal.h"

static int set_str(json_t *o, const char *key, const char *value)
{
	return json_object_set_new(o, key, json_string(value));
}

static int set_int(json_t *o, const char *key, int value)
{
	return json_object_set_new(o, key, json_integer(value));
}

static json_t *string_array(const char *first, size_t stride, int count)
{
	json_t *a = json_array();
	for (int i = 0; a && i < count; i++)
		if (json_array_append_new(a, json_string(first + (size_t)i * stride)) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *event_json(const event_config *ev)
{
	json_t *o = json_object();
	int bad = o == NULL;

	/* The order of the bundled default event, so a saved one reads the same. */
	bad |= set_str(o, "schema", "prescreen.event.v1");
	bad |= set_str(o, "id", ev->id);
	bad |= set_str(o, "kiosk_id", ev->kiosk_id);
	if (ev->title_count > 0) {
		json_t *t = json_object();
		for (int i = 0; t && i < ev->title_count; i++)
			bad |= set_str(t, ev->title_langs[i], ev->titles[i]);
		bad |= json_object_set_new(o, "title", t);
	} else if (ev->title[0] != '\0')
		bad |= set_str(o, "title", ev->title);
	bad |= set_str(o, "pack", ev->pack_id);
	bad |= json_object_set_new(o, "questions",
	    string_array(ev->questions[0], sizeof ev->questions[0], ev->question_count));
	bad |= json_object_set_new(o, "languages",
	    string_array(ev->languages[0], sizeof ev->languages[0], ev->language_count));
	bad |= set_int(o, "answer_time_limit_s", ev->time_limit_s);
	bad |= set_int(o, "idle_s", ev->idle_s);
	bad |= set_int(o, "idle_prompt_s", ev->idle_prompt_s);
	bad |= set_int(o, "done_s", ev->done_s);
	bad |= set_int(o, "max_answer_chars", ev->max_answer_chars);
	bad |= json_object_set_new(o, "contact_fields",
	    string_array(ev->contacts[0], sizeof ev->contacts[0], ev->contact_count));
	bad |= set_int(o, "threshold", ev->threshold);
	bad |= set_str(o, "organisation", ev->organisation);
	bad |= set_str(o, "contact", ev->contact);
	bad |= set_int(o, "retention_days", ev->retention_days);
	bad |= set_str(o, "consent_version", ev->consent_version);
	/* Absent means off: files written before the practice question stay valid. */
	if (ev->practice)
		bad |= json_object_set_new(o, "practice", json_true());
	bad |= set_str(o, "admin_pin_hash", ev->pin_hash);
	/* Both, always: a file without either is refused on load (SPEC §14). */
	if (ev->has_public_key) {
		char b64[SEAL_B64_LEN];
		seal_public_format(ev->public_key, b64);
		bad |= set_str(o, "public_key", b64);
	}
	bad |= json_object_set_new(o, "sealed", json_boolean(ev->has_public_key));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int event_write(const event_config *ev, const char *path, char *err, size_t errlen)
{
	json_t *o = event_json(ev);
	char *text = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
	json_decref(o);
	if (!text) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	size_t n = strlen(text);
	/* One byte more for the final newline a text file ends with. */
	char *buf = realloc(text, n + 2);
	if (!buf) {
		free(text);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	buf[n++] = '\n';
	buf[n] = '\0';
	int rc = atomic_write_file(path, buf, n, 0600);
	int e = errno;
	explicit_bzero(buf, n);
	free(buf);
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -1;
	}
	return 0;
}

int event_save_current(const char *data_dir, const event_config *ev, char *err, size_t errlen)
{
	char dir[PATH_MAX], path[PATH_MAX], name[SESSION_SHORT + 8];
	snprintf(dir, sizeof dir, "%s/events", data_dir);
	snprintf(name, sizeof name, "%s.json", ev->id);
	if (strchr(ev->id, '/') || ev->id[0] == '\0' || ev->id[0] == '.') {
		snprintf(err, errlen, "%s: event id \"%s\" cannot name a file", dir, ev->id);
		return -1;
	}
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	if (atomic_mkdirs(dir, 0700) != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (event_write(ev, path, err, errlen) != 0)
		return -1;
	if (atomic_symlink_swap(dir, "current", name) != 0) {
		snprintf(err, errlen, "%s/current: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

int event_current_path(const char *data_dir, char *path, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	snprintf(link, sizeof link, "%s/events/current", data_dir);
	ssize_t n = readlink(link, target, sizeof target - 1);
	if (n < 0)
		return errno == ENOENT ? 1 : -1;
	target[n] = '\0';
	int w = target[0] == '/' ? snprintf(path, len, "%s", target)
	                         : snprintf(path, len, "%s/events/%s", data_dir, target);
	if (w < 0 || (size_t)w >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* A suffix this code adds: "-2" to "-999", no leading zero ("-2026" is a year). */
static size_t counter_at(const char *id, size_t n, int *value)
{
	size_t i = n;
	while (i > 0 && id[i - 1] >= '0' && id[i - 1] <= '9')
		i--;
	size_t digits = n - i;
	if (digits == 0 || digits > 3 || i < 2 || id[i - 1] != '-' || id[i] == '0')
		return n;
	int v = atoi(id + i);
	if (v < 2)
		return n;
	*value = v;
	return i - 1;
}

void event_next_id(const char *old_id, char *out, size_t len)
{
	size_t cap = len < SESSION_SHORT ? len : SESSION_SHORT;
	size_t n = strlen(old_id);
	int counter = 1;
	size_t base = counter_at(old_id, n, &counter);
	char suffix[16];
	int sn = snprintf(suffix, sizeof suffix, "-%d", counter + 1);
	if (cap == 0)
		return;
	/* The base gives way so that the whole id fits. */
	if (base + (size_t)sn + 1 > cap)
		base = cap > (size_t)sn + 1 ? cap - (size_t)sn - 1 : 0;
	while (base > 0 && old_id[base - 1] == '-')
		base--;
	snprintf(out, cap, "%.*s%s", (int)base, old_id, suffix);
}

int event_pack_id(const char *path, char *out, size_t len)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return -1;
	json_t *v = json_object_get(root, "pack");
	int rc = 1;
	if (json_is_string(v) && json_string_length(v) < len) {
		snprintf(out, len, "%s", json_string_value(v));
		rc = 0;
	}
	json_decref(root);
	return rc;
}
