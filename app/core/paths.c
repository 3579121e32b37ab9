#include "paths.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int set(char *out, size_t len, const char *a, const char *b)
{
	int n = snprintf(out, len, "%s%s", a, b);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int paths_data_dir(const char *explicit_dir, char *out, size_t len)
{
	const char *v;
	if (explicit_dir && *explicit_dir)
		return set(out, len, explicit_dir, "");
	if ((v = getenv("PRESCREEN_DATA")) && *v)
		return set(out, len, v, "");
	if ((v = getenv("STATE_DIRECTORY")) && *v)
		return set(out, len, v, "");
	if ((v = getenv("XDG_DATA_HOME")) && *v)
		return set(out, len, v, "/prescreen");
	if ((v = getenv("HOME")) && *v)
		return set(out, len, v, "/.local/share/prescreen");
	return -1;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Only a binary run from inside its build tree reads the source tree and the
 * build's catalogs. An installed one (the package's /usr/bin/prescreen) never
 * does, even where that tree still exists: its packs, catalogs and assets are
 * the installed ones, not whatever a build folder holds.
 */
static bool in_build_tree(void)
{
	static int cached = -1;
	if (cached < 0) {
		char exe[PATH_MAX], build[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		cached = 0;
		if (n > 0 && realpath(PRESCREEN_BUILD_DIR, build)) {
			size_t len = strlen(build);
			exe[n] = '\0';
			cached = strncmp(exe, build, len) == 0 && exe[len] == '/';
		}
	}
	return cached == 1;
}

const char *paths_share_dir(void)
{
	const char *v = getenv("PRESCREEN_SHARE");
	if (v && *v)
		return v;
	if (in_build_tree() && is_dir(PRESCREEN_SOURCE_SHARE "/questions"))
		return PRESCREEN_SOURCE_SHARE;
	return PRESCREEN_INSTALL_SHARE;
}

const char *paths_locale_dir(void)
{
	const char *v = getenv("PRESCREEN_LOCALEDIR");
	if (v && *v)
		return v;
	if (in_build_tree() && is_dir(PRESCREEN_LOCALEDIR))
		return PRESCREEN_LOCALEDIR;
	return PRESCREEN_INSTALL_LOCALEDIR;
}
