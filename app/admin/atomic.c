/*
 * atomic.c — write-then-rename and symlink swaps, each made durable with the
 * fsyncs POSIX needs: the data before the rename, the folder after it.
 */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Opens, fsyncs and closes; errno is fsync's (or open's) on failure. */
static int fsync_opened(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

int atomic_fsync_dir(const char *dir)
{
	return fsync_opened(dir, O_RDONLY | O_DIRECTORY);
}

int atomic_fsync_path(const char *path)
{
	return fsync_opened(path, O_RDONLY);
}

/* The folder part of path ("." when there is none). */
static void parent_of(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(out, len, ".");
	else if (slash == path)
		snprintf(out, len, "/");
	else
		snprintf(out, len, "%.*s", (int)(slash - path), path);
}

int atomic_write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		p += n;
		left -= (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	parent_of(path, dir, sizeof dir);
	return atomic_fsync_dir(dir);
fail:;
	int e = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}

int atomic_symlink_swap(const char *dir, const char *name, const char *target)
{
	char tmp[PATH_MAX], link[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s/%s.tmp", dir, name) >= (int)sizeof tmp ||
	    snprintf(link, sizeof link, "%s/%s", dir, name) >= (int)sizeof link) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* A leftover of an interrupted swap: the old link is still in force. */
	if (unlink(tmp) != 0 && errno != ENOENT)
		return -1;
	if (symlink(target, tmp) != 0)
		return -1;
	if (rename(tmp, link) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return atomic_fsync_dir(dir);
}

int atomic_mkdirs(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, mode) != 0 && errno != EEXIST)
			return -1;
		*p = c;
		if (c == '\0')
			break;
	}
	struct stat st;
	if (stat(buf, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}
