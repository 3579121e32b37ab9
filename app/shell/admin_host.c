#define _GNU_SOURCE     /* explicit_bzero */
#include "admin_host.h"
#include "admin_host_internal.h"

#include <libintl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "i18n.h"
#include "media.h"
#include "pack_snapshot.h"
#include "paths.h"
#include "pin.h"
#include "wipe.h"

int64_t admin_wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void admin_copy(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void put_reply(admin_shell *s, reply *r)
{
	pthread_mutex_lock(&s->lock);
	r->next = NULL;
	if (s->rtail)
		s->rtail->next = r;
	else
		s->rhead = r;
	s->rtail = r;
	pthread_mutex_unlock(&s->lock);
}

static void run_job(admin_shell *s, job *j)
{
	reply *r = calloc(1, sizeof *r);
	if (!r) {
		fprintf(stderr, "prescreen: admin mode: out of memory\n");
		return;
	}
	r->kind = j->kind;
	switch (j->kind) {
	case JOB_PIN:
		r->ok = pin_verify(j->hash, j->pin);
		break;
	case JOB_STATUS:
		admin_job_status(s, j, r);
		break;
	case JOB_MEDIA: {
		const char *dirs[MEDIA_MAX_DIRS];
		int n = s->a->opt.media_count;
		for (int i = 0; i < n; i++)
			dirs[i] = s->a->opt.media_dirs[i];
		media_scan(dirs, n, r->targets, &r->ntargets, r->packs, &r->npacks, ADMIN_MAX_PLACES);
		r->ok = true;
		break;
	}
	case JOB_PACK:
		admin_job_pack(s, j, r);
		break;
	case JOB_EVENT:
		admin_job_event(s, j, r);
		break;
	case JOB_EXPORT:
	case JOB_EXPORT_ERASE:
		admin_job_export(s, j, r);
		/* What this thread copied and encoded of the candidates' sessions. */
		wipe_stack();
		break;
	case JOB_RECEIPT:
		admin_job_receipt(s, j, r);
		wipe_stack();
		break;
	}
	put_reply(s, r);
}

static void job_free(job *j)
{
	explicit_bzero(j, sizeof *j);
	free(j);
}

static void *worker_main(void *arg)
{
	admin_shell *s = arg;
	pthread_mutex_lock(&s->lock);
	for (;;) {
		if (!s->head) {
			pthread_cond_broadcast(&s->idle);
			if (s->stop)
				break;
			pthread_cond_wait(&s->work, &s->lock);
			continue;
		}
		job *j = s->head;
		s->head = j->next;
		if (!s->head)
			s->tail = NULL;
		s->busy = true;
		pthread_mutex_unlock(&s->lock);
		run_job(s, j);
		job_free(j);
		pthread_mutex_lock(&s->lock);
		s->busy = false;
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static job *new_job(job_kind kind)
{
	job *j = calloc(1, sizeof *j);
	if (j)
		j->kind = kind;
	else
		fprintf(stderr, "prescreen: admin mode: out of memory\n");
	return j;
}

static void queue(admin_shell *s, job *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&s->lock);
	j->next = NULL;
	if (s->tail)
		s->tail->next = j;
	else
		s->head = j;
	s->tail = j;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
}

/* ---- the host callbacks, on the drawing thread ---- */

static void host_verify_pin(void *ctx, const char *hash, const char *pin)
{
	admin_shell *s = ctx;
	job *j = new_job(JOB_PIN);
	if (!j) {
		admin_pin_done(s->adm, false);
		return;
	}
	snprintf(j->hash, sizeof j->hash, "%s", hash);
	snprintf(j->pin, sizeof j->pin, "%s", pin);
	queue(s, j);
}

static void host_status(void *ctx)
{
	admin_shell *s = ctx;
	job *j = new_job(JOB_STATUS);
	if (j)
		snprintf(j->event_id, sizeof j->event_id, "%s", s->a->event.id);
	queue(s, j);
}

static void host_scan_media(void *ctx)
{
	queue(ctx, new_job(JOB_MEDIA));
}

static void host_install_pack(void *ctx, const char *src)
{
	job *j = new_job(JOB_PACK);
	if (j)
		snprintf(j->path, sizeof j->path, "%s", src);
	queue(ctx, j);
}

/* The pack an event from the admin screen names: the installed one waiting, or the running one. */
static const pack *event_pack(admin_shell *s, const char *pack_id)
{
	if (s->have_staged && strcmp(s->staged.id, pack_id) == 0)
		return &s->staged;
	return &s->a->pack;
}

static void host_save_event(void *ctx, const event_config *ev)
{
	admin_shell *s = ctx;
	job *j = new_job(JOB_EVENT);
	if (!j) {
		admin_event_done(s->adm, false, "out of memory");
		return;
	}
	j->ev = *ev;
	event_rehash(&j->ev, event_pack(s, ev->pack_id));
	queue(s, j);
}

static void host_export_to(void *ctx, const char *parent)
{
	job *j = new_job(JOB_EXPORT);
	if (j)
		snprintf(j->path, sizeof j->path, "%s", parent);
	queue(ctx, j);
}

static void host_export_erase_to(void *ctx, const char *parent)
{
	job *j = new_job(JOB_EXPORT_ERASE);
	if (j)
		snprintf(j->path, sizeof j->path, "%s", parent);
	queue(ctx, j);
}

static void host_find_receipt(void *ctx, const char *code)
{
	admin_shell *s = ctx;
	job *j = new_job(JOB_RECEIPT);
	if (!j) {
		admin_receipt_done(s->adm, -1, NULL, "out of memory");
		return;
	}
	snprintf(j->code, sizeof j->code, "%s", code);
	queue(s, j);
}

/*
 * On the drawing thread: the writer takes it in order with the saves, and
 * nothing waits. The scrub after it checkpoints the WAL, so the database file
 * holds the erased pages' zeros now, not after the next candidate.
 */
static bool host_erase_session(void *ctx, const char *session_id)
{
	admin_shell *s = ctx;
	if (writer_erase(s->a->writer, session_id) != 0)
		return false;
	writer_scrub(s->a->writer);
	return true;
}

static int64_t app_wall(app *a)
{
	return a->virtual_clock ? a->vwall_base + a->vmono : admin_wall_ms();
}

static void host_audit(void *ctx, const char *action, const char *detail)
{
	admin_shell *s = ctx;
	if (writer_audit(s->a->writer, app_wall(s->a), action, detail) != 0)
		fprintf(stderr, "prescreen: the audit trail lost \"%s\": out of memory\n", action);
}

static void host_lock_save(void *ctx, const audit_lock *l)
{
	admin_shell *s = ctx;
	if (writer_lock_put(s->a->writer, l) != 0)
		fprintf(stderr, "prescreen: the PIN lock was not saved: out of memory\n");
}

static void host_extra_time(void *ctx, int percent)
{
	admin_shell *s = ctx;
	s->extra_percent = percent;
	flow_grant_extra_time(s->a->flow, percent);
}

static void host_leave(void *ctx)
{
	admin_shell *s = ctx;
	/* The writer drains in the teardown: the audit's "leave" reaches the disk. */
	s->a->exit_status = 0;
	s->a->left = true;
	app_stop = 1;
}

admin_shell *admin_shell_new(void *app_)
{
	app *a = app_;
	admin_shell *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->a = a;
	s->extra_percent = 100;
	snprintf(s->data_dir, sizeof s->data_dir, "%s", a->data_dir);
	admin_host h = { host_verify_pin, host_status, host_scan_media, host_install_pack,
	                 host_save_event, host_export_to, host_audit, host_lock_save,
	                 host_extra_time, host_leave, host_export_erase_to, host_find_receipt,
	                 host_erase_session, s };
	s->adm = admin_new(a->clock, h);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->idle, NULL);
	if (!s->adm || pthread_create(&s->thread, NULL, worker_main, s) != 0) {
		admin_free(s->adm);
		pthread_cond_destroy(&s->idle);
		pthread_cond_destroy(&s->work);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return NULL;
	}
	admin_set_event(s->adm, &a->event, &a->pack);
	admin_set_translate(s->adm, a->translate, a);
	return s;
}

void admin_shell_free(admin_shell *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	while (s->head) {
		job *j = s->head;
		s->head = j->next;
		job_free(j);
	}
	while (s->rhead) {
		reply *r = s->rhead;
		s->rhead = r->next;
		stick_ids_free(&r->ids);
		free(r);
	}
	admin_free(s->adm);
	if (s->have_staged)
		pack_free(&s->staged);
	pthread_cond_destroy(&s->idle);
	pthread_cond_destroy(&s->work);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

admin *admin_shell_admin(admin_shell *s)
{
	return s->adm;
}

bool admin_shell_may_open(const admin_shell *s)
{
	flow_view v;
	flow_view_get(s->a->flow, &v);
	return (v.screen == SCREEN_ATTRACT || v.screen == SCREEN_LANGUAGE) &&
	       flow_session(s->a->flow) == NULL;
}

void admin_shell_open(admin_shell *s)
{
	if (!admin_is_open(s->adm) && admin_shell_may_open(s)) {
		admin_set_extra_time(s->adm, flow_extra_time(s->a->flow));
		admin_open(s->adm);
	}
}

/* ---- answers handed on, on the drawing thread ---- */

static void bind_pack_domain(app *a, const pack *p, const char *installed_dir)
{
	char locale[PATH_MAX + 16];
	snprintf(a->pack_domain, sizeof a->pack_domain, "prescreen-pack-%s", p->id);
	if (installed_dir)
		snprintf(locale, sizeof locale, "%s/locale", installed_dir);
	else
		snprintf(locale, sizeof locale, "%s", paths_locale_dir());
	bindtextdomain(a->pack_domain, locale);
	bind_textdomain_codeset(a->pack_domain, "UTF-8");
}

static void pack_installed_here(admin_shell *s, const reply *r)
{
	diag_list d = { 0 };
	pack p;
	memset(&p, 0, sizeof p);
	if (pack_load(r->installed.dir, &p, &d) != 0) {
		admin_pack_done(s->adm, false, d.count > 0 ? d.lines[0] : r->installed.dir);
		diag_free(&d);
		return;
	}
	diag_free(&d);
	if (s->have_staged)
		pack_free(&s->staged);
	s->staged = p;
	s->have_staged = true;
	snprintf(s->staged_dir, sizeof s->staged_dir, "%s", r->installed.dir);
	/* The admin screen lists its questions in the staff's language. */
	bind_pack_domain(s->a, &s->staged, r->installed.dir);
	admin_pack_done(s->adm, true, r->message);
	admin_set_event(s->adm, &s->a->event, &s->staged);
}

/* Between candidates: the saved event, its pack and a new flow take over. */
static void event_saved_here(admin_shell *s, const reply *r)
{
	app *a = s->a;
	bool staged = s->have_staged;
	const pack *p = staged ? &s->staged : &a->pack;
	event_config ev;
	event_defaults(&ev, p);
	diag_list d = { 0 };
	if (event_load(r->event_path, p, &ev, &d) != 0) {
		admin_event_done(s->adm, false, d.count > 0 ? d.lines[0] : r->event_path);
		diag_free(&d);
		return;
	}
	diag_free(&d);
	if (strcmp(ev.kiosk_id, "kiosk") == 0)
		snprintf(ev.kiosk_id, sizeof ev.kiosk_id, "%s", a->event.kiosk_id);
	/* Outcomes of the last candidate's saves belong to the flow that made them. */
	app_saved(a);
	flow_free(a->flow);
	a->flow = NULL;
	if (staged) {
		pack_free(&a->pack);
		a->pack = s->staged;
		memset(&s->staged, 0, sizeof s->staged);
		s->have_staged = false;
		bind_pack_domain(a, &a->pack, s->staged_dir);
	}
	a->event = ev;
	/* The new event's key (or none) seals every save of the next candidate. */
	writer_seal_key(a->writer, ev.has_public_key ? ev.public_key : NULL);
	diag_list snap = { 0 };
	pack_snapshot(&a->pack, a->data_dir, &snap);
	for (int i = 0; i < snap.count; i++)
		fprintf(stderr, "prescreen: warning: %s\n", snap.lines[i]);
	diag_free(&snap);
	a->flow = flow_new(&a->event, &a->pack, a->clock, a->sink, a->translate, a);
	if (!a->flow) {
		fprintf(stderr, "prescreen: out of memory starting the new event\n");
		a->exit_status = 1;
		app_stop = 1;
		return;
	}
	if (s->extra_percent != 100)
		flow_grant_extra_time(a->flow, s->extra_percent);
	a->last_screen = SCREEN_ATTRACT;
	/* Before the outcome: the staged pack admin mode borrowed has moved. */
	admin_set_event(s->adm, &a->event, &a->pack);
	admin_event_done(s->adm, true, r->message);
}

/* Exactly the sessions in the verified bundle, each through the writer. */
static void erase_exported(admin_shell *s, const reply *r)
{
	int erased = 0;
	for (int i = 0; i < r->ids.n; i++) {
		if (writer_erase(s->a->writer, r->ids.id[i]) == 0)
			erased++;
		else
			fprintf(stderr, "prescreen: export and erase: session %s was not erased: "
			        "out of memory\n", r->ids.id[i]);
	}
	if (erased > 0)
		writer_scrub(s->a->writer);
	admin_export_erased(s->adm, r->message, r->ids.n, erased);
}

static void export_done_here(admin_shell *s, const reply *r)
{
	const char *why;
	char text[1400];
	switch (r->outcome) {
	case STICK_OK:
		admin_export_progress(s->adm, r->total, r->total);
		host_audit(s, "export", r->message);
		if (r->kind == JOB_EXPORT_ERASE)
			erase_exported(s, r);
		else
			admin_export_done(s->adm, true, r->message);
		return;
	case STICK_FULL:
		why = _("The stick is full. Free some space on it or use another stick.");
		host_audit(s, "export-failed", "the stick is full");
		break;
	case STICK_PULLED:
		why = _("The stick was removed or stopped working during the export. Put it back in or "
		        "use another stick.");
		host_audit(s, "export-failed", r->message);
		break;
	case STICK_UNVERIFIED:
		why = _("What was written to the stick did not read back correctly, so it was deleted. "
		        "Use another stick.");
		host_audit(s, "export-failed", r->message);
		break;
	default:
		why = NULL;
		host_audit(s, "export-failed", r->message);
		break;
	}
	if (why)
		snprintf(text, sizeof text, "%s", why);
	else
		snprintf(text, sizeof text, _("The export failed: %s"), r->message);
	admin_export_done(s->adm, false, text);
}

static void hand_on(admin_shell *s, const reply *r)
{
	switch (r->kind) {
	case JOB_PIN:
		admin_pin_done(s->adm, r->ok);
		break;
	case JOB_STATUS:
		if (!r->ok && r->message[0])
			fprintf(stderr, "prescreen: admin status: %s\n", r->message);
		admin_status_done(s->adm, &r->status);
		break;
	case JOB_MEDIA:
		admin_media_done(s->adm, r->targets, r->ntargets, r->packs, r->npacks);
		break;
	case JOB_PACK:
		if (r->ok)
			pack_installed_here(s, r);
		else
			admin_pack_done(s->adm, false, r->message);
		break;
	case JOB_EVENT:
		if (r->ok)
			event_saved_here(s, r);
		else
			admin_event_done(s->adm, false, r->message);
		break;
	case JOB_EXPORT:
	case JOB_EXPORT_ERASE:
		export_done_here(s, r);
		break;
	case JOB_RECEIPT:
		admin_receipt_done(s->adm, r->found_rc, &r->found, r->message);
		break;
	}
}

bool admin_shell_poll(admin_shell *s)
{
	bool any = false;
	for (;;) {
		pthread_mutex_lock(&s->lock);
		reply *r = s->rhead;
		if (r) {
			s->rhead = r->next;
			if (!s->rhead)
				s->rtail = NULL;
		}
		bool progressed = s->progress_new;
		long long done = s->progress_done, total = s->progress_total;
		s->progress_new = false;
		pthread_mutex_unlock(&s->lock);
		if (progressed) {
			admin_export_progress(s->adm, done, total);
			any = true;
		}
		if (!r)
			break;
		/* Messages made here speak the staff's language. */
		const char *lang = admin_language(s->adm);
		if (strcmp(i18n_current(), lang) != 0)
			i18n_use(lang);
		hand_on(s, r);
		stick_ids_free(&r->ids);
		explicit_bzero(r, sizeof *r);
		free(r);
		any = true;
	}
	return any;
}

bool admin_shell_busy(admin_shell *s)
{
	pthread_mutex_lock(&s->lock);
	bool busy = s->head || s->busy || s->rhead || s->progress_new;
	pthread_mutex_unlock(&s->lock);
	return busy;
}

void admin_shell_settle(admin_shell *s)
{
	do {
		pthread_mutex_lock(&s->lock);
		while (s->head || s->busy)
			pthread_cond_wait(&s->idle, &s->lock);
		pthread_mutex_unlock(&s->lock);
	} while (admin_shell_poll(s));
}
