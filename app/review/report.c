/*
 * report.c — `prescreen report`: reads the bundles (verified) and the scores
 * files, refuses what does not belong (each refusal one line naming the
 * file, the rest still reported), and writes results.csv and report.html
 * whole or not at all (temporary name, fsync, rename), mode 0600.
 */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "i18n.h"
#include "lang.h"
#include "report_internal.h"
#include "scores_file.h"

typedef struct {
	report_data *r;
	rstore *erased;
	diag_list *d;
	int oom;
} loading;

static int add_session(void *ctx, const bundle *b, const session_record *s, const char *json,
                       size_t len, const char *content_hash)
{
	loading *l = ctx;
	char file[PATH_MAX + 64];

	(void)json, (void)len, (void)content_hash;
	bundle_session_file(b, s->id, file, sizeof file);
	/* An erasure under GDPR art. 17 holds for every bundle still carrying a copy. */
	int erased = l->erased ? rstore_was_erased(l->erased, s->id) : 0;
	if (erased != 0) {
		if (erased < 0)
			diag_error(l->d, file, 0, "session %s left out: %s", s->id, rstore_error(l->erased));
		else
			diag_warning(l->d, file, 0, "session %s was erased on request (prescreen erase); "
			             "left out of the report", s->id);
		return 0;
	}
	if (report_add_session(l->r, s, file, l->d) != 0) {
		l->oom = 1;
		return 1;
	}
	return 0;
}

static int load_bundles(const report_options *o, report_data *r, diag_list *d)
{
	loading l = { r, o->erased, d, 0 };

	for (int i = 0; i < o->nbundles; i++) {
		bundle b;
		if (bundle_open(o->bundles[i], true, &b, d) != 0 || bundle_use_key(&b, o->key, d) != 0)
			continue;                   /* they said why */
		bundle_each(&b, add_session, &l, d);
		if (l.oom)
			return -1;
	}
	report_sessions_done(r);
	return 0;
}

/* The events of f whose hash or pack differs from the loaded event of that id. */
static bool event_refused(const report_data *r, const scores_file *f, const char *path,
                          bool refused[], diag_list *d)
{
	bool any = false;
	for (int ev = 0; ev < r->nevents; ev++) {
		const report_event *e = &r->events[ev];
		refused[ev] = false;
		for (int i = 0; i < f->nevents; i++) {
			const scores_event *se = &f->events[i];
			if (strcmp(se->id, e->id) != 0)
				continue;
			if (strcmp(se->hash, e->hash) != 0) {
				diag_error(d, path, 0, "event %s: scored under event hash %s, but the "
				           "bundles' sessions have %s (another event or a changed one); "
				           "its scores are left out", e->id, se->hash, e->hash);
				refused[ev] = any = true;
			} else if (se->pack_hash[0] && strcmp(se->pack_hash, e->pack_hash) != 0) {
				diag_error(d, path, 0, "event %s: scored with pack %s, but the bundles' "
				           "sessions were recorded with %s; its scores are left out",
				           e->id, se->pack_hash, e->pack_hash);
				refused[ev] = any = true;
			}
		}
	}
	return any;
}

static bool contributed(const report_data *r, int k)
{
	for (int i = 0; i < r->ncands; i++)
		for (int q = 0; q < SESSION_MAX_QUESTIONS; q++)
			if (*report_score(r, &r->cands[i], q, k) != SCORE_NONE)
				return true;
	return false;
}

static int load_scores(const char *path, report_data *r, diag_list *d)
{
	scores_file f;
	int missing = 0, unknown = 0, twice = 0;
	const char *first_missing = NULL;

	if (scores_file_read(path, &f, d) != 0)
		return 0;                           /* scores_file_read said why */
	if (r->nreviewers >= REPORT_MAX_REVIEWERS) {
		diag_error(d, path, 0, "more than %d scores files; this one is left out",
		           REPORT_MAX_REVIEWERS);
		scores_file_free(&f);
		return 0;
	}
	bool *refused = calloc((size_t)(r->nevents ? r->nevents : 1), sizeof *refused);
	int k = refused ? report_add_reviewer(r, f.reviewer) : -1;
	if (k < 0) {
		free(refused);
		scores_file_free(&f);
		return -1;
	}
	event_refused(r, &f, path, refused, d);
	int64_t *when = calloc((size_t)(r->ncands ? r->ncands : 1) * SESSION_MAX_QUESTIONS,
	                       sizeof *when);
	if (!when) {
		free(refused);
		scores_file_free(&f);
		return -1;
	}
	for (int i = 0; i < f.count; i++) {
		const score_entry *s = &f.entries[i];
		report_candidate *c = report_find(r, s->session_id);
		if (!c) {
			if (missing++ == 0)
				first_missing = s->session_id;
			continue;
		}
		if (refused[c->event])
			continue;
		const report_event *e = &r->events[c->event];
		int q = report_question_index(e, s->question_id);
		if (q < 0 || s->score < 1 || s->score > 5) {
			if (unknown++ == 0)
				diag_error(d, path, 0, "session %s: question %s is not one of event %s's "
				           "questions, or score %d is not 1 to 5; left out",
				           s->session_id, s->question_id, e->id, s->score);
			continue;
		}
		int *slot = report_score(r, c, q, k);
		int64_t *at = &when[(size_t)(c - r->cands) * SESSION_MAX_QUESTIONS + (size_t)q];
		if (*slot != SCORE_NONE) {
			twice++;
			if (s->scored_at < *at)
				continue;
		}
		*slot = s->score;
		*at = s->scored_at;
	}
	if (!contributed(r, k))
		r->nreviewers--;        /* a file that gave nothing is no reviewer of these */
	if (missing > 0)
		diag_error(d, path, 0, "%d score(s) for sessions that are in none of the bundles "
		           "given (first: %s); left out", missing, first_missing);
	if (unknown > 1)
		diag_error(d, path, 0, "%d more score(s) for questions not in their event", unknown - 1);
	if (twice > 0)
		diag_warning(d, path, 0, "%d answer(s) scored twice; the later score counts", twice);
	free(when);
	free(refused);
	scores_file_free(&f);
	return 0;
}

typedef int (*writer_fn)(const report_data *r, const char *lang, FILE *out);

static int csv_writer(const report_data *r, const char *lang, FILE *out)
{
	(void)lang;
	return report_write_csv(r, out);
}

/* DIR/NAME written under a temporary name, flushed, then renamed into place. */
static int write_file(const char *dir, const char *name, writer_fn fn, const report_data *r,
                      const char *lang, diag_list *d)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path ||
	    (size_t)snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name) >= sizeof tmp) {
		diag_error(d, dir, 0, "path too long");
		return -1;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!out) {
		diag_error(d, tmp, 0, "cannot write: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* stdio's buffer holds names and contacts: ours, to wipe after. */
	enum { BUF = 1 << 16 };
	char *buf = malloc(BUF);
	if (buf)
		setvbuf(out, buf, _IOFBF, BUF);
	int rc = fn(r, lang, out);
	if (fflush(out) != 0 || fsync(fileno(out)) != 0)
		rc = -1;
	int err = errno;
	if (fclose(out) != 0)
		rc = -1;
	if (buf) {
		explicit_bzero(buf, BUF);
		free(buf);
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		err = errno;
		rc = -1;
	}
	if (rc != 0) {
		diag_error(d, path, 0, "cannot write: %s", strerror(err));
		unlink(tmp);
	}
	return rc;
}

static int out_dir(const char *dir, diag_list *d)
{
	struct stat st;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		diag_error(d, dir, 0, "cannot create the output folder: %s", strerror(errno));
		return -1;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_error(d, dir, 0, "not a folder");
		return -1;
	}
	return 0;
}

int report_run(const report_options *o, diag_list *d)
{
	report_data r = { 0 };
	const char *lang = o->lang && lang_find(o->lang) ? o->lang : "en";
	int rc = 0;

	if (o->lang && !lang_find(o->lang))
		diag_warning(d, NULL, 0, "language %s is not one of the nine; the report is in English",
		             o->lang);
	if (load_bundles(o, &r, d) != 0)
		rc = -1;
	for (int i = 0; rc == 0 && i < o->nscores; i++)
		rc = load_scores(o->scores[i], &r, d);
	if (rc == 0)
		rc = report_compute(&r);
	if (rc != 0) {
		diag_error(d, NULL, 0, "out of memory");
		report_free(&r);
		return 1;
	}
	char before[16];
	snprintf(before, sizeof before, "%s", i18n_current());
	i18n_use(lang);
	if (out_dir(o->out_dir, d) == 0) {
		write_file(o->out_dir, "results.csv", csv_writer, &r, lang, d);
		write_file(o->out_dir, "report.html", report_write_html, &r, lang, d);
	}
	i18n_use(before);
	report_fmt_cleanup();
	report_free(&r);
	return d->errors > 0 ? 1 : 0;
}
