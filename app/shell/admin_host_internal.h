/*
 * admin_host_internal.h — private to admin_host.c and admin_jobs.c: the jobs
 * the drawing thread queues for admin mode's worker, the replies it hands
 * back, and the shell's state shared between the two threads (under lock).
 */
#ifndef PRESCREEN_ADMIN_HOST_INTERNAL_H
#define PRESCREEN_ADMIN_HOST_INTERNAL_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "admin.h"
#include "admin_export.h"
#include "app.h"
#include "pack_install.h"
#include "pin.h"

typedef enum {
	JOB_PIN, JOB_STATUS, JOB_MEDIA, JOB_PACK, JOB_EVENT, JOB_EXPORT,
	JOB_EXPORT_ERASE,              /* the export, keeping the ids of the sessions in it */
	JOB_RECEIPT,                   /* which session a receipt code names */
} job_kind;

typedef struct job {
	job_kind kind;
	char hash[PIN_HASH_MAX * 2];
	char pin[PIN_MAX_DIGITS + 8];
	char path[PATH_MAX];
	char event_id[SESSION_SHORT];
	char code[RECEIPT_LEN + 1];
	event_config ev;
	struct job *next;
} job;

typedef struct reply {
	job_kind kind;
	bool ok;
	char message[1024];            /* English: a problem line, or a folder */
	stick_outcome outcome;         /* exports: told to staff in their language */
	admin_status status;
	admin_place targets[ADMIN_MAX_PLACES], packs[ADMIN_MAX_PLACES];
	int ntargets, npacks;
	pack_installed installed;
	char event_path[PATH_MAX];
	long long done, total;
	stick_ids ids;                 /* JOB_EXPORT_ERASE, verified: the sessions to erase */
	int found_rc;                  /* JOB_RECEIPT: as store_find_receipt */
	admin_found found;
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

int64_t admin_wall_ms(void);
/* Cut to fit, as snprintf would, without its truncation warning. */
void admin_copy(char *dst, size_t size, const char *src);

/* The worker's jobs (admin_jobs.c): each fills its reply. */
void admin_job_status(admin_shell *s, const job *j, reply *r);
void admin_job_pack(admin_shell *s, const job *j, reply *r);
void admin_job_event(admin_shell *s, const job *j, reply *r);
void admin_job_export(admin_shell *s, const job *j, reply *r);
void admin_job_receipt(admin_shell *s, const job *j, reply *r);

#endif
