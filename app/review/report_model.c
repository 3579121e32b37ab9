/*
 * report_model.c — the sessions the report holds, merged by id, and SPEC
 * §9's figures computed over every reviewer's scores.
 */
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

const char *const report_contact_keys[REPORT_NCONTACTS] = { "email", "phone", "city", "linkedin" };

static void wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static void candidate_clear(report_candidate *c)
{
	wipe_free(c->name);
	for (int i = 0; i < REPORT_NCONTACTS; i++)
		wipe_free(c->contacts[i]);
	explicit_bzero(c, sizeof *c);
}

int report_event_find(const report_data *r, const char *event_id)
{
	for (int i = 0; i < r->nevents; i++)
		if (strcmp(r->events[i].id, event_id) == 0)
			return i;
	return -1;
}

int report_question_index(const report_event *e, const char *question_id)
{
	for (int q = 0; q < e->question_count; q++)
		if (strcmp(e->question_ids[q], question_id) == 0)
			return q;
	return -1;
}

static bool same_event(const report_event *e, const session_record *s)
{
	if (strcmp(e->hash, s->event_hash) != 0 || strcmp(e->pack_hash, s->pack_hash) != 0 ||
	    e->threshold != s->threshold || e->question_count != s->question_count)
		return false;
	for (int q = 0; q < e->question_count; q++)
		if (strcmp(e->question_ids[q], s->question_ids[q]) != 0)
			return false;
	return true;
}

/* The event of s, added when new; -1 when s disagrees with it, -2 on OOM. */
static int event_of(report_data *r, const session_record *s)
{
	int i = report_event_find(r, s->event_id);
	if (i >= 0)
		return same_event(&r->events[i], s) ? i : -1;
	report_event *grown = realloc(r->events, (size_t)(r->nevents + 1) * sizeof *grown);
	if (!grown)
		return -2;
	r->events = grown;
	report_event *e = &r->events[r->nevents];
	memset(e, 0, sizeof *e);
	snprintf(e->id, sizeof e->id, "%s", s->event_id);
	snprintf(e->hash, sizeof e->hash, "%s", s->event_hash);
	snprintf(e->pack_id, sizeof e->pack_id, "%s", s->pack_id);
	snprintf(e->pack_hash, sizeof e->pack_hash, "%s", s->pack_hash);
	e->threshold = s->threshold;
	e->question_count = s->question_count < 0 ? 0
	                  : s->question_count > SESSION_MAX_QUESTIONS ? SESSION_MAX_QUESTIONS
	                  : s->question_count;
	memcpy(e->question_ids, s->question_ids, sizeof e->question_ids);
	return r->nevents++;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

int report_add_session(report_data *r, const session_record *s, const char *file, diag_list *d)
{
	int ev = event_of(r, s);
	if (ev == -2)
		return -1;
	if (ev < 0) {
		diag_error(d, file, 0, "session %s: event %s has another threshold, question list "
		           "or pack than the other sessions of that event (tampered?); left out",
		           s->id, s->event_id);
		return 0;
	}
	if (r->ncands % 256 == 0) {
		report_candidate *grown = realloc(r->cands, (size_t)(r->ncands + 256) * sizeof *grown);
		if (!grown)
			return -1;
		r->cands = grown;
	}
	report_candidate *c = &r->cands[r->ncands];
	memset(c, 0, sizeof *c);
	snprintf(c->id, sizeof c->id, "%s", s->id);
	c->revision = s->revision;
	score_candidate_code(s->id, c->code);
	snprintf(c->language, sizeof c->language, "%s", s->language);
	c->status = s->status;
	c->event = ev;
	c->name = dup_or_null(s->name);
	bool oom = s->name && *s->name && !c->name;
	for (int i = 0; i < s->contact_count && i < SESSION_MAX_CONTACTS; i++)
		for (int k = 0; k < REPORT_NCONTACTS; k++)
			if (strcmp(s->contacts[i].key, report_contact_keys[k]) == 0 && !c->contacts[k]) {
				c->contacts[k] = dup_or_null(s->contacts[i].value);
				oom |= s->contacts[i].value && *s->contacts[i].value && !c->contacts[k];
			}
	const report_event *e = &r->events[ev];
	for (int q = 0; q < SESSION_MAX_QUESTIONS; q++)
		c->total_ms[q] = -1;
	for (int i = 0; i < s->answer_count && i < SESSION_MAX_QUESTIONS; i++) {
		const answer_record *a = &s->answers[i];
		int q = report_question_index(e, a->question_id);
		if (q < 0)
			continue;
		c->total_ms[q] = a->total_ms < 0 ? 0 : a->total_ms;
		c->empty[q] = !a->answer || a->answer[0] == '\0';
	}
	r->ncands++;
	if (oom) {
		candidate_clear(&r->cands[--r->ncands]);
		return -1;
	}
	return 0;
}

static int by_id_then_newest(const void *a, const void *b)
{
	const report_candidate *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c != 0)
		return c;
	return x->revision > y->revision ? -1 : x->revision < y->revision;
}

void report_sessions_done(report_data *r)
{
	if (r->ncands == 0)
		return;
	qsort(r->cands, (size_t)r->ncands, sizeof *r->cands, by_id_then_newest);
	int kept = 1;
	for (int i = 1; i < r->ncands; i++) {
		if (strcmp(r->cands[i].id, r->cands[kept - 1].id) == 0) {
			candidate_clear(&r->cands[i]);      /* an older copy from another bundle */
			continue;
		}
		if (i != kept)
			r->cands[kept] = r->cands[i];
		kept++;
	}
	r->ncands = kept;
}

static int by_id(const void *key, const void *elem)
{
	return strcmp(key, ((const report_candidate *)elem)->id);
}

report_candidate *report_find(const report_data *r, const char *session_id)
{
	if (r->ncands == 0)
		return NULL;
	return bsearch(session_id, r->cands, (size_t)r->ncands, sizeof *r->cands, by_id);
}

int report_add_reviewer(report_data *r, const char *name)
{
	size_t block = (size_t)r->ncands * SESSION_MAX_QUESTIONS;
	int k = r->nreviewers;
	char (*names)[SESSION_SHORT] = realloc(r->reviewers, (size_t)(k + 1) * sizeof *names);
	if (!names)
		return -1;
	r->reviewers = names;
	int *scores = realloc(r->scores, (block ? block : 1) * (size_t)(k + 1) * sizeof *scores);
	if (!scores)
		return -1;
	r->scores = scores;
	memset(scores + block * (size_t)k, 0, block * sizeof *scores);
	snprintf(names[k], sizeof names[k], "%s", name);
	return r->nreviewers++;
}

int *report_score(const report_data *r, const report_candidate *c, int q, int k)
{
	size_t ci = (size_t)(c - r->cands);
	return &r->scores[((size_t)k * (size_t)r->ncands + ci) * SESSION_MAX_QUESTIONS + (size_t)q];
}

static void combine(report_data *r, report_candidate *c)
{
	const report_event *e = &r->events[c->event];
	int by[REPORT_MAX_REVIEWERS];
	int n = r->nreviewers < REPORT_MAX_REVIEWERS ? r->nreviewers : REPORT_MAX_REVIEWERS;
	double means[SESSION_MAX_QUESTIONS];
	bool any[REPORT_MAX_REVIEWERS] = { false };

	for (int q = 0; q < e->question_count; q++) {
		for (int k = 0; k < n; k++) {
			by[k] = *report_score(r, c, q, k);
			any[k] |= by[k] != SCORE_NONE;
		}
		c->combined[q] = score_combine(by, n);
		c->mean[q] = c->combined[q].n > 0 ? c->combined[q].mean : 0;
		/* SPEC §9: an answer with no text is scored 1 automatically. */
		if (c->combined[q].n == 0 && c->empty[q])
			c->mean[q] = 1;
		means[q] = c->mean[q];
	}
	c->reviewers = 0;
	for (int k = 0; k < n; k++)
		c->reviewers += any[k];
	c->score100 = score_100(means, e->question_count);
	c->pass = c->status == SESSION_COMPLETED && c->score100 >= 0 &&
	          score_pass(c->score100, e->threshold);
}

static const report_data *sorting;

/* Event, then ranked completed (score down, code up), unscored completed, the rest. */
static int group(const report_candidate *c)
{
	if (c->status != SESSION_COMPLETED)
		return 2;
	return c->score100 < 0;
}

static int report_order(const void *a, const void *b)
{
	const report_candidate *x = &sorting->cands[*(const int *)a];
	const report_candidate *y = &sorting->cands[*(const int *)b];
	int c = strcmp(sorting->events[x->event].id, sorting->events[y->event].id);
	if (c != 0)
		return c;
	if (group(x) != group(y))
		return group(x) - group(y);
	if (group(x) == 0 && x->score100 != y->score100)
		return y->score100 - x->score100;
	if (group(x) == 2 && x->status != y->status)
		return (int)x->status - (int)y->status;
	return strcmp(x->code, y->code);
}

static int agreement(report_data *r, int ev)
{
	report_event *e = &r->events[ev];
	int coders = r->nreviewers, units = 0;
	int *all = calloc((size_t)(r->ncands ? r->ncands : 1) * SESSION_MAX_QUESTIONS *
	                  (size_t)(coders ? coders : 1), sizeof *all);
	int *one = calloc((size_t)(r->ncands ? r->ncands : 1) * (size_t)(coders ? coders : 1),
	                  sizeof *one);
	int rc = 0;

	if (!all || !one) {
		free(all);
		free(one);
		return -1;
	}
	for (int q = 0; q < e->question_count; q++) {
		int n = 0;
		for (int i = 0; i < r->ncands; i++) {
			const report_candidate *c = &r->cands[i];
			if (c->event != ev)
				continue;
			for (int k = 0; k < coders; k++) {
				int s = *report_score(r, c, q, k);
				one[n * coders + k] = s;
				all[units * coders + k] = s;
			}
			n++;
			units++;
		}
		memset(&e->per_question[q], 0, sizeof e->per_question[q]);
		if (coders > 0 && n > 0 && score_agreement_compute(one, n, coders, &e->per_question[q]) != 0)
			rc = -1;
	}
	memset(&e->agreement, 0, sizeof e->agreement);
	if (coders > 0 && units > 0 && score_agreement_compute(all, units, coders, &e->agreement) != 0)
		rc = -1;
	free(all);
	free(one);
	return rc;
}

int report_compute(report_data *r)
{
	for (int i = 0; i < r->ncands; i++)
		combine(r, &r->cands[i]);
	free(r->order);
	r->order = malloc((size_t)(r->ncands ? r->ncands : 1) * sizeof *r->order);
	if (!r->order)
		return -1;
	for (int i = 0; i < r->ncands; i++)
		r->order[i] = i;
	sorting = r;
	qsort(r->order, (size_t)r->ncands, sizeof *r->order, report_order);
	sorting = NULL;

	for (int ev = 0; ev < r->nevents; ev++) {
		report_event *e = &r->events[ev];
		memset(e->count, 0, sizeof e->count);
		e->passed = 0;
	}
	int rank = 0, last_event = -1;
	for (int i = 0; i < r->ncands; i++) {
		report_candidate *c = &r->cands[r->order[i]];
		report_event *e = &r->events[c->event];
		if (c->event != last_event)
			rank = 0, last_event = c->event;
		c->rank = group(c) == 0 ? ++rank : 0;
		if ((int)c->status >= 0 && (int)c->status < 4)
			e->count[c->status]++;
		e->passed += c->pass;
	}
	for (int ev = 0; ev < r->nevents; ev++)
		if (agreement(r, ev) != 0)
			return -1;
	return 0;
}

void report_free(report_data *r)
{
	for (int i = 0; i < r->ncands; i++)
		candidate_clear(&r->cands[i]);
	free(r->cands);
	free(r->events);
	free(r->reviewers);
	free(r->scores);
	free(r->order);
	memset(r, 0, sizeof *r);
}
