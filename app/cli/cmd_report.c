#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "i18n.h"
#include "lang.h"
#include "numfmt.h"
#include "paths.h"
#include "report.h"
#include "review_load.h"

/* The reader's language: --lang, else the first of $LANGUAGE / $LC_ALL / $LANG. */
static const char *env_lang(char *buf, size_t size)
{
	const char *vars[] = { "LANGUAGE", "LC_ALL", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (!v || !*v || strcmp(v, "C") == 0 || strncmp(v, "C.", 2) == 0 ||
		    strcmp(v, "POSIX") == 0)
			continue;
		snprintf(buf, size, "%s", v);
		buf[strcspn(buf, ":.@")] = '\0';
		if (!lang_find(buf))
			buf[strcspn(buf, "_")] = '\0';     /* de_DE → de */
		return lang_find(buf) ? buf : NULL;
	}
	return NULL;
}

int cmd_report(int argc, char **argv)
{
	char **bundles = calloc((size_t)argc + 1, sizeof *bundles);
	char **scores = calloc((size_t)argc + 1, sizeof *scores);
	report_options o = { .bundles = bundles, .scores = scores };
	bool in_scores = false;
	const char *key_path = NULL, *store_path = NULL;
	char default_store[PATH_MAX];
	bundle_key key;
	int rc = 2;
	char lang[32];

	if (!bundles || !scores)
		goto done;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage_print("report", 0);
			rc = 0;
			goto done;
		} else if (strcmp(a, "--scores") == 0 && i + 1 < argc) {
			in_scores = true;
			scores[o.nscores++] = argv[++i];
		} else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
			o.lang = argv[++i];
			in_scores = false;
		} else if (strcmp(a, "--out") == 0 && i + 1 < argc) {
			o.out_dir = argv[++i];
			in_scores = false;
		} else if (strcmp(a, "--key") == 0 && i + 1 < argc) {
			key_path = argv[++i];
			in_scores = false;
		} else if (strcmp(a, "--review-store") == 0 && i + 1 < argc) {
			store_path = argv[++i];
			in_scores = false;
		} else if (strncmp(a, "--", 2) == 0) {
			fprintf(stderr, "prescreen report: unexpected '%s'\n", a);
			usage_print("report", 1);
			goto done;
		} else if (in_scores) {
			scores[o.nscores++] = argv[i];
		} else {
			bundles[o.nbundles++] = argv[i];
		}
	}
	if (!o.out_dir || o.nbundles == 0) {
		fprintf(stderr, "prescreen report: %s\n",
		        o.out_dir ? "no BUNDLE given" : "--out DIR is required");
		usage_print("report", 1);
		goto done;
	}
	if (!o.lang)
		o.lang = env_lang(lang, sizeof lang);
	i18n_init(paths_locale_dir());
	diag_list d = { 0 };
	/* A bad key file is said before anything is read or written. */
	if (key_path && bundle_key_load(&key, key_path, &d) != 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		rc = 1;
		goto done;
	}
	o.key = key_path ? &key : NULL;
	/* The reviewer's store names the sessions erased on request; without
	 * --review-store, the default one is asked when there is one. */
	if (!store_path && review_default_store(default_store, sizeof default_store) == 0 &&
	    access(default_store, F_OK) == 0)
		store_path = default_store;
	if (store_path) {
		char err[PATH_MAX + 128];
		if (access(store_path, F_OK) != 0) {
			fprintf(stderr, "%s: no review store here: %s\n", store_path, strerror(errno));
			rc = 1;
			goto wipe;
		}
		o.erased = rstore_open(store_path, err, sizeof err);
		if (!o.erased) {
			fprintf(stderr, "%s\n", err);
			rc = 1;
			goto wipe;
		}
	}
	rc = report_run(&o, &d);
	rstore_close(o.erased);
wipe:
	if (key_path)
		bundle_key_wipe(&key);
	diag_print(&d, stderr);
	if (rc == 0 || d.count > 0)
		fprintf(stderr, "prescreen report: %s/results.csv and %s/report.html%s\n", o.out_dir,
		        o.out_dir, d.errors ? " (with the problems above left out)" : "");
	diag_free(&d);
	numfmt_cleanup();
done:
	free(bundles);
	free(scores);
	return rc;
}
