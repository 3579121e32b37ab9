/*
 * slow_sync.c — LD_PRELOAD shim for the tests: fsync and fdatasync take as
 * many milliseconds longer as the file $SLOW_SYNC_FILE says (read at each
 * call, so a test can turn it on midway), as on a worn SD card: a test can
 * make something happen while a save is still on its way to the disk.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void slow_down(void)
{
	const char *path = getenv("SLOW_SYNC_FILE");
	FILE *f = path ? fopen(path, "re") : NULL;
	long n = 0;
	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = 0;
		fclose(f);
	}
	if (n <= 0)
		return;
	struct timespec t = { n / 1000, (n % 1000) * 1000000L };
	while (nanosleep(&t, &t) != 0)
		;
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	slow_down();
	return real(fd);
}

int fdatasync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	slow_down();
	return real(fd);
}
