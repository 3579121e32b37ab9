/*
 * pack_snapshot.c — a pack folder's files read one by one, and the kiosk's
 * copy of its pack under the data directory. A snapshot is written once per
 * pack hash and never changed: the hash names the bytes.
 */
#include "pack_snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "hash.h"

/* Packs are a few hundred strings per file; anything larger is not one. */
#define PACK_FILE_MAX (16 << 20)
#define PACK_MAX_CATALOGS 64
/* Left free for sessions beyond the snapshot itself. */
#define SNAPSHOT_RESERVE (8ull << 20)

static int read_at(int dir_fd, const char *name, char **data, size_t *len)
{
	int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat sb;
	char *buf = NULL;
	size_t n = 0;
	ssize_t got;
	int saved;

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0)
		goto fail;
	if (!S_ISREG(sb.st_mode) || sb.st_size > PACK_FILE_MAX) {
		errno = S_ISREG(sb.st_mode) ? EFBIG : EINVAL;
		goto fail;
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL)
		goto fail;
	/* A file that grows while read is cut at the size it had. */
	while (n < (size_t)sb.st_size) {
		got = read(fd, buf + n, (size_t)sb.st_size - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			goto fail;
		if (got == 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	close(fd);
	*data = buf;
	*len = n;
	return 0;
fail:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return -1;
}

static int catalog_name(const char *name)
{
	size_t n = strlen(name);

	if (n < 4 || n >= PACK_FILE_REL - 3 || strcmp(name + n - 3, ".po") != 0)
		return 0;
	for (size_t i = 0; i < n - 3; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '@' || c == '-'))
			return 0;
	}
	return 1;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static int emit(int dir_fd, const char *name, const char *rel, const char *where,
                pack_file_fn fn, void *ctx, char *err, size_t errlen)
{
	char *data;
	size_t len;
	int rc;

	if (read_at(dir_fd, name, &data, &len) != 0) {
		snprintf(err, errlen, "%s/%s: %s", where, rel, strerror(errno));
		return -1;
	}
	rc = fn(ctx, rel, data, len);
	free(data);
	return rc;
}

int pack_files_each(const char *dir, pack_file_fn fn, void *ctx, char *err, size_t errlen)
{
	char (*names)[PACK_FILE_REL] = NULL, rel[PACK_FILE_REL + 4];
	int dir_fd, po_fd = -1, count = 0, rc;
	struct dirent *e;
	DIR *po;

	if ((dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if ((rc = emit(dir_fd, "pack.json", "pack.json", dir, fn, ctx, err, errlen)) != 0)
		goto out;
	if ((po_fd = openat(dir_fd, "po", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s/po: %s", dir, strerror(errno));
			rc = -1;
		}
		goto out;
	}
	if ((po = fdopendir(dup(po_fd))) == NULL) {
		snprintf(err, errlen, "%s/po: %s", dir, strerror(errno));
		rc = -1;
		goto out;
	}
	names = calloc(PACK_MAX_CATALOGS, sizeof *names);
	while (names != NULL && (e = readdir(po)) != NULL) {
		struct stat sb;
		if (!catalog_name(e->d_name) || fstatat(po_fd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		if (count == PACK_MAX_CATALOGS)
			break;
		/* catalog_name() keeps it short enough. */
		memcpy(names[count++], e->d_name, strlen(e->d_name) + 1);
	}
	closedir(po);
	if (names == NULL) {
		snprintf(err, errlen, "%s/po: out of memory", dir);
		rc = -1;
		goto out;
	}
	qsort(names, (size_t)count, sizeof *names, name_cmp);
	for (int i = 0; rc == 0 && i < count; i++) {
		snprintf(rel, sizeof rel, "po/%s", names[i]);
		rc = emit(po_fd, names[i], rel, dir, fn, ctx, err, errlen);
	}
out:
	free(names);
	if (po_fd >= 0)
		close(po_fd);
	close(dir_fd);
	return rc;
}

int pack_snapshot_dir(const char *data_dir, const char *hash, char *out, size_t len)
{
	size_t n;
	int w;

	if (hash == NULL || strncmp(hash, "sha256:", 7) != 0)
		return -1;
	hash += 7;
	n = strspn(hash, "0123456789abcdef");
	if (n != HASH_HEX_LEN || hash[n] != '\0')
		return -1;
	w = snprintf(out, len, "%s/packs/%s", data_dir, hash);
	return w < 0 || (size_t)w >= len ? -1 : 0;
}

typedef struct {
	const pack *p;
	int dir_fd, po_fd;
	const char *tmp;
	char *err;
	size_t errlen;
} snapshot_ctx;

static int write_synced(int dir_fd, const char *name, const char *data, size_t len)
{
	int fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600), saved;
	size_t done = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (done < len) {
		n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			saved = n == 0 ? ENOSPC : errno;
			close(fd);
			errno = saved;
			return -1;
		}
		done += (size_t)n;
	}
	if (fsync(fd) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

static int snapshot_file(void *ctx, const char *rel, const char *data, size_t len)
{
	snapshot_ctx *c = ctx;
	char hash[HASH_TAGGED_LEN + 1];

	if (strcmp(rel, "pack.json") == 0) {
		hash_sha256_tagged(data, len, hash);
		if (strcmp(hash, c->p->hash) != 0) {
			snprintf(c->err, c->errlen, "%s/pack.json: changed since it was loaded "
			         "(%s, loaded %s)", c->p->dir, hash, c->p->hash);
			return -1;
		}
		if (write_synced(c->dir_fd, "pack.json", data, len) != 0)
			goto fail;
		return 0;
	}
	if (c->po_fd < 0) {
		if (mkdirat(c->dir_fd, "po", 0700) != 0 ||
		    (c->po_fd = openat(c->dir_fd, "po", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
			goto fail;
	}
	if (write_synced(c->po_fd, rel + 3, data, len) != 0)
		goto fail;
	return 0;
fail:
	snprintf(c->err, c->errlen, "%s/%s: %s", c->tmp, rel, strerror(errno));
	return -1;
}

static void remove_tree(const char *tmp)
{
	char path[PATH_MAX + 64];
	struct dirent *e;
	DIR *po;

	snprintf(path, sizeof path, "%s/po", tmp);
	if ((po = opendir(path)) != NULL) {
		while ((e = readdir(po)) != NULL)
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
				unlinkat(dirfd(po), e->d_name, 0);
		closedir(po);
	}
	rmdir(path);
	snprintf(path, sizeof path, "%s/pack.json", tmp);
	unlink(path);
	rmdir(tmp);
}

static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int add_size(void *ctx, const char *rel, const char *data, size_t len)
{
	(void)rel;
	(void)data;
	*(unsigned long long *)ctx += len;
	return 0;
}

/* Candidates' sessions need the disk more than the snapshot does. */
static int room_for(const pack *p, const char *data_dir, diag_list *d)
{
	unsigned long long need = 0, avail;
	char err[PATH_MAX + 256];
	struct statvfs vfs;

	if (pack_files_each(p->dir, add_size, &need, err, sizeof err) != 0) {
		diag_error(d, NULL, 0, "%s", err);
		return -1;
	}
	if (statvfs(data_dir, &vfs) != 0)
		return 0;
	avail = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
	if (avail < need + SNAPSHOT_RESERVE) {
		diag_error(d, data_dir, 0, "%llu kB free: no snapshot of pack %s (%llu kB) is "
		           "kept, to leave the room to the sessions; an export takes the "
		           "installed pack", avail / 1024, p->id, need / 1024);
		return -1;
	}
	return 0;
}

int pack_snapshot(const pack *p, const char *data_dir, diag_list *d)
{
	char final[PATH_MAX], tmp[PATH_MAX + 64], packs[PATH_MAX + 8], err[PATH_MAX + 256] = "";
	snapshot_ctx c = { .p = p, .dir_fd = -1, .po_fd = -1, .tmp = tmp,
	                   .err = err, .errlen = sizeof err };
	struct stat sb;
	int rc;

	if (pack_snapshot_dir(data_dir, p->hash, final, sizeof final) != 0) {
		diag_error(d, data_dir, 0, "cannot name a snapshot of pack %s (%s)", p->id, p->hash);
		return -1;
	}
	if (lstat(final, &sb) == 0 && S_ISDIR(sb.st_mode))
		return 0;
	if (room_for(p, data_dir, d) != 0)
		return -1;
	snprintf(packs, sizeof packs, "%s/packs", data_dir);
	if (mkdir(packs, 0700) != 0 && errno != EEXIST) {
		diag_error(d, packs, 0, "%s", strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof tmp, "%s/.tmp-%s-%ld", packs, p->hash + 7, (long)getpid());
	/* Left by a kiosk of the same pid that died mid-copy. */
	remove_tree(tmp);
	if (mkdir(tmp, 0700) != 0 ||
	    (c.dir_fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		diag_error(d, tmp, 0, "%s", strerror(errno));
		remove_tree(tmp);
		return -1;
	}
	rc = pack_files_each(p->dir, snapshot_file, &c, err, sizeof err);
	if (rc == 0 && ((c.po_fd >= 0 && fsync(c.po_fd) != 0) || fsync(c.dir_fd) != 0)) {
		snprintf(err, sizeof err, "%s: %s", tmp, strerror(errno));
		rc = -1;
	}
	if (c.po_fd >= 0)
		close(c.po_fd);
	close(c.dir_fd);
	if (rc == 0 && rename(tmp, final) != 0) {
		/* Another kiosk on the same data directory was quicker. */
		if (errno == EEXIST || errno == ENOTEMPTY) {
			remove_tree(tmp);
			return 0;
		}
		snprintf(err, sizeof err, "%s: %s", final, strerror(errno));
		rc = -1;
	}
	if (rc != 0) {
		remove_tree(tmp);
		diag_error(d, NULL, 0, "%s", err[0] ? err : "cannot snapshot the pack");
		return -1;
	}
	if (sync_dir(packs) != 0) {
		diag_error(d, packs, 0, "%s", strerror(errno));
		return -1;
	}
	return 0;
}
