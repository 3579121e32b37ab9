#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];
/* What was made under dir, in order: removed last first at exit. */
static char made[32][512];
static int nmade;

static void remember(const char *path)
{
	for (int i = 0; i < nmade; i++)
		if (strcmp(made[i], path) == 0)
			return;
	if (nmade == 32)
		abort();
	snprintf(made[nmade++], sizeof made[0], "%s", path);
}

static void cleanup(void)
{
	while (nmade > 0)
		remove(made[--nmade]);
	rmdir(dir);
}

const char *harness_dir(void)
{
	if (dir[0] != '\0')
		return dir;
	/* /dev/shm: millions of small writes must not reach a disk. */
	snprintf(dir, sizeof dir, "/dev/shm/prescreen-fuzz-%ld", (long)getpid());
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		perror(dir);
		abort();
	}
	atexit(cleanup);
	return dir;
}

const char *harness_path(const char *rel)
{
	static char path[512];

	snprintf(path, sizeof path, "%s/%s", harness_dir(), rel);
	return path;
}

static void make_parents(const char *path)
{
	char buf[512];

	snprintf(buf, sizeof buf, "%s", path);
	for (char *s = buf + strlen(harness_dir()) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
			perror(buf);
			abort();
		}
		remember(buf);
		*s = '/';
	}
}

void harness_write(const char *rel, const uint8_t *data, size_t size)
{
	const char *path = harness_path(rel);
	int fd;

	make_parents(path);
	remember(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) {
		perror(path);
		abort();
	}
	while (size > 0) {
		ssize_t n = write(fd, data, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror(path);
			abort();
		}
		data += n;
		size -= (size_t)n;
	}
	close(fd);
}

void harness_copy(const char *from, const char *rel)
{
	FILE *f = fopen(from, "rb");
	uint8_t *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(from);
		abort();
	}
	fclose(f);
	harness_write(rel, buf, (size_t)n);
	free(buf);
}

char *harness_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
