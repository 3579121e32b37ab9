#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "review_load.h"
#include "review_window.h"
#include "rstore.h"
#include "scores_file.h"

static int size_parse(const char *s, int *w, int *h)
{
	char *end;
	long lw = strtol(s, &end, 10);
	if (*end != 'x')
		return -1;
	long lh = strtol(end + 1, &end, 10);
	if (*end || lw < 320 || lh < 240 || lw > 7680 || lh > 4320)
		return -1;
	*w = (int)lw;
	*h = (int)lh;
	return 0;
}

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int has_session(const rstore_row *rows, int n, const char *id)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(rows[mid].session_id, id);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

/* This reviewer's scores of the sessions in the store, and their events. */
static int export_scores(review_data *rd, const char *path)
{
	scores_file f = { 0 };
	rstore_score *list = NULL;
	rstore_event *events = NULL;
	rstore_row *rows = NULL;
	int n = 0, nevents = 0, nrows = 0, rc = -1;
	char err[1024] = "";

	if (rstore_rows(rd->store, &rows, &nrows) != 0 ||
	    rstore_events(rd->store, &events, &nevents) != 0 ||
	    rstore_scores(rd->store, rd->reviewer, NULL, &list, &n) != 0) {
		fprintf(stderr, "%s\n", rstore_error(rd->store));
		goto done;
	}
	snprintf(f.reviewer, sizeof f.reviewer, "%s", rd->reviewer);
	f.exported_at = wall_ms();
	f.nevents = nevents;
	f.events = nevents ? calloc((size_t)nevents, sizeof *f.events) : NULL;
	f.entries = n ? calloc((size_t)n, sizeof *f.entries) : NULL;
	if ((nevents && !f.events) || (n && !f.entries)) {
		fprintf(stderr, "prescreen review: out of memory\n");
		goto done;
	}
	for (int i = 0; i < nevents; i++) {
		snprintf(f.events[i].id, sizeof f.events[i].id, "%s", events[i].id);
		snprintf(f.events[i].hash, sizeof f.events[i].hash, "%s", events[i].hash);
		snprintf(f.events[i].pack_hash, sizeof f.events[i].pack_hash, "%s",
		         events[i].pack_hash);
	}
	/* A note without a score is the reviewer's own working text, not a score. */
	for (int i = 0; i < n; i++) {
		if (list[i].score < 1 || !has_session(rows, nrows, list[i].session_id))
			continue;
		score_entry *e = &f.entries[f.count++];
		snprintf(e->session_id, sizeof e->session_id, "%s", list[i].session_id);
		snprintf(e->question_id, sizeof e->question_id, "%s", list[i].question_id);
		e->score = list[i].score;
		e->automatic = list[i].automatic;
		e->note = list[i].note;
		e->scored_at = list[i].scored_at;
	}
	rc = scores_file_write(path, &f, err, sizeof err);
	if (rc != 0)
		fprintf(stderr, "%s\n", err);
	else
		fprintf(stderr, "prescreen review: %d score(s) of %s written to %s\n", f.count,
		        f.reviewer, path);
done:
	/* The notes belong to list, which wipes them. */
	free(f.entries);
	free(f.events);
	rstore_scores_free(list, n);
	free(events);
	free(rows);
	return rc;
}

int cmd_review(int argc, char **argv)
{
	review_window_options o = { 0 };
	const char *reviewer = NULL, *store_path = NULL, *export_path = NULL, *key_path = NULL;
	char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
	int ndirs = 0;

	if (dirs == NULL)
		return 1;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		const char **slot = NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage_print("review", 0);
			free(dirs);
			return 0;
		} else if (strcmp(a, "--calibrate") == 0) {
			o.calibrate = true;
		} else if (strcmp(a, "--by-question") == 0) {
			o.by_question = true;
		} else if (strcmp(a, "--headless") == 0) {
			o.headless = true;
		} else if (strcmp(a, "--list-controls") == 0) {
			o.list_controls = true;
		} else if (strcmp(a, "--windowed") == 0) {
			o.windowed = true;
		} else if (strcmp(a, "--realtime") == 0) {
			o.realtime = true;
		} else if (strcmp(a, "--trace") == 0) {
			slot = &o.trace_path;
		} else if (strcmp(a, "--reviewer") == 0) {
			slot = &reviewer;
		} else if (strcmp(a, "--store") == 0) {
			slot = &store_path;
		} else if (strcmp(a, "--key") == 0) {
			slot = &key_path;
		} else if (strcmp(a, "--lang") == 0) {
			slot = &o.lang;
		} else if (strcmp(a, "--script") == 0) {
			slot = &o.script_path;
		} else if (strcmp(a, "--shots") == 0) {
			slot = &o.shots_dir;
		} else if (strcmp(a, "--export-scores") == 0) {
			slot = &export_path;
		} else if (strcmp(a, "--size") == 0) {
			if (!next || size_parse(next, &o.width, &o.height) != 0) {
				fprintf(stderr, "prescreen review: --size takes WIDTHxHEIGHT, e.g. 1920x1080\n");
				free(dirs);
				return 2;
			}
			i++;
		} else if (a[0] == '-' && a[1] == '-') {
			fprintf(stderr, "prescreen review: unknown option '%s'\n", a);
			usage_print("review", 1);
			free(dirs);
			return 2;
		} else {
			dirs[ndirs++] = argv[i];
		}
		if (slot) {
			if (!next) {
				fprintf(stderr, "prescreen review: %s needs a value\n", a);
				free(dirs);
				return 2;
			}
			*slot = next;
			i++;
		}
	}
	if (reviewer == NULL)
		reviewer = getenv("USER");
	if (reviewer == NULL || reviewer[0] == '\0')
		reviewer = "reviewer";
	const char *problem = NULL;
	if (ndirs == 0)
		problem = "give at least one BUNDLE";
	else if (strlen(reviewer) >= SESSION_SHORT)
		problem = "--reviewer takes a name under 64 bytes";
	else if ((o.script_path || o.shots_dir || o.trace_path || o.realtime) && !o.headless)
		problem = "--script, --shots, --trace and --realtime need --headless";
	else if (export_path && (o.headless || o.calibrate || o.by_question || o.windowed))
		problem = "--export-scores opens no window";
	else if (o.headless && !o.script_path && !o.list_controls)
		problem = "--headless needs --script FILE or --list-controls";
	if (problem) {
		fprintf(stderr, "prescreen review: %s\n", problem);
		usage_print("review", 1);
		free(dirs);
		return 2;
	}

	review_data rd;
	diag_list d = { 0 };
	bundle_key key;
	/* A bad key file is said before any store or bundle is touched. */
	int rc = key_path ? bundle_key_load(&key, key_path, &d) : 0;
	if (rc == 0)
		rc = review_load(&rd, store_path, reviewer, key_path ? &key : NULL, dirs, ndirs, &d);
	/* The sessions are in the store now: the window needs no key. */
	if (key_path) {
		bundle_key_wipe(&key);
		for (int i = 0; rc == 0 && i < rd.nbundles; i++)
			rd.bundles[i].key = NULL;
	}
	diag_print(&d, stderr);
	if (rc != 0) {
		diag_free(&d);
		free(dirs);
		return 1;
	}
	fprintf(stderr, "prescreen review: %d bundle(s) opened, %d refused; %d session(s) "
	        "(%d new, %d already there), %d conflict(s), %d tampered\n", rd.nbundles,
	        rd.refused_bundles, rd.sessions, rd.added, rd.duplicates, rd.conflicts,
	        rd.tampered);
	int status = d.errors > 0 ? 1 : 0;
	if (export_path) {
		if (export_scores(&rd, export_path) != 0)
			status = 1;
	} else {
		int w = review_window_run(&rd, &o);
		if (w != 0)
			status = w;
	}
	review_data_free(&rd);
	diag_free(&d);
	free(dirs);
	return status;
}
