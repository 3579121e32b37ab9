/*
 * headless.c — runs a script (SPEC §13) against the real kiosk on SDL's dummy
 * video driver, with a virtual clock that only `wait` moves.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "app.h"
#include "script.h"

static admin *open_admin(app *a)
{
	admin *adm = admin_shell_admin(a->admin);
	return admin_is_open(adm) ? adm : NULL;
}

/* The screen as expect-screen names it: admin mode's while it is open. */
static const char *screen_name(app *a, bool *idle)
{
	admin *adm = open_admin(a);
	flow_view v;
	flow_view_get(a->flow, &v);
	*idle = !adm && v.idle_prompt;
	return adm ? admin_screen_name(admin_current(adm)) : flow_screen_name(v.screen);
}

/* What admin mode asked of its worker is answered before the script goes on. */
static void settle(app *a)
{
	admin_tick(admin_shell_admin(a->admin));
	admin_shell_settle(a->admin);
	app_settle(a);
}

/* Advances the virtual clock, stopping at every deadline the flow has. */
static void advance(app *a, int64_t ms)
{
	int64_t target = a->vmono + ms;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!app_stop) {
		int64_t next = flow_next_deadline(a->flow);
		int64_t lock = admin_next_deadline(admin_shell_admin(a->admin));
		if (lock != FLOW_NO_DEADLINE && lock < next)
			next = lock;
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
		settle(a);
		if (a->vmono >= target)
			break;
	}
}

static void list_controls(app *a, FILE *to)
{
	bool idle;
	const char *name = screen_name(a, &idle);
	fprintf(to, "screen %s%s\n", name, idle ? " (idle prompt)" : "");
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
	bool idle;
	const char *showing = screen_name(a, &idle);
	if (strcmp(name, "idle") == 0)
		return idle;
	return !idle && strcmp(showing, name) == 0;
}

static int run_cmd(app *a, const script *s, const script_cmd *c)
{
	SDL_Event e;
	switch (c->kind) {
	case SCRIPT_PRESS: {
		const ui_control *ctl = ui_find(a->frame, c->arg);
		if (!ctl) {
			bool idle;
			const char *name = screen_name(a, &idle);
			fprintf(stderr, "%s:%d: no control '%s' on the %s screen%s\n", s->path, c->line,
			        c->arg, name, idle ? " (idle prompt)" : "");
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
			bool idle;
			const char *name = screen_name(a, &idle);
			fprintf(stderr, "%s:%d: expected screen '%s', showing '%s'%s\n", s->path, c->line,
			        c->arg, name, idle ? " (idle prompt)" : "");
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
	 * script sees what it would see on a disk that never keeps it waiting;
	 * admin mode's PIN checks, counts and exports likewise.
	 */
	settle(a);
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
	if (a->opt.list_text)
		ui_print_texts(a->frame, stdout);
	return status;
}
