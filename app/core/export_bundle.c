#define _GNU_SOURCE     /* syncfs */
#include "export.h"
#include "export_format.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "export_hash.h"
#include "export_pack.h"
#include "export_target.h"
#include "hash.h"
#include "pack_snapshot.h"
#include "seal.h"

#define EXPORT_PATH 4096
#define CSV_BUFFER 65536
#define EXPORT_MAX_KEYS 8      /* keys named in one manifest; more share the last */

/* A file of the manifest: its digest is the hasher's, by index. */
typedef struct {
	char rel[PACK_FILE_REL + 32];       /* safe names only: JSON without escapes */
	int index;
} bundle_file;

struct export_writer {
	char parent[EXPORT_PATH];
	char tmp[EXPORT_PATH + 64];     /* "" once it is the bundle */
	char kiosk_id[SESSION_SHORT];   /* as the manifest names it */
	bool kiosk_known;
	char stamp[32];
	int64_t now;
	char *err;
	size_t errlen;
	bool failed;
	/* The temporary folder stays open: it is locked against another
	 * export's clean-up, and synced through it in one call. */
	int dir_fd, sessions_fd, csv_fd;
	export_buf json;                /* the current session's file */
	export_buf csv;                 /* sessions.csv not yet written */
	export_hasher *hasher;
	bundle_file *files;
	int nfiles, cap;
	json_t *events, *packs;
	bool packs_added;               /* no session may come after its pack */
	int status[4], sessions;
	long long answers;
	void (*progress)(void *ctx, long long bytes);
	void *progress_ctx;
	long long written;
	/* Sealed sessions (SPEC §8): their boxes go in as they are, and
	 * sessions.csv, which would be their words in clear, is left out. */
	bool no_csv;
	int nkeys;
	unsigned char keys[EXPORT_MAX_KEYS][SEAL_KEY_BYTES];
};

static void wrote(export_writer *w, size_t len)
{
	w->written += (long long)len;
	if (w->progress != NULL)
		w->progress(w->progress_ctx, w->written);
}

void export_set_progress(export_writer *w, void (*fn)(void *ctx, long long bytes), void *ctx)
{
	w->progress = fn;
	w->progress_ctx = ctx;
}

__attribute__((format(printf, 3, 4)))
static int writer_fail(export_writer *w, const char *path, const char *fmt, ...)
{
	char problem[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(problem, sizeof problem, fmt, ap);
	va_end(ap);
	if (w->err != NULL && w->errlen > 0 && !w->failed)
		snprintf(w->err, w->errlen, "%s: %s", path, problem);
	w->failed = true;
	return -1;
}

/* Keeps a name usable as one path component on any filesystem. */
static void safe_name(char *out, size_t len, const char *in, size_t in_len)
{
	size_t i = 0;

	for (; in != NULL && i < in_len && in[i] != '\0' && i + 1 < len; i++) {
		char c = in[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		out[i] = ok ? c : '_';
	}
	out[i] = '\0';
	if (i == 0)
		snprintf(out, len, "_");
}

static int write_all(int fd, const char *data, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		if ((n = write(fd, data + done, len - done)) > 0)
			done += (size_t)n;
		else if (n == 0)
			return ENOSPC;
		else if (errno != EINTR)
			return errno;
	}
	return 0;
}

/* The CSV goes to its file in large writes, hashed as it is written. */
static int flush_csv(export_writer *w)
{
	if (w->no_csv)
		return 0;
	int rc = w->csv.failed ? ENOMEM : write_all(w->csv_fd, w->csv.data, w->csv.len);

	if (rc == 0 && export_hasher_add(w->hasher, EXPORT_HASH_CSV, w->csv.data,
	                                 w->csv.len) != 0)
		rc = ENOMEM;
	if (rc != 0)
		return writer_fail(w, w->tmp, "sessions.csv: %s", strerror(rc));
	wrote(w, w->csv.len);
	explicit_bzero(w->csv.data, w->csv.len);
	w->csv.len = 0;
	return 0;
}

/* A new file in dir_fd holding data; its digest goes into the manifest
 * unless rel is NULL. */
static int write_file(export_writer *w, int dir_fd, const char *name,
                      const char *rel, const char *data, size_t len)
{
	char where[EXPORT_PATH + 128];
	int fd, rc;

	snprintf(where, sizeof where, "%s/%s", w->tmp, rel ? rel : name);
	if ((fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return writer_fail(w, where, "%s", strerror(errno));
	rc = write_all(fd, data, len);
	/* A full disk or a pulled stick shows in write or close; durability
	 * comes once for the whole bundle, before the rename. */
	if (close(fd) != 0 && rc == 0)
		rc = errno;
	if (rc != 0)
		return writer_fail(w, where, "%s", strerror(rc));
	wrote(w, len);
	if (rel == NULL)
		return 0;
	if (w->nfiles == w->cap) {
		int cap = w->cap ? 2 * w->cap : 256;
		bundle_file *grown = realloc(w->files, (size_t)cap * sizeof *grown);
		if (grown == NULL)
			return writer_fail(w, where, "out of memory");
		w->files = grown;
		w->cap = cap;
	}
	snprintf(w->files[w->nfiles].rel, sizeof w->files[0].rel, "%s", rel);
	w->files[w->nfiles].index = w->nfiles;
	if (export_hasher_add(w->hasher, w->nfiles, data, len) != 0)
		return writer_fail(w, where, "out of memory");
	w->nfiles++;
	return 0;
}

export_writer *export_begin(const char *out_parent, const char *kiosk_id,
                            int64_t now_wall_ms, export_cleanup *cleaned,
                            char *err, size_t errlen)
{
	export_writer *w = calloc(1, sizeof *w);
	char problem[512];
	time_t t = (time_t)(now_wall_ms / 1000);
	char name[128];
	struct stat sb;
	struct tm tm;

	if (cleaned != NULL)
		*cleaned = (export_cleanup){ 0 };
	if (w == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: out of memory", out_parent);
		return NULL;
	}
	*w = (export_writer){ .err = err, .errlen = errlen, .now = now_wall_ms,
	                      .dir_fd = -1, .sessions_fd = -1, .csv_fd = -1 };
	snprintf(w->parent, sizeof w->parent, "%s", out_parent);
	if (kiosk_id != NULL) {
		snprintf(w->kiosk_id, sizeof w->kiosk_id, "%s", kiosk_id);
		w->kiosk_known = true;
	}
	if (sodium_init() < 0)
		writer_fail(w, out_parent, "cannot initialise libsodium");
	else if (stat(out_parent, &sb) != 0)
		writer_fail(w, out_parent, "%s", strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		writer_fail(w, out_parent, "%s", strerror(ENOTDIR));
	if (!w->failed && export_check_target(out_parent, problem, sizeof problem) != 0)
		writer_fail(w, out_parent, "%s", problem);
	if (w->failed)
		goto fail;
	export_remove_leftovers(out_parent, cleaned);

	gmtime_r(&t, &tm);
	strftime(w->stamp, sizeof w->stamp, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(name, sizeof name, TMP_PREFIX "%s-%ld" TMP_SUFFIX, w->stamp, (long)getpid());
	if (snprintf(w->tmp, sizeof w->tmp, "%s/%s", out_parent, name) >= (int)sizeof w->tmp) {
		writer_fail(w, out_parent, "path too long");
		w->tmp[0] = '\0';
		goto fail;
	}
	if (mkdir(w->tmp, 0700) != 0) {
		writer_fail(w, w->tmp, "%s", strerror(errno));
		w->tmp[0] = '\0';
		goto fail;
	}
	/* Opened before anything is written, so that syncfs() reports every
	 * write-back error from here on. */
	if ((w->dir_fd = open(w->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    flock(w->dir_fd, LOCK_EX | LOCK_NB) != 0 ||
	    mkdirat(w->dir_fd, "sessions", 0700) != 0 ||
	    (w->sessions_fd = openat(w->dir_fd, "sessions",
	                             O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (w->csv_fd = openat(w->dir_fd, "sessions.csv",
	                        O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		writer_fail(w, w->tmp, "%s", strerror(errno));
		goto fail;
	}
	if ((w->hasher = export_hasher_start()) == NULL) {
		writer_fail(w, w->tmp, "out of memory");
		goto fail;
	}
	w->events = json_array();
	w->packs = json_array();
	if (w->events == NULL || w->packs == NULL) {
		writer_fail(w, w->tmp, "out of memory");
		goto fail;
	}
	export_csv_header(&w->csv);
	return w;
fail:
	export_abort(w);
	return NULL;
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

static void tally(export_writer *w, const session_record *s)
{
	add_distinct(w->events, json_pack("{s:s%, s:s%, s:i, s:o}",
		"id", FIXED(s->event_id), "hash", FIXED(s->event_hash),
		"threshold", s->threshold, "questions", export_questions_json(s)));
	add_distinct(w->packs, json_pack("{s:s%, s:s%, s:s%}",
		"id", FIXED(s->pack_id), "version", FIXED(s->pack_version),
		"hash", FIXED(s->pack_hash)));
	if ((int)s->status >= 0 && (int)s->status < 4)
		w->status[s->status]++;
	w->answers += s->answer_count;
	w->sessions++;
}

/* The first sealed session takes sessions.csv out of the bundle, rows
 * already written included (their sessions' files stay). */
static int drop_csv(export_writer *w)
{
	if (w->no_csv)
		return 0;
	w->no_csv = true;
	if (w->csv.data != NULL)
		explicit_bzero(w->csv.data, w->csv.cap);
	w->csv.len = 0;
	if (close(w->csv_fd) != 0 || unlinkat(w->dir_fd, "sessions.csv", 0) != 0) {
		w->csv_fd = -1;
		return writer_fail(w, w->tmp, "sessions.csv: %s", strerror(errno));
	}
	w->csv_fd = -1;
	return 0;
}

static void note_key(export_writer *w, const unsigned char key[SEAL_KEY_BYTES])
{
	for (int i = 0; i < w->nkeys; i++)
		if (memcmp(w->keys[i], key, SEAL_KEY_BYTES) == 0)
			return;
	if (w->nkeys < EXPORT_MAX_KEYS)
		memcpy(w->keys[w->nkeys++], key, SEAL_KEY_BYTES);
}

/* A sealed session's box, byte for byte: the same session, the same file. */
static int add_sealed(export_writer *w, const session_record *s, const char *id)
{
	char name[SESSION_ID_LEN + 16], rel[SESSION_ID_LEN + 32];

	snprintf(name, sizeof name, "%s.json.sealed", id);
	snprintf(rel, sizeof rel, "sessions/%s", name);
	if (drop_csv(w) != 0 ||
	    write_file(w, w->sessions_fd, name, rel, (const char *)s->sealed, s->sealed_len) != 0)
		return -1;
	note_key(w, s->sealed_key);
	tally(w, s);
	return 0;
}

int export_add(export_writer *w, const session_record *s)
{
	char id[SESSION_ID_LEN + 1], name[SESSION_ID_LEN + 8], rel[SESSION_ID_LEN + 32];
	int rc;

	if (w->failed)
		return -1;
	if (w->packs_added)
		return writer_fail(w, w->tmp, "a session added after the packs");
	if (!w->kiosk_known) {
		snprintf(w->kiosk_id, sizeof w->kiosk_id, "%.*s", (int)sizeof w->kiosk_id - 1,
		         s->kiosk_id);
		w->kiosk_known = true;
	}
	safe_name(id, sizeof id, s->id, sizeof s->id);
	if (s->sealed != NULL)
		return add_sealed(w, s, id);
	snprintf(name, sizeof name, "%s.json", id);
	snprintf(rel, sizeof rel, "sessions/%s", name);
	w->json.len = 0;
	if (export_session_write(&w->json, s) != 0 ||
	    (!w->no_csv && export_csv_rows(&w->csv, s) != 0))
		rc = writer_fail(w, w->tmp, "%s: cannot encode (invalid UTF-8?)", rel);
	else
		rc = write_file(w, w->sessions_fd, name, rel, w->json.data, w->json.len);
	/* The session's words stay in memory no longer than its file takes. */
	if (w->json.data != NULL)
		explicit_bzero(w->json.data, w->json.len);
	if (rc == 0 && w->csv.len >= CSV_BUFFER)
		rc = flush_csv(w);
	if (rc == 0)
		tally(w, s);
	return rc;
}

/* One pack being copied into the bundle from one of its sources. */
typedef struct {
	export_writer *w;
	const char *hash;
	char dir[32];           /* "pack" or "pack-<12 hex>" */
	int pack_fd, po_fd;
	bool started;           /* pack.json matched and is written */
} pack_copy;

enum { COPY_OTHER_BYTES = 1, COPY_WRITE_FAILED = 2 };

static int copy_pack_file(void *ctx, const char *rel, const char *data, size_t len)
{
	pack_copy *c = ctx;
	char hash[HASH_TAGGED_LEN + 1], name[PACK_FILE_REL + 32];
	int fd;

	if (!c->started) {
		/* pack.json comes first: not the bytes named, nothing is written. */
		hash_sha256_tagged(data, len, hash);
		if (strcmp(rel, "pack.json") != 0 || strcmp(hash, c->hash) != 0)
			return COPY_OTHER_BYTES;
		if (mkdirat(c->w->dir_fd, c->dir, 0700) != 0 ||
		    (c->pack_fd = openat(c->w->dir_fd, c->dir,
		                         O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
			writer_fail(c->w, c->w->tmp, "%s: %s", c->dir, strerror(errno));
			return COPY_WRITE_FAILED;
		}
		c->started = true;
	}
	snprintf(name, sizeof name, "%s/%s", c->dir, rel);
	if (strncmp(rel, "po/", 3) == 0) {
		if (c->po_fd < 0 && (mkdirat(c->pack_fd, "po", 0700) != 0 ||
		    (c->po_fd = openat(c->pack_fd, "po", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)) {
			writer_fail(c->w, c->w->tmp, "%s/po: %s", c->dir, strerror(errno));
			return COPY_WRITE_FAILED;
		}
		fd = c->po_fd;
		rel += 3;
	} else {
		fd = c->pack_fd;
	}
	return write_file(c->w, fd, rel, name, data, len) != 0 ? COPY_WRITE_FAILED : 0;
}

int export_add_packs(export_writer *w, const char *data_dir, const char *share_dir,
                     diag_list *warnings)
{
	char sources[EXPORT_PACK_SOURCES][PATH_MAX], err[PATH_MAX + 256];
	int placed = 0;

	if (w->failed)
		return -1;
	w->packs_added = true;
	for (size_t i = 0; i < json_array_size(w->packs); i++) {
		json_t *entry = json_array_get(w->packs, i);
		const char *hash = json_string_value(json_object_get(entry, "hash"));
		const char *id = json_string_value(json_object_get(entry, "id"));
		int n = export_pack_sources(data_dir, share_dir, hash, sources, EXPORT_PACK_SOURCES);
		pack_copy c = { .w = w, .hash = hash, .pack_fd = -1, .po_fd = -1 };
		int rc = COPY_OTHER_BYTES;

		err[0] = '\0';
		/* pack/ for the first, so the usual one-pack bundle is plain. */
		if (placed == 0)
			snprintf(c.dir, sizeof c.dir, "pack");
		else
			snprintf(c.dir, sizeof c.dir, "pack-%.12s", hash + 7);
		for (int k = 0; k < n && rc == COPY_OTHER_BYTES; k++)
			rc = pack_files_each(sources[k], copy_pack_file, &c, err, sizeof err);
		if (c.po_fd >= 0)
			close(c.po_fd);
		if (c.pack_fd >= 0)
			close(c.pack_fd);
		if (rc == COPY_WRITE_FAILED || w->failed)
			return -1;
		if (c.started) {
			placed++;
			if (json_object_set_new(entry, "path", json_string(c.dir)) != 0)
				return writer_fail(w, w->tmp, "out of memory");
			/* A catalog that could not be read: the rest is still the pack. */
			if (rc != 0)
				diag_warning(warnings, NULL, 0, "pack %s %s: %s; its other files "
				             "are in %s/", id, hash, err, c.dir);
			continue;
		}
		diag_warning(warnings, NULL, 0, "pack %s %s: not found (neither %s/packs/ nor "
		             "%s/questions/ holds it); the bundle has its sessions but not the pack",
		             id, hash, data_dir ? data_dir : "-", share_dir ? share_dir : "-");
	}
	return 0;
}

static int file_cmp(const void *x, const void *y)
{
	return strcmp(((const bundle_file *)x)->rel, ((const bundle_file *)y)->rel);
}

/*
 * What a reviewer needs to know before opening the boxes: that they are
 * sealed, and for which key. Sessions sealed for other keys too (the event's
 * key was changed) are named in "public_keys".
 */
static int seal_members(export_writer *w, json_t *root)
{
	char b64[SEAL_B64_LEN], id[SEAL_KEY_ID_LEN];
	json_t *all = NULL;
	int bad = 0;

	seal_public_format(w->keys[0], b64);
	seal_key_id(w->keys[0], id);
	bad |= json_object_set_new(root, "sealed", json_true());
	bad |= json_object_set_new(root, "public_key", json_string(b64));
	bad |= json_object_set_new(root, "key_id", json_string(id));
	if (w->nkeys > 1 && (all = json_array()) != NULL) {
		for (int i = 0; i < w->nkeys; i++) {
			seal_public_format(w->keys[i], b64);
			bad |= json_array_append_new(all, json_string(b64));
		}
	}
	if (w->nkeys > 1)
		bad |= all == NULL || json_object_set_new(root, "public_keys", all);
	return bad ? -1 : 0;
}

/* Everything but the files, as jansson lays it out. */
static char *manifest_head(export_writer *w)
{
	json_t *threshold = json_null(), *root;
	char stamp[32];
	char *text;

	/* One pass mark for the bundle only when every event agrees on it;
	 * otherwise reviewers must take it from each session. */
	for (size_t i = 0; i < json_array_size(w->events); i++) {
		json_t *t = json_object_get(json_array_get(w->events, i), "threshold");
		if (i == 0) {
			json_decref(threshold);
			threshold = json_incref(t);
		} else if (!json_equal(t, threshold)) {
			json_decref(threshold);
			threshold = json_null();
			break;
		}
	}
	session_format_time(w->now, stamp);
	root = json_pack("{s:s, s:s, s:s, s:s, s:O, s:O, s:o, s:{s:i, s:i, s:i, s:i, s:i, s:I}}",
		"schema", EXPORT_SCHEMA_MANIFEST,
		"generator", "prescreen " PRESCREEN_VERSION,
		"kiosk_id", w->kiosk_id,
		"exported_at", stamp,
		"events", w->events,
		"packs", w->packs,
		"threshold", threshold,
		"counts",
			"sessions", w->sessions,
			"completed", w->status[SESSION_COMPLETED],
			"abandoned", w->status[SESSION_ABANDONED],
			"interrupted", w->status[SESSION_INTERRUPTED],
			"in_progress", w->status[SESSION_IN_PROGRESS],
			"answers", (json_int_t)w->answers);
	if (root != NULL && w->nkeys > 0 && seal_members(w, root) != 0) {
		json_decref(root);
		return NULL;
	}
	text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(root);
	return text;
}

/*
 * The manifest, last: its presence says the rest is complete. Its files
 * member, one line per file, is written as it is listed rather than built as
 * an object, so memory does not grow with the number of sessions.
 */
static int write_manifest(export_writer *w)
{
	char *head = manifest_head(w), where[EXPORT_PATH + 128];
	size_t len = head ? strlen(head) : 0;
	export_buf b = { 0 };
	int fd, rc = 0;

	snprintf(where, sizeof where, "%s/manifest.json", w->tmp);
	/* jansson ends an object with "\n}": the files go before it. */
	if (len < 2 || strcmp(head + len - 2, "\n}") != 0) {
		free(head);
		return writer_fail(w, where, "out of memory");
	}
	if ((fd = openat(w->dir_fd, "manifest.json",
	                 O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		free(head);
		return writer_fail(w, where, "%s", strerror(errno));
	}
	export_buf_put(&b, head, len - 2);
	free(head);
	export_buf_put(&b, ",\n  \"files\": {", 14);
	qsort(w->files, (size_t)w->nfiles, sizeof *w->files, file_cmp);
	for (int i = 0; rc == 0 && i < w->nfiles; i++) {
		export_buf_put(&b, i ? ",\n    \"" : "\n    \"", i ? 7 : 6);
		export_buf_put(&b, w->files[i].rel, strlen(w->files[i].rel));
		export_buf_put(&b, "\": \"sha256:", 11);
		export_buf_put(&b, export_hasher_hex(w->hasher, w->files[i].index), HASH_HEX_LEN);
		export_buf_put(&b, "\"", 1);
		if (b.len >= CSV_BUFFER || i == w->nfiles - 1) {
			if (i == w->nfiles - 1)
				export_buf_put(&b, "\n  }\n}\n", 7);
			rc = b.failed ? ENOMEM : write_all(fd, b.data, b.len);
			b.len = 0;
		}
	}
	export_buf_free(&b);
	if (close(fd) != 0 && rc == 0)
		rc = errno;
	return rc ? writer_fail(w, where, "%s", strerror(rc)) : 0;
}

/* sessions.csv closed; then every digest, once the last byte is hashed. */
static int close_csv(export_writer *w)
{
	int fd = w->csv_fd;

	if (w->no_csv)
		return export_hasher_wait(w->hasher) ? writer_fail(w, w->tmp, "out of memory") : 0;
	if (flush_csv(w) != 0)
		return -1;
	w->csv_fd = -1;
	if (close(fd) != 0)
		return writer_fail(w, w->tmp, "sessions.csv: %s", strerror(errno));
	if (export_hasher_wait(w->hasher) != 0)
		return writer_fail(w, w->tmp, "out of memory");
	if (w->nfiles == w->cap) {
		bundle_file *grown = realloc(w->files, ((size_t)w->cap + 1) * sizeof *grown);
		if (grown == NULL)
			return writer_fail(w, w->tmp, "out of memory");
		w->files = grown;
		w->cap++;
	}
	snprintf(w->files[w->nfiles].rel, sizeof w->files[0].rel, "sessions.csv");
	w->files[w->nfiles].index = EXPORT_HASH_CSV;
	w->nfiles++;
	return 0;
}

/* One flush for the whole bundle, however many files: syncfs() writes back
 * every file and directory of this filesystem and reports their errors. */
static int sync_bundle(export_writer *w)
{
	if (syncfs(w->dir_fd) != 0)
		return writer_fail(w, w->tmp, "%s", strerror(errno));
	return 0;
}

/* Until the parent is synced the rename may not survive a pulled stick. */
static int sync_parent(export_writer *w, const char *final)
{
	int fd = open(w->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return writer_fail(w, final, "%s", strerror(errno));
	/* Some filesystems cannot fsync a directory; syncfs can. */
	if (fsync(fd) != 0 && ((errno != EINVAL && errno != ENOTSUP) || syncfs(fd) != 0))
		rc = errno;
	close(fd);
	return rc ? writer_fail(w, final, "%s", strerror(rc)) : 0;
}

int export_finish(export_writer *w, char *path_out, size_t path_len)
{
	char kiosk[SESSION_SHORT], final[EXPORT_PATH + 64];
	struct stat sb;
	int rc = -1;

	if (w->failed || close_csv(w) != 0)
		goto out;
	if (!w->kiosk_known)
		snprintf(w->kiosk_id, sizeof w->kiosk_id, "empty");
	if ((rc = write_manifest(w)) != 0 || (rc = sync_bundle(w)) != 0)
		goto out;
	rc = -1;
	safe_name(kiosk, sizeof kiosk, w->kiosk_id, sizeof w->kiosk_id);
	for (int n = 1;; n++) {
		char suffix[16] = "";
		if (n > 1)
			snprintf(suffix, sizeof suffix, "-%d", n);
		if (snprintf(final, sizeof final, "%s/prescreen-export-%s-%s%s",
		             w->parent, kiosk, w->stamp, suffix) >= EXPORT_PATH || n > 1000) {
			writer_fail(w, w->parent, "no free name for the bundle");
			goto out;
		}
		/* rename() would silently replace an empty directory. */
		if (lstat(final, &sb) == 0)
			continue;
		if (rename(w->tmp, final) == 0)
			break;
		if (errno != EEXIST && errno != ENOTEMPTY) {
			writer_fail(w, final, "%s", strerror(errno));
			goto out;
		}
	}
	/* A failure from here on must not leave a bundle that looks whole. */
	snprintf(w->tmp, sizeof w->tmp, "%s", final);
	if (sync_parent(w, final) != 0)
		goto out;
	w->tmp[0] = '\0';
	if (path_out != NULL && path_len > 0)
		snprintf(path_out, path_len, "%s", final);
	rc = 0;
out:
	export_abort(w);
	return rc;
}

void export_abort(export_writer *w)
{
	if (w == NULL)
		return;
	export_hasher_free(w->hasher);
	export_buf_free(&w->json);
	export_buf_free(&w->csv);
	if (w->csv_fd >= 0)
		close(w->csv_fd);
	if (w->sessions_fd >= 0)
		close(w->sessions_fd);
	if (w->tmp[0] != '\0')
		export_rm_tree(w->tmp);
	if (w->dir_fd >= 0)
		close(w->dir_fd);       /* the lock goes once the folder is gone */
	json_decref(w->events);
	json_decref(w->packs);
	free(w->files);
	free(w);
}

int export_bundle(const char *out_parent, const char *kiosk_id,
                  const session_record *list, int count, int64_t now_wall_ms,
                  char *path_out, size_t path_len, char *err, size_t errlen)
{
	export_writer *w;

	if (count < 0 || (count > 0 && list == NULL)) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: no sessions given", out_parent);
		return -1;
	}
	if ((w = export_begin(out_parent, kiosk_id, now_wall_ms, NULL, err, errlen)) == NULL)
		return -1;
	for (int i = 0; i < count; i++) {
		if (export_add(w, &list[i]) != 0) {
			export_abort(w);
			return -1;
		}
	}
	return export_finish(w, path_out, path_len);
}
