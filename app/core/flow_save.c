/*
 * flow_save.c — the session on its way to the store. Every save carries a
 * new revision. At a commit point (consent, identity, an answer, the end)
 * the flow records what it will do next and does it only once the store has
 * that revision or a later one: the sink may write on another thread and
 * report through flow_saved(). A refused write is retried after 1 s, 2 s,
 * 4 s ... at most 30 s apart, never on every tick, and staff see a notice
 * until a write succeeds again.
 */
#include <stdio.h>
#include <string.h>

#include "flow_internal.h"

static void backoff(flow *f, flow_retry *r)
{
	r->ms = r->ms == 0 ? FLOW_RETRY_FIRST_MS : r->ms * 2;
	if (r->ms > FLOW_RETRY_MAX_MS)
		r->ms = FLOW_RETRY_MAX_MS;
	r->at = now_mono(f) + r->ms;
}

static void refused(flow *f, int64_t rev)
{
	f->failed_rev = rev;
	f->notice = NOTICE_SAVE_FAILED;
	backoff(f, &f->retry);
	flow_changed(f);
}

static void send(flow *f)
{
	int64_t rev = ++f->rev;

	f->session.revision = rev;
	f->dirty = false;
	int rc = f->sink.save(f->sink.ctx, &f->session);
	if (rc == FLOW_SAVE_QUEUED)
		return;
	flow_saved(f, rev, rc == FLOW_SAVE_DONE);
}

void flow_saved(flow *f, int64_t rev, bool ok)
{
	if (rev <= f->first_rev || rev > f->rev)
		return;   /* an earlier candidate's save, or none of ours */
	if (!ok) {
		/* A later save is under way and carries everything this one did. */
		if (rev < f->rev)
			return;
		refused(f, rev);
		return;
	}
	if (rev > f->saved_rev)
		f->saved_rev = rev;
	if (f->retry.ms != 0 && rev > f->failed_rev) {
		f->retry.ms = 0;
		if (f->notice == NOTICE_SAVE_FAILED && f->erase_id[0] == '\0')
			f->notice = NOTICE_NONE;
		flow_changed(f);
	}
	if (f->pending != ACT_NONE && f->saved_rev >= f->pending_rev) {
		flow_action act = f->pending;
		f->pending = ACT_NONE;
		flow_changed(f);
		flow_perform(f, act);
	}
}

void flow_save(flow *f)
{
	/* While a refusal is outstanding its retry carries this too. */
	if (f->retry.ms != 0) {
		f->dirty = true;
		return;
	}
	send(f);
}

void flow_commit(flow *f, flow_action act)
{
	f->pending = act;
	f->pending_rev = f->rev + 1;
	flow_changed(f);
	/*
	 * A candidate waits on this one: if it is refused too, its retries start
	 * again from the first step rather than where the autosaves' had grown to.
	 */
	if (f->retry.ms != 0)
		f->retry.ms = FLOW_RETRY_FIRST_MS / 2;
	send(f);
}

static void erase(flow *f)
{
	int rc = f->sink.erase(f->sink.ctx, f->erase_id);

	if (rc == FLOW_SAVE_FAILED) {
		f->notice = NOTICE_SAVE_FAILED;
		backoff(f, &f->erase_retry);
	} else {
		/* Queued erases are ordered after the saves before them. */
		explicit_bzero(f->erase_id, sizeof f->erase_id);
		f->erase_retry.ms = 0;
		if (f->notice == NOTICE_SAVE_FAILED && f->retry.ms == 0)
			f->notice = NOTICE_NONE;
	}
	flow_changed(f);
}

void flow_erase_stored(flow *f)
{
	if (!f->stored || f->sink.erase == NULL)
		return;
	snprintf(f->erase_id, sizeof f->erase_id, "%s", f->session.id);
	f->erase_retry.ms = 0;
	erase(f);
}

void flow_save_tick(flow *f)
{
	int64_t now = now_mono(f);

	if (f->erase_id[0] != '\0' && now >= f->erase_retry.at)
		erase(f);
	if (f->retry.ms == 0 || now < f->retry.at)
		return;
	/* A commit waiting for the disk is resent as it was committed. */
	if (!flow_held(f))
		flow_sync(f);
	f->retry.at = FLOW_NO_DEADLINE;   /* send() sets the next one if refused again */
	send(f);
}

void flow_save_forget(flow *f)
{
	f->first_rev = f->rev;
	f->saved_rev = f->rev;
	f->pending = ACT_NONE;
	f->failed_rev = 0;
	f->retry.ms = 0;
	f->dirty = false;
}

int64_t flow_save_deadline(const flow *f)
{
	int64_t d = FLOW_NO_DEADLINE;

	if (f->retry.ms != 0 && f->retry.at < d)
		d = f->retry.at;
	if (f->erase_id[0] != '\0' && f->erase_retry.at < d)
		d = f->erase_retry.at;
	return d;
}
