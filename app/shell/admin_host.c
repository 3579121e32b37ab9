#define _GNU_SOURCE     /* posix_fadvise, explicit_bzero */
#include "admin_host.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "bundle.h"
#include "event_save.h"
#include "export.h"
#include "export_format.h"
#include "export_target.h"
#include "i18n.h"
#include "media.h"
#include "pack_install.h"
#include "pack_snapshot.h"
#include "paths.h"
#include "pin.h"
#include "wipe.h"

typedef enum { JOB_PIN, JOB_STATUS, JOB_MEDIA, JOB_PACK, JOB_EVENT, JOB_EXPORT } job_kind;

/* Why an export failed, told to staff in their language on the drawing thread. */
typedef enum { EXPORT_OK, EXPORT_FULL, EXPORT_PULLED, EXPORT_UNVERIFIED, EXPORT_OTHER } export_outcome;

typedef struct job {
	job_kind kind;
	char hash[PIN_HASH_MAX * 2];
	char pin[PIN_MAX_DIGITS + 8];
	char path[PATH_MAX];
	char event_id[SESSION_SHORT];
	event_config ev;
	struct job *next;
} job;

typedef struct reply {
	job_kind kind;
	bool ok;
	char message[1024];            /* English: a problem line, or a folder */
	export_outcome outcome;
	admin_status status;
	admin_place targets[ADMIN_MAX_PLACES], packs[ADMIN_MAX_PLACES];
	int ntargets, npacks;
	pack_installed installed;
	char event_path[PATH_MAX];
	long long done, total;
	struct reply *next;
} reply;

struct admin_shell {
	app *a;
	admin *adm;
	char data_dir[PATH_MAX];
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work, idle;
	job *head, *tail;
	reply *rhead, *rtail;
	bool busy, stop;
	/* The export's progress: only the latest figure is worth handing on. */
	bool progress_new;
	long long progress_done, progress_total;
	char last_export[256];         /* worker's: this run's last bundle */
	int64_t last_export_ms;
	/* An installed pack waits here until staff save an event that uses it. */
	pack staged;
	bool have_staged;
	char staged_dir[PATH_MAX];
	int extra_percent;             /* granted, kept across a recreated flow */
};

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Cut to fit, as snprintf would, without its truncation warning. */
static void copy(char *dst, size_t size, const char *src)
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

/* ---- the worker's jobs ---- */

typedef struct {
	const char *event_id;
	int count;
} event_count;

static int count_event(void *ctx, const session_record *r)
{
	event_count *c = ctx;
	if (strcmp(r->event_id, c->event_id) == 0)
		c->count++;
	return 0;
}

typedef struct {
	char detail[256];
	int64_t at;
} last_audit;

static int find_export(void *ctx, int64_t at, const char *action, const char *detail)
{
	last_audit *l = ctx;
	if (strcmp(action, "export") == 0) {
		snprintf(l->detail, sizeof l->detail, "%s", detail ? detail : "");
		l->at = at;
	}
	return 0;
}

static void do_status(admin_shell *s, const job *j, reply *r)
{
	char err[1024];
	r->status.free_bytes = -1;
	struct statvfs v;
	if (statvfs(s->data_dir, &v) == 0)
		r->status.free_bytes = (long long)v.f_bavail * (long long)v.f_frsize;
	store *st = store_open_read_only(s->data_dir, err, sizeof err);
	if (!st) {
		copy(r->message, sizeof r->message, err);
		return;
	}
	char today[16];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	event_count c = { j->event_id, 0 };
	last_audit last = { "", 0 };
	r->ok = store_count(st, today, &r->status.counts) == 0 &&
	        store_each(st, count_event, &c) == 0;
	if (!r->ok)
		copy(r->message, sizeof r->message, store_error(st));
	audit_each(st, find_export, &last);
	store_close(st);
	r->status.event_sessions = c.count;
	/* This run's export may not have reached the audit table yet. */
	pthread_mutex_lock(&s->lock);
	if (s->last_export_ms > last.at) {
		snprintf(last.detail, sizeof last.detail, "%s", s->last_export);
		last.at = s->last_export_ms;
	}
	pthread_mutex_unlock(&s->lock);
	snprintf(r->status.last_export, sizeof r->status.last_export, "%s", last.detail);
	r->status.last_export_ms = last.at;
}

static void do_pack(admin_shell *s, const job *j, reply *r)
{
	diag_list d = { 0 };
	r->ok = pack_install(j->path, s->data_dir, &r->installed, &d) == 0;
	if (r->ok)
		snprintf(r->message, sizeof r->message, "%s %s", r->installed.id, r->installed.version);
	else
		snprintf(r->message, sizeof r->message, "%s",
		         d.count > 0 ? d.lines[0] : "the pack could not be installed");
	diag_free(&d);
}

static void do_event(admin_shell *s, const job *j, reply *r)
{
	char err[1024];
	/* The questions and threshold are fixed once a candidate answered them. */
	store *st = store_open_read_only(s->data_dir, err, sizeof err);
	int changed = st ? store_event_changed(st, j->ev.id, j->ev.hash) : 0;
	if (st && changed < 0)
		snprintf(err, sizeof err, "%s", store_error(st));
	store_close(st);
	if (changed != 0) {
		if (changed > 0)
			snprintf(err, sizeof err, "event \"%s\" already has sessions recorded with other "
			         "questions, threshold or pack; give the changed event a new id", j->ev.id);
		copy(r->message, sizeof r->message, err);
		return;
	}
	if (event_save_current(s->data_dir, &j->ev, err, sizeof err) != 0) {
		copy(r->message, sizeof r->message, err);
		return;
	}
	if (event_current_path(s->data_dir, r->event_path, sizeof r->event_path) != 0) {
		snprintf(r->message, sizeof r->message, "%.900s/events: the saved event is not current",
		         s->data_dir);
		return;
	}
	copy(r->message, sizeof r->message, j->ev.id);
	r->ok = true;
}

/* ---- export ---- */

typedef struct {
	admin_shell *s;
	export_writer *w;
	int count;
	long long total;
} exporting;

/* What the bundle will hold, near enough for a progress bar. */
static int measure(void *ctx, const session_record *r)
{
	exporting *x = ctx;
	char *json = export_session_json(r);
	char *csv = export_sessions_csv(r, 1);
	x->total += (long long)(json ? strlen(json) : 0) + (long long)(csv ? strlen(csv) : 0);
	export_wipe_free(json);
	export_wipe_free(csv);
	return 0;
}

static int add_session(void *ctx, const session_record *r)
{
	exporting *x = ctx;
	if (export_add(x->w, r) != 0)
		return 1;
	x->count++;
	return 0;
}

static void progress(void *ctx, long long bytes)
{
	exporting *x = ctx;
	admin_shell *s = x->s;
	pthread_mutex_lock(&s->lock);
	s->progress_done = bytes;
	s->progress_total = bytes > x->total ? bytes : x->total;
	s->progress_new = true;
	pthread_mutex_unlock(&s->lock);
}

/*
 * Out of the page cache, so the read-back reads the stick and not the
 * kiosk's memory of what it wrote. Returns 0, or an errno.
 */
static int drop_cache(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno;
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat sb;
		if (lstat(path, &sb) != 0) {
			rc = errno;
		} else if (S_ISDIR(sb.st_mode)) {
			rc = drop_cache(path);
		} else if (S_ISREG(sb.st_mode)) {
			int fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				rc = errno;
			else {
				if (fdatasync(fd) != 0 && errno != EINVAL)
					rc = errno;
				posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
				close(fd);
			}
		}
	}
	closedir(d);
	return rc;
}

static const char *first_error(const diag_list *d)
{
	for (int i = 0; i < d->count; i++)
		if (!strstr(d->lines[i], ": warning: "))
			return d->lines[i];
	return d->lines[0];
}

/* A bundle that did not read back must not look whole: hidden first, then gone. */
static void discard(const char *dir)
{
	char hidden[2 * PATH_MAX + 64], parent[PATH_MAX];
	copy(parent, sizeof parent, dir);
	char *slash = strrchr(parent, '/');
	const char *name = slash ? slash + 1 : parent;
	if (slash)
		*slash = '\0';
	snprintf(hidden, sizeof hidden, "%s/" TMP_PREFIX "unverified-%s" TMP_SUFFIX,
	         slash ? parent : ".", name);
	if (rename(dir, hidden) == 0)
		export_rm_tree(hidden);
	else
		export_rm_tree(dir);
}

static export_outcome classify(const char *err)
{
	static const int full[] = { ENOSPC, EDQUOT, EFBIG };
	static const int pulled[] = { EIO, ENOENT, ENODEV, ENXIO, EROFS, ESHUTDOWN, ENOTCONN };
	for (size_t i = 0; i < sizeof full / sizeof full[0]; i++)
		if (strstr(err, strerror(full[i])))
			return EXPORT_FULL;
	for (size_t i = 0; i < sizeof pulled / sizeof pulled[0]; i++)
		if (strstr(err, strerror(pulled[i])))
			return EXPORT_PULLED;
	return EXPORT_OTHER;
}

static void do_export(admin_shell *s, const job *j, reply *r)
{
	char err[1024] = "", path[PATH_MAX] = "";
	store *st = store_open_read_only(s->data_dir, err, sizeof err);
	exporting x = { s, NULL, 0, 0 };
	r->outcome = EXPORT_OTHER;
	if (!st) {
		copy(r->message, sizeof r->message, err);
		return;
	}
	if (store_each(st, measure, &x) < 0) {
		copy(r->message, sizeof r->message, store_error(st));
		store_close(st);
		return;
	}
	x.w = export_begin(j->path, NULL, wall_ms(), NULL, err, sizeof err);
	int rc = -1;
	if (x.w) {
		export_set_progress(x.w, progress, &x);
		int each = store_each(st, add_session, &x);
		diag_list warnings = { 0 };
		if (each == 0 && export_add_packs(x.w, s->data_dir, paths_share_dir(), &warnings) != 0) {
			export_abort(x.w);
		} else if (each == 0) {
			rc = export_finish(x.w, path, sizeof path);
		} else {
			if (each < 0)
				snprintf(err, sizeof err, "%s", store_error(st));
			export_abort(x.w);
		}
		for (int i = 0; rc == 0 && i < warnings.count; i++)
			fprintf(stderr, "prescreen: export: %s\n", warnings.lines[i]);
		diag_free(&warnings);
	}
	store_close(st);
	if (rc != 0) {
		r->outcome = classify(err);
		copy(r->message, sizeof r->message, err);
		return;
	}
	/* Safe to remove only once what is on the stick hashes as the manifest says. */
	int cached = drop_cache(path);
	bundle b;
	memset(&b, 0, sizeof b);
	diag_list d = { 0 };
	/* Warnings (a pack the export did not find) leave the bundle usable. */
	bool verified = cached == 0 && bundle_open(path, true, &b, &d) == 0 &&
	                b.session_files == x.count;
	if (!verified) {
		if (cached != 0)
			snprintf(r->message, sizeof r->message, "%.900s: %s", path, strerror(cached));
		else if (d.count > 0)
			copy(r->message, sizeof r->message, first_error(&d));
		else
			snprintf(r->message, sizeof r->message, "%.900s: %d session(s) on the stick, %d written",
			         path, b.session_files, x.count);
		diag_free(&d);
		discard(path);
		r->outcome = cached != 0 ? classify(r->message) : EXPORT_UNVERIFIED;
		if (r->outcome == EXPORT_OTHER)
			r->outcome = EXPORT_UNVERIFIED;
		return;
	}
	diag_free(&d);
	const char *slash = strrchr(path, '/');
	copy(r->message, sizeof r->message, slash ? slash + 1 : path);
	r->ok = true;
	r->outcome = EXPORT_OK;
	r->done = r->total = x.total > 0 ? x.total : 1;
	pthread_mutex_lock(&s->lock);
	copy(s->last_export, sizeof s->last_export, r->message);
	s->last_export_ms = wall_ms();
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
		do_status(s, j, r);
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
		do_pack(s, j, r);
		break;
	case JOB_EVENT:
		do_event(s, j, r);
		break;
	case JOB_EXPORT:
		do_export(s, j, r);
		/* What this thread copied and encoded of the candidates' sessions. */
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

static int64_t app_wall(app *a)
{
	return a->virtual_clock ? a->vwall_base + a->vmono : wall_ms();
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
	                 host_extra_time, host_leave, s };
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

static void export_done_here(admin_shell *s, const reply *r)
{
	const char *why;
	char text[1400];
	switch (r->outcome) {
	case EXPORT_OK:
		admin_export_progress(s->adm, r->total, r->total);
		host_audit(s, "export", r->message);
		admin_export_done(s->adm, true, r->message);
		return;
	case EXPORT_FULL:
		why = _("The stick is full. Free some space on it or use another stick.");
		host_audit(s, "export-failed", "the stick is full");
		break;
	case EXPORT_PULLED:
		why = _("The stick was removed or stopped working during the export. Put it back in or "
		        "use another stick.");
		host_audit(s, "export-failed", r->message);
		break;
	case EXPORT_UNVERIFIED:
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
		export_done_here(s, r);
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
