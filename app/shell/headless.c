/*
 * headless.c — runs a script (SPEC §13) against the real kiosk on SDL's dummy
 * video driver, with a virtual clock that only `wait` moves.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "script.h"

/* Advances the virtual clock, stopping at every deadline the flow has. */
static void advance(app *a, int64_t ms)
{
	int64_t target = a->vmono + ms;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!app_stop) {
		int64_t next = flow_next_deadline(a->flow);
		if (next > target)
			next = target;
		if (next > a->vmono)
			a->vmono = next;
		if (a->opt.realtime) {
			/* Keep virtual time and real time together (kill tests). */
			int64_t real = (int64_t)(start.tv_sec * 1000 + start.tv_nsec / 1000000) +
			               (a->vmono - (target - ms));
			struct timespec at = { real / 1000, (real % 1000) * 1000000 };
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR)
				;
		}
		flow_tick(a->flow);
		/* Saves that fell due are on disk before virtual time moves on. */
		app_settle(a);
		if (a->vmono >= target)
			break;
	}
}

static void list_controls(app *a, FILE *to)
{
	flow_view v;
	flow_view_get(a->flow, &v);
	fprintf(to, "screen %s%s\n", flow_screen_name(v.screen), v.idle_prompt ? " (idle prompt)" : "");
	ui_print_controls(a->frame, to);
}

static int shot(app *a, const script *s, const script_cmd *c)
{
	if (!a->opt.shots_dir)
		return 0;   /* screenshots only when a folder was given */
	char err[1200];
	if (render_save_png(a->window, a->opt.shots_dir, c->arg, err, sizeof err) != 0) {
		fprintf(stderr, "%s:%d: %s\n", s->path, c->line, err);
		return -1;
	}
	return 0;
}

static bool screen_is(app *a, const char *name)
{
	flow_view v;
	flow_view_get(a->flow, &v);
	if (strcmp(name, "idle") == 0)
		return v.idle_prompt;
	return !v.idle_prompt && strcmp(flow_screen_name(v.screen), name) == 0;
}

static int run_cmd(app *a, const script *s, const script_cmd *c)
{
	SDL_Event e;
	switch (c->kind) {
	case SCRIPT_PRESS: {
		const ui_control *ctl = ui_find(a->frame, c->arg);
		if (!ctl) {
			flow_view v;
			flow_view_get(a->flow, &v);
			fprintf(stderr, "%s:%d: no control '%s' on the %s screen%s\n", s->path, c->line,
			        c->arg, flow_screen_name(v.screen), v.idle_prompt ? " (idle prompt)" : "");
			list_controls(a, stderr);
			return -1;
		}
		input_tap(a, ctl->rect.x + ctl->rect.w / 2, ctl->rect.y + ctl->rect.h / 2);
		return 0;
	}
	case SCRIPT_TEXT:
		input_text(a, c->arg);
		return 0;
	case SCRIPT_COMPOSE:
		input_compose(a, c->arg);
		return 0;
	case SCRIPT_KEY:
		if (input_key_from_name(c->arg, &e) != 0) {
			fprintf(stderr, "%s:%d: unknown key '%s' (SDL key names: Return, Backspace, "
			        "Left, Ctrl+Left, ...)\n", s->path, c->line, c->arg);
			return -1;
		}
		input_event(a, &e);
		return 0;
	case SCRIPT_WAIT:
		advance(a, c->ms);
		return 0;
	case SCRIPT_SHOT:
		return shot(a, s, c);
	case SCRIPT_EXPECT_TEXT:
		if (!ui_has_text(a->frame, c->arg)) {
			fprintf(stderr, "%s:%d: no line on screen contains \"%s\"; the screen shows:\n",
			        s->path, c->line, c->arg);
			ui_print_texts(a->frame, stderr);
			return -1;
		}
		return 0;
	case SCRIPT_EXPECT_SCREEN:
		if (!screen_is(a, c->arg)) {
			flow_view v;
			flow_view_get(a->flow, &v);
			fprintf(stderr, "%s:%d: expected screen '%s', showing '%s'%s\n", s->path, c->line,
			        c->arg, flow_screen_name(v.screen), v.idle_prompt ? " (idle prompt)" : "");
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
	app *a = ctx;
	flow_tick(a->flow);
	/*
	 * Each command's saves are written before the next command, so a
	 * script sees what it would see on a disk that never keeps it waiting.
	 */
	app_settle(a);
}

static void host_frame(void *ctx)
{
	app_frame(ctx);
}

static bool host_stopped(void *ctx)
{
	(void)ctx;
	return app_stop;
}

int headless_run(app *a)
{
	script_host h = { a, host_run, host_after, host_frame, host_stopped };
	int status = script_drive(a->opt.script_path, a->opt.trace_path, &h);
	if (a->opt.list_controls)
		list_controls(a, stdout);
	return status;
}
