/*
 * flow_fixture.h — what the flow's tests share: a virtual clock, a sink that
 * records every save (a deep copy of the last), can refuse saves or queue
 * them as a writer thread would, and records erases; the bundled pack with
 * its default event.
 */
#ifndef PRESCREEN_FLOW_FIXTURE_H
#define PRESCREEN_FLOW_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "flow.h"

#define FIXTURE_MAX_ATTEMPTS 4096

typedef struct {
	int64_t mono;
	int64_t wall_base;
	int saves;                /* saves that reached "disk" */
	int attempts;             /* every call of save, refused or not */
	int64_t attempt_mono[FIXTURE_MAX_ATTEMPTS];
	int fail_saves;           /* the next N saves fail */
	bool queue;               /* saves are queued: the test reports them */
	int64_t queued_rev;       /* the last queued revision */
	int64_t last_rev;
	session_record last;      /* a deep copy of the last saved (or queued) session */
	int64_t last_save_mono;
	int erases;
	int fail_erases;
	char erased[SESSION_ID_LEN + 1];
} fixture;

static pack bundled;
static event_config ev;

static inline int64_t fx_mono(void *ctx) { return ((fixture *)ctx)->mono; }
static inline int64_t fx_wall(void *ctx) { fixture *f = ctx; return f->wall_base + f->mono; }
static inline void fx_rnd(void *ctx, void *buf, int len) { (void)ctx; memset(buf, 0x5A, (size_t)len); }

static inline int fx_save(void *ctx, const session_record *s)
{
	fixture *f = ctx;
	if (f->attempts < FIXTURE_MAX_ATTEMPTS)
		f->attempt_mono[f->attempts] = f->mono;
	f->attempts++;
	if (f->fail_saves > 0) {
		f->fail_saves--;
		return FLOW_SAVE_FAILED;
	}
	assert_true(s->revision > f->last_rev);   /* every save a new revision */
	f->last_rev = s->revision;
	assert_int_equal(session_copy(&f->last, s), 0);
	f->last_save_mono = f->mono;
	if (f->queue) {
		f->queued_rev = s->revision;
		return FLOW_SAVE_QUEUED;
	}
	f->saves++;
	return FLOW_SAVE_DONE;
}

static inline int fx_erase(void *ctx, const char *id)
{
	fixture *f = ctx;
	f->erases++;
	if (f->fail_erases > 0) {
		f->fail_erases--;
		return FLOW_SAVE_FAILED;
	}
	snprintf(f->erased, sizeof f->erased, "%s", id);
	return FLOW_SAVE_DONE;
}

static inline flow *start_with(fixture *fx, const event_config *e)
{
	memset(fx, 0, sizeof *fx);
	session_init(&fx->last);
	fx->wall_base = 1764410525000;   /* 2025-11-29T10:02:05Z */
	flow_clock clk = { fx_mono, fx_wall, fx_rnd, fx };
	flow_sink sink = { fx_save, fx_erase, fx };
	return flow_new(e, &bundled, clk, sink, NULL, NULL);
}

static inline flow *start(fixture *fx)
{
	return start_with(fx, &ev);
}

static inline void finish(flow *f, fixture *fx)
{
	flow_free(f);
	session_clear(&fx->last);
}

/* Moves the clock on, ticking at every deadline the flow names on the way. */
static inline void advance(flow *f, fixture *fx, int64_t ms)
{
	int64_t target = fx->mono + ms;
	while (fx->mono < target) {
		int64_t d = flow_next_deadline(f);
		fx->mono = d < target && d > fx->mono ? d : target;
		flow_tick(f);
	}
}

static inline flow_view view(flow *f)
{
	flow_view v;
	flow_view_get(f, &v);
	return v;
}

static inline flow_screen screen(flow *f)
{
	return view(f).screen;
}

/* Past the double-tap guard of what has just appeared. */
static inline void settle(flow *f, fixture *fx)
{
	advance(f, fx, FLOW_NEXT_GUARD_MS);
}

/* attract -> language -> consent -> identity, with a name typed. */
static inline void to_identity(flow *f, fixture *fx)
{
	flow_touch(f);
	assert_int_equal(screen(f), SCREEN_LANGUAGE);
	assert_true(flow_press(f, "lang:de"));
	assert_int_equal(screen(f), SCREEN_CONSENT);
	advance(f, fx, 2000);
	assert_true(flow_press(f, "agree"));
	assert_int_equal(screen(f), SCREEN_IDENTITY);
}

static inline void to_first_question(flow *f, fixture *fx)
{
	to_identity(f, fx);
	flow_text(f, "Jürgen Groß");
	flow_press(f, "field:email");
	flow_text(f, "jg@example.org");
	settle(f, fx);
	assert_true(flow_press(f, "next"));
	assert_int_equal(screen(f), SCREEN_QUESTION);
}

static inline int fixture_setup(void **state)
{
	(void)state;
	diag_list d = { 0 };
	int rc = pack_load(TEST_SOURCE_DIR "/questions/backend-developer", &bundled, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (rc != 0)
		return -1;
	event_defaults(&ev, &bundled);
	return 0;
}

static inline int fixture_teardown(void **state)
{
	(void)state;
	pack_free(&bundled);
	return 0;
}

#endif
