#include "writer.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "stats.h"
#include "wipe.h"

typedef enum { OP_SAVE, OP_ERASE, OP_SCRUB, OP_AUDIT, OP_LOCK, OP_SEAL_KEY } op_kind;

typedef struct op {
	op_kind kind;
	session_record s;                  /* OP_SAVE: the writer's own copy */
	char id[SESSION_ID_LEN + 1];       /* OP_ERASE */
	int64_t at;                        /* OP_AUDIT */
	char action[32], detail[512];
	audit_lock lock;                   /* OP_LOCK */
	bool has_key;                      /* OP_SEAL_KEY */
	unsigned char key[32];
	struct op *next;
} op;

struct writer {
	store *st;                         /* NULL when reopening it failed */
	char *data_dir;
	void (*notify)(void *ctx);
	void *ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work;               /* something queued, or stop */
	pthread_cond_t idle;               /* the queue ran empty */
	op *head, *tail;
	bool busy;                         /* an op is being written */
	bool stop;
	writer_result *results;
	int nresults, first_result, cap_results;
	bool failing;                      /* the last write failed: logged once */
	/* Erases the store refused: the flow has moved on, so the writer retries
	 * them itself before each later write until they succeed. */
	char refused_erase[8][SESSION_ID_LEN + 1];
	int nrefused;
	/* The key every save is sealed for, given again to a reopened store. */
	bool sealing;
	unsigned char seal_key[32];
};

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void op_free(op *o)
{
	if (!o)
		return;
	session_clear(&o->s);
	explicit_bzero(o, sizeof *o);
	free(o);
}

static void push_result(writer *w, const writer_result *r)
{
	if (w->first_result > 0 && w->first_result == w->nresults)
		w->first_result = w->nresults = 0;
	if (w->nresults == w->cap_results) {
		int cap = w->cap_results ? w->cap_results * 2 : 16;
		writer_result *v = realloc(w->results, (size_t)cap * sizeof *v);
		if (!v)
			return;   /* the outcome is lost; the flow saves again on its next change */
		w->results = v;
		w->cap_results = cap;
	}
	w->results[w->nresults++] = *r;
}

/* One line when saving starts failing and one when it works again, not one per try. */
static void note_outcome(writer *w, bool ok, const char *what)
{
	if (!ok && !w->failing)
		fprintf(stderr, "prescreen: %s failed, retrying: %s\n", what, store_error(w->st));
	else if (ok && w->failing)
		fprintf(stderr, "prescreen: saving works again\n");
	w->failing = !ok;
}

/* A store (re)opened by this thread seals as the last key said. */
static void give_key(writer *w)
{
	if (w->st && store_set_seal_key(w->st, w->sealing ? w->seal_key : NULL) != 0) {
		fprintf(stderr, "prescreen: sealing the stored sessions failed: %s\n",
		        store_error(w->st));
		/* Unsealed saves must not follow: without the key, no store. */
		store_close(w->st);
		w->st = NULL;
		w->failing = true;
	}
}

/*
 * The checkpoint leaves only the current version of each session on disk;
 * closing the connection hands everything SQLite held (page cache, the
 * scratch page it builds cells in, statements' registers) to the wiping
 * free(); the reopened connection's read of the file is released again.
 */
static void scrub(writer *w)
{
	if (w->st && store_scrub(w->st) != 0)
		fprintf(stderr, "prescreen: clearing the store between candidates failed: %s\n",
		        store_error(w->st));
	store_close(w->st);
	char err[1024];
	w->st = store_open(w->data_dir, err, sizeof err);
	if (!w->st) {
		fprintf(stderr, "%s\n", err);
		w->failing = true;
	} else {
		give_key(w);
		if (w->st)
			store_scrub(w->st);
	}
	/* What this thread copied, bound and encoded for the candidate. */
	wipe_stack();
}

/* A store that could not be reopened is tried again before each write. */
static bool have_store(writer *w)
{
	if (w->st)
		return true;
	char err[1024];
	w->st = store_open(w->data_dir, err, sizeof err);
	give_key(w);
	if (w->st && w->failing) {
		fprintf(stderr, "prescreen: saving works again\n");
		w->failing = false;
	}
	return w->st != NULL;
}

static void retry_erases(writer *w)
{
	while (w->nrefused > 0 && w->st) {
		const char *id = w->refused_erase[w->nrefused - 1];
		bool ok = store_delete(w->st, id) == 0;
		note_outcome(w, ok, "deleting a session");
		if (!ok)
			return;
		explicit_bzero(w->refused_erase[--w->nrefused], SESSION_ID_LEN + 1);
	}
}

static void run_op(writer *w, op *o, writer_result *r)
{
	memset(r, 0, sizeof *r);
	if (have_store(w))
		retry_erases(w);
	if ((o->kind == OP_SAVE || o->kind == OP_ERASE) && !w->st) {
		r->erase = o->kind == OP_ERASE;
		snprintf(r->id, sizeof r->id, "%s", o->kind == OP_ERASE ? o->id : o->s.id);
		r->rev = o->s.revision;
		return;   /* ok = false: the flow tries again; the failure was logged */
	}
	switch (o->kind) {
	case OP_SAVE: {
		int64_t t0 = now_us();
		r->ok = store_put(w->st, &o->s) == 0;
		stats_add(STATS_COMMIT, now_us() - t0);
		snprintf(r->id, sizeof r->id, "%s", o->s.id);
		r->rev = o->s.revision;
		note_outcome(w, r->ok, "saving");
		break;
	}
	case OP_ERASE:
		r->erase = true;
		snprintf(r->id, sizeof r->id, "%s", o->id);
		r->ok = store_delete(w->st, o->id) == 0;
		note_outcome(w, r->ok, "deleting a session");
		if (!r->ok && w->nrefused < (int)(sizeof w->refused_erase / sizeof w->refused_erase[0]))
			snprintf(w->refused_erase[w->nrefused++], SESSION_ID_LEN + 1, "%s", o->id);
		break;
	case OP_SCRUB:
		scrub(w);
		break;
	case OP_AUDIT:
		if (!w->st || audit_add(w->st, o->at, o->action, o->detail) != 0)
			fprintf(stderr, "prescreen: the audit trail lost \"%s\": %s\n", o->action,
			        w->st ? store_error(w->st) : "no store");
		break;
	case OP_LOCK:
		if (!w->st || audit_lock_put(w->st, &o->lock) != 0)
			fprintf(stderr, "prescreen: the PIN lock was not saved: %s\n",
			        w->st ? store_error(w->st) : "no store");
		break;
	case OP_SEAL_KEY:
		w->sealing = o->has_key;
		memcpy(w->seal_key, o->key, sizeof w->seal_key);
		give_key(w);
		break;
	}
}

static void *writer_main(void *arg)
{
	writer *w = arg;
	/*
	 * Background work: when the CPUs are busy the drawing thread goes first
	 * (a commit's CPU time is what it would otherwise wait for). Neither
	 * real-time scheduling inherited from a benchmark's chrt nor the same
	 * nice value as the drawing thread.
	 */
	struct sched_param sp = { 0 };
	pthread_setschedparam(pthread_self(), SCHED_OTHER, &sp);
	setpriority(PRIO_PROCESS, 0, getpriority(PRIO_PROCESS, 0) + 5);
	pthread_mutex_lock(&w->lock);
	for (;;) {
		if (!w->head) {
			pthread_cond_broadcast(&w->idle);
			if (w->stop)
				break;
			pthread_cond_wait(&w->work, &w->lock);
			continue;
		}
		op *o = w->head;
		w->head = o->next;
		if (!w->head)
			w->tail = NULL;
		w->busy = true;
		pthread_mutex_unlock(&w->lock);

		writer_result r;
		run_op(w, o, &r);
		op_free(o);

		pthread_mutex_lock(&w->lock);
		w->busy = false;
		if (r.erase || r.id[0])
			push_result(w, &r);
		pthread_mutex_unlock(&w->lock);
		if (w->notify && (r.erase || r.id[0]))
			w->notify(w->ctx);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

writer *writer_start(store *st, const char *data_dir, void (*notify)(void *ctx), void *ctx)
{
	writer *w = calloc(1, sizeof *w);
	if (!w || !(w->data_dir = strdup(data_dir))) {
		free(w);
		return NULL;
	}
	w->st = st;
	w->notify = notify;
	w->ctx = ctx;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->idle, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		pthread_cond_destroy(&w->idle);
		pthread_cond_destroy(&w->work);
		pthread_mutex_destroy(&w->lock);
		free(w->data_dir);
		free(w);
		return NULL;
	}
	return w;
}

static void enqueue(writer *w, op *o)
{
	o->next = NULL;
	if (w->tail)
		w->tail->next = o;
	else
		w->head = o;
	w->tail = o;
	pthread_cond_signal(&w->work);
}

int writer_save(writer *w, const session_record *s)
{
	/* Copied outside the lock: the writer may hold it for a whole commit's wait. */
	op *o = calloc(1, sizeof *o);
	if (!o)
		return -1;
	o->kind = OP_SAVE;
	session_init(&o->s);
	if (session_copy(&o->s, s) != 0) {
		op_free(o);
		return -1;
	}
	pthread_mutex_lock(&w->lock);
	for (op *q = w->head; q; q = q->next) {
		if (q->kind == OP_SAVE && strcmp(q->s.id, s->id) == 0) {
			/* The newer whole session takes the older one's place in the queue. */
			session_record older = q->s;
			q->s = o->s;
			o->s = older;
			pthread_mutex_unlock(&w->lock);
			op_free(o);
			return 0;
		}
	}
	enqueue(w, o);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

int writer_erase(writer *w, const char *session_id)
{
	op *o = calloc(1, sizeof *o);
	if (!o)
		return -1;
	o->kind = OP_ERASE;
	session_init(&o->s);
	snprintf(o->id, sizeof o->id, "%s", session_id);
	op *dropped = NULL;
	pthread_mutex_lock(&w->lock);
	/* A save of this session still waiting would bring it back after the erase. */
	op **link = &w->head, *prev = NULL;
	while (*link) {
		op *q = *link;
		if (q->kind == OP_SAVE && strcmp(q->s.id, session_id) == 0) {
			*link = q->next;
			if (w->tail == q)
				w->tail = prev;
			q->next = dropped;
			dropped = q;
		} else {
			prev = q;
			link = &q->next;
		}
	}
	enqueue(w, o);
	pthread_mutex_unlock(&w->lock);
	while (dropped) {
		op *next = dropped->next;
		op_free(dropped);
		dropped = next;
	}
	return 0;
}

void writer_scrub(writer *w)
{
	pthread_mutex_lock(&w->lock);
	if (!w->tail || w->tail->kind != OP_SCRUB) {
		op *o = calloc(1, sizeof *o);
		if (o) {
			o->kind = OP_SCRUB;
			session_init(&o->s);
			enqueue(w, o);
		}
	}
	pthread_mutex_unlock(&w->lock);
}

int writer_audit(writer *w, int64_t wall_ms, const char *action, const char *detail)
{
	op *o = calloc(1, sizeof *o);
	if (!o)
		return -1;
	o->kind = OP_AUDIT;
	session_init(&o->s);
	o->at = wall_ms;
	snprintf(o->action, sizeof o->action, "%s", action);
	snprintf(o->detail, sizeof o->detail, "%s", detail ? detail : "");
	pthread_mutex_lock(&w->lock);
	enqueue(w, o);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

int writer_lock_put(writer *w, const audit_lock *l)
{
	op *o = calloc(1, sizeof *o);
	if (!o)
		return -1;
	o->kind = OP_LOCK;
	session_init(&o->s);
	o->lock = *l;
	pthread_mutex_lock(&w->lock);
	enqueue(w, o);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

int writer_seal_key(writer *w, const unsigned char *pk)
{
	op *o = calloc(1, sizeof *o);
	if (!o)
		return -1;
	o->kind = OP_SEAL_KEY;
	session_init(&o->s);
	o->has_key = pk != NULL;
	if (pk)
		memcpy(o->key, pk, sizeof o->key);
	pthread_mutex_lock(&w->lock);
	enqueue(w, o);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

void writer_drain(writer *w)
{
	pthread_mutex_lock(&w->lock);
	while (w->head || w->busy)
		pthread_cond_wait(&w->idle, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

bool writer_pending(writer *w)
{
	pthread_mutex_lock(&w->lock);
	bool pending = w->head || w->busy || w->first_result < w->nresults;
	pthread_mutex_unlock(&w->lock);
	return pending;
}

bool writer_next_result(writer *w, writer_result *out)
{
	bool got = false;
	pthread_mutex_lock(&w->lock);
	if (w->first_result < w->nresults) {
		*out = w->results[w->first_result++];
		got = true;
	}
	pthread_mutex_unlock(&w->lock);
	return got;
}

store *writer_stop(writer *w)
{
	if (!w)
		return NULL;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	retry_erases(w);   /* a last try for a refused erase */
	pthread_cond_destroy(&w->idle);
	pthread_cond_destroy(&w->work);
	pthread_mutex_destroy(&w->lock);
	store *st = w->st;
	free(w->results);
	free(w->data_dir);
	free(w);
	return st;
}
