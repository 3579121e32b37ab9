/*
 * pack_install.c — `pack install` and what the kiosk asks of installed packs.
 * A version is built whole under a hidden name (".tmp-..."), every file and
 * folder fsync'd, then renamed to <version>-<hash12>; only then is
 * `current` switched, by renaming a fresh symlink over it. A kill at any
 * moment leaves `current` at the old version or the new one; hidden
 * leftovers are removed by the next install.
 */
/* nftw() is XSI. */
#define _XOPEN_SOURCE 700

#include "pack_install.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "lang.h"
#include "mo_write.h"
#include "pack_check.h"
#include "pack_snapshot.h"

#define LEFTOVER_PREFIX ".tmp-"

/* A path that does not fit is an error (ENAMETOOLONG), never a cut one. */
__attribute__((format(printf, 3, 4)))
static int pathf(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(out, len, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int id_usable(const char *id)
{
	if (!id || !id[0] || id[0] == '.' || strlen(id) >= PACK_SHORT)
		return 0;
	for (const char *c = id; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
			return 0;
	return 1;
}

/* <version>-<first 12 hex of the hash>; a version is free text, a name is not. */
static void version_dir_name(const pack *p, char *out, size_t len)
{
	char v[PACK_SHORT];
	size_t n = 0;
	for (const char *c = p->version; *c && n + 1 < sizeof v; c++) {
		int ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		         (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-';
		v[n++] = ok ? *c : '_';
	}
	v[n] = '\0';
	/* Hidden names are leftovers, an empty one is no name. */
	if (n == 0)
		strcpy(v, "_");
	else if (v[0] == '.')
		v[0] = '_';
	snprintf(out, len, "%s-%.12s", v, p->hash + 7);
}

/* Folder of pack id's versions; -1 when the path does not fit. */
static int id_dir(const char *data_dir, const char *id, char *out, size_t len)
{
	int w = snprintf(out, len, "%s/packs-installed/%s", data_dir, id);
	return w < 0 || (size_t)w >= len ? -1 : 0;
}

/* What `current` in base names ("" when none), 0 or -1. */
static int current_name(const char *base, char *out, size_t len)
{
	char link[PATH_MAX];
	int w = snprintf(link, sizeof link, "%s/current", base);
	if (w < 0 || (size_t)w >= sizeof link) {
		errno = ENAMETOOLONG;
		return -1;
	}
	ssize_t n = readlink(link, out, len - 1);
	if (n < 0) {
		out[0] = '\0';
		return errno == ENOENT ? 0 : -1;
	}
	out[n] = '\0';
	return 0;
}

/* Fills *out from an installed version's folder. */
static int installed_read(const char *dir, bool current, pack_installed *out)
{
	pack p;
	diag_list d = { 0 };
	int rc = pack_load(dir, &p, &d);
	diag_free(&d);
	if (rc != 0)
		return -1;
	memset(out, 0, sizeof *out);
	snprintf(out->id, sizeof out->id, "%s", p.id);
	snprintf(out->version, sizeof out->version, "%s", p.version);
	snprintf(out->hash, sizeof out->hash, "%s", p.hash);
	snprintf(out->dir, sizeof out->dir, "%s", dir);
	out->current = current;
	pack_free(&p);
	return 0;
}

typedef struct {
	int dir_fd, po_fd;
	const char *src, *tmp;
	const pack *p;
	diag_list *d;
} copy_ctx;

static int write_at(int dir_fd, const char *name, const char *data, size_t len)
{
	int fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n == 0 ? ENOSPC : errno;
			close(fd);
			errno = e;
			return -1;
		}
		done += (size_t)n;
	}
	if (fsync(fd) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

static int copy_file(void *ctx, const char *rel, const char *data, size_t len)
{
	copy_ctx *c = ctx;
	if (strcmp(rel, "pack.json") == 0) {
		/* The bytes installed are the bytes checked: no change in between. */
		char hash[HASH_TAGGED_LEN + 1];
		hash_sha256_tagged(data, len, hash);
		if (strcmp(hash, c->p->hash) != 0) {
			diag_error(c->d, c->src, 0, "pack.json changed while it was installed");
			return -1;
		}
		if (write_at(c->dir_fd, "pack.json", data, len) != 0)
			goto fail;
		return 0;
	}
	if (c->po_fd < 0 &&
	    (mkdirat(c->dir_fd, "po", 0700) != 0 ||
	     (c->po_fd = openat(c->dir_fd, "po", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0))
		goto fail;
	if (write_at(c->po_fd, rel + 3, data, len) != 0)
		goto fail;
	return 0;
fail:
	diag_error(c->d, c->tmp, 0, "%s: %s", rel, strerror(errno));
	return -1;
}

/* locale/<lang>/LC_MESSAGES/prescreen-pack-<id>.mo for each catalog copied. */
static int compile_catalogs(const char *tmp, const pack *p, diag_list *d)
{
	const lang_info *langs = lang_all();
	for (int i = 0; i < LANG_COUNT; i++) {
		char po[PATH_MAX], dir[PATH_MAX], mo[PATH_MAX], up[PATH_MAX];
		if (pathf(po, sizeof po, "%s/po/%s.po", tmp, langs[i].code) != 0)
			goto fail;
		if (access(po, F_OK) != 0)
			continue;
		if (pathf(dir, sizeof dir, "%s/locale/%s/LC_MESSAGES", tmp, langs[i].code) != 0 ||
		    pathf(mo, sizeof mo, "%s/prescreen-pack-%s.mo", dir, p->id) != 0 ||
		    pathf(up, sizeof up, "%s/locale/%s", tmp, langs[i].code) != 0)
			goto fail;
		if (atomic_mkdirs(dir, 0700) != 0) {
			diag_error(d, dir, 0, "%s", strerror(errno));
			return -1;
		}
		if (mo_write(po, mo, d) != 0)
			return -1;
		if (atomic_fsync_dir(up) != 0)
			goto fail;
	}
	char loc[PATH_MAX];
	if (pathf(loc, sizeof loc, "%s/locale", tmp) != 0 ||
	    (access(loc, F_OK) == 0 && atomic_fsync_dir(loc) != 0))
		goto fail;
	return 0;
fail:
	diag_error(d, tmp, 0, "%s", strerror(errno));
	return -1;
}

/* Builds the version whole in tmp; nothing in tmp is in use yet. */
static int build_version(const char *src, const char *tmp, const pack *p, diag_list *d)
{
	if (mkdir(tmp, 0700) != 0) {
		diag_error(d, tmp, 0, "%s", strerror(errno));
		return -1;
	}
	copy_ctx c = { .po_fd = -1, .src = src, .tmp = tmp, .p = p, .d = d };
	if ((c.dir_fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		diag_error(d, tmp, 0, "%s", strerror(errno));
		return -1;
	}
	char err[PATH_MAX + 128] = "";
	int rc = pack_files_each(src, copy_file, &c, err, sizeof err);
	if (rc != 0 && err[0])
		diag_error(d, src, 0, "%s", err);
	if (rc == 0 && c.po_fd >= 0 && fsync(c.po_fd) != 0) {
		diag_error(d, tmp, 0, "po: %s", strerror(errno));
		rc = -1;
	}
	if (c.po_fd >= 0)
		close(c.po_fd);
	if (rc == 0 && compile_catalogs(tmp, p, d) != 0)
		rc = -1;
	if (rc == 0 && fsync(c.dir_fd) != 0) {
		diag_error(d, tmp, 0, "%s", strerror(errno));
		rc = -1;
	}
	close(c.dir_fd);
	return rc == 0 ? 0 : -1;
}

/* Hidden folders of installs that never finished: never in use, removed. */
static void remove_leftovers(const char *base)
{
	DIR *dir = opendir(base);
	struct dirent *e;
	if (!dir)
		return;
	while ((e = readdir(dir)) != NULL) {
		if (strncmp(e->d_name, LEFTOVER_PREFIX, strlen(LEFTOVER_PREFIX)) != 0)
			continue;
		char path[PATH_MAX + 256];
		snprintf(path, sizeof path, "%s/%s", base, e->d_name);
		remove_tree(path);
	}
	closedir(dir);
	char tmp[PATH_MAX + 16];
	snprintf(tmp, sizeof tmp, "%s/current.tmp", base);
	unlink(tmp);
}

int pack_install(const char *src, const char *data_dir, pack_installed *out, diag_list *d)
{
	int before = d->errors;
	if (pack_check(src, d) > 0 || d->errors > before)
		return -1;
	pack p;
	diag_list load = { 0 };
	if (pack_load(src, &p, &load) != 0) {
		for (int i = 0; i < load.count; i++)
			diag_error(d, src, 0, "%s", load.lines[i]);
		diag_free(&load);
		return -1;
	}
	diag_free(&load);
	int rc = -1;
	char base[PATH_MAX], name[PACK_SHORT + 16], final[PATH_MAX + 96], tmp[PATH_MAX + 128];
	char cur[PATH_MAX], top[PATH_MAX];
	if (!id_usable(p.id) || id_dir(data_dir, p.id, base, sizeof base) != 0) {
		diag_error(d, src, 0, "pack id \"%s\" cannot name a folder", p.id);
		goto out;
	}
	snprintf(top, sizeof top, "%s/packs-installed", data_dir);
	bool fresh = access(base, F_OK) != 0;
	if (atomic_mkdirs(base, 0700) != 0) {
		diag_error(d, base, 0, "%s", strerror(errno));
		goto out;
	}
	/* A new id's folder is an entry of packs-installed: make it last too. */
	if (fresh && (atomic_fsync_dir(top) != 0 || atomic_fsync_dir(data_dir) != 0)) {
		diag_error(d, top, 0, "%s", strerror(errno));
		goto out;
	}
	remove_leftovers(base);
	version_dir_name(&p, name, sizeof name);
	snprintf(final, sizeof final, "%s/%s", base, name);
	if (current_name(base, cur, sizeof cur) != 0) {
		diag_error(d, base, 0, "current: %s", strerror(errno));
		goto out;
	}
	struct stat st;
	bool have = stat(final, &st) == 0 && S_ISDIR(st.st_mode);
	if (have && strcmp(cur, name) == 0) {
		if (out)
			installed_read(final, true, out);
		rc = 0;
		goto out;
	}
	/* Already built (an older version, or an install killed before the switch). */
	if (!have) {
		snprintf(tmp, sizeof tmp, "%s/" LEFTOVER_PREFIX "%ld-%s", base, (long)getpid(), name);
		if (build_version(src, tmp, &p, d) != 0) {
			remove_tree(tmp);
			goto out;
		}
		if (rename(tmp, final) != 0) {
			diag_error(d, final, 0, "%s", strerror(errno));
			remove_tree(tmp);
			goto out;
		}
		if (atomic_fsync_dir(base) != 0) {
			diag_error(d, base, 0, "%s", strerror(errno));
			goto out;
		}
	}
	if (atomic_symlink_swap(base, "current", name) != 0) {
		diag_error(d, base, 0, "current: %s", strerror(errno));
		goto out;
	}
	if (out)
		installed_read(final, true, out);
	rc = 0;
out:
	pack_free(&p);
	return rc;
}

/* Versions compare like numbers where both have digits: 1.10 after 1.9. */
static int version_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			char *ea, *eb;
			unsigned long long x = strtoull(a, &ea, 10), y = strtoull(b, &eb, 10);
			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int installed_cmp(const void *x, const void *y)
{
	const pack_installed *a = x, *b = y;
	int c = strcmp(a->id, b->id);
	if (c == 0)
		c = version_cmp(a->version, b->version);
	return c ? c : strcmp(a->hash, b->hash);
}

static int visible(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

int pack_list(const char *data_dir, pack_installed **out, int *count)
{
	char top[PATH_MAX];
	struct dirent **ids = NULL;
	pack_installed *list = NULL;
	int n = 0, cap = 0, rc = 0;
	*out = NULL;
	*count = 0;
	snprintf(top, sizeof top, "%s/packs-installed", data_dir);
	int nid = scandir(top, &ids, visible, alphasort);
	if (nid < 0)
		return errno == ENOENT ? 0 : -1;
	for (int i = 0; i < nid; i++) {
		char base[PATH_MAX], cur[PATH_MAX];
		struct dirent **vs = NULL;
		if (id_dir(data_dir, ids[i]->d_name, base, sizeof base) != 0 ||
		    current_name(base, cur, sizeof cur) != 0) {
			free(ids[i]);
			continue;
		}
		int nv = scandir(base, &vs, visible, alphasort);
		for (int j = 0; j < nv; j++) {
			char dir[PATH_MAX + 256];
			struct stat st;
			snprintf(dir, sizeof dir, "%s/%s", base, vs[j]->d_name);
			bool is_current = strcmp(vs[j]->d_name, cur) == 0;
			bool skip = strcmp(vs[j]->d_name, "current") == 0 ||
			            strcmp(vs[j]->d_name, "current.tmp") == 0 ||
			            lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode);
			if (!skip && n == cap) {
				int c = cap ? cap * 2 : 16;
				pack_installed *grown = realloc(list, (size_t)c * sizeof *list);
				if (!grown)
					rc = -1;
				else
					list = grown, cap = c;
			}
			if (!skip && rc == 0 && installed_read(dir, is_current, &list[n]) == 0)
				n++;
			free(vs[j]);
		}
		free(vs);
		free(ids[i]);
	}
	free(ids);
	if (rc != 0) {
		free(list);
		return -1;
	}
	if (n > 1)
		qsort(list, (size_t)n, sizeof *list, installed_cmp);
	*out = list;
	*count = n;
	return 0;
}

int pack_installed_find(const char *data_dir, const char *id, pack_installed *out)
{
	char base[PATH_MAX], cur[PATH_MAX], dir[PATH_MAX * 2];
	if (!id_usable(id) || id_dir(data_dir, id, base, sizeof base) != 0)
		return 1;
	if (current_name(base, cur, sizeof cur) != 0)
		return -1;
	if (cur[0] == '\0')
		return 1;
	snprintf(dir, sizeof dir, "%s/%s", base, cur);
	return installed_read(dir, true, out) == 0 ? 0 : -1;
}
