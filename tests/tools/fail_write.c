/*
 * fail_write.c — LD_PRELOAD shim for the export tests: a USB stick that
 * goes wrong under the writer. For files under $FAIL_WRITE_DIR only:
 *   FAIL_WRITE_MODE=eio      once $FAIL_WRITE_AFTER bytes went there, every
 *                            write fails with EIO (the stick was pulled);
 *   FAIL_WRITE_MODE=corrupt  writes to sessions/ files reach the disk with
 *                            one byte changed (a stick that loses bits), so
 *                            only reading back can tell.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long long written;

static bool under_dir(int fd, char *path, size_t len)
{
	const char *dir = getenv("FAIL_WRITE_DIR");
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, len - 1);
	if (!dir || n <= 0)
		return false;
	path[n] = '\0';
	size_t dl = strlen(dir);
	return strncmp(path, dir, dl) == 0 && (path[dl] == '/' || path[dl] == '\0');
}

ssize_t write(int fd, const void *buf, size_t count)
{
	static ssize_t (*real)(int, const void *, size_t);
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	char path[4096];
	const char *mode = getenv("FAIL_WRITE_MODE");
	if (!mode || count == 0 || !under_dir(fd, path, sizeof path))
		return real(fd, buf, count);
	if (strcmp(mode, "eio") == 0) {
		const char *after = getenv("FAIL_WRITE_AFTER");
		if (written >= (after ? atoll(after) : 0)) {
			errno = EIO;
			return -1;
		}
		ssize_t n = real(fd, buf, count);
		if (n > 0)
			written += n;
		return n;
	}
	if (strcmp(mode, "corrupt") == 0 && strstr(path, "/sessions/")) {
		char *copy = malloc(count);
		if (!copy)
			return real(fd, buf, count);
		memcpy(copy, buf, count);
		copy[count / 2] ^= 0x20;
		ssize_t n = real(fd, copy, count);
		free(copy);
		return n;
	}
	return real(fd, buf, count);
}
