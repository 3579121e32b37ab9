/*
 * cmd_audit.c — `prescreen audit [--data DIR]`: the admin audit trail of a
 * data directory, oldest first, one action a line: UTC time, action, detail,
 * separated by tabs. The store is opened read-only: reading the trail changes
 * nothing in the directory.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "commands.h"
#include "paths.h"
#include "store.h"

/* Tabs and line breaks in a detail would split its line: escaped. */
static void print_field(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\r')
			fputs("\\r", stdout);
		else if (*s == '\\')
			fputs("\\\\", stdout);
		else
			putchar(*s);
	}
}

static int print_row(void *ctx, int64_t wall_ms, const char *action, const char *detail)
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	char when[32];

	(void)ctx;
	if (gmtime_r(&t, &tm) == NULL || strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(when, sizeof when, "%lld ms", (long long)wall_ms);
	fputs(when, stdout);
	putchar('\t');
	print_field(action);
	putchar('\t');
	print_field(detail);
	putchar('\n');
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	const char *data = NULL;
	char dir[PATH_MAX], err[1024] = "";
	store *st;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage_print("audit", 0);
			return 0;
		} else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
			data = argv[++i];
		} else {
			fprintf(stderr, "prescreen audit: unexpected '%s'\n", argv[i]);
			usage_print("audit", 1);
			return 2;
		}
	}
	if (paths_data_dir(data, dir, sizeof dir) != 0) {
		fprintf(stderr, "prescreen audit: no data directory: set PRESCREEN_DATA or "
		        "use --data DIR\n");
		return 1;
	}
	if ((st = store_open_read_only(dir, err, sizeof err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	rc = audit_each(st, print_row, NULL);
	if (rc != 0)
		fprintf(stderr, "%s\n", store_error(st));
	store_close(st);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "prescreen audit: cannot write the trail\n");
		return 1;
	}
	return rc == 0 ? 0 : 1;
}
