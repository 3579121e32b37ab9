#include "export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "hash.h"

#define EXPORT_PATH 4096
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* A fixed-size member as a (pointer, length) pair for json_pack's "s%". */
#define FIXED(m) (m), strnlen((m), sizeof(m))

static json_t *time_or_null(int64_t wall_ms)
{
	char t[32];

	if (wall_ms == 0)
		return json_null();
	session_format_time(wall_ms, t);
	return json_string(t);
}

static json_t *ms_or_null(int64_t ms)
{
	return ms < 0 ? json_null() : json_integer(ms);
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *answer_json(const answer_record *a)
{
	return json_pack("{s:s%, s:s%, s:o, s:o, s:o, s:o, s:o, s:I, s:I,"
	                 " s:i, s:i, s:i, s:i, s:b, s:b}",
		"question_id", FIXED(a->question_id),
		"type", FIXED(a->type),
		"question_text", text_or_null(a->question_text),
		"answer", text_or_null(a->answer),
		"shown_at", time_or_null(a->shown_at),
		"first_input_ms", ms_or_null(a->first_input_ms),
		"submitted_ms", ms_or_null(a->submitted_ms),
		"total_ms", (json_int_t)a->total_ms,
		"active_ms", (json_int_t)a->active_ms,
		"keystrokes", a->keystrokes,
		"deletions", a->deletions,
		"characters", a->characters,
		"words", a->words,
		"timed_out", (int)a->timed_out,
		"skipped", (int)a->skipped);
}

static json_t *questions_json(const session_record *s)
{
	json_t *arr = json_array();
	int n = s->question_count < SESSION_MAX_QUESTIONS ? s->question_count
	                                                   : SESSION_MAX_QUESTIONS;

	for (int i = 0; arr != NULL && i < n; i++) {
		const char *id = s->question_ids[i];
		json_t *v = json_stringn(id, strnlen(id, SESSION_SHORT));
		if (json_array_append_new(arr, v) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *candidate_json(const session_record *s)
{
	json_t *o = json_pack("{s:o}", "name", text_or_null(s->name));
	int n = s->contact_count < SESSION_MAX_CONTACTS ? s->contact_count
	                                                 : SESSION_MAX_CONTACTS;
	char key[SESSION_SHORT];

	for (int i = 0; o != NULL && i < n; i++) {
		const contact_field *c = &s->contacts[i];
		snprintf(key, sizeof key, "%.*s", (int)sizeof key - 1, c->key);
		/* A contact may not overwrite the name or an earlier contact. */
		if (json_object_get(o, key) != NULL)
			continue;
		if (json_object_set_new(o, key, text_or_null(c->value)) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static json_t *session_json(const session_record *s)
{
	json_t *answers = json_array();

	for (int i = 0; answers != NULL && i < s->answer_count &&
	     i < SESSION_MAX_QUESTIONS; i++) {
		if (json_array_append_new(answers, answer_json(&s->answers[i]))) {
			json_decref(answers);
			return NULL;
		}
	}
	return json_pack("{s:s, s:s%, s:I, s:s%, s:{s:s%, s:i, s:o, s:s%},"
	                 " s:{s:s%, s:s%, s:s%}, s:s%, s:{s:s%, s:o}, s:o,"
	                 " s:o, s:o, s:s, s:o}",
		"schema", EXPORT_SCHEMA_SESSION,
		"session_id", FIXED(s->id),
		"revision", (json_int_t)s->revision,
		"kiosk_id", FIXED(s->kiosk_id),
		"event",
			"id", FIXED(s->event_id),
			"threshold", s->threshold,
			"questions", questions_json(s),
			"hash", FIXED(s->event_hash),
		"pack",
			"id", FIXED(s->pack_id),
			"version", FIXED(s->pack_version),
			"hash", FIXED(s->pack_hash),
		"language", FIXED(s->language),
		"consent",
			"version", FIXED(s->consent_version),
			"given_at", time_or_null(s->consent_at),
		"candidate", candidate_json(s),
		"started_at", time_or_null(s->started_at),
		"ended_at", time_or_null(s->ended_at),
		"status", session_status_name(s->status),
		"answers", answers);
}

/* Pretty JSON with a final newline; NULL (and root released) on failure. */
static char *dump(json_t *root)
{
	char *text = root ? json_dumps(root, DUMP_FLAGS) : NULL;
	size_t len = text ? strlen(text) : 0;
	char *out = text ? realloc(text, len + 2) : NULL;

	json_decref(root);
	if (out == NULL) {
		free(text);
		return NULL;
	}
	memcpy(out + len, "\n", 2);
	return out;
}

char *export_session_json(const session_record *s)
{
	return dump(session_json(s));
}

/* One RFC 4180 field, preceded by its separator unless it starts a row. */
static void csv_field(FILE *f, const char *s, bool first)
{
	if (!first)
		fputc(',', f);
	if (s[strcspn(s, ",\"\r\n")] == '\0') {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);    /* a quote is written twice */
		fputc(*s, f);
	}
	fputc('"', f);
}

/* A JSON value as a CSV field: null is empty, booleans are true/false. */
static void csv_json(FILE *f, json_t *v, bool first)
{
	char num[32];
	const char *text = "";

	if (json_is_string(v))
		text = json_string_value(v);
	else if (json_is_integer(v) && snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
	                                        json_integer_value(v)) > 0)
		text = num;
	else if (json_is_boolean(v))
		text = json_is_true(v) ? "true" : "false";
	csv_field(f, text, first);
}

/* Session columns as (header, member, member of that): the CSV is made
 * from the same JSON as the session files, so the two cannot disagree. */
static const char *const csv_session_cols[][3] = {
	{ "session_id", "session_id", NULL }, { "kiosk_id", "kiosk_id", NULL },
	{ "event_id", "event", "id" }, { "pack_id", "pack", "id" },
	{ "pack_version", "pack", "version" }, { "language", "language", NULL },
	{ "status", "status", NULL }, { "started_at", "started_at", NULL },
	{ "ended_at", "ended_at", NULL }, { "candidate_name", "candidate", "name" },
};
/* After question_index, each is a member of the answer object. */
static const char *const csv_answer_cols[] = {
	"question_index", "question_id", "type", "question_text", "answer",
	"shown_at", "first_input_ms", "submitted_ms", "total_ms", "active_ms",
	"keystrokes", "deletions", "characters", "words", "timed_out", "skipped",
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void csv_row(FILE *f, json_t *s, const char **keys, size_t nkeys,
                    json_t *answer, int index)
{
	json_t *cand = json_object_get(s, "candidate");
	char num[16];

	for (size_t i = 0; i < COUNT(csv_session_cols); i++) {
		const char *const *c = csv_session_cols[i];
		json_t *v = json_object_get(s, c[1]);
		csv_json(f, c[2] ? json_object_get(v, c[2]) : v, i == 0);
	}
	for (size_t k = 0; k < nkeys; k++)
		csv_json(f, json_object_get(cand, keys[k]), false);
	snprintf(num, sizeof num, "%d", index + 1);
	csv_field(f, answer ? num : "", false);
	for (size_t i = 1; i < COUNT(csv_answer_cols); i++)
		csv_json(f, json_object_get(answer, csv_answer_cols[i]), false);
	fputs("\r\n", f);
}

char *export_sessions_csv(const session_record *list, int count)
{
	json_t *all = json_array(), *keyset = json_object(), *s, *v;
	const char **keys = NULL, *key;
	size_t nkeys = 0, size = 0, i;
	char *out = NULL, name[SESSION_SHORT + 16];
	FILE *f = NULL;
	bool ok = all != NULL && keyset != NULL;

	for (int n = 0; ok && n < count; n++)
		ok = json_array_append_new(all, session_json(&list[n])) == 0;
	/* One column per contact key seen in any session, sorted. */
	json_array_foreach(all, i, s)
		json_object_foreach(json_object_get(s, "candidate"), key, v)
			if (strcmp(key, "name") != 0)
				json_object_set_new(keyset, key, json_null());
	if (!ok || (keys = calloc(json_object_size(keyset) + 1, sizeof *keys)) == NULL ||
	    (f = open_memstream(&out, &size)) == NULL) {
		ok = false;
		goto done;
	}
	json_object_foreach(keyset, key, v)
		keys[nkeys++] = key;
	qsort(keys, nkeys, sizeof *keys, key_cmp);

	for (i = 0; i < COUNT(csv_session_cols); i++)
		csv_field(f, csv_session_cols[i][0], i == 0);
	for (size_t k = 0; k < nkeys; k++) {
		snprintf(name, sizeof name, "contact_%s", keys[k]);
		csv_field(f, name, false);
	}
	for (i = 0; i < COUNT(csv_answer_cols); i++)
		csv_field(f, csv_answer_cols[i], false);
	fputs("\r\n", f);
	json_array_foreach(all, i, s) {
		json_t *answers = json_object_get(s, "answers");
		/* A session without answers still shows up, once. */
		csv_row(f, s, keys, nkeys, json_array_get(answers, 0), 0);
		for (size_t a = 1; a < json_array_size(answers); a++)
			csv_row(f, s, keys, nkeys, json_array_get(answers, a), (int)a);
	}
	/* A failed allocation inside the stream shows up as an error. */
	ok = !ferror(f);
done:
	if (f != NULL && fclose(f) != 0)
		ok = false;
	free(keys);
	json_decref(keyset);
	json_decref(all);
	if (!ok) {
		free(out);
		out = NULL;
	}
	return out;
}

/* Everything export_bundle needs to clean up or report. */
typedef struct {
	char tmp[EXPORT_PATH];
	char *err;
	size_t errlen;
	int nfiles;
	struct bundle_file {
		char rel[SESSION_SHORT + 16];
		char hex[HASH_HEX_LEN + 1];
	} *files;
} bundle;

__attribute__((format(printf, 3, 4)))
static int bundle_fail(bundle *b, const char *path, const char *fmt, ...)
{
	char problem[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(problem, sizeof problem, fmt, ap);
	va_end(ap);
	if (b->err != NULL && b->errlen > 0)
		snprintf(b->err, b->errlen, "%s: %s", path, problem);
	return -1;
}

/* Keeps a name usable as one path component on any filesystem. */
static void safe_name(char *out, size_t len, const char *in)
{
	size_t i = 0;

	for (; in != NULL && in[i] != '\0' && i + 1 < len; i++) {
		char c = in[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		out[i] = ok ? c : '_';
	}
	out[i] = '\0';
	if (i == 0)
		snprintf(out, len, "_");
}

static int join(bundle *b, char out[EXPORT_PATH], const char *dir, const char *name)
{
	if (snprintf(out, EXPORT_PATH, "%s/%s", dir, name) >= EXPORT_PATH)
		return bundle_fail(b, dir, "path too long");
	return 0;
}

static void rm_tree(const char *path)
{
	char sub[EXPORT_PATH];
	struct dirent *e;
	struct stat sb;
	DIR *d;

	if (lstat(path, &sb) != 0)
		return;
	if (!S_ISDIR(sb.st_mode) || (d = opendir(path)) == NULL) {
		unlink(path);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub)
			rm_tree(sub);
	}
	closedir(d);
	rmdir(path);
}

static int sync_dir(bundle *b, const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return bundle_fail(b, path, "%s", strerror(errno));
	/* Some filesystems cannot sync a directory; that is not a lost write. */
	if (fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP) {
		int saved = errno;
		close(fd);
		return bundle_fail(b, path, "%s", strerror(saved));
	}
	close(fd);
	return 0;
}

/* Writes, syncs and closes one file, checking each step: a full disk or a
 * pulled stick shows up in write, fsync or close, whichever comes first. */
static int write_file(bundle *b, const char *rel, const char *data)
{
	char path[EXPORT_PATH];
	size_t len = data ? strlen(data) : 0, done = 0;
	struct bundle_file *f = &b->files[b->nfiles];
	ssize_t n = 0;
	int fd, saved;

	if (join(b, path, b->tmp, rel) != 0)
		return -1;
	if (data == NULL)
		return bundle_fail(b, path, "cannot encode (invalid UTF-8?)");
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return bundle_fail(b, path, "%s", strerror(errno));
	while (done < len && ((n = write(fd, data + done, len - done)) > 0 ||
	                      (n < 0 && errno == EINTR)))
		done += n > 0 ? (size_t)n : 0;
	if (done < len || fsync(fd) != 0) {
		saved = done < len && n == 0 ? ENOSPC : errno;
		close(fd);
		return bundle_fail(b, path, "%s", strerror(saved));
	}
	if (close(fd) != 0)
		return bundle_fail(b, path, "%s", strerror(errno));
	snprintf(f->rel, sizeof f->rel, "%s", rel);
	hash_sha256_hex(data, len, f->hex);
	b->nfiles++;
	return 0;
}

static int file_cmp(const void *x, const void *y)
{
	return strcmp(((const struct bundle_file *)x)->rel,
	              ((const struct bundle_file *)y)->rel);
}

/* Appends item to arr unless an equal one is there already. */
static void add_distinct(json_t *arr, json_t *item)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		if (json_equal(v, item)) {
			json_decref(item);
			return;
		}
	}
	json_array_append_new(arr, item);
}

static char *manifest_text(bundle *b, const char *kiosk_id,
                           const session_record *list, int count, int64_t now)
{
	json_t *events = json_array(), *packs = json_array(), *files = json_object();
	json_t *threshold = json_null();
	int st[4] = { 0 }, answers = 0;
	char stamp[32];

	for (int i = 0; i < count; i++) {
		const session_record *s = &list[i];
		add_distinct(events, json_pack("{s:s%, s:s%, s:i, s:o}",
			"id", FIXED(s->event_id), "hash", FIXED(s->event_hash),
			"threshold", s->threshold, "questions", questions_json(s)));
		add_distinct(packs, json_pack("{s:s%, s:s%, s:s%}",
			"id", FIXED(s->pack_id), "version", FIXED(s->pack_version),
			"hash", FIXED(s->pack_hash)));
		if ((int)s->status >= 0 && (int)s->status < 4)
			st[s->status]++;
		answers += s->answer_count;
	}
	/* One pass mark for the bundle only when every event agrees on it;
	 * otherwise reviewers must take it from each session. */
	for (size_t i = 0; i < json_array_size(events); i++) {
		json_t *t = json_object_get(json_array_get(events, i), "threshold");
		if (i == 0)
			threshold = json_incref(t);
		else if (!json_equal(t, threshold)) {
			json_decref(threshold);
			threshold = json_null();
			break;
		}
	}
	qsort(b->files, (size_t)b->nfiles, sizeof *b->files, file_cmp);
	for (int i = 0; files != NULL && i < b->nfiles; i++) {
		char tagged[HASH_TAGGED_LEN + 1];
		snprintf(tagged, sizeof tagged, "sha256:%s", b->files[i].hex);
		json_object_set_new(files, b->files[i].rel, json_string(tagged));
	}
	session_format_time(now, stamp);
	return dump(json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o,"
	                      " s:{s:i, s:i, s:i, s:i, s:i, s:i}, s:o}",
		"schema", EXPORT_SCHEMA_MANIFEST,
		"generator", "prescreen " PRESCREEN_VERSION,
		"kiosk_id", kiosk_id,
		"exported_at", stamp,
		"events", events,
		"packs", packs,
		"threshold", threshold,
		"counts",
			"sessions", count,
			"completed", st[SESSION_COMPLETED],
			"abandoned", st[SESSION_ABANDONED],
			"interrupted", st[SESSION_INTERRUPTED],
			"in_progress", st[SESSION_IN_PROGRESS],
			"answers", answers,
		"files", files));
}

static int write_all(bundle *b, const char *kiosk_id, const session_record *list,
                     int count, int64_t now)
{
	char path[EXPORT_PATH], rel[SESSION_SHORT + 16], id[SESSION_ID_LEN + 1];
	char *text;
	int rc = 0;

	if (join(b, path, b->tmp, "sessions") != 0)
		return -1;
	if (mkdir(path, 0700) != 0)
		return bundle_fail(b, path, "%s", strerror(errno));
	for (int i = 0; rc == 0 && i < count; i++) {
		safe_name(id, sizeof id, list[i].id);
		snprintf(rel, sizeof rel, "sessions/%s.json", id);
		rc = write_file(b, rel, text = export_session_json(&list[i]));
		free(text);
	}
	if (rc == 0) {
		text = export_sessions_csv(list, count);
		rc = write_file(b, "sessions.csv", text);
		free(text);
	}
	/* The manifest goes last: its presence says the rest is complete. */
	if (rc == 0) {
		text = manifest_text(b, kiosk_id, list, count, now);
		rc = write_file(b, "manifest.json", text);
		free(text);
	}
	if (rc != 0 || sync_dir(b, path) != 0 || sync_dir(b, b->tmp) != 0)
		return -1;
	return 0;
}

int export_bundle(const char *out_parent, const char *kiosk_id,
                  const session_record *list, int count, int64_t now_wall_ms,
                  char *path_out, size_t path_len, char *err, size_t errlen)
{
	bundle b = { .err = err, .errlen = errlen };
	char kiosk[SESSION_SHORT], stamp[32], name[EXPORT_PATH], final[EXPORT_PATH];
	time_t t = (time_t)(now_wall_ms / 1000);
	struct stat sb;
	struct tm tm;
	int rc = -1;

	if (count < 0 || (count > 0 && list == NULL))
		return bundle_fail(&b, out_parent, "no sessions given");
	if (stat(out_parent, &sb) != 0)
		return bundle_fail(&b, out_parent, "%s", strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return bundle_fail(&b, out_parent, "%s", strerror(ENOTDIR));
	safe_name(kiosk, sizeof kiosk, kiosk_id);
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(name, sizeof name, ".prescreen-export-%s-%s.tmp", kiosk, stamp);
	if (join(&b, b.tmp, out_parent, name) != 0)
		return -1;
	if ((b.files = calloc((size_t)count + 2, sizeof *b.files)) == NULL)
		return bundle_fail(&b, out_parent, "out of memory");

	/* Our own hidden name: anything there is a leftover of an export that
	 * was cut off, never a finished bundle. */
	rm_tree(b.tmp);
	if (mkdir(b.tmp, 0700) != 0) {
		bundle_fail(&b, b.tmp, "%s", strerror(errno));
		free(b.files);
		return -1;
	}
	if (write_all(&b, kiosk_id ? kiosk_id : "", list, count, now_wall_ms) != 0)
		goto out;
	for (int n = 1;; n++) {
		char suffix[16] = "";
		if (n > 1)
			snprintf(suffix, sizeof suffix, "-%d", n);
		if (snprintf(final, sizeof final, "%s/prescreen-export-%s-%s%s",
		             out_parent, kiosk, stamp, suffix) >= (int)sizeof final ||
		    n > 1000) {
			bundle_fail(&b, out_parent, "no free name for the bundle");
			goto out;
		}
		/* rename() would silently replace an empty directory. */
		if (lstat(final, &sb) == 0)
			continue;
		if (rename(b.tmp, final) == 0)
			break;
		if (errno != EEXIST && errno != ENOTEMPTY) {
			bundle_fail(&b, final, "%s", strerror(errno));
			goto out;
		}
	}
	/* Until the parent is synced the rename may not survive a pulled
	 * stick; a failure here must not leave a bundle that looks whole. */
	snprintf(b.tmp, sizeof b.tmp, "%s", final);
	if (sync_dir(&b, out_parent) != 0)
		goto out;
	b.tmp[0] = '\0';
	if (path_out != NULL && path_len > 0)
		snprintf(path_out, path_len, "%s", final);
	rc = 0;
out:
	if (b.tmp[0] != '\0')
		rm_tree(b.tmp);
	free(b.files);
	return rc;
}
