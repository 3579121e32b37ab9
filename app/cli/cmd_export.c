#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "export.h"
#include "paths.h"
#include "store.h"

typedef struct {
	export_writer *w;
	int count;
} exporting;

/* Each session goes to the bundle as it is read: one in memory at a time. */
static int add_session(void *ctx, const session_record *s)
{
	exporting *x = ctx;

	if (export_add(x->w, s) != 0)
		return 1;
	x->count++;
	return 0;
}

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
	char dir[PATH_MAX], err[1024] = "";
	if (paths_data_dir(data, dir, sizeof dir) != 0) {
		fprintf(stderr, "prescreen export: no data directory: set PRESCREEN_DATA or use --data DIR\n");
		return 1;
	}
	/* Read-only: a kiosk whose disk went read-only can still be rescued,
	 * and a mistyped --data creates nothing. */
	store *st = store_open_read_only(dir, err, sizeof err);
	if (!st) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	export_cleanup cleaned;
	export_writer *w = export_begin(out, NULL, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000,
	                                &cleaned, err, sizeof err);
	if (cleaned.leftovers > 0)
		fprintf(stderr, "prescreen export: removed %d unfinished export(s) in %s, "
		        "%lld kB freed\n", cleaned.leftovers, out, (cleaned.freed_bytes + 1023) / 1024);
	int rc = -1;
	exporting x = { w, 0 };
	char path[PATH_MAX];
	if (w != NULL) {
		int each = store_each(st, add_session, &x);
		diag_list warnings = { 0 };
		if (each == 0 && export_add_packs(w, dir, paths_share_dir(), &warnings) != 0) {
			export_abort(w);
		} else if (each == 0) {
			rc = export_finish(w, path, sizeof path);
		} else {
			if (each < 0)
				snprintf(err, sizeof err, "%s", store_error(st));
			export_abort(w);
		}
		/* A bundle without its pack still gets the sessions out. */
		for (int i = 0; rc == 0 && i < warnings.count; i++)
			fprintf(stderr, "prescreen export: %s\n", warnings.lines[i]);
		diag_free(&warnings);
	}
	if (rc == 0)
		printf("%s\n", path);
	else
		fprintf(stderr, "%s\n", err);
	fprintf(stderr, "prescreen export: %d session(s)%s\n", x.count,
	        rc == 0 ? "" : ", nothing written");
	store_close(st);
	return rc == 0 ? 0 : 1;
}
