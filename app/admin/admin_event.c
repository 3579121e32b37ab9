/*
 * admin_event.c — the event screen's draft: a copy of the running event that
 * staff edit (questions by page, time limit, idle time, threshold, languages
 * on offer, contact fields, practice question) with the seed's mix counted
 * live, and Save, which hands the host an event with a new id whenever the
 * change would otherwise rewrite an event that already has sessions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"
#include "event_save.h"
#include "lang.h"

#define MIN_QUESTIONS 6
#define MAX_QUESTIONS 8
#define LIMIT_STEP_S 30
#define LIMIT_MAX_S 3600
#define IDLE_STEP_S 15
#define IDLE_MIN_S 15
#define IDLE_MAX_S 3600
#define THRESHOLD_STEP 5

static int selected_at(const event_config *ev, const char *id)
{
	for (int i = 0; i < ev->question_count; i++)
		if (strcmp(ev->questions[i], id) == 0)
			return i;
	return -1;
}

static bool selection_in_pack(const event_config *ev, const pack *p)
{
	if (strcmp(ev->pack_id, p->id) != 0)
		return false;
	for (int i = 0; i < ev->question_count; i++)
		if (!pack_find(p, ev->questions[i]))
			return false;
	return true;
}

void admin_event_reset(admin *a, bool new_pack)
{
	a->draft = *a->ev;
	a->page = 0;
	a->refused = ADMIN_REFUSED_NONE;
	if (new_pack || !selection_in_pack(&a->draft, a->p)) {
		event_config d;
		event_defaults(&d, a->p);
		snprintf(a->draft.pack_id, sizeof a->draft.pack_id, "%s", d.pack_id);
		memcpy(a->draft.questions, d.questions, sizeof d.questions);
		a->draft.question_count = d.question_count;
	}
	admin_changed(a);
}

static int pages(const admin *a)
{
	int n = a->p->question_count;
	return n > 0 ? (n + ADMIN_PAGE_QUESTIONS - 1) / ADMIN_PAGE_QUESTIONS : 1;
}

static bool on_page(const admin *a, int index)
{
	return index >= a->page * ADMIN_PAGE_QUESTIONS &&
	       index < (a->page + 1) * ADMIN_PAGE_QUESTIONS;
}

static void toggle_question(admin *a, const char *id)
{
	event_config *d = &a->draft;
	int at = selected_at(d, id);
	if (at >= 0) {
		memmove(d->questions[at], d->questions[at + 1],
		        (size_t)(d->question_count - at - 1) * sizeof d->questions[0]);
		d->question_count--;
		memset(d->questions[d->question_count], 0, sizeof d->questions[0]);
	} else if (d->question_count >= MAX_QUESTIONS || d->question_count >= SESSION_MAX_QUESTIONS) {
		a->refused = ADMIN_REFUSED_FULL;
		return;
	} else {
		snprintf(d->questions[d->question_count++], sizeof d->questions[0], "%s", id);
	}
}

static bool offered(const event_config *d, const char *code)
{
	for (int i = 0; i < d->language_count; i++)
		if (strcmp(d->languages[i], code) == 0)
			return true;
	return false;
}

/* The languages on offer stay in the attract screen's order. */
static void toggle_language(admin *a, const char *code)
{
	event_config *d = &a->draft;
	bool on[LANG_COUNT];
	int n = 0;
	for (int i = 0; i < LANG_COUNT; i++) {
		const char *c = lang_all()[i].code;
		on[i] = offered(d, c) != (strcmp(c, code) == 0);
		n += on[i];
	}
	if (n == 0) {
		a->refused = ADMIN_REFUSED_LAST_LANGUAGE;
		return;
	}
	d->language_count = 0;
	memset(d->languages, 0, sizeof d->languages);
	for (int i = 0; i < LANG_COUNT && d->language_count < EVENT_MAX_LANGUAGES; i++)
		if (on[i])
			snprintf(d->languages[d->language_count++], sizeof d->languages[0], "%s",
			         lang_all()[i].code);
}

static int contact_at(const event_config *d, const char *key)
{
	for (int i = 0; i < d->contact_count; i++)
		if (strcmp(d->contacts[i], key) == 0)
			return i;
	return -1;
}

static void toggle_contact(admin *a, const char *key)
{
	event_config *d = &a->draft;
	int at = contact_at(d, key);
	if (at >= 0) {
		memmove(d->contacts[at], d->contacts[at + 1],
		        (size_t)(d->contact_count - at - 1) * sizeof d->contacts[0]);
		d->contact_count--;
		memset(d->contacts[d->contact_count], 0, sizeof d->contacts[0]);
	} else if (d->contact_count < SESSION_MAX_CONTACTS) {
		snprintf(d->contacts[d->contact_count++], sizeof d->contacts[0], "%s", key);
	}
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* 0 is "no limit", just below the shortest limit. */
static void step_limit(event_config *d, int dir)
{
	int v = d->time_limit_s;
	if (dir > 0)
		v = v == 0 ? LIMIT_STEP_S : v + LIMIT_STEP_S;
	else
		v = v <= LIMIT_STEP_S ? 0 : v - LIMIT_STEP_S;
	d->time_limit_s = clamp(v, 0, LIMIT_MAX_S);
}

static admin_save_block save_block(const event_config *d)
{
	if (d->question_count < MIN_QUESTIONS)
		return ADMIN_SAVE_FEW;
	if (d->question_count > MAX_QUESTIONS)
		return ADMIN_SAVE_MANY;
	return ADMIN_SAVE_OK;
}

/* Questions, threshold or pack differ from the running event (its hash covers them). */
static bool locked_part_changed(const admin *a)
{
	event_config d = a->draft;
	event_rehash(&d, a->p);
	return strcmp(d.hash, a->ev->hash) != 0;
}

/* Unknown counts count as sessions: a wrong new id costs nothing, a reused one does. */
static bool needs_new_id(const admin *a)
{
	bool sessions = !a->status_ready || a->status.event_sessions > 0;
	return sessions && locked_part_changed(a);
}

static void save(admin *a)
{
	if (a->saving || save_block(&a->draft) != ADMIN_SAVE_OK)
		return;
	event_config out = a->draft;
	if (needs_new_id(a))
		event_next_id(a->ev->id, out.id, sizeof out.id);
	event_rehash(&out, a->p);
	snprintf(a->old_id, sizeof a->old_id, "%s", a->ev->id);
	snprintf(a->new_id, sizeof a->new_id, "%s", out.id);
	a->saving = true;
	a->event_done = false;
	admin_changed(a);
	if (a->host.save_event)
		a->host.save_event(a->host.ctx, &out);
}

bool admin_event_press(admin *a, const char *id)
{
	event_config *d = &a->draft;
	if (a->saving)
		return true;
	admin_refusal before = a->refused;
	a->refused = ADMIN_REFUSED_NONE;
	if (strncmp(id, "q:", 2) == 0) {
		int i = 0;
		while (i < a->p->question_count && strcmp(a->p->questions[i].id, id + 2) != 0)
			i++;
		if (i == a->p->question_count || !on_page(a, i)) {
			a->refused = before;
			return false;
		}
		toggle_question(a, id + 2);
	} else if (strcmp(id, "q-prev") == 0) {
		a->page = a->page > 0 ? a->page - 1 : 0;
	} else if (strcmp(id, "q-next") == 0) {
		a->page = a->page + 1 < pages(a) ? a->page + 1 : a->page;
	} else if (strcmp(id, "limit-") == 0 || strcmp(id, "limit+") == 0) {
		step_limit(d, id[5] == '+' ? 1 : -1);
	} else if (strcmp(id, "idle-") == 0 || strcmp(id, "idle+") == 0) {
		d->idle_s = clamp(d->idle_s + (id[4] == '+' ? IDLE_STEP_S : -IDLE_STEP_S), IDLE_MIN_S,
		                  IDLE_MAX_S);
	} else if (strcmp(id, "threshold-") == 0 || strcmp(id, "threshold+") == 0) {
		d->threshold = clamp(d->threshold + (id[9] == '+' ? THRESHOLD_STEP : -THRESHOLD_STEP),
		                     0, 100);
	} else if (strncmp(id, "offer:", 6) == 0) {
		const lang_info *li = lang_find(id + 6);
		if (!li) {
			a->refused = before;
			return false;
		}
		toggle_language(a, li->code);
	} else if (strcmp(id, "contact:email") == 0 || strcmp(id, "contact:phone") == 0) {
		toggle_contact(a, id + 8);
	} else if (strcmp(id, "practice") == 0) {
		d->practice = !d->practice;
	} else if (strcmp(id, "load-pack") == 0) {
		a->screen = ADMIN_PACKS;
		admin_scan(a);
	} else if (strcmp(id, "save") == 0) {
		save(a);
		return true;
	} else {
		a->refused = before;
		return false;
	}
	a->event_done = false;
	admin_changed(a);
	return true;
}

void admin_event_view(const admin *a, admin_view *v)
{
	const event_config *d = &a->draft;
	const pack *p = a->p;
	v->page = a->page;
	v->pages = pages(a);
	for (int i = a->page * ADMIN_PAGE_QUESTIONS;
	     i < p->question_count && v->nquestions < ADMIN_PAGE_QUESTIONS; i++) {
		const pack_question *q = &p->questions[i];
		admin_question *row = &v->questions[v->nquestions++];
		row->id = q->id;
		row->type = pack_type_name(q->type);
		row->text = q->text;
		if (a->translate) {
			const char *t = a->translate(a->translate_ctx, a->language, q->id, "text", q->text);
			if (t)
				row->text = t;
		}
		row->selected = selected_at(d, q->id) >= 0;
	}
	v->selected = d->question_count;
	event_mix_count(d, p, &v->mix);
	v->time_limit_s = d->time_limit_s;
	v->idle_s = d->idle_s;
	v->threshold = d->threshold;
	v->total_s = d->time_limit_s * d->question_count;
	v->offered_count = d->language_count;
	for (int i = 0; i < d->language_count; i++)
		v->offered[i] = d->languages[i];
	v->email = contact_at(d, "email") >= 0;
	v->phone = contact_at(d, "phone") >= 0;
	v->practice = d->practice;
	v->save_block = save_block(d);
	v->refused = a->refused;
	/* The id Save will give, so staff know a new event starts. */
	if (needs_new_id(a))
		event_next_id(a->ev->id, v->new_event_id, sizeof v->new_event_id);
}
