/*
 * review_headless.c — the review window driven by a script (SPEC §13) on
 * SDL's dummy video driver, with a virtual clock that only `wait` moves.
 * Screens a script can expect: "answer", "note" (a note open),
 * "calibration" (a sample), "empty".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "review_app.h"
#include "script.h"

static const char *screen_name(rwin *w)
{
	review_view v;
	review_flow_view(w->flow, &v);
	if (v.note_open)
		return "note";
	if (v.kind == REVIEW_ITEM_SAMPLE)
		return "calibration";
	if (v.kind == REVIEW_ITEM_ANSWER)
		return "answer";
	return "empty";
}

/* Advances the virtual clock, stopping at every deadline the flow has. */
static void advance(rwin *w, int64_t ms)
{
	int64_t target = w->vmono + ms, from = w->vmono;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (w->vmono < target) {
		int64_t next = review_flow_next_deadline(w->flow);
		w->vmono = next > w->vmono && next < target ? next : target;
		if (w->opt.realtime) {
			/* Virtual time and real time together (kill tests). */
			int64_t real = (int64_t)start.tv_sec * 1000 + start.tv_nsec / 1000000 +
			               (w->vmono - from);
			struct timespec at = { real / 1000, (real % 1000) * 1000000 };
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR)
				;
		}
		review_flow_tick(w->flow);
	}
}

static void list_controls(rwin *w, FILE *to)
{
	review_view v;
	review_flow_view(w->flow, &v);
	fprintf(to, "screen %s\n", screen_name(w));
	if (v.kind == REVIEW_ITEM_ANSWER)
		fprintf(to, "candidate %s\n", v.revealed ? v.name : v.code);
	ui_print_controls(w->frame, to);
}

static int shot(rwin *w, const script *s, const script_cmd *c)
{
	if (!w->opt.shots_dir)
		return 0;
	char err[1200];
	if (render_save_png(w->window, w->opt.shots_dir, c->arg, err, sizeof err) != 0) {
		fprintf(stderr, "%s:%d: %s\n", s->path, c->line, err);
		return -1;
	}
	return 0;
}

static int run_cmd(rwin *w, const script *s, const script_cmd *c)
{
	SDL_Event e;
	switch (c->kind) {
	case SCRIPT_PRESS: {
		const ui_control *ctl = ui_find(w->frame, c->arg);
		if (!ctl) {
			fprintf(stderr, "%s:%d: no control '%s' on the %s screen\n", s->path, c->line,
			        c->arg, screen_name(w));
			list_controls(w, stderr);
			return -1;
		}
		rwin_tap(w, ctl->rect.x + ctl->rect.w / 2, ctl->rect.y + ctl->rect.h / 2);
		return 0;
	}
	case SCRIPT_TEXT:
		rwin_text(w, c->arg);
		return 0;
	case SCRIPT_COMPOSE:
		review_flow_compose(w->flow, c->arg);
		return 0;
	case SCRIPT_KEY:
		if (input_key_from_name(c->arg, &e) != 0) {
			fprintf(stderr, "%s:%d: unknown key '%s' (SDL key names: Return, Escape, "
			        "Page Down, Tab, 1, n, Ctrl+Return, ...)\n", s->path, c->line, c->arg);
			return -1;
		}
		rwin_key(w, e.key.keysym.sym, e.key.keysym.mod);
		return 0;
	case SCRIPT_WAIT:
		advance(w, c->ms);
		return 0;
	case SCRIPT_SHOT:
		return shot(w, s, c);
	case SCRIPT_EXPECT_TEXT:
		if (!ui_has_text(w->frame, c->arg)) {
			fprintf(stderr, "%s:%d: no line on screen contains \"%s\"; the screen shows:\n",
			        s->path, c->line, c->arg);
			ui_print_texts(w->frame, stderr);
			return -1;
		}
		return 0;
	case SCRIPT_EXPECT_SCREEN:
		if (strcmp(screen_name(w), c->arg) != 0) {
			fprintf(stderr, "%s:%d: expected screen '%s', showing '%s'\n", s->path, c->line,
			        c->arg, screen_name(w));
			return -1;
		}
		return 0;
	}
	return 0;
}

static int host_run(void *ctx, const script *s, const script_cmd *c)
{
	return run_cmd(ctx, s, c);
}

static void host_after(void *ctx)
{
	rwin *w = ctx;
	review_flow_tick(w->flow);
}

static void host_frame(void *ctx)
{
	rwin_frame(ctx);
}

static bool host_stopped(void *ctx)
{
	rwin *w = ctx;
	return w->quit;
}

int rwin_headless(rwin *w)
{
	script_host h = { w, host_run, host_after, host_frame, host_stopped };
	int status = script_drive(w->opt.script_path, w->opt.trace_path, &h);
	if (w->opt.list_controls)
		list_controls(w, stdout);
	return status;
}
