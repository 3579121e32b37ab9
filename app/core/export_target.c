#include "export_target.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define MEDIA_ROOTS "/media:/mnt:/run/media"
#define EXPORT_PATH 4096

/* Removes path and everything under it; returns the bytes it occupied. */
long long export_rm_tree(const char *path)
{
	char sub[EXPORT_PATH];
	long long freed;
	struct dirent *e;
	struct stat sb;
	DIR *d;

	if (lstat(path, &sb) != 0)
		return 0;
	freed = (long long)sb.st_blocks * 512;
	if (!S_ISDIR(sb.st_mode) || (d = opendir(path)) == NULL) {
		unlink(path);
		return freed;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub)
			freed += export_rm_tree(sub);
	}
	closedir(d);
	rmdir(path);
	return freed;
}

/*
 * Under a media root the target must be on a drive mounted there: some
 * directory from the root down to the target is on another filesystem than
 * its parent. Otherwise the stick is not mounted and the bundle would land
 * on the kiosk's own disk, in the bare mount point.
 */
static bool mounted_below(const char *target, size_t root_len)
{
	char path[PATH_MAX];
	struct stat here, up;

	snprintf(path, sizeof path, "%s", target);
	if (stat(path, &here) != 0)
		return false;
	for (;;) {
		char *slash = strrchr(path, '/');
		size_t len = strlen(path);
		if (slash == NULL || len <= 1)
			return false;
		if (slash == path)
			slash[1] = '\0';
		else
			*slash = '\0';
		if (stat(path, &up) != 0)
			return false;
		if (up.st_dev != here.st_dev)
			return true;
		if (len <= root_len)        /* the root itself was checked */
			return false;
		here = up;
	}
}

int export_check_target(const char *target, char *problem, size_t len)
{
	const char *roots = getenv("PRESCREEN_MEDIA_ROOTS");
	char real[PATH_MAX], root[PATH_MAX], list[4096], *save = NULL;

	if (roots == NULL)
		roots = MEDIA_ROOTS;
	if (realpath(target, real) == NULL) {
		snprintf(problem, len, "%s", strerror(errno));
		return -1;
	}
	snprintf(list, sizeof list, "%s", roots);
	for (char *r = strtok_r(list, ":", &save); r != NULL; r = strtok_r(NULL, ":", &save)) {
		size_t n;
		if (realpath(r, root) == NULL)
			continue;
		n = strlen(root);
		if (n > 1 && (strncmp(real, root, n) != 0 ||
		              (real[n] != '\0' && real[n] != '/')))
			continue;
		if (!mounted_below(real, n)) {
			snprintf(problem, len, "no drive is mounted there (it is on the same "
			         "filesystem as %s): is the USB stick mounted?", root);
			return -1;
		}
	}
	return 0;
}

/* Interrupted exports leave their hidden folders behind, with candidate
 * data in them; one that another export still holds locked is left alone. */
void export_remove_leftovers(const char *parent, export_cleanup *cleaned)
{
	size_t pre = strlen(TMP_PREFIX), suf = strlen(TMP_SUFFIX);
	char path[EXPORT_PATH];
	struct dirent *e;
	DIR *d = opendir(parent);

	while (d != NULL && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		int fd;
		if (len <= pre + suf || strncmp(e->d_name, TMP_PREFIX, pre) != 0 ||
		    strcmp(e->d_name + len - suf, TMP_SUFFIX) != 0 ||
		    snprintf(path, sizeof path, "%s/%s", parent, e->d_name) >= (int)sizeof path)
			continue;
		fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			long long freed = export_rm_tree(path);
			if (cleaned != NULL) {
				cleaned->leftovers++;
				cleaned->freed_bytes += freed;
			}
		}
		close(fd);
	}
	if (d != NULL)
		closedir(d);
}

