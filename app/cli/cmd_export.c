#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "export.h"
#include "paths.h"
#include "store.h"

int cmd_export(int argc, char **argv)
{
	const char *data = NULL, *out = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage_print("export", 0);
			return 0;
		} else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
			data = argv[++i];
		} else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else {
			fprintf(stderr, "prescreen export: unexpected '%s'\n", argv[i]);
			usage_print("export", 1);
			return 2;
		}
	}
	if (!out) {
		fprintf(stderr, "prescreen export: --out DIR is required\n");
		usage_print("export", 1);
		return 2;
	}
	char dir[PATH_MAX], err[1024];
	if (paths_data_dir(data, dir, sizeof dir) != 0) {
		fprintf(stderr, "prescreen export: no data directory: set PRESCREEN_DATA or use --data DIR\n");
		return 1;
	}
	store *st = store_open(dir, err, sizeof err);
	if (!st) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	session_record *list = NULL;
	int count = 0;
	if (store_load_all(st, &list, &count) != 0) {
		fprintf(stderr, "%s\n", store_error(st));
		store_close(st);
		return 1;
	}
	/* The kiosk id comes from the sessions; an empty store exports as "empty". */
	const char *kiosk = count > 0 ? list[0].kiosk_id : "empty";
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char path[PATH_MAX];
	int rc = export_bundle(out, kiosk, list, count,
	                       (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, path, sizeof path,
	                       err, sizeof err);
	if (rc == 0)
		printf("%s\n", path);
	else
		fprintf(stderr, "%s\n", err);
	fprintf(stderr, "prescreen export: %d session(s)%s\n", count, rc == 0 ? "" : ", nothing written");
	store_free_sessions(list, count);
	store_close(st);
	return rc == 0 ? 0 : 1;
}
