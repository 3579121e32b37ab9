#define _GNU_SOURCE     /* posix_fadvise */
#include "admin_export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "export.h"
#include "export_format.h"
#include "export_target.h"
#include "paths.h"
#include "store.h"

/* Cut to fit, as snprintf would, without its truncation warning. */
static void copy(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

typedef struct {
	export_writer *w;
	int count;
	long long total;
	stick_progress_fn progress;
	void *ctx;
	stick_ids *ids;
} exporting;

void stick_ids_free(stick_ids *ids)
{
	if (!ids)
		return;
	if (ids->id)
		explicit_bzero(ids->id, (size_t)ids->cap * sizeof *ids->id);
	free(ids->id);
	memset(ids, 0, sizeof *ids);
}

static int ids_add(stick_ids *ids, const char *id)
{
	if (ids->n == ids->cap) {
		int cap = ids->cap ? 2 * ids->cap : 64;
		void *grown = realloc(ids->id, (size_t)cap * sizeof *ids->id);
		if (!grown)
			return -1;
		ids->id = grown;
		ids->cap = cap;
	}
	snprintf(ids->id[ids->n++], sizeof *ids->id, "%s", id);
	return 0;
}

/* What the bundle will hold, near enough for a progress bar. */
static int measure(void *ctx, const session_record *r)
{
	exporting *x = ctx;
	char *json = export_session_json(r);
	char *csv = export_sessions_csv(r, 1);
	x->total += (long long)(json ? strlen(json) : 0) + (long long)(csv ? strlen(csv) : 0);
	export_wipe_free(json);
	export_wipe_free(csv);
	return 0;
}

static int add_session(void *ctx, const session_record *r)
{
	exporting *x = ctx;
	if (export_add(x->w, r) != 0)
		return 1;
	/* Out of memory for the list: no bundle, so nothing is erased by mistake or left behind. */
	if (x->ids && ids_add(x->ids, r->id) != 0)
		return 1;
	x->count++;
	return 0;
}

static void progress(void *ctx, long long bytes)
{
	exporting *x = ctx;
	if (x->progress)
		x->progress(x->ctx, bytes, bytes > x->total ? bytes : x->total);
}

/*
 * Out of the page cache, so the read-back reads the stick and not the
 * kiosk's memory of what it wrote. Returns 0, or an errno.
 */
static int drop_cache(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno;
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat sb;
		if (lstat(path, &sb) != 0) {
			rc = errno;
		} else if (S_ISDIR(sb.st_mode)) {
			rc = drop_cache(path);
		} else if (S_ISREG(sb.st_mode)) {
			int fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				rc = errno;
			else {
				if (fdatasync(fd) != 0 && errno != EINVAL)
					rc = errno;
				posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
				close(fd);
			}
		}
	}
	closedir(d);
	return rc;
}

static const char *first_error(const diag_list *d)
{
	for (int i = 0; i < d->count; i++)
		if (!strstr(d->lines[i], ": warning: "))
			return d->lines[i];
	return d->lines[0];
}

/* A bundle that did not read back must not look whole: hidden first, then gone. */
static void discard(const char *dir)
{
	char hidden[2 * PATH_MAX + 64], parent[PATH_MAX];
	copy(parent, sizeof parent, dir);
	char *slash = strrchr(parent, '/');
	const char *name = slash ? slash + 1 : parent;
	if (slash)
		*slash = '\0';
	snprintf(hidden, sizeof hidden, "%s/" TMP_PREFIX "unverified-%s" TMP_SUFFIX,
	         slash ? parent : ".", name);
	if (rename(dir, hidden) == 0)
		export_rm_tree(hidden);
	else
		export_rm_tree(dir);
}

static stick_outcome classify(const char *err)
{
	static const int full[] = { ENOSPC, EDQUOT, EFBIG };
	static const int pulled[] = { EIO, ENOENT, ENODEV, ENXIO, EROFS, ESHUTDOWN, ENOTCONN };
	for (size_t i = 0; i < sizeof full / sizeof full[0]; i++)
		if (strstr(err, strerror(full[i])))
			return STICK_FULL;
	for (size_t i = 0; i < sizeof pulled / sizeof pulled[0]; i++)
		if (strstr(err, strerror(pulled[i])))
			return STICK_PULLED;
	return STICK_FAILED;
}

stick_outcome stick_export(const char *data_dir, const char *parent, int64_t now_wall_ms,
                           stick_progress_fn fn, void *ctx, char *message, size_t len,
                           long long *total, stick_ids *ids)
{
	char err[1024] = "", path[PATH_MAX] = "";
	store *st = store_open_read_only(data_dir, err, sizeof err);
	exporting x = { NULL, 0, 0, fn, ctx, ids };
	*total = 0;
	if (ids)
		memset(ids, 0, sizeof *ids);
	if (!st) {
		copy(message, len, err);
		return STICK_FAILED;
	}
	if (store_each(st, measure, &x) < 0) {
		copy(message, len, store_error(st));
		store_close(st);
		return STICK_FAILED;
	}
	x.w = export_begin(parent, NULL, now_wall_ms, NULL, err, sizeof err);
	int rc = -1, each = -1;
	if (x.w) {
		export_set_progress(x.w, progress, &x);
		each = store_each(st, add_session, &x);
		diag_list warnings = { 0 };
		if (each == 0 && export_add_packs(x.w, data_dir, paths_share_dir(), &warnings) != 0) {
			export_abort(x.w);
		} else if (each == 0) {
			rc = export_finish(x.w, path, sizeof path);
		} else {
			if (each < 0)
				snprintf(err, sizeof err, "%s", store_error(st));
			export_abort(x.w);
		}
		for (int i = 0; rc == 0 && i < warnings.count; i++)
			fprintf(stderr, "prescreen: export: %s\n", warnings.lines[i]);
		diag_free(&warnings);
	}
	store_close(st);
	if (rc != 0) {
		stick_ids_free(ids);
		if (each > 0 && !err[0])
			snprintf(err, sizeof err, "out of memory");
		copy(message, len, err);
		return classify(err);
	}
	/* Safe to remove only once what is on the stick hashes as the manifest says. */
	int cached = drop_cache(path);
	bundle b;
	memset(&b, 0, sizeof b);
	diag_list d = { 0 };
	/* Warnings (a pack the export did not find) leave the bundle usable. */
	bool verified = cached == 0 && bundle_open(path, true, &b, &d) == 0 &&
	                b.session_files == x.count;
	if (!verified) {
		stick_outcome why = STICK_UNVERIFIED;
		if (cached != 0) {
			snprintf(message, len, "%.900s: %s", path, strerror(cached));
			if (classify(message) == STICK_PULLED)
				why = STICK_PULLED;
		} else if (d.count > 0) {
			copy(message, len, first_error(&d));
		} else {
			snprintf(message, len, "%.900s: %d session(s) on the stick, %d written",
			         path, b.session_files, x.count);
		}
		diag_free(&d);
		discard(path);
		stick_ids_free(ids);
		return why;
	}
	diag_free(&d);
	const char *slash = strrchr(path, '/');
	copy(message, len, slash ? slash + 1 : path);
	*total = x.total > 0 ? x.total : 1;
	return STICK_OK;
}
