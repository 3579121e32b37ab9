/*
 * bundle_check — bundle_open and bundle_each on the command line, for the
 * end-to-end tests until `prescreen review` exists, and for the verification
 * figures of tests/perf/bundle.sh.
 *
 * Usage: bundle_check [--roundtrip] [--no-verify] [--open-only] [--time] BUNDLE...
 *
 * Prints every line bundle_open and bundle_each give (stderr), then per
 * bundle "ok DIR: N session(s), M pack(s)". --roundtrip parses each session
 * and exports it again: the bytes must be the file's. --time prints the
 * seconds the whole run took. Exit 0 when every bundle opened (and round
 * tripped), else 1. --open-only skips the walk (bundle_open's figure alone).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bundle.h"
#include "export.h"

typedef struct {
	bool roundtrip;
	int sessions, mismatched;
	int status[4];
	char langs[256];
} walk;

static int each(void *ctx, const bundle *b, const session_record *s, const char *json,
                size_t len, const char *content_hash)
{
	walk *w = ctx;
	char tag[24];

	(void)b;
	(void)content_hash;
	w->sessions++;
	if ((int)s->status >= 0 && (int)s->status < 4)
		w->status[s->status]++;
	snprintf(tag, sizeof tag, " %s ", s->language);
	/* langs is " en de ... ": each language once. */
	if (strstr(w->langs, tag) == NULL && strlen(w->langs) + strlen(tag) < sizeof w->langs)
		strcat(w->langs, tag + 1);
	if (w->roundtrip) {
		char *again = export_session_json(s);
		if (again == NULL || strlen(again) != len || memcmp(again, json, len) != 0) {
			fprintf(stderr, "%s/sessions/%s.json: exported again, the bytes differ\n",
			        b->dir, s->id);
			w->mismatched++;
		}
		if (again != NULL) {
			explicit_bzero(again, strlen(again));
			free(again);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool verify = true, timed = false, walk_too = true;
	walk w = { .langs = " " };
	int failed = 0, first = 1;
	struct timespec t0, t1;

	for (; first < argc && strncmp(argv[first], "--", 2) == 0; first++) {
		if (strcmp(argv[first], "--roundtrip") == 0)
			w.roundtrip = true;
		else if (strcmp(argv[first], "--no-verify") == 0)
			verify = false;
		else if (strcmp(argv[first], "--open-only") == 0)
			walk_too = false;
		else if (strcmp(argv[first], "--time") == 0)
			timed = true;
		else
			break;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: bundle_check [--roundtrip] [--no-verify] [--open-only] [--time] "
		        "BUNDLE...\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = first; i < argc; i++) {
		diag_list d = { 0 };
		bundle b;
		int before = w.sessions, rc;

		rc = bundle_open(argv[i], verify, &b, &d);
		if (rc == 0 && walk_too)
			rc = bundle_each(&b, each, &w, &d) < 0 ? -1 : 0;
		diag_print(&d, stderr);
		if (rc != 0 || d.errors > 0) {
			fprintf(stderr, "refused %s\n", argv[i]);
			failed = 1;
		} else {
			printf("ok %s: %d session(s), %d pack(s)", argv[i], w.sessions - before, b.npacks);
			for (int k = 0; k < b.npacks; k++)
				printf(" %s=%s", b.packs[k].hash, b.packs[k].dir);
			printf("\n");
		}
		diag_free(&d);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("sessions %d: in_progress %d, completed %d, abandoned %d, interrupted %d; "
	       "languages %s\n", w.sessions, w.status[0], w.status[1], w.status[2], w.status[3],
	       w.langs);
	if (timed)
		printf("seconds %.3f\n", (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (w.roundtrip)
		printf("roundtrip %d of %d identical\n", w.sessions - w.mismatched, w.sessions);
	return failed || w.mismatched ? 1 : 0;
}
