#include "admin_host_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#include "event_save.h"
#include "writer.h"

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

void admin_job_status(admin_shell *s, const job *j, reply *r)
{
	char err[1024];
	r->status.free_bytes = -1;
	struct statvfs v;
	if (statvfs(s->data_dir, &v) == 0)
		r->status.free_bytes = (long long)v.f_bavail * (long long)v.f_frsize;
	store *st = store_open_read_only(s->data_dir, err, sizeof err);
	if (!st) {
		admin_copy(r->message, sizeof r->message, err);
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
		admin_copy(r->message, sizeof r->message, store_error(st));
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

void admin_job_pack(admin_shell *s, const job *j, reply *r)
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

void admin_job_event(admin_shell *s, const job *j, reply *r)
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
		admin_copy(r->message, sizeof r->message, err);
		return;
	}
	if (event_save_current(s->data_dir, &j->ev, err, sizeof err) != 0) {
		admin_copy(r->message, sizeof r->message, err);
		return;
	}
	if (event_current_path(s->data_dir, r->event_path, sizeof r->event_path) != 0) {
		snprintf(r->message, sizeof r->message, "%.900s/events: the saved event is not current",
		         s->data_dir);
		return;
	}
	admin_copy(r->message, sizeof r->message, j->ev.id);
	r->ok = true;
}

static void export_progress(void *ctx, long long done, long long total)
{
	admin_shell *s = ctx;
	pthread_mutex_lock(&s->lock);
	s->progress_done = done;
	s->progress_total = total;
	s->progress_new = true;
	pthread_mutex_unlock(&s->lock);
}

void admin_job_export(admin_shell *s, const job *j, reply *r)
{
	bool erase = j->kind == JOB_EXPORT_ERASE;
	/*
	 * What the last candidate's saves still queue reaches the store first:
	 * an erase by id after the export must not take a revision it never saw.
	 * This thread waits, never the drawing one.
	 */
	if (erase)
		writer_drain(s->a->writer);
	r->outcome = stick_export(s->data_dir, j->path, admin_wall_ms(), export_progress, s, r->message,
	                          sizeof r->message, &r->total, erase ? &r->ids : NULL);
	r->ok = r->outcome == STICK_OK;
	if (!r->ok)
		return;
	r->done = r->total;
	pthread_mutex_lock(&s->lock);
	admin_copy(s->last_export, sizeof s->last_export, r->message);
	s->last_export_ms = admin_wall_ms();
	pthread_mutex_unlock(&s->lock);
}

void admin_job_receipt(admin_shell *s, const job *j, reply *r)
{
	char err[1024];
	store *st = store_open_read_only(s->data_dir, err, sizeof err);
	r->found_rc = -1;
	if (!st) {
		admin_copy(r->message, sizeof r->message, err);
		return;
	}
	char id[SESSION_ID_LEN + 1] = "";
	r->found_rc = store_find_receipt(st, j->code, id);
	if (r->found_rc == 0) {
		session_record rec;
		memset(&rec, 0, sizeof rec);
		int got = store_load(st, id, &rec);
		if (got == 0) {
			/* Only what staff are shown: nothing the candidate typed leaves here. */
			snprintf(r->found.id, sizeof r->found.id, "%s", rec.id);
			r->found.started_at = rec.started_at;
			snprintf(r->found.language, sizeof r->found.language, "%s", rec.language);
			r->found.status = rec.status;
		} else {
			r->found_rc = got > 0 ? 1 : -1;
		}
		session_clear(&rec);
	}
	if (r->found_rc < 0)
		admin_copy(r->message, sizeof r->message, store_error(st));
	store_close(st);
	r->ok = r->found_rc >= 0;
}
