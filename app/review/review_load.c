#include "review_load.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	review_data *rd;
	diag_list *d;
	int problems;           /* conflicts, tampered sessions: the bundle is not "done" */
} importing;

/* $XDG_DATA_HOME/prescreen/review.db, else ~/.local/share/prescreen/review.db. */
int review_default_store(char *out, size_t len)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	int n;

	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(out, len, "%s/prescreen/review.db", xdg);
	else if (home != NULL && home[0] != '\0')
		n = snprintf(out, len, "%s/.local/share/prescreen/review.db", home);
	else
		return -1;
	return n > 0 && (size_t)n < len ? 0 : -1;
}

static void join_ids(char *out, size_t len, int n, const char ids[][SESSION_SHORT])
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? " " : "", ids[i]);
}

/* Says what the session disagrees on with the event as the store fixed it. */
static void report_tampered(importing *im, const char *file, const session_record *s)
{
	rstore_event *events = NULL;
	int n = 0;
	char mine[SESSION_MAX_QUESTIONS * SESSION_SHORT], theirs[sizeof mine];

	rstore_events(im->rd->store, &events, &n);
	for (int i = 0; i < n; i++) {
		const rstore_event *e = &events[i];
		if (strcmp(e->id, s->event_id) != 0)
			continue;
		join_ids(mine, sizeof mine, s->question_count, s->question_ids);
		join_ids(theirs, sizeof theirs, e->question_count, e->question_ids);
		if (e->threshold != s->threshold)
			diag_error(im->d, file, 0, "event %s: threshold %d differs from %d in the other "
			           "sessions of this event; refused as tampered", s->event_id,
			           s->threshold, e->threshold);
		else if (strcmp(mine, theirs) != 0)
			diag_error(im->d, file, 0, "event %s: questions %s differ from %s in the other "
			           "sessions of this event; refused as tampered", s->event_id, mine,
			           theirs);
		else
			diag_error(im->d, file, 0, "event %s: pack %s differs from %s in the other "
			           "sessions of this event; refused as tampered", s->event_id,
			           s->pack_hash, e->pack_hash);
		free(events);
		return;
	}
	free(events);
	diag_error(im->d, file, 0, "event %s: differs from the other sessions of this event; "
	           "refused as tampered", s->event_id);
}

static int on_session(void *ctx, const bundle *b, const session_record *s, const char *json,
                      size_t len, const char *content_hash)
{
	importing *im = ctx;
	review_data *rd = im->rd;
	rstore_add_result res;
	char file[PATH_MAX + 64], other[PATH_MAX] = "";

	(void)json;
	(void)len;
	bundle_session_file(b, s->id, file, sizeof file);
	if (rstore_add_session(rd->store, s, content_hash, &res) != 0) {
		diag_error(im->d, file, 0, "%s", rstore_error(rd->store));
		return 1;
	}
	switch (res) {
	case RSTORE_ADDED:
		rd->added++;
		break;
	case RSTORE_SAME:
	case RSTORE_NEWER:
	case RSTORE_OLDER:
		rd->duplicates++;
		break;
	case RSTORE_CONFLICT:
		rd->conflicts++;
		im->problems++;
		if (rstore_session_source(rd->store, s->id, other, sizeof other) != 0 || !other[0])
			snprintf(other, sizeof other, "another bundle");
		diag_error(im->d, file, 0, "session %s differs from the copy in %s", s->id, other);
		break;
	case RSTORE_TAMPERED:
		rd->tampered++;
		im->problems++;
		report_tampered(im, file, s);
		break;
	case RSTORE_ERASED:
		diag_warning(im->d, file, 0, "session %s was erased on request (prescreen erase); "
		             "not imported again", s->id);
		break;
	}
	return 0;
}

/* Verifies and imports one bundle in one transaction; 0 or -1 (refused). */
static int import(review_data *rd, const char *dir, const char *fingerprint,
                  const bundle_key *key, bundle *b, diag_list *d)
{
	importing im = { rd, d, 0 };
	int errors = d->errors, rc;

	if (bundle_open(dir, true, b, d) != 0)
		return -1;
	if (bundle_use_key(b, key, d) != 0)
		return -1;
	if (rstore_begin(rd->store) != 0) {
		diag_error(d, dir, 0, "%s", rstore_error(rd->store));
		return -1;
	}
	rstore_set_source(rd->store, b->dir);
	rc = bundle_each(b, on_session, &im, d);
	rstore_set_source(rd->store, NULL);
	if (rc != 0) {
		rstore_rollback(rd->store);
		if (rc < 0 && d->errors == errors)
			diag_error(d, dir, 0, "cannot read the bundle");
		return -1;
	}
	/* A bundle with problems is checked again next time, so they are
	 * reported again rather than forgotten. */
	if (im.problems == 0 && d->errors == errors &&
	    rstore_bundle_done(rd->store, fingerprint, b->dir) != 0)
		rc = -1;
	if (rc == 0 && rstore_commit(rd->store) != 0)
		rc = -1;
	if (rc != 0) {
		rstore_rollback(rd->store);
		diag_error(d, dir, 0, "%s", rstore_error(rd->store));
	}
	return rc;
}

int review_load(review_data *rd, const char *store_path, const char *reviewer,
                const bundle_key *key, char *const *dirs, int ndirs, diag_list *d)
{
	char path[PATH_MAX], err[1024], fingerprint[SESSION_HASH];
	rstore_row *rows;

	memset(rd, 0, sizeof *rd);
	if (store_path == NULL) {
		if (review_default_store(path, sizeof path) != 0) {
			diag_error(d, NULL, 0, "no place for the review store: set XDG_DATA_HOME or "
			           "HOME, or use --store FILE");
			return -1;
		}
		store_path = path;
	}
	if ((rd->store = rstore_open(store_path, err, sizeof err)) == NULL) {
		diag_error(d, NULL, 0, "%s", err);
		return -1;
	}
	snprintf(rd->reviewer, sizeof rd->reviewer, "%s", reviewer);
	if (rstore_reviewer_seed(rd->store, rd->reviewer, &rd->seed) != 0 ||
	    (ndirs > 0 && (rd->bundles = calloc((size_t)ndirs, sizeof *rd->bundles)) == NULL)) {
		diag_error(d, NULL, 0, "%s", rstore_error(rd->store));
		review_data_free(rd);
		return -1;
	}
	for (int i = 0; i < ndirs; i++) {
		bundle *b = &rd->bundles[rd->nbundles];
		int seen;

		if (bundle_fingerprint(dirs[i], fingerprint, d) != 0) {
			rd->refused_bundles++;
			continue;
		}
		if ((seen = rstore_bundle_seen(rd->store, fingerprint)) < 0) {
			diag_error(d, dirs[i], 0, "%s", rstore_error(rd->store));
			rd->refused_bundles++;
			continue;
		}
		/* Unchanged since it was verified and imported whole: only its
		 * manifest is read again, for its packs. */
		if (seen ? bundle_open(dirs[i], false, b, d)
		         : import(rd, dirs[i], fingerprint, key, b, d)) {
			rd->refused_bundles++;
			continue;
		}
		rd->nbundles++;
	}
	if (rstore_rows(rd->store, &rows, &rd->sessions) != 0) {
		diag_error(d, NULL, 0, "%s", rstore_error(rd->store));
		rd->sessions = 0;
	}
	free(rows);
	return 0;
}

void review_data_free(review_data *rd)
{
	rstore_close(rd->store);
	free(rd->bundles);
	memset(rd, 0, sizeof *rd);
}

const char *review_pack_dir(const review_data *rd, const char *pack_hash)
{
	for (int i = 0; i < rd->nbundles; i++) {
		const char *dir = bundle_pack_dir(&rd->bundles[i], pack_hash);
		if (dir != NULL)
			return dir;
	}
	return NULL;
}
